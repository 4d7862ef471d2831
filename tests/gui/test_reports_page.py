"""The Reports page driven as a user would: the exception report's notes (saved, refused,
kept as a draft over a lock), the highlight report for a period, the dissemination log
(add, refuse, remove and undo) and the dashboard's charts exported as PNG."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage
from sqlalchemy import select

from lipanel_desktop.models.action import Action, ExceptionNote
from lipanel_desktop.models.review import Dissemination
from lipanel_desktop.services.accounts import AccountService
from lipanel_desktop.storage.store import Store
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.main_window import MainWindow
from lipanel_desktop.views.pages.actions import ActionsPage
from lipanel_desktop.views.pages.reports import ReportsPage
from tests.gui.actions_support import answer_dialog, choose, planned, type_text, window  # noqa: F401
from tests.gui.referral_support import close_quietly, open_window, unlock
from tests.unit.test_action_fixtures import PASSWORD, Plan

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def reports_page(window: MainWindow) -> ReportsPage:  # noqa: F811
    window.navigate("reports")
    page = window.host.current_page()
    assert isinstance(page, ReportsPage)
    return page


def notes(store: Store) -> dict[str, str]:
    with store.read_session() as s:
        return dict(s.execute(select(Action.reference, ExceptionNote.cause).join(ExceptionNote, ExceptionNote.action_id == Action.id)).all())


def test_exception_report_lists_overdue_and_at_risk_and_saves_a_note(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    page = reports_page(window)
    view = page.exception
    refs = [view.model.item(r).reference for r in range(view.model.rowCount())]
    assert sorted(refs) == ["ACT-2026-0001", "ACT-2026-0002"]
    assert "1 overdue, 1 at risk" in view.summary.text() and "2 still need their note" in view.summary.text()
    view.table.selectRow(refs.index("ACT-2026-0001"))
    assert "ACT-2026-0001" in view.about.toPlainText()
    assert not view.save_button.isEnabled()
    type_text(qtbot, view.fields["cause"], "Fictional staff shortage in the team.")
    assert view.save_button.isEnabled() and page.has_unsaved_changes()
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert notes(store) == {"ACT-2026-0001": "Fictional staff shortage in the team."}
    assert not page.has_unsaved_changes()
    assert "1 still need their note" in view.summary.text()


def test_a_hostile_note_is_refused_and_nothing_saved(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    view = reports_page(window).exception
    view.fields["options"].setPlainText("o" * 4001)
    msgbox.set_next_answer(msgbox.Answer.OK)
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert "Options is too long" in msgbox.shown[-1][1]
    assert notes(store) == {}
    assert view.has_unsaved_changes()


def test_unsaved_note_survives_a_lock_as_an_encrypted_draft(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    page = reports_page(window)
    view = page.exception
    type_text(qtbot, view.fields["consequences"], "Fictional practitioners not yet briefed.")
    window.lock()
    unlock(qtbot, window)
    view = reports_page(window).exception
    assert view.fields["consequences"].toPlainText() == "Fictional practitioners not yet briefed."
    assert view.draft_hint.isVisible()
    assert notes(store) == {}
    qtbot.mouseClick(view.revert_button, Qt.MouseButton.LeftButton)
    assert view.fields["consequences"].toPlainText() == ""
    assert not view.draft_hint.isVisible()


def test_moving_away_from_an_unsaved_note_asks_first(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    view = reports_page(window).exception
    first = view.model.item(0).reference
    type_text(qtbot, view.fields["cause"], "Fictional cause.")
    msgbox.set_next_answer(msgbox.Answer.CANCEL)
    view.table.selectRow(1)
    assert view._item.reference == first and view.fields["cause"].toPlainText() == "Fictional cause."
    msgbox.set_next_answer(msgbox.Answer.YES)
    view.table.selectRow(1)
    assert notes(store) == {first: "Fictional cause."}


def test_highlight_report_for_a_period_and_a_bad_period(qtbot: Any, window: MainWindow) -> None:  # noqa: F811
    view = reports_page(window)
    qtbot.keyClick(view.tabs.tabBar(), Qt.Key.Key_Right)
    highlight = view.highlight
    assert view.tabs.currentWidget() is highlight
    choose(qtbot, highlight.preset, "Last 12 months")
    qtbot.mouseClick(highlight.show_button, Qt.MouseButton.LeftButton)
    text = highlight.browser.toPlainText()
    assert "Highlight report" in text and "Actions by agency" in text and "Charts" in text
    assert highlight.report is not None and view.current_document() is highlight.report
    type_text(qtbot, highlight.start.line, "01/01/2026")
    type_text(qtbot, highlight.end.line, "01/01/2025")
    assert highlight.preset.currentText() == "Dates of my choosing"
    qtbot.mouseClick(highlight.show_button, Qt.MouseButton.LeftButton)
    assert "must not be before its start" in highlight.problem.text()
    type_text(qtbot, highlight.end.line, "yesterday-ish")
    qtbot.mouseClick(highlight.show_button, Qt.MouseButton.LeftButton)
    assert "End of the period" in highlight.problem.text()


def test_dissemination_log_add_refuse_remove_and_undo(qtbot: Any, window: MainWindow, store: Store, planned: Plan) -> None:  # noqa: F811
    page = reports_page(window)
    page.open_item(review_id=planned.review_id)
    view = page.dissemination
    assert view.table.rowCount() == 2

    def empty(dialog: Any) -> None:
        type_text(qtbot, dialog.held_on.line, "01/01/2026")

    _, problems = answer_dialog(qtbot, lambda: qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton), empty)
    assert "Choose where the learning went" in problems and "Give the who it went to" in problems
    with store.read_session() as s:
        assert s.scalar(select(Dissemination.id).where(Dissemination.held_on == "2026-01-01")) is None

    def good(dialog: Any) -> None:
        choose(qtbot, dialog.channel, "Implementation Sub-group")
        type_text(qtbot, dialog.held_on.line, "02/01/2026")
        type_text(qtbot, dialog.audience, "Fictional Implementation Sub-group")
        dialog.people.setValue(11)

    _, problems = answer_dialog(qtbot, lambda: qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton), good)
    assert problems == ""
    assert view.table.rowCount() == 3
    assert "Implementation Sub-group: 1 (11 people)" in view.totals.text()
    row = next(r for r in range(3) if view.table.item(r, 1).text() == "Implementation Sub-group")
    view.table.selectRow(row)
    msgbox.set_next_answer(msgbox.Answer.YES)
    qtbot.mouseClick(view.remove_button, Qt.MouseButton.LeftButton)
    assert view.table.rowCount() == 2
    page.undo_stack().undo()
    qtbot.waitUntil(lambda: view.table.rowCount() == 3, timeout=2000)


def test_dashboard_draws_every_chart_and_exports_png(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:  # noqa: F811
    page = reports_page(window)
    page.tabs.setCurrentWidget(page.dashboard)
    dashboard = page.dashboard
    assert dashboard.data is not None and len(dashboard.charts) == 5
    status_chart = dashboard.charts["actions_by_status"]
    status_chart.canvas.repaint()
    assert status_chart.canvas.hits, "bars were drawn"
    hit = status_chart.canvas.hits[0]
    assert status_chart.canvas.hit_at(QPointF(hit.rect.center())) == hit
    qtbot.mouseClick(status_chart.as_table, Qt.MouseButton.LeftButton)
    assert status_chart.table.rowCount() == 3 and status_chart.table.horizontalHeaderItem(4).text() == "Overdue"
    target = tmp_path / "status"
    msgbox.set_next_file(str(target))
    written = status_chart.export()
    assert written == str(target) + ".png"
    image = QImage(written)
    assert (image.width(), image.height()) == (1600, 1000)
    folder = tmp_path / "all"
    folder.mkdir()
    msgbox.set_next_file(str(folder))
    msgbox.set_next_answer(msgbox.Answer.OK)
    files = dashboard.export_all()
    assert sorted(Path(f).name for f in files) == [
        "actions-by-status.png", "days-to-decision.png", "overdue-trend.png", "referrals-by-decision.png", "reviews-by-stage.png",
    ]
    msgbox.set_next_file(str(tmp_path / "no-such-folder" / "x.png"))
    msgbox.set_next_answer(msgbox.Answer.OK)
    assert status_chart.export() is None
    assert "could not be written" in msgbox.shown[-1][1]


def test_read_only_users_see_reports_but_change_nothing(qtbot: Any, store: Store, db_path: Any, planned: Plan) -> None:  # noqa: F811
    AccountService(store).add("reader-example", "read-only", PASSWORD)
    msgbox.reset()
    w = open_window(qtbot, db_path, user="reader-example", password=PASSWORD)
    try:
        page = reports_page(w)
        assert page.exception.model.rowCount() == 2
        assert not page.exception.save_button.isVisible()
        assert page.exception.fields["cause"].isReadOnly()
        page.tabs.setCurrentWidget(page.dissemination)
        assert not page.dissemination.add_button.isVisible()
    finally:
        close_quietly(w)


def test_show_in_tracker_moves_to_the_action(qtbot: Any, window: MainWindow) -> None:  # noqa: F811
    view = reports_page(window).exception
    reference = view._item.reference
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    page = window.host.current_page()
    assert isinstance(page, ActionsPage)
    assert page.tracker.detail.detail.reference == reference
