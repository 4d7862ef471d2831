"""Backups: one file holding the database and its key slots, verified after writing.

Layout of a `.lipanel-backup` file::

    b"LIPANEL-BACKUP\\n"
    4-byte big-endian length, then a JSON header:
        {"version": 1, "created_at": ..., "keys": <the key-slot file, as JSON>,
         "manifest": {"nonce": ..., "ciphertext": ...}, "database_size": N,
         "database_sha256": <hex of the N bytes that follow>}
    N bytes: the SQLCipher database, copied through SQLite's backup API (still encrypted)
    b"LIPANEL-END\\n" and the SHA-256 (hex) of everything before it

The manifest (who made it, schema, record counts) is AES-GCM encrypted under a key derived
from the database key, so it needs a user's password to read, like everything else. A
backup holds the key slots as they were when it was made: a user removed before a backup
cannot open it.
"""

from __future__ import annotations

import base64
import errno
import hashlib
import json
import os
import re
import secrets
import struct
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlcipher3 import dbapi2

from lipanel_desktop.errors import KnownError, NotALipanelDatabase
from lipanel_desktop.storage.atomic_file import fsync_folder
from lipanel_desktop.storage.engine import connect
from lipanel_desktop.storage.keyslots import KeyFile, key_id_of, sidecar_path
from lipanel_desktop.storage.store import Store

MAGIC = b"LIPANEL-BACKUP\n"
TRAILER = b"LIPANEL-END\n"
SUFFIX = ".lipanel-backup"
VERSION = 1
_CHUNK = 1 << 20
_MAX_HEADER = 16 << 20
COUNTED_TABLES = ("referrals", "meetings", "reviews", "chronology_entries", "actions", "accounts")


class BackupDamaged(KnownError):
    """The backup file is incomplete, altered or not a backup."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: datetime
    created_by: str
    schema: str
    counts: dict[str, int]
    users: list[str]


def _manifest_key(database_key: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, None, b"lipanel backup manifest").derive(database_key)


def _disk_error(exc: OSError, dest: Path) -> KnownError:
    if exc.errno == errno.ENOSPC or exc.errno == errno.EFBIG:
        return KnownError(f"The backup could not be written: there is no room left in {dest.parent}. Nothing was changed.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return KnownError(f"The backup could not be written: {dest.parent} is not writable. Choose another folder.")
    return KnownError(f"The backup could not be written to {dest.parent} ({exc.strerror}). Nothing was changed.")


def default_name(database: Path, when: datetime | None = None) -> str:
    when = when or datetime.now()
    return f"{Path(database).stem}-{when:%Y%m%d-%H%M%S}{SUFFIX}"


def _counts(connection: object) -> dict[str, int]:
    counts = {}
    for table in COUNTED_TABLES:
        counts[table] = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[attr-defined]
    return counts


def create_backup(store: Store, dest: Path, schema_revision: str) -> Path:
    """Write a verified backup to `dest` (a file, or a folder to put a dated file in).

    Everything is written beside `dest` under hidden temporary names and renamed into
    place only once verified, so `dest` never holds a partial backup; on any failure the
    temporary files are removed (and ones left by a killed backup are cleared later).
    """
    dest = Path(dest)
    if dest.is_dir():
        dest = dest / default_name(store.path)
    if dest.exists():
        raise KnownError(f"{dest} already exists. Choose another name.")
    if not dest.parent.is_dir():
        raise KnownError(f"The folder {dest.parent} does not exist. Choose another folder.")
    token = secrets.token_hex(4)
    copy_path = dest.with_name(f".{dest.name}.{token}.db")
    partial = dest.with_name(f".{dest.name}.{token}.partial")
    key = store.key_for_backup()
    try:
        open(partial, "xb").close()  # first: is the folder writable at all?
        _remove_stale_leftovers(dest.parent)
        keys = KeyFile.load(sidecar_path(store.path))
        counts = _copy_database(store, copy_path, key, dest)
        manifest = {
            "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "created_by": store.identity.name,
            "schema": schema_revision,
            "counts": counts,
        }
        nonce = os.urandom(12)
        sealed = AESGCM(_manifest_key(key)).encrypt(nonce, json.dumps(manifest).encode(), MAGIC)
        _write_container(partial, copy_path, keys, nonce, sealed)
        verify_backup_file(partial, key)
        os.replace(partial, dest)
        fsync_folder(dest.parent)
    except OSError as exc:
        raise _disk_error(exc, dest) from None
    finally:
        copy_path.unlink(missing_ok=True)
        partial.unlink(missing_ok=True)
    return dest


def _copy_database(store: Store, copy_path: Path, key: bytes, dest: Path) -> dict[str, int]:
    """The live database copied through SQLite's backup API (still encrypted)."""
    source = store.raw_connection()
    try:
        target = connect(copy_path, key, create=True)
        try:
            source.backup(target)
            return _counts(target)
        finally:
            target.close()
    except dbapi2.DatabaseError as exc:
        text = str(exc).lower()
        if "full" in text or "i/o" in text:
            raise KnownError(
                f"The backup could not be written: there is no room left in {dest.parent}, or the "
                "disk failed. Nothing was changed."
            ) from None
        if "unable to open" in text or "readonly" in text:
            raise KnownError(f"The backup could not be written: {dest.parent} is not writable. Choose another folder.") from None
        raise
    finally:
        source.close()


