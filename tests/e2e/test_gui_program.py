"""`lipanel` as a program (through the launcher the frozen build uses, which reports its
first painted window with `LIPANEL_REPORT_STARTUP=1`): it starts to its unlock screen,
ends cleanly on SIGTERM, and `--demo` leaves nothing behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


LAUNCHER = ROOT / "packaging" / "launchers" / "lipanel.py"


def launch(*args: str, tmp: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LIPANEL_REPORT_STARTUP": "1", "TMPDIR": str(tmp)}
    return subprocess.Popen(
        [sys.executable, str(LAUNCHER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=str(ROOT),
        text=True,
    )


def wait_ready(program: subprocess.Popen[str]) -> None:
    assert program.stderr is not None
    for line in program.stderr:
        if "window shown after" in line:
            return
    raise AssertionError("the program ended before its window showed")


def finish(program: subprocess.Popen[str]) -> str:
    """Wait for the end (killing a program that hangs) and return what it wrote on stderr."""
    try:
        _out, err = program.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        program.kill()
        _out, err = program.communicate()
    return err


def test_the_program_starts_to_its_unlock_screen_and_ends_on_sigterm(tmp_path: Path) -> None:
    program = launch("--db", str(tmp_path / "none.lipanel-db"), tmp=tmp_path)
    try:
        wait_ready(program)
        program.send_signal(signal.SIGTERM)
    finally:
        stderr = finish(program)
    assert program.returncode == 0
    assert "Traceback" not in stderr


def test_demo_mode_deletes_its_database_when_it_ends(tmp_path: Path) -> None:
    program = launch("--demo", "--demo-referrals", "40", tmp=tmp_path)
    try:
        wait_ready(program)
        folders = list(tmp_path.glob("lipanel-demo-*"))
        assert len(folders) == 1 and (folders[0] / "demo.lipanel-db").exists()
        program.send_signal(signal.SIGTERM)  # as at log-off
    finally:
        stderr = finish(program)
    assert program.returncode == 0, stderr
    assert not list(tmp_path.glob("lipanel-demo-*"))
    assert "Traceback" not in stderr


def test_bad_arguments_get_a_plain_message(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lipanel_desktop", "--no-such-option"],
        capture_output=True, text=True, cwd=str(ROOT), timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 2
    assert "unrecognized arguments" in result.stderr and "Traceback" not in result.stderr
