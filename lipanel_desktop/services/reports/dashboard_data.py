"""The dashboard's charts as plain series, so that any renderer draws the same picture:
the app paints them with QPainter (`views/charts/`), the PDFs with ReportLab graphics.

Every series carries, besides a shade, a fill `pattern` and a `symbol`, so a chart never
relies on colour alone (it must read in greyscale and in high contrast). The shades are
the Okabe–Ito palette, which colour-blind readers can tell apart.

Charts:
- `actions_by_status`: actions by status per agency (stacked, horizontal);
- `overdue_trend`: overdue and open actions at the end of each month (lines);
- `reviews_by_stage`: reviews by stage, stacked by kind (horizontal);
- `referrals_by_decision`: referrals per quarter by the panel's decision (stacked);
- `days_to_decision`: average days from referral to decision, per quarter (bars).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lipanel_desktop.models.action import Action
from lipanel_desktop.models.decision import PanelDecision
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.models.review import Review
from lipanel_desktop.services.action_detail import settings_apart
from lipanel_desktop.services.action_status import STATUS_ORDER, status_expression
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.actions import ActionStatus
from lipanel_desktop.vocabulary.panel import Decision
from lipanel_desktop.vocabulary.reviews import ReviewKind, ReviewStage

#: Fill patterns every renderer understands (Qt brush styles; hatching in ReportLab).
PATTERNS = ("solid", "diagonal", "cross", "horizontal", "vertical", "dots", "outline", "back_diagonal")

#: Okabe–Ito shades, chosen for colour-blind readers.
BLACK, ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILION, PURPLE, GREY = (
    "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999",
)


@dataclass(frozen=True)
class SeriesStyle:
    """How one series looks, beyond colour: a pattern and a symbol a reader can name."""

    shade: str
    pattern: str
    symbol: str


#: The look of each action status, shared by charts, the tracker's icons and printouts.
STATUS_STYLES: dict[str, SeriesStyle] = {
    ActionStatus.NOT_STARTED.value: SeriesStyle(GREY, "outline", "○"),
    ActionStatus.ON_TRACK.value: SeriesStyle(BLUE, "solid", "→"),
    ActionStatus.AT_RISK.value: SeriesStyle(ORANGE, "diagonal", "△"),
    ActionStatus.OVERDUE.value: SeriesStyle(VERMILION, "cross", "!"),
    ActionStatus.COMPLETE.value: SeriesStyle(GREEN, "dots", "✓"),
    ActionStatus.CLOSED.value: SeriesStyle(BLACK, "horizontal", "■"),
}
_CYCLE = (
    SeriesStyle(BLUE, "solid", "■"),
    SeriesStyle(ORANGE, "diagonal", "▲"),
    SeriesStyle(GREEN, "dots", "●"),
    SeriesStyle(PURPLE, "cross", "◆"),
    SeriesStyle(SKY, "horizontal", "▼"),
    SeriesStyle(VERMILION, "vertical", "✚"),
    SeriesStyle(YELLOW, "back_diagonal", "★"),
    SeriesStyle(GREY, "outline", "○"),
)


def nice_step(largest: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` gridlines."""
    if largest <= 0:
        return 1.0
    raw = largest / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return max(factor * power, 1.0 if largest >= 1 else factor * power)
    return 10 * power


def cycle_style(index: int) -> SeriesStyle:
    return _CYCLE[index % len(_CYCLE)]


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    values: tuple[float, ...]
    style: SeriesStyle


