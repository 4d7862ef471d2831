"""Working days: weekends and England and Wales bank holidays are skipped."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from lipanel_desktop.services.working_days import (
    add_working_days,
    bank_holiday_name,
    is_working_day,
    next_working_day,
    why_not_working,
    working_days_between,
)


def test_easter_bank_holiday_weekend_is_skipped() -> None:
    # Thursday 2 April 2026; Good Friday 3rd, Easter Monday 6th.
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert add_working_days(date(2026, 4, 2), 5) == date(2026, 4, 13)
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1


def test_christmas_and_new_year_with_substitute_days() -> None:
    # Boxing Day 2026 is a Saturday, so Monday 28 December is the substitute day.
    assert bank_holiday_name(date(2026, 12, 28)) is not None
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert add_working_days(date(2026, 12, 24), 5) == date(2027, 1, 5)


def test_a_plain_week_counts_five() -> None:
    assert add_working_days(date(2026, 2, 2), 5) == date(2026, 2, 9)
    assert add_working_days(date(2026, 2, 6), 1) == date(2026, 2, 9)  # Friday to Monday


def test_counting_back_for_a_papers_deadline() -> None:
    # Five working days before Tuesday 7 April 2026 crosses Easter.
    assert add_working_days(date(2026, 4, 7), -5) == date(2026, 3, 27)


def test_a_referral_on_a_saturday_counts_from_the_monday() -> None:
    assert add_working_days(date(2026, 2, 7), 1) == date(2026, 2, 9)


def test_reasons_a_day_is_not_a_working_day() -> None:
    assert why_not_working(date(2026, 5, 25)) == "Spring Bank Holiday (bank holiday)"
    assert why_not_working(date(2026, 5, 23)) == "a weekend"
    assert why_not_working(date(2026, 5, 26)) is None
    assert next_working_day(date(2026, 5, 23)) == date(2026, 5, 26)
    assert not is_working_day(date(2026, 8, 31))


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)), st.integers(min_value=0, max_value=400))
def test_adding_then_counting_gives_back_the_same_number(start: date, count: int) -> None:
    end = add_working_days(start, count)
    assert working_days_between(start, end) == count
    assert count == 0 or is_working_day(end)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)), st.integers(min_value=0, max_value=80))
def test_counting_matches_a_day_by_day_walk(start: date, span: int) -> None:
    end = start + timedelta(days=span)
    walked = sum(1 for i in range(1, span + 1) if is_working_day(start + timedelta(days=i)))
    assert working_days_between(start, end) == walked
    assert working_days_between(end, start) == -walked
