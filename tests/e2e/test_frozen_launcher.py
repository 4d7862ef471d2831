"""The frozen desktop program's launcher (`packaging/launchers/lipanel.py`), run from the
virtual environment (no build needed): what happens when the program fails to start, and
the start-up report IT can switch on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = ROOT / "packaging" / "launchers" / "lipanel.py"
SECRET = "Pretend-Child-Ffion-Example"


def _launch(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(LAUNCHER), *args], capture_output=True, text=True, env=env, timeout=timeout, cwd=ROOT)


def _broken_program(tmp_path: Path) -> dict[str, str]:
    """A `lipanel_desktop` whose `app.main` fails with record content in its message; the
    rest of the package (the crash log) is the real one."""
    fake = tmp_path / "fake" / "lipanel_desktop"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(f"__version__ = '0.0.0'\n__path__.append({str(ROOT / 'lipanel_desktop')!r})\n")
    (fake / "app.py").write_text(f"def main():\n    raise ValueError('no address for {SECRET}')\n")
    paths = [str(tmp_path / "fake"), *[p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "QT_QPA_PLATFORM": "offscreen"}


def test_a_program_error_at_start_is_one_plain_line_and_a_content_free_log(tmp_path: Path) -> None:
    env = _broken_program(tmp_path)

    done = _launch(env=env)

    assert done.returncode == 3
    assert done.stderr.strip().splitlines() == [
        f"lipanel: LIPanel stopped because of a program error. Nothing was changed. Details without record "
        f"content are in {Path(os.environ['LIPANEL_LOG_DIR']) / 'lipanel-errors.log'}."
    ]
    log = (Path(os.environ["LIPANEL_LOG_DIR"]) / "lipanel-errors.log").read_text(encoding="utf-8")
    assert "builtins.ValueError" in log and "app.py" in log
    assert SECRET not in log + done.stdout + done.stderr


def test_a_program_error_is_still_reported_when_no_log_can_be_written(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the log folder should be")
    env = {**_broken_program(tmp_path), "LIPANEL_LOG_DIR": str(blocked / "logs")}

    done = _launch(env=env)

    assert done.returncode == 3
    assert done.stderr.strip() == (
        "lipanel: LIPanel stopped because of a program error. Nothing was changed. No error log could be written."
    )
    assert blocked.read_text() == "a file where the log folder should be"


def test_help_is_argparse_s_and_starts_no_window(tmp_path: Path) -> None:
    done = _launch("--help", env={**os.environ, "LIPANEL_REPORT_STARTUP": "1", "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0
    assert "--demo" in done.stdout and "window shown" not in done.stderr


def test_a_wrong_argument_is_one_usage_message_not_a_program_error(tmp_path: Path) -> None:
    done = _launch("--no-such-option", env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 2
    assert "unrecognized arguments: --no-such-option" in done.stderr
    assert "program error" not in done.stderr and "Traceback" not in done.stderr
