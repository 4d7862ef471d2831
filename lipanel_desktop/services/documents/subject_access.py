"""A subject-access pack: everything held about one child — the referral as recorded,
the panel's decisions, the meetings that discussed it, the reviews with their findings
and recommendations, the combined chronology entries and the actions."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.models.decision import PanelDecision
from lipanel_desktop.models.meeting import AgendaItem, Meeting
from lipanel_desktop.models.review import Review
from lipanel_desktop.services.documents.action_plan import ActionRow, action_people, action_rows
from lipanel_desktop.services.documents.chronology import ChronologyRow, chronology_data
from lipanel_desktop.services.documents.common import DocumentMeta, Person, agency_names, label, make_meta, uk_date
from lipanel_desktop.services.documents.form_a import Conclusion, FormAData, conclusion_of, find_referral, form_a_data
from lipanel_desktop.services.documents.review_common import MeetingRow
from lipanel_desktop.services.documents.review_report import ReviewReportData, review_report_data
from lipanel_desktop.vocabulary.documents import DocumentKind
from lipanel_desktop.vocabulary.panel import MeetingKind


@dataclass(frozen=True)
class ReviewSection:
    report: ReviewReportData
    chronology: tuple[ChronologyRow, ...] = ()


@dataclass(frozen=True)
class SubjectAccessData:
    meta: DocumentMeta
    people: tuple[Person, ...] = ()
    form: FormAData | None = None
    decisions: tuple[Conclusion, ...] = ()
    meetings: tuple[MeetingRow, ...] = ()
    reviews: tuple[ReviewSection, ...] = ()
    actions: tuple[ActionRow, ...] = ()


def subject_access_data(session: Session, actor: str, reference: str) -> SubjectAccessData:
    referral = find_referral(session, reference)
    form = form_a_data(session, actor, referral.reference)
    agencies = agency_names(session)
    decisions = session.scalars(
        select(PanelDecision).where(PanelDecision.referral_id == referral.id).order_by(PanelDecision.decision_date, PanelDecision.id)
    ).all()
    meetings = session.execute(
        select(Meeting.kind, Meeting.meeting_date, Meeting.place, Meeting.reference)
        .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
        .where(AgendaItem.referral_id == referral.id)
        .order_by(Meeting.meeting_date)
    ).all()
    reviews = session.scalars(select(Review).where(Review.referral_id == referral.id).order_by(Review.id)).all()
    people = list(form.people)
    sections = []
    for review in reviews:
        report = review_report_data(session, actor, review.reference)
        chronology = chronology_data(session, actor, review.reference)
        people.extend(report.people)
        people.extend(chronology.people)
        sections.append(ReviewSection(replace(report, people=()), chronology.rows))
    pairs = action_rows(session, [r.id for r in reviews]) if reviews else []
    people.extend(action_people([a for a, _ in pairs]))
    kind = DocumentKind.SUBJECT_ACCESS
    meta = make_meta(session, actor, kind.value, kind.label, referral.reference, subject=referral.child_full_name)
    return SubjectAccessData(
        meta=meta,
        people=tuple(people),
        form=replace(form, meta=meta, people=()),
        decisions=tuple(c for c in (conclusion_of(session, d, agencies) for d in decisions) if c is not None),
        meetings=tuple(MeetingRow(label(MeetingKind, k), uk_date(d), "", p, ref) for k, d, p, ref in meetings),
        reviews=tuple(sections),
        actions=tuple(row for _, row in pairs),
    )
