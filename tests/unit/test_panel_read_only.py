"""Read-only users change nothing: every method of every panel and review service that
writes is called by a read-only user on a demo database, each is refused as not
permitted, and every table is exactly as it was. A new writing method that is not listed
here fails the test, so the rule cannot be forgotten."""

from __future__ import annotations

import inspect
from functools import cached_property
from collections.abc import Callable, Iterator
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from lipanel_desktop.errors import NotPermitted
from lipanel_desktop.models.decision import PanelDecision
from lipanel_desktop.models.meeting import AgendaItem, Attendance, Meeting, MeetingAction
from lipanel_desktop.models.organisation import Theme
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.models.review import (
    AgencyCheck,
    AgencyReport,
    ChronologyRequest,
    ClockPause,
    Dissemination,
    Finding,
    Recommendation,
    Review,
    ReviewParticipant,
)
from lipanel_desktop.services.calendar import ScheduleRule
from lipanel_desktop.services.database import create_database
from lipanel_desktop.services.decisions import DecisionData
from lipanel_desktop.services.demo import seed_demo
from lipanel_desktop.services.meeting_actions import ActionData
from lipanel_desktop.services.meeting_attendance import AttendanceChange, Invitee
from lipanel_desktop.services.meetings import MeetingData
from lipanel_desktop.services.panel_services import PanelServices
from lipanel_desktop.services.review_agencies import ParticipantData
from lipanel_desktop.services.review_closure import EarlyClosure
from lipanel_desktop.services.review_findings import RecommendationData
from lipanel_desktop.storage.store import Store
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.panel_factories import fingerprint, store_as

