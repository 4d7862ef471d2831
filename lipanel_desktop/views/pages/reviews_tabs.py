"""The review workspace's lists: agencies (checks, chronology requests, agency reports,
people taking part) and the review's meetings, with the blocks the Learning tab shares
(`reviews_learning`). Each button opens a small form; the service decides. Each tab
scrolls on its own, so at 200% text every list keeps a few rows in view."""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from lipanel_desktop.services.permissions import allowed
from lipanel_desktop.services.review_agencies import CheckRow, ParticipantData, ParticipantRow, RequestRow
from lipanel_desktop.services.meetings import MeetingSummary
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.pages.calendar_dialogs import MeetingDialog
from lipanel_desktop.views.pages.panel_widgets import button, button_row, fit_columns, on_open, scrolling, table
from lipanel_desktop.views.pages.reviews_forms import QuickDialog, Spec, uk
from lipanel_desktop.views.tablemodels.panel_rows import Column, RowsModel
from lipanel_desktop.vocabulary.reviews import AgencyCheckStatus, ParticipantRole, RequestStatus
from lipanel_desktop.vocabulary.roles import Permission

CHECK_COLUMNS = (
    Column[CheckRow]("Agency", lambda r: r.agency_name),
    Column[CheckRow]("Reply", lambda r: r.status_label),
    Column[CheckRow]("Asked", lambda r: uk(r.requested_on) or "Not yet sent", lambda r: r.requested_on),
    Column[CheckRow]("Due", lambda r: uk(r.due_on), lambda r: r.due_on),
    Column[CheckRow]("Answered", lambda r: uk(r.answered_on), lambda r: r.answered_on),
    Column[CheckRow]("Representative", lambda r: r.representative_name + (f" ({r.representative_contact})" if r.representative_contact else "")),
)
REQUEST_COLUMNS = (
    Column[RequestRow]("Agency", lambda r: r.agency_name),
    Column[RequestRow]("Status", lambda r: r.status_label),
    Column[RequestRow]("Requested", lambda r: uk(r.requested_on), lambda r: r.requested_on),
    Column[RequestRow]("Due", lambda r: uk(r.due_on), lambda r: r.due_on),
    Column[RequestRow]("Received", lambda r: uk(r.received_on), lambda r: r.received_on),
)
PEOPLE_COLUMNS = (
    Column[ParticipantRow]("Name", lambda r: r.person_name),
    Column[ParticipantRow]("Part in the review", lambda r: r.role_label),
    Column[ParticipantRow]("Agency", lambda r: r.agency_name),
    Column[ParticipantRow]("Job title", lambda r: r.job_title),
    Column[ParticipantRow]("Contributed", lambda r: "Yes" if r.contributed else "Not yet"),
)
MEETING_COLUMNS = (
    Column[MeetingSummary]("Date", lambda m: m.when, lambda m: m.meeting_date),
    Column[MeetingSummary]("Meeting", lambda m: m.kind_label),
    Column[MeetingSummary]("Reference", lambda m: m.reference),
    Column[MeetingSummary]("Status", lambda m: m.status_label),
    Column[MeetingSummary]("Papers due", lambda m: uk(m.papers_deadline) + (" (sent)" if m.papers_sent_on else "")),
)


def choices(choice: Any, skip: tuple[Any, ...] = ()) -> tuple[tuple[str, str], ...]:
    return tuple((m.value, m.label) for m in choice if m not in skip)


class ListBlock(QWidget):
    """A heading, a row of buttons (wrapping when there is no room) and a table over one
    kind of row. `extra` widgets join the buttons whatever the user's role."""

    def __init__(self, title: str, columns: tuple, buttons: list[tuple[str, str, Callable[[], None]]], editable: bool,
                 *, extra: tuple[QWidget, ...] = (), rows: int = 4) -> None:
        super().__init__()
        self.model: RowsModel = RowsModel(columns)
        self.view: QTableView = table(self.model, title, rows=rows)
        self.heading = QLabel(title)
        self.heading.setObjectName("SubHeading")
        self.heading.setWordWrap(True)
        self.buttons = [button(text, name, slot) for text, name, slot in buttons]
        for widget in self.buttons:
            widget.setVisible(editable)
        bar, _ = button_row([*self.buttons, *extra])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(bar)
        layout.addWidget(self.view, 1)
        if self.buttons or extra:
            QWidget.setTabOrder(([*self.buttons, *extra])[-1], self.view)

    def selected(self) -> Any:
        index = self.view.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is None:
            msgbox.inform(self, "Choose a row", "Select a row in the list first.")
        return row


