"""Importing an agency's chronology: read and check the whole file first (a preview that
writes nothing), then store it in one transaction.

All or nothing by default: one bad row and nothing is imported, with every problem
listed by row and column so the agency can fix its file. The user may instead import
the valid rows and save the rejected ones (with the reasons) to a file to send back.
Importing an agency's chronology again replaces its earlier import, but only when the
caller says so (the GUI asks; the CLI needs --replace). Every import is audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import KnownError
from lipanel_desktop.models.chronology import ChronologyEntry, ChronologyImport
from lipanel_desktop.services import organisation
from lipanel_desktop.services.chronology.columns import ColumnMap, letter, map_columns, reference_lines
from lipanel_desktop.services.chronology.columns import is_header as looks_like_header
from lipanel_desktop.services.chronology.fields import LABELS, CheckedEntry, EntryInput, check_entry
from lipanel_desktop.services.chronology.removal import RemovedImport, current_entries
from lipanel_desktop.services.chronology.review_context import AgencyRef, ReviewInfo, review_info
from lipanel_desktop.services.chronology.spreadsheet import FileRefused, Row, Table, read_table
from lipanel_desktop.services.permissions import require
from lipanel_desktop.storage import audit
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.roles import Permission


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    heading: str
    message: str

    def line(self) -> str:
        where = f"row {self.row}, column {self.column} ({self.heading})" if self.column else f"row {self.row}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class PreviousImport:
    entries: int
    imported_at: datetime | None
    imported_by: str

    def describe(self, agency: str) -> str:
        when = f" on {self.imported_at:%d/%m/%Y}" if self.imported_at else ""
        who = f" by {self.imported_by}" if self.imported_by else ""
        return (f"{agency}'s chronology was already imported{when}{who} ({self.entries:,} "
                f"entr{'y' if self.entries == 1 else 'ies'}).")


@dataclass
class ImportPreview:
    review: ReviewInfo
    agency: AgencyRef
    file_name: str
    table: Table
    columns: ColumnMap
    entries: list[tuple[int, CheckedEntry]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    rejected: list[Row] = field(default_factory=list)
    outside_period: int = 0
    previous: PreviousImport | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        parts = [f"{len(self.entries):,} entr{'y' if len(self.entries) == 1 else 'ies'} can be imported"]
        if self.rejected:
            parts.append(f"{len(self.rejected):,} row{'s' if len(self.rejected) != 1 else ''} "
                         f"{'have' if len(self.rejected) != 1 else 'has'} problems")
        if self.outside_period:
            parts.append(f"{self.outside_period:,} dated outside the period under review (kept, and flagged)")
        return "; ".join(parts) + "."


class ImportRefused(KnownError):
    """Rows have problems and the import is all or nothing: nothing was imported."""

    def __init__(self, problems: list[RowProblem], rows: int) -> None:
        self.problems = problems
        super().__init__(
            f"Nothing was imported: {len(problems):,} problem{'s' if len(problems) != 1 else ''} in {rows:,} "
            f"row{'s' if rows != 1 else ''}. Correct the file and import it again, or import only the valid rows."
        )


class ReplaceNeeded(KnownError):
    """The agency's chronology was imported before; replacing it needs a yes."""


@dataclass(frozen=True)
class ImportResult:
    import_id: int
    imported: int
    rejected: int
    replaced: int
    rejected_file: Path | None
    #: The earlier import's entries this one replaced, as they were: for Undo.
    replaced_entries: RemovedImport | None = None

    def summary(self, agency: str, review: str = "") -> str:
        text = f"Imported {self.imported:,} entr{'y' if self.imported == 1 else 'ies'} from {agency}"
        text += f" into {review}" if review else ""
        if self.replaced:
            text += f", replacing {self.replaced:,} from the earlier import"
        if self.rejected:
            text += f". {self.rejected:,} rejected row{'s' if self.rejected != 1 else ''}"
            text += f" saved to {self.rejected_file}" if self.rejected_file else " not imported"
        return text + "."


