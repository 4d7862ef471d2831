"""The tracker's rows, filters, due windows, groups and counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lipanel_desktop.services.action_tracker import (
    NO_REVIEW,
    ActionTracker,
    DueWindow,
    GroupBy,
    StatusChoice,
    TrackerFilter,
    TrackerRow,
    apply_filter,
    count_statuses,
    due_range,
    group_rows,
)
from lipanel_desktop.services.actions import ActionDetails, ActionService
from lipanel_desktop.storage.store import Store
from tests.unit.test_action_fixtures import TODAY, Plan, add_update_row, insert_action, plan  # noqa: F401


@pytest.fixture
def rows(store: Store, plan: Plan) -> list[TrackerRow]:  # noqa: F811
    insert_action(store, plan, "ACT-2026-0001", agency=plan.police, due=TODAY - timedelta(days=10), officer="Inspector Example")
    insert_action(store, plan, "ACT-2026-0002", agency=plan.police, due=TODAY + timedelta(days=20), forecast=TODAY + timedelta(days=60))
    insert_action(store, plan, "ACT-2026-0003", agency=plan.health, due=TODAY + timedelta(days=5), status="on_track", officer="Nurse Example")
    insert_action(store, plan, "ACT-2026-0004", agency=plan.health, due=TODAY - timedelta(days=40), status="complete", evidence="Fictional.", completed_on=TODAY)
    insert_action(store, plan, "ACT-2026-0005", agency=plan.education, due=TODAY + timedelta(days=100),
                  recommendation=plan.other_recommendation_id, status="closed", evidence="Fictional.", signed_off_on=TODAY)
    single = ActionService(store, clock=lambda: TODAY).create(
        ActionDetails("Single-agency audit of fictional cases.", plan.health, "nurse example"), TODAY + timedelta(days=45), decision_id=plan.decision_id
    )
    add_update_row(store, single.id, TODAY - timedelta(days=3))
    add_update_row(store, single.id, TODAY - timedelta(days=1))
    return ActionTracker(store, clock=lambda: TODAY).load().rows


def refs(rows: list[TrackerRow], chosen: TrackerFilter) -> list[str]:
    return [rows[i].reference for i in apply_filter(rows, chosen, TODAY)]


def test_rows_carry_derived_status_source_and_last_update(rows: list[TrackerRow]) -> None:
    by_ref = {r.reference: r for r in rows}
    assert {ref: r.status for ref, r in by_ref.items()} == {
        "ACT-2026-0001": "overdue",
        "ACT-2026-0002": "at_risk",
        "ACT-2026-0003": "on_track",
        "ACT-2026-0004": "complete",
        "ACT-2026-0005": "closed",
        "ACT-2026-0006": "not_started",
    }
    assert by_ref["ACT-2026-0001"].source == "MALR-2025-01"
    assert by_ref["ACT-2026-0005"].source == "MALR-2025-02"
    assert by_ref["ACT-2026-0006"].source == "LIP-2025-0002 (single-agency)"
    assert by_ref["ACT-2026-0006"].last_update == TODAY - timedelta(days=1)
    assert by_ref["ACT-2026-0001"].last_update is None
    assert [r.due_date for r in rows] == sorted(r.due_date for r in rows)


def test_load_offers_only_agencies_reviews_and_officers_in_use(store: Store, rows: list[TrackerRow]) -> None:
    data = ActionTracker(store, clock=lambda: TODAY).load()
    assert [c.label for c in data.agencies] == ["Education", "Health", "Police"]
    assert [c.label for c in data.sources] == ["MALR-2025-01", "MALR-2025-02"]
    # The filter ignores case, so one name typed two ways is offered once.
    assert data.lead_officers == ("Inspector Example", "Nurse Example", "Officer Example")
    assert data.tolerance_days == 14 and data.as_of == TODAY


def test_filters_combine(rows: list[TrackerRow], plan: Plan) -> None:  # noqa: F811
    assert len(refs(rows, TrackerFilter())) == 6
    assert refs(rows, TrackerFilter(agency_id=plan.health)) == ["ACT-2026-0004", "ACT-2026-0003", "ACT-2026-0006"]
    assert refs(rows, TrackerFilter(status=StatusChoice.ATTENTION)) == ["ACT-2026-0001", "ACT-2026-0002"]
    assert refs(rows, TrackerFilter(status=StatusChoice.OPEN, agency_id=plan.health)) == ["ACT-2026-0003", "ACT-2026-0006"]
    assert refs(rows, TrackerFilter(status=StatusChoice.CLOSED)) == ["ACT-2026-0005"]
    assert refs(rows, TrackerFilter(review_id=plan.second_review_id)) == ["ACT-2026-0005"]
    assert refs(rows, TrackerFilter(review_id=NO_REVIEW)) == ["ACT-2026-0006"]
    assert refs(rows, TrackerFilter(lead_officer="NURSE example")) == ["ACT-2026-0003", "ACT-2026-0006"]
    assert refs(rows, TrackerFilter(text="single-agency fictional")) == ["ACT-2026-0006"]
    assert refs(rows, TrackerFilter(text="act-2026-0003")) == ["ACT-2026-0003"]
    assert refs(rows, TrackerFilter(text="no such words")) == []
    assert refs(rows, TrackerFilter(agency_id=plan.education, status=StatusChoice.OVERDUE)) == []


def test_due_windows(rows: list[TrackerRow]) -> None:
    assert refs(rows, TrackerFilter(due_window=DueWindow.PASSED)) == ["ACT-2026-0004", "ACT-2026-0001"]
    assert refs(rows, TrackerFilter(due_window=DueWindow.NEXT_30)) == ["ACT-2026-0003", "ACT-2026-0002"]
    assert refs(rows, TrackerFilter(due_window=DueWindow.NEXT_90)) == ["ACT-2026-0003", "ACT-2026-0002", "ACT-2026-0006"]
    between = TrackerFilter(due_window=DueWindow.BETWEEN, due_from=TODAY + timedelta(days=40), due_to=TODAY + timedelta(days=200))
    assert refs(rows, between) == ["ACT-2026-0006", "ACT-2026-0005"]
    open_ended = TrackerFilter(due_window=DueWindow.BETWEEN, due_from=TODAY + timedelta(days=90))
    assert refs(rows, open_ended) == ["ACT-2026-0005"]


@pytest.mark.parametrize(
    ("window", "today", "expected"),
    [
        (DueWindow.ANY, date(2026, 3, 16), (None, None)),
        (DueWindow.PASSED, date(2026, 3, 16), (None, date(2026, 3, 15))),
        (DueWindow.THIS_MONTH, date(2026, 2, 10), (date(2026, 2, 1), date(2026, 2, 28))),
        (DueWindow.NEXT_MONTH, date(2026, 12, 10), (date(2027, 1, 1), date(2027, 1, 31))),
        (DueWindow.THIS_QUARTER, date(2026, 11, 27), (date(2026, 10, 1), date(2026, 12, 31))),
        (DueWindow.THIS_QUARTER, date(2024, 2, 29), (date(2024, 1, 1), date(2024, 3, 31))),
        (DueWindow.NEXT_30, date(2026, 3, 16), (date(2026, 3, 16), date(2026, 4, 15))),
    ],
)
def test_due_range(window: DueWindow, today: date, expected: tuple[date | None, date | None]) -> None:
    assert due_range(window, today) == expected


def test_counts_cover_every_status_in_order(rows: list[TrackerRow]) -> None:
    counts = count_statuses(rows)
    assert list(counts) == ["not_started", "on_track", "at_risk", "overdue", "complete", "closed"]
    assert sum(counts.values()) == 6 and all(n == 1 for n in counts.values())
    assert count_statuses(rows, []) == dict.fromkeys(counts, 0)


def test_grouping_by_agency_and_by_review(rows: list[TrackerRow]) -> None:
    everything = apply_filter(rows, TrackerFilter(), TODAY)
    by_agency = group_rows(rows, everything, GroupBy.AGENCY)
    assert [(g.label, len(g.indexes)) for g in by_agency] == [("Education", 1), ("Health", 3), ("Police", 2)]
    assert by_agency[2].summary == "Police: 2 actions (1 at risk, 1 overdue)"
    by_review = group_rows(rows, everything, GroupBy.REVIEW)
    assert [(g.label, len(g.indexes)) for g in by_review] == [
        ("LIP-2025-0002 (single-agency)", 1),
        ("MALR-2025-01", 4),
        ("MALR-2025-02", 1),
    ]
    [whole] = group_rows(rows, everything, GroupBy.NONE)
    assert len(whole.indexes) == 6


def test_an_empty_database_loads_an_empty_tracker(store: Store) -> None:
    data = ActionTracker(store, clock=lambda: TODAY).load()
    assert data.rows == [] and data.agencies == () and data.lead_officers == ()
    assert apply_filter(data.rows, TrackerFilter(status=StatusChoice.ATTENTION), TODAY) == []


def test_last_update_follows_notes_bulk_updates_their_undo_and_backdated_notes(store: Store, plan: Plan) -> None:  # noqa: F811
    from sqlalchemy import delete, update

    from lipanel_desktop.models.action import ActionUpdate
    from lipanel_desktop.services.action_progress import ActionProgressService, ProgressInput

    first = insert_action(store, plan, "ACT-2026-0001", due=TODAY + timedelta(days=30))
    second = insert_action(store, plan, "ACT-2026-0002", due=TODAY + timedelta(days=40))
    progress = ActionProgressService(store, clock=lambda: TODAY)

    def last() -> dict[int, date | None]:
        return {r.id: r.last_update for r in ActionTracker(store, clock=lambda: TODAY).load().rows}

    assert last() == {first: None, second: None}
    progress.add_update(first, ProgressInput("Fictional note.", TODAY - timedelta(days=5)))
    progress.add_update(first, ProgressInput("An older fictional note, entered late.", TODAY - timedelta(days=20)))
    assert last() == {first: TODAY - timedelta(days=5), second: None}  # a backdated note is not the latest
    result = progress.bulk_update([first, second], None, "Fictional monitoring meeting.", TODAY - timedelta(days=2))
    assert last() == {first: TODAY - timedelta(days=2), second: TODAY - timedelta(days=2)}
    progress.undo_bulk_update(result)
    assert last() == {first: TODAY - timedelta(days=5), second: None}
    with store.session() as s:  # an update's day corrected, then every update removed
        s.execute(update(ActionUpdate).where(ActionUpdate.action_id == first).values(update_date=TODAY - timedelta(days=30)))
    assert last()[first] == TODAY - timedelta(days=30)
    with store.session() as s:
        s.execute(delete(ActionUpdate).where(ActionUpdate.action_id == first))
    assert last() == {first: None, second: None}


def test_rows_keep_stored_days_and_give_dates(rows: list[TrackerRow]) -> None:
    by_ref = {r.reference: r for r in rows}
    late = by_ref["ACT-2026-0001"]
    assert late.due_on == (TODAY - timedelta(days=10)).isoformat()
    assert late.due_date == TODAY - timedelta(days=10) and not late.due_date_revised
    assert late.forecast_on is None and late.forecast_date is None
    assert by_ref["ACT-2026-0002"].forecast_date == TODAY + timedelta(days=60)
    assert [r.due_on for r in rows] == sorted(r.due_on for r in rows)


def test_the_tracker_reads_its_order_from_an_index_without_sorting(store: Store) -> None:
    """SQLite's sorter is many times slower under SQLCipher's memory security: the
    tracker's read must walk the (due date, reference) index instead."""
    from lipanel_desktop.services.action_tracker import _TRACKER_SELECT

    with store.read_session() as s:
        driver = s.connection().connection.driver_connection
        plan_lines = " ".join(str(row[-1]) for row in driver.execute(f"EXPLAIN QUERY PLAN {_TRACKER_SELECT}"))
    assert "ix_actions_due_order" in plan_lines
    assert "TEMP B-TREE" not in plan_lines.upper()
