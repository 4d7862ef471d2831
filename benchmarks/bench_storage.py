"""Issue 2's storage figures, each beside plain SQLite doing the same work.

- unlock: a user's password to an open session (Argon2id with the real parameters, the
  slot's X25519 unseal, keying, schema check, the login stamp), against opening a plain
  SQLite file and reading its schema;
- opening one connection with the raw key (what every session would pay once unlocked),
  and a read session as the program runs one (its connection opened and closed in it);
- `seed-demo --referrals 10000` against inserting the very same rows with the raw
  DB-API into a plain SQLite file with the same schema;
- `verify` on that database against `PRAGMA integrity_check` on a plaintext copy;
- the file's size against the plaintext copy's.

"Plain SQLite" is the SQLite inside the sqlcipher3 wheel used without a key, so both
sides run the same SQLite version and only the encryption and our code differ. The floors
run in a separate process (`PlainWorker`) that never keys a database: SQLCipher's
`cipher_memory_security`, once on, is on for every connection in the process, keyed or
not, and would slow the floors too.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlcipher3 import dbapi2

from benchmarks.run import Elapsed, Harness, at_most, between, ratio_at_most

USER = "bench-admin"
PASSWORD = "Bench-Password-Fictional-42"


_WORKER = r"""
import json, pickle, sys, time
from sqlcipher3 import dbapi2
for line in sys.stdin:
    job = json.loads(line)
    con = dbapi2.connect(job["path"], isolation_level=None)
    if job["op"] == "open":
        con.close()
        start = time.perf_counter()
        con = dbapi2.connect(job["path"], isolation_level=None)
        con.execute("SELECT count(*) FROM referrals").fetchone()
    elif job["op"] == "integrity":
        start = time.perf_counter()
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    elif job["op"] == "insert":
        with open(job["rows"], "rb") as handle:
            tables = pickle.load(handle)
        start = time.perf_counter()
        con.execute(f"PRAGMA cache_size = -{job['cache_kib']}")  # as seed-demo's transaction has
        con.execute("BEGIN")
        # As seed-demo does: the search index filled once, not by a trigger per row.
        triggers = con.execute(job["triggers_sql"]).fetchall()
        for name, _sql in triggers:
            con.execute(f'DROP TRIGGER "{name}"')
        for name, columns, rows in tables:
            marks = ", ".join("?" for _ in columns)
            con.executemany(f'INSERT OR IGNORE INTO "{name}" ({", ".join(columns)}) VALUES ({marks})', rows)
        con.execute(job["index_sql"], {"low": 0, "high": 2**62})
        for _name, sql in triggers:
            con.execute(sql)
        con.execute("COMMIT")
    seconds = time.perf_counter() - start
    con.close()
    print(json.dumps({"seconds": seconds}), flush=True)
