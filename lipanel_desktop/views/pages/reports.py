"""Reports: the exception report for the Quality Assurance Sub-group, the highlight report
for the Board, each review's dissemination log, and the dashboard.

For printing: `current_document()` returns the plain dataclass on the tab shown
(`ExceptionReport`, `HighlightReport`, `DisseminationLog` or `DashboardData`, from
`services/reports/`), or None; `tools` is the row where "Print / export PDF" buttons go
(`page.tools.addWidget(button)`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from lipanel_desktop.services.documents.board_reports import report_key
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.page import Page
from lipanel_desktop.views.pages.reports_dashboard import DashboardView
from lipanel_desktop.views.pages.reports_dissemination import DisseminationView
from lipanel_desktop.views.pages.reports_exception import ExceptionReportView
from lipanel_desktop.views.pages.reports_highlight import HighlightReportView
from lipanel_desktop.views.print_document import DocumentSession, make_document
from lipanel_desktop.vocabulary.documents import DocumentKind, Target


class ReportsPage(Page):
    topics = ("actions", "reviews", "decisions", "referrals", "settings")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        title = QLabel("Reports")
        title.setObjectName("PageTitle")
        self.tools = QHBoxLayout()
        self.tools.addStretch(1)
        # The Board's exception and highlight reports as PDF (views/print_document.py), for
        # the agency and the period chosen on screen: the print is what the screen shows.
        self.print_button = QPushButton("Print / Preview / Export &PDF…")
        self.print_button.setAccessibleName("Print, preview or export the report as PDF")
        self.print_button.setToolTip("The exception or highlight report as shown here, for the agency and period chosen")
        self.print_button.clicked.connect(self.print_report)
        self._document_session: DocumentSession | None = None
        self.tools.addWidget(self.print_button)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addLayout(self.tools, 1)
        self.exception = ExceptionReportView(ctx)
        self.highlight = HighlightReportView(ctx)
        self.dissemination = DisseminationView(ctx)
        self.dashboard = DashboardView(ctx)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Reports")
        self.tabs.addTab(self.exception, "&Exception report")
        self.tabs.addTab(self.highlight, "&Highlight report")
        self.tabs.addTab(self.dissemination, "D&issemination log")
        self.tabs.addTab(self.dashboard, "Dash&board")
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        #: Tabs whose data is out of date; each is rebuilt when next shown.
        self._stale: set[QWidget] = set()
        self.tabs.currentChanged.connect(self._tab_changed)

    def _views(self) -> list[Any]:
        return [self.exception, self.highlight, self.dissemination, self.dashboard]

    def _tab_changed(self, _index: int) -> None:
        view = self.tabs.currentWidget()
        if view in self._stale:
            self._stale.discard(view)
            view.reload()  # type: ignore[attr-defined]

    def document_key(self) -> str:
        """What the printed report covers: the exception report's agency and the highlight
        report's period, as chosen on screen."""
        start, end = self.highlight.period_shown()
        return report_key(agency_id=self.exception.agency.currentData(), start=start, end=end)

    def print_report(self) -> DocumentSession | None:
        """Print, preview or export the report on the tab shown (the other one can be chosen
        in the options), after the note being typed is saved or put aside."""
        if not self.exception.confirm_leave():
            msgbox.inform(self, "Not printed", "Save or undo the note being typed, then print again.")
            return None
        kinds = (DocumentKind.EXCEPTION_REPORT, DocumentKind.HIGHLIGHT_REPORT)
        if self.tabs.currentWidget() is self.highlight:
            kinds = kinds[::-1]
        self._document_session = make_document(self.ctx, self, Target.BOARD, self.document_key(), kinds=kinds)
        return self._document_session

    def current_document(self) -> Any:
        view = self.tabs.currentWidget()
        if view is self.exception:
            return self.exception.report
        if view is self.highlight:
            return self.highlight.report
        if view is self.dissemination:
            return self.dissemination.log
        return self.dashboard.data

    # -- the Page contract ------------------------------------------------------------------

    def refresh(self) -> None:
        current = self.tabs.currentWidget()
        self._stale = {v for v in self._views() if v is not current}
        current.reload()  # type: ignore[attr-defined]

    def clear(self) -> None:
        for view in self._views():
            view.clear()
        self._stale = set(self._views())

    def state(self) -> dict[str, Any]:
        return {
            "tab": self.tabs.currentIndex(),
            "exception": self.exception.state(),
            "highlight": self.highlight.state(),
            "dissemination": self.dissemination.state(),
        }

    def restore(self, state: dict[str, Any]) -> None:
        tab = state.get("tab")
        if isinstance(tab, int) and 0 <= tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)
        for view, key in ((self.exception, "exception"), (self.highlight, "highlight"), (self.dissemination, "dissemination")):
            part = state.get(key)
            if isinstance(part, dict) and view is self.tabs.currentWidget():
                view.restore(part)

    def open_item(self, **kwargs: Any) -> None:
        """review_id=…: that review's dissemination log; report="exception" | "highlight" |
        "dashboard": that tab."""
        review_id = kwargs.get("review_id")
        if isinstance(review_id, int):
            self.tabs.setCurrentWidget(self.dissemination)
            self.dissemination.choose(review_id)
            return
        wanted = {"exception": self.exception, "highlight": self.highlight, "dashboard": self.dashboard}.get(str(kwargs.get("report")))
        if wanted is not None:
            self.tabs.setCurrentWidget(wanted)

    def has_unsaved_changes(self) -> bool:
        return self.exception.has_unsaved_changes()

    def save_draft(self) -> None:
        self.exception.save_draft()

    def save(self) -> bool:
        return self.exception.save()

    def discard_changes(self) -> None:
        self.exception.revert()

    def undo_stack(self) -> QUndoStack | None:
        return self.dissemination.undo
