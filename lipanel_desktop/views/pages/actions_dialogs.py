"""The Actions page's dialogs: a new or changed action, a progress update, a revised due
date, evidence of completion, the monthly bulk update and withdrawing a sign-off.

Each dialog reads its fields, calls one service and closes only when the service agreed.
Problems with what was typed are listed inside the dialog in plain words (and focus goes
to the first field at fault); anything else is shown through `ctx.ops`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.errors import ValidationError
from lipanel_desktop.services.action_progress import BulkUpdateResult, ProgressInput
from lipanel_desktop.services.action_detail import ActionDetail
from lipanel_desktop.services.action_sources import ActionSource
from lipanel_desktop.services.actions import ActionDetails
from lipanel_desktop.services.referral_fields import FieldProblem, format_uk_date, parse_uk_date
from lipanel_desktop.vocabulary.actions import ActionStatus
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.widgets.date_field import DateField

#: Statuses offered in a progress update (overdue and at risk are never typed; closing is sign-off).
STATUS_CHOICES = (ActionStatus.NOT_STARTED, ActionStatus.ON_TRACK, ActionStatus.COMPLETE)


def read_date(field: DateField, key: str, problems: dict[str, str]) -> date | None:
    """The typed date, or None after noting what is wrong with it."""
    try:
        return parse_uk_date(field.text())
    except FieldProblem as problem:
        problems[key] = problem.message
        return None


def text_box(name: str, lines: int = 4) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(box.fontMetrics().height() * (lines + 1))
    return box


class FormDialog(QDialog):
    """A form with a problems area and OK / Cancel. Subclasses add rows and `work()`."""

    def __init__(
        self, ctx: AppContext, title: str, ok_text: str, parent: QWidget | None = None, *, changes: str = "actions"
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        #: The hub topic announced when the service has agreed.
        self.changes = changes
        self.setWindowTitle(title)
        self.setModal(True)
        self.result_value: Any = None
        self.fields: dict[str, QWidget] = {}
        self.problems = QLabel()
        self.problems.setObjectName("FieldError")
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName("Problems to correct")
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.hide()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.intro.hide()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.problems)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.resize(self.fontMetrics().height() * 36, self.sizeHint().height())

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def add_row(self, key: str, label: str, widget: QWidget) -> QWidget:
        caption = QLabel(label)
        caption.setBuddy(widget.focusProxy() or widget)
        plain = label.replace("&", "")
        target = widget.focusProxy() or widget
        if not target.accessibleName():
            target.setAccessibleName(plain)
        self.form.addRow(caption, widget)
        self.fields[key] = widget
        return widget

    def work(self) -> Any:
        """Read the fields and call the service; raise ValidationError for bad input."""
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.result_value = self.work()
        except ValidationError as error:
            self.show_problems(error.problems)
            return
        except Exception as error:  # shown in plain words (or as a bug) by the one door
            self.ctx.ops.report_error(error)
            return
        self.ctx.hub.changed.emit(self.changes)
        super().accept()

    def show_problems(self, problems: dict[str, str]) -> None:
        self.problems.setText("Please correct:\n" + "\n".join(f"• {message}" for message in problems.values()))
        self.problems.show()
        for key in problems:
            widget = self.fields.get(key)
            if widget is not None:
                (widget.focusProxy() or widget).setFocus()
                break


class ActionEditorDialog(FormDialog):
    """A new action (choose what it is for, then its details and due date), or changes
    to an existing one's details (its due date is revised separately, with a reason)."""

    def __init__(
        self,
        ctx: AppContext,
        agencies: Sequence[tuple[int, str]],
        *,
        sources: Sequence[ActionSource] = (),
        detail: ActionDetail | None = None,
        preset_source: tuple[str, int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = f"Change {detail.reference}" if detail else "New action"
        super().__init__(ctx, title, "Save changes" if detail else "Add action", parent)
        self.detail = detail
        self.sources = list(sources)
        if detail is None:
            self.source = QComboBox()
            self.source.addItem("Choose a recommendation or a single-agency decision…", None)
            for source in self.sources:
                self.source.addItem(source.label, (source.kind, source.id))
            if preset_source is not None:
                self.source.setCurrentIndex(max(0, self.source.findData(preset_source)))
            self.source.currentIndexChanged.connect(self._source_chosen)
            self.add_row("source", "&For", self.source)
        self.description = self.add_row("description", "&Action", text_box("Description of the action"))
        self.agency = QComboBox()
        self.agency.addItem("Choose the agency…", None)
        for agency_id, name in agencies:
            self.agency.addItem(name, agency_id)
        self.add_row("agency_id", "Owning a&gency", self.agency)
        self.officer = self.add_row("lead_officer_name", "&Lead officer", QLineEdit())
        self.role = self.add_row("lead_officer_role", "Lead officer's &role", QLineEdit())
        self.contact = self.add_row("lead_officer_contact", "Lead officer's &contact", QLineEdit())
        self.manager = self.add_row("accountable_manager", "Accountable &manager", QLineEdit())
        if detail is None:
            self.due = DateField("Due date")
            self.add_row("due_date", "&Due date", self.due)
        else:
            self.description.setPlainText(detail.description)
            self.agency.setCurrentIndex(max(0, self.agency.findData(detail.agency_id)))
            self.officer.setText(detail.lead_officer_name)
            self.role.setText(detail.lead_officer_role)
            self.contact.setText(detail.lead_officer_contact)
            self.manager.setText(detail.accountable_manager)
            self.set_intro(f"Due {format_uk_date(detail.due_date)}. To move the due date, use “Revise due date…”, which keeps the original.")
        self._source_chosen()

    def _source_chosen(self) -> None:
        if self.detail is not None or self.agency.currentData() is not None:
            return
        chosen = self.source.currentData()
        for source in self.sources:
            if (source.kind, source.id) == chosen and source.agency_id is not None:
                self.agency.setCurrentIndex(max(0, self.agency.findData(source.agency_id)))

    def _details(self) -> ActionDetails:
        return ActionDetails(
            description=self.description.toPlainText(),
            agency_id=self.agency.currentData(),
            lead_officer_name=self.officer.text(),
            lead_officer_role=self.role.text(),
            lead_officer_contact=self.contact.text(),
            accountable_manager=self.manager.text(),
        )

    def work(self) -> ActionDetail:
        service = self.ctx.workspace.actions
        if self.detail is not None:
            return service.update_details(self.detail.id, self._details())
        problems: dict[str, str] = {}
        due = read_date(self.due, "due_date", problems)
        if problems:
            raise ValidationError(problems)
        chosen = self.source.currentData()
        kind, source_id = chosen if chosen else (None, None)
        return service.create(
            self._details(),
            due,
            recommendation_id=source_id if kind == "recommendation" else None,
            decision_id=source_id if kind == "decision" else None,
        )


class ProgressDialog(FormDialog):
    """A dated progress note, optionally with a new status or forecast."""

    def __init__(self, ctx: AppContext, detail: ActionDetail, today: date, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"Progress on {detail.reference}", "Add update", parent)
        self.detail = detail
        self.set_intro(f"{detail.reference}: {detail.status_label}, due {format_uk_date(detail.due_date)}.")
        self.on = DateField("Date of the update")
        self.on.setText(format_uk_date(today))
        self.add_row("update_date", "&Date", self.on)
        self.status = QComboBox()
        for status in STATUS_CHOICES:
            self.status.addItem(status.label, status.value)
        current = detail.recorded_status if detail.recorded_status in {s.value for s in STATUS_CHOICES} else ActionStatus.ON_TRACK.value
        self.status.setCurrentIndex(max(0, self.status.findData(current)))
        self.add_row("status", "&Status", self.status)
        self.forecast = DateField("Forecast completion date")
        self.forecast.setText(format_uk_date(detail.forecast_date))
        self.add_row("forecast_date", "&Forecast completion", self.forecast)
        self.note = self.add_row("text", "&Note", text_box("Progress note", 5))

    def work(self) -> ActionDetail:
        problems: dict[str, str] = {}
        on = read_date(self.on, "update_date", problems)
        forecast = read_date(self.forecast, "forecast_date", problems)
        if problems:
            raise ValidationError(problems)
        status = self.status.currentData()
        data = ProgressInput(
            text=self.note.toPlainText(),
            update_date=on,
            status=None if status == self.detail.recorded_status else status,
            forecast_date=forecast,
            clear_forecast=forecast is None and self.detail.forecast_date is not None,
        )
        return self.ctx.workspace.action_progress.add_update(self.detail.id, data)


class ReviseDueDateDialog(FormDialog):
    def __init__(self, ctx: AppContext, detail: ActionDetail, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"Revise the due date of {detail.reference}", "Revise date", parent)
        self.detail = detail
        original = f" (originally {format_uk_date(detail.original_due_date)})" if detail.due_date_revised else ""
        self.set_intro(f"Now due {format_uk_date(detail.due_date)}{original}. The original due date is always kept.")
        self.due = DateField("Revised due date")
        self.add_row("due_date", "&New due date", self.due)
        self.reason = self.add_row("reason", "&Reason", text_box("Reason for the new date", 3))

    def work(self) -> ActionDetail:
        problems: dict[str, str] = {}
        new = read_date(self.due, "due_date", problems)
        if problems:
            raise ValidationError(problems)
        return self.ctx.workspace.action_progress.revise_due_date(self.detail.id, new, self.reason.toPlainText())


class EvidenceDialog(FormDialog):
    def __init__(self, ctx: AppContext, detail: ActionDetail, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"Evidence of completion for {detail.reference}", "Save evidence", parent)
        self.detail = detail
        self.set_intro("What shows the action is done, and where the documents are. It is needed before the action can be marked complete.")
        self.evidence = self.add_row("evidence_text", "&Evidence", text_box("Evidence of completion", 6))
        self.evidence.setPlainText(detail.evidence_text)
        self.references = self.add_row("evidence_references", "&References", text_box("Evidence references", 2))
        self.references.setPlainText(detail.evidence_references)

    def work(self) -> ActionDetail:
        return self.ctx.workspace.action_progress.record_evidence(
            self.detail.id, self.evidence.toPlainText(), self.references.toPlainText()
        )


class BulkUpdateDialog(FormDialog):
    """The monthly monitoring meeting: one note, and optionally one status, for many actions."""

    KEEP = "keep"

    def __init__(self, ctx: AppContext, action_ids: Sequence[int], references: Sequence[str], today: date, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Update several actions", f"Update {len(action_ids)} action{'s' if len(action_ids) != 1 else ''}", parent)
        self.action_ids = list(action_ids)
        shown = ", ".join(references[:12]) + (f" and {len(references) - 12} more" if len(references) > 12 else "")
        self.set_intro(f"{len(action_ids)} chosen: {shown}. All are updated, or none if any cannot be.")
        self.status = QComboBox()
        self.status.addItem("Keep each action's status", self.KEEP)
        for status in STATUS_CHOICES:
            self.status.addItem(status.label, status.value)
        self.add_row("status", "&Status", self.status)
        self.on = DateField("Date of the update")
        self.on.setText(format_uk_date(today))
        self.add_row("update_date", "&Date", self.on)
        self.note = self.add_row("text", "&Note", text_box("Progress note for every chosen action", 4))
        self.fields["actions"] = self.status

    def work(self) -> BulkUpdateResult:
        problems: dict[str, str] = {}
        on = read_date(self.on, "update_date", problems)
        if problems:
            raise ValidationError(problems)
        status = self.status.currentData()
        return self.ctx.workspace.action_progress.bulk_update(
            self.action_ids, None if status == self.KEEP else status, self.note.toPlainText(), on
        )


class WithdrawSignOffDialog(FormDialog):
    def __init__(self, ctx: AppContext, detail: ActionDetail, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"Withdraw the sign-off of {detail.reference}", "Withdraw sign-off", parent)
        self.detail = detail
        self.set_intro(f"Signed off by {detail.signed_off_by} on {format_uk_date(detail.signed_off_on)}. The action becomes complete again and can be changed.")
        self.reason = self.add_row("reason", "&Reason", text_box("Reason for withdrawing the sign-off", 3))

    def work(self) -> ActionDetail:
        return self.ctx.workspace.action_progress.withdraw_sign_off(self.detail.id, self.reason.toPlainText())


def run_dialog(dialog: FormDialog, on_done: Callable[[Any], None] | None = None) -> Any:
    """Show a dialog; return what its service returned (None if cancelled)."""
    if dialog.exec() == QDialog.DialogCode.Accepted:
        if on_done is not None:
            on_done(dialog.result_value)
        return dialog.result_value
    return None

