"""Which column of an agency's file is which: headings as the template writes them and
as agencies often retitle them, and the template's reference lines above the headings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lipanel_desktop.services.chronology.spreadsheet import FileRefused, Row

#: Field -> headings accepted for it (compared in lower case, without notes in brackets).
ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("date", "date of event", "event date", "date of contact", "when"),
    "approximate_date": ("approximate date", "date if approximate", "date if not exact"),
    "time": ("time", "time of event", "time of contact"),
    "source_kind": ("source type", "type of source", "source kind", "record, person or document"),
    "source": ("source", "source of information", "information source", "where recorded"),
    "event": ("event", "event or contact", "event / contact", "what happened", "details", "description",
              "event details", "contact"),
    "significance": ("significance", "significance level", "level of significance"),
    "analysis": ("analysis", "significance / analysis", "significance and analysis", "comment", "comments",
                 "analysis / comment"),
    "author": ("author", "recorded by", "practitioner", "author / practitioner", "entered by"),
}
REQUIRED = ("date", "source_kind", "source", "event")
#: The template's reference lines: heading -> key.
REFERENCE_LINES = {"review reference": "review", "agency": "agency"}
_LOOKUP = {alias: name for name, aliases in ALIASES.items() for alias in aliases}


def normalise(value: object) -> str:
    if not isinstance(value, str):
        return ""
    text = re.sub(r"\([^)]*\)", "", value)
    text = text.replace("*", "").replace(":", "").replace("_", " ")
    return " ".join(text.split()).lower()


def field_of(heading: object) -> str | None:
    text = normalise(heading)
    return _LOOKUP.get(text)


def is_header(values: Sequence[object]) -> bool:
    """A heading row names at least a date and an event column."""
    found = {field_of(v) for v in values}
    return "date" in found and "event" in found or "approximate_date" in found and "event" in found


def letter(index: int) -> str:
    """Column letters as Excel shows them (0 -> A, 26 -> AA)."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(65 + rest) + text
    return text


@dataclass(frozen=True)
class ColumnMap:
    #: Field -> 0-based column.
    index: dict[str, int]
    #: Headings present in the file but not imported.
    ignored: tuple[str, ...]

    def heading(self, field: str, header: Sequence[object]) -> str:
        column = self.index[field]
        text = header[column] if column < len(header) else None
        return " ".join(str(text).split()) if text else field


def map_columns(header: Sequence[object], header_row: int) -> ColumnMap:
    index: dict[str, int] = {}
    ignored: list[str] = []
    for column, heading in enumerate(header):
        name = field_of(heading)
        if name is None:
            if heading is not None:
                ignored.append(" ".join(str(heading).split())[:60])
            continue
        if name in index:
            raise FileRefused(f"Two columns in the heading row (row {header_row}) are headed for the same thing: "
                              f"{letter(index[name])} and {letter(column)}. Keep one and import again.")
        index[name] = column
    missing = [f for f in REQUIRED if f not in index and not (f == "date" and "approximate_date" in index)]
    if missing:
        names = ", ".join(f"“{ALIASES[f][0].capitalize()}”" for f in missing)
        raise FileRefused(f"The heading row (row {header_row}) has no {names} column. Every entry needs its date, "
                          "the type of source (record, person or document), the source and the event. "
                          "Use the chronology template.")
    return ColumnMap(index, tuple(ignored))


def reference_lines(preamble: Sequence[Row]) -> dict[str, str]:
    """The template's "Review reference" and "Agency" lines, where present."""
    found: dict[str, str] = {}
    for row in preamble:
        cells = [v for v in row.values if v is not None]
        if len(cells) >= 2 and normalise(cells[0]) in REFERENCE_LINES:
            found[REFERENCE_LINES[normalise(cells[0])]] = " ".join(str(cells[1]).split())
    return found
