"""The Reviews section: the case progress dashboard as its landing view, each review
opened in its workspace, and decisions recorded straight from a referral."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.page import Page
from lipanel_desktop.views.pages.dashboard_view import DashboardView
from lipanel_desktop.views.pages.decisions_dialog import DecisionDialog
from lipanel_desktop.views.pages.reviews_workspace import ReviewWorkspace


class ReviewsPage(Page):
    topics = ("reviews", "decisions", "meetings", "referrals", "chronology", "actions", "settings")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        title = QLabel("Reviews")
        title.setObjectName("PageTitle")
        self.dashboard = DashboardView(ctx)
        self.workspace = ReviewWorkspace(ctx)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.dashboard)
        self.stack.addWidget(self.workspace)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.stack, 1)
        self.dashboard.open_review.connect(lambda review_id: self.open_item(review_id=review_id))
        self.dashboard.open_referral.connect(lambda referral_id: self.ctx.navigate("referrals", referral_id=referral_id))
        self.dashboard.decide_referral.connect(self.decide)
        self.workspace.back.connect(self.show_dashboard)
        self.workspace.open_meeting.connect(lambda meeting_id: self.ctx.navigate("calendar", meeting_id=meeting_id))
        self.workspace.open_referral.connect(lambda referral_id: self.ctx.navigate("referrals", referral_id=referral_id))
        self.workspace.progress.moved.connect(self.workspace.reload)

    # -- the Page contract ---------------------------------------------------------
    def refresh(self) -> None:
        if self.stack.currentWidget() is self.workspace:
            self.workspace.reload()
        else:
            self.dashboard.reload()

    def clear(self) -> None:
        self.dashboard.clear()
        self.workspace.clear()
        self.stack.setCurrentWidget(self.dashboard)

    def state(self) -> dict[str, Any]:
        review = self.workspace.review
        return {"filter": self.dashboard.filter.currentIndex(),
                "review_id": review.id if review is not None and self.stack.currentWidget() is self.workspace else None,
                "tab": self.workspace.tabs.currentIndex()}

    def restore(self, state: dict[str, Any]) -> None:
        if isinstance(state.get("filter"), int) and 0 <= state["filter"] < self.dashboard.filter.count():
            self.dashboard.filter.setCurrentIndex(state["filter"])
        if isinstance(state.get("review_id"), int):
            self.open_item(review_id=state["review_id"])
            if isinstance(state.get("tab"), int) and 0 <= state["tab"] < self.workspace.tabs.count():
                self.workspace.tabs.setCurrentIndex(state["tab"])

    def undo_stack(self) -> QUndoStack | None:
        """Edit > Undo works on the open review's undoable changes."""
        return self.workspace.undo

    def open_item(self, **kwargs: Any) -> None:
        """review_id=…: open that review; decide_referral=…: record the panel's decision on a referral."""
        review_id = kwargs.get("review_id")
        if isinstance(review_id, int):
            self.workspace.show_review(review_id)
            self.stack.setCurrentWidget(self.workspace)
            self.workspace.tabs.setCurrentIndex(0)
        referral_id = kwargs.get("decide_referral")
        if isinstance(referral_id, int):
            self.decide(referral_id, str(kwargs.get("reference", "")))

    def show_dashboard(self) -> None:
        self.stack.setCurrentWidget(self.dashboard)
        self.dashboard.reload()
        self.dashboard.view.setFocus()

    def decide(self, referral_id: int, reference: str) -> None:
        dialog = DecisionDialog(self.ctx, referral_id, reference, parent=self)
        if dialog.exec() and dialog.result_value is not None:
            outcome = dialog.result_value
            msgbox.inform(self, "Decision recorded", outcome.message)
            self.ctx.hub.changed.emit("reviews")
            if outcome.decision.review_id is not None:
                self.open_item(review_id=outcome.decision.review_id)
