"""Proof: one program at a time per database.

A second program is told who has the database open (user, machine, since when) and can
open it read-only; a lock left by a crashed program is recognised and cleared safely; key
rotation, user removal and restore refuse while someone else has it open.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from lipanel_desktop.errors import WrongPassword
from lipanel_desktop.services.accounts import AccountService
from lipanel_desktop.services.database import (
    backup_database,
    create_database,
    open_database,
    rekey_database,
    restore_database,
)
from lipanel_desktop.storage import instance_lock
from lipanel_desktop.storage.instance_lock import DatabaseInUse, LockInfo
from lipanel_desktop.storage.keyslots import sidecar_path
from tests.conftest import ADMIN, ADMIN_PASSWORD, ROOT


class Holder:
    """Another LIPanel program holding the database, as a real process."""

    def __init__(self, database: Path, user: str = ADMIN, password: str = ADMIN_PASSWORD) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.proofs.holder", str(database), user],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=str(ROOT),
            text=True,
        )
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(password + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line.strip() == "ready", self.process.stderr.read() if self.process.stderr else line

    def close(self) -> None:
        assert self.process.stdin
        self.process.stdin.close()
        self.process.wait(timeout=60)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=60)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.kill()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream and not stream.closed:
                stream.close()


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "panel.lipanel-db"
    create_database(path, ADMIN, ADMIN_PASSWORD).close()
    return path


@pytest.fixture
def holder(database: Path) -> Iterator[Holder]:
    other = Holder(database)
    yield other
    other.stop()


def test_a_second_program_is_told_who_has_it_open(database: Path, holder: Holder) -> None:
    before = database.read_bytes()
    with pytest.raises(DatabaseInUse) as caught:
        open_database(database, ADMIN, ADMIN_PASSWORD, exclusive=True)
    held = caught.value.holder
    assert held is not None
    assert held.user == ADMIN
    assert held.machine == instance_lock.this_machine()
    assert held.pid == holder.process.pid
    assert datetime.now(timezone.utc) - held.since < timedelta(minutes=5)
    message = caught.value.message
    assert "admin on this computer, since " in message
    assert f"{held.since.astimezone():%d/%m/%Y %H:%M}" in message
    assert "read-only" in message
    # Refused before anything was written, and the other program's lock is intact.
    assert database.read_bytes() == before
    assert instance_lock.holder(database) == held


def test_the_second_program_can_open_it_read_only(database: Path, holder: Holder) -> None:
    with open_database(database, ADMIN, ADMIN_PASSWORD, read_only=True) as store:
        assert store.read_only
        names = [a.name for a in AccountService(store).list()]
    assert names == [ADMIN]


def test_the_lock_file_holds_who_and_since_but_nothing_else(database: Path, holder: Holder) -> None:
    data = json.loads(instance_lock.lock_path(database).read_text("ascii"))
    assert set(data) == {"format", "user", "machine", "since", "pid", "program"}
    assert data["user"] == ADMIN and data["pid"] == holder.process.pid


def test_when_the_other_program_closes_the_database_is_free(database: Path, holder: Holder) -> None:
    holder.close()
    assert not instance_lock.lock_path(database).exists()
    assert instance_lock.holder(database) is None
    with open_database(database, ADMIN, ADMIN_PASSWORD, exclusive=True) as store:
        assert store.is_open
    assert not instance_lock.lock_path(database).exists()


def test_a_lock_left_by_a_crashed_program_is_cleared(database: Path, holder: Holder) -> None:
    crashed_pid = holder.process.pid
    holder.kill()
    assert instance_lock.lock_path(database).exists(), "a killed program cannot tidy up"
    assert instance_lock.holder(database) is None, "the OS dropped the dead program's lock"
    store = open_database(database, ADMIN, ADMIN_PASSWORD, exclusive=True)
    try:
        lock = instance_lock.held_here(database)
        assert lock is not None and lock.cleared is not None
        assert lock.cleared.pid == crashed_pid
        assert lock.info.pid == os.getpid()
        assert LockInfo.from_bytes(instance_lock.lock_path(database).read_bytes()) == lock.info
    finally:
        store.close()


def test_key_rotation_refuses_while_another_program_has_it_open(database: Path, holder: Holder) -> None:
    keys_before = sidecar_path(database).read_bytes()
    with open_database(database, ADMIN, ADMIN_PASSWORD) as store:
        with pytest.raises(DatabaseInUse, match="before you change its key"):
            rekey_database(store)
    assert sidecar_path(database).read_bytes() == keys_before


def test_removing_a_user_refuses_while_another_program_has_it_open(database: Path) -> None:
    with open_database(database, ADMIN, ADMIN_PASSWORD) as store:
        AccountService(store).add("Reviewer Test", "panel-member", "Another-Long-Password-7")
    other = Holder(database)
    try:
        with open_database(database, ADMIN, ADMIN_PASSWORD) as store:
            with pytest.raises(DatabaseInUse, match="remove a user"):
                AccountService(store).remove("Reviewer Test")
            assert [a.name for a in AccountService(store).list()] == [ADMIN, "Reviewer Test"]
    finally:
        other.stop()


def test_restore_refuses_to_replace_a_database_someone_has_open(database: Path, tmp_path: Path) -> None:
    with open_database(database, ADMIN, ADMIN_PASSWORD) as store:
        made = backup_database(store, tmp_path)
    other = Holder(database)
    try:
        before = database.read_bytes()
        with pytest.raises(DatabaseInUse, match="restore a backup"):
            restore_database(made, database, ADMIN, ADMIN_PASSWORD, force=True)
        assert database.read_bytes() == before
    finally:
        other.stop()


def test_a_wrong_password_leaves_no_lock_behind(database: Path) -> None:
    with pytest.raises(WrongPassword):
        open_database(database, ADMIN, "not the password", exclusive=True)
    assert not instance_lock.lock_path(database).exists()
    assert instance_lock.held_here(database) is None


def test_one_program_shares_its_lock_between_its_stores(database: Path) -> None:
    window = instance_lock.acquire(database, ADMIN)
    store = open_database(database, ADMIN, ADMIN_PASSWORD, exclusive=True)
    store.close()  # e.g. the window locked itself: the program still holds the database
    assert instance_lock.lock_path(database).exists()
    assert instance_lock.held_here(database) is window
    window.release()
    assert not instance_lock.lock_path(database).exists()


def test_a_path_with_spaces_and_accents_works(tmp_path: Path) -> None:
    folder = tmp_path / "Dŵr Cymru – Safeguarding Ünit"
    folder.mkdir()
    path = folder / "Panel Łódź ğ.lipanel-db"
    create_database(path, ADMIN, ADMIN_PASSWORD).close()
    other = Holder(path)
    try:
        with pytest.raises(DatabaseInUse):
            open_database(path, ADMIN, ADMIN_PASSWORD, exclusive=True)
    finally:
        other.stop()
    with open_database(path, ADMIN, ADMIN_PASSWORD, exclusive=True) as store:
        assert store.is_open


def test_a_missing_folder_is_a_plain_message(tmp_path: Path) -> None:
    from lipanel_desktop.errors import DatabaseMissing

    with pytest.raises(DatabaseMissing):
        open_database(tmp_path / "nowhere" / "panel.lipanel-db", ADMIN, ADMIN_PASSWORD, exclusive=True)


# -- where the file system has no locks ------------------------------------------------------


@pytest.fixture
def no_os_locks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A network share that refuses flock: the file is created exclusively instead."""

    def unsupported(fd: int) -> bool:
        raise instance_lock._Unsupported()

    monkeypatch.setattr(instance_lock, "_os_try_lock", unsupported)


