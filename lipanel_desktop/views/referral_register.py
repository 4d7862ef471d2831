"""The referral register: a sortable table of every referral, with filters by status,
agency and referral date, and a search box that searches names, "also known as",
household members and the summary (FTS5) as the user types."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
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

from lipanel_desktop.services.referral_fields import FieldProblem, parse_uk_date
from lipanel_desktop.services.referral_register import (
    REFERENCE,
    RegisterFilter,
    agencies_in_use,
    fts_query,
    range_problem,
)
from lipanel_desktop.vocabulary.form_a import ReferralStatus
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.tablemodels.referrals import COLUMNS, ReferralTableModel
from lipanel_desktop.views.widgets.date_field import DateField
from lipanel_desktop.views.widgets.flow_layout import flow_widget

ALL_STATUSES = "All statuses"
ALL_AGENCIES = "All agencies"


class RegisterTable(QTableView):
    """Enter opens the selected referral."""

    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class SearchBox(QLineEdit):
    """Down arrow or Enter moves to the results."""

    to_results = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.to_results.emit()
            return
        super().keyPressEvent(event)


def _pair(label: QLabel, widget: QWidget) -> QWidget:
    """A label and its field, kept together when the filters wrap onto a new line."""
    pair = QWidget()
    row = QHBoxLayout(pair)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(label)
    row.addWidget(widget)
    return pair


def _labelled(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget.focusProxy() or widget)
    return label


class ReferralRegisterView(QWidget):
    open_requested = Signal(int)
    new_requested = Signal()
    print_requested = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)
        top = QHBoxLayout()
        title = QLabel("Referral register")
        title.setObjectName("PageTitle")
        top.addWidget(title, 1)
        commands, command_flow = flow_widget()
        self.new_button = QPushButton("&New referral")
        self.new_button.setToolTip("Start a new Form A referral (Ctrl+N)")
        self.open_button = QPushButton("&Open")
        self.open_button.setToolTip("Open the selected referral (Enter)")
        self.print_button = QPushButton("&Print…")
        self.print_button.setToolTip("Print, preview or save as PDF the selected referral's Form A (Ctrl+P)")
        for button in (self.new_button, self.open_button, self.print_button):
            command_flow.addWidget(button)
        top.addWidget(commands, 0)
        outer.addLayout(top)

        self.search = SearchBox()
        self.search.setPlaceholderText("Search names, also known as, household members and the summary")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search referrals")
        self.search.setMaxLength(200)
        search_row = QHBoxLayout()
        search_row.addWidget(_labelled("&Search", self.search))
        search_row.addWidget(self.search, 1)
        outer.addLayout(search_row)

        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Filter by status")
        self.status_filter.addItem(ALL_STATUSES, "")
        for status in ReferralStatus:
            self.status_filter.addItem(status.label, status.value)
        self.agency_filter = QComboBox()
        self.agency_filter.setAccessibleName("Filter by agency")
        self.agency_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.agency_filter.setMinimumContentsLength(16)
        self.date_from = DateField("Referral date from")
        self.date_to = DateField("Referral date to")
        filters, flow = flow_widget(spacing=12)
        self.clear_filters = QPushButton("C&lear filters")
        for text, widget in (("S&tatus", self.status_filter), ("A&gency", self.agency_filter),
                             ("Referral date &from", self.date_from), ("t&o", self.date_to)):
            flow.addWidget(_pair(_labelled(text, widget), widget))
        flow.addWidget(self.clear_filters)
        outer.addWidget(filters)
        self.filter_error = QLabel()
        self.filter_error.setObjectName("FieldError")
        self.filter_error.hide()
        outer.addWidget(self.filter_error)

        self.model = ReferralTableModel(self)
        self.table = RegisterTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Referrals")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        outer.addWidget(self.table, 1)
        self.count = QLabel()
        self.count.setAccessibleName("Number of referrals shown")
        outer.addWidget(self.count)
        self.empty = QLabel()
        self.empty.setObjectName("Calm")
        self.empty.setWordWrap(True)
        self.empty.hide()
        outer.insertWidget(outer.indexOf(self.table), self.empty)

        self.search.textChanged.connect(lambda _t: self.apply_filters())
        self.search.to_results.connect(self._to_results)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.agency_filter.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.date_from.edited.connect(self.apply_filters)
        self.date_to.edited.connect(self.apply_filters)
        self.clear_filters.clicked.connect(self.reset_filters)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.table.activated_row.connect(self._open_row)
        self.open_button.clicked.connect(lambda: self._open_row(self.table.currentIndex().row()))
        self.new_button.clicked.connect(self.new_requested)
        self.print_button.clicked.connect(self._print)
        self._size_columns()

    # -- loading ----------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch every row again (after a change anywhere), keeping filters and selection."""
        selected = self.selected_id()
        rows = self.ctx.ops.run(lambda: self.ctx.workspace.referral_register.rows(), title="Could not load the register")
        if rows is None:
            return
        self.model.set_rows(rows)
        self._fill_agencies()
        self.apply_filters()
        if selected is not None:
            self.select(selected)

    def _fill_agencies(self) -> None:
        current = self.agency_filter.currentData() or ""
        names = agencies_in_use(self.model.all_rows)
        self.agency_filter.blockSignals(True)
        self.agency_filter.clear()
        self.agency_filter.addItem(ALL_AGENCIES, "")
        for name in names:
            self.agency_filter.addItem(name, name)
        index = self.agency_filter.findData(current)
        self.agency_filter.setCurrentIndex(max(index, 0))
        self.agency_filter.blockSignals(False)

    def _size_columns(self) -> None:
        """From the font, not from the rows: sizing to 50,000 rows' contents is slow."""
        metrics = self.table.fontMetrics()
        samples = ("LIP-2026-0000", "M" * 16, "00/00/0000", "M" * 14, "00/00/0000", "On a panel agenda", "00/00/0000")
        for column, sample in enumerate(samples):
            heading = COLUMNS[column][0]
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(heading) + 24) + 24
            self.table.setColumnWidth(column, width)

    # -- filtering ----------------------------------------------------------------------

    def current_filter(self) -> RegisterFilter | None:
        problems = []
        dates = []
        for field, words in ((self.date_from, "from"), (self.date_to, "to")):
            try:
                dates.append(parse_uk_date(field.text()))
            except FieldProblem as problem:
                problems.append(f"Referral date {words}: {problem.message}")
                dates.append(None)
        if not problems and (wrong_way := range_problem(dates[0], dates[1])):
            problems.append(wrong_way)
        if problems:
            self.filter_error.setText("⚠ " + " ".join(problems))
            self.filter_error.show()
            return None
        self.filter_error.hide()
        status = self.status_filter.currentData() or ""
        return RegisterFilter(
            statuses=frozenset({status}) if status else frozenset(),
            agency=self.agency_filter.currentData() or "",
            date_from=dates[0],
            date_to=dates[1],
        )

    def apply_filters(self) -> None:
        chosen = self.current_filter()
        if chosen is None:
            return
        typed = self.search.text().strip()
        ids: set[int] | None = None  # None: no search (only punctuation typed is no search)
        if typed and fts_query(typed) is not None:
            found = self.ctx.ops.run(lambda: self.ctx.workspace.referral_register.search(typed), title="Could not search")
            ids = found if found is not None else set()
        if typed and any(ch.isdigit() for ch in typed):  # a reference number, or part of one
            upper = typed.upper()
            ids = (ids or set()) | {row[0] for row in self.model.all_rows if upper in row[REFERENCE]}
        self.model.set_filter(chosen, ids)
        self._show_counts(bool(typed) or not chosen.is_empty())

    def _show_counts(self, filtered: bool) -> None:
        shown, total = self.model.rowCount(), self.model.total
        noun = "referral" if total == 1 else "referrals"
        self.count.setText(f"Showing {shown:,} of {total:,} {noun}" if filtered else f"{total:,} {noun}")
        if total == 0:
            self.empty.setText("There are no referrals yet. Press New referral (Ctrl+N) to start one on Form A.")
        elif shown == 0:
            self.empty.setText("No referrals match the search and filters. Clear them to see every referral.")
        self.empty.setVisible(shown == 0)

    def reset_filters(self) -> None:
        for widget in (self.status_filter, self.agency_filter):
            widget.blockSignals(True)
            widget.setCurrentIndex(0)
            widget.blockSignals(False)
        self.date_from.setText("")
        self.date_to.setText("")
        self.search.clear()
        self.apply_filters()

    # -- selection and commands ----------------------------------------------------------

    def selected_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.referral_id(index.row()) if index.isValid() else None

    def select(self, referral_id: int) -> None:
        row = self.model.row_of(referral_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _to_results(self) -> None:
        if self.model.rowCount():
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)
            self.table.setFocus()

    def _open_row(self, row: int) -> None:
        referral_id = self.model.referral_id(row)
        if referral_id is not None:
            self.open_requested.emit(referral_id)

    def _print(self) -> None:
        referral_id = self.selected_id()
        if referral_id is None:
            msgbox.inform(self, "Print", "Select a referral in the list first.")
            return
        self.print_requested.emit(referral_id)

    # -- state (filters only: never what was typed in the search box) ----------------------

    def state(self) -> dict[str, object]:
        return {
            "status": self.status_filter.currentData() or "",
            "agency": self.agency_filter.currentData() or "",
            "from": self.date_from.text(),
            "to": self.date_to.text(),
            "sort": [self.model.sort_column, self.model.sort_order.value],
            "selected": self.selected_id(),
        }

    def restore(self, state: dict[str, object]) -> None:
        self.status_filter.setCurrentIndex(max(self.status_filter.findData(state.get("status", "")), 0))
        self.agency_filter.setCurrentIndex(max(self.agency_filter.findData(state.get("agency", "")), 0))
        self.date_from.setText(str(state.get("from", "")))
        self.date_to.setText(str(state.get("to", "")))
        sort = state.get("sort")
        if isinstance(sort, list) and len(sort) == 2:
            self.table.sortByColumn(int(sort[0]), Qt.SortOrder(int(sort[1])))
        self.apply_filters()
        selected = state.get("selected")
        if isinstance(selected, int):
            self.select(selected)

    def clear(self) -> None:
        self.search.clear()
        self.model.clear()
        self.count.clear()
