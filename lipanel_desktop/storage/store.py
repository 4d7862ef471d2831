"""The `Store`: one open, unlocked database, and the only way to get a session on it.

`with store.session() as s:` is one unit of work, committed whole or rolled back whole;
every such session is audited under the unlocked user's name. Write sessions take the
write lock when they begin (BEGIN IMMEDIATE), so two programs never both read then
collide at commit. Connections are not pooled: each is keyed from the key held here, and
`close()` wipes the key. The exception is `held_read_session`, a kept connection for each
of the few big reads a user repeats (see there).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool, Pool, StaticPool
from sqlcipher3 import dbapi2

from lipanel_desktop.errors import KnownError, NotPermitted
from lipanel_desktop.storage import audit
from lipanel_desktop.storage.db_errors import translate
from lipanel_desktop.storage.engine import connect


@dataclass(frozen=True)
class Identity:
    """Who unlocked the database and with what role."""

    name: str
    role: str


class AuditedSession(Session):
    """A session whose flushes and bulk statements write the audit trail."""


audit.install(AuditedSession)


#: Pages each held connection keeps decrypted between reads, in KiB (SQLite's default is
#: 2 MiB: too few for 20,000 actions or chronology entries, so each read decrypted most
#: pages again). Filled only as pages are read; freed (and wiped) when the store closes.
HELD_CACHE_KIB = 32 * 1024


def _held_pragmas(con: dbapi2.Connection, _record: object) -> None:
    """A held connection can never write, whatever a caller does with it, and keeps the
    pages its big reads use."""
    con.execute("PRAGMA query_only = ON")
    con.execute(f"PRAGMA cache_size = -{HELD_CACHE_KIB}")


class StoreClosed(KnownError):
    """The database was locked or closed while something still wanted it."""


class Store:
    def __init__(
        self,
        path: Path,
        key: bytearray,
        identity: Identity,
        *,
        read_only: bool = False,
        database_id: str = "",
    ) -> None:
        self.path = Path(path)
        self.identity = identity
        self.read_only = read_only
        self.database_id = database_id
        self._key: bytearray | None = key
        self._read_engine = self._engine(immediate=False)
        self._write_engine = None if read_only else self._engine(immediate=True)
        #: The held read connections, one per kind of big read (see `held_read_session`).
        self._held_engines: dict[str, Engine] = {}
        self._sessions = sessionmaker(class_=AuditedSession, expire_on_commit=False)
        self._close_hooks: list[Callable[[], None]] = []
        self._release_hooks: list[Callable[[], None]] = []

    def _connect(self) -> dbapi2.Connection:
        if self._key is None:
            raise StoreClosed("The database is locked. Unlock it to continue.")
        return connect(self.path, self._key, read_only=self.read_only)

    def _engine(self, *, immediate: bool, pool: type[Pool] = NullPool) -> Engine:
        engine = create_engine(
            "sqlite://",
            module=dbapi2,
            creator=self._connect,
            # A connection per session, closed at its end. Pooling would save the ~15 ms a
            # new connection costs (SQLCipher's memory security, on the first read), but a
            # connection that has run certain IN (…) queries stays ~50x slower at later
            # GROUP BY scans, and a pool would carry that into every later session.
            poolclass=pool,
            hide_parameters=True,
        )
        begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"

        @event.listens_for(engine, "begin")
        def _begin(conn: object) -> None:
            conn.exec_driver_sql(begin)  # type: ignore[attr-defined]

        return engine

    @property
    def is_open(self) -> bool:
        return self._key is not None

    @property
    def write_engine(self) -> Engine:
        if self._write_engine is None:
            raise NotPermitted("This database is open read-only, so nothing can be changed.")
        return self._write_engine

    @property
    def read_engine(self) -> Engine:
        return self._read_engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work that may write; committed whole or rolled back whole."""
        with self._session(self.write_engine) as s:
            yield s

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A read-only unit of work (works on a database opened read-only)."""
        with self._session(self._read_engine) as s:
            yield s

    @contextmanager
    def held_read_session(self, purpose: str) -> Iterator[Session]:
        """A read-only unit of work on a connection the store keeps open, for one kind of
        big read a user repeats: the action tracker, a review's chronology. `purpose`
        names the kind; each has a connection of its own.

        Opening and closing a keyed connection costs 30-45 ms (SQLCipher's memory
        security makes the first read slow) and a new connection decrypts every page
        again; a held one keeps its pages between reads (SQLite drops them when another
        connection has changed the file, so reads are never stale). Measured on 20,000
        chronology entries: 139-156 ms on its own held connection against 225-280 ms on a
        new one — but 490-690 ms on a connection that had first run the tracker's, the
        register's or the search's queries. So kinds never share a connection, and none
        is used for anything else. Only on the main (GUI) thread: a worker thread gets an
        ordinary read session, so a connection is never used by two threads at once."""
        engine = self._read_engine
        if threading.current_thread() is threading.main_thread():
            engine = self._held_engines.get(purpose) or self._held_engine(purpose)
        with self._session(engine) as s:
            yield s

    def _held_engine(self, purpose: str) -> Engine:
        engine = self._held_engines[purpose] = self._engine(immediate=False, pool=StaticPool)
        event.listen(engine, "connect", _held_pragmas)
        return engine

    @contextmanager
    def _session(self, engine: Engine) -> Iterator[Session]:
        if self._key is None:
            raise StoreClosed("The database is locked. Unlock it to continue.")
        s = self._sessions(bind=engine, info={"actor": self.identity.name})
        try:
            yield s
            s.commit()
        except (sa_exc.DBAPIError, dbapi2.Error) as error:  # the latter from reads made on the driver
            s.rollback()
            known = translate(error)
            if known is not None:
                raise known from None
            raise
        except OverflowError as error:
            s.rollback()
            if "sqlite integer" in str(error).lower():  # an id or number beyond SQLite's 64 bits
                raise KnownError("A number given is far too large to look up or store. Check it and try again.") from None
            raise
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def raw_connection(self) -> dbapi2.Connection:
        """A keyed driver connection for backup and integrity checks; the caller closes it
        (and it is closed at once: the file may be replaced or removed next)."""
        return self._connect()

    def release_connections(self) -> None:
        """Close every connection the store holds (before a rekey), and those services
        keep for themselves (see `on_release`)."""
        for hook in self._release_hooks:
            hook()
        for engine in (self._read_engine, self._write_engine, *self._held_engines.values()):
            if engine is not None:
                engine.dispose()

    def key_for_backup(self) -> bytes:
        if self._key is None:
            raise StoreClosed("The database is locked. Unlock it to continue.")
        return bytes(self._key)

    def replace_key(self, key: bytearray) -> None:
        """After a rekey: connections from now on use the new key."""
        old = self._key
        self._key = key
        self.release_connections()
        if old is not None:
            old[:] = bytes(len(old))

    def on_release(self, hook: Callable[[], None]) -> None:
        """Run `hook` whenever the store's connections are released (a key rotation, and
        closing): for a connection a service keeps itself, made from `raw_connection`."""
        self._release_hooks.append(hook)

    def on_close(self, hook: Callable[[], None]) -> None:
        """Run `hook` once when the store closes (e.g. to release the instance lock)."""
        self._close_hooks.append(hook)

    def close(self) -> None:
        """Drop the key and every connection. Python cannot wipe immutable copies of the
        key (the hex string handed to SQLCipher), which is a documented residual risk."""
        self.release_connections()
        if self._key is not None:
            self._key[:] = bytes(len(self._key))
            self._key = None
        hooks, self._close_hooks = self._close_hooks, []
        for hook in hooks:
            hook()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
