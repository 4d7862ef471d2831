"""Filtering and ordering the combined chronology for the table: by agency, significance,
words, and what needs attention (grouped events, date conflicts, dates outside the
period). Events seen by several agencies stay together as one unit whatever the order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import time
from typing import Any

from lipanel_desktop.services.chronology.combined import Analysis
from lipanel_desktop.services.chronology.entries import EntryRow
from lipanel_desktop.vocabulary.chronology import Significance
from lipanel_desktop.vocabulary.choice import Choice


class Show(Choice):
    ALL = "all", "All entries"
    SEVERAL = "several", "Events seen by several agencies"
    CONFLICTS = "conflicts", "Dates that differ between agencies"
    OUTSIDE = "outside", "Outside the period under review"


@dataclass(frozen=True)
class EntryFilter:
    agency_id: int | None = None
    significance: str | None = None
    text: str = ""
    show: Show = Show.ALL

    @property
    def is_empty(self) -> bool:
        return self == EntryFilter()


def matches(rows: Sequence[EntryRow], wanted: EntryFilter, analysis: Analysis | None) -> list[int]:
    """Indexes of the rows that pass the filter, in their order."""
    if wanted.is_empty:
        return list(range(len(rows)))
    words = [w for w in wanted.text.casefold().split() if w]
    group_of = analysis.group_of if analysis else {}
    conflicted = {g.number for g in analysis.conflicts} if analysis else set()
    out = []
    for index, row in enumerate(rows):
        if wanted.agency_id is not None and row.agency_id != wanted.agency_id:
            continue
        if wanted.significance and row.significance != wanted.significance:
            continue
        if wanted.show is Show.SEVERAL and row.id not in group_of:
            continue
        if wanted.show is Show.CONFLICTS and group_of.get(row.id) not in conflicted:
            continue
        if wanted.show is Show.OUTSIDE and not row.outside_period:
            continue
        if words:
            haystack = f"{row.event}\n{row.source}\n{row.analysis}\n{row.author}\n{row.agency}".casefold()
            if not all(w in haystack for w in words):
                continue
        out.append(index)
    return out


def units(rows: Sequence[EntryRow], indexes: Sequence[int], analysis: Analysis | None) -> list[list[int]]:
    """The matched rows as units: a group's matched members together (first in date
    order leads), every other row alone. In the order their leads appear."""
    group_of = analysis.group_of if analysis else {}
    if not group_of:
        return [[index] for index in indexes]
    by_group: dict[int, list[int]] = {}
    out: list[list[int]] = []
    for index in indexes:
        group = group_of.get(rows[index].id)
        if group is None:
            out.append([index])
        elif group in by_group:
            by_group[group].append(index)
        else:
            by_group[group] = [index]
            out.append(by_group[group])
    return out


_SIGNIFICANCE_RANK = {level.value: rank for rank, level in enumerate(Significance)}


def sort_key(column: str) -> Callable[[EntryRow], Any]:
    """Sort keys by column name; every key ends with the date so ties stay in time order."""
    when = lambda r: (r.date_from, r.event_time or time.min, r.id)  # noqa: E731
    keys: dict[str, Callable[[EntryRow], Any]] = {
        "date": when,
        "agency": lambda r: (r.agency.casefold(), when(r)),
        "source": lambda r: (r.source_kind, r.source.casefold(), when(r)),
        "event": lambda r: (r.event.casefold(), when(r)),
        "significance": lambda r: (_SIGNIFICANCE_RANK.get(r.significance, 9), when(r)),
        "analysis": lambda r: (not r.analysis, r.analysis.casefold(), when(r)),
        "author": lambda r: (not r.author, r.author.casefold(), when(r)),
    }
    return keys.get(column, when)
