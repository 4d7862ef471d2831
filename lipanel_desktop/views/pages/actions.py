"""Actions: the tracker of every action across reviews, and the agency view of what one
agency owes. Monitoring reports built from the same actions are on the Reports page."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.page import Page
from lipanel_desktop.views.pages.actions_agency import AgencyView
from lipanel_desktop.views.pages.actions_tracker import TrackerView
from lipanel_desktop.views.print_document import document_button
from lipanel_desktop.vocabulary.documents import DocumentKind, Target


class ActionsPage(Page):
    topics = ("actions", "reviews", "decisions", "settings")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        title = QLabel("Actions")
        title.setObjectName("PageTitle")
        self.tracker = TrackerView(ctx)
        self.agency_view = AgencyView(ctx)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Actions views")
        self.tabs.addTab(self.tracker, "&Tracker")
        self.tabs.addTab(self.agency_view, "A&gency view")
        # A review's action plan as PDF (the review chosen in the tracker's filter): views/print_document.py.
        self.print_button = document_button(ctx, self, Target.REVIEW, self._filtered_review,
                                            kinds=(DocumentKind.ACTION_PLAN, DocumentKind.EXCEPTION_REPORT),
                                            missing="Choose a review in the tracker's Review filter first: the "
                                                    "action plan is printed for one review.")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        self.tracker.review_link.connect(lambda review_id: self.ctx.navigate("reviews", review_id=review_id))
        self._loaded_agency_view = False
        self.tabs.currentChanged.connect(self._tab_changed)

    def _filtered_review(self) -> str | None:
        review_id = self.tracker.filters.review.currentData()
        return str(review_id) if review_id else None

    def _tab_changed(self, index: int) -> None:
        # The header's button prints the tracker's review; the agency view has its own.
        self.print_button.setVisible(self.tabs.widget(index) is self.tracker)
        if self.tabs.widget(index) is self.agency_view and not self._loaded_agency_view:
            self._loaded_agency_view = True
            self.agency_view.reload()

    # -- the Page contract ------------------------------------------------------------------

    def refresh(self) -> None:
        self.tracker.reload()
        if self.tabs.currentWidget() is self.agency_view:
            self.agency_view.reload()
        else:
            self._loaded_agency_view = False  # rebuilt when next shown

    def clear(self) -> None:
        self.tracker.clear()
        self.agency_view.clear()
        self._loaded_agency_view = False

    def state(self) -> dict[str, Any]:
        return {"tab": self.tabs.currentIndex(), "tracker": self.tracker.state(), "agency": self.agency_view.state()}

    def restore(self, state: dict[str, Any]) -> None:
        tracker = state.get("tracker")
        if isinstance(tracker, dict):
            self.tracker.restore(tracker)
        tab = state.get("tab")
        if isinstance(tab, int) and 0 <= tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)
        agency = state.get("agency")
        if isinstance(agency, dict) and self.tabs.currentWidget() is self.agency_view:
            self.agency_view.restore(agency)

    def open_item(self, **kwargs: Any) -> None:
        """action_id=…: show that action; review_id=…: the tracker filtered to that review;
        agency_id=…: the agency view for that agency; new_for=("recommendation", id)
        or ("decision", id): start a new action for it."""
        action_id, review_id, agency_id = kwargs.get("action_id"), kwargs.get("review_id"), kwargs.get("agency_id")
        if isinstance(agency_id, int):
            self.tabs.setCurrentWidget(self.agency_view)
            self.agency_view.choose(agency_id)
            return
        self.tabs.setCurrentWidget(self.tracker)
        if isinstance(review_id, int):
            self.tracker.filters.reset()
            self.tracker.filters.review.setCurrentIndex(max(0, self.tracker.filters.review.findData(review_id)))
        if isinstance(action_id, int):
            if not self.tracker.select(action_id):
                self.tracker.filters.reset()
                self.tracker.select(action_id)
        new_for = kwargs.get("new_for")
        if isinstance(new_for, tuple) and len(new_for) == 2:
            self.tracker.new_action(preset_source=new_for)

    def new_item(self) -> bool:
        self.tabs.setCurrentWidget(self.tracker)
        self.tracker.new_action()
        return True

    def focus_search(self) -> bool:
        self.tabs.setCurrentWidget(self.tracker)
        self.tracker.filters.search.setFocus()
        self.tracker.filters.search.selectAll()
        return True

    def undo_stack(self) -> QUndoStack | None:
        return self.tracker.undo
