"""The Form A editor: opens, saves, submits, withdraws and reopens a referral through the
referral service; shows each field's problem beside it; keeps unsaved typing as an
encrypted draft a moment after typing stops (and at least every few seconds while it goes
on); and undoes or redoes any change in the form.
"""

from __future__ import annotations

import html
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from lipanel_desktop.errors import ValidationError
from lipanel_desktop.services.permissions import allowed
from lipanel_desktop.services.referral_data import ReferralDetail, ReferralInput
from lipanel_desktop.services.referral_fields import FieldProblem, age_on, format_uk_date, parse_uk_date
from lipanel_desktop.services.referral_labels import conclusion_values, label_of
from lipanel_desktop.services.referrals import EDITABLE, WITHDRAWABLE, StaleReferral
from lipanel_desktop.vocabulary.form_a import ReferralStatus
from lipanel_desktop.vocabulary.roles import Permission
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.form_a.fields import AgeField
from lipanel_desktop.views.form_a.layout import EditorFrame
from lipanel_desktop.views.form_a.draft_keeping import DRAFT_IDLE_MS, DRAFT_MAX_MS, NEW_KEY, DraftKeepingMixin
from lipanel_desktop.views.form_a.lifecycle import LifecycleMixin
from lipanel_desktop.views.form_a.undo import FieldEdit, FormKeys

CHECK_MS = 400


