"""The small form dialogs of the calendar, meetings, decisions and reviews: a form, a
line of problems in plain words, OK and Cancel. OK calls the service; a refused form
stays open with the problems shown beside it, and nothing is saved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.errors import KnownError, ValidationError
from lipanel_desktop.services.referral_fields import FieldProblem, format_uk_date, parse_time, parse_uk_date
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.widgets.date_field import DateField


class Unreadable(ValidationError):
    """A typed value the form itself cannot read (a date like 31/02/2026)."""


def read_date(field: DateField, key: str, label: str) -> date | None:
    try:
        return parse_uk_date(field.text())
    except FieldProblem as problem:
        raise Unreadable({key: f"{label}: {problem.message}"}) from None


def read_time(field: QLineEdit, key: str, label: str) -> time | None:
    try:
        return parse_time(field.text())
    except FieldProblem as problem:
        raise Unreadable({key: f"{label}: {problem.message}"}) from None


def uk(day: date | None) -> str:
    return format_uk_date(day)


def combo(items: list[tuple[str, str]], name: str, current: str | None = None) -> QComboBox:
    """A combo of (code, label) pairs; the code is the item data."""
    box = QComboBox()
    box.setAccessibleName(name)
    for code, label in items:
        box.addItem(label, code)
    if current is not None:
        found = box.findData(current)
        if found >= 0:
            box.setCurrentIndex(found)
    return box


def text_box(name: str, text: str = "", *, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * (lines + 1))
    box.setMaximumHeight(box.fontMetrics().lineSpacing() * (lines * 2 + 2))
    return box


def line_edit(name: str, text: str = "", *, limit: int = 200) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setAccessibleName(name)
    edit.setMaxLength(limit)
    return edit


def date_field(name: str, day: date | None = None) -> DateField:
    field = DateField(name)
    field.setText(uk(day))
    return field


class FormDialog(QDialog):
    """Subclasses build `self.form` and implement `submit()`, which calls a service and
    returns its result (kept in `self.result_value`)."""

    #: Hub topic announced after a successful OK.
    changes: str | None = None

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None, ok_text: str = "OK",
                 *, scroll: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setModal(True)
        self.result_value: Any = None
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.problems = QLabel("")
        self.problems.setObjectName("FieldError")
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName("Problems")
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.problems.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if scroll:  # long forms stay usable at 200% text size
            holder = QWidget()
            holder.setLayout(self.form)
            area = QScrollArea()
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setWidget(holder)
            layout.addWidget(area, 1)
        else:
            layout.addLayout(self.form)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)

    def add_row(self, label: str, widget: QWidget) -> QWidget:
        """A row with a visible label whose mnemonic (&) moves focus to the field."""
        caption = QLabel(label)
        target = widget.focusProxy() or widget
        caption.setBuddy(target)
        if not target.accessibleName():
            target.setAccessibleName(label.replace("&", ""))
        self.form.addRow(caption, widget)
        return widget

    def submit(self) -> Any:
        raise NotImplementedError

    def show_problems(self, lines: list[str]) -> None:
        self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(lines))

    def accept(self) -> None:
        try:
            self.result_value = self.submit()
        except ValidationError as error:
            self.show_problems(list(dict.fromkeys(error.problems.values())))
            return
        except KnownError as error:
            self.show_problems([error.message])
            return
        except Exception as error:  # a bug: the one error door logs it without content
            self.ctx.ops.report_error(error)
            return
        if self.changes:
            self.ctx.hub.changed.emit(self.changes)
        super().accept()


@dataclass(frozen=True)
class Spec:
    """One field of a `QuickDialog`: kind is "line", "text", "date", "combo" or "number"."""

    key: str
    label: str
    kind: str = "line"
    initial: Any = None
    choices: tuple[tuple[str, str], ...] = ()


class QuickDialog(FormDialog):
    """A form described by `Spec`s; OK calls `action(values)` with dates read and
    combos as their codes ("" for none)."""

    def __init__(self, ctx: AppContext, title: str, specs: list[Spec], action: Callable[[dict[str, Any]], Any], *,
                 changes: str, ok_text: str = "Save", parent: QWidget | None = None, note: str = "") -> None:
        super().__init__(ctx, title, parent, ok_text=ok_text)
        self.changes = changes
        self.action = action
        self.specs = specs
        if note:
            hint = QLabel(note)
            hint.setWordWrap(True)
            hint.setObjectName("Hint")
            self.form.addRow(hint)
        self.fields: dict[str, QWidget] = {}
        for spec in specs:
            name = spec.label.replace("&", "")
            if spec.kind == "text":
                widget: QWidget = text_box(name, spec.initial or "")
            elif spec.kind == "date":
                widget = date_field(name, spec.initial)
            elif spec.kind == "combo":
                widget = combo(list(spec.choices), name, spec.initial)
            elif spec.kind == "number":
                widget = line_edit(name, "" if spec.initial is None else str(spec.initial), limit=7)
            else:
                widget = line_edit(name, spec.initial or "")
            self.fields[spec.key] = self.add_row(spec.label, widget)

    def values(self) -> dict[str, Any]:
        problems: dict[str, str] = {}
        values: dict[str, Any] = {}
        for spec in self.specs:
            widget = self.fields[spec.key]
            label = spec.label.replace("&", "")
            if isinstance(widget, DateField):
                try:
                    values[spec.key] = read_date(widget, spec.key, label)
                except Unreadable as error:
                    problems.update(error.problems)
            elif isinstance(widget, QPlainTextEdit):
                values[spec.key] = widget.toPlainText()
            elif isinstance(widget, QComboBox):
                values[spec.key] = widget.currentData() or ""
            elif spec.kind == "number":
                text = widget.text().strip()  # type: ignore[attr-defined]
                if not text:
                    values[spec.key] = None
                elif text.isdigit():
                    values[spec.key] = int(text)
                else:
                    problems[spec.key] = f"{label} must be a whole number."
            else:
                values[spec.key] = widget.text()  # type: ignore[attr-defined]
        if problems:
            raise ValidationError(problems)
        return values

    def submit(self) -> Any:
        return self.action(self.values())
