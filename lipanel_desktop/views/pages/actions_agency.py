"""The agency view: everything one agency owes, grouped by the review and recommendation it
comes from, laid out as it would be sent to that agency. Its "Print / Preview / Export PDF"
button makes the same `AgencyActionPlan` into a PDF (printing/agency_plan.py) to print or
to save, password-protected or as numbered copies, for sending to the agency."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from lipanel_desktop.services.documents.agency_plan import agency_plan_key
from lipanel_desktop.services.reports.agency_plan import AgencyActionPlan
from lipanel_desktop.services.referral_fields import format_uk_date
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.print_document import document_button
from lipanel_desktop.views.widgets.flow_layout import flow_widget
from lipanel_desktop.vocabulary.documents import Target


def plan_html(plan: AgencyActionPlan) -> str:
    """The plan as HTML, every piece of record text escaped."""
    parts = [
        f"<p>{escape(plan.protective_marking)}</p>",
        f"<h2>Action plan for {escape(plan.agency_name)}</h2>",
        f"<p>{escape(plan.board_name)}. As at {format_uk_date(plan.as_of)}. Circulated by the {escape(plan.circulated_by)}.</p>",
        f"<p><b>{escape(plan.summary)}</b>" + (" (closed actions included)" if plan.includes_closed else "") + "</p>",
    ]
    if not plan.sections:
        parts.append("<p><i>This agency owes no actions.</i></p>")
    for section in plan.sections:
        parts.append(f"<h3>{escape(section.heading)}</h3>")
        if section.finding_text:
            parts.append(f"<p><b>Finding:</b> {escape(section.finding_text)}</p>")
        if section.recommendation_text:
            parts.append(f"<p><b>Recommendation:</b> {escape(section.recommendation_text)}</p>")
        rows = [
            "<tr><th align='left'>Action</th><th align='left'>Lead officer</th><th align='left'>Due</th>"
            "<th align='left'>Status</th><th align='left'>Latest update</th></tr>"
        ]
        for action in section.actions:
            due = format_uk_date(action.due_date)
            if action.due_date != action.original_due_date:
                due += f"<br>(originally {format_uk_date(action.original_due_date)})"
            officer = escape(", ".join(p for p in (action.lead_officer_name, action.lead_officer_role) if p))
            if action.lead_officer_contact:
                officer += f"<br>{escape(action.lead_officer_contact)}"
            update = (
                f"{format_uk_date(action.latest_update_on)}: {escape(action.latest_update_text)}" if action.latest_update_on else "<i>None yet</i>"
            )
            rows.append(
                f"<tr><td valign='top'><b>{escape(action.reference)}</b> {escape(action.description)}</td>"
                f"<td valign='top'>{officer}</td><td valign='top'>{due}</td>"
                f"<td valign='top'>{escape(action.status_label)}</td><td valign='top'>{update}</td></tr>"
            )
        parts.append("<table border='1' cellspacing='0' cellpadding='4' width='100%'>" + "".join(rows) + "</table>")
    return "".join(parts)


class AgencyView(QWidget):
    """Choose an agency; see its plan. `plan` holds what is shown, for printing."""

    plan_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan: AgencyActionPlan | None = None
        self.agency = QComboBox()
        self.agency.setAccessibleName("Agency")
        self.agency.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.include_closed = QCheckBox("Include &closed actions")
        label = QLabel("&Agency")
        label.setBuddy(self.agency)
        chooser = QWidget()
        pair = QHBoxLayout(chooser)
        pair.setContentsMargins(0, 0, 0, 0)
        pair.addWidget(label)
        pair.addWidget(self.agency)
        self.send_button = document_button(ctx, self, Target.AGENCY, self.document_key,
                                           missing="Choose an agency first: the plan is made for one agency.")
        self.send_button.setText("Send to the agency: print or save as P&DF…")
        self.send_button.setAccessibleName("Print, preview or save this agency's plan as PDF, to send to the agency")
        self.send_button.setToolTip("This agency's plan as PDF: print it, or save it (with a password, or as numbered "
                                    "copies, if you wish) to send to the agency")
        # One row that wraps at large text sizes rather than squeezing the agency's name.
        top, flow = flow_widget()
        for widget in (chooser, self.include_closed, self.send_button):
            flow.addWidget(widget)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Everything the agency owes")
        self.browser.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addWidget(self.browser, 1)
        self.agency.currentIndexChanged.connect(self.show_plan)
        self.include_closed.toggled.connect(self.show_plan)

    def document_key(self) -> str | None:
        """The plan shown, as a document key (None before an agency is chosen)."""
        if self.plan is None:
            return None
        return agency_plan_key(self.plan.agency_id, self.plan.includes_closed)

    def reload(self) -> None:
        keep = self.agency.currentData()
        agencies = self.ctx.ops.run(self.ctx.workspace.reports.agency_plan.agencies, title="Could not list the agencies")
        if agencies is None:
            return
        self.agency.blockSignals(True)
        self.agency.clear()
        for agency_id, name in agencies:
            self.agency.addItem(name, agency_id)
        found = self.agency.findData(keep) if keep is not None else -1
        self.agency.setCurrentIndex(found if found >= 0 else (0 if agencies else -1))
        self.agency.blockSignals(False)
        self.show_plan()

    def choose(self, agency_id: int) -> bool:
        found = self.agency.findData(agency_id)
        if found < 0:
            return False
        self.agency.setCurrentIndex(found)
        self.show_plan()
        return True

    def show_plan(self) -> None:
        agency_id = self.agency.currentData()
        if agency_id is None:
            self.plan = None
            self.browser.setHtml("<p><i>No agency owes any action yet.</i></p>")
        else:
            service = self.ctx.workspace.reports.agency_plan
            self.plan = self.ctx.ops.run(lambda: service.build(agency_id, include_closed=self.include_closed.isChecked()))
            self.browser.setHtml(plan_html(self.plan) if self.plan else "")
        self.plan_changed.emit()

    def clear(self) -> None:
        self.plan = None
        self.browser.clear()
        self.agency.clear()

    def state(self) -> dict[str, Any]:
        return {"agency_id": self.agency.currentData(), "closed": self.include_closed.isChecked()}

    def restore(self, state: dict[str, Any]) -> None:
        self.include_closed.setChecked(bool(state.get("closed")))
        agency_id = state.get("agency_id")
        if isinstance(agency_id, int):
            self.choose(agency_id)

