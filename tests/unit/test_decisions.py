"""The panel's decision: each kind, what it creates, and what is refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest
from sqlalchemy import func, select

from lipanel_desktop.errors import InvalidTransition, KnownError, NotPermitted, ValidationError
from lipanel_desktop.models.decision import PanelDecision
from lipanel_desktop.models.meeting import Meeting
from lipanel_desktop.models.review import AgencyCheck, GoodPractice, Review
from lipanel_desktop.services.decisions import DecisionData, DecisionService
from lipanel_desktop.services.meeting_agenda import AgendaService
from lipanel_desktop.services.meetings import MeetingData, MeetingService
from lipanel_desktop.services.review_agencies import ReviewAgencyService
from lipanel_desktop.storage.store import Store
from tests.panel_factories import agency_id, make_referral, referral_status, store_as

TODAY = date(2026, 2, 20)
PANEL = date(2026, 2, 10)


def panel_with(store: Store, *referral_ids: int) -> int:
    meeting_id = MeetingService(store).schedule(MeetingData("lip", PANEL, time(10), time(12))).meeting.id
    for referral_id in referral_ids:
        AgendaService(store).add_referral(meeting_id, referral_id)
    return meeting_id


def malr(store: Store, referral_id: int, meeting_id: int | None, **extra: object) -> DecisionData:
    base = DecisionData(
        referral_id=referral_id, decision="malr", decision_date=PANEL, meeting_id=meeting_id,
        issues_for_review="Information sharing between school and health.",
        terms_of_reference_scope="How agencies shared concerns.", period_from=date(2025, 1, 1), period_to=date(2025, 12, 31),
        chronology_agency_ids=(agency_id(store, "Police"), agency_id(store, "Health"), agency_id(store, "Education")),
        chair_of_review="Fictional Reviewer", first_meeting_date=date(2026, 3, 17), second_meeting_date=date(2026, 4, 21),
        good_practice="The school nurse's fictional early referral.",
    )
    return replace(base, **extra)  # type: ignore[arg-type]


def counts(store: Store) -> tuple[int, int, int, int]:
    with store.read_session() as s:
        return tuple(int(s.scalar(select(func.count()).select_from(m)) or 0)  # type: ignore[return-value]
                     for m in (PanelDecision, Review, AgencyCheck, Meeting))


def test_a_malr_decision_opens_the_review_with_agency_checks_and_meetings(store: Store) -> None:
    referral = make_referral(store, 1)
    meeting = panel_with(store, referral)
    outcome = DecisionService(store).record(malr(store, referral, meeting), today=TODAY)
    record = outcome.decision
    assert record.decision_label == "Multi-Agency Learning Review"
    assert record.review_reference == "MALR-2026-001"
    assert record.agencies == ("Police", "Education", "Health") or set(record.agencies) == {"Police", "Education", "Health"}
    assert "MALR-2026-001 has been opened" in outcome.message
    assert referral_status(store, referral) == "in_review"
    checks = ReviewAgencyService(store).checks(record.review_id)
    assert {c.agency_name for c in checks} == {"Police", "Health", "Education"}
    assert all(c.status == "awaiting" and c.requested_on is None for c in checks)
    meetings = MeetingService(store).for_review(record.review_id)
    assert [(m.kind, m.meeting_date, m.chair_name) for m in meetings] == [
        ("malr_first", date(2026, 3, 17), "Fictional Reviewer"), ("malr_second", date(2026, 4, 21), "Fictional Reviewer")]
    with store.read_session() as s:
        review = s.get(Review, record.review_id)
        assert review is not None and review.stage == "setting_up"
        assert review.terms_of_reference == "How agencies shared concerns."
        assert review.issues_for_review.startswith("Information sharing")
        good = s.scalars(select(GoodPractice)).one()
        assert good.review_id == review.id and good.decision_id == record.id
    # The agenda shows the decision.
    (row,) = AgendaService(store).rows(meeting)
    assert row.decision_label == "Multi-Agency Learning Review"


@pytest.mark.parametrize(
    ("decision", "extra", "kind", "stage", "reference", "status"),
    [
        ("scr_consideration", {}, "scr", "agency_reports", "SCR-2026-001", "in_review"),
        ("other_review", {"review_method": "appreciative_inquiry"}, "other", "setting_up", "REV-2026-001", "in_review"),
        ("single_agency", {"first_meeting_date": None, "second_meeting_date": None, "period_from": None,
                           "chronology_agency_ids": None}, "single_agency", "single_agency_actions", "SAA-2026-001",
         "in_review"),
        ("no_further_action", {"first_meeting_date": None, "second_meeting_date": None, "period_from": None,
                               "chronology_agency_ids": (), "reasons": "Learning already taken forward by the agency."},
         None, None, "", "closed"),
    ],
)
def test_each_kind_of_decision(store: Store, decision: str, extra: dict, kind: str | None, stage: str | None,
                               reference: str, status: str) -> None:
    referral = make_referral(store, 1)
    meeting = panel_with(store, referral)
    if extra.get("chronology_agency_ids", ()) is None:
        extra = {**extra, "chronology_agency_ids": (agency_id(store, "Health"),)}
    outcome = DecisionService(store).record(malr(store, referral, meeting, decision=decision, **extra), today=TODAY)
    assert outcome.decision.decision == decision
    assert outcome.decision.review_reference == reference
    assert referral_status(store, referral) == status
    if kind is None:
        assert counts(store)[1] == 0 and "closed" in outcome.message
        return
    with store.read_session() as s:
        review = s.get(Review, outcome.decision.review_id)
        assert review is not None and (review.kind, review.stage) == (kind, stage)
        if kind == "other":
            assert review.method == "appreciative_inquiry"
        if kind == "scr":
            assert outcome.decision.review_method is None
            assert all(c.requested_on == PANEL and c.due_on is not None for c in review.agency_checks)
        if kind == "single_agency":
            assert [c.status for c in review.agency_checks] == ["involved"]


BAD = [
    ({"decision": "maybe"}, "decision"),
    ({"decision_date": None}, "decision_date"),
    ({"decision_date": date(2026, 3, 1)}, "decision_date"),  # after today
    ({"decision_date": date(2025, 12, 1)}, "decision_date"),  # before the referral
    ({"decision": "other_review", "review_method": None}, "review_method"),
    ({"decision": "no_further_action", "chronology_agency_ids": (), "first_meeting_date": None,
      "second_meeting_date": None, "period_from": None, "reasons": "   "}, "reasons"),
    ({"period_from": date(2025, 6, 1), "period_to": date(2025, 1, 1)}, "period_to"),
    ({"chronology_agency_ids": ()}, "chronology_agency_ids"),
    ({"chronology_agency_ids": (999_999,)}, "chronology_agency_ids"),
    ({"chronology_agency_ids": (1, 1)}, "chronology_agency_ids"),
    ({"chronology_agency_ids": ("1",)}, "chronology_agency_ids"),
    ({"first_meeting_date": None}, "first_meeting_date"),  # a second without a first
    ({"second_meeting_date": date(2026, 3, 16)}, "second_meeting_date"),
    ({"first_meeting_date": date(2026, 4, 6), "second_meeting_date": None}, "first_meeting_date"),  # Easter Monday
    ({"first_meeting_date": date(2026, 2, 2), "second_meeting_date": None}, "first_meeting_date"),  # before the decision
    ({"issues_for_review": "x" * 20_001}, "issues_for_review"),
    ({"terms_of_reference_scope": "nul\x00byte"}, "terms_of_reference_scope"),
    ({"chair_of_review": "line\nbreak"}, "chair_of_review"),
    ({"decision": "single_agency"}, "chronology_agency_ids"),  # three agencies for a single-agency action
]


@pytest.mark.parametrize(("extra", "field"), BAD)
def test_bad_decisions_are_refused_and_change_nothing(store: Store, extra: dict, field: str) -> None:
    referral = make_referral(store, 1)
    meeting = panel_with(store, referral)
    before = counts(store)
    with pytest.raises(ValidationError) as error:
        DecisionService(store).record(malr(store, referral, meeting, **extra), today=TODAY)
    assert field in error.value.problems, error.value.problems
    assert counts(store) == before
    assert referral_status(store, referral) == "on_agenda"


def test_referrals_that_cannot_be_decided(store: Store) -> None:
    draft = make_referral(store, 1, status="draft")
    withdrawn = make_referral(store, 2, status="withdrawn")
    waiting = make_referral(store, 3)
    elsewhere = make_referral(store, 4)
    meeting = panel_with(store, waiting)
    service = DecisionService(store)
    with pytest.raises(InvalidTransition, match="draft.*Submit it first"):
        service.record(malr(store, draft, None), today=TODAY)
    with pytest.raises(InvalidTransition, match="withdrawn"):
        service.record(malr(store, withdrawn, None), today=TODAY)
    with pytest.raises(InvalidTransition, match="not on the agenda of MTG-2026-01"):
        service.record(malr(store, elsewhere, meeting), today=TODAY)
    service.record(malr(store, waiting, meeting), today=TODAY)
    with pytest.raises(InvalidTransition, match="already decided on LIP-2026-0003 on 10/02/2026"):
        service.record(malr(store, waiting, meeting), today=TODAY)
    assert counts(store)[0] == 1


@pytest.mark.parametrize("huge", [2**63, -(2**63) - 1, 10**30])
def test_an_id_beyond_what_the_database_holds_is_refused_in_plain_words(store: Store, huge: int) -> None:
    """Found by the fuzz test in a fresh clone: an id past SQLite's 64 bits raised an
    OverflowError from the driver instead of a message."""
    waiting = make_referral(store, 1)
    before = counts(store)
    with pytest.raises(KnownError, match="far too large"):
        DecisionService(store).record(malr(store, huge, None), today=TODAY)
    with pytest.raises(KnownError, match="far too large"):
        DecisionService(store).record(malr(store, waiting, huge), today=TODAY)
    assert counts(store) == before


def test_a_decision_without_a_meeting_straight_from_the_referral(store: Store) -> None:
    referral = make_referral(store, 1)
    outcome = DecisionService(store).record(malr(store, referral, None), today=TODAY)
    assert outcome.decision.meeting_reference == "" and referral_status(store, referral) == "in_review"


def test_only_chairs_and_administrators_record_decisions(store: Store) -> None:
    referral = make_referral(store, 1)
    meeting = panel_with(store, referral)
    for role in ("panel-member", "unit-admin", "read-only"):
        other = store_as(store, role)
        try:
            with pytest.raises(NotPermitted, match="record a panel decision"):
                DecisionService(other).record(malr(store, referral, meeting), today=TODAY)
        finally:
            other.close()
    assert counts(store)[0] == 0
    chair = store_as(store, "chair")
    try:
        assert DecisionService(chair).record(malr(store, referral, meeting), today=TODAY).decision.recorded_by == "chair"
    finally:
        chair.close()


def test_a_mistaken_decision_can_be_withdrawn_until_the_review_starts(store: Store) -> None:
    first, second = make_referral(store, 1), make_referral(store, 2)
    meeting = panel_with(store, first, second)
    service = DecisionService(store)
    outcome = service.record(malr(store, first, meeting), today=TODAY)
    assert "waits for the panel again" in service.withdraw(outcome.decision.id)
    assert referral_status(store, first) == "on_agenda"
    assert counts(store)[1] == 0 and counts(store)[3] == 1  # review and its meetings gone; the panel stays
    assert service.for_referral(first)[0].superseded
    with pytest.raises(InvalidTransition, match="already been withdrawn"):
        service.withdraw(outcome.decision.id)
    # Decided again: a new review number (numbers are never reused).
    again = service.record(malr(store, first, meeting), today=TODAY)
    assert again.decision.review_reference == "MALR-2026-002"
    check = ReviewAgencyService(store).checks(again.decision.review_id)[0]
    ReviewAgencyService(store).answer_check(check.id, "involved", PANEL, today=TODAY)
    with pytest.raises(InvalidTransition, match="already started"):
        service.withdraw(again.decision.id)
    nfa = service.record(malr(store, second, meeting, decision="no_further_action", chronology_agency_ids=(),
                              first_meeting_date=None, second_meeting_date=None, period_from=None,
                              reasons="Fictional reasons."), today=TODAY)
    service.withdraw(nfa.decision.id)
    assert referral_status(store, second) == "on_agenda"
