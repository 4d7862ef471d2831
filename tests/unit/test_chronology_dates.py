"""The UK day-first date reader: every form agencies write, and the ambiguous or
impossible ones refused with a reason."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lipanel_desktop.services.chronology.dates import (
    DateProblem,
    age_at,
    describe,
    parse_date,
    parse_time,
)
from lipanel_desktop.vocabulary.chronology import DateCertainty as C

TODAY = date(2026, 5, 1)
D = date


@pytest.mark.parametrize(
    ("text", "certainty", "first", "last", "moment"),
    [
        ("03/04/2019", C.EXACT, D(2019, 4, 3), None, None),
        ("3/4/19", C.EXACT, D(2019, 4, 3), None, None),
        ("3/4/85", C.EXACT, D(1985, 4, 3), None, None),
        ("03-04-2019", C.EXACT, D(2019, 4, 3), None, None),
        ("03.04.2019", C.EXACT, D(2019, 4, 3), None, None),
        ("2019-04-03", C.EXACT, D(2019, 4, 3), None, None),
        ("2019/04/03", C.EXACT, D(2019, 4, 3), None, None),
        ("43558", C.EXACT, D(2019, 4, 3), None, None),
        ("3 April 2019", C.EXACT, D(2019, 4, 3), None, None),
        ("3rd April 2019", C.EXACT, D(2019, 4, 3), None, None),
        ("3rd of April 2019", C.EXACT, D(2019, 4, 3), None, None),
        ("Wednesday 3 April 2019", C.EXACT, D(2019, 4, 3), None, None),
        ("April 3, 2019", C.EXACT, D(2019, 4, 3), None, None),
        ("03-Apr-19", C.EXACT, D(2019, 4, 3), None, None),
        ("3 SEPT 2019", C.EXACT, D(2019, 9, 3), None, None),
        ("03/04/2019 14:30", C.EXACT, D(2019, 4, 3), None, time(14, 30)),
        ("2019-04-03T09:05", C.EXACT, D(2019, 4, 3), None, time(9, 5)),
        ("3 April 2019 2.30pm", C.EXACT, D(2019, 4, 3), None, time(14, 30)),
        ("April 2019", C.MONTH, D(2019, 4, 1), D(2019, 4, 30), None),
        ("Apr 2019", C.MONTH, D(2019, 4, 1), D(2019, 4, 30), None),
        ("Apr-19", C.MONTH, D(2019, 4, 1), D(2019, 4, 30), None),
        ("04/2019", C.MONTH, D(2019, 4, 1), D(2019, 4, 30), None),
        ("2019-04", C.MONTH, D(2019, 4, 1), D(2019, 4, 30), None),
        ("February 2020", C.MONTH, D(2020, 2, 1), D(2020, 2, 29), None),
        ("2019", C.YEAR, D(2019, 1, 1), D(2019, 12, 31), None),
        ("c. 2018", C.CIRCA, D(2018, 1, 1), D(2018, 12, 31), None),
        ("C.2018", C.CIRCA, D(2018, 1, 1), D(2018, 12, 31), None),
        ("circa 2018", C.CIRCA, D(2018, 1, 1), D(2018, 12, 31), None),
        ("about April 2018", C.CIRCA, D(2018, 4, 1), D(2018, 4, 30), None),
        ("c. 03/04/2019", C.CIRCA, D(2019, 3, 27), D(2019, 4, 10), None),
        ("before 05/2019", C.BEFORE, D(2019, 4, 30), None, None),
        ("Before 03/04/2019", C.BEFORE, D(2019, 4, 2), None, None),
        ("after 2017", C.AFTER, D(2018, 1, 1), None, None),
        ("03/04/2019 to 10/04/2019", C.RANGE, D(2019, 4, 3), D(2019, 4, 10), None),
        ("03/04/2019 - 10/04/2019", C.RANGE, D(2019, 4, 3), D(2019, 4, 10), None),
        ("03/04/2019 \u2013 10/04/2019", C.RANGE, D(2019, 4, 3), D(2019, 4, 10), None),
        ("between 2017 and 2018", C.RANGE, D(2017, 1, 1), D(2018, 12, 31), None),
        ("April to June 2019", C.RANGE, D(2019, 4, 1), D(2019, 6, 30), None),
        ("3 to 10 April 2019", C.RANGE, D(2019, 4, 3), D(2019, 4, 10), None),
    ],
)
def test_every_form_agencies_write_is_read_day_first(text, certainty, first, last, moment) -> None:
    parsed = parse_date(text, today=TODAY)
    assert (parsed.certainty, parsed.date_from, parsed.date_to, parsed.event_time) == (certainty, first, last, moment)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2019, 4, 3, 0, 0), (C.EXACT, D(2019, 4, 3), None)),
        (datetime(2019, 4, 3, 14, 30), (C.EXACT, D(2019, 4, 3), time(14, 30))),
        (D(2019, 4, 3), (C.EXACT, D(2019, 4, 3), None)),
        (43558, (C.EXACT, D(2019, 4, 3), None)),
        (43558.75, (C.EXACT, D(2019, 4, 3), time(18, 0))),
        (2019, (C.YEAR, D(2019, 1, 1), None)),
    ],
)
def test_spreadsheet_cells_are_read_as_dates(value, expected) -> None:
    parsed = parse_date(value, today=TODAY)
    assert (parsed.certainty, parsed.date_from, parsed.event_time) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("04/13/2019", "looks like a US date"),
        ("12/31/2019", "write 31/12/2019"),
        ("Apr 19", "could be 19 April (with no year) or April 2019: write it in full, such as 19/04/2019"),
        ("3rd April", "has no year"),
        ("3/4", "has no year"),
        ("3 April", "could be 3 April (with no year) or April 2003"),
        ("31/04/2019", "April 2019 has only 30 days"),
        ("29/02/2019", "not a leap year"),
        ("13/13/2019", "no month 13"),
        ("Monday 3 April 2019", "was a Wednesday, not a Monday"),
        ("spring 2019", "A season is not a date"),
        ("2030", "in the future"),
        ("01/01/1850", "before 1900"),
        ("10/04/2019 to 03/04/2019", "ends (03/04/2019) before it starts"),
        ("=A1", "formula"),
        ("", "missing"),
        ("   ", "missing"),
        ("soon", "not a date"),
        ("1/2/3", "not a date"),
        ("2019 14:30", "only go with an exact date"),
        ("03/04/2019 25:00", "not a time"),
        ("x" * 70, "too long"),
    ],
)
def test_ambiguous_or_impossible_dates_are_refused_with_a_reason(text, reason) -> None:
    with pytest.raises(DateProblem) as refused:
        parse_date(text, today=TODAY)
    assert reason in refused.value.message


@pytest.mark.parametrize("value", [None, True, time(9, 0), 12.5, 99_999_999, float("nan"), object()])
def test_values_that_are_not_dates_are_refused(value) -> None:
    with pytest.raises(DateProblem):
        parse_date(value, today=TODAY)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("14:30", time(14, 30)), ("14.30", time(14, 30)), ("2.30pm", time(14, 30)), ("12am", time(0, 0)),
     ("12 pm", time(12, 0)), (0.5, time(12, 0)), (time(9, 5, 33), time(9, 5)), ("", None), (None, None)],
)
def test_times(value, expected) -> None:
    assert parse_time(value) == expected


@pytest.mark.parametrize("value", ["25:00", "13pm", "noon", "14", 1.5, "9:75"])
def test_bad_times_are_refused(value) -> None:
    with pytest.raises(DateProblem):
        parse_time(value)


def test_describe_reads_back_to_the_same_date() -> None:
    for text in ("03/04/2019", "April 2019", "2019", "c. 2018", "c. April 2018", "c. 03/04/2019",
                 "before 05/2019", "after 2017", "03/04/2019 to 10/04/2019"):
        parsed = parse_date(text, today=TODAY)
        shown = describe(parsed.date_from, parsed.date_to, parsed.certainty.value)
        again = parse_date(shown, today=TODAY)
        assert (again.date_from, again.date_to, again.certainty) == (parsed.date_from, parsed.date_to, parsed.certainty)


def test_age_at_an_event() -> None:
    dob = D(2016, 2, 10)
    assert age_at(dob, D(2019, 4, 3), None, "exact") == "3 years 1 month"
    assert age_at(dob, D(2016, 2, 20), None, "exact") == "10 days"
    assert age_at(dob, D(2016, 7, 10), None, "exact") == "5 months"
    assert age_at(dob, D(2015, 6, 1), None, "exact") == "before birth"
    assert age_at(dob, D(2019, 1, 1), D(2019, 12, 31), "year") == "about 3 years"
    assert age_at(None, D(2019, 4, 3), None, "exact") == ""


# -- fuzzing ------------------------------------------------------------------------------

days = st.dates(min_value=D(1950, 1, 1), max_value=TODAY)


@settings(max_examples=300, deadline=None)
@given(day=days)
def test_any_past_day_round_trips_through_every_day_first_form(day: date) -> None:
    forms = [f"{day:%d/%m/%Y}", f"{day.day}/{day.month}/{day:%Y}", f"{day:%Y-%m-%d}", f"{day.day} {day:%B %Y}",
             f"{day:%d-%b-%Y}", str((day - D(1899, 12, 30)).days)]
    if day.year >= 1927:
        forms.append(f"{day:%d/%m/%y}")
    for text in forms:
        parsed = parse_date(text, today=TODAY)
        assert (parsed.certainty, parsed.date_from) == (C.EXACT, day), text


@settings(max_examples=300, deadline=None)
@given(day=st.dates(min_value=D(1950, 1, 1), max_value=D(2025, 12, 31)))
def test_a_day_first_reading_is_never_confused_with_month_first(day: date) -> None:
    """When day and month could swap (both <= 12), we read day first; when the swapped
    reading is the only valid one, we refuse rather than guess."""
    swapped = f"{day.month:02d}/{day.day:02d}/{day.year}"
    if day.day == day.month:
        assert parse_date(swapped, today=TODAY).date_from == day
    elif day.day <= 12:
        assert parse_date(swapped, today=TODAY).date_from == D(day.year, day.day, day.month)
    else:
        with pytest.raises(DateProblem, match="US date"):
            parse_date(swapped, today=TODAY)


@settings(max_examples=1000, deadline=None)
@given(text=st.text(max_size=80))
def test_any_text_is_read_or_refused_never_crashes(text: str) -> None:
    try:
        parsed = parse_date(text, today=TODAY)
    except DateProblem as problem:
        assert problem.message
    else:
        assert D(1900, 1, 1) <= parsed.date_from <= TODAY
        assert parsed.date_to is None or parsed.date_to >= parsed.date_from


@settings(max_examples=500, deadline=None)
@given(text=st.from_regex(r"\A(c\. |before |after |about )?[0-9]{1,4}([/.\- ][0-9A-Za-z]{1,9}){0,3}( to [0-9/]{4,10})?\Z"))
def test_date_like_text_is_read_or_refused_never_crashes(text: str) -> None:
    try:
        parsed = parse_date(text, today=TODAY)
    except DateProblem as problem:
        assert problem.message
    else:
        assert parsed.date_from <= TODAY and parsed.latest >= parsed.date_from


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(st.floats(allow_nan=True), st.integers(min_value=-10**12, max_value=10**12)))
def test_any_number_is_read_or_refused(value: float) -> None:
    try:
        parsed = parse_date(value, today=TODAY)
    except DateProblem:
        return
    assert D(1900, 1, 1) <= parsed.date_from <= TODAY


@settings(max_examples=200, deadline=None)
@given(first=days, length=st.integers(min_value=0, max_value=400))
def test_ranges_cover_both_ends(first: date, length: int) -> None:
    last = min(first + timedelta(days=length), TODAY)
    parsed = parse_date(f"{first:%d/%m/%Y} to {last:%d/%m/%Y}", today=TODAY)
    assert (parsed.date_from, parsed.date_to, parsed.certainty) == (first, last, C.RANGE)


@pytest.mark.parametrize("text", ["before 0001", "before 01/01/0001", "after 9999", "c. 01/01/0001", "about 31/12/9999"])
def test_dates_at_the_ends_of_the_calendar_are_refused_in_words(text: str) -> None:
    with pytest.raises(DateProblem) as refused:
        parse_date(text, today=TODAY)
    assert refused.value.message
