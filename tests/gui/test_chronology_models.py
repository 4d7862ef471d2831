"""The chronology's item models on their own: Qt's model tester in every state, sorting
and filtering by the model itself, groups expanding and collapsing, gap rows, editing."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from lipanel_desktop.services.chronology.combined import analyse
from lipanel_desktop.services.chronology.entries import EntryRow, ImportInfo
from lipanel_desktop.services.chronology.filters import EntryFilter, Show
from lipanel_desktop.services.chronology.importer import RowProblem
from lipanel_desktop.services.chronology.review_context import AgencyRef, ReviewInfo
from lipanel_desktop.views.tablemodels.chronology import (
    AGE,
    AGENCY,
    DATE,
    ENTRY_ID_ROLE,
    EVENT,
    IS_GAP_ROLE,
    NOTES,
    SEEN_BY,
    SIGNIFICANCE,
    ChronologyTableModel,
)
from lipanel_desktop.views.tablemodels.chronology_lists import ImportsModel, ProblemsModel

AGENCIES = ("Police", "Children's Social Care", "Health", "Education")
INFO = ReviewInfo(1, "MALR-2026-0001", "malr", "chronologies", date(2019, 1, 1), date(2020, 12, 31), date(2016, 2, 10),
                  tuple(AgencyRef(i + 1, name) for i, name in enumerate(AGENCIES)), ())
SHARED = "Police called to a domestic incident at the family home; mother assaulted by partner"


def make_rows() -> list[EntryRow]:
    rows = []
    day = date(2019, 2, 1)
    for i in range(40):
        agency = i % 4
        event = f"Fictional event {i}: home visit number {i} by the {AGENCIES[agency]} worker"
        rows.append(EntryRow(i + 1, agency + 1, AGENCIES[agency], day + timedelta(days=i * 5), None,
                             time(10, 0) if i % 3 == 0 else None, "exact", "", "record", f"Log {i}", event,
                             ("high", "medium", "low", "context")[i % 4], f"Analysis {i}" if i % 2 else "",
                             f"Author {i % 5}", None, False))
    shared_day = date(2019, 8, 1)
    for n, agency in enumerate((0, 1, 2)):
        rows.append(EntryRow(100 + n, agency + 1, AGENCIES[agency], shared_day + timedelta(days=n), None, None,
                             "exact", "", "record", "Log", SHARED, "high", "", "", None, False))
    rows.append(EntryRow(200, 4, "Education", date(2018, 5, 1), date(2018, 5, 31), None, "month", "May 2018",
                         "document", "Report", "Before the period", "context", "", "", None, True))
    rows.append(EntryRow(201, 1, "Police", date(2020, 9, 1), None, None, "exact", "", "record", "Log",
                         "After a long gap", "low", "", "", None, False))
    return sorted(rows, key=lambda r: (r.date_from, r.id))


@pytest.fixture
def model() -> ChronologyTableModel:
    rows = make_rows()
    m = ChronologyTableModel()
    m.set_rows(INFO, rows, analyse(rows, near_days=3, gap_days=90, period_from=INFO.period_from,
                                   period_to=INFO.period_to, today=date(2026, 1, 1)))
    return m


def texts(model: ChronologyTableModel, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_model_tester_in_every_state(qtmodeltester: Any, model: ChronologyTableModel) -> None:
    qtmodeltester.check(model)
    model.toggle_group(texts(model, SEEN_BY).index("▸ 3 agencies"))
    qtmodeltester.check(model)
    model.sort(AGENCY, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    model.set_filter(EntryFilter(text="home visit"))
    qtmodeltester.check(model)
    model.clear()
    qtmodeltester.check(model)


def test_rows_gap_rows_and_group_rows(model: ChronologyTableModel) -> None:
    dates = texts(model, DATE)
    assert dates[0] == "May 2018" and model.index(0, AGE).data() == "about 2 years 3 months"
    seen = texts(model, SEEN_BY)
    assert seen.count("▸ 3 agencies") == 1 and model.rowCount() == 45 - 2 + 2  # 45 entries, two hidden in a group, two gaps
    gaps = [r for r in range(model.rowCount()) if model.index(r, 0).data(IS_GAP_ROLE)]
    assert [model.index(r, EVENT).data() for r in gaps] == ["No agency contact for 382 days",
                                                          "No agency contact for 121 days"]
    assert not model.flags(model.index(gaps[0], 0)) & Qt.ItemFlag.ItemIsSelectable
    conflict = seen.index("▸ 3 agencies")
    assert model.index(conflict, NOTES).data() == "Dates differ between agencies"
    assert model.index(0, NOTES).data() == "Outside the period under review"
    assert model.index(conflict, SEEN_BY).data(Qt.ItemDataRole.AccessibleTextRole) == \
        "seen by 3 agencies, collapsed, press Space to expand"


def test_a_group_expands_and_collapses_keeping_persistent_indexes(model: ChronologyTableModel) -> None:
    row = texts(model, SEEN_BY).index("▸ 3 agencies")
    after = model.index(row + 1, EVENT)
    keep = model.data(after)
    from PySide6.QtCore import QPersistentModelIndex

    held = QPersistentModelIndex(after)
    assert model.toggle_group(row)
    assert texts(model, SEEN_BY)[row:row + 3] == ["▾ 3 agencies", "↳ same event", "↳ same event"]
    assert held.data() == keep and held.row() == row + 3
    assert model.toggle_group(row) and held.row() == row + 1
    assert not model.toggle_group(0)


def test_sorting_every_column_keeps_every_entry_and_groups_together(model: ChronologyTableModel) -> None:
    every = set(model.entry_ids())
    for column in range(model.columnCount()):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            assert set(model.entry_ids()) == every
    model.sort(SIGNIFICANCE, Qt.SortOrder.AscendingOrder)
    levels = [t for t in texts(model, SIGNIFICANCE) if t]
    assert levels == sorted(levels, key=("High", "Medium", "Low", "Context only").index)
    assert not any(model.index(r, 0).data(IS_GAP_ROLE) for r in range(model.rowCount()))  # gaps only by date
    model.sort(DATE, Qt.SortOrder.DescendingOrder)
    assert texts(model, DATE)[:2] == ["02/09/2020 to 31/12/2020", "01/09/2020"]


def test_filters_by_agency_significance_words_and_attention(model: ChronologyTableModel) -> None:
    model.set_filter(EntryFilter(agency_id=3))
    assert set(texts(model, AGENCY)) == {"Health"}
    model.set_filter(EntryFilter(significance="context"))
    assert set(texts(model, SIGNIFICANCE)) == {"Context only"}
    model.set_filter(EntryFilter(text="NUMBER 38 home"))
    assert texts(model, EVENT) == ["Fictional event 38: home visit number 38 by the Health worker"]
    model.set_filter(EntryFilter(show=Show.CONFLICTS))
    assert model.shown_entries == 3 and model.rowCount() == 1
    model.set_filter(EntryFilter(show=Show.OUTSIDE))
    assert texts(model, EVENT) == ["Before the period"]


def test_finding_rows_by_entry_and_by_date(model: ChronologyTableModel) -> None:
    row = model.row_of_entry(102)  # hidden in its group: the group opens
    assert row is not None and model.index(row, 0).data(ENTRY_ID_ROLE) == 102
    found = model.row_for_date(date(2019, 8, 2))
    assert model.entry_at(found).date_from >= date(2019, 8, 1)  # type: ignore[union-attr]
    assert model.entry_at(model.row_for_date(date(2030, 1, 1))).id == 201  # type: ignore[union-attr]


def test_editing_goes_through_the_editor(model: ChronologyTableModel) -> None:
    calls: list[tuple[int, str, str]] = []

    def editor(row: EntryRow, field: str, text: str) -> EntryRow | None:
        calls.append((row.id, field, text))
        return None if text == "refused" else row._replace(event=text)

    index = model.index(1, EVENT)
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
    model.editor = editor
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(index, "refused")
    assert model.setData(index, "Changed")
    assert not model.setData(model.index(1, AGE), "3 years")
    assert not model.setData(QModelIndex(), "x")
    assert calls == [(model.entry_at(1).id, "event", "refused"), (model.entry_at(1).id, "event", "Changed")]  # type: ignore[union-attr]
    assert model.index(1, DATE).data(Qt.ItemDataRole.EditRole) == model.index(1, DATE).data()


def test_an_edit_that_reloads_the_rows_leaves_the_reloaded_rows_alone(model: ChronologyTableModel) -> None:
    """The page reloads the chronology (re-sorted) while an edit is saved: the model must
    not then write the saved row over whichever entry now sits at the old place."""
    rows = make_rows()
    first = model.entry_at(1)
    moved = first._replace(date_from=date(2020, 6, 1), event="Moved by the edit")  # type: ignore[union-attr]

    def editor(row: EntryRow, field: str, text: str) -> EntryRow | None:
        reloaded = sorted([moved if r.id == row.id else r for r in rows], key=lambda r: (r.date_from, r.id))
        model.set_rows(INFO, reloaded)
        return moved

    model.editor = editor
    assert model.setData(model.index(1, EVENT), "Moved by the edit")
    events = texts(model, EVENT)
    assert events.count("Moved by the edit") == 1 and len(set(model.entry_ids())) == len(rows)
    assert model.entry_at(1).id != first.id  # type: ignore[union-attr]


def test_problems_and_imports_models(qtmodeltester: Any) -> None:
    problems = ProblemsModel()
    problems.set_items([RowProblem(12, "B", "Date", "Bad date."), RowProblem(3, "AA", "Event", "Missing."),
                        RowProblem(3, "C", "Time", "Not a time.")])
    qtmodeltester.check(problems)
    problems.sort(0, Qt.SortOrder.AscendingOrder)
    assert [problems.index(r, 1).data() for r in range(3)] == ["C", "AA", "B"]
    problems.sort(3, Qt.SortOrder.DescendingOrder)
    assert problems.index(0, 3).data() == "Not a time."
    from datetime import datetime

    imports = ImportsModel()
    imports.set_items([ImportInfo(1, "Police", datetime(2026, 3, 1, 9, 30), "admin", "xlsx", 120, 2, False),
                       ImportInfo(2, "Health", datetime(2026, 3, 2, 10, 0), "clerk", "csv", 40, 0, True)])
    qtmodeltester.check(imports)
    assert [imports.index(0, c).data() for c in range(7)] == ["01/03/2026 09:30 UTC", "Police", "admin", ".xlsx",
                                                              "120", "2", "No"]
    imports.sort(4, Qt.SortOrder.AscendingOrder)
    assert imports.index(0, 1).data() == "Health"
