"""Automatic backups: on close, rotated, verified, reminded; checking and restoring."""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lipanel_desktop.errors import KnownError, NotPermitted, ValidationError, WrongPassword
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.services import organisation
from lipanel_desktop.services.accounts import AccountService
from lipanel_desktop.services.backup_schedule import BackupSchedule, database_id_of
from lipanel_desktop.services.database import backup_info, create_database, open_database, rekey_database
from lipanel_desktop.services.organisation import OrganisationService
from lipanel_desktop.storage.store import Store
from tests.conftest import ADMIN, ADMIN_PASSWORD

OTHER = "Member Test"
OTHER_PASSWORD = "Another-Long-Password-7"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "Backups – network share"
    path.mkdir()
    return path


def _referrals(store: Store) -> int:
    with store.read_session() as s:
        return s.scalar(select(func.count()).select_from(Referral)) or 0


def _set_last(store: Store, when: datetime | str) -> None:
    with store.session() as s:
        organisation.write(s, "last_backup_at", when if isinstance(when, str) else when.isoformat())


def test_no_folder_no_backup_on_close(store: Store, tmp_path: Path) -> None:
    before = set(tmp_path.rglob("*"))
    assert BackupSchedule(store).backup_on_close() is None
    assert set(tmp_path.rglob("*")) == before


def test_backup_on_close_writes_a_verified_backup_and_records_when(store: Store, folder: Path) -> None:
    schedule = BackupSchedule(store)
    schedule.set_folder(str(folder))
    outcome = schedule.backup_on_close()
    assert outcome is not None and outcome.path.parent == folder and outcome.removed == ()
    info = backup_info(outcome.path, ADMIN, ADMIN_PASSWORD)
    assert info.counts["accounts"] == 1
    assert datetime.now(timezone.utc) - schedule.last_backup_at() < timedelta(minutes=1)  # type: ignore[operator]
    assert schedule.reminder() is None
    [listed] = schedule.status().backups
    assert listed.path == outcome.path and listed.size == outcome.path.stat().st_size
    assert not [p for p in folder.iterdir() if p.name.startswith(".")], "no temporary files left"


def test_rotation_keeps_the_newest_and_touches_nothing_else(store: Store, folder: Path, tmp_path: Path) -> None:
    schedule = BackupSchedule(store)
    schedule.set_folder(str(folder), kept=3)
    # Things rotation must leave alone: a hand-made backup, garbage with the right name, and
    # another database's automatic backup that happens to share the file name's stem.
    manual = schedule.backup_now(tmp_path).path
    shutil.move(manual, folder / "my own copy.lipanel-backup")
    (folder / f"{store.path.stem}-20000101-000000.lipanel-backup").write_bytes(b"not a backup")
    other_folder = tmp_path / "other"
    other_folder.mkdir()
    with create_database(other_folder / store.path.name, ADMIN, ADMIN_PASSWORD) as other:
        foreign = BackupSchedule(other).backup_now(folder).path
    made = [schedule.backup_now().path for _ in range(5)]
    remaining = [b.path for b in schedule.automatic_backups(folder)]
    assert remaining == list(reversed(made[-3:]))
    for untouched in (folder / "my own copy.lipanel-backup", folder / f"{store.path.stem}-20000101-000000.lipanel-backup", foreign):
        assert untouched.exists()
    assert database_id_of(foreign) != store.database_id


def test_the_weekly_reminder(store: Store) -> None:
    schedule = BackupSchedule(store)
    now = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)
    assert schedule.reminder(now).startswith("This database has never been backed up. Choose a backup folder")  # type: ignore[union-attr]
    _set_last(store, now - timedelta(days=8))
    assert "No backup of this database has been made for 8 days." in schedule.reminder(now)  # type: ignore[operator]
    _set_last(store, now - timedelta(days=6, hours=23))
    assert schedule.reminder(now) is None
    _set_last(store, "garbage")
    assert schedule.reminder(now).startswith("This database has never been backed up")  # type: ignore[union-attr]


def test_the_reminder_tells_other_users_what_they_can_do(store: Store, db_path: Path) -> None:
    AccountService(store).add(OTHER, "panel-member", OTHER_PASSWORD)
    with open_database(db_path, OTHER, OTHER_PASSWORD) as member:
        words = BackupSchedule(member).reminder()
        assert words is not None and "Ask an administrator to choose a backup folder" in words
        assert "File › Back up now" not in words  # nothing they could do would work yet
    folder = db_path.parent / "share"
    folder.mkdir()
    BackupSchedule(store).set_folder(str(folder))
    with open_database(db_path, OTHER, OTHER_PASSWORD) as member:
        words = BackupSchedule(member).reminder()
    assert words is not None and "Make one now (File › Back up now)" in words


@pytest.mark.parametrize("bad", ["does-not-exist", "a-file.txt", "db-folder"])
def test_a_bad_folder_is_refused_and_nothing_changes(store: Store, tmp_path: Path, bad: str) -> None:
    (tmp_path / "a-file.txt").write_text("x")
    chosen = {"does-not-exist": tmp_path / "nope", "a-file.txt": tmp_path / "a-file.txt", "db-folder": store.path.parent}[bad]
    with pytest.raises(ValidationError) as caught:
        BackupSchedule(store).set_folder(str(chosen))
    assert "backup_folder" in caught.value.problems
    assert OrganisationService(store).get("backup_folder") == ""


