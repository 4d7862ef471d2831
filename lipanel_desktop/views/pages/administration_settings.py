"""Administration › Organisation: every editable organisation setting from the typed
registry, as a form (numbers in spin boxes with their limits, words in text fields), saved
all at once. Other roles see the values but cannot change them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.errors import ValidationError
from lipanel_desktop.services.organisation import REGISTRY, Setting
from lipanel_desktop.services.permissions import allowed
from lipanel_desktop.vocabulary.roles import Permission

if TYPE_CHECKING:
    from lipanel_desktop.views.context import AppContext

#: Kept on the Backups tab, where they can be checked (the folder must exist).
ELSEWHERE = frozenset({"backup_folder", "backups_kept"})
_GROUPS = (
    ("Names and words", lambda k: not k.startswith(("retention", "idle")) and not k.endswith(("days", "months", "limit"))),
    ("Timescales", lambda k: k.endswith(("days", "months", "limit"))),
    ("Security and data protection", lambda k: k.startswith(("retention", "idle"))),
)


def shown_settings() -> list[Setting]:
    return [s for s in REGISTRY if s.editable and s.key not in ELSEWHERE]


class SettingsTab(QWidget):
    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.can_edit = allowed(ctx.workspace.identity, Permission.MANAGE_SETTINGS) and not ctx.workspace.store.read_only
        self.fields: dict[str, QLineEdit | QSpinBox] = {}
        self.errors: dict[str, QLabel] = {}
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        inner = QWidget()
        column = QVBoxLayout(inner)
        settings = shown_settings()
        for title, belongs in _GROUPS:
            chosen = [s for s in settings if belongs(s.key)]
            if not chosen:
                continue
            heading = QLabel(title)
            heading.setObjectName("SectionTitle")
            column.addWidget(heading)
            form = QFormLayout()
            for setting in chosen:
                field = self._field(setting)
                label = QLabel(setting.label)
                label.setBuddy(field)
                label.setWordWrap(True)
                error = QLabel()
                error.setObjectName("FieldError")
                error.setWordWrap(True)
                error.hide()
                holder = QVBoxLayout()
                holder.addWidget(field)
                holder.addWidget(error)
                form.addRow(label, holder)
                self.fields[setting.key] = field
                self.errors[setting.key] = error
            column.addLayout(form)
        column.addStretch(1)
        scroll.setWidget(inner)
        outer.addWidget(scroll, 1)
        row = QHBoxLayout()
        self.message = QLabel()
        self.message.setAccessibleName("Settings message")
        self.message.setWordWrap(True)
        self.save_button = QPushButton("&Save settings")
        self.save_button.setEnabled(self.can_edit)
        self.undo_button = QPushButton("&Undo changes")
        self.undo_button.setEnabled(self.can_edit)
        row.addWidget(self.message, 1)
        row.addWidget(self.undo_button)
        row.addWidget(self.save_button)
        outer.addLayout(row)
        self.save_button.clicked.connect(self.save)
        self.undo_button.clicked.connect(self.refresh)
        if not self.can_edit:
            self.message.setText("Only an administrator can change these settings.")

    def _field(self, setting: Setting) -> QLineEdit | QSpinBox:
        if setting.kind is int:
            spin = QSpinBox()
            spin.setRange(setting.minimum if setting.minimum is not None else 0, setting.maximum or 1_000_000)
            spin.setAccessibleName(setting.label)
            spin.setReadOnly(not self.can_edit)
            spin.setMaximumWidth(spin.fontMetrics().horizontalAdvance("0000000") * 2)
            return spin
        line = QLineEdit()
        line.setMaxLength(setting.maximum or 500)
        line.setAccessibleName(setting.label)
        line.setReadOnly(not self.can_edit)
        return line

    def refresh(self) -> None:
        values = self.ctx.ops.run(self.ctx.workspace.organisation.all, title="Cannot read the settings")
        if values is None:
            return
        for key, field in self.fields.items():
            if isinstance(field, QSpinBox):
                field.setValue(int(values[key]))
            else:
                field.setText(str(values[key]))
        for error in self.errors.values():
            error.hide()

    def clear(self) -> None:
        for field in self.fields.values():
            if isinstance(field, QLineEdit):
                field.clear()

    def values(self) -> dict[str, Any]:
        return {k: (f.value() if isinstance(f, QSpinBox) else f.text()) for k, f in self.fields.items()}

    def save(self) -> None:
        for error in self.errors.values():
            error.hide()
        try:
            self.ctx.workspace.organisation.update(self.values())
        except ValidationError as problem:
            for key, words in problem.problems.items():
                if key in self.errors:
                    self.errors[key].setText(words)
                    self.errors[key].show()
            self.message.setText("Nothing was saved. Correct the settings that have a message below them.")
            first = next(iter(problem.problems), "")
            if first in self.fields:
                self.fields[first].setFocus()
            return
        except Exception as error:
            self.ctx.ops.report_error(error, "Settings not saved")
            return
        self.ctx.hub.changed.emit("settings")
        self.message.setText("Settings saved.")
