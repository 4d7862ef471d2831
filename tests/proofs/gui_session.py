"""Helpers for driving the real main window in the security tests: build it with its
session guard, unlock it by typing as a user would, and a clock the tests move by hand."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from lipanel_desktop.views import msgbox
from lipanel_desktop.views.idle_lock import SessionGuard
from lipanel_desktop.views.main_window import MainWindow
from tests.conftest import ADMIN, ADMIN_PASSWORD


class FakeClock:
    """Monotonic and wall-clock time that only move when told."""

    def __init__(self) -> None:
        self.mono = 1000.0
        self.now = 1_800_000_000.0

    def monotonic(self) -> float:
        return self.mono

    def wall(self) -> float:
        return self.now

    def advance(self, seconds: float, *, asleep: bool = False) -> None:
        """Time passes; while asleep, Linux's monotonic clock stands still."""
        if not asleep:
            self.mono += seconds
        self.now += seconds


def pass_time(guard: SessionGuard, clock: FakeClock, seconds: int) -> None:
    """Awake time passing, with the one-second ticks the real timer would make."""
    for _ in range(seconds):
        clock.advance(1)
        guard.idle.tick()


def make_window(qtbot, database: Path, clock: FakeClock | None = None) -> tuple[MainWindow, SessionGuard]:  # type: ignore[no-untyped-def]
    # Not given to qtbot: it would close the window before our fixtures, and a window
    # with unsaved typing would then ask a question nobody answers.
    window = MainWindow(database=database)
    guard = window.guard
    if clock is not None:
        guard.idle.use_clocks(clock.monotonic, clock.wall)
    window.show()
    qtbot.waitExposed(window)
    return window, guard


def unlock(qtbot, window: MainWindow, user: str = ADMIN, password: str = ADMIN_PASSWORD) -> None:  # type: ignore[no-untyped-def]
    screen = window.unlock_screen
    if not screen.locked_mode:
        screen.user.clear()
        qtbot.keyClicks(screen.user, user)
    screen.password.clear()
    qtbot.keyClicks(screen.password, password)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked, timeout=20_000)


def close_all_windows() -> None:
    """Close every main window a test left open, answering no question."""
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            close_quietly(widget)
        if isinstance(widget, MainWindow):
            widget.deleteLater()


def close_quietly(window: MainWindow) -> None:
    """Close at the end of a test without any question being shown."""
    msgbox.reset()
    if not window.is_locked:
        for _ in range(3):
            msgbox.set_next_answer(msgbox.Answer.NO)
    window.close()
    msgbox.reset()