#: Temporary files of a backup that was killed half-way: `.<name>.<8 hex>.<kind>`.
_LEFTOVER = re.compile(r"^\..+\.[0-9a-f]{8}\.(db|partial|check)$")
_STALE_AFTER_SECONDS = 3600


def _remove_stale_leftovers(folder: Path) -> None:
    """Clear temporary files left by a backup killed over an hour ago (they hold an
    encrypted copy of the database, and space)."""
    cutoff = time.time() - _STALE_AFTER_SECONDS
    for path in folder.iterdir():
        if _LEFTOVER.match(path.name) and SUFFIX in path.name:
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
            except OSError:
                pass


def _write_container(partial: Path, database: Path, keys: KeyFile, nonce: bytes, sealed: bytes) -> None:
    digest_db = hashlib.sha256()
    size = database.stat().st_size
    with open(database, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest_db.update(chunk)
    header = json.dumps(
        {
            "version": VERSION,
            "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "keys": json.loads(keys.to_bytes()),
            "manifest": {
                "nonce": base64.b64encode(nonce).decode(),
                "ciphertext": base64.b64encode(sealed).decode(),
            },
            "database_size": size,
            "database_sha256": digest_db.hexdigest(),
        }
    ).encode("utf-8")
    whole = hashlib.sha256()
    with open(partial, "wb") as out:
        for part in (MAGIC, struct.pack(">I", len(header)), header):
            out.write(part)
            whole.update(part)
        with open(database, "rb") as handle:
            for chunk in iter(lambda: handle.read(_CHUNK), b""):
                out.write(chunk)
                whole.update(chunk)
        out.write(TRAILER + whole.hexdigest().encode("ascii"))
        out.flush()
        os.fsync(out.fileno())


@dataclass(frozen=True)
class Container:
    path: Path
    header: dict
    keys: KeyFile
    database_offset: int
    database_size: int


def read_container(path: Path) -> Container:
    """Parse and check a backup's structure and checksums (no key needed)."""
    path = Path(path)
    damaged = BackupDamaged(
        f"{path.name} is not a complete LIPanel backup: it is damaged or was cut short. "
        "Nothing was changed. Use another backup."
    )
    try:
        total = path.stat().st_size
        with open(path, "rb") as handle:
            if handle.read(len(MAGIC)) != MAGIC:
                raise BackupDamaged(f"{path.name} is not a LIPanel backup. Nothing was changed.")
            (length,) = struct.unpack(">I", handle.read(4))
            if length > _MAX_HEADER:
                raise damaged
            raw_header = handle.read(length)
            header = json.loads(raw_header.decode("utf-8"))
            if header.get("version") != VERSION:
                raise BackupDamaged(f"{path.name} was made by a newer version of LIPanel. Use that version to restore it.")
            offset = len(MAGIC) + 4 + length
            size = int(header["database_size"])
            if offset + size + len(TRAILER) + 64 != total:
                raise damaged
            whole = hashlib.sha256(MAGIC + struct.pack(">I", length) + raw_header)
            inner = hashlib.sha256()
            remaining = size
            while remaining:
                chunk = handle.read(min(_CHUNK, remaining))
                if not chunk:
                    raise damaged
                whole.update(chunk)
                inner.update(chunk)
                remaining -= len(chunk)
            if handle.read(len(TRAILER)) != TRAILER or handle.read(64).decode("ascii") != whole.hexdigest():
                raise damaged
            if inner.hexdigest() != header["database_sha256"]:
                raise damaged
        keys = KeyFile.from_bytes(json.dumps(header["keys"]).encode(), where=f"The key slots in {path.name}")
    except BackupDamaged:
        raise
    except FileNotFoundError:
        raise KnownError(f"There is no backup at {path}.") from None
    except (OSError, ValueError, KeyError, TypeError, struct.error, UnicodeDecodeError):
        raise damaged from None
    return Container(path, header, keys, offset, size)


def _extract(container: Container, out_path: Path) -> None:
    with open(container.path, "rb") as handle, open(out_path, "xb") as out:
        handle.seek(container.database_offset)
        remaining = container.database_size
        while remaining:
            chunk = handle.read(min(_CHUNK, remaining))
            out.write(chunk)
            remaining -= len(chunk)
        out.flush()
        os.fsync(out.fileno())


def _check_database(path: Path, key: bytes) -> None:
    try:
        con = connect(path, key)
    except NotALipanelDatabase:
        raise BackupDamaged("The database inside the backup cannot be read with its key. Nothing was changed.") from None
    try:
        failures = con.execute("PRAGMA cipher_integrity_check").fetchall()
        result = con.execute("PRAGMA integrity_check").fetchone()
    finally:
        con.close()
    if failures or not result or result[0] != "ok":
        raise BackupDamaged("The database inside the backup is damaged. Nothing was changed. Use another backup.")


def verify_backup_file(path: Path, key: bytes) -> Container:
    """Structure, checksums, and the embedded database's integrity under `key`."""
    container = read_container(path)
    if container.keys.key_id != key_id_of(key):
        raise BackupDamaged("The backup's key slots do not match its database. Nothing was changed.")
    scratch = Path(path).with_name(f".{Path(path).name}.{secrets.token_hex(4)}.check")
    try:
        _extract(container, scratch)
        _check_database(scratch, key)
    finally:
        scratch.unlink(missing_ok=True)
    return container


def _unlock_backup_key(container: Container, user: str, password: str) -> bytearray:
    slot = container.keys.slot(user)
    private = slot.unwrap_private(password)
    key = slot.open_key(private, container.keys.key_id)
    if key is None:
        raise BackupDamaged(f"The backup holds no key for {user}. Nothing was changed.")
    return key


def read_info(path: Path, user: str, password: str) -> BackupInfo:
    """What a backup holds (date, who made it, counts), for a preview before restoring."""
    container = read_container(path)
    key = _unlock_backup_key(container, user, password)
    manifest = container.header["manifest"]
    try:
        plain = AESGCM(_manifest_key(bytes(key))).decrypt(
            base64.b64decode(manifest["nonce"]), base64.b64decode(manifest["ciphertext"]), MAGIC
        )
    except (InvalidTag, KeyError, ValueError):
        raise BackupDamaged(f"{Path(path).name} is damaged: its summary cannot be read.") from None
    finally:
        key[:] = bytes(len(key))
    data = json.loads(plain)
    return BackupInfo(
        path=Path(path),
        created_at=datetime.fromisoformat(data["created_at"]),
        created_by=data["created_by"],
        schema=data["schema"],
        counts={str(k): int(v) for k, v in data["counts"].items()},
        users=sorted(slot.name for slot in container.keys.slots.values()),
    )


def restore_backup(backup: Path, target: Path, user: str, password: str, *, force: bool = False) -> BackupInfo:
    """Verify a backup completely, then put its database and key file at `target`."""
    target = Path(target)
    keys_target = sidecar_path(target)
    if (target.exists() or keys_target.exists()) and not force:
        raise KnownError(f"{target} already exists. Add --force to replace it with the backup.")
    if not target.parent.is_dir():
        raise KnownError(f"The folder {target.parent} does not exist.")
    info = read_info(backup, user, password)
    container = read_container(backup)
    key = _unlock_backup_key(container, user, password)
    token = secrets.token_hex(4)
    db_tmp = target.with_name(f".{target.name}.{token}.restore")
    keys_tmp = target.with_name(f".{keys_target.name}.{token}.restore")
    try:
        _extract(container, db_tmp)
        _check_database(db_tmp, bytes(key))
        with open(keys_tmp, "xb") as out:
            out.write(container.keys.to_bytes())
            out.flush()
            os.fsync(out.fileno())
        for leftover in (target.with_name(target.name + "-journal"), target.with_name(target.name + "-wal")):
            leftover.unlink(missing_ok=True)
        os.replace(db_tmp, target)
        os.replace(keys_tmp, keys_target)
        fsync_folder(target.parent)
    except OSError as exc:
        raise _disk_error(exc, target) from None
    finally:
        key[:] = bytes(len(key))
        db_tmp.unlink(missing_ok=True)
        keys_tmp.unlink(missing_ok=True)
    return info
