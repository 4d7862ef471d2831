"""The agency view: everything one agency owes, grouped by where it comes from."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lipanel_desktop.services.actions import ActionDetails, ActionService
from lipanel_desktop.services.reports.agency_plan import AgencyNotFound, AgencyPlanService
from lipanel_desktop.storage.store import Store
from tests.unit.test_action_fixtures import TODAY, Plan, add_update_row, insert_action, plan  # noqa: F401


def plans(store: Store) -> AgencyPlanService:
    return AgencyPlanService(store, clock=lambda: TODAY)


def test_one_agency_sees_its_open_and_complete_actions_by_source(store: Store, plan: Plan) -> None:  # noqa: F811
    first = insert_action(store, plan, "ACT-2026-0001", agency=plan.police, due=TODAY - timedelta(days=2))
    insert_action(store, plan, "ACT-2026-0002", agency=plan.police, due=TODAY + timedelta(days=20), status="complete", evidence="Fictional.")
    insert_action(store, plan, "ACT-2026-0003", agency=plan.police, recommendation=plan.other_recommendation_id, status="closed",
                  evidence="Fictional.", signed_off_on=TODAY)
    insert_action(store, plan, "ACT-2026-0004", agency=plan.health)
    ActionService(store, clock=lambda: TODAY).create(ActionDetails("Fictional single-agency audit.", plan.police), TODAY, decision_id=plan.decision_id)
    add_update_row(store, first, TODAY - timedelta(days=4), "Fictional note on progress.")
    built = plans(store).build(plan.police)
    assert built.agency_name == "Police" and built.circulated_by == "SSCB Performance and Development Manager"
    assert [(s.heading, [a.reference for a in s.actions]) for s in built.sections] == [
        ("LIP-2025-0002: single-agency decision of 17/02/2025", ["ACT-2026-0005"]),
        ("MALR-2025-01 (Multi-Agency Learning Review), recommendation 1", ["ACT-2026-0001", "ACT-2026-0002"]),
    ]
    overdue = built.sections[1].actions[0]
    assert (overdue.status_label, overdue.latest_update_text) == ("Overdue", "Fictional note on progress.")
    assert built.sections[1].finding_text.startswith("Information about the family")
    assert built.summary == "3 actions: 1 not started, 1 overdue, 1 complete"
    with_closed = plans(store).build(plan.police, include_closed=True)
    assert "ACT-2026-0003" in [a.reference for a in with_closed.actions] and with_closed.includes_closed


def test_agencies_offered_are_those_with_actions(store: Store, plan: Plan) -> None:  # noqa: F811
    insert_action(store, plan, "ACT-2026-0001", agency=plan.health)
    assert plans(store).agencies() == [(plan.health, "Health")]


def test_an_agency_with_nothing_owed_gets_an_empty_plan_and_an_unknown_one_a_message(store: Store, plan: Plan) -> None:  # noqa: F811
    empty = plans(store).build(plan.education)
    assert empty.sections == () and empty.summary == "0 actions"
    with pytest.raises(AgencyNotFound, match="not on the agencies list"):
        plans(store).build(99999)
