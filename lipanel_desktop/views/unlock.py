"""The unlock screen: which database, who you are, your password.

Two modes. *Open*: choose a database (recent list of paths, or browse), type a user name
and password. *Locked*: the database and user are fixed; only the password is asked, and
"Close database" returns to the open mode. A wrong password gets one calm message under
the field, and after a few failures a delay that grows and survives a restart.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.errors import KnownError, UnknownUser, WrongPassword
from lipanel_desktop.services.login_throttle import LoginThrottle
from lipanel_desktop.settings import DATABASE_SUFFIX, default_database_path
from lipanel_desktop.views import msgbox, preferences
from lipanel_desktop.views.ops import describe_bug
from lipanel_desktop.views.style import app_icon

if TYPE_CHECKING:
    from lipanel_desktop.storage.store import Store

WRONG_LOGIN = "The user name or password is not right. Check Caps Lock and try again."


class UnlockScreen(QWidget):
    """Emits `unlocked(store)` after a successful unlock; `create_requested` for the
    first-run wizard."""

    unlocked = Signal(object)
    create_requested = Signal()
    close_database_requested = Signal()

    def __init__(self, demo_login: tuple[str, str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.demo_login = demo_login
        self.throttle = LoginThrottle()
        self.locked_mode = False
        self._wait_timer = QTimer(self)
        self._wait_timer.setInterval(250)
        self._wait_timer.timeout.connect(self._tick)
        self._build()
        self.show_open()

    # -- building -------------------------------------------------------------------

    def _build(self) -> None:
        # In a scroll area: at 200% text in a small window the card scrolls rather than
        # squeezing its fields on top of each other.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget()
        scroll.setWidget(page)
        holder = QVBoxLayout(self)
        holder.setContentsMargins(0, 0, 0, 0)
        holder.addWidget(scroll)
        outer = QVBoxLayout(page)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.card = QFrame()
        self.card.setObjectName("UnlockCard")
        # Its height follows its width (wrapped lines): a fixed height from the size hint
        # squeezed the fields on top of each other in a small window.
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.card.setSizePolicy(policy)
        self._size_card()
        row.addWidget(self.card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        card = QVBoxLayout(self.card)
        card.setContentsMargins(28, 24, 28, 24)
        card.setSpacing(12)
        header = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(48, 48))
        icon.setAccessibleName("LIPanel")
        header.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        titles = QVBoxLayout()
        self.title = QLabel("Unlock LIPanel")
        self.title.setObjectName("PageTitle")
        self.subtitle = QLabel("Learning and Improvement Panel case reviews")
        self.subtitle.setObjectName("Hint")
        self.subtitle.setWordWrap(True)
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        card.addLayout(header)

        self.demo_note = QLabel()
        self.demo_note.setObjectName("Calm")
        self.demo_note.setWordWrap(True)
        self.demo_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        card.addWidget(self.demo_note)
        self.demo_note.setVisible(self.demo_login is not None)
        if self.demo_login is not None:
            user, password = self.demo_login
            self.demo_note.setText(
                "This is a demonstration with fictional data. It is deleted when you close the program.\n"
                f"Demo login — user name: {user}   password: {password}"
            )
            self.demo_note.setAccessibleName("Demo login")
        self.demo_fill = QPushButton("Use the &demo login")
        self.demo_fill.setVisible(self.demo_login is not None)
        self.demo_fill.clicked.connect(self.fill_demo_login)
        card.addWidget(self.demo_fill, 0, Qt.AlignmentFlag.AlignLeft)

        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.database = QComboBox()
        self.database.setEditable(True)
        self.database.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.database.setAccessibleName("Database file")
        self.database.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.database.setMinimumContentsLength(24)
        self.browse = QPushButton("Browse…")
        self.browse.setAccessibleName("Browse for a database file")
        db_row = QHBoxLayout()
        db_row.addWidget(self.database, 1)
        db_row.addWidget(self.browse)
        self.database_label = QLabel("&Database")
        self.database_label.setBuddy(self.database)
        form.addRow(self.database_label, db_row)
        self.database_fixed = QLabel()
        self.database_fixed.setWordWrap(True)
        self.database_fixed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.database_fixed_label = QLabel("Database")
        form.addRow(self.database_fixed_label, self.database_fixed)

        self.user = QLineEdit()
        self.user.setAccessibleName("User name")
        self.user.setMaxLength(64)
        user_label = QLabel("&User name")
        user_label.setBuddy(self.user)
        form.addRow(user_label, self.user)

        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.password.setMaxLength(1024)
        password_label = QLabel("&Password")
        password_label.setBuddy(self.password)
        form.addRow(password_label, self.password)
        self.show_password = QCheckBox("S&how password")
        self.show_password.toggled.connect(
            lambda on: self.password.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        )
        form.addRow("", self.show_password)
        self.message = QLabel()
        self.message.setObjectName("FieldError")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Unlock message")
        self.message.hide()
        form.addRow("", self.message)
        card.addLayout(form)

        buttons = QHBoxLayout()
        self.create_button = QPushButton("Create a &new database…")
        self.close_button = QPushButton("&Close database")
        self.unlock_button = QPushButton("Un&lock")
        self.unlock_button.setDefault(True)
        self.unlock_button.setAutoDefault(True)
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        card.addLayout(buttons)
        self.hint = QLabel("Forgotten your password? An administrator can reset it for you.")
        self.hint.setObjectName("Hint")
        self.hint.setWordWrap(True)
        card.addWidget(self.hint)

        self.browse.clicked.connect(self._browse)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.password.returnPressed.connect(self.try_unlock)
        self.user.returnPressed.connect(self.password.setFocus)
        self.create_button.clicked.connect(self.create_requested)
        self.close_button.clicked.connect(self.close_database_requested)
        self.password.textEdited.connect(lambda _t: self._password_edited())
        self.user.textEdited.connect(lambda _t: self._fields_changed())
        self.database.currentTextChanged.connect(lambda _t: self._fields_changed())
        self.setTabOrder(self.database, self.browse)
        self.setTabOrder(self.browse, self.user)
        self.setTabOrder(self.user, self.password)
        self.setTabOrder(self.password, self.show_password)
        self.setTabOrder(self.show_password, self.unlock_button)
        self.setTabOrder(self.unlock_button, self.create_button)
        self.setTabOrder(self.create_button, self.close_button)

    def _size_card(self) -> None:
        """About 60 characters wide at any text size (and never wider than the window)."""
        char = self.fontMetrics().averageCharWidth()
        self.card.setMinimumWidth(min(char * 48, 900))
        self.card.setMaximumWidth(char * 80)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and hasattr(self, "card"):
            self._size_card()

    # -- modes ----------------------------------------------------------------------

    def show_open(self, database: Path | None = None) -> None:
        """Choose a database and log in."""
        self.locked_mode = False
        self.title.setText("Unlock LIPanel")
        self.subtitle.setText("Learning and Improvement Panel case reviews")
        self.database.clear()
        paths = preferences.recent_databases()
        default = default_database_path()
        if default.exists() and default not in paths:
            paths.append(default)
        if database is not None:
            paths = [Path(database), *[p for p in paths if p != Path(database)]]
        for path in paths:
            self.database.addItem(str(path))
        if not paths:
            self.database.setEditText(str(default))
        for widget in (self.database_label, self.database, self.browse, self.create_button):
            widget.setVisible(True)
        # A demonstration is about its own throwaway database: nothing else to open or make.
        self.create_button.setVisible(self.demo_login is None)
        for widget in (self.database_fixed_label, self.database_fixed, self.close_button):
            widget.setVisible(False)
        self.user.setReadOnly(False)
        if self.demo_login is not None:
            self.user.setText(self.demo_login[0])
        elif not self.user.text():
            self.user.setText(preferences.LAST_USER.get())
        self.password.clear()
        self.show_password.setChecked(False)
        self._clear_message()
        self._resume_wait()
        self.focus_first_empty()

    def show_locked(self, database: Path, user: str) -> None:
        """The window was locked: only this user's password unlocks it again."""
        self.locked_mode = True
        self.title.setText("LIPanel is locked")
        self.subtitle.setText(f"Locked by {user}. Enter your password to return to where you were.")
        self.database.clear()
        self.database.addItem(str(database))
        self.database_fixed.setText(str(database))
        for widget in (self.database_label, self.database, self.browse, self.create_button):
            widget.setVisible(False)
        for widget in (self.database_fixed_label, self.database_fixed, self.close_button):
            widget.setVisible(True)
        self.user.setText(user)
        self.user.setReadOnly(True)
        self.password.clear()
        self.show_password.setChecked(False)
        self._clear_message()
        self._resume_wait()
        self.password.setFocus()

    def fill_demo_login(self) -> None:
        """Demo mode: put the (public, fictional) demo login in and unlock."""
        if self.demo_login is None:
            return
        if not self.locked_mode:
            self.user.setText(self.demo_login[0])
        self.password.setText(self.demo_login[1])
        self.try_unlock()

    def focus_first_empty(self) -> None:
        if not self.database.currentText().strip():
            self.database.setFocus()
        elif not self.user.text().strip():
            self.user.setFocus()
        else:
            self.password.setFocus()

    def database_path(self) -> Path:
        text = self.database.currentText().strip()
        return Path(os.path.expanduser(text)) if text else Path()

    # -- unlocking ----------------------------------------------------------------------

    def try_unlock(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        path = self.database_path()
        user = self.user.text().strip()
        password = self.password.text()
        if not self.database.currentText().strip():
            self._say("Choose the database file to open.")
            self.database.setFocus()
            return
        if not user:
            self._say("Type your user name.")
            self.user.setFocus()
            return
        if not password:
            self._say("Type your password.")
            self.password.setFocus()
            return
        waiting = self.throttle.check(path, user)
        if waiting.wait_seconds > 0:
            self._start_wait(path, user)
            return
        self._say("Unlocking…", error=False)
        self.unlock_button.setEnabled(False)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self.message.repaint()
        try:
            store = self._open(path, user, password)
        except (WrongPassword, UnknownUser):
            self._done_trying()
            self._failed(path, user)
            return
        except KnownError as error:
            self._done_trying()
            self._say(error.message)
            return
        except Exception as error:  # a bug: logged without content, never a traceback
            self._done_trying()
            self._say(describe_bug(error))
            return
        self._done_trying()
        if store is None:
            self._clear_message()
            return
        self.throttle.record_success(path, user)
        self.password.clear()
        self._clear_message()
        if not self.demo_login:
            preferences.remember_database(path)
            preferences.LAST_USER.set(store.identity.name)
        self.unlocked.emit(store)

    def _done_trying(self) -> None:
        QGuiApplication.restoreOverrideCursor()
        self.unlock_button.setEnabled(True)

    def _open(self, path: Path, user: str, password: str) -> Store | None:
        """Open for this program alone; if another program has it open, offer read-only.
        Imported here, so the unlock screen shows before the database code is loaded."""
        from lipanel_desktop.services.database import DatabaseReadOnly, open_database
        from lipanel_desktop.storage.instance_lock import DatabaseInUse

        if self.locked_mode:
            return open_database(path, user, password, exclusive=True)
        try:
            return open_database(path, user, password, exclusive=True)
        except (DatabaseInUse, DatabaseReadOnly) as error:
            QGuiApplication.restoreOverrideCursor()
            title = "Database in use" if isinstance(error, DatabaseInUse) else "Read-only database"
            answer = msgbox.ask(self, title, f"{error.message}\n\nOpen it read-only?", default_no=True)
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            if answer != msgbox.Answer.YES:
                return None
            return open_database(path, user, password, read_only=True)

    def _failed(self, path: Path, user: str) -> None:
        attempts = self.throttle.record_failure(path, user)
        self.password.clear()
        self.password.setFocus()
        if attempts.wait_seconds > 0:
            self._start_wait(path, user, prefix=WRONG_LOGIN)
        else:
            self._say(WRONG_LOGIN)

    def _start_wait(self, path: Path, user: str, prefix: str = "") -> None:
        self._wait_for = (path, user, prefix)
        self.unlock_button.setEnabled(False)
        self._tick()
        self._wait_timer.start()

    def _resume_wait(self) -> None:
        """After a restart or a lock, a delay still running is shown again."""
        self._wait_timer.stop()
        self.unlock_button.setEnabled(True)
        self._clear_message()
        path, user = self.database_path(), self.user.text().strip()
        if user and self.database.currentText().strip() and self.throttle.check(path, user).wait_seconds > 0:
            self._start_wait(path, user, prefix="There have been several wrong passwords.")

    def _tick(self) -> None:
        path, user, prefix = self._wait_for
        left = self.throttle.check(path, user).wait_seconds
        if left <= 0:
            self._wait_timer.stop()
            self.unlock_button.setEnabled(True)
            self._say((prefix + " " if prefix else "") + "You can try again now.", error=bool(prefix))
            return
        seconds = int(left + 0.999)
        unit = "second" if seconds == 1 else "seconds"
        self._say(f"{prefix + ' ' if prefix else ''}To protect the data, please wait {seconds} {unit} before trying again.")

    def _say(self, text: str, error: bool = True) -> None:
        self.message.setText(text)
        self.message.setObjectName("FieldError" if error else "Hint")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(True)

    def _clear_message(self) -> None:
        self.message.clear()
        self.message.hide()

    def _fields_changed(self) -> None:
        """Another database or user may have no delay (or a different one)."""
        if self._wait_timer.isActive():
            self._resume_wait()
        else:
            self._clear_message()

    def _password_edited(self) -> None:
        if not self._wait_timer.isActive():
            self._clear_message()

    def _browse(self) -> None:
        start = str(self.database_path().parent) if self.database.currentText().strip() else ""
        chosen = msgbox.open_file(self, "Open a LIPanel database", f"LIPanel databases (*{DATABASE_SUFFIX});;All files (*)", start)
        if chosen:
            self.database.setEditText(chosen)
            self.user.setFocus()

    def wipe(self) -> None:
        """Nothing typed survives a lock or a switch of screens."""
        self.password.clear()
