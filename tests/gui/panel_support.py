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
    """Pick the choice whose stored code is `code` with the keyboard, as a user without a
    mouse would: Home, then Down until it is the current one."""
    from PySide6.QtTest import QTest

    index = combo.findData(code)
    if index < 0:
        index = combo.findText(code)
    assert index >= 0, code
    assert combo.isEnabled(), f"{combo.accessibleName()} is disabled"
    QTest.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentIndex() == index:
            break
        QTest.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentIndex() == index, (code, combo.currentText())


def tick_only(view: Any, *names: str) -> None:
    """In a list of tick boxes, tick exactly the rows named, by keyboard: Home, then Down
    through the rows, Space on each row whose tick must change."""
    from PySide6.QtTest import QTest

    QTest.keyClick(view, Qt.Key.Key_Home)
    for row in range(view.count()):
        if row:
            QTest.keyClick(view, Qt.Key.Key_Down)
        item = view.item(row)
        assert view.currentRow() == row, (row, view.currentRow())
        if (item.checkState() == Qt.CheckState.Checked) != (item.text() in names):
            QTest.keyClick(view, Qt.Key.Key_Space)
    assert {view.item(r).text() for r in range(view.count())
            if view.item(r).checkState() == Qt.CheckState.Checked} == set(names)


def give_focus(qtbot: Any, widget: QWidget) -> None:
    """Bring the window to the front and put the keyboard focus on `widget` (a widget's
    own keys, such as Enter on a list, need it)."""
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)


def reveal(qtbot: Any, widget: QWidget) -> None:
    """Click the tabs that hide `widget`, outermost first, as a user would to reach it."""
    from PySide6.QtWidgets import QTabWidget

    chain = []
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QTabWidget):
            chain.append(parent)
        parent = parent.parentWidget()
    for tabs in reversed(chain):
        index = next(i for i in range(tabs.count()) if tabs.widget(i) is widget or tabs.widget(i).isAncestorOf(widget))
        if tabs.currentIndex() != index:
            bar = tabs.tabBar()
            qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
        assert tabs.currentIndex() == index


def click(qtbot: Any, button: Any) -> Callable[[], None]:
    """A trigger for `in_dialog`: click the button that opens the dialog (first clicking
    the tab it is on)."""
    reveal(qtbot, button)
    assert button.isVisible() and button.isEnabled(), button.text()
    return lambda: qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


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
