"""Actions of multi-agency action plans: creating them, changing their details, and
reading one whole, with the chain it belongs to (finding → recommendation → action →
evidence → dissemination).

Progress, due-date revisions, evidence, bulk updates and sign-off are in
`services.action_progress`; the status rules in `services.action_status`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import InvalidTransition, KnownError
from lipanel_desktop.models.action import Action, ActionUpdate, ExceptionNote
from lipanel_desktop.models.decision import PanelDecision
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.models.review import Finding, Recommendation, Review
from lipanel_desktop.services import organisation
from lipanel_desktop.services.action_checks import Problems, latest_due_date, uk
from lipanel_desktop.services.action_status import days_overdue, derive_status, forecast_slip, status_label
from lipanel_desktop.services.permissions import require
from lipanel_desktop.services.references import next_reference
from lipanel_desktop.services.reports.dissemination import DisseminationEntry, dissemination_entries
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.actions import ActionStatus
from lipanel_desktop.vocabulary.panel import Decision
from lipanel_desktop.vocabulary.reviews import ReviewKind, ReviewStage
from lipanel_desktop.vocabulary.roles import Permission

#: Prefix of action references: ACT-2026-0001.
REFERENCE_PREFIX = "ACT"
Clock = Callable[[], date]


class ActionNotFound(KnownError):
    """The action was removed (perhaps by someone else) since the list was shown."""

    def __init__(self) -> None:
        super().__init__("That action no longer exists. It may have been removed; refresh the list.")


@dataclass(frozen=True)
class ActionDetails:
    """What a user types for an action (its due date is set once, then revised)."""

    description: str
    agency_id: int | None
    lead_officer_name: str = ""
    lead_officer_role: str = ""
    lead_officer_contact: str = ""
    accountable_manager: str = ""


@dataclass(frozen=True)
class ActionSource:
    """Something an action can belong to: a review's recommendation or a single-agency
    decision. `label` is a reference and a short text, never a child's name."""

    kind: str  # "recommendation" or "decision"
    id: int
    label: str
    review_id: int | None
    review_reference: str
    agency_id: int | None


@dataclass(frozen=True)
class ActionUpdateInfo:
    id: int
    update_date: date
    author: str
    text: str
    status_after: str | None

    @property
    def status_after_label(self) -> str:
        return status_label(self.status_after) if self.status_after else ""


@dataclass(frozen=True)
class ExceptionNoteData:
    """The four fields the exception report asks about an overdue or at-risk action."""

    cause: str = ""
    consequences: str = ""
    options: str = ""
    recommendation: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.cause or self.consequences or self.options or self.recommendation)


@dataclass(frozen=True)
class ActionTrace:
    """Where an action comes from and where its learning went."""

    review_id: int | None
    review_reference: str
    review_kind: str
    review_stage: str
    finding_text: str
    recommendation_id: int | None
    recommendation_text: str
    decision_id: int | None
    decision_date: date | None
    decision_label: str
    referral_reference: str
    dissemination: tuple[DisseminationEntry, ...]


@dataclass(frozen=True)
class ActionDetail:
    """One action, whole, as of `as_of` (its derived status depends on the day)."""

    id: int
    reference: str
    description: str
    agency_id: int
    agency_name: str
    lead_officer_name: str
    lead_officer_role: str
    lead_officer_contact: str
    accountable_manager: str
    original_due_date: date
    due_date: date
    revised_due_reason: str
    revised_on: date | None
    forecast_date: date | None
    recorded_status: str
    status: str
    evidence_text: str
    evidence_references: str
    completed_on: date | None
    signed_off_by: str | None
    signed_off_on: date | None
    closed_on: date | None
    created_on: date
    as_of: date
    updates: tuple[ActionUpdateInfo, ...]
    trace: ActionTrace
    exception_note: ExceptionNoteData

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_on is not None

    @property
    def due_date_revised(self) -> bool:
        return self.due_date != self.original_due_date

    @property
    def days_overdue(self) -> int:
        return days_overdue(self.due_date, self.as_of) if self.status == ActionStatus.OVERDUE.value else 0

    @property
    def forecast_slip_days(self) -> int:
        return forecast_slip(self.due_date, self.forecast_date)

    @property
    def details(self) -> ActionDetails:
        return ActionDetails(
            self.description,
            self.agency_id,
            self.lead_officer_name,
            self.lead_officer_role,
            self.lead_officer_contact,
            self.accountable_manager,
        )


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


