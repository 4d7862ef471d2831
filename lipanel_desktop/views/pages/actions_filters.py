"""The tracker's filter bar (agency, status, review, lead officer, due window, words,
grouping) and its summary bar (a count per status, each a button that filters to it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QToolButton, QVBoxLayout, QWidget

from lipanel_desktop.services.action_status import STATUS_ORDER
from lipanel_desktop.services.action_tracker import NO_REVIEW, DueWindow, GroupBy, StatusChoice, TrackerData, TrackerFilter
from lipanel_desktop.services.referral_fields import FieldProblem, parse_uk_date
from lipanel_desktop.views.charts.status_icons import status_icon
from lipanel_desktop.views.widgets.date_field import DateField

ANY = None


def _combo(name: str, minimum_chars: int = 12) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(minimum_chars)
    return combo


def _labelled(layout: QHBoxLayout, text: str, widget: QWidget) -> None:
    label = QLabel(text)
    label.setBuddy(widget.focusProxy() or widget)
    layout.addWidget(label)
    layout.addWidget(widget)


class FilterBar(QWidget):
    """Emits `changed` whenever the filter or grouping changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agency = _combo("Agency")
        self.status = _combo("Status", 24)
        for choice in StatusChoice:
            self.status.addItem(choice.label, choice.value)
        self.review = _combo("Review")
        self.officer = _combo("Lead officer")
        self.due = _combo("Due date")
        for window in DueWindow:
            self.due.addItem(window.label, window.value)
        self.due_from = DateField("Due from")
        self.due_to = DateField("Due until")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Reference or words")
        self.search.setAccessibleName("Search actions by reference or words")
        self.search.setClearButtonEnabled(True)
        self.group = _combo("Grouping", 10)
        for choice in GroupBy:
            self.group.addItem(choice.label, choice.value)
        self.clear_button = QPushButton("Clear &filters")
        self.clear_button.setToolTip("Show every action again")
        self.date_problem = QLabel()
        self.date_problem.setObjectName("FieldError")
        self.date_problem.hide()

        first = QHBoxLayout()
        _labelled(first, "A&gency", self.agency)
        _labelled(first, "Re&view", self.review)
        _labelled(first, "Lead &officer", self.officer)
        _labelled(first, "Gro&up", self.group)
        first.addStretch(1)
        second = QHBoxLayout()
        _labelled(second, "S&tatus", self.status)
        _labelled(second, "D&ue", self.due)
        self.from_label = QLabel("from")
        self.from_label.setBuddy(self.due_from.line)
        self.to_label = QLabel("to")
        self.to_label.setBuddy(self.due_to.line)
        for widget in (self.from_label, self.due_from, self.to_label, self.due_to):
            second.addWidget(widget)
        _labelled(second, "Searc&h", self.search)
        second.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.date_problem)

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(150)
        self._typing.timeout.connect(self.changed)
        self._quiet = False
        for combo in (self.agency, self.status, self.review, self.officer, self.group):
            combo.currentIndexChanged.connect(self._emit)
        self.due.currentIndexChanged.connect(self._due_changed)
        self.due_from.edited.connect(self._emit)
        self.due_to.edited.connect(self._emit)
        self.search.textChanged.connect(lambda _text: self._typing.start())
        self.clear_button.clicked.connect(self.reset)
        self.set_choices(None)
        self._due_changed()

    def _emit(self) -> None:
        if not self._quiet:
            self.changed.emit()

    def _due_changed(self) -> None:
        between = self.due.currentData() == DueWindow.BETWEEN.value
        for widget in (self.from_label, self.due_from, self.to_label, self.due_to):
            widget.setVisible(between)
        self._emit()

    def set_choices(self, data: TrackerData | None) -> None:
        """Fill the lists from what the tracker holds, keeping the current choices."""
        self._quiet = True
        try:
            _refill(self.agency, "All agencies", [(c.label, c.id) for c in (data.agencies if data else ())])
            reviews = [(c.label, c.id) for c in (data.sources if data else ())]
            _refill(self.review, "All reviews", [("No review (single-agency decisions)", NO_REVIEW), *reviews])
            _refill(self.officer, "Any lead officer", [(name, name) for name in (data.lead_officers if data else ())])
        finally:
            self._quiet = False

    def current(self, today: date | None = None) -> TrackerFilter:
        problems: list[str] = []
        due_from = _date_or_none(self.due_from, problems)
        due_to = _date_or_none(self.due_to, problems)
        self.date_problem.setText(" ".join(problems))
        self.date_problem.setVisible(bool(problems))
        return TrackerFilter(
            agency_id=self.agency.currentData(),
            status=StatusChoice(self.status.currentData()),
            review_id=self.review.currentData(),
            lead_officer=self.officer.currentData() or "",
            due_window=DueWindow(self.due.currentData()),
            due_from=due_from,
            due_to=due_to,
            text=self.search.text(),
        )

    def group_by(self) -> GroupBy:
        return GroupBy(self.group.currentData())

    def set_status(self, choice: StatusChoice) -> None:
        self.status.setCurrentIndex(max(0, self.status.findData(choice.value)))

    def reset(self) -> None:
        self._quiet = True
        try:
            for combo in (self.agency, self.status, self.review, self.officer, self.due):
                combo.setCurrentIndex(0)
            self.due_from.setText("")
            self.due_to.setText("")
            self.search.clear()
            self._typing.stop()
        finally:
            self._quiet = False
        self._due_changed()

    def state(self) -> dict[str, Any]:
        """Filter choices only (ids and codes): no names or typed words from records."""
        return {
            "agency_id": self.agency.currentData(),
            "status": self.status.currentData(),
            "review_id": self.review.currentData(),
            "due": self.due.currentData(),
            "group": self.group.currentData(),
        }

    def restore(self, state: dict[str, Any]) -> None:
        self._quiet = True
        try:
            for combo, key in ((self.agency, "agency_id"), (self.status, "status"), (self.review, "review_id"),
                               (self.due, "due"), (self.group, "group")):
                value = state.get(key)
                found = combo.findData(value)
                if value is not None and found >= 0:
                    combo.setCurrentIndex(found)
        finally:
            self._quiet = False
        self._due_changed()


