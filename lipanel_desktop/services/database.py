"""Creating, opening, verifying, backing up, restoring and rekeying a database, with the
role checks and audit entries that the storage layer leaves to us."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import select

from lipanel_desktop.errors import KnownError, ValidationError
from lipanel_desktop.models.organisation import Agency, Theme
from lipanel_desktop.services import organisation
from lipanel_desktop.services.accounts import check_user_name
from lipanel_desktop.services.passwords import check_new_password
from lipanel_desktop.services.permissions import require
from lipanel_desktop.storage import audit, backup, instance_lock, schema
from lipanel_desktop.storage.backup import BackupInfo
from lipanel_desktop.storage.engine import check_file_before_open
from lipanel_desktop.storage.store import Store
from lipanel_desktop.storage.vault import Vault
from lipanel_desktop.storage.verify import Check, verify
from lipanel_desktop.vocabulary.roles import Permission


def create_database(
    path: Path,
    admin: str,
    password: str,
    *,
    board_name: str | None = None,
    backup_folder: str = "",
) -> Store:
    """A new database with its first administrator and the default settings and lists."""
    check_user_name(admin, field="admin")
    check_new_password(password, admin)
    if board_name is not None and not board_name.strip():
        raise ValidationError({"board_name": "Give the organisation's name."})
    store = Vault(Path(path)).create(admin, password)
    try:
        with store.session() as s:
            for position, name in enumerate(organisation.CORE_AGENCIES):
                s.add(Agency(name=name, is_core_member=True, position=position))
            for position, name in enumerate(organisation.OTHER_AGENCIES, start=len(organisation.CORE_AGENCIES)):
                s.add(Agency(name=name, position=position))
            for name in organisation.DEFAULT_THEMES:
                s.add(Theme(name=name))
            if board_name:
                organisation.write(s, "board_name", board_name.strip())
            if backup_folder:
                organisation.write(s, "backup_folder", backup_folder)
            audit.record(s, "database", store.database_id, "create")
    except BaseException:
        store.close()
        raise
    return store


class DatabaseReadOnly(KnownError):
    """The database file may be read but not written by this user."""


def open_database(
    path: Path, user: str, password: str, *, read_only: bool = False, exclusive: bool = False
) -> Store:
    """Unlock a database. `exclusive` (the GUI) first takes the single-instance lock, so a
    second program is told who has it open (`instance_lock.DatabaseInUse`) and may open it
    read-only instead; the lock is let go when the store closes."""
    if read_only or not exclusive:
        return Vault(Path(path)).unlock(user, password, read_only=read_only)
    check_file_before_open(Path(path))
    if not os.access(path, os.W_OK):
        raise DatabaseReadOnly(
            f"{Path(path).name} is read-only for you here, so it can only be read, not changed. "
            "Ask IT if you need to change it."
        )
    lock = instance_lock.acquire(Path(path), user)
    try:
        store = Vault(Path(path)).unlock(user, password)
    except BaseException:
        lock.release()
        raise
    store.on_close(lock.release)
    return store


def verify_database(store: Store) -> list[Check]:
    checks = verify(store, Vault(store.path).load_keys())
    # Never write to a file that failed a check: it could make the damage worse.
    if not store.read_only and all(check.ok for check in checks):
        with store.session() as s:
            audit.record(s, "database", store.database_id, "verify")
    return checks


def backup_database(store: Store, dest: Path) -> Path:
    """A verified, encrypted backup (database and key slots) at `dest`."""
    with store.read_session() as s:
        revision = schema.current_revision(s.connection()) or ""
    if not store.read_only:
        # Audited before the copy, so the backup holds the record of its own making.
        with store.session() as s:
            audit.record(s, "database", store.database_id, "backup")
    written = backup.create_backup(store, Path(dest), revision)
    if not store.read_only:
        with store.session() as s:
            from datetime import datetime, timezone

            organisation.write(s, "last_backup_at", datetime.now(timezone.utc).isoformat(timespec="seconds"))
    return written


def backup_info(path: Path, user: str, password: str) -> BackupInfo:
    return backup.read_info(Path(path), user, password)


def restore_database(backup_path: Path, target: Path, user: str, password: str, *, force: bool = False) -> BackupInfo:
    instance_lock.ensure_free(Path(target), "restore a backup over it")
    info = backup.restore_backup(Path(backup_path), Path(target), user, password, force=force)
    with open_database(Path(target), user, password) as store:
        with store.session() as s:
            audit.record(s, "database", store.database_id, "restore")
    return info


def rekey_database(store: Store) -> None:
    require(store.identity, Permission.MANAGE_USERS)
    instance_lock.ensure_free(store.path, "change its key")
    Vault(store.path).rekey(store)
    with store.session() as s:
        audit.record(s, "database", store.database_id, "rekey")


def agency_names(store: Store) -> list[str]:
    with store.read_session() as s:
        return list(s.scalars(select(Agency.name).order_by(Agency.position, Agency.name)))
