"""What the review documents share: finding a review, its child and family (for the
redaction profiles), and its headline facts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import KnownError
from lipanel_desktop.models.meeting import Meeting
from lipanel_desktop.models.referral import HouseholdMember, Referral
from lipanel_desktop.models.review import Review, ReviewParticipant
from lipanel_desktop.services.documents.common import by_reference_or_number, Person, label, staff, uk_date, uk_time
from lipanel_desktop.services.documents.form_a import people_of
from lipanel_desktop.vocabulary.panel import MeetingKind, ReviewMethod
from lipanel_desktop.vocabulary.reviews import ReviewKind, ReviewStage


@dataclass(frozen=True)
class ReviewHeadline:
    reference: str
    kind: str
    method: str = ""
    stage: str = ""
    referral_reference: str = ""
    child_name: str = ""
    chair: str = staff()
    independent_reviewer: str = staff()
    period: str = ""
    started: str = ""
    due: str = ""


@dataclass(frozen=True)
class MeetingRow:
    kind: str
    date: str
    time: str = ""
    place: str = ""
    reference: str = ""


def find_review(session: Session, key: str) -> Review:
    text = (key or "").strip()
    query = by_reference_or_number(Review, text)
    review = session.scalars(query).first()
    if review is None:
        raise KnownError(f"There is no review {text!r}. Give its number or its reference.")
    return review


def review_people(session: Session, review: Review) -> list[Person]:
    """The child and family (from the referral) and everyone named on the review."""
    people: list[Person] = []
    if review.referral_id:
        referral = session.get(Referral, review.referral_id)
        if referral is not None:
            household = list(
                session.scalars(
                    select(HouseholdMember)
                    .where(HouseholdMember.referral_id == referral.id)
                    .order_by(HouseholdMember.position)
                )
            )
            people.extend(people_of(referral, household))
    for name in (review.chair_name, review.independent_reviewer):
        if name:
            people.append(Person(name, "staff"))
    for (name,) in session.execute(
        select(ReviewParticipant.person_name).where(ReviewParticipant.review_id == review.id)
    ):
        if name:
            people.append(Person(name, "staff"))
    return people


def period_text(start: object, end: object) -> str:
    if not start and not end:
        return ""
    return f"{uk_date(start) or 'the start'} to {uk_date(end) or 'the present'}"  # type: ignore[arg-type]


def headline(session: Session, review: Review) -> ReviewHeadline:
    referral = session.get(Referral, review.referral_id) if review.referral_id else None
    return ReviewHeadline(
        reference=review.reference,
        kind=label(ReviewKind, review.kind),
        method=label(ReviewMethod, review.method),
        stage=label(ReviewStage, review.stage),
        referral_reference=referral.reference if referral else "",
        child_name=referral.child_full_name if referral else "",
        chair=review.chair_name,
        independent_reviewer=review.independent_reviewer,
        period=period_text(review.period_from, review.period_to),
        started=uk_date(review.started_on),
        due=uk_date(review.due_on),
    )


def review_meetings(session: Session, review: Review) -> tuple[MeetingRow, ...]:
    rows = session.scalars(select(Meeting).where(Meeting.review_id == review.id).order_by(Meeting.meeting_date)).all()
    return tuple(
        MeetingRow(
            label(MeetingKind, m.kind),
            uk_date(m.meeting_date),
            " – ".join(t for t in (uk_time(m.start_time), uk_time(m.end_time)) if t),
            m.place,
            m.reference,
        )
        for m in rows
    )
