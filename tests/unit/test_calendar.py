"""The schedule generator and the iCalendar export."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lipanel_desktop.errors import NotPermitted, ValidationError
from lipanel_desktop.models.meeting import Meeting
from lipanel_desktop.services.calendar import CalendarService, ScheduleRule
from lipanel_desktop.services.calendar_ics import CalendarExport, escape_text, fold
from lipanel_desktop.services.meeting_agenda import AgendaService
from lipanel_desktop.services.meetings import MeetingData, MeetingService
from lipanel_desktop.storage.store import Store
from tests.panel_factories import CHILD_NAMES, make_referral, store_as

BIMONTHLY = ScheduleRule(weekday=1, ordinal=2, every_months=2, first_month=date(2026, 1, 1), place="Room 1")


def count_meetings(store: Store) -> int:
    with store.read_session() as s:
        return int(s.scalar(select(func.count(Meeting.id))) or 0)


def test_a_year_of_bimonthly_panels(store: Store) -> None:
    service = CalendarService(store)
    proposals = service.propose(BIMONTHLY, date(2026, 1, 1), date(2026, 12, 31))
    assert [p.meeting_date for p in proposals] == [
        date(2026, 1, 13), date(2026, 3, 10), date(2026, 5, 12), date(2026, 7, 14), date(2026, 9, 8), date(2026, 11, 10)]
    assert BIMONTHLY.describe() == "Second Tuesday of every other month, starting January 2026"
    created = service.create_schedule(BIMONTHLY, [p.meeting_date for p in proposals])
    assert [m.reference for m in created] == [f"MTG-2026-{n:02d}" for n in range(1, 7)]
    assert all(m.status == "confirmed" and m.place == "Room 1" and m.start_time == time(10) for m in created)
    assert [m.meeting_date for m in service.month(2026, 3)] == [date(2026, 3, 10)]
    # Proposing again notices the meetings already booked.
    again = service.propose(BIMONTHLY, date(2026, 1, 1), date(2026, 12, 31))
    assert all("already booked" in p.note for p in again)
    assert [p.clash for p in again] == [m.reference for m in created]
    # Booking them again is refused, naming the panel already there, and adds nothing.
    with pytest.raises(ValidationError, match="MTG-2026-02 is already booked on 10/03/2026"):
        service.create_schedule(BIMONTHLY, [date(2026, 2, 10), date(2026, 3, 10)])
    assert count_meetings(store) == 6
    # A cancelled panel's day is free again.
    MeetingService(store).cancel(created[1].id)
    assert [m.meeting_date for m in service.create_schedule(BIMONTHLY, [date(2026, 3, 10)])] == [date(2026, 3, 10)]


def test_bank_holidays_are_skipped_and_explained(store: Store) -> None:
    first_monday = ScheduleRule(weekday=0, ordinal=1, every_months=1, first_month=date(2026, 4, 1))
    proposals = {p.rule_date: p for p in CalendarService(store).propose(first_monday, date(2026, 4, 1), date(2026, 6, 30))}
    may = proposals[date(2026, 5, 4)]
    assert may.moved and may.meeting_date == date(2026, 5, 5)
    assert may.note == "04/05/2026 is May Day (bank holiday), so moved to Tuesday 05/05/2026."
    last_friday = ScheduleRule(weekday=4, ordinal=-1, every_months=12, first_month=date(2026, 12, 1))
    (christmas,) = CalendarService(store).propose(last_friday, date(2026, 12, 1), date(2026, 12, 31))
    assert christmas.meeting_date == date(2026, 12, 29)  # past Christmas and the substitute Boxing Day


def test_the_user_moves_a_proposed_date_before_confirming(store: Store) -> None:
    created = CalendarService(store).create_schedule(BIMONTHLY, [date(2026, 1, 14), date(2026, 3, 10)])
    assert [m.meeting_date for m in created] == [date(2026, 1, 14), date(2026, 3, 10)]


@pytest.mark.parametrize(
    ("rule", "first", "last", "field"),
    [
        (ScheduleRule(weekday=5, first_month=date(2026, 1, 1)), date(2026, 1, 1), date(2026, 12, 31), "weekday"),
        (ScheduleRule(ordinal=7, first_month=date(2026, 1, 1)), date(2026, 1, 1), date(2026, 12, 31), "ordinal"),
        (ScheduleRule(every_months=0, first_month=date(2026, 1, 1)), date(2026, 1, 1), date(2026, 12, 31), "every_months"),
        (ScheduleRule(kind="malr_first", first_month=date(2026, 1, 1)), date(2026, 1, 1), date(2026, 12, 31), "kind"),
        (BIMONTHLY, date(2026, 12, 31), date(2026, 1, 1), "last"),
        (BIMONTHLY, date(2026, 1, 1), date(2040, 1, 1), "last"),
        (BIMONTHLY, None, date(2026, 1, 1), "first"),
        (ScheduleRule(first_month=date(2026, 1, 1), start_time=time(12), end_time=time(9)), date(2026, 1, 1),
         date(2026, 3, 1), "end_time"),
    ],
)
def test_bad_rules_are_refused(store: Store, rule: ScheduleRule, first: date, last: date, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        CalendarService(store).propose(rule, first, last)
    assert field in error.value.problems


@pytest.mark.parametrize(
    "dates",
    [[], [date(2026, 1, 13), date(2026, 1, 13)], [date(2026, 1, 13), date(2026, 5, 25)], [date(2026, 1, 1)],
     [date(2026, 1, 13) + timedelta(days=i) for i in range(70)], ["13/01/2026"]],
)
def test_bad_confirmed_dates_create_nothing(store: Store, dates: list) -> None:
    with pytest.raises(ValidationError):
        CalendarService(store).create_schedule(BIMONTHLY, dates)
    assert count_meetings(store) == 0


def test_only_schedulers_create_a_schedule(store: Store) -> None:
    reader = store_as(store, "read-only")
    try:
        assert CalendarService(reader).propose(BIMONTHLY, date(2026, 1, 1), date(2026, 12, 31))
        with pytest.raises(NotPermitted):
            CalendarService(reader).create_schedule(BIMONTHLY, [date(2026, 1, 13)])
    finally:
        reader.close()
    assert count_meetings(store) == 0


# -- iCalendar -------------------------------------------------------------------------
def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def test_folding_never_splits_a_character_and_keeps_75_octets() -> None:
    line = "DESCRIPTION:" + "Café ñ “quoted” 😀 " * 20
    folded = fold(line)
    for physical in folded.split("\r\n"):
        assert len(physical.encode("utf-8")) <= 75
        physical.encode("utf-8").decode("utf-8")
    assert folded.replace("\r\n ", "") == line
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_export_is_valid_icalendar_without_child_names(store: Store, tmp_path: Path) -> None:
    created = CalendarService(store).create_schedule(
        ScheduleRule(first_month=date(2026, 1, 1), place="Conference Room 3, Fictional Town Hall; 2nd floor, über-long wing " * 2),
        [date(2026, 1, 13), date(2026, 3, 10)],
    )
    for n in range(3):
        make_referral(store, n + 1, referral_date=date(2026, 1, 2 + n), scr_likely=n == 0)
    AgendaService(store).build(created[0].id)
    cancelled = MeetingService(store).schedule(MeetingData("lip", date(2026, 6, 9))).meeting
    MeetingService(store).cancel(cancelled.id)
    untimed = MeetingService(store).schedule(MeetingData("lip", date(2026, 9, 8))).meeting

    out = tmp_path / "panel.ics"
    result = CalendarExport(store).export(out, date(2026, 1, 1), date(2026, 12, 31),
                                          now=datetime(2026, 1, 2, 9, 30, tzinfo=timezone.utc))
    assert result.meetings == 3
    raw = out.read_bytes()
    text = raw.decode("utf-8")
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    for physical in raw.split(b"\r\n"):
        assert len(physical) <= 75
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    events = text.count("BEGIN:VEVENT")
    assert events == text.count("END:VEVENT") == len([line for line in lines if line.startswith("DTSTAMP:20260102T093000Z")])
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(uids) == events == len(set(uids))
    assert "SUMMARY:SCR Consideration Panel (MTG-2026-01)" in lines
    assert "DTSTART;TZID=Europe/London:20260113T100000" in lines
    assert f"DTSTART;VALUE=DATE:{untimed.meeting_date:%Y%m%d}" in lines
    assert "LOCATION:Conference Room 3\\, Fictional Town Hall\\; 2nd floor\\, über-long wing" in "".join(lines)
    assert cancelled.reference not in text
    assert any("LIP-2026-0001" in line for line in lines if line.startswith("DESCRIPTION:"))
    for name in CHILD_NAMES:
        for part in name.split():
            assert part not in text
    # Re-exporting keeps the UIDs, so a calendar updates rather than duplicating.
    CalendarExport(store).export(out, date(2026, 1, 1), date(2026, 12, 31))
    assert [line for line in unfold(out.read_bytes().decode("utf-8")) if line.startswith("UID:")] == uids


@pytest.mark.parametrize("name", ["panel.txt", "missing-folder/panel.ics", "."])
def test_export_refuses_bad_paths(store: Store, tmp_path: Path, name: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / name if name != "." else folder
    with pytest.raises(ValidationError):
        CalendarExport(store).export(target)
    assert list(folder.iterdir()) == []


def test_export_refuses_a_backwards_range_and_read_only_users(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="on or after"):
        CalendarExport(store).export(tmp_path / "x.ics", date(2026, 5, 1), date(2026, 1, 1))
    reader = store_as(store, "read-only")
    try:
        with pytest.raises(NotPermitted):
            CalendarExport(reader).export(tmp_path / "x.ics")
    finally:
        reader.close()
    assert not (tmp_path / "x.ics").exists()
