"""Agency chronology templates: reference and period, protected headings, validated
dates, lists, no child's name unless asked (and audited), safe file names."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from lipanel_desktop.errors import KnownError, NotPermitted
from lipanel_desktop.models.audit import AuditEntry
from lipanel_desktop.services.chronology.templates import export_templates, template_name
from lipanel_desktop.storage.store import Identity, Store
from tests.unit.chronology_fixtures import CHILD, make_review


@pytest.fixture
def review(store):
    return make_review(store)


def _cells(ws) -> list[str]:
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def test_one_xlsx_template_per_agency_with_reference_period_and_instructions(store, review, tmp_path) -> None:
    ids = [review.agencies["Police"], review.agencies["Health"]]
    made = export_templates(store, review.id, ids, tmp_path)
    assert [f.path.name for f in made] == ["Chronology template MALR-2026-0001 Police.xlsx",
                                           "Chronology template MALR-2026-0001 Health.xlsx"]
    ws = load_workbook(made[0].path)["Chronology"]
    lines = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, 8)}
    assert lines["Review reference"] == "MALR-2026-0001" and lines["Agency"] == "Police"
    assert lines["Period under review"] == "01/01/2019 to 31/12/2020"
    assert lines["Please return by"] == "30/06/2026"
    assert "day first" in lines["Instructions"]
    assert CHILD not in " ".join(_cells(ws))
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Date")
    assert [ws.cell(header, c).value for c in range(1, 10)] == [
        "Date", "Approximate date", "Time", "Source type", "Source", "Event", "Significance", "Analysis", "Author"]


def test_headings_are_protected_and_entry_columns_open(store, review, tmp_path) -> None:
    (made,) = export_templates(store, review.id, [review.agencies["Police"]], tmp_path)
    ws = load_workbook(made.path)["Chronology"]
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Date")
    assert ws.protection.sheet is True
    assert ws.cell(1, 1).protection.locked and ws.cell(header, 6).protection.locked
    for letter in "ABCDEFGHI":
        assert ws.column_dimensions[letter].protection.locked is False
    assert ws.freeze_panes == f"A{header + 1}"


def test_dates_times_and_lists_are_validated(store, review, tmp_path) -> None:
    (made,) = export_templates(store, review.id, [review.agencies["Police"]], tmp_path)
    ws = load_workbook(made.path)["Chronology"]
    rules = {str(v.sqref).split(":")[0][0]: v for v in ws.data_validations.dataValidation}
    assert rules["A"].type == "date" and rules["A"].formula2 == "TODAY()" and rules["A"].showErrorMessage
    assert rules["C"].type == "time"
    assert rules["D"].type == "list" and rules["D"].formula1 == '"Record,Person,Document"'
    assert rules["G"].formula1 == '"High,Medium,Low,Context only"'
    assert rules["F"].type == "textLength"
    assert ws.column_dimensions["B"].number_format == "@"  # "April 2019" must stay text


def test_the_childs_name_only_when_ticked_and_that_export_is_audited(store, review, tmp_path) -> None:
    (made,) = export_templates(store, review.id, [review.agencies["Police"]], tmp_path, include_name=True)
    assert CHILD in _cells(load_workbook(made.path)["Chronology"])
    assert CHILD not in made.path.name
    (csv_made,) = export_templates(store, review.id, [review.agencies["Police"]], tmp_path, kind="csv")
    assert CHILD not in csv_made.path.read_text(encoding="utf-8-sig")
    with store.read_session() as s:
        fields = s.scalars(select(AuditEntry.fields).where(AuditEntry.action == "export")).all()
    assert fields == ['["child_full_name", "chronology_template", "xlsx"]', '["chronology_template", "csv"]']


def test_nothing_from_the_record_goes_into_the_workbook_properties(store, review, tmp_path) -> None:
    (made,) = export_templates(store, review.id, [review.agencies["Police"]], tmp_path, include_name=True)
    props = load_workbook(made.path).properties
    assert CHILD not in " ".join(str(v) for v in vars(props).values())
    assert props.creator == "Stockport Safeguarding Children Board"


def test_bad_requests_are_refused(store, review, tmp_path) -> None:
    police = review.agencies["Police"]
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(KnownError, match="at least one agency"):
        export_templates(store, review.id, [], tmp_path)
    with pytest.raises(KnownError, match=".xlsx or .csv"):
        export_templates(store, review.id, [police], tmp_path, kind="pdf")
    with pytest.raises(KnownError, match="folder"):
        export_templates(store, review.id, [police], tmp_path / "missing")
    with pytest.raises(KnownError, match="no longer in the agencies list"):
        export_templates(store, review.id, [9999], tmp_path)
    reader = Store(store.path, bytearray(store.key_for_backup()), Identity("reader", "read-only"))
    try:
        with pytest.raises(NotPermitted):
            export_templates(reader, review.id, [police], tmp_path)
    finally:
        reader.close()
    assert list(tmp_path.iterdir()) == []


def test_file_names_hold_only_safe_characters() -> None:
    assert template_name("MALR-2026-0001", "Health/Acute: Trust*", "xlsx") == \
        "Chronology template MALR-2026-0001 Health Acute Trust.xlsx"
