"""The review workspace's lists: agencies (checks, chronology requests, agency reports,
people taking part), learning (findings, recommendations, good practice, dissemination,
themes) and the review's meetings. Each button opens a small form; the service decides."""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QTableView, QVBoxLayout, QWidget

from lipanel_desktop.services.permissions import allowed
from lipanel_desktop.services.review_agencies import CheckRow, ParticipantData, ParticipantRow, RequestRow
from lipanel_desktop.services.review_learning import (
    MOST_THEMES,
    DisseminationRow,
    FindingRow,
    GoodPracticeRow,
    RecommendationRow,
)
from lipanel_desktop.services.meetings import MeetingSummary
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.pages.calendar_dialogs import MeetingDialog
from lipanel_desktop.views.pages.meetings_view import button, on_open, table
from lipanel_desktop.views.pages.reviews_forms import QuickDialog, Spec, uk
from lipanel_desktop.views.tablemodels.panel_rows import Column, RowsModel
from lipanel_desktop.vocabulary.reviews import AgencyCheckStatus, DisseminationChannel, ParticipantRole, RequestStatus
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
FINDING_COLUMNS = (
    Column[FindingRow]("No.", lambda r: str(r.position + 1), lambda r: r.position),
    Column[FindingRow]("Key finding", lambda r: " ".join(r.text.split())),
    Column[FindingRow]("Agreed", lambda r: uk(r.agreed_on), lambda r: r.agreed_on),
)
RECOMMENDATION_COLUMNS = (
    Column[RecommendationRow]("No.", lambda r: str(r.position + 1), lambda r: r.position),
    Column[RecommendationRow]("Recommendation", lambda r: " ".join(r.text.split())),
    Column[RecommendationRow]("Agency", lambda r: r.agency_name),
    Column[RecommendationRow]("Agreed", lambda r: uk(r.agreed_on), lambda r: r.agreed_on),
)
GOOD_COLUMNS = (
    Column[GoodPracticeRow]("Good practice", lambda r: " ".join(r.description.split())),
    Column[GoodPracticeRow]("Agency", lambda r: r.agency_name),
    Column[GoodPracticeRow]("Date", lambda r: uk(r.received_on), lambda r: r.received_on),
)
DISSEMINATION_COLUMNS = (
    Column[DisseminationRow]("Where the learning went", lambda r: r.channel_label),
    Column[DisseminationRow]("Date", lambda r: uk(r.held_on), lambda r: r.held_on),
    Column[DisseminationRow]("Audience", lambda r: r.audience),
    Column[DisseminationRow]("People", lambda r: "" if r.people_count is None else str(r.people_count), lambda r: r.people_count),
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
    """A heading, a row of buttons and a table over one kind of row."""

    def __init__(self, title: str, columns: tuple, buttons: list[tuple[str, str, Callable[[], None]]], editable: bool) -> None:
        super().__init__()
        self.model: RowsModel = RowsModel(columns)
        self.view: QTableView = table(self.model, title)
        heading = QLabel(title)
        heading.setObjectName("SubHeading")
        bar = QHBoxLayout()
        bar.addWidget(heading)
        self.buttons = [button(text, name, slot) for text, name, slot in buttons]
        for widget in self.buttons:
            widget.setVisible(editable)
            bar.addWidget(widget)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

    def selected(self) -> Any:
        index = self.view.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is None:
            msgbox.inform(self, "Choose a row", "Select a row in the list first.")
        return row


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
        layout = QVBoxLayout(self)
        for block in (self.checks, self.chronologies, self.reports, self.people):
            layout.addWidget(block, 1)

    def load(self, review_id: int, scr: bool) -> None:
        self.review_id = review_id
        service = self.ctx.workspace.panel.review_agencies
        self.checks.model.set_rows(service.checks(review_id))
        self.chronologies.model.set_rows(service.chronology_requests(review_id))
        self.reports.model.set_rows(service.agency_reports(review_id))
        self.reports.setVisible(scr)
        self.people.model.set_rows(service.participants(review_id))

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


class LearningTab(ReviewTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.findings = ListBlock("Key findings", FINDING_COLUMNS, [
            ("Add &finding…", "Add a key finding", self.add_finding),
            ("Remove f&inding", "Remove the finding", self.remove_finding)], self.editable)
        self.recommendations = ListBlock("Recommendations (each the source of actions)", RECOMMENDATION_COLUMNS, [
            ("Add &recommendation…", "Add a recommendation", self.add_recommendation),
            ("Remove r&ecommendation", "Remove the recommendation", self.remove_recommendation)], self.editable)
        self.good = ListBlock("Good practice identified", GOOD_COLUMNS, [
            ("Add &good practice…", "Add good practice", self.add_good)], self.editable)
        self.dissemination = ListBlock("Learning passed on", DISSEMINATION_COLUMNS, [
            ("Add &where it went…", "Record where the learning went", self.add_dissemination)], self.editable)
        self.themes = QListWidget()
        self.themes.setAccessibleName(f"Themes: tick up to {MOST_THEMES}")
        self.themes.setMaximumHeight(self.fontMetrics().lineSpacing() * 8)
        theme_bar = QHBoxLayout()
        heading = QLabel(f"&Themes (up to {MOST_THEMES})")
        heading.setObjectName("SubHeading")
        heading.setBuddy(self.themes)
        theme_bar.addWidget(heading)
        self.save_themes_button = button("Save t&hemes", "Save the themes", self.save_themes)
        self.new_theme_button = button("New t&heme…", "Add a theme to the list", self.new_theme)
        for widget in (self.save_themes_button, self.new_theme_button):
            widget.setVisible(self.editable)
            theme_bar.addWidget(widget)
        theme_bar.addStretch(1)
        layout = QVBoxLayout(self)
        for block in (self.findings, self.recommendations, self.good, self.dissemination):
            layout.addWidget(block, 1)
        layout.addLayout(theme_bar)
        layout.addWidget(self.themes)

    def load(self, review_id: int) -> None:
        self.review_id = review_id
        service = self.ctx.workspace.panel.review_learning
        self.findings.model.set_rows(service.findings(review_id))
        self.recommendations.model.set_rows(service.recommendations(review_id))
        self.good.model.set_rows(service.good_practice(review_id))
        self.dissemination.model.set_rows(service.dissemination(review_id))
        chosen = {t.id for t in service.themes(review_id)}
        self.themes.clear()
        for theme in service.theme_list():
            item = QListWidgetItem(theme.name)
            item.setData(Qt.ItemDataRole.UserRole, theme.id)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked if theme.id in chosen else Qt.CheckState.Unchecked)
            self.themes.addItem(item)

    def add_finding(self) -> None:
        review_id, service = self.review_id, self.ctx.workspace.panel.review_learning
        self.dialog("Add a key finding", [Spec("text", "&Finding", "text"), Spec("agreed_on", "Date &agreed", "date", date.today())],
                    lambda v: service.add_finding(review_id, v["text"], v["agreed_on"]))  # type: ignore[arg-type]

    def remove_finding(self) -> None:
        row = self.findings.selected()
        if row is not None:
            service = self.ctx.workspace.panel.review_learning
            self.ctx.ops.run(lambda: service.remove_finding(row.id), changes="reviews")

    def add_recommendation(self) -> None:
        review_id, service = self.review_id, self.ctx.workspace.panel.review_learning
        findings = tuple((str(f.id), f"{f.position + 1}. {' '.join(f.text.split())[:60]}") for f in self.findings.model.rows)
        self.dialog("Add a recommendation", [
            Spec("text", "&Recommendation", "text"),
            Spec("agency", "&Agency to act", "combo", "", (("", "All agencies"),) + self.agencies()),
            Spec("finding", "From &finding", "combo", "", (("", "Not linked"),) + findings),
            Spec("agreed_on", "Date a&greed", "date", date.today()),
        ], lambda v: service.add_recommendation(review_id, v["text"], agency_id=int(v["agency"]) if v["agency"] else None,  # type: ignore[arg-type]
                                                finding_id=int(v["finding"]) if v["finding"] else None, agreed_on=v["agreed_on"]))

    def remove_recommendation(self) -> None:
        row = self.recommendations.selected()
        if row is not None:
            service = self.ctx.workspace.panel.review_learning
            self.ctx.ops.run(lambda: service.remove_recommendation(row.id), changes="reviews")

    def add_good(self) -> None:
        review_id, service = self.review_id, self.ctx.workspace.panel.review_learning
        self.dialog("Add good practice identified", [
            Spec("text", "&Good practice", "text"),
            Spec("agency", "&Agency", "combo", "", (("", "No one agency"),) + self.agencies()),
            Spec("on", "&Date", "date", date.today()),
        ], lambda v: service.add_good_practice(review_id, v["text"], agency_id=int(v["agency"]) if v["agency"] else None,  # type: ignore[arg-type]
                                               received_on=v["on"]))

    def add_dissemination(self) -> None:
        review_id, service = self.review_id, self.ctx.workspace.panel.review_learning
        self.dialog("Record where the learning went", [
            Spec("channel", "&Where", "combo", DisseminationChannel.IMPLEMENTATION_SUBGROUP.value, choices(DisseminationChannel)),
            Spec("held_on", "&Date", "date", date.today()), Spec("audience", "&Audience"),
            Spec("people", "&Number of people", "number"), Spec("learning", "&Learning shared", "text"),
        ], lambda v: service.add_dissemination(review_id, v["channel"], v["held_on"], audience=v["audience"],  # type: ignore[arg-type]
                                               people_count=v["people"], learning=v["learning"]))

    def save_themes(self) -> None:
        review_id, service = self.review_id, self.ctx.workspace.panel.review_learning
        ids = [int(self.themes.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.themes.count())
               if self.themes.item(i).checkState() == Qt.CheckState.Checked]
        if self.ctx.ops.run(lambda: service.set_themes(review_id, ids), changes="reviews") is not None:  # type: ignore[arg-type]
            msgbox.inform(self, "Themes saved", f"{len(ids)} theme{'s' if len(ids) != 1 else ''} recorded.")

    def new_theme(self) -> None:
        service = self.ctx.workspace.panel.review_learning
        self.dialog("Add a theme to the list", [Spec("name", "&Theme")], lambda v: service.add_theme(v["name"]))


class MeetingsTab(ReviewTab):
    open_meeting = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        can_schedule = allowed(ctx.workspace.identity, Permission.SCHEDULE_MEETINGS)
        self.block = ListBlock("The review's meetings", MEETING_COLUMNS, [
            ("&Schedule a review meeting…", "Schedule a review meeting", self.schedule)], can_schedule)
        self.open_button = button("&Open in the calendar", "Open the meeting in the calendar", self.open_selected)
        self.block.layout().itemAt(0).layout().insertWidget(2, self.open_button)  # type: ignore[union-attr]
        on_open(self.block.view, lambda _row: self.open_selected())
        layout = QVBoxLayout(self)
        layout.addWidget(self.block, 1)

    def load(self, review_id: int, kind: str) -> None:
        self.review_id, self.kind = review_id, kind
        self.block.model.set_rows(self.ctx.workspace.panel.meetings.for_review(review_id))

    def schedule(self) -> None:
        meeting_kind = "scr_panel" if self.kind == "scr" else (
            "malr_second" if any(m.kind == "malr_first" for m in self.block.model.rows) else "malr_first")
        MeetingDialog(self.ctx, self, review_id=self.review_id, kind=meeting_kind).exec()

    def open_selected(self) -> None:
        meeting = self.block.selected()
        if meeting is not None:
            self.open_meeting.emit(meeting.id)
