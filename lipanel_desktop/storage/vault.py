"""A database and its key-slot sidecar, handled as one: create, unlock, rotate the key,
and add, remove or change slots.

Order of writes is chosen so that a crash at any point leaves a database that opens with
exactly one key, reachable through the users' slots (see `rekey`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import exc as sa_exc
from sqlalchemy import select, update
from sqlcipher3 import dbapi2

from lipanel_desktop.errors import (
    DatabaseDamaged,
    KeyFileProblem,
    KnownError,
    NotALipanelDatabase,
    UnknownUser,
)
from lipanel_desktop.models.account import Account
from lipanel_desktop.models.base import utc_now
from lipanel_desktop.models.organisation import OrgSetting
from lipanel_desktop.storage import schema
from lipanel_desktop.storage.atomic_file import replace_atomically
from lipanel_desktop.storage.db_errors import translate
from lipanel_desktop.storage.engine import check_file_before_open, connect, diagnose
from lipanel_desktop.storage.keyslots import (
    KeyFile,
    Slot,
    key_id_of,
    new_database_key,
    sidecar_path,
)
from lipanel_desktop.storage.kdf import Argon2Params
from lipanel_desktop.storage.store import Identity, Store

DATABASE_ID_SETTING = "database_id"
SYSTEM = "system"
#: "LIPA" in the (encrypted) SQLite header: marks the file as ours.
APPLICATION_ID = 0x4C495041


__all__ = ["DatabaseDamaged", "Vault"]


class Vault:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.keys_path = sidecar_path(self.path)

    # -- creating -----------------------------------------------------------------

    def create(self, admin: str, password: str, params: Argon2Params | None = None) -> Store:
        """A new database with one administrator. Refuses to touch an existing file."""
        for existing in (self.path, self.keys_path):
            if existing.exists():
                raise KnownError(f"{existing} already exists. Choose another name, or remove it first.")
        if not self.path.parent.is_dir():
            raise KnownError(f"The folder {self.path.parent} does not exist.")
        key = new_database_key()
        keyfile = KeyFile.new(key)
        keyfile.put(Slot.create(admin, password, key, params))
        try:
            bootstrap = connect(self.path, key, create=True)
            try:
                # Writes page 1, so the file exists (encrypted) before the schema is built.
                bootstrap.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            finally:
                bootstrap.close()
            store = Store(self.path, key, Identity(SYSTEM, "administrator"), database_id=keyfile.database_id)
            schema.create_schema(store.write_engine)
            with store.session() as s:
                s.add(OrgSetting(key=DATABASE_ID_SETTING, value=json.dumps(keyfile.database_id)))
                s.add(Account(name=admin, display_name=admin, role="administrator", last_login_at=utc_now()))
            keyfile.save(self.keys_path)
        except BaseException:
            self.path.unlink(missing_ok=True)
            self.keys_path.unlink(missing_ok=True)
            raise
        store.identity = Identity(admin, "administrator")
        return store

    # -- unlocking ----------------------------------------------------------------

    def load_keys(self) -> KeyFile:
        return KeyFile.load(self.keys_path)

    def unlock(self, user: str, password: str, *, read_only: bool = False) -> Store:
        """Check the password against the user's slot and open the database.

        Nothing is written on a failure, so a wrong password leaves the database and the
        key file byte-identical.
        """
        check_file_before_open(self.path)
        keyfile = self.load_keys()
        slot = keyfile.slot(user)
        private = slot.unwrap_private(password)
        key = slot.open_key(private, keyfile.key_id)
        candidates = [] if key is None else [key]
        for other in slot.key_ids():
            if other != keyfile.key_id:
                pending = slot.open_key(private, other)
                if pending is not None:
                    candidates.append(pending)
        if not candidates:
            raise KeyFileProblem(
                f"The key file has no usable key for {user}. Ask an administrator to reset the account."
            )
        key = self._first_key_that_opens(candidates, read_only)
        if key_id_of(key) != keyfile.key_id and not read_only:
            self._finish_rotation(keyfile, key)
        store = Store(self.path, key, Identity(user, ""), read_only=read_only, database_id=keyfile.database_id)
        try:
            schema.ensure_current(store.write_engine if not read_only else store.read_engine, read_only=read_only)
            # The name as stored with the slot: SQLite NOCASE folds only ASCII letters.
            store.identity = self._identity(store, slot.name, keyfile, read_only)
        except (DatabaseDamaged, sa_exc.DatabaseError, dbapi2.DatabaseError) as error:
            if isinstance(error, (sa_exc.OperationalError, dbapi2.OperationalError)):
                known = translate(error)
                store.close()
                if known is None:
                    raise
                raise known from None
            damage = diagnose(self.path, key) or "its structure cannot be read"
            store.close()
            raise self._damaged(damage) from None
        except BaseException:
            store.close()
            raise
        return store

    def _damaged(self, damage: str) -> DatabaseDamaged:
        return DatabaseDamaged(
            f"{self.path.name} is damaged: {damage}. Nothing was changed. Restore the latest backup "
            "(lipanel-admin restore)."
        )

    def _first_key_that_opens(self, candidates: list[bytearray], read_only: bool) -> bytearray:
        problem: KnownError | None = None
        for key in candidates:
            try:
                connect(self.path, key, read_only=read_only).close()
                return key
            except NotALipanelDatabase as exc:
                problem = exc
        for key in candidates:
            damage = diagnose(self.path, key)
            if damage:
                raise self._damaged(damage)
        raise DatabaseDamaged(
            f"{self.path.name} cannot be read with its key: its first page is damaged, or the key "
            "file beside it belongs to another database. Nothing was changed. Find the matching "
            "key file, or restore the latest backup (lipanel-admin restore)."
        ) from problem

    def _finish_rotation(self, keyfile: KeyFile, key: bytearray) -> None:
        """A key rotation was interrupted after the database took the new key: finish it."""
        keyfile.key_id = key_id_of(key)
        for each in keyfile.slots.values():
            each.keep_only(keyfile.key_id)
        keyfile.save(self.keys_path)

    def _identity(self, store: Store, user: str, keyfile: KeyFile, read_only: bool) -> Identity:
        with store.read_session() as s:
            stored_id = s.get(OrgSetting, DATABASE_ID_SETTING)
            account = s.scalars(select(Account).where(Account.name == user)).first()
        if stored_id is None or json.loads(stored_id.value) != keyfile.database_id:
            raise KeyFileProblem("The key file belongs to a different database. Use the key file saved with this one.")
        if account is None or not account.active or account.removed_at is not None:
            raise UnknownUser(f"There is no user called “{user}” in this database.")
        if not read_only:
            with store.session() as s:
                s.execute(update(Account).where(Account.id == account.id).values(last_login_at=utc_now()))
        return Identity(account.name, account.role)

    # -- key slots ------------------------------------------------------------------

    @contextmanager
    def keys_rollback(self) -> Iterator[None]:
        """Put the key file back as it was if the block fails (for example if the
        database change that goes with a slot change cannot be committed)."""
        before = self.keys_path.read_bytes()
        try:
            yield
        except BaseException:
            replace_atomically(self.keys_path, before)
            raise

    def add_slot(self, store: Store, name: str, password: str, *, must_change: bool = False) -> None:
        keyfile = self.load_keys()
        slot = Slot.create(name, password, store.key_for_backup())
        slot.must_change_password = must_change
        keyfile.put(slot)
        keyfile.save(self.keys_path)

    def remove_slot(self, name: str) -> None:
        keyfile = self.load_keys()
        keyfile.remove(name)
        keyfile.save(self.keys_path)

    def change_password(self, user: str, old_password: str, new_password: str) -> None:
        keyfile = self.load_keys()
        keyfile.slot(user).change_password(old_password, new_password)
        keyfile.save(self.keys_path)

    def rekey(self, store: Store) -> None:
        """Rotate the database key and reseal it to every remaining slot.

        1. every slot gets the new key beside the old (key file still names the old one);
        2. SQLCipher rewrites every page under the new key (one transaction);
        3. the key file names the new key and drops the old.
        A crash before 2 completes leaves the old key working; after 2, unlock finds the
        new key in the slots and finishes step 3 itself.
        """
        keyfile = self.load_keys()
        new_key = new_database_key()
        for slot in keyfile.slots.values():
            slot.add_sealed(new_key)
        keyfile.save(self.keys_path)
        store.write_engine.dispose()
        store.release_connections()
        con = store.raw_connection()
        try:
            con.execute(f"PRAGMA rekey = \"x'{bytes(new_key).hex()}'\"")
        finally:
            con.close()
        store.replace_key(new_key)
        self._finish_rotation(keyfile, new_key)
