"""The adaptive time axis: years when zoomed out, then months, then days.

`ticks(left, right, px_per_day, min_gap)` picks the finest step whose labels are at
least `min_gap` pixels apart and returns the labelled ticks, plus unlabelled minor ticks
one step finer where they would not crowd.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

#: (unit, count, approximate days): the steps, finest first.
STEPS: tuple[tuple[str, int, float], ...] = (
    ("day", 1, 1), ("day", 2, 2), ("day", 7, 7), ("month", 1, 30.4), ("month", 3, 91.3), ("month", 6, 182.6),
    ("year", 1, 365.25), ("year", 2, 730.5), ("year", 5, 1826), ("year", 10, 3652), ("year", 25, 9131),
)


@dataclass(frozen=True)
class Tick:
    day: float
    label: str
    major: bool


def step_for(px_per_day: float, min_gap: float) -> int:
    """Index into STEPS of the finest step at least `min_gap` pixels wide."""
    for index, (_, _, days) in enumerate(STEPS):
        if days * px_per_day >= min_gap:
            return index
    return len(STEPS) - 1


def ticks(left: float, right: float, px_per_day: float, min_gap: float) -> list[Tick]:
    index = step_for(px_per_day, min_gap)
    major = _marks(left, right, *STEPS[index][:2], labelled=True)
    if index > 0 and STEPS[index - 1][2] * px_per_day >= 8:
        taken = {t.day for t in major}
        major += [t for t in _marks(left, right, *STEPS[index - 1][:2], labelled=False) if t.day not in taken]
    return major


def _marks(left: float, right: float, unit: str, count: int, *, labelled: bool) -> list[Tick]:
    first = date.fromordinal(max(1, int(left)))
    last = date.fromordinal(max(1, min(int(right) + 1, date.max.toordinal())))
    out: list[Tick] = []
    if unit == "day":
        day = first - timedelta(days=(first.toordinal() % count))
        while day <= last:
            out.append(Tick(float(day.toordinal()), f"{day:%d/%m/%Y}" if labelled else "", labelled))
            day += timedelta(days=count)
    elif unit == "month":
        month = (first.year * 12 + first.month - 1) // count * count
        while True:
            year, month_index = divmod(month, 12)
            day = date(year, month_index + 1, 1)
            if day > last:
                break
            out.append(Tick(float(day.toordinal()), f"{day:%b %Y}" if labelled else "", labelled))
            month += count
    else:
        year = first.year // count * count
        while year <= last.year:
            if year >= 1:
                day = date(year, 1, 1)
                out.append(Tick(float(day.toordinal()), str(year) if labelled else "", labelled))
            year += count
    return out
