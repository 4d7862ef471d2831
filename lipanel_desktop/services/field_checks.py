"""Checks shared by the panel's forms (meetings, decisions, reviews): trimmed text of a
sensible length without control characters, and dates in a believable range.

Each check adds a plain-words problem to a `problems` dict (field name -> message) and
returns the cleaned value, so a form reports every problem at once and writes nothing.
"""

from __future__ import annotations

import unicodedata
from datetime import date

SHORT_TEXT = 200
LONG_TEXT = 20_000
EARLIEST = date(1990, 1, 1)
LATEST = date(2100, 12, 31)


def clean_text(
    value: object,
    *,
    field: str,
    label: str,
    problems: dict[str, str],
    limit: int = LONG_TEXT,
    required: bool = False,
    multiline: bool = True,
) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems[field] = f"{label} must be text."
        return ""
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    allowed = {"\n", "\t"} if multiline else set()
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text):
        problems[field] = f"{label} contains control characters; retype it without them."
        return ""
    if any(unicodedata.category(ch) == "Cs" for ch in text):
        problems[field] = f"{label} contains characters that cannot be stored; retype it."
        return ""
    if len(text) > limit:
        problems[field] = f"{label} is too long ({len(text):,} characters); the most is {limit:,}."
        return ""
    if required and not text:
        problems[field] = f"Give {label[0].lower() + label[1:]}."
    return text


def check_date(
    value: object,
    *,
    field: str,
    label: str,
    problems: dict[str, str],
    required: bool = False,
    not_after: date | None = None,
) -> date | None:
    if value is None:
        if required:
            problems[field] = f"Give {label[0].lower() + label[1:]}."
        return None
    if not isinstance(value, date):
        problems[field] = f"{label} must be a date."
        return None
    if not EARLIEST <= value <= LATEST:
        problems[field] = f"{label} ({value:%d/%m/%Y}) is not a believable date."
        return None
    if not_after is not None and value > not_after:
        problems[field] = f"{label} cannot be later than {not_after:%d/%m/%Y}."
        return None
    return value


def uk(day: date | None, empty: str = "") -> str:
    """A date as users read it: 27/11/2026."""
    return day.strftime("%d/%m/%Y") if day else empty
