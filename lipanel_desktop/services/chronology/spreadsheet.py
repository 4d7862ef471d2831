"""Reading an agency's file safely: an `.xlsx` workbook or a `.csv`, and nothing else.

Files come from outside the partnership, so each is treated as hostile until proven
otherwise. Before a spreadsheet library sees the file we check what it really is (by
its first bytes, not its name), its size, and for a workbook the zip's declared sizes
and compression ratios (a zip bomb is refused before anything is inflated; Python's
zip reader never inflates past a member's declared size). Workbooks are streamed in
read-only mode, values only: a formula's saved result is read and the formula itself is
never run. A sheet over the row limit is refused from its declared size, or as soon as
streaming passes the limit, without reading the rest. Merged cells, hidden sheets and
hidden rows or columns holding data are refused, because what the agency sees on screen
would not be what we import.

Each refusal is a `FileRefused` whose message says what is wrong and what to do.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

from lipanel_desktop.errors import KnownError

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
MAX_RATIO = 100
RATIO_CHECK_FROM = 4 * 1024 * 1024
MAX_ZIP_MEMBERS = 5_000
#: How far down the header row may be (the template has a few rows of instructions above it).
HEADER_SCAN_ROWS = 40
#: Declared rows the header block may add on top of the row limit.
_HEADER_ALLOWANCE = HEADER_SCAN_ROWS + 10

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
     "This is an old-style Excel file (.xls) or a password-protected workbook. Open it in Excel, remove any "
     "password, save it as an Excel Workbook (.xlsx) and import that."),
    (b"%PDF", "This is a PDF document, not a spreadsheet. Ask the agency for the chronology as .xlsx or .csv."),
    (b"\x89PNG", "This is a picture, not a spreadsheet."),
    (b"\xff\xd8\xff", "This is a picture, not a spreadsheet."),
    (b"GIF8", "This is a picture, not a spreadsheet."),
    (b"{\\rtf", "This is a word-processor document (RTF), not a spreadsheet."),
    (b"\x1f\x8b", "This is a compressed (gzip) file, not a spreadsheet."),
    (b"7z\xbc\xaf", "This is a compressed (7-Zip) file, not a spreadsheet."),
    (b"Rar!", "This is a compressed (RAR) file, not a spreadsheet."),
)


#: What a damaged archive or sheet makes the zip, XML and spreadsheet readers raise.
_DAMAGED: tuple[type[BaseException], ...] = (
    zlib.error, zipfile.BadZipFile, EOFError, OSError, ParseError, ValueError, KeyError, IndexError, TypeError,
)


class FileRefused(KnownError):
    """The file cannot be imported as it is; nothing has been changed."""


@dataclass
class Row:
    number: int
    values: tuple[object, ...]
    #: Columns (0-based) holding a formula with no saved result.
    unreadable: frozenset[int] = frozenset()
    #: Columns (0-based) showing an Excel error such as #REF!.
    errors: frozenset[int] = frozenset()


@dataclass
class Table:
    kind: str  # "xlsx" or "csv"
    sheet: str
    header_row: int
    header: tuple[object, ...]
    #: Rows above the header (the template's reference and instructions).
    preamble: list[Row] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


HeaderTest = Callable[[Sequence[object]], bool]


def read_table(path: Path, *, row_limit: int, is_header: HeaderTest) -> Table:
    """The chronology table in `path`, or `FileRefused` saying why not."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(8192)
    except FileNotFoundError:
        raise FileRefused("The file cannot be found. Check its name and folder.") from None
    except IsADirectoryError:
        raise FileRefused("That is a folder, not a file.") from None
    except OSError as error:
        raise FileRefused(f"The file cannot be read ({error.strerror or 'access refused'}).") from None
    if size == 0 or not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise FileRefused("The file is empty. Ask the agency to fill in the chronology template and send it again.")
    if size > MAX_FILE_BYTES:
        raise FileRefused(f"The file is too large ({size / 1048576:,.0f} MB; the most is "
                          f"{MAX_FILE_BYTES // 1048576} MB). Split the chronology into smaller files.")
    if head.startswith(b"PK"):
        return _read_xlsx(path, row_limit, is_header)
    for signature, message in _SIGNATURES:
        if head.startswith(signature):
            raise FileRefused(message)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise FileRefused("The file is named as an Excel workbook but is not one (it may be damaged or renamed). "
                          "Open it in Excel and save it as an Excel Workbook (.xlsx).")
    return _read_csv(path, head, row_limit, is_header)


