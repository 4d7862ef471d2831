"""The Panel calendar section: a month view and an agenda list of meetings, scheduling
(one meeting, or panels in advance from a rule), the iCalendar export, and each meeting
opened in place (agenda, attendance, decisions)."""

from __future__ import annotations

import calendar as std_calendar
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont, QResizeEvent, QTextCharFormat, QUndoStack
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.services.meetings import MeetingSummary
from lipanel_desktop.services.permissions import allowed
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.page import Page
from lipanel_desktop.views.pages.calendar_dialogs import MeetingDialog, ScheduleDialog
from lipanel_desktop.views.pages.meetings_view import MeetingView
from lipanel_desktop.views.pages.panel_widgets import button, button_row, fit_columns, on_open, table
from lipanel_desktop.views.pages.reviews_forms import uk
from lipanel_desktop.views.tablemodels.panel_rows import Column, RowsModel
from lipanel_desktop.vocabulary.roles import Permission

MEETING_COLUMNS = (
    Column[MeetingSummary]("Date", lambda m: f"{m.meeting_date:%a} {uk(m.meeting_date)}", lambda m: (m.meeting_date, m.start_time or time.min)),
    Column[MeetingSummary]("Time", lambda m: f"{m.start_time:%H:%M}" if m.start_time else "", lambda m: m.start_time),
    Column[MeetingSummary]("Meeting", lambda m: m.kind_label + (f" — {m.review_reference}" if m.review_reference else "")),
    Column[MeetingSummary]("Reference", lambda m: m.reference),
    Column[MeetingSummary]("Status", lambda m: m.status_label),
    Column[MeetingSummary]("Papers due", lambda m: (uk(m.papers_deadline) + (" (sent)" if m.papers_sent_on else ""))
                           if m.papers_deadline else "", lambda m: m.papers_deadline),
    Column[MeetingSummary]("Agenda items", lambda m: str(m.agenda_count), lambda m: m.agenda_count),
    Column[MeetingSummary]("Chair", lambda m: m.chair_title + (f" ({m.chair_name})" if m.chair_name else "")),
    Column[MeetingSummary]("Place", lambda m: m.place),
)
RANGES = ("The month shown", "The next 12 months", "Everything, including cancelled")


