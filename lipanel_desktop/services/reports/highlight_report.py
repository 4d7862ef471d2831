"""The highlight report for the Board, for a period: actions set, completed and overdue
(in total and by agency), reviews started, finished and published, the themes of the
period's reviews, good practice, the learning disseminated, and the dashboard's charts.

Past periods are reconstructed from the dates the program keeps: an action was open from
its creation until completed or closed, and its due date before a revision was its
original one. Statuses are as of the period's end (or today, if that is sooner).

`highlight_report` builds it inside a session: the Reports page (through the service) and
the printed report (`services.documents.board_reports`) both call it, so the Board reads
on paper exactly what was on the screen, charts included.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from lipanel_desktop.errors import ValidationError
from lipanel_desktop.models.action import Action
from lipanel_desktop.models.organisation import Agency, Theme
from lipanel_desktop.models.review import Dissemination, GoodPractice, Review, ReviewTheme
from lipanel_desktop.services.action_checks import Problems
from lipanel_desktop.services.action_status import open_on, overdue_on
from lipanel_desktop.services.action_detail import settings_apart
from lipanel_desktop.services.action_sources import SourceNames
from lipanel_desktop.services.reports.dashboard_data import DashboardData, dashboard_charts
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.reviews import GoodPracticeSource, ReviewKind, ReviewStage

#: Longest period one report may cover.
LONGEST_PERIOD = timedelta(days=366 * 5)


@dataclass(frozen=True)
class ActionLine:
    """An action as one line of the report."""

    reference: str
    agency: str
    source: str
    description: str
    due_date: date
    completed_on: date | None


@dataclass(frozen=True)
class AgencyActivity:
    """One agency's actions in the period: set, completed, and overdue or still open at
    its end."""

    agency: str
    new: int
    completed: int
    overdue: int
    open: int


@dataclass(frozen=True)
class ReviewMilestone:
    review_id: int
    reference: str
    kind: str
    stage: str
    on: date

    @property
    def kind_label(self) -> str:
        return ReviewKind.label_of(self.kind, self.kind)

    @property
    def stage_label(self) -> str:
        return ReviewStage.label_of(self.stage, self.stage)


@dataclass(frozen=True)
class ThemeCount:
    theme: str
    reviews: int


@dataclass(frozen=True)
class GoodPracticeItem:
    received_on: date | None
    source: str
    agency: str
    review_reference: str
    description: str

    @property
    def source_label(self) -> str:
        return GoodPracticeSource.label_of(self.source, self.source)


@dataclass(frozen=True)
class HighlightReport:
    """Everything the Board hears about `start`–`end` (inclusive). `as_at` is the day the
    overdue and open counts refer to: the end of the period, or today if sooner."""

    start: date
    end: date
    as_at: date
    board_name: str
    protective_marking: str
    actions_new: tuple[ActionLine, ...]
    actions_completed: tuple[ActionLine, ...]
    actions_overdue: tuple[ActionLine, ...]
    by_agency: tuple[AgencyActivity, ...]
    reviews_started: tuple[ReviewMilestone, ...]
    reviews_finished: tuple[ReviewMilestone, ...]
    reviews_published: tuple[ReviewMilestone, ...]
    themes: tuple[ThemeCount, ...]
    good_practice: tuple[GoodPracticeItem, ...]
    dissemination_occasions: int
    people_reached: int
    charts: DashboardData
    #: What the report covers, in words: "All reviews" or "Review MALR-2026-0001".
    scope: str = "All reviews"

    @property
    def period_label(self) -> str:
        return f"{self.start:%d/%m/%Y} to {self.end:%d/%m/%Y}"

    @property
    def open_at_end(self) -> int:
        return sum(a.open for a in self.by_agency)


def check_period(start: date | None, end: date | None) -> tuple[date, date]:
    problems = Problems()
    first = problems.day(start, "start", "Start of the period", required=True)
    last = problems.day(end, "end", "End of the period", required=True)
    problems.raise_if_any()
    assert first is not None and last is not None
    if last < first:
        raise ValidationError({"end": "The end of the period must not be before its start."})
    if last - first > LONGEST_PERIOD:
        raise ValidationError({"end": "A highlight report covers at most five years. Choose a shorter period."})
    return first, last


class HighlightReportService:
    def __init__(self, store: Store, clock: Callable[[], date] = date.today) -> None:
        self.store = store
        self.clock = clock

    def build(self, start: date | None, end: date | None, review_id: int | None = None) -> HighlightReport:
        first, last = check_period(start, end)
        settings = settings_apart(self.store)
        with self.store.read_session() as s:
            return highlight_report(s, settings, first, last, self.clock(), review_id=review_id)


def highlight_report(
    s: Session,
    settings: dict[str, object],
    start: date | None,
    end: date | None,
    today: date,
    *,
    review_id: int | None = None,
) -> HighlightReport:
    """The report for `start`–`end` inside an open session, for the whole board or one
    review. `settings` are the organisation's (see `action_detail.settings_apart`)."""
    first, last = check_period(start, end)
    as_at = min(last, today)
    # created_at is a UTC timestamp: the period runs from the start of its first day
    # to the end of its last.
    since, until = datetime.combine(first, time.min), datetime.combine(last + timedelta(days=1), time.min)
    agencies = dict(s.execute(select(Agency.id, Agency.name)).all())
    names = SourceNames(s)
    columns = (
        Action.reference, Action.agency_id, Action.review_id, Action.decision_id, Action.description, Action.due_date, Action.completed_on,
    )
    in_scope: tuple[ColumnElement[bool], ...] = () if review_id is None else (Action.review_id == review_id,)

    def lines(*where: ColumnElement[bool]) -> tuple[ActionLine, ...]:
        rows = s.execute(select(*columns).where(*where, *in_scope).order_by(Action.reference))
        return tuple(
            ActionLine(ref, agencies.get(agency_id, ""), names(review_id_, decision_id), desc, due, done)
            for ref, agency_id, review_id_, decision_id, desc, due, done in rows
        )

    created = and_(Action.created_at >= since, Action.created_at < until)
    completed = Action.completed_on.between(first, last)
    open_then = open_on(as_at)
    overdue_then = overdue_on(as_at)
    dissemination = select(func.count(Dissemination.id), func.coalesce(func.sum(Dissemination.people_count), 0)).where(
        Dissemination.held_on.between(first, last)
    )
    if review_id is not None:
        dissemination = dissemination.where(Dissemination.review_id == review_id)
    occasions, people = s.execute(dissemination).one()
    return HighlightReport(
        start=first,
        end=last,
        as_at=as_at,
        board_name=str(settings["board_name"]),
        protective_marking=str(settings["protective_marking"]),
        actions_new=lines(created),
        actions_completed=lines(completed),
        actions_overdue=lines(overdue_then),
        by_agency=_by_agency(s, agencies, in_scope, created, completed, overdue_then, open_then),
        reviews_started=_milestones(s, Review.started_on, first, last, review_id),
        reviews_finished=_milestones(s, Review.completed_on, first, last, review_id),
        reviews_published=_milestones(s, Review.published_on, first, last, review_id),
        themes=_themes(s, first, last, review_id),
        good_practice=_good_practice(s, agencies, names.reviews, first, last, review_id),
        dissemination_occasions=int(occasions),
        people_reached=int(people),
        charts=dashboard_charts(s, settings, as_at, review_id=review_id),
        scope="All reviews" if review_id is None else f"Review {names.reviews.get(review_id, '')}".strip(),
    )