def load_action(s: Session, action_id: int) -> Action:
    action = s.get(Action, action_id) if isinstance(action_id, int) else None
    if action is None:
        raise ActionNotFound()
    return action


def tolerance_days(s: Session) -> int:
    return int(organisation.read_all(s)["action_risk_tolerance_days"])


def settings_apart(store: Store) -> dict[str, object]:
    """The organisation's settings, read in a session of their own.

    Reports read them before their big queries. Read in the same session, the settings
    query (an IN list of every key) followed by a few small lookups left SQLCipher's
    connection an order of magnitude slower at the GROUP BY scans that follow (measured:
    2.7 s against 0.1 s for 40,000 progress updates); a separate connection costs 0.4 ms."""
    with store.read_session() as s:
        return organisation.read_all(s)


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
            review_id = _check_source(s, recommendation_id, decision_id, problems)
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


def _check_source(s: Session, recommendation_id: int | None, decision_id: int | None, problems: Problems) -> int | None:
    """The review the action falls under (None for a decision without a review)."""
    if (recommendation_id is None) == (decision_id is None):
        problems.add("source", "Choose what the action is for: one recommendation of a review, or one single-agency decision.")
        return None
    if recommendation_id is not None:
        recommendation = s.get(Recommendation, recommendation_id)
        if recommendation is None:
            problems.add("source", "That recommendation no longer exists. Choose another.")
            return None
        return recommendation.review_id
    decision = s.get(PanelDecision, decision_id)
    if decision is None or decision.decision != Decision.SINGLE_AGENCY.value:
        problems.add("source", "Actions can belong only to a single-agency decision or to a review's recommendation.")
        return None
    if decision.superseded:
        problems.add("source", "That decision has been superseded by a later one. Choose the current decision.")
        return None
    return s.scalar(select(Review.id).where(Review.decision_id == decision.id).order_by(Review.id).limit(1))


def list_sources(s: Session) -> list[ActionSource]:
    sources: list[ActionSource] = []
    rows = s.execute(
        select(Recommendation.id, Recommendation.position, Recommendation.text, Recommendation.agency_id, Review.id, Review.reference)
        .join(Review, Review.id == Recommendation.review_id)
        .order_by(Review.id.desc(), Recommendation.position, Recommendation.id)
    )
    for rec_id, position, text, agency_id, review_id, review_ref in rows:
        short = " ".join(text.split())
        short = short if len(short) <= 90 else short[:89] + "…"
        sources.append(
            ActionSource("recommendation", rec_id, f"{review_ref} recommendation {position or rec_id}: {short}", review_id, review_ref, agency_id)
        )
    decisions = s.execute(
        select(PanelDecision.id, PanelDecision.decision_date, Referral.reference, Referral.agency_id)
        .join(Referral, Referral.id == PanelDecision.referral_id)
        .where(PanelDecision.decision == Decision.SINGLE_AGENCY.value, PanelDecision.superseded.is_(False))
        .order_by(PanelDecision.decision_date.desc(), PanelDecision.id.desc())
    )
    review_of = dict(s.execute(select(Review.decision_id, Review.id).where(Review.decision_id.is_not(None))).all())
    review_refs = dict(s.execute(select(Review.id, Review.reference)).all())
    for decision_id, decided_on, referral_ref, agency_id in decisions:
        review_id = review_of.get(decision_id)
        sources.append(
            ActionSource(
                "decision",
                decision_id,
                f"{referral_ref}: single-agency decision of {uk(decided_on)}",
                review_id,
                review_refs.get(review_id, "") if review_id else "",
                agency_id,
            )
        )
    return sources


def read_detail(s: Session, action: Action, today: date, tolerance: int) -> ActionDetail:
    agency_name = s.scalar(select(Agency.name).where(Agency.id == action.agency_id)) or ""
    updates = tuple(
        ActionUpdateInfo(u.id, u.update_date, u.author, u.text, u.status_after)
        for u in s.scalars(
            select(ActionUpdate).where(ActionUpdate.action_id == action.id).order_by(ActionUpdate.update_date.desc(), ActionUpdate.id.desc())
        )
    )
    note = s.scalar(select(ExceptionNote).where(ExceptionNote.action_id == action.id))
    note_data = (
        ExceptionNoteData(note.cause, note.consequences, note.options, note.recommendation) if note else ExceptionNoteData()
    )
    return ActionDetail(
        id=action.id,
        reference=action.reference,
        description=action.description,
        agency_id=action.agency_id,
        agency_name=agency_name,
        lead_officer_name=action.lead_officer_name,
        lead_officer_role=action.lead_officer_role,
        lead_officer_contact=action.lead_officer_contact,
        accountable_manager=action.accountable_manager,
        original_due_date=action.original_due_date,
        due_date=action.due_date,
        revised_due_reason=action.revised_due_reason,
        revised_on=action.revised_on,
        forecast_date=action.forecast_date,
        recorded_status=action.recorded_status,
        status=derive_status(action.recorded_status, action.due_date, action.forecast_date, today, tolerance),
        evidence_text=action.evidence_text,
        evidence_references=action.evidence_references,
        completed_on=action.completed_on,
        signed_off_by=action.signed_off_by,
        signed_off_on=action.signed_off_on,
        closed_on=action.closed_on,
        created_on=(action.created_at.date() if action.created_at else today),
        as_of=today,
        updates=updates,
        trace=_trace(s, action),
        exception_note=note_data,
    )


