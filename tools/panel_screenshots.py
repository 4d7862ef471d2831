"""`python -m tools.panel_screenshots`: pictures of the panel and review screens with demo
data: the calendar, a meeting (agenda and attendance), the decision form, the reviews
dashboard and a review's workspace.

Writes `docs/screenshots/panel-*.png` and `reviews-*.png` at the normal text size, the
same names under `docs/screenshots/200/` (text at 200%) and `docs/screenshots/high-contrast/`.
Runs offscreen in a temporary folder that is removed afterwards (see `tools/screenshots.py`,
whose demo database and helpers it shares); every name in the pictures is fictional.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tools.screenshots import SIZE, _save, _settle, in_three_looks, open_demo

#: Wider than the other pictures: the calendar's list and the dashboard have many columns.
PANEL_SIZE = (max(SIZE[0], 1440), max(SIZE[1], 900))


def _dismiss_backup_reminder(window: Any) -> None:
    """The "never been backed up" reminder sits above every page; the pictures are of
    the pages, so it is put off as a user would ("Not now")."""
    from PySide6.QtWidgets import QPushButton

    for button in window.findChildren(QPushButton):
        if button.text().replace("&", "") == "Not now" and button.isVisible():
            button.click()


def _upcoming_panel(panel: Any) -> Any:
    """The next Learning and Improvement or SCR Consideration Panel with an agenda."""
    for meeting in panel.meetings.upcoming(limit=200):
        if meeting.kind in ("lip", "scr_consideration") and panel.agenda.rows(meeting.id):
            return meeting
    raise SystemExit("The demo has no panel to come with an agenda.")


def _held_panel(panel: Any) -> Any:
    """The last panel held, so attendance shows who came, who sent apologies and conflicts."""
    today = date.today()
    held = [m for m in panel.meetings.between(today - timedelta(days=400), today)
            if m.kind in ("lip", "scr_consideration") and m.status == "held"]
    if not held:
        raise SystemExit("The demo has no panel that was held.")
    return max(held, key=lambda m: m.meeting_date)


def _review_at(panel: Any, kind: str, stages: tuple[str, ...]) -> int:
    """An open review of `kind` at the first of `stages` the demo has (any stage if none)."""
    rows = [row for row in panel.case_progress.dashboard().rows
            if row.case_type == "review" and panel.reviews.peek(row.id).kind == kind]
    for stage in stages:
        for row in rows:
            if row.stage == stage:
                return int(row.id)
    if not rows:
        raise SystemExit(f"The demo has no open {kind} review.")
    return int(rows[0].id)


def _decision_form(app: Any, window: Any, meeting: Any, folder: Path) -> None:
    from lipanel_desktop.views.pages.decisions_dialog import DecisionDialog

    panel = window.ctx.workspace.panel
    item = next(r for r in panel.agenda.rows(meeting.id) if r.referral_id is not None and not r.decision)
    dialog = DecisionDialog(window.ctx, item.referral_id, item.referral_reference, meeting_id=meeting.id,
                            meeting_reference=meeting.reference, default_date=date.today(), parent=window)
    dialog.issues.setPlainText("How information about the household's new adults was shared between agencies (fictional).")
    dialog.scope.setPlainText("Each agency's involvement since the birth of the youngest child; escalation (fictional).")
    dialog.period_from.line.setText((date.today() - timedelta(days=730)).strftime("%d/%m/%Y"))
    dialog.period_to.line.setText(date.today().strftime("%d/%m/%Y"))
    dialog.chair.setText("Fictional Review Chair")
    dialog.first.line.setText((meeting.meeting_date + timedelta(days=42)).strftime("%d/%m/%Y"))
    dialog.resize(dialog.width(), dialog.wanted_height(room=10_000))  # as on a screen tall enough for all of it
    dialog.show()
    _settle(app)
    _save(dialog, "panel-decision", folder)
    dialog.reject()
    dialog.deleteLater()
    _settle(app)


def _pictures(app: Any, path: Path, folder: Path) -> None:
    window = open_demo(app, path, PANEL_SIZE)
    _dismiss_backup_reminder(window)
    panel = window.ctx.workspace.panel

    window.navigate("calendar")
    calendar = window.page("calendar")
    calendar.range.setCurrentIndex(1)  # the next 12 months
    _settle(app)
    _save(window, "panel-calendar", folder)

    upcoming = _upcoming_panel(panel)
    window.navigate("calendar", meeting_id=upcoming.id)
    view = calendar.meeting_view
    view.tabs.setCurrentIndex(0)
    view.agenda_view.selectRow(0)
    _settle(app)
    _save(window, "panel-meeting-agenda", folder)
    _decision_form(app, window, upcoming, folder)

    held = _held_panel(panel)
    window.navigate("calendar", meeting_id=held.id)
    view.tabs.setCurrentIndex(1)
    _settle(app)
    _save(window, "panel-meeting-attendance", folder)
    view.tabs.setCurrentIndex(0)

    window.navigate("reviews")
    reviews = window.page("reviews")
    reviews.show_dashboard()
    reviews.refresh()
    dashboard = reviews.dashboard
    dashboard.view.setCurrentIndex(dashboard.model.index(0, 1))
    _settle(app)
    _save(window, "reviews-dashboard", folder)

    window.navigate("reviews", review_id=_review_at(panel, "malr", ("meetings", "findings", "chronologies")))
    reviews.workspace.tabs.setCurrentIndex(0)
    _settle(app)
    _save(window, "reviews-workspace-malr", folder)
    window.navigate("reviews", review_id=_review_at(panel, "scr", ("chair_decision", "national_panel", "commissioning")))
    reviews.workspace.tabs.setCurrentWidget(reviews.workspace.details)
    _settle(app)
    _save(window, "reviews-workspace-scr-details", folder)

    window.shut_down()
    window.deleteLater()
    _settle(app)


def main() -> int:
    return in_three_looks("Panel screenshots", "lipanel-panel-screenshots-",
                          lambda app, path, folder, _work: _pictures(app, path, folder))


if __name__ == "__main__":
    sys.exit(main())
