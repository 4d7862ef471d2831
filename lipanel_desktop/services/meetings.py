"""Panel meetings: scheduling, the chair rules, moving through proposed -> confirmed ->
held (or cancelled), papers, minutes, and the plain summaries the screens show.

Attendance and conflicts of interest are in `meeting_attendance`, the agenda in
`meeting_agenda`; both call back into the chair rules here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import InvalidTransition, KnownError, ValidationError
from lipanel_desktop.models.decision import PanelDecision
from lipanel_desktop.models.meeting import AgendaItem, Attendance, Meeting
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.models.review import AgencyCheck, Review
from lipanel_desktop.services import organisation
from lipanel_desktop.services.field_checks import SHORT_TEXT, check_date, clean_text, uk
from lipanel_desktop.services.permissions import require
from lipanel_desktop.services.references import next_reference
from lipanel_desktop.services.working_days import add_working_days, why_not_working
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.panel import AttendanceStatus, InviteReason, MeetingKind, MeetingStatus
from lipanel_desktop.vocabulary.reviews import AgencyCheckStatus
from lipanel_desktop.vocabulary.roles import Permission

#: Meetings of the standing panel, to which the chair rules apply.
PANEL_KINDS = frozenset({MeetingKind.LEARNING_AND_IMPROVEMENT_PANEL, MeetingKind.SCR_CONSIDERATION_PANEL})
#: Meetings that belong to one review.
REVIEW_KINDS = frozenset({MeetingKind.MALR_FIRST, MeetingKind.MALR_SECOND, MeetingKind.SCR_PANEL})
OPEN_STATUSES = (MeetingStatus.PROPOSED.value, MeetingStatus.CONFIRMED.value)


@dataclass(frozen=True)
class MeetingData:
    """What a user types to schedule or move a meeting."""

    kind: str
    meeting_date: date | None
    start_time: time | None = None
    end_time: time | None = None
    place: str = ""
    #: None: the organisation's name for the chair's title (from the settings).
    chair_name: str | None = None
    review_id: int | None = None


@dataclass(frozen=True)
class MeetingSummary:
    id: int
    reference: str
    kind: str
    status: str
    meeting_date: date
    start_time: time | None
    end_time: time | None
    place: str
    chair_name: str
    chair_title: str
    chair_reason: str
    papers_deadline: date | None
    papers_sent_on: date | None
    review_id: int | None
    review_reference: str
    agenda_count: int
    minutes: str

    @property
    def kind_label(self) -> str:
        return MeetingKind.label_of(self.kind)

    @property
    def status_label(self) -> str:
        return MeetingStatus.label_of(self.status)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def when(self) -> str:
        """"Tue 10/02/2026, 10:00–12:00" for lists and headings."""
        text = f"{self.meeting_date:%a} {uk(self.meeting_date)}"
        if self.start_time:
            text += f", {self.start_time:%H:%M}"
            if self.end_time:
                text += f"–{self.end_time:%H:%M}"
        return text


@dataclass(frozen=True)
class ChairOutcome:
    """The result of a change that can move the chair; `message` tells the user why."""

    meeting: MeetingSummary
    message: str = ""


def chair_title_for(kind: str, settings: dict[str, Any]) -> tuple[str, str]:
    """(title, name) of who chairs a meeting of this kind by default."""
    if kind == MeetingKind.SCR_CONSIDERATION_PANEL:
        return settings["service_director_title"], settings["service_director_name"]
    if kind == MeetingKind.LEARNING_AND_IMPROVEMENT_PANEL:
        return settings["head_of_safeguarding_title"], settings["head_of_safeguarding_name"]
    if kind == MeetingKind.SCR_PANEL:
        return settings["independent_chair_title"], settings["independent_chair_name"]
    return "Chair of review", ""


def apply_chair_rules(s: Session, meeting: Meeting) -> str:
    """The policy's chair rules, applied after every agenda change. Returns what changed
    in plain words ("" if nothing did).

    A standing panel with any item flagged "SCR criteria likely" is an SCR Consideration
    Panel chaired by the Service Director; otherwise it is what it was scheduled as
    (a Learning and Improvement Panel chaired by the Head of Safeguarding, or an SCR
    Consideration Panel scheduled as such)."""
    scheduled = meeting.scheduled_kind or meeting.kind
    if scheduled not in PANEL_KINDS:
        return ""
    settings = organisation.read_all(s)
    flagged = [_item_label(s, item) for item in meeting.agenda if item.scr_criteria_likely]
    if flagged:
        kind = MeetingKind.SCR_CONSIDERATION_PANEL.value
        title, name = chair_title_for(kind, settings)
        reason = (
            f"{_join(flagged)} {'is' if len(flagged) == 1 else 'are'} flagged “SCR criteria likely”, "
            f"so the panel is an SCR Consideration Panel chaired by the {title}."
        )
    else:
        kind = scheduled
        title, name = chair_title_for(kind, settings)
        reason = (
            f"Scheduled as an SCR Consideration Panel, chaired by the {title}."
            if kind == MeetingKind.SCR_CONSIDERATION_PANEL
            else f"No agenda item is flagged “SCR criteria likely”, so the {title} chairs."
        )
    changed = kind != meeting.kind or title != meeting.chair_title
    meeting.chair_reason = reason
    if not changed:
        return ""
    meeting.kind = kind
    meeting.chair_title = title
    meeting.chair_name = name
    if flagged:
        return f"{meeting.reference} is now an SCR Consideration Panel chaired by the {title}: {reason}"
    return f"{meeting.reference} is a {MeetingKind.label_of(kind)} again, chaired by the {title}: {reason}"


def _item_label(s: Session, item: AgendaItem) -> str:
    if item.referral_id is not None:
        return referral_reference(s, item.referral_id)
    return f"“{item.title}”" if item.title else "an item"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def check_meeting_data(data: MeetingData, problems: dict[str, str]) -> tuple[MeetingData, str | None]:
    """Validated and cleaned data; the chair name is trimmed, None kept as None."""
    if data.kind not in MeetingKind._value2member_map_:
        problems["kind"] = "Choose the kind of meeting."
    day = check_date(data.meeting_date, field="meeting_date", label="The meeting date", problems=problems, required=True)
    for field, value, label in (("start_time", data.start_time, "The start time"), ("end_time", data.end_time, "The end time")):
        if value is not None and not isinstance(value, time):
            problems[field] = f"{label} must be a time of day."
    if isinstance(data.start_time, time) and isinstance(data.end_time, time):
        if data.end_time <= data.start_time:
            problems["end_time"] = "The meeting must end after it starts."
    elif data.end_time is not None and data.start_time is None:
        problems["start_time"] = "Give a start time as well as an end time."
    place = clean_text(data.place, field="place", label="The place", problems=problems, limit=SHORT_TEXT, multiline=False)
    chair = None
    if data.chair_name is not None:
        chair = clean_text(data.chair_name, field="chair_name", label="The chair's name", problems=problems, limit=SHORT_TEXT, multiline=False)
    if data.kind in REVIEW_KINDS and data.review_id is None:
        problems["review_id"] = "Choose the review this meeting belongs to."
    cleaned = MeetingData(data.kind, day, data.start_time, data.end_time, place, chair, data.review_id)
    warning = None
    if day is not None and why_not_working(day):
        warning = f"{uk(day)} is {why_not_working(day)}."
    return cleaned, warning


def new_meeting(s: Session, data: MeetingData, *, status: str = MeetingStatus.PROPOSED.value) -> Meeting:
    """Add a checked meeting with its default attendance, inside the caller's session."""
    assert data.meeting_date is not None
    settings = organisation.read_all(s)
    title, name = chair_title_for(data.kind, settings)
    if data.review_id is not None:
        review = s.get(Review, data.review_id)
        if review is None:
            raise KnownError("That review no longer exists.")
        if data.kind in (MeetingKind.MALR_FIRST, MeetingKind.MALR_SECOND) and review.chair_name:
            name = review.chair_name
    meeting = Meeting(
        reference=next_reference(s, "MTG", data.meeting_date.year, width=2),
        kind=data.kind,
        scheduled_kind=data.kind,
        status=status,
        meeting_date=data.meeting_date,
        start_time=data.start_time,
        end_time=data.end_time,
        place=data.place or settings["default_meeting_place"],
        chair_title=title,
        chair_name=data.chair_name if data.chair_name else name,
        papers_deadline=papers_deadline(data.meeting_date, settings),
        review_id=data.review_id,
    )
    s.add(meeting)
    for position, agency_id in enumerate(_default_attendees(s, data)):
        meeting.attendance.append(Attendance(position=position, agency_id=agency_id, invite_reason=InviteReason.CORE_MEMBER.value,
                                             status=AttendanceStatus.EXPECTED.value))
    s.flush()
    apply_chair_rules(s, meeting)
    return meeting


