"""The unlock screen and the first-run wizard: calm messages, growing delays that
survive a restart, paths only in the recent list, and a database made from scratch."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from lipanel_desktop.services.login_throttle import FREE_TRIES, LoginThrottle
from lipanel_desktop.views import msgbox, preferences
from lipanel_desktop.views.first_run import FirstRunWizard
from lipanel_desktop.views.main_window import MainWindow
from lipanel_desktop.views.unlock import WRONG_LOGIN, UnlockScreen
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.gui.referral_support import close_quietly, unlock

# The offscreen platform warns whenever a top-level window is shown; nothing to do with us.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def screen(qtbot: Any, store: Any, db_path: Path) -> UnlockScreen:
    store.close()
    msgbox.reset()
    widget = UnlockScreen()
    qtbot.addWidget(widget)
    widget.show_open(db_path)
    widget.show()
    return widget


def attempt(qtbot: Any, screen: UnlockScreen, user: str, password: str) -> list[Any]:
    opened: list[Any] = []
    screen.unlocked.connect(opened.append)
    screen.user.clear()
    qtbot.keyClicks(screen.user, user)
    screen.password.clear()
    if password:
        qtbot.keyClicks(screen.password, password)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    for store in opened:
        store.close()
    return opened


def test_the_right_password_unlocks_and_only_the_path_is_remembered(qtbot: Any, screen: UnlockScreen, db_path: Path) -> None:
    assert attempt(qtbot, screen, ADMIN, ADMIN_PASSWORD)
    assert preferences.recent_databases()[0] == db_path
    text = preferences.config_file().read_text()
    assert ADMIN_PASSWORD not in text
    assert screen.password.text() == ""


@pytest.mark.parametrize("user, password", [(ADMIN, "Wrong-Password-123"), ("nobody", ADMIN_PASSWORD)])
def test_a_wrong_login_gets_one_calm_message_under_the_field(qtbot: Any, screen: UnlockScreen, user: str, password: str) -> None:
    assert not attempt(qtbot, screen, user, password)
    assert screen.message.text() == WRONG_LOGIN
    assert screen.message.isVisible()
    assert screen.password.text() == ""


@pytest.mark.parametrize("user, password, words", [("", "x", "user name"), (ADMIN, "", "password")])
def test_missing_fields_are_asked_for(qtbot: Any, screen: UnlockScreen, user: str, password: str, words: str) -> None:
    assert not attempt(qtbot, screen, user, password)
    assert words in screen.message.text()


def test_repeated_failures_bring_a_delay_that_grows_and_survives_a_restart(
    qtbot: Any, screen: UnlockScreen, db_path: Path
) -> None:
    for _ in range(FREE_TRIES):
        attempt(qtbot, screen, ADMIN, "Wrong-Password-123")
    assert "please wait" in screen.message.text()
    assert not screen.unlock_button.isEnabled()
    # Even the right password waits until the delay is over.
    assert not attempt(qtbot, screen, ADMIN, ADMIN_PASSWORD)
    # A new unlock screen (the program restarted) still knows.
    again = UnlockScreen()
    qtbot.addWidget(again)
    again.show_open(db_path)
    again.user.setText(ADMIN)
    again.show_open(db_path)
    assert not again.unlock_button.isEnabled()
    assert "wait" in again.message.text()
    throttle = LoginThrottle()
    assert throttle.check(db_path, ADMIN).failures == FREE_TRIES
    # The file says nothing about who: only hashes.
    text = throttle.path.read_text()
    assert ADMIN not in text and str(db_path) not in text


def test_the_wait_counts_down_then_the_right_password_works(qtbot: Any, screen: UnlockScreen, db_path: Path) -> None:
    throttle = LoginThrottle()
    for _ in range(FREE_TRIES):
        throttle.record_failure(db_path, ADMIN)
    screen.throttle = LoginThrottle(clock=lambda: throttle.clock() + 10_000)  # time has passed
    screen.user.setText(ADMIN)
    screen.show_open(db_path)
    assert screen.unlock_button.isEnabled()
    assert attempt(qtbot, screen, ADMIN, ADMIN_PASSWORD)
    assert LoginThrottle().check(db_path, ADMIN).failures == 0


def test_a_missing_database_is_a_plain_message(qtbot: Any, screen: UnlockScreen, tmp_path: Path) -> None:
    screen.database.setEditText(str(tmp_path / "nowhere.lipanel-db"))
    assert not attempt(qtbot, screen, ADMIN, ADMIN_PASSWORD)
    assert "There is no database" in screen.message.text()


def test_a_plain_sqlite_file_is_refused_untouched(qtbot: Any, screen: UnlockScreen, tmp_path: Path) -> None:
    plain = tmp_path / "plain.lipanel-db"
    sqlite3.connect(plain).execute("CREATE TABLE t(x)").connection.commit()
    before = plain.read_bytes()
    screen.database.setEditText(str(plain))
    assert not attempt(qtbot, screen, ADMIN, ADMIN_PASSWORD)
    assert "unencrypted" in screen.message.text()
    assert plain.read_bytes() == before


@pytest.mark.parametrize("hostile", ["admin'; DROP TABLE accounts; --", "a" * 500, "\x00\x1b[31m", "管理者", "🙂"])
def test_hostile_user_names_get_the_same_calm_message(qtbot: Any, screen: UnlockScreen, hostile: str) -> None:
    screen.user.setText(hostile)
    screen.password.setText(ADMIN_PASSWORD)
    opened: list[Any] = []
    screen.unlocked.connect(opened.append)
    screen.try_unlock()
    assert not opened
    assert screen.message.text() in (WRONG_LOGIN, "Type your user name.")


def test_the_browse_button_fills_the_database(qtbot: Any, screen: UnlockScreen, tmp_path: Path) -> None:
    msgbox.set_next_file(str(tmp_path / "chosen.lipanel-db"))
    qtbot.mouseClick(screen.browse, Qt.MouseButton.LeftButton)
    assert screen.database.currentText() == str(tmp_path / "chosen.lipanel-db")


def test_every_field_has_a_label_and_a_name(screen: UnlockScreen) -> None:
    for widget in (screen.database, screen.user, screen.password):
        assert widget.accessibleName()
    assert screen.database_label.buddy() is screen.database


# -- first run ----------------------------------------------------------------------------


def fill_wizard(qtbot: Any, wizard: FirstRunWizard, path: Path, user: str, password: str, again: str) -> None:
    wizard.organisation.board.setText("Fictional Safeguarding Children Partnership")
    wizard.organisation.path.setText(str(path))
    wizard.next()
    wizard.administrator.user.setText(user)
    wizard.administrator.password.setText(password)
    wizard.administrator.again.setText(again)


def test_first_run_creates_the_database_and_opens_it(qtbot: Any, tmp_path: Path) -> None:
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    path = tmp_path / "new" / "first.lipanel-db"
    fill_wizard(qtbot, wizard, path, "firstadmin", "A-long-fictional-passphrase", "A-long-fictional-passphrase")
    assert "meets the rules" in wizard.administrator.strength.text()
    wizard.next()
    wizard.backups.folder.setText(str(tmp_path / "backups"))
    assert wizard.backups.validatePage()
    assert wizard.store is not None and path.exists()
    try:
        from lipanel_desktop.services.organisation import OrganisationService

        settings = OrganisationService(wizard.store).all()
        assert settings["board_name"] == "Fictional Safeguarding Children Partnership"
        assert settings["backup_folder"] == str(tmp_path / "backups")
        assert wizard.store.identity.role == "administrator"
    finally:
        wizard.store.close()
    assert wizard.administrator.password.text() == ""


@pytest.mark.parametrize(
    "user, password, again, words",
    [
        ("firstadmin", "short", "short", "at least 12"),
        ("firstadmin", "password1234", "password1234", "too common"),
        ("firstadmin", "A-long-fictional-passphrase", "A-long-fictional-passphrasX", "not the same"),
        ("bad\x00name", "A-long-fictional-passphrase", "A-long-fictional-passphrase", "user name"),
        ("firstadmin", "firstadmin-and-more", "firstadmin-and-more", "user name"),
    ],
)
def test_first_run_refuses_weak_or_mismatched_passwords(
    qtbot: Any, tmp_path: Path, user: str, password: str, again: str, words: str
) -> None:
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    path = tmp_path / "first.lipanel-db"
    fill_wizard(qtbot, wizard, path, user, password, again)
    assert not wizard.administrator.validatePage()
    assert words in wizard.administrator.error.text()
    assert not path.exists()


def test_first_run_refuses_an_existing_file(qtbot: Any, tmp_path: Path) -> None:
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard)
    existing = tmp_path / "exists.lipanel-db"
    existing.write_bytes(b"something")
    wizard.organisation.path.setText(str(existing))
    assert not wizard.organisation.validatePage()
    assert "already exists" in wizard.organisation.error.text()
    assert existing.read_bytes() == b"something"


def test_the_unlock_screen_offers_the_wizard(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow()
    try:
        window.show()
        created = []
        monkeypatch.setattr(window, "create_database", lambda: created.append(True))
        window.unlock_screen.create_requested.disconnect()
        window.unlock_screen.create_requested.connect(window.create_database)
        qtbot.mouseClick(window.unlock_screen.create_button, Qt.MouseButton.LeftButton)
        assert created
    finally:
        close_quietly(window)


def test_a_second_program_is_offered_read_only(qtbot: Any, store: Any, db_path: Path) -> None:
    from lipanel_desktop.storage import instance_lock

    store.close()
    # Another program has the database open (simulated by a lock held under another process).
    holder = instance_lock.acquire(db_path, "someone")
    try:
        instance_lock._held.pop(instance_lock._key(db_path))  # as if held by another process
        window = MainWindow(database=db_path)
        try:
            window.show()
            msgbox.set_next_answer(msgbox.Answer.YES)
            unlock(qtbot, window)
            if window.is_locked:  # the operating system lock was not visible in-process
                pytest.skip("the lock is per process on this platform")
            assert "read-only" in window.database_label.text()
            assert "Open it read-only?" in msgbox.shown[-1][1]
        finally:
            close_quietly(window)
    finally:
        instance_lock._held[instance_lock._key(db_path)] = holder
        holder.release()


@pytest.mark.parametrize("size", [(640, 450), (520, 380)])
def test_in_a_small_window_the_fields_keep_their_height_and_never_overlap(qtbot: Any, size: tuple[int, int]) -> None:
    """The demo note wraps onto several lines in a narrow window: the card grows (and
    scrolls) rather than squeezing the fields on top of each other."""
    widget = UnlockScreen(("demo", "Fictional-Data-2026"))
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    fields = [widget.database, widget.user, widget.password, widget.unlock_button]
    spans = [(f.mapTo(widget.card, f.rect().topLeft()).y(), f.height()) for f in fields]
    for field, (_top, height) in zip(fields, spans):
        assert height >= field.minimumSizeHint().height(), field.accessibleName()
    for (top, height), (next_top, _h) in zip(spans, spans[1:]):
        assert top + height <= next_top


def test_a_closed_wizard_is_gone_and_text_size_changes_after_it_are_safe(qtbot: Any, tmp_path: Path) -> None:
    """A finished QWizard left behind crashed Qt when the text size went to 200% and back."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    window = MainWindow()
    try:
        window.show()
        QTimer.singleShot(50, lambda: QApplication.activeModalWidget().reject())
        window.create_database()
        assert window.findChildren(FirstRunWizard) == []
        window._set_text_scale(200)
        window._set_text_scale(100)  # this second restyle was the crash
        assert preferences.text_scale() == 100 and window.is_locked
    finally:
        close_quietly(window)


def test_at_200_percent_the_wizards_hints_keep_their_room_when_a_message_appears(qtbot: Any) -> None:
    import shiboken6
    from PySide6.QtWidgets import QApplication

    from lipanel_desktop.views import style

    app = QApplication.instance()
    style.apply(app, style.Look(200, False))
    wizard = FirstRunWizard()
    try:
        wizard.show()
        wizard.next()
        page = wizard.administrator
        qtbot.keyClicks(page.user, "firstadmin")
        qtbot.keyClicks(page.password, "short")
        QApplication.processEvents()
        assert "Not yet" in page.strength.text()
        for label in (page.rules, page.strength):
            assert label.height() >= label.heightForWidth(label.width()), label.text()
        assert page.rules.geometry().bottom() <= page.strength.geometry().top()
    finally:
        wizard.reject()
        shiboken6.delete(wizard)
        style.apply(app, style.Look(100, False))
