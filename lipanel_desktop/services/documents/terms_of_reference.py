"""Terms of reference for a review: issues, scope, period, agencies asked for
chronologies, chair, meetings and timescales."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.models.decision import PanelDecision
from lipanel_desktop.models.review import ChronologyRequest, Review
from lipanel_desktop.services.documents.common import DocumentMeta, Person, agency_names, label, make_meta, uk_date
from lipanel_desktop.services.documents.review_common import (
    MeetingRow,
    ReviewHeadline,
    find_review,
    headline,
    period_text,
    review_meetings,
    review_people,
)
from lipanel_desktop.vocabulary.documents import DocumentKind
from lipanel_desktop.vocabulary.reviews import RequestStatus


@dataclass(frozen=True)
class ChronologyAsk:
    agency: str
    requested: str = ""
    due: str = ""
    received: str = ""
    status: str = ""


@dataclass(frozen=True)
class TermsOfReferenceData:
    meta: DocumentMeta | None
    people: tuple[Person, ...] = ()
    review: ReviewHeadline | None = None
    issues: str = ""
    scope: str = ""
    period: str = ""
    chronologies: tuple[ChronologyAsk, ...] = ()
    meetings: tuple[MeetingRow, ...] = ()
    timescales: str = ""
    decision_date: str = ""


def _terms(session: Session, review: Review) -> TermsOfReferenceData:
    """The body shared by the terms of reference and the circulation pack (no meta)."""
    decision = session.get(PanelDecision, review.decision_id) if review.decision_id else None
    agencies = agency_names(session)
    requests = session.scalars(
        select(ChronologyRequest).where(ChronologyRequest.review_id == review.id).order_by(ChronologyRequest.id)
    ).all()
    period = period_text(review.period_from, review.period_to)
    if not period and decision is not None:
        period = period_text(decision.period_from, decision.period_to)
    return TermsOfReferenceData(
        meta=None,
        people=tuple(review_people(session, review)),
        review=headline(session, review),
        issues=review.issues_for_review or (decision.issues_for_review if decision else ""),
        scope=review.terms_of_reference or (decision.terms_of_reference_scope if decision else ""),
        period=period,
        chronologies=tuple(
            ChronologyAsk(
                agencies.get(r.agency_id, ""), uk_date(r.requested_on), uk_date(r.due_on), uk_date(r.received_on),
                label(RequestStatus, r.status),
            )
            for r in requests
        ),
        meetings=review_meetings(session, review),
        timescales=review.timescales,
        decision_date=uk_date(decision.decision_date) if decision else "",
    )


def terms_of_reference_data(session: Session, actor: str, key: str) -> TermsOfReferenceData:
    review = find_review(session, key)
    body = _terms(session, review)
    kind = DocumentKind.TERMS_OF_REFERENCE
    meta = make_meta(session, actor, kind.value, kind.label, review.reference, subject=body.review.child_name if body.review else "")
    return replace(body, meta=meta)
