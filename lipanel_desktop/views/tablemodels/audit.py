"""The audit viewer's item model: `AuditRow`s as the service returns them (newest first),
sorted by the model itself when a heading is clicked (no proxy model; see DESIGN.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from lipanel_desktop.services.audit_log import AuditRow, when

Index = QModelIndex | QPersistentModelIndex

#: (heading, text of a row, sort key of a row)
COLUMNS: tuple[tuple[str, Callable[[AuditRow], str], Callable[[AuditRow], Any]], ...] = (
    ("When", when, lambda r: r.id),
    ("User", lambda r: r.actor, lambda r: (r.actor.casefold(), r.id)),
    ("Action", lambda r: r.action_label, lambda r: (r.action_label, r.id)),
    ("Kind of record", lambda r: r.entity_label, lambda r: (r.entity_label, r.id)),
    ("Record no.", lambda r: r.entity_id, lambda r: (len(r.entity_id), r.entity_id, r.id)),
    ("Fields changed", lambda r: ", ".join(r.fields), lambda r: (", ".join(r.fields), r.id)),
)


class AuditTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AuditRow] = []
        self.sort_column = 0
        self.sort_order = Qt.SortOrder.DescendingOrder

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < len(COLUMNS):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return COLUMNS[index.column()][1](row)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return f"Entry {row.id} (times are this computer's local time)"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        self.sort_column, self.sort_order = column, order
        self._rows.sort(key=COLUMNS[column][2], reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def set_rows(self, rows: list[AuditRow]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=COLUMNS[self.sort_column][2], reverse=self.sort_order == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    def row_at(self, row: int) -> AuditRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def clear(self) -> None:
        self.set_rows([])
