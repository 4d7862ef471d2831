"""The demo's case progress dashboard looks like a working panel's: most open cases on
time, a few due soon, a few overdue (by days, not by a year), and a Multi-Agency Learning
Review never owing the Ofsted / National Panel notification."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from lipanel_desktop.services.case_progress import CaseProgressService
from lipanel_desktop.services.database import create_database
from lipanel_desktop.services.demo import seed_demo
from tests.conftest import ADMIN, ADMIN_PASSWORD

ANCHOR = date(2026, 11, 27)


@pytest.mark.parametrize(("referrals", "seed"), [(60, 7), (200, 1)])
def test_the_demo_dashboard_is_mostly_on_time(tmp_path: Path, referrals: int, seed: int) -> None:
    store = create_database(tmp_path / "demo.lipanel-db", ADMIN, ADMIN_PASSWORD)
    try:
        seed_demo(store, referrals=referrals, seed=seed, today=ANCHOR)
        board = CaseProgressService(store).dashboard(today=ANCHOR)
    finally:
        store.close()
    rag = Counter(row.rag for row in board.rows)
    dated = sum(n for code, n in rag.items() if code)
    assert rag["green"] > dated / 2, rag  # most cases with a deadline are on time
    assert 0 < rag["red"] <= max(3, dated // 10), rag  # a few are late...
    assert rag["amber"] > 0, rag  # ...and a few due soon
    late = [d for row in board.rows for d in row.deadlines if d.rag == "red"]
    assert max(-d.days_left for d in late) <= 60, [(d.label, d.days_left) for d in late]  # by days, not a year
    for row in board.rows:
        if row.kind_label == "Multi-Agency Learning Review":
            assert not any(d.label.startswith("Notify") for d in row.deadlines), row.reference
