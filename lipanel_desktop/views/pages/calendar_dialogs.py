"""Scheduling: one meeting (new or moved), and a run of panels from a rule with the
proposed dates shown for the user to confirm, move or leave out."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from lipanel_desktop.errors import ValidationError
from lipanel_desktop.services.calendar import EVERY, ORDINALS, WEEKDAYS, ProposedDate, ScheduleRule
from lipanel_desktop.services.meetings import PANEL_KINDS, MeetingData, MeetingSummary
from lipanel_desktop.services.referral_fields import FieldProblem, parse_uk_date
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.pages.reviews_forms import (
    FormDialog,
    Unreadable,
    combo,
    date_field,
    line_edit,
    read_date,
    read_time,
    uk,
)
from lipanel_desktop.vocabulary.panel import MeetingKind


def _time_text(value: object) -> str:
    return value.strftime("%H:%M") if value else ""  # type: ignore[attr-defined]


class MeetingDialog(FormDialog):
    """Schedule a meeting, or move one that has not yet been held."""

    changes = "meetings"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, meeting: MeetingSummary | None = None,
                 day: date | None = None, review_id: int | None = None, kind: str | None = None) -> None:
        super().__init__(ctx, "Move or change the meeting" if meeting else "Schedule a meeting", parent,
                         ok_text="Save" if meeting else "Schedule")
        self.meeting = meeting
        self.review_id = meeting.review_id if meeting else review_id
        kinds = [(k.value, k.label) for k in MeetingKind
                 if (k in PANEL_KINDS) == (self.review_id is None)]
        current_kind = kind or (meeting.kind if meeting else None)
        self.kind = self.add_row("&Kind of meeting", combo(kinds, "Kind of meeting", current_kind))
        self.day = self.add_row("&Date", date_field("Meeting date", meeting.meeting_date if meeting else day))
        self.start = self.add_row("&Starts (hh:mm)", line_edit("Start time", _time_text(meeting.start_time) if meeting else "10:00", limit=5))
        self.end = self.add_row("&Ends (hh:mm)", line_edit("End time", _time_text(meeting.end_time) if meeting else "12:00", limit=5))
        self.place = self.add_row("&Place", line_edit("Place", meeting.place if meeting else ""))
        self.chair = self.add_row("C&hair's name (blank: from the settings)", line_edit("Chair's name", meeting.chair_name if meeting else ""))
        if meeting and meeting.chair_reason:
            reason = QLabel(meeting.chair_reason)
            reason.setWordWrap(True)
            reason.setObjectName("Hint")
            self.form.addRow("Why this chair", reason)

    def data(self) -> MeetingData:
        problems: dict[str, str] = {}
        values = {}
        for key, reader in (("meeting_date", lambda: read_date(self.day, "meeting_date", "The meeting date")),
                            ("start_time", lambda: read_time(self.start, "start_time", "The start time")),
                            ("end_time", lambda: read_time(self.end, "end_time", "The end time"))):
            try:
                values[key] = reader()
            except Unreadable as error:
                problems.update(error.problems)
        if problems:
            raise ValidationError(problems)
        return MeetingData(self.kind.currentData(), values["meeting_date"], values["start_time"], values["end_time"],
                           self.place.text(), self.chair.text().strip() or None, self.review_id)

    def submit(self) -> object:
        meetings = self.ctx.workspace.panel.meetings
        if self.meeting is None:
            return meetings.schedule(self.data())
        return meetings.update(self.meeting.id, self.data())


class ScheduleDialog(FormDialog):
    """"Second Tuesday of every other month, starting January": propose, then confirm."""

    changes = "meetings"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(ctx, "Schedule panels in advance", parent, ok_text="Book the ticked dates")
        today = today or date.today()
        rule_row = QWidget()
        row = QHBoxLayout(rule_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.ordinal = combo([(str(k), v) for k, v in ORDINALS.items()], "Which week of the month", "2")
        self.weekday = combo([(str(i), name) for i, name in enumerate(WEEKDAYS)], "Day of the week", "1")
        self.every = combo([(str(k), v) for k, v in EVERY.items()], "How often", "2")
        of = QLabel("of")
        for widget in (self.ordinal, self.weekday, of, self.every):
            row.addWidget(widget)
        self.add_row("&Rule", rule_row)
        self.form.labelForField(rule_row).setBuddy(self.ordinal)  # type: ignore[union-attr]
        start_row = QWidget()
        srow = QHBoxLayout(start_row)
        srow.setContentsMargins(0, 0, 0, 0)
        self.first_month = QComboBox()
        self.first_month.setAccessibleName("First month of the series")
        for number in range(1, 13):
            self.first_month.addItem(date(2000, number, 1).strftime("%B"), number)
        self.first_year = QSpinBox()
        self.first_year.setAccessibleName("Year of the first month")
        self.first_year.setRange(2000, 2100)
        self.first_year.setValue(today.year + (1 if today.month > 10 else 0))
        srow.addWidget(self.first_month)
        srow.addWidget(self.first_year)
        srow.addStretch(1)
        self.add_row("Starting in &month", start_row)
        self.form.labelForField(start_row).setBuddy(self.first_month)  # type: ignore[union-attr]
        year = self.first_year.value()
        self.first = self.add_row("&From", date_field("Schedule from", date(year, 1, 1)))
        self.last = self.add_row("&To", date_field("Schedule to", date(year, 12, 31)))
        self.kind = self.add_row("&Kind", combo([(k.value, k.label) for k in MeetingKind if k in PANEL_KINDS], "Kind of meeting"))
        self.start = self.add_row("&Starts (hh:mm)", line_edit("Start time", "10:00", limit=5))
        self.end = self.add_row("&Ends (hh:mm)", line_edit("End time", "12:00", limit=5))
        self.place = self.add_row("&Place", line_edit("Place"))
        self.propose_button = QPushButton("&Propose dates")
        self.propose_button.setAccessibleName("Propose dates")
        self.propose_button.clicked.connect(self.propose)
        self.form.addRow("", self.propose_button)
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName("Proposed dates: tick to book, edit a date to move it")
        self.table.setHorizontalHeaderLabels(["Book", "Date (dd/mm/yyyy)", "Note"])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.setMinimumHeight(self.fontMetrics().lineSpacing() * 10)
        self.form.addRow(self.table)
        self.resize(self.fontMetrics().horizontalAdvance("x") * 95, self.sizeHint().height())

    def rule(self) -> ScheduleRule:
        problems: dict[str, str] = {}
        times = {}
        for key, widget, label in (("start_time", self.start, "The start time"), ("end_time", self.end, "The end time")):
            try:
                times[key] = read_time(widget, key, label)
            except Unreadable as error:
                problems.update(error.problems)
        if problems:
            raise ValidationError(problems)
        return ScheduleRule(
            weekday=int(self.weekday.currentData()), ordinal=int(self.ordinal.currentData()),
            every_months=int(self.every.currentData()),
            first_month=date(self.first_year.value(), int(self.first_month.currentData()), 1),
            kind=self.kind.currentData(), start_time=times["start_time"], end_time=times["end_time"],
            place=self.place.text(),
        )

    def propose(self) -> None:
        try:
            rule = self.rule()
            first = read_date(self.first, "first", "From")
            last = read_date(self.last, "last", "To")
            proposals = self.ctx.workspace.panel.calendar.propose(rule, first, last)  # type: ignore[arg-type]
        except ValidationError as error:
            self.show_problems(list(dict.fromkeys(error.problems.values())))
            return
        self.show_problems([] if proposals else ["The rule gives no dates in that range."])
        self.fill(proposals)

    def fill(self, proposals: list[ProposedDate]) -> None:
        self.table.setRowCount(len(proposals))
        for row, proposal in enumerate(proposals):
            tick = QTableWidgetItem(f"{proposal.meeting_date:%A}")
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            tick.setCheckState(Qt.CheckState.Unchecked if proposal.clash else Qt.CheckState.Checked)
            self.table.setItem(row, 0, tick)
            self.table.setItem(row, 1, QTableWidgetItem(uk(proposal.meeting_date)))
            note = QTableWidgetItem((proposal.note + " Not ticked: move it to another day to book it."
                                     if proposal.clash else proposal.note) or "As the rule gives it.")
            note.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.table.setItem(row, 2, note)
        self.table.resizeColumnsToContents()
        # Room for the tick box beside the day's name (the size above counts the words only).
        box = self.table.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + self.fontMetrics().horizontalAdvance("  ")
        self.table.setColumnWidth(0, self.table.columnWidth(0) + box)

    def chosen_dates(self) -> list[date]:
        problems: dict[str, str] = {}
        dates = []
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).checkState() != Qt.CheckState.Checked:
                continue
            text = self.table.item(row, 1).text()
            try:
                day = parse_uk_date(text)
            except FieldProblem as problem:
                problems[f"row{row}"] = f"Row {row + 1}: {problem.message}"
                continue
            if day is None:
                problems[f"row{row}"] = f"Row {row + 1}: give a date or untick the row."
            else:
                dates.append(day)
        if problems:
            raise ValidationError(problems)
        return dates

    def submit(self) -> object:
        if self.table.rowCount() == 0:
            raise ValidationError({"dates": "Press “Propose dates” first, then tick the dates to book."})
        return self.ctx.workspace.panel.calendar.create_schedule(self.rule(), self.chosen_dates())
