"""A review's Learning tab: key findings and recommendations (added, re-worded, put in
order, removed), good practice identified, where the learning went (removal confirmed and
undoable with Edit > Undo), and up to three themes from the list."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QWidget

from lipanel_desktop.services.permissions import allowed
from lipanel_desktop.services.review_findings import FindingRow, RecommendationData, RecommendationRow
from lipanel_desktop.services.review_learning import MOST_THEMES, DisseminationRow, GoodPracticeRow
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.pages.panel_widgets import button, button_row, fit_columns, on_open, roomy_ticks
from lipanel_desktop.views.pages.reviews_forms import Spec, uk
from lipanel_desktop.views.pages.reviews_tabs import ListBlock, ReviewTab, choices, stack
from lipanel_desktop.views.pages.reviews_themes import ThemesDialog
from lipanel_desktop.views.tablemodels.panel_rows import Column
from lipanel_desktop.vocabulary.reviews import DisseminationChannel
from lipanel_desktop.vocabulary.roles import Permission

# Long text last: it takes the room left and is cut at its end, never the dates.
FINDING_COLUMNS = (
    Column[FindingRow]("No.", lambda r: str(r.position + 1), lambda r: r.position),
    Column[FindingRow]("Agreed", lambda r: uk(r.agreed_on), lambda r: r.agreed_on),
    Column[FindingRow]("Key finding", lambda r: " ".join(r.text.split())),
)
RECOMMENDATION_COLUMNS = (
    Column[RecommendationRow]("No.", lambda r: str(r.position + 1), lambda r: r.position),
    Column[RecommendationRow]("Agreed", lambda r: uk(r.agreed_on), lambda r: r.agreed_on),
    Column[RecommendationRow]("Agency", lambda r: r.agency_name or "All agencies"),
    Column[RecommendationRow]("Recommendation", lambda r: " ".join(r.text.split())),
)
GOOD_COLUMNS = (
    Column[GoodPracticeRow]("Date", lambda r: uk(r.received_on), lambda r: r.received_on),
    Column[GoodPracticeRow]("Agency", lambda r: r.agency_name),
    Column[GoodPracticeRow]("Good practice", lambda r: " ".join(r.description.split())),
)
DISSEMINATION_COLUMNS = (
    Column[DisseminationRow]("Where the learning went", lambda r: r.channel_label),
    Column[DisseminationRow]("Date", lambda r: uk(r.held_on), lambda r: r.held_on),
    Column[DisseminationRow]("Audience", lambda r: r.audience),
    Column[DisseminationRow]("People", lambda r: "" if r.people_count is None else str(r.people_count), lambda r: r.people_count),
    Column[DisseminationRow]("Learning shared", lambda r: " ".join(r.learning.split())),
)


def short(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class RemoveDisseminationCommand(QUndoCommand):
    """Edit > Undo puts a removed entry back (as a new row with the same content); Redo
    removes it again. Both go through the service, with its checks."""

    def __init__(self, ctx: AppContext, review_id: int, row: DisseminationRow) -> None:
        super().__init__("removal of where the learning went")
        self.ctx, self.review_id, self.row = ctx, review_id, row
        self._first = True

    def _run(self, work, title: str) -> object | None:  # type: ignore[no-untyped-def]
        done = self.ctx.ops.run(work, changes="reviews", title=title)
        if done is None:
            self.setObsolete(True)
        return done

    def undo(self) -> None:
        service, row, review_id = self.ctx.workspace.panel.review_learning, self.row, self.review_id
        before = {r.id for r in service.dissemination(review_id)}
        rows = self._run(lambda: service.add_dissemination(review_id, row.channel, row.held_on, audience=row.audience,
                                                           people_count=row.people_count, learning=row.learning,
                                                           today=max(date.today(), row.held_on or date.today())),
                         "Not undone")
        if isinstance(rows, list):
            self.row = next((r for r in rows if r.id not in before), row)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        service, row_id = self.ctx.workspace.panel.review_learning, self.row.id
        self._run(lambda: service.remove_dissemination(row_id), "Not redone")


class LearningTab(ReviewTab):
    def __init__(self, ctx: AppContext, undo: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.undo = undo
        self.findings = ListBlock("Key findings", FINDING_COLUMNS, [
            ("Add &finding…", "Add a key finding", self.add_finding),
            ("C&hange…", "Re-word the chosen finding", self.change_finding),
            ("Move &up", "Move the chosen finding up", lambda: self.move_finding(-1)),
            ("Move do&wn", "Move the chosen finding down", lambda: self.move_finding(1)),
            ("Remove f&inding…", "Remove the chosen finding", self.remove_finding)], self.editable)
        self.recommendations = ListBlock("Recommendations (each the source of actions)", RECOMMENDATION_COLUMNS, [
            ("Add &recommendation…", "Add a recommendation", self.add_recommendation),
            ("Chan&ge…", "Re-word the chosen recommendation", self.change_recommendation),
            ("Move u&p", "Move the chosen recommendation up", lambda: self.move_recommendation(-1)),
            ("Move dow&n", "Move the chosen recommendation down", lambda: self.move_recommendation(1)),
            ("Remove r&ecommendation…", "Remove the chosen recommendation", self.remove_recommendation)], self.editable)
        self.good = ListBlock("Good practice identified", GOOD_COLUMNS, [
            ("Add g&ood practice…", "Add good practice", self.add_good)], self.editable, rows=3)
        self.dissemination = ListBlock("Learning passed on", DISSEMINATION_COLUMNS, [
            ("Add &where it went…", "Record where the learning went", self.add_dissemination),
            ("Remo&ve entry…", "Remove the chosen entry of where the learning went", self.remove_dissemination)],
            self.editable, rows=3)
        on_open(self.findings.view, lambda _row: self.change_finding())
        on_open(self.recommendations.view, lambda _row: self.change_recommendation())

        self.themes = QListWidget()
        self.themes.setAccessibleName(f"Themes: Space ticks or unticks; up to {MOST_THEMES}")
        self.themes.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.themes_heading = QLabel(f"&Themes (up to {MOST_THEMES}; retired themes stay on the reviews that have them)")
        self.themes_heading.setObjectName("SubHeading")
        self.themes_heading.setWordWrap(True)
        self.themes_heading.setBuddy(self.themes)
        self.save_themes_button = button("Save t&hemes", "Save the themes ticked", self.save_themes)
        self.save_themes_button.setVisible(self.editable)
        self.manage_themes_button = button("&Manage the themes list…", "Add, rename or retire themes", self.manage_themes)
        self.manage_themes_button.setVisible(allowed(ctx.workspace.identity, Permission.MANAGE_SETTINGS))
        theme_bar, _ = button_row([self.save_themes_button, self.manage_themes_button])
        column = stack(self, (self.findings, self.recommendations, self.good, self.dissemination), "Learning")
        column.addWidget(self.themes_heading)
        column.addWidget(theme_bar)
        column.addWidget(self.themes)

    def load(self, review_id: int) -> None:
        self.review_id = review_id
        panel = self.ctx.workspace.panel
        self.findings.model.set_rows(panel.review_findings.findings(review_id))
        self.recommendations.model.set_rows(panel.review_findings.recommendations(review_id))
        self.good.model.set_rows(panel.review_learning.good_practice(review_id))
        self.dissemination.model.set_rows(panel.review_learning.dissemination(review_id))
        chosen = {t.id for t in panel.review_learning.themes(review_id)}
        self.themes.clear()
        for theme in panel.review_learning.theme_list(review_id):
            item = QListWidgetItem(theme.label)
            item.setData(Qt.ItemDataRole.UserRole, theme.id)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked if theme.id in chosen else Qt.CheckState.Unchecked)
            self.themes.addItem(item)
        roomy_ticks(self.themes)
        for block in (self.findings, self.recommendations, self.good, self.dissemination):
            fit_columns(block.view)

    # -- findings --------------------------------------------------------------------
    def add_finding(self) -> None:
        review_id, service = self.review_id, self.ctx.workspace.panel.review_findings
        self.dialog("Add a key finding", [Spec("text", "&Finding", "text"), Spec("agreed_on", "Date &agreed", "date", date.today())],
                    lambda v: service.add_finding(review_id, v["text"], v["agreed_on"]))  # type: ignore[arg-type]

    def change_finding(self) -> None:
        row: FindingRow | None = self.findings.selected() if self.editable else None
        if row is not None:
            service = self.ctx.workspace.panel.review_findings
            self.dialog(f"Re-word finding {row.position + 1}", [
                Spec("text", "&Finding", "text", row.text), Spec("agreed_on", "Date &agreed", "date", row.agreed_on)],
                lambda v: service.update_finding(row.id, v["text"], v["agreed_on"]))

    def move_finding(self, offset: int) -> None:
        row: FindingRow | None = self.findings.selected()
        if row is not None:
            service = self.ctx.workspace.panel.review_findings
            if self.ctx.ops.run(lambda: service.move_finding(row.id, offset), changes="reviews") is not None:
                self._reselect(self.findings, row.id)

    def remove_finding(self) -> None:
        row: FindingRow | None = self.findings.selected()
        if row is None or not self._confirm("Remove the finding?", f"Remove finding {row.position + 1}, "
                                            f"“{short(row.text)}”? Recommendations made from it stay."):
            return
        service = self.ctx.workspace.panel.review_findings
        self.ctx.ops.run(lambda: service.remove_finding(row.id), changes="reviews")

    # -- recommendations -------------------------------------------------------------
    def _recommendation_specs(self, row: RecommendationRow | None) -> list[Spec]:
        findings = tuple((str(f.id), f"{f.position + 1}. {short(f.text, 60)}") for f in self.findings.model.rows)
        return [
            Spec("text", "&Recommendation", "text", row.text if row else ""),
            Spec("agency", "&Agency to act", "combo", str(row.agency_id) if row and row.agency_id else "",
                 (("", "All agencies"),) + self.agencies()),
            Spec("finding", "From &finding", "combo", str(row.finding_id) if row and row.finding_id else "",
                 (("", "Not linked"),) + findings),
            Spec("agreed_on", "Date a&greed", "date", row.agreed_on if row else date.today()),
        ]

    @staticmethod
    def _recommendation(values: dict) -> RecommendationData:  # type: ignore[type-arg]
        return RecommendationData(values["text"], int(values["agency"]) if values["agency"] else None,
                                  int(values["finding"]) if values["finding"] else None, values["agreed_on"])

    def add_recommendation(self) -> None:
        review_id, service = self.review_id, self.ctx.workspace.panel.review_findings

        def add(values: dict) -> object:  # type: ignore[type-arg]
            data = self._recommendation(values)
            return service.add_recommendation(review_id, data.text, agency_id=data.agency_id,  # type: ignore[arg-type]
                                              finding_id=data.finding_id, agreed_on=data.agreed_on)

        self.dialog("Add a recommendation", self._recommendation_specs(None), add)

    def change_recommendation(self) -> None:
        row: RecommendationRow | None = self.recommendations.selected() if self.editable else None
        if row is not None:
            service = self.ctx.workspace.panel.review_findings
            self.dialog(f"Re-word recommendation {row.position + 1}", self._recommendation_specs(row),
                        lambda v: service.update_recommendation(row.id, self._recommendation(v)),
                        note="Actions already made from it stay linked to it.")

    def move_recommendation(self, offset: int) -> None:
        row: RecommendationRow | None = self.recommendations.selected()
        if row is not None:
            service = self.ctx.workspace.panel.review_findings
            if self.ctx.ops.run(lambda: service.move_recommendation(row.id, offset), changes="reviews") is not None:
                self._reselect(self.recommendations, row.id)

    def remove_recommendation(self) -> None:
        row: RecommendationRow | None = self.recommendations.selected()
        if row is None or not self._confirm("Remove the recommendation?",
                                            f"Remove recommendation {row.position + 1}, “{short(row.text)}”?"):
            return
        service = self.ctx.workspace.panel.review_findings
        self.ctx.ops.run(lambda: service.remove_recommendation(row.id), changes="reviews")

    # -- good practice and where the learning went -----------------------------------
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

    def remove_dissemination(self) -> None:
        row: DisseminationRow | None = self.dissemination.selected()
        if row is None or self.review_id is None:
            return
        if not self._confirm("Remove the entry?", f"Remove “{row.channel_label}” on {uk(row.held_on)}"
                             f"{f' ({row.audience})' if row.audience else ''}? Edit > Undo (Ctrl+Z) puts it back."):
            return
        review_id, service = self.review_id, self.ctx.workspace.panel.review_learning
        if self.ctx.ops.run(lambda: service.remove_dissemination(row.id), changes="reviews") is not None:
            self.undo.push(RemoveDisseminationCommand(self.ctx, review_id, row))

    # -- themes ----------------------------------------------------------------------
    def save_themes(self) -> None:
        review_id, service = self.review_id, self.ctx.workspace.panel.review_learning
        ids = [int(self.themes.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.themes.count())
               if self.themes.item(i).checkState() == Qt.CheckState.Checked]
        if self.ctx.ops.run(lambda: service.set_themes(review_id, ids), changes="reviews") is not None:  # type: ignore[arg-type]
            msgbox.inform(self, "Themes saved", f"{len(ids)} theme{'s' if len(ids) != 1 else ''} recorded.")

    def manage_themes(self) -> None:
        ThemesDialog(self.ctx, self).exec()
        self.ctx.hub.changed.emit("reviews")

    # -- helpers ---------------------------------------------------------------------
    def _confirm(self, title: str, text: str) -> bool:
        return msgbox.ask(self, title, text, default_no=True) == msgbox.Answer.YES

    @staticmethod
    def _reselect(block: ListBlock, row_id: int) -> None:
        for number, row in enumerate(block.model.rows):
            if row.id == row_id:
                block.view.selectRow(number)
                return
