"""The Reviews section driven as a user would: a MALR from the panel's decision to the
report and closure; the SCR path with a National Panel overturn; the statutory clock
across a bank holiday weekend; the dashboard opening a case."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Callable

import pytest
from PySide6.QtCore import Qt

from lipanel_desktop.services.review_agencies import ReviewAgencyService
from lipanel_desktop.services.review_workflow import ReviewWorkflow, add_months
from lipanel_desktop.services.reviews import ReviewService
from lipanel_desktop.storage.store import Store
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.main_window import MainWindow
from lipanel_desktop.views.pages.reviews import ReviewsPage
from tests.gui.panel_support import choose, click, in_dialog, type_text
from tests.gui.referral_support import window  # noqa: F401  (fixture)
from tests.gui.test_decision_dialog import last_working_day, tick
from tests.panel_factories import make_referral
from tests.review_factories import open_review

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
UK = "%d/%m/%Y"


def move(qtbot: Any, page: ReviewsPage, label: str) -> None:
    buttons = {b.accessibleName(): b for b in page.workspace.progress.move_buttons}
    assert label in buttons, list(buttons)
    assert buttons[label].isEnabled(), page.workspace.progress.moves.count()
    qtbot.mouseClick(buttons[label], Qt.MouseButton.LeftButton)


def stage(page: ReviewsPage) -> str:
    assert page.workspace.review is not None
    return page.workspace.review.stage


def save_details(qtbot: Any, page: ReviewsPage, **values: str) -> None:
    details = page.workspace.details
    page.workspace.tabs.setCurrentWidget(details)
    for name, value in values.items():
        widget = details.widgets[name]
        if hasattr(widget, "findData"):
            choose(widget, value)
        else:
            type_text(qtbot, widget, value)
    qtbot.mouseClick(details.save_button, Qt.MouseButton.LeftButton)
    assert not details.problems.isVisible(), details.problems.text()


def select(block: Any, text: str) -> None:
    for row in range(block.model.rowCount()):
        if block.model.index(row, 0).data() == text:
            block.view.selectRow(row)
            return
    raise AssertionError(text)


def press(qtbot: Any, block: Any, words: str) -> Callable[[], None]:
    """The trigger for `in_dialog`: click the block's button with these words."""
    found = [b for b in block.buttons if b.text().replace("&", "") == words]
    assert found, [b.text() for b in block.buttons]
    return click(qtbot, found[0])


def column(block: Any, heading: str) -> dict[str, str]:
    """First column -> the column headed `heading`, as shown."""
    at = [c.heading for c in block.model.columns].index(heading)
    return {block.model.index(r, 0).data(): block.model.index(r, at).data() for r in range(block.model.rowCount())}


def show_tab(qtbot: Any, page: ReviewsPage, widget: Any) -> None:
    tabs = page.workspace.tabs
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tabs.indexOf(widget)).center())
    assert tabs.currentWidget() is widget


def decide_from_dashboard(qtbot: Any, page: ReviewsPage, referral: int, fill: Callable[[Any], None]) -> None:
    page.dashboard.view.selectRow([r.id for r in page.dashboard.model.rows].index(referral))
    msgbox.set_next_answer(msgbox.Answer.OK)
    in_dialog(qtbot, click(qtbot, page.dashboard.decide_button), fill)