@dataclass(frozen=True)
class Chart:
    """One chart: categories along one axis, one value per category in each series.

    `kind` is "bar" (series side by side), "stacked_bar" or "line"; `horizontal` bars
    run left to right (long category names read better). `value_suffix` follows numbers
    ("days"). `note` says how the numbers were made, for the reader of a printout."""

    key: str
    title: str
    kind: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    value_title: str
    category_title: str
    horizontal: bool = False
    note: str = ""
    value_suffix: str = ""
    decimals: int = 0

    @property
    def is_empty(self) -> bool:
        return not self.categories or not any(v for s in self.series for v in s.values)

    def total(self, category_index: int) -> float:
        return sum(s.values[category_index] for s in self.series)

    @property
    def largest(self) -> float:
        """The largest bar (a stack's total when stacked): where the value axis ends."""
        if not self.categories:
            return 0.0
        if self.kind == "stacked_bar":
            return max(self.total(i) for i in range(len(self.categories)))
        return max((v for s in self.series for v in s.values), default=0.0)

    def value_ticks(self) -> tuple[float, list[float]]:
        """Where the value axis ends and its gridlines: round steps, the same on screen
        and on paper."""
        step = nice_step(self.largest)
        top = step * max(1, math.ceil(self.largest / step))
        return top, [step * i for i in range(int(round(top / step)) + 1)]

    def tick_text(self, value: float) -> str:
        return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"

    def format(self, value: float) -> str:
        text = f"{value:,.{self.decimals}f}"
        return f"{text} {self.value_suffix}".strip()

    def table(self) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
        """The same numbers as a table (header, rows): for screen readers and printouts."""
        header = (self.category_title, *(s.label for s in self.series))
        rows = tuple(
            (category, *(self.format(s.values[i]) for s in self.series)) for i, category in enumerate(self.categories)
        )
        return header, rows

    def describe(self) -> str:
        """One sentence for an accessible description."""
        if self.is_empty:
            return f"{self.title}: no data yet."
        return f"{self.title}: {len(self.categories)} {self.category_title.lower()}, series {', '.join(s.label for s in self.series)}."


@dataclass(frozen=True)
class DashboardData:
    as_of: date
    charts: tuple[Chart, ...]

    def chart(self, key: str) -> Chart:
        for chart in self.charts:
            if chart.key == key:
                return chart
        raise KeyError(key)


def month_ends(as_of: date, months: int) -> list[date]:
    """The last day of each of the `months` months up to and including as_of's month
    (the current month ends on as_of)."""
    ends = []
    year, month = as_of.year, as_of.month
    for _ in range(months):
        first_next = date(year + (month == 12), month % 12 + 1, 1)
        ends.append(min(first_next - timedelta(days=1), as_of))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return ends[::-1]


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarters(as_of: date, count: int) -> list[tuple[int, int]]:
    year, q = quarter_of(as_of)
    found = []
    for _ in range(count):
        found.append((year, q))
        year, q = (year - 1, 4) if q == 1 else (year, q - 1)
    return found[::-1]


def quarter_label(year: int, q: int) -> str:
    return f"Q{q} {year}"


_TREND_COLUMNS = "SELECT {} FROM {}".format(
    ", ".join(
        c.name
        for c in (
            Action.__table__.c.created_at, Action.__table__.c.completed_on, Action.__table__.c.closed_on,
            Action.__table__.c.due_date, Action.__table__.c.original_due_date, Action.__table__.c.revised_on,
        )
    ),
    Action.__tablename__,
)


def actions_by_status(s: Session, as_of: date, tolerance: int, review_id: int | None = None) -> Chart:
    status = status_expression(as_of, tolerance).label("status")
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    query = select(Agency.name, status, func.count()).join(Agency, Agency.id == Action.agency_id).group_by(Agency.name, status)
    if review_id is not None:
        query = query.where(Action.review_id == review_id)
    for agency, code, n in s.execute(query):
        counts[agency][code] = n
    agencies = tuple(sorted(counts, key=str.casefold))
    return Chart(
        key="actions_by_status",
        title="Actions by status per agency",
        kind="stacked_bar",
        horizontal=True,
        categories=agencies,
        series=tuple(
            Series(st.value, st.label, tuple(float(counts[a].get(st.value, 0)) for a in agencies), STATUS_STYLES[st.value])
            for st in STATUS_ORDER
        ),
        value_title="Actions",
        category_title="Agency",
        note=f"Status on {as_of:%d/%m/%Y}; at risk means forecast more than {tolerance} days late.",
    )


