"""What every command gets: passwords, output streams, and a way to open the database.

Command modules import services (and so SQLAlchemy and SQLCipher) inside their `run`
functions, never at module level: `lipanel-admin --help` and a usage error then answer
without loading the database code.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from lipanel_desktop.commands.passwords import PasswordSource

if TYPE_CHECKING:
    from lipanel_desktop.storage.store import Store


@dataclass
class CommandContext:
    out: TextIO
    err: TextIO
    passwords: PasswordSource = field(default_factory=PasswordSource)

    def say(self, line: str) -> None:
        print(line, file=self.out)

    def warn(self, line: str) -> None:
        print(f"lipanel-admin: {line}", file=self.err)

    def open(self, database: Path, user: str, *, read_only: bool = False) -> Store:
        from lipanel_desktop.services.database import open_database

        password = self.passwords.password(f"Password for {user}")
        return open_database(Path(database), user, password, read_only=read_only)


def add_database_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("database", metavar="DB", type=Path, help="the database file")


def add_user_argument(parser: argparse.ArgumentParser, help_text: str = "your user name") -> None:
    parser.add_argument("--user", required=True, metavar="NAME", help=help_text)
