"""The Panel calendar section, driven through the real main window."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt

from lipanel_desktop.views import msgbox
from lipanel_desktop.views.main_window import MainWindow
from lipanel_desktop.views.pages.calendar import CalendarPage
from tests.gui.panel_support import choose, in_dialog, type_text
from tests.gui.referral_support import window  # noqa: F401  (fixture)

# Offscreen Qt says this whenever a dialog is shown; it is not a fault of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def calendar_page(qtbot: Any, window: MainWindow) -> CalendarPage:  # noqa: F811
    window.navigate("calendar")
    page = window.page("calendar")
    assert isinstance(page, CalendarPage)
    return page


def test_generate_a_year_of_bimonthly_panels(qtbot: Any, window: MainWindow) -> None:  # noqa: F811
    page = calendar_page(qtbot, window)
    msgbox.set_next_answer(msgbox.Answer.OK)  # the "Panels booked" message

    def fill(dialog: Any) -> None:
        choose(dialog.ordinal, "2")
        choose(dialog.weekday, "1")
        choose(dialog.every, "2")
        dialog.first_month.setCurrentIndex(0)
        dialog.first_year.setValue(2027)
        type_text(qtbot, dialog.first, "01/01/2027")
        type_text(qtbot, dialog.last, "31/12/2027")
        type_text(qtbot, dialog.place, "Fictional Room 4")
        qtbot.mouseClick(dialog.propose_button, Qt.MouseButton.LeftButton)
        assert dialog.table.rowCount() == 6
        assert dialog.table.item(0, 1).text() == "12/01/2027"
        # The user moves the March panel by a day before booking.
        dialog.table.item(1, 1).setText("10/03/2027")

    in_dialog(qtbot, page.schedule, fill)
    assert msgbox.shown[-1][0] == "Panels booked" and "6 meetings booked" in msgbox.shown[-1][1]
    page.range.setCurrentIndex(2)
    rows = page.model.rows
    assert [m.meeting_date for m in rows] == [date(2027, 1, 12), date(2027, 3, 10), date(2027, 5, 11), date(2027, 7, 13),
                                             date(2027, 9, 14), date(2027, 11, 9)]
    assert all(m.place == "Fictional Room 4" and m.status == "confirmed" for m in rows)
    page.month.setCurrentPage(2027, 3)
    page.range.setCurrentIndex(0)
    assert [m.reference for m in page.model.rows] == ["MTG-2027-02"]
    fmt = page.month.dateTextFormat(QDate(2027, 3, 10))
    assert fmt.fontUnderline() and "MTG-2027-02" in fmt.toolTip()


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

    dialog = in_dialog(qtbot, page.schedule, fill)
    assert "Propose dates" in dialog.problems.text()  # OK with nothing proposed
    page.range.setCurrentIndex(2)
    assert page.model.rows == []


def test_new_meeting_on_a_bank_holiday_is_refused_then_booked(qtbot: Any, window: MainWindow) -> None:  # noqa: F811
    page = calendar_page(qtbot, window)

    def holiday(dialog: Any) -> None:
        type_text(qtbot, dialog.day, "25/12/2026")

    refused = in_dialog(qtbot, page.new_meeting, holiday)
    assert "Christmas Day" in refused.problems.text()

    def fine(dialog: Any) -> None:
        type_text(qtbot, dialog.day, "08/12/2026")
        type_text(qtbot, dialog.place, "Fictional Hall")

    in_dialog(qtbot, page.new_meeting, fine)
    page.range.setCurrentIndex(2)
    assert [(m.meeting_date, m.place, m.chair_title) for m in page.model.rows] == [
        (date(2026, 12, 8), "Fictional Hall", "Head of Safeguarding")]


def test_export_to_an_ics_file(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:  # noqa: F811
    page = calendar_page(qtbot, window)
    in_dialog(qtbot, page.new_meeting, lambda d: type_text(qtbot, d.day, date.today().replace(day=1).strftime("%d/%m/%Y")))
    out = tmp_path / "out.ics"
    msgbox.set_next_file(str(out))
    msgbox.set_next_answer(msgbox.Answer.OK)
    page.range.setCurrentIndex(2)
    page.export()
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert msgbox.shown[-1][0] == "Calendar exported"
