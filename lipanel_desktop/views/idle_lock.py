"""Locking on its own: after the organisation's idle time, when the computer wakes from
sleep, and when the operating system locks the session; a "Privacy screen" button; and
the clipboard cleared of anything copied from LIPanel whenever the window locks.

Everything goes through `MainWindow.lock()`, which keeps unsaved typing as encrypted
drafts, clears every page and drops the key. A lock that fires while a dialog is open
first closes the dialog (as Cancel), so nothing read from a record stays on screen.

Sleep is noticed without any operating-system help: a one-second timer that finds the wall
clock moved `SLEEP_GAP_SECONDS` more than the monotonic clock since its last tick knows the
machine was suspended (the monotonic clock stops during sleep on Linux and macOS; Windows
says so itself with WM_POWERBROADCAST). Session locks come from D-Bus on Linux (the screensaver's ActiveChanged and
logind's Lock and PrepareForSleep) and from WM_WTSSESSION_CHANGE / WM_POWERBROADCAST on
Windows; where neither exists, the idle lock still covers the gap.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractNativeEventFilter, QByteArray, QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QClipboard, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog, QToolBar, QWidget

from lipanel_desktop.crash_log import log_bug
from lipanel_desktop.views.style import resources_dir

if TYPE_CHECKING:
    from lipanel_desktop.storage.keyfile_guard import KeyFileGuard
    from lipanel_desktop.views.context import AppContext
    from lipanel_desktop.views.main_window import MainWindow

DEFAULT_MINUTES = 5
TICK_MS = 1000
SLEEP_GAP_SECONDS = 30.0
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)
REASONS = {
    "idle": "LIPanel locked itself after {minutes} without use.",
    "sleep": "LIPanel locked itself because the computer went to sleep.",
    "session": "LIPanel locked itself because the computer's session was locked.",
}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class ClipboardGuard(QObject):
    """Remembers a digest (never the text) of what was copied while LIPanel was in use,
    and clears the clipboard on lock if it still holds one of those."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ours: set[str] = set()
        self.clipboard = QGuiApplication.clipboard()
        self.clipboard.changed.connect(self._changed)

    def _changed(self, mode: QClipboard.Mode) -> None:
        text = self.clipboard.text(mode)
        if not text:
            return
        ours = self.clipboard.ownsClipboard() if mode == QClipboard.Mode.Clipboard else self.clipboard.ownsSelection()
        active = QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive
        if ours or active or QGuiApplication.focusWindow() is not None:
            self._ours.add(_digest(text))

    def forget(self) -> None:
        self._ours.clear()

    def clear_ours(self) -> bool:
        """Clear every clipboard that still holds text copied from LIPanel."""
        cleared = False
        modes = [QClipboard.Mode.Clipboard]
        if self.clipboard.supportsSelection():
            modes.append(QClipboard.Mode.Selection)
        for mode in modes:
            text = self.clipboard.text(mode)
            if text and _digest(text) in self._ours:
                self.clipboard.clear(mode)
                cleared = True
        self._ours.clear()
        return cleared


class _WindowsSessionFilter(QAbstractNativeEventFilter):  # pragma: no cover - Windows only
    """WM_WTSSESSION_CHANGE (lock) and WM_POWERBROADCAST (suspend) from Windows."""

    WM_WTSSESSION_CHANGE = 0x02B1
    WTS_SESSION_LOCK = 0x7
    WM_POWERBROADCAST = 0x0218
    PBT_APMSUSPEND = 0x4

    def __init__(self, on_lock: Callable[[str], None]) -> None:
        super().__init__()
        self.on_lock = on_lock

    def nativeEventFilter(self, event_type: QByteArray | bytes, message: int) -> object:  # noqa: N802
        if bytes(event_type) == b"windows_generic_MSG" and message:
            from ctypes import wintypes

            msg = wintypes.MSG.from_address(int(message))
            if msg.message == self.WM_WTSSESSION_CHANGE and msg.wParam == self.WTS_SESSION_LOCK:
                QTimer.singleShot(0, lambda: self.on_lock("session"))
            elif msg.message == self.WM_POWERBROADCAST and msg.wParam == self.PBT_APMSUSPEND:
                QTimer.singleShot(0, lambda: self.on_lock("sleep"))
        return False, 0


