"""The Chronology page on a real encrypted database, driven by keys and clicks: the
combined table, filters, groups, go-to-date, entries added, changed, deleted and undone,
imports (all or nothing, valid rows only, replacing), templates, the timeline tab, a
read-only user, and the lock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QLineEdit

from lipanel_desktop.services.chronology.entries import ChronologyService
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.tablemodels.chronology import AGENCY, DATE, EVENT, NOTES, SEEN_BY, SIGNIFICANCE
from tests.gui.chronology_support import in_dialog, page_on, seed_chronology, type_text
from tests.panel_factories import store_as
from tests.unit.chronology_fixtures import CHILD, counts, row, write_xlsx

#: The offscreen platform says this whenever a dialog opens; it is not a fault.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def _answers() -> Any:
    msgbox.reset()
    yield
    msgbox.reset()


@pytest.fixture
def review(store):
    return seed_chronology(store)


@pytest.fixture
def page(qtbot, store, review):
    return page_on(qtbot, store)


def column(page, col: int) -> list[str]:
    model = page.combined.model
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_the_combined_chronology_with_groups_and_conflicts(qtbot, page) -> None:
    assert page.review.currentText() == "MALR-2026-0001 · Multi-Agency Learning Review · 7 entries"
    assert "7 entries from 4 agencies" in page.summary.text()
    assert "1 event seen by several agencies · 1 date conflict" in page.summary.text()
    assert column(page, DATE)[:3] == ["c. 2018", "10/01/2019", "February 2019"]
    row = column(page, SEEN_BY).index("▸ 3 agencies")
    assert page.combined.model.index(row, NOTES).data() == "Dates differ between agencies"
    table = page.combined.table
    table.setFocus()
    table.setCurrentIndex(page.combined.model.index(row, EVENT))
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert column(page, SEEN_BY)[row:row + 3] == ["▾ 3 agencies", "↳ same event", "↳ same event"]
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert column(page, SEEN_BY)[row + 1] == ""


def test_filters_search_and_go_to_date(qtbot, page) -> None:
    combined = page.combined
    combined.agency.setFocus()
    while combined.agency.currentText() != "Education":
        qtbot.keyClick(combined.agency, Qt.Key.Key_Down)
    assert set(column(page, AGENCY)) == {"Education"}
    assert combined.count.text() == "Showing 2 of 7 entries. Clear the filters to see them all."
    combined.reset_filters()
    type_text(qtbot, combined.search, "exclusion mother")
    qtbot.waitUntil(lambda: column(page, EVENT) == ["Exclusion meeting with mother"], timeout=3000)
    combined.reset_filters()
    type_text(qtbot, combined.jump, "01/04/2019")
    qtbot.keyClick(combined.jump, Qt.Key.Key_Return)
    assert combined.model.entry_at(combined.table.currentIndex().row()).date_display == "03/04/2019"
    msgbox.set_next_answer(msgbox.Answer.OK)
    type_text(qtbot, combined.jump, "31/02/2019")
    qtbot.keyClick(combined.jump, Qt.Key.Key_Return)
    assert msgbox.shown[-1] == ("Not a date", "February 2019 has only 28 days, so day 31 does not exist.")


def test_add_change_delete_and_undo(qtbot, page, store, review) -> None:
    def add(dialog) -> None:
        type_text(qtbot, dialog.date, "12/12/2019 09:15")
        assert dialog.read_as.text().startswith("Read as: 12/12/2019 09:15 (exact date); child aged 3 years 10 months")
        type_text(qtbot, dialog.source, "GP record 7")
        dialog.event.setFocus()
        qtbot.keyClicks(dialog.event, "Seen by GP; bruise on arm explained")
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)

    in_dialog(qtbot, page.add_button.click, add)
    assert counts(store)[0] == 8
    assert "Seen by GP; bruise on arm explained" in column(page, EVENT)

    row = column(page, EVENT).index("Seen by GP; bruise on arm explained")
    page.combined.table.setCurrentIndex(page.combined.model.index(row, EVENT))

    def change(dialog) -> None:
        type_text(qtbot, dialog.author, "Dr Fictional")
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)

    page.combined.table.setFocus()
    in_dialog(qtbot, lambda: qtbot.keyClick(page.combined.table, Qt.Key.Key_Return), change)
    _, rows = ChronologyService(store).entries(review.id)
    assert [r.author for r in rows if r.source == "GP record 7"] == ["Dr Fictional"]

    msgbox.set_next_answer(msgbox.Answer.YES)
    page.delete_button.click()
    assert counts(store)[0] == 7
    page.undo.undo()  # Edit > Undo: the deletion
    assert counts(store)[0] == 8
    page.undo.undo()  # the change of author
    _, rows = ChronologyService(store).entries(review.id)
    assert [r.author for r in rows if r.source == "GP record 7"] == [""]
    page.undo.undo()  # the new entry
    assert counts(store)[0] == 7
    page.undo.redo()
    assert counts(store)[0] == 8


def test_a_bad_entry_shows_its_problems_and_writes_nothing(qtbot, page, store) -> None:
    def bad(dialog) -> None:
        type_text(qtbot, dialog.date, "04/13/2019")
        assert "looks like a US date" in dialog.read_as.text()
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
        assert dialog.isVisible()
        assert "US date" in dialog.problems["date"].text() and dialog.problems["date"].isVisible()
        assert dialog.problems["source"].isVisible() and dialog.problems["event"].isVisible()

    before = counts(store)
    in_dialog(qtbot, page.add_button.click, bad)
    assert counts(store) == before


def _edit_cell(qtbot, page, entry_id: int, col: int) -> QLineEdit | QComboBox:
    """F2 on an entry's cell, as a person would: the editor that opens."""
    table = page.combined.table
    table.setFocus()
    table.setCurrentIndex(page.combined.model.index(page.combined.model.row_of_entry(entry_id), col))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    return _open_editor(qtbot, page)


