"""The referring agency: one of the organisation's agencies, or a name typed in."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, QObject
from PySide6.QtWidgets import QComboBox

from lipanel_desktop.services.referral_data import AgencyOption
from lipanel_desktop.views.form_a.fields import Field


class _Picked(QObject):
    picked = Signal(object)


class AgencyField(Field):
    """Value is `(agency_id or None, agency name as shown)`."""

    def __init__(self) -> None:
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.lineEdit().setMaxLength(200)
        combo.lineEdit().setPlaceholderText("Choose from the list, or type the agency's name")
        super().__init__("agency_id", combo)
        self.combo = combo
        combo.setAccessibleName("Agency")
        self.options: dict[int, AgencyOption] = {}
        self.signals = _Picked()
        self._setting = False
        combo.activated.connect(self._activated)
        combo.lineEdit().textEdited.connect(lambda _t: self._edited())

    def set_options(self, options: list[AgencyOption]) -> None:
        current = self.value()
        self._setting = True
        try:
            self.combo.clear()
            self.options = {o.id: o for o in options}
            for option in options:
                self.combo.addItem(option.name, option.id)
        finally:
            self._setting = False
        self.set_value(current)

    def _activated(self, index: int) -> None:
        if self._setting:
            return
        agency_id = self.combo.itemData(index)
        self._edited()
        if agency_id in self.options:
            self.signals.picked.emit(self.options[agency_id])

    def value(self) -> tuple[int | None, str]:
        text = self.combo.currentText().strip()
        for agency_id, option in self.options.items():
            if option.name.casefold() == text.casefold():
                return agency_id, option.name
        return None, self.combo.currentText()

    def set_value(self, value: Any) -> None:
        agency_id, name = value if value else (None, "")
        if self.value() == (agency_id, name):
            return
        self._setting = True
        try:
            index = self.combo.findData(agency_id) if agency_id is not None else -1
            if index >= 0:
                self.combo.setCurrentIndex(index)
            else:
                self.combo.setCurrentIndex(-1)
                self.combo.setEditText(name or "")
        finally:
            self._setting = False

    def set_read_only(self, read_only: bool) -> None:
        self.combo.setEnabled(not read_only)
