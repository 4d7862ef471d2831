"""Importing agency chronologies: the good path, all-or-nothing, valid rows only,
re-import, audit, and every hostile file refused with a clear message and no change."""

from __future__ import annotations

import codecs
import io
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lipanel_desktop.errors import KnownError, NotPermitted
from lipanel_desktop.models.audit import AuditEntry
from lipanel_desktop.models.chronology import ChronologyImport
from lipanel_desktop.services import organisation
from lipanel_desktop.services.chronology.entries import ChronologyService
from lipanel_desktop.services.chronology.fields import EntryInput
from lipanel_desktop.services.chronology.importer import (
    ImportRefused,
    ReplaceNeeded,
    commit_import,
    preview_import,
)
from lipanel_desktop.services.chronology.templates import export_templates
from tests.unit.chronology_fixtures import (
    HEADER,
    counts,
    make_review,
    raw_xlsx,
    row,
    rows_xml,
    sheet_xml,
    write_csv,
    write_xlsx,
)

GOOD = [
    row("03/04/2019", "Police called to a domestic incident at the family home", time_="22:15"),
    row(None, "Welfare check; children seen and safe", approx="April 2019", kind="Person", source="PC Fictional",
        significance="Medium"),
    row("c. 2018", "Family known to police from previous address", kind="Document", source="Intelligence report",
        significance="Context only"),
    row("before 05/2019", "Neighbour reports of shouting", significance="Low"),
]


@pytest.fixture
def review(store):
    return make_review(store)


def _import(store, review, path, agency="Police", **kwargs):
    preview = preview_import(store, review.id, review.agencies[agency], path, today=date(2026, 5, 1))
    return preview, commit_import(store, preview, **kwargs)


def _refused(store, review, path, match, agency="Police"):
    before = counts(store)
    with pytest.raises(KnownError) as refused:
        _import(store, review, path, agency)
    assert match in refused.value.message, refused.value.message
    assert counts(store) == before
    return refused.value


# -- the good path ------------------------------------------------------------------------


def test_an_xlsx_chronology_is_imported_with_every_date_form(store, review, tmp_path) -> None:
    preview, result = _import(store, review, write_xlsx(tmp_path / "police.xlsx", GOOD))
    assert preview.ok and result.imported == 4 and result.rejected == 0
    info, rows = ChronologyService(store).entries(review.id)
    shown = [(r.date_display, r.certainty, r.source_kind, r.significance) for r in rows]
    assert shown == [
        ("c. 2018", "circa", "document", "context"),
        ("April 2019", "month", "person", "medium"),
        ("03/04/2019 22:15", "exact", "record", "high"),
        ("before 01/05/2019", "before", "record", "low"),
    ]
    assert {r.agency for r in rows} == {"Police"}
    assert rows[0].outside_period and not rows[2].outside_period  # 2018 is before the period: flagged, kept


def test_a_csv_chronology_is_imported(store, review, tmp_path) -> None:
    _, result = _import(store, review, write_csv(tmp_path / "police.csv", GOOD))
    assert result.imported == 4


def test_every_import_is_audited(store, review, tmp_path) -> None:
    _, result = _import(store, review, write_xlsx(tmp_path / "police.xlsx", GOOD))
    with store.read_session() as s:
        events = s.execute(select(AuditEntry.entity, AuditEntry.entity_id, AuditEntry.action)).all()
    assert ("chronology_imports", str(result.import_id), "import") in events
    assert ("chronology_entries", "4 rows", "bulk insert") in events
    with store.read_session() as s:
        record = s.get(ChronologyImport, result.import_id)
        assert (record.imported_by, record.file_kind, record.rows_imported) == ("admin", "xlsx", 4)


def test_the_template_round_trips(store, review, tmp_path) -> None:
    police = review.agencies["Police"]
    (template,) = export_templates(store, review.id, [police], tmp_path, kind="xlsx")
    book = load_workbook(template.path)
    ws = book["Chronology"]
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Date")
    for offset, values in enumerate(GOOD, start=1):
        for column, value in enumerate(values, start=1):
            ws.cell(header + offset, column, value)
    book.save(tmp_path / "filled.xlsx")
    _, result = _import(store, review, tmp_path / "filled.xlsx")
    assert result.imported == 4


