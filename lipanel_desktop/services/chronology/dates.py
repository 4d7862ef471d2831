"""Reading dates the way agencies really write them, always day first (UK).

An agency's chronology holds `03/04/2019`, `3/4/19`, `2019-04-03`, Excel date numbers,
`3rd April 2019`, `April 2019`, `2019`, `c. 2018`, `before 05/2019`, `after 2017` and
ranges such as `03/04/2019 to 10/04/2019`. Each becomes a `ParsedDate`: the earliest and
latest day it can mean, how sure it is, and a time when one was given. Anything that
could be read two ways (`04/13/2019` looks month first, `Apr 19` could be a day or a
year) or is not a date at all is refused with the reason, so the agency can correct it
rather than have it silently misread.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from lipanel_desktop.errors import KnownError
from lipanel_desktop.vocabulary.chronology import DateCertainty

EARLIEST_YEAR = 1900
#: Excel's day 0 (its 1900 leap-year bug makes day 60 the non-existent 29/02/1900).
EXCEL_EPOCH = date(1899, 12, 30)
#: "c. 03/04/2019" means a few days either side.
CIRCA_DAYS = 7
#: Shown next to every date field and in the template's instructions.
ACCEPTED_FORMS = (
    "03/04/2019, 3/4/19, 2019-04-03, 3 April 2019 (a time may follow: 03/04/2019 14:30); "
    "April 2019 or 04/2019 (month known); 2019 (year known); c. 2018 (about); "
    "before 05/2019, after 2017; 03/04/2019 to 10/04/2019 (between). Always day first."
)

MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (calendar.month_name[number].lower(), calendar.month_abbr[number].lower())
}
MONTHS["sept"] = 9
WEEKDAYS = {
    name: number
    for number in range(7)
    for name in (calendar.day_name[number].lower(), calendar.day_abbr[number].lower())
}
WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})


class DateProblem(KnownError):
    """A date that cannot be read with certainty; the message says why and what to write."""


@dataclass(frozen=True)
class ParsedDate:
    date_from: date
    #: The latest day, for spans (month, year, about, between); None otherwise.
    date_to: date | None
    certainty: DateCertainty
    event_time: time | None = None

    @property
    def latest(self) -> date:
        return self.date_to or self.date_from

    @property
    def is_approximate(self) -> bool:
        return self.certainty is not DateCertainty.EXACT


@dataclass(frozen=True)
class _Span:
    """One date read on its own: its first and last day and how fine it is."""

    first: date
    last: date
    unit: str  # "day", "month" or "year"
    event_time: time | None = None


_CERTAINTY_OF_UNIT = {"day": DateCertainty.EXACT, "month": DateCertainty.MONTH, "year": DateCertainty.YEAR}


def uk(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def parse_date(value: object, *, today: date | None = None) -> ParsedDate:
    """Read one date cell (text, an Excel number, a date or datetime); raise `DateProblem`."""
    today = today or date.today()
    if value is None or (isinstance(value, str) and not value.strip()):
        raise DateProblem("The date is missing.")
    if isinstance(value, bool):
        raise DateProblem("A yes/no value is not a date.")
    if isinstance(value, datetime):
        moment = value.time().replace(second=0, microsecond=0)
        return _checked(_Span(value.date(), value.date(), "day", moment if moment != time(0) else None),
                        DateCertainty.EXACT, today)
    if isinstance(value, date):
        return _checked(_Span(value, value, "day"), DateCertainty.EXACT, today)
    if isinstance(value, time):
        raise DateProblem("This is a time with no date. Put the date in the Date column.")
    if isinstance(value, (int, float)):
        span = _number(float(value))
        return _checked(span, _CERTAINTY_OF_UNIT[span.unit], today)
    if not isinstance(value, str):
        raise DateProblem("This is not a date.")
    return _parse_text(value, today)


def _shift(day: date, days: int) -> date:
    """`day` moved by `days`, refused in words at the calendar's ends ("before 0001")."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise DateProblem("This date is outside the years a chronology can hold.") from None


