"""One action in full, beside the tracker: where it comes from and where its learning
went (finding → recommendation → action → evidence → dissemination), its details,
progress and exception note, and the buttons that change it (each shown only to roles
that may use it)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from lipanel_desktop.services.action_detail import ActionDetail
from lipanel_desktop.services.referral_fields import format_uk_date
from lipanel_desktop.views.charts.status_icons import status_icon


def _para(text: str) -> str:
    return escape(text).replace("\n", "<br>") if text else "<i>Not recorded</i>"


def _row(label: str, value: str) -> str:
    return f"<tr><th align='left' valign='top'>{escape(label)}</th><td>{value}</td></tr>"


def detail_html(detail: ActionDetail) -> str:
    """The action as HTML (all record text escaped), read by screen readers as it stands."""
    trace = detail.trace
    parts: list[str] = ["<h3>Where this action comes from</h3>"]
    if trace.review_reference:
        link = f"<a href='review:{trace.review_id}'>{escape(trace.review_reference)}</a>"
        parts.append(f"<p><b>Review:</b> {link} — {escape(trace.review_kind)}; {escape(trace.review_stage.lower())}.</p>")
    if trace.decision_label:
        parts.append(
            f"<p><b>Panel decision:</b> {escape(trace.decision_label)} on {format_uk_date(trace.decision_date)}"
            f" (referral {escape(trace.referral_reference)}).</p>"
        )
    if trace.recommendation_id is not None:
        parts.append(f"<p><b>1. Finding:</b> {_para(trace.finding_text)}</p>")
        parts.append(f"<p><b>2. Recommendation:</b> {_para(trace.recommendation_text)}</p>")
    parts.append(f"<p><b>3. Action:</b> {_para(detail.description)}</p>")
    evidence = _para(detail.evidence_text)
    if detail.evidence_references:
        evidence += f"<br><b>References:</b> {escape(detail.evidence_references)}"
    parts.append(f"<p><b>4. Evidence of completion:</b> {evidence}</p>")
    if trace.dissemination:
        items = "".join(
            f"<li>{format_uk_date(d.held_on)}: {escape(d.channel_label)} — {escape(d.audience)}"
            + (f" ({d.people_count} people)" if d.people_count is not None else "")
            + "</li>"
            for d in trace.dissemination
        )
        parts.append(f"<p><b>5. Learning disseminated:</b></p><ul>{items}</ul>")
    elif trace.review_reference:
        parts.append("<p><b>5. Learning disseminated:</b> <i>nothing recorded yet for this review</i></p>")

    rows = [
        _row("Status", escape(detail.status_label) + (f" — {detail.days_overdue} days overdue" if detail.days_overdue else "")),
        _row("Agency", escape(detail.agency_name)),
        _row("Lead officer", escape(", ".join(p for p in (detail.lead_officer_name, detail.lead_officer_role) if p)) or "<i>Not named</i>"),
        _row("Contact", _para(detail.lead_officer_contact)),
        _row("Accountable manager", escape(detail.accountable_manager) or "<i>Not named</i>"),
        _row("Due", format_uk_date(detail.due_date)),
    ]
    if detail.due_date_revised:
        rows.append(_row("Originally due", format_uk_date(detail.original_due_date)))
        rows.append(_row("Why revised", _para(detail.revised_due_reason)))
    rows.append(_row("Forecast completion", format_uk_date(detail.forecast_date) or "<i>None given</i>"))
    if detail.forecast_slip_days:
        rows.append(_row("Forecast late by", f"{detail.forecast_slip_days} days"))
    if detail.completed_on:
        rows.append(_row("Completed", format_uk_date(detail.completed_on)))
    if detail.signed_off_on:
        rows.append(_row("Signed off", f"{format_uk_date(detail.signed_off_on)} by {escape(detail.signed_off_by or '')}"))
    parts.append("<h3>Details</h3><table cellspacing='4'>" + "".join(rows) + "</table>")

    note = detail.exception_note
    if not note.is_empty:
        parts.append(
            "<h3>Exception report</h3><table cellspacing='4'>"
            + _row("Cause", _para(note.cause))
            + _row("Consequences", _para(note.consequences))
            + _row("Options", _para(note.options))
            + _row("Recommendation", _para(note.recommendation))
            + "</table>"
        )
    parts.append("<h3>Progress</h3>")
    if detail.updates:
        parts.append(
            "<ul>"
            + "".join(
                f"<li><b>{format_uk_date(u.update_date)}</b>, {escape(u.author)}"
                + (f" ({escape(u.status_after_label.lower())})" if u.status_after else "")
                + f": {_para(u.text)}</li>"
                for u in detail.updates
            )
            + "</ul>"
        )
    else:
        parts.append("<p><i>No progress recorded yet.</i></p>")
    return "".join(parts)


class ActionDetailPane(QWidget):
    """Shows one action and offers what may be done to it."""

    review_link = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: ActionDetail | None = None
        self.icon = QLabel()
        self.heading = QLabel("Choose an action in the list to see it here.")
        self.heading.setObjectName("SectionTitle")
        self.heading.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.icon)
        top.addWidget(self.heading, 1)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName("The chosen action, where it comes from and its progress")
        self.browser.anchorClicked.connect(self._link)

        self.progress_button = QPushButton("&Progress update…")
        self.evidence_button = QPushButton("E&vidence…")
        self.revise_button = QPushButton("Re&vise due date…")
        self.edit_button = QPushButton("Change &details…")
        self.sign_off_button = QPushButton("&Sign off")
        self.withdraw_button = QPushButton("&Withdraw sign-off…")
        self.remove_button = QPushButton("Remo&ve…")
        tips = {
            self.progress_button: "Add a dated note, and change the status or forecast",
            self.evidence_button: "Record what shows the action is done",
            self.revise_button: "Move the due date, with a reason; the original is kept",
            self.edit_button: "Change the description, agency or people",
            self.sign_off_button: "Sign off for the Audit and Monitoring Sub-group: the action is closed",
            self.withdraw_button: "Undo a sign-off, with a reason",
            self.remove_button: "Remove an action entered by mistake (only if nothing has been recorded)",
        }
        grid = QGridLayout()
        for i, (button, tip) in enumerate(tips.items()):
            button.setToolTip(tip)
            button.setAccessibleDescription(tip)
            grid.addWidget(button, i // 2, i % 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        layout.addLayout(grid)
        self.show_detail(None, can_edit=False, can_sign=False)

    @property
    def buttons(self) -> list[QPushButton]:
        return [
            self.progress_button, self.evidence_button, self.revise_button, self.edit_button,
            self.sign_off_button, self.withdraw_button, self.remove_button,
        ]

    def show_detail(self, detail: ActionDetail | None, *, can_edit: bool, can_sign: bool) -> None:
        self.detail = detail
        if detail is None:
            self.icon.clear()
            self.heading.setText("Choose an action in the list to see it here.")
            self.browser.clear()
            for button in self.buttons:
                button.setVisible(False)
            return
        self.icon.setPixmap(status_icon(detail.status).pixmap(self.heading.fontMetrics().height() * 2))
        self.heading.setText(f"{detail.reference} — {detail.status_label}")
        self.heading.setAccessibleName(f"{detail.reference}, {detail.status_label}")
        self.browser.setHtml(detail_html(detail))
        open_to_change = not detail.is_signed_off
        self.progress_button.setVisible(can_edit and open_to_change)
        self.evidence_button.setVisible(can_edit and open_to_change)
        self.revise_button.setVisible(can_edit and open_to_change)
        self.edit_button.setVisible(can_edit and open_to_change)
        self.remove_button.setVisible(can_edit and not detail.updates and detail.recorded_status == "not_started")
        self.sign_off_button.setVisible(can_sign and detail.recorded_status == "complete")
        self.withdraw_button.setVisible(can_sign and detail.is_signed_off)

    def _link(self, url: QUrl) -> None:
        kind, _, value = url.toString().partition(":")
        if kind == "review" and value.isdigit():
            self.review_link.emit(int(value))
