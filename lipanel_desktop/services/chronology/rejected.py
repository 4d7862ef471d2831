"""The rows an import left behind, saved with their problems so the agency can fix and
resend them. Same kind of file as the one imported, same headings, one more column."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from lipanel_desktop.errors import KnownError
from lipanel_desktop.services.chronology.templates import csv_safe, text_cell
from lipanel_desktop.storage.atomic_file import replace_atomically

if TYPE_CHECKING:
    from lipanel_desktop.services.chronology.importer import ImportPreview

PROBLEMS_HEADING = "Problems found on import"


def write_rejected(preview: ImportPreview, path: Path) -> Path:
    kind = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
    width = max([len(preview.table.header), *(len(r.values) for r in preview.rejected)])
    header = list(preview.table.header) + [None] * (width - len(preview.table.header)) + [PROBLEMS_HEADING]
    by_row: dict[int, list[str]] = {}
    for problem in preview.problems:
        by_row.setdefault(problem.row, []).append(problem.line())
    rows = []
    for row in preview.rejected:
        values = list(row.values) + [None] * (width - len(row.values))
        rows.append(values + ["; ".join(by_row.get(row.number, []))])
    data = _xlsx(header, rows) if kind == "xlsx" else _csv(header, rows)
    try:
        replace_atomically(path, data)
    except OSError as error:
        raise KnownError(f"The rejected rows could not be saved ({error.strerror or 'access refused'}). "
                         "Choose another folder; nothing was imported.") from None
    return path


def _xlsx(header: list[object], rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.properties.creator = "LIPanel"
    ws = book.active
    ws.title = "Rejected rows"
    for column, heading in enumerate(header, start=1):
        text_cell(ws.cell(1, column), heading).font = Font(bold=True)  # type: ignore[attr-defined]
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            cell = text_cell(ws.cell(number, column), value)
            if isinstance(value, datetime):
                cell.number_format = "DD/MM/YYYY HH:MM" if value.time() != time(0) else "DD/MM/YYYY"  # type: ignore[attr-defined]
            elif isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"  # type: ignore[attr-defined]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(header: list[object], rows: list[list[object]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for values in [header, *rows]:
        writer.writerow([csv_safe(_text(v)) for v in values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != time(0) else value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)
