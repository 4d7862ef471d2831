"""Taking an agency's import back out (a file imported into the wrong review, say): its
entries go, changed here or not; hand-typed entries and other imports stay; Undo puts
them back exactly; both audited; refused in words when there is nothing to remove."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from lipanel_desktop.errors import KnownError, NotPermitted
from lipanel_desktop.models.audit import AuditEntry
from lipanel_desktop.services.chronology.entries import ChronologyService
from lipanel_desktop.services.chronology.fields import EntryInput
from lipanel_desktop.services.chronology.importer import commit_import, preview_import
from lipanel_desktop.services.chronology.removal import remove_import, restore_import
from lipanel_desktop.storage.store import Identity, Store
from tests.unit.chronology_fixtures import counts, make_review, row, write_xlsx

ROWS = [row("03/04/2019", "Police called to the family home"), row("April 2019", "Welfare check", kind="Person"),
        row("c. 2018", "Known at a previous address", significance="Context only")]


@pytest.fixture
def review(store):
    return make_review(store)


def _import(store, review, path, agency="Police", **kwargs):
    preview = preview_import(store, review.id, review.agencies[agency], path, today=date(2026, 5, 1))
    return commit_import(store, preview, **kwargs)


def _shown(store, review) -> list[tuple]:
    return [(r.agency, r.date_display, r.event, r.author, r.significance, r.import_id)
            for r in ChronologyService(store).entries(review.id)[1]]


def test_removing_an_import_takes_out_only_its_entries_and_undo_puts_them_back(store, review, tmp_path) -> None:
    police = _import(store, review, write_xlsx(tmp_path / "p.xlsx", ROWS))
    _import(store, review, write_xlsx(tmp_path / "h.xlsx", ROWS[:1]), agency="Health")
    service = ChronologyService(store)
    typed = service.add(review.id, review.agencies["Police"],
                        EntryInput("05/05/2019", "", "Person", "PC Fictional", "Typed by hand", "Low"))
    changed = next(r for r in service.entries(review.id)[1] if r.event == "Welfare check")
    service.update(changed.id, EntryInput("April 2019", "", "Person", "Log", "Welfare check", "High", "", "Edited"))
    everything = _shown(store, review)
    assert counts(store) == (5, 2)

    removed = remove_import(store, police.import_id)
    assert removed.count == 3 and removed.describe().startswith("Removed 3 entries from Police's import of ")
    left = [r for r in ChronologyService(store).entries(review.id)[1]]
    assert {r.event for r in left} == {"Police called to the family home", "Typed by hand"}
    assert {r.agency for r in left if r.event != "Typed by hand"} == {"Health"} and typed.id in {r.id for r in left}
    imports = {i.agency: i for i in service.imports(review.id)}
    assert (imports["Police"].rows_imported, imports["Police"].entries_now, imports["Health"].entries_now) == (3, 0, 1)

    assert restore_import(store, removed) == 3
    assert sorted(_shown(store, review)) == sorted(everything)  # the edit made here came back too
    with store.read_session() as s:
        actions = s.execute(select(AuditEntry.entity, AuditEntry.entity_id, AuditEntry.action)
                            .where(AuditEntry.entity == "chronology_imports")).all()
    assert ("chronology_imports", str(police.import_id), "remove") in actions
    assert ("chronology_imports", str(police.import_id), "restore") in actions


def test_a_removed_import_frees_the_agency_to_import_again_without_replacing(store, review, tmp_path) -> None:
    first = _import(store, review, write_xlsx(tmp_path / "p.xlsx", ROWS))
    remove_import(store, first.import_id)
    again = _import(store, review, write_xlsx(tmp_path / "p2.xlsx", ROWS[:2]))  # no "already imported" question
    assert (again.imported, again.replaced) == (2, 0)


def test_nothing_left_to_remove_or_put_back_is_refused_in_words(store, review, tmp_path) -> None:
    first = _import(store, review, write_xlsx(tmp_path / "p.xlsx", ROWS))
    removed = remove_import(store, first.import_id)
    before = counts(store)
    with pytest.raises(KnownError, match="None of the entries from Police's import is left"):
        remove_import(store, first.import_id)
    with pytest.raises(KnownError, match="no longer recorded"):
        remove_import(store, 9999)
    _import(store, review, write_xlsx(tmp_path / "p2.xlsx", ROWS[:1]))
    after = counts(store)
    with pytest.raises(KnownError, match="imported again since"):
        restore_import(store, removed)
    assert counts(store) == after and after == (before[0] + 1, before[1] + 1)


def test_a_read_only_user_cannot_remove_an_import(store, review, tmp_path) -> None:
    first = _import(store, review, write_xlsx(tmp_path / "p.xlsx", ROWS))
    reader = Store(store.path, bytearray(store.key_for_backup()), Identity("reader", "read-only"))
    try:
        with pytest.raises(NotPermitted):
            remove_import(reader, first.import_id)
    finally:
        reader.close()
    assert counts(store) == (3, 1)


def test_undoing_a_replacing_import_brings_the_earlier_one_back_exactly(store, review, tmp_path) -> None:
    from lipanel_desktop.services.chronology.removal import redo_import, undo_import

    first = _import(store, review, write_xlsx(tmp_path / "p.xlsx", ROWS))
    service = ChronologyService(store)
    welfare = next(r for r in service.entries(review.id)[1] if r.event == "Welfare check")
    service.update(welfare.id, EntryInput("April 2019", "", "Person", "Log", "Welfare check", "High", "", "Edited"))
    earlier = _shown(store, review)
    second = _import(store, review, write_xlsx(tmp_path / "p2.xlsx", ROWS[:1]), replace=True)
    assert second.replaced == 3 and second.replaced_entries is not None and second.replaced_entries.count == 3
    later = _shown(store, review)

    removed = undo_import(store, second.import_id, second.replaced_entries)
    assert sorted(_shown(store, review)) == sorted(earlier)  # the edit made before the re-import too
    assert {r[5] for r in _shown(store, review)} == {first.import_id}
    assert redo_import(store, removed, second.replaced_entries) == 1
    assert sorted(_shown(store, review)) == sorted(later)
    assert counts(store) == (1, 2)


def test_undoing_a_first_import_leaves_nothing_of_it(store, review, tmp_path) -> None:
    from lipanel_desktop.services.chronology.removal import undo_import

    first = _import(store, review, write_xlsx(tmp_path / "p.xlsx", ROWS))
    assert first.replaced_entries is None
    undo_import(store, first.import_id, None)
    assert counts(store) == (0, 1)
