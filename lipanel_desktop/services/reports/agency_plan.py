"""The agency view: everything one agency owes, grouped by the review (or single-agency
decision) and recommendation it comes from, ready to be sent to that agency — on screen
in the Actions page and printed by `printing/`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import KnownError
from lipanel_desktop.models.action import Action
from lipanel_desktop.models.decision import PanelDecision
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.models.review import Finding, Recommendation, Review
from lipanel_desktop.services.action_status import STATUS_ORDER, derive_status, status_label
from lipanel_desktop.services.action_detail import latest_updates, settings_apart
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.actions import ActionStatus
from lipanel_desktop.vocabulary.reviews import ReviewKind


class AgencyNotFound(KnownError):
    def __init__(self) -> None:
        super().__init__("That agency is not on the agencies list. Choose another.")


@dataclass(frozen=True)
class AgencyPlanAction:
    """One action as the agency needs to see it."""

    action_id: int
    reference: str
    description: str
    lead_officer_name: str
    lead_officer_role: str
    lead_officer_contact: str
    accountable_manager: str
    due_date: date
    original_due_date: date
    revised_due_reason: str
    forecast_date: date | None
    status: str
    latest_update_on: date | None
    latest_update_text: str
    evidence_text: str

    @property
    def status_label(self) -> str:
        return status_label(self.status)


@dataclass(frozen=True)
class AgencyPlanSection:
    """The actions under one recommendation (or one single-agency decision)."""

    heading: str
    source: str
    finding_text: str
    recommendation_text: str
    actions: tuple[AgencyPlanAction, ...]


@dataclass(frozen=True)
class AgencyActionPlan:
    """Everything `agency_name` owes on `as_of`. Closed actions are left out unless asked
    for; complete ones stay in, since they await sign-off. `circulated_by` is the title
    of whoever circulates action plans (an organisation setting)."""

    agency_id: int
    agency_name: str
    agency_address: str
    agency_email: str
    as_of: date
    board_name: str
    circulated_by: str
    protective_marking: str
    includes_closed: bool
    sections: tuple[AgencyPlanSection, ...]

    @property
    def actions(self) -> tuple[AgencyPlanAction, ...]:
        return tuple(a for section in self.sections for a in section.actions)

    @property
    def counts(self) -> dict[str, int]:
        found = {st.value: 0 for st in STATUS_ORDER}
        for action in self.actions:
            found[action.status] += 1
        return found

    @property
    def summary(self) -> str:
        parts = [f"{n} {status_label(code).lower()}" for code, n in self.counts.items() if n]
        total = len(self.actions)
        return f"{total} action{'s' if total != 1 else ''}" + (f": {', '.join(parts)}" if parts else "")


class AgencyPlanService:
    def __init__(self, store: Store, clock: Callable[[], date] = date.today) -> None:
        self.store = store
        self.clock = clock

    def agencies(self) -> list[tuple[int, str]]:
        """Every agency that owes or owed an action, by name."""
        with self.store.read_session() as s:
            return list(
                s.execute(
                    select(Agency.id, Agency.name).where(Agency.id.in_(select(Action.agency_id).distinct())).order_by(Agency.name)
                )
            )

    def build(self, agency_id: int, *, include_closed: bool = False) -> AgencyActionPlan:
        settings = settings_apart(self.store)
        with self.store.read_session() as s:
            return agency_action_plan(s, settings, self.clock(), agency_id, include_closed=include_closed)


def agency_action_plan(
    s: Session, settings: dict[str, object], today: date, agency_id: int, *, include_closed: bool = False
) -> AgencyActionPlan:
    """The plan inside an open session: the agency view and the printed plan
    (`services.documents.agency_plan`) both call it, so what is sent is what was shown."""
    agency = s.get(Agency, agency_id) if isinstance(agency_id, int) and not isinstance(agency_id, bool) else None
    if agency is None:
        raise AgencyNotFound()
    tolerance = int(settings["action_risk_tolerance_days"])  # type: ignore[call-overload]
    query = (
        select(
            Action,
            Review.reference,
            Review.kind,
            Recommendation.position,
            Recommendation.text,
            Finding.text,
            Referral.reference,
            PanelDecision.decision_date,
        )
        .outerjoin(Review, Review.id == Action.review_id)
        .outerjoin(Recommendation, Recommendation.id == Action.recommendation_id)
        .outerjoin(Finding, Finding.id == Recommendation.finding_id)
        .outerjoin(PanelDecision, PanelDecision.id == Action.decision_id)
        .outerjoin(Referral, Referral.id == PanelDecision.referral_id)
        .where(Action.agency_id == agency.id)
        .order_by(Review.reference, Recommendation.position, Referral.reference, Action.due_date, Action.reference)
    )
    if not include_closed:
        query = query.where(Action.recorded_status != ActionStatus.CLOSED.value)
    rows = s.execute(query).all()
    latest = latest_updates(s, [row[0].id for row in rows])
    sections: dict[tuple[str, str], tuple[str, str, str, str, list[AgencyPlanAction]]] = {}
    for action, review_ref, kind, position, rec_text, finding_text, referral_ref, decided_on in rows:
        if review_ref:
            source = review_ref
            heading = f"{review_ref} ({ReviewKind.label_of(kind, kind)})"
            if rec_text is not None:
                heading += f", recommendation {position or ''}".rstrip()
        else:
            source = referral_ref or ""
            heading = f"{referral_ref}: single-agency decision of {decided_on:%d/%m/%Y}" if decided_on else "Other actions"
        key = (source, heading)
        if key not in sections:
            sections[key] = (heading, source, finding_text or "", rec_text or "", [])
        update = latest.get(action.id)
        sections[key][4].append(
            AgencyPlanAction(
                action_id=action.id,
                reference=action.reference,
                description=action.description,
                lead_officer_name=action.lead_officer_name,
                lead_officer_role=action.lead_officer_role,
                lead_officer_contact=action.lead_officer_contact,
                accountable_manager=action.accountable_manager,
                due_date=action.due_date,
                original_due_date=action.original_due_date,
                revised_due_reason=action.revised_due_reason,
                forecast_date=action.forecast_date,
                status=derive_status(action.recorded_status, action.due_date, action.forecast_date, today, tolerance),
                latest_update_on=update.update_date if update else None,
                latest_update_text=update.text if update else "",
                evidence_text=action.evidence_text,
            )
        )
    return AgencyActionPlan(
        agency_id=agency.id,
        agency_name=agency.name,
        agency_address=agency.address,
        agency_email=agency.email,
        as_of=today,
        board_name=str(settings["board_name"]),
        circulated_by=str(settings["performance_manager_title"]),
        protective_marking=str(settings["protective_marking"]),
        includes_closed=include_closed,
        sections=tuple(
            AgencyPlanSection(heading, source, finding, rec, tuple(actions))
            for heading, source, finding, rec, actions in sections.values()
        ),
    )
