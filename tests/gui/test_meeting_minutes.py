"""A meeting's Minutes tab: actions from the minutes recorded, changed, ticked done and
removed (with a question first and Edit > Undo after), the previous meeting's open actions
ticked off; bad input refused with nothing saved; keyboard and screen-reader access."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from lipanel_desktop.services.meeting_actions import ActionData, MeetingActionService
from lipanel_desktop.services.meetings import MeetingData, MeetingService
from lipanel_desktop.services.working_days import next_working_day
from lipanel_desktop.storage.store import Store
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.main_window import MainWindow
from tests.gui.panel_support import in_dialog, tab_walk, type_text, unnamed_controls
from tests.gui.referral_support import window  # noqa: F401  (fixture)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
UK = "%d/%m/%Y"


def past_working_day(days_ago: int) -> date:
    day = date.today() - timedelta(days=days_ago)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return next_working_day(day) if next_working_day(day) <= date.today() else day


def open_minutes(window: MainWindow, meeting_id: int) -> Any:  # noqa: F811
    window.navigate("calendar", meeting_id=meeting_id)
    view = window.page("calendar").meeting_view
    view.tabs.setCurrentWidget(view.minutes_tab)
    return view.minutes_tab


def test_record_change_tick_remove_and_undo(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    day = past_working_day(14)
    meeting = MeetingService(store).schedule(MeetingData("lip", day, time(10), time(12))).meeting
    tab = open_minutes(window, meeting.id)
    due = (day + timedelta(days=30)).strftime(UK)

    def record(dialog: Any) -> None:
        type_text(qtbot, dialog.description, "Send the fictional chronology template to Housing.")
        type_text(qtbot, dialog.owner, "Fictional Unit Officer")
        type_text(qtbot, dialog.due, due)

    in_dialog(qtbot, tab.add, record)
    [row] = tab.actions.rows
    assert (row.description, row.owner, row.due_date.strftime(UK), row.done) == (
        "Send the fictional chronology template to Housing.", "Fictional Unit Officer", due, False)
    shown = tab.actions.index(0, 3).data()
    assert shown.startswith("Open")  # status in words

    # Bad input: the dialog says what is wrong and nothing is saved.
    refused = in_dialog(qtbot, tab.add, lambda d: type_text(qtbot, d.due, "31/02/2026"))
    assert "Give the action" in refused.problems.text() or "Due by" in refused.problems.text()
    refused = in_dialog(qtbot, tab.add, lambda d: (type_text(qtbot, d.description, "x"),
                                                  type_text(qtbot, d.due, (day - timedelta(days=3)).strftime(UK))))
    assert "Give the person responsible" in refused.problems.text() and "before the meeting" in refused.problems.text()
    assert len(tab.actions.rows) == 1

    # Change it by opening the row with Enter.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    tab.actions_view.setFocus()
    tab.actions_view.selectRow(0)

    def change(dialog: Any) -> None:
        type_text(qtbot, dialog.owner, "Fictional Business Manager")

    in_dialog(qtbot, lambda: qtbot.keyClick(tab.actions_view, Qt.Key.Key_Return), change)
    assert tab.actions.rows[0].owner == "Fictional Business Manager"

    # Tick it done, then Edit > Undo the tick.
    tab.actions_view.selectRow(0)
    qtbot.mouseClick(tab.done_button, Qt.MouseButton.LeftButton)
    assert tab.actions.rows[0].done and tab.actions.index(0, 3).data() == "Done"
    undo = window.actions.by_key["undo"]
    undo.trigger()
    assert tab.actions.rows[0].done is False

    # Remove asks first; "No" keeps it; "Yes" removes it; Edit > Undo puts it back; Redo removes it again.
    tab.actions_view.selectRow(0)
    msgbox.set_next_answer(msgbox.Answer.NO)
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert "Remove the action?" == msgbox.shown[-1][0] and len(tab.actions.rows) == 1
    msgbox.set_next_answer(msgbox.Answer.YES)
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert tab.actions.rows == []
    undo.trigger()
    assert [r.owner for r in tab.actions.rows] == ["Fictional Business Manager"]
    window.actions.by_key["redo"].trigger()
    assert MeetingActionService(store).for_meeting(meeting.id) == []


def test_previous_meetings_open_actions_are_shown_and_ticked_off(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    meetings, actions = MeetingService(store), MeetingActionService(store)
    first = meetings.schedule(MeetingData("lip", past_working_day(60), time(10))).meeting
    second = meetings.schedule(MeetingData("lip", past_working_day(3), time(10))).meeting
    open_one = actions.add(first.id, ActionData("Fictional open action", "Fictional Officer"))
    done_one = actions.add(first.id, ActionData("Fictional done action", "Fictional Officer"))
    actions.set_done(done_one.id, True)
    tab = open_minutes(window, second.id)
    assert first.reference in tab.previous_heading.text()
    assert [a.id for a in tab.previous_model.rows] == [open_one.id]
    tab.previous_view.selectRow(0)
    qtbot.mouseClick(tab.previous_done_button, Qt.MouseButton.LeftButton)
    assert tab.previous_model.rows == [] and "Every action from that meeting is done." in tab.previous_empty.text()
    assert actions.for_meeting(first.id)[0].done is True
    window.actions.by_key["undo"].trigger()
    assert [a.id for a in tab.previous_model.rows] == [open_one.id]
    # The first meeting has no earlier one.
    tab = open_minutes(window, first.id)
    assert "no earlier meeting" in tab.previous_empty.text() and not tab.previous_view.isVisible()


def test_a_future_meeting_takes_no_actions_yet(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    future = MeetingService(store).schedule(MeetingData("lip", next_working_day(date.today() + timedelta(days=20)))).meeting
    tab = open_minutes(window, future.id)
    assert not tab.add_button.isEnabled() and "from the day of the meeting" in tab.add_button.toolTip()


def test_minutes_tab_by_keyboard_with_names(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    meeting = MeetingService(store).schedule(MeetingData("lip", past_working_day(7), time(10))).meeting
    tab = open_minutes(window, meeting.id)
    assert unnamed_controls(tab) == []
    walk = tab_walk(qtbot, tab.minutes, tab)
    order = [w for w in walk if w in (tab.minutes, tab.save_button, tab.add_button, tab.change_button, tab.done_button,
                                      tab.remove_button, tab.actions_view)]
    assert order == [tab.minutes, tab.save_button, tab.add_button, tab.change_button, tab.done_button,
                     tab.remove_button, tab.actions_view]
    view = window.page("calendar").meeting_view
    assert unnamed_controls(view) == []
