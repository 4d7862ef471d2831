"""One meeting: when, where and who chairs (and why), its status and papers, the agenda
(built from waiting referrals, each item linked to its referral, decisions recorded from
it), attendance by agency with conflicts of interest, and the minutes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QTabWidget, QVBoxLayout, QWidget

from lipanel_desktop.services.meeting_agenda import AgendaRow
from lipanel_desktop.services.meeting_attendance import AttendanceChange, AttendanceRow
from lipanel_desktop.services.meetings import ChairOutcome, MeetingSummary
from lipanel_desktop.services.permissions import allowed
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.print_document import document_button
from lipanel_desktop.vocabulary.documents import Target
from lipanel_desktop.views.pages.calendar_dialogs import MeetingDialog
from lipanel_desktop.views.pages.decisions_dialog import DecisionDialog
from lipanel_desktop.views.pages.meetings_dialogs import (
    AddItemDialog,
    AddReferralDialog,
    AttendeeDialog,
    InviteDialog,
    ItemNotesDialog,
)
from lipanel_desktop.views.pages.meetings_minutes import MinutesTab
from lipanel_desktop.views.pages.panel_widgets import button, button_row, fit_columns, on_open, scrolling, table
from lipanel_desktop.views.pages.reviews_forms import uk
from lipanel_desktop.views.tablemodels.panel_rows import Column, RowsModel
from lipanel_desktop.vocabulary.panel import AttendanceStatus, MeetingStatus
from lipanel_desktop.vocabulary.roles import Permission

AGENDA_COLUMNS = (
    Column[AgendaRow]("No.", lambda r: str(r.position + 1), lambda r: r.position),
    Column[AgendaRow]("Item", lambda r: r.title),
    Column[AgendaRow]("SCR criteria likely", lambda r: "Yes: SCR criteria likely" if r.scr_criteria_likely else "No"),
    Column[AgendaRow]("Decision", lambda r: r.decision_label if r.referral_id else ""),
    Column[AgendaRow]("Notes", lambda r: " ".join(r.notes.split())[:120]),
)
ATTENDANCE_COLUMNS = (
    Column[AttendanceRow]("Agency", lambda r: r.agency_name or "—"),
    Column[AttendanceRow]("Name", lambda r: r.person_name),
    Column[AttendanceRow]("Role", lambda r: r.person_role),
    Column[AttendanceRow]("Attendance", lambda r: r.status_label),
    Column[AttendanceRow]("Invited as", lambda r: r.reason_label + (f": {r.invite_note}" if r.invite_note else "")),
    Column[AttendanceRow]("Conflict of interest", lambda r: f"Conflict: {r.conflict}" if r.conflict else "None known"),
)


class MeetingView(QWidget):
    back = Signal()
    #: A referral to show in the Referrals section.
    open_referral = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting: MeetingSummary | None = None
        self.can_schedule = can_schedule = allowed(ctx.workspace.identity, Permission.SCHEDULE_MEETINGS)
        self.can_decide = allowed(ctx.workspace.identity, Permission.RECORD_DECISIONS)
        self.heading = QLabel()
        self.heading.setObjectName("SectionTitle")
        self.heading.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chair_reason = QLabel()
        self.chair_reason.setObjectName("Calm")
        self.chair_reason.setWordWrap(True)
        self.chair_reason.setAccessibleName("Why this chair")

        self.back_button = button("&Back to the calendar", "Back to the calendar", self.back.emit)
        self.edit_button = button("&Move or change…", "Move or change the meeting", self.edit)
        self.confirm_button = button("C&onfirm", "Confirm the meeting", lambda: self._status("confirm"))
        self.held_button = button("Mark as &held", "Mark the meeting as held", lambda: self._status("held"))
        self.papers_button = button("&Papers sent today", "Record the papers as sent today", self.papers_sent)
        self.cancel_button = button("Cance&l meeting", "Cancel the meeting", lambda: self._status("cancel"))
        self.delete_button = button("&Delete", "Delete the meeting", self.delete)
        # The meeting pack: Print / Preview / Export PDF (views/print_document.py).
        self.print_button = document_button(ctx, self, Target.MEETING,
                                            lambda: str(self.meeting.id) if self.meeting is not None else None)
        self.schedule_buttons = [self.edit_button, self.confirm_button, self.held_button, self.papers_button,
                                 self.cancel_button, self.delete_button]
        bar, _ = button_row([self.back_button, *self.schedule_buttons, self.print_button])

        # Agenda
        self.agenda_model: RowsModel[AgendaRow] = RowsModel(AGENDA_COLUMNS)
        self.agenda_view = table(self.agenda_model, "Agenda: press Enter to record the decision on an item")
        on_open(self.agenda_view, lambda _row: self.decide())
        self.build_button = button("&Build agenda", "Build the agenda from the referrals waiting, oldest first", self.build_agenda)
        self.add_referral_button = button("Add &referral…", "Add a referral to the agenda", self.add_referral)
        self.add_item_button = button("Add other &item…", "Add another item to the agenda", self.add_item)
        self.up_button = button("Move &up", "Move the item up", lambda: self.move_item(-1))
        self.down_button = button("Move do&wn", "Move the item down", lambda: self.move_item(1))
        self.flag_button = button("&Flag or clear “SCR likely”", "Flag or clear SCR criteria likely", self.toggle_flag)
        self.notes_button = button("&Notes…", "Notes on the item", self.item_notes)
        self.remove_button = button("&Remove item", "Remove the item from the agenda", self.remove_item)
        self.decide_button = button("Record &decision…", "Record the panel's decision on the item", self.decide)
        self.withdraw_button = button("Withdraw decision…", "Withdraw a decision recorded by mistake", self.withdraw)
        self.referral_button = button("Open re&ferral", "Open the item's referral", self.show_referral)
        agenda_buttons = [self.build_button, self.add_referral_button, self.add_item_button, self.up_button, self.down_button,
                          self.flag_button, self.notes_button, self.remove_button]
        agenda_bar, _ = button_row([*agenda_buttons[:5], self.remove_button, self.flag_button, self.notes_button,
                                    self.decide_button, self.withdraw_button, self.referral_button])
        self.schedule_buttons += agenda_buttons
        agenda_tab = QWidget()
        agenda_layout = QVBoxLayout(agenda_tab)
        agenda_layout.addWidget(agenda_bar)
        agenda_layout.addWidget(self.agenda_view, 1)

        # Attendance
        self.attendance_model: RowsModel[AttendanceRow] = RowsModel(ATTENDANCE_COLUMNS)
        self.attendance_view = table(self.attendance_model, "Attendance: Shift or Ctrl chooses several")
        self.attendance_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.conflicts = QLabel()
        self.conflicts.setWordWrap(True)
        self.conflicts.setObjectName("FieldError")
        self.conflicts.setAccessibleName("Conflicts of interest")
        status_buttons = [
            button(f"{label}", f"Mark the selected as {status.label.lower()}", lambda _c=False, st=status: self.mark(st))
            for status, label in ((AttendanceStatus.PRESENT, "Pr&esent"), (AttendanceStatus.APOLOGIES, "A&pologies"),
                                  (AttendanceStatus.ABSENT, "Ab&sent"), (AttendanceStatus.EXPECTED, "E&xpected"))
        ]
        self.name_button = button("&Name…", "Name who attends for the agency", self.name_attendee)
        self.invite_button = button("&Invite someone…", "Invite someone to the meeting", self.invite)
        self.uninvite_button = button("Remove in&vited", "Remove an invited attendee", self.uninvite)
        attendance_bar, _ = button_row([*status_buttons, self.name_button, self.invite_button, self.uninvite_button])
        self.schedule_buttons += [*status_buttons, self.name_button, self.invite_button, self.uninvite_button]
        attendance_tab = QWidget()
        attendance_layout = QVBoxLayout(attendance_tab)
        attendance_layout.addWidget(attendance_bar)
        attendance_layout.addWidget(self.conflicts)
        attendance_layout.addWidget(self.attendance_view, 1)

        # Minutes and the actions agreed (undoable through Edit > Undo)
        self.undo = QUndoStack(self)
        self.minutes_tab = MinutesTab(ctx, self.undo, can_schedule)
        self.minutes = self.minutes_tab.minutes
        self.save_minutes_button = self.minutes_tab.save_button

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Meeting")
        self.tabs.addTab(agenda_tab, "A&genda")
        self.tabs.addTab(attendance_tab, "A&ttendance")
        self.tabs.addTab(self.minutes_tab, "Min&utes and actions")
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(bar)
        inner.addWidget(self.heading)
        inner.addWidget(self.details)
        inner.addWidget(self.chair_reason)
        inner.addWidget(self.tabs, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolling(content, "Meeting"))
        self.schedule_buttons += [self.save_minutes_button, *self.minutes_tab.action_buttons,
                                  self.minutes_tab.previous_done_button]
        for widget in self.schedule_buttons:
            widget.setVisible(can_schedule)
        self.decide_button.setVisible(self.can_decide)
        self.withdraw_button.setVisible(self.can_decide)

    # -- loading -------------------------------------------------------------------
    def show_meeting(self, meeting_id: int) -> None:
        panel = self.ctx.workspace.panel
        meeting = panel.meetings.get(meeting_id)
        self.meeting = meeting
        self.heading.setText(f"{meeting.kind_label} {meeting.reference}"
                             + (f" — {meeting.review_reference}" if meeting.review_reference else ""))
        papers = "not yet sent" if not meeting.papers_sent_on else f"sent {uk(meeting.papers_sent_on)}"
        self.details.setText(
            f"{meeting.when}. {meeting.place or 'Place not set'}. Status: {meeting.status_label}.\n"
            f"Chair: {meeting.chair_title}{f' ({meeting.chair_name})' if meeting.chair_name else ''}. "
            f"Papers due {uk(meeting.papers_deadline)}: {papers}."
        )
        self.chair_reason.setText(meeting.chair_reason)
        self.chair_reason.setVisible(bool(meeting.chair_reason))
        self.agenda_model.set_rows(panel.agenda.rows(meeting_id))
        fit_columns(self.agenda_view)
        rows = panel.attendance.rows(meeting_id)
        self.attendance_model.set_rows(rows)
        fit_columns(self.attendance_view)
        flagged = [r for r in rows if r.conflict]
        self.conflicts.setText(
            "Conflicts of interest to declare: " + "; ".join(f"{r.agency_name} ({r.conflict.split(' in ', 1)[-1]})" for r in flagged)
            if flagged else "")
        self.conflicts.setVisible(bool(flagged))
        self.minutes_tab.load(meeting)
        is_open = meeting.is_open
        self.confirm_button.setEnabled(meeting.status == MeetingStatus.PROPOSED)
        for widget in (self.edit_button, self.held_button, self.cancel_button, self.build_button, self.add_referral_button,
                       self.add_item_button, self.up_button, self.down_button, self.flag_button, self.notes_button,
                       self.remove_button):
            widget.setEnabled(is_open)
        self.delete_button.setEnabled(meeting.status != MeetingStatus.HELD)
        self.papers_button.setEnabled(meeting.status != MeetingStatus.CANCELLED and not meeting.papers_sent_on)
        panel_meeting = meeting.review_id is None
        self.build_button.setVisible(panel_meeting and self.can_schedule)
        self.add_referral_button.setVisible(panel_meeting and self.can_schedule)
        self.decide_button.setVisible(panel_meeting and self.can_decide)
        self.withdraw_button.setVisible(panel_meeting and self.can_decide)

    def clear(self) -> None:
        self.meeting = None
        self.heading.clear()
        self.details.clear()
        self.chair_reason.clear()
        self.conflicts.clear()
        self.minutes_tab.clear()
        self.undo.clear()
        self.agenda_model.set_rows([])
        self.attendance_model.set_rows([])

    def reload(self) -> None:
        if self.meeting is not None:
            try:
                self.show_meeting(self.meeting.id)
            except Exception as error:
                self.ctx.ops.report_error(error, "Could not show the meeting")
                self.clear()
                self.back.emit()

    # -- helpers -------------------------------------------------------------------
    def _selected(self, view: QTableView, model: RowsModel) -> list:
        rows = sorted({i.row() for i in view.selectionModel().selectedRows()})
        return [model.row_at(r) for r in rows if model.row_at(r) is not None]

    def _item(self) -> AgendaRow | None:
        found = self._selected(self.agenda_view, self.agenda_model)
        if not found:
            msgbox.inform(self, "Choose an item", "Select an agenda item first.")
            return None
        return found[0]

    def _chair_told(self, outcome: ChairOutcome | None) -> None:
        if outcome is not None and outcome.message:
            msgbox.inform(self, "The chair has changed", outcome.message)

    def _run(self, work, changes: str = "meetings"):  # type: ignore[no-untyped-def]
        return self.ctx.ops.run(work, changes=changes)

    # -- meeting -------------------------------------------------------------------
    def edit(self) -> None:
        if self.meeting is None:
            return
        dialog = MeetingDialog(self.ctx, self, meeting=self.meeting)
        if dialog.exec():
            self._chair_told(dialog.result_value)

    def _status(self, what: str) -> None:
        if self.meeting is None:
            return
        meetings, meeting_id = self.ctx.workspace.panel.meetings, self.meeting.id
        if what == "cancel":
            if msgbox.ask(self, "Cancel the meeting?", f"Cancel {self.meeting.reference}? Referrals on its agenda will "
                          "wait for the next panel.", default_no=True) != msgbox.Answer.YES:
                return
            self._run(lambda: meetings.cancel(meeting_id))
        elif what == "confirm":
            self._run(lambda: meetings.confirm(meeting_id))
        else:
            self._run(lambda: meetings.mark_held(meeting_id))

    def papers_sent(self) -> None:
        if self.meeting is not None:
            meeting_id = self.meeting.id
            self._run(lambda: self.ctx.workspace.panel.meetings.mark_papers_sent(meeting_id, date.today()))

    def delete(self) -> None:
        if self.meeting is None:
            return
        if msgbox.ask(self, "Delete the meeting?", f"Delete {self.meeting.reference}? Use this only for a meeting "
                      "scheduled by mistake; cancel a real one instead.", default_no=True) != msgbox.Answer.YES:
            return
        meeting_id = self.meeting.id
        if self.ctx.ops.run(lambda: self.ctx.workspace.panel.meetings.delete(meeting_id) or True, changes="meetings"):
            self.meeting = None
            self.back.emit()

    # -- agenda --------------------------------------------------------------------
    def build_agenda(self) -> None:
        if self.meeting is not None:
            meeting_id = self.meeting.id
            self._chair_told(self._run(lambda: self.ctx.workspace.panel.agenda.build(meeting_id)))

    def add_referral(self) -> None:
        if self.meeting is not None:
            dialog = AddReferralDialog(self.ctx, self.meeting.id, self)
            if dialog.exec():
                self._chair_told(dialog.result_value)

    def add_item(self) -> None:
        if self.meeting is not None:
            AddItemDialog(self.ctx, self.meeting.id, self).exec()

    def move_item(self, offset: int) -> None:
        item = self._item()
        if item is not None:
            self._run(lambda: self.ctx.workspace.panel.agenda.move_item(item.id, offset))
            target = max(0, min(self.agenda_model.rowCount() - 1, item.position + offset))
            self.agenda_view.selectRow(target)

    def toggle_flag(self) -> None:
        item = self._item()
        if item is not None:
            agenda = self.ctx.workspace.panel.agenda
            self._chair_told(self._run(lambda: agenda.update_item(item.id, scr_criteria_likely=not item.scr_criteria_likely,
                                                                 notes=item.notes)))

    def item_notes(self) -> None:
        item = self._item()
        if item is not None:
            ItemNotesDialog(self.ctx, item.id, item.scr_criteria_likely, item.notes, self).exec()

    def remove_item(self) -> None:
        item = self._item()
        if item is not None:
            self._chair_told(self._run(lambda: self.ctx.workspace.panel.agenda.remove_item(item.id)))

    def decide(self) -> None:
        item = self._item()
        if item is None or self.meeting is None or not self.can_decide:
            return
        if item.referral_id is None:
            msgbox.inform(self, "Not a referral", "Decisions are recorded on referrals; this item is not one.")
            return
        if item.decision:
            msgbox.inform(self, "Already decided", f"The panel's decision on {item.referral_reference}: {item.decision_label}.")
            return
        dialog = DecisionDialog(self.ctx, item.referral_id, item.referral_reference, meeting_id=self.meeting.id,
                                meeting_reference=self.meeting.reference,
                                default_date=min(self.meeting.meeting_date, date.today()), parent=self)
        if dialog.exec() and dialog.result_value is not None:
            msgbox.inform(self, "Decision recorded", dialog.result_value.message)
            self.ctx.hub.changed.emit("reviews")

    def withdraw(self) -> None:
        """Undo a decision recorded by mistake (allowed until its review has started)."""
        item = self._item()
        if item is None or not self.can_decide:
            return
        if item.decision_id is None:
            msgbox.inform(self, "No decision", "The panel has not recorded a decision on this item.")
            return
        if msgbox.ask(self, "Withdraw the decision?", f"Withdraw the decision on {item.referral_reference} "
                      f"({item.decision_label})? Its review, if nothing has happened in it yet, is removed and the "
                      "referral waits for the panel again.", default_no=True) != msgbox.Answer.YES:
            return
        decisions = self.ctx.workspace.panel.decisions
        message = self.ctx.ops.run(lambda: decisions.withdraw(item.decision_id), changes="decisions")  # type: ignore[arg-type]
        if message:
            msgbox.inform(self, "Decision withdrawn", message)
            self.ctx.hub.changed.emit("reviews")

    def show_referral(self) -> None:
        item = self._item()
        if item is not None and item.referral_id is not None:
            self.open_referral.emit(item.referral_id)

    # -- attendance ----------------------------------------------------------------
    def mark(self, status: AttendanceStatus) -> None:
        if self.meeting is None:
            return
        rows = self._selected(self.attendance_view, self.attendance_model)
        if not rows:
            msgbox.inform(self, "Choose who", "Select one or more attendees first (Shift or Ctrl for several).")
            return
        changes = [AttendanceChange(r.id, status.value, r.person_name, r.person_role) for r in rows]
        meeting_id = self.meeting.id
        self._run(lambda: self.ctx.workspace.panel.attendance.record(meeting_id, changes))

    def name_attendee(self) -> None:
        rows = self._selected(self.attendance_view, self.attendance_model)
        if self.meeting is not None and rows:
            AttendeeDialog(self.ctx, self.meeting.id, rows[0], self).exec()

    def invite(self) -> None:
        if self.meeting is not None:
            agencies = self.ctx.workspace.panel.decisions.agency_choices()
            InviteDialog(self.ctx, self.meeting.id, agencies, self).exec()

    def uninvite(self) -> None:
        rows = self._selected(self.attendance_view, self.attendance_model)
        if rows:
            self._run(lambda: self.ctx.workspace.panel.attendance.remove(rows[0].id))
