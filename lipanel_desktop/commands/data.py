"""dump (and seed-demo): data in and out."""

from __future__ import annotations

import argparse
import json

from lipanel_desktop.commands.context import CommandContext, add_database_argument, add_user_argument
from lipanel_desktop.services.dump import dump_rows


def _dump(args: argparse.Namespace, ctx: CommandContext) -> int:
    with ctx.open(args.database, args.user) as store:
        rows = dump_rows(store, args.table)
        first = next(rows, None)  # checks role and table before any warning or output
        ctx.warn("WARNING: the output is plaintext, including children's personal data. "
                 "Keep it encrypted and delete it when done. This dump has been audited.")
        if first is not None:
            for table, row in [first, *rows]:
                ctx.say(json.dumps({"table": table, "row": row}, ensure_ascii=False))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("dump", help="every table as JSON lines (administrators only; plaintext!)",
                       description='Write every table (or one) as JSON lines {"table": T, "row": {...}} on '
                       "standard output. Administrators only; audited; the output is plaintext.")
    add_database_argument(p)
    add_user_argument(p, "an administrator's user name")
    p.add_argument("--table", metavar="T", default=None, help="only this table")
    p.set_defaults(run=_dump)