class CalendarPage(Page):
    topics = ("meetings", "decisions", "referrals", "reviews", "settings")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        identity = ctx.workspace.identity
        title = QLabel("Panel calendar")
        title.setObjectName("PageTitle")
        self.new_button = button("&New meeting…", "Schedule a new meeting", self.new_meeting)
        self.schedule_button = button("&Schedule panels…", "Schedule panels in advance from a rule", self.schedule)
        self.export_button = button("E&xport to a calendar file…", "Export the meetings shown as an iCalendar file",
                                    self.export)
        self.range = QComboBox()
        self.range.addItems(RANGES)
        self.range.setAccessibleName("Meetings listed")
        range_label = QLabel("&List:")
        range_label.setBuddy(self.range)
        self.today_button = button("&Today", "Show this month", self.go_today)
        range_box = QWidget()
        range_row = QHBoxLayout(range_box)
        range_row.setContentsMargins(0, 0, 0, 0)
        range_row.addWidget(range_label)
        range_row.addWidget(self.range)
        bar, _ = button_row([self.new_button, self.schedule_button, self.export_button, range_box, self.today_button])
        can_schedule = allowed(identity, Permission.SCHEDULE_MEETINGS)
        self.new_button.setVisible(can_schedule)
        self.schedule_button.setVisible(can_schedule)
        self.export_button.setVisible(allowed(identity, Permission.EXPORT_DOCUMENTS))

        self.month = QCalendarWidget()
        self.month.setAccessibleName("Month view: days in bold have meetings")
        self.month.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.month.setGridVisible(True)
        self.month.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.month.currentPageChanged.connect(lambda _y, _m: self.reload_list())
        self.month.clicked.connect(self._day_chosen)
        self.month.activated.connect(self._day_activated)
        grid = self.month.findChild(QTableView, "qt_calendar_calendarview")
        if grid is not None:  # the part that takes the keyboard: say what it is
            grid.setAccessibleName("Month view: days in bold have meetings; Enter opens a day's meeting")
        for name, words in (("qt_calendar_prevmonth", "Previous month"), ("qt_calendar_nextmonth", "Next month"),
                            ("qt_calendar_monthbutton", "Choose the month"), ("qt_calendar_yearbutton", "Choose the year")):
            part = self.month.findChild(QWidget, name)
            if part is not None:
                part.setAccessibleName(words)
        self.key = QLabel("Days with a meeting are bold and underlined; point at one to see what is on.")
        self.key.setObjectName("Hint")
        self.key.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.month)
        left_layout.addWidget(self.key)
        left_layout.addStretch(1)

        self.model: RowsModel[MeetingSummary] = RowsModel(MEETING_COLUMNS)
        self.list = table(self.model, "Meetings: press Enter to open one")
        self.list.setSortingEnabled(True)
        self.list.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        on_open(self.list, self.open_meeting_row)
        self.empty = QLabel("")
        self.empty.setObjectName("Calm")
        self.empty.setWordWrap(True)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.empty)
        right_layout.addWidget(self.list, 1)
        self.splitter = splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        calendar_view = QWidget()
        calendar_layout = QVBoxLayout(calendar_view)
        calendar_layout.setContentsMargins(0, 0, 0, 0)
        calendar_layout.addWidget(bar)
        calendar_layout.addWidget(splitter, 1)
        self.meeting_view = MeetingView(ctx)
        self.meeting_view.back.connect(self.show_calendar)
        self.meeting_view.open_referral.connect(lambda rid: self.ctx.navigate("referrals", referral_id=rid))
        self.stack = QStackedWidget()
        self.stack.addWidget(calendar_view)
        self.stack.addWidget(self.meeting_view)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.stack, 1)
        self.range.currentIndexChanged.connect(lambda _i: self.reload_list())
        self._formatted: list[QDate] = []

    # -- the Page contract ---------------------------------------------------------
    def refresh(self) -> None:
        self.reload_list()
        if self.stack.currentWidget() is self.meeting_view:
            self.meeting_view.reload()

    def clear(self) -> None:
        self.model.set_rows([])
        self._unformat()
        self.meeting_view.clear()
        self.stack.setCurrentIndex(0)

    def state(self) -> dict[str, Any]:
        meeting = self.meeting_view.meeting
        return {"year": self.month.yearShown(), "month": self.month.monthShown(), "range": self.range.currentIndex(),
                "meeting_id": meeting.id if meeting and self.stack.currentWidget() is self.meeting_view else None}

    def restore(self, state: dict[str, Any]) -> None:
        year, month = state.get("year"), state.get("month")
        if isinstance(year, int) and isinstance(month, int) and 1 <= month <= 12:
            self.month.setCurrentPage(year, month)
        if isinstance(state.get("range"), int) and 0 <= state["range"] < len(RANGES):
            self.range.setCurrentIndex(state["range"])
        if isinstance(state.get("meeting_id"), int):
            self.open_item(meeting_id=state["meeting_id"])

    def open_item(self, **kwargs: Any) -> None:
        meeting_id = kwargs.get("meeting_id")
        if isinstance(meeting_id, int):
            self.meeting_view.show_meeting(meeting_id)
            self.stack.setCurrentWidget(self.meeting_view)

    def undo_stack(self) -> QUndoStack | None:
        """Edit > Undo works on the meetings' actions (removals and ticks)."""
        return self.meeting_view.undo

    def new_item(self) -> bool:
        """Ctrl+N here means a new meeting; a role that cannot arrange one is told so here
        rather than sent to another screen."""
        if not self.new_button.isVisible():
            msgbox.inform(self, "New meeting", "Your role allows you to read the panel calendar but not to arrange meetings.")
            return True
        self.new_meeting()
        return True

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        """Month beside the list when there is room; above it when the text is large or the
        window narrow, so neither is squeezed until its words are cut."""
        super().resizeEvent(event)
        wide = self.width() >= self.month.sizeHint().width() * 3.2
        self.splitter.setOrientation(Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical)
        self._fit_month()

    def _fit_month(self) -> None:
        """Room for all six weeks of the month: the month view's own size hint leaves out
        the frame and taller rows that high contrast draws, cutting off the last week."""
        grid = self.month.findChild(QTableView, "qt_calendar_calendarview")
        bar = self.month.findChild(QWidget, "qt_calendar_navigationbar")
        if grid is None or bar is None or grid.model() is None:
            return
        row = max(grid.verticalHeader().minimumSectionSize(), grid.sizeHintForRow(1))
        self.month.setMinimumHeight(bar.sizeHint().height() + grid.model().rowCount() * row + 2 * grid.frameWidth() + 2)

    # -- the list and month ----------------------------------------------------------
    def shown_range(self) -> tuple[date, date]:
        year, month = self.month.yearShown(), self.month.monthShown()
        if self.range.currentIndex() == 0:
            return date(year, month, 1), date(year, month, std_calendar.monthrange(year, month)[1])
        if self.range.currentIndex() == 1:
            today = date.today()
            return today, today + timedelta(days=366)
        return date(1990, 1, 1), date(2100, 12, 31)

    def reload_list(self) -> None:
        first, last = self.shown_range()
        calendar = self.ctx.workspace.panel.calendar
        meetings = calendar.agenda_list(first, last, include_cancelled=self.range.currentIndex() == 2)
        self.model.set_rows(meetings)
        fit_columns(self.list, share=0.3)  # dates and papers due stay in view beside a long chair's title
        self.empty.setText("" if meetings else "No meetings in this period. Use “Schedule panels…” to book a year ahead.")
        self.empty.setVisible(not meetings)
        self._format_month(calendar.month(self.month.yearShown(), self.month.monthShown()))

    def _unformat(self) -> None:
        plain = QTextCharFormat()
        for day in self._formatted:
            self.month.setDateTextFormat(day, plain)
        self._formatted = []

    def _format_month(self, meetings: list[MeetingSummary]) -> None:
        self._unformat()
        by_day: dict[date, list[str]] = {}
        for meeting in meetings:
            if meeting.is_open or meeting.status == "held":
                by_day.setdefault(meeting.meeting_date, []).append(f"{meeting.reference}: {meeting.kind_label} ({meeting.status_label})")
        for day, lines in by_day.items():
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setFontUnderline(True)
            fmt.setToolTip("\n".join(lines))
            qday = QDate(day.year, day.month, day.day)
            self.month.setDateTextFormat(qday, fmt)
            self._formatted.append(qday)

    def _day_chosen(self, qday: QDate) -> None:
        chosen = date(qday.year(), qday.month(), qday.day())
        for row in range(self.model.rowCount()):
            meeting = self.model.row_at(row)
            if meeting is not None and meeting.meeting_date == chosen:
                self.list.selectRow(row)
                return

    def _day_activated(self, qday: QDate) -> None:
        chosen = date(qday.year(), qday.month(), qday.day())
        matches = [m for m in self.model.rows if m.meeting_date == chosen]
        if matches:
            self.open_item(meeting_id=matches[0].id)
        elif self.new_button.isVisible():
            self.new_meeting(chosen)

    def go_today(self) -> None:
        today = QDate.currentDate()
        self.month.setSelectedDate(today)
        self.month.setCurrentPage(today.year(), today.month())

    def open_meeting_row(self, row: int) -> None:
        meeting = self.model.row_at(row)
        if meeting is not None:
            self.open_item(meeting_id=meeting.id)

    def show_calendar(self) -> None:
        self.stack.setCurrentIndex(0)
        self.reload_list()
        self.list.setFocus()

    # -- commands ----------------------------------------------------------------
    def new_meeting(self, day: date | None = None) -> None:
        dialog = MeetingDialog(self.ctx, self, day=day)
        if dialog.exec() and dialog.result_value is not None and dialog.result_value.message:
            msgbox.inform(self, "The chair", dialog.result_value.message)

    def schedule(self) -> None:
        dialog = ScheduleDialog(self.ctx, self)
        if dialog.exec() and dialog.result_value:
            booked = dialog.result_value
            msgbox.inform(self, "Panels booked", f"{len(booked)} meeting{'s' if len(booked) != 1 else ''} booked: "
                          f"{booked[0].reference} to {booked[-1].reference}.")

    def export(self) -> None:
        path = msgbox.save_file(self, "Export the panel calendar", "iCalendar files (*.ics)", "panel-calendar.ics")
        if not path:
            return
        if not path.lower().endswith(".ics"):
            path += ".ics"
        first, last = self.shown_range()
        exporter = self.ctx.workspace.panel.calendar_export
        result = self.ctx.ops.run(lambda: exporter.export(Path(path), first, last), changes="audit",
                                  title="Calendar not exported")
        if result is not None:
            msgbox.inform(self, "Calendar exported",
                          f"{result.meetings} meeting{'s' if result.meetings != 1 else ''} written to {result.path}. "
                          "It holds meeting kinds and reference numbers only, never a child's name.")
