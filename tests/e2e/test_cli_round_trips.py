"""Round trips through the real `lipanel-admin`: rekey, backup and restore, user add,
remove, list and passwd; a removed user's password opens neither the database nor a
later backup, even with a saved copy of the old key file; hostile passwords work."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lipanel_desktop.storage.keyslots import sidecar_path
from tests.conftest import ADMIN, run_admin
from tests.e2e.storage_faults import PASSWORD, init_db, one_clear_line, seeded_db

CHAIR = "Carys Esiamplŵyn"
CHAIR_PASSWORD = "Chair-Fictional-Pass-77"


def _ok(*args: object, stdin: str) -> str:
    result = run_admin(*map(str, args), stdin=stdin)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode()


def _referral_count(db: Path, user: str = ADMIN, password: str = PASSWORD) -> int:
    out = _ok("dump", db, "--user", ADMIN, "--table", "referrals", stdin=PASSWORD + "\n")
    return sum(1 for line in out.splitlines() if json.loads(line)["table"] == "referrals")


def _key_id(db: Path) -> str:
    return json.loads(sidecar_path(db).read_text())["key_id"]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return seeded_db(tmp_path / "panel.lipanel-db")


def test_user_add_list_passwd_remove(db: Path, tmp_path: Path) -> None:
    _ok("user", "add", db, "--user", ADMIN, "--name", CHAIR, "--role", "chair",
        stdin=f"{PASSWORD}\n{CHAIR_PASSWORD}\n")
    listed = _ok("user", "list", db, "--user", CHAIR, stdin=CHAIR_PASSWORD + "\n")
    assert f"{CHAIR}\tchair" in listed and f"{ADMIN}\tadministrator" in listed

    new_password = "Another 'quoted' \"pass\" ✓"
    _ok("user", "passwd", db, "--user", CHAIR, stdin=f"{CHAIR_PASSWORD}\n{new_password}\n")
    old = run_admin("user", "list", db, "--user", CHAIR, stdin=CHAIR_PASSWORD + "\n")
    assert old.returncode == 2 and "password is not right" in one_clear_line(old.stderr)
    _ok("user", "list", db, "--user", CHAIR, stdin=new_password + "\n")

    saved_key_file = tmp_path / "saved-old.lipanel-keys"
    shutil.copy(sidecar_path(db), saved_key_file)
    key_before = _key_id(db)
    _ok("user", "remove", db, "--user", ADMIN, "--name", CHAIR, stdin=PASSWORD + "\n")
    assert _key_id(db) != key_before  # removal rotates the key

    gone = run_admin("verify", db, "--user", CHAIR, stdin=new_password + "\n")
    assert gone.returncode == 2 and "no user called" in one_clear_line(gone.stderr)

    # Even with the old key file put back beside the database, the old password opens nothing.
    stolen = tmp_path / "stolen" / "panel.lipanel-db"
    stolen.parent.mkdir()
    shutil.copy(db, stolen)
    shutil.copy(saved_key_file, sidecar_path(stolen))
    attempt = run_admin("verify", stolen, "--user", CHAIR, stdin=new_password + "\n")
    assert attempt.returncode != 0
    assert "cannot be read with its key" in one_clear_line(attempt.stderr)

    # Nor a backup made afterwards, restored or with the old key file beside it.
    backup = tmp_path / "after-removal.lipanel-backup"
    _ok("backup", db, backup, "--user", ADMIN, stdin=PASSWORD + "\n")
    refused = run_admin("restore", backup, tmp_path / "chair-restore.lipanel-db", "--user", CHAIR,
                        stdin=new_password + "\n")
    assert refused.returncode == 2 and "no user called" in one_clear_line(refused.stderr)
    assert not (tmp_path / "chair-restore.lipanel-db").exists()
    restored = tmp_path / "restored" / "panel.lipanel-db"
    restored.parent.mkdir()
    _ok("restore", backup, restored, "--user", ADMIN, stdin=PASSWORD + "\n")
    shutil.copy(saved_key_file, sidecar_path(restored))
    attempt = run_admin("verify", restored, "--user", CHAIR, stdin=new_password + "\n")
    assert attempt.returncode != 0 and "cannot be read with its key" in one_clear_line(attempt.stderr)


def test_the_last_administrator_cannot_be_removed_and_nothing_changes(db: Path) -> None:
    _ok("user", "add", db, "--user", ADMIN, "--name", CHAIR, "--role", "chair", stdin=f"{PASSWORD}\n{CHAIR_PASSWORD}\n")
    _ok("user", "add", db, "--user", ADMIN, "--name", "Second Admin", "--role", "administrator",
        stdin=f"{PASSWORD}\nSecond-Admin-Pass-1234\n")
    _ok("user", "remove", db, "--user", "Second Admin", "--name", ADMIN, stdin="Second-Admin-Pass-1234\n")
    keys_before = sidecar_path(db).read_bytes()
    result = run_admin("user", "remove", db, "--user", "Second Admin", "--name", "Second Admin",
                       stdin="Second-Admin-Pass-1234\n")
    assert result.returncode == 2 and "your own account" in one_clear_line(result.stderr)
    assert sidecar_path(db).read_bytes() == keys_before
    refused = run_admin("user", "remove", db, "--user", CHAIR, "--name", "Second Admin", stdin=CHAIR_PASSWORD + "\n")
    assert refused.returncode == 2 and "does not allow" in one_clear_line(refused.stderr)


@pytest.mark.parametrize(
    ("args", "stdin", "words"),
    [
        (("--name", "x" * 65, "--role", "chair"), "{p}\nFine-Password-123\n", "user name"),
        (("--name", "Bad\tName", "--role", "chair"), "{p}\nFine-Password-123\n", "user name"),
        (("--name", "Ok Name", "--role", "overlord"), "{p}\nFine-Password-123\n", "not a role"),
        (("--name", "Ok Name", "--role", "chair"), "{p}\nshort\n", "at least 12"),
        (("--name", "Ok Name", "--role", "chair"), "{p}\npassword1234\n", "too common"),
        (("--name", "Ok Name", "--role", "chair"), "{p}\n", "line 2"),
        (("--name", ADMIN, "--role", "chair"), "{p}\nFine-Password-123\n", "already a user"),
    ],
)
def test_user_add_bad_input_changes_nothing(db: Path, args: tuple[str, ...], stdin: str, words: str) -> None:
    keys_before = sidecar_path(db).read_bytes()
    result = run_admin("user", "add", db, "--user", ADMIN, *args, stdin=stdin.format(p=PASSWORD))
    assert result.returncode == 2
    assert words in one_clear_line(result.stderr)
    assert sidecar_path(db).read_bytes() == keys_before
    listed = _ok("user", "list", db, "--user", ADMIN, stdin=PASSWORD + "\n")
    assert len(listed.splitlines()) == 1


def test_rekey_then_backup_and_restore_keep_everything(db: Path, tmp_path: Path) -> None:
    _ok("user", "add", db, "--user", ADMIN, "--name", CHAIR, "--role", "chair", stdin=f"{PASSWORD}\n{CHAIR_PASSWORD}\n")
    count = _referral_count(db)
    before = _key_id(db)
    _ok("rekey", db, "--user", ADMIN, stdin=PASSWORD + "\n")
    assert _key_id(db) != before
    _ok("verify", db, "--user", CHAIR, stdin=CHAIR_PASSWORD + "\n")  # resealed without their password
    assert _referral_count(db) == count

    backup = tmp_path / "b.lipanel-backup"
    out = _ok("backup", db, backup, "--user", CHAIR, stdin=CHAIR_PASSWORD + "\n")
    assert "verified" in out
    target = tmp_path / "elsewhere" / "copy.lipanel-db"
    target.parent.mkdir()
    out = _ok("restore", backup, target, "--user", CHAIR, stdin=CHAIR_PASSWORD + "\n")
    assert f"{count} referrals" in out
    assert _referral_count(target) == count
    _ok("verify", target, "--user", ADMIN, stdin=PASSWORD + "\n")
    # --force replaces an existing database with the backup.
    _ok("restore", backup, db, "--user", ADMIN, "--force", stdin=PASSWORD + "\n")
    _ok("verify", db, "--user", ADMIN, stdin=PASSWORD + "\n")


HOSTILE = [
    'Double "quoted" password',
    "Single 'quoted' x'00' password",
    "Back\\slash\\\\ and \\n not newline",
    "Spaces   in   the   middle",
    "Emoji 🔐🦉 and Welsh ŵŷ password",
    "Long " + "x'\"\\; DROP TABLE accounts; -- " * 6 + "end",  # well over 128 characters
    "pragma key = \"x'00'\"; --",
]


@pytest.mark.parametrize("password", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_passwords_create_open_and_rekey(tmp_path: Path, password: str) -> None:
    db = init_db(tmp_path / "hostile.lipanel-db", password=password)
    _ok("verify", db, "--user", ADMIN, stdin=password + "\n")
    _ok("rekey", db, "--user", ADMIN, stdin=password + "\n")
    _ok("verify", db, "--user", ADMIN, stdin=password + "\n")
    _ok("user", "add", db, "--user", ADMIN, "--name", "Other User", "--role", "read-only", stdin=f"{password}\n{password}\n")
    _ok("user", "list", db, "--user", "Other User", stdin=password + "\n")
    wrong = run_admin("verify", db, "--user", ADMIN, stdin=password[:-1] + "\n")
    assert wrong.returncode == 2