class OsLockWatcher(QObject):
    """Tells `on_lock` when the operating system locks the session or goes to sleep."""

    def __init__(self, window: QWidget, on_lock: Callable[[str], None]) -> None:
        super().__init__(window)
        self.on_lock = on_lock
        self.listening: list[str] = []
        self._filter: QAbstractNativeEventFilter | None = None
        if sys.platform == "win32":  # pragma: no cover
            self._watch_windows(window)
        elif sys.platform.startswith("linux"):
            self._watch_dbus()

    def _watch_windows(self, window: QWidget) -> None:  # pragma: no cover - Windows only
        try:
            ctypes.windll.wtsapi32.WTSRegisterSessionNotification(int(window.winId()), 0)  # NOTIFY_FOR_THIS_SESSION
            self._filter = _WindowsSessionFilter(self.on_lock)
            QApplication.instance().installNativeEventFilter(self._filter)  # type: ignore[union-attr]
            self.listening.append("windows")
        except (AttributeError, OSError):
            pass

    def _watch_dbus(self) -> None:
        """Only local (unix:) buses: a D-Bus address could point at a TCP port."""
        try:
            from PySide6.QtCore import SLOT
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            return
        session = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
        system = os.environ.get("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/run/dbus/system_bus_socket")
        buses = []
        if session.startswith("unix:"):
            buses.append(("session", session, [("org.freedesktop.ScreenSaver", "ActiveChanged", "b", "screensaver(bool)"),
                                               ("org.gnome.ScreenSaver", "ActiveChanged", "b", "screensaver(bool)")]))
        if system.startswith("unix:") and os.path.exists(system.partition("path=")[2].split(",")[0] or "/nonexistent"):
            buses.append(("system", system, [("org.freedesktop.login1.Session", "Lock", "", "session_locked()"),
                                             ("org.freedesktop.login1.Manager", "PrepareForSleep", "b", "sleeping(bool)")]))
        for kind, address, signals in buses:
            connection = QDBusConnection.connectToBus(address, f"lipanel-{kind}-{id(self)}")
            if not connection.isConnected():
                continue
            for interface, name, signature, slot in signals:
                if connection.connect("", "", interface, name, signature, self, SLOT(slot)):
                    self.listening.append(f"{kind}:{name}")

    @Slot(bool)
    def screensaver(self, active: bool) -> None:
        if active:
            self.on_lock("session")

    @Slot()
    def session_locked(self) -> None:
        self.on_lock("session")

    @Slot(bool)
    def sleeping(self, starting: bool) -> None:
        if starting:
            self.on_lock("sleep")


