"""Closing a review early with a reason, from any open stage, by a chair or an
administrator (audited, the referral following), and re-opening one closed wrongly."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select

from lipanel_desktop.errors import InvalidTransition, KnownError, NotPermitted, ValidationError
from lipanel_desktop.models.audit import AuditEntry
from lipanel_desktop.models.review import ReviewClosure
from lipanel_desktop.services.case_progress import CaseProgressService
from lipanel_desktop.services.meetings import MeetingData, MeetingService
from lipanel_desktop.services.review_closure import EarlyClosure, ReviewClosureService
from lipanel_desktop.services.review_workflow import TRANSITIONS, ReviewWorkflow
from lipanel_desktop.services.reviews import ReviewService
from lipanel_desktop.services.statutory_clock import ClockService
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.reviews import ReviewStage
from tests.panel_factories import referral_status, store_as
from tests.review_factories import open_review, set_stage, snapshot

TODAY = date(2026, 6, 1)
OPEN_STAGES = sorted({(t.kinds, t.source.value) for t in TRANSITIONS}, key=lambda k: (sorted(k[0]), k[1]))
KIND_DECISION = {"malr": "malr", "other": "other_review", "scr": "scr_consideration", "single_agency": "single_agency"}


def referral_of(store: Store, review_id: int) -> int:
    return snapshot(store, review_id)["referral_id"]


def audit_actions(store: Store, review_id: int) -> list[str]:
    with store.read_session() as s:
        return list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "reviews",
                                                              AuditEntry.entity_id == str(review_id))))


@pytest.mark.parametrize(("kinds", "stage"), OPEN_STAGES)
def test_any_open_stage_can_close_early_and_reopen_there(store: Store, kinds: frozenset[str], stage: str) -> None:
    kind = sorted(kinds)[0]
    review_id = open_review(store, KIND_DECISION[kind], method="systems_review" if kind == "other" else None,
                            agencies=("Police",) if kind == "single_agency" else ("Police", "Health"))
    set_stage(store, review_id, stage, kind=kind)
    closure = ReviewClosureService(store)
    outcome = closure.close_early(review_id, EarlyClosure("family_moved", "Fictional: moved to another area.",
                                                          closed_on=date(2026, 5, 29)), today=TODAY)
    assert outcome.stage == "closed" and "the family moved away" in outcome.message
    state = snapshot(store, review_id)
    assert (state["stage"], state["closed_on"]) == ("closed", date(2026, 5, 29))
    assert referral_status(store, referral_of(store, review_id)) == "closed"
    [row] = closure.history(review_id)
    assert (row.reason, row.stage_before, row.closed_by) == ("family_moved", stage, "admin")
    assert row.describe.startswith("Closed early on 29/05/2026") and "moved to another area" in row.describe
    assert all(d == [] for d in [ClockService(store).for_review(review_id, today=TODAY)])
    reopened = closure.reopen(review_id, "Fictional: closed on the wrong case.", today=TODAY)
    assert reopened.stage == stage and "open again" in reopened.message
    assert snapshot(store, review_id)["closed_on"] is None
    assert referral_status(store, referral_of(store, review_id)) == "in_review"
    assert closure.history(review_id)[0].reopened_on == TODAY
    assert {"close_early", "reopen"} <= set(audit_actions(store, review_id))


def test_merged_into_another_review(store: Store) -> None:
    first, second = open_review(store, number=1), open_review(store, number=2)
    closure = ReviewClosureService(store)
    assert [i for i, _ in closure.merge_choices(first)] == [second]
    closure.close_early(first, EarlyClosure("merged", merged_into_id=second, closed_on=TODAY), today=TODAY)
    row = closure.history(first)[0]
    assert row.merged_into_id == second and row.merged_into_reference in row.describe
    assert closure.merge_choices(second) == []  # the closed one is no longer offered
    with pytest.raises(ValidationError, match="closed; choose an open review"):
        closure.close_early(second, EarlyClosure("merged", merged_into_id=first, closed_on=TODAY), today=TODAY)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (EarlyClosure("", closed_on=TODAY), "reason"),
        (EarlyClosure("completed", closed_on=TODAY), "reason"),  # only the workflow closes as completed
        (EarlyClosure("bored", closed_on=TODAY), "reason"),
        (EarlyClosure("other", "", closed_on=TODAY), "note"),
        (EarlyClosure("other", "x" * 2_001, closed_on=TODAY), "note"),
        (EarlyClosure("other", "Bell\x07", closed_on=TODAY), "note"),
        (EarlyClosure("family_moved", closed_on=None), "closed_on"),
        (EarlyClosure("family_moved", closed_on=date(2026, 6, 2)), "closed_on"),  # after today
        (EarlyClosure("family_moved", closed_on=date(2026, 1, 1)), "closed_on"),  # before it started
        (EarlyClosure("merged", closed_on=TODAY), "merged_into_id"),
        (EarlyClosure("merged", merged_into_id=999_999, closed_on=TODAY), "merged_into_id"),
        (EarlyClosure("merged", merged_into_id=True, closed_on=TODAY), "merged_into_id"),  # type: ignore[arg-type]
        (EarlyClosure("not_needed", merged_into_id=1, closed_on=TODAY), "merged_into_id"),
    ],
)
def test_bad_closures_change_nothing(store: Store, data: EarlyClosure, field: str) -> None:
    review_id = open_review(store)
    before = snapshot(store, review_id)
    with pytest.raises(ValidationError) as refused:
        ReviewClosureService(store).close_early(review_id, data, today=TODAY)
    assert field in refused.value.problems
    assert snapshot(store, review_id) == before
    assert ReviewClosureService(store).history(review_id) == []
    assert referral_status(store, before["referral_id"]) == "in_review"


def test_a_review_cannot_be_merged_into_itself(store: Store) -> None:
    review_id = open_review(store)
    with pytest.raises(ValidationError, match="Choose the review it was merged into"):
        ReviewClosureService(store).close_early(review_id, EarlyClosure("merged", merged_into_id=review_id,
                                                                        closed_on=TODAY), today=TODAY)


def test_only_a_chair_or_administrator_closes_or_reopens(store: Store) -> None:
    review_id = open_review(store)
    before = snapshot(store, review_id)
    for role in ("panel-member", "unit-admin", "read-only"):
        other = store_as(store, role)
        try:
            with pytest.raises(NotPermitted):
                ReviewClosureService(other).close_early(review_id, EarlyClosure("family_moved", closed_on=TODAY), today=TODAY)
        finally:
            other.close()
    assert snapshot(store, review_id) == before
    chair = store_as(store, "chair", "fictionalchair")
    try:
        ReviewClosureService(chair).close_early(review_id, EarlyClosure("not_needed", closed_on=TODAY), today=TODAY)
        assert ReviewClosureService(chair).history(review_id)[0].closed_by == "fictionalchair"
        member = store_as(store, "panel-member", "member")
        try:
            with pytest.raises(NotPermitted):
                ReviewClosureService(member).reopen(review_id, "Not mine to reopen", today=TODAY)
        finally:
            member.close()
        ReviewClosureService(chair).reopen(review_id, "Fictional: wrong review.", today=TODAY)
    finally:
        chair.close()
    assert snapshot(store, review_id)["stage"] == "setting_up"


def test_closing_cancels_meetings_to_come_and_ends_a_pause(store: Store) -> None:
    review_id = open_review(store, first_meeting=None)
    meetings = MeetingService(store)
    past = meetings.schedule(MeetingData("malr_first", date(2026, 5, 12), time(10), review_id=review_id)).meeting
    later = meetings.schedule(MeetingData("malr_second", date(2026, 6, 16), time(10), review_id=review_id)).meeting
    ClockService(store).pause(date(2026, 5, 20), "Fictional: criminal proceedings.", review_id=review_id, today=TODAY)
    outcome = ReviewClosureService(store).close_early(review_id, EarlyClosure("family_moved", closed_on=TODAY), today=TODAY)
    assert "1 meeting still to come was cancelled" in outcome.message
    assert meetings.get(later.id).status == "cancelled" and meetings.get(past.id).status == "proposed"
    assert ClockService(store).pauses(review_id=review_id)[0].ended_on == TODAY
    again = ReviewClosureService(store).reopen(review_id, "Fictional: the family came back.", today=TODAY)
    assert "schedule new ones" in again.message


def test_wrong_moves_are_refused(store: Store) -> None:
    review_id = open_review(store)
    closure = ReviewClosureService(store)
    with pytest.raises(InvalidTransition, match="nothing to re-open"):
        closure.reopen(review_id, "Why", today=TODAY)
    closure.close_early(review_id, EarlyClosure("not_needed", closed_on=TODAY), today=TODAY)
    with pytest.raises(InvalidTransition, match="already closed"):
        closure.close_early(review_id, EarlyClosure("family_moved", closed_on=TODAY), today=TODAY)
    for bad in ("", "   ", "x" * 2_001, None):
        with pytest.raises(ValidationError):
            closure.reopen(review_id, bad, today=TODAY)  # type: ignore[arg-type]
    assert snapshot(store, review_id)["stage"] == "closed"
    with pytest.raises(KnownError, match="no longer exists"):
        closure.close_early(999_999, EarlyClosure("not_needed", closed_on=TODAY), today=TODAY)


def test_a_review_closed_by_its_path_reopens_where_it_closed(store: Store) -> None:
    review_id = open_review(store, "single_agency", agencies=("Police",))
    ReviewWorkflow(store).move(review_id, "closed", today=TODAY)
    [row] = ReviewClosureService(store).history(review_id)
    assert (row.reason, row.stage_before) == ("completed", "single_agency_actions")
    assert "the agency's actions are in the action plan" in row.describe
    ReviewClosureService(store).reopen(review_id, "Fictional: an action was missed.", today=TODAY)
    assert snapshot(store, review_id)["stage"] == "single_agency_actions"
    assert referral_status(store, referral_of(store, review_id)) == "in_review"


def test_a_review_closed_before_closings_were_recorded_reopens_at_its_last_stage(store: Store) -> None:
    review_id = open_review(store, "scr_consideration")
    set_stage(store, review_id, "closed")
    with store.session() as s:
        assert s.scalar(select(ReviewClosure.id)) is None
    ReviewClosureService(store).reopen(review_id, "Fictional: closed by mistake.", today=TODAY)
    assert snapshot(store, review_id)["stage"] == ReviewStage.PUBLICATION.value


def test_the_referral_stays_in_review_while_another_review_of_it_is_open(store: Store) -> None:
    review_id = open_review(store)
    referral_id = referral_of(store, review_id)
    twin = open_review(store, number=2)
    with store.session() as s:  # a second review of the same referral
        from lipanel_desktop.models.review import Review
        s.get(Review, twin).referral_id = referral_id
    ReviewClosureService(store).close_early(review_id, EarlyClosure("merged", merged_into_id=twin, closed_on=TODAY),
                                            today=TODAY)
    assert referral_status(store, referral_id) == "in_review"
    dashboard = CaseProgressService(store).dashboard(today=TODAY)
    assert review_id not in {r.id for r in dashboard.rows if r.case_type == "review"}
    assert ReviewService(store).peek(review_id).stage == "closed"
