"""A review's fields by stage, its agencies and people, its learning and themes: bad
input gets a clear message and changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from lipanel_desktop.errors import InvalidTransition, KnownError, ValidationError
from lipanel_desktop.services.review_agencies import ParticipantData, ReviewAgencyService
from lipanel_desktop.services.review_findings import ReviewFindingsService
from lipanel_desktop.services.review_learning import ReviewLearningService
from lipanel_desktop.services.review_workflow import ReviewWorkflow
from lipanel_desktop.services.reviews import ReviewService
from lipanel_desktop.storage.store import Store
from tests.panel_factories import agency_id
from tests.review_factories import open_review, snapshot

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"timescales": "x" * 60_000}, "timescales"),
        ({"chair_name": "Two\nlines"}, "chair_name"),
        ({"period_from": "01/01/2025"}, "period_from"),
        ({"period_from": date(2025, 6, 1), "period_to": date(2025, 1, 1)}, "period_to"),
        ({"period_to": date(2027, 1, 1)}, "period_to"),  # in the future
        ({"method": "astrology"}, "method"),
    ],
)
def test_bad_field_values_change_nothing(store: Store, changes: dict, field: str) -> None:
    review_id = open_review(store)
    before = snapshot(store, review_id)
    with pytest.raises(ValidationError) as error:
        ReviewService(store).update(review_id, changes, today=TODAY)
    assert field in error.value.problems
    assert snapshot(store, review_id) == before


def test_fields_belong_to_their_stage_and_unknown_fields_are_refused(store: Store) -> None:
    review_id = open_review(store)
    before = snapshot(store, review_id)
    with pytest.raises(InvalidTransition, match="recorded only when the review is at “Publication decision”"):
        ReviewService(store).update(review_id, {"publication_decision": "publish"}, today=TODAY)
    with pytest.raises(KnownError, match="cannot be changed here: stage"):
        ReviewService(store).update(review_id, {"stage": "closed"}, today=TODAY)
    assert snapshot(store, review_id) == before
    updated = ReviewService(store).update(review_id, {"chair_name": "  Fictional New Chair  ", "due_on": date(2026, 6, 30)},
                                          today=TODAY)
    assert updated.chair_name == "Fictional New Chair" and updated.due_on == date(2026, 6, 30)
    assert ReviewService(store).get(review_id).referral_reference == "LIP-2026-0001"


def test_agency_checks_and_participants(store: Store) -> None:
    review_id = open_review(store, agencies=("Police",))
    agencies = ReviewAgencyService(store)
    (check,) = agencies.checks(review_id)
    with pytest.raises(ValidationError) as error:
        agencies.answer_check(check.id, "involved", None, today=TODAY)
    assert "answered_on" in error.value.problems
    with pytest.raises(ValidationError, match="Only an involved agency"):
        agencies.answer_check(check.id, "not_involved", TODAY, representative_name="Fictional", today=TODAY)
    with pytest.raises(ValidationError):
        agencies.answer_check(check.id, "maybe", TODAY, today=TODAY)
    assert agencies.checks(review_id)[0].status == "awaiting"
    rows = agencies.add_check(review_id, agency_id(store, "Housing"), today=TODAY)
    assert {r.agency_name for r in rows} == {"Police", "Housing"}
    with pytest.raises(ValidationError, match="already being checked"):
        agencies.add_check(review_id, agency_id(store, "Housing"), today=TODAY)
    with pytest.raises(ValidationError):
        agencies.add_participant(review_id, ParticipantData("practitioner", "", agency_id=None))
    people = agencies.add_participant(review_id, ParticipantData("practitioner", "Fictional Social Worker", "Social worker",
                                                                 agency_id(store, "Children's Social Care")))
    assert people[0].role_label == "Practitioner who worked with the family" and not people[0].contributed
    assert agencies.set_contributed(people[0].id, True)[0].contributed
    assert agencies.remove_participant(people[0].id) == []


def test_agency_reports_need_a_future_due_date_and_the_right_stage(store: Store) -> None:
    malr = open_review(store, "malr", 1)
    with pytest.raises(InvalidTransition, match="Agency reports requested"):
        ReviewAgencyService(store).request_agency_reports(malr, date(2026, 4, 1), today=TODAY)
    scr = open_review(store, "scr_consideration", 2)
    for due in (None, TODAY, date(2026, 2, 1)):
        with pytest.raises(ValidationError):
            ReviewAgencyService(store).request_agency_reports(scr, due, today=TODAY)
    assert ReviewAgencyService(store).agency_reports(scr) == []
    reports = ReviewAgencyService(store).request_agency_reports(scr, date(2026, 4, 1), today=TODAY)
    with pytest.raises(ValidationError, match="cannot be received earlier"):
        ReviewAgencyService(store).set_agency_report(reports[0].id, "received", date(2026, 2, 1), today=TODAY)
    with pytest.raises(ValidationError, match="Give the date"):
        ReviewAgencyService(store).set_agency_report(reports[0].id, "received", None, today=TODAY)


def test_late_involvement_gets_a_chronology_request(store: Store) -> None:
    review_id = open_review(store, agencies=("Police", "Health"))
    ReviewService(store).update(review_id, {"timescales": "Fictional."})
    agencies = ReviewAgencyService(store)
    ReviewWorkflow(store).move(review_id, "agency_checks", today=date(2026, 2, 12))
    police, health = agencies.checks(review_id)[0], agencies.checks(review_id)[1]
    agencies.answer_check(police.id, "involved", date(2026, 2, 13), today=date(2026, 2, 13))
    agencies.answer_check(health.id, "not_involved", date(2026, 2, 13), today=date(2026, 2, 13))
    ReviewWorkflow(store).move(review_id, "chronologies", today=date(2026, 2, 16))
    assert len(agencies.chronology_requests(review_id)) == 1
    agencies.answer_check(health.id, "involved", date(2026, 2, 17), today=date(2026, 2, 17))
    assert {r.agency_name for r in agencies.chronology_requests(review_id)} == {"Police", "Health"}
    agencies.answer_check(health.id, "not_involved", date(2026, 2, 18), today=date(2026, 2, 18))
    assert {r.agency_name: r.status for r in agencies.chronology_requests(review_id)}["Health"] == "withdrawn"


def test_findings_themes_and_learning(store: Store) -> None:
    review_id = open_review(store)
    learning = ReviewLearningService(store)
    with pytest.raises(InvalidTransition, match="key findings can be recorded only when"):
        ReviewFindingsService(store).add_finding(review_id, "Too early", today=TODAY)
    themes = learning.theme_list()
    with pytest.raises(ValidationError, match="at most 3"):
        learning.set_themes(review_id, [t.id for t in themes[:4]])
    with pytest.raises(ValidationError, match="no longer on the list"):
        learning.set_themes(review_id, [999_999])
    assert learning.themes(review_id) == []
    assert [t.name for t in learning.set_themes(review_id, [themes[0].id, themes[1].id])] == sorted(
        [themes[0].name, themes[1].name])
    with pytest.raises(ValidationError):
        learning.add_dissemination(review_id, "pigeon", TODAY, today=TODAY)
    with pytest.raises(ValidationError):
        learning.add_dissemination(review_id, "briefing", TODAY, people_count=-3, today=TODAY)
    assert learning.dissemination(review_id) == []
    rows = learning.add_good_practice(review_id, "Fictional prompt information sharing.", today=TODAY)
    assert rows[0].source == "identified_in_review"
