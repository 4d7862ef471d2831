"""One program at a time per database: a lock file beside it saying who has it open.

`<database>.lipanel-lock` holds JSON — user name, machine, since when (UTC), process id
and program version; never anything from a record — and is held with an operating-system
lock (`flock` on POSIX, `LockFileEx` through `msvcrt.locking` on Windows) for as long as
the program has the database open. The operating system drops that lock when a process
dies, however it dies, so a lock file left by a crash is recognised at once: whoever
takes the OS lock next is the rightful holder and overwrites the stale details (and can
say whose lock it cleared).

Where the file system offers no locks (some network shares), the file is created
exclusively instead and judged stale when its process is gone (same machine) or its
heartbeat — the file's modification time, refreshed by `InstanceLock.refresh()` every
minute or so — is older than `STALE_AFTER` (another machine).

Within one process the lock is counted, not re-taken: the window and each `Store` it
opens share one lock, released when the last of them lets go.
"""

from __future__ import annotations

import errno
import json
import os
import platform
import secrets
import threading
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from lipanel_desktop import __version__
from lipanel_desktop.errors import KnownError

SUFFIX = ".lipanel-lock"
#: Without OS locks, a lock from another machine whose heartbeat is older than this is stale.
STALE_AFTER = timedelta(minutes=10)
#: How often a holder should call `refresh()` (the GUI does, from a timer).
HEARTBEAT_SECONDS = 60
_WINDOWS_LOCK_OFFSET = 1 << 20  # lock a byte far past the JSON, so readers can still read it
_MAX_INFO_BYTES = 4096


def lock_path(database: Path) -> Path:
    database = Path(database)
    return database.with_name(database.name + SUFFIX)


def this_machine() -> str:
    return platform.node() or "this computer"


@dataclass(frozen=True)
class LockInfo:
    """Who holds a database open. Names a user account and a machine, nothing more."""

    user: str
    machine: str
    since: datetime
    pid: int
    program: str = ""

    def describe(self) -> str:
        local = self.since.astimezone()
        where = "this computer" if self.machine == this_machine() else self.machine
        return f"{self.user} on {where}, since {local:%d/%m/%Y %H:%M}"

    def to_bytes(self) -> bytes:
        data = asdict(self)
        data["since"] = self.since.isoformat(timespec="seconds")
        return json.dumps({"format": "lipanel-lock", **data}, ensure_ascii=True).encode("ascii")

    @classmethod
    def from_bytes(cls, raw: bytes) -> "LockInfo | None":
        """The details in a lock file, or None if it is empty or unreadable (half-written)."""
        try:
            data = json.loads(raw.decode("utf-8"))
            if data.get("format") != "lipanel-lock":
                return None
            since = datetime.fromisoformat(str(data["since"]))
            if since.tzinfo is None:
                since = since.replace(tzinfo=timezone.utc)
            return cls(
                user=str(data["user"])[:64],
                machine=str(data["machine"])[:255],
                since=since,
                pid=int(data["pid"]),
                program=str(data.get("program", ""))[:40],
            )
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
            return None


class DatabaseInUse(KnownError):
    """Another running program has the database open."""

    def __init__(self, database: Path, holder: LockInfo | None, *, before: str = "") -> None:
        self.database = Path(database)
        self.holder = holder
        who = holder.describe() if holder else "someone whose details cannot be read"
        if before:
            advice = f"Ask them to close it before you {before}."
        else:
            advice = "You can open it read-only to look things up, or ask them to close it and try again."
        super().__init__(f"{self.database.name} is already open in LIPanel by {who}. {advice}")


class _Unsupported(Exception):
    """The file system does not do OS locks here."""


# -- the operating system's lock ---------------------------------------------------------

if os.name == "nt":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _os_try_lock(fd: int) -> bool:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLK):
                return False
            raise _Unsupported() from exc
        return True

    def _os_unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass

