"""One unlocked database and the services on it: what the screens are given.

Views receive a `Workspace` in their constructor (no globals) and call its services.
Each service is built on first use, so start-up pays only for what is opened.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from lipanel_desktop.services.accounts import AccountService
from lipanel_desktop.services.action_progress import ActionProgressService
from lipanel_desktop.services.action_tracker import ActionTracker
from lipanel_desktop.services.actions import ActionService
from lipanel_desktop.services.organisation import OrganisationService
from lipanel_desktop.services.reports.monitoring import MonitoringReports
from lipanel_desktop.storage.store import Identity, Store

if TYPE_CHECKING:  # imported when first used, so start-up pays for none of them
    from lipanel_desktop.services.audit_log import AuditLogService
    from lipanel_desktop.services.backup_schedule import BackupSchedule
    from lipanel_desktop.services.chronology.entries import ChronologyService
    from lipanel_desktop.services.drafts import DraftService
    from lipanel_desktop.services.panel_services import PanelServices
    from lipanel_desktop.services.referral_register import ReferralRegister
    from lipanel_desktop.services.referrals import ReferralService
    from lipanel_desktop.services.retention import RetentionService


class Workspace:
    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def identity(self) -> Identity:
        return self.store.identity

    @cached_property
    def accounts(self) -> AccountService:
        return AccountService(self.store)

    @cached_property
    def organisation(self) -> OrganisationService:
        return OrganisationService(self.store)

    @cached_property
    def actions(self) -> ActionService:
        return ActionService(self.store)

    @cached_property
    def action_progress(self) -> ActionProgressService:
        return ActionProgressService(self.store)

    @cached_property
    def action_tracker(self) -> ActionTracker:
        return ActionTracker(self.store)

    @cached_property
    def reports(self) -> MonitoringReports:
        return MonitoringReports(self.store)

    @cached_property
    def referrals(self) -> ReferralService:
        from lipanel_desktop.services.referrals import ReferralService

        return ReferralService(self.store)

    @cached_property
    def referral_register(self) -> ReferralRegister:
        from lipanel_desktop.services.referral_register import ReferralRegister

        return ReferralRegister(self.store)

    @cached_property
    def drafts(self) -> DraftService:
        from lipanel_desktop.services.drafts import DraftService

        return DraftService(self.store)

    @cached_property
    def audit_log(self) -> AuditLogService:
        from lipanel_desktop.services.audit_log import AuditLogService

        return AuditLogService(self.store)

    @cached_property
    def backups(self) -> BackupSchedule:
        from lipanel_desktop.services.backup_schedule import BackupSchedule

        return BackupSchedule(self.store)

    @cached_property
    def retention(self) -> RetentionService:
        from lipanel_desktop.services.retention import RetentionService

        return RetentionService(self.store)

    @cached_property
    def panel(self) -> PanelServices:
        """Calendar, meetings, decisions, reviews, the statutory clock and the dashboard."""
        from lipanel_desktop.services.panel_services import PanelServices

        return PanelServices(self.store)

    @cached_property
    def chronology(self) -> ChronologyService:
        """Chronology entries; imports, templates and the analysis are in services/chronology/."""
        from lipanel_desktop.services.chronology.entries import ChronologyService

        return ChronologyService(self.store)

    def close(self) -> None:
        self.store.close()