def _parse_text(raw: str, today: date) -> ParsedDate:
    text = " ".join(raw.replace("\u2013", " - ").replace("\u2014", " - ").split())
    if len(text) > 60:
        raise DateProblem("This is too long to be a date.")
    if text.startswith("="):
        raise DateProblem("This is a spreadsheet formula, not a date. Type the date itself.")
    circa = re.match(r"^(?:circa|approx(?:imately|\.)?|about|around|ca\.|c\.|c(?=[\s\d])|~)\s*(?P<rest>.+)$", text, re.I)
    if circa:
        span = _single(circa["rest"], today)
        if span.unit == "day":
            span = _Span(_shift(span.first, -CIRCA_DAYS), _shift(span.last, CIRCA_DAYS), "day")
        return _checked(span, DateCertainty.CIRCA, today)
    side = re.match(r"^(?P<word>before|prior to|after)\s+(?P<rest>.+)$", text, re.I)
    if side:
        span = _single(side["rest"], today)
        if side["word"].lower() == "after":
            day = _shift(span.last, 1)
            return _checked(_Span(day, day, "day"), DateCertainty.AFTER, today)
        day = _shift(span.first, -1)
        return _checked(_Span(day, day, "day"), DateCertainty.BEFORE, today)
    between = re.match(r"^(?:between|from)\s+(?P<a>.+?)\s+(?:and|to|until|-)\s+(?P<b>.+)$", text, re.I)
    ranged = between or re.match(r"^(?P<a>.+?)\s+(?:to|until|till|-)\s+(?P<b>.+)$", text, re.I)
    if ranged:
        return _range(ranged["a"], ranged["b"], today)
    span = _single(text, today)
    return _checked(span, _CERTAINTY_OF_UNIT[span.unit], today)


def _range(left: str, right: str, today: date) -> ParsedDate:
    end = _single(right, today)
    try:
        start = _single(left, today)
    except DateProblem:
        # "April to June 2019", "3 to 10 April 2019": the first part borrows what it lacks.
        start = _borrowing(left, right, today)
    if start.event_time or end.event_time:
        raise DateProblem("A range of dates cannot carry a time; put the time in the Time column.")
    if end.last < start.first:
        raise DateProblem(f"The range ends ({uk(end.last)}) before it starts ({uk(start.first)}).")
    return _checked(_Span(start.first, end.last, "day"), DateCertainty.RANGE, today)


def _borrowing(left: str, right: str, today: date) -> _Span:
    words = right.split()
    if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", left) and len(words) >= 2:
        return _single(" ".join([left, *words[-2:]]), today)
    if left.lower() in MONTHS and words and re.fullmatch(r"\d{4}", words[-1]):
        return _single(f"{left} {words[-1]}", today)
    return _single(left, today)


def _checked(span: _Span, certainty: DateCertainty, today: date) -> ParsedDate:
    if span.first.year < EARLIEST_YEAR:
        raise DateProblem(f"{uk(span.first)} is before {EARLIEST_YEAR}: check the year.")
    if span.first > today:
        raise DateProblem(f"{uk(span.first)} is in the future: a chronology records what has happened.")
    exact = certainty in (DateCertainty.EXACT, DateCertainty.BEFORE, DateCertainty.AFTER)
    return ParsedDate(
        date_from=span.first,
        date_to=None if exact else span.last,
        certainty=certainty,
        event_time=span.event_time,
    )


# -- one date on its own ------------------------------------------------------------------

_TIME = re.compile(
    r"^(?P<date>.+?)(?:\s+|t)(?:at\s+)?"
    r"(?P<time>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:am|pm)?|\d{1,2}\s*(?:am|pm))$",
    re.I,
)


def _single(text: str, today: date) -> _Span:
    text = text.strip().strip(",")
    moment: time | None = None
    timed = _TIME.match(text)
    if timed and not re.fullmatch(r"\d{1,2}[./]\d{1,2}[./]\d{2}(?:\d{2})?", text):
        text, moment = timed["date"].strip().rstrip(","), parse_time(timed["time"])
    span = _numeric(text, today) or _worded(text, today)
    if moment is not None:
        if span.unit != "day":
            raise DateProblem("A time can only go with an exact date (day, month and year).")
        span = _Span(span.first, span.last, "day", moment)
    return span


def _numeric(text: str, today: date) -> _Span | None:
    if m := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text):
        return _day(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})", text):
        day, month = int(m[1]), int(m[2])
        year = _full_year(m[3], today)
        if month > 12 and day <= 12:
            raise DateProblem(
                f"“{text}” looks like a US date (month first). Dates are read day first: "
                f"write {month:02d}/{day:02d}/{year}."
            )
        return _day(year, month, day)
    if m := re.fullmatch(r"(\d{1,2})[-/.](\d{4})", text):
        return _month(int(m[2]), int(m[1]))
    if m := re.fullmatch(r"(\d{4})[-/.](\d{1,2})", text):
        return _month(int(m[1]), int(m[2]))
    if re.fullmatch(r"\d{1,2}[-/.]\d{1,2}", text):
        raise DateProblem(f"“{text}” has no year, or a two-digit one that could be a day: "
                          "write the year in full (03/04/2019 or 04/2019).")
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return _Span(date(year, 1, 1), date(year, 12, 31), "year") if year >= 1 else None
    if re.fullmatch(r"\d{5}(?:\.\d+)?", text):
        return _number(float(text))
    if re.fullmatch(r"[\d\s./-]+", text):
        raise DateProblem(f"“{text}” is not a date this program can read. Write it day first, such as 03/04/2019.")
    return None


