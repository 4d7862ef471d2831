"""The exception report: every overdue or at-risk action, with its four fields."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import update

from lipanel_desktop.models.action import Action
from lipanel_desktop.services.action_progress import ActionProgressService, ProgressInput
from lipanel_desktop.services.action_detail import ExceptionNoteData
from lipanel_desktop.services.organisation import OrganisationService
from lipanel_desktop.services.reports.exception_report import ExceptionReportService
from lipanel_desktop.storage.store import Store
from tests.unit.test_action_fixtures import TODAY, Plan, insert_action, plan  # noqa: F401


def report(store: Store, agency_id: int | None = None):
    return ExceptionReportService(store, clock=lambda: TODAY).build(agency_id)


def test_only_overdue_and_at_risk_actions_are_listed(store: Store, plan: Plan) -> None:  # noqa: F811
    late = insert_action(store, plan, "ACT-2026-0001", agency=plan.police, due=TODAY - timedelta(days=43))
    insert_action(store, plan, "ACT-2026-0002", agency=plan.police, due=TODAY - timedelta(days=1))
    insert_action(store, plan, "ACT-2026-0003", agency=plan.health, due=TODAY + timedelta(days=10), forecast=TODAY + timedelta(days=40))
    insert_action(store, plan, "ACT-2026-0004", agency=plan.health, due=TODAY + timedelta(days=10), forecast=TODAY + timedelta(days=24))
    insert_action(store, plan, "ACT-2026-0005", due=TODAY - timedelta(days=90), status="complete", evidence="Fictional.")
    insert_action(store, plan, "ACT-2026-0006", due=TODAY - timedelta(days=90), status="closed", evidence="Fictional.", signed_off_on=TODAY)
    insert_action(store, plan, "ACT-2026-0007", due=TODAY)
    ActionProgressService(store, clock=lambda: TODAY).add_update(late, ProgressInput("Awaiting a fictional system upgrade.", TODAY - timedelta(days=2)))
    built = report(store)
    assert [(i.reference, i.status_label, i.lateness) for i in built.items] == [
        ("ACT-2026-0003", "At risk", "forecast 30 days late"),
        ("ACT-2026-0001", "Overdue", "43 days overdue"),
        ("ACT-2026-0002", "Overdue", "1 day overdue"),
    ]
    assert (built.overdue_count, built.at_risk_count, built.without_note) == (2, 1, 3)
    assert [(a.agency, a.overdue, a.at_risk) for a in built.by_agency] == [("Health", 0, 1), ("Police", 2, 0)]
    first_overdue = built.items[1]
    assert first_overdue.source == "MALR-2025-01"
    assert first_overdue.recommendation_text == "Agree a shared information protocol."
    assert (first_overdue.latest_update_on, first_overdue.latest_update_text) == (TODAY - timedelta(days=2), "Awaiting a fictional system upgrade.")
    assert built.board_name == "Stockport Safeguarding Children Board" and built.protective_marking == "OFFICIAL-SENSITIVE"
    assert [i.reference for i in report(store, plan.health).items] == ["ACT-2026-0003"]


def test_notes_appear_and_revised_dates_are_shown(store: Store, plan: Plan) -> None:  # noqa: F811
    action_id = insert_action(store, plan, "ACT-2026-0010", due=TODAY - timedelta(days=5))
    with store.session() as s:
        s.execute(update(Action).where(Action.id == action_id).values(original_due_date=date(2025, 12, 1), revised_due_reason="Fictional delay."))
    ActionProgressService(store, clock=lambda: TODAY).save_exception_note(
        action_id, ExceptionNoteData("Cause.", "Consequences.", "Options.", "Recommendation.")
    )
    [item] = report(store).items
    assert item.note == ExceptionNoteData("Cause.", "Consequences.", "Options.", "Recommendation.")
    assert (item.original_due_date, item.due_date, item.revised_due_reason) == (date(2025, 12, 1), TODAY - timedelta(days=5), "Fictional delay.")
    assert report(store).without_note == 0


def test_the_tolerance_setting_moves_actions_in_and_out(store: Store, plan: Plan) -> None:  # noqa: F811
    insert_action(store, plan, "ACT-2026-0020", due=TODAY + timedelta(days=10), forecast=TODAY + timedelta(days=30))
    assert [i.reference for i in report(store).items] == ["ACT-2026-0020"]
    OrganisationService(store).update({"action_risk_tolerance_days": 30})
    assert report(store).items == ()
    assert report(store).tolerance_days == 30


def test_single_agency_actions_name_their_referral(store: Store, plan: Plan) -> None:  # noqa: F811
    from lipanel_desktop.services.actions import ActionDetails, ActionService

    ActionService(store, clock=lambda: TODAY).create(ActionDetails("Fictional audit.", plan.health), TODAY - timedelta(days=3), decision_id=plan.decision_id)
    [item] = report(store).items
    assert item.source == "LIP-2025-0002 (single-agency)" and item.recommendation_text == ""


def test_empty_report(store: Store) -> None:
    built = report(store)
    assert built.items == () and built.by_agency == () and built.overdue_count == 0