def _refill(combo: QComboBox, everything: str, items: list[tuple[str, Any]]) -> None:
    keep = combo.currentData()
    combo.clear()
    combo.addItem(everything, ANY)
    for label, value in items:
        combo.addItem(label, value)
    found = combo.findData(keep) if keep is not None else 0
    combo.setCurrentIndex(max(0, found))


def _date_or_none(field: DateField, problems: list[str]) -> date | None:
    try:
        return parse_uk_date(field.text())
    except FieldProblem as problem:
        problems.append(problem.message)
        return None


class SummaryBar(QWidget):
    """A button per status with its count among the actions shown; clicking one shows
    only that status. The words are always there beside the icon. The buttons wrap into
    more rows when the text is large (200%) or the window narrow."""

    status_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: dict[str, QToolButton] = {}
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(self.fontMetrics().height())
        self._columns = 0
        for status in STATUS_ORDER:
            button = QToolButton()
            button.setIcon(status_icon(status.value))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            button.clicked.connect(lambda _checked=False, code=status.value: self.status_chosen.emit(StatusChoice(code)))
            self.buttons[status.value] = button
        self.set_counts({s.value: 0 for s in STATUS_ORDER})
        self._arrange(len(STATUS_ORDER))

    def _arrange(self, columns: int) -> None:
        columns = max(1, min(columns, len(self.buttons)))
        if columns == self._columns:
            return
        self._columns = columns
        for button in self.buttons.values():
            self.grid.removeWidget(button)
        for i, button in enumerate(self.buttons.values()):
            self.grid.addWidget(button, i // columns, i % columns, Qt.AlignmentFlag.AlignLeft)
        self.grid.setColumnStretch(columns, 1)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        widest = max(b.sizeHint().width() for b in self.buttons.values()) + self.grid.horizontalSpacing()
        self._arrange(max(1, self.width() // max(widest, 1)))
        super().resizeEvent(event)

    def set_counts(self, counts: dict[str, int]) -> None:
        for status in STATUS_ORDER:
            n = counts.get(status.value, 0)
            button = self.buttons[status.value]
            button.setText(f"{status.label}: {n:,}")
            button.setAccessibleName(f"{status.label}: {n:,} actions. Show only these.")
            button.setToolTip(f"Show only actions that are {status.label.lower()}")
            button.setIconSize(QSize(button.fontMetrics().height(), button.fontMetrics().height()))
