"""The panel calendar: a schedule generator for meetings held in advance on a rule
("second Tuesday of every other month, starting January"), and meetings for a range.

Bank holidays and weekends are skipped (the meeting moves to the next working day, and
the proposal says why); the user confirms or moves each date before anything is saved.
The iCalendar export is in `calendar_ics`.
"""

from __future__ import annotations

import calendar as std_calendar
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import ValidationError
from lipanel_desktop.models.meeting import Meeting
from lipanel_desktop.services.field_checks import SHORT_TEXT, check_date, clean_text, uk
from lipanel_desktop.services.meetings import (
    OPEN_STATUSES,
    PANEL_KINDS,
    MeetingData,
    MeetingSummary,
    new_meeting,
    summaries,
)
from lipanel_desktop.services.permissions import require
from lipanel_desktop.services.working_days import is_working_day, next_working_day, why_not_working
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.panel import MeetingKind, MeetingStatus
from lipanel_desktop.vocabulary.roles import Permission

ORDINALS = {1: "First", 2: "Second", 3: "Third", 4: "Fourth", -1: "Last"}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
EVERY = {1: "every month", 2: "every other month", 3: "every three months", 4: "every four months",
         6: "every six months", 12: "every year"}
#: More than this in one go is almost certainly a mistake in the range.
MOST_MEETINGS = 60


@dataclass(frozen=True)
class ScheduleRule:
    """"Second Tuesday of every other month, starting January 2026"."""

    weekday: int = 1  # Monday is 0
    ordinal: int = 2  # 1..4, or -1 for the last
    every_months: int = 2
    #: Any day in the first month of the series; the series steps from that month.
    first_month: date = field(default_factory=lambda: date(date.today().year, 1, 1))
    kind: str = MeetingKind.LEARNING_AND_IMPROVEMENT_PANEL.value
    start_time: time | None = time(10, 0)
    end_time: time | None = time(12, 0)
    place: str = ""

    def describe(self) -> str:
        every = EVERY.get(self.every_months, f"every {self.every_months} months")
        return (
            f"{ORDINALS.get(self.ordinal, '?')} {WEEKDAYS[self.weekday] if 0 <= self.weekday < 5 else '?'} "
            f"of {every}, starting {self.first_month:%B %Y}"
        )


@dataclass(frozen=True)
class ProposedDate:
    """One date the generator proposes; `note` says why it differs from the rule or clashes."""

    meeting_date: date
    rule_date: date
    note: str = ""
    #: The panel already booked on that day ("" if none): not ticked to book by default.
    clash: str = ""

    @property
    def moved(self) -> bool:
        return self.meeting_date != self.rule_date


def panels_booked(s: Session, first: date, last: date) -> dict[date, str]:
    """Panels not cancelled or held, by day, between two dates: day -> reference."""
    return {
        day: ref
        for day, ref in s.execute(
            select(Meeting.meeting_date, Meeting.reference).where(
                Meeting.meeting_date.between(first, last),
                Meeting.status.in_(OPEN_STATUSES),
                Meeting.kind.in_([k.value for k in PANEL_KINDS]),
            )
        )
    }


def nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> date:
    """The `ordinal`-th `weekday` of a month (ordinal -1: the last one)."""
    days = [d for d in std_calendar.Calendar().itermonthdates(year, month) if d.month == month and d.weekday() == weekday]
    return days[-1] if ordinal == -1 else days[ordinal - 1]


def check_rule(rule: ScheduleRule, first: object, last: object) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not isinstance(rule.weekday, int) or not 0 <= rule.weekday <= 4:
        problems["weekday"] = "Panels meet on a working day: choose Monday to Friday."
    if rule.ordinal not in ORDINALS:
        problems["ordinal"] = "Choose the first, second, third, fourth or last week of the month."
    if not isinstance(rule.every_months, int) or isinstance(rule.every_months, bool) or not 1 <= rule.every_months <= 12:
        problems["every_months"] = "Meetings repeat every 1 to 12 months."
    if rule.kind not in {k.value for k in PANEL_KINDS}:
        problems["kind"] = "The schedule is for the standing panel: a Learning and Improvement Panel or an SCR Consideration Panel."
    check_date(rule.first_month, field="first_month", label="The first month", problems=problems, required=True)
    start = check_date(first, field="first", label="The start of the range", problems=problems, required=True)
    end = check_date(last, field="last", label="The end of the range", problems=problems, required=True)
    if start and end:
        if end < start:
            problems["last"] = "The end of the range must be on or after its start."
        elif (end - start).days > 5 * 366:
            problems["last"] = "Schedule at most five years at a time."
    if isinstance(rule.start_time, time) and isinstance(rule.end_time, time) and rule.end_time <= rule.start_time:
        problems["end_time"] = "The meeting must end after it starts."
    clean_text(rule.place, field="place", label="The place", problems=problems, limit=SHORT_TEXT, multiline=False)
    return problems


