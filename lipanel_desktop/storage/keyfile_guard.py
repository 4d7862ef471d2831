"""Putting the key file back if it disappears while the database is open.

Losing the sidecar loses the data: without it nobody can unlock the database again. The
program that has the database open holds a copy of the file as it was (it is no more
secret in memory than on disk: every slot in it is wrapped by its user's password), and
writes it back — whole, atomically — when the file goes missing or is damaged. A file
changed for a good reason (an administrator added a user with `lipanel-admin`) is
recognised as still belonging to this database and becomes the new copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lipanel_desktop.errors import KnownError
from lipanel_desktop.storage.atomic_file import replace_atomically
from lipanel_desktop.storage.keyslots import KeyFile, sidecar_path


@dataclass(frozen=True)
class KeyFileCheck:
    #: "ok", "adopted" (changed by someone else, still ours), "restored", or "failed".
    outcome: str
    words: str = ""


class KeyFileGuard:
    def __init__(self, database: Path, database_id: str) -> None:
        self.path = sidecar_path(Path(database))
        self.database_id = database_id
        self._copy = self.path.read_bytes()
        KeyFile.from_bytes(self._copy)  # refuse to guard something that is not a key file

    def _ours(self, data: bytes) -> bool:
        try:
            return KeyFile.from_bytes(data).database_id == self.database_id
        except KnownError:
            return False

    def check(self) -> KeyFileCheck:
        """Compare the file with the copy; put the copy back if the file is gone or damaged."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            data = None
        except OSError:
            return KeyFileCheck("ok")  # unreadable for a moment (a share reconnecting): look again later
        if data == self._copy:
            return KeyFileCheck("ok")
        if data is not None and self._ours(data):
            self._copy = data
            return KeyFileCheck("adopted")
        what = "was missing" if data is None else "was damaged or replaced by another database's"
        try:
            replace_atomically(self.path, self._copy)
        except OSError as exc:
            return KeyFileCheck(
                "failed",
                f"The key file {self.path.name} {what} and could not be written back ({exc.strerror}). "
                "Do not close LIPanel: make a backup now (it carries the key file), then ask IT to check the folder.",
            )
        return KeyFileCheck(
            "restored",
            f"The key file {self.path.name} {what}. LIPanel has put it back from its own copy, so the "
            "database can still be unlocked. Ask IT why it went.",
        )
