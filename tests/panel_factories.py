"""Fictional referrals, users and agencies for the panel, meeting and review tests.

Referrals are written straight through the ORM (the referral screens have their own
tests); everything after submission goes through the real services.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.models.referral import Referral, ReferralAgency
from lipanel_desktop.services.accounts import AccountService
from lipanel_desktop.services.database import open_database
from lipanel_desktop.storage.store import Store

#: Obviously fictional names, so a leak in an export is easy to spot.
CHILD_NAMES = ("Zebedee Fictional-Testchild", "Marigold Madeup-Example", "Ptolemy Notreal-Person")
PASSWORD = "Another-Fictional-Pass-42"


def agency_id(store: Store, name: str) -> int:
    with store.read_session() as s:
        found = s.scalar(select(Agency.id).where(Agency.name == name))
        assert found is not None, name
        return found


def make_referral(
    store: Store,
    number: int,
    *,
    referral_date: date = date(2026, 1, 5),
    status: str = "submitted",
    scr_likely: bool = False,
    agencies: tuple[str, ...] = ("Police", "Health"),
    referring_agency: str = "Education",
    incident_type: str = "critical_incident",
) -> int:
    with store.session() as s:
        referring = s.scalar(select(Agency.id).where(Agency.name == referring_agency))
        referral = Referral(
            reference=f"LIP-{referral_date.year}-{number:04d}",
            status=status,
            child_full_name=CHILD_NAMES[number % len(CHILD_NAMES)],
            referral_date=referral_date,
            referrer_name="Fictional Referrer",
            agency_id=referring,
            agency_name=referring_agency,
            incident_type=incident_type,
            summary="A fictional summary for testing.",
            scr_criteria="likely" if scr_likely else "unlikely",
            submitted_at=datetime(referral_date.year, referral_date.month, referral_date.day, 9, 0),
            submitted_by="admin",
        )
        for position, name in enumerate(agencies):
            other = s.scalar(select(Agency.id).where(Agency.name == name))
            referral.agencies_involved.append(ReferralAgency(agency_id=other, position=position))
        s.add(referral)
        s.flush()
        return referral.id


def referral_status(store: Store, referral_id: int) -> str:
    with store.read_session() as s:
        referral = s.get(Referral, referral_id)
        assert referral is not None
        return referral.status


def store_as(store: Store, role: str, name: str | None = None) -> Store:
    """The same database opened by a new user with `role`."""
    name = name or role.replace("-", "")
    AccountService(store).add(name, role, PASSWORD)
    return open_database(Path(store.path), name, PASSWORD)


#: Tables that change when someone merely signs in and looks (the audit trail of who
#: opened what, the account's last sign-in, drafts of typing): left out of `fingerprint`.
LOOKING_LEAVES = frozenset({"audit_log", "accounts", "drafts"})


def fingerprint(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table (but `LOOKING_LEAVES`), to prove that nothing changed."""
    from sqlalchemy import text

    from lipanel_desktop.models.base import Base

    with store.read_session() as s:
        return {name: [tuple(row) for row in s.execute(text(f'SELECT * FROM "{name}" ORDER BY 1'))]
                for name in sorted(Base.metadata.tables) if name not in LOOKING_LEAVES}