class CalendarService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def month(self, year: int, month: int) -> list[MeetingSummary]:
        last_day = std_calendar.monthrange(year, month)[1]
        with self.store.read_session() as s:
            return summaries(s, Meeting.meeting_date.between(date(year, month, 1), date(year, month, last_day)))

    def agenda_list(self, first: date, last: date, *, include_cancelled: bool = False) -> list[MeetingSummary]:
        with self.store.read_session() as s:
            where = Meeting.meeting_date.between(first, last)
            if not include_cancelled:
                where = where & (Meeting.status != MeetingStatus.CANCELLED.value)
            return summaries(s, where)

    def propose(self, rule: ScheduleRule, first: date, last: date) -> list[ProposedDate]:
        """The dates the rule gives in [first, last], each moved off a bank holiday or
        weekend to the next working day, with clashes against meetings already booked."""
        problems = check_rule(rule, first, last)
        if problems:
            raise ValidationError(problems)
        with self.store.read_session() as s:
            booked = panels_booked(s, first - timedelta(days=7), last + timedelta(days=7))
        proposals = []
        year, month = rule.first_month.year, rule.first_month.month
        while date(year, month, 1) <= last:
            rule_date = nth_weekday(year, month, rule.weekday, rule.ordinal)
            day, notes = rule_date, []
            if not is_working_day(rule_date):
                day = next_working_day(rule_date)
                notes.append(f"{uk(rule_date)} is {why_not_working(rule_date)}, so moved to {day:%A} {uk(day)}.")
            if first <= day <= last:
                if day in booked:
                    notes.append(f"{booked[day]} is already booked on this day.")
                proposals.append(ProposedDate(day, rule_date, " ".join(notes), booked.get(day, "")))
            month += rule.every_months
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        if len(proposals) > MOST_MEETINGS:
            raise ValidationError({"last": f"That range gives {len(proposals)} meetings; schedule at most {MOST_MEETINGS} at a time."})
        return proposals

    def create_schedule(self, rule: ScheduleRule, dates: list[date]) -> list[MeetingSummary]:
        """Book the dates the user confirmed (or moved), all or none."""
        require(self.store.identity, Permission.SCHEDULE_MEETINGS)
        problems = check_rule(rule, rule.first_month, rule.first_month)
        place = clean_text(rule.place, field="place", label="The place", problems=problems, limit=SHORT_TEXT, multiline=False)
        if not dates:
            problems["dates"] = "Choose at least one date."
        elif len(dates) > MOST_MEETINGS:
            problems["dates"] = f"Schedule at most {MOST_MEETINGS} meetings at a time."
        elif len(set(dates)) != len(dates):
            problems["dates"] = "The same date is listed twice."
        for index, day in enumerate(dates):
            checked = check_date(day, field=f"date{index}", label="A meeting date", problems=problems, required=True)
            if checked and not is_working_day(checked):
                problems[f"date{index}"] = f"{uk(checked)} is {why_not_working(checked)}: choose a working day."
        if problems:
            raise ValidationError(problems)
        with self.store.session() as s:
            booked = panels_booked(s, min(dates), max(dates))
            clashes = {f"date{i}": f"{booked[day]} is already booked on {uk(day)}: untick that date or move it."
                       for i, day in enumerate(dates) if day in booked}
            if clashes:
                raise ValidationError(clashes)
            created = [
                new_meeting(
                    s,
                    MeetingData(rule.kind, day, rule.start_time, rule.end_time, place),
                    status=MeetingStatus.CONFIRMED.value,
                ).id
                for day in sorted(dates)
            ]
            s.flush()
            return summaries(s, Meeting.id.in_(created))
