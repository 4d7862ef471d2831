"""Shared by the CLI, fault and crash tests of the encrypted store: making a database
through the real CLI, snapshots of files to prove "nothing changed", and running work in
a forked child that a test can kill."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lipanel_desktop.storage.keyslots import sidecar_path
from tests.conftest import ADMIN, ADMIN_PASSWORD, run_admin

PASSWORD = ADMIN_PASSWORD


def init_db(path: Path, admin: str = ADMIN, password: str = PASSWORD) -> Path:
    result = run_admin("init", path, "--admin", admin, stdin=password + "\n")
    assert result.returncode == 0, result.stderr.decode()
    return path


def seeded_db(path: Path, referrals: int = 40) -> Path:
    init_db(path)
    result = run_admin("seed-demo", path, "--user", ADMIN, "--referrals", str(referrals), stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr.decode()
    return path


def snapshot(*paths: Path) -> dict[str, bytes | None]:
    """Every byte of each file (None if missing): compare before and after."""
    return {str(p): (p.read_bytes() if p.exists() else None) for p in paths}


def database_files(db: Path) -> list[Path]:
    return [db, sidecar_path(db), db.with_name(db.name + "-journal"), db.with_name(db.name + "-wal")]


def one_clear_line(stderr: bytes) -> str:
    """The error output must be exactly one line, with no traceback."""
    text = stderr.decode("utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert "Traceback" not in text and "Something went wrong" not in text, text
    return lines[0]


@dataclass
class Child:
    """A forked child process running `work(report)`; `report(text)` sends a line home."""

    pid: int
    reader: int

    def lines(self) -> list[str]:
        chunks = []
        while True:
            chunk = os.read(self.reader, 65536)
            if not chunk:
                break
            chunks.append(chunk)
        os.close(self.reader)
        return b"".join(chunks).decode().split("\n")[:-1]

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def wait(self) -> int:
        _, status = os.waitpid(self.pid, 0)
        return status

    def wait_for_line(self, expected: str, timeout: float = 30) -> None:
        """Block until the child reports `expected` (it must be the next line)."""
        deadline = time.monotonic() + timeout
        buffer = b""
        while not buffer.endswith(b"\n"):
            if time.monotonic() > deadline:
                raise TimeoutError(expected)
            buffer += os.read(self.reader, 1)
        assert buffer.decode().strip() == expected, buffer


def fork(work: Callable[[Callable[[str], None]], None]) -> Child:
    """Run `work` in a forked child; it never returns into the test runner."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(reader)

            def report(line: str) -> None:
                os.write(writer, (line + "\n").encode())

            work(report)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(writer)
    return Child(pid, reader)