def test_the_csv_template_round_trips(store, review, tmp_path) -> None:
    (template,) = export_templates(store, review.id, [review.agencies["Health"]], tmp_path, kind="csv")
    text = template.path.read_text(encoding="utf-8-sig")
    assert "MALR-2026-0001" in text and "Health" in text
    filled = tmp_path / "filled.csv"
    filled.write_text(text + "03/04/2019,,,Record,GP record,Seen by GP for a cough,Low,,Dr Fictional\r\n",
                      encoding="utf-8-sig")
    _, result = _import(store, review, filled, agency="Health")
    assert result.imported == 1


# -- all or nothing, valid rows only, re-import -------------------------------------------


def test_one_bad_row_imports_nothing_and_names_row_and_column(store, review, tmp_path) -> None:
    rows = [*GOOD, row("31/04/2019", "Visit"), row("04/13/2019", "Call", kind="Phone call", source="")]
    error = _refused(store, review, write_xlsx(tmp_path / "bad.xlsx", rows), "Nothing was imported")
    assert isinstance(error, ImportRefused)
    lines = [p.line() for p in error.problems]
    assert lines == [
        "row 6, column A (Date): April 2019 has only 30 days, so day 31 does not exist.",
        "row 7, column A (Date): “04/13/2019” looks like a US date (month first). Dates are read day first: "
        "write 13/04/2019.",
        "row 7, column D (Source type): The source type must be Record, Person or Document.",
        "row 7, column E (Source): Give the source: which record, person or document this comes from.",
    ]


def test_valid_rows_only_saves_the_rejected_rows_with_their_problems(store, review, tmp_path) -> None:
    rows = [*GOOD, row("31/04/2019", "Visit by =officer")]
    path = write_xlsx(tmp_path / "bad.xlsx", rows)
    preview = preview_import(store, review.id, review.agencies["Police"], path, today=date(2026, 5, 1))
    with pytest.raises(KnownError, match="Choose where to save the rejected rows"):
        commit_import(store, preview, valid_rows_only=True)
    result = commit_import(store, preview, valid_rows_only=True, rejected_file=tmp_path / "rejected.xlsx")
    assert (result.imported, result.rejected) == (4, 1)
    saved = list(load_workbook(tmp_path / "rejected.xlsx").active.iter_rows(values_only=True))
    assert saved[0][:9] == HEADER and saved[0][9] == "Problems found on import"
    assert saved[1][0] == "31/04/2019" and "row 6, column A (Date)" in saved[1][9]
    assert counts(store) == (4, 1)


def test_rejected_rows_from_a_csv_go_to_a_csv_that_excel_will_not_run(store, review, tmp_path) -> None:
    rows = [*GOOD, row("31/04/2019", "+44 number rang =HYPERLINK(x)")]
    preview = preview_import(store, review.id, review.agencies["Police"], write_csv(tmp_path / "p.csv", rows),
                             today=date(2026, 5, 1))
    commit_import(store, preview, valid_rows_only=True, rejected_file=tmp_path / "rejected.csv")
    text = (tmp_path / "rejected.csv").read_text(encoding="utf-8-sig")
    assert "'+44 number rang =HYPERLINK(x)" in text


def test_reimporting_replaces_the_earlier_import_only_when_confirmed(store, review, tmp_path) -> None:
    first = write_xlsx(tmp_path / "first.xlsx", GOOD)
    _import(store, review, first)
    service = ChronologyService(store)
    typed = service.add(review.id, review.agencies["Police"],
                        EntryInput("05/05/2019", None, "Person", "PC Fictional", "Typed by hand", "Low"))
    second = write_xlsx(tmp_path / "second.xlsx", GOOD[:2])
    error = _refused(store, review, second, "already imported")
    assert isinstance(error, ReplaceNeeded) and "4 entries" in error.message
    _, result = _import(store, review, second, replace=True)
    assert result.replaced == 4 and result.imported == 2
    _, rows = service.entries(review.id)
    assert len(rows) == 3 and typed.id in {r.id for r in rows}
    with store.read_session() as s:
        assert s.scalars(select(ChronologyImport.replaced_previous).order_by(ChronologyImport.id)).all() == [False, True]


