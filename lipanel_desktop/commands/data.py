"""dump and seed-demo: data out, and fictional data in."""

from __future__ import annotations

import argparse
import json

from lipanel_desktop.commands.context import CommandContext, add_database_argument, add_user_argument


def _seed_demo(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lipanel_desktop.services.demo import check_request, seed_demo

    check_request(args.referrals, args.seed)  # before asking for a password
    with ctx.open(args.database, args.user) as store:
        report = seed_demo(store, referrals=args.referrals, seed=args.seed)
    total = sum(report.counts.values())
    ctx.say(f"Added fictional demo data (seed {report.seed}, dates around {report.anchor:%d/%m/%Y}): "
            f"{report.referrals:,} referrals, {total:,} rows in all.")
    for table, count in report.counts.items():
        ctx.say(f"  {table}: {count:,}")
    return 0


def _dump(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lipanel_desktop.services.dump import dump_rows

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

    p = sub.add_parser("seed-demo", help="fill an empty database with fictional demo data",
                       description="Fill a database that has no casework yet with realistic, obviously fictional "
                       "demo data in every table. The same --seed on the same day gives the same data. "
                       "Administrators only.")
    add_database_argument(p)
    add_user_argument(p, "an administrator's user name")
    p.add_argument("--referrals", type=int, default=200, metavar="N",
                   help="how many referrals (40 to 50,000; default 200)")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="any whole number from 0 (default 1)")
    p.set_defaults(run=_seed_demo)
