"""The audit trail: written for every change (ORM and bulk), values never stored, the
database refuses UPDATE and DELETE, and `verify` names the first broken link when an
attacker with the key drops the triggers and edits, removes or reorders rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text
from sqlcipher3 import dbapi2

from lipanel_desktop.models.audit import AuditEntry
from lipanel_desktop.models.organisation import Agency, Theme
from lipanel_desktop.services.database import open_database, verify_database
from lipanel_desktop.storage import audit
from lipanel_desktop.storage.store import Store
from tests.conftest import ADMIN, ADMIN_PASSWORD, run_admin

SECRET = "Zephyrine Sampleton-Örnekoğlu"


def _entries(store: Store) -> list[AuditEntry]:
    with store.read_session() as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_changes_are_audited_with_field_names_but_never_values(store: Store) -> None:
    with store.session() as s:
        s.add(Agency(name=SECRET, telephone="0161 496 0123"))
    with store.session() as s:
        agency = s.scalars(select(Agency).where(Agency.name == SECRET)).one()
        agency.email = "someone@sample.example"
    with store.session() as s:
        s.execute(insert(Theme), [{"name": f"{SECRET} {n}"} for n in range(3)])
    entries = _entries(store)
    kinds = [(e.entity, e.action) for e in entries[-3:]]
    assert kinds == [("agencies", "insert"), ("agencies", "update"), ("themes", "bulk insert")]
    assert "email" in json.loads(entries[-2].fields)
    assert entries[-1].entity_id == "3 rows" and entries[-1].actor == ADMIN
    flat = json.dumps([[e.entity, e.entity_id, e.action, e.fields, e.actor] for e in entries])
    assert SECRET not in flat and "0161" not in flat and "sample.example" not in flat


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET actor = 'mallory' WHERE id = 2",
                                       "DELETE FROM audit_log WHERE id = 2"])
def test_the_database_refuses_to_change_audit_rows(store: Store, statement: str) -> None:
    con = store.raw_connection()
    try:
        with pytest.raises(dbapi2.DatabaseError, match="audit log cannot be changed"):
            con.execute(statement)
    finally:
        con.close()


def _tamper(store: Store, *statements: str) -> None:
    """What an attacker holding the key could do: drop the triggers, then edit."""
    con = store.raw_connection()
    try:
        con.execute("DROP TRIGGER audit_log_no_update")
        con.execute("DROP TRIGGER audit_log_no_delete")
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()


def _audit_check(store: Store) -> str:
    with store.read_session() as s:
        report = audit.verify_chain(s.connection())
    assert not report.ok
    return report.problem or ""


def _grow(store: Store, n: int = 6) -> None:
    for i in range(n):
        with store.session() as s:
            s.add(Theme(name=f"Theme {i} Sampleton"))


def test_a_row_changed_by_raw_sql_is_named(store: Store) -> None:
    _grow(store)
    _tamper(store, "UPDATE audit_log SET actor = 'mallory' WHERE id = 4")
    assert _audit_check(store) == "Audit entry 4 has been altered: its content does not match its hash."


def test_a_row_whose_hash_was_recomputed_breaks_the_next_link(store: Store) -> None:
    _grow(store)
    entry = _entries(store)[3]
    forged = audit.entry_hash(entry.prev_hash, entry.id, entry.at, "mallory", entry.entity, entry.entity_id,
                              entry.action, entry.fields)
    _tamper(store, f"UPDATE audit_log SET actor = 'mallory', hash = '{forged}' WHERE id = 4")
    assert _audit_check(store) == "Audit entry 5 does not follow entry 4: the chain is broken there."


def test_removed_rows_are_named(store: Store) -> None:
    _grow(store)
    _tamper(store, "DELETE FROM audit_log WHERE id IN (3, 4)")
    assert _audit_check(store) == "Audit entries 3 to 4 are missing (removed from the log)."


def test_verify_command_fails_with_exit_1_on_a_tampered_chain(store: Store, db_path: Path) -> None:
    _grow(store)
    _tamper(store, "UPDATE audit_log SET fields = '[]' WHERE id = 5")
    store.close()
    result = run_admin("verify", db_path, "--user", ADMIN, stdin=ADMIN_PASSWORD + "\n")
    assert result.returncode == 1
    assert "Audit trail: Audit entry 5 has been altered" in result.stdout.decode()
    assert result.stderr.decode().count("\n") == 1


def test_verify_of_a_sound_database_reports_every_check(store: Store) -> None:
    checks = verify_database(store)
    texts = [c.text for c in checks]
    assert all(c.ok for c in checks), texts
    for expected in ("Encryption:", "File length:", "Database structure:", "Links between records:",
                     "Schema version: 0001", "Audit trail:", "Key slots:"):
        assert any(t.startswith(expected) for t in texts), texts


def test_opening_a_database_is_not_a_change_to_the_chain(store: Store, db_path: Path) -> None:
    before = len(_entries(store))
    store.close()
    with open_database(db_path, ADMIN, ADMIN_PASSWORD) as again:
        with again.read_session() as s:
            assert audit.verify_chain(s.connection()).ok
            assert s.execute(text("SELECT count(*) FROM audit_log")).scalar() >= before
