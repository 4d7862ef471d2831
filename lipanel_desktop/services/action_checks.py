"""Checks on what people type into actions, progress notes, exception notes and the
dissemination log. Every problem is collected, in plain words, before anything is written,
so a form shows all its mistakes at once and a refused save changes nothing."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta
from typing import Any

from lipanel_desktop.errors import ValidationError

#: Earliest date accepted anywhere in an action plan (the Board's framework dates from 2013).
EARLIEST = date(2000, 1, 1)
#: How far ahead a due date may be set.
LONGEST_AHEAD = timedelta(days=365 * 20)

#: Characters allowed: printable text plus line breaks and tabs.
_ALLOWED_CONTROLS = {"\n", "\t", "\r"}


class Problems:
    """Collects field -> message; `raise_if_any()` raises one `ValidationError`."""

    def __init__(self) -> None:
        self.found: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.found.setdefault(field, message)

    def __bool__(self) -> bool:
        return bool(self.found)

    def raise_if_any(self) -> None:
        if self.found:
            raise ValidationError(self.found)

    def text(
        self,
        value: Any,
        field: str,
        label: str,
        *,
        required: bool = False,
        limit: int = 2000,
        one_line: bool = False,
    ) -> str:
        """A trimmed piece of text, or "" after noting what is wrong with it."""
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.add(field, f"{label} must be text.")
            return ""
        value = value.strip()
        bad = [ch for ch in value if unicodedata.category(ch) in ("Cc", "Cs", "Co") and ch not in _ALLOWED_CONTROLS]
        if bad:
            self.add(field, f"{label} contains characters that cannot be stored. Retype it without them.")
            return ""
        if one_line and ("\n" in value or "\r" in value):
            self.add(field, f"{label} must fit on one line.")
            return ""
        if required and not value:
            self.add(field, f"Give the {label[0].lower() + label[1:]}.")
            return ""
        if len(value) > limit:
            self.add(field, f"{label} is too long: at most {limit:,} characters, and this has {len(value):,}.")
            return ""
        return value

    def day(
        self,
        value: Any,
        field: str,
        label: str,
        *,
        required: bool = False,
        not_after: date | None = None,
        not_after_words: str = "",
    ) -> date | None:
        """A date within the sensible range, or None after noting the problem."""
        if value is None:
            if required:
                self.add(field, f"Give the {label[0].lower() + label[1:]}.")
            return None
        # A datetime is a date too, but a time of day has no place in these fields.
        if not isinstance(value, date) or isinstance(value, datetime):
            self.add(field, f"{label} must be a date.")
            return None
        if value < EARLIEST:
            self.add(field, f"{label} cannot be before {EARLIEST:%d/%m/%Y}.")
            return None
        if not_after is not None and value > not_after:
            self.add(field, f"{label} cannot be after {not_after_words or format(not_after, '%d/%m/%Y')}.")
            return None
        return value

    def whole_number(self, value: Any, field: str, label: str, *, minimum: int, maximum: int) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(field, f"{label} must be a whole number.")
            return None
        if not minimum <= value <= maximum:
            self.add(field, f"{label} must be between {minimum:,} and {maximum:,}.")
            return None
        return value


def latest_due_date(today: date) -> date:
    return today + LONGEST_AHEAD


def uk(day: date | None) -> str:
    """A date as users read it (27/11/2026), or "" for none."""
    return day.strftime("%d/%m/%Y") if day else ""
