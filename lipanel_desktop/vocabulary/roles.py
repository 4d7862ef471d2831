"""Roles and what each may do. Services check these; the GUI only mirrors them."""

from __future__ import annotations

from enum import StrEnum

from lipanel_desktop.vocabulary.choice import Choice


class Role(Choice):
    ADMINISTRATOR = "administrator", "Administrator"
    CHAIR = "chair", "Chair"
    PANEL_MEMBER = "panel-member", "Panel member"
    UNIT_ADMIN = "unit-admin", "Unit administrator"
    READ_ONLY = "read-only", "Read-only"


class Permission(StrEnum):
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    EDIT_REFERRALS = "edit_referrals"
    SCHEDULE_MEETINGS = "schedule_meetings"
    RECORD_DECISIONS = "record_decisions"
    RUN_REVIEWS = "run_reviews"
    EDIT_CHRONOLOGY = "edit_chronology"
    EDIT_ACTIONS = "edit_actions"
    SIGN_OFF_ACTIONS = "sign_off_actions"
    EXPORT_DOCUMENTS = "export_documents"
    VIEW_AUDIT = "view_audit"
    DUMP_DATA = "dump_data"
    DESTROY_RECORDS = "destroy_records"
    VIEW_RECORDS = "view_records"


_WORK = {
    Permission.VIEW_RECORDS,
    Permission.EDIT_REFERRALS,
    Permission.SCHEDULE_MEETINGS,
    Permission.RUN_REVIEWS,
    Permission.EDIT_CHRONOLOGY,
    Permission.EDIT_ACTIONS,
    Permission.EXPORT_DOCUMENTS,
}

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMINISTRATOR: frozenset(Permission),
    Role.CHAIR: frozenset(_WORK | {Permission.RECORD_DECISIONS, Permission.SIGN_OFF_ACTIONS}),
    Role.PANEL_MEMBER: frozenset(_WORK),
    Role.UNIT_ADMIN: frozenset(_WORK | {Permission.SIGN_OFF_ACTIONS, Permission.VIEW_AUDIT}),
    Role.READ_ONLY: frozenset({Permission.VIEW_RECORDS}),
}


def role_allows(role: str, permission: Permission) -> bool:
    return permission in PERMISSIONS.get(Role(role), frozenset())
