"""What the demo areas share while they seed: the session, the seed, the day the data is
anchored to, and plain records of what earlier areas made (so later areas can refer to
them without reading the database back).

Rows go in with bulk `insert()` (DESIGN.md performance notes) and ids chosen here, so
that one area can link to another's rows before anything is flushed.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

T = TypeVar("T")

#: Rows per INSERT statement: big enough to be fast, small enough to stay within
#: SQLite's bound-parameter limit whatever the table's width.
CHUNK = 500


@dataclass(frozen=True)
class AgencyRef:
    id: int
    name: str
    core: bool


@dataclass(frozen=True)
class Person:
    """A fictional professional: name, job title and a fictional contact."""

    name: str
    title: str
    contact: str


@dataclass
class ReferralPlan:
    id: int
    reference: str
    status: str
    referral_date: date
    child_name: str
    agency_id: int
    scr_likely: bool
    involved_agency_ids: list[int]
    period_from: date
    period_to: date
    #: The Learning and Improvement Panel whose agenda it is (or was) on.
    panel: "MeetingPlan | None" = None
    #: Past the first `DETAILED_REFERRALS`: closed with no further action (see referrals).
    historical: bool = False


@dataclass
class MeetingPlan:
    id: int
    kind: str
    status: str
    day: date


@dataclass
class DecisionPlan:
    id: int
    referral: ReferralPlan
    meeting: MeetingPlan
    decision: str
    method: str | None
    chair_of_review: str
    agency_ids: list[int]


@dataclass
class ReviewPlan:
    id: int
    reference: str
    kind: str
    stage: str
    stage_index: int
    path: tuple[str, ...]
    decision: DecisionPlan
    started_on: date
    agency_ids: list[int]
    involved_ids: list[int] = field(default_factory=list)
    received_ids: list[int] = field(default_factory=list)
    meeting_days: list[date] = field(default_factory=list)
    recommendation_ids: list[tuple[int, int | None, date]] = field(default_factory=list)

    def reached(self, stage: str) -> bool:
        """Has the review got to `stage` (or past it) on its path?"""
        return stage in self.path and self.path.index(stage) <= self.stage_index


@dataclass
class DemoContext:
    session: Session
    seed: int
    today: date
    referrals_wanted: int
    user: str
    agencies: list[AgencyRef] = field(default_factory=list)
    theme_ids: list[int] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    #: Fictional staff: "head", "director", "independent_chair", "unit" and, per agency
    #: id, the agency's panel representative.
    people: dict[str, Person] = field(default_factory=dict)
    representatives: dict[int, Person] = field(default_factory=dict)
    referrals: list[ReferralPlan] = field(default_factory=list)
    panels: list[MeetingPlan] = field(default_factory=list)
    decisions: list[DecisionPlan] = field(default_factory=list)
    reviews: list[ReviewPlan] = field(default_factory=list)
    action_ids: list[int] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    #: Last reference number issued per (prefix, year), written to reference_counters at
    #: the end so numbering carries on from the demo data.
    last_numbers: dict[tuple[str, int], int] = field(default_factory=dict)
    _next_ids: dict[str, int] = field(default_factory=dict)

    def rng(self, area: str) -> random.Random:
        """A generator per area, so one area's changes do not shift another's data."""
        return random.Random(f"lipanel-demo:{self.seed}:{area}")

    def stamp(self, day: date, hour: int = 10) -> datetime:
        """A deterministic timestamp for rows that record when they were made."""
        return datetime.combine(day, time(hour, 0))

    def reference(self, prefix: str, year: int, width: int = 4) -> str:
        """The next reference like LIP-2026-0042 (as `services.references` makes them)."""
        number = self.last_numbers.get((prefix, year), 0) + 1
        self.last_numbers[(prefix, year)] = number
        return f"{prefix}-{year}-{number:0{width}d}"

    def new_ids(self, model: type, count: int) -> list[int]:
        """`count` fresh primary keys for `model`, above anything already stored."""
        table = model.__table__  # type: ignore[attr-defined]
        name = table.name
        if name not in self._next_ids:
            highest = self.session.scalar(select(func.max(table.c.id)))
            self._next_ids[name] = (highest or 0) + 1
        first = self._next_ids[name]
        self._next_ids[name] = first + count
        return list(range(first, first + count))

    def new_id(self, model: type) -> int:
        return self.new_ids(model, 1)[0]

    def insert(self, model: type, rows: Sequence[dict[str, Any]]) -> None:
        """Bulk-insert plain dicts (audited as bulk statements, chunk by chunk)."""
        table_name = model.__table__.name  # type: ignore[attr-defined]
        for start in range(0, len(rows), CHUNK):
            self.session.execute(insert(model).execution_options(render_nulls=True), list(rows[start : start + CHUNK]))
        self.counts[table_name] += len(rows)


# -- choosing ---------------------------------------------------------------------------


def covering(rng: random.Random, index: int, choices: Sequence[T], weights: Sequence[float] | None = None) -> T:
    """The `index`-th pick: the first picks walk through every choice once (so each
    appears), later ones are weighted random."""
    if index < len(choices):
        return choices[index]
    return rng.choices(choices, weights=weights)[0]


def some(rng: random.Random, items: Sequence[T], low: int, high: int) -> list[T]:
    """Between `low` and `high` distinct items, in their original order."""
    count = min(len(items), rng.randint(low, high))
    chosen = set(rng.sample(range(len(items)), count))
    return [item for i, item in enumerate(items) if i in chosen]


# -- dates ------------------------------------------------------------------------------


def weekday_on_or_after(day: date, weekday: int = 0) -> date:
    """The first `weekday` (Monday 0) on or after `day`."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The `n`-th `weekday` of a month (second Tuesday: weekday 1, n 2)."""
    return weekday_on_or_after(date(year, month, 1), weekday) + timedelta(weeks=n - 1)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, 28))


def between(rng: random.Random, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randint(0, (end - start).days))


def not_after(day: date, limit: date) -> date:
    return min(day, limit)


def chunked(items: Iterable[T], size: int) -> Iterable[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
