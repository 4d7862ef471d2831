"""The combined chronology table's item model: every agency's entries, filtered and sorted
by the model itself (no QSortFilterProxyModel: it takes seconds on big lists).

An event seen by several agencies is one row ("▸ 3 agencies") that expands to show the
others' entries beneath it; rows are inserted and removed, so the selection stays put.
Sorted by date, a row marks each gap with no agency contact. Cells that can be edited
are checked by the chronology service through the `editor` the page provides.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPalette, QPixmap

from lipanel_desktop.services.chronology.combined import Analysis, Gap
from lipanel_desktop.services.chronology.dates import age_at
from lipanel_desktop.services.chronology.entries import EntryRow
from lipanel_desktop.services.chronology.filters import EntryFilter, matches, sort_key, units
from lipanel_desktop.services.chronology.review_context import ReviewInfo
from lipanel_desktop.views.timeline.data import RANK, one_line

Index = QModelIndex | QPersistentModelIndex

ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole
IS_GAP_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2

# Plain ints and prebuilt flags: `data()` and `flags()` run for every visible cell.
_DISPLAY, _ACCESSIBLE, _EDIT, _TOOLTIP = (int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.AccessibleTextRole),
                                          int(Qt.ItemDataRole.EditRole), int(Qt.ItemDataRole.ToolTipRole))
_DECORATION, _FONT, _BACKGROUND, _FOREGROUND = (int(Qt.ItemDataRole.DecorationRole), int(Qt.ItemDataRole.FontRole),
                                                int(Qt.ItemDataRole.BackgroundRole), int(Qt.ItemDataRole.ForegroundRole))
_ENTRY_ID, _IS_GAP, _GROUP = int(ENTRY_ID_ROLE), int(IS_GAP_ROLE), int(GROUP_ROLE)
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_ENABLED = Qt.ItemFlag.ItemIsEnabled
_SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE = _SELECTABLE | Qt.ItemFlag.ItemIsEditable

DATE, AGE, AGENCY, SOURCE, EVENT, SIGNIFICANCE, ANALYSIS, AUTHOR, SEEN_BY, NOTES = range(10)
HEADINGS = ("Date", "Age", "Agency", "Source", "Event", "Significance", "Analysis", "Author", "Seen by", "Notes")
SORT_NAMES = {DATE: "date", AGE: "date", AGENCY: "agency", SOURCE: "source", EVENT: "event",
              SIGNIFICANCE: "significance", ANALYSIS: "analysis", AUTHOR: "author"}
#: Column -> the entry field an edit changes.
EDITABLE = {DATE: "date", SOURCE: "source", EVENT: "event", SIGNIFICANCE: "significance", ANALYSIS: "analysis",
            AUTHOR: "author"}

_GAP_BACKGROUND, _GAP_TEXT = QColor("#fff1c7"), QColor("#3d2c00")

#: The page's way to save an edit: (row, field, new text) -> the saved row, or None if refused.
Editor = Callable[[EntryRow, str, str], "EntryRow | None"]


class ChronologyTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[EntryRow] = []
        self._info: ReviewInfo | None = None
        self._analysis: Analysis | None = None
        self._filter = EntryFilter()
        #: How many entries pass the filter (shown, or folded into their group).
        self._entry_count = 0
        #: A group's first row -> its unit; every grouped row -> its group's first row.
        self._unit_of: dict[int, list[int]] = {}
        self._lead_of: dict[int, int] = {}
        #: What is shown, in order: a row index (>= 0), or -1 - g for gap g.
        self._shown: list[int] = []
        #: Rows shown under their group's first row.
        self._followers: set[int] = set()
        self._expanded: set[int] = set()
        self._ages: dict[int, str] = {}
        #: Counts rebuilds, so an edit knows whether the rows were reloaded while it was saved.
        self._generation = 0
        self.sort_column = DATE
        self.sort_order = Qt.SortOrder.AscendingOrder
        self.editor: Editor | None = None
        self.icons: dict[str, QIcon] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    # -- loading ------------------------------------------------------------------------

    def set_rows(self, info: ReviewInfo | None, rows: list[EntryRow], analysis: Analysis | None = None, *,
                 wanted: EntryFilter | None = None) -> None:
        self.beginResetModel()
        self._info, self._rows, self._analysis = info, rows, analysis
        if wanted is not None:
            self._filter = wanted
        self._ages.clear()
        if analysis is None:
            self._expanded.clear()
        self._rebuild()
        self.endResetModel()

    def set_analysis(self, analysis: Analysis | None) -> None:
        self.beginResetModel()
        self._analysis = analysis
        self._rebuild()
        self.endResetModel()

    def set_filter(self, wanted: EntryFilter) -> None:
        self.beginResetModel()
        self._filter = wanted
        self._rebuild()
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows(None, [], None)

    @property
    def total(self) -> int:
        return len(self._rows)

    @property
    def shown_entries(self) -> int:
        return self._entry_count

    def _rebuild(self) -> None:
        self._generation += 1
        indexes = matches(self._rows, self._filter, self._analysis)
        self._entry_count = len(indexes)
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        key = None
        if self.sort_column not in (DATE, AGE) or descending:  # the rows come in date order already
            order = sort_key(SORT_NAMES.get(self.sort_column, "date"))
            key = lambda i: order(self._rows[i])  # noqa: E731
        if self._analysis is not None and self._analysis.group_of:
            grouped = units(self._rows, indexes, self._analysis)
            if key is not None:
                grouped.sort(key=lambda unit: key(unit[0]), reverse=descending)
            leads = [unit[0] for unit in grouped]
            self._unit_of = {unit[0]: unit for unit in grouped if len(unit) > 1}
        else:
            # No groups (before the analysis arrives, or none found): every row stands
            # alone, kept as plain indexes, not 20,000 one-row units.
            if key is not None:
                indexes.sort(key=key, reverse=descending)
            leads = indexes
            self._unit_of = {}
        self._lead_of = {member: unit[0] for unit in self._unit_of.values() for member in unit}
        self._followers = set()
        gaps = self._gaps_in_order(descending)
        if not gaps and not self._expanded:
            self._shown = leads
            return
        self._shown = []
        for index in leads:
            lead = self._rows[index]
            while gaps and ((lead.date_from > gaps[0][1].start) != descending):
                self._shown.append(-1 - gaps.pop(0)[0])
            self._shown.append(index)
            unit = self._unit_of.get(index)
            if unit is not None and self._group(index) in self._expanded:
                self._shown.extend(unit[1:])
                self._followers.update(unit[1:])
        self._shown.extend(-1 - number for number, _ in gaps)

    def _gaps_in_order(self, descending: bool) -> list[tuple[int, Gap]]:
        if self._analysis is None or self.sort_column not in (DATE, AGE) or not self._filter.is_empty:
            return []
        gaps = list(enumerate(self._analysis.gaps))
        return gaps[::-1] if descending else gaps

    def _group(self, index: int) -> int | None:
        if self._analysis is None:
            return None
        return self._analysis.group_of.get(self._rows[index].id)

    # -- Qt's model interface -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADINGS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADINGS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADINGS[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == SEEN_BY:
                return "Events recorded by several agencies: press Space or double-click the first one to expand it."
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return _NO_FLAGS
        if self._shown[index.row()] < 0:
            return _ENABLED
        if index.column() in EDITABLE and self.editor is not None:
            return _EDITABLE
        return _SELECTABLE

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        """Called for every visible cell on every paint: plain int roles, no enum arithmetic."""
        row_number = index.row()
        if not 0 <= row_number < len(self._shown) or not index.isValid():
            return None
        role = int(role)
        shown = self._shown[row_number]
        if shown < 0:
            return self._gap_data(self._analysis.gaps[-1 - shown], index.column(), role)  # type: ignore[union-attr]
        row = self._rows[shown]
        column = index.column()
        if role == _DISPLAY or role == _ACCESSIBLE:
            return self._text(shown, row, column, accessible=role == _ACCESSIBLE)
        if role == _EDIT:
            return self._edit_text(row, column)
        if role == _TOOLTIP:
            return self._tooltip(shown, row, column)
        if role == _DECORATION:
            return self.icons.get(row.significance) if column == SIGNIFICANCE else None
        if role == _FONT:
            if column == SEEN_BY and shown not in self._followers and self._group(shown) is not None:
                return self._bold
            return None
        if role == _ENTRY_ID:
            return row.id
        if role == _IS_GAP:
            return False
        if role == _GROUP:
            return self._group(shown)
        return None

    def _text(self, shown: int, row: EntryRow, column: int, *, accessible: bool) -> str:
        if column == DATE:
            return row.date_display
        if column == AGE:
            return self.age(shown)
        if column == AGENCY:
            return row.agency
        if column == SOURCE:
            return row.source_display
        if column == EVENT:
            return one_line(row.event, 220)
        if column == SIGNIFICANCE:
            return row.significance_label
        if column == ANALYSIS:
            return one_line(row.analysis, 160)
        if column == AUTHOR:
            return row.author
        if column == SEEN_BY:
            return self._seen_by(shown, accessible)
        return self._notes(shown, row)

    def _seen_by(self, shown: int, accessible: bool) -> str:
        group = self._group(shown)
        if group is None:
            return ""
        size = self._analysis.groups[group].size  # type: ignore[union-attr]
        if shown in self._followers:
            return "same event, another agency" if accessible else "↳ same event"
        if accessible:
            state = "expanded" if group in self._expanded else "collapsed, press Space to expand"
            return f"seen by {size} agencies, {state}"
        return f"{'▾' if group in self._expanded else '▸'} {size} agencies"

    def _notes(self, shown: int, row: EntryRow) -> str:
        notes = []
        group = self._group(shown)
        if group is not None and self._analysis is not None and self._analysis.groups[group].conflict:
            notes.append("Dates differ between agencies")
        if row.outside_period:
            notes.append("Outside the period under review")
        return "; ".join(notes)

    def age(self, shown: int) -> str:
        found = self._ages.get(shown)
        if found is None:
            row = self._rows[shown]
            dob = self._info.child_dob if self._info else None
            found = self._ages[shown] = age_at(dob, row.date_from, row.date_to, row.certainty)
        return found

    def _edit_text(self, row: EntryRow, column: int) -> str:
        data = row.as_input()
        if column == DATE:
            return f"{data.date} {data.time}".strip()
        if column == SOURCE:
            return f"{data.source_kind}: {row.source}"
        return str(getattr(data, EDITABLE.get(column, "event")) or "")

    def _tooltip(self, shown: int, row: EntryRow, column: int) -> str | None:
        if column == AGE:
            age = self.age(shown)
            return f"The child's age at the time: {age}" if age else None
        if column in (AGENCY, SOURCE, AUTHOR, NOTES):
            text = self._text(shown, row, column, accessible=False)
            return text if len(text) > 14 else None
        if column == EVENT and len(row.event) > 60:
            return row.event
        if column == ANALYSIS and len(row.analysis) > 60:
            return row.analysis
        if column == DATE and row.date_text and row.date_text != row.date_display:
            return f"Written by the agency as “{row.date_text}”"
        if column == SEEN_BY and self._group(shown) is not None:
            group = self._analysis.groups[self._group(shown)]  # type: ignore[index, union-attr]
            text = "Recorded by " + ", ".join(group.agencies)
            return text + (f". Dates: {group.dates}" if group.conflict else "")
        return None

    def _gap_data(self, gap: Gap, column: int, role: int) -> Any:
        if role == _DISPLAY or role == _ACCESSIBLE:
            if column == DATE:
                return f"{gap.start:%d/%m/%Y} to {gap.end:%d/%m/%Y}"
            if column == AGENCY:
                return "Gap"
            if column == EVENT:
                return f"No agency contact for {gap.days:,} days"
            return ""
        if role == _FONT:
            return self._bold
        if role == _BACKGROUND:
            return _GAP_BACKGROUND
        if role == _FOREGROUND:
            return _GAP_TEXT
        if role == _IS_GAP:
            return True
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.editor is None:
            return False
        shown = self._shown[index.row()]
        if shown < 0 or index.column() not in EDITABLE:
            return False
        row = self._rows[shown]
        if str(value) == self._edit_text(row, index.column()):
            return False
        generation = self._generation
        saved = self.editor(row, EDITABLE[index.column()], str(value))
        if saved is None:
            return False
        if generation != self._generation:
            return True  # the page reloaded every row, this change included, while it was saved
        self._rows[shown] = saved
        self._ages.pop(shown, None)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(HEADINGS) - 1))
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column in (SEEN_BY, NOTES):
            column = DATE
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        keys = [(self._key_of(i.row()), i.column()) for i in old]
        self.sort_column, self.sort_order = column, order
        self._rebuild()
        where = {self._key_of(r): r for r in range(len(self._shown))}
        self.changePersistentIndexList(old, [self.index(where[k], c) if k in where else QModelIndex()
                                             for k, c in keys])
        self.layoutChanged.emit()

    def _key_of(self, row: int) -> tuple[str, int]:
        shown = self._shown[row]
        return ("gap", -1 - shown) if shown < 0 else ("entry", self._rows[shown].id)

    # -- groups, finding ---------------------------------------------------------------

    def toggle_group(self, row: int) -> bool:
        """Expand or collapse the group whose first row this is; False if it is not one."""
        if not 0 <= row < len(self._shown) or self._shown[row] < 0:
            return False
        shown = self._shown[row]
        group = self._group(shown)
        if group is None or shown in self._followers:
            return False
        unit = self._unit_of.get(shown)
        if unit is None:
            return False
        if group in self._expanded:
            self.beginRemoveRows(QModelIndex(), row + 1, row + len(unit) - 1)
            del self._shown[row + 1: row + len(unit)]
            self._followers.difference_update(unit[1:])
            self._expanded.discard(group)
            self.endRemoveRows()
        else:
            self.beginInsertRows(QModelIndex(), row + 1, row + len(unit) - 1)
            self._shown[row + 1: row + 1] = unit[1:]
            self._followers.update(unit[1:])
            self._expanded.add(group)
            self.endInsertRows()
        self.dataChanged.emit(self.index(row, SEEN_BY), self.index(row, SEEN_BY))
        return True

    def entry_at(self, row: int) -> EntryRow | None:
        if 0 <= row < len(self._shown) and self._shown[row] >= 0:
            return self._rows[self._shown[row]]
        return None

    def row_of_entry(self, entry_id: int) -> int | None:
        """The table row showing an entry, expanding its group if it is hidden in one."""
        index = next((i for i, r in enumerate(self._rows) if r.id == entry_id), None)
        if index is None:
            return None
        lead = self._lead_of.get(index, index)
        try:
            row = self._shown.index(lead)
        except ValueError:
            return None  # filtered out
        if lead != index:
            if self._group(lead) not in self._expanded:
                self.toggle_group(row)
            return self._shown.index(index)
        return row

    def row_for_date(self, day: date) -> int | None:
        """The first entry row on or after a day (the last one before it if none is after)."""
        best, fallback = None, None
        for row, shown in enumerate(self._shown):
            if shown < 0:
                continue
            entry = self._rows[shown]
            if entry.latest >= day and (best is None or entry.date_from < self._rows[self._shown[best]].date_from):
                best = row
            if entry.latest < day:
                fallback = row
        return best if best is not None else fallback

    def entry_ids(self) -> list[int]:
        return [self._rows[s].id for s in self._shown if s >= 0]


def significance_icons(palette: QPalette, size: int = 14) -> dict[str, QIcon]:
    """The timeline's marker shapes, for the Significance column."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPainter

    from lipanel_desktop.views.timeline.painter import Painter

    painter = Painter(palette, QFont())
    icons = {}
    for code, rank in RANK.items():
        pixmap = QPixmap(size, size)
        pixmap.fill(QColor(0, 0, 0, 0))
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.draw_marker(p, rank, size - 2, QPointF(size / 2, size / 2))
        p.end()
        icons[code] = QIcon(pixmap)
    return icons