"""


class PlainWorker:
    """Plain SQLite work timed in a process that never turned on memory security."""

    def __init__(self) -> None:
        import subprocess
        import sys

        self.process = subprocess.Popen([sys.executable, "-c", _WORKER], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)

    def run(self, **job: Any) -> Elapsed:
        import json

        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({k: str(v) if isinstance(v, Path) else v for k, v in job.items()}) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError("the plain SQLite worker stopped")
        return Elapsed(json.loads(answer)["seconds"])

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=60)


_worker: PlainWorker | None = None


def worker() -> PlainWorker:
    global _worker
    if _worker is None:
        _worker = PlainWorker()
    return _worker


def _plain_schema(path: Path) -> None:
    """A plaintext database with exactly our schema (the same migrations)."""
    from lipanel_desktop.storage import schema

    engine = create_engine("sqlite://", module=dbapi2, creator=lambda: dbapi2.connect(str(path)))
    schema.create_schema(engine)
    engine.dispose()


def _create(folder: Path) -> Path:
    from lipanel_desktop.services.database import create_database

    path = folder / "panel.lipanel-db"
    create_database(path, USER, PASSWORD).close()
    return path


def _unlock_to_session(path: Path) -> None:
    from lipanel_desktop.services.database import open_database

    store = open_database(path, USER, PASSWORD)
    try:
        with store.read_session() as s:
            s.execute(text("SELECT count(*) FROM referrals")).scalar()
    finally:
        store.close()


def _plain_open(path: Path) -> Elapsed:
    return worker().run(op="open", path=path)


def bench_unlock(h: Harness) -> None:
    from lipanel_desktop.services.database import open_database
    from lipanel_desktop.storage.engine import connect
    from lipanel_desktop.storage.keyslots import sidecar_path
    from lipanel_desktop.storage.vault import Vault

    folder = h.folder("unlock")
    path = _create(folder)
    plain = folder / "plain.db"
    _plain_schema(plain)
    h.measure(
        "unlock: password to open session (real Argon2id)",
        lambda: _unlock_to_session(path),
        floor=("plain SQLite open + first read", lambda: _plain_open(plain)),
        goal=between(0.3, 1.0),
        note="goal from issue 2: an unlock takes 0.3–1.0 s on a 2-core machine",
    )
    keyfile = Vault(path).load_keys()
    slot = keyfile.slot(USER)
    key = slot.open_key(slot.unwrap_private(PASSWORD), keyfile.key_id)
    assert key is not None and sidecar_path(path).exists()
    h.measure(
        "open one connection with the raw key (per session, once unlocked)",
        lambda: connect(path, key).close(),
        floor=("plain SQLite open + first read", lambda: _plain_open(plain)),
        goal=at_most(0.005),
        repeat=50,
    )
    store = open_database(path, USER, PASSWORD)

    def session() -> int:
        with store.read_session() as s:
            return int(s.execute(text("SELECT count(*) FROM referrals")).scalar() or 0)

    try:
        h.measure(
            "a read session as the program runs one (its connection opened and closed in it)",
            lambda _pause: session(),
            setup=lambda: time.sleep(0.05),
            floor=("plain SQLite open + first read", lambda: _plain_open(plain)),
            repeat=50,
            note="50 ms untimed between sessions, as between a user's actions",
        )
    finally:
        store.close()


# -- seed-demo, verify, size ----------------------------------------------------------------


def _seed(store: Any, referrals: int) -> dict[str, int]:
    from lipanel_desktop.services.demo import seed_demo

    try:
        return seed_demo(store, referrals=referrals, seed=1).counts
    finally:
        store.close()


def _rows_of(path: Path) -> list[tuple[str, list[str], list[tuple[Any, ...]]]]:
    """Every row seed-demo wrote, table by table in dependency order (as stored)."""
    from lipanel_desktop.models import Base
    from lipanel_desktop.services.database import open_database

    store = open_database(path, USER, PASSWORD)
    try:
        con = store.raw_connection()
        try:
            tables = []
            for table in Base.metadata.sorted_tables:
                columns = [c.name for c in table.columns]
                rows = con.execute(f'SELECT {", ".join(columns)} FROM "{table.name}"').fetchall()
                tables.append((table.name, columns, rows))
            return tables
        finally:
            con.close()
    finally:
        store.close()


def _plain_insert(prepared: tuple[Path, Path]) -> Elapsed:
    from lipanel_desktop.services.demo import CACHE_KIB
    from lipanel_desktop.services.demo.referrals import INDEX_REFERRALS, SEARCH_TRIGGERS

    path, rows = prepared
    return worker().run(op="insert", path=path, rows=rows, cache_kib=CACHE_KIB,
                        triggers_sql=SEARCH_TRIGGERS, index_sql=INDEX_REFERRALS)


def _plaintext_copy(path: Path, out: Path) -> None:
    """A plaintext export of the encrypted database (sqlcipher_export), for the floors."""
    from lipanel_desktop.services.database import open_database

    store = open_database(path, USER, PASSWORD)
    try:
        con = store.raw_connection()
        try:
            con.execute(f"ATTACH DATABASE '{out}' AS plaintext KEY ''")
            con.execute("SELECT sqlcipher_export('plaintext')")
            con.execute("DETACH DATABASE plaintext")
        finally:
            con.close()
    finally:
        store.close()


def _open(path: Path) -> Any:
    from lipanel_desktop.services.database import open_database

    return open_database(path, USER, PASSWORD)


def _verify(store: Any) -> None:
    from lipanel_desktop.services.database import verify_database

    try:
        checks = verify_database(store)
    finally:
        store.close()
    if not all(c.ok for c in checks):
        raise AssertionError([c.text for c in checks if not c.ok])


def _plain_integrity(path: Path) -> Elapsed:
    return worker().run(op="integrity", path=path)


def bench_seed_verify_size(h: Harness) -> None:
    referrals = 200 if h.quick else 10_000
    folder = h.folder("seed")
    made: list[Path] = []

    def fresh_database() -> Path:
        sub = folder / f"run{len(made)}"
        sub.mkdir()
        made.append(_create(sub))
        return made[-1]

    def fresh_store() -> Any:
        return _open(fresh_database())  # unlocked untimed: unlock is its own figure

    rows: dict[str, Any] = {}

    def fresh_plain() -> tuple[Path, Path]:
        if "tables" not in rows:
            import pickle

            rows["tables"] = folder / "rows.pickle"
            rows["tables"].write_bytes(pickle.dumps(_rows_of(made[-1])))
        plain = folder / f"plain{len(made)}-{len(rows)}.db"
        rows[str(plain)] = True
        _plain_schema(plain)
        return plain, rows["tables"]

    seeded = h.measure(
        f"seed-demo --referrals {referrals}",
        lambda store: _seed(store, referrals),
        setup=fresh_store,
        floor=("the same rows, raw DB-API into plain SQLite", _plain_insert, fresh_plain),
        goal=at_most(60.0) if not h.quick else None,
        repeat=3,
        memory=True,
        floor_memory=False,
        note="floor: the rows seed-demo wrote, read back and inserted with executemany in one transaction "
        "(search index filled once, as seed-demo does)",
    )
    if seeded is not None and seeded.value:
        total = sum(seeded.value.values())
        h.record(f"rows written by seed-demo --referrals {referrals}", total, unit="rows")
    database = made[-1] if made else fresh_database()
    if seeded is None:
        _seed(_open(database), referrals)
    plaintext = folder / "plaintext-copy.db"
    _plaintext_copy(database, plaintext)
    h.measure(
        f"verify ({referrals} referrals)",
        _verify,
        setup=lambda: _open(database),
        floor=("PRAGMA integrity_check on a plaintext copy", lambda: _plain_integrity(plaintext)),
        repeat=3,
        note="verify on an unlocked database (unlock is its own figure): every page's HMAC, "
        "integrity_check, foreign keys, schema version, the audit chain, key slots",
    )
    h.record(
        f"file size ({referrals} referrals)",
        database.stat().st_size,
        unit="bytes",
        floor=("plaintext copy of the same data", plaintext.stat().st_size),
        goal=ratio_at_most(1.15),
    )


def run(h: Harness) -> None:
    global _worker
    try:
        bench_unlock(h)
        bench_seed_verify_size(h)
    finally:
        if _worker is not None:
            _worker.close()
            _worker = None
