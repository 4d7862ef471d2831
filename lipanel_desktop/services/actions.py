"""Actions of multi-agency action plans: creating them, changing their details, removing
one entered by mistake, and reading one whole (`services.action_detail`).

What an action may belong to is in `services.action_sources`; progress, due-date
revisions, evidence, bulk updates and sign-off in `services.action_progress`; the status
rules in `services.action_status`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import InvalidTransition
from lipanel_desktop.models.action import Action, ActionUpdate, ExceptionNote
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.services.action_checks import Problems, latest_due_date
from lipanel_desktop.services.action_detail import ActionDetail, load_action, read_detail, tolerance_days
from lipanel_desktop.services.action_sources import ActionSource, check_source, list_sources
from lipanel_desktop.services.permissions import require
from lipanel_desktop.services.references import next_reference
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.actions import ActionStatus
from lipanel_desktop.vocabulary.roles import Permission

#: Prefix of action references: ACT-2026-0001.
REFERENCE_PREFIX = "ACT"
Clock = Callable[[], date]


@dataclass(frozen=True)
class ActionDetails:
    """What a user types for an action (its due date is set once, then revised)."""

    description: str
    agency_id: int | None
    lead_officer_name: str = ""
    lead_officer_role: str = ""
    lead_officer_contact: str = ""
    accountable_manager: str = ""


def check_details(details: ActionDetails, problems: Problems) -> ActionDetails:
    """The details, trimmed; problems noted field by field."""
    return ActionDetails(
        description=problems.text(details.description, "description", "Description of the action", required=True, limit=4000),
        agency_id=details.agency_id,
        lead_officer_name=problems.text(details.lead_officer_name, "lead_officer_name", "Lead officer's name", limit=200, one_line=True),
        lead_officer_role=problems.text(details.lead_officer_role, "lead_officer_role", "Lead officer's role", limit=200, one_line=True),
        lead_officer_contact=problems.text(
            details.lead_officer_contact, "lead_officer_contact", "Lead officer's contact details", limit=400
        ),
        accountable_manager=problems.text(
            details.accountable_manager, "accountable_manager", "Accountable manager", limit=200, one_line=True
        ),
    )


def check_agency(s: Session, agency_id: int | None, problems: Problems, *, allow_inactive_id: int | None = None) -> None:
    if agency_id is None:
        problems.add("agency_id", "Choose the agency that owns the action.")
        return
    agency = s.get(Agency, agency_id) if isinstance(agency_id, int) and not isinstance(agency_id, bool) else None
    if agency is None:
        problems.add("agency_id", "That agency is not on the agencies list. Choose one from the list.")
    elif not agency.active and agency_id != allow_inactive_id:
        problems.add("agency_id", f"{agency.name} is no longer an active agency. Choose another.")


class ActionService:
    def __init__(self, store: Store, clock: Clock = date.today) -> None:
        self.store = store
        self.clock = clock

    # -- reading ---------------------------------------------------------------------

    def get(self, action_id: int) -> ActionDetail:
        with self.store.read_session() as s:
            return read_detail(s, load_action(s, action_id), self.clock(), tolerance_days(s))

    def agencies(self, keep_id: int | None = None) -> list[tuple[int, str]]:
        """Active agencies in the list's order (and `keep_id`, an action's current agency,
        even if no longer active), for choosing an action's owner."""
        with self.store.read_session() as s:
            rows = s.execute(
                select(Agency.id, Agency.name)
                .where(or_(Agency.active.is_(True), Agency.id == keep_id))
                .order_by(Agency.position, Agency.name)
            )
            return [(agency_id, name) for agency_id, name in rows]

    def sources(self) -> list[ActionSource]:
        """Every recommendation and every current single-agency decision, newest first."""
        with self.store.read_session() as s:
            return list_sources(s)

    # -- writing ---------------------------------------------------------------------

    def create(
        self,
        details: ActionDetails,
        due_date: date | None,
        *,
        recommendation_id: int | None = None,
        decision_id: int | None = None,
    ) -> ActionDetail:
        """A new action under a recommendation or a single-agency decision (exactly one)."""
        require(self.store.identity, Permission.EDIT_ACTIONS)
        today = self.clock()
        problems = Problems()
        details = check_details(details, problems)
        due = problems.day(
            due_date, "due_date", "Due date", required=True, not_after=latest_due_date(today), not_after_words="twenty years from now"
        )
        with self.store.session() as s:
            check_agency(s, details.agency_id, problems)
            review_id = check_source(s, recommendation_id, decision_id, problems)
            problems.raise_if_any()
            assert due is not None
            action = Action(
                reference=new_reference(s, today.year),
                review_id=review_id,
                recommendation_id=recommendation_id,
                decision_id=decision_id,
                original_due_date=due,
                due_date=due,
                recorded_status=ActionStatus.NOT_STARTED.value,
                **_detail_columns(details),
            )
            s.add(action)
            s.flush()
            return read_detail(s, action, today, tolerance_days(s))

    def update_details(self, action_id: int, details: ActionDetails) -> ActionDetail:
        """Change what the action is and who owns it. The due date changes only through
        `ActionProgressService.revise_due_date`, which keeps the original."""
        require(self.store.identity, Permission.EDIT_ACTIONS)
        problems = Problems()
        details = check_details(details, problems)
        with self.store.session() as s:
            action = load_action(s, action_id)
            if action.signed_off_on is not None:
                raise InvalidTransition(
                    f"{action.reference} has been signed off, so it cannot be changed. Withdraw the sign-off first."
                )
            check_agency(s, details.agency_id, problems, allow_inactive_id=action.agency_id)
            problems.raise_if_any()
            for name, value in _detail_columns(details).items():
                setattr(action, name, value)
            s.flush()
            return read_detail(s, action, self.clock(), tolerance_days(s))

    def delete(self, action_id: int) -> str:
        """Remove an action entered by mistake. Only one with no progress recorded and not
        complete: anything with a history is kept (and signed off or closed instead)."""
        require(self.store.identity, Permission.EDIT_ACTIONS)
        with self.store.session() as s:
            action = load_action(s, action_id)
            has_updates = s.scalar(select(ActionUpdate.id).where(ActionUpdate.action_id == action.id).limit(1))
            if has_updates is not None or action.recorded_status != ActionStatus.NOT_STARTED.value:
                raise InvalidTransition(
                    f"{action.reference} has progress recorded, so it is kept for the record and cannot be removed."
                )
            reference = action.reference
            s.execute(delete(ExceptionNote).where(ExceptionNote.action_id == action.id))
            s.delete(action)
            return reference


def new_reference(s: Session, year: int) -> str:
    """The next unused action reference. Skips any already taken by actions written
    without the counter (imports, demo data), so a save never fails on a duplicate."""
    while True:
        reference = next_reference(s, REFERENCE_PREFIX, year)
        if s.scalar(select(Action.id).where(Action.reference == reference)) is None:
            return reference


def _detail_columns(details: ActionDetails) -> dict[str, object]:
    return {
        "description": details.description,
        "agency_id": details.agency_id,
        "lead_officer_name": details.lead_officer_name,
        "lead_officer_role": details.lead_officer_role,
        "lead_officer_contact": details.lead_officer_contact,
        "accountable_manager": details.accountable_manager,
    }
