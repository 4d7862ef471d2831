"""Who attends a meeting, by agency: the core members as present / apologies / absent,
invited attendees with their reason, and conflicts of interest (a member whose agency is
involved in a case on the agenda)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import InvalidTransition, KnownError, ValidationError
from lipanel_desktop.models.meeting import Attendance, Meeting
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.models.referral import Referral, ReferralAgency
from lipanel_desktop.models.review import AgencyCheck, Review
from lipanel_desktop.services.field_checks import SHORT_TEXT, clean_text, uk
from lipanel_desktop.services.meetings import load
from lipanel_desktop.services.permissions import require
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.panel import AttendanceStatus, InviteReason, MeetingStatus
from lipanel_desktop.vocabulary.reviews import AgencyCheckStatus
from lipanel_desktop.vocabulary.roles import Permission


@dataclass(frozen=True)
class AttendanceRow:
    id: int
    agency_id: int | None
    agency_name: str
    person_name: str
    person_role: str
    status: str
    invite_reason: str
    invite_note: str
    #: "" or plain words: "Police is involved in LIP-2026-0004".
    conflict: str

    @property
    def status_label(self) -> str:
        return AttendanceStatus.label_of(self.status)

    @property
    def reason_label(self) -> str:
        return InviteReason.label_of(self.invite_reason)

    @property
    def is_core(self) -> bool:
        return self.invite_reason == InviteReason.CORE_MEMBER


@dataclass(frozen=True)
class AttendanceChange:
    id: int
    status: str
    person_name: str = ""
    person_role: str = ""


@dataclass(frozen=True)
class Invitee:
    person_name: str
    invite_reason: str
    agency_id: int | None = None
    person_role: str = ""
    invite_note: str = ""
    status: str = AttendanceStatus.EXPECTED.value


def involved_agencies(s: Session, meeting: Meeting) -> dict[int, list[str]]:
    """agency id -> references of the cases on the agenda that agency is involved in."""
    found: dict[int, list[str]] = defaultdict(list)
    referral_ids = [item.referral_id for item in meeting.agenda if item.referral_id]
    if meeting.review_id is not None:
        review = s.get(Review, meeting.review_id)
        if review is not None:
            for (agency_id,) in s.execute(
                select(AgencyCheck.agency_id).where(
                    AgencyCheck.review_id == review.id, AgencyCheck.status == AgencyCheckStatus.INVOLVED.value
                )
            ):
                found[agency_id].append(review.reference)
            if review.referral_id:
                referral_ids.append(review.referral_id)
    if referral_ids:
        referring = select(Referral.agency_id, Referral.reference).where(
            Referral.id.in_(referral_ids), Referral.agency_id.is_not(None)
        )
        listed = select(ReferralAgency.agency_id, Referral.reference).join(
            Referral, Referral.id == ReferralAgency.referral_id
        ).where(Referral.id.in_(referral_ids))
        for agency_id, reference in [*s.execute(referring), *s.execute(listed)]:
            if reference not in found[agency_id]:
                found[agency_id].append(reference)
    return found


def attendance_rows(s: Session, meeting: Meeting) -> list[AttendanceRow]:
    involved = involved_agencies(s, meeting)
    names = dict(s.execute(select(Agency.id, Agency.name)).all())
    rows = []
    for each in meeting.attendance:
        agency = names.get(each.agency_id, "") if each.agency_id else ""
        cases = involved.get(each.agency_id, []) if each.agency_id else []
        conflict = f"{agency} is involved in {', '.join(cases)}" if cases else ""
        rows.append(
            AttendanceRow(each.id, each.agency_id, agency, each.person_name, each.person_role, each.status,
                          each.invite_reason, each.invite_note, conflict)
        )
    return rows


def _check_status(status: str, meeting: Meeting, today: date, problems: dict[str, str], field: str) -> None:
    if status not in AttendanceStatus._value2member_map_:
        problems[field] = "Choose present, apologies, absent or expected."
    elif status in (AttendanceStatus.PRESENT, AttendanceStatus.ABSENT) and meeting.meeting_date > today:
        problems[field] = (
            f"The meeting is on {uk(meeting.meeting_date)}: record who was present or absent on or after that day "
            "(apologies can be recorded before)."
        )


class AttendanceService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def rows(self, meeting_id: int) -> list[AttendanceRow]:
        with self.store.read_session() as s:
            return attendance_rows(s, load(s, meeting_id))

    def record(self, meeting_id: int, changes: list[AttendanceChange], today: date | None = None) -> list[AttendanceRow]:
        """Record attendance for several rows at once; all are checked before any is saved."""
        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        today = today or date.today()
        with self.store.session() as s:
            meeting = self._changeable(s, meeting_id)
            by_id = {row.id: row for row in meeting.attendance}
            problems: dict[str, str] = {}
            cleaned = []
            for index, change in enumerate(changes):
                key = f"row{index}"
                row = by_id.get(change.id)
                if row is None:
                    raise KnownError("Someone else changed this meeting's attendance. Reopen the meeting and try again.")
                _check_status(change.status, meeting, today, problems, key)
                name = clean_text(change.person_name, field=key, label="The attendee's name", problems=problems, limit=SHORT_TEXT, multiline=False)
                role = clean_text(change.person_role, field=key, label="The attendee's role", problems=problems, limit=SHORT_TEXT, multiline=False)
                cleaned.append((row, change.status, name, role))
            if problems:
                raise ValidationError(problems)
            for row, status, name, role in cleaned:
                row.status, row.person_name, row.person_role = status, name, role
            s.flush()
            return attendance_rows(s, meeting)

    def invite(self, meeting_id: int, invitee: Invitee, today: date | None = None) -> list[AttendanceRow]:
        """Invite someone to present a case or give specialist advice."""
        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        today = today or date.today()
        problems: dict[str, str] = {}
        name = clean_text(invitee.person_name, field="person_name", label="The attendee's name", problems=problems,
                          limit=SHORT_TEXT, required=True, multiline=False)
        role = clean_text(invitee.person_role, field="person_role", label="The attendee's role", problems=problems,
                          limit=SHORT_TEXT, multiline=False)
        note = clean_text(invitee.invite_note, field="invite_note", label="The reason for inviting them", problems=problems,
                          limit=SHORT_TEXT * 5)
        if invitee.invite_reason not in InviteReason._value2member_map_ or invitee.invite_reason == InviteReason.CORE_MEMBER:
            problems["invite_reason"] = "Say why they are invited: presenting a referred case, specialist advice or other."
        elif invitee.invite_reason == InviteReason.OTHER and not note:
            problems["invite_note"] = "Say why they are invited."
        with self.store.session() as s:
            meeting = self._changeable(s, meeting_id)
            _check_status(invitee.status, meeting, today, problems, "status")
            if invitee.agency_id is not None and s.get(Agency, invitee.agency_id) is None:
                problems["agency_id"] = "That agency is not on the list any more."
            if problems:
                raise ValidationError(problems)
            position = max((row.position for row in meeting.attendance), default=-1) + 1
            meeting.attendance.append(
                Attendance(position=position, agency_id=invitee.agency_id, person_name=name, person_role=role,
                           status=invitee.status, invite_reason=invitee.invite_reason, invite_note=note)
            )
            s.flush()
            return attendance_rows(s, meeting)

    def remove(self, attendance_id: int) -> list[AttendanceRow]:
        """Take an invited attendee off the list (core members stay; record apologies instead)."""
        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        with self.store.session() as s:
            row = s.get(Attendance, attendance_id)
            if row is None:
                raise KnownError("That attendee is no longer on the list.")
            meeting = self._changeable(s, row.meeting_id)
            if row.invite_reason == InviteReason.CORE_MEMBER:
                raise InvalidTransition("Core members stay on the list; record their apologies or absence instead.")
            meeting.attendance.remove(row)
            s.flush()
            return attendance_rows(s, meeting)

    @staticmethod
    def _changeable(s: Session, meeting_id: int) -> Meeting:
        meeting = load(s, meeting_id)
        if meeting.status == MeetingStatus.CANCELLED:
            raise InvalidTransition(f"{meeting.reference} was cancelled, so its attendance cannot change.")
        return meeting


def conflict_count(s: Session, meeting_id: int) -> int:
    meeting = load(s, meeting_id)
    return sum(1 for row in attendance_rows(s, meeting) if row.conflict)


