"""A date typed as dd/mm/yyyy, with a calendar button beside it.

The text stays exactly as typed (so a half-typed date survives in a draft and the form can
say what is wrong with it); the calendar writes a well-formed date into it. Reading the
text into a date is the services' job (`referral_fields.parse_uk_date`).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QDialog, QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from lipanel_desktop.services.referral_fields import FieldProblem, format_uk_date, parse_uk_date
from lipanel_desktop.views.style import resources_dir
from lipanel_desktop.views.widgets.sized_line_edit import SizedLineEdit


class CalendarPopup(QDialog):
    """A calendar that closes when a day is chosen (Enter or click) or on Escape."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget, start: date | None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setAccessibleName("Choose a date")
        if start is not None:
            self.calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        layout.addWidget(self.calendar)
        self.calendar.activated.connect(self._pick)
        self.calendar.clicked.connect(self._pick)

    def _pick(self, day: QDate) -> None:
        self.chosen.emit(date(day.year(), day.month(), day.day()))
        self.accept()


class DateField(QWidget):
    """Emits `edited` whenever the text changes through the user (typing or calendar)."""

    edited = Signal()

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.line = SizedLineEdit(12)
        self.line.setPlaceholderText("dd/mm/yyyy")
        self.line.setMaxLength(40)
        self.line.setAccessibleName(accessible_name)
        self.line.setAccessibleDescription("Type the date as day/month/year, or press Alt+Down for a calendar.")
        self.button = QToolButton()
        self.button.setIcon(QIcon(str(resources_dir() / "icons" / "calendar.svg")))
        self.button.setText("Calendar")
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.button.setToolTip("Choose from a calendar (Alt+Down)")
        self.button.setAccessibleName(f"Calendar for {accessible_name}")
        self.button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        row.addWidget(self.line)
        row.addWidget(self.button)
        row.addStretch(1)
        self.setFocusProxy(self.line)
        self.line.textEdited.connect(lambda _t: self.edited.emit())
        self.button.clicked.connect(self.open_calendar)
        self.line.installEventFilter(self)
        self._size_icon()

    def _size_icon(self) -> None:
        """The calendar icon as tall as the text, so it grows at 200% like everything else."""
        side = self.fontMetrics().height()
        self.button.setIconSize(QSize(side, side))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and hasattr(self, "button"):
            self._size_icon()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            watched is self.line
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            self.open_calendar()
            return True
        return False

    def text(self) -> str:
        return self.line.text()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt style, like QLineEdit)
        self.line.setText(text)

    def setReadOnly(self, read_only: bool) -> None:  # noqa: N802
        self.line.setReadOnly(read_only)
        self.button.setEnabled(not read_only)

    def open_calendar(self) -> None:
        if self.line.isReadOnly():
            return
        try:
            start = parse_uk_date(self.line.text())
        except FieldProblem:
            start = None
        popup = CalendarPopup(self, start)
        popup.chosen.connect(self._chosen)
        popup.move(self.line.mapToGlobal(self.line.rect().bottomLeft()))
        popup.calendar.setFocus()
        popup.exec()

    def _chosen(self, day: date) -> None:
        self.line.setText(format_uk_date(day))
        self.line.setFocus()
        self.edited.emit()
