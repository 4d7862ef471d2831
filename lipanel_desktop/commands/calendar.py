"""export-calendar: the panel calendar as an iCalendar file, without a screen.

    lipanel-admin export-calendar DB --user NAME --out FILE.ics [--from DATE] [--to DATE] [--force]

Dates are 2026-01-31 or 31/01/2026. Cancelled meetings are left out; the file holds
meeting kinds, reference numbers, chairs' titles and places, never a child's name.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path

from lipanel_desktop.commands.context import CommandContext, add_database_argument, add_user_argument
from lipanel_desktop.errors import KnownError, ValidationError


def parse_day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise KnownError(f"{option} {text!r} is not a date: write it as 2026-01-31 or 31/01/2026.")


def _export(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lipanel_desktop.services.calendar_ics import CalendarExport

    first, last = parse_day(args.first, "--from"), parse_day(args.last, "--to")
    out = Path(args.out)
    if out.exists() and not out.is_dir() and not args.force:
        raise KnownError(f"{out} already exists: give --force to replace it. Nothing was written.")
    with ctx.open(args.database, args.user) as store:
        try:
            result = CalendarExport(store).export(out, first, last)
        except ValidationError as error:
            raise KnownError(" ".join(error.problems.values()) + " Nothing was written.") from None
    ctx.say(f"Wrote {result.meetings} meeting{'s' if result.meetings != 1 else ''} to {result.path}.")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export-calendar",
        help="the panel calendar as an iCalendar (.ics) file for Outlook",
        description="Write the meetings (cancelled ones left out) as an iCalendar file that Outlook and other "
        "calendar programs import. It holds meeting kinds and reference numbers, never a child's name.",
    )
    add_database_argument(p)
    add_user_argument(p)
    p.add_argument("--out", required=True, metavar="FILE.ics", help="the file to write")
    p.add_argument("--from", dest="first", metavar="DATE", help="the first day (2026-01-31 or 31/01/2026)")
    p.add_argument("--to", dest="last", metavar="DATE", help="the last day")
    p.add_argument("--force", action="store_true", help="replace FILE.ics if it exists")
    p.set_defaults(run=_export)