def _by_agency(
    s: Session, agencies: dict[int, str], in_scope: tuple[ColumnElement[bool], ...], *conditions: ColumnElement[bool]
) -> tuple[AgencyActivity, ...]:
    created, completed, overdue_then, open_then = conditions
    counts = s.execute(
        select(
            Action.agency_id,
            func.sum(func.iif(created, 1, 0)),
            func.sum(func.iif(completed, 1, 0)),
            func.sum(func.iif(overdue_then, 1, 0)),
            func.sum(func.iif(open_then, 1, 0)),
        ).where(*in_scope).group_by(Action.agency_id)
    )
    found = [
        AgencyActivity(agencies.get(agency_id, ""), int(n or 0), int(c or 0), int(o or 0), int(p or 0))
        for agency_id, n, c, o, p in counts
    ]
    return tuple(sorted((a for a in found if a.new or a.completed or a.overdue or a.open), key=lambda a: a.agency.casefold()))


def _milestones(
    s: Session, column: InstrumentedAttribute[date | None], first: date, last: date, review_id: int | None
) -> tuple[ReviewMilestone, ...]:
    query = select(Review.id, Review.reference, Review.kind, Review.stage, column).where(column.between(first, last))
    if review_id is not None:
        query = query.where(Review.id == review_id)
    rows = s.execute(query.order_by(column, Review.reference))
    return tuple(ReviewMilestone(*row) for row in rows)


