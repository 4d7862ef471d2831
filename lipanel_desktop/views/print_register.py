"""The copy register: who received which numbered copy of a document, when, and from whom."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractItemView, QDialog, QDialogButtonBox, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from lipanel_desktop.services.documents.service import RegisterRow

COLUMNS = ("Issued", "By", "Document", "Reference", "Redaction", "Copy", "Recipient")


class CopyRegisterDialog(QDialog):
    def __init__(self, rows: Sequence[RegisterRow], reference: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Copy register")
        self.resize(900, 420)
        self.table = QTableWidget(len(rows), len(COLUMNS), self)
        self.table.setAccessibleName("Numbered copies issued")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        for r, row in enumerate(rows):
            values = (row.issued_at, row.issued_by, row.document_kind, row.document_reference, row.profile, row.copy,
                      row.recipient)
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        what = f" of {reference}" if reference else ""
        summary = QLabel(f"{len(rows)} numbered cop{'y' if len(rows) == 1 else 'ies'}{what} issued, newest first."
                         if rows else f"No numbered copies{what} have been issued.", self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
