"""The ethnic-group box as on the paper form: its headings (White:, Mixed:, …) with their
options beneath, and "Any other, specify" with room to say what."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QRadioButton, QWidget

from lipanel_desktop.vocabulary.form_a import ETHNIC_HEADINGS, EthnicGroup
from lipanel_desktop.views.form_a.fields import ChoiceField, Field, TextField, mnemonic_safe

OPTION_COLUMNS = 2


class EthnicGroupField(ChoiceField):
    def __init__(self, specify: TextField) -> None:
        box = QWidget()
        Field.__init__(self, "ethnic_group", box)
        self.specify = specify
        self.group = QButtonGroup(box)
        self.group.setExclusive(True)
        self.buttons: dict[str, QRadioButton] = {}
        self.headings: list[QLabel] = []
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(18)
        grid.setColumnStretch(OPTION_COLUMNS + 1, 1)
        row = 0
        for heading in ETHNIC_HEADINGS:
            title = QLabel(heading.label)
            title.setObjectName("SubHeading")
            self.headings.append(title)
            only_option = len(heading.options) == 1 and heading.options[0] is EthnicGroup.NOT_KNOWN
            if only_option:
                # "Not known by Agency" is a heading and its own tick box on the form.
                button = self._button(EthnicGroup.NOT_KNOWN, heading.label, EthnicGroup.NOT_KNOWN.label)
                grid.addWidget(button, row, 0, 1, OPTION_COLUMNS + 1)
                row += 1
                continue
            grid.addWidget(title, row, 0)
            for index, option in enumerate(heading.options):
                button = self._button(option, heading.label, option.label)
                grid.addWidget(button, row + index // OPTION_COLUMNS, 1 + index % OPTION_COLUMNS)
            row += (len(heading.options) + OPTION_COLUMNS - 1) // OPTION_COLUMNS
            if EthnicGroup.OTHER_SPECIFY in heading.options:
                specify_label = QLabel("Specify:")
                specify_label.setBuddy(specify.line)
                grid.addWidget(specify_label, row, 1)
                grid.addWidget(specify.cell, row, 2)
                row += 1
        self.group.buttonClicked.connect(lambda _b: self._changed())
        box.setAccessibleName(self.accessible_name)
        self._sync_specify()

    def _button(self, option: EthnicGroup, heading: str, text: str) -> QRadioButton:
        button = QRadioButton(mnemonic_safe(text))
        spoken = heading.rstrip(":") if option is EthnicGroup.NOT_KNOWN else f"{heading.rstrip(':')}: {text}"
        button.setAccessibleName(f"Ethnic group: {spoken}")
        self.group.addButton(button)
        self.buttons[option.value] = button
        return button

    def _changed(self) -> None:
        self._sync_specify()
        self._edited()

    def _sync_specify(self) -> None:
        other = self.value() == EthnicGroup.OTHER_SPECIFY.value
        self.specify.line.setEnabled(other and not self._read_only)

    _read_only = False

    def set_value(self, value: Any) -> None:
        super().set_value(value)
        self._sync_specify()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        super().set_read_only(read_only)
        self._sync_specify()