def _trace(s: Session, action: Action) -> ActionTrace:
    finding_text = recommendation_text = ""
    if action.recommendation_id is not None:
        recommendation = s.get(Recommendation, action.recommendation_id)
        if recommendation is not None:
            recommendation_text = recommendation.text
            if recommendation.finding_id is not None:
                finding_text = s.scalar(select(Finding.text).where(Finding.id == recommendation.finding_id)) or ""
    review = s.get(Review, action.review_id) if action.review_id is not None else None
    decision_date: date | None = None
    decision_label = referral_reference = ""
    decision_id = action.decision_id if action.decision_id is not None else (review.decision_id if review else None)
    if decision_id is not None:
        row = s.execute(
            select(PanelDecision.decision_date, PanelDecision.decision, Referral.reference)
            .join(Referral, Referral.id == PanelDecision.referral_id)
            .where(PanelDecision.id == decision_id)
        ).first()
        if row is not None:
            decision_date, decision_label, referral_reference = row[0], Decision.label_of(row[1], row[1]), row[2]
    return ActionTrace(
        review_id=review.id if review else None,
        review_reference=review.reference if review else "",
        review_kind=ReviewKind.label_of(review.kind, review.kind) if review else "",
        review_stage=ReviewStage.label_of(review.stage, review.stage) if review else "",
        finding_text=finding_text,
        recommendation_id=action.recommendation_id,
        recommendation_text=recommendation_text,
        decision_id=decision_id,
        decision_date=decision_date,
        decision_label=decision_label,
        referral_reference=referral_reference,
        dissemination=dissemination_entries(s, review.id) if review else (),
    )



def latest_updates(s: Session, action_ids: list[int]) -> dict[int, ActionUpdateInfo]:
    """The most recent progress update of each action (for reports that show one line)."""
    found: dict[int, ActionUpdateInfo] = {}
    for start in range(0, len(action_ids), 500):
        chunk = action_ids[start : start + 500]
        rank = func.row_number().over(
            partition_by=ActionUpdate.action_id, order_by=(ActionUpdate.update_date.desc(), ActionUpdate.id.desc())
        )
        ranked = (
            select(
                ActionUpdate.action_id,
                ActionUpdate.id,
                ActionUpdate.update_date,
                ActionUpdate.author,
                ActionUpdate.text,
                ActionUpdate.status_after,
                rank.label("rank"),
            )
            .where(ActionUpdate.action_id.in_(chunk))
            .subquery()
        )
        rows = s.execute(
            select(ranked.c.action_id, ranked.c.id, ranked.c.update_date, ranked.c.author, ranked.c.text, ranked.c.status_after).where(
                ranked.c.rank == 1
            )
        )
        for action_id, *rest in rows:
            found[action_id] = ActionUpdateInfo(*rest)
    return found


class SourceNames:
    """Names what an action belongs to, in lists: the review's reference, or the
    referral's reference for a single-agency decision. Loaded once per list."""

    def __init__(self, s: Session) -> None:
        self.reviews: dict[int, str] = {
            review_id: reference for review_id, reference in s.execute(select(Review.id, Review.reference))
        }
        self.decisions: dict[int, str] = {
            decision_id: reference
            for decision_id, reference in s.execute(
                select(PanelDecision.id, Referral.reference).join(Referral, Referral.id == PanelDecision.referral_id)
            )
        }

    def __call__(self, review_id: int | None, decision_id: int | None) -> str:
        if review_id is not None:
            return self.reviews.get(review_id, "")
        if decision_id is not None:
            return f"{self.decisions.get(decision_id, '')} (single-agency)"
        return ""
