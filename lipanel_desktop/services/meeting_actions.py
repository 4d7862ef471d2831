"""Actions from a meeting's minutes: what was agreed, who does it, by when, and whether it
is done. The next meeting's pack (and its Minutes tab) lists the previous meeting's
actions, so nothing agreed is forgotten.

"The previous meeting" is the one before in the same series: for the standing panel the
last Learning and Improvement Panel or SCR Consideration Panel before it; for a review's
meeting, that review's meeting before it. Cancelled meetings are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import InvalidTransition, KnownError, ValidationError
from lipanel_desktop.models.meeting import Meeting, MeetingAction
from lipanel_desktop.services.field_checks import SHORT_TEXT, check_date, clean_text, uk
from lipanel_desktop.services.meetings import PANEL_KINDS, MeetingSummary, load, summary_of
from lipanel_desktop.services.permissions import require
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.panel import MeetingStatus
from lipanel_desktop.vocabulary.roles import Permission

DESCRIPTION_LIMIT = 2_000


@dataclass(frozen=True)
class ActionData:
    """What a user types for an action."""

    description: str
    owner: str
    due_date: date | None = None


@dataclass(frozen=True)
class MeetingActionRow:
    id: int
    meeting_id: int
    description: str
    owner: str
    due_date: date | None
    done: bool

    def status_text(self, today: date) -> str:
        """In words, never colour alone: "Done", "Open", or "Open: overdue since …"."""
        if self.done:
            return "Done"
        if self.due_date and self.due_date < today:
            return f"Open: overdue since {uk(self.due_date)}"
        return "Open"

    def as_data(self) -> ActionData:
        return ActionData(self.description, self.owner, self.due_date)


@dataclass(frozen=True)
class PreviousActions:
    """The meeting before this one in its series, and its actions."""

    previous: MeetingSummary | None
    actions: list[MeetingActionRow]

    @property
    def heading(self) -> str:
        if self.previous is None:
            return "There is no earlier meeting in this series."
        return f"{self.previous.kind_label}, {uk(self.previous.meeting_date)} ({self.previous.reference})"


_COLUMNS = (MeetingAction.id, MeetingAction.meeting_id, MeetingAction.description, MeetingAction.owner,
            MeetingAction.due_date, MeetingAction.done)


def actions_of(s: Session, meeting_id: int, *, open_only: bool = False) -> list[MeetingActionRow]:
    query = select(*_COLUMNS).where(MeetingAction.meeting_id == meeting_id)
    if open_only:
        query = query.where(MeetingAction.done.is_(False))
    return [MeetingActionRow(*row) for row in s.execute(query.order_by(MeetingAction.id))]


def previous_meeting(s: Session, meeting: Meeting) -> Meeting | None:
    """The meeting before `meeting` in the same series (see the module's docstring)."""
    query = select(Meeting).where(
        Meeting.status != MeetingStatus.CANCELLED.value,
        (Meeting.meeting_date < meeting.meeting_date)
        | ((Meeting.meeting_date == meeting.meeting_date) & (Meeting.id < meeting.id)),
    )
    if meeting.review_id is not None:
        query = query.where(Meeting.review_id == meeting.review_id)
    else:
        panel_kinds = [k.value for k in PANEL_KINDS]
        query = query.where(Meeting.review_id.is_(None),
                            Meeting.kind.in_(panel_kinds) | Meeting.scheduled_kind.in_(panel_kinds))
    return s.scalars(query.order_by(Meeting.meeting_date.desc(), Meeting.id.desc()).limit(1)).first()


def previous_actions(s: Session, meeting: Meeting, *, open_only: bool) -> PreviousActions:
    """Inside the caller's session: the previous meeting and its (open) actions. The
    meeting pack calls this too, so the printed pack and the screen agree."""
    previous = previous_meeting(s, meeting)
    if previous is None:
        return PreviousActions(None, [])
    return PreviousActions(summary_of(s, previous.id), actions_of(s, previous.id, open_only=open_only))


def check_action(data: ActionData, meeting_day: date | None) -> ActionData:
    problems: dict[str, str] = {}
    description = clean_text(data.description, field="description", label="The action", problems=problems,
                             limit=DESCRIPTION_LIMIT, required=True)
    owner = clean_text(data.owner, field="owner", label="The person responsible", problems=problems, limit=SHORT_TEXT,
                       required=True, multiline=False)
    due = check_date(data.due_date, field="due_date", label="The due date", problems=problems)
    if due and meeting_day and due < meeting_day:
        problems["due_date"] = f"An action cannot be due before the meeting that agreed it ({uk(meeting_day)})."
    if problems:
        raise ValidationError(problems)
    return ActionData(description, owner, due)


def _minuted(meeting: Meeting, today: date) -> None:
    """Actions come from minutes: of a meeting that took place (or is taking place today)."""
    if meeting.status == MeetingStatus.CANCELLED:
        raise InvalidTransition(f"{meeting.reference} was cancelled, so it has no minutes to take actions from.")
    if meeting.meeting_date > today:
        raise InvalidTransition(
            f"{meeting.reference} is on {uk(meeting.meeting_date)}; its actions are recorded from that day."
        )


class MeetingActionService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def for_meeting(self, meeting_id: int) -> list[MeetingActionRow]:
        with self.store.read_session() as s:
            load(s, meeting_id)
            return actions_of(s, meeting_id)

    def previous(self, meeting_id: int, *, open_only: bool = True) -> PreviousActions:
        """The previous meeting in the series and its actions still open (or all of them)."""
        with self.store.read_session() as s:
            return previous_actions(s, load(s, meeting_id), open_only=open_only)

    def add(self, meeting_id: int, data: ActionData, today: date | None = None) -> MeetingActionRow:
        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        today = today or date.today()
        with self.store.session() as s:
            meeting = load(s, meeting_id)
            cleaned = check_action(data, meeting.meeting_date)
            _minuted(meeting, today)
            action = MeetingAction(meeting_id=meeting.id, description=cleaned.description, owner=cleaned.owner,
                                   due_date=cleaned.due_date, done=False)
            s.add(action)
            s.flush()
            return self._row(s, action.id)

    def update(self, action_id: int, data: ActionData) -> MeetingActionRow:
        """Re-word an action, give it to someone else or move its due date."""
        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        with self.store.session() as s:
            action = self._load(s, action_id)
            meeting = load(s, action.meeting_id)
            cleaned = check_action(data, meeting.meeting_date)
            self._not_cancelled(meeting)
            action.description, action.owner, action.due_date = cleaned.description, cleaned.owner, cleaned.due_date
            s.flush()
            return self._row(s, action.id)

    def set_done(self, action_id: int, done: bool) -> MeetingActionRow:
        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        if not isinstance(done, bool):
            raise ValidationError({"done": "Say whether the action is done."})
        with self.store.session() as s:
            action = self._load(s, action_id)
            self._not_cancelled(load(s, action.meeting_id))
            action.done = done
            s.flush()
            return self._row(s, action.id)

    def remove(self, action_id: int) -> MeetingActionRow:
        """Remove an action recorded by mistake; returns it as it was, for undo."""
        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        with self.store.session() as s:
            action = self._load(s, action_id)
            self._not_cancelled(load(s, action.meeting_id))
            removed = self._row(s, action.id)
            s.delete(action)
            s.flush()
            return removed

    def restore(self, removed: MeetingActionRow) -> MeetingActionRow:
        """Put a removed action back (undo), done or not as it was."""
        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        with self.store.session() as s:
            meeting = load(s, removed.meeting_id)
            cleaned = check_action(removed.as_data(), meeting.meeting_date)
            self._not_cancelled(meeting)
            action = MeetingAction(meeting_id=meeting.id, description=cleaned.description, owner=cleaned.owner,
                                   due_date=cleaned.due_date, done=bool(removed.done))
            s.add(action)
            s.flush()
            return self._row(s, action.id)

    @staticmethod
    def _not_cancelled(meeting: Meeting) -> None:
        if meeting.status == MeetingStatus.CANCELLED:
            raise InvalidTransition(f"{meeting.reference} was cancelled, so its actions cannot change.")

    @staticmethod
    def _load(s: Session, action_id: int) -> MeetingAction:
        action = s.get(MeetingAction, action_id) if isinstance(action_id, int) and not isinstance(action_id, bool) else None
        if action is None:
            raise KnownError("That action no longer exists. It may have been removed by someone else.")
        return action

    @staticmethod
    def _row(s: Session, action_id: int) -> MeetingActionRow:
        return MeetingActionRow(*s.execute(select(*_COLUMNS).where(MeetingAction.id == action_id)).one())
