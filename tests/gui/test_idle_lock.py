"""The window locks itself: after the idle time, after sleep, when the OS session locks;
the privacy-screen button; the clipboard cleared; unsaved typing kept as a draft; and a
reset password that must be changed before anything else."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from lipanel_desktop.services.accounts import AccountService
from lipanel_desktop.services.database import create_database, open_database
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.accounts_password import ChangePasswordDialog
from lipanel_desktop.views.idle_lock import SLEEP_GAP_SECONDS, SessionGuard
from lipanel_desktop.views.main_window import MainWindow
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.proofs.gui_session import FakeClock, close_all_windows, close_quietly, make_window, pass_time, unlock

CHILD = "Ysolde Testchild-Fictional"
# Real dialogs are shown; the offscreen platform warns it cannot pass on their size hints.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def _answers() -> Iterator[None]:
    msgbox.reset()
    yield
    close_all_windows()
    msgbox.reset()


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "panel.lipanel-db"
    create_database(path, ADMIN, ADMIN_PASSWORD).close()
    return path


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def session(qtbot, database: Path, clock: FakeClock) -> Iterator[tuple[MainWindow, SessionGuard]]:  # type: ignore[no-untyped-def]
    window, guard = make_window(qtbot, database, clock)
    unlock(qtbot, window)
    yield window, guard
    close_quietly(window)


def test_idle_for_the_set_minutes_locks(qtbot, session, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    window, guard = session
    pass_time(guard, clock, 5 * 60 - 1)
    assert not window.is_locked
    qtbot.keyClick(window.navigation, Qt.Key.Key_Down)  # a keypress anywhere counts as use
    pass_time(guard, clock, 5 * 60 - 1)
    assert not window.is_locked
    with qtbot.waitSignal(guard.idle.locked_because) as signal:
        pass_time(guard, clock, 2)
    assert signal.args == ["idle"]
    assert window.is_locked and window.ctx is None
    assert "after 5 minutes without use" in window.unlock_screen.subtitle.text()
    assert window.unlock_screen.password.text() == ""


def test_the_idle_time_is_the_organisation_setting(qtbot, session, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    window, guard = session
    window.ctx.workspace.organisation.update({"idle_lock_minutes": 1})
    window.hub.changed.emit("settings")
    pass_time(guard, clock, 61)
    assert window.is_locked
    assert "after 1 minute without use" in window.unlock_screen.subtitle.text()


def test_the_setting_cannot_exceed_thirty_minutes(session) -> None:  # type: ignore[no-untyped-def]
    from lipanel_desktop.errors import ValidationError

    window, _guard = session
    with pytest.raises(ValidationError, match="at most 30"):
        window.ctx.workspace.organisation.update({"idle_lock_minutes": 31})
    assert window.ctx.workspace.organisation.get("idle_lock_minutes") == 5


def test_waking_from_sleep_locks(qtbot, session, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    window, guard = session
    clock.advance(1)
    guard.idle.tick()
    assert not window.is_locked
    clock.advance(SLEEP_GAP_SECONDS + 30, asleep=True)  # the monotonic clock stood still
    with qtbot.waitSignal(guard.idle.locked_because) as signal:
        guard.idle.tick()
    assert signal.args == ["sleep"] and window.is_locked
    assert "went to sleep" in window.unlock_screen.subtitle.text()


def test_a_long_sleep_counts_as_idle_time_too(qtbot, session, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    _window, guard = session
    clock.advance(10 * 60, asleep=True)
    assert guard.idle.idle_seconds() >= 10 * 60


def test_a_busy_program_is_not_mistaken_for_sleep(qtbot, session, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    window, guard = session
    clock.advance(120)  # no tick for two minutes: busy, but both clocks moved
    guard.idle.tick()
    assert not window.is_locked


def test_unlock_returns_where_the_user_was_and_idle_restarts(qtbot, session, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    window, guard = session
    window.navigate("administration")
    pass_time(guard, clock, 6 * 60)
    assert window.is_locked
    unlock(qtbot, window)
    assert window.current_section() == "administration"
    guard.idle.tick()
    assert not window.is_locked


def test_a_lock_closes_an_open_dialog_first(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    window, guard = session
    answers: list[int] = []
    QTimer.singleShot(100, lambda: guard.idle.lock_now("idle"))
    dialog = QDialog(window)
    dialog.setWindowTitle("A question showing a record")
    answers.append(dialog.exec())
    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)
    assert answers == [QDialog.DialogCode.Rejected]
    assert QApplication.activeModalWidget() is None


def test_the_privacy_screen_button_locks_at_once(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    window, guard = session
    button = guard.toolbar.widgetForAction(guard.toolbar.action)
    assert button is not None and button.accessibleName() == "Privacy screen: lock now"
    assert "Ctrl+L" in guard.toolbar.action.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.is_locked
    assert not guard.toolbar.action.isEnabled()
    unlock(qtbot, window)
    assert guard.toolbar.action.isEnabled()


def test_ctrl_l_locks(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    window, _guard = session
    window.activateWindow()
    qtbot.keyClick(window.navigation, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked


def _new_referral_name_field(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    window.navigate("referrals")
    page = window.page("referrals")
    page.new_item()
    field = page.editor.fields["child_full_name"].focus_widget
    qtbot.waitUntil(field.isVisible)
    return page, field


def test_the_clipboard_is_cleared_of_what_was_copied_from_the_program(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    window, guard = session
    _page, field = _new_referral_name_field(qtbot, window)
    field.setFocus()
    qtbot.keyClicks(field, CHILD)
    field.selectAll()
    field.copy()
    clipboard = QGuiApplication.clipboard()
    qtbot.waitUntil(lambda: clipboard.text() == CHILD)
    msgbox.set_next_answer(msgbox.Answer.NO)  # no draft question on the way
    window.lock()
    assert clipboard.text() == ""


def test_text_copied_elsewhere_is_left_alone(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    window, guard = session
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("a shopping list from another program")
    guard.clipboard.forget()  # as if another program had put it there
    window.lock()
    assert clipboard.text() == "a shopping list from another program"
    clipboard.clear()


def test_unsaved_typing_survives_an_idle_lock_as_an_encrypted_draft(qtbot, session, clock: FakeClock, database: Path) -> None:  # type: ignore[no-untyped-def]
    window, guard = session
    page, field = _new_referral_name_field(qtbot, window)
    qtbot.keyClicks(field, CHILD)
    pass_time(guard, clock, 6 * 60)
    assert window.is_locked
    assert CHILD.encode() not in database.read_bytes()  # kept, but encrypted
    unlock(qtbot, window)
    page = window.page("referrals")
    qtbot.waitUntil(lambda: page.editor.fields["child_full_name"].focus_widget.text() == CHILD, timeout=5000)


@pytest.mark.parametrize("outcome", ["result", "error"])
def test_background_work_running_at_a_lock_shows_nothing_afterwards(qtbot, session, outcome: str) -> None:  # type: ignore[no-untyped-def]
    """A document being built, a backup, a chain check: when the lock comes first, neither
    its result (perhaps a preview of a child's record) nor its error appears over the
    unlock screen, and its progress window goes with the lock."""
    import threading

    from PySide6.QtWidgets import QProgressDialog

    from lipanel_desktop.errors import KnownError

    window, guard = session
    release, seen = threading.Event(), []

    def work(progress):  # type: ignore[no-untyped-def]
        release.wait(30)
        if outcome == "error":
            raise KnownError("The database is locked. Unlock it to continue.")
        return CHILD

    window.ctx.ops.run_in_background(work, label="Making the document…", on_done=seen.append, title="Document not made")
    qtbot.waitUntil(lambda: any(isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets()),
                    timeout=10_000)
    guard.idle.lock_now("idle")  # closes the progress window first, then locks
    qtbot.waitUntil(lambda: window.is_locked, timeout=10_000)
    release.set()
    assert window.ops.wait_for_background(30_000)
    qtbot.wait(200)  # the worker's answer arrives through the event loop
    assert seen == [] and msgbox.shown == []
    assert not any(isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets())
    unlock(qtbot, window)
    done: list[object] = []
    window.ctx.ops.run_in_background(lambda progress: "after", label="Again", on_done=done.append)
    qtbot.waitUntil(lambda: done == ["after"], timeout=10_000)  # work started after the unlock is shown


def test_a_reset_password_must_be_changed_at_unlock(qtbot, database: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with open_database(database, ADMIN, ADMIN_PASSWORD) as store:
        AccountService(store).add("Chair Test", "chair", "Chairs-Long-Password-1")
        one_time = AccountService(store).reset_password("Chair Test")
    window, _guard = make_window(qtbot, database)
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ChangePasswordDialog) and dialog.forced
        assert not window.work.isVisible()  # no record shows behind the dialog
        seen.append(dialog.windowTitle())
        dialog.old.setText(one_time)
        dialog.new.setText("short")
        dialog.repeat.setText("short")
        dialog.change()
        seen.append(dialog.message.text())
        dialog.new.setText("A-Brand-New-Passphrase-4")
        dialog.repeat.setText("A-Brand-New-Passphrase-4")
        dialog.change()

    QTimer.singleShot(300, answer)
    unlock(qtbot, window, "Chair Test", one_time)
    qtbot.waitUntil(lambda: len(seen) == 2 and QApplication.activeModalWidget() is None, timeout=20_000)
    assert seen[0] == "Choose a new password" and "at least 12 characters" in seen[1]
    assert not window.is_locked and window.work.isVisible()
    close_quietly(window)
    with open_database(database, "Chair Test", "A-Brand-New-Passphrase-4") as store:
        [me] = [a for a in AccountService(store).list() if a.name == "Chair Test"]
        assert not me.must_change_password
    from lipanel_desktop.errors import WrongPassword

    with pytest.raises(WrongPassword):
        open_database(database, "Chair Test", one_time)


def test_refusing_to_change_a_reset_password_closes_the_database(qtbot, database: Path) -> None:  # type: ignore[no-untyped-def]
    with open_database(database, ADMIN, ADMIN_PASSWORD) as store:
        AccountService(store).add("Chair Test", "chair", "Chairs-Long-Password-1")
        one_time = AccountService(store).reset_password("Chair Test")
    window, _guard = make_window(qtbot, database)
    QTimer.singleShot(300, lambda: QApplication.activeModalWidget().reject())
    unlock(qtbot, window, "Chair Test", one_time)
    qtbot.waitUntil(lambda: window.is_locked and not window.unlock_screen.locked_mode, timeout=20_000)
    assert window.unlock_screen.isVisible() and not window.work.isVisible()
    close_quietly(window)


def test_a_reset_password_cannot_be_used_to_read_the_records_read_only(qtbot, database: Path) -> None:  # type: ignore[no-untyped-def]
    with open_database(database, ADMIN, ADMIN_PASSWORD) as store:
        AccountService(store).add("Chair Test", "chair", "Chairs-Long-Password-1")
        one_time = AccountService(store).reset_password("Chair Test")
    window, _guard = make_window(qtbot, database)
    msgbox.set_next_answer(msgbox.Answer.OK)
    window.open_store(open_database(database, "Chair Test", one_time, read_only=True))
    qtbot.waitUntil(lambda: bool(msgbox.shown), timeout=10_000)
    assert msgbox.shown[-1][0] == "Choose a new password first" and "not read-only" in msgbox.shown[-1][1]
    assert window.is_locked and window.ctx is None and not window.work.isVisible()
    close_quietly(window)


@pytest.mark.skipif(not shutil.which("dbus-daemon") or not shutil.which("dbus-send"), reason="needs dbus-daemon")
def test_the_os_session_locking_locks_the_window(qtbot, database: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A private session bus stands in for the desktop's; the screensaver says it is active."""
    socket_path = tmp_path / "bus"
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", f"--address=unix:path={socket_path}", "--print-address"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        address = daemon.stdout.readline().strip()  # type: ignore[union-attr]
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        window, guard = make_window(qtbot, database)
        assert "session:ActiveChanged" in guard.idle.os_watcher.listening
        unlock(qtbot, window)
        subprocess.run(
            ["dbus-send", "--session", "--type=signal", "/org/freedesktop/ScreenSaver",
             "org.freedesktop.ScreenSaver.ActiveChanged", "boolean:false"],
            check=True, env={**os.environ},
        )
        qtbot.wait(300)
        assert not window.is_locked  # the screensaver going away is not a lock
        with qtbot.waitSignal(guard.idle.locked_because, timeout=10_000) as signal:
            subprocess.run(
                ["dbus-send", "--session", "--type=signal", "/org/freedesktop/ScreenSaver",
                 "org.freedesktop.ScreenSaver.ActiveChanged", "boolean:true"],
                check=True, env={**os.environ},
            )
        assert signal.args == ["session"] and window.is_locked
        assert "session was locked" in window.unlock_screen.subtitle.text()
        close_quietly(window)
    finally:
        daemon.terminate()
        daemon.wait(timeout=30)
        if daemon.stdout:
            daemon.stdout.close()