def _plant(database: Path, info: LockInfo, age: timedelta = timedelta(0)) -> None:
    path = instance_lock.lock_path(database)
    path.write_bytes(info.to_bytes())
    stamp = (datetime.now(timezone.utc) - age).timestamp()
    os.utime(path, (stamp, stamp))


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_without_os_locks_a_dead_process_on_this_machine_is_stale(database: Path, no_os_locks: None) -> None:
    dead = LockInfo("Old User", instance_lock.this_machine(), _now(), _dead_pid())
    _plant(database, dead)
    lock = instance_lock.acquire(database, ADMIN)
    try:
        assert lock.cleared == dead
        assert LockInfo.from_bytes(instance_lock.lock_path(database).read_bytes()) == lock.info
    finally:
        lock.release()
    assert not instance_lock.lock_path(database).exists()


def test_without_os_locks_a_live_process_holds_it(database: Path, no_os_locks: None, holder: Holder) -> None:
    # The holder took a real OS lock; here we only read its details and judge by its pid.
    with pytest.raises(DatabaseInUse) as caught:
        instance_lock.acquire(database, ADMIN)
    assert caught.value.holder is not None and caught.value.holder.pid == holder.process.pid


def test_without_os_locks_another_machine_holds_it_while_its_heartbeat_is_fresh(
    database: Path, no_os_locks: None
) -> None:
    other = LockInfo("Colleague Test", "WS-FICTIONAL-07", _now() - timedelta(hours=2), 4242)
    _plant(database, other, age=timedelta(minutes=1))
    with pytest.raises(DatabaseInUse, match="Colleague Test on WS-FICTIONAL-07"):
        instance_lock.acquire(database, ADMIN)
    assert instance_lock.holder(database) == other
    _plant(database, other, age=instance_lock.STALE_AFTER + timedelta(minutes=1))
    assert instance_lock.holder(database) is None
    lock = instance_lock.acquire(database, ADMIN)
    assert lock.cleared == other
    lock.release()


def test_without_os_locks_the_heartbeat_keeps_the_lock_fresh(database: Path, no_os_locks: None) -> None:
    lock = instance_lock.acquire(database, ADMIN)
    try:
        path = instance_lock.lock_path(database)
        old = (datetime.now(timezone.utc) - timedelta(hours=1)).timestamp()
        os.utime(path, (old, old))
        lock.refresh()
        assert datetime.now(timezone.utc).timestamp() - path.stat().st_mtime < 60
    finally:
        lock.release()


@pytest.mark.parametrize(
    "raw",
    [b"", b"{", b"\xff\xfe", b'{"format": "other"}', b'{"format": "lipanel-lock", "user": 1}', b"[]", b"x" * 10_000],
)
def test_unreadable_lock_details_are_never_a_crash(raw: bytes) -> None:
    assert LockInfo.from_bytes(raw) is None
