"""The Form A editor's frame: a header with the reference, status and commands, a message
strip, an index of sections on the left and the scrolling form on the right."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.vocabulary.form_a import CONFIDENTIALITY_STATEMENT, FORM_TITLE, IMPORTANT_INFORMATION
from lipanel_desktop.views.form_a.sections import FormWidgets, build
from lipanel_desktop.views.widgets.flow_layout import flow_widget


class EditorFrame(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)

        header = QHBoxLayout()
        self.back_button = QPushButton("← Referral register")
        self.back_button.setAccessibleName("Back to the referral register")
        self.back_button.setToolTip("Back to the register (Esc)")
        header.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        titles = QVBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("PageTitle")
        self.title.setAccessibleName("Referral")
        self.status = QLabel()
        self.status.setAccessibleName("Referral status")
        self.status.setWordWrap(True)
        titles.addWidget(self.title)
        titles.addWidget(self.status)
        header.addLayout(titles, 1)
        self.save_button = QPushButton("&Save")
        self.save_button.setToolTip("Save the referral (Ctrl+S)")
        self.submit_button = QPushButton("Su&bmit…")
        self.submit_button.setToolTip("Send the referral to the panel; every required field must be filled")
        self.withdraw_button = QPushButton("&Withdraw…")
        self.reopen_button = QPushButton("&Reopen")
        self.print_button = QPushButton("&Print…")
        outer.addLayout(header)
        commands, flow = flow_widget()
        for button in (self.save_button, self.submit_button, self.withdraw_button, self.reopen_button, self.print_button):
            flow.addWidget(button)
        outer.addWidget(commands)

        self.message = QLabel()
        self.message.setObjectName("Calm")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.message.setAccessibleName("Form message")
        self.message.hide()
        outer.addWidget(self.message)

        body = QHBoxLayout()
        self.index = QListWidget()
        self.index.setAccessibleName("Form A sections")
        self.index.setObjectName("SectionIndex")
        self.index.setSpacing(3)
        body.addWidget(self.index)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(4, 4, 12, 12)
        column.setSpacing(14)
        intro = QLabel(f"<b>{FORM_TITLE}</b>")
        intro.setWordWrap(True)
        column.addWidget(intro)
        self.confidentiality = QLabel()
        self.confidentiality.setObjectName("Hint")
        self.confidentiality.setWordWrap(True)
        column.addWidget(self.confidentiality)
        important = QLabel("<b>IMPORTANT INFORMATION (Please Read)</b><br>" + IMPORTANT_INFORMATION.replace("\n\n", "<br><br>"))
        important.setObjectName("Calm")
        important.setWordWrap(True)
        column.addWidget(important)
        legend = QLabel("Fields marked * are needed before the referral can be submitted. A draft can be saved at any time.")
        legend.setObjectName("Hint")
        legend.setWordWrap(True)
        column.addWidget(legend)
        self.widgets: FormWidgets = build(column)
        column.addStretch(1)
        self.scroll.setWidget(content)
        body.addWidget(self.scroll, 1)
        outer.addLayout(body, 1)
        for title, _box in self.widgets.sections:
            self.index.addItem(title)  # a list item shows "&" as it is
        self.index.setWordWrap(True)
        self.index.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.index.setResizeMode(QListView.ResizeMode.Adjust)
        self.index.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.index.currentRowChanged.connect(self.show_section)
        self.line_up()

    def line_up(self) -> None:
        """One label column width across all sections, and an index of sections that
        leave the form most of the room: both follow the text size and the window."""
        char = self.fontMetrics().averageCharWidth()
        room = max(self.width(), 400)
        self.index.setFixedWidth(max(char * 12, min(char * 30, room // 4)))
        cap = max(char * 10, min(char * 26, (room - self.index.width()) // 4))
        labels = self.widgets.row_labels()
        width = max(min(label.sizeHint().width(), cap) for label in labels)
        for label in labels:
            label.setMinimumWidth(width)
            label.setMaximumWidth(cap)
        self.widgets.fields["agencies_involved"].fit_height()
        self._size_index_items()

    def _size_index_items(self) -> None:
        """Each section title gets the lines it needs at the index's width (the list's own
        guess was made before its scroll bar appeared, so a long title lost its last word)."""
        metrics = self.index.fontMetrics()
        width = self.index.width() - 2 * self.index.frameWidth() - self.index.verticalScrollBar().sizeHint().width()
        text_width = max(width - 12, 40)  # the item's own text margins
        for row in range(self.index.count()):
            item = self.index.item(row)
            rect = metrics.boundingRect(QRect(0, 0, text_width, 100_000), Qt.TextFlag.TextWordWrap, item.text())
            item.setSizeHint(QSize(width, rect.height() + 6))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and hasattr(self, "widgets"):
            self.line_up()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.line_up()

    def set_board(self, board: str) -> None:
        self.confidentiality.setText(CONFIDENTIALITY_STATEMENT.format(board=board))

    def show_section(self, row: int) -> None:
        if 0 <= row < len(self.widgets.sections):
            box = self.widgets.sections[row][1]
            bar = self.scroll.verticalScrollBar()
            bar.setValue(box.y() - 4)
            # The last sections cannot reach the top of the view: remember which was asked
            # for, and keep it chosen in the index (scrolling there re-synced it meanwhile).
            self._jumped = (row, bar.value())
            self.index.blockSignals(True)
            self.index.setCurrentRow(row)
            self.index.blockSignals(False)

    _jumped: tuple[int, int] = (-1, -1)

    def current_section(self) -> int:
        top = self.scroll.verticalScrollBar().value()
        if self._jumped[1] == top and self._jumped[0] >= 0:
            return self._jumped[0]
        current = 0
        for row, (_title, box) in enumerate(self.widgets.sections):
            if box.y() - 8 <= top:
                current = row
        return current
