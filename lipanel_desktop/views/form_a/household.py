"""B. Other Significant Family & Household Members: any number of rows (full name, date
of birth, relationship, full address) that can be added, removed and reordered."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.services.referral_data import HouseholdInput
from lipanel_desktop.services.referral_labels import HOUSEHOLD_LABELS, SECTION_B
from lipanel_desktop.views.form_a.fields import Field
from lipanel_desktop.views.widgets.flow_layout import flow_widget

COLUMNS = ("full_name", "dob", "relationship", "full_address")


class HouseholdField(Field):
    def __init__(self) -> None:
        box = QWidget()
        super().__init__("household", box, SECTION_B)
        self.label.hide()  # the section's title says it
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([HOUSEHOLD_LABELS[c] for c in COLUMNS])
        self.table.setAccessibleName(SECTION_B)
        self.table.setAccessibleDescription(
            "Arrow keys move between cells; type or press F2 to edit a cell. Dates as dd/mm/yyyy."
        )
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(self.table.fontMetrics().lineSpacing() * 8)
        column.addWidget(self.table)
        buttons_box, buttons = flow_widget()
        self.add_button = QPushButton("Add a person")
        self.remove_button = QPushButton("Remove person")
        self.up_button = QPushButton("Move up")
        self.down_button = QPushButton("Move down")
        for button, name in ((self.add_button, "Add a household member"), (self.remove_button, "Remove the selected household member"),
                             (self.up_button, "Move the selected household member up"),
                             (self.down_button, "Move the selected household member down")):
            button.setAccessibleName(name)
            buttons.addWidget(button)
        column.addWidget(buttons_box)
        self._setting = False
        self._read_only = False
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(+1))
        self.table.itemChanged.connect(self._item_changed)
        self.table.currentCellChanged.connect(lambda *_a: self._sync_buttons())
        self._sync_buttons()

    @property
    def focus_widget(self) -> QWidget:
        return self.table

    # -- values ------------------------------------------------------------------------

    def commit_pending(self) -> None:
        """Take in a cell that is still being typed into (Ctrl+S while editing a cell)."""
        if self.table.state() != QAbstractItemView.State.EditingState:
            return
        row, column = self.table.currentRow(), self.table.currentColumn()
        self.table.setCurrentItem(None)  # commits and closes the open cell editor
        if row >= 0:
            self.table.setCurrentCell(row, column)

    def value(self) -> list[HouseholdInput]:
        rows = []
        for r in range(self.table.rowCount()):
            cells = [self.table.item(r, c).text() if self.table.item(r, c) else "" for c in range(len(COLUMNS))]
            rows.append(HouseholdInput(*cells))
        return rows

    def set_value(self, value: Any) -> None:
        rows: list[HouseholdInput] = list(value or [])
        if rows == self.value():
            return
        self._setting = True
        try:
            self.table.setCurrentItem(None)  # close any open cell editor before rows go
            self.table.setRowCount(0)
            for row in rows:
                self._append(row)
        finally:
            self._setting = False
        self._sync_buttons()

    def _append(self, row: HouseholdInput) -> int:
        index = self.table.rowCount()
        self.table.insertRow(index)
        for c, name in enumerate(COLUMNS):
            item = QTableWidgetItem(getattr(row, name))
            self.table.setItem(index, c, item)
        self._lock_row(index)
        return index

    def _lock_row(self, index: int) -> None:
        for c in range(len(COLUMNS)):
            item = self.table.item(index, c)
            if item is None:
                continue
            flags = item.flags()
            if self._read_only:
                flags &= ~Qt.ItemFlag.ItemIsEditable
            else:
                flags |= Qt.ItemFlag.ItemIsEditable
            item.setFlags(flags)

    def _item_changed(self, _item: QTableWidgetItem) -> None:
        if not self._setting:
            self._edited()

    # -- row commands --------------------------------------------------------------------

    def add_row(self) -> None:
        if self._read_only:
            return
        self._setting = True
        try:
            index = self._append(HouseholdInput())
        finally:
            self._setting = False
        self.table.setCurrentCell(index, 0)
        self.table.setFocus()
        self.table.editItem(self.table.item(index, 0))
        self._sync_buttons()
        self._edited()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if self._read_only or row < 0:
            return
        self.table.removeRow(row)
        if self.table.rowCount():
            self.table.setCurrentCell(min(row, self.table.rowCount() - 1), 0)
        self._sync_buttons()
        self._edited()

    def move_row(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if self._read_only or row < 0 or not 0 <= target < self.table.rowCount():
            return
        rows = self.value()
        rows[row], rows[target] = rows[target], rows[row]
        column = max(self.table.currentColumn(), 0)
        self.set_value(rows)
        self.table.setCurrentCell(target, column)
        self._sync_buttons()
        self._edited()

    def _sync_buttons(self) -> None:
        row = self.table.currentRow()
        count = self.table.rowCount()
        editable = not self._read_only
        self.add_button.setEnabled(editable)
        self.remove_button.setEnabled(editable and row >= 0)
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < count - 1)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._setting = True
        try:
            for r in range(self.table.rowCount()):
                self._lock_row(r)
        finally:
            self._setting = False
        self._sync_buttons()

    def show_row_problems(self, problems: dict[str, str]) -> None:
        """Problems keyed like 'household.1.dob', shown under the table by row."""
        lines = [text for key, text in sorted(problems.items()) if key.startswith("household.")]
        if "household" in problems:
            lines.insert(0, problems["household"])
        self.show_problem("\n⚠ ".join(lines) if lines else None)
