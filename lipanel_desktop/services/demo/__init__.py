"""Demo data: realistic, obviously fictional, in every table (`lipanel-admin seed-demo`,
`lipanel --demo`).

Each area is a module with `seed(ctx: DemoContext)`, run in the order of `AREAS`; later
areas build on the plain records earlier ones leave in the context (see `context.py`).
To seed more of an area, edit its module or add one to `AREAS`.

Deterministic: the same `seed` on the same day gives identical data. Dates are relative
to the anchor day (`today`, by default the day it runs), so the demo always has past and
upcoming meetings and actions that are overdue now; each area draws from its own random
generator, so changing one area does not change the others.

Demo data goes only into a database with no casework yet (no referrals, meetings,
reviews or actions): mixing fictional families into real ones must be impossible.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, text

from lipanel_desktop.errors import KnownError, ValidationError
from lipanel_desktop.models.action import Action
from lipanel_desktop.models.meeting import Meeting
from lipanel_desktop.models.organisation import Agency, Theme
from lipanel_desktop.models.referral import ReferenceCounter, Referral
from lipanel_desktop.models.review import Review
from lipanel_desktop.services import organisation
from lipanel_desktop.services.demo import (
    actions,
    calendar,
    chronology,
    learning,
    names,
    panels,
    records,
    referrals,
    reviews,
)
from lipanel_desktop.services.demo.context import AgencyRef, DemoContext
from lipanel_desktop.services.permissions import require
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.roles import Permission

MIN_REFERRALS = 40
MAX_REFERRALS = 50_000
DEFAULT_REFERRALS = 200
MAX_SEED = 2**63 - 1
#: Page cache for the seeding transaction, in KiB (used only as the data grows).
CACHE_KIB = 64 * 1024

#: The areas, in the order they run.
AREAS: tuple[Callable[[DemoContext], None], ...] = (
    names.seed,
    calendar.seed,
    referrals.seed,
    panels.seed,
    reviews.seed,
    learning.seed,
    chronology.seed,
    actions.seed,
    records.seed,
)
#: Tables checked empty before seeding: the casework a real database would hold.
_CASEWORK = (Referral, Meeting, Review, Action)


@dataclass(frozen=True)
class SeedReport:
    seed: int
    anchor: date
    referrals: int
    #: Rows written, by table.
    counts: dict[str, int]


def check_request(referrals: object, seed: object) -> tuple[int, int]:
    """The request in plain words if it is wrong (nothing written)."""
    if isinstance(referrals, bool) or not isinstance(referrals, int):
        raise ValidationError({"referrals": "The number of referrals must be a whole number."})
    if not MIN_REFERRALS <= referrals <= MAX_REFERRALS:
        raise ValidationError(
            {"referrals": f"The number of referrals must be between {MIN_REFERRALS} and {MAX_REFERRALS:,}; "
             f"{referrals:,} was given."}
        )
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValidationError({"seed": "The seed must be a whole number from 0 to 9,223,372,036,854,775,807."})
    return referrals, seed


def seed_demo(
    store: Store, *, referrals: int = DEFAULT_REFERRALS, seed: int = 1, today: date | None = None
) -> SeedReport:
    """Fill an empty database with fictional demo data, in one transaction."""
    require(store.identity, Permission.MANAGE_SETTINGS)
    check_request(referrals, seed)
    anchor = today or date.today()
    with store.session() as s:
        # One big transaction: keep its pages in memory rather than spilling them to the
        # file mid-way (each spill syncs the journal). This connection is not reused.
        s.execute(text(f"PRAGMA cache_size = -{CACHE_KIB}"))
        for model in _CASEWORK:
            if s.scalar(select(func.count()).select_from(model)):
                raise KnownError(
                    "This database already holds casework, so demo data was not added: fictional "
                    "families must never be mixed with real ones. Seed a new, empty database instead."
                )
        ctx = DemoContext(session=s, seed=seed, today=anchor, referrals_wanted=referrals, user=store.identity.name)
        ctx.settings = organisation.read_all(s)
        ctx.agencies = [
            AgencyRef(row.id, row.name, row.is_core_member)
            for row in s.execute(
                select(Agency.id, Agency.name, Agency.is_core_member)
                .where(Agency.active.is_(True))
                .order_by(Agency.position, Agency.id)
            )
        ]
        ctx.theme_ids = list(s.scalars(select(Theme.id).where(Theme.active.is_(True)).order_by(Theme.id)))
        if len([a for a in ctx.agencies if a.core]) < 1 or len(ctx.agencies) < 8 or not ctx.theme_ids:
            raise KnownError("Demo data needs the standard agencies and themes lists; this database lacks them.")
        ctx.last_numbers = {(c.prefix, c.year): c.last_number for c in s.scalars(select(ReferenceCounter))}
        for area in AREAS:
            area(ctx)
        counts = {name: n for name, n in sorted(ctx.counts.items())}
    return SeedReport(seed=seed, anchor=anchor, referrals=referrals, counts=counts)
