"""Passwords for `lipanel-admin`: prompted for on a terminal, otherwise read from standard
input one per line (first line the user's password, second line a new password)."""

from __future__ import annotations

import getpass
import sys
from typing import TextIO

from lipanel_desktop.errors import KnownError


class PasswordSource:
    def __init__(self, stdin: TextIO | None = None) -> None:
        self._stdin = stdin if stdin is not None else sys.stdin
        self._interactive = bool(getattr(self._stdin, "isatty", lambda: False)())
        self._lines: list[str] | None = None
        self._used = 0

    def _next_line(self, what: str) -> str:
        if self._lines is None:
            raw = self._stdin.buffer.read() if hasattr(self._stdin, "buffer") else self._stdin.read().encode()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise KnownError("Standard input is not UTF-8 text: give passwords as UTF-8, one per line.") from None
            self._lines = text.split("\n")
            if self._lines and self._lines[-1] == "":
                self._lines.pop()
        if self._used >= len(self._lines):
            raise KnownError(f"Expected {what} on line {self._used + 1} of standard input.")
        line = self._lines[self._used].removesuffix("\r")
        self._used += 1
        return line

    def password(self, prompt: str) -> str:
        """An existing password."""
        if self._interactive:
            return getpass.getpass(f"{prompt}: ")
        return self._next_line(prompt.lower())

    def new_password(self, prompt: str) -> str:
        """A new password: typed twice on a terminal."""
        if not self._interactive:
            return self._next_line(prompt.lower())
        first = getpass.getpass(f"{prompt}: ")
        if getpass.getpass("Type it again: ") != first:
            raise KnownError("The two passwords do not match. Nothing was changed.")
        return first