class FormAEditor(DraftKeepingMixin, LifecycleMixin, EditorFrame):
    closed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.fields = self.widgets.fields
        self.undo = QUndoStack(self)
        self._keys = FormKeys(self)
        self.detail: ReferralDetail | None = None
        self.is_open = False
        self._baseline = ReferralInput()
        self._last: dict[str, Any] = {}
        self._applying = False
        self._submit_tried = False
        self._draft_kept = False
        self.last_closed_id: int | None = None
        #: The organisation's name and agencies, read once and again after a settings change.
        self._board: str | None = None
        self._agencies: list[Any] | None = None
        ctx.hub.changed.connect(self._hub_changed)
        self._check_timer = self._timer(CHECK_MS, self.validate)
        self._idle_timer = self._timer(DRAFT_IDLE_MS, self.save_draft)
        self._max_timer = self._timer(DRAFT_MAX_MS, self.save_draft)
        for key, field in self.fields.items():
            field.on_edit = self._field_edited
            for widget in field.input.findChildren(QLineEdit) + field.input.findChildren(QPlainTextEdit) + [field.input]:
                widget.installEventFilter(self._keys)
        self.fields["agency_id"].signals.picked.connect(self._agency_picked)
        self.back_button.clicked.connect(self.close_editor)
        self.save_button.clicked.connect(self.save)
        self.message.linkActivated.connect(self._link)
        self.scroll.verticalScrollBar().valueChanged.connect(self._sync_index)
        self._connect_lifecycle()

    def _hub_changed(self, topic: str) -> None:
        if topic in ("settings", "*"):
            self._board = None
            self._agencies = None

    def _timer(self, msecs: int, slot: Any) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(msecs)
        timer.timeout.connect(slot)
        return timer

    @property
    def service(self) -> Any:
        return self.ctx.workspace.referrals

    # -- the whole form -------------------------------------------------------------------

    def form_input(self) -> ReferralInput:
        self.fields["household"].commit_pending()
        values: dict[str, Any] = {}
        for key, field in self.fields.items():
            if key == "agency_id":
                values["agency_id"], values["agency_name"] = field.value()
            else:
                values[key] = field.value()
        return ReferralInput(**values)

    def _set_form(self, form: ReferralInput) -> None:
        self._applying = True
        try:
            for key, field in self.fields.items():
                field.set_value((form.agency_id, form.agency_name) if key == "agency_id" else getattr(form, key))
        finally:
            self._applying = False
        self._last = {key: self._value_of(key) for key in self.fields}
        self._derived()

    def _value_of(self, key: str) -> Any:
        return self.fields[key].value()

    def has_unsaved_changes(self) -> bool:
        return self.is_open and self.editable() and self.form_input() != self._baseline

    def editable(self) -> bool:
        store = self.ctx.workspace.store
        if store.read_only or not allowed(store.identity, Permission.EDIT_REFERRALS):
            return False
        return self.detail is None or self.detail.status in EDITABLE

    # -- opening --------------------------------------------------------------------------

    def new_referral(self, restore_draft: bool | None = None) -> None:
        """Start a new referral. A kept draft of an unsaved new referral is offered back
        (or, with `restore_draft=True` after a lock, put back without asking)."""
        self._start(None)
        self._show_stored(ReferralInput(referral_date=format_uk_date(date.today())))
        draft = self._load_draft(NEW_KEY)
        if draft is not None and restore_draft is not False:
            if restore_draft or self._ask_restore(draft, "a new referral"):
                self._apply_draft(draft)
        self._after_open()
        self.fields["child_full_name"].focus_widget.setFocus()

    def open_referral(self, referral_id: int, restore_draft: bool | None = None) -> bool:
        """Open a stored referral. `restore_draft`: True applies this user's draft without
        asking (returning after a lock), None asks, False ignores it."""
        detail = self.ctx.ops.run(lambda: self.service.get(referral_id), title="Could not open the referral")
        if detail is None:
            return False
        self._start(detail)
        self._show_stored(detail.form)
        draft = self._load_draft(str(detail.id)) if self.editable() else None
        if draft is not None and restore_draft is not False:
            if restore_draft or self._ask_restore(draft, detail.reference):
                self._apply_draft(draft)
        self._after_open()
        return True

    def _start(self, detail: ReferralDetail | None) -> None:
        self._stop_timers()
        self.undo.clear()
        self.detail = detail
        self.is_open = True
        self._submit_tried = False
        self._draft_kept = False
        self.hide_message()
        self.withdraw_panel.hide()
        for field in self.fields.values():
            field.show_problem(None)
        if self._board is None:
            self._board = self.ctx.workspace.organisation.get("board_name")
            self.set_board(self._board)

    def _show_stored(self, form: ReferralInput) -> None:
        """Show a stored (or fresh) form; what the fields then hold is the baseline that
        "unsaved changes" are measured from (an agency typed by name shows as the list's)."""
        if self._agencies is None:
            self._agencies = self.service.agencies()
        agencies = self._agencies
        self.fields["agency_id"].set_options(agencies)
        self.fields["agencies_involved"].set_options(agencies)
        self._set_form(form)
        self._baseline = self.form_input()

    def _after_open(self) -> None:
        self.refresh_header()
        self.scroll.verticalScrollBar().setValue(0)
        self.index.setCurrentRow(0)
        if self.form_input() != self._baseline:
            self.validate()

    # -- editing ----------------------------------------------------------------------------

    def _field_edited(self, key: str) -> None:
        if self._applying or not self.is_open:
            return
        new = self._value_of(key)
        old = self._last.get(key)
        if new == old:
            return
        self.undo.push(FieldEdit(key, label_of(key), old, new, self._apply_field))
        self._last[key] = new
        self._changed(key)

    def _apply_field(self, key: str, value: Any) -> None:
        """Undo and redo put a value back into a field."""
        field = self.fields[key]
        self._applying = True
        try:
            field.set_value(value)
        finally:
            self._applying = False
        self._last[key] = field.value()
        self._changed(key)
        field.focus_widget.setFocus()

    def _changed(self, key: str) -> None:
        if key in ("child_dob", "incident_date", "age_years", "summary"):
            self._derived()
        self._check_timer.start()
        self._idle_timer.start()
        if not self._max_timer.isActive():
            self._max_timer.start()

    def _derived(self) -> None:
        """The age worked out from the date of birth, as at the date of death / critical
        incident (as on the printed form; today when there is none), and the summary's length."""
        w = self.widgets
        age_field = self.fields["age_years"]
        born, incident = self._date_of("child_dob"), self._date_of("incident_date")
        today = date.today()
        assert w.age_note is not None and isinstance(age_field, AgeField)
        if born is not None and born <= today:
            now = age_on(born, today)
            if incident is not None and born <= incident <= today:
                age_field.show_worked_out(age_on(born, incident))
                note = (f"Age at the date of death / critical incident ({format_uk_date(incident)}), "
                        f"worked out from the date of birth; {now} today.")
            else:
                age_field.show_worked_out(now)
                note = "Age today, worked out from the date of birth (no date of death / critical incident given)."
        else:
            age_field.show_worked_out(None)
            note = "Type the age only if the date of birth is not known."
        w.age_note.setText(note)
        age_field.line.setAccessibleDescription(note)
        count = len(self.fields["summary"].value())
        assert w.summary_count is not None
        w.summary_count.setText(f"{count:,} character{'s' if count != 1 else ''}")

    def _date_of(self, key: str) -> date | None:
        try:
            return parse_uk_date(self.fields[key].value())
        except FieldProblem:
            return None

    def _agency_picked(self, option: Any) -> None:
        """Choosing an agency fills in its address and numbers where they are empty."""
        for key, value in (("agency_address", option.address), ("agency_telephone", option.telephone),
                           ("agency_email", option.email)):
            field = self.fields[key]
            if value and not field.value().strip():
                field.set_value(value)
                self._field_edited(key)

    # -- checking ------------------------------------------------------------------------

    def validate(self) -> dict[str, str]:
        if not self.is_open or not self.ctx.workspace.store.is_open:
            return {}
        form = self.form_input()
        try:
            problems = self.service.missing(form) if self._submit_tried else self.service.check(form)
        except Exception as error:  # the check itself failed: say so once, keep typing safe
            self.ctx.ops.report_error(error, "Could not check the form")
            return {}
        self.show_problems(problems)
        if self._submit_tried:
            if problems:
                self.show_missing(problems, "Before it can be submitted, the referral needs:")
            else:
                self.show_message("Everything needed is filled in. You can submit the referral now.")
        return problems

    def show_problems(self, problems: dict[str, str]) -> None:
        for key, field in self.fields.items():
            if key == "household":
                field.show_row_problems(problems)
            elif key == "agency_id":
                field.show_problem(problems.get("agency_id") or problems.get("agency_name"))
            else:
                field.show_problem(problems.get(key))

    def show_missing(self, problems: dict[str, str], lead: str) -> None:
        items = "".join(
            f"<li><a href='field:{html.escape(key)}'>{html.escape(label_of(key))}</a>: {html.escape(text)}</li>"
            for key, text in problems.items()
        )
        self.show_message(f"<b>{html.escape(lead)}</b><ul>{items}</ul>")

    def focus_field(self, key: str) -> None:
        field = self.fields.get(key.split(".")[0])
        if field is None:
            return
        self.scroll.ensureWidgetVisible(field.cell)
        field.focus_widget.setFocus()

    def show_message(self, rich_text: str) -> None:
        self.message.setText(rich_text)
        self.message.show()

    def hide_message(self) -> None:
        self.message.clear()
        self.message.hide()

    def _link(self, href: str) -> None:
        if href.startswith("field:"):
            self.focus_field(href[len("field:"):])
        elif href == "discard":
            self.discard_changes()

    def _sync_index(self) -> None:
        self.index.blockSignals(True)
        self.index.setCurrentRow(self.current_section())
        self.index.blockSignals(False)

    # -- closing ------------------------------------------------------------------------------

    def close_editor(self) -> bool:
        """Back to the register, asking first about unsaved changes."""
        if self.has_unsaved_changes():
            name = self.detail.reference if self.detail else "the new referral"
            answer = msgbox.ask(self, "Unsaved changes", f"Save the changes to {name}?", cancel=True)
            if answer == msgbox.Answer.CANCEL:
                return False
            if answer == msgbox.Answer.YES and not self.save():
                return False
            if answer == msgbox.Answer.NO:
                self.discard_changes()
        else:
            self._stop_timers()
            if self._draft_kept and self.is_open:
                self._discard_draft(self.draft_key)
        self.last_closed_id = self.detail.id if self.detail else None
        self.clear()
        self.closed.emit()
        return True

    def clear(self) -> None:
        """Forget everything shown (on close and on lock)."""
        self._stop_timers()
        self.is_open = False
        self.detail = None
        self._set_form(ReferralInput())
        self._baseline = ReferralInput()
        self.undo.clear()
        self.hide_message()
        self.withdraw_panel.hide()
        self.withdraw_reason.clear()
        self.show_problems({})
        self.title.clear()
        self.status.clear()
        self._show_conclusion()

    def state(self) -> dict[str, Any]:
        return {"referral_id": self.detail.id if self.detail else None, "section": self.current_section()}

    def header_status(self) -> tuple[str, str]:
        if self.detail is None:
            return "New referral", "Not saved yet: a reference number is given when it is first saved."
        d = self.detail
        words = ReferralStatus.label_of(d.status, d.status)
        parts = [f"Status: {words}", f"created by {d.created_by} on {d.created_at:%d/%m/%Y}"]
        if d.submitted_at:
            parts.append(f"submitted on {d.submitted_at:%d/%m/%Y} by {d.submitted_by}")
        if d.status == ReferralStatus.WITHDRAWN.value:
            parts.append(f"withdrawn on {d.withdrawn_at:%d/%m/%Y}: {d.withdrawn_reason}" if d.withdrawn_at else "withdrawn")
        if not self.editable() and d.status in EDITABLE:
            parts.append("read only for your role")
        return d.reference, " · ".join(parts)

    def refresh_header(self) -> None:
        title, status = self.header_status()
        self.title.setText(title)
        self.status.setText(status)
        editable = self.editable()
        for field in self.fields.values():
            field.set_read_only(not editable)
        self._derived()
        can_edit = allowed(self.ctx.workspace.store.identity, Permission.EDIT_REFERRALS) and not self.ctx.workspace.store.read_only
        status_code = self.detail.status if self.detail else ReferralStatus.DRAFT.value
        self.save_button.setEnabled(editable)
        self.submit_button.setEnabled(editable and status_code == ReferralStatus.DRAFT.value)
        self.withdraw_button.setEnabled(can_edit and self.detail is not None and status_code in WITHDRAWABLE)
        self.reopen_button.setEnabled(can_edit and status_code == ReferralStatus.WITHDRAWN.value)
        self.print_button.setEnabled(self.detail is not None)
        self._show_conclusion()

    def _show_conclusion(self) -> None:
        note = self.widgets.conclusion
        assert note is not None
        conclusion = self.detail.conclusion if self.detail else None
        note.setText(
            "Not yet considered by the panel: the panel fills this in when it records its decision."
            if conclusion is None else "Recorded by the panel on its decision screen; shown here to read only."
        )
        for key, text in conclusion_values(conclusion).items():
            value = self.widgets.conclusion_values[key]
            value.setText(text or "—")
            value.setAccessibleDescription("" if text else "Not recorded yet")

    def saved_ok(self, detail: ReferralDetail, old_key: str) -> None:
        """After a save: the stored referral is the new baseline; its draft goes."""
        self.detail = detail
        self._show_stored(detail.form)
        if self._draft_kept or old_key == NEW_KEY:
            self._discard_draft(old_key)
        self._stop_timers()
        self.refresh_header()
        self.ctx.hub.changed.emit("referrals")

    def save(self) -> bool:
        """Save the form (Ctrl+S). Problems are shown beside their fields; nothing is
        written until all are put right."""
        if not self.is_open or not self.editable():
            return True
        form = self.form_input()
        old_key = self.draft_key
        try:
            if self.detail is None:
                detail = self.service.create(form)
            else:
                detail = self.service.save(self.detail.id, form, expected=self.detail.updated_at)
        except ValidationError as error:
            self.show_problems(error.problems)
            self.show_missing(error.problems, "Not saved yet. Please put these right:")
            self.focus_field(next(iter(error.problems)))
            return False
        except StaleReferral as error:
            self.save_draft()
            self.ctx.ops.report_error(error, "Not saved")
            return False
        except Exception as error:
            self.ctx.ops.report_error(error, "Not saved")
            return False
        self.saved_ok(detail, old_key)
        self.show_message(f"Saved {detail.reference} at {datetime.now():%H:%M}.")
        return True
