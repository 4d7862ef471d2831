"""The Ofsted / National Panel notification deadline: 5 working days from the referral
date (when the incident became known) wherever a Serious Case Review is in question — a
referral at an SCR Consideration Panel, an SCR until both are told (only the National Panel
after a decision against one) — and never for a Multi-Agency Learning Review. The dashboard
carries every deadline that applies to each case."""

from __future__ import annotations

from datetime import date, time

import pytest

from lipanel_desktop.errors import InvalidTransition, KnownError, NotPermitted, ValidationError
from lipanel_desktop.services.case_progress import CaseProgressService
from lipanel_desktop.services.decisions import DecisionData, DecisionService
from lipanel_desktop.services.meeting_agenda import AgendaService
from lipanel_desktop.services.meetings import MeetingData, MeetingService
from lipanel_desktop.services.reviews import ReviewService
from lipanel_desktop.services.statutory_clock import ClockService
from lipanel_desktop.storage.store import Store
from tests.panel_factories import agency_id, make_referral, store_as
from tests.review_factories import open_review, set_stage

REFERRED = date(2026, 4, 30)  # Thursday; Monday 4 May is a bank holiday
DUE = date(2026, 5, 8)
TODAY = date(2026, 5, 6)
PANEL_DAY = date(2026, 5, 19)


def labels(deadlines: list) -> dict[str, date]:
    return {d.label: d.due for d in deadlines}


def notify_of(deadlines: list) -> dict[str, date]:
    return {label: due for label, due in labels(deadlines).items() if label.startswith("Notify")}


def test_a_referral_at_an_scr_consideration_panel_owes_the_notification(store: Store) -> None:
    flagged = make_referral(store, 1, referral_date=REFERRED, scr_likely=True)
    plain = make_referral(store, 2, referral_date=REFERRED)
    meeting = MeetingService(store).schedule(MeetingData("lip", PANEL_DAY, time(10))).meeting
    clock = ClockService(store)
    assert notify_of(clock.for_referral(flagged, today=TODAY)) == {}  # not yet on any agenda
    AgendaService(store).add_referral(meeting.id, flagged)  # flagged: the panel becomes an SCR Consideration Panel
    AgendaService(store).add_referral(meeting.id, plain)
    assert notify_of(clock.for_referral(flagged, today=TODAY)) == {
        f"Notify Ofsted and the National Panel (SCR considered at {meeting.reference})": DUE}
    assert notify_of(clock.for_referral(plain, today=TODAY)) == {}  # an ordinary item on the same panel
    rated = next(d for d in clock.for_referral(flagged, today=TODAY) if d.label.startswith("Notify"))
    assert rated.rag == "amber" and rated.owed_by == "Independent Chair"
    # Recording who was told clears it, a part at a time.
    clock.record_notifications(flagged, date(2026, 5, 1), None, today=TODAY)
    assert list(notify_of(clock.for_referral(flagged, today=TODAY))) == [
        f"Notify the National Panel (SCR considered at {meeting.reference})"]
    clock.record_notifications(flagged, date(2026, 5, 1), date(2026, 5, 5), today=TODAY)
    assert notify_of(clock.for_referral(flagged, today=TODAY)) == {}
    assert clock.notifications(flagged) == (date(2026, 5, 1), date(2026, 5, 5))
    # The dashboard shows the referral's deadlines, all of them.
    other = make_referral(store, 3, referral_date=REFERRED, scr_likely=True)
    AgendaService(store).add_referral(meeting.id, other)
    row = next(r for r in CaseProgressService(store).dashboard(today=TODAY).rows if r.id == other)
    assert [d.label.split(" (")[0] for d in row.deadlines] == ["Notify Ofsted and the National Panel",
                                                              f"Papers out for {meeting.reference}", "Panel decision"]
    assert row.next_deadline is not None and row.next_deadline.due == DUE and row.status_words.startswith("Due soon")


def test_a_panel_scheduled_as_scr_consideration_and_cancelled_ones(store: Store) -> None:
    referral = make_referral(store, 1, referral_date=REFERRED)
    consideration = MeetingService(store).schedule(MeetingData("scr_consideration", PANEL_DAY, time(10))).meeting
    AgendaService(store).add_referral(consideration.id, referral)
    assert list(notify_of(ClockService(store).for_referral(referral, today=TODAY))) == [
        f"Notify Ofsted and the National Panel (SCR considered at {consideration.reference})"]
    MeetingService(store).cancel(consideration.id)
    assert notify_of(ClockService(store).for_referral(referral, today=TODAY)) == {}