def _worded(text: str, today: date) -> _Span:
    """Dates with the month in words: 3 April 2019, 3rd Apr 19, April 3 2019, April 2019."""
    tokens = [t for t in re.split(r"[\s,/.\-]+", text.lower()) if t and t != "of"]
    weekday = WEEKDAYS.get(tokens[0]) if tokens else None
    if weekday is not None:
        tokens.pop(0)
    shape = "".join(_token_kind(t) for t in tokens)
    numbers = [re.sub(r"(st|nd|rd|th)$", "", t) for t in tokens if _token_kind(t) in "DNY"]
    month = next((MONTHS[t] for t in tokens if t in MONTHS), 0)
    name = calendar.month_name[month] if month else ""
    if shape in ("MY", "YM"):
        span = _month(int(numbers[0]), month)
    elif shape in ("NMY", "DMY", "NMN", "DMN"):
        span = _day(_full_year(numbers[1], today), month, int(numbers[0]))
    elif shape in ("MNY", "MDY"):
        span = _day(int(numbers[1]), month, int(numbers[0]))
    elif shape in ("MN", "NM") and int(numbers[0]) > 31 or shape == "MN" and re.fullmatch(r"[a-z]{3}-\d{2}", text.lower()):
        # "Apr-19" is how Excel shows (and saves to CSV) a month typed as "April 2019".
        span = _month(_full_year(numbers[0], today), month)
    elif shape in ("MN", "NM"):
        number = int(numbers[0])
        year = _full_year(f"{number:02d}", today)
        raise DateProblem(f"“{text}” could be {number} {name} (with no year) or {name} {year}: write it in full, "
                          f"such as {number:02d}/{month:02d}/{year} or {name} {year}.")
    elif shape in ("DM", "MD", "M"):
        raise DateProblem(f"“{text}” has no year: write it in full, such as 03/{month:02d}/2019 or {name} 2019.")
    elif any(season in tokens for season in ("spring", "summer", "autumn", "winter")):
        raise DateProblem("A season is not a date. Write a range, such as 01/03/2019 to 31/05/2019, "
                          "or c. April 2019.")
    else:
        raise DateProblem(f"“{text}” is not a date this program can read. Use a form such as "
                          "03/04/2019, 3 April 2019, April 2019 or c. 2018.")
    if weekday is not None:
        if span.unit != "day":
            raise DateProblem("A weekday needs a full date (day, month and year).")
        if span.first.weekday() != weekday:
            raise DateProblem(f"{uk(span.first)} was a {calendar.day_name[span.first.weekday()]}, "
                              f"not a {calendar.day_name[weekday]}: check the date.")
    return span


def _token_kind(token: str) -> str:
    """M a month name, Y a four-digit year, D an ordinal day (3rd), N one or two digits."""
    if token in MONTHS:
        return "M"
    if re.fullmatch(r"\d{4}", token):
        return "Y"
    if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)", token):
        return "D"
    if re.fullmatch(r"\d{1,2}", token):
        return "N"
    return "?"


def _full_year(digits: str, today: date) -> int:
    """Two-digit years are the latest year ending so that is not in the future."""
    if len(digits) == 4:
        return int(digits)
    if len(digits) != 2:
        raise DateProblem(f"“{digits}” is not a year: write the year in full.")
    year = 2000 + int(digits)
    return year if year <= today.year else year - 100


def _day(year: int, month: int, day: int) -> _Span:
    if not 1 <= month <= 12:
        raise DateProblem(f"There is no month {month}: dates are read day first (03/04/2019 is 3 April).")
    if year < 1:
        raise DateProblem("The year is missing or not a year.")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        if month == 2 and day == 29:
            raise DateProblem(f"{year} was not a leap year, so it had no 29 February.")
        raise DateProblem(f"{calendar.month_name[month]} {year} has only {last} days, so day {day} does not exist.")
    return _Span(date(year, month, day), date(year, month, day), "day")