class IdleLock(QObject):
    """Locks the window after `minutes` without keyboard or mouse input, after sleep,
    and when the OS session locks."""

    #: Emitted after a lock this object caused: "idle", "sleep" or "session".
    locked_because = Signal(str)

    def __init__(
        self,
        window: "MainWindow",
        *,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        tick_ms: int = TICK_MS,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.clock, self.wall = clock, wall
        self.minutes = DEFAULT_MINUTES
        self.touch()
        self._last_tick, self._last_tick_mono = wall(), clock()
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        window.unlocked.connect(self._on_unlocked)
        window.hub.changed.connect(self._on_changed)
        self.os_watcher = OsLockWatcher(window, self.lock_now)

    def use_clocks(self, clock: Callable[[], float], wall: Callable[[], float]) -> None:
        """Measure time with these clocks from now on (tests move time by hand)."""
        self.clock, self.wall = clock, wall
        self.touch()
        self._last_tick, self._last_tick_mono = wall(), clock()

    # -- input ----------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in _INPUT_EVENTS:
            self.touch()
        return False

    def touch(self) -> None:
        self._input_clock = self.clock()
        self._input_wall = self.wall()

    def idle_seconds(self) -> float:
        # The larger of the two: the monotonic clock ignores wall-clock changes, and the
        # wall clock keeps counting while the machine sleeps (Linux's monotonic does not).
        return max(self.clock() - self._input_clock, self.wall() - self._input_wall)

    # -- the organisation's setting ------------------------------------------------------
    def _on_unlocked(self, ctx: "AppContext") -> None:
        self.touch()
        self._last_tick, self._last_tick_mono = self.wall(), self.clock()
        self._read_minutes(ctx)

    def _on_changed(self, topic: str) -> None:
        if topic in ("settings", "*") and self.window.ctx is not None:
            self._read_minutes(self.window.ctx)

    def _read_minutes(self, ctx: "AppContext") -> None:
        try:
            minutes = int(ctx.workspace.organisation.get("idle_lock_minutes"))
        except Exception as error:  # a setting that cannot be read must not stop the lock
            log_bug(error)
            minutes = DEFAULT_MINUTES
        self.minutes = max(1, min(minutes, 30))

    # -- deciding ----------------------------------------------------------------------
    def tick(self) -> None:
        now, mono = self.wall(), self.clock()
        # While the machine sleeps the wall clock runs on but the monotonic clock stands
        # still (Linux, macOS); a program that was merely busy sees both move together.
        slept = (now - self._last_tick) - (mono - self._last_tick_mono)
        self._last_tick, self._last_tick_mono = now, mono
        if self.window.is_locked:
            return
        if slept > SLEEP_GAP_SECONDS:
            self.lock_now("sleep")
        elif self.idle_seconds() >= self.minutes * 60:
            self.lock_now("idle")

    def lock_now(self, reason: str, _attempt: int = 0) -> None:
        """Lock for `reason`; close any open dialog first, as if Cancel were pressed."""
        if self.window.is_locked:
            return
        if close_dialogs() and _attempt < 5:
            # Let the code that opened the dialog see its answer and finish first.
            QTimer.singleShot(0, lambda: self.lock_now(reason, _attempt + 1))
            return
        self.window.lock()
        if self.window.is_locked:
            minutes = f"{self.minutes} minute{'s' if self.minutes != 1 else ''}"
            message = REASONS.get(reason, "").format(minutes=minutes)
            if message:
                self.window.unlock_screen.subtitle.setText(f"{message} Enter your password to return to where you were.")
            self.locked_because.emit(reason)


def close_dialogs() -> bool:
    """Close every open modal dialog and progress window (as Cancel); True if any was."""
    closed = False
    for _ in range(20):
        modal = QApplication.activeModalWidget()
        if modal is None:
            break
        closed = True
        if isinstance(modal, (QDialog, QMessageBox, QProgressDialog)):
            modal.reject()
        else:
            modal.close()
        if QApplication.activeModalWidget() is modal:
            modal.hide()
    return closed


def privacy_icon() -> QIcon:
    return QIcon(str(resources_dir() / "icons" / "privacy-screen.svg"))


class PrivacyToolbar(QToolBar):
    """One big, labelled button that locks at once (the same as Ctrl+L)."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__("Privacy", window)
        self.setObjectName("PrivacyToolbar")
        self.setMovable(False)
        self.setToolButtonStyle(self.toolButtonStyle().ToolButtonTextBesideIcon)
        self.action = QAction(privacy_icon(), "Privacy screen", self)
        self.action.setToolTip("Privacy screen: lock now and hide everything (Ctrl+L)")
        self.action.setStatusTip("Lock the window at once; your password brings you back to where you were")
        self.action.triggered.connect(window.lock)
        self.addAction(self.action)
        button = self.widgetForAction(self.action)
        if button is not None:
            button.setAccessibleName("Privacy screen: lock now")
        self.action.setEnabled(not window.is_locked)
        window.unlocked.connect(lambda _ctx: self.action.setEnabled(True))
        window.locked.connect(lambda: self.action.setEnabled(False))


class KeyFileWatcher(QObject):
    """Every few seconds while unlocked: is the key file still there? If not, put it back
    from the copy taken at unlock and say so (see `storage/keyfile_guard.py`)."""

    INTERVAL_MS = 5000

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        self.guard: "KeyFileGuard | None" = None
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        window.unlocked.connect(self._on_unlocked)
        window.locked.connect(self._timer.stop)

    def _on_unlocked(self, ctx: "AppContext") -> None:
        from lipanel_desktop.storage.keyfile_guard import KeyFileGuard

        store = ctx.workspace.store
        try:
            self.guard = KeyFileGuard(store.path, store.database_id)
        except Exception as error:  # the unlock itself read the file a moment ago
            log_bug(error)
            self.guard = None
            return
        self._timer.start()

    def check(self) -> None:
        if self.guard is None or self.window.is_locked:
            return
        result = self.guard.check()
        if result.outcome in ("restored", "failed"):
            from lipanel_desktop.views import msgbox

            msgbox.warn(self.window, "Key file", result.words)


class SessionGuard(QObject):
    """Everything that protects an unattended window, installed on it in one go."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        from lipanel_desktop.views.accounts_password import PasswordChangeEnforcer
        from lipanel_desktop.views.pages.administration_backups import BackupHooks

        self.idle = IdleLock(window)
        self.keyfile = KeyFileWatcher(window)
        closing = getattr(window, "about_to_close", None)
        if closing is not None:  # before the backup on close, which needs the key file
            closing.connect(lambda _ctx: self.keyfile.check())
        self.clipboard = ClipboardGuard(self)
        self.toolbar = PrivacyToolbar(window)
        window.addToolBar(self.toolbar)
        window.locked.connect(self.clipboard.clear_ours)
        window.unlocked.connect(self._say_if_a_crash_was_cleared)
        self.passwords = PasswordChangeEnforcer(window)
        self.backups = BackupHooks(window)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.clipboard.clear_ours)

    def _say_if_a_crash_was_cleared(self, ctx: "AppContext") -> None:
        """The last program to open this database stopped without closing it (a crash, a
        power cut): say so once, so the user checks their last work."""
        from lipanel_desktop.storage import instance_lock

        hold = instance_lock.held_here(ctx.workspace.store.path)
        if hold is None or hold.cleared is None:
            return
        previous, hold.cleared = hold.cleared, None
        window = self.parent()
        window.statusBar().showMessage(  # type: ignore[union-attr]
            f"LIPanel was not closed properly last time ({previous.describe()}). Everything saved then is "
            "here; unsaved typing is offered back when you open the form again.",
            30_000,
        )
