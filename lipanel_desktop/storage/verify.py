"""`verify`: encryption, SQLite integrity, foreign keys, schema version, audit chain and
key slots, each reported as one line in plain words."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import DatabaseError
from sqlcipher3 import dbapi2

from lipanel_desktop.errors import DatabaseDamaged
from lipanel_desktop.models.account import Account
from lipanel_desktop.storage import audit, schema
from lipanel_desktop.storage.engine import truncation
from lipanel_desktop.storage.keyslots import KeyFile
from lipanel_desktop.storage.store import Store


@dataclass(frozen=True)
class Check:
    ok: bool
    text: str
    #: A warning is reported but does not fail verification.
    warning: bool = False


def verify(store: Store, keys: KeyFile) -> list[Check]:
    checks = _file_checks(store)
    try:
        checks += _content_checks(store, keys)
    except (DatabaseDamaged, DatabaseError) as error:
        checks.append(Check(False, f"Contents: cannot be read ({_reason(error)})"))
    return checks


def _reason(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    return str(original).splitlines()[0] if str(original) else type(original).__name__


def _file_checks(store: Store) -> list[Check]:
    """Page authentication, length, SQLite structure and links: each reported even when
    the file is too damaged for the next."""
    checks: list[Check] = []
    con = store.raw_connection()
    try:
        version = con.execute("PRAGMA cipher_version").fetchone()[0]
        failures = con.execute("PRAGMA cipher_integrity_check").fetchall()
        if failures:
            checks.append(Check(False, f"Encryption: {len(failures)} damaged page(s): {failures[0][0]}"))
        else:
            checks.append(Check(True, f"Encryption: SQLCipher {version}; every page authenticates"))
        cut = truncation(store.path, store.key_for_backup())
        checks.append(Check(False, f"File length: {cut}") if cut else Check(True, "File length: complete"))
        for name, pragma, describe in (
            ("Database structure", "PRAGMA integrity_check", _integrity_text),
            ("Links between records", "PRAGMA foreign_key_check", _links_text),
        ):
            try:
                ok, text = describe(con.execute(pragma).fetchall())
            except dbapi2.DatabaseError as error:
                ok, text = False, f"cannot be checked ({_reason(error)})"
            checks.append(Check(ok, f"{name}: {text}"))
    finally:
        con.close()
    return checks


def _integrity_text(rows: list[tuple]) -> tuple[bool, str]:
    found = [str(row[0]) for row in rows]
    return (True, "ok") if found == ["ok"] else (False, found[0] if found else "no answer")


def _links_text(rows: list[tuple]) -> tuple[bool, str]:
    return (True, "ok") if not rows else (False, f"{len(rows)} broken, first in table {rows[0][0]}")


def _content_checks(store: Store, keys: KeyFile) -> list[Check]:
    checks: list[Check] = []
    with store.read_session() as s:
        revision = schema.current_revision(s.connection())
        head = schema.head_revision()
        checks.append(Check(revision == head, f"Schema version: {revision} (this program's latest: {head})"))
        chain = audit.verify_chain(s.connection())
        checks.append(
            Check(True, f"Audit trail: {chain.entries} entries, chain unbroken")
            if chain.ok
            else Check(False, f"Audit trail: {chain.problem}")
        )
        accounts = {
            name.lower(): name
            for name in s.scalars(
                select(Account.name).where(Account.active.is_(True), Account.removed_at.is_(None))
            )
        }
    slot_names = set(keys.slots)
    missing_slot = sorted(accounts[n] for n in set(accounts) - slot_names)
    no_account = sorted(keys.slots[n].name for n in slot_names - set(accounts))
    if missing_slot or no_account:
        parts = []
        if missing_slot:
            parts.append("accounts without a key slot: " + ", ".join(missing_slot))
        if no_account:
            parts.append("key slots without an account: " + ", ".join(no_account))
        checks.append(Check(False, "Key slots: " + "; ".join(parts)))
    else:
        checks.append(Check(True, f"Key slots: {len(slot_names)} user(s), each with an account"))
    weak = sorted(slot.name for slot in keys.slots.values() if slot.params.is_weak)
    if weak:
        checks.append(
            Check(True, "Weak key derivation (test strength) for: " + ", ".join(weak) + "; change their passwords", warning=True)
        )
    return checks