def _open_editor(qtbot, page) -> QLineEdit | QComboBox:
    """The cell editor the table has open (found as a child: focus is unreliable offscreen)."""
    table = page.combined.table
    qtbot.waitUntil(lambda: table.state() == QAbstractItemView.State.EditingState, timeout=3000)
    editors = [w for kind in (QLineEdit, QComboBox) for w in table.viewport().findChildren(kind)
               if w.isVisible() and w.parent() is table.viewport()]
    assert len(editors) == 1, editors
    return editors[0]


def _stored(store, review, entry_id: int):
    return next(r for r in ChronologyService(store).entries(review.id)[1] if r.id == entry_id)


def test_the_table_checks_an_edit_as_an_import_would_and_flags_dates_outside_the_period(
        qtbot, page, store, review) -> None:
    entry = next(r for r in page.rows if r.event == "Routine development check")
    before = counts(store)
    editor = _edit_cell(qtbot, page, entry.id, DATE)
    assert editor.text() == "February 2019" and editor.accessibleName() == "Date"
    msgbox.set_next_answer(msgbox.Answer.OK)
    type_text(qtbot, editor, "04/13/2019")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the table commits once the key is handled
    qtbot.waitUntil(lambda: len(msgbox.shown) == 1, timeout=3000)
    title, text = msgbox.shown[-1]
    assert title == "Not changed" and "looks like a US date (month first)" in text and "13/04/2019" in text
    assert counts(store) == before and _stored(store, review, entry.id).date_display == "February 2019"
    # the cell opens again with what was typed, to be corrected rather than typed again
    again = _open_editor(qtbot, page)
    assert isinstance(again, QLineEdit) and again.text() == "04/13/2019"
    type_text(qtbot, again, "15/06/2018")  # before the period under review: kept, and flagged
    qtbot.keyClick(again, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _stored(store, review, entry.id).date_display == "15/06/2018", timeout=3000)
    assert len(msgbox.shown) == 1 and counts(store) == before
    qtbot.waitUntil(lambda: page.combined.model.row_of_entry(entry.id) is not None, timeout=3000)
    row = page.combined.model.row_of_entry(entry.id)
    assert page.combined.model.index(row, NOTES).data() == "Outside the period under review"
    assert "2 outside the period" in page.summary.text()  # with the c. 2018 entry
    page.undo.undo()
    assert _stored(store, review, entry.id).date_display == "February 2019"


