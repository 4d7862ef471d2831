"""Proof that the no-network guard works: it blocks and records a socket in this process
and in a subprocess, and a test that swallows the error still fails."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.proofs.network_guard import GUARD_SITE, guard

# TEST-NET-1 (RFC 5737): never routed, so even an unguarded attempt would go nowhere.
NOWHERE = ("192.0.2.1", 9)


def test_a_network_socket_in_this_process_is_blocked_and_recorded() -> None:
    start = guard.mark()
    with pytest.raises(guard.NetworkBlocked):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(OSError):
        socket.create_connection(NOWHERE, timeout=0.1)
    with pytest.raises(OSError):
        socket.getaddrinfo("example.invalid", 80)
    found = guard.take(start)  # taken, so this test itself passes
    assert len(found) == 3
    assert "opened a network socket" in found[0]
    assert "looked up a network name" in found[2]


def test_local_unix_sockets_are_allowed() -> None:
    start = guard.mark()
    left, right = socket.socketpair()
    left.close()
    right.close()
    assert guard.since(start) == []


def test_a_subprocess_is_guarded_too() -> None:
    before = set(guard.report_dir().glob("*.txt"))  # type: ignore[union-attr]
    code = "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 9), timeout=0.1)\nexcept OSError as e:\n    print(type(e).__name__)\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "NetworkBlocked"
    reports = set(guard.report_dir().glob("*.txt")) - before  # type: ignore[union-attr]
    assert len(reports) == 1
    assert "looked up a network name" in next(iter(reports)).read_text("utf-8")
    for path in reports:
        path.unlink()


def test_a_test_that_swallows_the_error_still_fails(tmp_path: Path) -> None:
    (tmp_path / "test_inner.py").write_text(
        textwrap.dedent(
            """
            import socket

            def test_sneaky():
                try:
                    socket.create_connection(("192.0.2.1", 9), timeout=0.1)
                except OSError:
                    pass

            def test_sneaky_subprocess():
                import subprocess, sys
                subprocess.run([sys.executable, "-c", "import socket\\ntry: socket.socket()\\nexcept OSError: pass"])

            def test_honest():
                assert 1 + 1 == 2
            """
        ),
        encoding="utf-8",
    )
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(GUARD_SITE)])}
    env.pop(guard.REPORTS_ENV, None)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "tests.proofs.network_guard", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=str(tmp_path),
        env=env,
        timeout=300,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "2 failed, 1 passed" in result.stdout
    assert "FAILED test_inner.py::test_sneaky - Failed: The program used the network" in result.stdout
    assert "FAILED test_inner.py::test_sneaky_subprocess" in result.stdout