TODAY = date(2026, 11, 27)
#: Methods that only read (or, for the calendar file, write outside the database).
READS = {
    "calendar": {"month", "agenda_list", "propose"},
    "calendar_export": {"export"},
    "meetings": {"get", "between", "for_review", "upcoming"},
    "agenda": {"awaiting", "rows"},
    "meeting_actions": {"for_meeting", "previous"},
    "attendance": {"rows"},
    "decisions": {"agency_choices", "suggested_agencies", "for_referral", "get"},
    "reviews": {"get", "peek"},
    "review_agencies": {"checks", "chronology_requests", "agency_reports", "participants"},
    "review_learning": {"dissemination", "good_practice", "themes", "theme_list"},
    "review_findings": {"findings", "recommendations"},
    "themes": {"entries"},
    "closure": {"history", "merge_choices"},
    "workflow": {"options"},
    "clock": {"for_review", "for_referral", "notifications", "pauses"},
    "case_progress": {"dashboard", "closed_count"},
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path: Path = tmp_path_factory.mktemp("readonly") / "demo.lipanel-db"
    store = create_database(path, ADMIN, ADMIN_PASSWORD)
    seed_demo(store, referrals=40, seed=3, today=TODAY)
    yield store
    store.close()


def first_id(store: Store, model: Any, *where: Any) -> int:
    with store.read_session() as s:
        found = s.scalar(select(model.id).where(*where).order_by(model.id).limit(1))
    assert found is not None, model.__name__
    return int(found)


def scalar(store: Store, query: Any) -> Any:
    with store.read_session() as s:
        return s.scalar(query)


def writes(store: Store) -> dict[str, dict[str, Callable[[Any], Any]]]:
    """For each service, each writing method called with real ids and sensible values."""
    meeting = first_id(store, Meeting)
    item = first_id(store, AgendaItem)
    review = first_id(store, Review, Review.stage != "closed")
    closed = first_id(store, Review, Review.stage == "closed")
    referral = first_id(store, Referral, Referral.status == "submitted")
    action = first_id(store, MeetingAction)
    attendance = first_id(store, Attendance)
    decision = first_id(store, PanelDecision)
    theme = first_id(store, Theme)
    day = TODAY + timedelta(days=12)
    agency = scalar(store, select(AgencyCheck.agency_id).limit(1))
    row = PanelServices(store).meeting_actions.for_meeting(
        scalar(store, select(MeetingAction.meeting_id).where(MeetingAction.id == action)))[0]
    return {
        "calendar": {"create_schedule": lambda c: c.create_schedule(ScheduleRule(), [day])},
        "meetings": {
            "schedule": lambda m: m.schedule(MeetingData("lip", day, time(10))),
            "update": lambda m: m.update(meeting, MeetingData("lip", day, time(10))),
            "confirm": lambda m: m.confirm(meeting), "mark_held": lambda m: m.mark_held(meeting),
            "cancel": lambda m: m.cancel(meeting), "delete": lambda m: m.delete(meeting),
            "mark_papers_sent": lambda m: m.mark_papers_sent(meeting, TODAY),
            "save_minutes": lambda m: m.save_minutes(meeting, "Fictional minutes."),
        },
        "agenda": {
            "build": lambda a: a.build(meeting), "add_referral": lambda a: a.add_referral(meeting, referral),
            "add_item": lambda a: a.add_item(meeting, "Fictional item"),
            "update_item": lambda a: a.update_item(item, scr_criteria_likely=True, notes="Fictional"),
            "remove_item": lambda a: a.remove_item(item), "move_item": lambda a: a.move_item(item, 1),
        },
        "meeting_actions": {
            "add": lambda a: a.add(meeting, ActionData("Fictional action", "Fictional Owner", day)),
            "update": lambda a: a.update(action, ActionData("Fictional action", "Fictional Owner", day)),
            "set_done": lambda a: a.set_done(action, True), "remove": lambda a: a.remove(action),
            "restore": lambda a: a.restore(row),
        },
        "attendance": {
            "record": lambda a: a.record(meeting, [AttendanceChange(attendance, "present")]),
            "invite": lambda a: a.invite(meeting, Invitee("Fictional Adviser", "specialist_advice")),
            "remove": lambda a: a.remove(attendance),
        },
        "decisions": {
            "record": lambda d: d.record(DecisionData(referral, "no_further_action", TODAY, reasons="Fictional")),
            "withdraw": lambda d: d.withdraw(decision),
        },
        "reviews": {"update": lambda r: r.update(review, {"timescales": "Fictional"})},
        "review_agencies": {
            "add_check": lambda r: r.add_check(review, agency),
            "answer_check": lambda r: r.answer_check(first_id(store, AgencyCheck), "involved", TODAY),
            "request_agency_reports": lambda r: r.request_agency_reports(review, day),
            "set_chronology_request": lambda r: r.set_chronology_request(first_id(store, ChronologyRequest), "received", TODAY),
            "set_agency_report": lambda r: r.set_agency_report(first_id(store, AgencyReport), "received", TODAY),
            "add_participant": lambda r: r.add_participant(review, ParticipantData("practitioner", "Fictional Nurse")),
            "set_contributed": lambda r: r.set_contributed(first_id(store, ReviewParticipant), True),
            "remove_participant": lambda r: r.remove_participant(first_id(store, ReviewParticipant)),
        },
        "review_learning": {
            "add_dissemination": lambda r: r.add_dissemination(review, "briefing", TODAY),
            "remove_dissemination": lambda r: r.remove_dissemination(first_id(store, Dissemination)),
            "add_good_practice": lambda r: r.add_good_practice(review, "Fictional good practice."),
            "set_themes": lambda r: r.set_themes(review, [theme]),
        },
        "review_findings": {
            "add_finding": lambda r: r.add_finding(review, "Fictional finding."),
            "update_finding": lambda r: r.update_finding(first_id(store, Finding), "Fictional finding."),
            "move_finding": lambda r: r.move_finding(first_id(store, Finding), 1),
            "remove_finding": lambda r: r.remove_finding(first_id(store, Finding)),
            "add_recommendation": lambda r: r.add_recommendation(review, "Fictional recommendation."),
            "update_recommendation": lambda r: r.update_recommendation(first_id(store, Recommendation),
                                                                       RecommendationData("Fictional recommendation.")),
            "move_recommendation": lambda r: r.move_recommendation(first_id(store, Recommendation), 1),
            "remove_recommendation": lambda r: r.remove_recommendation(first_id(store, Recommendation)),
        },
        "themes": {
            "add": lambda t: t.add("Fictional theme"), "rename": lambda t: t.rename(theme, "Fictional theme"),
            "retire": lambda t: t.retire(theme), "reinstate": lambda t: t.reinstate(theme),
        },
        "closure": {
            "close_early": lambda c: c.close_early(review, EarlyClosure("family_moved", "Fictional")),
            "reopen": lambda c: c.reopen(closed, "Fictional"),
        },
        "workflow": {"move": lambda w: w.move(review, "closed")},
        "clock": {
            "record_notifications": lambda c: c.record_notifications(referral, TODAY, TODAY),
            "pause": lambda c: c.pause(TODAY, "Fictional", review_id=review),
            "resume": lambda c: c.resume(first_id(store, ClockPause), TODAY),
        },
        "case_progress": {},
    }


def public_methods(service: object) -> set[str]:
    return {name for name, member in inspect.getmembers(type(service), inspect.isfunction) if not name.startswith("_")}


def test_every_writing_method_is_listed(demo: Store) -> None:
    services = PanelServices(demo)
    listed = writes(demo)
    names = {name for name, member in vars(PanelServices).items() if isinstance(member, cached_property)}
    assert names == set(READS), "a panel service is missing from READS"
    for name in READS:
        found = public_methods(getattr(services, name))
        expected = READS[name] | set(listed.get(name, {}))
        assert found == expected, (name, sorted(found ^ expected))


#: Only a chair or an administrator records decisions and closes or re-opens reviews;
#: only an administrator manages the themes list. A panel member may do the rest.
CHAIR_OR_ADMINISTRATOR = {"decisions.record", "decisions.withdraw", "closure.close_early", "closure.reopen",
                          "themes.add", "themes.rename", "themes.retire", "themes.reinstate"}


@pytest.mark.parametrize("role", ["read-only", "panel-member"])
def test_users_who_may_not_change_things_change_nothing(demo: Store, role: str) -> None:
    listed = writes(demo)
    before = fingerprint(demo)
    other = store_as(demo, role, f"{role.replace('-', '')}x")
    refused = []
    try:
        services = PanelServices(other)
        for name, calls in listed.items():
            service = getattr(services, name)
            for method, call in calls.items():
                if role == "panel-member" and f"{name}.{method}" not in CHAIR_OR_ADMINISTRATOR:
                    continue
                with pytest.raises(NotPermitted) as error:
                    call(service)
                assert error.value.message and "Traceback" not in error.value.message
                refused.append(f"{name}.{method}")
    finally:
        other.close()
    assert fingerprint(demo) == before
    assert len(refused) == (sum(len(c) for c in listed.values()) if role == "read-only" else len(CHAIR_OR_ADMINISTRATOR))
