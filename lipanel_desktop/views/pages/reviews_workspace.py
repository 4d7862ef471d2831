"""One review's workspace: a heading and summary, then its progress (path, moves,
deadlines, the clock, closing), details, agencies, learning and meetings in tabs. Edit >
Undo works on what the tabs made undoable (removing where the learning went)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from lipanel_desktop.services.reviews import ReviewFields
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.pages.panel_widgets import button, button_row
from lipanel_desktop.views.pages.reviews_details import DetailsTab
from lipanel_desktop.views.pages.reviews_forms import uk
from lipanel_desktop.views.pages.reviews_learning import LearningTab
from lipanel_desktop.views.pages.reviews_progress import ProgressTab
from lipanel_desktop.views.pages.reviews_tabs import AgenciesTab, MeetingsTab
from lipanel_desktop.views.print_document import document_button
from lipanel_desktop.vocabulary.documents import Target
from lipanel_desktop.vocabulary.reviews import ReviewKind


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
        self.undo = QUndoStack(self)
        self.learning = LearningTab(ctx, self.undo)
        self.meetings = MeetingsTab(ctx)
        self.meetings.open_meeting.connect(self.open_meeting.emit)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Review")
        for widget, title in ((self.progress, "&Progress"), (self.details, "D&etails"), (self.agencies, "&Agencies"),
                              (self.learning, "&Learning"), (self.meetings, "&Meetings")):
            self.tabs.addTab(widget, title)
        # Terms of reference, circulation pack, action plan, report...: views/print_document.py.
        self.print_button = document_button(ctx, self, Target.REVIEW,
                                            lambda: str(self.review.id) if self.review is not None else None)
        bar, _ = button_row([self.back_button, self.referral_button, self.print_button])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(bar)
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
        self.progress.closure_label.clear()
        self.undo.clear()

    def _open_referral(self) -> None:
        if self.review is not None and self.review.referral_id is not None:
            self.open_referral.emit(self.review.referral_id)
