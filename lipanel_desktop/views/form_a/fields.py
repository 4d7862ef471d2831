"""One Form A field each: its visible label, its input, its inline message, and a common
way for the editor to read, set (without echo), lock and flag it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.services.referral_labels import FIELD_LABELS
from lipanel_desktop.services.referral_rules import REQUIRED_FIELDS
from lipanel_desktop.vocabulary.choice import Choice
from lipanel_desktop.views.widgets.date_field import DateField
from lipanel_desktop.views.widgets.flow_layout import FlowLayout, flow_widget
from lipanel_desktop.views.widgets.sized_line_edit import SizedLineEdit

REQUIRED_MARK = " *"


def mnemonic_safe(text: str) -> str:
    """Form words like "White & Asian" shown as they are, not as a keyboard mnemonic."""
    return text.replace("&", "&&")


class Field:
    """Base: the editor calls `value`, `set_value`, `set_read_only` and `show_problem`."""

    def __init__(self, key: str, input_widget: QWidget, label_text: str | None = None) -> None:
        self.key = key
        self.on_edit: Callable[[str], None] = lambda _key: None
        text = label_text if label_text is not None else FIELD_LABELS[key]
        self.required = key in REQUIRED_FIELDS
        self.label = QLabel(mnemonic_safe(text) + (REQUIRED_MARK if self.required else ""))
        self.label.setWordWrap(True)
        self.input = input_widget
        self.error = QLabel()
        self.error.setObjectName("FieldError")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        self.cell = QWidget()
        column = QVBoxLayout(self.cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(input_widget)
        column.addWidget(self.error)
        self.accessible_name = text

    @property
    def focus_widget(self) -> QWidget:
        return self.input

    def _edited(self) -> None:
        self.on_edit(self.key)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        raise NotImplementedError

    def show_problem(self, text: str | None) -> None:
        if text:
            self.error.setText(f"⚠ {text}")
            self.error.setAccessibleName(f"Problem with {self.accessible_name}: {text}")
        self.error.setVisible(bool(text))
        self.focus_widget.setProperty("invalid", bool(text))
        self.focus_widget.setAccessibleDescription(text or ("Needed to submit" if self.required else ""))
        self.focus_widget.style().unpolish(self.focus_widget)
        self.focus_widget.style().polish(self.focus_widget)


class TextField(Field):
    def __init__(self, key: str, max_length: int, label_text: str | None = None, width_chars: int | None = None) -> None:
        line = SizedLineEdit(width_chars) if width_chars else QLineEdit()
        line.setMaxLength(max_length)
        super().__init__(key, line, label_text)
        self.line = line
        line.setAccessibleName(self.accessible_name)
        line.textEdited.connect(lambda _t: self._edited())

    def value(self) -> str:
        return self.line.text()

    def set_value(self, value: Any) -> None:
        if self.line.text() != (value or ""):
            self.line.setText(value or "")

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)


class AgeField(TextField):
    """The child's age. Typed only when the date of birth is not known; otherwise the
    editor shows the age worked out from it (read-only), and the field's value is empty,
    as stored. Whatever was typed comes back if the date of birth is cleared again."""

    def __init__(self) -> None:
        super().__init__("age_years", 3, width_chars=5)
        self.worked_out: str | None = None
        self._typed = ""
        self._read_only = False

    def value(self) -> str:
        return "" if self.worked_out is not None else self.line.text()

    def set_value(self, value: Any) -> None:
        if self.worked_out is None:
            super().set_value(value)
        else:
            self._typed = value or ""

    def show_worked_out(self, age: int | None) -> None:
        """Show `age` worked out from the date of birth, or (None) let it be typed."""
        if age is None:
            if self.worked_out is not None:
                self.worked_out = None
                self.line.setText(self._typed)
        else:
            if self.worked_out is None:
                self._typed = self.line.text()
            self.worked_out = str(age)
            if self.line.text() != self.worked_out:
                self.line.setText(self.worked_out)
        self.line.setReadOnly(self._read_only or self.worked_out is not None)
        if self.line.property("workedOut") != (self.worked_out is not None):
            self.line.setProperty("workedOut", self.worked_out is not None)  # styled as a shown value
            self.line.style().unpolish(self.line)
            self.line.style().polish(self.line)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.line.setReadOnly(read_only or self.worked_out is not None)


class MultiLineField(Field):
    def __init__(self, key: str, lines: int = 3, label_text: str | None = None) -> None:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * lines + 14)
        if lines <= 5:  # short answers stay compact; the narrative grows with the window
            edit.setMaximumHeight(edit.minimumHeight())
        super().__init__(key, edit, label_text)
        self.edit = edit
        self.lines = lines
        edit.setAccessibleName(self.accessible_name)
        edit.textChanged.connect(self._maybe_edited)
        self._setting = False

    def _maybe_edited(self) -> None:
        if not self._setting:
            self._edited()

    def value(self) -> str:
        return self.edit.toPlainText()

    def set_value(self, value: Any) -> None:
        if self.edit.toPlainText() == (value or ""):
            return
        self._setting = True
        try:
            self.edit.setPlainText(value or "")
        finally:
            self._setting = False

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class DateInput(Field):
    def __init__(self, key: str, label_text: str | None = None) -> None:
        text = label_text if label_text is not None else FIELD_LABELS[key]
        field = DateField(text)
        super().__init__(key, field, label_text)
        self.date = field
        field.edited.connect(self._edited)

    @property
    def focus_widget(self) -> QWidget:
        return self.date.line

    def value(self) -> str:
        return self.date.text()

    def set_value(self, value: Any) -> None:
        if self.date.text() != (value or ""):
            self.date.setText(value or "")

    def set_read_only(self, read_only: bool) -> None:
        self.date.setReadOnly(read_only)


class WrappingRadio(QWidget):
    """A radio button whose words wrap onto more lines (a QRadioButton's never do).
    Clicking the words chooses the option, as clicking a radio button's text does."""

    def __init__(self, text: str) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.button = QRadioButton()
        self.words = QLabel(text)
        self.words.setWordWrap(True)
        self.words.setTextFormat(Qt.TextFormat.PlainText)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.words, 1)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.button.isEnabled():
            self.button.click()
            self.button.setFocus()
        event.accept()