def overdue_trend(s: Session, as_of: date, months: int, review_id: int | None = None) -> Chart:
    """Overdue and open actions at each month end, reconstructed from the dates kept: an
    action counts from its creation until it was completed or closed, and its due date
    before a revision is its original one (the rule of `action_status.open_on` and
    `overdue_on`, here as intervals of months: one pass over the actions, not one per
    month)."""
    ends = [d.isoformat() for d in month_ends(as_of, months)]
    n = len(ends)
    open_delta = [0] * (n + 1)
    overdue_delta = [0] * (n + 1)

    def mark(delta: list[int], first: int, last: int) -> None:
        if first < last:
            delta[first] += 1
            delta[last] -= 1

    driver = s.connection().connection.driver_connection
    assert driver is not None
    scan = (
        driver.execute(_TREND_COLUMNS) if review_id is None else driver.execute(f"{_TREND_COLUMNS} WHERE review_id = ?", (review_id,))
    )
    for created, done, closed, due, original, revised in scan:
        first = bisect_left(ends, created[:10])  # the first month end on or after creation
        last = min(bisect_left(ends, done) if done else n, bisect_left(ends, closed) if closed else n)
        if first >= last:
            continue
        mark(open_delta, first, last)
        switch = bisect_left(ends, revised) if revised else 0  # from here the revised date applies
        mark(overdue_delta, max(first, bisect_right(ends, original)), min(last, switch))
        mark(overdue_delta, max(first, switch, bisect_right(ends, due)), last)
    open_counts = tuple(float(v) for v in accumulate(open_delta[:n]))
    overdue_counts = tuple(float(v) for v in accumulate(overdue_delta[:n]))
    return Chart(
        key="overdue_trend",
        title="Overdue actions by month",
        kind="line",
        categories=tuple(date.fromisoformat(d).strftime("%b %Y") for d in ends),
        series=(
            Series("overdue", "Overdue at month end", overdue_counts, STATUS_STYLES[ActionStatus.OVERDUE.value]),
            Series("open", "Open at month end", open_counts, SeriesStyle(BLUE, "solid", "●")),
        ),
        value_title="Actions",
        category_title="Month",
        note="Counted at the end of each month (the current month to date).",
    )


def reviews_by_stage(s: Session) -> Chart:
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for stage, kind, n in s.execute(select(Review.stage, Review.kind, func.count()).group_by(Review.stage, Review.kind)):
        counts[stage][kind] = n
    stages = tuple(st for st in ReviewStage if st.value in counts) + tuple(
        code for code in sorted(counts) if code not in {st.value for st in ReviewStage}
    )
    kinds = [k for k in ReviewKind if any(k.value in c for c in counts.values())]
    return Chart(
        key="reviews_by_stage",
        title="Reviews by stage",
        kind="stacked_bar",
        horizontal=True,
        categories=tuple(ReviewStage.label_of(str(st), str(st)) for st in stages),
        series=tuple(
            Series(k.value, k.label, tuple(float(counts[str(st)].get(k.value, 0)) for st in stages), cycle_style(i))
            for i, k in enumerate(kinds)
        ),
        value_title="Reviews",
        category_title="Stage",
    )


def _current_decisions(s: Session) -> dict[int, tuple[str, date]]:
    """Each referral's current decision (the latest that is not superseded)."""
    found: dict[int, tuple[str, date]] = {}
    for referral_id, decision, on in s.execute(
        select(PanelDecision.referral_id, PanelDecision.decision, PanelDecision.decision_date)
        .where(PanelDecision.superseded.is_(False))
        .order_by(PanelDecision.decision_date, PanelDecision.id)
    ):
        found[referral_id] = (decision, on)
    return found