@pytest.mark.skipif(os.name == "posix" and os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_folder_is_refused(store: Store, folder: Path) -> None:
    folder.chmod(0o500)
    try:
        with pytest.raises(ValidationError, match="may not write"):
            BackupSchedule(store).set_folder(str(folder))
    finally:
        folder.chmod(0o700)


def test_a_kept_number_out_of_range_is_refused(store: Store, folder: Path) -> None:
    for kept in (0, 366, -1):
        with pytest.raises(ValidationError, match="Number of automatic backups kept"):
            BackupSchedule(store).set_folder(str(folder), kept=kept)
    assert OrganisationService(store).get("backup_folder") == ""


def test_an_unreachable_folder_is_a_plain_message(store: Store, folder: Path) -> None:
    schedule = BackupSchedule(store)
    schedule.set_folder(str(folder))
    folder.rmdir()  # the network share went away
    with pytest.raises(KnownError, match="cannot be reached"):
        schedule.backup_on_close()
    assert schedule.last_backup_at() is None


def test_only_administrators_choose_the_folder(store: Store, db_path: Path, folder: Path) -> None:
    AccountService(store).add(OTHER, "panel-member", OTHER_PASSWORD)
    with open_database(db_path, OTHER, OTHER_PASSWORD) as member:
        with pytest.raises(NotPermitted):
            BackupSchedule(member).set_folder(str(folder))
        with pytest.raises(NotPermitted):
            BackupSchedule(member).restore(folder / "x.lipanel-backup", OTHER_PASSWORD)


def test_a_read_only_program_does_not_back_up(store: Store, db_path: Path, folder: Path) -> None:
    BackupSchedule(store).set_folder(str(folder))
    with open_database(db_path, ADMIN, ADMIN_PASSWORD, read_only=True) as reader:
        assert BackupSchedule(reader).backup_on_close() is None
        with pytest.raises(KnownError, match="read-only"):
            BackupSchedule(reader).backup_now()
    assert list(folder.iterdir()) == []


def test_checking_a_backup_in_words(store: Store, folder: Path) -> None:
    schedule = BackupSchedule(store)
    made = schedule.backup_now(folder).path
    good = schedule.check(made, ADMIN_PASSWORD)
    assert good.ok and "is sound" in good.words and "every page" in good.words
    assert not schedule.check(made, "wrong password").ok
    cut = folder / "cut.lipanel-backup"
    cut.write_bytes(made.read_bytes()[:-100])
    bad = schedule.check(cut, ADMIN_PASSWORD)
    assert not bad.ok and bad.words.startswith("cut.lipanel-backup is not a usable backup:")
    junk = folder / "junk.lipanel-backup"
    junk.write_bytes(os.urandom(5000))
    assert not schedule.check(junk, ADMIN_PASSWORD).ok
    rekey_database(store)
    older = schedule.check(made, ADMIN_PASSWORD)
    assert older.ok and "earlier key" in older.words


def test_restore_replaces_the_database_after_a_safety_copy(store: Store, db_path: Path, folder: Path) -> None:
    schedule = BackupSchedule(store)
    schedule.set_folder(str(folder))
    made = schedule.backup_now().path
    with store.session() as s:
        s.add(Referral(reference="LIP-2026-0001", child_full_name="Added After Backup"))
    preview = schedule.preview(made, ADMIN_PASSWORD)
    assert preview.counts["referrals"] == 0 and preview.created_by == ADMIN
    outcome = schedule.restore(made, ADMIN_PASSWORD)
    assert not store.is_open
    assert outcome.info.counts["referrals"] == 0
    assert backup_info(outcome.safety_copy, ADMIN, ADMIN_PASSWORD).counts["referrals"] == 1
    assert "before-restore" in outcome.safety_copy.name
    with open_database(db_path, ADMIN, ADMIN_PASSWORD) as reopened:
        assert _referrals(reopened) == 0
        assert outcome.safety_copy not in [b.path for b in BackupSchedule(reopened).automatic_backups(folder)]


def test_a_wrong_password_or_bad_backup_restores_nothing(store: Store, folder: Path) -> None:
    schedule = BackupSchedule(store)
    made = schedule.backup_now(folder).path
    with store.session() as s:
        s.add(Referral(reference="LIP-2026-0001"))
    with pytest.raises(WrongPassword):
        schedule.restore(made, "not the password")
    junk = folder / "junk.lipanel-backup"
    junk.write_bytes(b"LIPANEL-BACKUP\n" + os.urandom(100))
    with pytest.raises(KnownError, match="not a complete LIPanel backup"):
        schedule.restore(junk, ADMIN_PASSWORD)
    assert store.is_open and _referrals(store) == 1
    assert [p.name for p in folder.iterdir() if "before-restore" in p.name] == []