def papers_deadline(day: date, settings: dict[str, Any]) -> date:
    return add_working_days(day, -int(settings["papers_deadline_working_days"]))


def _default_attendees(s: Session, data: MeetingData) -> list[int]:
    """Core members for the standing panel; the agencies involved for a review's meetings."""
    if data.review_id is not None:
        return list(
            s.scalars(
                select(AgencyCheck.agency_id)
                .join(Agency, Agency.id == AgencyCheck.agency_id)
                .where(AgencyCheck.review_id == data.review_id, AgencyCheck.status != AgencyCheckStatus.NOT_INVOLVED.value)
                .order_by(Agency.position, Agency.name)
            )
        )
    return list(
        s.scalars(
            select(Agency.id).where(Agency.is_core_member.is_(True), Agency.active.is_(True)).order_by(Agency.position, Agency.name)
        )
    )


def load(s: Session, meeting_id: int) -> Meeting:
    meeting = s.get(Meeting, meeting_id)
    if meeting is None:
        raise KnownError("That meeting no longer exists. It may have been deleted by someone else.")
    return meeting


def require_open(meeting: Meeting, doing: str) -> None:
    if meeting.status not in OPEN_STATUSES:
        raise InvalidTransition(
            f"{meeting.reference} is {MeetingStatus.label_of(meeting.status).lower()}, so you cannot {doing}."
        )


