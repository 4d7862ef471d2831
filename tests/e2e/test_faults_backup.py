"""Backups under faults: a destination that is not writable or fills up (no partial file
left, source untouched), restores from damaged or cut-short backups (refused, target
untouched), and a kill during backup (live database intact, no file at DEST, any
leftover partial refused by restore)."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lipanel_desktop.storage.keyslots import sidecar_path
from tests.conftest import ADMIN, ROOT, run_admin
from tests.e2e.storage_faults import PASSWORD, database_files, fork, one_clear_line, seeded_db, snapshot


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_db(tmp_path_factory.mktemp("template") / "panel.lipanel-db", referrals=60)


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    (tmp_path / "live").mkdir()
    target = tmp_path / "live" / "panel.lipanel-db"
    shutil.copy(template, target)
    shutil.copy(sidecar_path(template), sidecar_path(target))
    return target


@pytest.fixture(scope="module")
def good_backup(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("backups") / "good.lipanel-backup"
    result = run_admin("backup", template, dest, "--user", ADMIN, stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr.decode()
    return dest


def test_unwritable_destination_gets_one_line_and_leaves_nothing(db: Path) -> None:
    # /sys refuses new files even to root (CI runs as root, so chmod would not do).
    result = run_admin("backup", db, "/sys/panel.lipanel-backup", "--user", ADMIN, stdin=PASSWORD + "\n")
    assert result.returncode == 2
    assert "not writable" in one_clear_line(result.stderr)
    assert not Path("/sys/panel.lipanel-backup").exists()


def test_destination_folder_missing(db: Path, tmp_path: Path) -> None:
    dest = tmp_path / "no-such-folder" / "x.lipanel-backup"
    result = run_admin("backup", db, dest, "--user", ADMIN, stdin=PASSWORD + "\n")
    assert result.returncode == 2
    assert "does not exist" in one_clear_line(result.stderr)
    assert not dest.parent.exists()


def test_existing_destination_is_not_overwritten(db: Path, tmp_path: Path) -> None:
    dest = tmp_path / "taken.lipanel-backup"
    dest.write_bytes(b"something precious")
    result = run_admin("backup", db, dest, "--user", ADMIN, stdin=PASSWORD + "\n")
    assert result.returncode == 2
    assert "already exists" in one_clear_line(result.stderr)
    assert dest.read_bytes() == b"something precious"


_BACKUP_UNDER_LIMIT = """
import resource, sys
from pathlib import Path
from lipanel_desktop.errors import KnownError
from lipanel_desktop.services.database import open_database
from lipanel_desktop.storage.backup import create_backup
store = open_database(Path(sys.argv[1]), sys.argv[3], sys.stdin.readline().rstrip("\\n"))
limit = int(sys.argv[4])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # files may not grow past this
try:
    create_backup(store, Path(sys.argv[2]), "0001")  # storage level: no write to the live file
except KnownError as error:
    print(error.message, file=sys.stderr)
    sys.exit(error.exit_code)
