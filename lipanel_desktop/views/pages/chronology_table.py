"""The combined chronology as a table: filters (agency, significance, what needs
attention, words), "go to date", and the table itself. Space expands or collapses an
event seen by several agencies; Enter or a double-click opens the entry."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.services.chronology.dates import DateProblem, parse_date
from lipanel_desktop.services.chronology.filters import EntryFilter, Show
from lipanel_desktop.services.chronology.review_context import AgencyRef
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.pages.chronology_cells import CellDelegate
from lipanel_desktop.views.widgets.flow_layout import FlowLayout
from lipanel_desktop.views.tablemodels.chronology import (
    AGE,
    AGENCY,
    ANALYSIS,
    AUTHOR,
    DATE,
    EVENT,
    NOTES,
    SEEN_BY,
    SIGNIFICANCE,
    SOURCE,
    ChronologyTableModel,
)
from lipanel_desktop.vocabulary.chronology import Significance

#: Column widths in average characters (sized from the font, not from 20,000 rows).
WIDTHS = {DATE: 16, AGE: 14, AGENCY: 14, SOURCE: 16, EVENT: 34, SIGNIFICANCE: 10, ANALYSIS: 16, AUTHOR: 13,
          SEEN_BY: 11, NOTES: 18}
#: ... at least wide enough for these, the usual longest values, whole.
SAMPLES = {DATE: "31/07/2025 09:45", AGE: "3 years 10 months", SIGNIFICANCE: "Context only", SEEN_BY: "▾ 3 agencies"}
KEYS = ("Enter opens the selected entry · F2 changes the selected cell · Space shows or hides the other "
        "agencies' records of an event")
#: Agency names wider than this many average characters are elided (the tooltip has them whole).
AGENCY_MOST = 20
#: Room for the cell's margins, and for the header's sort arrow; the significance icon.
PADDING, ARROW, ICON = 16, 22, 20


class ChronologyTable(QTableView):
    open_requested = Signal()
    toggle_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.state() != QAbstractItemView.State.EditingState:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
                self.open_requested.emit()
                return
            if event.key() == Qt.Key.Key_Space and self.currentIndex().isValid():
                self.toggle_requested.emit()
                return
        super().keyPressEvent(event)


class CombinedView(QWidget):
    #: An entry should be opened (its id).
    open_entry = Signal(int)
    filter_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ChronologyTableModel(self)
        self.agency = QComboBox()
        self.agency.setAccessibleName("Show entries from agency")
        self.significance = QComboBox()
        self.significance.setAccessibleName("Show significance")
        self.significance.addItem("Any significance", None)
        for level in Significance:
            self.significance.addItem(level.label, level.value)
        self.show_what = QComboBox()
        self.show_what.setAccessibleName("Show")
        for choice in Show:
            self.show_what.addItem(choice.label, choice.value)
        for combo, chars in ((self.agency, 18), (self.significance, 14), (self.show_what, 22)):
            # Sized in characters, not to the longest agency's name (the list shows names whole).
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(chars)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Words in the event, source, analysis or author")
        self.search.setAccessibleName("Search the chronology")
        self.search.setClearButtonEnabled(True)
        self.jump = QLineEdit()
        self.jump.setPlaceholderText("dd/mm/yyyy")
        self.jump.setMaxLength(40)
        self.jump.setAccessibleName("Jump to date")
        self.jump_button = QPushButton("Go")
        self.jump_button.setAccessibleName("Go to that date")
        self.table = ChronologyTable()
        self.table.setModel(self.model)
        self.table.setItemDelegate(CellDelegate(self.table))
        self.table.setAccessibleName("Combined chronology")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.SelectedClicked)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DATE, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.count = QLabel()
        self.count.setObjectName("Hint")
        self.keys = QLabel(KEYS)
        self.keys.setObjectName("Hint")
        self.keys.setWordWrap(True)

        # Each label stays beside its field; the pairs wrap onto a second line when the
        # window is narrow or the text large, rather than squeezing every field.
        filters = FlowLayout(spacing=12)
        for text, widget in (("Agenc&y", self.agency), ("Sig&nificance", self.significance), ("Sho&w", self.show_what),
                             ("Fin&d", self.search), ("&Jump to date", self.jump)):
            label = QLabel(text)
            label.setBuddy(widget)
            pair = QWidget()
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(label)
            row.addWidget(widget)
            if widget is self.jump:
                row.addWidget(self.jump_button)
            filters.addWidget(pair)
        self._size_fields()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.count)
        footer.addStretch(1)
        footer.addWidget(self.keys, 3)
        layout.addLayout(footer)

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(200)
        self._typing.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._typing.start)
        for combo in (self.agency, self.significance, self.show_what):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.jump.returnPressed.connect(self.go_to_date)
        self.jump_button.clicked.connect(self.go_to_date)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.open_requested.connect(self._open_current)
        self.table.toggle_requested.connect(self.toggle_current)
        self.size_columns()

    def size_columns(self) -> None:
        """Widths from the font (at any text size): every heading whole, with its sort
        arrow, and the usual longest date, age and significance whole."""
        metrics = self.table.fontMetrics()
        heading = self.table.horizontalHeader().fontMetrics()
        average = metrics.averageCharWidth()
        for column, chars in WIDTHS.items():
            width = max(chars * average, metrics.horizontalAdvance(SAMPLES.get(column, "")))
            width += ICON if column == SIGNIFICANCE else 0
            width = max(width, heading.horizontalAdvance(self.model.headerData(column, Qt.Orientation.Horizontal))
                        + ARROW)
            self.table.setColumnWidth(column, width + PADDING)
        self._size_agency_column()
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 10)

    def _size_fields(self) -> None:
        average = self.search.fontMetrics().averageCharWidth()
        self.search.setMinimumWidth(26 * average)
        self.jump.setMinimumWidth(self.jump.fontMetrics().horizontalAdvance("dd/mm/yyyy") + 3 * average)

    def _size_agency_column(self) -> None:
        metrics = self.table.fontMetrics()
        names = [self.agency.itemText(i) for i in range(1, self.agency.count())]
        widest = max((metrics.horizontalAdvance(n) for n in names), default=0)
        average = metrics.averageCharWidth()
        self.table.setColumnWidth(AGENCY, min(max(widest, WIDTHS[AGENCY] * average), AGENCY_MOST * average) + PADDING)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """A new text size (View > Text size) re-measures the columns."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and getattr(self, "table", None) is not None:
            self.size_columns()
            self._size_fields()

    def set_agencies(self, agencies: list[AgencyRef]) -> None:
        current = self.agency.currentData()
        self.agency.blockSignals(True)
        self.agency.clear()
        self.agency.addItem("All agencies", None)
        for agency in agencies:
            self.agency.addItem(agency.name, agency.id)
        self.agency.setCurrentIndex(max(0, self.agency.findData(current)))
        self.agency.blockSignals(False)
        self._size_agency_column()

    def current_filter(self) -> EntryFilter:
        return EntryFilter(agency_id=self.agency.currentData(), significance=self.significance.currentData(),
                           text=self.search.text().strip(), show=Show(self.show_what.currentData()))

    def apply_filter(self) -> None:
        keep = self.current_entry_id()
        self.model.set_filter(self.current_filter())
        self.update_count()
        if keep is not None:
            self.select_entry(keep, quiet=True)
        self.filter_changed.emit()

    def update_count(self) -> None:
        shown, total = self.model.shown_entries, self.model.total
        if total == 0:
            self.count.setText("No entries yet: import an agency's chronology or add an entry.")
        elif shown == total:
            self.count.setText(f"{total:,} entries.")
        else:
            self.count.setText(f"Showing {shown:,} of {total:,} entries. Clear the filters to see them all.")

    def reset_filters(self, *, apply: bool = True) -> None:
        for combo in (self.agency, self.significance, self.show_what):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.jump.clear()
        if apply:
            self.apply_filter()

    def current_entry_id(self) -> int | None:
        entry = self.model.entry_at(self.table.currentIndex().row())
        return entry.id if entry else None

    def select_entry(self, entry_id: int, *, quiet: bool = False) -> bool:
        row = self.model.row_of_entry(entry_id)
        if row is None and not quiet and not self.current_filter().is_empty:
            self.reset_filters()
            row = self.model.row_of_entry(entry_id)
        if row is None:
            return False
        index = self.model.index(row, DATE)  # the first column: never scrolled sideways out of sight
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def go_to_date(self) -> None:
        text = self.jump.text().strip()
        try:
            day = parse_date(text).date_from if text else date.today()
        except DateProblem as problem:
            msgbox.warn(self, "Not a date", problem.message)
            self.jump.setFocus()
            return
        row = self.model.row_for_date(day)
        if row is None:
            msgbox.inform(self, "No entries", "There are no entries to go to. Clear the filters and try again.")
            return
        index = self.model.index(row, DATE)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
        self.table.setFocus()

    def toggle_current(self) -> None:
        row = self.table.currentIndex().row()
        if self.model.toggle_group(row):
            self.table.setCurrentIndex(self.model.index(row, self.table.currentIndex().column()))

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() == SEEN_BY and self.model.toggle_group(index.row()):
            return
        entry = self.model.entry_at(index.row())
        if entry is not None:
            self.open_entry.emit(entry.id)

    def _open_current(self) -> None:
        entry = self.model.entry_at(self.table.currentIndex().row())
        if entry is not None:
            self.open_entry.emit(entry.id)

    def state(self) -> dict[str, Any]:
        return {"agency": self.agency.currentData(), "significance": self.significance.currentData(),
                "show": self.show_what.currentData(), "sort": self.model.sort_column,
                "descending": self.model.sort_order == Qt.SortOrder.DescendingOrder}

    def restore(self, state: dict[str, Any]) -> None:
        for combo, key in ((self.agency, "agency"), (self.significance, "significance"), (self.show_what, "show")):
            found = combo.findData(state.get(key))
            if found >= 0:
                combo.setCurrentIndex(found)
        sort = state.get("sort")
        if isinstance(sort, int) and 0 <= sort < self.model.columnCount():
            order = Qt.SortOrder.DescendingOrder if state.get("descending") else Qt.SortOrder.AscendingOrder
            self.table.sortByColumn(sort, order)
