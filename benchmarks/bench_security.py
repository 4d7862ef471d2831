"""Issue 8's figures: the audit viewer, the audit chain check, backups and destruction,
on a database with a long audit trail. Issue 8 names no targets; these show what the
services add over the same work done with the raw DB-API on the same encrypted file
(so only our code differs, not the encryption).

- an audit search (one user, a date range; the newest 10,000 of the matches) against the
  same SELECT through the raw driver;
- "who looked at this child's record" against the raw query for the same rows;
- "Verify audit chain" over every entry against reading the same rows raw;
- a backup (copy, container, checksums, full verification) against SQLite's backup API
  copy alone;
- destroying one case of 2,000 chronology entries, with VACUUM, against the raw deletes
  and VACUUM.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from benchmarks.run import Harness, ratio_at_most

USER = "bench-admin"
PASSWORD = "Bench-Password-Fictional-42"


def _database(folder: Path, entries: int, referrals: int) -> Path:
    """A database whose audit trail has `entries` rows by a few fictional users."""
    from lipanel_desktop.models.organisation import Agency
    from lipanel_desktop.models.referral import Referral
    from lipanel_desktop.services.database import create_database
    from lipanel_desktop.storage import audit

    path = folder / "bench.lipanel-db"
    with create_database(path, USER, PASSWORD) as store:
        with store.session() as s:
            s.execute(insert(Referral), [
                {"reference": f"LIP-2020-{n:05d}", "child_full_name": f"Benchchild {n}", "status": "closed",
                 "closed_at": datetime(2020, 1, 1) + timedelta(days=n % 300)}
                for n in range(1, referrals + 1)
            ])
        users = ["bench-admin", "Reviewer One", "Reviewer Two", "Chair Bench", "Unit Admin Bench"]
        done = 0
        while done < entries:
            batch = min(20_000, entries - done)
            with store.session() as s:
                audit.append(s.connection(), users[done % len(users)], [
                    audit.AuditEvent("referrals", str(1 + (done + i) % referrals), "open" if i % 3 else "update",
                                     () if i % 3 else ("summary",))
                    for i in range(batch)
                ])
            done += batch
        with store.session() as s:
            agency = s.query(Agency.id).first()[0]  # noqa: F841 (the defaults exist)
    return path


def _open(path: Path) -> Any:
    from lipanel_desktop.services.database import open_database

    return open_database(path, USER, PASSWORD)


def run(h: Harness) -> None:
    from lipanel_desktop.services.audit_log import AuditFilter, AuditLogService
    from lipanel_desktop.services.backup_schedule import BackupSchedule

    entries = 5_000 if h.quick else 200_000
    referrals = 200 if h.quick else 5_000
    folder = h.folder("security")
    path = _database(folder, entries, referrals)
    store = _open(path)
    service = AuditLogService(store)
    today = date.today()
    wanted = AuditFilter(user="Reviewer One", date_from=today - timedelta(days=1), date_to=today)

    def raw(sql: str, *args: Any) -> int:
        con = store.raw_connection()
        try:
            return len(con.execute(sql, args).fetchall())
        finally:
            con.close()

    start = (datetime.utcnow() - timedelta(days=2)).isoformat(sep=" ")
    h.measure(
        f"audit search, {entries:,} entries: one user, two days, newest 10,000",
        lambda: service.search(wanted),
        floor=("raw SELECT of the same rows", lambda: raw(
            "SELECT id, at, actor, entity, entity_id, action, fields FROM audit_log WHERE actor = ? AND at >= ? "
            "ORDER BY id DESC LIMIT 10000", "Reviewer One", start)),
        goal=ratio_at_most(4),
    )
    h.measure(
        f"who looked at one child's record, {entries:,} entries",
        lambda: service.child_record_access("LIP-2020-00042"),
        floor=("raw SELECT of that referral's rows", lambda: raw(
            "SELECT id, at, actor, entity, entity_id, action, fields FROM audit_log "
            "WHERE entity = 'referrals' AND entity_id = '42' ORDER BY id DESC")),
        goal=ratio_at_most(4),
    )
    h.measure(
        f"verify the audit chain, {entries:,} entries",
        lambda: service.verify_chain(),
        floor=("reading every entry raw", lambda: raw("SELECT * FROM audit_log ORDER BY id")),
        repeat=3,
    )
    backups = h.folder("backups")

    def our_backup() -> None:
        BackupSchedule(store).backup_now(backups)
        for made in backups.iterdir():
            made.unlink()

    def plain_copy() -> None:
        from lipanel_desktop.storage.engine import connect

        target = backups / "plain.db"
        con, out = store.raw_connection(), connect(target, store.key_for_backup(), create=True)
        try:
            con.backup(out)
        finally:
            con.close()
            out.close()
            target.unlink()

    h.measure(
        f"backup, written and verified ({path.stat().st_size / (1 << 20):.0f} MB database)",
        our_backup,
        floor=("SQLite backup API copy alone", plain_copy),
        repeat=3,
    )
    store.close()
    _destruction(h, folder)


def _destruction(h: Harness, folder: Path) -> None:
    from lipanel_desktop.models.chronology import ChronologyEntry
    from lipanel_desktop.models.organisation import Agency
    from lipanel_desktop.models.referral import Referral
    from lipanel_desktop.models.review import Review
    from lipanel_desktop.services.database import create_database, open_database
    from lipanel_desktop.services.retention import CONFIRM_WORD, RetentionService

    rows = 200 if h.quick else 2_000
    template = folder / "template"
    template.mkdir()
    with create_database(template / "case.lipanel-db", USER, PASSWORD) as store:
        with store.session() as s:
            agency = s.query(Agency.id).first()[0]
            referral = Referral(reference="LIP-2001-0001", child_full_name="Benchchild Case", status="in_review")
            s.add(referral)
            s.flush()
            review = Review(reference="MALR-2001-0001", kind="malr", stage="closed", referral_id=referral.id,
                            closed_on=date(2001, 6, 1))
            s.add(review)
            s.flush()
            s.execute(insert(ChronologyEntry), [
                {"review_id": review.id, "agency_id": agency, "date_from": date(2000, 1, 1) + timedelta(days=n % 365),
                 "event": f"Benchmark event {n} " + "words " * 30}
                for n in range(rows)
            ])
    counter = {"n": 0}

    def fresh() -> Any:
        """A new copy of the case's database, already unlocked (unlocking is not timed)."""
        counter["n"] += 1
        copy = folder / f"case-{counter['n']}"
        shutil.copytree(template, copy)
        return open_database(copy / "case.lipanel-db", USER, PASSWORD)

    def ours(store: Any) -> None:
        with store:
            RetentionService(store).destroy(["LIP-2001-0001"], "Benchmark authority", CONFIRM_WORD, today=date(2030, 1, 1))

    def plain(store: Any) -> None:
        with store:
            con = store.raw_connection()
            try:
                con.execute("BEGIN")
                for table in ("chronology_entries", "reviews", "household_members", "referrals"):
                    con.execute(f"DELETE FROM {table}")
                con.execute("COMMIT")
                con.execute("VACUUM")
            finally:
                con.close()

    h.measure(
        f"destroy a case of {rows:,} chronology entries, with VACUUM",
        ours,
        setup=fresh,
        floor=("raw deletes and VACUUM", plain, fresh),
        repeat=3,
        goal=ratio_at_most(3),
    )
