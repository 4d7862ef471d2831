"""The columns of a chronology entry and the one set of checks they all pass through.

The entry dialog, the editable table and the importer call `check_entry`, so a date an
agency types into a spreadsheet is judged exactly as one typed on screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from lipanel_desktop.services.chronology.dates import DateProblem, ParsedDate, parse_date, parse_time
from lipanel_desktop.services.field_checks import clean_text
from lipanel_desktop.vocabulary.chronology import Significance, SourceKind

#: Field -> the column heading agencies see (templates, import errors, the table).
LABELS: dict[str, str] = {
    "date": "Date",
    "time": "Time",
    "source_kind": "Source type",
    "source": "Source",
    "event": "Event",
    "significance": "Significance",
    "analysis": "Analysis",
    "author": "Author",
}
LIMITS = {"source": 1_000, "event": 10_000, "analysis": 10_000, "author": 200}
_REQUIRED = {
    "source": "Give the source: which record, person or document this comes from.",
    "event": "Describe the event.",
}

_SOURCE_WORDS = {
    **{kind.value: kind for kind in SourceKind},
    **{kind.label.lower(): kind for kind in SourceKind},
    "records": SourceKind.RECORD,
    "case record": SourceKind.RECORD,
    "case notes": SourceKind.RECORD,
    "people": SourceKind.PERSON,
    "practitioner": SourceKind.PERSON,
    "interview": SourceKind.PERSON,
    "doc": SourceKind.DOCUMENT,
    "documents": SourceKind.DOCUMENT,
    "letter": SourceKind.DOCUMENT,
    "report": SourceKind.DOCUMENT,
}
_SIGNIFICANCE_WORDS = {
    **{level.value: level for level in Significance},
    **{level.label.lower(): level for level in Significance},
    "h": Significance.HIGH,
    "m": Significance.MEDIUM,
    "l": Significance.LOW,
    "c": Significance.CONTEXT,
    "context": Significance.CONTEXT,
    "background": Significance.CONTEXT,
}


@dataclass
class EntryInput:
    """What a person typed, or what a spreadsheet row held, before checking."""

    date: object = None
    time: object = None
    source_kind: object = None
    source: object = None
    event: object = None
    significance: object = None
    analysis: object = None
    author: object = None


@dataclass(frozen=True)
class CheckedEntry:
    """An entry that passed every check, ready to store."""

    parsed: ParsedDate
    date_text: str
    event_time: time | None
    source_kind: str
    source: str
    event: str
    significance: str
    analysis: str
    author: str

    def columns(self) -> dict[str, object]:
        return {
            "date_from": self.parsed.date_from,
            "date_to": self.parsed.date_to,
            "event_time": self.event_time,
            "certainty": self.parsed.certainty.value,
            "date_text": self.date_text,
            "source_kind": self.source_kind,
            "source": self.source,
            "event": self.event,
            "significance": self.significance,
            "analysis": self.analysis,
            "author": self.author,
        }


def check_entry(data: EntryInput, *, today: date | None = None) -> tuple[CheckedEntry | None, dict[str, str]]:
    """Every problem at once (field -> plain words), or the checked entry."""
    problems: dict[str, str] = {}
    parsed: ParsedDate | None = None
    try:
        parsed = parse_date(data.date, today=today)
    except DateProblem as problem:
        problems["date"] = problem.message
    moment: time | None = None
    try:
        moment = parse_time(data.time)
    except DateProblem as problem:
        problems["time"] = problem.message
    if parsed is not None and moment is not None and parsed.event_time is not None and moment != parsed.event_time:
        problems["time"] = "The time differs from the one written with the date; give it once."
    if parsed is not None and moment is not None and parsed.is_approximate:
        problems["time"] = "A time can only go with an exact date."
    kind = _choice(data.source_kind, _SOURCE_WORDS)
    if kind is None:
        problems["source_kind"] = (
            "Say where this comes from: Record, Person or Document."
            if _blank(data.source_kind)
            else "The source type must be Record, Person or Document."
        )
    level = Significance.MEDIUM if _blank(data.significance) else _choice(data.significance, _SIGNIFICANCE_WORDS)
    if level is None:
        problems["significance"] = "Significance must be High, Medium, Low or Context only."
    texts = {field: _text(field, getattr(data, field), problems) for field in ("source", "event", "analysis", "author")}
    for field, message in _REQUIRED.items():
        if field not in problems and not texts[field]:
            problems[field] = message
    if problems or parsed is None or kind is None or level is None:
        return None, problems
    return (
        CheckedEntry(
            parsed=parsed,
            date_text=" ".join(data.date.split())[:40] if isinstance(data.date, str) else "",
            event_time=moment or parsed.event_time,
            source_kind=kind.value,
            significance=level.value,
            **texts,
        ),
        {},
    )


#: Control characters (other than tab and newline) and lone surrogates: refused. A
#: regular expression finds them in one pass; thousands of imported cells a second.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_FORBIDDEN_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _text(field: str, value: object, problems: dict[str, str]) -> str:
    """Trimmed text; plain-text checks are cheap, and only a suspect cell goes through
    the shared, thorough `clean_text` for its exact message."""
    text = _as_text(value)
    if isinstance(text, str):
        flat = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        pattern = _FORBIDDEN_IN_LINE if field == "author" else _FORBIDDEN
        if len(flat) <= LIMITS[field] and not pattern.search(flat):
            return flat
    return clean_text(text, field=field, label=LABELS[field], problems=problems, limit=LIMITS[field],
                      multiline=field != "author")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_text(value: object) -> str | object:
    """Spreadsheet numbers in text columns (an author's staff number) become text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return value


def _choice(value: object, words: dict) -> SourceKind | Significance | None:
    if not isinstance(value, str):
        return None
    return words.get(" ".join(value.split()).lower())
