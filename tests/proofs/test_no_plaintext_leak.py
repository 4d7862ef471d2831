"""Proof: nothing from a record is written anywhere in plaintext.

The real program, in its own process with its own home, data, config, log, temporary and
working folders, runs a whole session (`leak_session.py`): unlock, a Form A whose child is
called by a marker name, more unsaved typing, print preview, a fault logged, copy, lock,
unlock, quit. Then every file under those folders — and any new file in the system's
temporary folders — is searched for the marker in UTF-8 (as typed, upper and lower case)
and UTF-16 (both byte orders). It is found nowhere; yet the encrypted database, opened with
the password, holds it (so the search could have found it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lipanel_desktop.models.referral import Referral
from lipanel_desktop.services.database import open_database
from tests.conftest import ADMIN, ADMIN_PASSWORD, ROOT

MARKER = "Zqxwv Leakmarker-Fictional"
_MAX_SCAN = 200 << 20


def needles(text: str) -> list[bytes]:
    forms = {text, text.lower(), text.upper(), text.split()[1]}
    found = []
    for form in forms:
        found += [form.encode("utf-8"), form.encode("utf-16-le"), form.encode("utf-16-be")]
    return found


def files_under(folder: Path, since: float = 0.0) -> list[Path]:
    found = []
    for base, _dirs, names in os.walk(folder, onerror=lambda _e: None):
        for name in names:
            path = Path(base) / name
            try:
                info = path.lstat()
            except OSError:
                continue
            if path.is_symlink() or not path.is_file() or info.st_size > _MAX_SCAN:
                continue
            if info.st_mtime >= since:
                found.append(path)
    return found


def containing(paths: list[Path], patterns: list[bytes]) -> list[Path]:
    hits = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if any(p in data for p in patterns):
            hits.append(path)
    return hits


def test_a_whole_gui_session_leaves_no_plaintext(tmp_path: Path) -> None:
    root = tmp_path / "session"
    folders = {name: root / name for name in ("home", "data", "config", "cache", "logs", "tmp", "runtime", "cwd")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    folders["runtime"].chmod(0o700)
    database = folders["data"] / "panel.lipanel-db"
    env = {
        **os.environ,
        "HOME": str(folders["home"]),
        "LIPANEL_DATA_DIR": str(folders["data"]),
        "LIPANEL_LOG_DIR": str(folders["logs"]),
        "XDG_CONFIG_HOME": str(folders["config"]),
        "XDG_CACHE_HOME": str(folders["cache"]),
        "XDG_DATA_HOME": str(folders["home"] / ".local" / "share"),
        "XDG_RUNTIME_DIR": str(folders["runtime"]),
        "TMPDIR": str(folders["tmp"]),
        "TEMP": str(folders["tmp"]),
        "TMP": str(folders["tmp"]),
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    started = time.time() - 1
    result = subprocess.run(
        [sys.executable, "-m", "tests.proofs.leak_session", str(database), MARKER],
        capture_output=True,
        text=True,
        env=env,
        cwd=str(folders["cwd"]),
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    done = json.loads(result.stdout.strip().splitlines()[-1])
    assert done == {
        "unlocked": True, "saved": True, "previewed": True, "copied": True, "locked": True,
        "clipboard_cleared": True, "unlocked_again": True, "draft_back": True, "draft_in_database": True, "sockets": [],
        "closed": True, "lock_released": True, "held_count": 0,
    }
    assert MARKER not in result.stdout + result.stderr

    written = files_under(root)
    system_temp = [p for folder in {Path(tempfile.gettempdir()), Path("/dev/shm")} if folder.is_dir()
                   for p in files_under(folder, since=started) if root not in p.parents]
    assert containing(written + system_temp, needles(MARKER)) == []

    # The search would have found it: the names are in the files, encrypted.
    log = folders["logs"] / "lipanel-errors.log"
    assert "builtins.ValueError" in log.read_text("utf-8")  # the fault was logged, without its message
    settings_file = folders["config"] / "LIPanel" / "lipanel.ini"
    assert settings_file.exists()
    with open_database(database, ADMIN, ADMIN_PASSWORD) as store:
        with store.read_session() as s:
            names = [r.child_full_name for r in s.query(Referral)]
    assert names == [MARKER]
