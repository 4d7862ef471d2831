"""Helpers for the calendar, meeting, decision, review and dashboard GUI tests: drive
modal dialogs by typing into them, as a user would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """Select what is in a field and type over it."""
    target = widget.focusProxy() or widget
    target.setFocus()
    if hasattr(target, "selectAll"):
        target.selectAll()
    qtbot.keyClicks(target, text)


def in_dialog(qtbot: Any, trigger: Callable[[], None], fill: Callable[[Any], None], *, ok: bool = True) -> Any:
    """Open a modal dialog with `trigger`, let `fill` work in it, then press OK.
    Returns the dialog; it is cancelled if still open (a refused form never hangs)."""
    seen: list[Any] = []

    def handle() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog) or dialog in seen:
            QTimer.singleShot(20, handle)
            return
        seen.append(dialog)
        fill(dialog)
        if ok:
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen.append(dialog.problems.text() if dialog.isVisible() else "")
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(0, handle)
    trigger()
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
    return seen[0]


def choose(combo: Any, code: str) -> None:
    index = combo.findData(code)
    assert index >= 0, code
    combo.setCurrentIndex(index)
