"""One freshly keyed connection kept ready, and used connections closed off the caller's
thread.

With SQLCipher's memory security on, opening a connection costs some 15–20 ms (its first
read) and closing one some 15–25 ms (its memory wiped), and every session opens and closes
one: a quarter of what a user waits for when a page opens. A worker thread opens the next
connection while the user reads the page, and closes each used one after its session.

This is not a pool: a spare serves exactly one session and is closed after it, so no
connection carries its state into a later session (see the note on `IN (…)` queries in
`store.py`). `close()` waits for the worker, so once a store is closed no connection — and
no copy of the key inside SQLCipher — is left open.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from sqlcipher3 import dbapi2


class HandedBackConnection(dbapi2.Connection):
    """A connection whose `close()` hands it to the worker to close (when it has one)."""

    hand_back: Callable[[dbapi2.Connection], None] | None = None

    def close(self) -> None:
        hand_back, self.hand_back = self.hand_back, None
        if hand_back is None:
            super().close()
        else:
            hand_back(self)

    def close_now(self) -> None:
        self.hand_back = None
        super().close()


class SpareConnection:
    def __init__(self, connect: Callable[[], HandedBackConnection]) -> None:
        self._connect = connect
        self._lock = threading.Lock()
        self._worker: ThreadPoolExecutor | None = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lipanel-spare")
        self._spare: Future[HandedBackConnection] | None = None

    def take(self) -> HandedBackConnection:
        """The spare if there is one (waiting for it if it is being opened: it will be
        ready sooner than a new one), else a new connection; then a new spare is begun."""
        with self._lock:
            spare, self._spare = self._spare, None
        con = None
        if spare is not None:
            try:
                con = spare.result()
            except Exception:
                con = None  # a failed spare: the direct open below reports why, in words
        if con is None:
            con = self._connect()
        self._begin_spare()
        con.hand_back = self._close_later
        return con

    def discard(self) -> None:
        """Close the spare now (after a new key, or before a rekey)."""
        with self._lock:
            spare, self._spare = self._spare, None
        _close_when_ready(spare)

    def close(self) -> None:
        """Close the spare and wait until every handed-back connection is closed."""
        with self._lock:
            worker, self._worker = self._worker, None
            spare, self._spare = self._spare, None
        _close_when_ready(spare)
        if worker is not None:
            worker.shutdown(wait=True)

    def _begin_spare(self) -> None:
        with self._lock:
            if self._worker is not None and self._spare is None:
                self._spare = self._worker.submit(self._connect)

    def _close_later(self, con: dbapi2.Connection) -> None:
        with self._lock:
            worker = self._worker
            if worker is not None:
                worker.submit(_close_quietly, con)
                return
        _close_quietly(con)


def _close_when_ready(spare: Future[HandedBackConnection] | None) -> None:
    if spare is None:
        return
    try:
        con = spare.result()
    except Exception:
        return  # it never opened: nothing to close
    _close_quietly(con)


def _close_quietly(con: dbapi2.Connection) -> None:
    """Closing a connection that has finished its work cannot lose data; a failure here
    (it is already closed) has nothing to tell anyone."""
    try:
        if isinstance(con, HandedBackConnection):
            con.close_now()
        else:
            con.close()
    except dbapi2.Error:
        pass
