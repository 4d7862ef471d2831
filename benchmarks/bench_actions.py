"""Issue 6's action-plan figures, each beside its floor measured in the same run.

With 20,000 actions (fictional: 400 reviews, 1,600 recommendations, 19 agencies, every
status, five years of due dates, 40,000 progress updates) in the encrypted database:

- the tracker opens: `TrackerView.reload()` on the real Actions page — rows loaded as
  column tuples with their status derived, the lead-officer and review lists built, the
  table model filled and sorted, the filter applied, the summary counted and the table
  painted; goal ≤ 300 ms (issue 6). Measured twice: the first opening after unlocking
  (the tracker's held read connection opened, every page read and decrypted) and a
  later one (on that connection, its pages kept). Floor: the plainest Qt way to show
  the same rows — the raw SELECT through a keyed DB-API connection (new for the first
  opening, kept open for the later one), a bare QAbstractTableModel of the tuples
  reset, and a QTableView of the same size painted;
- a filter change: choosing an agency, a status set, typing words, grouping by agency —
  each through the real filter bar, so the model's pass over the rows, the group
  headings, the counts and the repaint are all in it; goal ≤ 100 ms (issue 6). Floor: a
  list comprehension keeping one agency's rows, the bare model reset with them and the
  bare table painted;
- the exception report built (status worked out in SQL, latest updates, notes), the
  dashboard's five charts and a monthly bulk update of 200 actions; no goal in the issue,
  shown for scale. Floors: the raw SQL counting overdue actions; a raw UPDATE of 200 rows.
"""

from __future__ import annotations

import os
import random
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.run import Harness, at_most

USER = "bench-admin"
PASSWORD = "Bench-Password-Fictional-42"
TODAY = date.today()
TRACKER_COLUMNS = (
    "id, reference, description, agency_id, review_id, decision_id, lead_officer_name, due_date, "
    "original_due_date, forecast_date, recorded_status, completed_on, signed_off_on"
)


