"""The Panel calendar section, driven through the real main window."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QTableView

from lipanel_desktop.services.working_days import next_working_day
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.main_window import MainWindow
from lipanel_desktop.views.pages.calendar import CalendarPage
from tests.gui.panel_support import choose, click, give_focus, in_dialog, type_text
from tests.gui.referral_support import window  # noqa: F401  (fixture)

# Offscreen Qt says this whenever a dialog is shown; it is not a fault of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def calendar_page(qtbot: Any, window: MainWindow) -> CalendarPage:  # noqa: F811
    window.navigate("calendar")
    page = window.page("calendar")
    assert isinstance(page, CalendarPage)
    return page


def edit_cell(qtbot: Any, table: Any, row: int, column: int, text: str) -> None:
    """Click a cell (it opens for editing), type over it and press Enter."""
    from PySide6.QtWidgets import QLineEdit

    where = table.visualRect(table.model().index(row, column)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    editor = table.viewport().findChild(QLineEdit) or table.findChild(QLineEdit)
    if editor is None:  # the click chose the cell; a key opens it
        qtbot.keyClick(table, Qt.Key.Key_F2)
        editor = table.findChild(QLineEdit)
    assert editor is not None
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the table takes the typing when events next run
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState, timeout=2000)


def test_generate_a_year_of_bimonthly_panels(qtbot: Any, window: MainWindow) -> None:  # noqa: F811
    page = calendar_page(qtbot, window)
    msgbox.set_next_answer(msgbox.Answer.OK)  # the "Panels booked" message

    def fill(dialog: Any) -> None:
        choose(dialog.ordinal, "2")
        choose(dialog.weekday, "1")
        choose(dialog.every, "2")
        choose(dialog.first_month, "January")
        type_text(qtbot, dialog.first_year, "2027")
        type_text(qtbot, dialog.first, "01/01/2027")
        type_text(qtbot, dialog.last, "31/12/2027")
        type_text(qtbot, dialog.place, "Fictional Room 4")
        qtbot.mouseClick(dialog.propose_button, Qt.MouseButton.LeftButton)
        assert dialog.table.rowCount() == 6
        assert [dialog.table.item(r, 1).text() for r in range(6)] == [
            "12/01/2027", "09/03/2027", "11/05/2027", "13/07/2027", "14/09/2027", "09/11/2027"]
        # The user moves the March panel by a day before booking, typing in its cell.
        edit_cell(qtbot, dialog.table, 1, 1, "10/03/2027")
        assert dialog.table.item(1, 1).text() == "10/03/2027"

    in_dialog(qtbot, click(qtbot, page.schedule_button), fill)
    assert msgbox.shown[-1][0] == "Panels booked" and "6 meetings booked" in msgbox.shown[-1][1]
    choose(page.range, "Everything, including cancelled")
    rows = page.model.rows
    assert [m.meeting_date for m in rows] == [date(2027, 1, 12), date(2027, 3, 10), date(2027, 5, 11), date(2027, 7, 13),
                                             date(2027, 9, 14), date(2027, 11, 9)]
    assert all(m.place == "Fictional Room 4" and m.status == "confirmed" for m in rows)
    assert all(m.papers_deadline is not None and m.papers_deadline < m.meeting_date for m in rows)
    page.month.setCurrentPage(2027, 3)
    choose(page.range, "The month shown")
    assert [m.reference for m in page.model.rows] == ["MTG-2027-02"]
    fmt = page.month.dateTextFormat(QDate(2027, 3, 10))
    assert fmt.fontUnderline() and "MTG-2027-02" in fmt.toolTip()
    # In the month view, arrow keys move the day and Enter opens that day's meeting.
    grid = page.month.findChild(QTableView, "qt_calendar_calendarview")
    page.month.setSelectedDate(QDate(2027, 3, 9))
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert page.month.selectedDate() == QDate(2027, 3, 10)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.meeting_view and page.meeting_view.meeting.reference == "MTG-2027-02"
    qtbot.mouseClick(page.meeting_view.back_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentIndex() == 0
    # Enter on the list opens the meeting.
    give_focus(qtbot, page.list)
    page.list.selectRow(0)
    qtbot.keyClick(page.list, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.meeting_view
    assert page.meeting_view.meeting is not None and page.meeting_view.meeting.reference == "MTG-2027-02"


def test_bad_schedule_input_is_refused_in_the_dialog(qtbot: Any, window: MainWindow) -> None:  # noqa: F811
    page = calendar_page(qtbot, window)

    def fill(dialog: Any) -> None:
        type_text(qtbot, dialog.first, "31/12/2027")
        type_text(qtbot, dialog.last, "01/01/2027")
        qtbot.mouseClick(dialog.propose_button, Qt.MouseButton.LeftButton)
        assert "on or after its start" in dialog.problems.text()
        type_text(qtbot, dialog.first, "31/02/2027")
        qtbot.mouseClick(dialog.propose_button, Qt.MouseButton.LeftButton)
        assert "From" in dialog.problems.text()

    dialog = in_dialog(qtbot, click(qtbot, page.schedule_button), fill)
    assert "Propose dates" in dialog.problems.text()  # OK with nothing proposed
    choose(page.range, "Everything, including cancelled")
    assert page.model.rows == []


def test_new_meeting_on_a_bank_holiday_is_refused_then_booked(qtbot: Any, window: MainWindow) -> None:  # noqa: F811
    page = calendar_page(qtbot, window)

    def holiday(dialog: Any) -> None:
        type_text(qtbot, dialog.day, "25/12/2026")

    refused = in_dialog(qtbot, click(qtbot, page.new_button), holiday)
    assert "Christmas Day" in refused.problems.text()

    def fine(dialog: Any) -> None:
        type_text(qtbot, dialog.day, "08/12/2026")
        type_text(qtbot, dialog.place, "Fictional Hall")

    in_dialog(qtbot, click(qtbot, page.new_button), fine)
    choose(page.range, "Everything, including cancelled")
    assert [(m.meeting_date, m.place, m.chair_title) for m in page.model.rows] == [
        (date(2026, 12, 8), "Fictional Hall", "Head of Safeguarding")]


def test_export_to_an_ics_file(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:  # noqa: F811
    page = calendar_page(qtbot, window)
    in_dialog(qtbot, click(qtbot, page.new_button),
              lambda d: type_text(qtbot, d.day, next_working_day(date.today() + timedelta(days=1)).strftime("%d/%m/%Y")))
    out = tmp_path / "out.ics"
    msgbox.set_next_file(str(out))
    msgbox.set_next_answer(msgbox.Answer.OK)
    choose(page.range, "Everything, including cancelled")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"SUMMARY:Learning and Improvement Panel" in out.read_bytes()
    assert msgbox.shown[-1][0] == "Calendar exported"
    # Cancelling the file dialog writes nothing; a folder that does not exist is refused in words.
    shown = len(msgbox.shown)
    msgbox.set_next_file(None)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert len(msgbox.shown) == shown
    msgbox.set_next_file(str(tmp_path / "no-such-folder" / "out.ics"))
    msgbox.set_next_answer(msgbox.Answer.OK)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert not (tmp_path / "no-such-folder").exists()
    assert msgbox.shown[-1][0] == "Calendar not exported" and "Traceback" not in msgbox.shown[-1][1]
