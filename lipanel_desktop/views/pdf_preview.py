"""Preview a generated PDF inside the program (QtPdf's QPdfView).

The PDF is loaded from memory through a QBuffer and never written to a temporary file;
closing the dialog closes the document and drops the bytes. Print and Save as are
offered here; what they do is the caller's (views/print_document.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

ZOOM_STEP = 1.25


def load_from_memory(document: QPdfDocument, pdf: bytes, parent: QWidget | None = None) -> QBuffer:
    """Load `pdf` into `document` from a QBuffer; keep the buffer alive while in use."""
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return buffer


class PdfPreviewDialog(QDialog):
    def __init__(
        self,
        pdf: bytes,
        title: str,
        *,
        on_print: Callable[[], None] | None = None,
        on_save: Callable[[], None] | None = None,
        on_register: Callable[[], None] | None = None,
        note: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(900, 1000)
        self.document = QPdfDocument(self)
        self._buffer = load_from_memory(self.document, pdf, self)

        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName("Document pages")
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.print_button = self._button("&Print…", "Print the document", on_print)
        self.save_button = self._button("&Save as PDF…", "Save the document as a PDF file", on_save)
        self.zoom_out = self._button("Zoom &out", "Make the pages smaller", lambda: self._zoom(1 / ZOOM_STEP))
        self.zoom_in = self._button("Zoom &in", "Make the pages larger", lambda: self._zoom(ZOOM_STEP))
        self.fit = self._button("&Fit width", "Fit the page to the window width", self._fit_width)
        self.register_button = self._button("Copy &register…", "Who received which numbered copy", on_register)
        self.register_button.setVisible(on_register is not None)
        self.close_button = self._button("&Close", "Close the preview", self.reject)
        self.print_button.setEnabled(on_print is not None)
        self.save_button.setEnabled(on_save is not None)
        self.page_label = QLabel(self)
        self.page_label.setAccessibleName("Current page")

        tools = QHBoxLayout()
        for widget in (self.print_button, self.save_button, self.register_button):
            tools.addWidget(widget)
        tools.addStretch(1)
        for widget in (self.zoom_out, self.zoom_in, self.fit, self.page_label):
            tools.addWidget(widget)
        tools.addStretch(1)
        tools.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        if note:
            note_label = QLabel(note, self)
            note_label.setObjectName("note")
            note_label.setWordWrap(True)
            layout.addWidget(note_label)
        layout.addWidget(self.view, 1)

        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_button.click)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save_button.click)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, activated=self.zoom_in.click)
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, activated=self.zoom_out.click)
        self.view.pageNavigator().currentPageChanged.connect(self._show_page)
        self._show_page(0)
        self.setTabOrder(self.print_button, self.save_button)
        self.setTabOrder(self.save_button, self.register_button)
        self.setTabOrder(self.register_button, self.zoom_out)
        self.setTabOrder(self.zoom_out, self.zoom_in)
        self.setTabOrder(self.zoom_in, self.fit)
        self.setTabOrder(self.fit, self.close_button)
        self.setTabOrder(self.close_button, self.view)

    def _button(self, text: str, accessible: str, slot: Callable[[], None] | None) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setAccessibleDescription(accessible)
        button.setAutoDefault(False)
        if slot is not None:
            button.clicked.connect(slot)
        return button

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def _show_page(self, page: int) -> None:
        self.page_label.setText(f"Page {page + 1} of {self.page_count}")

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(6.0, self.view.zoomFactor() * factor)))

    def _fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def done(self, result: int) -> None:
        """Close the document and drop the bytes as soon as the preview closes."""
        self.document.close()
        self._buffer.close()
        self._buffer.setData(QByteArray())
        super().done(result)
