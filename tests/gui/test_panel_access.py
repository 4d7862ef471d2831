"""Every panel and review screen and dialog by keyboard: each control has a name a screen
reader can say, and Tab goes through the controls in reading order; at 200% text the
screens keep their controls whole (rows of buttons wrap rather than cut words)."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QToolButton

from lipanel_desktop.services.meetings import MeetingData, MeetingService
from lipanel_desktop.services.working_days import next_working_day
from lipanel_desktop.storage.store import Store
from lipanel_desktop.views.main_window import MainWindow
from tests.gui.panel_support import tab_walk, unnamed_controls
from tests.gui.referral_support import window  # noqa: F401  (fixture)
from tests.panel_factories import make_referral
from tests.review_factories import open_review

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def icon_only(button: QAbstractButton) -> bool:
    return isinstance(button, QToolButton) and button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly


def check_dialog(qtbot: Any, trigger: Any) -> list[str]:
    """Open a dialog, note its unnamed controls, cancel it."""
    found: list[list[str]] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, look)
            return
        found.append(unnamed_controls(dialog))
        dialog.reject()

    QTimer.singleShot(0, look)
    trigger()
    qtbot.waitUntil(lambda: bool(found), timeout=10_000)
    return found[0]


def test_calendar_and_dashboard_by_keyboard(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    make_referral(store, 1, referral_date=date.today() - timedelta(days=3))
    open_review(store, "scr_consideration", number=2)
    MeetingService(store).schedule(MeetingData("lip", next_working_day(date.today() + timedelta(days=10)), time(10)))
    window.navigate("calendar")
    calendar = window.page("calendar")
    assert unnamed_controls(calendar) == []
    walk = tab_walk(qtbot, calendar.new_button, calendar)
    wanted = [calendar.new_button, calendar.schedule_button, calendar.export_button, calendar.range,
              calendar.today_button]
    assert [w for w in walk if w in wanted] == wanted
    assert check_dialog(qtbot, calendar.new_meeting) == []
    assert check_dialog(qtbot, calendar.schedule) == []

    window.navigate("reviews")
    page = window.page("reviews")
    page.show_dashboard()
    dashboard = page.dashboard
    assert unnamed_controls(dashboard) == []
    walk = tab_walk(qtbot, dashboard.filter, dashboard)
    wanted = [dashboard.filter, dashboard.open_button, dashboard.decide_button, dashboard.notify_button,
              dashboard.view, dashboard.deadline_view]
    assert [w for w in walk if w in wanted] == wanted
    referral = next(r for r in dashboard.model.rows if r.case_type == "referral")
    assert check_dialog(qtbot, lambda: page.decide(referral.id, referral.reference)) == []
    review = next(r for r in dashboard.model.rows if r.case_type == "review")
    page.open_item(review_id=review.id)
    progress = page.workspace.progress
    assert check_dialog(qtbot, progress.close_early) == []
    assert check_dialog(qtbot, progress.pause) == []
    assert check_dialog(qtbot, page.workspace.learning.manage_themes) == []


def test_buttons_keep_their_words_at_200_percent(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    """With the application font doubled, no button on the meeting or review screens is
    narrower than its words."""
    from PySide6.QtGui import QFont

    app = QApplication.instance()
    original = QFont(app.font())
    review_id = open_review(store)
    meeting = MeetingService(store).schedule(MeetingData("lip", next_working_day(date.today() + timedelta(days=10)))).meeting
    big = QFont(original)
    big.setPointSizeF(original.pointSizeF() * 2)
    app.setFont(big)
    try:
        window.resize(1600, 1000)
        window.navigate("calendar", meeting_id=meeting.id)
        view = window.page("calendar").meeting_view
        window.navigate("reviews", review_id=review_id)
        workspace = window.page("reviews").workspace
        for screen, tabs in ((view, view.tabs), (workspace, workspace.tabs)):
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                if screen is view:
                    window.navigate("calendar")
                else:
                    window.navigate("reviews")
                qtbot.wait(50)
                cut = [b.text() for b in tabs.currentWidget().findChildren(QAbstractButton)
                       if b.isVisible() and b.text() and not icon_only(b)
                       and b.width() < b.fontMetrics().horizontalAdvance(b.text().replace("&", ""))]
                assert cut == [], (tabs.tabText(index), cut)
    finally:
        app.setFont(original)
