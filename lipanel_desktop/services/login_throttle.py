"""Growing delays after repeated wrong passwords, kept across restarts.

Guessing is slow anyway (each try costs an Argon2id derivation), but a delay that grows
with each failure and survives closing the program makes a guessing run at the keyboard
hopeless. The file lives in the data folder and holds no record content and no names:
each entry is keyed by a SHA-256 of the database's path and the user name.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lipanel_desktop.settings import data_dir
from lipanel_desktop.storage.atomic_file import replace_atomically

FILE_NAME = "login-delays.json"
#: Failures allowed before any delay, then the delay doubles from FIRST_DELAY up to MAX_DELAY.
FREE_TRIES = 3
FIRST_DELAY = 2.0
MAX_DELAY = 300.0
#: A record untouched this long is forgotten (the next failure starts again).
FORGET_AFTER = 24 * 3600.0
_MAX_ENTRIES = 500


@dataclass(frozen=True)
class Attempts:
    failures: int
    wait_seconds: float


def delay_after(failures: int) -> float:
    if failures < FREE_TRIES:
        return 0.0
    return min(FIRST_DELAY * 2 ** (failures - FREE_TRIES), MAX_DELAY)


def throttle_key(database: Path, user: str) -> str:
    path = os.path.normcase(os.path.abspath(database))
    return hashlib.sha256(f"{path}\0{user.strip().casefold()}".encode("utf-8")).hexdigest()


class LoginThrottle:
    def __init__(self, folder: Path | None = None, clock: Callable[[], float] = time.time) -> None:
        self.path = (folder or data_dir()) / FILE_NAME
        self.clock = clock

    def _load(self) -> dict[str, dict[str, float]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        now = self.clock()
        kept = {}
        for key, entry in data.items():
            if (
                isinstance(entry, dict)
                and isinstance(entry.get("failures"), int)
                and isinstance(entry.get("last"), (int, float))
                and now - entry["last"] < FORGET_AFTER
            ):
                kept[key] = entry
        return kept

    def _save(self, data: dict[str, dict[str, float]]) -> None:
        newest = dict(sorted(data.items(), key=lambda kv: kv[1]["last"], reverse=True)[:_MAX_ENTRIES])
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            replace_atomically(self.path, json.dumps(newest).encode("utf-8"))
        except OSError:
            pass  # a read-only profile only loses the delay, never the ability to unlock

    def check(self, database: Path, user: str) -> Attempts:
        """How many failures so far and how long the user must still wait."""
        entry = self._load().get(throttle_key(database, user))
        if entry is None:
            return Attempts(0, 0.0)
        failures = int(entry["failures"])
        ready_at = entry["last"] + delay_after(failures)
        return Attempts(failures, max(0.0, ready_at - self.clock()))

    def record_failure(self, database: Path, user: str) -> Attempts:
        data = self._load()
        key = throttle_key(database, user)
        failures = int(data.get(key, {}).get("failures", 0)) + 1
        data[key] = {"failures": failures, "last": self.clock()}
        self._save(data)
        return Attempts(failures, delay_after(failures))

    def record_success(self, database: Path, user: str) -> None:
        data = self._load()
        if data.pop(throttle_key(database, user), None) is not None:
            self._save(data)
