"""The panel's decision, recorded through its dialog: each kind, from an agenda item and
from a referral on the dashboard; a refused form keeps its typing and saves nothing."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from lipanel_desktop.services.decisions import DecisionService
from lipanel_desktop.services.meeting_agenda import AgendaService
from lipanel_desktop.services.meetings import MeetingData, MeetingService
from lipanel_desktop.services.working_days import add_working_days, is_working_day
from lipanel_desktop.storage.store import Store
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.main_window import MainWindow
from tests.gui.panel_support import choose, in_dialog, type_text
from tests.gui.referral_support import window  # noqa: F401  (fixture)
from tests.panel_factories import make_referral, referral_status

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def last_working_day() -> date:
    day = date.today()
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def panel_today(store: Store, *referrals: int) -> int:
    meeting = MeetingService(store).schedule(MeetingData("lip", last_working_day(), time(10), time(12))).meeting
    for referral in referrals:
        AgendaService(store).add_referral(meeting.id, referral)
    return meeting.id


def tick(dialog: Any, *names: str) -> None:
    for row in range(dialog.agencies.count()):
        item = dialog.agencies.item(row)
        item.setCheckState(Qt.CheckState.Checked if item.text() in names else Qt.CheckState.Unchecked)


@pytest.mark.parametrize(
    ("decision", "fill", "status", "prefix"),
    [
        ("malr", {"agencies": ("Police", "Health"), "first": 0}, "in_review", "MALR-"),
        ("scr_consideration", {"agencies": ("Police", "Children's Social Care")}, "in_review", "SCR-"),
        ("other_review", {"agencies": ("Health",), "method": "systems_review"}, "in_review", "REV-"),
        ("single_agency", {"agencies": ("Education",)}, "in_review", "SAA-"),
        ("no_further_action", {"reasons": "Fictional: learning already in hand."}, "closed", ""),
    ],
)
def test_record_each_kind_of_decision_from_the_agenda(qtbot: Any, window: MainWindow, store: Store, decision: str,  # noqa: F811
                                                      fill: dict, status: str, prefix: str) -> None:
    referral = make_referral(store, 1, referral_date=date.today() - timedelta(days=30))
    meeting_id = panel_today(store, referral)
    window.navigate("calendar", meeting_id=meeting_id)
    view = window.page("calendar").meeting_view
    view.agenda_view.selectRow(0)
    msgbox.set_next_answer(msgbox.Answer.OK)

    def record(dialog: Any) -> None:
        assert dialog.day.text() == last_working_day().strftime("%d/%m/%Y")
        choose(dialog.decision, decision)
        assert dialog.method.isEnabled() == (decision == "other_review")
        if "method" in fill:
            choose(dialog.method, fill["method"])
        if "agencies" in fill:
            tick(dialog, *fill["agencies"])
        if "reasons" in fill:
            type_text(qtbot, dialog.reasons, fill["reasons"])
        if dialog.issues.isEnabled():
            type_text(qtbot, dialog.issues, "Fictional issues for this review.")
        type_text(qtbot, dialog.good_practice, "Fictional good practice by the school.")
        if "first" in fill:
            type_text(qtbot, dialog.first, last_working_day().strftime("%d/%m/%Y"))
            type_text(qtbot, dialog.second, add_working_days(last_working_day(), 10).strftime("%d/%m/%Y"))

    in_dialog(qtbot, view.decide, record)
    assert msgbox.shown[-1][0] == "Decision recorded"
    assert referral_status(store, referral) == status
    (record_,) = DecisionService(store).for_referral(referral)
    assert record_.decision == decision and record_.meeting_id == meeting_id
    assert record_.review_reference.startswith(prefix) if prefix else record_.review_id is None
    assert record_.good_practice == "Fictional good practice by the school."
    assert view.agenda_model.rows[0].decision == decision


def test_a_refused_decision_says_why_and_saves_nothing(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    referral = make_referral(store, 1, referral_date=date.today() - timedelta(days=30))
    meeting_id = panel_today(store, referral)
    window.navigate("calendar", meeting_id=meeting_id)
    view = window.page("calendar").meeting_view
    view.agenda_view.selectRow(0)

    def bad(dialog: Any) -> None:
        choose(dialog.decision, "malr")
        tick(dialog)
        type_text(qtbot, dialog.period_from, "01/06/2025")
        type_text(qtbot, dialog.period_to, "01/01/2025")
        type_text(qtbot, dialog.first, "31/02/2026")

    dialog = in_dialog(qtbot, view.decide, bad)
    problems = dialog.problems.text()
    assert "1st meeting" in problems  # the unreadable date is named first
    assert DecisionService(store).for_referral(referral) == []

    def bad_again(dialog: Any) -> None:
        choose(dialog.decision, "malr")
        tick(dialog)
        type_text(qtbot, dialog.period_from, "01/06/2025")
        type_text(qtbot, dialog.period_to, "01/01/2025")

    dialog = in_dialog(qtbot, view.decide, bad_again)
    assert "Choose the agencies" in dialog.problems.text() and "must end on or after" in dialog.problems.text()
    assert DecisionService(store).for_referral(referral) == []
    assert referral_status(store, referral) == "on_agenda"


def test_decide_on_a_referral_from_the_dashboard(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    referral = make_referral(store, 1, referral_date=date.today() - timedelta(days=10))
    window.navigate("reviews")
    page = window.page("reviews")
    dashboard = page.dashboard
    row = [r.id for r in dashboard.model.rows].index(referral)
    dashboard.view.selectRow(row)
    msgbox.set_next_answer(msgbox.Answer.OK)

    def record(dialog: Any) -> None:
        choose(dialog.decision, "malr")
        tick(dialog, "Police")

    in_dialog(qtbot, dashboard.decide, record)
    assert page.stack.currentWidget() is page.workspace
    assert page.workspace.review is not None and page.workspace.review.reference.startswith("MALR-")


def test_withdraw_a_decision_recorded_by_mistake(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    from lipanel_desktop.services.decisions import DecisionData
    from tests.panel_factories import agency_id

    referral = make_referral(store, 1, referral_date=date.today() - timedelta(days=30))
    meeting_id = panel_today(store, referral)
    DecisionService(store).record(DecisionData(referral, "malr", last_working_day(), meeting_id,
                                               chronology_agency_ids=(agency_id(store, "Police"),)))
    window.navigate("calendar", meeting_id=meeting_id)
    view = window.page("calendar").meeting_view
    assert view.agenda_model.rows[0].decision == "malr"
    view.agenda_view.selectRow(0)
    msgbox.set_next_answer(msgbox.Answer.NO)  # "Withdraw the decision?" No: nothing changes
    qtbot.mouseClick(view.withdraw_button, Qt.MouseButton.LeftButton)
    assert referral_status(store, referral) == "in_review"
    view.agenda_view.selectRow(0)
    msgbox.set_next_answer(msgbox.Answer.YES)
    msgbox.set_next_answer(msgbox.Answer.OK)
    qtbot.mouseClick(view.withdraw_button, Qt.MouseButton.LeftButton)
    assert msgbox.shown[-1][0] == "Decision withdrawn"
    assert referral_status(store, referral) == "on_agenda"
    assert view.agenda_model.rows[0].decision == ""
