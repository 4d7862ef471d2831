"""Agencies involved with the child at the time, and whether each is still involved:
one row per agency of the organisation's list, with two tick boxes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from lipanel_desktop.services.referral_data import AgencyInvolvedInput, AgencyOption
from lipanel_desktop.views.form_a.fields import Field

INVOLVED, STILL = 0, 1


class AgenciesField(Field):
    def __init__(self) -> None:
        self.table = QTableWidget(0, 2)
        super().__init__("agencies_involved", self.table)
        self.table.setHorizontalHeaderLabels(["Agency involved at the time", "Still involved"])
        self.table.setAccessibleName("Agencies involved")
        self.table.setAccessibleDescription("Space ticks or clears the agency under the cursor.")
        self.table.setTabKeyNavigation(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(INVOLVED, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(STILL, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._ids: list[int] = []
        self._setting = False
        self._read_only = False
        self.table.itemChanged.connect(self._item_changed)

    @property
    def focus_widget(self) -> QWidget:
        return self.table

    def set_options(self, options: list[AgencyOption]) -> None:
        chosen = self.value()
        self._setting = True
        try:
            self.table.setRowCount(0)
            self._ids = []
            for option in options:
                self._add_row(option.id, option.name)
        finally:
            self._setting = False
        self.set_value(chosen)
        self.fit_height()

    def fit_height(self) -> None:
        """Every agency visible at once: no scrolling box inside the scrolling form."""
        self.table.resizeRowsToContents()
        rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        frame = self.table.frameWidth() * 2
        self.table.setFixedHeight(self.table.horizontalHeader().sizeHint().height() + rows + frame)

    def _add_row(self, agency_id: int, name: str) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        involved = QTableWidgetItem(name)
        involved.setCheckState(Qt.CheckState.Unchecked)
        still = QTableWidgetItem("Still involved")
        still.setCheckState(Qt.CheckState.Unchecked)
        self.table.setItem(row, INVOLVED, involved)
        self.table.setItem(row, STILL, still)
        self._ids.append(agency_id)
        self._apply_flags(row)
        return row

    def _apply_flags(self, row: int) -> None:
        involved = self.table.item(row, INVOLVED).checkState() == Qt.CheckState.Checked
        for column, enabled in ((INVOLVED, True), (STILL, involved)):
            item = self.table.item(row, column)
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
            if enabled and not self._read_only:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            if not enabled:
                flags &= ~Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags)

    def value(self) -> list[AgencyInvolvedInput]:
        out = []
        for row, agency_id in enumerate(self._ids):
            if self.table.item(row, INVOLVED).checkState() == Qt.CheckState.Checked:
                still = self.table.item(row, STILL).checkState() == Qt.CheckState.Checked
                out.append(AgencyInvolvedInput(agency_id, still))
        return out

    def set_value(self, value: Any) -> None:
        wanted = {entry.agency_id: entry.still_involved for entry in (value or [])}
        if {e.agency_id: e.still_involved for e in self.value()} == wanted:
            return
        self._setting = True
        try:
            for agency_id in wanted:
                if agency_id not in self._ids:
                    self._add_row(agency_id, "An agency no longer in the list")
            for row, agency_id in enumerate(self._ids):
                on = agency_id in wanted
                self.table.item(row, INVOLVED).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                still = on and wanted[agency_id]
                self.table.item(row, STILL).setCheckState(Qt.CheckState.Checked if still else Qt.CheckState.Unchecked)
                self._apply_flags(row)
        finally:
            self._setting = False

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._setting:
            return
        self._setting = True
        try:
            row = item.row()
            if item.column() == INVOLVED:
                still = self.table.item(row, STILL)
                # Newly ticked: most agencies involved at the time still are; untick: clear both.
                still.setCheckState(item.checkState())
                self._apply_flags(row)
        finally:
            self._setting = False
        self._edited()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._setting = True
        try:
            for row in range(self.table.rowCount()):
                self._apply_flags(row)
        finally:
            self._setting = False