def stack(tab: QWidget, blocks: tuple[QWidget, ...], name: str) -> QVBoxLayout:
    """The blocks one above the other in a scroll area filling `tab`; returns their layout."""
    inner = QWidget()
    column = QVBoxLayout(inner)
    for block in blocks:
        column.addWidget(block, 1)
    layout = QVBoxLayout(tab)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(scrolling(inner, name))
    return column


class ReviewTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.review_id: int | None = None
        self.editable = allowed(ctx.workspace.identity, Permission.RUN_REVIEWS)

    def dialog(self, title: str, specs: list[Spec], action: Callable[[dict[str, Any]], Any], note: str = "") -> None:
        QuickDialog(self.ctx, title, specs, action, changes="reviews", parent=self, note=note).exec()

    def agencies(self) -> tuple[tuple[str, str], ...]:
        return tuple((str(i), n) for i, n in self.ctx.workspace.panel.decisions.agency_choices())


class AgenciesTab(ReviewTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.checks = ListBlock("Agency checks", CHECK_COLUMNS, [
            ("Record &reply…", "Record an agency's reply", self.reply),
            ("Add a&gency…", "Check another agency", self.add_agency)], self.editable)
        self.chronologies = ListBlock("Chronology requests", REQUEST_COLUMNS, [
            ("Chronology recei&ved…", "Record a chronology as received", lambda: self.received("chronology"))], self.editable)
        self.reports = ListBlock("Agency reports (individual management reviews)", REQUEST_COLUMNS, [
            ("Re&quest agency reports…", "Request agency reports", self.request_reports),
            ("Report receive&d…", "Record an agency report as received", lambda: self.received("report"))], self.editable)
        self.people = ListBlock("People taking part", PEOPLE_COLUMNS, [
            ("Add &person…", "Add a person taking part", self.add_person),
            ("Contri&buted yes/no", "Switch whether they contributed", self.toggle_contributed),
            ("Re&move person", "Remove the person", self.remove_person)], self.editable)
        stack(self, (self.checks, self.chronologies, self.reports, self.people), "Agencies")

    def load(self, review_id: int, scr: bool) -> None:
        self.review_id = review_id
        service = self.ctx.workspace.panel.review_agencies
        self.checks.model.set_rows(service.checks(review_id))
        self.chronologies.model.set_rows(service.chronology_requests(review_id))
        self.reports.model.set_rows(service.agency_reports(review_id))
        self.reports.setVisible(scr)
        self.people.model.set_rows(service.participants(review_id))
        for block in (self.checks, self.chronologies, self.reports, self.people):
            fit_columns(block.view)

    def reply(self) -> None:
        row: CheckRow | None = self.checks.selected()
        if row is None:
            return
        service = self.ctx.workspace.panel.review_agencies
        self.dialog(f"Reply from {row.agency_name}", [
            Spec("status", "&Reply", "combo", row.status, choices(AgencyCheckStatus)),
            Spec("answered_on", "Date &answered", "date", row.answered_on or date.today()),
            Spec("name", "Representative &nominated", "line", row.representative_name),
            Spec("contact", "Representative's &contact details", "line", row.representative_contact),
        ], lambda v: service.answer_check(row.id, v["status"], v["answered_on"], representative_name=v["name"],
                                          representative_contact=v["contact"]))

    def add_agency(self) -> None:
        review_id = self.review_id
        service = self.ctx.workspace.panel.review_agencies
        self.dialog("Check another agency", [Spec("agency", "&Agency", "combo", None, self.agencies())],
                    lambda v: service.add_check(review_id, int(v["agency"])))  # type: ignore[arg-type]

    def received(self, which: str) -> None:
        block = self.chronologies if which == "chronology" else self.reports
        row: RequestRow | None = block.selected()
        if row is None:
            return
        service = self.ctx.workspace.panel.review_agencies
        setter = service.set_chronology_request if which == "chronology" else service.set_agency_report
        self.dialog(f"{'Chronology' if which == 'chronology' else 'Agency report'} from {row.agency_name}", [
            Spec("status", "&Status", "combo", RequestStatus.RECEIVED.value if row.status == "outstanding" else row.status,
                 choices(RequestStatus)),
            Spec("received_on", "Date &received", "date", row.received_on or date.today()),
            Spec("due_on", "&Due (change to extend)", "date", row.due_on),
        ], lambda v: setter(row.id, v["status"], v["received_on"], v["due_on"]))

    def request_reports(self) -> None:
        review_id = self.review_id
        service = self.ctx.workspace.panel.review_agencies
        self.dialog("Request agency reports", [Spec("due_on", "Reports &due by", "date", None)],
                    lambda v: service.request_agency_reports(review_id, v["due_on"]),  # type: ignore[arg-type]
                    note="Each agency not ruled out by its check is asked for an individual management review.")

    def add_person(self) -> None:
        review_id = self.review_id
        service = self.ctx.workspace.panel.review_agencies
        self.dialog("Add a person taking part", [
            Spec("role", "&Part in the review", "combo", ParticipantRole.PRACTITIONER.value, choices(ParticipantRole)),
            Spec("name", "&Name"), Spec("title", "&Job title"),
            Spec("agency", "&Agency", "combo", "", (("", "No agency"),) + self.agencies()),
            Spec("contact", "&Contact details"),
        ], lambda v: service.add_participant(review_id, ParticipantData(  # type: ignore[arg-type]
            v["role"], v["name"], v["title"], int(v["agency"]) if v["agency"] else None, v["contact"])),
            note="Practitioners who worked with the family can be recorded, so they have a voice in the review.")

    def toggle_contributed(self) -> None:
        row: ParticipantRow | None = self.people.selected()
        if row is not None:
            service = self.ctx.workspace.panel.review_agencies
            self.ctx.ops.run(lambda: service.set_contributed(row.id, not row.contributed), changes="reviews")

    def remove_person(self) -> None:
        row: ParticipantRow | None = self.people.selected()
        if row is not None:
            service = self.ctx.workspace.panel.review_agencies
            self.ctx.ops.run(lambda: service.remove_participant(row.id), changes="reviews")


class MeetingsTab(ReviewTab):
    open_meeting = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        can_schedule = allowed(ctx.workspace.identity, Permission.SCHEDULE_MEETINGS)
        self.open_button = button("&Open in the calendar", "Open the meeting in the calendar", self.open_selected)
        self.block = ListBlock("The review's meetings", MEETING_COLUMNS, [
            ("&Schedule a review meeting…", "Schedule a review meeting", self.schedule)], can_schedule,
            extra=(self.open_button,), rows=6)
        on_open(self.block.view, lambda _row: self.open_selected())
        stack(self, (self.block,), "Meetings")

    def load(self, review_id: int, kind: str) -> None:
        self.review_id, self.kind = review_id, kind
        self.block.model.set_rows(self.ctx.workspace.panel.meetings.for_review(review_id))
        fit_columns(self.block.view)

    def schedule(self) -> None:
        meeting_kind = "scr_panel" if self.kind == "scr" else (
            "malr_second" if any(m.kind == "malr_first" for m in self.block.model.rows) else "malr_first")
        MeetingDialog(self.ctx, self, review_id=self.review_id, kind=meeting_kind).exec()

    def open_selected(self) -> None:
        meeting = self.block.selected()
        if meeting is not None:
            self.open_meeting.emit(meeting.id)