def preview_import(store: Store, review_id: int, agency_id: int, path: Path, *,
                   today: date | None = None) -> ImportPreview:
    """Read and check the whole file; nothing is written."""
    require(store.identity, Permission.EDIT_CHRONOLOGY)
    with store.read_session() as s:
        info = review_info(s, review_id)
        agency = _agency(s, info, agency_id)
        limit = int(organisation.read_all(s)["chronology_import_row_limit"])
        previous = _previous(s, review_id, agency_id)
    table = read_table(Path(path), row_limit=limit, is_header=looks_like_header)
    columns = map_columns(table.header, table.header_row)
    _check_reference_lines(table, info, agency)
    preview = ImportPreview(info, agency, Path(path).name, table, columns, previous=previous)
    today = today or date.today()
    for row in table.rows:
        checked, problems = check_row(row, columns, table, today)
        if problems:
            preview.problems.extend(problems)
            preview.rejected.append(row)
        elif checked is not None:
            preview.entries.append((row.number, checked))
            if info.outside_period(checked.parsed.date_from, checked.parsed.latest):
                preview.outside_period += 1
    if not preview.entries and not preview.rejected:
        raise FileRefused(f"The file has the chronology's headings (row {table.header_row}) but no entries below them.")
    return preview


def commit_import(store: Store, preview: ImportPreview, *, valid_rows_only: bool = False, replace: bool = False,
                  rejected_file: Path | None = None) -> ImportResult:
    """Store the previewed entries in one transaction (or refuse, changing nothing)."""
    require(store.identity, Permission.EDIT_CHRONOLOGY)
    if preview.problems and not valid_rows_only:
        raise ImportRefused(preview.problems, len(preview.rejected))
    if not preview.entries:
        raise KnownError("No row in the file can be imported, so nothing was imported. Correct the file and try again.")
    if preview.problems and rejected_file is None:
        raise KnownError("Choose where to save the rejected rows before importing only the valid ones.")
    review_id, agency_id = preview.review.id, preview.agency.id
    with store.read_session() as s:
        previous = _previous(s, review_id, agency_id)
    if previous and not replace:
        raise ReplaceNeeded(previous.describe(preview.agency.name) + " Importing again replaces those entries, "
                            "including any changes made to them here; entries typed in by hand are kept.")
    written = None
    if preview.problems and rejected_file is not None:
        from lipanel_desktop.services.chronology.rejected import write_rejected

        written = write_rejected(preview, Path(rejected_file))
    with store.session() as s:
        review_info(s, review_id)  # still there
        replaced, earlier = 0, None
        if replace:
            earlier = current_entries(s, review_id, agency_id)
            replaced = int(s.execute(
                delete(ChronologyEntry).where(ChronologyEntry.review_id == review_id,
                                              ChronologyEntry.agency_id == agency_id,
                                              ChronologyEntry.import_id.is_not(None))
            ).rowcount or 0)
        record = ChronologyImport(
            review_id=review_id, agency_id=agency_id, imported_by=store.identity.name,
            file_kind=preview.table.kind, rows_imported=len(preview.entries), rows_rejected=len(preview.rejected),
            replaced_previous=replaced > 0,
        )
        s.add(record)
        s.flush()
        # render_nulls: one statement for all rows, not one per pattern of empty cells
        s.execute(insert(ChronologyEntry).execution_options(render_nulls=True), [
            {"review_id": review_id, "agency_id": agency_id, "import_id": record.id, "row_number": number,
             **checked.columns()}
            for number, checked in preview.entries
        ])
        audit.record(s, "chronology_imports", record.id, "import",
                     ("rows_imported", "rows_rejected", "replaced_previous", "file_kind"))
        import_id = record.id
    return ImportResult(import_id, len(preview.entries), len(preview.rejected), replaced, written,
                        earlier if replaced else None)


# -- checking rows ------------------------------------------------------------------------


