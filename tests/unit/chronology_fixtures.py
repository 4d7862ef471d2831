"""Test data for the chronology tests: a review with a fictional child and involved
agencies, written straight into a real encrypted database, and agency files to import."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from lipanel_desktop.models.chronology import ChronologyEntry, ChronologyImport
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.models.review import AgencyCheck, ChronologyRequest, Review
from lipanel_desktop.storage.store import Store

HEADER = ("Date", "Approximate date", "Time", "Source type", "Source", "Event", "Significance", "Analysis", "Author")
CHILD = "Demo Childfictional"
DOB = date(2016, 2, 10)
PERIOD = (date(2019, 1, 1), date(2020, 12, 31))


@dataclass(frozen=True)
class ReviewSetup:
    id: int
    reference: str
    agencies: dict[str, int]


def agency_id(store: Store, name: str) -> int:
    with store.read_session() as s:
        return int(s.scalar(select(Agency.id).where(Agency.name == name)))


def make_review(
    store: Store,
    *,
    reference: str = "MALR-2026-0001",
    involved: Sequence[str] = ("Police", "Health", "Education", "Children's Social Care"),
    not_involved: Sequence[str] = ("Housing",),
    period: tuple[date | None, date | None] = PERIOD,
    dob: date | None = DOB,
) -> ReviewSetup:
    with store.session() as s:
        referral = Referral(reference=reference.replace("MALR", "LIP"), child_full_name=CHILD, child_dob=dob)
        s.add(referral)
        s.flush()
        review = Review(reference=reference, kind="malr", stage="chronologies", referral_id=referral.id,
                        period_from=period[0], period_to=period[1])
        s.add(review)
        s.flush()
        ids = dict(s.execute(select(Agency.name, Agency.id)).all())
        for name in involved:
            s.add(AgencyCheck(review_id=review.id, agency_id=ids[name], status="involved"))
            s.add(ChronologyRequest(review_id=review.id, agency_id=ids[name], due_on=date(2026, 6, 30)))
        for name in not_involved:
            s.add(AgencyCheck(review_id=review.id, agency_id=ids[name], status="not_involved"))
        return ReviewSetup(review.id, reference, {n: ids[n] for n in (*involved, *not_involved)})


def counts(store: Store) -> tuple[int, int]:
    """(entries, imports): compared before and after a refused import."""
    with store.read_session() as s:
        return (
            int(s.scalar(select(func.count()).select_from(ChronologyEntry))),
            int(s.scalar(select(func.count()).select_from(ChronologyImport))),
        )


def row(date_: object = "03/04/2019", event: str = "Police called to a domestic incident at the family home",
        *, approx: object = None, time_: object = None, kind: object = "Record", source: object = "Incident log 12",
        significance: object = "High", analysis: object = "", author: object = "PC Fictional") -> tuple:
    return (date_, approx, time_, kind, source, event, significance, analysis, author)


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], *, header: Sequence[object] = HEADER,
               preamble: Sequence[Sequence[object]] = (), title: str = "Chronology") -> Path:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = title
    for values in preamble:
        ws.append(list(values))
    ws.append(list(header))
    for values in rows:
        ws.append(list(values))
    book.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence[object]], *, header: Sequence[object] = HEADER,
              encoding: str = "utf-8", delimiter: str = ",", preamble: Sequence[Sequence[object]] = ()) -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        for values in [*preamble, header, *rows]:
            writer.writerow(["" if v is None else v for v in values])
    return path


# -- hand-made workbooks: what openpyxl will not write (saved formula results, lies) ------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE = ('<Override PartName="/xl/worksheets/sheet{n}.xml" '
               'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def cell_xml(ref: str, value: object, *, formula: str | None = None) -> str:
    """One cell: text as an inline string, numbers as numbers, with an optional formula
    (saved result = `value`; None = no saved result)."""
    f = f"<f>{formula}</f>" if formula is not None else ""
    if value is None:
        return f'<c r="{ref}">{f}</c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}">{f}<v>{value}</v></c>'
    text = str(value).replace("&", "&amp;").replace("<", "&lt;")
    if formula is not None:
        return f'<c r="{ref}" t="str">{f}<v>{text}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def rows_xml(rows: Sequence[Sequence[object]], *, first: int = 1, hidden: Sequence[int] = ()) -> str:
    out = []
    for number, values in enumerate(rows, start=first):
        cells = "".join(cell_xml(f"{chr(65 + i)}{number}", v) for i, v in enumerate(values) if v is not None)
        flag = ' hidden="1"' if number in hidden else ""
        out.append(f'<row r="{number}"{flag}>{cells}</row>')
    return "".join(out)


def sheet_xml(body: str, *, dimension: str | None = None, after: str = "", before: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
            f"{dim}{before}<sheetData>{body}</sheetData>{after}</worksheet>")


def raw_xlsx(path: Path, sheets: Sequence[tuple[str, str, str]]) -> Path:
    """A workbook from (name, state, sheet XML) triples, written by hand."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES.format(
            sheets="".join(_SHEET_TYPE.format(n=n) for n in range(1, len(sheets) + 1))))
        archive.writestr("_rels/.rels", _ROOT_RELS)
        entries = "".join(
            f'<sheet name="{name}" sheetId="{n}" state="{state}" r:id="rId{n}"/>'
            for n, (name, state, _) in enumerate(sheets, start=1))
        archive.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                         f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{entries}</sheets></workbook>')
        rels = "".join(
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(sheets) + 1))
        archive.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         f"{rels}</Relationships>")
        for n, (_, _, xml) in enumerate(sheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{n}.xml", xml)
    return path
