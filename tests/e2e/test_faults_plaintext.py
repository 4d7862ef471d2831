"""No plaintext at rest: records carrying a marker name go through everything the program
does — writes, a crash mid-write, verify, backup, restore, rekey, user changes, a refused
command, a logged program error — and then every file it wrote (database, journal, key
file, backups, logs, settings, temp folder) is scanned for the marker in UTF-8 and
UTF-16, as typed and as the search index folds it: zero hits."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from lipanel_desktop.models.referral import HouseholdMember, Referral
from lipanel_desktop.services.database import open_database
from tests.conftest import ADMIN, run_admin
from tests.e2e.storage_faults import PASSWORD, fork, init_db

MARKER = "Qwzxmarkerton"
SUMMARY_MARKER = "Vexilloquant"


def _needles() -> list[bytes]:
    needles = []
    for word in (MARKER, SUMMARY_MARKER):
        for variant in {word, word.lower(), word.upper()}:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                needles.append(variant.encode(encoding))
    return needles


def _scan(folders: list[Path]) -> list[str]:
    hits = []
    needles = _needles()
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            for name in files:
                path = Path(root) / name
                data = path.read_bytes()
                hits += [f"{path} contains {n!r}" for n in needles if n in data]
                hits += [f"{path} is named after a record" for w in (MARKER, SUMMARY_MARKER) if w.lower() in name.lower()]
    return hits


def _add_marked_records(db: Path, count: int = 1, offset: int = 0) -> None:
    with open_database(db, ADMIN, PASSWORD) as store, store.session() as s:
        for n in range(offset, offset + count):
            referral = Referral(reference=f"LIP-2026-{9000 + n:04d}", status="draft", child_full_name=f"Ŵyn {MARKER}",
                                summary=f"The {SUMMARY_MARKER} incident (fictional).")
            referral.household.append(HouseholdMember(full_name=f"Mam {MARKER}", relationship_to_child="Mother"))
            s.add(referral)


@pytest.mark.slow
def test_no_record_content_in_any_file_the_program_writes(tmp_path: Path, _isolated_folders: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    for variable in ("TMPDIR", "TEMP", "TMP", "SQLITE_TMPDIR"):
        monkeypatch.setenv(variable, str(temp))
    work = tmp_path / "work"
    work.mkdir()
    db = init_db(work / "panel.lipanel-db")
    _add_marked_records(db, 3)

    # A crash in the middle of a big write transaction full of marked records: the journal
    # and the half-written database are scanned before anything recovers them.
    def writer(report):
        report("start")
        while True:
            _add_marked_records(db, 400, offset=int(time.time() * 1000) % 100000)

    child = fork(writer)
    child.wait_for_line("start")
    time.sleep(1.5)
    child.kill()
    child.wait()
    assert _scan([work, temp]) == []

    def ok(*args: object, stdin: str = PASSWORD + "\n") -> None:
        result = run_admin(*map(str, args), stdin=stdin)
        assert result.returncode == 0, result.stderr.decode()

    ok("verify", db, "--user", ADMIN)
    ok("backup", db, work / "one.lipanel-backup", "--user", ADMIN)
    ok("restore", work / "one.lipanel-backup", work / "restored.lipanel-db", "--user", ADMIN)
    ok("rekey", db, "--user", ADMIN)
    ok("user", "add", db, "--user", ADMIN, "--name", "Second User", "--role", "panel-member",
       stdin=f"{PASSWORD}\nSecond-User-Password-1\n")
    ok("user", "remove", db, "--user", ADMIN, "--name", "Second User")
    ok("backup", db, work, "--user", ADMIN)
    refused = run_admin("seed-demo", db, "--user", ADMIN, stdin=PASSWORD + "\n")
    assert refused.returncode == 2
    dumped = run_admin("dump", db, "--user", ADMIN, "--table", "referrals", stdin=PASSWORD + "\n")
    assert MARKER in dumped.stdout.decode()  # the marker is really in the data (dump is plaintext by design)

    # A program error is logged without record content.
    from lipanel_desktop.crash_log import log_bug

    try:
        raise ValueError(f"could not parse {MARKER}")
    except ValueError as error:
        assert log_bug(error) is not None

    folders = [tmp_path, _isolated_folders]
    written = [p for folder in folders for p in folder.rglob("*") if p.is_file()]
    assert any(p.suffix == ".lipanel-backup" for p in written)
    assert any(p.name.endswith(".log") for p in written)
    assert _scan(folders) == []