def check_row(row: Row, columns: ColumnMap, table: Table, today: date) -> tuple[CheckedEntry | None, list[RowProblem]]:
    problems: list[RowProblem] = []

    def where(name: str) -> tuple[str, str]:
        return letter(columns.index[name]), columns.heading(name, table.header)

    def cell(name: str) -> object:
        column = columns.index.get(name)
        if column is None:
            return None
        if column in row.unreadable:
            problems.append(RowProblem(row.number, *where(name), "this cell holds a formula with no saved result, and "
                                       "formulas are never run. Type the value, or open and save the file in Excel."))
            return None
        if column in row.errors:
            problems.append(RowProblem(row.number, *where(name), "this cell shows an Excel error (such as #REF!). "
                                       "Type the value itself."))
            return None
        value = row.values[column] if column < len(row.values) else None
        if table.kind == "csv" and isinstance(value, str):
            if value.startswith("'") and value[1:2] in ("=", "+", "-", "@"):
                return value[1:]  # the apostrophe Excel users type to keep text as text
            if value.startswith("="):
                problems.append(RowProblem(row.number, *where(name), "this looks like a spreadsheet formula, and "
                                           "formulas are never run. Type the value itself."))
                return None
        return value

    exact, approximate = cell("date"), cell("approximate_date")
    date_field = "date"
    if exact is not None and approximate is not None:
        problems.append(RowProblem(row.number, *where("approximate_date"), "give either an exact Date or an "
                                   "Approximate date, not both."))
    elif exact is None and approximate is not None:
        date_field = "approximate_date"
    elif exact is None and "date" not in columns.index:
        date_field = "approximate_date"
    data = EntryInput(
        date=approximate if date_field == "approximate_date" else exact,
        time=cell("time"),
        source_kind=cell("source_kind"),
        source=cell("source"),
        event=cell("event"),
        significance=cell("significance"),
        analysis=cell("analysis"),
        author=cell("author"),
    )
    if problems:
        return None, problems
    checked, found = check_entry(data, today=today)
    for name, message in found.items():
        column_field = date_field if name == "date" else name
        if column_field in columns.index:
            problems.append(RowProblem(row.number, *where(column_field), message))
        else:
            problems.append(RowProblem(row.number, "", LABELS.get(name, name), message))
    return (None if problems else checked), problems


# -- helpers ------------------------------------------------------------------------------


def _agency(s: Session, info: ReviewInfo, agency_id: int) -> AgencyRef:
    from lipanel_desktop.models.organisation import Agency

    name = s.scalar(select(Agency.name).where(Agency.id == agency_id))
    if name is None:
        raise KnownError("That agency is not in the agencies list.")
    if any(a.id == agency_id for a in info.not_involved):
        raise KnownError(f"{name}'s agency check for {info.reference} says they were not involved, so no chronology "
                         "is expected from them. If that is wrong, correct the agency check first.")
    return AgencyRef(agency_id, name)


def _previous(s: Session, review_id: int, agency_id: int) -> PreviousImport | None:
    count = s.scalar(
        select(func.count()).select_from(ChronologyEntry).where(
            ChronologyEntry.review_id == review_id, ChronologyEntry.agency_id == agency_id,
            ChronologyEntry.import_id.is_not(None))
    ) or 0
    if not count:
        return None
    last = s.execute(
        select(ChronologyImport.imported_at, ChronologyImport.imported_by)
        .where(ChronologyImport.review_id == review_id, ChronologyImport.agency_id == agency_id)
        .order_by(ChronologyImport.id.desc()).limit(1)
    ).first()
    return PreviousImport(int(count), last[0] if last else None, last[1] if last else "")


def _check_reference_lines(table: Table, info: ReviewInfo, agency: AgencyRef) -> None:
    """A template filled in for another review or agency is refused: a likely mix-up."""
    lines = reference_lines(table.preamble)
    review = lines.get("review")
    if review and review.upper() != info.reference.upper():
        raise FileRefused(f"This chronology was prepared for review {review}, not {info.reference}. "
                          "Check you chose the right file and review.")
    named = lines.get("agency")
    if named and " ".join(named.split()).lower() != agency.name.lower():
        raise FileRefused(f"This chronology was prepared for {named}, not {agency.name}. "
                          "Check you chose the right file and agency.")
