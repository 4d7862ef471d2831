"""The spare connection: opened ahead, used by one session only, closed off the caller's
thread, and every connection closed once the store is closed (the key gone with them)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlcipher3 import dbapi2

from lipanel_desktop.errors import DatabaseMissing
from lipanel_desktop.services.database import open_database
from lipanel_desktop.storage.engine import connect
from lipanel_desktop.storage.spare_connection import HandedBackConnection, SpareConnection
from lipanel_desktop.storage.store import Store, StoreClosed
from tests.conftest import ADMIN, ADMIN_PASSWORD


def _driver(store: Store, *, write: bool = False) -> dbapi2.Connection:
    """The driver connection a session ran on (kept only to look at afterwards)."""
    with (store.session() if write else store.read_session()) as s:
        s.execute(text("SELECT count(*) FROM sqlite_master"))
        con = s.connection().connection.driver_connection
    assert con is not None
    return con


def _is_closed(con: dbapi2.Connection) -> bool:
    try:
        con.execute("SELECT 1")
    except dbapi2.ProgrammingError:
        return True
    return False


def test_no_connection_serves_two_sessions(store: Store) -> None:
    first = _driver(store)
    second = _driver(store, write=True)
    third = _driver(store)
    assert len({id(first), id(second), id(third)}) == 3
    assert all(isinstance(c, HandedBackConnection) for c in (first, second, third))


def test_closing_the_store_closes_every_connection_used_or_ready(store: Store) -> None:
    used = [_driver(store) for _ in range(5)]
    spare = store._spare._spare  # type: ignore[union-attr]
    assert spare is not None
    ready = spare.result(timeout=10)
    store.close()
    assert all(_is_closed(c) for c in used)
    assert _is_closed(ready)
    with pytest.raises(StoreClosed):
        _driver(store)


def test_used_connections_are_closed_on_the_worker_thread(store: Store) -> None:
    closers: list[str] = []
    con = _driver(store)
    original = SpareConnection._close_later

    # Watch where closing happens: record the thread that closes the next connection.
    def watch(self: SpareConnection, c: dbapi2.Connection) -> None:
        original(self, c)
        self._worker.submit(lambda: closers.append(threading.current_thread().name))  # type: ignore[union-attr]

    SpareConnection._close_later = watch  # type: ignore[method-assign]
    try:
        _driver(store)
    finally:
        SpareConnection._close_later = original  # type: ignore[method-assign]
    store.close()
    assert closers and closers[0].startswith("lipanel-spare")
    assert threading.current_thread().name not in closers
    assert _is_closed(con)


def test_sessions_see_each_others_writes_through_spares(store: Store) -> None:
    with store.session() as s:
        s.execute(text("CREATE TABLE spare_probe (n INTEGER)"))
    for n in range(1, 6):
        with store.session() as s:
            s.execute(text("INSERT INTO spare_probe VALUES (:n)"), {"n": n})
        with store.read_session() as s:
            assert s.scalar(text("SELECT sum(n) FROM spare_probe")) == n * (n + 1) // 2


def test_a_spare_that_failed_to_open_is_replaced_by_an_open_that_says_why(db_path: Path, store: Store) -> None:
    key = bytearray(store.key_for_backup())
    attempts: list[int] = []

    def flaky() -> HandedBackConnection:
        attempts.append(1)
        if len(attempts) == 2:  # the spare opened after the first take fails
            raise DatabaseMissing("gone for a moment")
        con = connect(db_path, key, factory=HandedBackConnection)
        assert isinstance(con, HandedBackConnection)
        return con

    spares = SpareConnection(flaky)
    try:
        first = spares.take()
        second = spares.take()  # its spare failed: opened directly instead
        assert second.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        assert len(attempts) >= 3
        first.close()
        second.close()
    finally:
        spares.close()
    assert _is_closed(first) and _is_closed(second)


def test_a_store_opened_read_only_opens_no_spare(db_path: Path, store: Store) -> None:
    store.close()
    reader = open_database(db_path, ADMIN, ADMIN_PASSWORD, read_only=True)
    try:
        assert reader._spare is None
        con = _driver(reader)
        assert _is_closed(con)  # closed at the end of its session, at once
    finally:
        reader.close()