else:
    import fcntl

    def _os_try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                return False
            raise _Unsupported() from exc
        return True

    def _os_unlock(fd: int) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        except OSError:
            pass


def pid_running(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# -- the lock -------------------------------------------------------------------------------

_held: dict[str, "InstanceLock"] = {}
_guard = threading.Lock()


def _key(database: Path) -> str:
    return os.path.normcase(os.path.realpath(database))


def _read(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, _MAX_INFO_BYTES)


def _read_path(path: Path) -> LockInfo | None:
    """Read a held lock's details, allowing a moment for a holder still writing them."""
    for _ in range(5):
        try:
            info = LockInfo.from_bytes(path.read_bytes()[:_MAX_INFO_BYTES])
        except OSError:
            info = None
        if info is not None:
            return info
        time.sleep(0.05)
    return None


def _cannot_write(path: Path, exc: OSError) -> KnownError:
    return KnownError(
        f"LIPanel cannot write its lock file {path.name} beside the database ({exc.strerror}). "
        "Check that you may change files in that folder, or open the database read-only."
    )


class InstanceLock:
    """This process's hold on one database. Counted: `acquire` again adds a holder."""

    def __init__(self, database: Path, info: LockInfo, fd: int | None, *, os_locked: bool) -> None:
        self.database = Path(database)
        self.path = lock_path(database)
        self.info = info
        self._fd = fd
        self._os_locked = os_locked
        self._count = 1
        #: The details of a crashed program's lock this one replaced (for a notice).
        self.cleared: LockInfo | None = None

    @property
    def held(self) -> bool:
        return self._count > 0

    def _write_info(self) -> None:
        data = self.info.to_bytes()
        if self._fd is not None:
            os.lseek(self._fd, 0, os.SEEK_SET)
            os.ftruncate(self._fd, 0)
            os.write(self._fd, data)
            os.fsync(self._fd)

    def update_user(self, user: str) -> None:
        """The window was unlocked by another user: say so in the lock file."""
        if user and user != self.info.user:
            self.info = LockInfo(user, self.info.machine, self.info.since, self.info.pid, self.info.program)
            try:
                self._write_info()
            except OSError:
                pass  # the old name stays: harmless, and the hold itself is intact

    def refresh(self) -> None:
        """Heartbeat: touch the file, so a program without OS locks knows we are alive."""
        if self.held:
            try:
                os.utime(self.path)
            except OSError:
                pass

    def release(self) -> None:
        """Let go once; the last holder removes the file and drops the OS lock."""
        with _guard:
            if self._count <= 0:
                return
            self._count -= 1
            if self._count:
                return
            _held.pop(_key(self.database), None)
            if os.name != "nt":
                # Remove before unlocking, so a waiter that opened the old file notices
                # (its inode check fails) and tries again on a fresh one.
                self._unlink()
            if self._fd is not None:
                if self._os_locked:
                    _os_unlock(self._fd)
                os.close(self._fd)
                self._fd = None
            if os.name == "nt":  # pragma: no cover
                self._unlink()

    def _unlink(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass

    def __enter__(self) -> "InstanceLock":
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def acquire(database: Path, user: str) -> InstanceLock:
    """Hold `database` for this program, or raise `DatabaseInUse` naming who has it.

    A lock left by a program that has died is replaced; `lock.cleared` then holds its
    details.
    """
    database = Path(database)
    with _guard:
        existing = _held.get(_key(database))
        if existing is not None:
            existing._count += 1
            existing.update_user(user)
            return existing
        info = LockInfo(user, this_machine(), datetime.now(timezone.utc).replace(microsecond=0), os.getpid(), __version__)
        try:
            lock = _acquire_with_os_lock(database, info)
        except _Unsupported:
            lock = _acquire_without_os_lock(database, info)
        _held[_key(database)] = lock
        return lock


def _open_lock_file(path: Path) -> tuple[int, bool]:
    """The lock file, opened for writing, and whether this call created it."""
    flags = os.O_RDWR | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
    try:
        try:
            return os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o664), True
        except FileExistsError:
            return os.open(path, flags), False
    except FileNotFoundError:
        raise KnownError(f"The folder {path.parent} does not exist.") from None
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def _same_file(fd: int, path: Path) -> bool:
    if os.name == "nt":  # pragma: no cover - files in use cannot be removed on Windows
        return True
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False


def _acquire_with_os_lock(database: Path, info: LockInfo) -> InstanceLock:
    path = lock_path(database)
    for _ in range(20):
        fd, created = _open_lock_file(path)
        try:
            locked = _os_try_lock(fd)
        except BaseException:
            os.close(fd)
            if created:
                path.unlink(missing_ok=True)
            raise
        if not locked:
            os.close(fd)
            raise DatabaseInUse(database, _read_path(path))
        if not _same_file(fd, path):
            # The holder we waited on removed the file as it let go: use the new one.
            _os_unlock(fd)
            os.close(fd)
            continue
        lock = InstanceLock(database, info, fd, os_locked=True)
        try:
            previous = LockInfo.from_bytes(_read(fd))
            if previous is not None:
                lock.cleared = previous
            lock._write_info()
        except OSError as exc:
            _os_unlock(fd)
            os.close(fd)
            raise _cannot_write(path, exc) from None
        return lock
    raise DatabaseInUse(database, _read_path(path))


def is_stale(info: LockInfo | None, modified: datetime, now: datetime | None = None) -> bool:
    """Without OS locks: is a lock file's holder gone?"""
    if info is None:
        # Unreadable details: judge by age alone.
        return (now or datetime.now(timezone.utc)) - modified > STALE_AFTER
    if info.machine == this_machine():
        return not pid_running(info.pid) or info.pid == os.getpid()
    return (now or datetime.now(timezone.utc)) - modified > STALE_AFTER


def _acquire_without_os_lock(database: Path, info: LockInfo) -> InstanceLock:
    path = lock_path(database)
    cleared: LockInfo | None = None
    for _ in range(5):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o664)
        except FileExistsError:
            holder = _read_path(path)
            try:
                modified = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
            except FileNotFoundError:
                continue
            if not is_stale(holder, modified):
                raise DatabaseInUse(database, holder) from None
            # Move the stale file aside under a unique name, so two programs clearing it
            # at once cannot remove each other's fresh lock.
            aside = path.with_name(f".{path.name}.{secrets.token_hex(4)}.stale")
            try:
                os.replace(path, aside)
                aside.unlink(missing_ok=True)
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise _cannot_write(path, exc) from None
            cleared = holder
            continue
        except OSError as exc:
            raise _cannot_write(path, exc) from None
        lock = InstanceLock(database, info, fd, os_locked=False)
        lock.cleared = cleared
        try:
            lock._write_info()
        except OSError as exc:
            lock.release()
            raise _cannot_write(path, exc) from None
        return lock
    raise DatabaseInUse(database, _read_path(path))


def holder(database: Path) -> LockInfo | None:
    """Who else has `database` open (None if nobody, or only this process)."""
    database = Path(database)
    with _guard:
        if _key(database) in _held:
            return None
    path = lock_path(database)
    if not path.exists():
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        try:
            free = _os_try_lock(fd)
        except _Unsupported:
            info = _read_path(path)
            modified = datetime.fromtimestamp(os.fstat(fd).st_mtime, timezone.utc)
            return None if is_stale(info, modified) else info
        if free:
            _os_unlock(fd)
            return None
    finally:
        os.close(fd)
    return _read_path(path)


def ensure_free(database: Path, before: str) -> None:
    """Refuse to go on while another running program has the database open (before a key
    rotation or a restore, which would pull the database from under it)."""
    other = holder(database)
    if other is not None:
        raise DatabaseInUse(Path(database), other, before=before)


def held_here(database: Path) -> InstanceLock | None:
    with _guard:
        return _held.get(_key(Path(database)))
