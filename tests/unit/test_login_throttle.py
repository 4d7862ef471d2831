"""Growing delays after wrong passwords: kept in the data folder, keyed by hashes only."""

from __future__ import annotations

from pathlib import Path

from lipanel_desktop.services.login_throttle import (
    FIRST_DELAY,
    FORGET_AFTER,
    FREE_TRIES,
    MAX_DELAY,
    LoginThrottle,
    delay_after,
    throttle_key,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_delays_start_after_the_free_tries_then_double_up_to_a_ceiling() -> None:
    assert [delay_after(n) for n in range(FREE_TRIES)] == [0.0] * FREE_TRIES
    assert delay_after(FREE_TRIES) == FIRST_DELAY
    assert delay_after(FREE_TRIES + 1) == FIRST_DELAY * 2
    assert delay_after(FREE_TRIES + 3) == FIRST_DELAY * 8
    assert delay_after(1000) == MAX_DELAY


def test_failures_are_counted_per_database_and_user_and_survive_a_new_instance(tmp_path: Path) -> None:
    clock = Clock()
    db = tmp_path / "a.lipanel-db"
    throttle = LoginThrottle(tmp_path, clock)
    for _ in range(FREE_TRIES + 1):
        throttle.record_failure(db, "Admin")
    again = LoginThrottle(tmp_path, clock)
    assert again.check(db, "admin ").failures == FREE_TRIES + 1  # same person, however typed
    assert again.check(db, "admin").wait_seconds == FIRST_DELAY * 2
    assert again.check(db, "someone-else").failures == 0
    assert again.check(tmp_path / "b.lipanel-db", "admin").failures == 0
    clock.now += FIRST_DELAY * 2
    assert again.check(db, "admin").wait_seconds == 0


def test_success_clears_and_old_records_are_forgotten(tmp_path: Path) -> None:
    clock = Clock()
    db = tmp_path / "a.lipanel-db"
    throttle = LoginThrottle(tmp_path, clock)
    throttle.record_failure(db, "admin")
    throttle.record_success(db, "admin")
    assert throttle.check(db, "admin").failures == 0
    throttle.record_failure(db, "admin")
    clock.now += FORGET_AFTER + 1
    assert throttle.check(db, "admin").failures == 0


def test_the_file_holds_only_hashes(tmp_path: Path) -> None:
    db = tmp_path / "Secret Folder" / "a.lipanel-db"
    throttle = LoginThrottle(tmp_path)
    throttle.record_failure(db, "distinctive-user")
    text = throttle.path.read_text()
    assert "distinctive-user" not in text and "Secret Folder" not in text
    assert throttle_key(db, "distinctive-user") in text


def test_a_damaged_or_hostile_file_is_survived(tmp_path: Path) -> None:
    throttle = LoginThrottle(tmp_path)
    db = tmp_path / "a.lipanel-db"
    for junk in (b"\x00\xff garbage", b"[1, 2, 3]", b'{"x": {"failures": "many", "last": "now"}}', b""):
        throttle.path.write_bytes(junk)
        assert throttle.check(db, "admin").failures == 0
        assert throttle.record_failure(db, "admin").failures == 1


def test_an_unwritable_folder_never_stops_an_unlock(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    throttle = LoginThrottle(blocker)
    assert throttle.record_failure(tmp_path / "a.lipanel-db", "admin").failures == 1
    throttle.record_success(tmp_path / "a.lipanel-db", "admin")
