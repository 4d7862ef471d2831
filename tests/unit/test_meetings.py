"""Meetings: scheduling, chair rules, agenda, attendance, conflicts of interest."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import func, select

from lipanel_desktop.errors import InvalidTransition, NotPermitted, ValidationError
from lipanel_desktop.models.meeting import Meeting
from lipanel_desktop.services.meeting_agenda import AgendaService
from lipanel_desktop.services.meeting_attendance import AttendanceChange, AttendanceService, Invitee
from lipanel_desktop.services.meetings import MeetingData, MeetingService
from lipanel_desktop.services.organisation import OrganisationService
from lipanel_desktop.storage.store import Store
from tests.panel_factories import agency_id, make_referral, referral_status, store_as

LIP = "lip"
PANEL_DAY = date(2026, 2, 10)


def schedule(store: Store, day: date = PANEL_DAY, kind: str = LIP) -> int:
    return MeetingService(store).schedule(MeetingData(kind, day, time(10), time(12), "Room 1, Fictional House")).meeting.id


def meeting_count(store: Store) -> int:
    with store.read_session() as s:
        return int(s.scalar(select(func.count(Meeting.id))) or 0)


def test_a_new_panel_has_a_reference_core_members_and_a_papers_deadline(store: Store) -> None:
    OrganisationService(store).update({"head_of_safeguarding_name": "Fictional Head"})
    outcome = MeetingService(store).schedule(MeetingData(LIP, PANEL_DAY, time(10), time(12), "Room 1"))
    meeting = outcome.meeting
    assert meeting.reference == "MTG-2026-01"
    assert meeting.chair_title == "Head of Safeguarding" and meeting.chair_name == "Fictional Head"
    assert meeting.papers_deadline == date(2026, 2, 3)  # five working days before
    rows = AttendanceService(store).rows(meeting.id)
    assert [r.agency_name for r in rows] == [
        "Safeguarding Children Unit", "Children's Social Care", "Police", "Education", "Health"]
    assert all(r.status == "expected" and r.is_core for r in rows)
    assert MeetingService(store).schedule(MeetingData(LIP, date(2026, 4, 14))).meeting.reference == "MTG-2026-02"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (MeetingData("lip", None), "meeting_date"),
        (MeetingData("nonsense", PANEL_DAY), "kind"),
        (MeetingData(LIP, date(2026, 2, 14)), "meeting_date"),  # a Saturday
        (MeetingData(LIP, date(2026, 4, 6)), "meeting_date"),  # Easter Monday
        (MeetingData(LIP, PANEL_DAY, time(12), time(10)), "end_time"),
        (MeetingData(LIP, PANEL_DAY, None, time(10)), "start_time"),
        (MeetingData(LIP, PANEL_DAY, place="x" * 5000), "place"),
        (MeetingData(LIP, PANEL_DAY, place="Room\x00 1"), "place"),
        (MeetingData(LIP, date(1066, 10, 14)), "meeting_date"),
        (MeetingData("malr_first", PANEL_DAY), "review_id"),
    ],
)
def test_bad_meetings_are_refused_and_nothing_is_saved(store: Store, data: MeetingData, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        MeetingService(store).schedule(data)
    assert field in error.value.problems
    assert meeting_count(store) == 0


def test_an_scr_likely_item_makes_the_panel_an_scr_consideration_panel(store: Store) -> None:
    OrganisationService(store).update({"service_director_name": "Fictional Director"})
    meeting_id = schedule(store)
    make_referral(store, 1, referral_date=date(2026, 1, 5))
    scr = make_referral(store, 2, referral_date=date(2026, 1, 6), scr_likely=True)
    outcome = AgendaService(store).build(meeting_id)
    assert outcome.meeting.kind == "scr_consideration"
    assert outcome.meeting.chair_title == "Service Director, Children's Safeguarding and Prevention"
    assert outcome.meeting.chair_name == "Fictional Director"
    assert "LIP-2026-0002" in outcome.message and "SCR criteria likely" in outcome.message
    assert "LIP-2026-0002" in outcome.meeting.chair_reason
    # Unflagging the item returns the panel to the Head of Safeguarding, and says so.
    item = next(r for r in AgendaService(store).rows(meeting_id) if r.referral_id == scr)
    back = AgendaService(store).update_item(item.id, scr_criteria_likely=False, notes="Criteria not met on reading")
    assert back.meeting.kind == LIP and back.meeting.chair_title == "Head of Safeguarding"
    assert "Learning and Improvement Panel again" in back.message
    again = AgendaService(store).update_item(item.id, scr_criteria_likely=False, notes="Same")
    assert again.message == ""


def test_agenda_is_built_from_waiting_referrals_oldest_first(store: Store) -> None:
    meeting_id = schedule(store)
    newer = make_referral(store, 1, referral_date=date(2026, 1, 20))
    older = make_referral(store, 2, referral_date=date(2026, 1, 2))
    draft = make_referral(store, 3, referral_date=date(2026, 1, 1), status="draft")
    AgendaService(store).build(meeting_id)
    rows = AgendaService(store).rows(meeting_id)
    assert [r.referral_id for r in rows] == [older, newer]
    assert all("Fictional-Testchild" not in r.title and "Madeup" not in r.title for r in rows)
    assert rows[0].title.startswith("LIP-2026-0002 — Critical Incident")
    assert referral_status(store, older) == "on_agenda" and referral_status(store, draft) == "draft"
    # Nothing left to add: a clear message, nothing changed.
    with pytest.raises(Exception, match="No submitted referral is waiting"):
        AgendaService(store).build(meeting_id)
    # A referral on one open agenda is not offered for another.
    second = schedule(store, date(2026, 4, 14))
    with pytest.raises(InvalidTransition, match="already on the agenda of MTG-2026-01"):
        AgendaService(store).add_referral(second, older)


def test_agenda_items_can_be_added_moved_and_removed(store: Store) -> None:
    meeting_id = schedule(store)
    referral = make_referral(store, 1)
    agenda = AgendaService(store)
    agenda.add_referral(meeting_id, referral)
    agenda.add_item(meeting_id, "Good practice examples")
    rows = agenda.rows(meeting_id)
    agenda.move_item(rows[1].id, -1)
    assert [r.title for r in agenda.rows(meeting_id)][0] == "Good practice examples"
    agenda.remove_item(rows[0].id)
    assert [r.title for r in agenda.rows(meeting_id)] == ["Good practice examples"]
    assert referral_status(store, referral) == "submitted"
    for bad in ("", "   ", "x" * 1000, "bad\x07bell"):
        with pytest.raises(ValidationError):
            agenda.add_item(meeting_id, bad)
    assert len(agenda.rows(meeting_id)) == 1


def test_conflict_of_interest_is_flagged_for_involved_agencies(store: Store) -> None:
    meeting_id = schedule(store)
    referral = make_referral(store, 1, agencies=("Police",), referring_agency="Education")
    AgendaService(store).add_referral(meeting_id, referral)
    rows = {r.agency_name: r for r in AttendanceService(store).rows(meeting_id)}
    assert rows["Police"].conflict == "Police is involved in LIP-2026-0001"
    assert rows["Education"].conflict == "Education is involved in LIP-2026-0001"
    assert rows["Health"].conflict == ""


def test_attendance_and_invited_attendees(store: Store) -> None:
    meeting_id = schedule(store)
    service = AttendanceService(store)
    rows = service.rows(meeting_id)
    # Apologies can be sent ahead; present or absent only on the day or after.
    service.record(meeting_id, [AttendanceChange(rows[0].id, "apologies", "Fictional Person")], today=date(2026, 2, 1))
    with pytest.raises(ValidationError, match="on or after"):
        service.record(meeting_id, [AttendanceChange(rows[1].id, "present")], today=date(2026, 2, 1))
    service.record(meeting_id, [AttendanceChange(r.id, "present") for r in rows[1:]], today=PANEL_DAY)
    invited = service.invite(meeting_id, Invitee("Fictional Presenter", "presenting_case", agency_id(store, "Housing"),
                                                 "Housing officer"), today=PANEL_DAY)
    assert invited[-1].reason_label == "Presenting a referred case" and invited[-1].agency_name == "Housing"
    with pytest.raises(ValidationError) as error:
        service.invite(meeting_id, Invitee("", "core"), today=PANEL_DAY)
    assert {"person_name", "invite_reason"} <= set(error.value.problems)
    with pytest.raises(ValidationError, match="Say why"):
        service.invite(meeting_id, Invitee("Fictional Adviser", "other"), today=PANEL_DAY)
    with pytest.raises(InvalidTransition, match="Core members stay"):
        service.remove(rows[0].id)
    after = service.remove(invited[-1].id)
    assert len(after) == 5 and after[0].status == "apologies" and after[1].status == "present"


def test_meeting_status_moves(store: Store) -> None:
    service = MeetingService(store)
    meeting_id = schedule(store)
    referral = make_referral(store, 1)
    AgendaService(store).add_referral(meeting_id, referral)
    assert service.confirm(meeting_id).status == "confirmed"
    with pytest.raises(InvalidTransition, match="only a proposed meeting can be confirmed"):
        service.confirm(meeting_id)
    with pytest.raises(InvalidTransition, match="on or after"):
        service.mark_held(meeting_id, today=date(2026, 2, 9))
    held = service.mark_held(meeting_id, today=PANEL_DAY)
    assert held.status == "held"
    # The panel did not reach the referral, so it waits for the next one.
    assert referral_status(store, referral) == "submitted"
    for attempt in (lambda: service.cancel(meeting_id), lambda: service.delete(meeting_id),
                    lambda: service.update(meeting_id, MeetingData(LIP, date(2026, 2, 11)))):
        with pytest.raises(InvalidTransition):
            attempt()
    assert service.get(meeting_id).status == "held"


def test_cancelling_releases_the_agenda_and_moving_moves_the_papers(store: Store) -> None:
    service = MeetingService(store)
    meeting_id = schedule(store)
    referral = make_referral(store, 1)
    AgendaService(store).add_referral(meeting_id, referral)
    moved = service.update(meeting_id, MeetingData(LIP, date(2026, 4, 7), time(14), None, "Room 2"))
    assert moved.meeting.papers_deadline == date(2026, 3, 27)  # across Easter
    assert service.cancel(meeting_id).status == "cancelled"
    assert referral_status(store, referral) == "submitted"
    with pytest.raises(InvalidTransition):
        AgendaService(store).add_item(meeting_id, "Anything")


def test_read_only_and_panel_members_cannot_schedule(store: Store) -> None:
    meeting_id = schedule(store)
    reader = store_as(store, "read-only")
    try:
        with pytest.raises(NotPermitted, match="Read-only"):
            MeetingService(reader).schedule(MeetingData(LIP, date(2026, 4, 14)))
        with pytest.raises(NotPermitted):
            MeetingService(reader).cancel(meeting_id)
        with pytest.raises(NotPermitted):
            AgendaService(reader).add_item(meeting_id, "Anything")
        assert MeetingService(reader).get(meeting_id).status == "proposed"
    finally:
        reader.close()
    assert meeting_count(store) == 1
