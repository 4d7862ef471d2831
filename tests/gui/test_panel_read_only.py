"""A read-only user goes through every panel and review screen, presses the keys and
clicks what is there, and nothing in the database changes: the screens offer no way to
change anything, and the keys that would (Enter on a day or on an agenda item, the
calendar's Ctrl+N) change nothing."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QPlainTextEdit, QTableView, QTextEdit, QToolButton

from lipanel_desktop.services.meeting_agenda import AgendaService
from lipanel_desktop.services.meetings import MeetingData, MeetingService
from lipanel_desktop.services.working_days import next_working_day
from lipanel_desktop.storage.store import Store
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.main_window import MainWindow
from tests.gui.referral_support import close_quietly, open_window
from tests.panel_factories import PASSWORD, fingerprint, make_referral, store_as
from tests.review_factories import open_review

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

#: Buttons that only look or move about (never change a record).
LOOKING = {"Back to the calendar", "Back to the dashboard", "Open", "Open referral", "Open the referral",
           "Open in the calendar", "Today", "Print / Preview / Export PDF…", "Print…"}


def words(button: QAbstractButton) -> str:
    return button.text().replace("&", "")


def changing_controls(root: Any) -> list[str]:
    """Visible, enabled buttons that are not for looking, and text fields that take typing."""
    found = []
    for widget in root.findChildren(QAbstractButton):
        if (widget.isVisibleTo(root) and widget.isEnabled() and widget.text() and words(widget) not in LOOKING
                and not isinstance(widget, QToolButton)):  # the month view's arrows, a date field's calendar
            found.append(words(widget))
    for field in root.findChildren(QLineEdit) + root.findChildren(QPlainTextEdit) + root.findChildren(QTextEdit):
        if field.isVisibleTo(root) and field.isEnabled() and not field.isReadOnly() and field.objectName() != "Search":
            found.append(f"{type(field).__name__} {field.accessibleName()!r}")
    return found


def no_dialog_opened(qtbot: Any) -> None:
    qtbot.wait(50)
    assert QApplication.activeModalWidget() is None


def test_a_read_only_user_changes_nothing_anywhere_on_the_panel_screens(qtbot: Any, store: Store, db_path: Any) -> None:
    today = date.today()
    referral = make_referral(store, 1, referral_date=today - timedelta(days=20))
    meeting = MeetingService(store).schedule(MeetingData("lip", next_working_day(today + timedelta(days=10)), time(10))).meeting
    AgendaService(store).add_referral(meeting.id, referral)
    reviews = [open_review(store, "scr_consideration", number=2), open_review(store, "malr", number=3)]
    store_as(store, "read-only", "reader").close()
    before = fingerprint(store)
    window: MainWindow = open_window(qtbot, db_path, user="reader", password=PASSWORD)
    try:
        window.navigate("calendar")
        calendar = window.page("calendar")
        assert changing_controls(calendar.stack.widget(0)) == []
        msgbox.set_next_answer(msgbox.Answer.OK)
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Ctrl+N: told why, left here
        assert msgbox.shown[-1][1].startswith("Your role allows you to read the panel calendar")
        assert window.host.current_key == "calendar"
        grid = calendar.month.findChild(QTableView, "qt_calendar_calendarview")
        qtbot.keyClick(grid, Qt.Key.Key_Return)  # Enter on a day with no meeting offers a new one, to schedulers
        no_dialog_opened(qtbot)

        window.navigate("calendar", meeting_id=meeting.id)
        view = calendar.meeting_view
        for index in range(view.tabs.count()):
            view.tabs.setCurrentIndex(index)
            assert changing_controls(view.tabs.currentWidget()) == [], view.tabs.tabText(index)
        assert changing_controls(view) == []
        view.tabs.setCurrentIndex(0)
        view.agenda_view.setFocus()
        view.agenda_view.selectRow(0)
        qtbot.keyClick(view.agenda_view, Qt.Key.Key_Return)  # Enter records a decision, for a chair
        no_dialog_opened(qtbot)

        window.navigate("reviews")
        page = window.page("reviews")
        page.show_dashboard()
        assert changing_controls(page.dashboard) == []
        for review_id in reviews:
            window.navigate("reviews", review_id=review_id)
            workspace = page.workspace
            for index in range(workspace.tabs.count()):
                workspace.tabs.setCurrentIndex(index)
                assert changing_controls(workspace.tabs.currentWidget()) == [], workspace.tabs.tabText(index)
            assert workspace.progress.move_buttons and not any(b.isEnabled() for b in workspace.progress.move_buttons)
    finally:
        close_quietly(window)
    assert fingerprint(store) == before
