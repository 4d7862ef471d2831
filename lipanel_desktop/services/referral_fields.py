"""Reading what a person typed into one field of Form A: UK dates (dd/mm/yyyy), 24-hour
times, ages, UK telephone numbers and email addresses. Each reader returns the value or
raises `FieldProblem` with plain words that say what to type instead."""

from __future__ import annotations

import re
from datetime import date, time

EARLIEST_BIRTH = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
MAX_CHILD_AGE = 18

_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\Z", re.ASCII)
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})\Z", re.ASCII)
# UK numbers: 0 and 9-10 more digits, or +44 and 9-10 digits (the leading 0 dropped).
_PHONE_NATIONAL = re.compile(r"^0\d{9,10}\Z", re.ASCII)
_PHONE_INTERNATIONAL = re.compile(r"^\+44\d{9,10}\Z", re.ASCII)
_PHONE_ALLOWED = re.compile(r"^[\d +()\-]+\Z", re.ASCII)
_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\Z"
)


class FieldProblem(ValueError):
    """What is wrong with one typed value, in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_uk_date(text: str) -> date | None:
    """'27/11/2026' (also 27.11.2026 or 27-11-2026) -> date; '' -> None."""
    text = (text or "").strip()
    if not text:
        return None
    match = _DATE.match(text)
    if not match:
        raise FieldProblem(f"“{_short(text)}” is not a date. Type it as dd/mm/yyyy, for example 27/11/2026.")
    day, month, year = (int(part) for part in match.groups())
    try:
        value = date(year, month, day)
    except ValueError:
        raise FieldProblem(f"{text} is not a real date: check the day and the month.") from None
    if not EARLIEST_BIRTH <= value <= LATEST_DATE:
        raise FieldProblem(f"{text} is not a believable date: check the year.")
    return value


def format_uk_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def parse_time(text: str) -> time | None:
    """'14:30' (24-hour clock) -> time; '' -> None."""
    text = (text or "").strip()
    if not text:
        return None
    match = _TIME.match(text)
    if not match:
        raise FieldProblem(f"“{_short(text)}” is not a time. Type it on the 24-hour clock, for example 14:30.")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise FieldProblem(f"{text} is not a real time. Type it on the 24-hour clock, for example 14:30.")
    return time(hour, minute)


def format_time(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def parse_age(text: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit():
        raise FieldProblem(f"Type the age as a whole number of years, from 0 to {MAX_CHILD_AGE}.")
    value = int(text)
    if value > MAX_CHILD_AGE:
        raise FieldProblem(f"The age must be from 0 to {MAX_CHILD_AGE} years: this form is about a child.")
    return value


def age_on(birth: date, on: date) -> int:
    """Whole years between birth and `on` (a birthday on 29 February counts from 1 March)."""
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def clean_telephone(text: str) -> str:
    """A UK telephone number, kept as typed (trimmed); '' stays ''."""
    text = (text or "").strip()
    if not text:
        return ""
    example = "Give a UK telephone number, for example 0161 474 1234 or +44 161 474 1234."
    if len(text) > 40 or not _PHONE_ALLOWED.match(text):
        raise FieldProblem(example)
    digits = re.sub(r"[ \-]", "", text)
    if digits.startswith("+44(0)"):
        digits = "+44" + digits[6:]
    digits = re.sub(r"[()]", "", digits)
    if not (_PHONE_NATIONAL.match(digits) or _PHONE_INTERNATIONAL.match(digits)):
        raise FieldProblem(example)
    return text


def clean_email(text: str) -> str:
    text = (text or "").strip()
    if not text:
        return ""
    if len(text) > 254 or not _EMAIL.match(text):
        raise FieldProblem("Give an email address like name@agency.gov.uk.")
    return text


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
