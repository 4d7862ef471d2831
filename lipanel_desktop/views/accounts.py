"""Administration › Accounts: who can open the database and when each last did; add and
remove users, change roles, reset a forgotten password (a one-time password that must be
changed at the next unlock), rotate the database key; and, for everyone, "Change my
password"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.errors import KnownError, ValidationError
from lipanel_desktop.services.audit_log import to_local
from lipanel_desktop.services.database import rekey_database
from lipanel_desktop.services.permissions import allowed
from lipanel_desktop.vocabulary.roles import Permission, Role
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.accounts_password import RULES, ChangePasswordDialog
from lipanel_desktop.views.pages.administration_widgets import fit_columns, password_field, problem_label, read_only_table
from lipanel_desktop.views.widgets.flow_layout import FlowLayout

if TYPE_CHECKING:
    from lipanel_desktop.services.accounts import AccountInfo, AccountService
    from lipanel_desktop.views.context import AppContext

HEADINGS = ("User name", "Full name", "Role", "Last unlocked", "Password", "Key slot")


def _role_combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for role in Role:
        combo.addItem(role.label, role.value)
    return combo


class AddUserDialog(QDialog):
    """A new user: name, full name, role and a first password they must change."""

    def __init__(self, accounts: "AccountService", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.accounts = accounts
        self.setWindowTitle("Add a user")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setAccessibleName("User name")
        self.name.setMaxLength(64)
        self.display_name = QLineEdit()
        self.display_name.setAccessibleName("Full name")
        self.display_name.setMaxLength(200)
        self.role = _role_combo("Role")
        self.role.setCurrentIndex(self.role.findData(Role.PANEL_MEMBER.value))
        self.password = password_field("First password")
        self.repeat = password_field("Repeat the first password")
        self.must_change = QCheckBox("They must choose their own password when they first unlock")
        self.must_change.setChecked(True)
        for text, widget in (
            ("&User name", self.name),
            ("&Full name", self.display_name),
            ("&Role", self.role),
            ("First &password", self.password),
            ("R&epeat password", self.repeat),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        form.addRow("", self.must_change)
        layout.addLayout(form)
        rules = QLabel(RULES)
        rules.setObjectName("Hint")
        rules.setWordWrap(True)
        layout.addWidget(rules)
        self.message = problem_label()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Add user")
        buttons.accepted.connect(self.add)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def add(self) -> None:
        if self.password.text() != self.repeat.text():
            self._say("The two passwords are not the same. Type them again.")
            self.repeat.clear()
            self.repeat.setFocus()
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.accounts.add(
                self.name.text().strip(),
                str(self.role.currentData()),
                self.password.text(),
                display_name=self.display_name.text().strip(),
                must_change=self.must_change.isChecked(),
            )
        except ValidationError as error:
            self._say(" ".join(error.problems.values()))
            return
        except KnownError as error:
            self._say(error.message)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def done(self, result: int) -> None:
        self.password.clear()
        self.repeat.clear()
        super().done(result)


class AccountsTab(QWidget):
    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        store = ctx.workspace.store
        self.manage = allowed(store.identity, Permission.MANAGE_USERS) and not store.read_only
        self.rows: list[AccountInfo] = []
        layout = QVBoxLayout(self)
        mine = QGroupBox("My account")
        row = QHBoxLayout(mine)
        self.me = QLabel()
        self.me.setWordWrap(True)
        self.me.setAccessibleName("My account")
        self.change_mine = QPushButton("&Change my password…")
        self.change_mine.setEnabled(not store.read_only)
        row.addWidget(self.me, 1)
        row.addWidget(self.change_mine)
        layout.addWidget(mine)
        self.users_box = QGroupBox("Who can open this database")
        users = QVBoxLayout(self.users_box)
        self.table = read_only_table(HEADINGS, "Users who can open this database")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        users.addWidget(self.table)
        controls = FlowLayout()  # wraps at 200% text rather than pushing the page sideways
        self.add_button = QPushButton("Add &user…")
        self.role = _role_combo("New role for the selected user")
        role_label = QLabel("Ro&le")
        role_label.setBuddy(self.role)
        role_label.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight)
        role_label.setMinimumHeight(self.role.sizeHint().height())  # level with the list beside it
        self.role_button = QPushButton("Change &role")
        self.reset_button = QPushButton("Reset &password…")
        self.remove_button = QPushButton("Re&move user…")
        for widget in (self.add_button, role_label, self.role, self.role_button, self.reset_button, self.remove_button):
            controls.addWidget(widget)
        users.addLayout(controls)
        key_row = QHBoxLayout()
        self.rekey_button = QPushButton("Rotate the database &key…")
        self.rekey_button.setToolTip("Give the database a new key and reseal it to every user (done after removing a user)")
        note = QLabel("Removing a user rotates the key by itself, so their old password opens neither the database nor later backups.")
        note.setObjectName("Hint")
        note.setWordWrap(True)
        key_row.addWidget(note, 1)
        key_row.addWidget(self.rekey_button)
        users.addLayout(key_row)
        layout.addWidget(self.users_box, 1)
        self.users_box.setVisible(self.manage)
        self.change_mine.clicked.connect(self.change_my_password)
        self.add_button.clicked.connect(self.add_user)
        self.role_button.clicked.connect(self.change_role)
        self.reset_button.clicked.connect(self.reset_password)
        self.remove_button.clicked.connect(self.remove_user)
        self.rekey_button.clicked.connect(self.rotate_key)
        self.table.itemSelectionChanged.connect(self._selection_changed)

    @property
    def accounts(self) -> "AccountService":
        return self.ctx.workspace.accounts

    def refresh(self) -> None:
        identity = self.ctx.workspace.identity
        self.me.setText(f"You are {identity.name} ({Role.label_of(identity.role, identity.role)}).")
        if not self.manage:
            return
        rows = self.ctx.ops.run(self.accounts.list, title="Cannot list the users")
        if rows is None:
            return
        selected = self.selected()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, account in enumerate(rows):
            last = to_local(account.last_login_at).strftime("%d/%m/%Y %H:%M") if account.last_login_at else "Never"
            cells = (
                account.name,
                account.display_name,
                account.role_label,
                last,
                "Must change at next unlock" if account.must_change_password else "Set by the user",
                "Present" if account.has_key_slot else "MISSING: cannot unlock",
            )
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
            if selected is not None and account.name == selected.name:
                self.table.selectRow(r)
        fit_columns(self.table)
        self._selection_changed()

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.rows = []

    def selected(self) -> "AccountInfo | None":
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _selection_changed(self) -> None:
        account = self.selected()
        for button in (self.role_button, self.reset_button, self.remove_button):
            button.setEnabled(account is not None)
        if account is not None:
            self.role.setCurrentIndex(max(self.role.findData(account.role), 0))

    # -- commands ------------------------------------------------------------------------
    def change_my_password(self) -> None:
        dialog = ChangePasswordDialog(self.accounts, self.ctx.workspace.identity.name, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            msgbox.inform(self, "Password changed", "Your password has been changed. Use the new one next time you unlock.")

    def add_user(self) -> None:
        dialog = AddUserDialog(self.accounts, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.ctx.hub.changed.emit("accounts")
            self.refresh()

    def change_role(self) -> None:
        account = self.selected()
        if account is None:
            return
        role = str(self.role.currentData())
        if role == account.role:
            return
        if self.ctx.ops.run(lambda: self.accounts.set_role(account.name, role) or True, changes="accounts", title="Role not changed"):
            self.refresh()

    def reset_password(self) -> None:
        account = self.selected()
        if account is None:
            return
        answer = msgbox.ask(
            self,
            "Reset password",
            f"Give {account.name} a one-time password? Their old password stops working, and they must choose "
            "a new one when they next unlock.",
            default_no=True,
        )
        if answer != msgbox.Answer.YES:
            return
        one_time = self.ctx.ops.run(lambda: self.accounts.reset_password(account.name), changes="accounts", title="Password not reset")
        if one_time is None:
            return
        self.refresh()
        msgbox.inform(
            self,
            "One-time password",
            f"The one-time password for {account.name} is:\n\n{one_time}\n\nGive it to them in person or by phone, "
            "never by email. It is shown only now.",
        )

    def remove_user(self) -> None:
        account = self.selected()
        if account is None:
            return
        answer = msgbox.ask(
            self,
            "Remove user",
            f"Remove {account.name}? They will no longer be able to open the database, and the database key is "
            "rotated so their old password opens no later backup either. Their past actions stay in the audit trail.",
            default_no=True,
        )
        if answer != msgbox.Answer.YES:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            done = self.ctx.ops.run(lambda: self.accounts.remove(account.name) or True, changes="accounts", title="User not removed")
        finally:
            QGuiApplication.restoreOverrideCursor()
        if done:
            self.refresh()

    def rotate_key(self) -> None:
        answer = msgbox.ask(
            self,
            "Rotate the database key",
            "Give the database a new key and reseal it to every user? Everyone keeps their password. "
            "Backups made before now keep the old key and their own users.",
            default_no=True,
        )
        if answer != msgbox.Answer.YES:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            done = self.ctx.ops.run(lambda: rekey_database(self.ctx.workspace.store) or True, title="Key not rotated")
        finally:
            QGuiApplication.restoreOverrideCursor()
        if done:
            msgbox.inform(self, "Key rotated", "The database has a new key, sealed to every user.")
