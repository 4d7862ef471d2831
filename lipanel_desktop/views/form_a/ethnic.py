"""The ethnic-group box as on the paper form: its headings (White:, Mixed:, …) with their
options beneath, and "Any other, specify" with room to say what. Options flow onto more
lines when the text is large or the window narrow."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QRadioButton, QVBoxLayout, QWidget

from lipanel_desktop.vocabulary.form_a import ETHNIC_HEADINGS, EthnicGroup
from lipanel_desktop.views.form_a.fields import ChoiceField, Field, TextField, mnemonic_safe
from lipanel_desktop.views.widgets.flow_layout import flow_widget

INDENT = 18


class EthnicGroupField(ChoiceField):
    def __init__(self, specify: TextField) -> None:
        box = QWidget()
        Field.__init__(self, "ethnic_group", box)
        self.specify = specify
        self.group = QButtonGroup(box)
        self.group.setExclusive(True)
        self.buttons: dict[str, QRadioButton] = {}
        self.headings: list[QLabel] = []
        self._read_only = False
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for heading in ETHNIC_HEADINGS:
            if len(heading.options) == 1 and heading.options[0] is EthnicGroup.NOT_KNOWN:
                # "Not known by Agency" is a heading and its own tick box on the form.
                column.addWidget(self._button(EthnicGroup.NOT_KNOWN, heading.label, EthnicGroup.NOT_KNOWN.label))
                continue
            title = QLabel(mnemonic_safe(heading.label))
            title.setObjectName("SubHeading")
            self.headings.append(title)
            column.addWidget(title)
            options, flow = flow_widget(spacing=16)
            flow.setContentsMargins(INDENT, 0, 0, 4)
            for option in heading.options:
                button = self._button(option, heading.label, option.label)
                if option is EthnicGroup.OTHER_SPECIFY:
                    pair = QWidget()
                    row = QHBoxLayout(pair)
                    row.setContentsMargins(0, 0, 0, 0)
                    row.addWidget(button)
                    specify_label = QLabel("Specify:")
                    specify_label.setBuddy(specify.line)
                    row.addWidget(specify_label)
                    row.addWidget(specify.cell)
                    flow.addWidget(pair)
                else:
                    flow.addWidget(button)
            column.addWidget(options)
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

    def set_value(self, value: Any) -> None:
        super().set_value(value)
        self._sync_specify()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        super().set_read_only(read_only)
        self._sync_specify()