def test_reviews_notification_by_kind_and_decision(store: Store) -> None:
    malr = open_review(store, "malr", 1, referral_date=REFERRED, first_meeting=None)
    scr = open_review(store, "scr_consideration", 2, referral_date=REFERRED)
    clock = ClockService(store)
    assert notify_of(clock.for_review(malr, today=TODAY)) == {}  # the policy gives an MALR no such duty
    assert notify_of(clock.for_review(scr, today=TODAY)) == {"Notify Ofsted and the National Panel": DUE}
    fields = ReviewService(store)
    fields.update(scr, {"national_panel_notified_on": date(2026, 5, 5)}, today=TODAY)
    assert notify_of(clock.for_review(scr, today=TODAY)) == {"Notify Ofsted": DUE}
    # After a decision against an SCR only the National Panel must be told (it scrutinises it).
    other = open_review(store, "scr_consideration", 3, referral_date=REFERRED)
    set_stage(store, other, "chair_decision")
    fields.update(other, {"chair_decision": "no_scr", "chair_decision_reasons": "Fictional.",
                          "chair_decision_on": TODAY}, today=TODAY)
    assert notify_of(clock.for_review(other, today=TODAY)) == {"Notify the National Panel": DUE}
    fields.update(other, {"national_panel_notified_on": TODAY}, today=TODAY)
    assert notify_of(clock.for_review(other, today=TODAY)) == {}
    rows = {r.id: r for r in CaseProgressService(store).dashboard(today=TODAY).rows if r.case_type == "review"}
    assert not any(d.label.startswith("Notify") for d in rows[malr].deadlines)
    assert [d.label for d in rows[scr].deadlines if d.label.startswith("Notify")] == ["Notify Ofsted"]


def test_dates_told_before_the_decision_go_on_to_the_review(store: Store) -> None:
    referral = make_referral(store, 1, referral_date=REFERRED, scr_likely=True)
    meeting = MeetingService(store).schedule(MeetingData("lip", date(2026, 5, 5), time(10))).meeting
    AgendaService(store).add_referral(meeting.id, referral)
    ClockService(store).record_notifications(referral, date(2026, 5, 1), date(2026, 5, 1), today=TODAY)
    outcome = DecisionService(store).record(DecisionData(
        referral_id=referral, decision="scr_consideration", decision_date=date(2026, 5, 5), meeting_id=meeting.id,
        chronology_agency_ids=(agency_id(store, "Police"),)), today=TODAY)
    review = ReviewService(store).peek(outcome.decision.review_id)  # type: ignore[arg-type]
    assert (review.ofsted_notified_on, review.national_panel_notified_on) == (date(2026, 5, 1), date(2026, 5, 1))
    with pytest.raises(InvalidTransition, match="record the notifications on its review"):
        ClockService(store).record_notifications(referral, date(2026, 5, 2), None, today=TODAY)


@pytest.mark.parametrize(
    ("ofsted", "panel", "field"),
    [(date(2026, 5, 7), None, "ofsted_notified_on"),  # after today
     (None, date(2026, 4, 29), "national_panel_notified_on"),  # before the referral
     ("01/05/2026", None, "ofsted_notified_on"),
     (None, date(1066, 10, 14), "national_panel_notified_on")],
)
def test_bad_notification_dates_change_nothing(store: Store, ofsted: object, panel: object, field: str) -> None:
    referral = make_referral(store, 1, referral_date=REFERRED, scr_likely=True)
    clock = ClockService(store)
    clock.record_notifications(referral, date(2026, 5, 1), None, today=TODAY)
    with pytest.raises(ValidationError) as refused:
        clock.record_notifications(referral, ofsted, panel, today=TODAY)  # type: ignore[arg-type]
    assert field in refused.value.problems
    assert clock.notifications(referral) == (date(2026, 5, 1), None)


def test_who_may_record_notifications(store: Store) -> None:
    referral = make_referral(store, 1, referral_date=REFERRED, scr_likely=True)
    reader = store_as(store, "read-only", "reader")
    try:
        with pytest.raises(NotPermitted):
            ClockService(reader).record_notifications(referral, date(2026, 5, 1), None, today=TODAY)
    finally:
        reader.close()
    for missing in (999_999, True, None):
        with pytest.raises(KnownError, match="no longer exists"):
            ClockService(store).record_notifications(missing, date(2026, 5, 1), None, today=TODAY)  # type: ignore[arg-type]
    assert ClockService(store).notifications(referral) == (None, None)
