"""The statutory clock: working-day deadlines, RAG in words, pauses."""

from __future__ import annotations

from datetime import date

import pytest

from lipanel_desktop.errors import InvalidTransition, NotPermitted, ValidationError
from lipanel_desktop.services.organisation import OrganisationService
from lipanel_desktop.services.review_agencies import ReviewAgencyService
from lipanel_desktop.services.review_workflow import ReviewWorkflow, add_months
from lipanel_desktop.services.reviews import ReviewService
from lipanel_desktop.services.statutory_clock import ClockService
from lipanel_desktop.storage.store import Store
from tests.panel_factories import make_referral, store_as
from tests.review_factories import open_review


def test_the_panel_decision_is_due_15_working_days_after_referral_across_easter(store: Store) -> None:
    # Referred Thursday 26 March 2026: Good Friday and Easter Monday are not counted.
    referral = make_referral(store, 1, referral_date=date(2026, 3, 26))
    (deadline,) = ClockService(store).for_referral(referral, today=date(2026, 3, 27))
    assert deadline.label == "Panel decision" and deadline.due == date(2026, 4, 20)
    assert deadline.rag == "green" and deadline.rag_text == "On time: due 20/04/2026"
    amber = ClockService(store).for_referral(referral, today=date(2026, 4, 14))[0]
    assert amber.rag == "amber" and amber.rag_text == "Due soon: 4 working days left"
    assert ClockService(store).for_referral(referral, today=date(2026, 4, 20))[0].rag_text == "Due today"
    late = ClockService(store).for_referral(referral, today=date(2026, 4, 22))[0]
    assert late.rag == "red" and late.rag_text == "Overdue by 2 working days"


def test_ofsted_notification_across_the_may_bank_holiday_weekend(store: Store) -> None:
    # Referred Thursday 30 April 2026; Monday 4 May is a bank holiday.
    review_id = open_review(store, "scr_consideration", referral_date=date(2026, 4, 30))
    deadlines = {d.label: d for d in ClockService(store).for_review(review_id, today=date(2026, 5, 1))}
    notify = deadlines["Notify Ofsted and the National Panel"]
    assert notify.due == date(2026, 5, 8) and notify.owed_by == "Independent Chair"
    assert "Agency check reply from Police" in deadlines
    ReviewService(store).update(review_id, {"ofsted_notified_on": date(2026, 5, 1),
                                            "national_panel_notified_on": date(2026, 5, 1)}, today=date(2026, 5, 1))
    labels = [d.label for d in ClockService(store).for_review(review_id, today=date(2026, 5, 1))]
    assert "Notify Ofsted and the National Panel" not in labels


def test_settings_change_the_timescales(store: Store) -> None:
    OrganisationService(store).update({"rapid_decision_working_days": 10, "amber_working_days": 2})
    referral = make_referral(store, 1, referral_date=date(2026, 2, 2))
    (deadline,) = ClockService(store).for_referral(referral, today=date(2026, 2, 12))
    assert deadline.due == date(2026, 2, 16) and deadline.rag == "amber"


def test_scr_completion_is_six_months_from_the_decision() -> None:
    assert add_months(date(2026, 3, 16), 6) == date(2026, 9, 16)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)


def test_agency_check_due_dates_and_a_pause(store: Store) -> None:
    review_id = open_review(store, agencies=("Police",))
    ReviewService(store).update(review_id, {"timescales": "Fictional."})
    ReviewWorkflow(store).move(review_id, "agency_checks", today=date(2026, 2, 12))
    clock = ClockService(store)
    (deadline,) = [d for d in clock.for_review(review_id, today=date(2026, 2, 27)) if d.label.startswith("Agency check")]
    assert deadline.due == date(2026, 2, 26) and deadline.rag == "red" and deadline.owed_by == "Police"
    clock.pause(date(2026, 2, 20), "Fictional criminal proceedings", review_id=review_id, today=date(2026, 2, 27))
    paused = [d for d in clock.for_review(review_id, today=date(2026, 2, 27)) if d.label.startswith("Agency check")][0]
    assert paused.rag == "paused" and paused.rag_text == "Paused"
    with pytest.raises(InvalidTransition, match="already paused"):
        clock.pause(date(2026, 2, 27), "Again", review_id=review_id, today=date(2026, 2, 27))
    (pause,) = clock.pauses(review_id=review_id)
    with pytest.raises(ValidationError, match="cannot end earlier"):
        clock.resume(pause.id, date(2026, 2, 19), today=date(2026, 3, 6))
    clock.resume(pause.id, date(2026, 3, 6), today=date(2026, 3, 6))
    # Paused 20 Feb to 6 Mar inclusive: 11 working days added to 26 Feb.
    resumed = [d for d in clock.for_review(review_id, today=date(2026, 3, 9)) if d.label.startswith("Agency check")][0]
    assert resumed.due == date(2026, 3, 13) and resumed.rag == "amber"
    with pytest.raises(InvalidTransition, match="already ended"):
        clock.resume(pause.id, date(2026, 3, 6), today=date(2026, 3, 6))


@pytest.mark.parametrize(
    ("started", "reason", "field"),
    [(None, "Fictional", "started_on"), (date(2026, 3, 1), "", "reason"), (date(2030, 1, 1), "Fictional", "started_on"),
     (date(2026, 2, 20), "x" * 5000, "reason"), (date(2026, 2, 20), "bad\x1bescape", "reason")],
)
def test_bad_pauses_are_refused(store: Store, started: date | None, reason: str, field: str) -> None:
    review_id = open_review(store)
    with pytest.raises(ValidationError) as error:
        ClockService(store).pause(started, reason, review_id=review_id, today=date(2026, 3, 2))
    assert field in error.value.problems
    assert ClockService(store).pauses(review_id=review_id) == []


def test_read_only_users_cannot_pause(store: Store) -> None:
    review_id = open_review(store)
    reader = store_as(store, "read-only")
    try:
        with pytest.raises(NotPermitted):
            ClockService(reader).pause(date(2026, 2, 20), "Fictional", review_id=review_id, today=date(2026, 3, 2))
    finally:
        reader.close()
    assert ClockService(store).pauses(review_id=review_id) == []


def test_papers_deadlines_belong_to_the_case(store: Store) -> None:
    review_id = open_review(store)  # its first meeting is 17 March 2026
    papers = [d for d in ClockService(store).for_review(review_id, today=date(2026, 3, 2)) if d.label.startswith("Papers")]
    assert [(d.due, d.owed_by) for d in papers] == [(date(2026, 3, 10), "Safeguarding Children Unit")]
    assert ReviewAgencyService(store).checks(review_id)
