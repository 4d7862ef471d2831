"""One review's workspace: where it is on its path and what can happen next (each move
with what is still missing, in words), its deadlines with red / amber / green in words,
pausing the clock; then its details, agencies, learning and meetings in tabs."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QTabWidget, QVBoxLayout, QWidget

from lipanel_desktop.services.permissions import allowed
from lipanel_desktop.services.review_workflow import MoveOption
from lipanel_desktop.services.reviews import ReviewFields
from lipanel_desktop.services.statutory_clock import Deadline
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.print_document import document_button
from lipanel_desktop.vocabulary.documents import Target
from lipanel_desktop.views.pages.meetings_view import button, table
from lipanel_desktop.views.pages.reviews_details import DetailsTab
from lipanel_desktop.views.pages.reviews_forms import QuickDialog, Spec, uk
from lipanel_desktop.views.pages.reviews_tabs import AgenciesTab, LearningTab, MeetingsTab
from lipanel_desktop.views.tablemodels.panel_rows import Column, RowsModel
from lipanel_desktop.vocabulary.reviews import ReviewKind, ReviewStage
from lipanel_desktop.vocabulary.roles import Permission

DEADLINE_COLUMNS = (
    Column[Deadline]("Status", lambda d: d.rag_text, lambda d: d.days_left, rag=lambda d: d.rag),
    Column[Deadline]("Deadline", lambda d: d.label),
    Column[Deadline]("Owed by", lambda d: d.owed_by),
    Column[Deadline]("Due", lambda d: uk(d.due), lambda d: d.due),
)


MALR_PATH = (ReviewStage.SETTING_UP, ReviewStage.AGENCY_CHECKS, ReviewStage.CHRONOLOGIES, ReviewStage.MEETINGS,
             ReviewStage.FINDINGS, ReviewStage.REPORT, ReviewStage.REPORTED, ReviewStage.CLOSED)
SCR_PATH = (ReviewStage.AGENCY_REPORTS, ReviewStage.DIRECTOR_RECOMMENDATION, ReviewStage.CHAIR_DECISION,
            ReviewStage.NATIONAL_PANEL, ReviewStage.COMMISSIONING, ReviewStage.IN_PROGRESS, ReviewStage.BOARD_SIGN_OFF,
            ReviewStage.PUBLICATION, ReviewStage.CLOSED)


def path_lines(review: ReviewFields) -> tuple[list[str], int]:
    """The review's path in words ("Done: …", "Now: …", "To come: …") and the current line."""
    if review.kind == ReviewKind.SCR:
        path = SCR_PATH
    elif review.kind == ReviewKind.SINGLE_AGENCY:
        path = (ReviewStage.SINGLE_AGENCY_ACTIONS, ReviewStage.CLOSED)
    else:
        path = MALR_PATH
    current = path.index(ReviewStage(review.stage)) if review.stage in [s.value for s in path] else -1
    lines = []
    for index, stage in enumerate(path):
        if stage == ReviewStage.NATIONAL_PANEL and review.chair_decision == "hold_scr":
            lines.append(f"Not needed: {stage.label}")
            continue
        mark = "Done" if index < current else ("Now" if index == current else "To come")
        lines.append(f"{mark}: {stage.label}")
    return lines, current


