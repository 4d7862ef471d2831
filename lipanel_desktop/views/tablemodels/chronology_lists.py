"""Two small item models for the chronology screens: the problems found in an agency's
file (row, column, what is wrong), which the user fixes the file against, and the history
of imports. Both sort themselves."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from lipanel_desktop.services.chronology.entries import ImportInfo
from lipanel_desktop.services.chronology.importer import RowProblem

Index = QModelIndex | QPersistentModelIndex


class _SortedModel(QAbstractTableModel):
    """A read-only table over a list, sorted by the model on a key per column."""

    headings: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[Any] = []

    def key(self, item: Any, column: int) -> Any:
        raise NotImplementedError

    def text(self, item: Any, column: int) -> str:
        raise NotImplementedError

    def set_items(self, items: list[Any]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> Any:
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headings)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.headings):
            return self.headings[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(self._items[index.row()], index.column())
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.headings):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        held = [(self._items[i.row()], i.column()) for i in old]
        self._items.sort(key=lambda item: self.key(item, column), reverse=order == Qt.SortOrder.DescendingOrder)
        place = {id(item): row for row, item in enumerate(self._items)}
        self.changePersistentIndexList(old, [self.index(place[id(item)], c) for item, c in held])
        self.layoutChanged.emit()


class ProblemsModel(_SortedModel):
    headings = ("Row", "Column", "Heading", "Problem")

    def key(self, item: RowProblem, column: int) -> Any:
        by_row = (item.row, len(item.column), item.column)
        return (by_row, (len(item.column), item.column, item.row), (item.heading.casefold(), by_row),
                (item.message.casefold(), by_row))[column]

    def text(self, item: RowProblem, column: int) -> str:
        return (str(item.row), item.column, item.heading, item.message)[column]


class ImportsModel(_SortedModel):
    headings = ("Imported", "Agency", "By", "File", "Entries", "Rejected rows", "Replaced an earlier import",
                "Still in the chronology")

    def key(self, item: ImportInfo, column: int) -> Any:
        return (item.imported_at, item.agency.casefold(), item.imported_by.casefold(), item.file_kind,
                item.rows_imported, item.rows_rejected, item.replaced_previous, item.entries_now)[column]

    def text(self, item: ImportInfo, column: int) -> str:
        when = item.imported_at.strftime("%d/%m/%Y %H:%M") + " UTC" if item.imported_at else ""
        now = f"{item.entries_now:,}" if item.entries_now else "none (replaced or removed)"
        return (when, item.agency, item.imported_by, f".{item.file_kind}", f"{item.rows_imported:,}",
                f"{item.rows_rejected:,}", "Yes" if item.replaced_previous else "No", now)[column]