def test_a_malr_from_decision_to_report(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    today, held_on = date.today(), last_working_day()
    referral = make_referral(store, 1, referral_date=today - timedelta(days=40))
    window.navigate("reviews")
    page = window.page("reviews")

    def decide(dialog: Any) -> None:
        choose(dialog.decision, "malr")
        tick(dialog, "Police", "Health")
        type_text(qtbot, dialog.day, held_on.strftime(UK))
        type_text(qtbot, dialog.chair, "Fictional Review Chair")
        type_text(qtbot, dialog.scope, "Fictional scope.")
        type_text(qtbot, dialog.first, held_on.strftime(UK))

    decide_from_dashboard(qtbot, page, referral, decide)
    assert stage(page) == "setting_up"
    progress = page.workspace.progress
    assert "Set the timescales." in " ".join(
        progress.moves.itemAt(i).widget().text() for i in range(progress.moves.count()))
    save_details(qtbot, page, timescales="Fictional: one meeting, summary within a month.")
    move(qtbot, page, "Send the agency checks")
    assert stage(page) == "agency_checks"

    agencies = page.workspace.agencies
    show_tab(qtbot, page, agencies)
    for name, representative in (("Police", "Fictional Sergeant"), ("Health", "Fictional Nurse")):
        select(agencies.checks, name)

        def reply(dialog: Any, who: str = representative) -> None:
            choose(dialog.fields["status"], "involved")
            type_text(qtbot, dialog.fields["name"], who)

        in_dialog(qtbot, press(qtbot, agencies.checks, "Record reply…"), reply)
    # Each involved agency's representative is nominated, and shown.
    assert column(agencies.checks, "Representative") == {"Police": "Fictional Sergeant", "Health": "Fictional Nurse"}
    assert column(agencies.checks, "Reply") == {"Police": "Involved", "Health": "Involved"}
    # A practitioner who worked with the family is recorded, then as having contributed.
    refused = in_dialog(qtbot, press(qtbot, agencies.people, "Add person…"), lambda d: type_text(qtbot, d.fields["name"], "  "))
    assert refused.problems.text() and agencies.people.model.rowCount() == 0

    def practitioner(dialog: Any) -> None:
        choose(dialog.fields["role"], "practitioner")
        type_text(qtbot, dialog.fields["name"], "Fictional Health Visitor")
        type_text(qtbot, dialog.fields["title"], "Health visitor")
        choose(dialog.fields["agency"], "Health")

    in_dialog(qtbot, press(qtbot, agencies.people, "Add person…"), practitioner)
    assert column(agencies.people, "Contributed") == {"Fictional Health Visitor": "Not yet"}
    assert column(agencies.people, "Part in the review") == {"Fictional Health Visitor": "Practitioner who worked with the family"}
    select(agencies.people, "Fictional Health Visitor")
    press(qtbot, agencies.people, "Contributed yes/no")()
    assert column(agencies.people, "Contributed") == {"Fictional Health Visitor": "Yes"}
    participants = ReviewAgencyService(store).participants(page.workspace.review.id)
    assert [(p.person_name, p.role, p.contributed) for p in participants] == [("Fictional Health Visitor", "practitioner", True)]

    move(qtbot, page, "Request chronologies from the agencies involved")
    assert {r.agency_name for r in agencies.chronologies.model.rows} == {"Police", "Health"}
    for name in ("Police", "Health"):
        select(agencies.chronologies, name)
        in_dialog(qtbot, press(qtbot, agencies.chronologies, "Chronology received…"), lambda d: None)
    move(qtbot, page, "Go on to the review meetings")

    meetings = page.workspace.meetings
    show_tab(qtbot, page, meetings)
    meetings.block.view.selectRow(0)
    qtbot.mouseClick(meetings.open_button, Qt.MouseButton.LeftButton)
    calendar = window.page("calendar")
    assert calendar.meeting_view.meeting is not None and calendar.meeting_view.meeting.kind == "malr_first"
    qtbot.mouseClick(calendar.meeting_view.held_button, Qt.MouseButton.LeftButton)
    assert calendar.meeting_view.meeting.status == "held"
    window.navigate("reviews")
    learning = page.workspace.learning
    show_tab(qtbot, page, learning)
    in_dialog(qtbot, press(qtbot, learning.findings, "Add finding…"),
              lambda d: type_text(qtbot, d.fields["text"], "Fictional finding: no one shared the plan."))
    move(qtbot, page, "Agree findings and recommendations")
    in_dialog(qtbot, press(qtbot, learning.recommendations, "Add recommendation…"),
              lambda d: type_text(qtbot, d.fields["text"], "Fictional recommendation: share plans within a day."))
    in_dialog(qtbot, press(qtbot, learning.good, "Add good practice…"),
              lambda d: type_text(qtbot, d.fields["text"], "Fictional: the school nurse escalated at once."))
    move(qtbot, page, "Prepare the report or case summary")
    save_details(qtbot, page, report_kind="summary", report_text="Fictional case summary.",
                 reported_to_board_on=today.strftime(UK))
    move(qtbot, page, "Record that it was reported to the Board")
    assert stage(page) == "reported"
    for channel in ("implementation_subgroup", "training_subgroup"):
        in_dialog(qtbot, press(qtbot, learning.dissemination, "Add where it went…"),
                  lambda d, c=channel: choose(d.fields["channel"], c))
    msgbox.set_next_answer(msgbox.Answer.YES)
    move(qtbot, page, "Close the review")
    assert stage(page) == "closed"
    assert page.workspace.progress.path.item(page.workspace.progress.path.count() - 1).text() == "Now: Closed"


def test_the_scr_path_with_a_national_panel_overturn(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    """From the panel's decision to consider an SCR, through agency reports, the Service
    Director's recommendation and the Independent Chair's decision not to hold one, to the
    National Panel overturning it; then commissioning, the review, the Board's sign-off,
    the publication decision and closure."""
    today = date.today()
    referral = make_referral(store, 1, referral_date=today - timedelta(days=60))
    window.navigate("reviews")
    page = window.page("reviews")

    def decide(dialog: Any) -> None:
        choose(dialog.decision, "scr_consideration")
        tick(dialog, "Police")
        type_text(qtbot, dialog.scope, "Fictional scope of the SCR.")

    decide_from_dashboard(qtbot, page, referral, decide)
    assert stage(page) == "agency_reports"
    agencies = page.workspace.agencies
    show_tab(qtbot, page, agencies)
    refused = in_dialog(qtbot, press(qtbot, agencies.reports, "Request agency reports…"),
                        lambda d: type_text(qtbot, d.fields["due_on"], "31/02/2027"))
    assert refused.problems.text() and agencies.reports.model.rowCount() == 0
    in_dialog(qtbot, press(qtbot, agencies.reports, "Request agency reports…"),
              lambda d: type_text(qtbot, d.fields["due_on"], (today + timedelta(days=20)).strftime(UK)))
    assert column(agencies.reports, "Status") == {"Police": "Outstanding"}
    select(agencies.reports, "Police")
    in_dialog(qtbot, press(qtbot, agencies.reports, "Report received…"), lambda d: None)
    assert column(agencies.reports, "Status") == {"Police": "Received"}
    move(qtbot, page, "Ask for the Service Director's recommendation")
    save_details(qtbot, page, director_recommendation="Fictional: criteria not met.",
                 director_recommendation_on=today.strftime(UK))
    move(qtbot, page, "Put the recommendation to the Independent Chair")
    save_details(qtbot, page, chair_decision="no_scr", chair_decision_reasons="Fictional reasons.",
                 chair_decision_on=today.strftime(UK), national_panel_notified_on=today.strftime(UK))
    commission = {b.accessibleName(): b for b in page.workspace.progress.move_buttons}["Commission the Serious Case Review"]
    assert not commission.isEnabled()
    move(qtbot, page, "Send the decision to National Panel scrutiny")
    assert stage(page) == "national_panel"
    save_details(qtbot, page, national_panel_outcome="overturned", national_panel_outcome_on=today.strftime(UK),
                 national_panel_notes="Fictional: the criteria are met.")
    move(qtbot, page, "Re-open the SCR path: the decision was overturned")
    assert stage(page) == "commissioning"
    assert page.workspace.review.due_on == add_months(today, 6)
    labels = [page.workspace.progress.deadlines.index(r, 1).data() for r in range(page.workspace.progress.deadlines.rowCount())]
    assert "Serious Case Review completed" in labels
    # The chair's decision is now fixed: its fields are read-only at this stage.
    assert not page.workspace.details.widgets["chair_decision"].isEnabled()

    save_details(qtbot, page, methodology="Fictional: a systems methodology.", independent_reviewer="Fictional Reviewer",
                 reviewer_commissioned_on=today.strftime(UK), scr_panel_agreed_on=today.strftime(UK),
                 ofsted_notified_on=today.strftime(UK))
    move(qtbot, page, "Start the review")
    assert stage(page) == "in_progress"
    learning = page.workspace.learning
    show_tab(qtbot, page, learning)
    in_dialog(qtbot, press(qtbot, learning.findings, "Add finding…"),
              lambda d: type_text(qtbot, d.fields["text"], "Fictional finding: the risk was not shared."))
    save_details(qtbot, page, interviews="Fictional: six practitioners interviewed.", report_text="Fictional SCR report.")
    move(qtbot, page, "Send the report to the Board for sign-off")
    assert stage(page) == "board_sign_off"
    save_details(qtbot, page, board_signed_off_on=today.strftime(UK))
    move(qtbot, page, "Decide on publication")
    assert stage(page) == "publication"
    close = {b.accessibleName(): b for b in page.workspace.progress.move_buttons}["Close the review"]
    assert not close.isEnabled()  # no publication decision yet
    save_details(qtbot, page, publication_decision="publish_later",
                 publication_reasons="Fictional: after the criminal trial ends.")
    msgbox.set_next_answer(msgbox.Answer.YES)
    move(qtbot, page, "Close the review")
    assert stage(page) == "closed"
    saved = ReviewService(store).peek(page.workspace.review.id)
    assert (saved.national_panel_outcome, saved.publication_decision, saved.independent_reviewer) == (
        "overturned", "publish_later", "Fictional Reviewer")


def test_the_clock_across_a_bank_holiday_weekend_on_screen(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    review_id = open_review(store, "malr", referral_date=date(2026, 3, 2), decided=date(2026, 3, 16), agencies=("Police",))
    ReviewService(store).update(review_id, {"timescales": "Fictional."}, today=date(2026, 4, 1))
    # Checks sent on Thursday 2 April 2026: Good Friday and Easter Monday are not working days.
    ReviewWorkflow(store).move(review_id, "agency_checks", today=date(2026, 4, 2))
    assert ReviewAgencyService(store).checks(review_id)[0].due_on == date(2026, 4, 20)
    window.navigate("reviews", review_id=review_id)
    page = window.page("reviews")
    progress = page.workspace.progress
    model = progress.deadlines

    def shown() -> dict[str, tuple[str, str]]:
        return {model.index(r, 1).data(): (model.index(r, 0).data(), model.index(r, 3).data()) for r in range(model.rowCount())}

    status, due = shown()["Agency check reply from Police"]
    assert due == "20/04/2026"
    assert status.startswith("Overdue by") if date.today() > date(2026, 4, 20) else status
    assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is not None  # a colour, beside the words

    # The user pauses the clock from Thursday 2 April to Tuesday 7 April, typing the dates:
    # two working days (the Thursday and the Tuesday), so the reply is due two working days later.
    refused = in_dialog(qtbot, click(qtbot, progress.pause_button),
                        lambda d: type_text(qtbot, d.fields["started_on"], "02/04/2026"))
    assert "reason" in refused.problems.text().lower()

    def pause(dialog: Any) -> None:
        type_text(qtbot, dialog.fields["started_on"], "02/04/2026")
        type_text(qtbot, dialog.fields["reason"], "Fictional: police asked for a pause while they investigate.")

    in_dialog(qtbot, click(qtbot, progress.pause_button), pause)
    assert shown()["Agency check reply from Police"][0] == "Paused"
    assert "paused since 02/04/2026" in progress.pause_label.text()
    in_dialog(qtbot, click(qtbot, progress.resume_button), lambda d: type_text(qtbot, d.fields["ended_on"], "07/04/2026"))
    status, due = shown()["Agency check reply from Police"]
    assert due == "22/04/2026" and status != "Paused"
    assert "02/04/2026 to 07/04/2026" in progress.pause_label.text()


def test_dashboard_counts_and_opens_cases(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    waiting = make_referral(store, 5, referral_date=date.today() - timedelta(days=60))
    review_id = open_review(store, "malr", referral_date=date(2026, 1, 5))
    window.navigate("reviews")
    page = window.page("reviews")
    page.refresh()
    dashboard = page.dashboard
    assert dashboard.summary.text().startswith("2 open cases: 2 overdue")
    assert "Awaiting a panel decision: 1" in dashboard.stage_counts.text()
    assert all(r.overdue for r in dashboard.model.rows)  # overdue first, oldest deadline first
    stage_filter = dashboard.filter.findData("setting_up")
    assert dashboard.filter.itemText(stage_filter).endswith("(1)")
    dashboard.filter.setCurrentIndex(stage_filter)
    assert [r.id for r in dashboard.model.rows] == [review_id]
    dashboard.filter.setCurrentIndex(0)
    row = [(r.case_type, r.id) for r in dashboard.model.rows].index(("referral", waiting))
    assert dashboard.model.index(row, 0).data().startswith("Overdue by")
    assert dashboard.model.index(row, 2).data() == "Panel decision"
    dashboard.filter.setCurrentIndex(3)  # reviews only
    assert [r.id for r in dashboard.model.rows] == [review_id]
    dashboard.view.setFocus()
    dashboard.view.selectRow(0)
    qtbot.keyClick(dashboard.view, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.workspace and page.workspace.review.id == review_id
    qtbot.mouseClick(page.workspace.back_button, Qt.MouseButton.LeftButton)
    where = dashboard.view.visualRect(dashboard.model.index(0, 1)).center()
    qtbot.mouseClick(dashboard.view.viewport(), Qt.MouseButton.LeftButton, pos=where)  # item views need the press first
    with qtbot.waitSignal(dashboard.view.doubleClicked, timeout=2000):
        qtbot.mouseDClick(dashboard.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert page.stack.currentWidget() is page.workspace and page.workspace.review.id == review_id
    qtbot.mouseClick(page.workspace.back_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.dashboard


def test_dashboard_shows_each_cases_deadlines_that_apply(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    """A referral at an SCR Consideration Panel owes the 5-working-day notification from its
    referral date; a Serious Case Review owes it until Ofsted and the National Panel are
    told; a Multi-Agency Learning Review never does."""
    from lipanel_desktop.services.meeting_agenda import AgendaService
    from lipanel_desktop.services.meetings import MeetingData, MeetingService
    from lipanel_desktop.services.working_days import add_working_days, next_working_day

    today = date.today()
    referred = today - timedelta(days=3)
    scr_referral = make_referral(store, 7, referral_date=referred, scr_likely=True)
    meeting = MeetingService(store).schedule(MeetingData("lip", next_working_day(today + timedelta(days=20)))).meeting
    AgendaService(store).add_referral(meeting.id, scr_referral)  # flagged: the panel becomes an SCR Consideration Panel
    malr = open_review(store, "malr", number=8, referral_date=date(2026, 1, 5))
    scr = open_review(store, "scr_consideration", number=9, referral_date=date(2026, 1, 6))
    window.navigate("reviews")
    page = window.page("reviews")
    page.refresh()
    dashboard = page.dashboard

    def deadlines_of(kind: str, case_id: int) -> dict[str, str]:
        row = [(r.case_type, r.id) for r in dashboard.model.rows].index((kind, case_id))
        dashboard.view.setCurrentIndex(dashboard.model.index(row, 1))
        model = dashboard.deadlines
        return {model.index(r, 1).data(): model.index(r, 3).data() for r in range(model.rowCount())}

    shown = deadlines_of("referral", scr_referral)
    notify = next(label for label in shown if label.startswith("Notify Ofsted and the National Panel"))
    assert "SCR Consideration Panel" not in notify and meeting.reference in notify
    assert shown[notify] == add_working_days(referred, 5).strftime(UK)
    assert "Panel decision" in shown and "LIP-" in dashboard.deadlines_heading.text()
    # Recording when they were told (a date after today is refused) clears it.
    refused = in_dialog(qtbot, dashboard.notifications,
                        lambda d: type_text(qtbot, d.fields["ofsted"], (today + timedelta(days=2)).strftime(UK)))
    assert "cannot be later than" in refused.problems.text()
    deadlines_of("referral", scr_referral)

    def told(dialog: Any) -> None:
        type_text(qtbot, dialog.fields["ofsted"], today.strftime(UK))
        type_text(qtbot, dialog.fields["panel"], today.strftime(UK))

    in_dialog(qtbot, dashboard.notifications, told)
    assert not any(label.startswith("Notify") for label in deadlines_of("referral", scr_referral))
    assert not any(label.startswith("Notify") for label in deadlines_of("review", malr))
    assert "Notify Ofsted and the National Panel" in deadlines_of("review", scr)
    ReviewService(store).update(scr, {"ofsted_notified_on": today, "national_panel_notified_on": today}, today=today)
    page.refresh()
    assert not any(label.startswith("Notify") for label in deadlines_of("review", scr))
