"""Small dialogs of a meeting: add a waiting referral, add another item, invite someone,
and name who attends for an agency."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from lipanel_desktop.errors import KnownError, ValidationError
from lipanel_desktop.services.meeting_attendance import AttendanceChange, AttendanceRow, Invitee
from lipanel_desktop.services.referral_fields import format_uk_date
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.pages.reviews_forms import FormDialog, combo, line_edit, text_box
from lipanel_desktop.vocabulary.panel import InviteReason


class AddReferralDialog(FormDialog):
    changes = "meetings"

    def __init__(self, ctx: AppContext, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Add a referral to the agenda", parent, ok_text="Add")
        self.meeting_id = meeting_id
        waiting = [a for a in ctx.workspace.panel.agenda.awaiting() if not a.on_agenda_of]
        items = [(str(a.referral_id), f"{a.reference} — referred {format_uk_date(a.referral_date)} by {a.agency_name}"
                  + (" — SCR criteria may be met" if a.scr_likely else "")) for a in waiting]
        self.referral = self.add_row("&Referral awaiting a decision", combo(items, "Referral awaiting a decision"))
        if not items:
            self.show_problems(["No submitted referral is waiting for a panel."])

    def submit(self) -> object:
        if self.referral.currentData() is None:
            raise KnownError("No submitted referral is waiting for a panel.")
        return self.ctx.workspace.panel.agenda.add_referral(self.meeting_id, int(self.referral.currentData()))


class AddItemDialog(FormDialog):
    changes = "meetings"

    def __init__(self, ctx: AppContext, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Add an item to the agenda", parent, ok_text="Add")
        self.meeting_id = meeting_id
        self.title = self.add_row("&Item", line_edit("Agenda item"))

    def submit(self) -> object:
        return self.ctx.workspace.panel.agenda.add_item(self.meeting_id, self.title.text())


class ItemNotesDialog(FormDialog):
    changes = "meetings"

    def __init__(self, ctx: AppContext, item_id: int, scr_likely: bool, notes: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Agenda item notes", parent, ok_text="Save")
        self.item_id, self.scr_likely = item_id, scr_likely
        self.notes = self.add_row("&Notes", text_box("Agenda item notes", notes))

    def submit(self) -> object:
        return self.ctx.workspace.panel.agenda.update_item(self.item_id, scr_criteria_likely=self.scr_likely,
                                                          notes=self.notes.toPlainText())


class InviteDialog(FormDialog):
    changes = "meetings"

    def __init__(self, ctx: AppContext, meeting_id: int, agencies: list[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Invite someone to the meeting", parent, ok_text="Invite")
        self.meeting_id = meeting_id
        self.name = self.add_row("&Name", line_edit("Invited person's name"))
        self.role = self.add_row("&Role or job title", line_edit("Invited person's role"))
        self.agency = self.add_row("&Agency", combo([("", "No agency")] + [(str(i), n) for i, n in agencies], "Agency"))
        reasons = [(r.value, r.label) for r in InviteReason if r != InviteReason.CORE_MEMBER]
        self.reason = self.add_row("Reason for &inviting", combo(reasons, "Reason for inviting"))
        self.note = self.add_row("&Details", text_box("Details of the reason", lines=2))

    def submit(self) -> object:
        agency = self.agency.currentData()
        return self.ctx.workspace.panel.attendance.invite(
            self.meeting_id,
            Invitee(self.name.text(), self.reason.currentData(), int(agency) if agency else None, self.role.text(),
                    self.note.toPlainText()),
        )


class AttendeeDialog(FormDialog):
    """Who is coming for an agency (name and role), keeping their attendance status."""

    changes = "meetings"

    def __init__(self, ctx: AppContext, meeting_id: int, row: AttendanceRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"Who attends for {row.agency_name or 'this place'}", parent, ok_text="Save")
        self.meeting_id, self.row = meeting_id, row
        self.name = self.add_row("&Name", line_edit("Attendee's name", row.person_name))
        self.role = self.add_row("&Role or job title", line_edit("Attendee's role", row.person_role))

    def submit(self) -> object:
        if not self.name.text().strip() and not self.role.text().strip() and not self.row.person_name:
            raise ValidationError({"person_name": "Give the attendee's name or role."})
        return self.ctx.workspace.panel.attendance.record(
            self.meeting_id, [AttendanceChange(self.row.id, self.row.status, self.name.text(), self.role.text())])
