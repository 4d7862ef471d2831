"""A meeting in the calendar: agenda built from waiting referrals, the chair rules told
to the user, attendance by agency with conflicts of interest, invited attendees."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from lipanel_desktop.services.meetings import MeetingData, MeetingService
from lipanel_desktop.services.working_days import next_working_day
from lipanel_desktop.storage.store import Store
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.main_window import MainWindow
from lipanel_desktop.views.pages.calendar import CalendarPage
from lipanel_desktop.views.tablemodels.panel_rows import Column, RowsModel
from tests.gui.panel_support import choose, click, in_dialog, type_text
from tests.gui.referral_support import window  # noqa: F401  (fixture)
from tests.panel_factories import make_referral

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def open_meeting(window: MainWindow, store: Store, day: date) -> CalendarPage:  # noqa: F811
    meeting = MeetingService(store).schedule(MeetingData("lip", day, time(10), time(12), "Fictional Room")).meeting
    window.navigate("calendar", meeting_id=meeting.id)
    page = window.page("calendar")
    assert page.stack.currentWidget() is page.meeting_view
    return page


def test_build_an_agenda_and_the_chair_changes(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    make_referral(store, 1, referral_date=date(2026, 1, 9))
    make_referral(store, 2, referral_date=date(2026, 1, 5), scr_likely=True, agencies=("Police",))
    page = open_meeting(window, store, next_working_day(date.today() + timedelta(days=14)))
    view = page.meeting_view
    msgbox.set_next_answer(msgbox.Answer.OK)
    qtbot.mouseClick(view.build_button, Qt.MouseButton.LeftButton)
    title, text = msgbox.shown[-1]
    assert title == "The chair has changed" and "SCR Consideration Panel" in text and "LIP-2026-0002" in text
    assert [r.referral_reference for r in view.agenda_model.rows] == ["LIP-2026-0002", "LIP-2026-0001"]
    assert "Service Director" in view.details.text() and "LIP-2026-0002" in view.chair_reason.text()
    # Clearing the flag gives the panel back to the Head of Safeguarding, and says so.
    view.agenda_view.selectRow(0)
    msgbox.set_next_answer(msgbox.Answer.OK)
    qtbot.mouseClick(view.flag_button, Qt.MouseButton.LeftButton)
    assert "Head of Safeguarding" in msgbox.shown[-1][1]
    assert view.agenda_model.rows[0].scr_criteria_likely is False
    # Move an item down; add another item by typing.
    view.agenda_view.selectRow(0)
    qtbot.mouseClick(view.down_button, Qt.MouseButton.LeftButton)
    assert [r.referral_reference for r in view.agenda_model.rows] == ["LIP-2026-0001", "LIP-2026-0002"]
    in_dialog(qtbot, click(qtbot, view.add_item_button), lambda d: type_text(qtbot, d.title, "Good practice examples"))
    assert view.agenda_model.rows[-1].title == "Good practice examples"
    refused = in_dialog(qtbot, click(qtbot, view.add_item_button), lambda d: type_text(qtbot, d.title, "   "))
    assert "Give the item's title" in refused.problems.text()
    assert len(view.agenda_model.rows) == 3


def test_attendance_conflicts_and_invitations(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    make_referral(store, 1, agencies=("Police",), referring_agency="Health")
    page = open_meeting(window, store, next_working_day(date.today() + timedelta(days=7)))
    view = page.meeting_view
    view.tabs.setCurrentIndex(0)
    in_dialog(qtbot, click(qtbot, view.add_referral_button), lambda d: None)
    qtbot.mouseClick(view.tabs.tabBar(), Qt.MouseButton.LeftButton, pos=view.tabs.tabBar().tabRect(1).center())
    assert view.tabs.currentIndex() == 1
    conflicts = {r.agency_name: r.conflict for r in view.attendance_model.rows}
    assert conflicts["Police"] == "Police is involved in LIP-2026-0001" and conflicts["Health"]
    assert "Conflicts of interest to declare" in view.conflicts.text()
    column = [c.heading for c in view.attendance_model.columns].index("Conflict of interest")
    police_row = [r.agency_name for r in view.attendance_model.rows].index("Police")
    shown = view.attendance_model.index(police_row, column).data()
    assert shown == "Conflict: Police is involved in LIP-2026-0001"
    # Apologies can be sent before the day; present cannot.
    view.attendance_view.selectRow(police_row)
    qtbot.mouseClick(next(b for b in view.schedule_buttons if b.text() == "A&pologies"), Qt.MouseButton.LeftButton)
    assert view.attendance_model.rows[police_row].status == "apologies"
    msgbox.set_next_answer(msgbox.Answer.OK)
    view.attendance_view.selectRow(0)
    qtbot.mouseClick(next(b for b in view.schedule_buttons if b.text() == "Pr&esent"), Qt.MouseButton.LeftButton)
    assert "on or after" in msgbox.shown[-1][1]

    def invite(dialog: Any) -> None:
        type_text(qtbot, dialog.name, "Fictional Housing Officer")
        choose(dialog.reason, "specialist_advice")
        choose(dialog.agency, "Housing")

    in_dialog(qtbot, click(qtbot, view.invite_button), invite)
    invited = view.attendance_model.rows[-1]
    assert (invited.person_name, invited.reason_label, invited.agency_name) == (
        "Fictional Housing Officer", "Specialist advice", "Housing")
    refused = in_dialog(qtbot, click(qtbot, view.invite_button), lambda d: choose(d.reason, "other"))
    assert "Give the attendee's name" in refused.problems.text() and "Say why" in refused.problems.text()


def test_a_read_only_user_sees_the_meeting_but_cannot_change_it(qtbot: Any, store: Store, db_path: Any) -> None:
    from tests.gui.referral_support import close_quietly, open_window
    from tests.panel_factories import PASSWORD, store_as

    store_as(store, "read-only", "reader").close()
    meeting = MeetingService(store).schedule(MeetingData("lip", next_working_day(date.today() + timedelta(days=3)))).meeting
    window = open_window(qtbot, db_path, user="reader", password=PASSWORD)  # noqa: F811
    try:
        window.navigate("calendar", meeting_id=meeting.id)
        page = window.page("calendar")
        assert not page.new_button.isVisible() and not page.schedule_button.isVisible()
        view = page.meeting_view
        assert not any(b.isVisible() for b in view.schedule_buttons)
        assert not view.decide_button.isVisible() and view.minutes.isReadOnly()
    finally:
        close_quietly(window)


def test_the_rows_model_passes_the_model_tester(qapp: Any, qtmodeltester: Any) -> None:
    model: RowsModel = RowsModel([Column("Name", lambda r: r[0]), Column("Number", lambda r: str(r[1]), lambda r: r[1]),
                                  Column("Status", lambda r: r[2], rag=lambda r: r[2])])
    model.set_rows([("b", 2, "red"), ("a", 10, "green"), ("c", None, "")])
    qtmodeltester.check(model)
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert [r[0] for r in model.rows] == ["b", "a", "c"]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [r[0] for r in model.rows] == ["c", "b", "a"]
    assert model.data(model.index(0, 2), Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(model.index(9, 0)) is None
