"""The main window: sections by role and by presence, lock and unlock, menus, look."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QLabel

from lipanel_desktop.services.accounts import AccountService
from lipanel_desktop.services.referral_data import ReferralInput
from lipanel_desktop.services.referrals import ReferralService
from lipanel_desktop.storage.store import Store, StoreClosed
from lipanel_desktop.views import msgbox, navigation, page_host, preferences
from lipanel_desktop.views.demo_banner import DemoBanner
from lipanel_desktop.views.main_window import MainWindow
from lipanel_desktop.views.page import Page
from lipanel_desktop.views.page_host import BrokenPage
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.gui.referral_support import close_quietly, open_window, type_into, unlock, window  # noqa: F401

OTHER_PASSWORD = "Second-Fictional-Pass-8"


class StatefulPage(Page):
    """A test section that remembers a choice across a lock (ids and choices only)."""

    instances: list["StatefulPage"] = []

    def __init__(self, ctx: Any, parent: Any = None) -> None:
        super().__init__(ctx, parent)
        self.choice = 0
        self.cleared = False
        self.drafted = False
        self.label = QLabel("record content", self)
        StatefulPage.instances.append(self)

    def state(self) -> dict[str, Any]:
        return {"choice": self.choice}

    def restore(self, state: dict[str, Any]) -> None:
        self.choice = state["choice"]

    def clear(self) -> None:
        self.label.clear()
        self.cleared = True

    def save_draft(self) -> None:
        self.drafted = True


class ExplodingPage(Page):
    def __init__(self, ctx: Any, parent: Any = None) -> None:
        raise RuntimeError("a fault in a page")


@pytest.fixture
def extra_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    sections = (
        *navigation.SECTIONS,
        navigation.Section("stateful", "Stateful", "tests.gui.test_main_window:StatefulPage",
                           navigation.Permission.VIEW_RECORDS, "Alt+8"),
        navigation.Section("exploding", "Exploding", "tests.gui.test_main_window:ExplodingPage",
                           navigation.Permission.VIEW_RECORDS, "Alt+9"),
        navigation.Section("missing", "Missing", "lipanel_desktop.views.pages.not_written_yet:Nothing",
                           navigation.Permission.VIEW_RECORDS),
        navigation.Section("admin_only", "Admin only", "tests.gui.test_main_window:StatefulPage",
                           navigation.Permission.MANAGE_USERS),
    )
    monkeypatch.setattr(page_host, "SECTIONS", sections)
    StatefulPage.instances.clear()


def titles(window: MainWindow) -> list[str]:
    return [window.navigation.item(i).text() for i in range(window.navigation.count())]


def test_sections_shown_are_those_that_exist_and_the_role_allows(
    qtbot: Any, extra_sections: None, store: Store, db_path: Path
) -> None:
    AccountService(store).add("member", "panel-member", OTHER_PASSWORD)
    admin = open_window(qtbot, db_path)
    try:
        shown = titles(admin)
        assert shown[0] == "Referrals"
        assert "Stateful" in shown and "Admin only" in shown
        assert "Missing" not in shown
        for section in navigation.SECTIONS:
            present = page_host.module_exists(section)
            assert (section.title in shown) == present, section.key
    finally:
        close_quietly(admin)
    member = open_window(qtbot, db_path, user="member", password=OTHER_PASSWORD)
    try:
        assert "Admin only" not in titles(member)
        assert "Signed in as member (Panel member)" in member.user_label.text()
        assert "panel.lipanel-db" in member.database_label.text()
    finally:
        close_quietly(member)


def test_a_page_that_fails_to_build_is_replaced_by_a_calm_message(
    qtbot: Any, extra_sections: None, store: Store, db_path: Path, _isolated_folders: Path
) -> None:
    window = open_window(qtbot, db_path)
    try:
        window.navigate("exploding")
        page = window.host.current_page()
        assert isinstance(page, BrokenPage)
        text = page.findChild(QLabel).text()
        assert "could not be opened" in text and "Traceback" not in text
        log = _isolated_folders / "logs" / "lipanel-errors.log"
        assert "RuntimeError" in log.read_text()
        window.navigate("referrals")  # the rest still works
        assert window.current_section() == "referrals"
    finally:
        close_quietly(window)


def test_lock_clears_every_page_drops_the_key_and_unlock_returns_to_where_you_were(
    qtbot: Any, extra_sections: None, store: Store, db_path: Path
) -> None:
    window = open_window(qtbot, db_path)
    try:
        window.navigate("stateful")
        page = window.host.current_page()
        page.choice = 7
        old_store = window.ctx.workspace.store
        locked = []
        window.locked.connect(lambda: locked.append(True))
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        assert window.is_locked and locked
        assert page.drafted and page.cleared and page.label.text() == ""
        assert window.host.pages() == {}
        assert not old_store.is_open
        with pytest.raises(StoreClosed):
            with old_store.read_session():
                pass
        screen = window.unlock_screen
        assert screen.isVisible() and screen.locked_mode
        assert screen.user.text() == ADMIN and screen.user.isReadOnly()
        assert not window.actions["new"].isEnabled()
        unlock(qtbot, window)
        assert not window.is_locked
        assert window.current_section() == "stateful"
        assert window.host.current_page().choice == 7
    finally:
        close_quietly(window)


def test_unlocking_a_locked_window_with_a_wrong_password_keeps_it_locked(qtbot: Any, window: MainWindow) -> None:
    window.lock()
    unlock(qtbot, window, password="not-the-password-at-all")
    assert window.is_locked
    assert "not right" in window.unlock_screen.message.text()
    unlock(qtbot, window)
    assert not window.is_locked


def test_lock_keeps_unsaved_form_a_typing_and_unlock_brings_it_back(qtbot: Any, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.page("referrals").editor
    type_into(qtbot, editor.fields["child_full_name"].line, "Typed Before Lock")
    window.lock()
    assert window.page("referrals") is None
    unlock(qtbot, window)
    editor = window.page("referrals").editor
    assert editor.isVisible()
    assert editor.fields["child_full_name"].value() == "Typed Before Lock"
    assert editor.has_unsaved_changes()


def test_lock_returns_to_an_open_referral(qtbot: Any, window: MainWindow, store: Store) -> None:
    detail = ReferralService(store).create(ReferralInput(child_full_name="Opened Person"))
    window.navigate("referrals", referral_id=detail.id)
    editor = window.page("referrals").editor
    assert editor.detail.id == detail.id
    type_into(qtbot, editor.fields["child_also_known_as"].line, "Typed alias")
    window.lock()
    unlock(qtbot, window)
    editor = window.page("referrals").editor
    assert editor.detail.id == detail.id
    assert editor.fields["child_also_known_as"].value() == "Typed alias"


def test_close_database_returns_to_the_open_screen(qtbot: Any, window: MainWindow) -> None:
    window.actions["close_database"].trigger()
    assert window.is_locked and not window.unlock_screen.locked_mode
    assert window.unlock_screen.database.isVisible()


def test_menus_show_the_shortcuts(window: MainWindow) -> None:
    a = window.actions
    expected = {"new": QKeySequence.StandardKey.New, "save": QKeySequence.StandardKey.Save,
                "find": QKeySequence.StandardKey.Find, "help": QKeySequence.StandardKey.HelpContents}
    for key, standard in expected.items():
        assert a[key].shortcut() == QKeySequence(standard), key
    assert a["lock"].shortcut() == QKeySequence("Ctrl+L")
    assert a["undo"].shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert QKeySequence("Ctrl+Y") in a["redo"].shortcuts()
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&Go", "&View", "&Help"]
    assert [action.text() for action in window.actions.go_menu.actions()][0] == "Referrals"


def test_ctrl_f_goes_to_the_register_search(qtbot: Any, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.page("referrals").register.search


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on any dialog
def test_f1_opens_the_guide(qtbot: Any, window: MainWindow) -> None:
    from lipanel_desktop.views.help import GuideDialog

    seen: list[str] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, GuideDialog)
        seen.append(dialog.browser.toPlainText())
        dialog.accept()

    QTimer.singleShot(50, close_it)
    qtbot.keyClick(window, Qt.Key.Key_F1)  # the key itself, as a user presses it
    assert seen, "F1 did not open the guide"
    for words in ("Ctrl+L", "Ctrl+N", "Ctrl+S", "Ctrl+F", "dd/mm/yyyy", "Withdraw", "Reopen", "Print"):
        assert words in seen[0], words
    assert "F1" in window.actions["help"].shortcut().toString()


def test_text_size_up_to_200_percent_and_high_contrast_are_remembered(qtbot: Any, window: MainWindow) -> None:
    from PySide6.QtWidgets import QRadioButton, QStyle, QStyleOptionButton

    def indicator() -> int:
        button, option = QRadioButton("x"), QStyleOptionButton()
        button.initStyleOption(option)
        return button.style().subElementRect(QStyle.SubElement.SE_RadioButtonIndicator, option, button).width()

    app = QApplication.instance()
    base = app.font().pointSizeF()
    normal_indicator = indicator()
    for _ in range(6):
        window.actions["text_larger"].trigger()
    assert preferences.text_scale() == 200
    assert app.font().pointSizeF() == pytest.approx(base * 2, rel=0.05)
    assert indicator() == 2 * normal_indicator  # option circles and tick boxes grow with the text
    window.actions["high_contrast"].setChecked(True)
    assert preferences.HIGH_CONTRAST.get() is True
    assert app.palette().window().color().name() == "#000000"
    window.actions["text_normal"].trigger()
    window.actions["high_contrast"].setChecked(False)
    assert preferences.text_scale() == 100
    assert app.palette().window().color().name() != "#000000"
    assert indicator() == normal_indicator


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(qtbot: Any, window: MainWindow, store: Store) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.page("referrals").editor
    type_into(qtbot, editor.fields["child_full_name"].line, "Closing Person")
    msgbox.set_next_answer(msgbox.Answer.CANCEL)
    assert not window.close()
    assert window.isVisible() and "unsaved changes in Referrals" in msgbox.shown[-1][1]
    msgbox.set_next_answer(msgbox.Answer.YES)
    assert window.close()
    assert ReferralService(store).get(1).form.child_full_name == "Closing Person"


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on any dialog
def test_demo_banner_on_every_window_and_login_on_the_unlock_screen(qtbot: Any, store: Store, db_path: Path) -> None:
    window = MainWindow(database=db_path, demo_login=(ADMIN, ADMIN_PASSWORD))
    try:
        window.show()
        assert window.banner is not None and "DEMO — fictional data" in window.banner.text()
        assert ADMIN_PASSWORD in window.unlock_screen.demo_note.text()
        assert window.unlock_screen.user.text() == ADMIN
        assert not window.unlock_screen.create_button.isVisible()
        qtbot.mouseClick(window.unlock_screen.demo_fill, Qt.MouseButton.LeftButton)
        assert not window.is_locked
        assert window.banner.isVisible()
        # Every other window is marked too: the guide gets the banner and a DEMO title.
        seen: list[tuple[str, bool]] = []

        def look() -> None:
            dialog = QApplication.activeModalWidget()
            seen.append((dialog.windowTitle(), dialog.findChild(DemoBanner) is not None))
            dialog.accept()

        QTimer.singleShot(50, look)
        window.show_guide()
        assert seen == [("DEMO — LIPanel guide", True)]
    finally:
        close_quietly(window)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_outside_demo_mode_no_window_is_marked(qtbot: Any, window: MainWindow) -> None:
    seen: list[tuple[str, bool]] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append((dialog.windowTitle(), dialog.findChild(DemoBanner) is not None))
        dialog.accept()

    QTimer.singleShot(50, look)
    window.show_guide()
    assert seen == [("LIPanel guide", False)]


def test_every_action_reachable_by_keyboard_has_a_name(window: MainWindow) -> None:
    for key, action in window.actions.by_key.items():
        assert action.text(), key


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_demo_dialog_grows_to_make_room_for_its_banner(qtbot: Any) -> None:
    """A dialog sized before it was shown gets taller when the banner goes in, so its
    fields keep their height and never overlap."""
    from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

    from lipanel_desktop.views.demo_banner import DemoMarker

    owner = QWidget()
    qtbot.addWidget(owner)
    owner.show()
    DemoMarker(owner)
    dialog = QDialog()
    qtbot.addWidget(dialog)
    column = QVBoxLayout(dialog)
    words = QLabel("Choose a new password of at least twelve characters. " * 3)
    words.setWordWrap(True)
    column.addWidget(words)
    form = QFormLayout()
    column.addLayout(form)
    fields = [QLineEdit() for _ in range(3)]
    for number, field in enumerate(fields, start=1):
        form.addRow(f"Field {number}", field)
    dialog.adjustSize()
    dialog.show()
    qtbot.waitUntil(lambda: dialog.findChild(DemoBanner) is not None)
    qtbot.wait(100)
    assert all(f.height() >= f.minimumSizeHint().height() for f in fields)
    tops = [f.mapTo(dialog, f.rect().topLeft()).y() for f in fields]
    assert all(a + f.height() <= b for a, b, f in zip(tops, tops[1:], fields))
