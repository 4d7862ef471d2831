"""One item model for the panel's lists (meetings, agenda, attendance, cases, agency
checks, requests, findings...): columns declared as (heading, text, sort key), rows are
the services' plain dataclasses, and the model sorts itself (no proxy model).

A RAG column shows words *and* an icon whose shape differs by status (the same shapes as
the action tracker's: overdue a diamond with "!", due soon a triangle with "!", on time a
circle with an arrow, paused a square with two bars), so status is never colour alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from lipanel_desktop.views.charts.status_icons import SIZES, status_icon

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole

#: RAG codes drawn with the action tracker's status shapes.
RAG_SHAPES = {"red": "overdue", "amber": "at_risk", "green": "on_track"}


@dataclass(frozen=True)
class Column(Generic[Row]):
    heading: str
    text: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None
    #: For a RAG column: the row's rag code ("red", "amber", "green", "paused", "").
    rag: Callable[[Any], str] | None = None


def rag_icon(code: str) -> QIcon:
    if code in RAG_SHAPES:
        return status_icon(RAG_SHAPES[code])
    if code != "paused":
        return QIcon()  # no deadline: the words say so
    icon = QIcon()
    for size in SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(size * 0.08, size * 0.08, size * 0.84, size * 0.84)
        painter.setPen(QPen(QColor("#8a8a8a"), max(1.0, size * 0.07)))
        painter.setBrush(QColor("#5f6b77"))
        painter.drawRoundedRect(box, size * 0.1, size * 0.1)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#ffffff"))
        for left in (0.32, 0.56):
            painter.drawRect(QRectF(size * left, size * 0.28, size * 0.13, size * 0.44))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def _key(value: Any) -> tuple[int, Any]:
    """None sorts last whatever the type."""
    return (1, "") if value is None else (0, value)


class RowsModel(QAbstractTableModel, Generic[Row]):
    def __init__(self, columns: Sequence[Column[Row]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Row] = []
        self._sorted: tuple[int, Qt.SortOrder] | None = None
        self._icons: dict[str, QIcon] = {}

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        try:
            self.rows = list(rows)
            if self._sorted is not None:
                self._sort_rows(*self._sorted)
        finally:
            self.endResetModel()

    def row_at(self, row: int) -> Row | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            return self.columns[section].heading
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows) or not 0 <= index.column() < len(self.columns):
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(row)
        if role == Qt.ItemDataRole.DecorationRole and column.rag is not None:
            code = column.rag(row)
            if code not in self._icons:
                self._icons[code] = rag_icon(code)
            return self._icons[code]
        if role == ROW_ROLE:
            return row
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort_rows(column, order)
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        self._sorted = (column, order)
        spec = self.columns[column]
        key = spec.sort_key or spec.text
        self.rows.sort(key=lambda r: _key(key(r)), reverse=order == Qt.SortOrder.DescendingOrder)
