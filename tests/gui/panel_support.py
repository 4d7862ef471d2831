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


def focusable(root: QWidget) -> list[QWidget]:
    """The visible, enabled widgets under `root` that Tab can reach."""
    from PySide6.QtWidgets import QScrollArea

    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or not widget.isEnabled() or isinstance(widget, QScrollArea):
            continue
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None:
            found.append(widget)
    return found


def unnamed_controls(root: QWidget) -> list[str]:
    """Controls a screen reader would announce without a name (none should be)."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QTabBar

    buddies = {label.buddy() for label in root.findChildren(QLabel) if label.buddy() is not None and label.text()}
    missing = []
    for widget in focusable(root):
        if isinstance(widget, QTabBar) or widget.accessibleName() or widget in buddies:
            continue
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
            continue
        missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def tab_walk(qtbot: Any, start: QWidget, root: QWidget, limit: int = 400) -> list[QWidget]:
    """Press Tab from `start` until focus comes back round (or leaves `root`); returns the
    widgets visited, in order."""
    start.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is start.window(), timeout=2000)
    start.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=2000)
    visited: list[QWidget] = [start]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is None or now is start or not root.isAncestorOf(now):
            break
        visited.append(now)
    return visited