def test_another_agency_is_not_replaced(store, review, tmp_path) -> None:
    _import(store, review, write_xlsx(tmp_path / "p.xlsx", GOOD))
    _, result = _import(store, review, write_xlsx(tmp_path / "h.xlsx", GOOD[:1]), agency="Health")
    assert result.replaced == 0 and counts(store) == (5, 2)


def test_an_agency_that_said_it_was_not_involved_is_refused(store, review, tmp_path) -> None:
    _refused(store, review, write_xlsx(tmp_path / "h.xlsx", GOOD), "says they were not involved", agency="Housing")


def test_a_template_for_another_review_or_agency_is_refused(store, review, tmp_path) -> None:
    other = write_xlsx(tmp_path / "o.xlsx", GOOD, preamble=[("Review reference", "MALR-2025-0099")])
    _refused(store, review, other, "prepared for review MALR-2025-0099")
    wrong_agency = write_xlsx(tmp_path / "w.xlsx", GOOD, preamble=[("Agency", "Health")])
    _refused(store, review, wrong_agency, "prepared for Health, not Police")


def test_a_read_only_user_cannot_import(store, review, tmp_path) -> None:
    from lipanel_desktop.storage.store import Identity, Store

    reader = Store(store.path, bytearray(store.key_for_backup()), Identity("reader", "read-only"))
    try:
        with pytest.raises(NotPermitted):
            preview_import(reader, review.id, review.agencies["Police"], write_xlsx(tmp_path / "p.xlsx", GOOD))
    finally:
        reader.close()


# -- hostile and broken files -------------------------------------------------------------


def test_formulas_are_read_as_their_saved_values_and_never_run(store, review, tmp_path) -> None:
    body = rows_xml([HEADER]) + (
        '<row r="2"><c r="A2"><f>43000+558</f><v>43558</v></c>'
        '<c r="D2" t="inlineStr"><is><t>Record</t></is></c><c r="E2" t="inlineStr"><is><t>Log</t></is></c>'
        '<c r="F2" t="str"><f>WEBSERVICE("http://example.invalid")</f><v>Saved text of the event</v></c></row>'
    )
    _, result = _import(store, review, raw_xlsx(tmp_path / "f.xlsx", [("Chronology", "visible", sheet_xml(body))]))
    _, rows = ChronologyService(store).entries(review.id)
    assert result.imported == 1 and (rows[0].date_from, rows[0].event) == (date(2019, 4, 3), "Saved text of the event")


def test_a_formula_without_a_saved_result_is_refused(store, review, tmp_path) -> None:
    body = rows_xml([HEADER]) + (
        '<row r="2"><c r="A2"><f>TODAY()-30</f></c><c r="D2" t="inlineStr"><is><t>Record</t></is></c>'
        '<c r="E2" t="inlineStr"><is><t>Log</t></is></c><c r="F2" t="inlineStr"><is><t>Visit</t></is></c></row>'
    )
    error = _refused(store, review, raw_xlsx(tmp_path / "f.xlsx", [("Chronology", "visible", sheet_xml(body))]),
                     "Nothing was imported")
    assert "row 2, column A (Date): this cell holds a formula with no saved result" in error.problems[0].line()


def test_an_excel_error_cell_is_refused(store, review, tmp_path) -> None:
    body = rows_xml([HEADER]) + (
        '<row r="2"><c r="A2" t="e"><f>A9/0</f><v>#DIV/0!</v></c><c r="D2" t="inlineStr"><is><t>Record</t></is>'
        '</c><c r="E2" t="inlineStr"><is><t>Log</t></is></c><c r="F2" t="inlineStr"><is><t>Visit</t></is></c></row>'
    )
    error = _refused(store, review, raw_xlsx(tmp_path / "e.xlsx", [("Chronology", "visible", sheet_xml(body))]),
                     "Nothing was imported")
    assert "Excel error" in error.problems[0].message


