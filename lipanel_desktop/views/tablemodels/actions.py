"""The tracker's item model: every action as a `TrackerRow`, filtered, grouped and sorted
by the model itself (no QSortFilterProxyModel: it takes seconds on big lists).

Rows are kept sorted by the chosen column; a filter change is one pass over them with
`services.action_tracker.apply_filter` and keeps that order. With grouping on, a heading
row (not selectable, spanning the table) comes before each group, saying its counts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from lipanel_desktop.services.action_status import STATUS_ORDER, status_label
from lipanel_desktop.services.action_tracker import (
    DUE_ORDER,
    Group,
    GroupBy,
    TrackerFilter,
    TrackerRow,
    apply_filter,
    count_statuses,
    group_rows,
    search_texts,
)
from lipanel_desktop.views.charts.status_icons import status_icon

Index = QModelIndex | QPersistentModelIndex

#: Custom roles: the action's id and its status code.
ACTION_ID_ROLE = Qt.ItemDataRole.UserRole
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
IS_GROUP_ROLE = Qt.ItemDataRole.UserRole + 2

STATUS, REFERENCE, ACTION, AGENCY, SOURCE, OFFICER, DUE, FORECAST, LAST_UPDATE = range(9)
HEADINGS = ("Status", "Reference", "Action", "Agency", "Review", "Lead officer", "Due", "Forecast", "Last update")

_STATUS_RANK = {s.value: i for i, s in enumerate(STATUS_ORDER)}


def _uk(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def one_line(text: str, limit: int = 140) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _sort_key(column: int) -> Callable[[TrackerRow], Any]:
    """Days are compared as their stored ISO texts (they order as the dates do)."""
    if column == STATUS:
        return lambda r: (_STATUS_RANK.get(r.status, 99), r.due_on)
    if column == REFERENCE:
        return lambda r: r.reference
    if column == ACTION:
        return lambda r: r.description.casefold()
    if column == AGENCY:
        return lambda r: (r.agency.casefold(), r.due_on)
    if column == SOURCE:
        return lambda r: (r.source.casefold(), r.due_on)
    if column == OFFICER:
        return lambda r: (not r.lead_officer, r.lead_officer.casefold())
    if column == DUE:
        return DUE_ORDER
    if column == FORECAST:
        return lambda r: (r.forecast_on is None, r.forecast_on or "")
    return lambda r: (r.last_update_on is None, r.last_update_on or "")


class ActionTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[TrackerRow] = []
        #: What is shown, in order: a row index (>= 0), or -1 - g for group heading g.
        self._shown: list[int] = []
        self._visible: list[int] = []
        self._groups: list[Group] = []
        self._filter = TrackerFilter()
        self._group_by = GroupBy.NONE
        self._today = date.today()
        #: Each row's search text by id, made at the first search after loading.
        self._texts: dict[int, str] | None = None
        self.sort_column = DUE
        self.sort_order = Qt.SortOrder.AscendingOrder
        self._bold = QFont()
        self._bold.setBold(True)

    # -- Qt's model interface ----------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADINGS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(HEADINGS):
            return HEADINGS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._shown[index.row()] < 0:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        entry = self._shown[index.row()]
        if entry < 0:
            return self._group_data(self._groups[-1 - entry], index.column(), role)
        row = self._rows[entry]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column, accessible=role == Qt.ItemDataRole.AccessibleTextRole)
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS:
            return status_icon(row.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == ACTION_ID_ROLE:
            return row.id
        if role == STATUS_ROLE:
            return row.status
        if role == IS_GROUP_ROLE:
            return False
        return None

    def _text(self, row: TrackerRow, column: int, *, accessible: bool) -> str:
        if column == STATUS:
            return status_label(row.status)
        if column == REFERENCE:
            return row.reference
        if column == ACTION:
            return one_line(row.description)
        if column == AGENCY:
            return row.agency
        if column == SOURCE:
            return row.source
        if column == OFFICER:
            return row.lead_officer or ("no lead officer named" if accessible else "")
        if column == DUE:
            text = _uk(row.due_date)
            return f"{text} (revised)" if row.due_date_revised else text
        if column == FORECAST:
            return _uk(row.forecast_date) or ("no forecast" if accessible else "")
        return _uk(row.last_update) or ("no update yet" if accessible else "")

    def _tooltip(self, row: TrackerRow, column: int) -> str | None:
        if column == ACTION:
            return row.description
        if column == DUE and row.due_date_revised:
            return f"Originally due {_uk(row.original_due_date)}; revised to {_uk(row.due_date)}."
        if column == STATUS:
            return f"{status_label(row.status)}" + (f" (recorded as {status_label(row.recorded_status).lower()})" if row.status != row.recorded_status else "")
        return None

    def _group_data(self, group: Group, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return group.summary if column == 0 else ""
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == IS_GROUP_ROLE:
            return True
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADINGS):
            return
        self.layoutAboutToBeChanged.emit()
        self.sort_column, self.sort_order = column, order
        self._sort()
        self._select()
        self.layoutChanged.emit()

    # -- ours -------------------------------------------------------------------------

    def set_rows(
        self,
        rows: list[TrackerRow],
        today: date,
        chosen: TrackerFilter | None = None,
        group_by: GroupBy | None = None,
        *,
        in_due_order: bool = False,
    ) -> None:
        """New rows (and, in the same reset, a new filter and grouping). Rows already in
        `DUE_ORDER` (as the tracker loads them) are not sorted again for the first order."""
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = None
        self._today = today
        if chosen is not None:
            self._filter = chosen
        if group_by is not None:
            self._group_by = group_by
        if not (in_due_order and self.sort_column == DUE and self.sort_order == Qt.SortOrder.AscendingOrder):
            self._sort()
        self._select()
        self.endResetModel()

    def set_filter(self, chosen: TrackerFilter, group_by: GroupBy | None = None) -> None:
        self.beginResetModel()
        self._filter = chosen
        if group_by is not None:
            self._group_by = group_by
        self._select()
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows, self._shown, self._visible, self._groups = [], [], [], []
        self._texts = None
        self.endResetModel()

    def _sort(self) -> None:
        self._rows.sort(key=_sort_key(self.sort_column), reverse=self.sort_order == Qt.SortOrder.DescendingOrder)

    def _select(self) -> None:
        if self._filter.text.strip() and self._texts is None:
            self._texts = search_texts(self._rows)
        self._visible = apply_filter(self._rows, self._filter, self._today, self._texts)
        if self._group_by is GroupBy.NONE:
            self._groups = []
            self._shown = self._visible
            return
        self._groups = group_rows(self._rows, self._visible, self._group_by)
        shown: list[int] = []
        for g, group in enumerate(self._groups):
            shown.append(-1 - g)
            shown.extend(group.indexes)
        self._shown = shown

    @property
    def filter(self) -> TrackerFilter:
        return self._filter

    @property
    def group_by(self) -> GroupBy:
        return self._group_by

    @property
    def total(self) -> int:
        return len(self._rows)

    @property
    def visible_count(self) -> int:
        return len(self._visible)

    def visible_counts(self) -> dict[str, int]:
        return count_statuses(self._rows, self._visible)

    def group_rows_at(self) -> list[int]:
        """Table rows that are group headings (the view spans them across the table)."""
        if not self._groups:
            return []
        return [i for i, entry in enumerate(self._shown) if entry < 0]

    def action_id(self, row: int) -> int | None:
        if 0 <= row < len(self._shown) and self._shown[row] >= 0:
            return self._rows[self._shown[row]].id
        return None

    def tracker_row(self, row: int) -> TrackerRow | None:
        if 0 <= row < len(self._shown) and self._shown[row] >= 0:
            return self._rows[self._shown[row]]
        return None

    def row_of(self, action_id: int) -> int:
        for i, entry in enumerate(self._shown):
            if entry >= 0 and self._rows[entry].id == action_id:
                return i
        return -1

    def visible_ids(self) -> list[int]:
        return [self._rows[i].id for i in self._visible]