# -- workbooks ----------------------------------------------------------------------------


def check_zip(path: Path) -> None:
    """Refuse a damaged archive, a zip bomb, or a zip that is some other kind of document."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise FileRefused("The workbook has an unreasonable number of parts; it is not a normal spreadsheet.")
            names = {m.filename for m in members}
            _check_is_workbook(names)
            total = 0
            for member in members:
                if member.flag_bits & 0x1:
                    raise FileRefused("Part of the workbook is encrypted. Remove the password in Excel and import again.")
                total += member.file_size
                compressed = max(member.compress_size, 1)
                if member.file_size > RATIO_CHECK_FROM and member.file_size / compressed > MAX_RATIO:
                    raise FileRefused("The workbook expands to far more than a spreadsheet's worth of data "
                                      "(it looks like a “zip bomb”), so it was not opened.")
            if total > MAX_UNCOMPRESSED_BYTES:
                raise FileRefused(f"The workbook expands to {total / 1048576:,.0f} MB, more than any chronology "
                                  "needs, so it was not opened. Split it into smaller files.")
            for member in members:
                if member.filename.endswith((".xml", ".rels")) and member.file_size:
                    with archive.open(member) as part:
                        start = part.read(4096).lower()
                    if b"<!doctype" in start or b"<!entity" in start:
                        raise FileRefused("The workbook contains XML features that spreadsheets never use, "
                                          "so it was not opened.")
    except zipfile.BadZipFile:
        raise FileRefused("The file looks like a workbook but is damaged. Open it in Excel, save it again "
                          "and import the saved copy.") from None
    except (*_DAMAGED, RuntimeError, NotImplementedError):
        raise FileRefused("The workbook cannot be read: it is damaged or uses a compression Excel does not.") from None


def _check_is_workbook(names: set[str]) -> None:
    if "xl/workbook.xml" in names or any(n.startswith("xl/") and n.endswith("workbook.xml") for n in names):
        return
    if "word/document.xml" in names:
        raise FileRefused("This is a Word document, not a spreadsheet. Use the chronology template (.xlsx).")
    if "ppt/presentation.xml" in names:
        raise FileRefused("This is a PowerPoint presentation, not a spreadsheet.")
    if "content.xml" in names and "mimetype" in names:
        raise FileRefused("This is an OpenDocument file. Save it as an Excel Workbook (.xlsx) or as CSV and import that.")
    raise FileRefused("This is a zip archive, not an Excel workbook.")


@dataclass
class _Sheet:
    title: str
    state: str
    part: str


@dataclass
class _Book:
    """What streaming a sheet needs, read from the workbook's small parts only. (openpyxl's
    own read-only workbook measures every sheet on opening, which means reading a whole
    sheet that does not declare its size: exactly what a hostile file would exploit.)"""

    archive: zipfile.ZipFile
    strings: list
    epoch: object
    date_formats: set
    timedelta_formats: set
    sheets: list[_Sheet]


def _read_xlsx(path: Path, row_limit: int, is_header: HeaderTest) -> Table:
    check_zip(path)
    book = _open_book(path)
    try:
        return _pick_sheet(book, row_limit, is_header)
    except _DAMAGED:
        raise FileRefused("Part of the workbook is damaged and cannot be read. Open it in Excel, save it again "
                          "and import the saved copy.") from None
    finally:
        book.archive.close()


def _open_book(path: Path) -> _Book:
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about features it drops; we only read values
            reader = ExcelReader(path, read_only=True, data_only=True, keep_links=False)
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            sheets = [
                _Sheet(sheet.name, sheet.state or "visible", rel.target)
                for sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            ]
    except Exception:  # openpyxl raises many kinds for a damaged file; none is a bug of ours
        if reader is not None:
            reader.archive.close()
        raise FileRefused("The workbook cannot be read: it may be damaged. Open it in Excel, save it again "
                          "and import the saved copy.") from None
    wb = reader.wb
    return _Book(reader.archive, reader.shared_strings, wb.epoch, wb._date_formats, wb._timedelta_formats, sheets)


def _pick_sheet(book: _Book, row_limit: int, is_header: HeaderTest) -> Table:
    hidden = [sheet.title for sheet in book.sheets if sheet.state != "visible"]
    if hidden:
        raise FileRefused(f"The workbook has a hidden sheet (“{hidden[0]}”). Hidden sheets can hold information "
                          "nobody checked; unhide or delete it in Excel, then import again.")
    found: list[tuple[_Sheet, int]] = []
    for sheet in book.sheets:
        header_row = _find_header_row(book, sheet, is_header)
        if header_row is not None:
            found.append((sheet, header_row))
    if not found:
        if not any(_first_row(book, sheet) for sheet in book.sheets):
            raise FileRefused("The workbook is empty: none of its sheets has anything in it. Ask the agency to fill "
                              "in the chronology template and send it again.")
        names = ", ".join(f"“{sheet.title}”" for sheet in book.sheets) or "none"
        raise FileRefused(f"No sheet has the chronology's columns (Date, Source type, Source, Event) in a heading "
                          f"row. Sheets in the file: {names}. Use the chronology template.")
    if len(found) > 1:
        named = [pair for pair in found if pair[0].title.strip().lower() == "chronology"]
        if len(named) != 1:
            names = ", ".join(f"“{sheet.title}”" for sheet, _ in found)
            raise FileRefused(f"More than one sheet looks like a chronology ({names}). Keep one chronology sheet "
                              "per file, or name the one to import “Chronology”.")
        found = named
    sheet, header_row = found[0]
    return _stream_sheet(book, sheet, header_row, row_limit)


def _parser(book: _Book, sheet: _Sheet) -> object:
    """openpyxl's streaming sheet parser, reading saved values, noting which cells are formulas."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class _Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: object) -> dict[str, object]:
            cell = super().parse_cell(element)
            cell["formula"] = element.find(FORMULA_TAG) is not None  # type: ignore[attr-defined]
            return cell

    return _Parser(book.archive.open(sheet.part), book.strings, data_only=True, epoch=book.epoch,
                   date_formats=book.date_formats, timedelta_formats=book.timedelta_formats)


