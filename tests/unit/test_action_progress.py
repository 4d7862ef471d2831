"""Progress updates, forecasts, revised due dates, evidence, the monthly bulk update (all
or nothing, and undoable) and sign-off by the Audit and Monitoring Sub-group."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lipanel_desktop.errors import InvalidTransition, KnownError, NotPermitted, ValidationError
from lipanel_desktop.models.action import Action, ActionUpdate
from lipanel_desktop.services.action_progress import BULK_LIMIT, ActionProgressService, ProgressInput
from lipanel_desktop.services.action_detail import ExceptionNoteData
from lipanel_desktop.services.organisation import OrganisationService
from lipanel_desktop.storage.store import Store
from tests.unit.test_action_fixtures import TODAY, Plan, insert_action, plan, user_store  # noqa: F401
from tests.unit.test_actions_service import snapshot


def progress(store: Store, today: date = TODAY) -> ActionProgressService:
    return ActionProgressService(store, clock=lambda: today)


def test_an_update_is_dated_signed_and_can_set_status_and_forecast(store: Store, plan: Plan) -> None:  # noqa: F811
    action_id = insert_action(store, plan, "ACT-2026-0001", due=date(2026, 5, 1))
    after = progress(store).add_update(
        action_id, ProgressInput("  Draft protocol shared with partners.  ", TODAY, "on_track", forecast_date=date(2026, 5, 10))
    )
    assert after.recorded_status == "on_track" and after.status == "on_track"  # 9 days late is within 14
    assert after.forecast_date == date(2026, 5, 10)
    [update] = after.updates
    assert (update.update_date, update.author, update.text, update.status_after_label) == (
        TODAY, "admin", "Draft protocol shared with partners.", "On track"
    )


def test_a_forecast_beyond_the_tolerance_makes_the_action_at_risk(store: Store, plan: Plan) -> None:  # noqa: F811
    action_id = insert_action(store, plan, "ACT-2026-0002", due=date(2026, 5, 1), status="on_track")
    svc = progress(store)
    assert svc.add_update(action_id, ProgressInput("Slipping.", TODAY, forecast_date=date(2026, 5, 16))).status == "at_risk"
    assert svc.add_update(action_id, ProgressInput("Recovered.", TODAY, forecast_date=date(2026, 5, 15))).status == "on_track"
    assert svc.add_update(action_id, ProgressInput("Dropped.", TODAY, clear_forecast=True)).forecast_date is None


def test_the_tolerance_is_an_organisation_setting(store: Store, plan: Plan) -> None:  # noqa: F811
    action_id = insert_action(store, plan, "ACT-2026-0003", due=date(2026, 5, 1), forecast=date(2026, 5, 8))
    assert progress(store).add_update(action_id, ProgressInput("Note.", TODAY)).status == "not_started"
    OrganisationService(store).update({"action_risk_tolerance_days": 5})
    assert progress(store).add_update(action_id, ProgressInput("Note.", TODAY)).status == "at_risk"


def test_the_same_action_turns_overdue_as_days_pass(store: Store, plan: Plan) -> None:  # noqa: F811
    action_id = insert_action(store, plan, "ACT-2026-0004", due=TODAY)
    note = ProgressInput("Still going.", TODAY, "on_track")
    assert progress(store, TODAY).add_update(action_id, note).status == "on_track"
    assert progress(store, TODAY + timedelta(days=1)).add_update(action_id, note).status == "overdue"


@pytest.mark.parametrize(
    ("status", "words"),
    [("overdue", "worked out from the dates"), ("at_risk", "worked out from the dates"), ("closed", "signing it off"), ("finished", "from the list")],
)
def test_derived_and_closed_statuses_cannot_be_typed(store: Store, plan: Plan, status: str, words: str) -> None:  # noqa: F811
    action_id = insert_action(store, plan, "ACT-2026-0005")
    before = snapshot(store)
    with pytest.raises(ValidationError, match=words):
        progress(store).add_update(action_id, ProgressInput("Note.", TODAY, status))
    assert snapshot(store) == before


def test_complete_needs_evidence_first(store: Store, plan: Plan) -> None:  # noqa: F811
    action_id = insert_action(store, plan, "ACT-2026-0006", status="on_track")
    svc = progress(store)
    before = snapshot(store)
    with pytest.raises(ValidationError, match="no evidence of completion"):
        svc.add_update(action_id, ProgressInput("Done.", TODAY, "complete"))
    assert snapshot(store) == before
    svc.record_evidence(action_id, "Protocol signed by all partners.", "Protocol v1.2; minutes of 01/03/2026")
    done = svc.add_update(action_id, ProgressInput("Done.", TODAY - timedelta(days=2), "complete"))
    assert (done.status, done.completed_on) == ("complete", TODAY - timedelta(days=2))
    # Reopening clears the completion date; a complete action keeps its evidence.
    with pytest.raises(ValidationError, match="must keep its evidence"):
        svc.record_evidence(action_id, "", "")
    reopened = svc.add_update(action_id, ProgressInput("More to do.", TODAY, "on_track"))
    assert (reopened.status, reopened.completed_on) == ("on_track", None)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (ProgressInput("", TODAY), "text"),
        (ProgressInput("x" * 4001, TODAY), "text"),
        (ProgressInput("Note\x07", TODAY), "text"),
        (ProgressInput("Note.", None), "update_date"),
        (ProgressInput("Note.", TODAY + timedelta(days=1)), "update_date"),
        (ProgressInput("Note.", date(1990, 1, 1)), "update_date"),
        (ProgressInput("Note.", TODAY, forecast_date=date(1999, 1, 1)), "forecast_date"),
    ],
)
def test_bad_updates_are_refused(store: Store, plan: Plan, data: ProgressInput, field: str) -> None:  # noqa: F811
    action_id = insert_action(store, plan, "ACT-2026-0007")
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        progress(store).add_update(action_id, data)
    assert field in caught.value.problems
    assert snapshot(store) == before


def test_revised_due_date_keeps_the_original_and_the_reason(store: Store, plan: Plan) -> None:  # noqa: F811
    action_id = insert_action(store, plan, "ACT-2026-0008", due=date(2026, 3, 1))
    svc = progress(store)
    assert svc.add_update(action_id, ProgressInput("Note.", TODAY)).status == "overdue"
    revised = svc.revise_due_date(action_id, date(2026, 6, 30), "Waiting for the new case management system.")
    assert (revised.original_due_date, revised.due_date, revised.revised_on) == (date(2026, 3, 1), date(2026, 6, 30), TODAY)
    assert revised.revised_due_reason == "Waiting for the new case management system."
    assert revised.due_date_revised and revised.status == "not_started"
    assert "01/03/2026" in revised.updates[0].text and "30/06/2026" in revised.updates[0].text
    again = svc.revise_due_date(action_id, date(2026, 9, 30), "Second delay.")
    assert (again.original_due_date, again.due_date) == (date(2026, 3, 1), date(2026, 9, 30))


@pytest.mark.parametrize(
    ("new", "reason", "field"),
    [(date(2026, 3, 1), "Same date.", "due_date"), (None, "No date.", "due_date"), (date(2026, 7, 1), "", "reason"), (date(2026, 7, 1), "r" * 1001, "reason")],
)
def test_bad_revisions_are_refused(store: Store, plan: Plan, new: date | None, reason: str, field: str) -> None:  # noqa: F811
    action_id = insert_action(store, plan, "ACT-2026-0009", due=date(2026, 3, 1))
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        progress(store).revise_due_date(action_id, new, reason)
    assert field in caught.value.problems
    assert snapshot(store) == before


def test_bulk_update_changes_every_chosen_action_with_one_note(store: Store, plan: Plan) -> None:  # noqa: F811
    ids = [insert_action(store, plan, f"ACT-2026-{n:04d}") for n in range(20, 25)]
    result = progress(store).bulk_update(ids, "on_track", "Reviewed at the monitoring meeting of 16/03/2026.", TODAY)
    assert result.count == 5 and [c.reference for c in result.changes] == [f"ACT-2026-{n:04d}" for n in range(20, 25)]
    with store.read_session() as s:
        notes = s.execute(select(ActionUpdate.action_id, ActionUpdate.text, ActionUpdate.status_after)).all()
    assert sorted(notes) == sorted((i, "Reviewed at the monitoring meeting of 16/03/2026.", "on_track") for i in ids)


def test_bulk_update_with_a_note_only_keeps_each_status(store: Store, plan: Plan) -> None:  # noqa: F811
    a = insert_action(store, plan, "ACT-2026-0030", status="on_track")
    b = insert_action(store, plan, "ACT-2026-0031", status="complete", evidence="Fictional.", completed_on=TODAY)
    progress(store).bulk_update([a, b, a], None, "Discussed.", TODAY)
    svc = progress(store)
    assert svc.add_update(a, ProgressInput("x", TODAY)).recorded_status == "on_track"
    assert svc.add_update(b, ProgressInput("x", TODAY)).recorded_status == "complete"


def test_bulk_update_is_all_or_nothing(store: Store, plan: Plan) -> None:  # noqa: F811
    fine = insert_action(store, plan, "ACT-2026-0040", evidence="Fictional evidence.")
    bare = insert_action(store, plan, "ACT-2026-0041")
    signed = insert_action(store, plan, "ACT-2026-0042", status="closed", evidence="Fictional.", signed_off_on=TODAY)
    before = snapshot(store)
    svc = progress(store)
    with pytest.raises(ValidationError) as caught:
        svc.bulk_update([fine, bare, signed], "complete", "Completed at the meeting.", TODAY)
    assert "ACT-2026-0041" in caught.value.problems["status"]
    assert "ACT-2026-0042" in caught.value.problems["actions"]
    assert snapshot(store) == before
    with pytest.raises(KnownError, match="no longer exist"):
        svc.bulk_update([fine, 987654], "on_track", "Note.", TODAY)
    assert snapshot(store) == before


@pytest.mark.parametrize(
    ("ids", "status", "text", "on", "field"),
    [
        ([], "on_track", "Note.", TODAY, "actions"),
        (list(range(1, BULK_LIMIT + 2)), "on_track", "Note.", TODAY, "actions"),
        ([1], "overdue", "Note.", TODAY, "status"),
        ([1], "closed", "Note.", TODAY, "status"),
        ([1], "on_track", "", TODAY, "text"),
        ([1], "on_track", "Note.", TODAY + timedelta(days=3), "update_date"),
    ],
)
def test_bad_bulk_updates_are_refused(store: Store, plan: Plan, ids: list[int], status: str, text: str, on: date, field: str) -> None:  # noqa: F811
    insert_action(store, plan, "ACT-2026-0050")
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        progress(store).bulk_update(ids, status, text, on)
    assert field in caught.value.problems
    assert snapshot(store) == before


def test_bulk_update_can_be_undone_until_something_else_changes(store: Store, plan: Plan) -> None:  # noqa: F811
    a = insert_action(store, plan, "ACT-2026-0060", status="on_track")
    b = insert_action(store, plan, "ACT-2026-0061", status="complete", evidence="Fictional.", completed_on=date(2026, 3, 1))
    svc = progress(store)
    before = _states(store)
    result = svc.bulk_update([a, b], "not_started", "Mistaken update.", TODAY)
    assert _states(store) != before
    assert svc.undo_bulk_update(result) == 2
    assert _states(store) == before
    second = svc.bulk_update([a, b], "on_track", "Another.", TODAY)
    svc.add_update(a, ProgressInput("Later note.", TODAY))
    kept = snapshot(store)
    with pytest.raises(InvalidTransition, match="ACT-2026-0060 has changed"):
        svc.undo_bulk_update(second)
    assert snapshot(store) == kept


def _states(store: Store) -> tuple[list[tuple], list[tuple]]:
    """Statuses, completion dates and progress notes: what a bulk update touches."""
    with store.read_session() as s:
        actions = s.execute(select(Action.id, Action.recorded_status, Action.completed_on).order_by(Action.id)).all()
        notes = s.execute(select(ActionUpdate.id, ActionUpdate.action_id, ActionUpdate.text).order_by(ActionUpdate.id)).all()
    return [tuple(r) for r in actions], [tuple(r) for r in notes]


def test_sign_off_closes_a_complete_action_and_can_be_withdrawn(store: Store, plan: Plan) -> None:  # noqa: F811
    action_id = insert_action(store, plan, "ACT-2026-0070", status="complete", evidence="Audit of 20 cases.", completed_on=TODAY)
    svc = progress(store)
    signed = svc.sign_off(action_id)
    assert (signed.status, signed.signed_off_by, signed.signed_off_on, signed.closed_on) == ("closed", "admin", TODAY, TODAY)
    assert signed.updates[0].text.startswith("Signed off by the Audit and Monitoring Sub-group")
    for attempt in (
        lambda: svc.add_update(action_id, ProgressInput("More.", TODAY)),
        lambda: svc.revise_due_date(action_id, date(2027, 1, 1), "Why not."),
        lambda: svc.record_evidence(action_id, "Other.", ""),
        lambda: svc.sign_off(action_id),
    ):
        with pytest.raises(InvalidTransition):
            attempt()
    with pytest.raises(ValidationError):
        svc.withdraw_sign_off(action_id, " ")
    reopened = svc.withdraw_sign_off(action_id, "Evidence found incomplete at audit.")
    assert (reopened.status, reopened.signed_off_on, reopened.closed_on) == ("complete", None, None)
    assert svc.add_update(action_id, ProgressInput("Back to work.", TODAY, "on_track")).status == "on_track"


@pytest.mark.parametrize(("status", "evidence"), [("on_track", "Fictional."), ("not_started", ""), ("complete", "")])
def test_only_complete_actions_with_evidence_can_be_signed_off(store: Store, plan: Plan, status: str, evidence: str) -> None:  # noqa: F811
    action_id = insert_action(store, plan, "ACT-2026-0071", status=status, evidence=evidence)
    before = snapshot(store)
    with pytest.raises(InvalidTransition):
        progress(store).sign_off(action_id)
    assert snapshot(store) == before


@pytest.mark.parametrize(("role", "may_sign"), [("panel-member", False), ("read-only", False), ("unit-admin", True), ("chair", True)])
def test_sign_off_is_for_the_audit_and_monitoring_roles_only(store: Store, plan: Plan, role: str, may_sign: bool) -> None:  # noqa: F811
    action_id = insert_action(store, plan, "ACT-2026-0072", status="complete", evidence="Fictional.", completed_on=TODAY)
    other = user_store(store, "someone", role)
    try:
        svc = progress(other)
        if may_sign:
            assert svc.sign_off(action_id).signed_off_by == "someone"
            return
        before = snapshot(store)
        with pytest.raises(NotPermitted, match="sign off actions for the Audit and Monitoring Sub-group"):
            svc.sign_off(action_id)
        with pytest.raises(NotPermitted):
            svc.withdraw_sign_off(action_id, "Because.")
        assert snapshot(store) == before
    finally:
        other.close()


def test_read_only_users_cannot_record_progress(store: Store, plan: Plan) -> None:  # noqa: F811
    action_id = insert_action(store, plan, "ACT-2026-0073")
    reader = user_store(store, "reader", "read-only")
    try:
        svc = progress(reader)
        before = snapshot(store)
        for attempt in (
            lambda: svc.add_update(action_id, ProgressInput("Note.", TODAY)),
            lambda: svc.bulk_update([action_id], "on_track", "Note.", TODAY),
            lambda: svc.revise_due_date(action_id, date(2027, 1, 1), "Reason."),
            lambda: svc.record_evidence(action_id, "Evidence.", ""),
            lambda: svc.save_exception_note(action_id, ExceptionNoteData(cause="Cause.")),
        ):
            with pytest.raises(NotPermitted):
                attempt()
        assert snapshot(store) == before
    finally:
        reader.close()


def test_exception_note_is_saved_and_replaced(store: Store, plan: Plan) -> None:  # noqa: F811
    action_id = insert_action(store, plan, "ACT-2026-0080", due=date(2026, 1, 31))
    svc = progress(store)
    first = svc.save_exception_note(action_id, ExceptionNoteData("Staff shortage.", "Training delayed.", "Extend; reassign.", "Extend to June."))
    assert first.exception_note.cause == "Staff shortage."
    second = svc.save_exception_note(action_id, ExceptionNoteData(cause="  Revised cause. "))
    assert second.exception_note == ExceptionNoteData(cause="Revised cause.")
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        svc.save_exception_note(action_id, ExceptionNoteData(options="o" * 4001, recommendation="\x00"))
    assert set(caught.value.problems) == {"options", "recommendation"}
    assert snapshot(store) == before
