"""Chronology entries: how sure a date is, where an entry came from, how significant."""

from __future__ import annotations

from lipanel_desktop.vocabulary.choice import Choice


class DateCertainty(Choice):
    EXACT = "exact", "Exact date"
    MONTH = "month", "Approximate: month known"
    YEAR = "year", "Approximate: year known"
    CIRCA = "circa", "Approximate: about"
    BEFORE = "before", "Before a date"
    AFTER = "after", "After a date"
    RANGE = "range", "Between two dates"


class SourceKind(Choice):
    RECORD = "record", "Record"
    PERSON = "person", "Person"
    DOCUMENT = "document", "Document"


class Significance(Choice):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"
    CONTEXT = "context", "Context only"
