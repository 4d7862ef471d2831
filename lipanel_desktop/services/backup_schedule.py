"""Automatic backups: one on every close into the chosen folder (a network share, say),
verified after writing, the oldest removed so that `backups_kept` remain; a reminder when
none has been made for a week; and restoring from the GUI with a safety copy first.

Only this database's automatic backups are ever removed: files named
`<database>-YYYYMMDD-HHMMSS.lipanel-backup` whose header names this database's id. Backups
made by hand elsewhere, other databases' backups and safety copies are never touched.
"""

from __future__ import annotations

import json
import os
import re
import struct
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from lipanel_desktop.errors import KnownError, ValidationError
from lipanel_desktop.services.database import backup_database, restore_database
from lipanel_desktop.services.organisation import OrganisationService
from lipanel_desktop.services.permissions import allowed, require
from lipanel_desktop.storage import backup, instance_lock
from lipanel_desktop.storage.backup import BackupInfo
from lipanel_desktop.storage.keyslots import key_id_of
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.roles import Permission

REMIND_AFTER = timedelta(days=7)
_STAMP = "%Y%m%d-%H%M%S"
_MAX_HEADER = 16 << 20


@dataclass(frozen=True)
class BackupFile:
    path: Path
    #: Local time, from the file's name.
    made_at: datetime
    size: int


@dataclass(frozen=True)
class BackupOutcome:
    path: Path
    #: Older automatic backups removed to keep the number set.
    removed: tuple[Path, ...]


@dataclass(frozen=True)
class BackupStatus:
    folder: str
    kept: int
    last_backup_at: datetime | None
    reminder: str | None
    backups: tuple[BackupFile, ...]


@dataclass(frozen=True)
class BackupCheck:
    ok: bool
    words: str
    info: BackupInfo | None = None


@dataclass(frozen=True)
class RestoreOutcome:
    info: BackupInfo
    #: The database as it was just before the restore, so the restore can be undone.
    safety_copy: Path


def _automatic_name(stem: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(stem)}-(\d{{8}}-\d{{6}})(?:-(\d+))?{re.escape(backup.SUFFIX)}$")


def database_id_of(path: Path) -> str | None:
    """The database id in a backup's header (read without the key, without hashing the
    whole file); None if the file is not a readable backup."""
    try:
        with open(path, "rb") as handle:
            if handle.read(len(backup.MAGIC)) != backup.MAGIC:
                return None
            (length,) = struct.unpack(">I", handle.read(4))
            if length > _MAX_HEADER:
                return None
            header = json.loads(handle.read(length).decode("utf-8"))
        return str(header["keys"]["database_id"])
    except (OSError, ValueError, KeyError, TypeError, struct.error, UnicodeDecodeError):
        return None