def test_significance_is_chosen_from_its_list_in_the_table(qtbot, page, store, review) -> None:
    entry = next(r for r in page.rows if r.event == "Routine development check")
    combo = _edit_cell(qtbot, page, entry.id, SIGNIFICANCE)
    assert isinstance(combo, QComboBox) and combo.currentText() == "Low"
    assert [combo.itemText(i) for i in range(combo.count())] == ["High", "Medium", "Low", "Context only"]
    qtbot.keyClick(combo, Qt.Key.Key_Up)
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _stored(store, review, entry.id).significance == "medium", timeout=3000)
    table = page.combined.table
    assert table.state() != QAbstractItemView.State.EditingState and msgbox.shown == []


def test_an_emptied_required_cell_is_refused_and_nothing_changes(qtbot, page, store, review) -> None:
    entry = next(r for r in page.rows if r.event == "Routine development check")
    editor = _edit_cell(qtbot, page, entry.id, EVENT)
    msgbox.set_next_answer(msgbox.Answer.OK)
    type_text(qtbot, editor, "   ")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(msgbox.shown) == 1, timeout=3000)
    assert msgbox.shown[-1] == ("Not changed", "Please correct: Describe the event.")
    assert _stored(store, review, entry.id).event == "Routine development check"
    qtbot.keyClick(_open_editor(qtbot, page), Qt.Key.Key_Escape)  # gives up: the entry stays as it was
    qtbot.waitUntil(lambda: page.combined.table.state() != QAbstractItemView.State.EditingState, timeout=3000)
    assert _stored(store, review, entry.id).event == "Routine development check"


def test_import_all_or_nothing_then_valid_rows_only(qtbot, page, store, review, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "police.xlsx", [row("05/05/2019", "Neighbour complaint"),
                                                  row("31/04/2019", "Bad date", source="", significance="Urgent"),
                                                  row("06/05/2019", "Patrol visit")])
    before = counts(store)

    def act(dialog) -> None:
        while dialog.agency.currentText() != "Police":
            dialog.agency.setCurrentIndex(dialog.agency.currentIndex() + 1)
        msgbox.set_next_file(str(path))
        dialog.choose.click()
        dialog.check.click()
        qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
        assert "2 entries can be imported; 1 row has problems" in dialog.summary.text()
        assert not dialog.import_all.isEnabled() and dialog.table.isVisible()
        assert dialog.problems.index(0, 3).data() == "April 2019 has only 30 days, so day 31 does not exist."
        assert dialog.detail.text() == "Row 3, column A (Date): April 2019 has only 30 days, so day 31 does not exist."
        assert [dialog.problems.index(r, 1).data() for r in range(3)] == ["A", "E", "G"]  # by row, then column
        assert counts(store) == before
        msgbox.set_next_file(str(tmp_path / "rejected"))
        msgbox.set_next_answer(msgbox.Answer.OK)  # the "Imported" message
        dialog.import_valid.click()
        qtbot.waitUntil(lambda: dialog.result is not None, timeout=20_000)

    in_dialog(qtbot, page.import_button.click, act)
    assert counts(store) == (before[0] + 2, before[1] + 1)
    assert (tmp_path / "rejected.xlsx").exists()
    qtbot.waitUntil(lambda: "Patrol visit" in column(page, EVENT), timeout=5000)


