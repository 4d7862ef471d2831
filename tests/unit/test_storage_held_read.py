"""The store's held read connection (`Store.held_read_session`): kept open for the big
reads a user repeats, yet never stale, never writing, never shared between threads, and
gone when the key changes or the store closes."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.services.accounts import AccountService
from lipanel_desktop.storage.store import Store, StoreClosed
from lipanel_desktop.storage.vault import Vault

GOOD = "Sample-Pass-Phrase-77"
LISTS = "sample lists"


def _driver(s: Session) -> object:
    return s.connection().connection.dbapi_connection


def _agencies(s: Session) -> int:
    return int(s.scalar(select(func.count()).select_from(Agency)) or 0)


def test_the_same_connection_serves_each_held_read_on_the_main_thread(store: Store) -> None:
    with store.held_read_session(LISTS) as s:
        first = _driver(s)
    with store.held_read_session(LISTS) as s:
        assert _driver(s) is first
    with store.read_session() as s:
        assert _driver(s) is not first  # ordinary sessions keep their own connection


def test_each_kind_of_big_read_has_a_connection_of_its_own(store: Store) -> None:
    """Measured: a chronology read on a connection that first ran other big reads was
    several times slower than on its own."""
    with store.held_read_session(LISTS) as s:
        lists = _driver(s)
    with store.held_read_session("sample search") as s:
        search = _driver(s)
        _agencies(s)
    assert search is not lists
    with store.held_read_session(LISTS) as s:
        assert _driver(s) is lists


def test_a_held_read_sees_every_change_made_since(store: Store) -> None:
    with store.held_read_session(LISTS) as s:
        before = _agencies(s)
    with store.session() as s:
        s.execute(insert(Agency), [{"name": "Sample Agency of Held Reads"}])
    with store.held_read_session(LISTS) as s:
        assert _agencies(s) == before + 1
        assert s.scalar(select(Agency.id).where(Agency.name == "Sample Agency of Held Reads")) is not None


def test_a_held_read_cannot_write_and_changes_nothing(store: Store) -> None:
    with store.read_session() as s:
        before = _agencies(s)
    with pytest.raises(Exception, match="(?i)read.?only|readonly"):
        with store.held_read_session(LISTS) as s:
            s.execute(text("INSERT INTO agencies (name, address, telephone, email, is_core_member, active, position, "
                           "created_at, updated_at) VALUES ('Sample Intruder', '', '', '', 0, 1, 0, "
                           "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"))
    with store.held_read_session(LISTS) as s:
        assert _agencies(s) == before  # and the held connection still reads after the refusal


def test_another_thread_gets_a_connection_of_its_own(store: Store) -> None:
    with store.held_read_session(LISTS) as s:
        main = _driver(s)
    seen: list[object] = []
    failures: list[BaseException] = []

    def work() -> None:
        try:
            with store.held_read_session(LISTS) as s:
                seen.append(_driver(s))
                _agencies(s)
        except BaseException as error:  # handed to the main thread's assert
            failures.append(error)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(30)
    assert not failures
    assert seen and seen[0] is not main


def test_rotating_the_key_replaces_the_held_connection(store: Store, db_path: Path) -> None:
    with store.held_read_session(LISTS) as s:
        before = _driver(s)
        count = _agencies(s)
    AccountService(store).add("Held Sampleton", "chair", GOOD)
    key_before = Vault(db_path).load_keys().key_id
    AccountService(store).remove("Held Sampleton")  # rotates the database key
    assert Vault(db_path).load_keys().key_id != key_before
    with store.held_read_session(LISTS) as s:
        assert _driver(s) is not before
        assert _agencies(s) == count


def test_closing_the_store_closes_the_held_connection(db_path: Path, store: Store) -> None:
    with store.held_read_session(LISTS) as s:
        held = _driver(s)
    store.close()
    with pytest.raises(Exception, match="(?i)closed"):
        held.execute("SELECT 1")  # type: ignore[attr-defined]
    with pytest.raises(StoreClosed):
        with store.held_read_session(LISTS):
            pass


def test_an_error_from_a_read_made_on_the_driver_is_put_in_plain_words(store: Store) -> None:
    """The big reads go straight to the driver; its errors must still reach the user as
    words to act on, not as a driver exception."""
    from lipanel_desktop.errors import KnownError

    with pytest.raises(KnownError, match="read-only here"):
        with store.held_read_session(LISTS) as s:
            driver = s.connection().connection.driver_connection
            driver.execute("DELETE FROM agencies")  # type: ignore[union-attr]
    with store.held_read_session(LISTS) as s:
        assert _agencies(s) > 0  # nothing was removed
