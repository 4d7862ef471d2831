"""Form A, filled in: everything the paper form asks, with the panel's conclusion."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import KnownError
from lipanel_desktop.models.decision import DecisionAgency, PanelDecision
from lipanel_desktop.models.referral import HouseholdMember, Referral, ReferralAgency
from lipanel_desktop.services.documents.common import (
    by_reference_or_number,
    DocumentMeta,
    Person,
    address,
    age_on,
    agency_names,
    dob,
    label,
    make_meta,
    staff,
    uk_date,
    uk_time,
)
from lipanel_desktop.vocabulary.documents import DocumentKind
from lipanel_desktop.vocabulary.form_a import CaseKind, ReferralStatus, ScrCriteria, YesNoUnknown
from lipanel_desktop.vocabulary.panel import Decision, ReviewMethod


@dataclass(frozen=True)
class HouseholdRow:
    name: str
    dob: str = dob()
    relationship: str = ""
    address: str = address()


@dataclass(frozen=True)
class Conclusion:
    """The form's "Conclusion of Learning and Improvement Panel" block."""

    date: str = ""
    decision: str = ""
    method: str = ""
    reasons: str = ""
    issues: str = ""
    scope: str = ""
    period: str = ""
    chronology_agencies: tuple[str, ...] = ()
    chair_of_review: str = staff()
    first_meeting: str = ""
    second_meeting: str = ""


@dataclass(frozen=True)
class FormAData:
    meta: DocumentMeta
    people: tuple[Person, ...] = ()
    reference: str = ""
    status: str = ""
    # Child's Details
    child_name: str = ""
    also_known_as: str = ""
    dob: str = dob()
    incident_when: str = ""
    child_address: str = address()
    current_location: str = address()
    # Referral details
    referral_date: str = ""
    referrer_name: str = staff()
    ofsted_notified: str = ""  # a vocabulary code: the printed form ticks its box
    agency_name: str = ""
    agency_address: str = ""
    agency_telephone: str = ""
    agency_email: str = ""
    # A. Child's Details
    sex: str = ""
    age: str = ""
    ethnic_group: str = ""
    ethnic_other: str = ""
    immigration_status: str = ""
    # B. Household
    household: tuple[HouseholdRow, ...] = ()
    # C. Incident
    incident_type: str = ""
    summary: str = ""
    # Reason for the request
    case_kind: str = ""
    expected_learning: str = ""
    scr_criteria: str = ""
    on_child_protection_plan: str = ""
    whereabouts_at_incident: str = ""
    carer_at_incident: str = ""
    agencies_involved: tuple[str, ...] = ()
    conclusion: Conclusion | None = None
    blank: bool = False


def find_referral(session: Session, reference: str) -> Referral:
    """A referral by its reference (LIP-2026-0001) or its number."""
    text = (reference or "").strip()
    query = by_reference_or_number(Referral, text)
    referral = session.scalars(query).first()
    if referral is None:
        raise KnownError(f"There is no referral {text!r}. Check the reference (for example LIP-2026-0001).")
    return referral


def people_of(referral: Referral, household: list[HouseholdMember]) -> list[Person]:
    people = [
        Person(
            referral.child_full_name,
            "child",
            aliases=tuple(a.strip() for a in referral.child_also_known_as.replace(";", ",").split(",") if a.strip()),
            child_ref=referral.reference,
        )
    ]
    for member in household:
        people.append(Person(member.full_name, "family", role=member.relationship_to_child, child_ref=referral.reference))
    if referral.referrer_name:
        people.append(Person(referral.referrer_name, "staff"))
    return people


def latest_decision(session: Session, referral_id: int) -> PanelDecision | None:
    return session.scalars(
        select(PanelDecision)
        .where(PanelDecision.referral_id == referral_id, PanelDecision.superseded.is_(False))
        .order_by(PanelDecision.decision_date.desc(), PanelDecision.id.desc())
    ).first()