def _app() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _build(folder: Path, count: int) -> Path:
    """A database holding `count` fictional actions in every state, with their updates."""
    from sqlalchemy import insert, select

    from lipanel_desktop.models.action import Action, ActionUpdate
    from lipanel_desktop.models.organisation import Agency
    from lipanel_desktop.models.review import Recommendation, Review
    from lipanel_desktop.services.database import create_database

    path = folder / "actions.lipanel-db"
    store = create_database(path, USER, PASSWORD)
    rng = random.Random(6)
    try:
        with store.session() as s:
            agencies = list(s.scalars(select(Agency.id)))
            reviews = max(1, count // 50)
            s.execute(insert(Review), [
                {"id": i + 1, "reference": f"REV-BENCH-{i + 1:04d}", "kind": "malr", "stage": "reported"} for i in range(reviews)
            ])
            s.execute(insert(Recommendation), [
                {"id": i + 1, "review_id": i // 4 + 1, "position": i % 4 + 1, "text": f"Bench recommendation {i + 1}."}
                for i in range(reviews * 4)
            ])
            actions, updates = [], []
            officers = [f"Officer Bench{n:02d}" for n in range(60)]
            for i in range(count):
                rec = i % (reviews * 4) + 1
                due = TODAY + timedelta(days=rng.randint(-900, 400))
                status = rng.choice(("not_started", "on_track", "on_track", "complete", "closed"))
                finished = status in ("complete", "closed")
                done_on = min(due + timedelta(days=rng.randint(-30, 30)), TODAY) if finished else None
                actions.append({
                    "id": i + 1, "reference": f"ACT-BENCH-{i + 1:05d}", "review_id": (rec - 1) // 4 + 1,
                    "recommendation_id": rec, "description": f"Bench action {i + 1}: audit case files and brief staff.",
                    "agency_id": agencies[i % len(agencies)], "lead_officer_name": officers[i % len(officers)],
                    "original_due_date": due, "due_date": due,
                    "forecast_date": due + timedelta(days=rng.randint(-10, 60)) if rng.random() < 0.4 else None,
                    "recorded_status": status, "evidence_text": "Bench evidence." if finished else "",
                    "completed_on": done_on, "signed_off_by": USER if status == "closed" else None,
                    "signed_off_on": done_on if status == "closed" else None, "closed_on": done_on if status == "closed" else None,
                    "created_at": datetime.combine(due - timedelta(days=180), datetime.min.time()),
                    "updated_at": datetime.combine(TODAY, datetime.min.time()),
                })
                for k in range(2):
                    day = TODAY - timedelta(days=rng.randint(1, 400))
                    updates.append({"action_id": i + 1, "update_date": day, "author": USER, "text": f"Bench note {k}.", "status_after": status})
            s.execute(insert(Action), actions)
            s.execute(insert(ActionUpdate), updates)
    finally:
        store.close()
    return path


def _page(path: Path) -> Any:
    """The real Actions page on an unlocked database, shown offscreen."""
    from PySide6.QtTest import QTest

    from lipanel_desktop.collector import settle_long_lived
    from lipanel_desktop.services.database import open_database
    from lipanel_desktop.services.workspace import Workspace
    from lipanel_desktop.views.context import AppContext
    from lipanel_desktop.views.ops import Hub, Ops
    from lipanel_desktop.views.pages.actions import ActionsPage

    _app()
    store = open_database(path, USER, PASSWORD)
    hub = Hub()
    page = ActionsPage(AppContext(Workspace(store), Ops(hub), hub))
    page.resize(1400, 900)
    page.show()
    QTest.qWaitForWindowExposed(page, 5000)
    settle_long_lived()  # as the program does once its code is loaded (app._preload)
    return page


def _bare_table(count_hint: int) -> Any:
    """The floor's table: a QAbstractTableModel over tuples, nothing else, shown."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QTableView

    class Bare(QAbstractTableModel):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[tuple[Any, ...]] = []

        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802
            return 0 if parent.isValid() else len(self.rows)

        def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802
            return 0 if parent.isValid() else 9

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(self.rows[index.row()][index.column()])
            return None

        def set_rows(self, rows: list[tuple[Any, ...]]) -> None:
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()

    _app()
    view = QTableView()
    model = Bare()
    view.setModel(model)
    view.resize(820, 600)
    view.show()
    QTest.qWaitForWindowExposed(view, 5000)
    return view, model


def _open_tracker(page: Any) -> int:
    page.tracker.reload()
    page.tracker.table.viewport().repaint()
    return page.tracker.model.total


def _raw_select(con: Any, bare: Any) -> int:
    """The floor: the bare SELECT on a keyed connection, the bare model reset with the
    tuples and the bare table painted."""
    view, model = bare
    rows = con.execute(f"SELECT {TRACKER_COLUMNS} FROM actions").fetchall()
    model.set_rows(rows)
    view.viewport().repaint()
    return len(rows)


def _raw_select_cold(store: Any, bare: Any) -> int:
    """The first opening's floor: as `_raw_select`, on a new keyed connection."""
    con = store.raw_connection()
    try:
        return _raw_select(con, bare)
    finally:
        con.close()


def bench_tracker(h: Harness) -> None:
    count = 2_000 if h.quick else 20_000
    folder = h.folder("tracker")
    path = _build(folder, count)
    page = _page(path)
    tracker = page.tracker
    bare = _bare_table(count)
    try:
        store = page.ctx.workspace.store

        h.measure(
            f"tracker opens with {count:,} actions, first time after unlocking (load, derive, fill, filter, paint)",
            lambda _released: _open_tracker(page),
            setup=store.release_connections,
            floor=("raw SELECT on a new keyed connection, bare model reset, bare table painted",
                   lambda: _raw_select_cold(store, bare)),
            goal=at_most(0.300),
            note="goal from issue 6: the tracker opens in at most 300 ms with 20,000 actions; the first opening "
                 "opens the tracker's held connection and reads every page from the file",
        )
        held = store.raw_connection()
        h.measure(
            f"tracker opens with {count:,} actions, again (load, derive, fill, filter, paint)",
            lambda: _open_tracker(page),
            floor=("raw SELECT on a connection kept open, bare model reset, bare table painted", lambda: _raw_select(held, bare)),
            goal=at_most(0.300),
            note="goal from issue 6; later openings read on the connection the store keeps for the tracker",
        )
        held.close()
        rows = tracker.model._rows
        agency_ids = sorted({r.agency_id for r in rows})
        bare_view, bare_model = bare
        bare_model.set_rows(list(rows))

        def bare_filter(counter: Any = iter(range(1_000_000))) -> int:
            wanted = agency_ids[next(counter) % len(agency_ids)]
            bare_model.set_rows([r for r in rows if r.agency_id == wanted])
            bare_view.viewport().repaint()
            return bare_model.rowCount()

        filters = tracker.filters
        changes = [
            ("agency", lambda i: filters.agency.setCurrentIndex(1 + i % (filters.agency.count() - 1))),
            ("status set", lambda i: filters.status.setCurrentIndex(1 + i % (filters.status.count() - 1))),
            ("words", lambda i: (filters.search.setText(f"action {i % 9 + 1}"), filters._typing.stop(), filters.changed.emit())),
            ("grouping by agency", lambda i: filters.group.setCurrentIndex(1 + i % 2)),
        ]
        for label, change in changes:
            counter = iter(range(1_000_000))

            def run(change: Any = change, counter: Any = counter) -> int:
                change(next(counter))
                tracker.table.viewport().repaint()
                return tracker.model.rowCount()

            h.measure(
                f"filter change with {count:,} actions: {label}",
                run,
                floor=("one agency's rows by list comprehension, bare model reset, bare table painted", bare_filter),
                goal=at_most(0.100),
                repeat=9,
                note="goal from issue 6: a filter change in at most 100 ms" if label == "agency" else "",
            )
            filters.reset()
            filters.group.setCurrentIndex(0)
    finally:
        store = page.ctx.workspace.store
        page.close()
        bare[0].close()
        store.close()

    bench_reports(h, path, count)


def bench_reports(h: Harness, path: Path, count: int) -> None:
    from lipanel_desktop.services.action_progress import ActionProgressService
    from lipanel_desktop.services.database import open_database
    from lipanel_desktop.services.reports.monitoring import MonitoringReports

    store = open_database(path, USER, PASSWORD)
    reports = MonitoringReports(store)

    def raw_overdue() -> int:
        con = store.raw_connection()
        try:
            return con.execute(
                "SELECT count(*) FROM actions WHERE recorded_status NOT IN ('complete', 'closed') AND due_date < ?", (TODAY.isoformat(),)
            ).fetchone()[0]
        finally:
            con.close()

    try:
        h.measure(
            f"exception report with {count:,} actions (status in SQL, notes, latest updates)",
            lambda: len(reports.exception.build().items),
            floor=("raw count of overdue actions", raw_overdue),
        )
        h.measure(
            f"dashboard's five charts with {count:,} actions",
            lambda: len(reports.dashboard.build().charts),
            floor=("raw count of overdue actions", raw_overdue),
        )
        progress = ActionProgressService(store)
        con = store.raw_connection()
        try:
            chosen = [row[0] for row in con.execute("SELECT id FROM actions WHERE signed_off_on IS NULL ORDER BY id LIMIT 200")]
        finally:
            con.close()

        def raw_update() -> None:
            con = store.raw_connection()
            try:
                con.execute("BEGIN")
                con.execute(f"UPDATE actions SET recorded_status = recorded_status WHERE id IN ({','.join('?' * len(chosen))})", chosen)
                con.execute("ROLLBACK")
            finally:
                con.close()

        def bulk() -> int:
            result = progress.bulk_update(chosen, None, "Bench monitoring meeting note.", TODAY)
            progress.undo_bulk_update(result)
            return result.count

        h.measure(
            "bulk update of 200 actions with one note, then undone (all audited)",
            bulk,
            floor=("raw UPDATE of the same 200 rows", raw_update),
        )
    finally:
        store.close()


def run(h: Harness) -> None:
    bench_tracker(h)
