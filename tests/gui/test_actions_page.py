"""The Actions page driven as a user would: filters, grouping, sorting, the detail with
its chain of learning, new actions and progress through dialogs, the monthly bulk update
(all or nothing, and undoable), sign-off by role, and the agency view."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from sqlalchemy import select

from lipanel_desktop.models.action import Action, ActionUpdate
from lipanel_desktop.services.accounts import AccountService
from lipanel_desktop.storage.store import Store
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.main_window import MainWindow
from lipanel_desktop.views.pages.actions import ActionsPage
from lipanel_desktop.views.tablemodels.actions import REFERENCE, STATUS
from tests.gui.actions_support import TODAY, answer_dialog, choose, planned, type_text, window  # noqa: F401
from tests.gui.referral_support import close_quietly, open_window, unlock
from tests.unit.test_action_fixtures import PASSWORD, Plan

#: The offscreen platform says so whenever a dialog is shown; it is not our warning.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def actions_page(window: MainWindow) -> ActionsPage:  # noqa: F811
    window.navigate("actions")
    page = window.host.current_page()
    assert isinstance(page, ActionsPage)
    return page


def shown_refs(page: ActionsPage) -> list[str]:
    model = page.tracker.model
    return [model.tracker_row(r).reference for r in range(model.rowCount()) if model.tracker_row(r) is not None]


def statuses(store: Store) -> dict[str, str]:
    with store.read_session() as s:
        return dict(s.execute(select(Action.reference, Action.recorded_status)).all())


def test_tracker_lists_every_action_with_status_words_icons_and_counts(window: MainWindow) -> None:  # noqa: F811
    page = actions_page(window)
    assert len(shown_refs(page)) == 7
    model = page.tracker.model
    row = model.row_of(next(r.id for r in page.tracker.data.rows if r.reference == "ACT-2026-0001"))
    assert model.index(row, STATUS).data() == "Overdue"
    assert model.index(row, STATUS).data(Qt.ItemDataRole.DecorationRole) is not None
    buttons = page.tracker.summary.buttons
    assert buttons["overdue"].text() == "Overdue: 1" and buttons["closed"].text() == "Closed: 1"
    assert page.tracker.shown_label.text() == "Showing 7 of 7 actions"


def test_filters_by_agency_status_review_officer_window_and_words(qtbot: Any, window: MainWindow, planned: Plan) -> None:  # noqa: F811
    page = actions_page(window)
    filters = page.tracker.filters
    choose(qtbot, filters.agency, "Health")
    assert shown_refs(page) == ["ACT-2026-0005", "ACT-2026-0003", "ACT-2026-0004"]
    choose(qtbot, filters.status, "Open (not complete or closed)")
    assert shown_refs(page) == ["ACT-2026-0003", "ACT-2026-0004"]
    assert page.tracker.shown_label.text() == "Showing 2 of 7 actions"
    qtbot.mouseClick(filters.clear_button, Qt.MouseButton.LeftButton)
    assert len(shown_refs(page)) == 7
    qtbot.mouseClick(page.tracker.summary.buttons["at_risk"], Qt.MouseButton.LeftButton)
    assert shown_refs(page) == ["ACT-2026-0002"]
    filters.reset()
    choose(qtbot, filters.review, "MALR-2025-02")
    assert shown_refs(page) == ["ACT-2026-0006", "ACT-2026-0007"]
    filters.reset()
    choose(qtbot, filters.officer, "Nurse Example")
    assert shown_refs(page) == ["ACT-2026-0003", "ACT-2026-0004"]
    filters.reset()
    choose(qtbot, filters.due, "Due date passed")
    assert shown_refs(page) == ["ACT-2026-0006", "ACT-2026-0001", "ACT-2026-0005"]
    filters.reset()
    type_text(qtbot, filters.search, "act-2026-0004")
    qtbot.waitUntil(lambda: shown_refs(page) == ["ACT-2026-0004"], timeout=2000)


def test_a_bad_date_in_the_between_window_is_named_not_crashed(qtbot: Any, window: MainWindow) -> None:  # noqa: F811
    page = actions_page(window)
    filters = page.tracker.filters
    choose(qtbot, filters.due, "Due between two dates")
    assert filters.due_from.isVisible()
    type_text(qtbot, filters.due_from.line, "31/02/2026")
    assert "not a real date" in filters.date_problem.text()
    assert len(shown_refs(page)) == 7


def test_grouping_puts_a_heading_over_each_agency(qtbot: Any, window: MainWindow) -> None:  # noqa: F811
    page = actions_page(window)
    choose(qtbot, page.tracker.filters.group, "Group by agency")
    model = page.tracker.model
    headings = [model.index(r, 0).data() for r in model.group_rows_at()]
    assert headings == [
        "Education: 2 actions (1 not started, 1 closed)",
        "Health: 3 actions (1 not started, 1 on track, 1 complete)",
        "Police: 2 actions (1 at risk, 1 overdue)",
    ]
    first = model.group_rows_at()[0]
    assert page.tracker.table.columnSpan(first, 0) == model.columnCount()
    assert not model.flags(model.index(first, 0)) & Qt.ItemFlag.ItemIsSelectable


def test_sorting_by_clicking_a_heading(qtbot: Any, window: MainWindow) -> None:  # noqa: F811
    page = actions_page(window)
    header = page.tracker.table.horizontalHeader()
    x = header.sectionViewportPosition(REFERENCE) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    refs = shown_refs(page)
    assert refs == sorted(refs) or refs == sorted(refs, reverse=True)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert shown_refs(page) == list(reversed(refs))


def test_detail_shows_the_chain_from_finding_to_dissemination(window: MainWindow, planned: Plan) -> None:  # noqa: F811
    page = actions_page(window)
    tracker = page.tracker
    assert tracker.select(next(r.id for r in tracker.data.rows if r.reference == "ACT-2026-0003"))
    text = tracker.detail.browser.toPlainText()
    for expected in (
        "Information about the family was not shared",  # finding
        "Agree a shared information protocol.",  # recommendation
        "Fictional audit of twenty case files.",  # evidence
        "Fictional GP practices (25 people)",  # dissemination
        "MALR-2025-01",
    ):
        assert expected in text
    emitted: list[int] = []
    tracker.detail.review_link.connect(emitted.append)
    tracker.detail.browser.anchorClicked.emit(QUrl(f"review:{planned.review_id}"))
    assert emitted == [planned.review_id]


def test_new_action_refuses_bad_input_then_adds_a_good_one(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    page = actions_page(window)
    before = statuses(store)

    def leave_empty(dialog: Any) -> None:
        choose(qtbot, dialog.source, dialog.source.itemText(1))

    _, problems = answer_dialog(qtbot, page.tracker.new_action, leave_empty)
    assert "description of the action" in problems.lower() and "due date" in problems.lower()
    assert statuses(store) == before

    def fill(dialog: Any) -> None:
        choose(qtbot, dialog.source, next(dialog.source.itemText(i) for i in range(dialog.source.count()) if "recommendation 1: Agree" in dialog.source.itemText(i)))
        dialog.description.setFocus()
        qtbot.keyClicks(dialog.description, "Publish the fictional protocol on the partnership website.")
        choose(qtbot, dialog.agency, "Police")
        type_text(qtbot, dialog.officer, "Sergeant Example")
        type_text(qtbot, dialog.due.line, (TODAY.replace(year=TODAY.year + 1)).strftime("%d/%m/%Y"))

    dialog, problems = answer_dialog(qtbot, page.tracker.new_action, fill)
    assert problems == ""
    made = dialog.result_value
    assert made.reference.startswith("ACT-") and made.lead_officer_name == "Sergeant Example"
    assert made.reference in statuses(store)
    assert page.tracker.detail.detail.id == made.id
    assert made.reference in shown_refs(page)


def test_progress_update_refuses_hostile_text_and_records_a_good_note(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    page = actions_page(window)
    tracker = page.tracker
    tracker.select(next(r.id for r in tracker.data.rows if r.reference == "ACT-2026-0004"))

    def hostile(dialog: Any) -> None:
        dialog.note.setPlainText("Bad\x00note")
        type_text(qtbot, dialog.on.line, "not a date")

    _, problems = answer_dialog(qtbot, lambda: qtbot.mouseClick(tracker.detail.progress_button, Qt.MouseButton.LeftButton), hostile)
    assert "is not a date" in problems
    with store.read_session() as s:
        assert s.scalar(select(ActionUpdate.id).where(ActionUpdate.text.like("%Bad%"))) is None

    def good(dialog: Any) -> None:
        choose(qtbot, dialog.status, "On track")
        dialog.note.setFocus()
        qtbot.keyClicks(dialog.note, "Fictional working group met.")

    _, problems = answer_dialog(qtbot, lambda: qtbot.mouseClick(tracker.detail.progress_button, Qt.MouseButton.LeftButton), good)
    assert problems == ""
    assert statuses(store)["ACT-2026-0004"] == "on_track"
    assert "Fictional working group met." in tracker.detail.browser.toPlainText()


def test_bulk_update_changes_all_chosen_and_undo_puts_them_back(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    page = actions_page(window)
    tracker = page.tracker
    choose(qtbot, tracker.filters.agency, "Health")
    choose(qtbot, tracker.filters.status, "Open (not complete or closed)")
    qtbot.mouseClick(tracker.choose_all, Qt.MouseButton.LeftButton)
    assert tracker.chosen_label.text() == "2 chosen"
    before = statuses(store)

    def fill(dialog: Any) -> None:
        choose(qtbot, dialog.status, "On track")
        dialog.note.setFocus()
        qtbot.keyClicks(dialog.note, "Reviewed at the fictional monitoring meeting.")

    msgbox.set_next_answer(msgbox.Answer.OK)
    _, problems = answer_dialog(qtbot, lambda: qtbot.mouseClick(tracker.bulk_button, Qt.MouseButton.LeftButton), fill)
    assert problems == ""
    after = statuses(store)
    assert after["ACT-2026-0003"] == after["ACT-2026-0004"] == "on_track"
    assert {k: v for k, v in after.items() if k not in ("ACT-2026-0003", "ACT-2026-0004")} == {
        k: v for k, v in before.items() if k not in ("ACT-2026-0003", "ACT-2026-0004")
    }
    assert page.undo_stack().canUndo()
    page.undo_stack().undo()
    assert statuses(store) == before
    with store.read_session() as s:
        assert s.scalar(select(ActionUpdate.id).where(ActionUpdate.text.like("%monitoring meeting%"))) is None


def test_bulk_update_is_refused_whole_when_one_action_cannot_be_completed(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    page = actions_page(window)
    tracker = page.tracker
    choose(qtbot, tracker.filters.agency, "Health")
    choose(qtbot, tracker.filters.status, "Open (not complete or closed)")
    qtbot.mouseClick(tracker.choose_all, Qt.MouseButton.LeftButton)
    before = statuses(store)

    def fill(dialog: Any) -> None:
        choose(qtbot, dialog.status, "Complete")
        dialog.note.setFocus()
        qtbot.keyClicks(dialog.note, "All done, says the fictional meeting.")

    _, problems = answer_dialog(qtbot, lambda: qtbot.mouseClick(tracker.bulk_button, Qt.MouseButton.LeftButton), fill)
    assert "ACT-2026-0004" in problems and "evidence" in problems
    assert statuses(store) == before


def test_agency_view_shows_only_what_that_agency_owes(qtbot: Any, window: MainWindow) -> None:  # noqa: F811
    page = actions_page(window)
    qtbot.keyClick(page.tabs.tabBar(), Qt.Key.Key_Right)
    view = page.agency_view
    assert page.tabs.currentWidget() is view
    choose(qtbot, view.agency, "Education")
    text = view.browser.toPlainText()
    assert "Action plan for Education" in text and "ACT-2026-0007" in text
    assert "ACT-2026-0006" not in text  # closed
    assert "ACT-2026-0001" not in text  # Police's
    qtbot.mouseClick(view.include_closed, Qt.MouseButton.LeftButton)
    assert "ACT-2026-0006" in view.browser.toPlainText()
    assert view.plan is not None and view.plan.agency_name == "Education"


def test_sign_off_is_offered_to_the_chair_and_closes_the_action(qtbot: Any, store: Store, db_path: Any, planned: Plan) -> None:  # noqa: F811
    AccountService(store).add("chair-example", "chair", PASSWORD)
    msgbox.reset()
    w = open_window(qtbot, db_path, user="chair-example", password=PASSWORD)
    try:
        page = actions_page(w)
        tracker = page.tracker
        tracker.select(next(r.id for r in tracker.data.rows if r.reference == "ACT-2026-0005"))
        assert tracker.detail.sign_off_button.isVisible()
        msgbox.set_next_answer(msgbox.Answer.YES)
        qtbot.mouseClick(tracker.detail.sign_off_button, Qt.MouseButton.LeftButton)
        assert statuses(store)["ACT-2026-0005"] == "closed"
        assert tracker.detail.withdraw_button.isVisible() and not tracker.detail.sign_off_button.isVisible()
    finally:
        close_quietly(w)


@pytest.mark.parametrize(("role", "can_edit"), [("panel-member", True), ("read-only", False)])
def test_panel_members_cannot_sign_off_and_read_only_users_change_nothing(
    qtbot: Any, store: Store, db_path: Any, planned: Plan, role: str, can_edit: bool  # noqa: F811
) -> None:
    AccountService(store).add("someone-example", role, PASSWORD)
    msgbox.reset()
    w = open_window(qtbot, db_path, user="someone-example", password=PASSWORD)
    try:
        page = actions_page(w)
        tracker = page.tracker
        tracker.select(next(r.id for r in tracker.data.rows if r.reference == "ACT-2026-0005"))
        assert not tracker.detail.sign_off_button.isVisible()
        assert tracker.new_button.isVisible() is can_edit
        assert tracker.detail.progress_button.isVisible() is can_edit
        if not can_edit:
            msgbox.set_next_answer(msgbox.Answer.OK)
            page.new_item()
            assert msgbox.shown[-1][1].startswith("Your role allows you to read actions")
    finally:
        close_quietly(w)


def test_state_keeps_filter_choices_but_no_record_words(qtbot: Any, window: MainWindow) -> None:  # noqa: F811
    page = actions_page(window)
    choose(qtbot, page.tracker.filters.status, "Needs attention (overdue or at risk)")
    choose(qtbot, page.tracker.filters.officer, "Inspector Example")
    type_text(qtbot, page.tracker.filters.search, "fictional")
    state = page.state()
    assert "Inspector" not in repr(state) and "fictional" not in repr(state)
    window.lock()
    unlock(qtbot, window)
    again = actions_page(window)
    assert again.tracker.filters.status.currentData() == "attention"


def test_tab_goes_from_the_filters_through_the_counts_to_the_table_and_the_action(qtbot: Any, window: MainWindow) -> None:  # noqa: F811
    page = actions_page(window)
    tracker = page.tracker
    tracker.filters.clear_button.setFocus()
    seen = []
    for _ in range(12):
        qtbot.keyClick(window.focusWidget() or tracker, Qt.Key.Key_Tab)
        seen.append(window.focusWidget())
        if seen[-1] is tracker.table:
            break
    assert seen[0] is tracker.summary.buttons["not_started"]
    assert tracker.new_button in seen and seen[-1] is tracker.table
    assert seen.index(tracker.new_button) < seen.index(tracker.table)
    tracker.select(tracker.data.rows[0].id)
    qtbot.keyClick(tracker.table, Qt.Key.Key_Return)
    assert window.focusWidget() in tracker.detail.buttons


def test_every_control_has_an_accessible_name_or_a_visible_label(window: MainWindow) -> None:  # noqa: F811
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit

    page = actions_page(window)
    labelled = {label.buddy() for label in page.findChildren(QLabel) if label.buddy() is not None}
    for widget in page.findChildren(QComboBox) + page.findChildren(QLineEdit):
        if widget.isVisibleTo(page):
            assert widget.accessibleName() or widget in labelled, widget
    for button in page.findChildren(QAbstractButton):
        if button.isVisibleTo(page):
            assert button.text() or button.accessibleName(), button
