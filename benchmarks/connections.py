"""Connections for floors that must match how the program reads."""

from __future__ import annotations

from typing import Any


class UntimedConnection:
    """A floor's keyed connection opened in the untimed set-up (as the register opens the
    store's held connection after unlocking), and closed at the next set-up or at the end,
    so the timed part is only the floor's first read on it."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._open: list[Any] = []

    def fresh(self) -> Any:
        self.close()
        self._open.append(self.store.raw_connection())
        return self._open[-1]

    def close(self) -> None:
        while self._open:
            self._open.pop().close()
