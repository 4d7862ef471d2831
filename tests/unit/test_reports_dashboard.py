"""The dashboard's chart data: right numbers, every series styled beyond colour, and a
table form of each chart for screen readers and printouts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from lipanel_desktop.models.decision import PanelDecision
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.models.review import Review
from lipanel_desktop.services.reports.dashboard_data import (
    PATTERNS,
    STATUS_STYLES,
    DashboardService,
    month_ends,
    quarters,
)
from lipanel_desktop.storage.store import Store
from tests.unit.test_action_fixtures import Plan, insert_action, plan  # noqa: F401

NOW = date(2026, 11, 27)


def dashboard(store: Store):
    return DashboardService(store, clock=lambda: NOW).build()


def test_month_ends_and_quarters() -> None:
    assert month_ends(date(2026, 3, 16), 3) == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 16)]
    assert month_ends(date(2025, 1, 31), 2) == [date(2024, 12, 31), date(2025, 1, 31)]
    assert quarters(date(2026, 2, 1), 3) == [(2025, 3), (2025, 4), (2026, 1)]


def test_actions_by_status_per_agency(store: Store, plan: Plan) -> None:  # noqa: F811
    insert_action(store, plan, "ACT-1", agency=plan.police, due=NOW - timedelta(days=1))
    insert_action(store, plan, "ACT-2", agency=plan.police, due=NOW - timedelta(days=9))
    insert_action(store, plan, "ACT-3", agency=plan.health, due=NOW + timedelta(days=9), status="on_track")
    insert_action(store, plan, "ACT-4", agency=plan.health, due=NOW, status="complete", evidence="Fictional.")
    chart = dashboard(store).chart("actions_by_status")
    assert chart.categories == ("Health", "Police") and chart.kind == "stacked_bar" and chart.horizontal
    values = {s.key: s.values for s in chart.series}
    assert values["overdue"] == (0, 2) and values["on_track"] == (1, 0) and values["complete"] == (1, 0)
    assert chart.largest == 2
    header, rows = chart.table()
    assert header == ("Agency", "Not started", "On track", "At risk", "Overdue", "Complete", "Closed")
    assert rows[1] == ("Police", "0", "0", "0", "2", "0", "0")


def test_overdue_trend_by_month(store: Store, plan: Plan) -> None:  # noqa: F811
    insert_action(store, plan, "ACT-1", created=datetime(2026, 8, 3, 9), due=date(2026, 9, 15))
    insert_action(store, plan, "ACT-2", created=datetime(2026, 8, 3, 9), due=date(2026, 8, 20),
                  status="complete", evidence="Fictional.", completed_on=date(2026, 10, 2))
    chart = dashboard(store).chart("overdue_trend")
    assert len(chart.categories) == 24 and chart.categories[-1] == "Nov 2026"
    overdue = dict(zip(chart.categories, next(s.values for s in chart.series if s.key == "overdue")))
    still_open = dict(zip(chart.categories, next(s.values for s in chart.series if s.key == "open")))
    assert [overdue[m] for m in ("Jul 2026", "Aug 2026", "Sep 2026", "Oct 2026", "Nov 2026")] == [0, 1, 2, 1, 1]
    assert [still_open[m] for m in ("Jul 2026", "Aug 2026", "Sep 2026", "Oct 2026", "Nov 2026")] == [0, 2, 2, 1, 1]


def test_reviews_by_stage_stacked_by_kind(store: Store, plan: Plan) -> None:  # noqa: F811
    with store.session() as s:
        s.add(Review(reference="SCR-2026-01", kind="scr", stage="findings"))
    chart = dashboard(store).chart("reviews_by_stage")
    assert chart.categories == ("Findings and recommendations", "Report or case summary")
    assert {s.label: s.values for s in chart.series} == {"Multi-Agency Learning Review": (1, 1), "Serious Case Review": (1, 0)}


def test_referrals_per_quarter_by_decision_and_days_to_decision(store: Store) -> None:
    with store.session() as s:
        for n, (referred, decided, decision) in enumerate([
            (date(2026, 7, 1), date(2026, 7, 11), "malr"),
            (date(2026, 7, 20), date(2026, 8, 9), "no_further_action"),
            (date(2026, 10, 5), date(2026, 10, 15), "malr"),
            (date(2026, 11, 2), None, None),
        ]):
            referral = Referral(reference=f"LIP-2026-{n:04d}", status="submitted", referral_date=referred, child_full_name="Example Child")
            s.add(referral)
            s.flush()
            if decided:
                s.add(PanelDecision(referral_id=referral.id, decision_date=decided, decision=decision))
        s.add(Referral(reference="LIP-2026-0099", status="draft", referral_date=date(2026, 10, 1)))
    data = dashboard(store)
    referrals = data.chart("referrals_by_decision")
    assert referrals.categories[-2:] == ("Q3 2026", "Q4 2026") and len(referrals.categories) == 8
    last_two = {s.label: s.values[-2:] for s in referrals.series}
    assert last_two == {
        "Multi-Agency Learning Review": (1, 1),
        "No further action": (1, 0),
        "Awaiting a decision": (0, 1),
    }
    days = data.chart("days_to_decision")
    assert days.series[0].values[-2:] == (15.0, 10.0)
    assert days.format(15.0) == "15.0 days"
    assert "15 working days" in days.note


def test_every_series_has_a_pattern_and_symbol_not_only_a_colour(store: Store, plan: Plan) -> None:  # noqa: F811
    insert_action(store, plan, "ACT-1")
    for chart in dashboard(store).charts:
        styles = [s.style for s in chart.series]
        assert all(st.pattern in PATTERNS and st.symbol for st in styles)
        assert len({(st.pattern, st.symbol) for st in styles}) == len(styles), chart.key
    assert len({(s.pattern, s.symbol) for s in STATUS_STYLES.values()}) == len(STATUS_STYLES)


def test_an_empty_database_gives_empty_charts_that_say_so(store: Store) -> None:
    data = dashboard(store)
    assert data.chart("actions_by_status").is_empty
    assert data.chart("actions_by_status").describe() == "Actions by status per agency: no data yet."
    assert all(c.is_empty for c in data.charts)


def test_trend_by_intervals_agrees_with_the_sql_rule_on_every_month(store: Store, plan: Plan) -> None:  # noqa: F811
    """The trend counts months as intervals in Python; `open_on` / `overdue_on` state
    the rule in SQL (used by the highlight report). Random actions, both ways, every
    month end."""
    import random

    from sqlalchemy import func, select, update

    from lipanel_desktop.models.action import Action
    from lipanel_desktop.services.action_status import open_on, overdue_on
    from lipanel_desktop.services.reports.dashboard_data import month_ends, overdue_trend

    rng = random.Random(11)
    start = date(2024, 6, 1)
    for n in range(60):
        created = start + timedelta(days=rng.randint(0, 800))
        due = created + timedelta(days=rng.randint(-30, 300))
        done = created + timedelta(days=rng.randint(0, 700)) if rng.random() < 0.5 else None
        action_id = insert_action(store, plan, f"ACT-P-{n:03d}", due=due, created=datetime.combine(created, datetime.min.time()),
                                  status="complete" if done else "on_track", evidence="Fictional.", completed_on=done)
        if rng.random() < 0.4:
            revised_on = created + timedelta(days=rng.randint(0, 400))
            with store.session() as s:
                s.execute(update(Action).where(Action.id == action_id).values(
                    original_due_date=due - timedelta(days=rng.randint(1, 120)), revised_on=revised_on))
        if done and rng.random() < 0.5:
            with store.session() as s:
                s.execute(update(Action).where(Action.id == action_id).values(closed_on=done + timedelta(days=rng.randint(0, 40))))
    with store.read_session() as s:
        chart = overdue_trend(s, NOW, 30)
        overdue = next(x.values for x in chart.series if x.key == "overdue")
        still_open = next(x.values for x in chart.series if x.key == "open")
        for i, end in enumerate(month_ends(NOW, 30)):
            assert still_open[i] == s.scalar(select(func.count()).select_from(Action).where(open_on(end))), end
            assert overdue[i] == s.scalar(select(func.count()).select_from(Action).where(overdue_on(end))), end
