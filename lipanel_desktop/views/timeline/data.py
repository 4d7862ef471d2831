"""What the timeline draws, as flat arrays built once from the combined chronology.

Positions are in days (`date.toordinal()`, plus the fraction of the day when a time is
known), so zooming and panning never touch a date object. Tooltips and labels are
made only for the events under the mouse or on screen, from the entry rows kept here.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from lipanel_desktop.services.chronology.combined import Analysis
from lipanel_desktop.services.chronology.dates import age_at
from lipanel_desktop.services.chronology.entries import EntryRow
from lipanel_desktop.services.chronology.review_context import ReviewInfo
from lipanel_desktop.vocabulary.chronology import DateCertainty, Significance

#: Significance -> rank (0 is the most significant: drawn on top, kept when clustering).
RANK = {Significance.HIGH.value: 0, Significance.MEDIUM.value: 1, Significance.LOW.value: 2,
        Significance.CONTEXT.value: 3}
SIGNIFICANCE_ORDER = (Significance.HIGH, Significance.MEDIUM, Significance.LOW, Significance.CONTEXT)
EXACT, SPAN, BEFORE, AFTER = range(4)
#: How far an open-ended date ("before 05/2019") is drawn reaching back or forward.
OPEN_END_DAYS = 60


@dataclass
class TimelineData:
    lanes: list[str] = field(default_factory=list)
    rows: list[EntryRow] = field(default_factory=list)
    #: Per event, in order of `start`: where it begins and ends (days), its lane, rank, shape.
    start: list[float] = field(default_factory=list)
    end: list[float] = field(default_factory=list)
    lane: list[int] = field(default_factory=list)
    rank: list[int] = field(default_factory=list)
    kind: list[int] = field(default_factory=list)
    #: Event index -> group number (events seen by several agencies), and conflicting groups.
    group: dict[int, int] = field(default_factory=dict)
    group_members: dict[int, list[int]] = field(default_factory=dict)
    conflicts: set[int] = field(default_factory=set)
    period: tuple[float, float] | None = None
    gaps: list[tuple[float, float, int]] = field(default_factory=list)
    birth: float | None = None
    child_dob: date | None = None
    #: The longest event (days) and the latest end: for culling and fitting.
    longest: float = 0.0
    latest_end: float = 0.0
    #: Each event's middle day; per lane: middles in order, their indexes, merged spans.
    mid: list[float] = field(default_factory=list)
    lane_mid: list[list[float]] = field(default_factory=list)
    lane_index: list[list[int]] = field(default_factory=list)
    lane_union: list[list[tuple[float, float]]] = field(default_factory=list)
    #: Per lane, per significance rank: event middles in order (the cluster's top rank).
    lane_rank_mid: list[list[list[float]]] = field(default_factory=list)
    #: Approximate-date events in order of start, and those starts.
    span_index: list[int] = field(default_factory=list)
    span_starts: list[float] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.start)

    @property
    def first(self) -> float:
        values = self.start[:1] + ([self.period[0]] if self.period else [])
        return min(values) if values else float(date.today().toordinal() - 365)

    @property
    def last(self) -> float:
        values = ([self.latest_end] if self.end else []) + ([self.period[1]] if self.period else [])
        return max(values) if values else float(date.today().toordinal())

    def visible(self, left: float, right: float) -> range:
        """Indexes of events that may show between two days (a span starts at most
        `longest` days before it ends)."""
        return range(bisect_left(self.start, left - self.longest), bisect_right(self.start, right))

    def index_lanes(self) -> None:
        """Per lane, the events' middles in order (with their indexes), so a frame finds
        what falls in each few pixels by bisection instead of visiting every event; and
        per lane the union of the approximate dates' spans, drawn when there are too many
        to draw one by one."""
        lanes = len(self.lanes)
        self.mid = [(first + last) / 2 for first, last in zip(self.start, self.end)]
        self.lane_mid = [[] for _ in range(lanes)]
        self.lane_index = [[] for _ in range(lanes)]
        self.lane_rank_mid = [[[], [], [], []] for _ in range(lanes)]
        lane, rank, mid = self.lane, self.rank, self.mid
        for index in sorted(range(len(mid)), key=mid.__getitem__):
            here = lane[index]
            middle = mid[index]
            self.lane_mid[here].append(middle)
            self.lane_index[here].append(index)
            self.lane_rank_mid[here][rank[index]].append(middle)
        self.span_index = [i for i, k in enumerate(self.kind) if k != EXACT]
        self.span_starts = [self.start[i] for i in self.span_index]
        unions: list[list[tuple[float, float]]] = [[] for _ in range(lanes)]
        for index in self.span_index:  # in order of start
            merged = unions[lane[index]]
            first, last = self.start[index], self.end[index]
            if merged and first <= merged[-1][1]:
                if last > merged[-1][1]:
                    merged[-1] = (merged[-1][0], last)
            else:
                merged.append((first, last))
        self.lane_union = unions

    def apply_analysis(self, analysis: Analysis) -> None:
        """Groups, conflicts and gaps, which arrive after the events (they take longer)."""
        position = {row.id: index for index, row in enumerate(self.rows)}
        self.group, self.group_members, self.conflicts = {}, {}, set()
        for group in analysis.groups:
            members = [position[i] for i in group.entry_ids if i in position]
            self.group_members[group.number] = members
            for member in members:
                self.group[member] = group.number
            if group.conflict:
                self.conflicts.add(group.number)
        self.gaps = [(float(g.start.toordinal()), float(g.end.toordinal()) + 1, g.days) for g in analysis.gaps]

    def middle(self, index: int) -> float:
        return self.mid[index]

    def describe(self, index: int) -> str:
        """One line for screen readers and the status line."""
        row = self.rows[index]
        parts = [row.date_display, row.agency]
        age = age_at(self.child_dob, row.date_from, row.date_to, row.certainty)
        if age:
            parts.append(f"Child aged {age}")
        parts.append(f"{row.significance_label} significance")
        parts.append(one_line(row.event, 200).rstrip(". "))
        if index in self.group:
            group = self.group[index]
            others = len(self.group_members[group]) - 1
            parts.append(f"Also recorded by {others} other agenc{'y' if others == 1 else 'ies'}")
            if group in self.conflicts:
                parts.append("Their dates differ")
        if row.outside_period:
            parts.append("Outside the period under review")
        return ". ".join(parts) + "."

    def tooltip(self, index: int) -> str:
        row = self.rows[index]
        lines = [f"{row.date_display} · {row.agency}", f"{row.significance_label} significance · {row.source_display}",
                 one_line(row.event, 300)]
        age = age_at(self.child_dob, row.date_from, row.date_to, row.certainty)
        if age:
            lines.insert(1, f"Child aged {age}")
        if index in self.group:
            group = self.group[index]
            lines.append(f"Seen by {len(self.group_members[group])} agencies"
                         + (": their dates differ" if group in self.conflicts else ""))
        if row.outside_period:
            lines.append("Outside the period under review")
        return "\n".join(lines)


def one_line(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def build(rows: Sequence[EntryRow], info: ReviewInfo | None, analysis: Analysis | None = None) -> TimelineData:
    """`rows` in any order; 20,000 are arranged in a few tens of milliseconds."""
    lanes: list[str] = []
    lane_of: dict[int, int] = {}
    if info is not None:
        for agency in info.involved:
            lane_of[agency.id] = len(lanes)
            lanes.append(agency.name)
    for row in rows:
        if row.agency_id not in lane_of:
            lane_of[row.agency_id] = len(lanes)
            lanes.append(row.agency)
    before, after = DateCertainty.BEFORE.value, DateCertainty.AFTER.value
    starts: list[float] = []
    ends: list[float] = []
    kinds: list[int] = []
    for row in rows:
        first = float(row.date_from.toordinal())
        if row.certainty == before:
            starts.append(first + 1 - OPEN_END_DAYS)
            ends.append(first + 1)
            kinds.append(BEFORE)
        elif row.certainty == after:
            starts.append(first)
            ends.append(first + OPEN_END_DAYS)
            kinds.append(AFTER)
        elif row.date_to is not None and row.date_to != row.date_from:
            starts.append(first)
            ends.append(float(row.date_to.toordinal()) + 1)
            kinds.append(SPAN)
        else:
            moment = row.event_time
            first += (moment.hour * 60 + moment.minute) / 1440 if moment else 0.5
            starts.append(first)
            ends.append(first)
            kinds.append(EXACT)
    order = sorted(range(len(rows)), key=starts.__getitem__)
    data = TimelineData(lanes=lanes)
    data.rows = [rows[i] for i in order]
    data.start = [starts[i] for i in order]
    data.end = [ends[i] for i in order]
    data.kind = [kinds[i] for i in order]
    data.lane = [lane_of[row.agency_id] for row in data.rows]
    data.rank = [RANK.get(row.significance, 1) for row in data.rows]
    data.longest = max((e - b for b, e in zip(data.start, data.end)), default=0.0)
    data.latest_end = max(data.end, default=0.0)
    data.index_lanes()
    if analysis is not None:
        data.apply_analysis(analysis)
    if info is not None:
        if info.period_from or info.period_to:
            low = float(info.period_from.toordinal()) if info.period_from else (data.start[0] if data.start else 0.0)
            high = float(info.period_to.toordinal()) + 1 if info.period_to else (data.latest_end or low)
            data.period = (low, high)
        if info.child_dob:
            data.child_dob = info.child_dob
            data.birth = float(info.child_dob.toordinal())
    return data