def test_merged_cells_are_refused(store, review, tmp_path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append(list(HEADER))
    ws.append(list(GOOD[0]))
    ws.append(list(GOOD[2]))
    ws.merge_cells("F2:F3")
    book.save(tmp_path / "m.xlsx")
    _refused(store, review, tmp_path / "m.xlsx", "Cells F2:F3 on sheet “Sheet” are merged")


def test_a_hidden_sheet_is_refused(store, review, tmp_path) -> None:
    visible = sheet_xml(rows_xml([HEADER, GOOD[0]]))
    secret = sheet_xml(rows_xml([("Notes not for sharing",)]))
    path = raw_xlsx(tmp_path / "h.xlsx", [("Chronology", "visible", visible), ("Secret", "hidden", secret)])
    _refused(store, review, path, "hidden sheet (“Secret”)")


def test_a_hidden_row_with_data_is_refused(store, review, tmp_path) -> None:
    path = raw_xlsx(tmp_path / "h.xlsx", [("Chronology", "visible",
                                          sheet_xml(rows_xml([HEADER, GOOD[0], GOOD[1]], hidden=[3])))])
    _refused(store, review, path, "Row 3 on sheet “Chronology” is hidden")


def test_a_hidden_column_with_data_is_refused(store, review, tmp_path) -> None:
    cols = '<cols><col min="8" max="8" width="0" hidden="1"/></cols>'
    path = raw_xlsx(tmp_path / "h.xlsx", [("Chronology", "visible",
                                          sheet_xml(rows_xml([HEADER, GOOD[0]]), before=cols))])
    _refused(store, review, path, "Column H on sheet “Chronology” is hidden")


def test_a_workbook_without_the_chronology_columns_is_refused(store, review, tmp_path) -> None:
    path = write_xlsx(tmp_path / "budget.xlsx", [("Paper", 12.5)], header=("Item", "Cost"), title="Budget")
    _refused(store, review, path, "No sheet has the chronology's columns")


def test_the_chronology_sheet_is_found_beside_others_and_a_choice_is_refused(store, review, tmp_path) -> None:
    notes = sheet_xml(rows_xml([("Notes",)]))
    one = sheet_xml(rows_xml([HEADER, GOOD[0]]))
    _, result = _import(store, review, raw_xlsx(tmp_path / "a.xlsx", [("Notes", "visible", notes),
                                                                      ("Sheet2", "visible", one)]))
    assert result.imported == 1
    two = raw_xlsx(tmp_path / "b.xlsx", [("Police", "visible", one), ("Health", "visible", one)])
    _refused(store, review, two, "More than one sheet looks like a chronology (“Police”, “Health”)")


def test_a_missing_required_column_is_refused(store, review, tmp_path) -> None:
    header = ("Date", "Event", "Significance")
    _refused(store, review, write_xlsx(tmp_path / "x.xlsx", [("03/04/2019", "Visit", "High")], header=header),
             "has no “Source type”, “Source” column")


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "The file is empty"),
        (b"\r\n  \r\n", "The file is empty"),
        (b"%PDF-1.7\n...", "PDF document"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "picture"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old-style Excel file (.xls)"),
        (bytes(range(256)) * 4, "binary data"),
        (b"Just some notes\r\nwith no headings\r\n", "No heading row"),
    ],
)
def test_files_that_are_not_chronologies_are_refused(store, review, tmp_path, content, match) -> None:
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    _refused(store, review, path, match)


