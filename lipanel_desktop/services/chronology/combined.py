"""The combined chronology's analysis: events seen by several agencies, conflicting dates,
and gaps with no agency contact.

Grouping: two agencies' entries are taken for the same event when their dates are within
a few days (the `chronology_near_days` setting) and their event texts share most of their
words (a Dice score over word stems). Each group holds at most one entry per agency, and
a group is compared by its first entry's words, so a chain of loosely similar entries
cannot drift into one big group. Entries are grouped, never merged: every agency's
wording stays. A group whose members have no day in common has a date conflict.

Gaps: the days with no dated contact (entries with a date known to within a month) longer
than `chronology_gap_days`, within the period under review (or the span of the entries).

Word sets are held as integer bit masks, so comparing two entries is one `&` and one
`bit_count()`; 20,000 entries are analysed in a fraction of a second.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from lipanel_desktop.services.chronology.dates import describe
from lipanel_desktop.services.chronology.entries import EntryRow
from lipanel_desktop.vocabulary.chronology import DateCertainty

#: Two texts describe one event when this share of their words match (Dice score).
SIMILARITY = 0.5
#: ... and at least this many words.
MIN_SHARED_WORDS = 2
#: Entries dated less precisely than this do not close a gap.
CONTACT_SPAN_DAYS = 31

_STOP_WORDS = frozenset(
    "the and for was with from that this had has have not are but were his her hers she him they their them who "
    "which into onto about after before also been being there then than would could should will shall did does "
    "done per via its our out off over under again further once here when where why how all any both each few "
    "more most other some such only own same very can just don now".split()
)
_SUFFIXES = ("ing", "ed", "es", "s", "ly")
_WORDS = re.compile(r"[a-z]{3,}").findall


@dataclass(frozen=True)
class EventGroup:
    """One event recorded by several agencies."""

    number: int
    entry_ids: tuple[int, ...]
    agencies: tuple[str, ...]
    conflict: bool
    #: "Police: 03/04/2019 · Health: 05/04/2019" when the dates disagree.
    dates: str

    @property
    def size(self) -> int:
        return len(self.entry_ids)


@dataclass(frozen=True)
class Gap:
    #: First and last day with no contact.
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def describe(self) -> str:
        return f"No agency contact for {self.days:,} days: {self.start:%d/%m/%Y} to {self.end:%d/%m/%Y}"


@dataclass
class Analysis:
    groups: list[EventGroup] = field(default_factory=list)
    #: Entry id -> its group's index in `groups`.
    group_of: dict[int, int] = field(default_factory=dict)
    gaps: list[Gap] = field(default_factory=list)

    @property
    def conflicts(self) -> list[EventGroup]:
        return [g for g in self.groups if g.conflict]

    def summary(self) -> str:
        parts = [
            f"{len(self.groups):,} event{'s' if len(self.groups) != 1 else ''} seen by several agencies",
            f"{len(self.conflicts):,} date conflict{'s' if len(self.conflicts) != 1 else ''}",
            f"{len(self.gaps):,} gap{'s' if len(self.gaps) != 1 else ''}",
        ]
        return " · ".join(parts)


def analyse(rows: Sequence[EntryRow], *, near_days: int, gap_days: int, period_from: date | None = None,
            period_to: date | None = None, today: date | None = None) -> Analysis:
    """`rows` in date order, as `ChronologyService.entries` returns them."""
    groups = find_groups(rows, near_days=near_days)
    group_of = {entry_id: index for index, group in enumerate(groups) for entry_id in group.entry_ids}
    gaps = find_gaps(rows, gap_days=gap_days, period_from=period_from, period_to=period_to, today=today)
    return Analysis(groups, group_of, gaps)


class _Words:
    """Word stems as bits of an int, shared by every text of one analysis."""

    def __init__(self) -> None:
        self.bit_of_word: dict[str, int] = {}
        self.bit_of_stem: dict[str, int] = {}

    def mask(self, text: str) -> int:
        bits = 0
        known = self.bit_of_word
        for word in _WORDS(text.lower()):
            bit = known.get(word)
            if bit is None:
                bit = known[word] = self._bit(word)
            bits |= bit
        return bits

    def _bit(self, word: str) -> int:
        stem = word
        for suffix in _SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
                stem = stem[: -len(suffix)]
                break
        if stem in _STOP_WORDS or word in _STOP_WORDS:
            return 0
        bit = self.bit_of_stem.get(stem)
        if bit is None:
            bit = self.bit_of_stem[stem] = 1 << len(self.bit_of_stem)
        return bit


def find_groups(rows: Sequence[EntryRow], *, near_days: int) -> list[EventGroup]:
    words = _Words()
    agency_bit: dict[int, int] = {}
    # Each open group: [anchor day, agency bits, anchor words, anchor word count, member rows]
    window: deque[list] = deque()
    found: list[list] = []
    for row in rows:
        if row.certainty in (DateCertainty.BEFORE.value, DateCertainty.AFTER.value):
            continue
        first, last = row.date_from.toordinal(), row.latest.toordinal()
        if last - first > near_days:
            continue  # too vague to say it is the same event
        while window and window[0][0] < first - near_days:
            window.popleft()
        mask = words.mask(row.event)
        size = mask.bit_count()
        if size < MIN_SHARED_WORDS:
            continue
        bit = agency_bit.setdefault(row.agency_id, 1 << len(agency_bit))
        best, best_score = None, SIMILARITY
        for group in window:
            if group[1] & bit or group[0] < first - near_days:
                continue
            shared = (mask & group[2]).bit_count()
            if shared < MIN_SHARED_WORDS:
                continue
            score = 2 * shared / (size + group[3])
            if score >= best_score:
                best, best_score = group, score
        if best is not None:
            best[1] |= bit
            best[4].append(row)
            if len(best[4]) == 2:
                found.append(best)
        else:
            window.append([last, bit, mask, size, [row]])
    return [_group(number, members[4]) for number, members in enumerate(found)]


def _group(number: int, members: list[EntryRow]) -> EventGroup:
    members = sorted(members, key=lambda r: (r.date_from, r.event_time is None, r.event_time, r.agency))
    conflict = max(r.date_from for r in members) > min(r.latest for r in members)
    dates = ""
    if conflict:
        dates = " · ".join(f"{r.agency}: {describe(r.date_from, r.date_to, r.certainty)}" for r in members)
    return EventGroup(number, tuple(r.id for r in members), tuple(r.agency for r in members), conflict, dates)


def find_gaps(rows: Sequence[EntryRow], *, gap_days: int, period_from: date | None = None,
              period_to: date | None = None, today: date | None = None) -> list[Gap]:
    today = today or date.today()
    points = sorted({
        r.date_from + (r.latest - r.date_from) / 2
        for r in rows
        if r.certainty not in (DateCertainty.BEFORE.value, DateCertainty.AFTER.value)
        and (r.latest - r.date_from).days <= CONTACT_SPAN_DAYS
    })
    if not points:
        return []  # no contact recorded at all: that is an empty chronology, not a gap
    if period_from is not None:
        points = [p for p in points if p >= period_from]
    if period_to is not None:
        points = [p for p in points if p <= period_to]
    start = period_from or (points[0] if points else None)
    end = min(period_to, today) if period_to else (points[-1] if points else None)
    if start is None or end is None or end < start:
        return []
    gaps: list[Gap] = []
    previous = start - timedelta(days=1)  # the day before the period: no contact yet
    for point in [*points, end + timedelta(days=1)]:
        if (point - previous).days - 1 > gap_days:
            gaps.append(Gap(previous + timedelta(days=1), point - timedelta(days=1)))
        previous = max(previous, point)
    return gaps