def test_reimport_asks_before_replacing(qtbot, page, store, review, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "police.xlsx", [row("05/05/2019", "Neighbour complaint")])

    def run(answer: msgbox.Answer, messages: int) -> None:
        def act(dialog) -> None:
            while dialog.agency.currentText() != "Police":
                dialog.agency.setCurrentIndex(dialog.agency.currentIndex() + 1)
            msgbox.set_next_file(str(path))
            dialog.choose.click()
            dialog.check.click()
            qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
            msgbox.set_next_answer(answer)
            msgbox.set_next_answer(msgbox.Answer.OK)
            dialog.import_all.click()
            qtbot.waitUntil(lambda: len(msgbox.shown) >= messages, timeout=20_000)

        in_dialog(qtbot, page.import_button.click, act)

    run(msgbox.Answer.OK, 1)  # the first import asks nothing: OK answers "Imported"
    first = counts(store)
    msgbox.reset()
    run(msgbox.Answer.NO, 1)
    assert counts(store) == first
    assert msgbox.shown[0][0] == "Replace the earlier import?"
    msgbox.reset()
    run(msgbox.Answer.YES, 2)
    assert counts(store) == (first[0], first[1] + 1)
    assert "Edit > Undo (Ctrl+Z) takes the import out again." in msgbox.shown[-1][1]
    imports = sorted(i.id for i in ChronologyService(store).imports(review.id))
    page.undo.undo()  # the replacing import out, the one it replaced back
    after_undo = ChronologyService(store).entries(review.id)[1]
    assert len(after_undo) == first[0]
    assert {r.import_id for r in after_undo if r.import_id} == {imports[0]}
    assert "Neighbour complaint" in column(page, EVENT)
    page.undo.redo()
    assert counts(store) == (first[0], first[1] + 1)
    assert {r.import_id for r in ChronologyService(store).entries(review.id)[1] if r.import_id} == {imports[-1]}


def test_templates_for_the_involved_agencies(qtbot, page, store, review, tmp_path: Path) -> None:
    tmp_path = tmp_path / "templates"
    tmp_path.mkdir()

    def act(dialog) -> None:
        assert not dialog.include_name.isChecked()
        msgbox.set_next_file(str(tmp_path))
        msgbox.set_next_answer(msgbox.Answer.OK)
        dialog.save.click()

    in_dialog(qtbot, page.templates_button.click, act)
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(f"Chronology template MALR-2026-0001 {a}.xlsx"
                          for a in ("Children's Social Care", "Police", "Education", "Health"))
    assert all(CHILD.encode() not in p.read_bytes() for p in tmp_path.iterdir())


def test_the_timeline_tab(qtbot, page) -> None:
    page.tabs.setCurrentWidget(page.timeline_tab)
    timeline = page.timeline_tab.timeline
    assert timeline.data.lanes[:4] == ["Children's Social Care", "Police", "Education", "Health"]
    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key.Key_Home)
    assert page.timeline_tab.selected.text().startswith("Selected: c. 2018. Police.")
    opened = in_dialog(qtbot, lambda: qtbot.keyClick(timeline, Qt.Key.Key_Return), lambda dialog: None)
    assert opened.row.event == "Family known at a previous address"


def test_a_read_only_user_can_look_but_not_change(qtbot, store, review) -> None:
    reader = store_as(store, "read-only", "reader")
    page = page_on(qtbot, reader)
    assert len(column(page, EVENT)) >= 5
    assert not page.import_button.isEnabled() and not page.add_button.isEnabled()
    assert not page.combined.model.flags(page.combined.model.index(1, EVENT)) & Qt.ItemFlag.ItemIsEditable
    opened = in_dialog(qtbot, lambda: page.open_entry(page.combined.model.entry_at(1).id),
                       lambda dialog: None)
    assert opened.date.isReadOnly()
    reader.close()


def test_locking_forgets_everything(page) -> None:
    page.clear()
    assert page.combined.model.rowCount() == 0 and page.review.count() == 0
    assert len(page.timeline_tab.timeline.data) == 0 and page.summary.text() == ""
    page.refresh()
    assert page.combined.model.rowCount() > 0