class ChoiceField(Field):
    """One of a Choice's options, as radio buttons (the paper form's tick boxes).
    Arrow keys move between options; Tab leaves the group."""

    def __init__(
        self,
        key: str,
        choice: type[Choice] | Sequence[Choice],
        label_text: str | None = None,
        vertical: bool = False,
    ) -> None:
        if vertical:
            box = QWidget()
            layout: QVBoxLayout | FlowLayout = QVBoxLayout(box)
            layout.setContentsMargins(0, 0, 0, 0)
        else:  # side by side while they fit, wrapping at large text sizes
            box, layout = flow_widget(spacing=16)
        super().__init__(key, box, label_text)
        self.group = QButtonGroup(box)
        self.group.setExclusive(True)
        self.buttons: dict[str, QRadioButton] = {}
        for option in list(choice):
            if vertical:  # long answers: the words wrap instead of widening the form
                holder = WrappingRadio(option.label)
                button = holder.button
                layout.addWidget(holder)
            else:
                button = QRadioButton(mnemonic_safe(option.label))
                layout.addWidget(button)
            button.setAccessibleName(f"{self.accessible_name}: {option.label}")
            self.group.addButton(button)
            self.buttons[option.value] = button
        box.setAccessibleName(self.accessible_name)
        self.group.buttonClicked.connect(lambda _b: self._edited())

    @property
    def focus_widget(self) -> QWidget:
        checked = self.group.checkedButton()
        return checked if checked is not None else next(iter(self.buttons.values()))

    def value(self) -> str:
        for code, button in self.buttons.items():
            if button.isChecked():
                return code
        return ""

    def set_value(self, value: Any) -> None:
        if self.value() == (value or ""):
            return
        self.group.setExclusive(False)
        for code, button in self.buttons.items():
            button.setChecked(code == value)
        self.group.setExclusive(True)

    def set_read_only(self, read_only: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(not read_only)

    def show_problem(self, text: str | None) -> None:
        super().show_problem(text)
        for button in self.buttons.values():
            button.setAccessibleDescription(text or "")
