"""Chronology entries one at a time: list, add, change, delete (and undo a delete).

Every change passes `fields.check_entry`, the same checks as an import. An entry dated
outside the period under review is kept and flagged, never refused: agencies often
record useful history from before the period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from lipanel_desktop import collector
from lipanel_desktop.errors import KnownError, ValidationError
from lipanel_desktop.models.chronology import ChronologyEntry, ChronologyImport
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.services.chronology.dates import describe
from lipanel_desktop.services.chronology.fields import LABELS, EntryInput, check_entry
from lipanel_desktop.services.chronology.review_context import (
    AgencyRef,
    ReviewChoice,
    ReviewInfo,
    all_agencies,
    review_choices,
    review_info,
)
from lipanel_desktop.services.permissions import require
from lipanel_desktop.storage import audit
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.chronology import Significance, SourceKind
from lipanel_desktop.vocabulary.roles import Permission

_COLUMNS = (
    ChronologyEntry.id,
    ChronologyEntry.agency_id,
    Agency.name,
    ChronologyEntry.date_from,
    ChronologyEntry.date_to,
    ChronologyEntry.event_time,
    ChronologyEntry.certainty,
    ChronologyEntry.date_text,
    ChronologyEntry.source_kind,
    ChronologyEntry.source,
    ChronologyEntry.event,
    ChronologyEntry.significance,
    ChronologyEntry.analysis,
    ChronologyEntry.author,
    ChronologyEntry.import_id,
)


class EntryRow(NamedTuple):
    """One entry as the lists show it: a tuple, so 20,000 are made in milliseconds."""

    id: int
    agency_id: int
    agency: str
    date_from: date
    date_to: date | None
    event_time: time | None
    certainty: str
    date_text: str
    source_kind: str
    source: str
    event: str
    significance: str
    analysis: str
    author: str
    import_id: int | None
    #: Dated wholly outside the period under review (kept, but flagged).
    outside_period: bool = False

    @property
    def latest(self) -> date:
        return self.date_to or self.date_from

    @property
    def date_display(self) -> str:
        return describe(self.date_from, self.date_to, self.certainty, self.event_time)

    @property
    def source_display(self) -> str:
        return f"{SourceKind.label_of(self.source_kind)}: {self.source}"

    @property
    def significance_label(self) -> str:
        return Significance.label_of(self.significance)

    def as_input(self) -> EntryInput:
        """The entry as editable text, which reads back to the same entry."""
        return EntryInput(
            date=describe(self.date_from, self.date_to, self.certainty),
            time=self.event_time.strftime("%H:%M") if self.event_time else "",
            source_kind=SourceKind.label_of(self.source_kind),
            source=self.source,
            event=self.event,
            significance=Significance.label_of(self.significance),
            analysis=self.analysis,
            author=self.author,
        )


@dataclass(frozen=True)
class DeletedEntry:
    """Enough to put a deleted entry back exactly (Undo)."""

    review_id: int
    columns: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportInfo:
    id: int
    agency: str
    imported_at: Any
    imported_by: str
    file_kind: str
    rows_imported: int
    rows_rejected: int
    replaced_previous: bool
    #: How many of its entries are still in the chronology (fewer once replaced or removed).
    entries_now: int = 0


_ENTRIES, _AGENCIES = ChronologyEntry.__table__.name, Agency.__table__.name
#: The list query, as SQL: run on the session's own driver connection it returns plain
#: tuples, without building 20,000 result-row objects first.
_ROWS_SQL = (
    f"SELECT e.id, e.agency_id, a.name, e.date_from, e.date_to, e.event_time, e.certainty, e.date_text, "
    f"e.source_kind, e.source, e.event, e.significance, e.analysis, e.author, e.import_id, "
    # The list's order as one text (day, time or nothing, agency's place, id; a space sorts
    # before any digit, so an entry without a time comes first in its day): comparing one
    # string per row sorts 20,000 rows several times quicker than comparing tuples of
    # dates and times, and quicker than SQLite's own ORDER BY of the same terms.
    f"printf('%s %s %06d %010d', e.date_from, coalesce(time(e.event_time), ''), a.position, e.id) "
    f"FROM {_ENTRIES} e JOIN {_AGENCIES} a ON a.id = e.agency_id WHERE e.review_id = ?"
)
_ORDER = itemgetter(15)


def rows_for(s: Session, review_id: int, info: ReviewInfo) -> list[EntryRow]:
    """Every entry of a review in date order (then time, agency, id).

    Built for 20,000 rows: plain tuples from the driver, dates stored as ISO text read
    with `fromisoformat`, sorted on one text per row, and the garbage collector paused
    while they are made (see `collector.py`)."""
    cursor = s.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    with collector.paused():
        try:
            fetched = cursor.execute(_ROWS_SQL, (review_id,)).fetchall()
        finally:
            cursor.close()
        fetched.sort(key=_ORDER)
        start, end = info.period_from or date.min, info.period_to or date.max
        day, moment, new = date.fromisoformat, time.fromisoformat, tuple.__new__
        rows: list[EntryRow] = []
        append = rows.append
        for r in fetched:
            first = day(r[3])
            last = day(r[4]) if r[4] else first
            append(new(EntryRow, (r[0], r[1], r[2], first, last if r[4] else None, moment(r[5]) if r[5] else None, r[6], r[7],
                                  r[8], r[9], r[10], r[11], r[12], r[13], r[14], last < start or first > end)))
        return rows


#: The chronology's held connection, its own (see `Store.held_read_session`).
CHRONOLOGY_CONNECTION = "chronology"


class ChronologyService:
    def __init__(self, store: Store) -> None:
        self.store = store

    # -- reading --------------------------------------------------------------------------

    def reviews(self) -> list[ReviewChoice]:
        require(self.store.identity, Permission.VIEW_RECORDS)
        with self.store.read_session() as s:
            return review_choices(s)

    def review(self, review_id: int) -> ReviewInfo:
        require(self.store.identity, Permission.VIEW_RECORDS)
        with self.store.read_session() as s:
            return review_info(s, review_id)

    def agencies(self) -> list[AgencyRef]:
        with self.store.read_session() as s:
            return all_agencies(s)

    def entries(self, review_id: int, *, audit_open: bool = False) -> tuple[ReviewInfo, list[EntryRow]]:
        """The review and all its entries in date order. `audit_open` records that a
        person opened this chronology (once per opening, not on every refresh)."""
        require(self.store.identity, Permission.VIEW_RECORDS)
        if audit_open and not self.store.read_only:
            with self.store.session() as s:
                info = review_info(s, review_id)
                audit.record(s, "reviews", review_id, "open", ("chronology",))
        with self.store.held_read_session(CHRONOLOGY_CONNECTION) as s:
            info = review_info(s, review_id)
            return info, rows_for(s, review_id, info)

    def entry(self, entry_id: int) -> EntryRow:
        require(self.store.identity, Permission.VIEW_RECORDS)
        with self.store.read_session() as s:
            review_id = s.scalar(select(ChronologyEntry.review_id).where(ChronologyEntry.id == entry_id))
            if review_id is None:
                raise KnownError("That chronology entry no longer exists; it may have been deleted or replaced.")
            return self._row(s, entry_id, review_id)

    def imports(self, review_id: int) -> list[ImportInfo]:
        require(self.store.identity, Permission.VIEW_RECORDS)
        with self.store.read_session() as s:
            rows = s.execute(
                select(ChronologyImport.id, Agency.name, ChronologyImport.imported_at, ChronologyImport.imported_by,
                       ChronologyImport.file_kind, ChronologyImport.rows_imported, ChronologyImport.rows_rejected,
                       ChronologyImport.replaced_previous)
                .join(Agency, Agency.id == ChronologyImport.agency_id)
                .where(ChronologyImport.review_id == review_id)
                .order_by(ChronologyImport.imported_at.desc(), ChronologyImport.id.desc())
            ).all()
            left = dict(s.execute(
                select(ChronologyEntry.import_id, func.count())
                .where(ChronologyEntry.review_id == review_id, ChronologyEntry.import_id.is_not(None))
                .group_by(ChronologyEntry.import_id)
            ).all())
        return [ImportInfo(*r, entries_now=int(left.get(r[0], 0))) for r in rows]

    def record_export(self, review_id: int, what: str) -> None:
        """Audit a picture or file made from the chronology outside the PDF documents."""
        require(self.store.identity, Permission.VIEW_RECORDS)
        if self.store.read_only:
            return
        with self.store.session() as s:
            review_info(s, review_id)
            audit.record(s, "reviews", review_id, "export", (what,))

    # -- changing -------------------------------------------------------------------------

    def add(self, review_id: int, agency_id: int | None, data: EntryInput) -> EntryRow:
        require(self.store.identity, Permission.EDIT_CHRONOLOGY)
        checked, problems = check_entry(data)
        if agency_id is None:
            problems["agency"] = "Choose the agency whose record this is."
        if problems or checked is None:
            raise ValidationError(problems)
        with self.store.session() as s:
            review_info(s, review_id)
            self._check_agency(s, agency_id)  # type: ignore[arg-type]
            entry = ChronologyEntry(review_id=review_id, agency_id=agency_id, **checked.columns())
            s.add(entry)
            s.flush()
            return self._row(s, entry.id, review_id)

    def update(self, entry_id: int, data: EntryInput, *, agency_id: int | None = None) -> EntryRow:
        require(self.store.identity, Permission.EDIT_CHRONOLOGY)
        checked, problems = check_entry(data)
        if problems or checked is None:
            raise ValidationError(problems)
        with self.store.session() as s:
            entry = s.get(ChronologyEntry, entry_id)
            if entry is None:
                raise KnownError("That chronology entry no longer exists; it may have been deleted or replaced.")
            columns = checked.columns()
            same_date = (entry.date_from, entry.date_to, entry.certainty) == (
                columns["date_from"], columns["date_to"], columns["certainty"])
            if same_date:
                columns["date_text"] = entry.date_text  # keep the agency's own wording
            if agency_id is not None and agency_id != entry.agency_id:
                self._check_agency(s, agency_id)
                entry.agency_id = agency_id
            for key, value in columns.items():
                if getattr(entry, key) != value:
                    setattr(entry, key, value)
            s.flush()
            return self._row(s, entry.id, entry.review_id)

    def delete(self, entry_id: int) -> DeletedEntry:
        require(self.store.identity, Permission.EDIT_CHRONOLOGY)
        with self.store.session() as s:
            entry = s.get(ChronologyEntry, entry_id)
            if entry is None:
                raise KnownError("That chronology entry no longer exists; it may have been deleted or replaced.")
            keep = {c.key: getattr(entry, c.key) for c in ChronologyEntry.__table__.columns if c.key != "id"}
            s.delete(entry)
        return DeletedEntry(review_id=keep["review_id"], columns=keep)

    def restore(self, deleted: DeletedEntry) -> EntryRow:
        """Undo a delete: the same entry again (with a new number)."""
        require(self.store.identity, Permission.EDIT_CHRONOLOGY)
        with self.store.session() as s:
            columns = dict(deleted.columns)
            import_id = columns.get("import_id")
            if import_id is not None and s.get(ChronologyImport, import_id) is None:
                columns["import_id"] = None
            new_id = s.execute(insert(ChronologyEntry).returning(ChronologyEntry.id), [columns]).scalar_one()
            return self._row(s, new_id, deleted.review_id)

    # -- helpers --------------------------------------------------------------------------

    @staticmethod
    def _check_agency(s: Session, agency_id: int) -> None:
        if s.get(Agency, agency_id) is None:
            raise ValidationError({"agency": "That agency is not in the agencies list."})

    @staticmethod
    def _row(s: Session, entry_id: int, review_id: int) -> EntryRow:
        info = review_info(s, review_id)
        r = s.execute(
            select(*_COLUMNS).join(Agency, Agency.id == ChronologyEntry.agency_id).where(ChronologyEntry.id == entry_id)
        ).one()
        return EntryRow(*r, outside_period=info.outside_period(r[3], r[4] or r[3]))


def field_label(name: str) -> str:
    return LABELS.get(name, "Agency" if name == "agency" else name)
