"""First run: create the database — the organisation, the first administrator (password
typed twice, checked against the strength rules as you type), and where backups go."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
    QWizard,
    QWizardPage,
)

from lipanel_desktop.errors import KnownError, ValidationError
from lipanel_desktop.services.accounts import check_user_name
from lipanel_desktop.services.database import create_database
from lipanel_desktop.services.organisation import setting
from lipanel_desktop.services.passwords import MIN_LENGTH, password_problem
from lipanel_desktop.settings import DATABASE_SUFFIX, data_dir, default_database_path
from lipanel_desktop.storage.store import Store
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.ops import describe_bug


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("FieldError")
    label.setWordWrap(True)
    label.hide()
    return label


def _say(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def _place_row(form: QFormLayout, label: str, line: QLineEdit, accessible: str, browse_name: str,
               browse: Callable[[], None], hint_text: str) -> QLabel:
    """A place on disk: the path, a Browse button, a hint, and room for a problem."""
    button = QPushButton("Browse…")
    button.setAccessibleName(browse_name)
    button.clicked.connect(browse)
    row = QHBoxLayout()
    row.addWidget(line, 1)
    row.addWidget(button)
    _labelled(form, label, line, accessible, row)
    hint = QLabel(hint_text)
    hint.setObjectName("Hint")
    hint.setWordWrap(True)
    form.addRow("", hint)
    error = _error_label()
    form.addRow("", error)
    return error


def _labelled(form: QFormLayout, text: str, widget: QWidget, accessible: str, row: QHBoxLayout | None = None) -> None:
    label = QLabel(text)
    label.setBuddy(widget)
    widget.setAccessibleName(accessible)
    form.addRow(label, row if row is not None else widget)


class OrganisationPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Your organisation")
        self.setSubTitle("The name printed on every document. You can change it later in Administration.")
        form = QFormLayout(self)
        self.board = QLineEdit(setting("board_name").default)
        self.board.setMaxLength(200)
        _labelled(form, "Organisation &name", self.board, "Organisation name")
        self.path = QLineEdit(str(default_database_path()))
        self.error = _place_row(
            form, "&Database file", self.path, "Database file", "Choose where to keep the database", self._browse,
            "The database is one encrypted file. A key file is kept beside it: both are needed, "
            "and backups always include both.",
        )

    def _browse(self) -> None:
        chosen = msgbox.save_file(self, "Where to keep the database", f"LIPanel databases (*{DATABASE_SUFFIX})", self.path.text())
        if chosen:
            if not chosen.endswith(DATABASE_SUFFIX):
                chosen += DATABASE_SUFFIX
            self.path.setText(chosen)

    def database_path(self) -> Path:
        return Path(os.path.expanduser(self.path.text().strip()))

    def validatePage(self) -> bool:  # noqa: N802 (Qt's name)
        if not self.board.text().strip():
            _say(self.error, "Give the organisation's name.")
            self.board.setFocus()
            return False
        if not self.path.text().strip():
            _say(self.error, "Choose where to keep the database.")
            self.path.setFocus()
            return False
        path = self.database_path()
        if path.exists():
            _say(self.error, f"{path} already exists. Choose another name, or open it from the unlock screen.")
            self.path.setFocus()
            return False
        _say(self.error, "")
        return True


class AdministratorPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("The first administrator")
        self.setSubTitle("This account can add the other users. Each person then unlocks with their own password.")
        form = QFormLayout(self)
        self.user = QLineEdit()
        self.user.setMaxLength(64)
        _labelled(form, "&User name", self.user, "Administrator user name")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(1024)
        _labelled(form, "&Password", self.password, "Password")
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setMaxLength(1024)
        _labelled(form, "Password &again", self.again, "Password again")
        self.rules = QLabel(
            f"At least {MIN_LENGTH} characters; not a well-known password; not containing the user name. "
            "A short sentence you will remember works well."
        )
        self.rules.setObjectName("Hint")
        self.rules.setWordWrap(True)
        form.addRow("", self.rules)
        self.strength = QLabel()
        self.strength.setWordWrap(True)
        self.strength.setAccessibleName("Password check")
        form.addRow("", self.strength)
        self.error = _error_label()
        form.addRow("", self.error)
        for field in (self.user, self.password, self.again):
            field.textChanged.connect(self._live_check)
        self._live_check()

    def _problem(self) -> str | None:
        try:
            check_user_name(self.user.text(), field="user")
        except ValidationError as error:
            return error.problems.get("user", error.message)
        problem = password_problem(self.password.text(), self.user.text())
        if problem:
            return problem
        if self.password.text() != self.again.text():
            return "The two passwords are not the same."
        return None

    def _live_check(self) -> None:
        _say(self.error, "")
        if not self.password.text():
            self.strength.setText("")
            return
        problem = password_problem(self.password.text(), self.user.text())
        if problem:
            self.strength.setText(f"Not yet: {problem}")
        elif self.again.text() and self.again.text() != self.password.text():
            self.strength.setText("Not yet: the two passwords are not the same.")
        elif not self.again.text():
            self.strength.setText("This password meets the rules. Type it again below.")
        else:
            self.strength.setText("✓ The password meets the rules and both match.")

    def validatePage(self) -> bool:  # noqa: N802
        problem = self._problem()
        if problem:
            _say(self.error, problem)
            return False
        return True


class BackupPage(QWizardPage):
    def __init__(self, wizard: "FirstRunWizard") -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Backups")
        self.setSubTitle("Where encrypted backups of the database and its key file are kept.")
        form = QFormLayout(self)
        self.folder = QLineEdit(str(data_dir() / "backups"))
        self.error = _place_row(
            form, "&Backup folder", self.folder, "Backup folder", "Choose the backup folder", self._browse,
            "Choose a folder on another drive or a network share if you can: a backup on the same "
            "disk is lost with it. Backups are encrypted and need a password to restore.",
        )

    def _browse(self) -> None:
        chosen = msgbox.choose_folder(self, "Backup folder", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def validatePage(self) -> bool:  # noqa: N802
        text = self.folder.text().strip()
        if not text:
            _say(self.error, "Choose a folder for backups.")
            return False
        folder = Path(os.path.expanduser(text))
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            _say(self.error, f"The folder {folder} cannot be created ({error.strerror}). Choose another one.")
            return False
        if not os.access(folder, os.W_OK):
            _say(self.error, f"The folder {folder} cannot be written to. Choose another one.")
            return False
        _say(self.error, "")
        return self._wizard.create(folder)


class FirstRunWizard(QWizard):
    """On success `store` is the new database, unlocked for its administrator."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Create a LIPanel database")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.store: Store | None = None
        self.organisation = OrganisationPage()
        self.administrator = AdministratorPage()
        self.backups = BackupPage(self)
        for page in (self.organisation, self.administrator, self.backups):
            # Pages take the wizard's whole height: otherwise a page stays at its first
            # size and a message that appears later squeezes the hints above it.
            page.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Create database")
        self._fit_text()

    def _fit_text(self) -> None:
        """Room for the rules and hints at any text size (at 200% a fixed 640 × 480 squeezed
        them over each other), but never larger than the screen."""
        metrics = self.fontMetrics()
        width, height = metrics.averageCharWidth() * 78, metrics.lineSpacing() * 26
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(max(width, 640), max(height, 480))

    def create(self, backup_folder: Path) -> bool:
        path = self.organisation.database_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.store = create_database(
                path,
                self.administrator.user.text(),
                self.administrator.password.text(),
                board_name=self.organisation.board.text().strip(),
                backup_folder=str(backup_folder),
            )
        except KnownError as error:
            _say(self.backups.error, error.message)
            return False
        except OSError as error:
            _say(self.backups.error, f"The database cannot be created there ({error.strerror}). Go back and choose another place.")
            return False
        except Exception as error:
            _say(self.backups.error, describe_bug(error))
            return False
        self.administrator.password.clear()
        self.administrator.again.clear()
        return True

    def reject(self) -> None:
        self.administrator.password.clear()
        self.administrator.again.clear()
        super().reject()