def test_a_renamed_file_and_a_word_document_are_refused(store, review, tmp_path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("Date,Event\n03/04/2019,Visit\n")
    _refused(store, review, fake, "named as an Excel workbook but is not one")
    docx = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    _refused(store, review, docx, "Word document")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04" + bytes(200))
    _refused(store, review, broken, "damaged")


def test_a_zip_bomb_disguised_as_xlsx_is_refused_before_it_is_opened(store, review, tmp_path) -> None:
    bomb = tmp_path / "chronology.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            block = bytes(1 << 20)
            for _ in range(64):
                part.write(block)
    assert bomb.stat().st_size < 1 << 20
    started = time.perf_counter()
    _refused(store, review, bomb, "zip bomb")
    assert time.perf_counter() - started < 2


def test_xml_entities_are_refused(store, review, tmp_path) -> None:
    body = sheet_xml(rows_xml([HEADER, GOOD[0]]))
    evil = body.replace("<worksheet", '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><worksheet', 1)
    _refused(store, review, raw_xlsx(tmp_path / "x.xlsx", [("Chronology", "visible", evil)]), "XML features")


def test_a_sheet_over_the_row_limit_is_refused_from_its_declared_size(store, review, tmp_path) -> None:
    xml = sheet_xml(rows_xml([HEADER, GOOD[0]]), dimension="A1:I1000000")
    _refused(store, review, raw_xlsx(tmp_path / "big.xlsx", [("Chronology", "visible", xml)]),
             "has 1,000,000 rows; at most 50,000")


def test_a_million_row_sheet_that_hides_its_size_is_refused_without_reading_it_all(store, review, tmp_path) -> None:
    with store.session() as s:
        organisation.write(s, "chronology_import_row_limit", 1000)
    path = tmp_path / "million.xlsx"
    raw_xlsx(path, [("Chronology", "visible", sheet_xml("@ROWS@"))])
    _million_rows(path)
    started = time.perf_counter()
    _refused(store, review, path, "more than 1,000 entries")
    assert time.perf_counter() - started < 10  # reading all 1,000,000 rows takes minutes


def _million_rows(path: Path) -> None:
    """Rewrite the sheet so it streams a million distinct rows (no <dimension>)."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    head, tail = parts["xl/worksheets/sheet1.xml"].decode().split("@ROWS@")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(head.encode() + rows_xml([HEADER]).encode())
            for start in range(2, 1_000_002, 10_000):
                chunk = "".join(
                    f'<row r="{n}"><c r="A{n}"><v>{43000 + n % 900}</v></c><c r="F{n}" t="inlineStr"><is><t>Entry '
                    f"{n * 7919 % 1000003}</t></is></c></row>" for n in range(start, start + 10_000))
                part.write(chunk.encode())
            part.write(tail.encode())


def test_a_csv_over_the_row_limit_is_refused(store, review, tmp_path) -> None:
    with store.session() as s:
        organisation.write(s, "chronology_import_row_limit", 100)
    _refused(store, review, write_csv(tmp_path / "big.csv", [GOOD[0]] * 101), "more than 100 entries")


def test_a_windows_1252_csv_is_read(store, review, tmp_path) -> None:
    event = "Mother paid £20 towards café rent \u2018arrears\u2019 \u2013 told the officer"
    _import(store, review, write_csv(tmp_path / "ansi.csv", [row("03/04/2019", event)], encoding="cp1252"))
    _, rows = ChronologyService(store).entries(review.id)
    assert rows[0].event == event


def test_a_utf16_tab_separated_export_is_read(store, review, tmp_path) -> None:
    path = tmp_path / "unicode.txt"
    buffer = io.StringIO()
    write_csv(tmp_path / "tmp.csv", [row("03/04/2019", "Visit to Zoë")], delimiter="\t")
    buffer.write((tmp_path / "tmp.csv").read_text(encoding="utf-8"))
    path.write_bytes(codecs.BOM_UTF16_LE + buffer.getvalue().encode("utf-16-le"))
    _, result = _import(store, review, path)
    assert result.imported == 1


def test_text_in_neither_utf8_nor_windows_1252_is_refused(store, review, tmp_path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(",".join(HEADER).encode() + b"\r\n03/04/2019,,,Record,Log,Visit \x81\x8d here,,,\r\n")
    _refused(store, review, path, "encoding")


def test_embedded_newlines_and_quotes_in_a_csv_survive(store, review, tmp_path) -> None:
    event = 'Mother said "he was fine",\nthen left.\r\nSecond paragraph, with, commas.'
    _import(store, review, write_csv(tmp_path / "q.csv", [row("03/04/2019", event), GOOD[1]]))
    _, rows = ChronologyService(store).entries(review.id)
    assert rows[1].event == event.replace("\r\n", "\n")


def test_a_broken_quote_in_a_csv_is_refused(store, review, tmp_path) -> None:
    path = tmp_path / "q.csv"
    path.write_text(",".join(HEADER) + '\r\n03/04/2019,,,Record,Log,"Visit "unclosed,,,\r\n')
    _refused(store, review, path, "Row 2 cannot be read as CSV")


def test_a_formula_typed_into_a_csv_is_not_taken_as_text(store, review, tmp_path) -> None:
    error = _refused(store, review, write_csv(tmp_path / "f.csv", [row("03/04/2019", "=cmd|' /C calc'!A0")]),
                     "Nothing was imported")
    assert "looks like a spreadsheet formula" in error.problems[0].message


def test_a_header_with_no_rows_is_refused(store, review, tmp_path) -> None:
    _refused(store, review, write_xlsx(tmp_path / "empty.xlsx", []), "no entries below them")


def test_a_missing_file_and_a_folder_are_refused(store, review, tmp_path) -> None:
    _refused(store, review, tmp_path / "nowhere.xlsx", "cannot be found")
    _refused(store, review, tmp_path, "folder")


def test_an_empty_workbook_is_refused_in_words(store, review, tmp_path) -> None:
    from openpyxl import Workbook

    Workbook().save(tmp_path / "empty.xlsx")
    _refused(store, review, tmp_path / "empty.xlsx", "The workbook is empty")


def _hostile(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """One file of each hostile kind the issue names -> the words its refusal must hold."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(list(HEADER))
    book.active.append(list(GOOD[0]))
    book.active.append(list(GOOD[2]))
    book.active.merge_cells("F2:F3")
    book.save(tmp_path / "merged.xlsx")
    Workbook().save(tmp_path / "empty.xlsx")
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "report.xlsx").write_bytes(b"%PDF-1.7\n" + bytes(64))
    (tmp_path / "odd.csv").write_bytes(",".join(HEADER).encode() + b"\r\n03/04/2019,,,Record,Log,Visit \x81\x8d,,,\r\n")
    (tmp_path / "quote.csv").write_text(",".join(HEADER) + '\r\n03/04/2019,,,Record,Log,"Visit "unclosed,,,\r\n')
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", bytes(64 << 20))
    visible = sheet_xml(rows_xml([HEADER, GOOD[0]]))
    no_result = rows_xml([HEADER]) + (
        '<row r="2"><c r="A2"><f>TODAY()-30</f></c><c r="D2" t="inlineStr"><is><t>Record</t></is></c>'
        '<c r="E2" t="inlineStr"><is><t>Log</t></is></c><c r="F2" t="inlineStr"><is><t>Visit</t></is></c></row>')
    return {
        "formula with no saved result": (raw_xlsx(tmp_path / "formula.xlsx", [
            ("Chronology", "visible", sheet_xml(no_result))]), "Nothing was imported"),
        "formula typed into a CSV": (write_csv(tmp_path / "formula.csv", [row("03/04/2019", "=cmd|' /C calc'!A0")]),
                                     "Nothing was imported"),
        "merged cells": (tmp_path / "merged.xlsx", "are merged"),
        "hidden sheet": (raw_xlsx(tmp_path / "hidden.xlsx", [("Chronology", "visible", visible),
                                                             ("Secret", "hidden", visible)]), "hidden sheet"),
        "wrong sheet": (write_xlsx(tmp_path / "budget.xlsx", [("Paper", 12.5)], header=("Item", "Cost")),
                        "No sheet has the chronology's columns"),
        "empty workbook": (tmp_path / "empty.xlsx", "The workbook is empty"),
        "empty file": (tmp_path / "empty.csv", "The file is empty"),
        "a million rows": (raw_xlsx(tmp_path / "big.xlsx", [("Chronology", "visible", sheet_xml(
            rows_xml([HEADER, GOOD[0]]), dimension="A1:I1000000"))]), "has 1,000,000 rows"),
        "neither UTF-8 nor Windows-1252": (tmp_path / "odd.csv", "encoding"),
        "a broken quote": (tmp_path / "quote.csv", "cannot be read as CSV"),
        "not a spreadsheet": (tmp_path / "report.xlsx", "PDF document"),
        "zip bomb": (bomb, "zip bomb"),
    }


def test_a_hostile_file_changes_nothing_even_over_an_earlier_import_being_replaced(store, review, tmp_path) -> None:
    """The replacement is confirmed, yet a refused file leaves the agency's earlier
    chronology exactly as it was: the same entries, the same count, no new import."""
    _import(store, review, write_xlsx(tmp_path / "first.xlsx", GOOD))
    service = ChronologyService(store)
    kept = service.entries(review.id)[1]
    assert counts(store) == (4, 1)
    for kind, (path, words) in _hostile(tmp_path).items():
        with pytest.raises(KnownError) as refused:
            _import(store, review, path, replace=True)
        assert words in refused.value.message, (kind, refused.value.message)
        assert "Traceback" not in refused.value.message
        assert counts(store) == (4, 1), kind
        assert service.entries(review.id)[1] == kept, kind
