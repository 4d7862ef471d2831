"""The status rules for actions, in one place.

A user records only "not started", "on track", "complete" or "closed" (closed means signed
off by the Audit and Monitoring Sub-group). "Overdue" and "at risk" are never typed: they
are worked out here from the dates, so they cannot go stale. The same rule exists twice —
`derive_status` for rows already in memory and `status_expression` for SQL that counts or
filters many rows — and a property test holds the two together.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Date, and_, case, func, literal, or_

from lipanel_desktop.models.action import Action
from lipanel_desktop.vocabulary.actions import ActionStatus

#: Statuses after which nothing is owed any more.
FINISHED = frozenset({ActionStatus.COMPLETE.value, ActionStatus.CLOSED.value})
#: Statuses worth a line in the exception report.
NEEDS_ATTENTION = frozenset({ActionStatus.OVERDUE.value, ActionStatus.AT_RISK.value})
#: The order statuses are listed and counted in, from "nothing yet" to "signed off".
STATUS_ORDER: tuple[ActionStatus, ...] = (
    ActionStatus.NOT_STARTED,
    ActionStatus.ON_TRACK,
    ActionStatus.AT_RISK,
    ActionStatus.OVERDUE,
    ActionStatus.COMPLETE,
    ActionStatus.CLOSED,
)


_OVERDUE = ActionStatus.OVERDUE.value
_AT_RISK = ActionStatus.AT_RISK.value


def derive_status(
    recorded: str,
    due_date: date | str,
    forecast_date: date | str | None,
    today: date | str,
    tolerance_days: int,
) -> str:
    """The status a user sees, as a stored code.

    - complete and closed stand as recorded;
    - otherwise an action whose due date has passed is overdue (due today is not late);
    - otherwise an action forecast to finish more than `tolerance_days` after its due
      date is at risk;
    - otherwise it is as recorded (not started or on track).

    The days may be dates, or all ISO texts as stored (`2026-03-16`), which compare as
    their dates do: the tracker derives 20,000 statuses without making a date object
    for each row.
    """
    if recorded in FINISHED:
        return recorded
    if due_date < today:  # type: ignore[operator]  # both dates or both ISO texts
        return _OVERDUE
    if forecast_date is not None and _days_between(due_date, forecast_date) > tolerance_days:
        return _AT_RISK
    return recorded


def _days_between(first: date | str, second: date | str) -> int:
    if isinstance(first, str):
        first = date.fromisoformat(first)
    if isinstance(second, str):
        second = date.fromisoformat(second)
    return (second - first).days


def status_expression(today: date, tolerance_days: int) -> ColumnElement[str]:
    """`derive_status` as a SQL expression over the `actions` table, for grouping and
    counting without loading every row."""
    slip = func.julianday(Action.forecast_date) - func.julianday(Action.due_date)
    return case(
        (Action.recorded_status.in_(sorted(FINISHED)), Action.recorded_status),
        (Action.due_date < today, literal(ActionStatus.OVERDUE.value)),
        (
            and_(Action.forecast_date.is_not(None), slip > tolerance_days),
            literal(ActionStatus.AT_RISK.value),
        ),
        else_=Action.recorded_status,
    )


def _day(day: date | ColumnElement[str]) -> ColumnElement[str]:
    return literal(day, Date) if isinstance(day, date) else day


def open_on(day: date | ColumnElement[str]) -> ColumnElement[bool]:
    """SQL: at the end of `day` the action existed and was neither complete nor closed.
    With `overdue_on`, how past months and periods are reconstructed from kept dates."""
    end = _day(day)
    return and_(
        func.date(Action.created_at) <= end,
        or_(Action.completed_on.is_(None), Action.completed_on > end),
        or_(Action.closed_on.is_(None), Action.closed_on > end),
    )


def overdue_on(day: date | ColumnElement[str]) -> ColumnElement[bool]:
    """SQL: open at the end of `day` and past the due date that applied then (the
    original one, if the date was revised later)."""
    end = _day(day)
    due_then = case(
        (and_(Action.revised_on.is_not(None), Action.revised_on > end), Action.original_due_date),
        else_=Action.due_date,
    )
    return and_(open_on(end), due_then < end)


def days_overdue(due_date: date, today: date) -> int:
    """Whole days past the due date (0 when not yet due)."""
    return max((today - due_date).days, 0)


def forecast_slip(due_date: date, forecast_date: date | None) -> int:
    """Days the forecast lies beyond the due date (0 when on time or not forecast)."""
    if forecast_date is None:
        return 0
    return max((forecast_date - due_date).days, 0)


def status_label(code: str) -> str:
    return ActionStatus.label_of(code, code)
