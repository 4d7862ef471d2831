"""`lipanel-admin`: administration without a screen.

Exit 0 on success, 1 when a check finds a problem, 2 on bad input or a wrong password
(one clear line on stderr), 3 on a bug (logged without record content).
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn, Sequence, TextIO

from lipanel_desktop import __version__
from lipanel_desktop.errors import KnownError

PROG = "lipanel-admin"
BUG_EXIT = 3


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line, not a usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see “{self.prog} --help”)\n")


def build_parser() -> argparse.ArgumentParser:
    from lipanel_desktop.commands import data, database, users

    parser = _Parser(
        prog=PROG,
        description="Administer a LIPanel database without a screen. Passwords are read from "
        "standard input, one per line, when it is not a terminal.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=_Parser)
    for module in (database, users, data):
        module.register(sub)
    for module_name in EXTRA_COMMAND_MODULES:
        __import__(module_name, fromlist=["register"]).register(sub)
    return parser


#: Feature commands (export-pack, import-chronology, export-calendar) register here.
EXTRA_COMMAND_MODULES: list[str] = [
    "lipanel_desktop.commands.packs",
    "lipanel_desktop.commands.calendar",
    "lipanel_desktop.commands.chronology",
]


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None) -> int:
    from lipanel_desktop.commands.context import CommandContext
    from lipanel_desktop.commands.passwords import PasswordSource

    args = build_parser().parse_args(argv)
    ctx = CommandContext(out=sys.stdout, err=sys.stderr, passwords=PasswordSource(stdin))
    try:
        return int(args.run(args, ctx) or 0)
    except KnownError as error:
        ctx.warn(error.message)
        return error.exit_code
    except KeyboardInterrupt:
        ctx.warn("Stopped.")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # a bug: say so plainly, log where without content
        from lipanel_desktop.crash_log import log_bug

        where = log_bug(error)
        ctx.warn(
            "Something went wrong (a program error). Nothing was lost; "
            + (f"details without record content are in {where}." if where else "no log could be written.")
        )
        return BUG_EXIT


if __name__ == "__main__":
    sys.exit(main())
