"""The dissemination log: per review, what learning went where (Implementation and
Training Sub-groups, briefings, training sessions), when, to whom and how many people.
It is the last link of finding → recommendation → action → evidence → dissemination."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import KnownError
from lipanel_desktop.models.review import Dissemination, Finding, Recommendation, Review
from lipanel_desktop.services.action_checks import Problems
from lipanel_desktop.services.permissions import require
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.reviews import DisseminationChannel, ReviewKind, ReviewStage
from lipanel_desktop.vocabulary.roles import Permission

#: Most people one entry may record (a very large conference).
MOST_PEOPLE = 100_000


class DisseminationNotFound(KnownError):
    def __init__(self) -> None:
        super().__init__("That dissemination entry no longer exists. Refresh the log.")


class ReviewNotFound(KnownError):
    def __init__(self) -> None:
        super().__init__("That review no longer exists. Choose another.")


@dataclass(frozen=True)
class DisseminationInput:
    """One entry as typed: where the learning went, when, to whom, how many people."""

    channel: str
    held_on: date | None
    audience: str = ""
    people_count: int | None = None
    learning: str = ""


@dataclass(frozen=True)
class DisseminationEntry:
    """One recorded occasion on which a review's learning was passed on."""

    id: int
    review_id: int
    channel: str
    held_on: date | None
    audience: str
    people_count: int | None
    learning: str

    @property
    def channel_label(self) -> str:
        return DisseminationChannel.label_of(self.channel, self.channel)

    def as_input(self) -> DisseminationInput:
        return DisseminationInput(self.channel, self.held_on, self.audience, self.people_count, self.learning)


@dataclass(frozen=True)
class ChannelTotal:
    """How often learning went through one channel, and to how many people."""

    channel: str
    label: str
    occasions: int
    people: int


@dataclass(frozen=True)
class DisseminationLog:
    """The whole log for one review, ready to show or print.

    `entries` are oldest first (undated last); `totals` has one line per channel used, in
    the vocabulary's order; `findings` and `recommendations` say what the learning was."""

    review_id: int
    review_reference: str
    review_kind: str
    review_stage: str
    findings: tuple[str, ...]
    recommendations: tuple[str, ...]
    entries: tuple[DisseminationEntry, ...]
    totals: tuple[ChannelTotal, ...]

    @property
    def total_people(self) -> int:
        return sum(t.people for t in self.totals)

    @property
    def total_occasions(self) -> int:
        return len(self.entries)


@dataclass(frozen=True)
class ReviewChoice:
    """A review as offered in a chooser: its reference and kind, nothing about the child."""

    id: int
    reference: str
    kind: str

    @property
    def label(self) -> str:
        return f"{self.reference} ({ReviewKind.label_of(self.kind, self.kind)})"


def dissemination_entries(s: Session, review_id: int) -> tuple[DisseminationEntry, ...]:
    rows = s.execute(
        select(
            Dissemination.id,
            Dissemination.review_id,
            Dissemination.channel,
            Dissemination.held_on,
            Dissemination.audience,
            Dissemination.people_count,
            Dissemination.learning,
        )
        .where(Dissemination.review_id == review_id)
        .order_by(Dissemination.held_on.is_(None), Dissemination.held_on, Dissemination.id)
    )
    return tuple(DisseminationEntry(*row) for row in rows)


def channel_totals(entries: tuple[DisseminationEntry, ...]) -> tuple[ChannelTotal, ...]:
    totals = []
    for channel in DisseminationChannel:
        used = [e for e in entries if e.channel == channel.value]
        if used:
            totals.append(ChannelTotal(channel.value, channel.label, len(used), sum(e.people_count or 0 for e in used)))
    return tuple(totals)


