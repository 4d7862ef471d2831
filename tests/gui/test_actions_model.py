"""The tracker's table model on its own: Qt's model tester, sorting, filtering, grouping,
and the words a screen reader hears."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from lipanel_desktop.services.action_tracker import GroupBy, StatusChoice, TrackerFilter, TrackerRow
from lipanel_desktop.views.tablemodels.actions import (
    ACTION,
    ACTION_ID_ROLE,
    DUE,
    FORECAST,
    IS_GROUP_ROLE,
    OFFICER,
    REFERENCE,
    STATUS,
    STATUS_ROLE,
    ActionTableModel,
)

TODAY = date(2026, 3, 16)
STATUSES = ("not_started", "on_track", "at_risk", "overdue", "complete", "closed")


def rows(n: int = 60) -> list[TrackerRow]:
    made = []
    for i in range(n):
        due = TODAY + timedelta(days=(i * 7) % 200 - 100)
        made.append(
            TrackerRow(
                id=i + 1, reference=f"ACT-2026-{i + 1:04d}", description=f"Fictional action number {i}\nsecond line",
                agency_id=i % 3, agency=("Police", "Health", "Education")[i % 3], review_id=i % 4 or None,
                source=f"MALR-2025-0{i % 4}" if i % 4 else "LIP-2025-0001 (single-agency)",
                lead_officer="" if i % 5 == 0 else f"Officer {i % 5}", due_on=due.isoformat(),
                original_due_on=(due - timedelta(days=30) if i % 6 == 0 else due).isoformat(),
                forecast_on=(due + timedelta(days=20)).isoformat() if i % 2 else None, status=STATUSES[i % 6],
                recorded_status="on_track",
                last_update_on=(TODAY - timedelta(days=i)).isoformat() if i % 3 else None,
            )
        )
    return made


@pytest.fixture
def model(qtbot: Any) -> ActionTableModel:
    m = ActionTableModel()
    m.set_rows(rows(), TODAY)
    return m


def test_model_tester_plain_filtered_and_grouped(qtmodeltester: Any, model: ActionTableModel) -> None:
    qtmodeltester.check(model)
    model.set_filter(TrackerFilter(status=StatusChoice.OPEN), GroupBy.AGENCY)
    qtmodeltester.check(model)
    model.sort(DUE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    model.set_filter(TrackerFilter(text="no such thing"), GroupBy.REVIEW)
    qtmodeltester.check(model)
    model.clear()
    qtmodeltester.check(model)


def test_text_roles_are_words_with_uk_dates(model: ActionTableModel) -> None:
    row = model.row_of(7)  # i = 6: revised, forecast none, officer named
    index = model.index(row, DUE)
    assert index.data().endswith("(revised)")
    assert "Originally due" in model.index(row, DUE).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(row, ACTION).data() == "Fictional action number 6 second line"
    assert model.index(row, STATUS).data(STATUS_ROLE) == "not_started"
    assert model.index(row, STATUS).data() == "Not started"
    assert model.index(row, FORECAST).data() == ""
    assert model.index(row, FORECAST).data(Qt.ItemDataRole.AccessibleTextRole) == "no forecast"
    assert model.index(row, REFERENCE).data(ACTION_ID_ROLE) == 7
    first = model.row_of(1)
    assert model.index(first, OFFICER).data(Qt.ItemDataRole.AccessibleTextRole) == "no lead officer named"


def test_sorting_every_column_both_ways_keeps_every_row(model: ActionTableModel) -> None:
    for column in range(model.columnCount()):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            ids = [model.action_id(r) for r in range(model.rowCount())]
            assert sorted(ids) == list(range(1, 61))
    model.sort(REFERENCE, Qt.SortOrder.AscendingOrder)
    assert model.tracker_row(0).reference == "ACT-2026-0001"
    model.sort(REFERENCE, Qt.SortOrder.DescendingOrder)
    assert model.tracker_row(0).reference == "ACT-2026-0060"


def test_filter_keeps_sort_order_and_grouping_adds_unselectable_headings(model: ActionTableModel) -> None:
    model.sort(REFERENCE, Qt.SortOrder.DescendingOrder)
    model.set_filter(TrackerFilter(agency_id=1))
    refs = [model.tracker_row(r).reference for r in range(model.rowCount())]
    assert refs == sorted(refs, reverse=True) and len(refs) == 20
    model.set_filter(TrackerFilter(agency_id=1), GroupBy.REVIEW)
    headings = model.group_rows_at()
    assert len(headings) == 4 and headings[0] == 0
    assert model.index(0, 0).data(IS_GROUP_ROLE) is True
    assert model.action_id(0) is None and model.tracker_row(0) is None
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsSelectable
    assert model.rowCount() == 24 and model.visible_count == 20
    assert sum(model.visible_counts().values()) == 20
