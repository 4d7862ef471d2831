"""The highlight report for the Board: a period's actions, reviews, themes, good practice
and dissemination, reconstructed from the dates kept."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select, update

from lipanel_desktop.errors import ValidationError
from lipanel_desktop.models.action import Action
from lipanel_desktop.models.organisation import Theme
from lipanel_desktop.models.review import Dissemination, GoodPractice, Review, ReviewTheme
from lipanel_desktop.services.reports.highlight_report import HighlightReportService
from lipanel_desktop.storage.store import Store
from tests.unit.test_action_fixtures import Plan, insert_action, plan  # noqa: F401

NOW = date(2026, 11, 27)
Q2 = (date(2026, 4, 1), date(2026, 6, 30))


def build(store: Store, start: date | None = Q2[0], end: date | None = Q2[1]):
    return HighlightReportService(store, clock=lambda: NOW).build(start, end)


@pytest.fixture
def history(store: Store, plan: Plan) -> Plan:  # noqa: F811
    # New in Q2, completed in Q2.
    insert_action(store, plan, "ACT-2026-0001", agency=plan.police, created=datetime(2026, 4, 2, 9), due=date(2026, 5, 1),
                  status="complete", evidence="Fictional.", completed_on=date(2026, 6, 10))
    # Set before Q2, overdue at the end of Q2, done later.
    insert_action(store, plan, "ACT-2026-0002", agency=plan.health, created=datetime(2026, 1, 10, 9), due=date(2026, 3, 31),
                  status="complete", evidence="Fictional.", completed_on=date(2026, 8, 1))
    # Revised in September from 31/05 to 31/12: overdue at the end of Q2 against its original date.
    revised = insert_action(store, plan, "ACT-2026-0003", agency=plan.health, created=datetime(2026, 2, 1, 9), due=date(2026, 5, 31))
    with store.session() as s:
        s.execute(update(Action).where(Action.id == revised).values(due_date=date(2026, 12, 31), revised_on=date(2026, 9, 1)))
    # Set after Q2: not part of it at all.
    insert_action(store, plan, "ACT-2026-0004", agency=plan.education, created=datetime(2026, 8, 1, 9), due=date(2026, 1, 1))
    with store.session() as s:
        s.execute(update(Review).where(Review.id == plan.review_id).values(started_on=date(2026, 4, 20), completed_on=date(2026, 6, 29)))
        s.execute(update(Review).where(Review.id == plan.second_review_id).values(started_on=date(2025, 1, 5), published_on=date(2026, 5, 5)))
        themes = dict(s.execute(select(Theme.name, Theme.id)).all())
        s.add_all([
            ReviewTheme(review_id=plan.review_id, theme_id=themes["Neglect"]),
            ReviewTheme(review_id=plan.second_review_id, theme_id=themes["Neglect"]),
            ReviewTheme(review_id=plan.review_id, theme_id=themes["Information sharing"]),
            GoodPractice(source="received", agency_id=plan.education, received_on=date(2026, 5, 12), description="Fictional school's early help offer."),
            GoodPractice(source="received", received_on=date(2026, 8, 12), description="Outside the period."),
            Dissemination(review_id=plan.review_id, channel="briefing", held_on=date(2026, 6, 1), audience="Fictional GPs", people_count=40),
            Dissemination(review_id=plan.review_id, channel="training_session", held_on=date(2026, 6, 2), audience="Fictional nurses"),
        ])
    return plan


def test_actions_new_completed_and_overdue_in_the_period(store: Store, history: Plan) -> None:
    report = build(store)
    assert [a.reference for a in report.actions_new] == ["ACT-2026-0001"]
    assert [a.reference for a in report.actions_completed] == ["ACT-2026-0001"]
    assert [a.reference for a in report.actions_overdue] == ["ACT-2026-0002", "ACT-2026-0003"]
    assert [(a.agency, a.new, a.completed, a.overdue, a.open) for a in report.by_agency] == [
        ("Health", 0, 0, 2, 2),
        ("Police", 1, 1, 0, 0),
    ]
    assert report.open_at_end == 2 and report.as_at == Q2[1]
    assert report.period_label == "01/04/2026 to 30/06/2026"


def test_reviews_themes_good_practice_and_dissemination(store: Store, history: Plan) -> None:
    report = build(store)
    assert [(r.reference, r.on) for r in report.reviews_started] == [("MALR-2025-01", date(2026, 4, 20))]
    assert [r.reference for r in report.reviews_finished] == ["MALR-2025-01"]
    assert [(r.reference, r.kind_label) for r in report.reviews_published] == [("MALR-2025-02", "Multi-Agency Learning Review")]
    assert [(t.theme, t.reviews) for t in report.themes] == [("Neglect", 2), ("Information sharing", 1)]
    assert [(g.agency, g.source_label) for g in report.good_practice] == [("Education", "Received from an agency")]
    assert (report.dissemination_occasions, report.people_reached) == (2, 40)
    assert {c.key for c in report.charts.charts} == {
        "actions_by_status", "overdue_trend", "reviews_by_stage", "referrals_by_decision", "days_to_decision",
    }


def test_a_period_running_past_today_counts_as_of_today(store: Store, history: Plan) -> None:
    report = build(store, date(2026, 10, 1), date(2026, 12, 31))
    assert report.as_at == NOW
    assert [a.reference for a in report.actions_overdue] == ["ACT-2026-0004"]


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (None, date(2026, 1, 1), "start"),
        (date(2026, 1, 1), None, "end"),
        (date(2026, 6, 1), date(2026, 5, 1), "end"),
        (date(2010, 1, 1), date(2026, 1, 1), "end"),
        (date(1990, 1, 1), date(1990, 2, 1), "start"),
        ("2026-01-01", date(2026, 2, 1), "start"),
    ],
)
def test_bad_periods_are_refused_in_plain_words(store: Store, start: object, end: object, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        build(store, start, end)  # type: ignore[arg-type]
    assert field in caught.value.problems


def test_empty_database_gives_an_empty_report(store: Store) -> None:
    report = build(store)
    assert report.actions_new == report.actions_overdue == report.by_agency == report.themes == ()
    assert report.people_reached == 0


def test_period_presets() -> None:
    from lipanel_desktop.services.reports.highlight_report import period_presets

    presets = {label: (start, end) for label, start, end in period_presets(date(2026, 2, 14))}
    assert presets["Last quarter"] == (date(2025, 10, 1), date(2025, 12, 31))
    assert presets["This quarter so far"] == (date(2026, 1, 1), date(2026, 2, 14))
    assert presets["Last month"] == (date(2026, 1, 1), date(2026, 1, 31))
    assert presets["Last 12 months"] == (date(2025, 3, 1), date(2026, 2, 14))
    assert presets["This year so far"] == (date(2026, 1, 1), date(2026, 2, 14))
