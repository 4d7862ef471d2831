"""The panel meeting pack: cover, agenda, a summary page per referral, the decisions the
panel is asked to make, and the actions from the previous meeting's minutes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import KnownError
from lipanel_desktop.models.meeting import AgendaItem, Attendance, Meeting
from lipanel_desktop.models.referral import HouseholdMember, Referral, ReferralAgency
from lipanel_desktop.services.documents.common import (
    by_reference_or_number,
    DocumentMeta,
    Person,
    age_on,
    agency_names,
    dob,
    label,
    make_meta,
    staff,
    uk_date,
    uk_time,
)
from lipanel_desktop.services.documents.form_a import people_of
from lipanel_desktop.services.meeting_actions import previous_actions
from lipanel_desktop.vocabulary.documents import DocumentKind
from lipanel_desktop.vocabulary.form_a import CaseKind, IncidentType, ScrCriteria, Sex
from lipanel_desktop.vocabulary.panel import AttendanceStatus, Decision, InviteReason, MeetingKind, MeetingStatus


@dataclass(frozen=True)
class AttendeeRow:
    agency: str
    name: str = staff()
    role: str = ""
    status: str = ""
    reason: str = ""


@dataclass(frozen=True)
class AgendaRow:
    number: str
    title: str
    referral_reference: str = ""
    scr_likely: bool = False
    notes: str = ""


@dataclass(frozen=True)
class FamilyRow:
    name: str
    relationship: str = ""
    dob: str = dob()


@dataclass(frozen=True)
class ReferralSummary:
    reference: str
    child_name: str
    also_known_as: str = ""
    dob: str = dob()
    age: str = ""
    sex: str = ""
    incident_type: str = ""
    incident_date: str = ""
    referral_date: str = ""
    referring_agency: str = ""
    referrer: str = staff()
    summary: str = ""
    case_kind: str = ""
    expected_learning: str = ""
    scr_criteria: str = ""
    family: tuple[FamilyRow, ...] = ()
    agencies: tuple[str, ...] = ()
    scr_likely: bool = False


@dataclass(frozen=True)
class PreviousAction:
    description: str
    owner: str = staff()
    due: str = ""
    done: bool = False


@dataclass(frozen=True)
class MeetingPackData:
    meta: DocumentMeta
    people: tuple[Person, ...] = ()
    kind: str = ""
    status: str = ""
    date: str = ""
    time: str = ""
    place: str = ""
    chair_name: str = staff()
    chair_title: str = ""
    chair_reason: str = ""
    papers_deadline: str = ""
    attendance: tuple[AttendeeRow, ...] = ()
    agenda: tuple[AgendaRow, ...] = ()
    referrals: tuple[ReferralSummary, ...] = ()
    decision_options: tuple[str, ...] = ()
    previous_meeting: str = ""
    previous_actions: tuple[PreviousAction, ...] = ()


def find_meeting(session: Session, key: str) -> Meeting:
    text = (key or "").strip()
    query = by_reference_or_number(Meeting, text)
    meeting = session.scalars(query).first()
    if meeting is None:
        raise KnownError(f"There is no meeting {text!r}. Give its number or its reference.")
    return meeting


def _summary(session: Session, referral: Referral, agencies: dict[int, str], scr_likely: bool) -> tuple[ReferralSummary, list[Person]]:
    household = list(
        session.scalars(
            select(HouseholdMember).where(HouseholdMember.referral_id == referral.id).order_by(HouseholdMember.position)
        )
    )
    involved = session.scalars(
        select(ReferralAgency.agency_id).where(ReferralAgency.referral_id == referral.id).order_by(ReferralAgency.position)
    ).all()
    age = referral.age_years if referral.age_years is not None else age_on(referral.child_dob, referral.incident_date)
    summary = ReferralSummary(
        reference=referral.reference,
        child_name=referral.child_full_name,
        also_known_as=referral.child_also_known_as,
        dob=uk_date(referral.child_dob),
        age="" if age is None else str(age),
        sex=label(Sex, referral.sex),
        incident_type=label(IncidentType, referral.incident_type),
        incident_date=uk_date(referral.incident_date),
        referral_date=uk_date(referral.referral_date),
        referring_agency=referral.agency_name or agencies.get(referral.agency_id or 0, ""),
        referrer=referral.referrer_name,
        summary=referral.summary,
        case_kind=label(CaseKind, referral.case_kind),
        expected_learning=referral.expected_learning,
        scr_criteria=label(ScrCriteria, referral.scr_criteria),
        family=tuple(FamilyRow(m.full_name, m.relationship_to_child, uk_date(m.dob)) for m in household),
        agencies=tuple(agencies.get(a, "") for a in involved),
        scr_likely=scr_likely,
    )
    return summary, people_of(referral, household)


def meeting_pack_data(session: Session, actor: str, key: str) -> MeetingPackData:
    meeting = find_meeting(session, key)
    agencies = agency_names(session)
    attendance = session.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting.id).order_by(Attendance.position, Attendance.id)
    ).all()
    items = session.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting.id).order_by(AgendaItem.position, AgendaItem.id)
    ).all()
    people: list[Person] = []
    agenda: list[AgendaRow] = []
    summaries: list[ReferralSummary] = []
    for number, item in enumerate(items, start=1):
        referral = session.get(Referral, item.referral_id) if item.referral_id else None
        title = item.title or (f"Referral {referral.reference}" if referral else "")
        agenda.append(AgendaRow(str(number), title, referral.reference if referral else "", item.scr_criteria_likely, item.notes))
        if referral is not None:
            summary, found = _summary(session, referral, agencies, item.scr_criteria_likely)
            summaries.append(summary)
            people.extend(found)
    for row in attendance:
        if row.person_name:
            people.append(Person(row.person_name, "staff"))
    if meeting.chair_name:
        people.append(Person(meeting.chair_name, "staff"))

    earlier = previous_actions(session, meeting, open_only=False)
    previous = earlier.previous
    previous_actions_rows: list[PreviousAction] = []
    for action in earlier.actions:
        previous_actions_rows.append(PreviousAction(action.description, action.owner, uk_date(action.due_date), action.done))
        if action.owner:
            people.append(Person(action.owner, "staff"))

    times = " – ".join(t for t in (uk_time(meeting.start_time), uk_time(meeting.end_time)) if t)
    kind = label(MeetingKind, meeting.kind)
    return MeetingPackData(
        meta=make_meta(session, actor, DocumentKind.MEETING_PACK.value, DocumentKind.MEETING_PACK.label, meeting.reference,
                       subject=f"{kind}, {uk_date(meeting.meeting_date)}"),
        people=tuple(people),
        kind=kind,
        status=label(MeetingStatus, meeting.status),
        date=uk_date(meeting.meeting_date),
        time=times,
        place=meeting.place,
        chair_name=meeting.chair_name,
        chair_title=meeting.chair_title,
        chair_reason=meeting.chair_reason,
        papers_deadline=uk_date(meeting.papers_deadline),
        attendance=tuple(
            AttendeeRow(
                agencies.get(a.agency_id or 0, ""),
                a.person_name,
                a.person_role,
                label(AttendanceStatus, a.status),
                label(InviteReason, a.invite_reason) + (f": {a.invite_note}" if a.invite_note else ""),
            )
            for a in attendance
        ),
        agenda=tuple(agenda),
        referrals=tuple(summaries),
        decision_options=tuple(d.label for d in Decision),
        previous_meeting=f"{previous.kind_label}, {uk_date(previous.meeting_date)} ({previous.reference})" if previous else "",
        previous_actions=tuple(previous_actions_rows),
    )
