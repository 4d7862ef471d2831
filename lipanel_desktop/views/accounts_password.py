"""Changing one's own password: when an administrator has reset it (the one-time password
must be replaced before anything else is shown), and whenever a user chooses to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.crash_log import log_bug
from lipanel_desktop.errors import KnownError, ValidationError, WrongPassword
from lipanel_desktop.services.passwords import MIN_LENGTH
from lipanel_desktop.views.ops import describe_bug
from lipanel_desktop.views.pages.administration_widgets import password_field, problem_label

if TYPE_CHECKING:
    from lipanel_desktop.services.accounts import AccountService
    from lipanel_desktop.views.context import AppContext
    from lipanel_desktop.views.main_window import MainWindow

RULES = f"At least {MIN_LENGTH} characters, not your user name, and not a common password. A short sentence is easy to remember."


class ChangePasswordDialog(QDialog):
    """Old password, new password twice; the rules and any problem shown in the dialog."""

    def __init__(self, accounts: "AccountService", user: str, *, forced: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.accounts = accounts
        self.forced = forced
        self.setWindowTitle("Choose a new password" if forced else "Change your password")
        self.setModal(True)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"An administrator has reset the password for {user}. Choose your own password now: the "
            "one-time password stops working as soon as you do."
            if forced
            else f"Change the password for {user}. Other users are not affected."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.old = password_field("One-time password" if forced else "Current password")
        self.new = password_field("New password")
        self.repeat = password_field("Repeat the new password")
        for text, field in (
            ("&One-time password" if forced else "&Current password", self.old),
            ("&New password", self.new),
            ("&Repeat new password", self.repeat),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        self.show_typing = QCheckBox("S&how what I type")
        self.show_typing.toggled.connect(self._show)
        form.addRow("", self.show_typing)
        layout.addLayout(form)
        rules = QLabel(RULES)
        rules.setObjectName("Hint")
        rules.setWordWrap(True)
        layout.addWidget(rules)
        self.message = problem_label("Password problem")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Change &password")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if forced:
            cancel.setText("Close the &database")
        self.buttons.accepted.connect(self.change)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.old.setFocus()

    def _show(self, on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        for field in (self.old, self.new, self.repeat):
            field.setEchoMode(mode)

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def change(self) -> None:
        old, new = self.old.text(), self.new.text()
        if not old:
            self.say("Type your one-time password." if self.forced else "Type your current password.")
            self.old.setFocus()
            return
        if new != self.repeat.text():
            self.say("The two new passwords are not the same. Type them again.")
            self.repeat.clear()
            self.repeat.setFocus()
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.accounts.change_own_password(old, new)
        except WrongPassword:
            self.say("The one-time password is not right." if self.forced else "The current password is not right.")
            self.old.clear()
            self.old.setFocus()
            return
        except ValidationError as error:
            self.say(" ".join(error.problems.values()))
            self.new.setFocus()
            return
        except KnownError as error:
            self.say(error.message)
            return
        except Exception as error:  # a bug: shown without a traceback, logged without content
            self.say(describe_bug(error))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        for field in (self.old, self.new, self.repeat):
            field.clear()
        self.accept()

    def done(self, result: int) -> None:
        for field in (self.old, self.new, self.repeat):
            field.clear()
        super().done(result)


def must_change(ctx: "AppContext") -> bool:
    store = ctx.workspace.store
    name = store.identity.name.casefold()
    return any(a.must_change_password for a in ctx.workspace.accounts.list() if a.name.casefold() == name)


class PasswordChangeEnforcer:
    """After each unlock: a user whose password was reset must choose one first."""

    def __init__(self, window: "MainWindow") -> None:
        self.window = window
        self.dialog: ChangePasswordDialog | None = None
        window.unlocked.connect(self._on_unlocked)

    def _on_unlocked(self, ctx: "AppContext") -> None:
        try:
            needed = must_change(ctx)
        except Exception as error:
            log_bug(error)
            return
        if needed:
            work = getattr(self.window, "work", None)
            if work is not None:
                work.hide()  # at once, before the dialog's first paint
            QTimer.singleShot(0, lambda: self.ask(ctx))

    def ask(self, ctx: "AppContext") -> None:
        if self.window.ctx is not ctx:
            return
        if ctx.workspace.store.read_only:
            # A read-only program cannot save a new password, and a one-time password must
            # not become a way to read the records without choosing one.
            from lipanel_desktop.views import msgbox

            self.window.close_database()
            msgbox.warn(self.window, "Choose a new password first",
                        "An administrator has reset your password, so you must choose your own before using "
                        "LIPanel. That needs the database open normally, not read-only: try again when nobody "
                        "else has it open.")
            return
        self.dialog = ChangePasswordDialog(
            ctx.workspace.accounts, ctx.workspace.identity.name, forced=True, parent=self.window
        )
        # Nothing of the records shows behind the dialog until the new password is set.
        work = getattr(self.window, "work", None)
        if work is not None:
            work.hide()
        try:
            accepted = self.dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            self.dialog = None
            screens = getattr(self.window, "screens", None)
            if work is not None and screens is not None and screens.currentWidget() is work:
                work.show()
        if accepted:
            self.window.statusBar().showMessage("Your new password is set. Use it next time you unlock.", 8000)
        elif self.window.ctx is ctx:
            self.window.close_database()
