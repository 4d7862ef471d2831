"""Printing from the Reports and Actions pages prints what the page shows: the exception report for the
agency chosen and the highlight report for the period shown, the very same figures (the
document carries the screen's dataclass); a note still being typed is saved first, or
the print waits."""

from __future__ import annotations

import io
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import Qt

from lipanel_desktop.printing.exception_report import summary_pairs
from lipanel_desktop.printing.highlight_report import headline_pairs
from lipanel_desktop.views import msgbox
from lipanel_desktop.views import print_document as pd
from lipanel_desktop.views.main_window import MainWindow
from lipanel_desktop.views.pages.actions import ActionsPage
from lipanel_desktop.views.print_options import DocumentChoice
from lipanel_desktop.vocabulary.documents import DocumentKind, RedactionProfile
from tests.gui.actions_support import choose, planned, type_text, window  # noqa: F401
from tests.gui.test_reports_page import reports_page
from tests.unit.test_board_reports import printed

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _printed_text(qtbot: Any, window: MainWindow, kind: DocumentKind) -> tuple[Any, str]:  # noqa: F811
    page = reports_page(window)
    pd.set_next_choice(DocumentChoice(kind, RedactionProfile.PANEL, (), None))
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    session = page._document_session
    assert session is not None
    qtbot.waitUntil(lambda: session.preview is not None, timeout=60_000)
    qtbot.addWidget(session.preview)
    pdf = session.copies[0].pdf
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages).split())
    session.preview.close()
    return session.data, text


def test_the_printed_exception_report_has_the_figures_on_screen(qtbot: Any, window: MainWindow) -> None:  # noqa: F811
    view = reports_page(window).exception
    choose(qtbot, view.agency, "Police")
    screen = view.report
    assert screen is not None and screen.scope == "Police" and view.model.rowCount() == 2
    data, text = _printed_text(qtbot, window, DocumentKind.EXCEPTION_REPORT)
    assert data.report == screen
    for label, value in summary_pairs(screen):
        assert printed(label, value, text), (label, value)
    assert f"{screen.overdue_count} overdue, {screen.at_risk_count} at risk" in view.summary.text()
    for item in screen.items:
        assert item.reference in text
    assert "Nurse Example" not in text  # Health's action is not Police's


def test_the_printed_highlight_report_is_the_period_shown(qtbot: Any, window: MainWindow) -> None:  # noqa: F811
    page = reports_page(window)
    page.tabs.setCurrentWidget(page.highlight)
    highlight = page.highlight
    choose(qtbot, highlight.preset, "Last 12 months")
    qtbot.mouseClick(highlight.show_button, Qt.MouseButton.LeftButton)
    screen = highlight.report
    assert screen is not None
    # Dates typed but not shown yet do not change what is printed: the report on screen is.
    type_text(qtbot, highlight.start.line, "01/01/2020")
    data, text = _printed_text(qtbot, window, DocumentKind.HIGHLIGHT_REPORT)
    assert data.report == screen
    assert screen.period_label in text
    for label, value in headline_pairs(screen):
        assert printed(label, value, text), (label, value)
    for chart in screen.charts.charts:
        assert chart.title in text


def test_a_note_being_typed_is_saved_or_the_print_waits(qtbot: Any, window: MainWindow) -> None:  # noqa: F811
    page = reports_page(window)
    view = page.exception
    view.fields["cause"].setFocus()
    qtbot.keyClicks(view.fields["cause"], "Fictional cause typed before printing.")
    msgbox.set_next_answer(msgbox.Answer.CANCEL)
    msgbox.set_next_answer(msgbox.Answer.OK)
    assert page.print_report() is None
    assert "Save or undo the note" in msgbox.shown[-1][1]
    msgbox.set_next_answer(msgbox.Answer.YES)
    data, text = _printed_text(qtbot, window, DocumentKind.EXCEPTION_REPORT)
    assert "Fictional cause typed before printing." in text
    assert any(i.note.cause == "Fictional cause typed before printing." for i in data.report.items)


def test_the_agency_view_is_sent_as_the_plan_shown(qtbot: Any, window: MainWindow) -> None:  # noqa: F811
    window.navigate("actions")
    page = window.host.current_page()
    assert isinstance(page, ActionsPage)
    page.tabs.setCurrentWidget(page.agency_view)
    view = page.agency_view
    choose(qtbot, view.agency, "Police")
    qtbot.mouseClick(view.include_closed, Qt.MouseButton.LeftButton)
    shown = view.plan
    assert shown is not None and shown.agency_name == "Police" and shown.includes_closed
    # One print button in sight: the page's (a review's plan) gives way to the agency's own,
    # which the keyboard reaches from the closed-actions box.
    assert not page.print_button.isVisible() and view.send_button.isVisible()
    view.include_closed.setFocus()
    qtbot.keyClick(view.include_closed, Qt.Key.Key_Tab)
    assert window.focusWidget() is view.send_button
    pd.set_next_choice(DocumentChoice(DocumentKind.AGENCY_PLAN, RedactionProfile.PANEL, ("Police",), None))
    qtbot.mouseClick(view.send_button, Qt.MouseButton.LeftButton)
    session = view._document_session
    qtbot.waitUntil(lambda: session.preview is not None, timeout=60_000)
    qtbot.addWidget(session.preview)
    assert session.data.plan == shown
    text = " ".join(pypdf.PdfReader(io.BytesIO(session.copies[0].pdf)).pages[0].extract_text().split())
    assert "Action plan for Police" in text and "Copy 1 of 1 — Police" in text and shown.summary in text
    session.preview.close()