def test_the_main_window_opens_the_chronology_section(qtbot, store, review, db_path: Path) -> None:
    from tests.gui.referral_support import close_quietly, open_window

    window = open_window(qtbot, db_path)
    try:
        window.navigate("chronology", review_id=review.id)
        page = window.page("chronology")
        assert page is not None and page.review_id() == review.id
        assert "7 entries from 4 agencies" in page.summary.text()
        assert window.current_section() == "chronology"
    finally:
        close_quietly(window)


def test_an_import_is_removed_from_the_imports_tab_and_undo_puts_it_back(qtbot, page, store, review,
                                                                         tmp_path: Path) -> None:
    from datetime import date

    from lipanel_desktop.services.chronology.importer import commit_import, preview_import

    path = write_xlsx(tmp_path / "police.xlsx", [row("05/05/2019", "Neighbour complaint"),
                                                  row("06/05/2019", "Patrol visit")])
    commit_import(store, preview_import(store, review.id, review.agencies["Police"], path, today=date(2026, 5, 1)))
    page.refresh()
    before = counts(store)
    tab = page.imports_tab
    page.tabs.setCurrentWidget(tab)
    assert not tab.remove.isEnabled()  # nothing chosen yet
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Down)
    assert tab.remove.isEnabled()
    assert tab.model.index(0, 7).data() == "2"
    msgbox.set_next_answer(msgbox.Answer.NO)
    qtbot.mouseClick(tab.remove, Qt.MouseButton.LeftButton)
    assert msgbox.shown[-1][0] == "Remove the import?" and "Remove the 2 entries that Police's import" in \
        msgbox.shown[-1][1]
    assert counts(store) == before
    msgbox.set_next_answer(msgbox.Answer.YES)
    qtbot.mouseClick(tab.remove, Qt.MouseButton.LeftButton)
    assert counts(store) == (before[0] - 2, before[1])
    assert "Patrol visit" not in column(page, EVENT)
    assert tab.model.index(0, 7).data() == "none (replaced or removed)"
    assert page.summary.text().startswith("Removed 2 entries from Police's import")
    page.undo.undo()
    assert counts(store) == before and "Patrol visit" in column(page, EVENT)
    page.undo.redo()
    assert counts(store) == (before[0] - 2, before[1])


def test_a_read_only_user_cannot_remove_an_import(qtbot, store, review, tmp_path: Path) -> None:
    from datetime import date

    from lipanel_desktop.services.chronology.importer import commit_import, preview_import

    path = write_xlsx(tmp_path / "police.xlsx", [row("05/05/2019", "Neighbour complaint")])
    commit_import(store, preview_import(store, review.id, review.agencies["Police"], path, today=date(2026, 5, 1)))
    reader = store_as(store, "read-only", "reader")
    page = page_on(qtbot, reader)
    page.imports_tab.table.setCurrentIndex(page.imports.index(0, 0))
    assert not page.imports_tab.remove.isEnabled()
    reader.close()


