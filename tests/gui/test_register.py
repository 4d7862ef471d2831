"""The referral register: its item model passes Qt's model tester; search as you type,
filters, sorting and keyboard use on real data."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from lipanel_desktop.services.referral_data import HouseholdInput, ReferralInput
from lipanel_desktop.services.referrals import ReferralService
from lipanel_desktop.storage.store import Store
from lipanel_desktop.views.main_window import MainWindow
from lipanel_desktop.views.tablemodels.referrals import ReferralTableModel
from tests.gui.referral_support import type_into, window  # noqa: F401

ROWS = [
    (1, "LIP-2026-0001", "Siân Llewelyn", date(2019, 4, 3), "Police", date(2026, 1, 5), "draft", None),
    (2, "LIP-2026-0002", "Zofia Wójcik", None, "Health", date(2026, 2, 5), "submitted", date(2026, 12, 1)),
    (3, "LIP-2026-0003", "", date(2015, 1, 1), "", None, "withdrawn", None),
]


def test_the_model_passes_qts_model_tester(qtmodeltester: Any) -> None:
    model = ReferralTableModel()
    model.set_rows(ROWS)
    qtmodeltester.check(model, force_py=True)
    model.sort(1, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model, force_py=True)


def test_the_model_shows_uk_dates_and_status_words() -> None:
    model = ReferralTableModel()
    model.set_rows(ROWS)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert model.data(model.index(0, 2)) == "03/04/2019"
    assert model.data(model.index(1, 5)) == "Submitted"
    assert model.data(model.index(1, 6)) == "01/12/2026"
    assert model.data(model.index(0, 6)) == ""
    assert model.data(model.index(0, 6), Qt.ItemDataRole.AccessibleTextRole) == "not set"


@pytest.mark.parametrize("column", range(7))
def test_every_column_sorts_with_blanks_last_when_ascending(column: int) -> None:
    model = ReferralTableModel()
    model.set_rows(ROWS)
    model.sort(column, Qt.SortOrder.AscendingOrder)
    shown = [model.data(model.index(r, column)) for r in range(3)]
    filled = [text for text in shown if text]
    assert shown[: len(filled)] == filled  # blanks after the values
    if column in (2, 4, 6):  # dates compare as dates, not as dd/mm/yyyy text
        keys = [tuple(reversed(text.split("/"))) for text in filled]
        assert keys == sorted(keys)
    elif column != 5:  # status follows the lifecycle, not the alphabet
        assert filled == sorted(filled, key=str.casefold)
    model.sort(column, Qt.SortOrder.DescendingOrder)
    assert [model.data(model.index(r, column)) for r in range(3)] != shown or len(set(shown)) < 3


def test_names_sort_by_their_letters_whatever_the_alphabet_with_blanks_last() -> None:
    names = ["zofia Wójcik", "Łucja Fikcyjna", "Aoife Ní Shamplach", "", "Ábel Példa", "Siân Llewelyn",
             "aled Example", "Layla 🌟 Fictional", "سارة مثال", "Siân llewelyn"]
    rows = [(i + 1, f"LIP-2026-{i + 1:04d}", name, None, "", None, "draft", None) for i, name in enumerate(names)]
    model = ReferralTableModel()
    model.set_rows(rows)
    model.sort(1, Qt.SortOrder.AscendingOrder)
    shown = [model.data(model.index(r, 1)) for r in range(len(names))]
    filled = sorted((n for n in names if n), key=str.casefold)
    assert shown == [*filled, ""]  # case ignored, letters in Unicode order, the blank last
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert [model.data(model.index(r, 1)) for r in range(len(names))] == ["", *reversed(filled)]


def make(store: Store, **fields: Any) -> int:
    return ReferralService(store).create(ReferralInput(**fields)).id


@pytest.fixture
def filled(store: Store) -> dict[str, int]:
    return {
        "sian": make(store, child_full_name="Siân Llewelyn", agency_name="Police", referral_date="05/01/2026"),
        "zofia": make(store, child_full_name="Zofia Wójcik", child_also_known_as="Zosia", agency_name="Health",
                      referral_date="05/02/2026"),
        "house": make(store, child_full_name="Test Person", household=[HouseholdInput("Bartholomew Example")],
                      summary="A fictional bicycle incident.", referral_date="05/03/2026"),
    }


def register_of(window: MainWindow) -> Any:
    register = window.page("referrals").register
    register.reload()
    return register


def shown_ids(register: Any) -> set[int]:
    return {register.model.referral_id(r) for r in range(register.model.rowCount())}


def test_search_as_you_type_finds_names_aliases_household_and_summary(
    qtbot: Any, store: Store, filled: dict[str, int], window: MainWindow
) -> None:
    register = register_of(window)
    assert register.count.text() == "3 referrals"
    for typed, expected in (("sian", {"sian"}), ("zos", {"zofia"}), ("barth", {"house"}), ("bicyc", {"house"}),
                            ("wojcik zofia", {"zofia"}), ("nobody-like-this", set())):
        register.search.clear()
        qtbot.keyClicks(register.search, typed)
        assert shown_ids(register) == {filled[k] for k in expected}, typed
    assert "Showing 0 of 3" in register.count.text()
    assert register.empty.isVisible() and "No referrals match" in register.empty.text()
    register.search.clear()
    qtbot.keyClicks(register.search, "0002")  # a reference number works too
    assert shown_ids(register) == {filled["zofia"]}


@pytest.mark.parametrize("hostile", ['"', "NEAR(", "*", "a OR b", "'; DROP TABLE referrals; --", "\x00", "🙂" * 50, "x" * 300])
def test_hostile_search_text_never_breaks_the_search(qtbot: Any, store: Store, filled: dict[str, int], window: MainWindow,
                                                     hostile: str) -> None:
    register = register_of(window)
    register.search.setText(hostile)
    assert register.model.rowCount() <= 3
    if not any(ch.isalnum() for ch in hostile):  # nothing searchable typed: nothing hidden
        assert register.model.rowCount() == 3
    assert not register.filter_error.isVisible()
    register.search.clear()
    assert register.model.rowCount() == 3


def test_filters_by_status_agency_and_dates(qtbot: Any, store: Store, filled: dict[str, int], window: MainWindow) -> None:
    ReferralService(store).withdraw(filled["house"], "Fictional reason.")
    register = register_of(window)
    register.status_filter.setCurrentIndex(register.status_filter.findData("withdrawn"))
    assert shown_ids(register) == {filled["house"]}
    register.status_filter.setCurrentIndex(0)
    register.agency_filter.setCurrentIndex(register.agency_filter.findData("Police"))
    assert shown_ids(register) == {filled["sian"]}
    register.agency_filter.setCurrentIndex(0)
    type_into(qtbot, register.date_from.line, "01/02/2026")
    assert shown_ids(register) == {filled["zofia"], filled["house"]}
    type_into(qtbot, register.date_to.line, "28/02/2026")
    assert shown_ids(register) == {filled["zofia"]}
    type_into(qtbot, register.date_to.line, "31/02/2026")
    assert register.filter_error.isVisible() and "not a real date" in register.filter_error.text()
    type_into(qtbot, register.date_to.line, "31/01/2026")  # before "from": said, not an empty list
    assert register.filter_error.isVisible() and "is after" in register.filter_error.text()
    assert shown_ids(register) == {filled["zofia"]}  # the last good filter still shows
    qtbot.mouseClick(register.clear_filters, Qt.MouseButton.LeftButton)
    assert shown_ids(register) == set(filled.values())
    assert not register.filter_error.isVisible()


def test_sort_by_clicking_a_heading_and_open_with_enter(qtbot: Any, store: Store, filled: dict[str, int],
                                                        window: MainWindow) -> None:
    register = register_of(window)
    register.select(filled["zofia"])
    header = register.table.horizontalHeader()
    x = header.sectionViewportPosition(1) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    names = [register.model.data(register.model.index(r, 1)) for r in range(3)]
    assert names in (sorted(names, key=str.casefold), sorted(names, key=str.casefold, reverse=True))
    assert register.selected_id() == filled["zofia"]  # the selection follows the referral, not the row
    assert register.table.selectionModel().selectedRows()[0].row() == register.model.row_of(filled["zofia"])
    register.table.selectionModel().clear()  # nothing chosen: Down from the search box starts at the top
    register.search.setFocus()
    qtbot.keyClick(register.search, Qt.Key.Key_Down)
    assert register.table.hasFocus() and register.table.currentIndex().row() == 0
    first = register.model.referral_id(0)
    qtbot.keyClick(register.table, Qt.Key.Key_Return)
    editor = window.page("referrals").editor
    assert editor.isVisible() and editor.detail.id == first


def test_filters_survive_a_lock_but_the_search_text_does_not(qtbot: Any, store: Store, filled: dict[str, int],
                                                             window: MainWindow) -> None:
    from tests.gui.referral_support import unlock

    register = register_of(window)
    register.status_filter.setCurrentIndex(register.status_filter.findData("draft"))
    register.search.setText("Siân")
    window.lock()
    unlock(qtbot, window)
    register = window.page("referrals").register
    assert register.status_filter.currentData() == "draft"
    assert register.search.text() == ""


def test_new_referral_button_and_empty_register_message(qtbot: Any, window: MainWindow) -> None:
    register = register_of(window)
    assert register.empty.isVisible() and "Ctrl+N" in register.empty.text()
    qtbot.mouseClick(register.new_button, Qt.MouseButton.LeftButton)
    assert window.page("referrals").editor.isVisible()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_print_from_the_register_previews_the_selected_form_a(qtbot: Any, store: Store, filled: dict[str, int],
                                                             window: MainWindow) -> None:
    from sqlalchemy import select

    from lipanel_desktop.models.audit import AuditEntry
    from lipanel_desktop.views import msgbox
    from lipanel_desktop.views import print_document as pd
    from lipanel_desktop.views.print_options import DocumentChoice
    from lipanel_desktop.vocabulary.documents import DocumentKind, RedactionProfile

    register = register_of(window)
    register.table.clearSelection()
    register.table.setCurrentIndex(register.model.index(-1, -1))
    msgbox.set_next_answer(msgbox.Answer.OK)
    qtbot.mouseClick(register.print_button, Qt.MouseButton.LeftButton)
    assert "Select a referral" in msgbox.shown[-1][1]  # nothing selected: said, nothing built

    register.select(filled["zofia"])
    pd.set_next_choice(DocumentChoice(DocumentKind.FORM_A, RedactionProfile.PANEL, (), None))
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    session = register._document_session
    try:
        qtbot.waitUntil(lambda: session.preview is not None, timeout=60_000)
        assert session.preview.page_count >= 1
        assert register.isVisible()  # printed from the register, which stays shown
        with store.read_session() as s:
            previews = list(s.scalars(select(AuditEntry).where(AuditEntry.action == "preview")))
        assert [e.entity for e in previews] == ["document:form-a"]
    finally:
        if session.preview is not None:
            session.preview.close()
        window.ctx.ops.wait_for_background()