def conclusion_of(session: Session, decision: PanelDecision | None, agencies: dict[int, str]) -> Conclusion | None:
    if decision is None:
        return None
    chosen = session.scalars(
        select(DecisionAgency.agency_id).where(DecisionAgency.decision_id == decision.id).order_by(DecisionAgency.position)
    ).all()
    period = ""
    if decision.period_from or decision.period_to:
        period = f"{uk_date(decision.period_from) or 'the start'} to {uk_date(decision.period_to) or 'the present'}"
    return Conclusion(
        date=uk_date(decision.decision_date),
        decision=label(Decision, decision.decision),
        method=label(ReviewMethod, decision.review_method),
        reasons=decision.reasons,
        issues=decision.issues_for_review,
        scope=decision.terms_of_reference_scope,
        period=period,
        chronology_agencies=tuple(agencies.get(a, "") for a in chosen),
        chair_of_review=decision.chair_of_review,
        first_meeting=uk_date(decision.first_meeting_date),
        second_meeting=uk_date(decision.second_meeting_date),
    )


def form_a_data(session: Session, actor: str, reference: str) -> FormAData:
    referral = find_referral(session, reference)
    agencies = agency_names(session)
    household = list(
        session.scalars(
            select(HouseholdMember).where(HouseholdMember.referral_id == referral.id).order_by(HouseholdMember.position)
        )
    )
    involved = session.scalars(
        select(ReferralAgency.agency_id).where(ReferralAgency.referral_id == referral.id).order_by(ReferralAgency.position)
    ).all()
    age = referral.age_years if referral.age_years is not None else age_on(referral.child_dob, referral.incident_date)
    incident_when = " ".join(p for p in (uk_date(referral.incident_date), uk_time(referral.incident_time)) if p)
    return FormAData(
        meta=make_meta(session, actor, DocumentKind.FORM_A.value, DocumentKind.FORM_A.label, referral.reference,
                       subject=referral.child_full_name),
        people=tuple(people_of(referral, household)),
        reference=referral.reference,
        status=label(ReferralStatus, referral.status),
        child_name=referral.child_full_name,
        also_known_as=referral.child_also_known_as,
        dob=uk_date(referral.child_dob),
        incident_when=incident_when,
        child_address=referral.child_address,
        current_location=referral.child_current_location,
        referral_date=uk_date(referral.referral_date),
        referrer_name=referral.referrer_name,
        ofsted_notified=referral.ofsted_notified or "",
        agency_name=referral.agency_name or agencies.get(referral.agency_id or 0, ""),
        agency_address=referral.agency_address,
        agency_telephone=referral.agency_telephone,
        agency_email=referral.agency_email,
        sex=referral.sex or "",
        age="" if age is None else str(age),
        ethnic_group=referral.ethnic_group or "",
        ethnic_other=referral.ethnic_other,
        immigration_status=referral.immigration_status or "",
        household=tuple(
            HouseholdRow(m.full_name, uk_date(m.dob), m.relationship_to_child, m.full_address) for m in household
        ),
        incident_type=referral.incident_type or "",
        summary=referral.summary,
        case_kind=label(CaseKind, referral.case_kind),
        expected_learning=referral.expected_learning,
        scr_criteria=label(ScrCriteria, referral.scr_criteria),
        on_child_protection_plan=label(YesNoUnknown, referral.on_child_protection_plan),
        whereabouts_at_incident=referral.whereabouts_at_incident,
        carer_at_incident=referral.carer_at_incident,
        agencies_involved=tuple(agencies.get(a, "") for a in involved),
        conclusion=conclusion_of(session, latest_decision(session, referral.id), agencies),
    )


def blank_form_a_data(session: Session, actor: str) -> FormAData:
    """The form for agencies to fill in by hand: every box empty, every tick box clear."""
    meta = make_meta(session, actor, DocumentKind.BLANK_FORM_A.value, DocumentKind.BLANK_FORM_A.label, "Form A")
    return FormAData(meta=meta, blank=True)