def test_every_shortcut_letter_on_screen_is_used_once(qtbot, page) -> None:
    """Alt+letter reaches one control only, on every tab, beside the menus (File, Edit,
    Go, View, Help)."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel

    menus = ["f", "e", "g", "v", "h"]
    for tab in (page.combined, page.timeline_tab, page.imports_tab):
        page.tabs.setCurrentWidget(tab)
        letters = list(menus) + [re.search(r"&(\w)", page.tabs.tabText(i)).group(1).lower()
                                 for i in range(page.tabs.count())]
        for widget in page.findChildren(QAbstractButton) + page.findChildren(QLabel):
            if not widget.isVisibleTo(page) or (isinstance(widget, QLabel) and widget.buddy() is None):
                continue
            found = re.search(r"&(\w)", widget.text().replace("&&", ""))
            if found:
                letters.append(found.group(1).lower())
        assert len(letters) == len(set(letters)), (tab, sorted(letters))


def test_a_click_on_the_timeline_opens_that_entry(qtbot, page) -> None:
    from PySide6.QtCore import QPoint

    page.tabs.setCurrentWidget(page.timeline_tab)
    timeline = page.timeline_tab.timeline
    timeline.grab()
    index = next(i for i, r in enumerate(timeline.data.rows) if r.event == "Exclusion meeting with mother")
    x, y = next((h[0], h[1]) for h in timeline.frame.hits if h[2] == index and h[3] == 1)
    opened = in_dialog(qtbot, lambda: qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(int(x), int(y))),
                       lambda dialog: None)
    assert opened.row.event == "Exclusion meeting with mother"
    assert page.timeline_tab.selected.text().startswith("Selected: 20/11/2019. Education.")


def test_the_timeline_is_saved_as_a_picture_and_that_is_audited(qtbot, page, store, review, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage
    from sqlalchemy import select

    from lipanel_desktop.models.audit import AuditEntry

    page.tabs.setCurrentWidget(page.timeline_tab)
    msgbox.set_next_file(str(tmp_path / "Timeline"))
    msgbox.set_next_answer(msgbox.Answer.OK)
    qtbot.mouseClick(page.timeline_tab.export, Qt.MouseButton.LeftButton)
    saved = tmp_path / "Timeline.png"
    assert msgbox.shown[-1] == ("Saved", f"The timeline was saved as {saved}.")
    picture = QImage(str(saved))
    assert picture.width() == page.timeline_tab.timeline.width() * 2
    with store.read_session() as s:
        exports = s.scalars(select(AuditEntry.fields).where(AuditEntry.action == "export")).all()
    assert '["timeline_png"]' in exports
    msgbox.reset()
    msgbox.set_next_file(str(tmp_path / "missing-folder" / "t.png"))
    msgbox.set_next_answer(msgbox.Answer.OK)
    qtbot.mouseClick(page.timeline_tab.export, Qt.MouseButton.LeftButton)
    assert msgbox.shown[-1][0] == "Picture not saved" and "Choose another folder" in msgbox.shown[-1][1]


def test_at_200_percent_labels_buttons_and_headings_stay_whole_and_the_views_keep_their_room(qtbot, page) -> None:
    """With the text doubled: every button and field label shows its words, the table's
    headings are whole, and the page scrolls down rather than squeezing the timeline."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

    app = QApplication.instance()
    original = QFont(app.font())
    big = QFont(original)
    big.setPointSizeF(original.pointSizeF() * 2)
    app.setFont(big)
    try:
        page.resize(1100, 620)  # a laptop's window at 200%: the page itself must scroll
        for tab in (page.combined, page.timeline_tab, page.imports_tab):
            page.tabs.setCurrentWidget(tab)
            qtbot.wait(50)
            cut = []
            for widget in tab.findChildren(QAbstractButton) + tab.findChildren(QLabel):
                if not widget.isVisible() or not widget.text() or (isinstance(widget, QLabel) and widget.wordWrap()):
                    continue
                if widget.width() < widget.fontMetrics().horizontalAdvance(widget.text().replace("&", "")):
                    cut.append(widget.text())
            assert cut == [], (page.tabs.tabText(page.tabs.currentIndex()), cut)
        header = page.combined.table.horizontalHeader()
        model = page.combined.model
        narrow = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount() - 1)
                  if header.sectionSize(c) < header.fontMetrics().horizontalAdvance(
                      model.headerData(c, Qt.Orientation.Horizontal))]
        assert narrow == []
        page.tabs.setCurrentWidget(page.timeline_tab)
        qtbot.wait(50)
        timeline = page.timeline_tab.timeline
        lay = timeline.plan()
        assert lay.lanes_bottom - lay.lanes_top >= 3 * lay.lane_height  # three lanes at least, not a sliver
    finally:
        app.setFont(original)