def _parse_last(value: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


class BackupSchedule:
    def __init__(self, store: Store) -> None:
        self.store = store

    # -- settings and state ------------------------------------------------------------
    def _settings(self) -> dict:
        return OrganisationService(self.store).all()

    def folder(self) -> Path | None:
        folder = str(self._settings()["backup_folder"]).strip()
        return Path(folder) if folder else None

    def set_folder(self, folder: str, kept: int | None = None) -> None:
        """Choose where automatic backups go (and how many are kept). The folder must
        exist and be writable now, so the first close does not fail."""
        require(self.store.identity, Permission.MANAGE_SETTINGS)
        folder = folder.strip()
        if folder:
            self._check_folder(Path(folder))
        values: dict[str, object] = {"backup_folder": folder}
        if kept is not None:
            values["backups_kept"] = kept
        OrganisationService(self.store).update(values)

    def _check_folder(self, path: Path) -> None:
        unreachable = ValidationError({"backup_folder": f"The folder {path} does not exist or cannot be reached."})
        try:
            if "\x00" in str(path) or not path.is_dir():
                raise unreachable
            same = path.resolve() == self.store.path.parent.resolve()
        except (OSError, ValueError):  # a name too long for the file system, say
            raise unreachable from None
        if not os.access(path, os.W_OK | os.X_OK):
            raise ValidationError({"backup_folder": f"You may not write to {path}. Choose another folder."})
        if same:
            raise ValidationError(
                {"backup_folder": "Choose a folder away from the database, so one lost disk does not lose both."}
            )

    def last_backup_at(self) -> datetime | None:
        return _parse_last(str(self._settings()["last_backup_at"]))

    def reminder(self, now: datetime | None = None) -> str | None:
        """Words for the weekly reminder, or None when a backup is recent enough."""
        now = now or datetime.now(timezone.utc)
        settings = self._settings()
        last = _parse_last(str(settings["last_backup_at"]))
        if last is not None and now - last < REMIND_AFTER:
            return None
        if last is None:
            words = "This database has never been backed up."
        else:
            days = (now - last).days
            words = f"No backup of this database has been made for {days} days."
        chosen = bool(str(settings["backup_folder"]).strip())
        if allowed(self.store.identity, Permission.MANAGE_SETTINGS):
            if not chosen:
                return words + " Choose a backup folder in Administration › Backups, so one is made every time LIPanel closes."
            return words + " Make one now (File › Back up now), and check the backup folder can be reached."
        if not chosen:
            return words + " Ask an administrator to choose a backup folder, so one is made every time LIPanel closes."
        return words + " Make one now (File › Back up now); if that fails, ask an administrator to check the backup folder."

    def status(self, now: datetime | None = None) -> BackupStatus:
        settings = self._settings()
        folder = str(settings["backup_folder"]).strip()
        files = tuple(self.automatic_backups(Path(folder))) if folder else ()
        return BackupStatus(
            folder, int(settings["backups_kept"]), _parse_last(str(settings["last_backup_at"])), self.reminder(now), files
        )

    # -- making backups -------------------------------------------------------------------
    def automatic_backups(self, folder: Path) -> list[BackupFile]:
        """This database's automatic backups in `folder`, newest first."""
        pattern = _automatic_name(self.store.path.stem)
        found = []
        try:
            entries = list(Path(folder).iterdir())
        except OSError:
            return []
        for path in entries:
            match = pattern.match(path.name)
            if not match or not path.is_file() or database_id_of(path) != self.store.database_id:
                continue
            made = datetime.strptime(match.group(1), _STAMP)
            found.append((made, int(match.group(2) or 0), BackupFile(path, made, path.stat().st_size)))
        return [f for _, _, f in sorted(found, key=lambda t: (t[0], t[1]), reverse=True)]

    def backup_now(self, folder: Path | None = None) -> BackupOutcome:
        """A verified backup in `folder` (default: the chosen backup folder), then rotation."""
        if self.store.read_only:
            raise KnownError("This database is open read-only here; back it up from the program that has it open.")
        folder = Path(folder) if folder is not None else self.folder()
        if folder is None:
            raise KnownError("No backup folder has been chosen. An administrator can choose one in Administration › Backups.")
        if not folder.is_dir():
            raise KnownError(
                f"The backup folder {folder} cannot be reached. Check the network share or drive is connected, "
                "or choose another folder."
            )
        written = backup_database(self.store, self._free_name(folder))
        return BackupOutcome(written, tuple(self.rotate(folder, keep_also=written)))

    def _free_name(self, folder: Path) -> Path:
        stamp = datetime.now().strftime(_STAMP)
        base = f"{self.store.path.stem}-{stamp}"
        candidate = folder / f"{base}{backup.SUFFIX}"
        n = 2
        while candidate.exists():
            candidate = folder / f"{base}-{n}{backup.SUFFIX}"
            n += 1
        return candidate

    def backup_on_close(self) -> BackupOutcome | None:
        """The close-time backup: only when a folder is chosen and this program may write."""
        if self.store.read_only or not self.store.is_open or self.folder() is None:
            return None
        return self.backup_now()

    def rotate(self, folder: Path, keep_also: Path | None = None) -> list[Path]:
        """Remove this database's oldest automatic backups beyond the number kept."""
        kept = int(self._settings()["backups_kept"])
        backups = self.automatic_backups(folder)
        removed = []
        for old in backups[kept:]:
            if keep_also is not None and old.path == keep_also:
                continue
            try:
                old.path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise KnownError(
                    f"The backup was made, but an old one ({old.path.name}) could not be removed ({exc.strerror})."
                ) from None
            removed.append(old.path)
        return removed

    # -- checking and restoring --------------------------------------------------------------
    def check(self, path: Path, password: str) -> BackupCheck:
        """Verify a backup file: structure and checksums, the database inside it page by
        page when it has this database's current key, and that the password opens it."""
        path = Path(path)
        try:
            container = backup.read_container(path)
            info = backup.read_info(path, self.store.identity.name, password)
            if self.store.is_open and container.keys.key_id == key_id_of(self.store.key_for_backup()):
                backup.verify_backup_file(path, self.store.key_for_backup())
                depth = "Its structure, checksums and every page of the database inside it check out."
            else:
                depth = (
                    "Its structure and checksums check out and your password opens it "
                    "(it was made under an earlier key, so its pages are checked when it is restored)."
                )
        except KnownError as exc:
            return BackupCheck(False, f"{path.name} is not a usable backup: {exc.message}")
        made = info.created_at.astimezone().strftime("%d/%m/%Y %H:%M")
        return BackupCheck(True, f"{path.name}, made {made} by {info.created_by}, is sound. {depth}", info)

    def preview(self, path: Path, password: str) -> BackupInfo:
        """What a backup holds (date, who made it, counts), before restoring it."""
        require(self.store.identity, Permission.MANAGE_USERS)
        return backup.read_info(Path(path), self.store.identity.name, password)

    def restore(self, path: Path, password: str) -> RestoreOutcome:
        """Replace this database with a backup, keeping a safety copy of it as it is now.

        Once the safety copy is made the store is closed, whether or not the restore then
        succeeds (the restored database may have another key and other users): open it
        again — with the password as it was in the backup if it succeeded.
        """
        require(self.store.identity, Permission.MANAGE_USERS)
        if self.store.read_only:
            raise KnownError("This database is open read-only here, so it cannot be replaced.")
        path = Path(path)
        self.preview(path, password)  # checks the backup and the password before anything changes
        target = self.store.path
        instance_lock.ensure_free(target, "restore a backup over it")
        folder = self.folder()
        if folder is None or not folder.is_dir():
            folder = target.parent
        stamp = datetime.now().strftime(_STAMP)
        safety = backup_database(self.store, folder / f"{target.stem}-before-restore-{stamp}{backup.SUFFIX}")
        user = self.store.identity.name
        self.store.close()
        info = restore_database(path, target, user, password, force=True)
        return RestoreOutcome(info, safety)
