"""pytest plugin: the whole suite runs with no network (registered in tests/conftest.py).

Any test during which the program — this process or any Python process the test starts
(the CLI, the GUI) — opens a network socket or looks up a network name fails, even if the
program caught the error. See `guard_site/lipanel_network_guard.py` for how.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Generator
from pathlib import Path

import pytest

GUARD_SITE = Path(__file__).with_name("guard_site")
if str(GUARD_SITE) not in sys.path:
    sys.path.insert(0, str(GUARD_SITE))

import lipanel_network_guard as guard  # noqa: E402

_created: list[Path] = []


def pytest_configure(config: pytest.Config) -> None:
    folder = Path(tempfile.mkdtemp(prefix="lipanel-no-network-"))
    _created.append(folder)
    os.environ[guard.REPORTS_ENV] = str(folder)
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != str(GUARD_SITE)]
    os.environ["PYTHONPATH"] = os.pathsep.join([str(GUARD_SITE), *paths])
    guard.install(folder)


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in _created:
        shutil.rmtree(folder, ignore_errors=True)
    _created.clear()


def _subprocess_reports() -> set[Path]:
    folder = guard.report_dir()
    return set(folder.glob("*.txt")) if folder is not None and folder.is_dir() else set()


def _own_pid(path: Path) -> bool:
    return path.name.split("-", 1)[0] == str(os.getpid())


def _guarded(phase: str) -> Generator[None, object, object]:
    position = guard.mark()
    before = _subprocess_reports()
    try:
        return (yield)
    finally:
        found = guard.since(position)
        for path in sorted(_subprocess_reports() - before):
            if not _own_pid(path):  # this process's own are already in `found`
                found.append(path.read_text(encoding="utf-8", errors="replace"))
            path.unlink(missing_ok=True)
        if found:
            pytest.fail(f"The program used the network during {phase}: " + "; ".join(found), pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, object, object]:
    return (yield from _guarded("set-up"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    return (yield from _guarded("the test"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, object, object]:
    return (yield from _guarded("tear-down"))
