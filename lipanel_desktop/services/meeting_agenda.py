"""A panel's agenda: submitted referrals awaiting a decision, oldest first, plus any
other items; editable, each item linked to its referral. Flagging an item "SCR criteria
likely" re-applies the chair rules (see `meetings.apply_chair_rules`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import InvalidTransition, KnownError, ValidationError
from lipanel_desktop.models.decision import PanelDecision
from lipanel_desktop.models.meeting import AgendaItem, Meeting
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.services.field_checks import SHORT_TEXT, clean_text
from lipanel_desktop.services.meetings import (
    OPEN_STATUSES,
    PANEL_KINDS,
    ChairOutcome,
    apply_chair_rules,
    load,
    require_open,
    summary_of,
)
from lipanel_desktop.services.permissions import require
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.form_a import IncidentType, ReferralStatus, ScrCriteria
from lipanel_desktop.vocabulary.panel import Decision
from lipanel_desktop.vocabulary.roles import Permission

WAITING = (ReferralStatus.SUBMITTED.value, ReferralStatus.ON_AGENDA.value)


@dataclass(frozen=True)
class AwaitingReferral:
    """A submitted referral that no panel has decided yet."""

    referral_id: int
    reference: str
    referral_date: date | None
    agency_name: str
    incident_type: str | None
    scr_likely: bool
    #: The open meeting whose agenda it is on, if any.
    on_agenda_of: str

    @property
    def incident_label(self) -> str:
        return IncidentType.label_of(self.incident_type, "Incident type not given")


@dataclass(frozen=True)
class AgendaRow:
    id: int
    position: int
    referral_id: int | None
    referral_reference: str
    title: str
    scr_criteria_likely: bool
    notes: str
    #: The panel's current decision on the referral ("" while undecided).
    decision: str
    decision_id: int | None

    @property
    def decision_label(self) -> str:
        return Decision.label_of(self.decision, "Not yet decided")


def _open_agenda_meeting(referral_id_col: object) -> object:
    return (
        select(Meeting.reference)
        .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
        .where(AgendaItem.referral_id == referral_id_col, Meeting.status.in_(OPEN_STATUSES))
        .order_by(Meeting.meeting_date)
        .limit(1)
        .scalar_subquery()
    )


def awaiting(s: Session) -> list[AwaitingReferral]:
    """Submitted referrals without a current decision, oldest first."""
    decided = select(PanelDecision.referral_id).where(PanelDecision.superseded.is_(False))
    rows = s.execute(
        select(
            Referral.id,
            Referral.reference,
            Referral.referral_date,
            func.coalesce(Agency.name, Referral.agency_name, ""),
            Referral.incident_type,
            Referral.scr_criteria,
            func.coalesce(_open_agenda_meeting(Referral.id), ""),
        )
        .outerjoin(Agency, Agency.id == Referral.agency_id)
        .where(Referral.status.in_(WAITING), Referral.id.not_in(decided))
        .order_by(Referral.referral_date.is_(None), Referral.referral_date, Referral.submitted_at, Referral.id)
    )
    return [
        AwaitingReferral(rid, ref, day, agency, incident, scr == ScrCriteria.LIKELY.value, on)
        for rid, ref, day, agency, incident, scr, on in rows
    ]


def release_referrals(s: Session, referral_ids: Iterable[int]) -> None:
    """Referrals no longer on any open agenda (and undecided) go back to "submitted"."""
    for referral_id in set(referral_ids):
        referral = s.get(Referral, referral_id)
        if referral is None or referral.status != ReferralStatus.ON_AGENDA:
            continue
        still_listed = s.scalar(
            select(func.count(AgendaItem.id))
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(AgendaItem.referral_id == referral_id, Meeting.status.in_(OPEN_STATUSES))
        )
        if not still_listed:
            referral.status = ReferralStatus.SUBMITTED.value


def agenda_rows(s: Session, meeting_id: int) -> list[AgendaRow]:
    current = (
        select(PanelDecision.id, PanelDecision.referral_id, PanelDecision.decision)
        .where(PanelDecision.superseded.is_(False))
        .subquery()
    )
    rows = s.execute(
        select(
            AgendaItem.id,
            AgendaItem.position,
            AgendaItem.referral_id,
            func.coalesce(Referral.reference, ""),
            AgendaItem.title,
            AgendaItem.scr_criteria_likely,
            AgendaItem.notes,
            func.coalesce(current.c.decision, ""),
            current.c.id,
        )
        .outerjoin(Referral, Referral.id == AgendaItem.referral_id)
        .outerjoin(current, and_(current.c.referral_id == AgendaItem.referral_id, AgendaItem.referral_id.is_not(None)))
        .where(AgendaItem.meeting_id == meeting_id)
        .order_by(AgendaItem.position, AgendaItem.id)
    )
    # Numbered 0, 1, 2... in agenda order, whatever gaps deletions left.
    return [AgendaRow(row[0], number, *row[2:]) for number, row in enumerate(rows)]


def _item_title(s: Session, referral: Referral) -> str:
    """A title without the child's name: reference, incident type and referring agency."""
    agency = s.scalar(select(Agency.name).where(Agency.id == referral.agency_id)) if referral.agency_id else None
    agency = agency or referral.agency_name or "agency not given"
    incident = IncidentType.label_of(referral.incident_type, "incident type not given")
    return f"{referral.reference} — {incident}, referred by {agency}"


