"""All the report services on one store: what the Workspace hands the Reports page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from lipanel_desktop.services.reports.agency_plan import AgencyPlanService
from lipanel_desktop.services.reports.dashboard_data import DashboardService
from lipanel_desktop.services.reports.dissemination import DisseminationService
from lipanel_desktop.services.reports.exception_report import ExceptionReportService
from lipanel_desktop.services.reports.highlight_report import HighlightReportService
from lipanel_desktop.storage.store import Store


class MonitoringReports:
    """The report services on one store, as the Reports page and printing use them."""

    def __init__(self, store: Store, clock: Callable[[], date] = date.today) -> None:
        self.exception = ExceptionReportService(store, clock)
        self.highlight = HighlightReportService(store, clock)
        self.dissemination = DisseminationService(store, clock)
        self.dashboard = DashboardService(store, clock)
        self.agency_plan = AgencyPlanService(store, clock)
