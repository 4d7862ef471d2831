"""Role checks, made in services so that no screen or script can skip them."""

from __future__ import annotations

from lipanel_desktop.errors import NotPermitted
from lipanel_desktop.storage.store import Identity
from lipanel_desktop.vocabulary.roles import Permission, Role, role_allows

_WHAT = {
    Permission.MANAGE_USERS: "manage user accounts",
    Permission.MANAGE_SETTINGS: "change the organisation's settings",
    Permission.EDIT_REFERRALS: "change referrals",
    Permission.SCHEDULE_MEETINGS: "schedule or change meetings",
    Permission.RECORD_DECISIONS: "record a panel decision",
    Permission.RUN_REVIEWS: "change reviews",
    Permission.EDIT_CHRONOLOGY: "change chronologies",
    Permission.EDIT_ACTIONS: "change actions",
    Permission.SIGN_OFF_ACTIONS: "sign off actions for the Audit and Monitoring Sub-group",
    Permission.EXPORT_DOCUMENTS: "print or export documents",
    Permission.VIEW_AUDIT: "see the audit trail",
    Permission.DUMP_DATA: "dump the database",
    Permission.DESTROY_RECORDS: "destroy records",
    Permission.VIEW_RECORDS: "see records",
}


def allowed(identity: Identity, permission: Permission) -> bool:
    try:
        return role_allows(identity.role, permission)
    except ValueError:
        return False


def require(identity: Identity, permission: Permission) -> None:
    if not allowed(identity, permission):
        role = Role.label_of(identity.role, identity.role or "no role")
        raise NotPermitted(
            f"Your role ({role}) does not allow you to {_WHAT[permission]}. Ask an administrator if you need to."
        )