class ProgressTab(QWidget):
    moved = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.review: ReviewFields | None = None
        self.can_run = allowed(ctx.workspace.identity, Permission.RUN_REVIEWS)
        self.path = QListWidget()
        self.path.setAccessibleName("Stages of the review")
        self.next_heading = QLabel("What can happen next")
        self.next_heading.setObjectName("SubHeading")
        self.moves = QVBoxLayout()
        self.deadlines: RowsModel[Deadline] = RowsModel(DEADLINE_COLUMNS)
        self.deadline_view = table(self.deadlines, "Deadlines")
        self.pause_label = QLabel()
        self.pause_label.setWordWrap(True)
        self.pause_button = button("&Pause the clock…", "Pause the statutory clock", self.pause)
        self.resume_button = button("Re&start the clock…", "Restart the statutory clock", self.resume)
        for widget in (self.pause_button, self.resume_button):
            widget.setVisible(self.can_run)
        right = QVBoxLayout()
        right.addWidget(self.next_heading)
        right.addLayout(self.moves)
        heading = QLabel("Deadlines (working days; bank holidays excluded)")
        heading.setObjectName("SubHeading")
        right.addWidget(heading)
        self.no_deadlines = QLabel("No deadline is open: nothing is owed by a date.")
        self.no_deadlines.setObjectName("Calm")
        right.addWidget(self.no_deadlines)
        right.addWidget(self.deadline_view, 1)
        clock = QHBoxLayout()
        clock.addWidget(self.pause_label, 1)
        clock.addWidget(self.pause_button)
        clock.addWidget(self.resume_button)
        right.addLayout(clock)
        layout = QHBoxLayout(self)
        layout.addWidget(self.path)
        layout.addLayout(right, 1)
        self.move_buttons: list[QPushButton] = []

    def load(self, review: ReviewFields) -> None:
        self.review = review
        panel = self.ctx.workspace.panel
        lines, current = path_lines(review)
        self.path.clear()
        self.path.addItems(lines)
        self.path.setMinimumWidth(max(self.fontMetrics().horizontalAdvance(line) for line in lines) + 30)
        if current >= 0:
            self.path.setCurrentRow(current)
        self._show_moves(panel.workflow.options(review.id) if review.is_open else [])
        deadlines = panel.clock.for_review(review.id)
        self.deadlines.set_rows(deadlines)
        self.deadline_view.resizeColumnsToContents()
        self.no_deadlines.setVisible(not deadlines)
        pauses = panel.clock.pauses(review_id=review.id)
        self.open_pause = next((p for p in pauses if p.ended_on is None), None)
        if self.open_pause:
            self.pause_label.setText(f"The clock is paused since {uk(self.open_pause.started_on)}: {self.open_pause.reason}")
        elif pauses:
            self.pause_label.setText("Past pauses: " + "; ".join(f"{uk(p.started_on)} to {uk(p.ended_on)} ({p.reason})" for p in pauses))
        else:
            self.pause_label.setText("The clock has not been paused.")
        self.pause_button.setEnabled(review.is_open and self.open_pause is None)
        self.resume_button.setEnabled(self.open_pause is not None)

    def _show_moves(self, options: list[MoveOption]) -> None:
        while self.moves.count():
            item = self.moves.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        self.move_buttons = []
        if not options:
            done = QLabel("This review is closed." if self.review and not self.review.is_open else "Nothing further.")
            self.moves.addWidget(done)
            return
        for option in options:
            widget = QPushButton(f"{option.label} → {option.target_label}")
            widget.setAccessibleName(option.label)
            widget.setEnabled(option.ready and self.can_run)
            widget.clicked.connect(lambda _c=False, target=option.target: self.move_to(target))
            self.moves.addWidget(widget)
            self.move_buttons.append(widget)
            if option.blockers:
                missing = QLabel("Still needed: " + " ".join(option.blockers))
                missing.setWordWrap(True)
                missing.setObjectName("Hint")
                self.moves.addWidget(missing)

    def move_to(self, target: str) -> None:
        if self.review is None:
            return
        review_id, workflow = self.review.id, self.ctx.workspace.panel.workflow
        if target == ReviewStage.CLOSED and msgbox.ask(self, "Close the review?", f"Close {self.review.reference}? "
                                                       "A closed review cannot be changed.", default_no=True) != msgbox.Answer.YES:
            return
        moved = self.ctx.ops.run(lambda: workflow.move(review_id, target), changes="reviews")
        if moved is not None:
            self.moved.emit()

    def pause(self) -> None:
        if self.review is None:
            return
        review_id, clock = self.review.id, self.ctx.workspace.panel.clock
        QuickDialog(self.ctx, "Pause the statutory clock", [
            Spec("started_on", "Paused &from", "date", date.today()), Spec("reason", "&Reason", "text")],
            lambda v: clock.pause(v["started_on"], v["reason"], review_id=review_id), changes="reviews", parent=self,
            note="While paused the case shows “Paused”; afterwards its deadlines move on by the working days paused.").exec()

    def resume(self) -> None:
        if self.open_pause is None:
            return
        pause_id, clock = self.open_pause.id, self.ctx.workspace.panel.clock
        QuickDialog(self.ctx, "Restart the statutory clock", [Spec("ended_on", "Paused &until", "date", date.today())],
                    lambda v: clock.resume(pause_id, v["ended_on"]), changes="reviews", parent=self).exec()


class ReviewWorkspace(QWidget):
    back = Signal()
    open_meeting = Signal(int)
    open_referral = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.review: ReviewFields | None = None
        self.back_button = button("&Back to the dashboard", "Back to the dashboard", self.back.emit)
        self.referral_button = button("Open the re&ferral", "Open the referral", self._open_referral)
        self.heading = QLabel()
        self.heading.setObjectName("SectionTitle")
        self.heading.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.progress = ProgressTab(ctx)
        self.details = DetailsTab(ctx)
        self.agencies = AgenciesTab(ctx)
        self.learning = LearningTab(ctx)
        self.meetings = MeetingsTab(ctx)
        self.meetings.open_meeting.connect(self.open_meeting.emit)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Review")
        for widget, title in ((self.progress, "&Progress"), (self.details, "D&etails"), (self.agencies, "&Agencies"),
                              (self.learning, "&Learning"), (self.meetings, "&Meetings")):
            self.tabs.addTab(widget, title)
        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addWidget(self.referral_button)
        bar.addStretch(1)
        # Terms of reference, circulation pack, action plan, report...: views/print_document.py.
        self.print_button = document_button(ctx, self, Target.REVIEW,
                                            lambda: str(self.review.id) if self.review is not None else None)
        bar.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)

    def show_review(self, review_id: int, *, audit_open: bool = True) -> None:
        panel = self.ctx.workspace.panel
        review = panel.reviews.get(review_id) if audit_open else panel.reviews.peek(review_id)
        self.review = review
        self.heading.setText(f"{review.reference}: {review.kind_label}")
        bits = [f"Stage: {review.stage_label}."]
        if review.referral_reference:
            bits.append(f"Referral {review.referral_reference}.")
        if review.chair_name:
            bits.append(f"Chair: {review.chair_name}.")
        if review.due_on:
            bits.append(f"Due to finish {uk(review.due_on)}.")
        self.summary.setText(" ".join(bits))
        self.referral_button.setEnabled(review.referral_id is not None)
        self.progress.load(review)
        self.details.show_review(review)
        self.agencies.load(review.id, review.kind == ReviewKind.SCR)
        self.learning.load(review.id)
        self.meetings.load(review.id, review.kind)

    def reload(self) -> None:
        if self.review is not None:
            self.show_review(self.review.id, audit_open=False)

    def clear(self) -> None:
        self.review = None
        self.heading.clear()
        self.summary.clear()
        self.progress.path.clear()
        self.progress.deadlines.set_rows([])
        for block in (self.agencies.checks, self.agencies.chronologies, self.agencies.reports, self.agencies.people,
                      self.learning.findings, self.learning.recommendations, self.learning.good, self.learning.dissemination,
                      self.meetings.block):
            block.model.set_rows([])
        self.learning.themes.clear()

    def _open_referral(self) -> None:
        if self.review is not None and self.review.referral_id is not None:
            self.open_referral.emit(self.review.referral_id)
