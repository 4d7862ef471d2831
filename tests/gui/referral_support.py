"""Helpers for the application's GUI tests: a real main window on a real encrypted
database, unlocked by typing, and ways to type into Form A as a user would."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from lipanel_desktop.views import msgbox
from lipanel_desktop.views.main_window import MainWindow
from tests.conftest import ADMIN, ADMIN_PASSWORD


def unlock(qtbot: Any, window: MainWindow, user: str = ADMIN, password: str = ADMIN_PASSWORD) -> None:
    screen = window.unlock_screen
    if not screen.locked_mode:
        screen.user.clear()
        qtbot.keyClicks(screen.user, user)
    screen.password.clear()
    qtbot.keyClicks(screen.password, password)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)


def open_window(qtbot: Any, db_path: Path, *, user: str = ADMIN, password: str = ADMIN_PASSWORD,
                demo_login: tuple[str, str] | None = None) -> MainWindow:
    # Not handed to qtbot.addWidget: pytest-qt would close it before our fixtures run,
    # and a window with unsaved typing asks a question on close. `close_quietly` closes it.
    window = MainWindow(database=db_path, demo_login=demo_login)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # window shortcuts (Ctrl+L, Ctrl+N, …) need the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    unlock(qtbot, window, user, password)
    assert not window.is_locked, window.unlock_screen.message.text()
    return window


def close_quietly(window: MainWindow) -> None:
    """Close without questions: throw away unsaved typing first."""
    msgbox.reset()
    if not window.is_locked:
        for page in window.host.pages().values():
            page.discard_changes()
    window.close()
    window.deleteLater()


@pytest.fixture
def window(qtbot: Any, store: Any, db_path: Path) -> Iterator[MainWindow]:
    msgbox.reset()
    w = open_window(qtbot, db_path)
    yield w
    close_quietly(w)
    msgbox.reset()


def type_into(qtbot: Any, widget: QWidget, text: str) -> None:
    """Click into a field, select what is there and type over it."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        qtbot.keyClicks(widget, text)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Delete)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget
