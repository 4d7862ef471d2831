"""What happens to an action after it is set: progress updates (one at a time or many at
once at the monthly monitoring meeting), forecasts, revised due dates, evidence of
completion and sign-off by the Audit and Monitoring Sub-group.

A user may record only "not started", "on track" or "complete"; "closed" is what sign-off
does, and "overdue" and "at risk" are worked out from the dates (`action_status`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import InvalidTransition, KnownError
from lipanel_desktop.models.action import Action, ActionUpdate, ExceptionNote
from lipanel_desktop.services.action_checks import Problems, latest_due_date, uk
from lipanel_desktop.services.action_status import status_label
from lipanel_desktop.services.action_detail import ActionDetail, ExceptionNoteData, load_action, read_detail, tolerance_days
from lipanel_desktop.services.permissions import require
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.actions import ActionStatus
from lipanel_desktop.vocabulary.roles import Permission

#: What a progress update may set the recorded status to.
SETTABLE = (ActionStatus.NOT_STARTED.value, ActionStatus.ON_TRACK.value, ActionStatus.COMPLETE.value)
#: Most actions one bulk update may change (a monitoring meeting's agenda, with room to spare).
BULK_LIMIT = 2000


@dataclass(frozen=True)
class ProgressInput:
    """One progress update. `status` None keeps the recorded status. `forecast_date` sets
    the forecast; `clear_forecast` removes it; neither keeps it."""

    text: str
    update_date: date | None
    status: str | None = None
    forecast_date: date | None = None
    clear_forecast: bool = False


@dataclass(frozen=True)
class BulkChange:
    """What one action was before a bulk update, so the update can be undone."""

    action_id: int
    reference: str
    previous_status: str
    previous_completed_on: date | None
    update_id: int


@dataclass(frozen=True)
class BulkUpdateResult:
    status: str | None
    text: str
    changes: tuple[BulkChange, ...]

    @property
    def count(self) -> int:
        return len(self.changes)


def _signed_off_refusal(action: Action) -> InvalidTransition:
    return InvalidTransition(
        f"{action.reference} was signed off on {uk(action.signed_off_on)}, so its progress is closed. "
        "Withdraw the sign-off first if it needs more work."
    )


def _check_status(action: Action, status: str | None, evidence_after: str, problems: Problems) -> None:
    if status is None or status == action.recorded_status:
        return
    if status not in SETTABLE:
        _refuse_status(status, problems)
    elif status == ActionStatus.COMPLETE.value and not evidence_after.strip():
        problems.add(
            "status", f"{action.reference} has no evidence of completion. Record the evidence before marking it complete."
        )


def _refuse_status(status: str, problems: Problems) -> None:
    if status in (ActionStatus.OVERDUE.value, ActionStatus.AT_RISK.value):
        problems.add(
            "status",
            "Overdue and at risk are worked out from the dates, so they cannot be set. "
            "Set a forecast date or revise the due date instead.",
        )
    elif status == ActionStatus.CLOSED.value:
        problems.add("status", "An action is closed by signing it off (Audit and Monitoring Sub-group).")
    else:
        problems.add("status", "Choose a status from the list.")


def _apply_status(action: Action, status: str | None, on: date) -> None:
    if status is None or status == action.recorded_status:
        return
    action.recorded_status = status
    action.completed_on = on if status == ActionStatus.COMPLETE.value else None


class ActionProgressService:
    def __init__(self, store: Store, clock: Callable[[], date] = date.today) -> None:
        self.store = store
        self.clock = clock

    def _note(self, s: Session, action: Action, on: date, text: str) -> ActionUpdate:
        """A progress line by the current user, recording the status the action now has."""
        update = ActionUpdate(
            action_id=action.id, update_date=on, author=self.store.identity.name, text=text, status_after=action.recorded_status
        )
        s.add(update)
        return update

    def _detail(self, s: Session, action: Action) -> ActionDetail:
        s.flush()
        return read_detail(s, action, self.clock(), tolerance_days(s))

    def _update_date(self, value: date | None, problems: Problems, field: str = "update_date") -> date | None:
        today = self.clock()
        return problems.day(value, field, "Date of the update", required=True, not_after=today, not_after_words="today")

    def add_update(self, action_id: int, data: ProgressInput) -> ActionDetail:
        """A dated note by the current user, optionally changing status or forecast."""
        require(self.store.identity, Permission.EDIT_ACTIONS)
        problems = Problems()
        text = problems.text(data.text, "text", "Progress note", required=True, limit=4000)
        on = self._update_date(data.update_date, problems)
        forecast = problems.day(
            data.forecast_date, "forecast_date", "Forecast completion date", not_after=latest_due_date(self.clock()), not_after_words="twenty years from now"
        )
        with self.store.session() as s:
            action = load_action(s, action_id)
            if action.signed_off_on is not None:
                raise _signed_off_refusal(action)
            _check_status(action, data.status, action.evidence_text, problems)
            problems.raise_if_any()
            assert on is not None
            _apply_status(action, data.status, on)
            if data.clear_forecast:
                action.forecast_date = None
            elif forecast is not None:
                action.forecast_date = forecast
            self._note(s, action, on, text)
            return self._detail(s, action)

    def bulk_update(self, action_ids: Sequence[int], status: str | None, text: str, update_date: date | None) -> BulkUpdateResult:
        """The monthly monitoring meeting: one note (and optionally one status) for many
        actions, all or nothing. Every problem with every action is found before any is
        changed."""
        require(self.store.identity, Permission.EDIT_ACTIONS)
        problems = Problems()
        note = problems.text(text, "text", "Progress note", required=True, limit=4000)
        on = self._update_date(update_date, problems)
        ids = list(dict.fromkeys(action_ids))
        if not ids:
            problems.add("actions", "Choose at least one action to update.")
        elif len(ids) > BULK_LIMIT:
            problems.add("actions", f"Update at most {BULK_LIMIT:,} actions at once; this is {len(ids):,}.")
        if status is not None and status not in SETTABLE:
            _refuse_status(status, problems)
        problems.raise_if_any()
        assert on is not None
        with self.store.session() as s:
            actions = list(s.scalars(select(Action).where(Action.id.in_(ids))))
            if len(actions) != len(ids):
                raise KnownError("Some of the chosen actions no longer exist. Refresh the list and choose again.")
            refused: list[str] = []
            no_evidence: list[str] = []
            for action in sorted(actions, key=lambda a: a.reference):
                if action.signed_off_on is not None:
                    refused.append(action.reference)
                elif status == ActionStatus.COMPLETE.value and status != action.recorded_status and not action.evidence_text.strip():
                    no_evidence.append(action.reference)
            if refused:
                problems.add("actions", f"Signed off, so not changed: {_some(refused)}. Withdraw their sign-off or leave them out.")
            if no_evidence:
                problems.add("status", f"No evidence of completion recorded for {_some(no_evidence)}. Record it before marking complete.")
            problems.raise_if_any()
            pending = []
            for action in actions:
                before = (action.recorded_status, action.completed_on)
                _apply_status(action, status, on)
                pending.append((action, before, self._note(s, action, on, note)))
            s.flush()
            changes = tuple(
                BulkChange(action.id, action.reference, before[0], before[1], update.id) for action, before, update in pending
            )
            return BulkUpdateResult(status, note, tuple(sorted(changes, key=lambda c: c.reference)))

    def undo_bulk_update(self, result: BulkUpdateResult) -> int:
        """Put back what a bulk update changed, if nothing has touched those actions since."""
        require(self.store.identity, Permission.EDIT_ACTIONS)
        ids = [c.action_id for c in result.changes]
        with self.store.session() as s:
            actions = {a.id: a for a in s.scalars(select(Action).where(Action.id.in_(ids)))}
            updates = {u.id: u for u in s.scalars(select(ActionUpdate).where(ActionUpdate.id.in_([c.update_id for c in result.changes])))}
            latest = dict(
                s.execute(select(ActionUpdate.action_id, func.max(ActionUpdate.id)).where(ActionUpdate.action_id.in_(ids)).group_by(ActionUpdate.action_id)).all()
            )
            for change in result.changes:
                action = actions.get(change.action_id)
                if action is None or change.update_id not in updates or latest.get(change.action_id) != change.update_id or action.signed_off_on is not None:
                    raise InvalidTransition(
                        f"{change.reference} has changed since the update, so the update cannot be undone as a whole. "
                        "Correct the actions one by one."
                    )
            for change in result.changes:
                action = actions[change.action_id]
                action.recorded_status = change.previous_status
                action.completed_on = change.previous_completed_on
                s.delete(updates[change.update_id])
            return result.count

    def revise_due_date(self, action_id: int, new_due_date: date | None, reason: str) -> ActionDetail:
        """Move the due date, with a reason. The original due date is never changed."""
        require(self.store.identity, Permission.EDIT_ACTIONS)
        today = self.clock()
        problems = Problems()
        new = problems.day(new_due_date, "due_date", "Revised due date", required=True, not_after=latest_due_date(today), not_after_words="twenty years from now")
        why = problems.text(reason, "reason", "Reason for the new date", required=True, limit=1000)
        with self.store.session() as s:
            action = load_action(s, action_id)
            if action.signed_off_on is not None:
                raise _signed_off_refusal(action)
            if new is not None and new == action.due_date:
                problems.add("due_date", f"The action is already due on {uk(new)}. Choose a different date.")
            problems.raise_if_any()
            assert new is not None
            old = action.due_date
            action.due_date = new
            action.revised_due_reason = why
            action.revised_on = today
            self._note(s, action, today, f"Due date revised from {uk(old)} to {uk(new)} (originally {uk(action.original_due_date)}). Reason: {why}")
            return self._detail(s, action)

    def record_evidence(self, action_id: int, text: str, references: str) -> ActionDetail:
        """What shows the action is done: a description and references to documents."""
        require(self.store.identity, Permission.EDIT_ACTIONS)
        problems = Problems()
        evidence = problems.text(text, "evidence_text", "Evidence of completion", limit=8000)
        refs = problems.text(references, "evidence_references", "Evidence references", limit=2000)
        with self.store.session() as s:
            action = load_action(s, action_id)
            if action.signed_off_on is not None:
                raise _signed_off_refusal(action)
            if not evidence and action.recorded_status == ActionStatus.COMPLETE.value:
                problems.add("evidence_text", "A complete action must keep its evidence. Mark it on track first to remove it.")
            problems.raise_if_any()
            action.evidence_text = evidence
            action.evidence_references = refs
            return self._detail(s, action)

    def save_exception_note(self, action_id: int, note: ExceptionNoteData) -> ActionDetail:
        """Cause, consequences, options and recommendation for the exception report."""
        require(self.store.identity, Permission.EDIT_ACTIONS)
        problems = Problems()
        clean = ExceptionNoteData(
            cause=problems.text(note.cause, "cause", "Cause", limit=4000),
            consequences=problems.text(note.consequences, "consequences", "Consequences", limit=4000),
            options=problems.text(note.options, "options", "Options", limit=4000),
            recommendation=problems.text(note.recommendation, "recommendation", "Recommendation", limit=4000),
        )
        problems.raise_if_any()
        with self.store.session() as s:
            action = load_action(s, action_id)
            row = s.scalar(select(ExceptionNote).where(ExceptionNote.action_id == action.id))
            if row is None:
                row = ExceptionNote(action_id=action.id)
                s.add(row)
            row.cause, row.consequences = clean.cause, clean.consequences
            row.options, row.recommendation = clean.options, clean.recommendation
            return self._detail(s, action)

    def sign_off(self, action_id: int) -> ActionDetail:
        """The Audit and Monitoring Sub-group accepts a complete action: it is closed."""
        require(self.store.identity, Permission.SIGN_OFF_ACTIONS)
        today = self.clock()
        with self.store.session() as s:
            action = load_action(s, action_id)
            if action.signed_off_on is not None:
                raise InvalidTransition(f"{action.reference} was already signed off on {uk(action.signed_off_on)}.")
            if action.recorded_status != ActionStatus.COMPLETE.value:
                raise InvalidTransition(
                    f"{action.reference} is {status_label(action.recorded_status).lower()}. "
                    "Only a complete action, with its evidence, can be signed off."
                )
            if not action.evidence_text.strip():
                raise InvalidTransition(f"{action.reference} has no evidence of completion, so it cannot be signed off.")
            action.signed_off_by = self.store.identity.name
            action.signed_off_on = today
            action.closed_on = today
            action.recorded_status = ActionStatus.CLOSED.value
            self._note(s, action, today, "Signed off by the Audit and Monitoring Sub-group; action closed.")
            return self._detail(s, action)

    def withdraw_sign_off(self, action_id: int, reason: str) -> ActionDetail:
        """Undo a sign-off (with a reason): the action is complete again, open to changes."""
        require(self.store.identity, Permission.SIGN_OFF_ACTIONS)
        problems = Problems()
        why = problems.text(reason, "reason", "Reason for withdrawing the sign-off", required=True, limit=1000)
        problems.raise_if_any()
        today = self.clock()
        with self.store.session() as s:
            action = load_action(s, action_id)
            if action.signed_off_on is None:
                raise InvalidTransition(f"{action.reference} has not been signed off.")
            action.signed_off_by = None
            action.signed_off_on = None
            action.closed_on = None
            action.recorded_status = ActionStatus.COMPLETE.value
            self._note(s, action, today, f"Sign-off withdrawn. Reason: {why}")
            return self._detail(s, action)


def _some(references: list[str], shown: int = 8) -> str:
    if len(references) <= shown:
        return ", ".join(references)
    return ", ".join(references[:shown]) + f" and {len(references) - shown} more"

