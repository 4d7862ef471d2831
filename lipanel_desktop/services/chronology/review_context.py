"""What the chronology needs to know about a review, read without touching the review
workflow: its reference, the period under review, the child's date of birth (for the age
at each event), and which agencies are involved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import KnownError
from lipanel_desktop.models.chronology import ChronologyEntry
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.models.review import AgencyCheck, ChronologyRequest, Review
from lipanel_desktop.vocabulary.reviews import AgencyCheckStatus, ReviewKind, ReviewStage


class ReviewNotFound(KnownError):
    """No review has that number or reference."""


@dataclass(frozen=True)
class AgencyRef:
    id: int
    name: str


@dataclass(frozen=True)
class ReviewInfo:
    id: int
    reference: str
    kind: str
    stage: str
    period_from: date | None
    period_to: date | None
    child_dob: date | None
    #: Agencies whose check says "involved", or from whom a chronology was requested.
    involved: tuple[AgencyRef, ...]
    #: Agencies whose check says they were not involved (their chronology is refused).
    not_involved: tuple[AgencyRef, ...]

    @property
    def kind_label(self) -> str:
        return ReviewKind.label_of(self.kind)

    @property
    def title(self) -> str:
        return f"{self.reference} · {self.kind_label}"

    def outside_period(self, first: date, last: date) -> bool:
        return (self.period_from is not None and last < self.period_from) or (
            self.period_to is not None and first > self.period_to
        )


@dataclass(frozen=True)
class ReviewChoice:
    id: int
    reference: str
    kind: str
    stage: str
    entries: int

    @property
    def label(self) -> str:
        closed = " (closed)" if self.stage == ReviewStage.CLOSED.value else ""
        count = f"{self.entries:,} entr{'y' if self.entries == 1 else 'ies'}"
        return f"{self.reference} · {ReviewKind.label_of(self.kind)}{closed} · {count}"


def find_review_id(s: Session, wanted: str | int) -> int:
    """A review by its number or its reference (MALR-2026-0003), as the CLI takes it."""
    text = str(wanted).strip()
    if text.isdigit():
        found = s.scalar(select(Review.id).where(Review.id == int(text)))
    else:
        found = s.scalar(select(Review.id).where(func.upper(Review.reference) == text.upper()))
    if found is None:
        raise ReviewNotFound(f"There is no review {text}. Give the review's number or its reference.")
    return int(found)


def review_info(s: Session, review_id: int) -> ReviewInfo:
    row = s.execute(
        select(Review.id, Review.reference, Review.kind, Review.stage, Review.period_from, Review.period_to,
               Referral.child_dob)
        .outerjoin(Referral, Referral.id == Review.referral_id)
        .where(Review.id == review_id)
    ).first()
    if row is None:
        raise ReviewNotFound(f"There is no review {review_id}.")
    checks = dict(s.execute(select(AgencyCheck.agency_id, AgencyCheck.status).where(AgencyCheck.review_id == review_id)).all())
    requested = set(s.scalars(select(ChronologyRequest.agency_id).where(ChronologyRequest.review_id == review_id)))
    names = dict(s.execute(select(Agency.id, Agency.name)).all())
    order = dict(s.execute(select(Agency.id, Agency.position)).all())
    involved = {a for a, status in checks.items() if status == AgencyCheckStatus.INVOLVED.value} | requested
    refused = {a for a, status in checks.items() if status == AgencyCheckStatus.NOT_INVOLVED.value} - requested

    def refs(ids: set[int]) -> tuple[AgencyRef, ...]:
        return tuple(AgencyRef(a, names[a]) for a in sorted(ids, key=lambda a: (order.get(a, 0), names[a])))

    return ReviewInfo(
        id=row.id, reference=row.reference, kind=row.kind, stage=row.stage,
        period_from=row.period_from, period_to=row.period_to, child_dob=row.child_dob,
        involved=refs(involved), not_involved=refs(refused),
    )


def child_name(s: Session, review_id: int) -> str:
    """Only for a template whose user ticked "include name"."""
    return s.scalar(
        select(Referral.child_full_name).join(Review, Review.referral_id == Referral.id).where(Review.id == review_id)
    ) or ""


def review_choices(s: Session) -> list[ReviewChoice]:
    counts = dict(s.execute(
        select(ChronologyEntry.review_id, func.count()).group_by(ChronologyEntry.review_id)
    ).all())
    rows = s.execute(select(Review.id, Review.reference, Review.kind, Review.stage).order_by(Review.id.desc())).all()
    return [ReviewChoice(r.id, r.reference, r.kind, r.stage, counts.get(r.id, 0)) for r in rows]


def all_agencies(s: Session) -> list[AgencyRef]:
    rows = s.execute(select(Agency.id, Agency.name).where(Agency.active.is_(True)).order_by(Agency.position, Agency.name))
    return [AgencyRef(r.id, r.name) for r in rows]


def find_agency(s: Session, name: str) -> AgencyRef:
    """An agency by name, ignoring case and extra spaces, as the CLI's --agency takes it."""
    wanted = " ".join(name.split()).lower()
    rows = s.execute(select(Agency.id, Agency.name)).all()
    for row in rows:
        if row.name.lower() == wanted:
            return AgencyRef(row.id, row.name)
    near = [r.name for r in rows if wanted and wanted in r.name.lower()]
    hint = f" Did you mean {' or '.join(near[:3])}?" if near else " The agencies list is in Administration."
    raise KnownError(f"There is no agency called “{name.strip()}”.{hint}")
