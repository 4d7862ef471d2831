"""The exception report (overdue and at-risk actions, with what is being done about them)
and the highlight report (progress in numbers and charts) that the Quality Assurance
Sub-group sends to the Board. Either covers the whole board, or one review."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lipanel_desktop.models.decision import PanelDecision
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.models.review import Dissemination, GoodPractice, Review
from lipanel_desktop.services.action_status import NEEDS_ATTENTION, STATUS_ORDER
from lipanel_desktop.services.documents.action_plan import ActionRow, action_people, action_rows
from lipanel_desktop.services.documents.common import DocumentMeta, Person, label, make_meta, uk_date
from lipanel_desktop.services.documents.review_common import find_review, review_people
from lipanel_desktop.vocabulary.documents import DocumentKind
from lipanel_desktop.vocabulary.panel import Decision
from lipanel_desktop.vocabulary.reviews import DisseminationChannel, ReviewKind, ReviewStage


@dataclass(frozen=True)
class ExceptionReportData:
    meta: DocumentMeta
    people: tuple[Person, ...] = ()
    scope: str = ""
    as_at: str = ""
    rows: tuple[ActionRow, ...] = ()
    overdue: int = 0
    at_risk: int = 0
    total_open: int = 0


@dataclass(frozen=True)
class Count:
    label: str
    value: int
    code: str = ""


@dataclass(frozen=True)
class AgencyCounts:
    agency: str
    counts: tuple[Count, ...]


@dataclass(frozen=True)
class ReviewProgress:
    reference: str
    kind: str
    stage: str
    actions: int
    complete: int
    overdue: int


@dataclass(frozen=True)
class DisseminationRow:
    review_reference: str
    channel: str
    date: str
    audience: str = ""
    people: str = ""


@dataclass(frozen=True)
class HighlightReportData:
    meta: DocumentMeta
    people: tuple[Person, ...] = ()
    scope: str = ""
    as_at: str = ""
    status_counts: tuple[Count, ...] = ()
    agency_counts: tuple[AgencyCounts, ...] = ()
    referrals_by_month: tuple[Count, ...] = ()
    decisions: tuple[Count, ...] = ()
    reviews: tuple[ReviewProgress, ...] = ()
    completed_recently: tuple[ActionRow, ...] = ()
    dissemination: tuple[DisseminationRow, ...] = ()
    good_practice_count: int = 0


def _scope(session: Session, key: str | None) -> tuple[list[int] | None, str, str, list[Person]]:
    """(review ids or None for all, scope words, document reference, people)."""
    if not key:
        return None, "All reviews", "Board", []
    review = find_review(session, key)
    return [review.id], f"Review {review.reference}", review.reference, review_people(session, review)


def exception_report_data(session: Session, actor: str, key: str | None = None, today: date | None = None) -> ExceptionReportData:
    today = today or date.today()
    ids, scope, reference, people = _scope(session, key)
    pairs = action_rows(session, ids, today)
    flagged = [row for _, row in pairs if row.status in NEEDS_ATTENTION]
    flagged.sort(key=lambda r: (r.agency.lower(), -r.days_overdue, r.reference))
    kind = DocumentKind.EXCEPTION_REPORT
    return ExceptionReportData(
        meta=make_meta(session, actor, kind.value, kind.label, f"{reference} {uk_date(today)}".strip()),
        people=tuple(people + action_people([a for a, _ in pairs])),
        scope=scope,
        as_at=uk_date(today),
        rows=tuple(flagged),
        overdue=sum(1 for r in flagged if r.status == "overdue"),
        at_risk=sum(1 for r in flagged if r.status == "at_risk"),
        total_open=sum(1 for _, r in pairs if r.status not in ("complete", "closed")),
    )


def _month_counts(session: Session, today: date) -> tuple[Count, ...]:
    start = date(today.year - 1, today.month, 1)
    months = []
    year, month = start.year, start.month
    for _ in range(12):
        month += 1
        if month > 12:
            year, month = year + 1, 1
        months.append((year, month))
    counted = Counter(
        (d.year, d.month)
        for (d,) in session.execute(select(Referral.referral_date).where(Referral.referral_date >= start))
        if d is not None
    )
    return tuple(Count(date(y, m, 1).strftime("%b %y"), counted.get((y, m), 0)) for y, m in months)


def highlight_report_data(session: Session, actor: str, key: str | None = None, today: date | None = None) -> HighlightReportData:
    today = today or date.today()
    ids, scope, reference, people = _scope(session, key)
    pairs = action_rows(session, ids, today)
    statuses = Counter(row.status for _, row in pairs)
    by_agency: dict[str, Counter[str]] = {}
    for _, row in pairs:
        by_agency.setdefault(row.agency, Counter())[row.status] += 1

    review_query = select(Review).order_by(Review.reference)
    if ids is not None:
        review_query = review_query.where(Review.id.in_(ids))
    reviews = list(session.scalars(review_query))
    progress = []
    for review in reviews:
        rows = [r for a, r in pairs if a.review_id == review.id]
        progress.append(
            ReviewProgress(
                review.reference, label(ReviewKind, review.kind), label(ReviewStage, review.stage), len(rows),
                sum(1 for r in rows if r.status in ("complete", "closed")), sum(1 for r in rows if r.status == "overdue"),
            )
        )
    recent = [
        row for action, row in pairs
        if action.completed_on is not None and (today - action.completed_on).days <= 92
    ]
    diss_query = select(Dissemination, Review.reference).join(Review, Review.id == Dissemination.review_id)
    if ids is not None:
        diss_query = diss_query.where(Dissemination.review_id.in_(ids))
    dissemination = [
        DisseminationRow(ref, label(DisseminationChannel, d.channel), uk_date(d.held_on), d.audience,
                         "" if d.people_count is None else str(d.people_count))
        for d, ref in session.execute(diss_query.order_by(Dissemination.held_on))
    ]
    gp_query = select(func.count(GoodPractice.id))
    decision_query = select(PanelDecision.decision, func.count()).where(PanelDecision.superseded.is_(False))
    if ids is not None:
        gp_query = gp_query.where(GoodPractice.review_id.in_(ids))
        decision_query = decision_query.where(PanelDecision.id.in_([r.decision_id for r in reviews if r.decision_id]))
    decisions = dict(session.execute(decision_query.group_by(PanelDecision.decision)).all())
    kind = DocumentKind.HIGHLIGHT_REPORT
    return HighlightReportData(
        meta=make_meta(session, actor, kind.value, kind.label, f"{reference} {uk_date(today)}".strip()),
        people=tuple(people + action_people([a for a, _ in pairs])),
        scope=scope,
        as_at=uk_date(today),
        status_counts=tuple(Count(s.label, statuses.get(s.value, 0), s.value) for s in STATUS_ORDER),
        agency_counts=tuple(
            AgencyCounts(agency, tuple(Count(s.label, counts.get(s.value, 0), s.value) for s in STATUS_ORDER))
            for agency, counts in sorted(by_agency.items())
        ),
        referrals_by_month=_month_counts(session, today) if ids is None else (),
        decisions=tuple(Count(d.label, int(decisions.get(d.value, 0)), d.value) for d in Decision),
        reviews=tuple(progress),
        completed_recently=tuple(recent),
        dissemination=tuple(dissemination),
        good_practice_count=int(session.scalar(gp_query) or 0),
    )