def referrals_by_decision(s: Session, as_of: date, count: int) -> Chart:
    chosen = quarters(as_of, count)
    first = date(chosen[0][0], 3 * chosen[0][1] - 2, 1)
    decisions = _current_decisions(s)
    tally: dict[tuple[int, int], dict[str, int]] = {q: defaultdict(int) for q in chosen}
    for referral_id, referred_on in s.execute(
        select(Referral.id, Referral.referral_date).where(
            Referral.referral_date.between(first, as_of), Referral.status.not_in(("draft", "withdrawn"))
        )
    ):
        decision = decisions.get(referral_id, ("awaiting", as_of))[0]
        tally[quarter_of(referred_on)][decision] += 1
    keys = [d.value for d in Decision] + ["awaiting"]
    labels = {d.value: d.label for d in Decision} | {"awaiting": "Awaiting a decision"}
    used = [k for k in keys if any(tally[q].get(k) for q in chosen)] or keys[:1]
    return Chart(
        key="referrals_by_decision",
        title="Referrals per quarter by decision",
        kind="stacked_bar",
        categories=tuple(quarter_label(*q) for q in chosen),
        series=tuple(
            Series(k, labels[k], tuple(float(tally[q].get(k, 0)) for q in chosen), cycle_style(i)) for i, k in enumerate(used)
        ),
        value_title="Referrals",
        category_title="Quarter referred",
        note="Each referral counted once, under its current decision.",
    )


def days_to_decision(s: Session, as_of: date, count: int, target_working_days: int) -> Chart:
    chosen = quarters(as_of, count)
    first = date(chosen[0][0], 3 * chosen[0][1] - 2, 1)
    days: dict[tuple[int, int], list[int]] = {q: [] for q in chosen}
    for referred_on, decided_on in s.execute(
        select(Referral.referral_date, PanelDecision.decision_date)
        .join(PanelDecision, PanelDecision.referral_id == Referral.id)
        .where(
            PanelDecision.superseded.is_(False),
            PanelDecision.decision_date.between(first, as_of),
            Referral.referral_date.is_not(None),
        )
    ):
        if decided_on >= referred_on:
            days[quarter_of(decided_on)].append((decided_on - referred_on).days)
    averages = tuple(float(sum(d) / len(d)) if d else 0.0 for d in (days[q] for q in chosen))
    return Chart(
        key="days_to_decision",
        title="Average days from referral to decision",
        kind="bar",
        categories=tuple(quarter_label(*q) for q in chosen),
        series=(Series("average_days", "Average calendar days", averages, SeriesStyle(SKY, "solid", "■")),),
        value_title="Days",
        category_title="Quarter decided",
        value_suffix="days",
        decimals=1,
        note=f"Calendar days; the panel aims to decide within {target_working_days} working days of a referral.",
    )


def dashboard_charts(
    s: Session,
    settings: dict[str, object],
    as_of: date,
    *,
    review_id: int | None = None,
    months: int = 24,
    quarter_count: int = 8,
) -> DashboardData:
    """Every chart as of a day, inside an open session. For one review, only the charts
    of its actions: the review, referral and decision charts are the whole board's."""
    tolerance = int(settings["action_risk_tolerance_days"])  # type: ignore[call-overload]
    charts: tuple[Chart, ...] = (
        actions_by_status(s, as_of, tolerance, review_id),
        overdue_trend(s, as_of, months, review_id),
    )
    if review_id is None:
        charts += (
            reviews_by_stage(s),
            referrals_by_decision(s, as_of, quarter_count),
            days_to_decision(s, as_of, quarter_count, int(settings["rapid_decision_working_days"])),  # type: ignore[call-overload]
        )
    return DashboardData(as_of, charts)


class DashboardService:
    def __init__(self, store: Store, clock: Callable[[], date] = date.today) -> None:
        self.store = store
        self.clock = clock

    def build(self, as_of: date | None = None, *, months: int = 24, quarter_count: int = 8) -> DashboardData:
        """Every chart as of a day (today by default)."""
        day = as_of or self.clock()
        settings = settings_apart(self.store)
        with self.store.read_session() as s:
            return dashboard_charts(s, settings, day, months=months, quarter_count=quarter_count)