def _month(year: int, month: int) -> _Span:
    if not 1 <= month <= 12:
        raise DateProblem(f"There is no month {month}.")
    if year < 1:
        raise DateProblem("The year is missing or not a year.")
    return _Span(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month")


def _number(value: float) -> _Span:
    """An Excel date number (days since 30/12/1899, a fraction for the time), or a year."""
    if value != value or value in (float("inf"), float("-inf")):
        raise DateProblem("This is not a date.")
    if value.is_integer() and EARLIEST_YEAR <= value <= 2200:
        year = int(value)
        return _Span(date(year, 1, 1), date(year, 12, 31), "year")
    if not 61 <= value < 2_958_466:
        raise DateProblem(f"The number {value:g} is not a date (not an Excel date number or a year).")
    whole = int(value)
    day = EXCEL_EPOCH + timedelta(days=whole)
    minutes = round((value - whole) * 24 * 60)
    moment = None
    if minutes:
        if minutes >= 24 * 60:
            day, minutes = day + timedelta(days=1), 0
        else:
            moment = time(minutes // 60, minutes % 60)
    return _Span(day, day, "day", moment)


def parse_time(value: object) -> time | None:
    """A time cell: `14:30`, `14.30`, `2.30pm`, `2pm`, an Excel fraction of a day, or a
    time value. Empty gives None; anything else raises `DateProblem`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 0 <= value < 1:
            raise DateProblem("A time as a number must be a fraction of a day (Excel's way).")
        minutes = round(value * 24 * 60) % (24 * 60)
        return time(minutes // 60, minutes % 60)
    if not isinstance(value, str):
        raise DateProblem("This is not a time.")
    text = value.strip().lower().replace(" ", "")
    m = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?(?:[:.](\d{2}))?(am|pm)?", text)
    if not m or (m[2] is None and m[4] is None):
        raise DateProblem(f"“{value.strip()}” is not a time. Write it as 14:30 or 2.30pm.")
    hour, minute = int(m[1]), int(m[2] or 0)
    if m[4]:
        if not 1 <= hour <= 12:
            raise DateProblem(f"“{value.strip()}” is not a time: with am or pm the hour is 1 to 12.")
        hour = hour % 12 + (12 if m[4] == "pm" else 0)
    if hour > 23 or minute > 59:
        raise DateProblem(f"“{value.strip()}” is not a time of day.")
    return time(hour, minute)


# -- showing dates ------------------------------------------------------------------------


def describe(date_from: date, date_to: date | None, certainty: str, event_time: time | None = None) -> str:
    """The date as the combined chronology shows it, UK style, approximation in words."""
    kind = DateCertainty(certainty)
    if kind is DateCertainty.EXACT:
        return uk(date_from) + (f" {event_time:%H:%M}" if event_time else "")
    if kind is DateCertainty.BEFORE:
        return f"before {uk(date_from + timedelta(days=1))}"
    if kind is DateCertainty.AFTER:
        return f"after {uk(date_from - timedelta(days=1))}"
    last = date_to or date_from
    whole_year = date_from == date(date_from.year, 1, 1) and last == date(date_from.year, 12, 31)
    whole_month = date_from.day == 1 and last == date(
        date_from.year, date_from.month, calendar.monthrange(date_from.year, date_from.month)[1]
    )
    if kind is DateCertainty.YEAR:
        return str(date_from.year)
    if kind is DateCertainty.MONTH:
        return f"{calendar.month_name[date_from.month]} {date_from.year}"
    if kind is DateCertainty.CIRCA:
        if whole_year:
            return f"c. {date_from.year}"
        if whole_month:
            return f"c. {calendar.month_name[date_from.month]} {date_from.year}"
        return f"c. {uk(date_from + (last - date_from) / 2)}"
    return f"{uk(date_from)} to {uk(last)}"


def age_at(dob: date | None, date_from: date, date_to: date | None, certainty: str) -> str:
    """The child's age at an event, for the chronology's age column ("" with no birth date)."""
    if dob is None:
        return ""
    last = date_to or date_from
    when = date_from + (last - date_from) / 2
    about = "about " if certainty != DateCertainty.EXACT.value else ""
    if last < dob:
        return "before birth"
    if when < dob:
        return "around birth"
    months = (when.year - dob.year) * 12 + when.month - dob.month - (1 if when.day < dob.day else 0)
    if months < 1:
        days = (when - dob).days
        return f"{about}{days} day{'s' if days != 1 else ''}"
    years, rest = divmod(months, 12)
    if years == 0:
        return f"{about}{rest} month{'s' if rest != 1 else ''}"
    if about and (last - date_from).days > 40:
        return f"{about}{years} year{'s' if years != 1 else ''}"
    text = f"{about}{years} year{'s' if years != 1 else ''}"
    return text + (f" {rest} month{'s' if rest != 1 else ''}" if rest else "")