print("written")
"""


@pytest.mark.parametrize("where", ["database copy", "backup file"])
def test_disk_full_during_backup_leaves_no_partial_file_and_the_source_intact(db: Path, tmp_path: Path,
                                                                             where: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    dest = out / "full.lipanel-backup"
    size = db.stat().st_size
    # Smaller than the database: the copy fails. A little larger: the copy fits, the
    # container (copy + key slots + checksums) does not.
    limit = size // 2 if where == "database copy" else size + 512
    result = subprocess.run(
        [sys.executable, "-c", _BACKUP_UNDER_LIMIT, str(db), str(dest), ADMIN, str(limit)],
        input=(PASSWORD + "\n").encode(), capture_output=True, cwd=ROOT, timeout=120,
    )
    assert result.returncode == 2, result.stderr.decode()
    assert "no room left" in one_clear_line(result.stderr)
    assert list(out.iterdir()) == []
    check = run_admin("verify", db, "--user", ADMIN, stdin=PASSWORD + "\n")
    assert check.returncode == 0, check.stdout.decode() + check.stderr.decode()


def _restore(backup: Path, target: Path, *extra: str):
    return run_admin("restore", backup, target, "--user", ADMIN, *extra, stdin=PASSWORD + "\n")


def test_a_good_backup_restores(good_backup: Path, tmp_path: Path) -> None:
    target = tmp_path / "restored.lipanel-db"
    result = _restore(good_backup, target)
    assert result.returncode == 0, result.stderr.decode()
    assert "60 referrals" in result.stdout.decode()
    assert run_admin("verify", target, "--user", ADMIN, stdin=PASSWORD + "\n").returncode == 0


def _damage(backup: Path, out: Path, how: str) -> Path:
    data = bytearray(backup.read_bytes())
    if how == "truncated":
        data = data[: len(data) * 2 // 3]
    elif how == "flipped-in-database":
        data[len(data) // 2] ^= 0x10
    elif how == "flipped-in-header":
        data[40] ^= 0x10
    elif how == "empty":
        data = bytearray()
    elif how == "not-a-backup":
        data = bytearray(b"just some text\n" * 100)
    elif how == "trailer-cut":
        data = data[:-10]
    damaged = out / f"{how}.lipanel-backup"
    damaged.write_bytes(bytes(data))
    return damaged


@pytest.mark.parametrize(
    "how", ["truncated", "flipped-in-database", "flipped-in-header", "empty", "not-a-backup", "trailer-cut"]
)
@pytest.mark.parametrize("target_exists", [False, True], ids=["new-target", "existing-target-force"])
def test_a_damaged_backup_is_refused_and_the_target_untouched(good_backup: Path, db: Path, tmp_path: Path,
                                                             how: str, target_exists: bool) -> None:
    damaged = _damage(good_backup, tmp_path, how)
    target = db if target_exists else tmp_path / "new.lipanel-db"
    before = snapshot(*database_files(target))
    result = _restore(damaged, target, *(["--force"] if target_exists else []))
    assert result.returncode == 2
    line = one_clear_line(result.stderr)
    assert "Nothing was changed" in line or "not a LIPanel backup" in line
    assert snapshot(*database_files(target)) == before
    leftovers = [p.name for p in target.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_restore_will_not_overwrite_without_force(good_backup: Path, db: Path) -> None:
    before = snapshot(*database_files(db))
    result = _restore(good_backup, db)
    assert result.returncode == 2
    assert "--force" in one_clear_line(result.stderr)
    assert snapshot(*database_files(db)) == before


def test_restore_with_a_wrong_password_changes_nothing(good_backup: Path, tmp_path: Path) -> None:
    target = tmp_path / "new.lipanel-db"
    result = run_admin("restore", good_backup, target, "--user", ADMIN, stdin="Wrong-Password-Here-1\n")
    assert result.returncode == 2
    assert "password is not right" in one_clear_line(result.stderr)
    assert list(tmp_path.iterdir()) == [] or not target.exists()


def _referral_names(db: Path) -> list[str]:
    from sqlalchemy import select

    from lipanel_desktop.models.referral import Referral
    from lipanel_desktop.services.database import open_database

    with open_database(db, ADMIN, PASSWORD, read_only=True) as store, store.read_session() as s:
        return list(s.scalars(select(Referral.child_full_name).order_by(Referral.id)))


@pytest.mark.slow
def test_kill_during_backup_leaves_the_live_database_intact_and_no_file_at_dest(db: Path, tmp_path: Path) -> None:
    from lipanel_desktop.services.database import backup_database, open_database

    names = _referral_names(db)
    out = tmp_path / "out"
    out.mkdir()
    rng = random.Random(20261127)
    refused = 0
    for attempt in range(12):
        dest = out / f"attempt{attempt}.lipanel-backup"

        def work(report, dest=dest):
            store = open_database(db, ADMIN, PASSWORD)
            report("open")
            backup_database(store, dest)
            report("done")

        child = fork(work)
        child.wait_for_line("open")
        time.sleep(rng.uniform(0.0, 0.25))
        child.kill()
        child.wait()
        finished = "done" in child.lines()
        assert dest.exists() == finished or dest.exists()
        if not dest.exists():
            for leftover in out.glob(f".{dest.name}.*"):
                # A leftover is refused, unless it was complete and verified (killed just
                # before its rename): then it restores to a sound database.
                target = tmp_path / f"r{attempt}-{leftover.suffix[1:]}.lipanel-db"
                result = _restore(leftover, target)
                if result.returncode == 0:
                    assert leftover.suffix == ".partial"
                    assert run_admin("verify", target, "--user", ADMIN, stdin=PASSWORD + "\n").returncode == 0
                else:
                    assert result.returncode == 2, result.stderr.decode()
                    one_clear_line(result.stderr)
                    assert not target.exists()
                    refused += 1
        else:
            assert _restore(dest, tmp_path / f"ok{attempt}.lipanel-db").returncode == 0
        check = run_admin("verify", db, "--user", ADMIN, stdin=PASSWORD + "\n")
        assert check.returncode == 0, check.stdout.decode()
    assert _referral_names(db) == names
    assert refused >= 1
