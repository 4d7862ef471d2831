"""A review's Progress tab: where it is on its path and what can happen next (each move
with what is still missing, in words), its deadlines with red / amber / green in words,
pausing the clock, and closing it early or re-opening it (a chair or administrator)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from lipanel_desktop.services.permissions import allowed
from lipanel_desktop.services.review_closure import EARLY_REASONS, EarlyClosure
from lipanel_desktop.services.review_workflow import MoveOption
from lipanel_desktop.services.reviews import ReviewFields
from lipanel_desktop.services.statutory_clock import Deadline
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.pages.panel_widgets import button, button_row, fit_columns, scrolling, table
from lipanel_desktop.views.pages.reviews_forms import QuickDialog, Spec, uk
from lipanel_desktop.views.tablemodels.panel_rows import Column, RowsModel
from lipanel_desktop.vocabulary.reviews import ClosureReason, ReviewKind, ReviewStage
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


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("SubHeading")
    label.setWordWrap(True)
    return label


class ProgressTab(QWidget):
    moved = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.review: ReviewFields | None = None
        self.open_pause = None
        identity = ctx.workspace.identity
        self.can_run = allowed(identity, Permission.RUN_REVIEWS)
        self.can_close = allowed(identity, Permission.RECORD_DECISIONS)
        self.path = QListWidget()
        self.path.setAccessibleName("Stages of the review")
        self.next_heading = heading("What can happen next")
        self.moves = QVBoxLayout()
        self.move_buttons: list[QPushButton] = []
        self.deadlines: RowsModel[Deadline] = RowsModel(DEADLINE_COLUMNS)
        self.deadline_view = table(self.deadlines, "Deadlines", rows=4)
        self.no_deadlines = QLabel("No deadline is open: nothing is owed by a date.")
        self.no_deadlines.setObjectName("Calm")
        self.no_deadlines.setWordWrap(True)
        self.pause_label = QLabel()
        self.pause_label.setWordWrap(True)
        self.pause_button = button("&Pause the clock…", "Pause the statutory clock", self.pause)
        self.resume_button = button("Re&start the clock…", "Restart the statutory clock", self.resume)
        for widget in (self.pause_button, self.resume_button):
            widget.setVisible(self.can_run)
        clock_bar, _ = button_row([self.pause_button, self.resume_button])
        self.closure_label = QLabel()
        self.closure_label.setWordWrap(True)
        self.closure_label.setAccessibleName("Closing history")
        self.close_button = button("Close &early…", "Close the review early, with the reason", self.close_early)
        self.reopen_button = button("Re-&open…", "Re-open a review closed wrongly", self.reopen)
        for widget in (self.close_button, self.reopen_button):
            widget.setVisible(self.can_close)
        closing_bar, _ = button_row([self.close_button, self.reopen_button])

        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.next_heading)
        column.addLayout(self.moves)
        column.addWidget(heading("Deadlines (working days; bank holidays excluded)"))
        column.addWidget(self.no_deadlines)
        column.addWidget(self.deadline_view, 1)
        column.addWidget(self.pause_label)
        column.addWidget(clock_bar)
        column.addWidget(heading("Closing"))
        column.addWidget(self.closure_label)
        column.addWidget(closing_bar)
        inner = QWidget()
        self.split = QBoxLayout(QBoxLayout.Direction.LeftToRight, inner)
        self.split.addWidget(self.path)
        self.split.addWidget(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolling(inner, "Progress"))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        """The path beside the rest when there is room; above it at 200% text or in a
        narrow window, so the moves and deadlines keep their width."""
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        wide = self.width() >= self.path.minimumWidth() + self.fontMetrics().horizontalAdvance("x") * 70
        self.split.setDirection(QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom)
        rows = max(1, self.path.count())
        frame = self.path.frameWidth() * 2 + self.path.spacing() * rows + 6
        self.path.setMaximumHeight(16_777_215 if wide else max(1, self.path.sizeHintForRow(0)) * rows + frame)

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
        fit_columns(self.deadline_view)
        self.no_deadlines.setVisible(not deadlines)
        self.deadline_view.setVisible(bool(deadlines))
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
        history = panel.closure.history(review.id)
        told = [row.describe for row in history]
        if not told:
            told = ["Open." if review.is_open else f"Closed on {uk(review.closed_on)}."]
        self.closure_label.setText("\n".join(told))
        self.close_button.setEnabled(review.is_open)
        self.reopen_button.setEnabled(not review.is_open)
        self._arrange()

    def _show_moves(self, options: list[MoveOption]) -> None:
        while self.moves.count():
            item = self.moves.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        self.move_buttons = []
        if not options:
            done = QLabel("This review is closed." if self.review and not self.review.is_open else "Nothing further.")
            done.setWordWrap(True)
            self.moves.addWidget(done)
            return
        previous: QWidget = self.path
        for option in options:
            widget = QPushButton(option.label)
            widget.setAccessibleName(option.label)
            widget.setAccessibleDescription(f"Moves the review to “{option.target_label}”.")
            widget.setEnabled(option.ready and self.can_run)
            widget.clicked.connect(lambda _c=False, target=option.target: self.move_to(target))
            self.moves.addWidget(widget)
            self.move_buttons.append(widget)
            words = f"Moves it to “{option.target_label}”."
            if option.blockers:
                words += " Still needed: " + " ".join(option.blockers)
            hint = QLabel(words)
            hint.setWordWrap(True)
            hint.setObjectName("Hint")
            self.moves.addWidget(hint)
            QWidget.setTabOrder(previous, widget)
            previous = widget

    # -- commands ------------------------------------------------------------------
    def move_to(self, target: str) -> None:
        if self.review is None:
            return
        review_id, workflow = self.review.id, self.ctx.workspace.panel.workflow
        if target == ReviewStage.CLOSED and msgbox.ask(self, "Close the review?", f"Close {self.review.reference}? "
                                                       "Only a chair or an administrator can re-open it.",
                                                       default_no=True) != msgbox.Answer.YES:
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

    def close_early(self) -> None:
        if self.review is None or not self.can_close:
            return
        review_id, closure = self.review.id, self.ctx.workspace.panel.closure
        others = tuple((str(i), label) for i, label in closure.merge_choices(review_id))
        dialog = QuickDialog(self.ctx, f"Close {self.review.reference} early", [
            Spec("reason", "&Why it closes", "combo", ClosureReason.FAMILY_MOVED.value,
                 tuple((r.value, r.label) for r in EARLY_REASONS)),
            Spec("merged", "&Merged into", "combo", "", (("", "Not merged"),) + others),
            Spec("note", "&Details", "text"),
            Spec("closed_on", "&Closed on", "date", date.today()),
        ], lambda v: closure.close_early(review_id, EarlyClosure(
            v["reason"], v["note"], int(v["merged"]) if v["merged"] else None, v["closed_on"])),
            changes="reviews", ok_text="Close the review", parent=self,
            note=f"It closes at “{self.review.stage_label}”: a chair or an administrator can re-open it there. "
                 "Its referral closes with it; its meetings still to come are cancelled.")
        if dialog.exec() and dialog.result_value is not None:
            msgbox.inform(self, "Review closed", dialog.result_value.message)
            self.moved.emit()

    def reopen(self) -> None:
        if self.review is None or not self.can_close:
            return
        review_id, closure = self.review.id, self.ctx.workspace.panel.closure
        dialog = QuickDialog(self.ctx, f"Re-open {self.review.reference}", [Spec("reason", "&Why it is re-opened", "text")],
                             lambda v: closure.reopen(review_id, v["reason"]), changes="reviews",
                             ok_text="Re-open the review", parent=self,
                             note="It returns to the stage it closed from, and its referral is in review again.")
        if dialog.exec() and dialog.result_value is not None:
            msgbox.inform(self, "Review re-opened", dialog.result_value.message)
            self.moved.emit()
