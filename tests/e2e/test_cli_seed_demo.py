"""`lipanel-admin seed-demo` as a user runs it: fills an empty database that then verifies
clean; refuses unknown users, roles other than administrator and a database that already
holds casework, changing nothing."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import ADMIN, run_admin
from tests.e2e.storage_faults import PASSWORD, database_files, init_db, one_clear_line, snapshot


def _referrals(db: Path) -> int:
    result = run_admin("dump", db, "--user", ADMIN, "--table", "referrals", stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr.decode()
    return sum(1 for line in result.stdout.decode().splitlines() if json.loads(line)["table"] == "referrals")


def test_seed_demo_fills_a_new_database_that_verifies_clean(tmp_path: Path) -> None:
    db = init_db(tmp_path / "demo.lipanel-db")
    result = run_admin("seed-demo", db, "--user", ADMIN, "--referrals", "45", "--seed", "12", stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "Added fictional demo data (seed 12" in out and "45 referrals" in out
    assert "  chronology_entries: " in out and "  actions: " in out
    check = run_admin("verify", db, "--user", ADMIN, stdin=PASSWORD + "\n")
    assert check.returncode == 0, check.stdout.decode()
    assert _referrals(db) == 45

    again = run_admin("seed-demo", db, "--user", ADMIN, stdin=PASSWORD + "\n")
    assert again.returncode == 2
    assert "already holds casework" in one_clear_line(again.stderr)
    assert _referrals(db) == 45


def test_seed_demo_unknown_user_changes_nothing(tmp_path: Path) -> None:
    db = init_db(tmp_path / "demo.lipanel-db")
    before = snapshot(*database_files(db))
    result = run_admin("seed-demo", db, "--user", "Nobody Sampleton", stdin=PASSWORD + "\n")
    assert result.returncode == 2
    assert "no user called" in one_clear_line(result.stderr)
    assert snapshot(*database_files(db)) == before


def test_seed_demo_by_a_read_only_user_is_refused(tmp_path: Path) -> None:
    db = init_db(tmp_path / "demo.lipanel-db")
    added = run_admin("user", "add", db, "--user", ADMIN, "--name", "Reader Sampleton", "--role", "read-only",
                      stdin=f"{PASSWORD}\nReader-Password-123\n")
    assert added.returncode == 0, added.stderr.decode()
    result = run_admin("seed-demo", db, "--user", "Reader Sampleton", stdin="Reader-Password-123\n")
    assert result.returncode == 2
    assert "does not allow" in one_clear_line(result.stderr)
    assert _referrals(db) == 0


def test_seed_demo_help() -> None:
    result = run_admin("seed-demo", "--help")
    assert result.returncode == 0
    text = result.stdout.decode()
    assert "--referrals N" in text and "--seed S" in text and "fictional" in text
