"""Fuzzing the importer: whatever a file holds, the import either stores exactly the
valid rows or refuses with plain words and changes nothing. Never a crash."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from lipanel_desktop.errors import KnownError
from lipanel_desktop.services.chronology.columns import is_header
from lipanel_desktop.services.chronology.importer import ImportRefused, commit_import, preview_import
from lipanel_desktop.services.chronology.spreadsheet import read_table
from tests.unit.chronology_fixtures import counts, make_review, row, write_csv, write_xlsx

TODAY = date(2026, 5, 1)
dates = st.one_of(
    st.sampled_from(["03/04/2019", "3/4/19", "April 2019", "c. 2018", "before 05/2019", "31/04/2019", "04/13/2019",
                     "Apr 19", "", "2030", "2019", "43558", "=A1", "between 2017 and 2018"]),
    st.text(max_size=20),
)
cells = st.one_of(st.none(), st.text(max_size=40), st.sampled_from(["Record", "person", "DOCUMENT", "High", "low"]))
rows = st.lists(
    st.tuples(dates, st.sampled_from(["Record", "Person", "Document", "", "Phone"]), cells,
              st.text(min_size=0, max_size=60), st.sampled_from(["High", "Medium", "", "Urgent", "Context only"])),
    min_size=1, max_size=12,
)
SLOW = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def review(store):
    return make_review(store)


@SLOW
@given(data=rows, kind=st.sampled_from(["csv", "xlsx"]))
def test_all_or_nothing_holds_for_any_rows(store, review, tmp_path, data, kind) -> None:
    table = [row(d, event, kind=k, source=source, significance=sig) for d, k, source, event, sig in data]
    if kind == "xlsx":  # characters a workbook cannot hold at all (openpyxl will not write them)
        table = [tuple(ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in r) for r in table]
    path = tmp_path / f"fuzz.{kind}"
    (write_csv if kind == "csv" else write_xlsx)(path, table)
    before = counts(store)
    try:
        preview = preview_import(store, review.id, review.agencies["Police"], path, today=TODAY)
    except KnownError as refused:
        assert refused.message and counts(store) == before
        return
    assert len(preview.entries) + len(preview.rejected) == len(preview.table.rows)
    if preview.problems:
        with pytest.raises(ImportRefused):
            commit_import(store, preview, replace=True)
        assert counts(store) == before
        assert all(p.line().startswith(f"row {p.row}") for p in preview.problems)
    else:
        result = commit_import(store, preview, replace=True)
        assert result.imported == len(preview.entries)


@settings(max_examples=300, deadline=None)
@given(content=st.binary(max_size=2000))
def test_any_bytes_are_read_or_refused(tmp_path_factory, content: bytes) -> None:
    path = tmp_path_factory.mktemp("bytes") / "upload.csv"
    path.write_bytes(content)
    _read_or_refuse(path)


@settings(max_examples=150, deadline=None)
@given(position=st.integers(min_value=0), value=st.integers(min_value=0, max_value=255))
def test_a_damaged_workbook_is_read_or_refused(tmp_path_factory, position: int, value: int) -> None:
    folder = tmp_path_factory.mktemp("damaged")
    good = write_xlsx(folder / "good.xlsx", [row()]).read_bytes()
    damaged = bytearray(good)
    damaged[position % len(damaged)] = value
    path = folder / "damaged.xlsx"
    path.write_bytes(bytes(damaged))
    _read_or_refuse(path)


@settings(max_examples=100, deadline=None)
@given(xml=st.text(max_size=300))
def test_any_sheet_xml_is_read_or_refused(tmp_path_factory, xml: str) -> None:
    folder = tmp_path_factory.mktemp("xml")
    good = write_xlsx(folder / "good.xlsx", [row()])
    buffer = io.BytesIO()
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, xml.encode("utf-8", "replace") if name.endswith("sheet1.xml") else data)
    path = folder / "odd.xlsx"
    path.write_bytes(buffer.getvalue())
    _read_or_refuse(path)


def _read_or_refuse(path: Path) -> None:
    try:
        read_table(path, row_limit=1000, is_header=is_header)
    except KnownError as refused:
        assert refused.message