def _themes(s: Session, first: date, last: date, review_id: int | None) -> tuple[ThemeCount, ...]:
    """Themes of the reviews that were running at any time in the period."""
    running = and_(
        or_(Review.started_on.is_(None), Review.started_on <= last),
        or_(Review.completed_on.is_(None), Review.completed_on >= first),
        or_(Review.closed_on.is_(None), Review.closed_on >= first),
        *(() if review_id is None else (Review.id == review_id,)),
    )
    rows = s.execute(
        select(Theme.name, func.count(ReviewTheme.review_id))
        .join(ReviewTheme, ReviewTheme.theme_id == Theme.id)
        .join(Review, Review.id == ReviewTheme.review_id)
        .where(running)
        .group_by(Theme.name)
        .order_by(func.count(ReviewTheme.review_id).desc(), Theme.name)
    )
    return tuple(ThemeCount(name, int(n)) for name, n in rows)


def _good_practice(
    s: Session, agencies: dict[int, str], reviews: dict[int, str], first: date, last: date, review_id: int | None
) -> tuple[GoodPracticeItem, ...]:
    query = select(
        GoodPractice.received_on, GoodPractice.source, GoodPractice.agency_id, GoodPractice.review_id, GoodPractice.description
    ).where(GoodPractice.received_on.between(first, last))
    if review_id is not None:
        query = query.where(GoodPractice.review_id == review_id)
    rows = s.execute(query.order_by(GoodPractice.received_on, GoodPractice.id))
    return tuple(
        GoodPracticeItem(on, source, agencies.get(agency_id, "") if agency_id else "", reviews.get(review_id, "") if review_id else "", text)
        for on, source, agency_id, review_id, text in rows
    )


def period_presets(today: date) -> list[tuple[str, date, date]]:
    """The periods a Board usually asks about, as (words, first day, last day)."""
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last_quarter_end = quarter_start - timedelta(days=1)
    last_quarter_start = date(last_quarter_end.year, 3 * ((last_quarter_end.month - 1) // 3) + 1, 1)
    month_start = today.replace(day=1)
    last_month_end = month_start - timedelta(days=1)
    # Twelve months counting this one: from the first of the month eleven months ago.
    months_back = today.year * 12 + today.month - 1 - 11
    year_ago = date(months_back // 12, months_back % 12 + 1, 1)
    return [
        ("Last quarter", last_quarter_start, last_quarter_end),
        ("This quarter so far", quarter_start, today),
        ("Last month", last_month_end.replace(day=1), last_month_end),
        ("Last 12 months", year_ago, today),
        ("This year so far", date(today.year, 1, 1), today),
    ]
