"""The status rules: overdue and at risk worked out from dates, never typed; the Python
rule and the SQL rule agree on every combination."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from lipanel_desktop.models.action import Action
from lipanel_desktop.services.action_status import (
    days_overdue,
    derive_status,
    forecast_slip,
    overdue_on,
    open_on,
    status_expression,
)
from lipanel_desktop.storage.store import Store
from tests.unit.test_action_fixtures import Plan, insert_action, plan  # noqa: F401

DUE = date(2026, 6, 30)
TOLERANCE = 14


@pytest.mark.parametrize("recorded", ["not_started", "on_track"])
def test_due_today_is_not_overdue_but_the_day_after_is(recorded: str) -> None:
    assert derive_status(recorded, DUE, None, DUE, TOLERANCE) == recorded
    assert derive_status(recorded, DUE, None, DUE + timedelta(days=1), TOLERANCE) == "overdue"


@pytest.mark.parametrize("recorded", ["complete", "closed"])
def test_finished_actions_are_never_overdue_or_at_risk(recorded: str) -> None:
    late = DUE + timedelta(days=400)
    assert derive_status(recorded, DUE, late, late, TOLERANCE) == recorded


def test_forecast_within_the_tolerance_is_on_track_and_one_day_more_is_at_risk() -> None:
    today = DUE - timedelta(days=60)
    assert derive_status("on_track", DUE, DUE + timedelta(days=TOLERANCE), today, TOLERANCE) == "on_track"
    assert derive_status("on_track", DUE, DUE + timedelta(days=TOLERANCE + 1), today, TOLERANCE) == "at_risk"
    assert derive_status("not_started", DUE, DUE + timedelta(days=TOLERANCE + 1), today, TOLERANCE) == "at_risk"


def test_zero_tolerance_makes_any_late_forecast_at_risk() -> None:
    today = DUE - timedelta(days=1)
    assert derive_status("on_track", DUE, DUE, today, 0) == "on_track"
    assert derive_status("on_track", DUE, DUE + timedelta(days=1), today, 0) == "at_risk"


def test_an_early_forecast_is_not_at_risk() -> None:
    assert derive_status("on_track", DUE, DUE - timedelta(days=30), DUE - timedelta(days=60), TOLERANCE) == "on_track"


def test_overdue_wins_over_at_risk() -> None:
    after = DUE + timedelta(days=3)
    assert derive_status("on_track", DUE, DUE + timedelta(days=90), after, TOLERANCE) == "overdue"


def test_a_revised_due_date_is_what_counts() -> None:
    """An action revised to a later date is no longer overdue on the old date."""
    original, revised = date(2026, 1, 31), date(2026, 4, 30)
    today = date(2026, 3, 1)
    assert derive_status("on_track", original, None, today, TOLERANCE) == "overdue"
    assert derive_status("on_track", revised, None, today, TOLERANCE) == "on_track"
    # A forecast that was at risk against the original is fine against the revised date.
    forecast = date(2026, 4, 15)
    assert derive_status("on_track", date(2026, 3, 20), forecast, today, TOLERANCE) == "at_risk"
    assert derive_status("on_track", revised, forecast, today, TOLERANCE) == "on_track"


def test_days_overdue_and_forecast_slip() -> None:
    assert days_overdue(DUE, DUE) == 0
    assert days_overdue(DUE, DUE + timedelta(days=43)) == 43
    assert days_overdue(DUE, DUE - timedelta(days=5)) == 0
    assert forecast_slip(DUE, None) == 0
    assert forecast_slip(DUE, DUE - timedelta(days=2)) == 0
    assert forecast_slip(DUE, DUE + timedelta(days=20)) == 20


days = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    recorded=st.sampled_from(["not_started", "on_track", "complete", "closed"]),
    due=days,
    forecast=st.none() | days,
    today=days,
    tolerance=st.integers(min_value=0, max_value=365),
)
def test_sql_rule_agrees_with_python_rule(
    store: Store, plan: Plan, recorded: str, due: date, forecast: date | None, today: date, tolerance: int  # noqa: F811
) -> None:
    with store.session() as s:
        exists = s.scalar(select(Action.id).where(Action.reference == "ACT-PROP-0001"))
    if exists is None:
        insert_action(store, plan, "ACT-PROP-0001")
    with store.session() as s:
        s.execute(
            update(Action)
            .where(Action.reference == "ACT-PROP-0001")
            .values(recorded_status=recorded, due_date=due, original_due_date=due, forecast_date=forecast)
        )
    with store.read_session() as s:
        in_sql = s.scalar(select(status_expression(today, tolerance)).where(Action.reference == "ACT-PROP-0001"))
    assert in_sql == derive_status(recorded, due, forecast, today, tolerance)


def test_past_status_is_reconstructed_from_kept_dates(store: Store, plan: Plan) -> None:  # noqa: F811
    """An action revised later counted as overdue against its original date back then;
    one completed later counted as open back then."""
    from datetime import datetime

    revised = insert_action(store, plan, "ACT-T-0001", due=date(2025, 3, 31), created=datetime(2025, 1, 5, 10))
    done = insert_action(store, plan, "ACT-T-0002", due=date(2025, 3, 31), created=datetime(2025, 1, 5, 10),
                         status="complete", evidence="Fictional evidence", completed_on=date(2025, 6, 1))
    with store.session() as s:
        s.execute(update(Action).where(Action.id == revised).values(due_date=date(2025, 9, 30), revised_on=date(2025, 5, 1)))

    def flags(day: date) -> dict[int, tuple[bool, bool]]:
        with store.read_session() as s:
            rows = s.execute(select(Action.id, open_on(day), overdue_on(day)).where(Action.id.in_([revised, done])))
            return {r[0]: (bool(r[1]), bool(r[2])) for r in rows}

    assert flags(date(2025, 1, 1)) == {revised: (False, False), done: (False, False)}  # not yet created
    assert flags(date(2025, 4, 15)) == {revised: (True, True), done: (True, True)}
    assert flags(date(2025, 5, 15)) == {revised: (True, False), done: (True, True)}  # revised on 1 May
    assert flags(date(2025, 7, 1)) == {revised: (True, False), done: (False, False)}  # completed 1 June
    assert flags(date(2025, 10, 15)) == {revised: (True, True), done: (False, False)}


@settings(max_examples=300, deadline=None)
@given(
    recorded=st.sampled_from(["not_started", "on_track", "complete", "closed"]),
    due=st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)),
    forecast=st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)),
    today=st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)),
    tolerance=st.integers(min_value=0, max_value=365),
)
def test_stored_iso_days_give_the_same_status_as_dates(
    recorded: str, due: date, forecast: date | None, today: date, tolerance: int
) -> None:
    """The tracker derives statuses from the ISO texts the database stores."""
    as_text = derive_status(recorded, due.isoformat(), forecast.isoformat() if forecast else None, today.isoformat(), tolerance)
    assert as_text == derive_status(recorded, due, forecast, today, tolerance)