class AgendaService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def awaiting(self) -> list[AwaitingReferral]:
        with self.store.read_session() as s:
            return awaiting(s)

    def rows(self, meeting_id: int) -> list[AgendaRow]:
        with self.store.read_session() as s:
            load(s, meeting_id)
            return agenda_rows(s, meeting_id)

    def build(self, meeting_id: int) -> ChairOutcome:
        """Add every waiting referral not on another open agenda, oldest first."""
        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        with self.store.session() as s:
            meeting = self._panel(s, meeting_id, "build its agenda")
            listed = {item.referral_id for item in meeting.agenda}
            added = [a.referral_id for a in awaiting(s) if not a.on_agenda_of and a.referral_id not in listed]
            if not added:
                raise KnownError("No submitted referral is waiting for a panel: the agenda has everything already.")
            for referral_id in added:
                self._append_referral(s, meeting, referral_id)
            return self._after_change(s, meeting)

    def add_referral(self, meeting_id: int, referral_id: int) -> ChairOutcome:
        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        with self.store.session() as s:
            meeting = self._panel(s, meeting_id, "change its agenda")
            waiting = {a.referral_id: a for a in awaiting(s)}
            if referral_id not in waiting:
                raise InvalidTransition("Only a submitted referral awaiting a decision can go on an agenda.")
            if waiting[referral_id].on_agenda_of:
                raise InvalidTransition(f"That referral is already on the agenda of {waiting[referral_id].on_agenda_of}.")
            self._append_referral(s, meeting, referral_id)
            return self._after_change(s, meeting)

    def add_item(self, meeting_id: int, title: str) -> ChairOutcome:
        """An item that is not a referral ("Good practice examples", "Minutes of the last meeting")."""
        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        problems: dict[str, str] = {}
        title = clean_text(title, field="title", label="The item's title", problems=problems, limit=SHORT_TEXT, required=True, multiline=False)
        if problems:
            raise ValidationError(problems)
        with self.store.session() as s:
            meeting = load(s, meeting_id)
            require_open(meeting, "change its agenda")
            meeting.agenda.append(AgendaItem(position=self._next_position(meeting), title=title))
            return self._after_change(s, meeting)

    def update_item(self, item_id: int, *, scr_criteria_likely: bool, notes: str) -> ChairOutcome:
        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        problems: dict[str, str] = {}
        notes = clean_text(notes, field="notes", label="The notes", problems=problems)
        if not isinstance(scr_criteria_likely, bool):
            problems["scr_criteria_likely"] = "Say whether the SCR criteria look likely to be met."
        if problems:
            raise ValidationError(problems)
        with self.store.session() as s:
            item = self._item(s, item_id)
            require_open(item.meeting, "change its agenda")
            item.scr_criteria_likely = scr_criteria_likely
            item.notes = notes
            return self._after_change(s, item.meeting)

    def remove_item(self, item_id: int) -> ChairOutcome:
        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        with self.store.session() as s:
            item = self._item(s, item_id)
            meeting = item.meeting
            require_open(meeting, "change its agenda")
            if item.referral_id and s.scalar(
                select(func.count(PanelDecision.id)).where(
                    PanelDecision.referral_id == item.referral_id, PanelDecision.meeting_id == meeting.id
                )
            ):
                raise InvalidTransition("The panel has recorded a decision on this item, so it stays on the agenda.")
            referral_id = item.referral_id
            meeting.agenda.remove(item)
            s.flush()
            for position, each in enumerate(meeting.agenda):
                each.position = position
            if referral_id:
                release_referrals(s, [referral_id])
            return self._after_change(s, meeting)

    def move_item(self, item_id: int, offset: int) -> list[AgendaRow]:
        """Move an item up (negative) or down the agenda."""
        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        with self.store.session() as s:
            item = self._item(s, item_id)
            meeting = item.meeting
            require_open(meeting, "change its agenda")
            items = list(meeting.agenda)
            index = items.index(item)
            target = max(0, min(len(items) - 1, index + offset))
            items.insert(target, items.pop(index))
            for position, each in enumerate(items):
                each.position = position
            s.flush()
            return agenda_rows(s, meeting.id)

    # -- helpers ---------------------------------------------------------------------
    def _panel(self, s: Session, meeting_id: int, doing: str) -> Meeting:
        meeting = load(s, meeting_id)
        require_open(meeting, doing)
        if (meeting.scheduled_kind or meeting.kind) not in PANEL_KINDS:
            raise InvalidTransition("Referrals go on the agenda of a Learning and Improvement Panel, not of a review meeting.")
        return meeting

    @staticmethod
    def _item(s: Session, item_id: int) -> AgendaItem:
        item = s.get(AgendaItem, item_id)
        if item is None:
            raise KnownError("That agenda item no longer exists.")
        return item

    @staticmethod
    def _next_position(meeting: Meeting) -> int:
        return max((item.position for item in meeting.agenda), default=-1) + 1

    def _append_referral(self, s: Session, meeting: Meeting, referral_id: int) -> None:
        referral = s.get(Referral, referral_id)
        assert referral is not None
        meeting.agenda.append(
            AgendaItem(
                position=self._next_position(meeting),
                referral_id=referral_id,
                title=_item_title(s, referral),
                scr_criteria_likely=referral.scr_criteria == ScrCriteria.LIKELY.value,
            )
        )
        referral.status = ReferralStatus.ON_AGENDA.value

    @staticmethod
    def _after_change(s: Session, meeting: Meeting) -> ChairOutcome:
        s.flush()
        message = apply_chair_rules(s, meeting)
        s.flush()
        return ChairOutcome(summary_of(s, meeting.id), message)


__all__ = ["AgendaRow", "AgendaService", "AwaitingReferral", "awaiting"]