def check_input(data: DisseminationInput, today: date) -> DisseminationInput:
    problems = Problems()
    channel = data.channel if data.channel in {c.value for c in DisseminationChannel} else None
    if channel is None:
        problems.add("channel", "Choose where the learning went from the list.")
    held_on = problems.day(
        data.held_on, "held_on", "Date", required=True, not_after=today, not_after_words="today: record what has happened"
    )
    audience = problems.text(data.audience, "audience", "Who it went to", required=True, limit=500)
    people = problems.whole_number(data.people_count, "people_count", "Number of people", minimum=0, maximum=MOST_PEOPLE)
    learning = problems.text(data.learning, "learning", "Learning shared", limit=4000)
    problems.raise_if_any()
    return DisseminationInput(channel or "", held_on, audience, people, learning)


class DisseminationService:
    def __init__(self, store: Store, clock: Callable[[], date] = date.today) -> None:
        self.store = store
        self.clock = clock

    def reviews(self) -> list[ReviewChoice]:
        """Reviews, newest first, for choosing whose log to show."""
        with self.store.read_session() as s:
            return [ReviewChoice(*row) for row in s.execute(select(Review.id, Review.reference, Review.kind).order_by(Review.id.desc()))]

    def log(self, review_id: int) -> DisseminationLog:
        with self.store.read_session() as s:
            review = s.get(Review, review_id)
            if review is None:
                raise ReviewNotFound()
            entries = dissemination_entries(s, review.id)
            findings = tuple(s.scalars(select(Finding.text).where(Finding.review_id == review.id).order_by(Finding.position, Finding.id)))
            recommendations = tuple(
                s.scalars(select(Recommendation.text).where(Recommendation.review_id == review.id).order_by(Recommendation.position, Recommendation.id))
            )
            return DisseminationLog(
                review.id,
                review.reference,
                ReviewKind.label_of(review.kind, review.kind),
                ReviewStage.label_of(review.stage, review.stage),
                findings,
                recommendations,
                entries,
                channel_totals(entries),
            )

    def add(self, review_id: int, data: DisseminationInput) -> DisseminationEntry:
        require(self.store.identity, Permission.EDIT_ACTIONS)
        clean = check_input(data, self.clock())
        with self.store.session() as s:
            if s.get(Review, review_id) is None:
                raise ReviewNotFound()
            row = Dissemination(review_id=review_id, **_columns(clean))
            s.add(row)
            s.flush()
            return _entry(row)

    def update(self, entry_id: int, data: DisseminationInput) -> DisseminationEntry:
        require(self.store.identity, Permission.EDIT_ACTIONS)
        clean = check_input(data, self.clock())
        with self.store.session() as s:
            row = s.get(Dissemination, entry_id)
            if row is None:
                raise DisseminationNotFound()
            for name, value in _columns(clean).items():
                setattr(row, name, value)
            s.flush()
            return _entry(row)

    def delete(self, entry_id: int) -> DisseminationEntry:
        """Remove an entry; returns what it was, so the screen can offer to put it back."""
        require(self.store.identity, Permission.EDIT_ACTIONS)
        with self.store.session() as s:
            row = s.get(Dissemination, entry_id)
            if row is None:
                raise DisseminationNotFound()
            entry = _entry(row)
            s.delete(row)
            return entry

    def people_reached(self, start: date, end: date) -> tuple[int, int]:
        """(occasions, people) of dissemination held between two dates, inclusive."""
        with self.store.read_session() as s:
            row = s.execute(
                select(func.count(Dissemination.id), func.coalesce(func.sum(Dissemination.people_count), 0)).where(
                    Dissemination.held_on.between(start, end)
                )
            ).one()
            return int(row[0]), int(row[1])


def _columns(data: DisseminationInput) -> dict[str, object]:
    return {
        "channel": data.channel,
        "held_on": data.held_on,
        "audience": data.audience,
        "people_count": data.people_count,
        "learning": data.learning,
    }


def _entry(row: Dissemination) -> DisseminationEntry:
    return DisseminationEntry(row.id, row.review_id, row.channel, row.held_on, row.audience, row.people_count, row.learning)
