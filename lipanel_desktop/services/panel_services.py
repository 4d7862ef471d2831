"""The panel's services in one bundle (calendar, meetings, decisions, reviews, clock and
dashboard), so the workspace needs one entry for them and screens get them together.
Each is built on first use."""

from __future__ import annotations

from functools import cached_property

from lipanel_desktop.services.calendar import CalendarService
from lipanel_desktop.services.calendar_ics import CalendarExport
from lipanel_desktop.services.case_progress import CaseProgressService
from lipanel_desktop.services.decisions import DecisionService
from lipanel_desktop.services.meeting_actions import MeetingActionService
from lipanel_desktop.services.meeting_agenda import AgendaService
from lipanel_desktop.services.meeting_attendance import AttendanceService
from lipanel_desktop.services.meetings import MeetingService
from lipanel_desktop.services.review_agencies import ReviewAgencyService
from lipanel_desktop.services.review_closure import ReviewClosureService
from lipanel_desktop.services.review_findings import ReviewFindingsService
from lipanel_desktop.services.review_learning import ReviewLearningService
from lipanel_desktop.services.review_themes import ThemeService
from lipanel_desktop.services.review_workflow import ReviewWorkflow
from lipanel_desktop.services.reviews import ReviewService
from lipanel_desktop.services.statutory_clock import ClockService
from lipanel_desktop.storage.store import Store


class PanelServices:
    def __init__(self, store: Store) -> None:
        self.store = store

    @cached_property
    def calendar(self) -> CalendarService:
        return CalendarService(self.store)

    @cached_property
    def calendar_export(self) -> CalendarExport:
        return CalendarExport(self.store)

    @cached_property
    def meetings(self) -> MeetingService:
        return MeetingService(self.store)

    @cached_property
    def agenda(self) -> AgendaService:
        return AgendaService(self.store)

    @cached_property
    def meeting_actions(self) -> MeetingActionService:
        return MeetingActionService(self.store)

    @cached_property
    def attendance(self) -> AttendanceService:
        return AttendanceService(self.store)

    @cached_property
    def decisions(self) -> DecisionService:
        return DecisionService(self.store)

    @cached_property
    def reviews(self) -> ReviewService:
        return ReviewService(self.store)

    @cached_property
    def review_agencies(self) -> ReviewAgencyService:
        return ReviewAgencyService(self.store)

    @cached_property
    def review_learning(self) -> ReviewLearningService:
        return ReviewLearningService(self.store)

    @cached_property
    def review_findings(self) -> ReviewFindingsService:
        return ReviewFindingsService(self.store)

    @cached_property
    def themes(self) -> ThemeService:
        return ThemeService(self.store)

    @cached_property
    def closure(self) -> ReviewClosureService:
        return ReviewClosureService(self.store)

    @cached_property
    def workflow(self) -> ReviewWorkflow:
        return ReviewWorkflow(self.store)

    @cached_property
    def clock(self) -> ClockService:
        return ClockService(self.store)

    @cached_property
    def case_progress(self) -> CaseProgressService:
        return CaseProgressService(self.store)
