"""init, verify, rekey, backup, restore."""

from __future__ import annotations

import argparse
from pathlib import Path

from lipanel_desktop.commands.context import CommandContext, add_database_argument, add_user_argument
from lipanel_desktop.errors import CheckFailed


def _init(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lipanel_desktop.services.database import create_database

    password = ctx.passwords.new_password(f"New password for {args.admin}")
    with create_database(args.database, args.admin, password, board_name=args.board_name) as store:
        ctx.say(f"Created {store.path} with administrator {args.admin}.")
        ctx.say(f"Its key file is {store.path.name}.lipanel-keys: keep it with the database, and back up both.")
    return 0


def _verify(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lipanel_desktop.services.database import verify_database

    # Read-only: checking a file must never change it (a damaged one least of all).
    with ctx.open(args.database, args.user, read_only=True) as store:
        checks = verify_database(store)
    failed = [c for c in checks if not c.ok]
    for check in checks:
        mark = "ok  " if check.ok and not check.warning else ("warn" if check.ok else "FAIL")
        ctx.say(f"{mark}  {check.text}")
    if failed:
        raise CheckFailed(f"Verification found {len(failed)} problem(s): {failed[0].text}")
    return 0


def _rekey(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lipanel_desktop.services.database import rekey_database

    with ctx.open(args.database, args.user) as store:
        rekey_database(store)
    ctx.say("The database key was rotated and resealed to every user.")
    return 0


def _backup(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lipanel_desktop.services.database import backup_database

    with ctx.open(args.database, args.user, read_only=False) as store:
        written = backup_database(store, args.dest)
    ctx.say(f"Backup written and verified: {written}")
    return 0


def _restore(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lipanel_desktop.services.database import restore_database

    password = ctx.passwords.password(f"Password for {args.user} (as in the backup)")
    info = restore_database(args.backup, args.database, args.user, password, force=args.force)
    counts = ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in info.counts.items())
    ctx.say(f"Restored the backup made {info.created_at:%d/%m/%Y %H:%M} UTC by {info.created_by}: {counts}.")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create a database, its key file and the first administrator",
                       description="Create a new encrypted database and its key file, with a first administrator. "
                       "The administrator's new password is read from standard input (or prompted for twice).")
    add_database_argument(p)
    p.add_argument("--admin", required=True, metavar="NAME", help="the first administrator's user name")
    p.add_argument("--board-name", default=None, help="the board's name (default: Stockport Safeguarding Children Board)")
    p.set_defaults(run=_init)

    p = sub.add_parser("verify", help="check encryption, integrity, schema version and the audit chain",
                       description="Check every page's encryption, SQLite integrity, links, the schema version, "
                       "the audit chain and the key slots. Exit 1 if anything is wrong.")
    add_database_argument(p)
    add_user_argument(p)
    p.set_defaults(run=_verify)

    p = sub.add_parser("rekey", help="rotate the database key and reseal it to every user",
                       description="Rotate the database key (administrators only). Every user keeps their password.")
    add_database_argument(p)
    add_user_argument(p, "an administrator's user name")
    p.set_defaults(run=_rekey)

    p = sub.add_parser("backup", help="write one encrypted, verified backup file",
                       description="Write the database and its key slots into one encrypted file, verified after writing.")
    add_database_argument(p)
    p.add_argument("dest", metavar="DEST", type=Path, help="the backup file, or a folder to put a dated one in")
    add_user_argument(p)
    p.set_defaults(run=_backup)

    p = sub.add_parser("restore", help="restore a backup (refuses to overwrite without --force)",
                       description="Check a backup completely, then restore its database and key file to DB.")
    p.add_argument("backup", metavar="BACKUP", type=Path, help="the backup file")
    add_database_argument(p)
    add_user_argument(p, "a user name in the backup")
    p.add_argument("--force", action="store_true", help="replace an existing database at DB")
    p.set_defaults(run=_restore)
