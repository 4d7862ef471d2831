"""user add, remove, list, passwd."""

from __future__ import annotations

import argparse

from lipanel_desktop.commands.context import CommandContext, add_database_argument, add_user_argument
from lipanel_desktop.vocabulary.roles import Role


def _add(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lipanel_desktop.services.accounts import AccountService, check_role, check_user_name

    check_user_name(args.name)
    check_role(args.role)
    with ctx.open(args.database, args.user) as store:
        password = ctx.passwords.new_password(f"New password for {args.name}")
        AccountService(store).add(args.name, args.role, password)
    ctx.say(f"Added {args.name} ({Role(args.role).label}).")
    return 0


def _remove(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lipanel_desktop.services.accounts import AccountService

    with ctx.open(args.database, args.user) as store:
        AccountService(store).remove(args.name)
    ctx.say(f"Removed {args.name} and rotated the database key: their password no longer opens it.")
    return 0


def _list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lipanel_desktop.services.accounts import AccountService

    with ctx.open(args.database, args.user) as store:
        accounts = AccountService(store).list()
    for a in accounts:
        last = f"last opened {a.last_login_at:%d/%m/%Y %H:%M} UTC" if a.last_login_at else "never opened"
        flags = "" if a.has_key_slot else "  (no key slot!)"
        if a.must_change_password:
            flags += "  (must change password)"
        ctx.say(f"{a.name}\t{a.role}\t{last}{flags}")
    return 0


def _passwd(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lipanel_desktop.services.accounts import AccountService
    from lipanel_desktop.services.database import open_database

    old = ctx.passwords.password(f"Current password for {args.user}")
    with open_database(args.database, args.user, old) as store:
        new = ctx.passwords.new_password(f"New password for {args.user}")
        AccountService(store).change_own_password(old, new)
    ctx.say(f"Changed the password for {args.user}.")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    user = sub.add_parser("user", help="add, remove and list users; change a password",
                          description="Manage user accounts and their key slots.")
    users = user.add_subparsers(dest="user_command", metavar="COMMAND", required=True)

    roles = ", ".join(r.value for r in Role)
    p = users.add_parser("add", help="add a user (stdin: your password, then theirs)",
                         description=f"Add a user with a role ({roles}). Administrators only.")
    add_database_argument(p)
    add_user_argument(p, "an administrator's user name")
    p.add_argument("--name", required=True, help="the new user's name")
    p.add_argument("--role", required=True, help=f"one of: {roles}")
    p.set_defaults(run=_add)

    p = users.add_parser("remove", help="remove a user and rotate the key",
                         description="Remove a user's account and key slot, then rotate the database key.")
    add_database_argument(p)
    add_user_argument(p, "an administrator's user name")
    p.add_argument("--name", required=True, help="the user to remove")
    p.set_defaults(run=_remove)

    p = users.add_parser("list", help="list users, roles and when each last opened the database",
                         description="List the users who can open the database.")
    add_database_argument(p)
    add_user_argument(p)
    p.set_defaults(run=_list)

    p = users.add_parser("passwd", help="change your password (stdin: old, then new)",
                         description="Change your own password.")
    add_database_argument(p)
    add_user_argument(p)
    p.set_defaults(run=_passwd)