def _declared_rows(book: _Book, sheet: _Sheet) -> int | None:
    """The last row the sheet's <dimension> claims, read from its first element or two."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils import range_boundaries

    with book.archive.open(sheet.part) as source:
        for _, element in iterparse(source, events=("start",)):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "dimension":
                try:
                    return range_boundaries(element.get("ref", ""))[3]
                except (ValueError, TypeError):
                    return None
            if tag == "sheetData":
                return None
    return None


def _sheet_rows(parser: object) -> Iterator[Row]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for number, cells in parser.parse():  # type: ignore[attr-defined]
            if not cells:
                continue
            width = max(c["column"] for c in cells)
            values: list[object] = [None] * width
            unreadable, errors = set(), set()
            for c in cells:
                index = c["column"] - 1
                value = c["value"]
                if c["data_type"] == "e":
                    errors.add(index)
                    value = None
                elif c["formula"] and value is None:
                    unreadable.add(index)
                if isinstance(value, str) and not value.strip():
                    value = None
                values[index] = value
            yield Row(number, tuple(values), frozenset(unreadable), frozenset(errors))


def _first_row(book: _Book, sheet: _Sheet) -> Row | None:
    parser = _parser(book, sheet)
    try:
        return next(_sheet_rows(parser), None)
    finally:
        parser.source.close()  # type: ignore[attr-defined]


def _find_header_row(book: _Book, sheet: _Sheet, is_header: HeaderTest) -> int | None:
    parser = _parser(book, sheet)
    try:
        for row in _sheet_rows(parser):
            if row.number > HEADER_SCAN_ROWS:
                return None
            if is_header(row.values):
                return row.number
        return None
    finally:
        parser.source.close()  # type: ignore[attr-defined]


def _stream_sheet(book: _Book, sheet: _Sheet, header_row: int, row_limit: int) -> Table:
    declared = _declared_rows(book, sheet)
    if declared is not None and declared > row_limit + header_row + _HEADER_ALLOWANCE:
        raise FileRefused(f"The sheet “{sheet.title}” has {declared:,} rows; at most {row_limit:,} entries can be "
                          "imported at once. Split it into smaller files.")
    table = Table("xlsx", sheet.title, header_row, ())
    parser = _parser(book, sheet)
    last_used: dict[int, int] = {}
    try:
        for row in _sheet_rows(parser):
            if row.number < header_row:
                table.preamble.append(row)
                continue
            if row.number == header_row:
                table.header = row.values
                continue
            if all(v is None for v in row.values) and not row.unreadable and not row.errors:
                continue
            table.rows.append(row)
            for index, value in enumerate(row.values):
                if value is not None:
                    last_used[index] = row.number
            if len(table.rows) > row_limit:
                raise FileRefused(f"The sheet “{sheet.title}” has more than {row_limit:,} entries, the most that can "
                                  "be imported at once. Split it into smaller files.")
    finally:
        parser.source.close()  # type: ignore[attr-defined]
    _refuse_hidden_or_merged(parser, table, last_used)
    return table


def _refuse_hidden_or_merged(parser: object, table: Table, last_used: dict[int, int]) -> None:
    from openpyxl.utils import column_index_from_string, range_boundaries

    merged = getattr(parser, "merged_cells", None)
    for cell_range in getattr(merged, "mergeCell", []) or []:
        min_col, min_row, max_col, max_row = range_boundaries(cell_range.ref)
        if max_row >= table.header_row:
            raise FileRefused(f"Cells {cell_range.ref} on sheet “{table.sheet}” are merged. Merged cells hide which "
                              "row a value belongs to: unmerge them in Excel (Home, Merge & Center), then import again.")
    data_rows = {row.number for row in table.rows}
    for number, attrs in parser.row_dimensions.items():  # type: ignore[attr-defined]
        if attrs.get("hidden") in ("1", "true") and (int(number) in data_rows or int(number) == table.header_row):
            raise FileRefused(f"Row {number} on sheet “{table.sheet}” is hidden but holds data. Unhide every row "
                              "(select all, right-click a row number, Unhide) and check it, then import again.")
    for attrs in parser.column_dimensions.values():  # type: ignore[attr-defined]
        if attrs.get("hidden") not in ("1", "true"):
            continue
        first = int(attrs.get("min", column_index_from_string(attrs["index"])))
        last = int(attrs.get("max", first))
        header_used = {i for i, v in enumerate(table.header) if v is not None}
        if any(i in last_used or i in header_used for i in range(first - 1, last)):
            raise FileRefused(f"Column {attrs['index']} on sheet “{table.sheet}” is hidden but holds data. Unhide "
                              "every column and check it, then import again.")


# -- CSV ----------------------------------------------------------------------------------


def _read_csv(path: Path, head: bytes, row_limit: int, is_header: HeaderTest) -> Table:
    encoding = _csv_encoding(head)
    if encoding == "utf-8-sig":
        try:
            return _parse_csv(path, encoding, row_limit, is_header)
        except UnicodeDecodeError:
            encoding = "cp1252"  # Excel's "CSV (Comma delimited)" on a UK Windows machine
    try:
        return _parse_csv(path, encoding, row_limit, is_header)
    except UnicodeDecodeError:
        raise FileRefused("The file's text is in an encoding this program cannot read (not UTF-8 or Windows-1252). "
                          "In Excel choose Save As, “CSV UTF-8”, then import that.") from None


def _csv_encoding(head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        raise FileRefused("This file is not a spreadsheet: it holds binary data, not text. "
                          "Send the chronology as .xlsx or .csv.")
    return "utf-8-sig"


def _delimiter(first_line: str) -> str:
    outside = re.sub(r'"[^"]*"', "", first_line)
    counts = {d: outside.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _parse_csv(path: Path, encoding: str, row_limit: int, is_header: HeaderTest) -> Table:
    with open(path, "rb") as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        first = text.readline()
        text.seek(0)
        reader = csv.reader(text, delimiter=_delimiter(first), strict=True)
        table: Table | None = None
        preamble: list[Row] = []
        number = 0
        try:
            for number, record in enumerate(reader, start=1):
                values = tuple(v if v.strip() else None for v in record)
                if any(ch in v for v in record for ch in ("\x00",)):
                    raise FileRefused(f"Row {number} holds binary data; this is not a proper CSV file.")
                if table is None:
                    if is_header(values):
                        table = Table("csv", path.name, number, values, preamble)
                    elif number >= HEADER_SCAN_ROWS:
                        break
                    else:
                        preamble.append(Row(number, values))
                    continue
                if all(v is None for v in values):
                    continue
                table.rows.append(Row(number, values))
                if len(table.rows) > row_limit:
                    raise FileRefused(f"The file has more than {row_limit:,} entries, the most that can be imported "
                                      "at once. Split it into smaller files.")
        except csv.Error as error:
            detail = "a cell is too long" if "field larger" in str(error) else "a quote mark is not closed or is misplaced"
            raise FileRefused(f"Row {number + 1} cannot be read as CSV: {detail}. Open the file in Excel, check that "
                              "row, save it and import again.") from None
    if table is None:
        raise FileRefused("No heading row with the chronology's columns (Date, Source type, Source, Event) was found "
                          "near the top of the file. Use the chronology template.")
    return table
