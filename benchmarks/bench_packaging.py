"""Issue 9's figures: the frozen program in `dist/lipanel/` against the same program run
from the virtual environment.

- `lipanel-admin --help`: the frozen executable against the `.venv` console script;
- `lipanel --demo` until its window is painted (offscreen; it builds its demo database of
  120 fictional referrals with the real key derivation first): the frozen executable
  against `packaging/launchers/lipanel.py` run by the `.venv`'s Python, the same code the
  `lipanel` console script runs. Timed from starting the process to the line the launcher
  prints when `LIPANEL_REPORT_STARTUP=1` (see that file);
- the folder's size on disk, against the files of the same packages installed in the
  virtual environment (the program's dependencies, recursively; not Python itself).

Needs a build (`make package`); without one, this module says so and measures nothing.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

from benchmarks.run import Harness

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dist" / "lipanel"
EXE = ".exe" if sys.platform == "win32" else ""
VENV_BIN = Path(sys.executable).parent
WINDOW_SHOWN = re.compile(r"lipanel: window shown after \d+ ms")


def _run_help(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def _until_window(command: list[str], folder: Path) -> float:
    """Seconds from starting `command` to its first painted window; then it is ended."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LIPANEL_REPORT_STARTUP": "1",
           "TMPDIR": str(folder), "TEMP": str(folder), "TMP": str(folder), "XDG_CONFIG_HOME": str(folder)}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if WINDOW_SHOWN.search(line):
                return time.perf_counter() - started
        raise RuntimeError(f"{command[0]} ended before showing a window (exit {process.wait()})")
    finally:
        process.kill()
        process.wait(timeout=30)


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _installed_size(distribution: str) -> int:
    """Bytes of the files of `distribution` and everything it requires (no extras)."""
    seen: set[str] = set()
    pending = [distribution]
    total = 0
    while pending:
        name = re.split(r"[\s;<>=!~\[(]", pending.pop(), maxsplit=1)[0].lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        total += sum(f.locate().stat().st_size for f in dist.files or [] if f.locate().is_file())
        pending += [r for r in dist.requires or [] if "extra ==" not in r]
    return total


def run(h: Harness) -> None:
    if not (APP / f"lipanel-admin{EXE}").is_file():
        print("  (no build in dist/lipanel: run `make package` first; nothing measured)")
        return
    h.measure(
        "lipanel-admin --help, frozen",
        lambda: _run_help([str(APP / f"lipanel-admin{EXE}"), "--help"]),
        floor=("lipanel-admin --help from .venv", lambda: _run_help([str(VENV_BIN / f"lipanel-admin{EXE}"), "--help"])),
        repeat=5,
    )
    if h.wanted("lipanel --demo to window shown, frozen"):
        folder = h.folder("demo")
        frozen_command = [str(APP / f"lipanel{EXE}"), "--demo"]
        venv_command = [sys.executable, str(ROOT / "packaging" / "launchers" / "lipanel.py"), "--demo"]
        frozen: list[float] = []
        venv: list[float] = []
        for _ in range(1 if h.quick else 3):  # interleaved, so a busy machine hits both alike
            frozen.append(_until_window(frozen_command, folder))
            venv.append(_until_window(venv_command, folder))
        h.record(
            "lipanel --demo to window shown, frozen",
            statistics.median(frozen),
            floor=("lipanel --demo from .venv", statistics.median(venv)),
            note=f"runs: frozen {', '.join(f'{x:.2f}' for x in frozen)} s; venv {', '.join(f'{x:.2f}' for x in venv)} s",
        )
    h.record(
        "dist/lipanel folder size",
        _folder_size(APP),
        unit="bytes",
        floor=("the same packages in .venv", _installed_size("lipanel-desktop")),
    )
