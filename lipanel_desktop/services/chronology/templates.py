"""Chronology templates for the agencies involved in a review, as `.xlsx` or `.csv`.

The workbook carries the review's reference, the agency and the period under review
above the headings (the importer checks them, so a template filled in for another
review or agency is caught), instructions for every column, a protected heading block
(the sheet is protected; only the entry columns below the headings are unlocked),
dates validated by Excel, and lists for source type and significance. The child's name
appears only when the user ticks "include name", and such an export is audited.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from lipanel_desktop.errors import KnownError
from lipanel_desktop.models.review import ChronologyRequest
from lipanel_desktop.services import organisation
from lipanel_desktop.services.chronology.dates import ACCEPTED_FORMS, uk
from lipanel_desktop.services.chronology.fields import LIMITS
from lipanel_desktop.services.chronology.review_context import AgencyRef, ReviewInfo, child_name, review_info
from lipanel_desktop.services.permissions import require
from lipanel_desktop.storage import audit
from lipanel_desktop.storage.atomic_file import replace_atomically
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.chronology import Significance, SourceKind
from lipanel_desktop.vocabulary.roles import Permission


@dataclass(frozen=True)
class Column:
    heading: str
    width: int
    hint: str


COLUMNS: tuple[Column, ...] = (
    Column("Date", 13, "Exact date, day first: 03/04/2019. Leave empty if you only know roughly when."),
    Column("Approximate date", 20, "Only when the exact date is unknown: April 2019, 2019, c. 2018, "
                                   "before 05/2019, 03/04/2019 to 10/04/2019."),
    Column("Time", 8, "If known: 14:30."),
    Column("Source type", 13, "Record, Person or Document (choose from the list)."),
    Column("Source", 28, "Which record, person or document this comes from."),
    Column("Event", 60, "What happened, factually: who, what, where."),
    Column("Significance", 14, "High, Medium, Low or Context only (choose from the list)."),
    Column("Analysis", 45, "Why it matters; what was or was not done."),
    Column("Author", 20, "Who wrote this entry (name and role)."),
)
SHEET = "Chronology"


@dataclass(frozen=True)
class TemplateFile:
    agency: AgencyRef
    path: Path


@dataclass(frozen=True)
class _Context:
    info: ReviewInfo
    agency: AgencyRef
    child: str
    due: date | None
    marking: str
    board: str


def template_name(reference: str, agency: str, kind: str) -> str:
    """A file name with the review's reference and agency only; never a child's name."""
    safe = re.sub(r"[^A-Za-z0-9 &'-]+", " ", agency)
    return f"Chronology template {reference} {' '.join(safe.split())}.{kind}"


def export_templates(store: Store, review_id: int, agency_ids: list[int], folder: Path, *, kind: str = "xlsx",
                     include_name: bool = False) -> list[TemplateFile]:
    """One template per agency in `folder`; existing files of the same name are replaced."""
    require(store.identity, Permission.EXPORT_DOCUMENTS)
    if kind not in ("xlsx", "csv"):
        raise KnownError("Templates can be made as .xlsx or .csv only.")
    if not agency_ids:
        raise KnownError("Choose at least one agency to make a template for.")
    folder = Path(folder)
    if not folder.is_dir():
        raise KnownError("The folder for the templates does not exist. Choose another folder.")
    with store.read_session() as s:
        info = review_info(s, review_id)
        settings = organisation.read_all(s)
        from lipanel_desktop.models.organisation import Agency

        names = dict(s.execute(select(Agency.id, Agency.name).where(Agency.id.in_(agency_ids))).all())
        due = dict(s.execute(select(ChronologyRequest.agency_id, ChronologyRequest.due_on)
                             .where(ChronologyRequest.review_id == review_id)).all())
        child = child_name(s, review_id) if include_name else ""
    missing = [a for a in agency_ids if a not in names]
    if missing:
        raise KnownError("One of the chosen agencies is no longer in the agencies list.")
    written: list[TemplateFile] = []
    for agency_id in agency_ids:
        context = _Context(info, AgencyRef(agency_id, names[agency_id]), child, due.get(agency_id),
                           settings["protective_marking"], settings["board_name"])
        data = workbook_bytes(context) if kind == "xlsx" else csv_bytes(context)
        path = folder / template_name(info.reference, names[agency_id], kind)
        try:
            replace_atomically(path, data)
        except OSError as error:
            raise KnownError(f"The template could not be saved in that folder ({error.strerror or 'access refused'}). "
                             "Choose another folder.") from None
        written.append(TemplateFile(context.agency, path))
    with store.session() as s:
        fields = ["chronology_template", kind] + (["child_full_name"] if include_name else [])
        audit.record(s, "reviews", review_id, "export", fields)
    return written


def _reference_lines(c: _Context) -> list[tuple[str, str]]:
    period = (f"{uk(c.info.period_from) or 'not set'} to {uk(c.info.period_to) or 'not set'}"
              if c.info.period_from or c.info.period_to else "not yet agreed")
    lines = [("Review reference", c.info.reference), ("Agency", c.agency.name), ("Period under review", period)]
    if c.child:
        lines.append(("Child", c.child))
    if c.due:
        lines.append(("Please return by", uk(c.due)))
    return lines


INSTRUCTIONS = (
    "One row per event, in any order. Give every entry its date, the type of source (a record, a person or a "
    "document), the source itself and the event. Dates: " + ACCEPTED_FORMS + " "
    "Type values, not formulas. Do not merge cells, hide rows or add sheets. Entries from before or after the "
    "period under review may be included if they matter; they will be flagged."
)


def workbook_bytes(c: _Context) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.properties.creator = c.board
    book.properties.title = "Multi-agency chronology"
    book.properties.lastModifiedBy = ""
    ws = book.active
    ws.title = SHEET
    ws["A1"] = "Multi-agency chronology"
    ws["A1"].font = Font(bold=True, size=14)
    row = 2
    for label, value in _reference_lines(c):
        ws.cell(row, 1, label).font = Font(bold=True)
        text_cell(ws.cell(row, 2), value)
        row += 1
    ws.cell(row, 1, "Instructions").font = Font(bold=True)
    text_cell(ws.cell(row, 2), INSTRUCTIONS).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=len(COLUMNS))
    ws.row_dimensions[row].height = 75
    hints_row, header_row = row + 2, row + 3
    thin = Side(style="thin", color="808080")
    for index, column in enumerate(COLUMNS, start=1):
        hint = ws.cell(hints_row, index, column.hint)
        hint.alignment = Alignment(wrap_text=True, vertical="top")
        hint.font = Font(italic=True, size=9, color="404040")
        head = ws.cell(header_row, index, column.heading)
        head.font = Font(bold=True)
        head.fill = PatternFill("solid", fgColor="D9E2F3")
        head.border = Border(bottom=thin, top=thin, left=thin, right=thin)
        letter = head.column_letter
        ws.column_dimensions[letter].width = column.width
        # Unwritten cells take their column's style: the whole column below is unlocked.
        ws.column_dimensions[letter].protection = Protection(locked=False)
        ws.column_dimensions[letter].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[hints_row].height = 48
    ws.column_dimensions["A"].number_format = "DD/MM/YYYY"
    ws.column_dimensions["B"].number_format = "@"  # text: Excel must not turn "April 2019" into a date
    ws.column_dimensions["C"].number_format = "HH:MM"
    first, last = header_row + 1, 1_048_576

    def validate(letter: str, validation: DataValidation) -> None:
        validation.add(f"{letter}{first}:{letter}{last}")
        ws.add_data_validation(validation)

    validate("A", DataValidation(
        type="date", operator="between", formula1="DATE(1900,1,1)", formula2="TODAY()", allow_blank=True,
        showErrorMessage=True, errorTitle="Not a date", promptTitle="Exact date", showInputMessage=True,
        error="Type an exact past date, day first (03/04/2019). If you only know roughly when, leave this empty "
              "and use Approximate date.",
        prompt="Day first: 03/04/2019. Unsure? Use Approximate date instead."))
    validate("C", DataValidation(
        type="time", operator="between", formula1="0", formula2="0.999988", allow_blank=True,
        showErrorMessage=True, errorTitle="Not a time", error="Type a time such as 14:30, or leave it empty."))
    validate("D", DataValidation(
        type="list", formula1='"' + ",".join(k.label for k in SourceKind) + '"', allow_blank=True,
        showErrorMessage=True, errorTitle="Source type", error="Choose Record, Person or Document."))
    validate("G", DataValidation(
        type="list", formula1='"' + ",".join(s.label for s in Significance) + '"', allow_blank=True,
        showErrorMessage=True, errorTitle="Significance", error="Choose High, Medium, Low or Context only."))
    for letter, field in (("E", "source"), ("F", "event"), ("H", "analysis"), ("I", "author")):
        validate(letter, DataValidation(
            type="textLength", operator="lessThanOrEqual", formula1=str(LIMITS[field]), allow_blank=True,
            showErrorMessage=True, errorTitle="Too long", error=f"At most {LIMITS[field]:,} characters."))
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.insertRows = False
    ws.protection.deleteRows = False
    ws.protection.sort = False
    ws.protection.autoFilter = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddHeader.center.text = c.marking
    ws.oddFooter.center.text = c.marking
    ws.oddFooter.right.text = "Page &P of &N"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def text_cell(cell: object, value: object) -> object:
    """Set a cell to text that Excel shows as text: a value starting with "=" stays text,
    never becoming a formula."""
    cell.value = value  # type: ignore[attr-defined]
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # type: ignore[attr-defined]
    return cell


def csv_safe(value: object) -> str:
    """Text for a CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def csv_bytes(c: _Context) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for label, value in _reference_lines(c):
        writer.writerow([label, csv_safe(value)])
    writer.writerow(["Instructions", INSTRUCTIONS])
    writer.writerow([])
    writer.writerow([column.heading for column in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
