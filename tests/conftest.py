"""Test configuration shared by the whole suite.

- Qt runs offscreen; each test gets fresh data, config and log folders in a temp folder.
- Key derivation uses the fast test parameters (LIPANEL_TEST_KDF=fast) except where a test
  asks for the real ones; `verify` flags such slots as weak.
- Stores are real SQLCipher databases in a temp folder: no mocks of our own storage.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("LIPANEL_TEST_KDF", "fast")

from lipanel_desktop.services.database import create_database  # noqa: E402
from lipanel_desktop.storage.store import Store  # noqa: E402

pytest_plugins = ["tests.proofs.network_guard"]  # no test may use the network (issue 8)

ADMIN = "admin"
ADMIN_PASSWORD = "Correct-Horse-Battery-9"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("home")
    for name, sub in (("LIPANEL_DATA_DIR", "data"), ("LIPANEL_LOG_DIR", "logs"), ("XDG_CONFIG_HOME", "config")):
        (home / sub).mkdir()
        monkeypatch.setenv(name, str(home / sub))
    yield home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "panel.lipanel-db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """A new, empty, unlocked database with one administrator and the default lists."""
    s = create_database(db_path, ADMIN, ADMIN_PASSWORD)
    yield s
    s.close()


def run_admin(*args: str, stdin: str = "", env: dict[str, str] | None = None, timeout: float = 120):
    """The real `lipanel-admin`, as a subprocess."""
    import subprocess

    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "lipanel_desktop.cli", *map(str, args)],
        input=stdin.encode("utf-8"),
        capture_output=True,
        env=full_env,
        timeout=timeout,
        cwd=str(ROOT),
    )
