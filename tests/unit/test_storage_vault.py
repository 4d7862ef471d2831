"""The vault and engine: a wrong key is caught at once, a plaintext file is refused
untouched, nothing is ever created on an open path, an interrupted key rotation is
finished by the next unlock, and the key file is written atomically."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from lipanel_desktop.errors import DatabaseMissing, KeyFileProblem, KnownError, NotALipanelDatabase, WrongPassword
from lipanel_desktop.services.database import create_database, open_database
from lipanel_desktop.storage.engine import PLAINTEXT_HEADER, connect
from lipanel_desktop.storage.keyslots import KeyFile, key_id_of, new_database_key, sidecar_path
from lipanel_desktop.storage.store import Store
from lipanel_desktop.storage.vault import Vault
from tests.conftest import ADMIN, ADMIN_PASSWORD


def _key(db: Path) -> bytearray:
    keys = Vault(db).load_keys()
    slot = keys.slot(ADMIN)
    key = slot.open_key(slot.unwrap_private(ADMIN_PASSWORD), keys.key_id)
    assert key is not None
    return key


def test_the_file_is_encrypted_and_every_connection_checks_it(store: Store, db_path: Path) -> None:
    assert not db_path.read_bytes().startswith(PLAINTEXT_HEADER)
    con = store.raw_connection()
    try:
        assert con.execute("PRAGMA cipher_version").fetchone()[0]
        assert con.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert con.execute("PRAGMA secure_delete").fetchone()[0] == 1
        assert con.execute("PRAGMA temp_store").fetchone()[0] == 2  # memory
        assert con.execute("PRAGMA cipher_memory_security").fetchone()[0] in (1, "1")
    finally:
        con.close()


def test_a_wrong_key_fails_on_open_not_later(store: Store, db_path: Path) -> None:
    store.close()
    before = db_path.read_bytes()
    with pytest.raises(NotALipanelDatabase):
        connect(db_path, new_database_key())
    assert db_path.read_bytes() == before


def test_a_plaintext_sqlite_file_is_refused_before_any_statement(tmp_path: Path) -> None:
    path = tmp_path / "plain.lipanel-db"
    with sqlite3.connect(path) as plain:
        plain.execute("CREATE TABLE t (x)")
    plain.close()
    before = path.read_bytes()
    with pytest.raises(NotALipanelDatabase, match="unencrypted SQLite file"):
        connect(path, new_database_key())
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.lipanel-db"]


def test_nothing_is_created_on_an_open_path(tmp_path: Path) -> None:
    with pytest.raises(DatabaseMissing):
        connect(tmp_path / "missing.lipanel-db", new_database_key())
    with pytest.raises(DatabaseMissing):
        open_database(tmp_path / "missing.lipanel-db", ADMIN, ADMIN_PASSWORD)
    assert list(tmp_path.iterdir()) == []


def test_create_refuses_an_existing_file(store: Store, db_path: Path) -> None:
    store.close()
    before = db_path.read_bytes()
    with pytest.raises(KnownError, match="already exists"):
        create_database(db_path, ADMIN, ADMIN_PASSWORD)
    assert db_path.read_bytes() == before


def test_an_interrupted_rotation_is_finished_by_the_next_unlock(store: Store, db_path: Path) -> None:
    """Step 1 and 2 of `Vault.rekey` happened (slots hold both keys; the file took the new
    key) but the process died before step 3: the next unlock finds the new key and
    completes the rotation."""
    old = _key(db_path)
    store.close()
    vault = Vault(db_path)
    keys = vault.load_keys()
    new = new_database_key()
    for slot in keys.slots.values():
        slot.add_sealed(new)
    keys.save(vault.keys_path)
    con = connect(db_path, old)
    con.execute(f"PRAGMA rekey = \"x'{bytes(new).hex()}'\"")
    con.close()
    assert Vault(db_path).load_keys().key_id == key_id_of(old)
    with open_database(db_path, ADMIN, ADMIN_PASSWORD):
        pass
    after = Vault(db_path).load_keys()
    assert after.key_id == key_id_of(new)
    assert all(slot.key_ids() == [key_id_of(new)] for slot in after.slots.values())


def test_a_rotation_interrupted_before_the_file_changed_keeps_the_old_key(store: Store, db_path: Path) -> None:
    old = _key(db_path)
    store.close()
    vault = Vault(db_path)
    keys = vault.load_keys()
    for slot in keys.slots.values():
        slot.add_sealed(new_database_key())
    keys.save(vault.keys_path)
    with open_database(db_path, ADMIN, ADMIN_PASSWORD, read_only=True):
        pass
    assert Vault(db_path).load_keys().key_id == key_id_of(old)
    with open_database(db_path, ADMIN, ADMIN_PASSWORD):
        pass
    assert Vault(db_path).load_keys().key_id == key_id_of(old)


def test_the_key_file_is_replaced_atomically(store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If writing the new key file fails half-way, the old one is still whole."""
    before = sidecar_path(db_path).read_bytes()
    keys = Vault(db_path).load_keys()

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        keys.save(sidecar_path(db_path))
    monkeypatch.undo()
    assert sidecar_path(db_path).read_bytes() == before
    assert [p.name for p in db_path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_key_file_round_trip_and_format(store: Store, db_path: Path) -> None:
    data = sidecar_path(db_path).read_bytes()
    body = json.loads(data)
    assert body["format"] == "lipanel-keys" and body["version"] == 1
    assert KeyFile.from_bytes(data).to_bytes() == data
    slot = body["slots"][ADMIN]
    assert slot["kdf"]["algorithm"] == "argon2id" and "salt" in slot["kdf"]
    assert ADMIN_PASSWORD not in data.decode()


def test_user_names_are_case_insensitive_and_passwords_exact(store: Store, db_path: Path) -> None:
    store.close()
    with open_database(db_path, ADMIN.upper(), ADMIN_PASSWORD) as again:
        assert again.identity.name == ADMIN
    with pytest.raises(WrongPassword):
        open_database(db_path, ADMIN, ADMIN_PASSWORD.lower())


def test_a_key_file_from_another_database_is_refused(tmp_path: Path, store: Store, db_path: Path) -> None:
    other = tmp_path / "other.lipanel-db"
    create_database(other, ADMIN, ADMIN_PASSWORD).close()
    store.close()
    sidecar_path(db_path).write_bytes(sidecar_path(other).read_bytes())
    with pytest.raises(KnownError, match="another database|different database"):
        open_database(db_path, ADMIN, ADMIN_PASSWORD)


def test_a_missing_key_file_is_named(store: Store, db_path: Path) -> None:
    store.close()
    sidecar_path(db_path).unlink()
    with pytest.raises(KeyFileProblem, match="missing"):
        open_database(db_path, ADMIN, ADMIN_PASSWORD)
