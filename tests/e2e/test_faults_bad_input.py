"""Issue 2 §7: every bad input and fault gets one clear line on stderr, the right exit
status, and changes nothing (database and key file byte-identical where it says so).
All through the real `lipanel-admin`, as a subprocess."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from lipanel_desktop.storage.keyslots import sidecar_path
from tests.conftest import ADMIN, run_admin
from tests.e2e.storage_faults import PASSWORD, database_files, fork, one_clear_line, seeded_db, snapshot


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_db(tmp_path_factory.mktemp("template") / "panel.lipanel-db")


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    """A fresh copy of a seeded database and its key file."""
    target = tmp_path / "panel.lipanel-db"
    shutil.copy(template, target)
    shutil.copy(sidecar_path(template), sidecar_path(target))
    return target


COMMANDS = [
    ("verify",),
    ("user", "list"),
    ("rekey",),
    ("dump",),
    ("seed-demo",),
]


def _run(command: tuple[str, ...], db: Path, user: str, stdin: str):
    return run_admin(*command, db, "--user", user, stdin=stdin)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_wrong_password_exits_2_and_changes_nothing(db: Path, command: tuple[str, ...]) -> None:
    before = snapshot(*database_files(db))
    result = _run(command, db, ADMIN, "Not-The-Right-Password-1\n")
    assert result.returncode == 2
    assert "password is not right" in one_clear_line(result.stderr)
    assert snapshot(*database_files(db)) == before
    assert result.stdout == b""


def test_unknown_user_exits_2_and_changes_nothing(db: Path) -> None:
    before = snapshot(*database_files(db))
    result = _run(("verify",), db, "Nobody Sampleton", PASSWORD + "\n")
    assert result.returncode == 2
    assert "no user called “Nobody Sampleton”" in one_clear_line(result.stderr)
    assert snapshot(*database_files(db)) == before


def test_missing_database_exits_2_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.lipanel-db"
    result = _run(("verify",), missing, ADMIN, PASSWORD + "\n")
    assert result.returncode == 2
    assert "There is no database at" in one_clear_line(result.stderr)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "content",
    [b"", b"hello, this is a text file\n" * 20, bytes(range(256)) * 64, b"SQLite format 3"],
    ids=["empty", "text", "random", "short-header"],
)
def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path, db: Path, content: bytes) -> None:
    db.write_bytes(content)
    before = snapshot(*database_files(db))
    result = _run(("verify",), db, ADMIN, PASSWORD + "\n")
    assert result.returncode in (1, 2)
    line = one_clear_line(result.stderr)
    assert "LIPanel database" in line or "cannot be read" in line or "damaged" in line
    assert snapshot(*database_files(db)) == before


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "folder.lipanel-db"
    folder.mkdir()
    result = _run(("verify",), folder, ADMIN, PASSWORD + "\n")
    assert result.returncode == 2
    assert "is a folder" in one_clear_line(result.stderr)


@pytest.mark.parametrize("command", [("verify",), ("user", "list"), ("rekey",), ("backup",)], ids=lambda c: " ".join(c))
def test_a_plaintext_sqlite_file_with_the_right_name_is_refused_untouched(db: Path, tmp_path: Path,
                                                                          command: tuple[str, ...]) -> None:
    db.unlink()
    with sqlite3.connect(db) as plain:
        plain.execute("CREATE TABLE referrals (child_full_name TEXT)")
        plain.execute("INSERT INTO referrals VALUES ('Plain Sampleton')")
    plain.close()
    before = snapshot(*database_files(db))
    args = (*command, db, tmp_path / "out.lipanel-backup") if command == ("backup",) else (*command, db)
    result = run_admin(*args, "--user", ADMIN, stdin=PASSWORD + "\n")
    assert result.returncode == 2
    assert "unencrypted SQLite file" in one_clear_line(result.stderr)
    assert snapshot(*database_files(db)) == before
    assert not (tmp_path / "out.lipanel-backup").exists()


def test_truncated_database_verify_exits_1_and_names_the_problem(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    before = snapshot(*database_files(db))
    result = _run(("verify",), db, ADMIN, PASSWORD + "\n")
    assert result.returncode == 1
    assert "cut short" in one_clear_line(result.stderr)
    assert snapshot(*database_files(db)) == before


def test_one_flipped_byte_in_a_page_verify_exits_1_and_names_the_page(db: Path) -> None:
    data = bytearray(db.read_bytes())
    page = len(data) // 4096 // 2
    data[page * 4096 + 700] ^= 0x01
    db.write_bytes(bytes(data))
    before = snapshot(*database_files(db))
    result = _run(("verify",), db, ADMIN, PASSWORD + "\n")
    assert result.returncode == 1
    out = result.stdout.decode() + result.stderr.decode()
    assert f"page {page + 1}" in out, out
    assert "Traceback" not in out and "Something went wrong" not in out
    assert snapshot(*database_files(db)) == before


def test_a_damaged_first_page_is_reported(db: Path) -> None:
    data = bytearray(db.read_bytes())
    data[200] ^= 0xFF
    db.write_bytes(bytes(data))
    before = snapshot(*database_files(db))
    result = _run(("verify",), db, ADMIN, PASSWORD + "\n")
    assert result.returncode == 1
    assert "first page is damaged" in one_clear_line(result.stderr)
    assert snapshot(*database_files(db)) == before


def test_missing_key_file_exits_2_and_changes_nothing(db: Path) -> None:
    sidecar_path(db).unlink()
    before = snapshot(*database_files(db))
    result = _run(("verify",), db, ADMIN, PASSWORD + "\n")
    assert result.returncode == 2
    assert "key file" in one_clear_line(result.stderr) and "missing" in result.stderr.decode()
    assert snapshot(*database_files(db)) == before


def _corrupt_sidecar(db: Path, how: str) -> None:
    path = sidecar_path(db)
    if how == "garbage":
        path.write_bytes(b"\x00\xff not json at all")
    elif how == "truncated":
        path.write_bytes(path.read_bytes()[:200])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "slot-altered":
        body = json.loads(path.read_text())
        slot = body["slots"][ADMIN]
        cipher = bytearray(slot["private_key"]["ciphertext"].encode())
        cipher[5] = ord("A") if cipher[5] != ord("A") else ord("B")
        slot["private_key"]["ciphertext"] = cipher.decode()
        path.write_text(json.dumps(body))
    elif how == "sealed-key-altered":
        body = json.loads(path.read_text())
        sealed = body["slots"][ADMIN]["sealed_keys"][0]
        cipher = bytearray(sealed["ciphertext"].encode())
        cipher[5] = ord("A") if cipher[5] != ord("A") else ord("B")
        sealed["ciphertext"] = cipher.decode()
        path.write_text(json.dumps(body))
    elif how == "newer-version":
        body = json.loads(path.read_text())
        body["version"] = 99
        path.write_text(json.dumps(body))
    elif how == "other-database":
        body = json.loads(path.read_text())
        body["database_id"] = "0" * 32
        path.write_text(json.dumps(body))


@pytest.mark.parametrize(
    ("how", "words"),
    [
        ("garbage", "damaged"),
        ("truncated", "damaged"),
        ("empty", "damaged"),
        ("slot-altered", "password is not right"),
        ("sealed-key-altered", "damaged"),
        ("newer-version", "newer version"),
        ("other-database", "different database"),
    ],
)
def test_a_corrupted_key_file_gets_one_clear_line_and_changes_nothing(db: Path, how: str, words: str) -> None:
    _corrupt_sidecar(db, how)
    before = snapshot(*database_files(db))
    result = _run(("verify",), db, ADMIN, PASSWORD + "\n")
    assert result.returncode == 2
    assert words in one_clear_line(result.stderr)
    assert snapshot(*database_files(db)) == before


def test_a_newer_schema_is_refused_untouched(db: Path) -> None:
    from lipanel_desktop.storage.engine import connect
    from lipanel_desktop.storage.vault import Vault

    keys = Vault(db).load_keys()
    slot = keys.slot(ADMIN)
    key = slot.open_key(slot.unwrap_private(PASSWORD), keys.key_id)
    assert key is not None
    con = connect(db, key)
    con.execute("UPDATE alembic_version SET version_num = '0099'")
    con.close()
    before = snapshot(*database_files(db))
    result = _run(("verify",), db, ADMIN, PASSWORD + "\n")
    assert result.returncode == 2
    line = one_clear_line(result.stderr)
    assert "newer version of LIPanel" in line and "0099" in line
    assert snapshot(*database_files(db)) == before


def test_a_database_busy_in_another_process_gets_a_clear_busy_message(db: Path) -> None:
    """Another process holds the write lock (BEGIN IMMEDIATE): commands that must write
    wait their few seconds, then say so plainly; nothing changes."""
    from lipanel_desktop.services.database import open_database

    def hold(report):  # in the child
        store = open_database(db, ADMIN, PASSWORD)
        con = store.raw_connection()
        con.execute("BEGIN IMMEDIATE")
        report("holding")
        import time

        time.sleep(60)

    child = fork(hold)
    try:
        child.wait_for_line("holding")
        before = snapshot(*database_files(db))
        for command, stdin in ((("rekey",), PASSWORD + "\n"), (("user", "list"), PASSWORD + "\n")):
            result = _run(command, db, ADMIN, stdin)
            assert result.returncode == 2, result.stderr
            assert "busy" in one_clear_line(result.stderr)
            assert snapshot(*database_files(db)) == before
    finally:
        child.kill()
        child.wait()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--referrals", "-5"), "between 40 and 50,000"),
        (("--referrals", "50001"), "between 40 and 50,000"),
        (("--referrals", "99999999999999999999"), "between 40 and 50,000"),
        (("--referrals", "ten"), "invalid int value"),
        (("--seed", "abc"), "invalid int value"),
        (("--seed", "-1"), "seed must be a whole number"),
    ],
)
def test_seed_demo_bad_arguments_change_nothing(db: Path, args: tuple[str, ...], words: str) -> None:
    before = snapshot(*database_files(db))
    result = run_admin("seed-demo", db, "--user", ADMIN, *args, stdin=PASSWORD + "\n")
    assert result.returncode == 2
    assert words in one_clear_line(result.stderr)
    assert snapshot(*database_files(db)) == before
