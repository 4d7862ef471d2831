"""Building blocks for the action-plan tests: a review with findings and recommendations,
a single-agency decision, and actions in chosen states, written straight into a real
encrypted store. Everything is fictional (the "Example" family does not exist).

Imported by the unit and GUI tests of actions and reports; it holds no tests itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from lipanel_desktop.models.action import Action, ActionUpdate
from lipanel_desktop.models.decision import PanelDecision
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.models.review import Dissemination, Finding, Recommendation, Review
from lipanel_desktop.services.accounts import AccountService
from lipanel_desktop.services.database import open_database
from lipanel_desktop.storage.store import Store

TODAY = date(2026, 3, 16)
PASSWORD = "Fictional-Pass-Phrase-77"


@dataclass
class Plan:
    """Ids of what `make_plan` wrote."""

    review_id: int
    review_reference: str
    finding_id: int
    recommendation_id: int
    other_recommendation_id: int
    decision_id: int
    second_review_id: int
    police: int
    health: int
    education: int


def agency_id(store: Store, name: str) -> int:
    with store.read_session() as s:
        found = s.scalar(select(Agency.id).where(Agency.name == name))
        assert found is not None
        return found


def make_plan(store: Store) -> Plan:
    with store.session() as s:
        referral = Referral(reference="LIP-2025-0001", status="decided", child_full_name="Example Child One", referral_date=date(2025, 1, 6))
        other = Referral(reference="LIP-2025-0002", status="decided", child_full_name="Example Child Two", referral_date=date(2025, 2, 3))
        s.add_all([referral, other])
        s.flush()
        malr = PanelDecision(referral_id=referral.id, decision_date=date(2025, 1, 20), decision="malr")
        single = PanelDecision(referral_id=other.id, decision_date=date(2025, 2, 17), decision="single_agency")
        s.add_all([malr, single])
        s.flush()
        review = Review(reference="MALR-2025-01", kind="malr", stage="findings", referral_id=referral.id, decision_id=malr.id, started_on=date(2025, 2, 1))
        second = Review(reference="MALR-2025-02", kind="malr", stage="report", started_on=date(2025, 4, 1))
        s.add_all([review, second])
        s.flush()
        finding = Finding(review_id=review.id, position=1, text="Information about the family was not shared between health and police.")
        s.add(finding)
        s.flush()
        rec = Recommendation(review_id=review.id, finding_id=finding.id, position=1, text="Agree a shared information protocol.")
        rec2 = Recommendation(review_id=second.id, position=1, text="Refresh training on professional curiosity.")
        s.add_all([rec, rec2])
        s.add(Dissemination(review_id=review.id, channel="training_subgroup", held_on=date(2025, 9, 1), audience="Training Sub-group", people_count=12, learning="Information sharing"))
        s.flush()
        ids = (review.id, review.reference, finding.id, rec.id, rec2.id, single.id, second.id)
    return Plan(*ids, police=agency_id(store, "Police"), health=agency_id(store, "Health"), education=agency_id(store, "Education"))


def insert_action(
    store: Store,
    plan: Plan,
    reference: str,
    *,
    agency: int | None = None,
    due: date = TODAY + timedelta(days=30),
    status: str = "not_started",
    forecast: date | None = None,
    evidence: str = "",
    officer: str = "Officer Example",
    recommendation: int | None = None,
    created: datetime = datetime(2025, 6, 1, 9, 0),
    completed_on: date | None = None,
    signed_off_on: date | None = None,
) -> int:
    """One action written directly, in whatever state a test needs."""
    with store.session() as s:
        rec_id = recommendation or plan.recommendation_id
        review_id = s.scalar(select(Recommendation.review_id).where(Recommendation.id == rec_id))
        result = s.execute(
            insert(Action).returning(Action.id),
            [
                {
                    "reference": reference,
                    "review_id": review_id,
                    "recommendation_id": rec_id,
                    "description": f"Action {reference}: fictional task for testing.",
                    "agency_id": agency or plan.police,
                    "lead_officer_name": officer,
                    "original_due_date": due,
                    "due_date": due,
                    "forecast_date": forecast,
                    "recorded_status": status,
                    "evidence_text": evidence,
                    "completed_on": completed_on,
                    "signed_off_on": signed_off_on,
                    "signed_off_by": "admin" if signed_off_on else None,
                    "closed_on": signed_off_on,
                    "created_at": created,
                    "updated_at": created,
                }
            ],
        )
        return int(result.scalar_one())


def add_update_row(store: Store, action_id: int, on: date, text: str = "Fictional progress.") -> None:
    with store.session() as s:
        s.add(ActionUpdate(action_id=action_id, update_date=on, author="admin", text=text))


def user_store(store: Store, name: str, role: str) -> Store:
    """A second account with `role`, unlocked: for refusals by role."""
    AccountService(store).add(name, role, PASSWORD)
    return open_database(store.path, name, PASSWORD)


@pytest.fixture
def plan(store: Store) -> Plan:
    return make_plan(store)
