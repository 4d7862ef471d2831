"""`seed-demo` gives each demo review a realistic multi-agency chronology: several
agencies, entries in each agency's words, incidents recorded by more than one agency,
some quiet spells, and dates that read back exactly as the importer reads them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from lipanel_desktop.services.chronology.combined import analyse
from lipanel_desktop.services.chronology.dates import parse_date
from lipanel_desktop.services.chronology.entries import ChronologyService
from lipanel_desktop.services.database import create_database
from lipanel_desktop.services.demo import seed_demo
from lipanel_desktop.storage.store import Store
from tests.conftest import ADMIN, ADMIN_PASSWORD

ANCHOR = date(2026, 3, 16)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = create_database(tmp_path_factory.mktemp("demo") / "demo.lipanel-db", ADMIN, ADMIN_PASSWORD)
    seed_demo(store, referrals=60, seed=3, today=ANCHOR)
    yield store
    store.close()


def test_every_review_with_chronologies_has_several_agencies_and_shared_incidents(seeded: Store) -> None:
    service = ChronologyService(seeded)
    with_entries = [c for c in service.reviews() if c.entries]
    assert len(with_entries) >= 10
    grouped = gapped = 0
    for choice in with_entries:
        info, rows = service.entries(choice.id)
        assert len({r.agency_id for r in rows}) >= 2
        assert {r.certainty for r in rows} >= {"exact"}
        analysis = analyse(rows, near_days=3, gap_days=90, period_from=info.period_from, period_to=info.period_to,
                           today=ANCHOR)
        grouped += bool(analysis.groups)
        gapped += bool(analysis.gaps)
        for row in rows:
            if row.date_text:
                parsed = parse_date(row.date_text, today=ANCHOR)
                assert (parsed.date_from, parsed.date_to) == (row.date_from, row.date_to), row.date_text
    assert grouped >= len(with_entries) // 2
    assert gapped >= 1


def test_entries_are_in_each_agencys_words(seeded: Store) -> None:
    service = ChronologyService(seeded)
    police, schools = set(), set()
    for choice in service.reviews():
        for row in service.entries(choice.id)[1]:
            (police if row.agency == "Police" else schools if row.agency == "Education" else set()).add(row.source)
    assert "Incident log" in police or "Custody record" in police
    assert not police & {"Attendance register", "Safeguarding log"}
    assert not schools & {"Custody record", "Incident log"}
