"""Form-wide undo and redo (Ctrl+Z, Ctrl+Y): each change of a field is one step, and
typing in the same field runs together into one step, as in a word processor.

Line edits keep an undo stack of their own that would swallow Ctrl+Z; `FormKeys` hands
those keys to the window's Undo and Redo instead, so one stack covers the whole form
(text, tick boxes, household rows and all)."""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoCommand

_ids: dict[str, int] = {}


def _command_id(key: str) -> int:
    return _ids.setdefault(key, 1000 + len(_ids))


class FieldEdit(QUndoCommand):
    def __init__(self, key: str, label: str, before: Any, after: Any, apply: Callable[[str, Any], None]) -> None:
        super().__init__(f"change to {label}")
        self.key = key
        self.before = deepcopy(before)
        self.after = deepcopy(after)
        self.apply = apply
        self._first = True

    def id(self) -> int:  # noqa: A003 (Qt's name)
        return _command_id(self.key)

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not isinstance(other, FieldEdit) or other.key != self.key:
            return False
        self.after = deepcopy(other.after)
        return True

    def redo(self) -> None:
        if self._first:  # the value is already in the field: it was just typed
            self._first = False
            return
        self.apply(self.key, self.after)

    def undo(self) -> None:
        self.apply(self.key, self.before)


_UNDO_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


class FormKeys(QObject):
    """Event filter: Ctrl+Z / Ctrl+Y in a field go to the form's undo stack."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if any(event.matches(key) for key in _UNDO_KEYS) or _is_ctrl_y(event):
                event.ignore()
                return True  # not accepted: the window's shortcut runs instead
        return False


def _is_ctrl_y(event: QKeyEvent) -> bool:
    from PySide6.QtCore import Qt

    return event.key() == Qt.Key.Key_Y and event.modifiers() == Qt.KeyboardModifier.ControlModifier
