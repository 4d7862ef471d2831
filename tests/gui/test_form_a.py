"""Form A in the real main window: filled in by keyboard and mouse as a person would,
saved, reopened, and read back from the encrypted database; every rule with bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from lipanel_desktop.models.referral import Referral
from lipanel_desktop.services.referral_data import ReferralInput
from lipanel_desktop.services.referrals import ReferralService
from lipanel_desktop.storage.store import Store
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.main_window import MainWindow
from tests.gui.referral_support import focused, type_into, window  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("window")


def editor_of(window: MainWindow) -> Any:
    return window.page("referrals").editor


def start_new(qtbot: Any, window: MainWindow) -> Any:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = editor_of(window)
    assert editor.isVisible() and editor.detail is None
    return editor


def referral_count(store: Store) -> int:
    with store.read_session() as s:
        return s.scalar(select(func.count()).select_from(Referral))


def pick(qtbot: Any, editor: Any, key: str, code: str) -> None:
    """Click on the option's words, as a person does (a wide radio button only takes
    clicks on its circle and text)."""
    button = editor.fields[key].buttons[code]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def paste(qtbot: Any, widget: Any, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def add_household_row(qtbot: Any, editor: Any, cells: tuple[str, str, str, str]) -> None:
    household = editor.fields["household"]
    qtbot.mouseClick(household.add_button, Qt.MouseButton.LeftButton)
    row = household.table.rowCount() - 1
    for column, text in enumerate(cells):
        if column:  # "Add a person" opens the first cell for typing; the others by F2
            household.table.setCurrentCell(row, column)
            household.table.setFocus()
            qtbot.keyClick(household.table, Qt.Key.Key_F2)
        qtbot.keyClicks(focused(), text)
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
        QApplication.processEvents()  # the cell editor closes on the next turn of the loop


def fill_whole_form(qtbot: Any, editor: Any) -> None:
    f = editor.fields
    type_into(qtbot, f["child_full_name"].line, "Test Child Gamma")
    type_into(qtbot, f["child_also_known_as"].line, "Gammy")
    type_into(qtbot, f["child_dob"].focus_widget, "03/04/2019")
    type_into(qtbot, f["incident_date"].focus_widget, "01/06/2025")
    type_into(qtbot, f["incident_time"].line, "14:30")
    qtbot.mouseClick(f["child_address"].edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(f["child_address"].edit, "1 Fictional Road")
    type_into(qtbot, f["child_current_location"].line, "Example Ward")
    type_into(qtbot, f["referral_date"].focus_widget, "02/06/2025")
    type_into(qtbot, f["referrer_name"].line, "Fictional Referrer")
    pick(qtbot, editor, "ofsted_notified", "not_known")
    agency = f["agency_id"].combo
    agency.setFocus()
    agency.setCurrentIndex(agency.findText("Police"))
    agency.activated.emit(agency.currentIndex())
    type_into(qtbot, f["agency_telephone"].line, "0161 474 1234")
    type_into(qtbot, f["agency_email"].line, "referrer@example.org")
    pick(qtbot, editor, "sex", "female")
    pick(qtbot, editor, "ethnic_group", "other_specify")
    type_into(qtbot, f["ethnic_other"].line, "Fictional heritage")
    pick(qtbot, editor, "immigration_status", "refugee")
    add_household_row(qtbot, editor, ("Parent Example", "01/02/1990", "Mother", "1 Fictional Road"))
    add_household_row(qtbot, editor, ("Sibling Example", "05/06/2015", "Brother", "1 Fictional Road"))
    pick(qtbot, editor, "incident_type", "critical_incident")
    qtbot.mouseClick(f["summary"].edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(f["summary"].edit, "A fictional account of a fictional event.")
    pick(qtbot, editor, "case_kind", "near_miss")
    qtbot.mouseClick(f["expected_learning"].edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(f["expected_learning"].edit, "Sharing information between fictional agencies.")
    pick(qtbot, editor, "scr_criteria", "not_sure")
    pick(qtbot, editor, "on_child_protection_plan", "no")
    qtbot.mouseClick(f["whereabouts_at_incident"].edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(f["whereabouts_at_incident"].edit, "At home")
    qtbot.mouseClick(f["carer_at_incident"].edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(f["carer_at_incident"].edit, "A fictional aunt")
    agencies = f["agencies_involved"].table
    agencies.item(1, 0).setCheckState(Qt.CheckState.Checked)  # as a click on the tick box does
    agencies.item(2, 0).setCheckState(Qt.CheckState.Checked)
    agencies.item(2, 1).setCheckState(Qt.CheckState.Unchecked)


def test_fill_a_whole_form_save_reopen_and_read_back(qtbot: Any, window: MainWindow, store: Store) -> None:
    editor = start_new(qtbot, window)
    fill_whole_form(qtbot, editor)
    assert editor.fields["agency_telephone"].value() == "0161 474 1234"
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.detail is not None, editor.message.text()
    reference = editor.detail.reference
    assert reference == f"LIP-{date.today().year}-0001"
    assert not editor.has_unsaved_changes()

    qtbot.mouseClick(editor.back_button, Qt.MouseButton.LeftButton)
    register = window.page("referrals").register
    assert register.isVisible()
    assert register.model.rowCount() == 1
    register.table.setFocus()
    register.table.selectRow(0)
    qtbot.keyClick(register.table, Qt.Key.Key_Return)
    assert editor.isVisible() and editor.detail.reference == reference

    stored = ReferralService(store).get(editor.detail.id)
    form = stored.form
    assert (form.child_full_name, form.child_also_known_as, form.child_dob) == ("Test Child Gamma", "Gammy", "03/04/2019")
    assert (form.incident_date, form.incident_time) == ("01/06/2025", "14:30")
    assert form.agency_name == "Police" and form.agency_telephone == "0161 474 1234"
    assert (form.sex, form.ethnic_group, form.ethnic_other) == ("female", "other_specify", "Fictional heritage")
    assert form.immigration_status == "refugee" and form.ofsted_notified == "not_known"
    assert [(h.full_name, h.dob, h.relationship) for h in form.household] == [
        ("Parent Example", "01/02/1990", "Mother"), ("Sibling Example", "05/06/2015", "Brother")]
    assert form.incident_type == "critical_incident" and form.case_kind == "near_miss"
    assert form.expected_learning.startswith("Sharing") and form.scr_criteria == "not_sure"
    assert form.on_child_protection_plan == "no" and form.carer_at_incident == "A fictional aunt"
    agencies = ReferralService(store).agencies()
    assert [(a.agency_id, a.still_involved) for a in form.agencies_involved] == [(agencies[1].id, True), (agencies[2].id, False)]
    # The age as at the incident (6), worked out and not typed; today's age in the note.
    assert editor.fields["age_years"].line.text() == "6" and editor.fields["age_years"].line.isReadOnly()
    assert "at the date of death / critical incident (01/06/2025)" in editor.widgets.age_note.text()
    assert form.age_years == ""

    # Submitting a complete referral needs only the confirmation.
    msgbox.set_next_answer(msgbox.Answer.YES)
    qtbot.mouseClick(editor.submit_button, Qt.MouseButton.LeftButton)
    assert editor.detail.status == "submitted"
    assert "Status: Submitted" in editor.status.text()


def test_submission_is_blocked_and_lists_what_is_missing(qtbot: Any, window: MainWindow, store: Store) -> None:
    editor = start_new(qtbot, window)
    type_into(qtbot, editor.fields["child_full_name"].line, "Test Child Delta")
    qtbot.mouseClick(editor.submit_button, Qt.MouseButton.LeftButton)
    assert editor.detail is not None and editor.detail.status == "draft"  # saved as a draft, not submitted
    text = editor.message.text()
    for words in ("Significant learning expected", "Summary of Event", "Sex", "Ethnic group", "Type of Incident"):
        assert words in text
    assert editor.fields["expected_learning"].error.isVisible()
    assert ReferralService(store).get(editor.detail.id).status == "draft"
    # Filling a missing field clears its message as the user goes.
    pick(qtbot, editor, "sex", "male")
    editor.validate()
    assert not editor.fields["sex"].error.isVisible()
    assert "Sex" not in editor.message.text().replace("Sexual", "")


@pytest.mark.parametrize(
    "key, typed, words",
    [
        ("child_dob", "31/02/2020", "not a real date"),
        ("child_dob", "01/01/2099", "future"),
        ("incident_date", "99/99/9999", "not a real date"),
        ("referral_date", "yesterday", "dd/mm/yyyy"),
        ("agency_telephone", "123", "UK telephone"),
        ("agency_email", "nobody-at-example", "email"),
        ("incident_time", "25:61", "not a real time"),
    ],
)
def test_each_wrong_value_is_shown_beside_its_field_and_nothing_is_saved(
    qtbot: Any, window: MainWindow, store: Store, key: str, typed: str, words: str
) -> None:
    editor = start_new(qtbot, window)
    type_into(qtbot, editor.fields["child_full_name"].line, "Test Child Epsilon")
    if key == "incident_time":
        type_into(qtbot, editor.fields["incident_date"].focus_widget, "01/01/2025")
    type_into(qtbot, editor.fields[key].focus_widget, typed)
    qtbot.waitUntil(lambda: editor.fields[key].error.isVisible(), timeout=3000)
    assert words in editor.fields[key].error.text()
    before = referral_count(store)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert referral_count(store) == before
    assert editor.detail is None
    assert "Not saved yet" in editor.message.text()


def test_incident_before_birth_is_refused(qtbot: Any, window: MainWindow, store: Store) -> None:
    editor = start_new(qtbot, window)
    type_into(qtbot, editor.fields["child_dob"].focus_widget, "03/04/2019")
    type_into(qtbot, editor.fields["incident_date"].focus_widget, "02/04/2019")
    assert not editor.save()
    assert "before the date of birth" in editor.fields["incident_date"].error.text()
    assert referral_count(store) == 0


@pytest.mark.parametrize(
    "name",
    ["Siân Llewelyn-Ffransis", "Zofia Wójcik-Łukasiewicz", "Saoirse Ní Bhriain", "ليلى الحسيني", "Test 🌟 Child"],
)
def test_names_in_any_script_are_stored_exactly(qtbot: Any, window: MainWindow, store: Store, name: str) -> None:
    editor = start_new(qtbot, window)
    paste(qtbot, editor.fields["child_full_name"].line, name)
    assert editor.save()
    assert ReferralService(store).get(editor.detail.id).form.child_full_name == name
    register = window.page("referrals").register
    qtbot.mouseClick(editor.back_button, Qt.MouseButton.LeftButton)
    assert register.model.data(register.model.index(0, 1)) == name


def test_pasted_control_characters_are_refused_and_nothing_saved(qtbot: Any, window: MainWindow, store: Store) -> None:
    editor = start_new(qtbot, window)
    paste(qtbot, editor.fields["summary"].edit, "Fictional text with a bell \x07 and an escape \x1b[31m")
    assert not editor.save()
    assert "control characters" in editor.fields["summary"].error.text()
    assert referral_count(store) == 0


def test_a_ten_thousand_character_summary_is_kept_whole(qtbot: Any, window: MainWindow, store: Store) -> None:
    editor = start_new(qtbot, window)
    summary = ("A long fictional narrative line. " * 400)[:10_000].strip()
    paste(qtbot, editor.fields["summary"].edit, summary)
    assert editor.widgets.summary_count.text().startswith(f"{len(summary):,}")
    assert editor.save()
    assert ReferralService(store).get(editor.detail.id).form.summary == summary


def test_household_rows_added_removed_and_reordered(qtbot: Any, window: MainWindow, store: Store) -> None:
    editor = start_new(qtbot, window)
    for name in ("First Member", "Second Member", "Third Member"):
        add_household_row(qtbot, editor, (name, "", "Relative", ""))
    household = editor.fields["household"]
    household.table.setCurrentCell(1, 0)
    qtbot.mouseClick(household.remove_button, Qt.MouseButton.LeftButton)
    household.table.setCurrentCell(1, 0)
    qtbot.mouseClick(household.up_button, Qt.MouseButton.LeftButton)
    assert [row.full_name for row in household.value()] == ["Third Member", "First Member"]
    assert editor.save()
    stored = ReferralService(store).get(editor.detail.id).form.household
    assert [row.full_name for row in stored] == ["Third Member", "First Member"]
    # A wrong date of birth in a row is named by its row.
    household.table.setCurrentCell(0, 1)
    household.table.setFocus()
    qtbot.keyClick(household.table, Qt.Key.Key_F2)
    qtbot.keyClicks(focused(), "31/02/1990")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    QApplication.processEvents()
    assert not editor.save()
    assert "not a real date" in household.error.text()


def test_undo_and_redo_with_the_keyboard(qtbot: Any, window: MainWindow) -> None:
    editor = start_new(qtbot, window)
    name = editor.fields["child_full_name"].line
    type_into(qtbot, name, "Typed Name")
    pick(qtbot, editor, "sex", "male")
    name.setFocus()
    qtbot.keyClick(name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.fields["sex"].value() == ""
    qtbot.keyClick(focused(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert name.text() == ""
    qtbot.keyClick(focused(), Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert name.text() == "Typed Name"
    assert window.actions["undo"].isEnabled()


def test_closing_with_unsaved_changes_asks(qtbot: Any, window: MainWindow, store: Store) -> None:
    editor = start_new(qtbot, window)
    type_into(qtbot, editor.fields["child_full_name"].line, "Unsaved Person")
    msgbox.set_next_answer(msgbox.Answer.CANCEL)
    qtbot.mouseClick(editor.back_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible() and msgbox.shown[-1][0] == "Unsaved changes"
    msgbox.set_next_answer(msgbox.Answer.YES)
    qtbot.mouseClick(editor.back_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    assert referral_count(store) == 1


def test_drafts_save_themselves_and_are_offered_back(qtbot: Any, window: MainWindow, store: Store) -> None:
    editor = start_new(qtbot, window)
    type_into(qtbot, editor.fields["child_full_name"].line, "Draft Person")
    drafts = window.ctx.workspace.drafts
    qtbot.waitUntil(lambda: drafts.load("referral", "new") is not None, timeout=4000)
    assert ReferralInput.from_json(drafts.load("referral", "new").payload).child_full_name == "Draft Person"
    # Leaving without saving ("No") throws the draft away; a restored draft comes back on "Yes".
    editor.save_draft()
    editor.is_open = False  # as if the program had stopped here
    editor.clear()
    msgbox.set_next_answer(msgbox.Answer.YES)
    window.page("referrals").new_item()
    assert editor.fields["child_full_name"].value() == "Draft Person"
    assert "restored" in editor.message.text()
    msgbox.set_next_answer(msgbox.Answer.NO)
    qtbot.mouseClick(editor.back_button, Qt.MouseButton.LeftButton)
    assert drafts.load("referral", "new") is None
    assert referral_count(store) == 0


def test_withdraw_needs_a_reason_then_reopen(qtbot: Any, window: MainWindow, store: Store) -> None:
    editor = start_new(qtbot, window)
    type_into(qtbot, editor.fields["child_full_name"].line, "Withdrawn Person")
    assert editor.save()
    qtbot.mouseClick(editor.withdraw_button, Qt.MouseButton.LeftButton)
    assert editor.withdraw_panel.isVisible()
    qtbot.mouseClick(editor.confirm_withdraw, Qt.MouseButton.LeftButton)
    assert "reason" in editor.withdraw_error.text().lower()
    assert ReferralService(store).get(editor.detail.id).status == "draft"
    qtbot.keyClicks(editor.withdraw_reason, "Referred in error (fictional).")
    qtbot.mouseClick(editor.confirm_withdraw, Qt.MouseButton.LeftButton)
    assert editor.detail.status == "withdrawn"
    assert editor.fields["child_full_name"].line.isReadOnly()
    assert not editor.save_button.isEnabled()
    qtbot.mouseClick(editor.reopen_button, Qt.MouseButton.LeftButton)
    assert editor.detail.status == "draft"
    assert not editor.fields["child_full_name"].line.isReadOnly()


def test_print_hands_the_stored_referral_to_the_documents_options(qtbot: Any, window: MainWindow) -> None:
    editor = start_new(qtbot, window)
    type_into(qtbot, editor.fields["child_full_name"].line, "Printed Person")
    msgbox.set_next_answer(msgbox.Answer.OK)
    assert not editor.print_referral()  # a new referral is printed as stored: save first
    assert "Save the referral first" in msgbox.shown[-1][1]
    assert editor.save()
    from lipanel_desktop.views import print_document

    print_document.set_next_choice(None)  # the options dialog, cancelled
    assert editor.print_referral()
    assert not print_document._next_choices  # the documents' options were asked for


def test_tab_order_follows_the_form_and_every_field_is_named(qtbot: Any, window: MainWindow) -> None:
    editor = start_new(qtbot, window)
    for key, field in editor.fields.items():
        assert field.focus_widget.accessibleName(), key
        assert field.label.text() or key in ("household",), key
    first = editor.fields["child_full_name"].line
    first.setFocus()
    order = []
    widget = first
    for _ in range(4):
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or not widget.isVisible():
            widget = widget.nextInFocusChain()
        order.append(widget)
    assert order[0] is editor.fields["child_also_known_as"].line
    assert order[1] is editor.fields["child_dob"].focus_widget
    assert order[2] is editor.fields["incident_date"].focus_widget
    assert order[3] is editor.fields["incident_time"].line


def test_read_only_role_sees_the_form_but_cannot_change_it(qtbot: Any, store: Store, db_path: Path) -> None:
    from lipanel_desktop.services.accounts import AccountService
    from tests.gui.referral_support import close_quietly, open_window

    detail = ReferralService(store).create(ReferralInput(child_full_name="Visible Person"))
    AccountService(store).add("reader", "read-only", "Viewer-Fictional-Pass-1")
    other = open_window(qtbot, db_path, user="reader", password="Viewer-Fictional-Pass-1")
    try:
        page = other.page("referrals")
        assert not page.register.new_button.isEnabled()
        page.open_referral(detail.id)
        assert page.editor.fields["child_full_name"].line.isReadOnly()
        assert not page.editor.save_button.isEnabled()
        assert "read only for your role" in page.editor.status.text()
    finally:
        close_quietly(other)
    QApplication.processEvents()


@pytest.mark.qt_log_ignore("propagateSizeHints", "grabbing the", "does not support raise")
def test_the_calendar_popup_fills_a_date_by_keyboard(qtbot: Any, window: MainWindow) -> None:
    from PySide6.QtCore import QDate, QTimer

    from lipanel_desktop.views.widgets.date_field import CalendarPopup

    editor = start_new(qtbot, window)
    line = editor.fields["child_dob"].focus_widget
    line.setFocus()

    def choose() -> None:
        popup = QApplication.activePopupWidget() or QApplication.activeModalWidget()
        assert isinstance(popup, CalendarPopup)
        popup.calendar.setSelectedDate(QDate(2019, 4, 3))
        qtbot.keyClick(popup.calendar.focusWidget() or popup.calendar, Qt.Key.Key_Return)

    QTimer.singleShot(100, choose)
    qtbot.keyClick(line, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert line.text() == "03/04/2019"
    assert "worked out from the date of birth" in editor.widgets.age_note.text()
    assert editor.undo.canUndo()


def test_going_to_another_section_keeps_the_typing_as_a_draft(qtbot: Any, window: MainWindow) -> None:
    editor = start_new(qtbot, window)
    type_into(qtbot, editor.fields["child_full_name"].line, "Left Behind")
    others = [s for s in window.host.sections if s.key != "referrals"]
    if not others:
        pytest.skip("no other section is installed")
    window.navigate(others[0].key)
    draft = window.ctx.workspace.drafts.load("referral", "new")
    assert draft is not None and ReferralInput.from_json(draft.payload).child_full_name == "Left Behind"
    window.navigate("referrals")
    assert editor.fields["child_full_name"].value() == "Left Behind"


def test_age_is_typed_only_without_a_date_of_birth_and_otherwise_shown_as_at_the_incident(
    qtbot: Any, window: MainWindow, store: Store
) -> None:
    editor = start_new(qtbot, window)
    age = editor.fields["age_years"]
    type_into(qtbot, age.line, "19")
    qtbot.waitUntil(lambda: age.error.isVisible(), timeout=3000)
    assert "from 0 to 18" in age.error.text()
    type_into(qtbot, age.line, "7")
    assert not age.line.isReadOnly()
    type_into(qtbot, editor.fields["child_dob"].focus_widget, "10/10/2015")
    assert age.line.isReadOnly() and age.value() == ""
    assert age.line.text() == str(date.today().year - 2015 - ((date.today().month, date.today().day) < (10, 10)))
    assert "Age today" in editor.widgets.age_note.text()
    type_into(qtbot, editor.fields["incident_date"].focus_widget, "09/10/2020")
    assert age.line.text() == "4"  # the day before the fifth birthday
    assert age.line.property("workedOut") is True  # styled as a value shown, not a box to type in
    assert "(09/10/2020)" in editor.widgets.age_note.text()
    type_into(qtbot, editor.fields["incident_date"].focus_widget, "31/02/2020")  # not a date: today's age again
    assert "Age today" in editor.widgets.age_note.text()
    type_into(qtbot, editor.fields["child_dob"].focus_widget, "")
    assert age.line.text() == "7" and not age.line.isReadOnly()  # what was typed comes back
    type_into(qtbot, editor.fields["incident_date"].focus_widget, "")
    assert editor.save()
    assert ReferralService(store).get(editor.detail.id).form.age_years == "7"
    type_into(qtbot, editor.fields["child_dob"].focus_widget, "10/10/2015")
    assert editor.save()
    stored = ReferralService(store).get(editor.detail.id).form
    assert (stored.child_dob, stored.age_years) == ("10/10/2015", "")  # worked out, never stored twice
    assert not editor.has_unsaved_changes()


def test_the_panels_conclusion_is_shown_read_only_with_the_papers_rows(
    qtbot: Any, window: MainWindow, store: Store
) -> None:
    from datetime import date as day

    from lipanel_desktop.services.decisions import DecisionData, DecisionService
    from tests.panel_factories import agency_id, make_referral

    referral_id = make_referral(store, 7)
    page = window.page("referrals")
    page.open_referral(referral_id)
    editor = page.editor
    values = editor.widgets.conclusion_values
    assert "Not yet considered by the panel" in editor.widgets.conclusion.text()
    assert all(label.text() == "—" for label in values.values())
    editor.close_editor()
    DecisionService(store).record(DecisionData(
        referral_id=referral_id, decision="malr", decision_date=day(2026, 2, 10),
        reasons="Fictional reasons.", issues_for_review="Fictional issues.", terms_of_reference_scope="Fictional scope.",
        period_from=day(2025, 1, 1), period_to=day(2025, 12, 31),
        chronology_agency_ids=(agency_id(store, "Police"), agency_id(store, "Health")),
        chair_of_review="Fictional Chair", first_meeting_date=day(2026, 3, 17), second_meeting_date=day(2026, 4, 21),
    ), today=day(2026, 2, 20))
    page.open_referral(referral_id)
    shown = {key: label.text() for key, label in values.items()}
    assert shown == {
        "date": "10/02/2026", "decision": "Multi-Agency Learning Review", "reasons": "Fictional reasons.",
        "issues": "Fictional issues.", "scope": "Fictional scope.", "period": "01/01/2025 to 31/12/2025",
        "chronologies": "Police, Health", "chair": "Fictional Chair", "first_meeting": "17/03/2026",
        "second_meeting": "21/04/2026",
    }
    assert "Recorded by the panel" in editor.widgets.conclusion.text()
    last = len(editor.widgets.sections) - 1
    editor.index.setCurrentRow(last)  # the last section cannot scroll to the top: still the one chosen
    assert editor.index.currentRow() == last and editor.current_section() == last
    assert editor.fields["child_full_name"].line.isReadOnly()  # decided: Form A is the panel's now
    editor.clear()  # as on a lock: nothing of the record is left on screen
    assert all(label.text() == "—" for label in values.values())


@pytest.mark.parametrize("reason, words", [
    ("   ", "reason"),
    ("Pasted \x1b[31m control text", "control characters"),
    ("x" * 2_001, "2,000"),
])
def test_a_missing_or_hostile_withdrawal_reason_is_refused_and_nothing_changes(
    qtbot: Any, window: MainWindow, store: Store, reason: str, words: str
) -> None:
    editor = start_new(qtbot, window)
    type_into(qtbot, editor.fields["child_full_name"].line, "Staying Person")
    assert editor.save()
    qtbot.mouseClick(editor.withdraw_button, Qt.MouseButton.LeftButton)
    editor.withdraw_reason.setPlainText(reason)
    qtbot.mouseClick(editor.confirm_withdraw, Qt.MouseButton.LeftButton)
    assert editor.withdraw_error.isVisible() and words in editor.withdraw_error.text()
    stored = ReferralService(store).get(editor.detail.id)
    assert (stored.status, stored.withdrawn_reason) == ("draft", "")
    qtbot.mouseClick(editor.cancel_withdraw, Qt.MouseButton.LeftButton)
    assert not editor.withdraw_panel.isVisible()
