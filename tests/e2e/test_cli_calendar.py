"""`lipanel-admin export-calendar` as a subprocess against a real database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lipanel_desktop.services.calendar import CalendarService, ScheduleRule
from lipanel_desktop.storage.store import Store
from tests.conftest import ADMIN, ADMIN_PASSWORD, run_admin
from tests.panel_factories import CHILD_NAMES, make_referral, store_as


def _schedule(store: Store) -> None:
    rule = ScheduleRule(first_month=date(2026, 1, 1), place="Fictional Room")
    CalendarService(store).create_schedule(rule, [p.meeting_date for p in CalendarService(store).propose(
        rule, date(2026, 1, 1), date(2026, 12, 31))])
    make_referral(store, 1)


def test_export_calendar_writes_an_ics_file(store: Store, db_path: Path, tmp_path: Path) -> None:
    _schedule(store)
    out = tmp_path / "panel.ics"
    result = run_admin("export-calendar", db_path, "--user", ADMIN, "--out", out, "--from", "01/03/2026",
                       "--to", "2026-12-31", stdin=ADMIN_PASSWORD + "\n")
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().strip() == f"Wrote 5 meetings to {out}."
    raw = out.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.count(b"SUMMARY:Learning and Improvement Panel") == 5
    assert all(name.encode() not in raw for name in CHILD_NAMES)
    # Refuses to overwrite without --force; replaces with it.
    again = run_admin("export-calendar", db_path, "--user", ADMIN, "--out", out, stdin=ADMIN_PASSWORD + "\n")
    assert again.returncode == 2 and b"--force" in again.stderr and out.read_bytes() == raw
    forced = run_admin("export-calendar", db_path, "--user", ADMIN, "--out", out, "--force", stdin=ADMIN_PASSWORD + "\n")
    assert forced.returncode == 0 and b"Wrote 6 meetings" in forced.stdout


def test_export_calendar_bad_input(store: Store, db_path: Path, tmp_path: Path) -> None:
    _schedule(store)
    reader = store_as(store, "read-only", "reader")
    reader.close()
    cases = [
        (["--out", tmp_path / "x.ics", "--from", "31/02/2026"], ADMIN_PASSWORD, b"is not a date"),
        (["--out", tmp_path / "x.ics", "--from", "2026-12-01", "--to", "2026-01-01"], ADMIN_PASSWORD, b"on or after"),
        (["--out", tmp_path / "x.txt"], ADMIN_PASSWORD, b".ics"),
        (["--out", tmp_path / "missing" / "x.ics"], ADMIN_PASSWORD, b"does not exist"),
        (["--out", tmp_path / "x.ics"], "wrong password", b"password"),
    ]
    for extra, password, message in cases:
        result = run_admin("export-calendar", db_path, "--user", ADMIN, *extra, stdin=password + "\n")
        assert result.returncode == 2, (extra, result.stderr)
        assert message in result.stderr and b"Traceback" not in result.stderr
        assert len(result.stderr.decode().strip().splitlines()) == 1
    denied = run_admin("export-calendar", db_path, "--user", "reader", "--out", tmp_path / "x.ics",
                       stdin="Another-Fictional-Pass-42\n")
    assert denied.returncode == 2 and b"does not allow" in denied.stderr
    missing = run_admin("export-calendar", db_path, "--user", ADMIN, stdin=ADMIN_PASSWORD + "\n")
    assert missing.returncode == 2 and b"--out" in missing.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".ics", ".txt")) == []
