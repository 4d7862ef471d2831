"""A line edit as wide as a number of characters of its *current* font, so short fields
(dates, times, telephone numbers) stay the right size at any text size."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLineEdit, QSizePolicy, QWidget


class SizedLineEdit(QLineEdit):
    def __init__(self, chars: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chars = chars
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        base = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance("0" * self.chars) + 24, base.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()
