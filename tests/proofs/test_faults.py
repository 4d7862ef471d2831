"""Proof: faults give a clear message, and nothing committed is lost.

The program killed during a save through the GUI; a full disk; a read-only database file;
a database on a path with spaces and non-ASCII letters; the key file deleted while the
program runs. (The command line's own crash and fault tests live in tests/e2e.)
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from lipanel_desktop.models.referral import Referral
from lipanel_desktop.services.backup_schedule import BackupSchedule
from lipanel_desktop.services.database import create_database, open_database, verify_database
from lipanel_desktop.storage.keyslots import sidecar_path
from lipanel_desktop.views import msgbox
from tests.conftest import ADMIN, ADMIN_PASSWORD, ROOT
from tests.proofs.gui_session import close_all_windows, make_window, unlock

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

FIRST, SECOND = "Firstname Testchild-Fictional", "Secondname Testchild-Fictional"


@pytest.fixture(autouse=True)
def _answers() -> Iterator[None]:
    msgbox.reset()
    yield
    close_all_windows()
    msgbox.reset()


def run_session(*args: str, preexec=None, timeout: float = 300) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run(
        [sys.executable, "-m", "tests.proofs.fault_session", *args],
        capture_output=True, text=True, env=env, cwd=str(ROOT), timeout=timeout, preexec_fn=preexec,
    )


def _all_checks_pass(database: Path) -> None:
    with open_database(database, ADMIN, ADMIN_PASSWORD) as store:
        failed = [c.text for c in verify_database(store) if not c.ok]
    assert failed == []


def _referrals(database: Path) -> list[tuple[str, str]]:
    with open_database(database, ADMIN, ADMIN_PASSWORD, read_only=True) as store:
        with store.read_session() as s:
            return [(r.child_full_name, r.summary) for r in s.query(Referral).order_by(Referral.id)]


# -- killed during a save -------------------------------------------------------------------


def test_killed_in_the_middle_of_a_gui_save(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database = tmp_path / "panel.lipanel-db"
    create_database(database, ADMIN, ADMIN_PASSWORD).close()
    result = run_session("kill-during-save", str(database), FIRST, SECOND)
    assert result.returncode == -signal.SIGKILL, result.stderr[-2000:]
    first = json.loads(result.stdout.splitlines()[0])
    assert first["saved_first"] and "survived" not in result.stdout
    assert database.with_name(database.name + "-journal").exists(), "killed mid-transaction: a hot journal"

    window, _guard = make_window(qtbot, database)
    unlock(qtbot, window)
    assert "LIPanel was not closed properly last time (admin on this computer" in window.statusBar().currentMessage()
    with window.ctx.workspace.store.read_session() as s:
        assert [r.child_full_name for r in s.query(Referral)] == [FIRST]  # the committed save, whole
    msgbox.set_next_answer(msgbox.Answer.YES)  # "Unsaved typing found … Restore it?"
    window.navigate("referrals", referral_id=1)
    editor = window.page("referrals").editor
    assert msgbox.shown and msgbox.shown[0][0] == "Unsaved typing found"
    assert editor.fields["child_full_name"].focus_widget.text() == SECOND
    assert editor.has_unsaved_changes()
    _all_checks_pass(database)


# -- a full disk ------------------------------------------------------------------------------


@contextmanager
def small_file_system(size: int) -> Iterator[Path | None]:
    """A tmpfs of `size` bytes (needs the right to mount); None where that is not allowed."""
    folder = Path(tempfile.mkdtemp(prefix="lipanel-full-"))
    mounted = False
    if shutil.which("mount") and os.name == "posix" and os.geteuid() == 0:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
        mounted = done.returncode == 0
    try:
        yield folder if mounted else None
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def _database_with_one_referral(folder: Path) -> Path:
    database = folder / "panel.lipanel-db"
    with create_database(database, ADMIN, ADMIN_PASSWORD) as store:
        with store.session() as s:
            s.add(Referral(reference="LIP-2026-0001", child_full_name=FIRST, status="draft", summary="Short."))
    return database


def test_a_full_disk_refuses_the_save_in_words_and_keeps_what_was_saved(tmp_path: Path) -> None:
    made = _database_with_one_referral(tmp_path)
    size = made.stat().st_size + sidecar_path(made).stat().st_size
    with small_file_system(size + 160 * 1024) as small:
        if small is not None:  # a real full disk: ENOSPC
            for path in (made, sidecar_path(made)):
                shutil.copy2(path, small / path.name)
            database, args = small / made.name, []
        else:  # no mounting here: files limited in size instead (EFBIG)
            database, args = made, [str(size + 32 * 1024)]
        result = run_session("disk-full", str(database), *args)
        assert result.returncode == 0, result.stderr[-2000:]
        outcome = json.loads(result.stdout.strip().splitlines()[-1])
        assert outcome["saved"] is False
        title, words = outcome["shown"][0]
        assert title == "Not saved" and "so the change was not saved" in words
        if small is not None:
            assert words == "The disk is full, so the change was not saved. Free some space and try again."
        assert _referrals(database) == [(FIRST, "Short.")]
        shutil.copy2(database, made)
    _all_checks_pass(made)


def test_a_backup_to_a_full_disk_says_so_and_leaves_no_part_file(tmp_path: Path) -> None:
    database = _database_with_one_referral(tmp_path)
    with small_file_system(64 * 1024) as small:
        if small is None:
            pytest.skip("cannot mount a small file system here (the save case covers RLIMIT_FSIZE)")
        with open_database(database, ADMIN, ADMIN_PASSWORD) as store:
            from lipanel_desktop.errors import KnownError

            with pytest.raises(KnownError, match="there is no room left"):
                BackupSchedule(store).backup_now(small)
            assert list(small.iterdir()) == []
            assert BackupSchedule(store).last_backup_at() is None


# -- a read-only database file ------------------------------------------------------------------


@contextmanager
def read_only_view(database: Path) -> Iterator[Path | None]:
    """The database as a user who may not write it sees it: files made read-only for an
    ordinary user; for root (who may write any file) a read-only bind mount of the folder,
    like a read-only share. None where neither can be arranged."""
    if os.name != "posix" or os.geteuid() != 0:
        for path in (database, sidecar_path(database)):
            path.chmod(0o444)
        try:
            yield database
        finally:
            for path in (database, sidecar_path(database)):
                path.chmod(0o644)
        return
    view = Path(tempfile.mkdtemp(prefix="lipanel-ro-"))
    mounted = subprocess.run(["mount", "--bind", str(database.parent), str(view)], capture_output=True).returncode == 0
    if mounted:
        mounted = subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], capture_output=True).returncode == 0
        if not mounted:
            subprocess.run(["umount", str(view)], capture_output=True)
    try:
        yield view / database.name if mounted else None
    finally:
        if mounted:
            subprocess.run(["umount", str(view)], capture_output=True)
        shutil.rmtree(view, ignore_errors=True)


def test_a_read_only_database_file_is_said_plainly_and_can_be_read(tmp_path: Path) -> None:
    from lipanel_desktop.services.database import DatabaseReadOnly

    database = _database_with_one_referral(tmp_path)
    before = database.read_bytes()
    with read_only_view(database) as seen:
        if seen is None:
            pytest.skip("cannot make a read-only file or mount here")
        with pytest.raises(DatabaseReadOnly) as caught:
            open_database(seen, ADMIN, ADMIN_PASSWORD, exclusive=True)
        assert caught.value.message == (
            "panel.lipanel-db is read-only for you here, so it can only be read, not changed. "
            "Ask IT if you need to change it."
        )
        with open_database(seen, ADMIN, ADMIN_PASSWORD, read_only=True) as store:
            with store.read_session() as s:
                assert [r.child_full_name for r in s.query(Referral)] == [FIRST]
        assert not seen.with_name(seen.name + ".lipanel-lock").exists()
    assert database.read_bytes() == before


def test_the_unlock_screen_offers_read_only_for_a_read_only_file(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    database = _database_with_one_referral(tmp_path)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == database and mode & os.W_OK else real_access(p, mode, **kw))
    window, _guard = make_window(qtbot, database)
    msgbox.set_next_answer(msgbox.Answer.YES)
    unlock(qtbot, window)
    assert msgbox.shown[0][0] == "Read-only database"
    assert window.ctx.workspace.store.read_only
    assert "(read-only)" in window.database_label.text()


# -- an awkward path ----------------------------------------------------------------------------


def test_a_path_with_spaces_and_non_ascii_letters_works_end_to_end(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "Dŵr Cymru – Safeguarding Ünit" / "Pànel dœcuments"
    folder.mkdir(parents=True)
    database = _database_with_one_referral(folder)
    backups = tmp_path / "Copïau wrth gefn (backups)"
    backups.mkdir()
    window, guard = make_window(qtbot, database)
    unlock(qtbot, window)
    window.ctx.workspace.backups.set_folder(str(backups))
    outcome = window.ctx.workspace.backups.backup_now()
    assert outcome.path.parent == backups
    window.lock()
    unlock(qtbot, window)
    assert window.ctx.workspace.backups.check(outcome.path, ADMIN_PASSWORD).ok
    window.close()
    assert len(list(backups.glob("*.lipanel-backup"))) == 2  # and one more when it closed
    assert _referrals(database) == [(FIRST, "Short.")]
    _all_checks_pass(database)


# -- the key file deleted while the program runs -------------------------------------------------


def test_a_key_file_deleted_while_the_program_runs_is_put_back(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database = _database_with_one_referral(tmp_path)
    keys = sidecar_path(database)
    original = keys.read_bytes()
    window, guard = make_window(qtbot, database)
    unlock(qtbot, window)
    keys.unlink()
    with window.ctx.workspace.store.session() as s:  # work goes on: the key is in memory
        s.add(Referral(reference="LIP-2026-0002", child_full_name=SECOND))
    msgbox.set_next_answer(msgbox.Answer.OK)
    guard.keyfile.check()
    assert msgbox.shown[-1][0] == "Key file" and "has put it back" in msgbox.shown[-1][1]
    assert keys.read_bytes() == original
    window.lock()
    unlock(qtbot, window)  # the database can still be unlocked
    assert [n for n, _ in _referrals(database)] == [FIRST, SECOND]


def test_a_damaged_key_file_is_put_back_and_a_changed_one_is_kept(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from lipanel_desktop.services.accounts import AccountService

    database = _database_with_one_referral(tmp_path)
    keys = sidecar_path(database)
    window, guard = make_window(qtbot, database)
    unlock(qtbot, window)
    with open_database(database, ADMIN, ADMIN_PASSWORD) as other:  # lipanel-admin adding a user, say
        AccountService(other).add("New User Test", "read-only", "New-Users-Password-6")
    changed = keys.read_bytes()
    guard.keyfile.check()
    assert msgbox.shown == []  # a legitimate change is taken as the new copy
    keys.write_bytes(changed[: len(changed) // 2])  # cut short
    msgbox.set_next_answer(msgbox.Answer.OK)
    guard.keyfile.check()
    assert "was damaged" in msgbox.shown[-1][1]
    assert keys.read_bytes() == changed
    open_database(database, "New User Test", "New-Users-Password-6").close()


def test_the_documented_backup_checksum_command_works(tmp_path: Path) -> None:
    """docs/security.md tells a reviewer how to check a backup with standard tools."""
    if not (shutil.which("head") and shutil.which("sha256sum") and shutil.which("tail")):
        pytest.skip("needs coreutils")
    database = _database_with_one_referral(tmp_path)
    with open_database(database, ADMIN, ADMIN_PASSWORD) as store:
        made = BackupSchedule(store).backup_now(tmp_path).path
    digest = subprocess.run(f"head -c -76 '{made}' | sha256sum", shell=True, capture_output=True, text=True).stdout.split()[0]
    tail = subprocess.run(["tail", "-c", "64", str(made)], capture_output=True, text=True).stdout
    assert digest == tail
    assert "head -c -76 FILE | sha256sum" in (ROOT / "docs" / "security.md").read_text("utf-8")
