"""The MALR report or case summary: what happened, how the review was done, what it found,
what it recommends, the good practice it saw, and where the learning went."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.models.referral import Referral
from lipanel_desktop.models.review import AgencyCheck, Finding, GoodPractice, Recommendation, ReviewParticipant
from lipanel_desktop.services.documents.board_reports import DisseminationRow
from lipanel_desktop.services.documents.common import (
    DocumentMeta,
    Person,
    agency_names,
    label,
    make_meta,
    staff,
    uk_date,
)
from lipanel_desktop.services.documents.review_common import ReviewHeadline, find_review, headline, review_people
from lipanel_desktop.vocabulary.documents import DocumentKind
from lipanel_desktop.models.review import Dissemination
from lipanel_desktop.vocabulary.form_a import IncidentType
from lipanel_desktop.vocabulary.reviews import AgencyCheckStatus, DisseminationChannel, ParticipantRole


@dataclass(frozen=True)
class ParticipantRow:
    role: str
    agency: str = ""
    name: str = staff()
    job_title: str = ""


@dataclass(frozen=True)
class NumberedText:
    number: str
    text: str
    agency: str = ""
    date: str = ""


@dataclass(frozen=True)
class ReviewReportData:
    meta: DocumentMeta
    people: tuple[Person, ...] = ()
    review: ReviewHeadline | None = None
    report_kind: str = ""
    incident_type: str = ""
    incident_date: str = ""
    background: str = ""
    issues: str = ""
    scope: str = ""
    methodology: str = ""
    agencies_involved: tuple[str, ...] = ()
    participants: tuple[ParticipantRow, ...] = ()
    findings: tuple[NumberedText, ...] = ()
    recommendations: tuple[NumberedText, ...] = ()
    good_practice: tuple[NumberedText, ...] = ()
    report_text: str = ""
    reported_to_board: str = ""
    dissemination: tuple[DisseminationRow, ...] = ()


def review_report_data(session: Session, actor: str, key: str) -> ReviewReportData:
    review = find_review(session, key)
    agencies = agency_names(session)
    referral = session.get(Referral, review.referral_id) if review.referral_id else None
    checks = session.scalars(select(AgencyCheck).where(AgencyCheck.review_id == review.id).order_by(AgencyCheck.id)).all()
    participants = session.scalars(
        select(ReviewParticipant).where(ReviewParticipant.review_id == review.id).order_by(ReviewParticipant.id)
    ).all()
    findings = session.scalars(select(Finding).where(Finding.review_id == review.id).order_by(Finding.position, Finding.id)).all()
    recommendations = session.scalars(
        select(Recommendation).where(Recommendation.review_id == review.id).order_by(Recommendation.position, Recommendation.id)
    ).all()
    practice = session.scalars(
        select(GoodPractice).where(GoodPractice.review_id == review.id).order_by(GoodPractice.received_on, GoodPractice.id)
    ).all()
    dissemination = session.scalars(
        select(Dissemination).where(Dissemination.review_id == review.id).order_by(Dissemination.held_on)
    ).all()
    head = headline(session, review)
    kind = DocumentKind.REVIEW_REPORT
    report_kind = "Case summary" if review.report_kind == "summary" else "Review report"
    return ReviewReportData(
        meta=make_meta(session, actor, kind.value, f"{head.kind}: {report_kind.lower()}", review.reference,
                       subject=head.child_name),
        people=tuple(review_people(session, review)),
        review=head,
        report_kind=report_kind,
        incident_type=label(IncidentType, referral.incident_type) if referral else "",
        incident_date=uk_date(referral.incident_date) if referral else "",
        background=referral.summary if referral else "",
        issues=review.issues_for_review,
        scope=review.terms_of_reference,
        methodology=review.methodology,
        agencies_involved=tuple(
            agencies.get(c.agency_id, "") for c in checks if c.status == AgencyCheckStatus.INVOLVED.value
        ),
        participants=tuple(
            ParticipantRow(label(ParticipantRole, p.role), agencies.get(p.agency_id or 0, ""), p.person_name, p.job_title)
            for p in participants
        ),
        findings=tuple(NumberedText(str(n), f.text, date=uk_date(f.agreed_on)) for n, f in enumerate(findings, start=1)),
        recommendations=tuple(
            NumberedText(str(n), r.text, agencies.get(r.agency_id or 0, ""), uk_date(r.agreed_on))
            for n, r in enumerate(recommendations, start=1)
        ),
        good_practice=tuple(
            NumberedText(str(n), g.description, agencies.get(g.agency_id or 0, ""), uk_date(g.received_on))
            for n, g in enumerate(practice, start=1)
        ),
        report_text=review.report_text,
        reported_to_board=uk_date(review.reported_to_board_on),
        dissemination=tuple(
            DisseminationRow(review.reference, label(DisseminationChannel, d.channel), uk_date(d.held_on), d.audience,
                             "" if d.people_count is None else str(d.people_count))
            for d in dissemination
        ),
    )
