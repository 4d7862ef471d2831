"""Taking an agency's import back out of a review, and putting it back (Undo).

A file imported into the wrong review, or for the wrong agency, would otherwise leave
hundreds of entries to delete one by one. Removing an import deletes, in one
transaction, every entry that import brought in and that is still there (changed here
or not); entries typed in by hand and other imports are untouched. The import stays in
the history, showing that none of its entries is left. The removed entries are kept in
memory exactly as they were, so Edit > Undo puts them back.

Undoing an import is the same removal, and when that import replaced an earlier one,
the earlier entries (which the importer kept) come back in the same transaction. Every
removal and restoration is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import KnownError
from lipanel_desktop.models.chronology import ChronologyEntry, ChronologyImport
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.services.chronology.review_context import review_info
from lipanel_desktop.services.permissions import require
from lipanel_desktop.storage import audit
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.roles import Permission


@dataclass(frozen=True)
class RemovedImport:
    """Enough to put an import's entries back exactly (Undo)."""

    review_id: int
    import_id: int
    agency_id: int
    agency: str
    imported_at: datetime | None
    #: Each removed entry's columns, without its id.
    entries: tuple[dict[str, Any], ...]

    @property
    def count(self) -> int:
        return len(self.entries)

    def describe(self) -> str:
        when = f" of {self.imported_at:%d/%m/%Y}" if self.imported_at else ""
        return (f"Removed {self.count:,} entr{'y' if self.count == 1 else 'ies'} from {self.agency}'s "
                f"import{when}.")


def remove_import(store: Store, import_id: int) -> RemovedImport:
    """Delete the entries one import brought in that are still in the chronology."""
    require(store.identity, Permission.EDIT_CHRONOLOGY)
    with store.session() as s:
        return take_out(s, import_id)


def restore_import(store: Store, removed: RemovedImport) -> int:
    """Put removed entries back as they were (with new numbers); how many."""
    require(store.identity, Permission.EDIT_CHRONOLOGY)
    with store.session() as s:
        put_back(s, removed)
    return removed.count


def undo_import(store: Store, import_id: int, replaced: RemovedImport | None) -> RemovedImport:
    """Take an import out and put back the earlier import it replaced, in one transaction."""
    require(store.identity, Permission.EDIT_CHRONOLOGY)
    with store.session() as s:
        removed = take_out(s, import_id)
        if replaced is not None:
            put_back(s, replaced)
    return removed


def redo_import(store: Store, removed: RemovedImport, replaced: RemovedImport | None) -> int:
    """Do an undone import again: the earlier import out (again), this one's entries
    back; how many came back."""
    require(store.identity, Permission.EDIT_CHRONOLOGY)
    with store.session() as s:
        if replaced is not None:
            take_out(s, replaced.import_id)
        put_back(s, removed)
    return removed.count


# -- in a session ---------------------------------------------------------------------


def current_entries(s: Session, review_id: int, agency_id: int) -> RemovedImport | None:
    """An agency's imported entries as they are now, before an import replaces them."""
    last = s.scalar(select(ChronologyEntry.import_id).where(
        ChronologyEntry.review_id == review_id, ChronologyEntry.agency_id == agency_id,
        ChronologyEntry.import_id.is_not(None)).order_by(ChronologyEntry.import_id.desc()).limit(1))
    return _entries(s, last, ChronologyEntry.review_id == review_id, ChronologyEntry.agency_id == agency_id,
                    ChronologyEntry.import_id.is_not(None)) if last is not None else None


def take_out(s: Session, import_id: int) -> RemovedImport:
    found = _entries(s, import_id, ChronologyEntry.import_id == import_id)
    if not found.entries:
        raise KnownError(f"None of the entries from {found.agency}'s import is left in the chronology: a later "
                         "import replaced them, or they were deleted.")
    s.execute(delete(ChronologyEntry).where(ChronologyEntry.import_id == import_id))
    audit.record(s, "chronology_imports", import_id, "remove", ("entries",))
    return found


def put_back(s: Session, removed: RemovedImport) -> None:
    review_info(s, removed.review_id)  # the review is still there
    later = s.scalar(select(ChronologyEntry.id).where(
        ChronologyEntry.review_id == removed.review_id, ChronologyEntry.agency_id == removed.agency_id,
        ChronologyEntry.import_id.is_not(None)).limit(1))
    if later is not None:
        raise KnownError(f"{removed.agency}'s chronology has been imported again since, so the removed entries "
                         "were not put back (they would be there twice).")
    imports = {e["import_id"] for e in removed.entries}
    known = set(s.scalars(select(ChronologyImport.id).where(ChronologyImport.id.in_(imports))))
    s.execute(insert(ChronologyEntry), [e if e["import_id"] in known else {**e, "import_id": None}
                                        for e in removed.entries])
    audit.record(s, "chronology_imports", removed.import_id, "restore", ("entries",))


def _entries(s: Session, import_id: int, *where: Any) -> RemovedImport:
    found = s.execute(
        select(ChronologyImport.review_id, ChronologyImport.agency_id, ChronologyImport.imported_at, Agency.name)
        .join(Agency, Agency.id == ChronologyImport.agency_id)
        .where(ChronologyImport.id == import_id)
    ).first()
    if found is None:
        raise KnownError("That import is no longer recorded; the chronology may have been destroyed.")
    review_id, agency_id, imported_at, agency = found
    review_info(s, review_id)  # the review is still there
    columns = [c for c in ChronologyEntry.__table__.columns if c.key != "id"]
    rows = s.execute(select(*columns).where(*where).order_by(ChronologyEntry.id)).mappings().all()
    return RemovedImport(review_id, import_id, agency_id, agency, imported_at, tuple(dict(r) for r in rows))
