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


def test_the_demo_keeps_the_applications_own_date_rules(tmp_path: Path) -> None:
    """Meetings fall on working days (never a bank holiday), papers are due the set number
    of working days before, and agency checks, chronologies and agency reports are due the
    set number of working days after they were asked for: what the application itself
    would have worked out, so the demo's clock agrees with the screens."""
    from sqlalchemy import select

    from lipanel_desktop.models.meeting import Meeting, MeetingAction
    from lipanel_desktop.models.review import AgencyCheck, AgencyReport, ChronologyRequest
    from lipanel_desktop.services.organisation import read_all
    from lipanel_desktop.services.working_days import add_working_days, is_working_day

    store = create_database(tmp_path / "demo.lipanel-db", ADMIN, ADMIN_PASSWORD)
    try:
        seed_demo(store, referrals=120, seed=5, today=ANCHOR)
        with store.read_session() as s:
            settings = read_all(s)
            meetings = s.execute(select(Meeting.reference, Meeting.meeting_date, Meeting.papers_deadline)).all()
            minuted = list(s.scalars(select(MeetingAction.due_date).where(MeetingAction.due_date.is_not(None))))
            asked = {model.__name__: s.execute(select(model.requested_on, model.due_on)
                                               .where(model.requested_on.is_not(None))).all()
                     for model in (AgencyCheck, ChronologyRequest, AgencyReport)}
    finally:
        store.close()
    assert meetings and all(is_working_day(day) for _ref, day, _papers in meetings), [
        (ref, day) for ref, day, _p in meetings if not is_working_day(day)]
    assert all(papers == add_working_days(day, -settings["papers_deadline_working_days"]) for _r, day, papers in meetings)
    assert minuted and all(is_working_day(day) for day in minuted)
    rules = {"AgencyCheck": settings["agency_check_working_days"],
             "ChronologyRequest": settings["chronology_return_working_days"],
             "AgencyReport": settings["chronology_return_working_days"]}
    for name, rows in asked.items():
        assert rows, name
        assert all(due == add_working_days(requested, rules[name]) for requested, due in rows), name
