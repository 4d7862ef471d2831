"""The case progress dashboard: every open case with its stage, next step, who owes what
and by when, red / amber / green in words; overdue first; counts by stage. Enter or a
double-click opens the case."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from lipanel_desktop.services.case_progress import CaseRow, Dashboard
from lipanel_desktop.services.permissions import allowed
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.pages.meetings_view import button, on_open, table
from lipanel_desktop.views.pages.reviews_forms import uk
from lipanel_desktop.views.tablemodels.panel_rows import Column, RowsModel
from lipanel_desktop.vocabulary.roles import Permission

_RAG_RANK = {"red": 0, "amber": 1, "paused": 2, "green": 3, "": 4}

CASE_COLUMNS = (
    Column[CaseRow]("Status", lambda r: r.rag_text, lambda r: (_RAG_RANK.get(r.rag, 4), r.due or date.max), rag=lambda r: r.rag),
    Column[CaseRow]("Case", lambda r: r.reference),
    Column[CaseRow]("Type", lambda r: r.kind_label),
    Column[CaseRow]("Stage", lambda r: r.stage_label),
    Column[CaseRow]("Next step", lambda r: r.next_step),
    Column[CaseRow]("Owed by", lambda r: r.owed_by),
    Column[CaseRow]("Due", lambda r: uk(r.due), lambda r: r.due),
    Column[CaseRow]("Referral", lambda r: r.referral_reference),
    Column[CaseRow]("Themes", lambda r: r.themes),
)
FILTERS = ("All open cases", "Overdue only", "Referrals awaiting a decision", "Reviews")


class DashboardView(QWidget):
    open_review = Signal(int)
    open_referral = Signal(int)
    decide_referral = Signal(int, str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.board: Dashboard | None = None
        self.summary = QLabel()
        self.summary.setObjectName("Calm")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Cases by stage")
        self.filter = QComboBox()
        self.filter.addItems(FILTERS)
        self.filter.setAccessibleName("Cases shown")
        label = QLabel("&Show:")
        label.setBuddy(self.filter)
        self.open_button = button("&Open", "Open the case", self.open_current)
        self.decide_button = button("Record &decision…", "Record the panel's decision on the referral", self.decide)
        self.decide_button.setVisible(allowed(ctx.workspace.identity, Permission.RECORD_DECISIONS))
        bar = QHBoxLayout()
        for widget in (label, self.filter, self.open_button, self.decide_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.model: RowsModel[CaseRow] = RowsModel(CASE_COLUMNS)
        self.view = table(self.model, "Open cases: press Enter to open one")
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # overdue first, then by due date
        on_open(self.view, self.open_row)
        self.empty = QLabel("")
        self.empty.setObjectName("Calm")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(bar)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        self.filter.currentIndexChanged.connect(lambda _i: self.show_rows())

    def reload(self) -> None:
        self.board = self.ctx.workspace.panel.case_progress.dashboard()
        counts = "; ".join(f"{label}: {n}" for label, n in self.board.counts) or "no open cases"
        self.summary.setText(f"{len(self.board.rows)} open case{'s' if len(self.board.rows) != 1 else ''}, "
                             f"{self.board.overdue} overdue. By stage: {counts}.")
        self.show_rows()

    def show_rows(self) -> None:
        rows = self.board.rows if self.board else []
        choice = self.filter.currentIndex()
        if choice == 1:
            rows = [r for r in rows if r.overdue]
        elif choice == 2:
            rows = [r for r in rows if r.case_type == "referral"]
        elif choice == 3:
            rows = [r for r in rows if r.case_type == "review"]
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        self.empty.setText("" if rows else "No cases to show.")
        self.empty.setVisible(not rows)

    def clear(self) -> None:
        self.board = None
        self.model.set_rows([])
        self.summary.clear()

    def current(self) -> CaseRow | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def open_row(self, row: int) -> None:
        case = self.model.row_at(row)
        if case is not None:
            (self.open_review if case.case_type == "review" else self.open_referral).emit(case.id)

    def open_current(self) -> None:
        case = self.current()
        if case is None:
            msgbox.inform(self, "Choose a case", "Select a case in the list first.")
            return
        self.open_row(self.view.currentIndex().row())

    def decide(self) -> None:
        case = self.current()
        if case is None or case.case_type != "referral":
            msgbox.inform(self, "Choose a referral", "Select a referral awaiting a decision first.")
            return
        self.decide_referral.emit(case.id, case.reference)
