"""The review state machine: every legal move, every illegal one refused with nothing
changed, and the two paths run end to end (MALR; SCR with a National Panel overturn)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from lipanel_desktop.errors import InvalidTransition, NotPermitted, ValidationError
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.services.meetings import MeetingService
from lipanel_desktop.services.review_agencies import ParticipantData, ReviewAgencyService
from lipanel_desktop.services.review_findings import ReviewFindingsService
from lipanel_desktop.services.review_learning import ReviewLearningService
from lipanel_desktop.models.review import Review
from lipanel_desktop.services.review_workflow import TRANSITIONS, ReviewWorkflow, move
from lipanel_desktop.services.reviews import ReviewService
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.reviews import ReviewKind, ReviewStage
from tests.panel_factories import agency_id, referral_status, store_as
from tests.review_factories import open_review, set_stage, snapshot

LEGAL = {(kind, t.source.value, t.target.value) for t in TRANSITIONS for kind in t.kinds}


def test_every_illegal_move_is_refused_and_changes_nothing(store: Store) -> None:
    """The whole matrix (kind x stage x stage) through the state machine, in memory; then
    a sample through the service, checking the database is untouched."""
    review_id = open_review(store)
    refused = 0
    with store.read_session() as s:
        review = s.get(Review, review_id)
        assert review is not None
        for kind in ReviewKind:
            for source in ReviewStage:
                review.kind, review.stage = kind.value, source.value
                before = {c.key: getattr(review, c.key) for c in Review.__table__.columns}
                for target in ReviewStage:
                    if (kind.value, source.value, target.value) in LEGAL:
                        continue
                    with pytest.raises(InvalidTransition) as error:
                        move(s, review, target.value, date(2026, 3, 1))
                    assert "cannot move" in error.value.message or "is closed" in error.value.message
                    assert {c.key: getattr(review, c.key) for c in Review.__table__.columns} == before
                    refused += 1
        s.rollback()
    assert refused > 1000
    workflow = ReviewWorkflow(store)
    for source, target in (("setting_up", "closed"), ("report", "findings"), ("closed", "setting_up"),
                           ("agency_reports", "commissioning"), ("setting_up", "nonsense")):
        set_stage(store, review_id, source)
        before = snapshot(store, review_id)
        with pytest.raises(InvalidTransition) as error:
            workflow.move(review_id, target, today=date(2026, 3, 1))
        assert snapshot(store, review_id) == before
    assert error.value.message.startswith("A Multi-Agency Learning Review at “Setting up")
    assert "cannot move to “nonsense”. From here it can move to “Agency checks”." in error.value.message


def test_a_legal_move_with_something_missing_says_what_and_changes_nothing(store: Store) -> None:
    review_id = open_review(store)
    before = snapshot(store, review_id)
    with pytest.raises(InvalidTransition) as error:
        ReviewWorkflow(store).move(review_id, "agency_checks", today=date(2026, 2, 12))
    assert error.value.message == (
        "MALR-2026-001 cannot move to “Agency checks” yet. Set the timescales.")
    assert snapshot(store, review_id) == before
    options = ReviewWorkflow(store).options(review_id)
    assert [(o.target, o.blockers) for o in options] == [("agency_checks", ("Set the timescales.",))]


def test_read_only_users_cannot_move_a_review(store: Store) -> None:
    review_id = open_review(store)
    ReviewService(store).update(review_id, {"timescales": "Report within three months."})
    reader = store_as(store, "read-only")
    try:
        with pytest.raises(NotPermitted):
            ReviewWorkflow(reader).move(review_id, "agency_checks")
        with pytest.raises(NotPermitted):
            ReviewService(reader).update(review_id, {"timescales": "Changed"})
    finally:
        reader.close()
    assert snapshot(store, review_id)["stage"] == "setting_up"


def test_a_malr_from_decision_to_report(store: Store) -> None:
    review_id = open_review(store, agencies=("Police", "Health", "Housing"))
    workflow, fields = ReviewWorkflow(store), ReviewService(store)
    agencies, learning = ReviewAgencyService(store), ReviewLearningService(store)
    findings = ReviewFindingsService(store)

    fields.update(review_id, {"timescales": "Meetings in March and April; report by June."}, today=date(2026, 2, 12))
    workflow.move(review_id, "agency_checks", today=date(2026, 2, 12))
    checks = {c.agency_name: c for c in agencies.checks(review_id)}
    assert checks["Police"].requested_on == date(2026, 2, 12) and checks["Police"].due_on == date(2026, 2, 26)
    with pytest.raises(InvalidTransition, match="Waiting for agency checks from Police, Health, Housing"):
        workflow.move(review_id, "chronologies", today=date(2026, 2, 13))
    agencies.answer_check(checks["Police"].id, "involved", date(2026, 2, 16), representative_name="Fictional Sergeant",
                          today=date(2026, 2, 16))
    agencies.answer_check(checks["Health"].id, "involved", date(2026, 2, 17), today=date(2026, 2, 17))
    agencies.answer_check(checks["Housing"].id, "not_involved", date(2026, 2, 17), today=date(2026, 2, 17))
    with pytest.raises(InvalidTransition, match="Police and Health are involved|are involved"):
        workflow.move(review_id, "closed", today=date(2026, 2, 18))
    workflow.move(review_id, "chronologies", today=date(2026, 2, 18))
    requests = {r.agency_name: r for r in agencies.chronology_requests(review_id)}
    assert set(requests) == {"Police", "Health"}
    assert requests["Health"].due_on == date(2026, 3, 18)  # 20 working days
    with pytest.raises(InvalidTransition) as error:
        workflow.move(review_id, "meetings", today=date(2026, 2, 19))
    assert "Chronologies are still outstanding from Police, Health." in error.value.message
    assert "No representative nominated yet by Health." in error.value.message
    for request in requests.values():
        agencies.set_chronology_request(request.id, "received", date(2026, 3, 2), today=date(2026, 3, 2))
    health = next(c for c in agencies.checks(review_id) if c.agency_name == "Health")
    agencies.answer_check(health.id, "involved", date(2026, 2, 17), representative_name="Fictional Nurse",
                          today=date(2026, 3, 2))
    agencies.add_participant(review_id, ParticipantData("practitioner", "Fictional Health Visitor", "Health visitor",
                                                        agency_id(store, "Health"), contributed=True))
    workflow.move(review_id, "meetings", today=date(2026, 3, 3))
    with pytest.raises(InvalidTransition, match="Hold the first review meeting"):
        workflow.move(review_id, "findings", today=date(2026, 3, 18))
    first = MeetingService(store).for_review(review_id)[0]
    MeetingService(store).mark_held(first.id, today=date(2026, 3, 17))
    findings.add_finding(review_id, "Fictional finding: concerns were not shared.", date(2026, 3, 17), today=date(2026, 3, 17))
    workflow.move(review_id, "findings", today=date(2026, 3, 18))
    found = findings.findings(review_id)
    findings.add_recommendation(review_id, "Fictional recommendation: a shared checklist.", agency_id=agency_id(store, "Health"),
                                finding_id=found[0].id, today=date(2026, 3, 18))
    workflow.move(review_id, "report", today=date(2026, 3, 19))
    with pytest.raises(InvalidTransition) as error:
        workflow.move(review_id, "reported", today=date(2026, 3, 20))
    assert "Write the report" in error.value.message
    fields.update(review_id, {"report_kind": "summary", "report_text": "Fictional case summary.",
                              "reported_to_board_on": date(2026, 4, 1)}, today=date(2026, 4, 1))
    workflow.move(review_id, "reported", today=date(2026, 4, 1))
    with pytest.raises(InvalidTransition, match="Implementation Sub-group.*Training Sub-group"):
        workflow.move(review_id, "closed", today=date(2026, 4, 2))
    learning.add_dissemination(review_id, "implementation_subgroup", date(2026, 4, 8), today=date(2026, 4, 8))
    learning.add_dissemination(review_id, "training_subgroup", date(2026, 4, 9), audience="Fictional trainers",
                               people_count=12, today=date(2026, 4, 9))
    moved = workflow.move(review_id, "closed", today=date(2026, 4, 10))
    assert moved.stage == "closed" and "Closed" in moved.message
    state = snapshot(store, review_id)
    assert state["completed_on"] == date(2026, 4, 1) and state["closed_on"] == date(2026, 4, 10)
    with store.read_session() as s:
        referral_id = s.scalar(select(Referral.id))
    assert referral_status(store, referral_id) == "closed"
    with pytest.raises(InvalidTransition, match="is closed"):
        fields.update(review_id, {"timescales": "Too late"})


def _scr_to_chair_decision(store: Store) -> int:
    review_id = open_review(store, "scr_consideration", agencies=("Police", "Children's Social Care"))
    workflow, agencies, fields = ReviewWorkflow(store), ReviewAgencyService(store), ReviewService(store)
    with pytest.raises(InvalidTransition, match="Request agency reports"):
        workflow.move(review_id, "director_recommendation", today=date(2026, 2, 12))
    reports = agencies.request_agency_reports(review_id, date(2026, 3, 13), today=date(2026, 2, 12))
    assert {r.agency_name for r in reports} == {"Police", "Children's Social Care"}
    for report in reports:
        agencies.set_agency_report(report.id, "received", date(2026, 3, 10), today=date(2026, 3, 10))
    workflow.move(review_id, "director_recommendation", today=date(2026, 3, 11))
    with pytest.raises(InvalidTransition, match="recorded only when the review is at “Independent Chair's decision”"):
        fields.update(review_id, {"chair_decision": "no_scr"}, today=date(2026, 3, 12))
    fields.update(review_id, {"director_recommendation": "Fictional: the criteria are not met.",
                              "director_recommendation_on": date(2026, 3, 12)}, today=date(2026, 3, 12))
    workflow.move(review_id, "chair_decision", today=date(2026, 3, 12))
    return review_id


def test_the_scr_path_with_a_national_panel_overturn(store: Store) -> None:
    review_id = _scr_to_chair_decision(store)
    workflow, fields = ReviewWorkflow(store), ReviewService(store)
    panel_member = store_as(store, "panel-member")
    try:
        with pytest.raises(NotPermitted, match="record a panel decision"):
            ReviewService(panel_member).update(review_id, {"chair_decision": "no_scr"}, today=date(2026, 3, 16))
    finally:
        panel_member.close()
    with pytest.raises(ValidationError, match="Service Director recommends"):
        fields.update(review_id, {"chair_decision": "no_scr", "chair_decision_on": date(2026, 3, 1)}, today=date(2026, 3, 16))
    fields.update(review_id, {"chair_decision": "no_scr", "chair_decision_reasons": "Fictional: no serious harm.",
                              "chair_decision_on": date(2026, 3, 16)}, today=date(2026, 3, 16))
    with pytest.raises(InvalidTransition, match="goes to National Panel scrutiny"):
        workflow.move(review_id, "commissioning", today=date(2026, 3, 17))
    with pytest.raises(InvalidTransition, match="National Panel was notified"):
        workflow.move(review_id, "national_panel", today=date(2026, 3, 17))
    fields.update(review_id, {"national_panel_notified_on": date(2026, 3, 17)}, today=date(2026, 3, 17))
    workflow.move(review_id, "national_panel", today=date(2026, 3, 17))
    fields.update(review_id, {"national_panel_outcome": "overturned", "national_panel_outcome_on": date(2026, 4, 14),
                              "national_panel_notes": "Fictional: criteria met."}, today=date(2026, 4, 14))
    with pytest.raises(InvalidTransition, match="overturned"):
        workflow.move(review_id, "closed", today=date(2026, 4, 15))
    workflow.move(review_id, "commissioning", today=date(2026, 4, 15))
    assert snapshot(store, review_id)["due_on"] == date(2026, 10, 14)  # six months from the overturn
    with pytest.raises(InvalidTransition) as error:
        workflow.move(review_id, "in_progress", today=date(2026, 4, 16))
    assert "Record the methodology." in error.value.message
    fields.update(review_id, {"methodology": "Fictional systems methodology", "independent_reviewer": "Fictional Reviewer",
                              "reviewer_commissioned_on": date(2026, 4, 20), "scr_panel_agreed_on": date(2026, 4, 21),
                              "ofsted_notified_on": date(2026, 4, 15)}, today=date(2026, 4, 21))
    workflow.move(review_id, "in_progress", today=date(2026, 4, 22))
    fields.update(review_id, {"interviews": "Fictional practitioner interviews.", "report_kind": "report",
                              "report_text": "Fictional report."}, today=date(2026, 6, 1))
    ReviewFindingsService(store).add_finding(review_id, "Fictional finding.", today=date(2026, 6, 1))
    workflow.move(review_id, "board_sign_off", today=date(2026, 8, 3))
    with pytest.raises(InvalidTransition, match="signed the report off"):
        workflow.move(review_id, "publication", today=date(2026, 8, 4))
    fields.update(review_id, {"board_signed_off_on": date(2026, 9, 1)}, today=date(2026, 9, 1))
    workflow.move(review_id, "publication", today=date(2026, 9, 2))
    fields.update(review_id, {"publication_decision": "do_not_publish"}, today=date(2026, 9, 2))
    with pytest.raises(InvalidTransition, match="reasons for the publication decision"):
        workflow.move(review_id, "closed", today=date(2026, 9, 3))
    fields.update(review_id, {"publication_reasons": "Fictional: would identify the family."}, today=date(2026, 9, 3))
    assert workflow.move(review_id, "closed", today=date(2026, 9, 3)).stage == "closed"


def test_a_decision_to_hold_an_scr_goes_straight_to_commissioning(store: Store) -> None:
    review_id = _scr_to_chair_decision(store)
    fields, workflow = ReviewService(store), ReviewWorkflow(store)
    fields.update(review_id, {"chair_decision": "hold_scr", "chair_decision_reasons": "Fictional: criteria met.",
                              "chair_decision_on": date(2026, 3, 16)}, today=date(2026, 3, 16))
    with pytest.raises(InvalidTransition) as error:
        workflow.move(review_id, "commissioning", today=date(2026, 3, 17))
    assert "Ofsted" in error.value.message and "National Panel" in error.value.message
    with pytest.raises(InvalidTransition, match="commission it instead"):
        workflow.move(review_id, "national_panel", today=date(2026, 3, 17))
    fields.update(review_id, {"ofsted_notified_on": date(2026, 3, 17), "national_panel_notified_on": date(2026, 3, 17)},
                  today=date(2026, 3, 17))
    workflow.move(review_id, "commissioning", today=date(2026, 3, 17))
    assert snapshot(store, review_id)["due_on"] == date(2026, 9, 16)


def test_an_upheld_decision_for_another_method_starts_that_review(store: Store) -> None:
    review_id = _scr_to_chair_decision(store)
    fields, workflow = ReviewService(store), ReviewWorkflow(store)
    fields.update(review_id, {"chair_decision": "other_review", "chair_decision_reasons": "Fictional reasons.",
                              "chair_decision_on": date(2026, 3, 16), "national_panel_notified_on": date(2026, 3, 16)},
                  today=date(2026, 3, 16))
    workflow.move(review_id, "national_panel", today=date(2026, 3, 17))
    fields.update(review_id, {"national_panel_outcome": "upheld", "national_panel_outcome_on": date(2026, 4, 1)},
                  today=date(2026, 4, 1))
    with pytest.raises(InvalidTransition, match="chose a review in another form"):
        workflow.move(review_id, "closed", today=date(2026, 4, 2))
    with pytest.raises(InvalidTransition, match="Choose the method"):
        workflow.move(review_id, "setting_up", today=date(2026, 4, 2))
    fields.update(review_id, {"method": "root_cause_analysis"}, today=date(2026, 4, 2))
    workflow.move(review_id, "setting_up", today=date(2026, 4, 2))
    state = snapshot(store, review_id)
    assert (state["kind"], state["stage"], state["method"]) == ("other", "setting_up", "root_cause_analysis")


def test_an_upheld_no_scr_closes_the_case(store: Store) -> None:
    review_id = _scr_to_chair_decision(store)
    fields, workflow = ReviewService(store), ReviewWorkflow(store)
    fields.update(review_id, {"chair_decision": "no_scr", "chair_decision_reasons": "Fictional reasons.",
                              "chair_decision_on": date(2026, 3, 16), "national_panel_notified_on": date(2026, 3, 16)},
                  today=date(2026, 3, 16))
    workflow.move(review_id, "national_panel", today=date(2026, 3, 17))
    with pytest.raises(InvalidTransition, match="National Panel's outcome"):
        workflow.move(review_id, "closed", today=date(2026, 3, 18))
    fields.update(review_id, {"national_panel_outcome": "upheld", "national_panel_outcome_on": date(2026, 4, 1)},
                  today=date(2026, 4, 1))
    with pytest.raises(InvalidTransition, match="Decision upheld"):
        workflow.move(review_id, "commissioning", today=date(2026, 4, 2))
    assert workflow.move(review_id, "closed", today=date(2026, 4, 2)).stage == "closed"


def test_a_malr_where_no_agency_was_involved_can_close(store: Store) -> None:
    review_id = open_review(store, agencies=("Housing",))
    ReviewService(store).update(review_id, {"timescales": "Fictional."})
    ReviewWorkflow(store).move(review_id, "agency_checks", today=date(2026, 2, 12))
    (check,) = ReviewAgencyService(store).checks(review_id)
    ReviewAgencyService(store).answer_check(check.id, "not_involved", date(2026, 2, 13), today=date(2026, 2, 13))
    with pytest.raises(InvalidTransition, match="No agency has said it is involved"):
        ReviewWorkflow(store).move(review_id, "chronologies", today=date(2026, 2, 13))
    assert ReviewWorkflow(store).move(review_id, "closed", today=date(2026, 2, 13)).stage == "closed"


def test_single_agency_action_closes(store: Store) -> None:
    review_id = open_review(store, "single_agency", agencies=("Education",))
    assert ReviewWorkflow(store).move(review_id, "closed", today=date(2026, 2, 12)).stage == "closed"
