"""`make package`: build the one-folder program `dist/lipanel/` from the hash-locked
dependencies in `requirements/build.lock`.

Why a separate environment (`build/venv`): the developers' `.venv` is an editable install
that drifts with whatever was installed by hand; a release must contain exactly the pinned,
hash-checked versions and nothing else. The environment is rebuilt whenever the lock
changes (its SHA-256 is kept in `build/venv/lock.sha256`).

Steps: (1) the build environment, from PyPI only, every download checked against the
lock's hashes; (2) PyInstaller on `packaging/lipanel.spec` with a fixed hash seed and
timestamp so that two builds of one commit agree; (3) `dist/lipanel.manifest`, the sorted
list of the folder's files with sizes and SHA-256 (see `packaging/manifest.py`).
The frozen smoke test (`tests/e2e/test_frozen_smoke.py`) is run by `make package` after this.

Runs on Linux (here) and on the Windows build machine (`py -3.11 packaging\\build.py`).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "build.lock"
SPEC = ROOT / "packaging" / "lipanel.spec"
BUILD = ROOT / "build"
VENV = BUILD / "venv"
WORK = BUILD / "pyinstaller"
DIST = ROOT / "dist"
APP = DIST / "lipanel"
MANIFEST = DIST / "lipanel.manifest"
#: A digest of everything the build was made from; the frozen smoke test compares it with
#: the source tree, so that it never passes by testing an older build.
SOURCE_STAMP = DIST / "lipanel.source-digest"
SOURCE_PARTS = ("lipanel_desktop", "resources", "packaging", "requirements/build.lock", "pyproject.toml")
PYPI = "https://pypi.org/simple"
PYTHON_SERIES = (3, 11)

#: Installed first, from the lock, so that the build backend of any dependency published
#: only as source is itself pinned and hashed (pip's isolated builds would fetch it unchecked).
BUILD_BACKEND = ("setuptools", "wheel")
#: Dependencies published only as source (a pure-Python package built locally); every
#: other dependency must come as a wheel, so nothing else is compiled on the build machine.
SOURCE_ONLY = ("pyaes",)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def lock_digest() -> str:
    return hashlib.sha256(LOCK.read_bytes()).hexdigest()


def pip_environment() -> dict[str, str]:
    """Ignore every pip setting of this machine (mirrors, extra indexes, find-links): PyPI only."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def lock_entries(names: tuple[str, ...]) -> str:
    """The lock's entries (requirement line and its hashes) for the given package names."""
    wanted = {n.lower() for n in names}
    kept: list[str] = []
    keeping = False
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            keeping = line.split("==", 1)[0].strip().lower() in wanted
        if keeping and not line.lstrip().startswith("#"):
            kept.append(line)
    found = {line.split("==", 1)[0].strip().lower() for line in kept if not line[0].isspace()}
    missing = wanted - found
    if missing:
        raise SystemExit(f"build: {LOCK.name} has no entry for {', '.join(sorted(missing))}; regenerate it")
    return "\n".join(kept) + "\n"


def pip(*args: str) -> None:
    command = [str(venv_python()), "-m", "pip", "install", "--index-url", PYPI, "--require-hashes", *args]
    subprocess.run(command, check=True, env=pip_environment())


def ensure_build_environment() -> None:
    stamp = VENV / "lock.sha256"
    if stamp.exists() and stamp.read_text(encoding="ascii").strip() == lock_digest():
        return
    print(f"build: creating {VENV.relative_to(ROOT)} from {LOCK.relative_to(ROOT)}", flush=True)
    shutil.rmtree(VENV, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    backend = BUILD / "build-backend.txt"
    backend.write_text(lock_entries(BUILD_BACKEND), encoding="utf-8")
    pip("--no-deps", "--only-binary", ":all:", "-r", str(backend))
    no_binary = [arg for name in SOURCE_ONLY for arg in ("--no-binary", name)]
    pip("--no-build-isolation", "--only-binary", ":all:", *no_binary, "-r", str(LOCK))
    stamp.write_text(lock_digest() + "\n", encoding="ascii")


def source_date_epoch() -> str:
    """The commit's time, so that timestamps PyInstaller writes do not depend on the day."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        done = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True)
        return done.stdout.strip() or "0"
    except (OSError, subprocess.CalledProcessError):
        return "0"


def run_pyinstaller() -> None:
    shutil.rmtree(WORK, ignore_errors=True)
    env = dict(os.environ, PYTHONHASHSEED="0", SOURCE_DATE_EPOCH=source_date_epoch())
    env.pop("PYTHONPATH", None)  # only the build environment and the source tree
    command = [
        str(venv_python()), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC),
    ]
    subprocess.run(command, check=True, env=env, cwd=ROOT)


def source_digest() -> str:
    """SHA-256 over the paths and contents of every file the build reads from the tree."""
    h = hashlib.sha256()
    for part in SOURCE_PARTS:
        path = ROOT / part
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            relative = file.relative_to(ROOT).as_posix()
            if "__pycache__" in file.parts or relative.endswith((".pyc", ".pyo")):
                continue
            h.update(relative.encode() + b"\0" + hashlib.sha256(file.read_bytes()).digest())
    return h.hexdigest()


def write_manifest() -> int:
    sys.path.insert(0, str(Path(__file__).parent))
    from manifest import folder_manifest  # packaging/manifest.py, beside this file

    entries = folder_manifest(APP)
    MANIFEST.write_text("".join(entry.line() + "\n" for entry in entries), encoding="utf-8")
    return sum(entry.size for entry in entries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--environment-only", action="store_true", help="prepare build/venv and stop")
    args = parser.parse_args(argv)
    if sys.version_info[:2] != PYTHON_SERIES:
        wanted = ".".join(map(str, PYTHON_SERIES))
        print(f"build: the release is built with Python {wanted}; this is {sys.version.split()[0]}. "
              f"Run it as `python{wanted} packaging/build.py` (or `make package PYTHON=python{wanted}`).", file=sys.stderr)
        return 2
    started = time.monotonic()
    try:
        ensure_build_environment()
        prepared = time.monotonic()
        if args.environment_only:
            return 0
        digest = source_digest()
        SOURCE_STAMP.unlink(missing_ok=True)
        run_pyinstaller()
    except subprocess.CalledProcessError as error:
        print(f"build: {Path(str(error.cmd[2 if len(error.cmd) > 2 else 0])).name} step failed (exit {error.returncode}); "
              "its messages are above. Nothing in dist/ is a finished build.", file=sys.stderr)
        return 1
    size = write_manifest()
    SOURCE_STAMP.write_text(digest + "\n", encoding="ascii")
    done = time.monotonic()
    print(
        f"build: {APP.relative_to(ROOT)} is {size / 1e6:.1f} MB in {len(MANIFEST.read_text().splitlines())} files; "
        f"environment {prepared - started:.0f} s, PyInstaller {done - prepared:.0f} s; "
        f"file list in {MANIFEST.relative_to(ROOT)}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
