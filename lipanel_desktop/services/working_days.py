"""Working days: Monday to Friday, less the bank holidays of England and Wales.

Statutory timescales ("within 5 working days", "15 working days of referral") and the
papers deadline before each meeting are counted here. The bank holiday list comes from
the `holidays` package, which works offline; a year is looked up once and kept.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

#: England's list; Wales has the same bank holidays.
_SUBDIVISION = "ENG"


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> dict[date, str]:
    table = holidays.UnitedKingdom(subdiv=_SUBDIVISION, years=year)
    return {day: str(name) for day, name in table.items() if day.year == year}


def bank_holiday_name(day: date) -> str | None:
    """The bank holiday's name ("Easter Monday"), or None on any other day."""
    return _bank_holidays(day.year).get(day)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and bank_holiday_name(day) is None


def why_not_working(day: date) -> str | None:
    """Plain words for why a day is not a working day, or None if it is one."""
    name = bank_holiday_name(day)
    if name is not None:
        return f"{name} (bank holiday)"
    if day.weekday() >= 5:
        return "a weekend"
    return None


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, count: int) -> date:
    """The date `count` working days after `start` (before it when `count` is negative).

    Day 0 is `start` itself, even if it is not a working day: "within 5 working days of
    Friday" ends on the following Friday, and a referral made on a Saturday starts its
    count from that Saturday, so the first working day after it is day 1.
    """
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    day = start
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier.

    `working_days_between(d, add_working_days(d, n)) == n` for every n >= 0, and for
    negative n too when `d` is itself a working day.
    """
    if end == start:
        return 0
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    # Whole weeks first: five weekdays each, less the bank holidays in them.
    while (end - day).days >= 7:
        week_end = day + timedelta(days=7)
        count += 5 - sum(
            1 for offset in range(1, 8) if (d := day + timedelta(days=offset)).weekday() < 5 and bank_holiday_name(d)
        )
        day = week_end
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
