"""Creating, changing, reading and removing actions; bad input and the wrong role are
refused with a plain message and change nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, text

from lipanel_desktop.errors import InvalidTransition, NotPermitted, ValidationError
from lipanel_desktop.models.action import Action, ActionUpdate, ExceptionNote
from lipanel_desktop.models.decision import PanelDecision
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.services.action_detail import ActionNotFound
from lipanel_desktop.services.actions import ActionDetails, ActionService
from lipanel_desktop.storage.store import Store
from tests.unit.test_action_fixtures import TODAY, Plan, add_update_row, insert_action, plan, user_store  # noqa: F401


def service(store: Store) -> ActionService:
    return ActionService(store, clock=lambda: TODAY)


def snapshot(store: Store) -> list[tuple]:
    """Every row an action-plan change could touch, to prove a refusal changed nothing."""
    with store.read_session() as s:
        rows: list[tuple] = []
        for table in ("actions", "action_updates", "exception_notes", "dissemination", "reference_counters"):
            rows.extend((table, *r) for r in s.execute(text(f"SELECT * FROM {table} ORDER BY 1")))
        return rows


def details(store: Store, plan: Plan, **overrides: object) -> ActionDetails:  # noqa: F811
    values = {
        "description": "Agree and publish a shared information protocol.",
        "agency_id": plan.police,
        "lead_officer_name": "Inspector Example",
        "lead_officer_role": "Safeguarding lead",
        "lead_officer_contact": "inspector.example@example.invalid",
        "accountable_manager": "Superintendent Example",
    }
    values.update(overrides)
    return ActionDetails(**values)  # type: ignore[arg-type]


def test_create_under_a_recommendation_traces_back_to_the_finding(store: Store, plan: Plan) -> None:  # noqa: F811
    made = service(store).create(details(store, plan), date(2026, 6, 30), recommendation_id=plan.recommendation_id)
    assert made.reference == "ACT-2026-0001"
    assert made.status == "not_started" and made.status_label == "Not started"
    assert made.original_due_date == made.due_date == date(2026, 6, 30)
    assert made.agency_name == "Police"
    trace = made.trace
    assert trace.review_reference == "MALR-2025-01"
    assert trace.finding_text.startswith("Information about the family")
    assert trace.recommendation_text == "Agree a shared information protocol."
    assert trace.referral_reference == "LIP-2025-0001"
    assert [d.channel_label for d in trace.dissemination] == ["Training Sub-group"]
    again = service(store).get(made.id)
    assert again == made


def test_create_under_a_single_agency_decision(store: Store, plan: Plan) -> None:  # noqa: F811
    made = service(store).create(details(store, plan, agency_id=plan.health), date(2026, 5, 1), decision_id=plan.decision_id)
    assert made.trace.review_reference == ""
    assert made.trace.decision_label == "Single-agency action"
    assert made.trace.referral_reference == "LIP-2025-0002"
    assert made.trace.decision_date == date(2025, 2, 17)


def test_references_are_never_reused(store: Store, plan: Plan) -> None:  # noqa: F811
    svc = service(store)
    first = svc.create(details(store, plan), TODAY, recommendation_id=plan.recommendation_id)
    svc.delete(first.id)
    second = svc.create(details(store, plan), TODAY, recommendation_id=plan.recommendation_id)
    assert (first.reference, second.reference) == ("ACT-2026-0001", "ACT-2026-0002")


def test_sources_offer_recommendations_and_single_agency_decisions_only(store: Store, plan: Plan) -> None:  # noqa: F811
    sources = service(store).sources()
    assert {(s.kind, s.id) for s in sources} == {
        ("recommendation", plan.recommendation_id),
        ("recommendation", plan.other_recommendation_id),
        ("decision", plan.decision_id),
    }
    assert all("Example Child" not in s.label for s in sources)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"description": ""}, "description"),
        ({"description": "   \n "}, "description"),
        ({"description": "x" * 4001}, "description"),
        ({"description": "Bad\x00byte"}, "description"),
        ({"description": 42}, "description"),
        ({"agency_id": None}, "agency_id"),
        ({"agency_id": 99999}, "agency_id"),
        ({"agency_id": "Police"}, "agency_id"),
        ({"lead_officer_name": "Two\nlines"}, "lead_officer_name"),
        ({"lead_officer_name": "n" * 201}, "lead_officer_name"),
        ({"accountable_manager": "\x1b[31mred"}, "accountable_manager"),
    ],
)
def test_bad_details_are_refused_and_nothing_is_written(store: Store, plan: Plan, change: dict, field: str) -> None:  # noqa: F811
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        service(store).create(details(store, plan, **change), TODAY, recommendation_id=plan.recommendation_id)
    assert field in caught.value.problems
    assert caught.value.problems[field].endswith(".")
    assert snapshot(store) == before


@pytest.mark.parametrize(
    "due",
    [None, date(1999, 12, 31), TODAY + timedelta(days=365 * 21), datetime(2026, 5, 1, 10, 0), "2026-05-01"],
)
def test_bad_due_dates_are_refused(store: Store, plan: Plan, due: object) -> None:  # noqa: F811
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        service(store).create(details(store, plan), due, recommendation_id=plan.recommendation_id)  # type: ignore[arg-type]
    assert "due_date" in caught.value.problems
    assert snapshot(store) == before


def test_every_problem_is_reported_at_once(store: Store, plan: Plan) -> None:  # noqa: F811
    with pytest.raises(ValidationError) as caught:
        service(store).create(details(store, plan, description="", agency_id=None), None)
    assert set(caught.value.problems) == {"description", "agency_id", "due_date", "source"}


def test_source_must_be_exactly_one_recommendation_or_a_single_agency_decision(store: Store, plan: Plan) -> None:  # noqa: F811
    with store.read_session() as s:
        malr_decision = s.scalar(select(PanelDecision.id).where(PanelDecision.decision == "malr"))
    before = snapshot(store)
    svc = service(store)
    for kwargs in (
        {},
        {"recommendation_id": plan.recommendation_id, "decision_id": plan.decision_id},
        {"recommendation_id": 99999},
        {"decision_id": malr_decision},
        {"decision_id": 99999},
    ):
        with pytest.raises(ValidationError) as caught:
            svc.create(details(store, plan), TODAY, **kwargs)
        assert "source" in caught.value.problems
    assert snapshot(store) == before


def test_a_superseded_decision_is_refused(store: Store, plan: Plan) -> None:  # noqa: F811
    with store.session() as s:
        s.get(PanelDecision, plan.decision_id).superseded = True
    with pytest.raises(ValidationError, match="superseded"):
        service(store).create(details(store, plan), TODAY, decision_id=plan.decision_id)


def test_an_inactive_agency_cannot_be_given_new_actions_but_keeps_its_old_ones(store: Store, plan: Plan) -> None:  # noqa: F811
    made = service(store).create(details(store, plan), TODAY, recommendation_id=plan.recommendation_id)
    with store.session() as s:
        s.get(Agency, plan.police).active = False
    with pytest.raises(ValidationError, match="no longer an active agency"):
        service(store).create(details(store, plan), TODAY, recommendation_id=plan.recommendation_id)
    changed = service(store).update_details(made.id, details(store, plan, description="Reworded, same agency."))
    assert changed.description == "Reworded, same agency." and changed.agency_id == plan.police


def test_update_details_keeps_due_dates_and_status(store: Store, plan: Plan) -> None:  # noqa: F811
    action_id = insert_action(store, plan, "ACT-2026-0100", status="on_track", due=date(2026, 8, 1))
    changed = service(store).update_details(action_id, details(store, plan, agency_id=plan.health, lead_officer_name="  Nurse Example  "))
    assert changed.agency_name == "Health"
    assert changed.lead_officer_name == "Nurse Example"
    assert (changed.due_date, changed.original_due_date, changed.recorded_status) == (date(2026, 8, 1), date(2026, 8, 1), "on_track")


def test_a_signed_off_action_cannot_be_edited(store: Store, plan: Plan) -> None:  # noqa: F811
    action_id = insert_action(store, plan, "ACT-2026-0101", status="closed", evidence="Fictional.", signed_off_on=TODAY)
    before = snapshot(store)
    with pytest.raises(InvalidTransition, match="signed off"):
        service(store).update_details(action_id, details(store, plan))
    assert snapshot(store) == before


def test_delete_only_an_action_without_history(store: Store, plan: Plan) -> None:  # noqa: F811
    fresh = insert_action(store, plan, "ACT-2026-0102")
    worked = insert_action(store, plan, "ACT-2026-0103")
    add_update_row(store, worked, TODAY)
    with store.session() as s:
        s.add(ExceptionNote(action_id=fresh, cause="Entered by mistake."))
    assert service(store).delete(fresh) == "ACT-2026-0102"
    before = snapshot(store)
    with pytest.raises(InvalidTransition, match="kept for the record"):
        service(store).delete(worked)
    assert snapshot(store) == before
    with store.read_session() as s:
        assert s.get(Action, fresh) is None
        assert s.scalar(select(ActionUpdate.id).where(ActionUpdate.action_id == worked)) is not None


def test_missing_action_gives_a_plain_message(store: Store, plan: Plan) -> None:  # noqa: F811
    with pytest.raises(ActionNotFound, match="no longer exists"):
        service(store).get(424242)
    with pytest.raises(ActionNotFound):
        service(store).update_details(424242, details(store, plan))


@pytest.mark.parametrize("role", ["read-only"])
def test_read_only_users_change_nothing(store: Store, plan: Plan, role: str) -> None:  # noqa: F811
    action_id = insert_action(store, plan, "ACT-2026-0104")
    reader = user_store(store, "reader", role)
    try:
        svc = ActionService(reader, clock=lambda: TODAY)
        before = snapshot(store)
        with pytest.raises(NotPermitted, match="does not allow you to change actions"):
            svc.create(details(store, plan), TODAY, recommendation_id=plan.recommendation_id)
        with pytest.raises(NotPermitted):
            svc.update_details(action_id, details(store, plan))
        with pytest.raises(NotPermitted):
            svc.delete(action_id)
        assert snapshot(store) == before
        assert svc.get(action_id).reference == "ACT-2026-0104"  # reading is allowed
    finally:
        reader.close()


def test_every_change_is_audited_by_field_name_only(store: Store, plan: Plan) -> None:  # noqa: F811
    made = service(store).create(details(store, plan, description="Secret-ish fictional wording"), TODAY, recommendation_id=plan.recommendation_id)
    with store.read_session() as s:
        rows = s.execute(text("SELECT entity, action, fields FROM audit_log WHERE entity = 'actions'")).all()
    assert ("actions", "insert") in {(r[0], r[1]) for r in rows}
    assert all("Secret-ish" not in r[2] for r in rows)
    assert made.id
