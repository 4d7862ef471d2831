"""`lipanel-admin import-chronology` as a subprocess against a real encrypted database."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from lipanel_desktop.services.chronology.entries import ChronologyService
from lipanel_desktop.storage.store import Store
from tests.conftest import ADMIN, ADMIN_PASSWORD, run_admin
from tests.unit.chronology_fixtures import counts, make_review, row, write_csv, write_xlsx

GOOD = [row("03/04/2019", "Police called to a domestic incident"), row("April 2019", "Welfare check", kind="Person"),
        row("c. 2018", "Known to police at previous address", significance="Context only")]


def _run(db_path: Path, *args: object, password: str = ADMIN_PASSWORD):
    return run_admin("import-chronology", db_path, "--user", ADMIN, *args, stdin=password + "\n")


def test_import_then_replace(store: Store, db_path: Path, tmp_path: Path) -> None:
    review = make_review(store)
    path = write_xlsx(tmp_path / "police.xlsx", GOOD)
    first = _run(db_path, "--review", review.reference, "--agency", "police", path)
    assert first.returncode == 0, first.stderr.decode()
    assert first.stdout.decode().splitlines() == [
        "Imported 3 entries from Police into MALR-2026-0001.",
        "1 of them are dated outside the period under review (kept, and flagged).",
    ]
    again = _run(db_path, "--review", str(review.id), "--agency", "Police", path)
    assert again.returncode == 2
    assert b"already imported" in again.stderr and b"--replace" in again.stderr
    assert len(again.stderr.decode().strip().splitlines()) == 1
    assert counts(store) == (3, 1)
    replaced = _run(db_path, "--review", str(review.id), "--agency", "Police", "--replace",
                    write_csv(tmp_path / "p.csv", GOOD[:2]))
    assert replaced.returncode == 0 and b"replacing 3 from the earlier import" in replaced.stdout
    assert counts(store) == (2, 2)


def test_every_problem_is_one_line_then_exit_2_and_nothing_changes(store: Store, db_path: Path, tmp_path: Path) -> None:
    review = make_review(store)
    bad = write_xlsx(tmp_path / "bad.xlsx", [*GOOD, row("31/04/2019", "Visit"), row("04/13/2019", "Call", source="")])
    result = _run(db_path, "--review", review.reference, "--agency", "Police", bad)
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert lines[:3] == [
        "row 5, column A (Date): April 2019 has only 30 days, so day 31 does not exist.",
        "row 6, column A (Date): “04/13/2019” looks like a US date (month first). Dates are read day first: "
        "write 13/04/2019.",
        "row 6, column E (Source): Give the source: which record, person or document this comes from.",
    ]
    assert lines[3].startswith("lipanel-admin: Nothing was imported: 3 problems in 2 rows.")
    assert len(lines) == 4
    assert counts(store) == (0, 0)


def test_valid_rows_only_saves_the_rejected_rows(store: Store, db_path: Path, tmp_path: Path) -> None:
    review = make_review(store)
    bad = write_xlsx(tmp_path / "bad.xlsx", [*GOOD, row("31/04/2019", "Visit")])
    missing = _run(db_path, "--review", review.reference, "--agency", "Police", "--valid-rows-only", bad)
    assert missing.returncode == 2 and b"--rejected-to" in missing.stderr
    out = tmp_path / "rejected.xlsx"
    result = _run(db_path, "--review", review.reference, "--agency", "Police", "--valid-rows-only",
                  "--rejected-to", out, bad)
    assert result.returncode == 0, result.stderr.decode()
    assert f"1 rejected row saved to {out}".encode() in result.stdout
    assert counts(store) == (3, 1)
    saved = list(load_workbook(out).active.iter_rows(values_only=True))
    assert saved[1][0] == "31/04/2019" and "does not exist" in saved[1][-1]


def test_bad_input_gets_one_clear_line(store: Store, db_path: Path, tmp_path: Path) -> None:
    review = make_review(store)
    good = write_xlsx(tmp_path / "good.xlsx", GOOD)
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(b"%PDF-1.4 not really")
    cases = [
        (["--review", "MALR-1999-0001", "--agency", "Police", good], b"There is no review MALR-1999-0001"),
        (["--review", review.reference, "--agency", "Polce", good], b"no agency called"),
        (["--review", review.reference, "--agency", "Housing", good], b"not involved"),
        (["--review", review.reference, "--agency", "Police", tmp_path / "none.csv"], b"cannot be found"),
        (["--review", review.reference, "--agency", "Police", bomb], b"PDF document"),
        (["--review", review.reference, "--agency", "Police", "--rejected-to", good, "--valid-rows-only", good],
         b"must not be the file being imported"),
    ]
    for args, message in cases:
        result = _run(db_path, *args)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr, result.stderr
        assert len(result.stderr.decode().strip().splitlines()) == 1
    wrong = _run(db_path, "--review", review.reference, "--agency", "Police", good, password="wrong")
    assert wrong.returncode == 2
    assert counts(store) == (0, 0)
    assert ChronologyService(store).entries(review.id)[1] == []
