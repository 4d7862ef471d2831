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
from tests.gui.panel_support import choose, click, in_dialog, tick_only, type_text
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
    """Tick exactly these agencies for chronologies, with the keyboard (Space)."""
    tick_only(dialog.agencies, *names)


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

    in_dialog(qtbot, click(qtbot, view.decide_button), record)
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

    dialog = in_dialog(qtbot, click(qtbot, view.decide_button), bad)
    problems = dialog.problems.text()
    assert "1st meeting" in problems  # the unreadable date is named first
    assert DecisionService(store).for_referral(referral) == []

    def bad_again(dialog: Any) -> None:
        choose(dialog.decision, "malr")
        tick(dialog)
        type_text(qtbot, dialog.period_from, "01/06/2025")
        type_text(qtbot, dialog.period_to, "01/01/2025")

    dialog = in_dialog(qtbot, click(qtbot, view.decide_button), bad_again)
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

    in_dialog(qtbot, click(qtbot, dashboard.decide_button), record)
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


def test_every_field_of_the_forms_conclusion_is_typed_and_kept(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    """The paper form's "Conclusion of Learning and Improvement Panel" block, field by field
    under the form's own words, typed and ticked by keyboard, then read back as saved."""
    from PySide6.QtWidgets import QLabel

    referral = make_referral(store, 1, referral_date=date.today() - timedelta(days=30))
    meeting_id = panel_today(store, referral)
    window.navigate("calendar", meeting_id=meeting_id)
    view = window.page("calendar").meeting_view
    view.agenda_view.selectRow(0)
    held_on = last_working_day()
    first, second = add_working_days(held_on, 15), add_working_days(held_on, 35)
    msgbox.set_next_answer(msgbox.Answer.OK)

    def fill(dialog: Any) -> None:
        words = {label.text().replace("&", "") for label in dialog.findChildren(QLabel)}
        assert {"Date", "Decision", "Issues for this review are",
                "The terms of reference scope should include the following", "The period under review is",
                "Chronologies will be required from agencies to cover those dates", "Chair of review",
                "1st meeting", "2nd meeting"} <= words
        type_text(qtbot, dialog.day, held_on.strftime("%d/%m/%Y"))
        choose(dialog.decision, "malr")
        type_text(qtbot, dialog.issues, "Fictional: how the new adults were known to agencies.")
        type_text(qtbot, dialog.scope, "Fictional: each agency's involvement since the birth.")
        type_text(qtbot, dialog.period_from, "01/01/2024")
        type_text(qtbot, dialog.period_to, "31/12/2025")
        tick(dialog, "Police", "Health", "Education")
        type_text(qtbot, dialog.chair, "Fictional Review Chair")
        type_text(qtbot, dialog.first, first.strftime("%d/%m/%Y"))
        type_text(qtbot, dialog.second, second.strftime("%d/%m/%Y"))

    in_dialog(qtbot, click(qtbot, view.decide_button), fill)
    (saved,) = DecisionService(store).for_referral(referral)
    assert (saved.decision_date, saved.decision, saved.issues_for_review, saved.terms_of_reference_scope,
            saved.period_from, saved.period_to, set(saved.agencies), saved.chair_of_review,
            saved.first_meeting_date, saved.second_meeting_date) == (
        held_on, "malr", "Fictional: how the new adults were known to agencies.",
        "Fictional: each agency's involvement since the birth.", date(2024, 1, 1), date(2025, 12, 31),
        {"Police", "Health", "Education"}, "Fictional Review Chair", first, second)
    meetings = MeetingService(store).for_review(saved.review_id)
    assert sorted((m.kind, m.meeting_date) for m in meetings) == [("malr_first", first), ("malr_second", second)]
