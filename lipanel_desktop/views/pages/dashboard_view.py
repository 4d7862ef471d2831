"""The case progress dashboard: every open case with its stage, next step, who owes what
and by when, red / amber / green in words (and shapes); overdue first; counts by stage,
each a filter too; and, for the chosen case, every deadline that applies to it. Enter or a
double-click opens the case."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from lipanel_desktop.services.case_progress import AWAITING_DECISION, CaseRow, Dashboard
from lipanel_desktop.services.permissions import allowed
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.pages.panel_widgets import button, button_row, fit_columns, on_open, scrolling, table
from lipanel_desktop.views.pages.reviews_forms import QuickDialog, Spec, uk
from lipanel_desktop.views.pages.reviews_progress import DEADLINE_COLUMNS
from lipanel_desktop.views.tablemodels.panel_rows import Column, RowsModel
from lipanel_desktop.vocabulary.roles import Permission

_RAG_RANK = {"red": 0, "amber": 1, "paused": 2, "green": 3, "": 4}

CASE_COLUMNS = (
    Column[CaseRow]("Status", lambda r: r.status_words, lambda r: (_RAG_RANK.get(r.rag, 4), r.due or date.max),
                    rag=lambda r: r.rag),
    Column[CaseRow]("Case", lambda r: r.reference),
    Column[CaseRow]("Next deadline", lambda r: r.next_deadline.label if r.next_deadline else ""),
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
        self.summary.setAccessibleName("Open cases")
        self.stage_counts = QLabel()
        self.stage_counts.setObjectName("Hint")
        self.stage_counts.setWordWrap(True)
        self.stage_counts.setAccessibleName("Cases by stage")
        self.filter = QComboBox()
        self.filter.addItems(FILTERS)
        self.filter.setAccessibleName("Cases shown: all, overdue, referrals, reviews, or one stage")
        self.filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        label = QLabel("&Show:")
        label.setBuddy(self.filter)
        chooser = QWidget()
        row = QHBoxLayout(chooser)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.filter)
        self.open_button = button("&Open", "Open the case", self.open_current)
        self.decide_button = button("Record &decision…", "Record the panel's decision on the referral", self.decide)
        self.decide_button.setVisible(allowed(ctx.workspace.identity, Permission.RECORD_DECISIONS))
        self.notify_button = button("Record &notifications…", "Record when Ofsted and the National Panel were told "
                                    "of the referral's incident", self.notifications)
        self.notify_button.setVisible(allowed(ctx.workspace.identity, Permission.RUN_REVIEWS))
        bar, _ = button_row([chooser, self.open_button, self.decide_button, self.notify_button])
        self.model: RowsModel[CaseRow] = RowsModel(CASE_COLUMNS)
        self.view = table(self.model, "Open cases: press Enter to open one", rows=8)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # overdue first, then by due date
        on_open(self.view, self.open_row)
        self.empty = QLabel("")
        self.empty.setObjectName("Calm")
        self.empty.setWordWrap(True)
        self.deadlines_heading = QLabel("Deadlines of the chosen case")
        self.deadlines_heading.setObjectName("SubHeading")
        self.deadlines_heading.setWordWrap(True)
        self.deadlines: RowsModel = RowsModel(DEADLINE_COLUMNS)
        self.deadline_view = table(self.deadlines, "Deadlines of the chosen case", rows=3)
        self.deadlines_heading.setBuddy(self.deadline_view)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.stage_counts)
        layout.addWidget(bar)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 3)
        layout.addWidget(self.deadlines_heading)
        layout.addWidget(self.deadline_view, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(inner, "Case progress"))
        QWidget.setTabOrder(self.filter, self.open_button)
        QWidget.setTabOrder(self.open_button, self.decide_button)
        QWidget.setTabOrder(self.decide_button, self.notify_button)
        QWidget.setTabOrder(self.notify_button, self.view)
        QWidget.setTabOrder(self.view, self.deadline_view)
        self.filter.currentIndexChanged.connect(lambda _i: self.show_rows())
        self.view.selectionModel().currentRowChanged.connect(lambda _now, _before: self.show_deadlines())

    def reload(self) -> None:
        self.board = self.ctx.workspace.panel.case_progress.dashboard()
        self.summary.setText(self.board.headline)
        counts = "; ".join(f"{label}: {n}" for label, n in self.board.counts) or "no open cases"
        self.stage_counts.setText(f"By stage: {counts}.")
        self._stage_filters()
        self.show_rows()

    def _stage_filters(self) -> None:
        """The fixed filters, then one per stage with its count (kept chosen across reloads)."""
        assert self.board is not None
        chosen = self.filter.currentData() if self.filter.currentIndex() >= len(FILTERS) else None
        self.filter.blockSignals(True)
        while self.filter.count() > len(FILTERS):
            self.filter.removeItem(len(FILTERS))
        stages: dict[str, tuple[str, int]] = {}
        for row in self.board.rows:
            label, n = stages.get(row.stage, (row.stage_label, 0))
            stages[row.stage] = (label, n + 1)
        order = {label: i for i, (label, _n) in enumerate(self.board.counts)}
        for stage, (label, n) in sorted(stages.items(), key=lambda kv: order.get(kv[1][0], 99)):
            self.filter.addItem(f"At “{label}” ({n})", stage)
        if chosen is not None:
            found = self.filter.findData(chosen)
            self.filter.setCurrentIndex(found if found >= 0 else 0)
        self.filter.blockSignals(False)

    def show_rows(self) -> None:
        rows = self.board.rows if self.board else []
        choice = self.filter.currentIndex()
        if choice == 1:
            rows = [r for r in rows if r.overdue]
        elif choice == 2:
            rows = [r for r in rows if r.case_type == "referral"]
        elif choice == 3:
            rows = [r for r in rows if r.case_type == "review"]
        elif choice >= len(FILTERS):
            rows = [r for r in rows if r.stage == self.filter.currentData()]
        self.model.set_rows(rows)
        fit_columns(self.view)
        self.empty.setText("" if rows else "No cases to show.")
        self.empty.setVisible(not rows)
        self.show_deadlines()

    def show_deadlines(self) -> None:
        case = self.current()
        if case is None:
            self.deadlines_heading.setText("Deadlines of the chosen case: choose a case in the list.")
            self.deadlines.set_rows([])
            return
        stage = AWAITING_DECISION.lower() if case.case_type == "referral" else f"at “{case.stage_label}”"
        if case.deadlines:
            self.deadlines_heading.setText(f"Deadlines of {case.reference} ({case.kind_label}, {stage}): "
                                           f"{len(case.deadlines)}")
        else:
            self.deadlines_heading.setText(f"{case.reference} has no open deadline.")
        self.deadlines.set_rows(list(case.deadlines))
        fit_columns(self.deadline_view)

    def clear(self) -> None:
        self.board = None
        self.model.set_rows([])
        self.deadlines.set_rows([])
        self.summary.clear()
        self.stage_counts.clear()

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

    def notifications(self) -> None:
        """For a referral at an SCR Consideration Panel: when Ofsted and the National Panel
        were told (its review carries the dates on after the decision)."""
        case = self.current()
        if case is None or case.case_type != "referral":
            msgbox.inform(self, "Choose a referral", "Select a referral awaiting a decision first; a review's "
                          "notifications are on its Details tab.")
            return
        clock, referral_id = self.ctx.workspace.panel.clock, case.id
        ofsted, national_panel = clock.notifications(referral_id)
        QuickDialog(self.ctx, f"Notifications for {case.reference}", [
            Spec("ofsted", "&Ofsted notified on", "date", ofsted),
            Spec("panel", "The &National Panel notified on", "date", national_panel),
        ], lambda v: clock.record_notifications(referral_id, v["ofsted"], v["panel"]), changes="reviews", parent=self,
            note="Within 5 working days of the incident becoming known (the referral date) when a Serious Case "
                 "Review is in question. Leave a date empty if not yet done.").exec()

    def decide(self) -> None:
        case = self.current()
        if case is None or case.case_type != "referral":
            msgbox.inform(self, "Choose a referral", "Select a referral awaiting a decision first.")
            return
        self.decide_referral.emit(case.id, case.reference)
