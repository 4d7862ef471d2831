"""The panel's decision, laid out as the form's "Conclusion of Learning and Improvement
Panel" block: date, decision, issues for this review, terms of reference scope, period
under review, agencies from which chronologies are required, chair of review, first and
second meeting; and good practice identified, which can go with any decision."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QWidget

from lipanel_desktop.errors import ValidationError
from lipanel_desktop.services.decisions import DecisionData
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.pages.panel_widgets import roomy_ticks
from lipanel_desktop.views.pages.reviews_forms import FormDialog, Unreadable, combo, date_field, line_edit, read_date, text_box
from lipanel_desktop.vocabulary.panel import Decision, ReviewMethod

#: Which fields each decision uses; the others are disabled (and cleared) for it.
REVIEW_DECISIONS = {Decision.SCR_CONSIDERATION.value, Decision.MALR.value, Decision.OTHER_REVIEW.value}


class DecisionDialog(FormDialog):
    changes = "decisions"

    def __init__(self, ctx: AppContext, referral_id: int, referral_reference: str, *, meeting_id: int | None = None,
                 meeting_reference: str = "", default_date: date | None = None, parent: QWidget | None = None) -> None:
        where = f" at {meeting_reference}" if meeting_reference else ""
        super().__init__(ctx, f"Conclusion of Learning and Improvement Panel — {referral_reference}{where}", parent,
                         ok_text="Record the decision", scroll=True)
        self.referral_id, self.meeting_id = referral_id, meeting_id
        self.form.setRowWrapPolicy(self.form.RowWrapPolicy.WrapAllRows)  # labels above, as on the paper form
        decisions = ctx.workspace.panel.decisions
        heading = QLabel(f"Conclusion of Learning and Improvement Panel: {referral_reference}{where}")
        heading.setObjectName("SectionTitle")
        heading.setWordWrap(True)
        self.form.addRow(heading)
        self.day = self.add_row("&Date", date_field("Date of the decision", default_date or date.today()))
        self.decision = self.add_row("De&cision", combo([(d.value, d.label) for d in Decision], "Decision", Decision.MALR.value))
        self.method = self.add_row("Review &method", combo([(m.value, m.label) for m in ReviewMethod], "Review method"))
        self.reasons = self.add_row("&Reasons", text_box("Reasons for the decision", lines=2))
        self.issues = self.add_row("&Issues for this review are", text_box("Issues for this review"))
        self.scope = self.add_row("The &terms of reference scope should include the following",
                                  text_box("Terms of reference scope"))
        period = QWidget()
        row = QHBoxLayout(period)
        row.setContentsMargins(0, 0, 0, 0)
        self.period_from = date_field("Period under review from")
        self.period_to = date_field("Period under review to")
        row.addWidget(self.period_from)
        row.addWidget(QLabel("to"))
        row.addWidget(self.period_to)
        row.addStretch(1)
        self.add_row("The &period under review is", period)
        self.form.labelForField(period).setBuddy(self.period_from.line)  # type: ignore[union-attr]
        self.agencies = QListWidget()
        self.agencies.setAccessibleName("Agencies from which chronologies will be required: Space ticks or unticks")
        suggested = set(decisions.suggested_agencies(referral_id))
        for agency_id, name in decisions.agency_choices():
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, agency_id)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked if agency_id in suggested else Qt.CheckState.Unchecked)
            self.agencies.addItem(item)
        roomy_ticks(self.agencies)
        self.agencies.setMinimumHeight(max(1, self.agencies.sizeHintForRow(0)) * 8 + 2 * self.agencies.frameWidth())
        self.add_row("Chronologies will be required from &agencies to cover those dates", self.agencies)
        self.chair = self.add_row("C&hair of review", line_edit("Chair of review"))
        self.first = self.add_row("&1st meeting", date_field("First meeting"))
        self.second = self.add_row("&2nd meeting", date_field("Second meeting"))
        self.good_practice = self.add_row("&Good practice identified", text_box("Good practice identified", lines=2))
        self.decision.currentIndexChanged.connect(self._decision_changed)
        self._decision_changed()
        self.resize(self.fontMetrics().horizontalAdvance("x") * 85, self.wanted_height())

    def wanted_height(self, room: int | None = None) -> int:
        """The whole form at once where the screen (or `room`) is tall enough; otherwise as
        tall as it allows, and the form scrolls."""
        wanted = self.form.sizeHint().height() + self.ok_button.sizeHint().height() * 2 + 40
        if room is None:
            screen = self.screen()
            room = int(screen.availableGeometry().height() * 0.9) if screen is not None else wanted
        return min(wanted, room)

    def _decision_changed(self) -> None:
        kind = self.decision.currentData()
        self.method.setEnabled(kind == Decision.OTHER_REVIEW)
        reviewing = kind in REVIEW_DECISIONS
        for widget in (self.period_from, self.period_to, self.first, self.second):
            widget.setEnabled(reviewing)
        self.first.setEnabled(kind in (Decision.MALR, Decision.OTHER_REVIEW))
        self.second.setEnabled(kind in (Decision.MALR, Decision.OTHER_REVIEW))
        self.agencies.setEnabled(kind != Decision.NO_FURTHER_ACTION)
        self.reasons.setPlaceholderText("Required for no further action" if kind == Decision.NO_FURTHER_ACTION else "")

    def chosen_agencies(self) -> tuple[int, ...]:
        if not self.agencies.isEnabled():
            return ()
        return tuple(int(self.agencies.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.agencies.count())
                     if self.agencies.item(i).checkState() == Qt.CheckState.Checked)

    def data(self) -> DecisionData:
        problems: dict[str, str] = {}
        dates: dict[str, date | None] = {}
        for key, field, label in (("decision_date", self.day, "The date"), ("period_from", self.period_from, "Period from"),
                                  ("period_to", self.period_to, "Period to"), ("first_meeting_date", self.first, "1st meeting"),
                                  ("second_meeting_date", self.second, "2nd meeting")):
            try:
                dates[key] = read_date(field, key, label) if field.isEnabled() else None
            except Unreadable as error:
                problems.update(error.problems)
        if problems:
            raise ValidationError(problems)
        return DecisionData(
            referral_id=self.referral_id, decision=self.decision.currentData(), meeting_id=self.meeting_id,
            review_method=self.method.currentData() if self.method.isEnabled() else None,
            reasons=self.reasons.toPlainText(), issues_for_review=self.issues.toPlainText(),
            terms_of_reference_scope=self.scope.toPlainText(), chronology_agency_ids=self.chosen_agencies(),
            chair_of_review=self.chair.text(), good_practice=self.good_practice.toPlainText(), **dates,
        )

    def submit(self) -> object:
        return self.ctx.workspace.panel.decisions.record(self.data())