def summaries(s: Session, where: Any = None, order: Any = None) -> list[MeetingSummary]:
    agenda_count = (
        select(func.count(AgendaItem.id)).where(AgendaItem.meeting_id == Meeting.id).correlate(Meeting).scalar_subquery()
    )
    query = (
        select(
            Meeting.id, Meeting.reference, Meeting.kind, Meeting.status, Meeting.meeting_date, Meeting.start_time,
            Meeting.end_time, Meeting.place, Meeting.chair_name, Meeting.chair_title, Meeting.chair_reason,
            Meeting.papers_deadline, Meeting.papers_sent_on, Meeting.review_id, func.coalesce(Review.reference, ""),
            agenda_count, Meeting.minutes,
        )
        .outerjoin(Review, Review.id == Meeting.review_id)
        .order_by(*(order if order is not None else (Meeting.meeting_date, Meeting.start_time, Meeting.id)))
    )
    if where is not None:
        query = query.where(where)
    return [MeetingSummary(*row) for row in s.execute(query)]


def summary_of(s: Session, meeting_id: int) -> MeetingSummary:
    found = summaries(s, Meeting.id == meeting_id)
    if not found:
        raise KnownError("That meeting no longer exists. It may have been deleted by someone else.")
    return found[0]


class MeetingService:
    def __init__(self, store: Store) -> None:
        self.store = store

    # -- reading ---------------------------------------------------------------------
    def get(self, meeting_id: int) -> MeetingSummary:
        with self.store.read_session() as s:
            return summary_of(s, meeting_id)

    def between(self, first: date, last: date) -> list[MeetingSummary]:
        with self.store.read_session() as s:
            return summaries(s, Meeting.meeting_date.between(first, last))

    def for_review(self, review_id: int) -> list[MeetingSummary]:
        with self.store.read_session() as s:
            return summaries(s, Meeting.review_id == review_id)

    def upcoming(self, today: date | None = None, limit: int = 50) -> list[MeetingSummary]:
        today = today or date.today()
        with self.store.read_session() as s:
            return summaries(s, (Meeting.meeting_date >= today) & Meeting.status.in_(OPEN_STATUSES))[:limit]

    # -- scheduling ------------------------------------------------------------------
    def schedule(self, data: MeetingData, *, confirmed: bool = False) -> ChairOutcome:
        """A new meeting. A date that is not a working day is refused with the reason."""
        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        problems: dict[str, str] = {}
        cleaned, not_working = check_meeting_data(data, problems)
        if not_working and "meeting_date" not in problems:
            problems["meeting_date"] = f"{not_working} Choose a working day."
        if problems:
            raise ValidationError(problems)
        with self.store.session() as s:
            status = MeetingStatus.CONFIRMED.value if confirmed else MeetingStatus.PROPOSED.value
            meeting = new_meeting(s, cleaned, status=status)
            s.flush()
            return ChairOutcome(summary_of(s, meeting.id), meeting.chair_reason if meeting.kind != data.kind else "")

    def update(self, meeting_id: int, data: MeetingData) -> ChairOutcome:
        """Move or change a meeting that has not yet been held; the papers deadline moves with it."""
        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        problems: dict[str, str] = {}
        cleaned, not_working = check_meeting_data(data, problems)
        if not_working and "meeting_date" not in problems:
            problems["meeting_date"] = f"{not_working} Choose a working day."
        if problems:
            raise ValidationError(problems)
        assert cleaned.meeting_date is not None
        with self.store.session() as s:
            meeting = load(s, meeting_id)
            require_open(meeting, "change it")
            if cleaned.review_id != meeting.review_id:
                raise KnownError("A meeting cannot be moved to another review; cancel it and schedule a new one.")
            settings = organisation.read_all(s)
            meeting.meeting_date = cleaned.meeting_date
            meeting.start_time, meeting.end_time = cleaned.start_time, cleaned.end_time
            meeting.place = cleaned.place
            meeting.papers_deadline = papers_deadline(cleaned.meeting_date, settings)
            message = ""
            if cleaned.kind != (meeting.scheduled_kind or meeting.kind):
                meeting.scheduled_kind = cleaned.kind
                if cleaned.kind not in PANEL_KINDS:
                    meeting.kind = cleaned.kind
                    meeting.chair_title, meeting.chair_name = chair_title_for(cleaned.kind, settings)
                message = apply_chair_rules(s, meeting)
            if cleaned.chair_name:
                meeting.chair_name = cleaned.chair_name
            s.flush()
            return ChairOutcome(summary_of(s, meeting.id), message)

    def confirm(self, meeting_id: int) -> MeetingSummary:
        return self._set_status(meeting_id, MeetingStatus.CONFIRMED, (MeetingStatus.PROPOSED,))

    def mark_held(self, meeting_id: int, today: date | None = None) -> MeetingSummary:
        """Held; referrals the panel did not reach go back to wait for the next one."""
        from lipanel_desktop.services.meeting_agenda import release_referrals

        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        today = today or date.today()
        with self.store.session() as s:
            meeting = load(s, meeting_id)
            self._check_move(meeting, MeetingStatus.HELD, (MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED))
            if meeting.meeting_date > today:
                raise InvalidTransition(
                    f"The meeting is on {uk(meeting.meeting_date)}; it can be marked as held on or after that day."
                )
            meeting.status = MeetingStatus.HELD.value
            s.flush()
            release_referrals(s, [item.referral_id for item in meeting.agenda if item.referral_id])
            return summary_of(s, meeting.id)

    def cancel(self, meeting_id: int) -> MeetingSummary:
        """Cancel; referrals on its agenda go back to waiting for a panel."""
        from lipanel_desktop.services.meeting_agenda import release_referrals

        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        with self.store.session() as s:
            meeting = load(s, meeting_id)
            self._check_move(meeting, MeetingStatus.CANCELLED, (MeetingStatus.PROPOSED, MeetingStatus.CONFIRMED))
            if s.scalar(select(func.count(PanelDecision.id)).where(PanelDecision.meeting_id == meeting_id)):
                raise InvalidTransition(f"Decisions have been recorded at {meeting.reference}, so it cannot be cancelled.")
            meeting.status = MeetingStatus.CANCELLED.value
            s.flush()
            release_referrals(s, [item.referral_id for item in meeting.agenda if item.referral_id])
            return summary_of(s, meeting.id)

    def delete(self, meeting_id: int) -> None:
        """Remove a meeting scheduled by mistake (never one that was held or has decisions)."""
        from lipanel_desktop.services.meeting_agenda import release_referrals

        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        with self.store.session() as s:
            meeting = load(s, meeting_id)
            if meeting.status == MeetingStatus.HELD:
                raise InvalidTransition(f"{meeting.reference} has been held, so it is part of the record and cannot be deleted.")
            if s.scalar(select(func.count(PanelDecision.id)).where(PanelDecision.meeting_id == meeting_id)):
                raise InvalidTransition(f"Decisions have been recorded at {meeting.reference}, so it cannot be deleted.")
            referrals = [item.referral_id for item in meeting.agenda if item.referral_id]
            s.delete(meeting)
            s.flush()
            release_referrals(s, referrals)

    def mark_papers_sent(self, meeting_id: int, on: date | None, today: date | None = None) -> MeetingSummary:
        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        today = today or date.today()
        problems: dict[str, str] = {}
        on = check_date(on, field="papers_sent_on", label="The date the papers went out", problems=problems, not_after=today)
        if problems:
            raise ValidationError(problems)
        with self.store.session() as s:
            meeting = load(s, meeting_id)
            if meeting.status == MeetingStatus.CANCELLED:
                raise InvalidTransition(f"{meeting.reference} was cancelled.")
            meeting.papers_sent_on = on
            s.flush()
            return summary_of(s, meeting.id)

    def save_minutes(self, meeting_id: int, text: str) -> MeetingSummary:
        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        problems: dict[str, str] = {}
        text = clean_text(text, field="minutes", label="The minutes", problems=problems, limit=100_000)
        if problems:
            raise ValidationError(problems)
        with self.store.session() as s:
            meeting = load(s, meeting_id)
            meeting.minutes = text
            s.flush()
            return summary_of(s, meeting.id)

    def _set_status(self, meeting_id: int, to: MeetingStatus, allowed_from: tuple[MeetingStatus, ...]) -> MeetingSummary:
        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        with self.store.session() as s:
            meeting = load(s, meeting_id)
            self._check_move(meeting, to, allowed_from)
            meeting.status = to.value
            s.flush()
            return summary_of(s, meeting.id)

    @staticmethod
    def _check_move(meeting: Meeting, to: MeetingStatus, allowed_from: tuple[MeetingStatus, ...]) -> None:
        if meeting.status not in allowed_from:
            raise InvalidTransition(
                f"{meeting.reference} is {MeetingStatus.label_of(meeting.status).lower()}; "
                f"only a {' or '.join(m.label.lower() for m in allowed_from)} meeting can be {to.label.lower()}."
            )


def referral_reference(s: Session, referral_id: int) -> str:
    return s.scalar(select(Referral.reference).where(Referral.id == referral_id)) or ""
