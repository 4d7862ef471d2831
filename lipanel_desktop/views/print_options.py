"""Choose how a document is made: which document, the redaction profile, numbered copies
for recipients, and a password for saved copies."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.errors import KnownError, ValidationError
from lipanel_desktop.services.documents.service import check_password, check_recipients
from lipanel_desktop.vocabulary.documents import DocumentKind, RedactionProfile


@dataclass(frozen=True)
class DocumentChoice:
    kind: DocumentKind
    profile: RedactionProfile
    recipients: tuple[str, ...]
    password: str | None


class DocumentOptionsDialog(QDialog):
    def __init__(self, kinds: tuple[DocumentKind, ...], parent: QWidget | None = None,
                 profile: RedactionProfile = RedactionProfile.PANEL) -> None:
        super().__init__(parent)
        self.setWindowTitle("Print, preview or export a document")
        self.setMinimumWidth(520)
        self.choice: DocumentChoice | None = None

        self.kind = QComboBox(self)
        for kind in kinds:
            self.kind.addItem(kind.label, kind.value)
        self.profile = QComboBox(self)
        for option in RedactionProfile:
            self.profile.addItem(option.label, option.value)
        self.profile.setCurrentIndex(list(RedactionProfile).index(profile))
        self.recipients = QPlainTextEdit(self)
        self.recipients.setPlaceholderText("One recipient per line, for example:\nPolice\nHealth")
        self.recipients.setTabChangesFocus(True)
        self.recipients.setFixedHeight(90)
        self.encrypt = QCheckBox("Protect saved files with a &password (AES-256)", self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit(self)
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem")
        for widget, name in ((self.kind, "Document"), (self.profile, "Redaction"), (self.recipients, "Numbered copies for"),
                             (self.encrypt, "Protect with a password"), (self.password, "PDF password"),
                             (self.confirm, "PDF password again")):
            widget.setAccessibleName(name)
        self.encrypt.toggled.connect(self._sync)

        form = QFormLayout()
        form.addRow("&Document:", self.kind)
        form.addRow("&Redaction:", self.profile)
        form.addRow("Numbered &copies for:", self.recipients)
        form.addRow("", self.encrypt)
        form.addRow("P&DF password:", self.password)
        form.addRow("PDF password &again:", self.confirm)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Make the document")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        hint = QLabel("Leave the copies empty for a single, unnumbered document. Numbered copies carry "
                      "\u201cCopy 3 of 12 \u2014 Police\u201d on every page and are entered in the copy register. "
                      "Previews and prints are never password-protected; saved files are when you ask.", self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self._sync()

    def _sync(self) -> None:
        on = self.encrypt.isChecked()
        self.password.setEnabled(on)
        self.confirm.setEnabled(on)

    def accept(self) -> None:
        recipients = [line for line in self.recipients.toPlainText().splitlines() if line.strip()]
        password = self.password.text() if self.encrypt.isChecked() else None
        try:
            if password is not None and password != self.confirm.text():
                raise KnownError("The two PDF passwords do not match.")
            checked = check_recipients(recipients)
            check_password(password)
        except ValidationError as error:
            self.problem.setText(" ".join(error.problems.values()))
            return
        except KnownError as error:
            self.problem.setText(error.message)
            return
        self.choice = DocumentChoice(DocumentKind(self.kind.currentData()), RedactionProfile(self.profile.currentData()),
                                     checked, password)
        super().accept()
