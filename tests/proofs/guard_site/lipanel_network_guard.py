"""No network, ever: an audit hook that blocks and records any network socket.

Python raises an audit event before it creates a socket, resolves a name, connects, binds
or sends (PEP 578). The hook here lets Unix-domain sockets through (they never leave the
machine) and refuses everything else: the call fails with `NetworkBlocked`, and the
attempt is recorded — in memory for this process, and as a file in the report folder so
that the test suite notices it in a subprocess (the CLI, the GUI) too. Recording is what
makes the proof hold: code that swallowed the error would still fail its test.

Standalone (no project imports): `sitecustomize.py` beside it installs it in every Python
process the test suite starts, through PYTHONPATH.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import traceback
from pathlib import Path

REPORTS_ENV = "LIPANEL_NETWORK_GUARD_REPORTS"
_NAME_LOOKUPS = frozenset(
    {
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "socket.getnameinfo",
    }
)
_ADDRESSED = frozenset({"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"})
_LOCAL_FAMILIES = frozenset({getattr(socket, "AF_UNIX", 1), -1})


class NetworkBlocked(OSError):
    """The program tried to use the network; the test suite forbids it."""


_lock = threading.Lock()
_violations: list[str] = []
_report_dir: Path | None = None
_installed = False
_inside = threading.local()


def _where() -> str:
    frames = traceback.extract_stack()[:-3]
    return " <- ".join(f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames[-6:]))


def _violation(what: str) -> None:
    text = f"{what} (process {os.getpid()}, at {_where()})"
    with _lock:
        _violations.append(text)
        number = len(_violations)
        folder = _report_dir
    if folder is not None:
        try:
            with open(folder / f"{os.getpid()}-{number}.txt", "w", encoding="utf-8") as out:
                out.write(text)
        except OSError:
            pass
    raise NetworkBlocked(f"The test suite forbids network use: {what}")


def _is_local_address(address: object) -> bool:
    return isinstance(address, (str, bytes))


def _hook(event: str, args: tuple) -> None:
    if not event.startswith("socket.") or getattr(_inside, "busy", False):
        return
    _inside.busy = True
    try:
        if event == "socket.__new__":
            family = args[1]
            if family not in _LOCAL_FAMILIES:
                _violation(f"opened a network socket (family {family})")
        elif event in _NAME_LOOKUPS:
            _violation(f"looked up a network name ({event})")
        elif event in _ADDRESSED:
            sock, address = args[0], args[1] if len(args) > 1 else None
            family = getattr(sock, "family", None)
            if family not in _LOCAL_FAMILIES and not _is_local_address(address):
                _violation(f"used a network socket ({event})")
    finally:
        _inside.busy = False


def install(report_dir: Path | None = None) -> None:
    """Install once per process; later calls only change where reports go."""
    global _installed, _report_dir
    with _lock:
        if report_dir is not None:
            _report_dir = Path(report_dir)
        if _installed:
            return
        _installed = True
    sys.addaudithook(_hook)


def install_from_environment() -> None:
    folder = os.environ.get(REPORTS_ENV)
    if folder and Path(folder).is_dir():
        install(Path(folder))


def mark() -> int:
    """A position in this process's record, for `since`."""
    with _lock:
        return len(_violations)


def since(position: int) -> list[str]:
    with _lock:
        return list(_violations[position:])


def take(position: int) -> list[str]:
    """Remove and return what was recorded since `position` (for the guard's own proof)."""
    with _lock:
        found = _violations[position:]
        del _violations[position:]
        return found


def report_dir() -> Path | None:
    return _report_dir
