"""The exception report's list: overdue and at-risk actions, sorted by the model itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from lipanel_desktop.services.reports.exception_report import ExceptionItem
from lipanel_desktop.views.charts.status_icons import status_icon

Index = QModelIndex | QPersistentModelIndex

HEADINGS = ("Status", "Reference", "Agency", "How late", "Lead officer", "Note")
STATUS, REFERENCE, AGENCY, LATENESS, OFFICER, NOTE = range(len(HEADINGS))


def _lateness(item: ExceptionItem) -> int:
    return item.days_overdue * 1000 + item.forecast_slip_days if item.days_overdue else item.forecast_slip_days


_KEYS: dict[int, Callable[[ExceptionItem], Any]] = {
    STATUS: lambda i: (i.status != "overdue", -_lateness(i)),
    REFERENCE: lambda i: i.reference,
    AGENCY: lambda i: (i.agency.casefold(), -_lateness(i)),
    LATENESS: lambda i: (i.status != "overdue", _lateness(i)),
    OFFICER: lambda i: (not i.lead_officer_name, i.lead_officer_name.casefold()),
    NOTE: lambda i: (not i.note.is_empty, i.reference),
}


class ExceptionTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[ExceptionItem] = []
        self.sort_column = AGENCY
        self.sort_order = Qt.SortOrder.AscendingOrder

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADINGS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(HEADINGS):
            return HEADINGS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (
                item.status_label,
                item.reference,
                item.agency,
                item.lateness,
                item.lead_officer_name or ("not named" if role == Qt.ItemDataRole.AccessibleTextRole else ""),
                "Needs a note" if item.note.is_empty else "Written",
            )[column]
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS:
            return status_icon(item.status)
        if role == Qt.ItemDataRole.ToolTipRole and column in (REFERENCE, STATUS):
            return item.description
        if role == Qt.ItemDataRole.UserRole:
            return item.action_id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in _KEYS:
            return
        self.layoutAboutToBeChanged.emit()
        self.sort_column, self.sort_order = column, order
        self._items.sort(key=_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def set_items(self, items: tuple[ExceptionItem, ...] | list[ExceptionItem]) -> None:
        """New items, kept in the order the user chose."""
        self.beginResetModel()
        self._items = sorted(items, key=_KEYS[self.sort_column], reverse=self.sort_order == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    def item(self, row: int) -> ExceptionItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, action_id: int) -> int:
        return next((i for i, item in enumerate(self._items) if item.action_id == action_id), -1)
