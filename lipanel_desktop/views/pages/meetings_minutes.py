"""A meeting's Minutes tab: the minutes, the actions agreed at the meeting (record,
change, tick done, remove — removal and ticks undoable with Edit > Undo), and the actions
still open from the previous meeting in the series, which can be ticked off here."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from lipanel_desktop.services.meeting_actions import ActionData, MeetingActionRow, MeetingActionService
from lipanel_desktop.services.meetings import MeetingSummary
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.pages.panel_widgets import button, button_row, fit_columns, keep_rows, on_open, table
from lipanel_desktop.views.pages.reviews_forms import FormDialog, date_field, line_edit, read_date, text_box, uk
from lipanel_desktop.views.tablemodels.panel_rows import Column, RowsModel


def action_columns(today: date) -> tuple[Column[MeetingActionRow], ...]:
    return (
        Column[MeetingActionRow]("Action", lambda r: " ".join(r.description.split())),
        Column[MeetingActionRow]("Who", lambda r: r.owner),
        Column[MeetingActionRow]("Due", lambda r: uk(r.due_date), lambda r: r.due_date),
        Column[MeetingActionRow]("Done?", lambda r: r.status_text(today), lambda r: (r.done, r.due_date or date.max)),
    )


class ActionDialog(FormDialog):
    """Record an action from the minutes, or change one."""

    changes = "meetings"

    def __init__(self, ctx: AppContext, meeting: MeetingSummary, action: MeetingActionRow | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Change the action" if action else f"An action from the minutes of {meeting.reference}",
                         parent, ok_text="Save" if action else "Record")
        self.meeting, self.action = meeting, action
        self.description = self.add_row("&Action", text_box("The action", action.description if action else ""))
        self.owner = self.add_row("&Who does it", line_edit("Who does it", action.owner if action else ""))
        self.due = self.add_row("&Due by (dd/mm/yyyy)", date_field("Due by", action.due_date if action else None))

    def submit(self) -> MeetingActionRow:
        data = ActionData(self.description.toPlainText(), self.owner.text(), read_date(self.due, "due_date", "Due by"))
        service: MeetingActionService = self.ctx.workspace.panel.meeting_actions
        if self.action is not None:
            return service.update(self.action.id, data)
        return service.add(self.meeting.id, data)


class _ActionCommand(QUndoCommand):
    """Pushed after the change was made, so its first `redo` does nothing; undo and redo go
    through the service (checks, role, audit) and announce "meetings"."""

    def __init__(self, ctx: AppContext, text: str) -> None:
        super().__init__(text)
        self.ctx = ctx
        self._first = True

    @property
    def service(self) -> MeetingActionService:
        return self.ctx.workspace.panel.meeting_actions

    def _run(self, work, title: str) -> object | None:  # type: ignore[no-untyped-def]
        done = self.ctx.ops.run(work, changes="meetings", title=title)
        if done is None:
            self.setObsolete(True)
        return done


class RemoveActionCommand(_ActionCommand):
    def __init__(self, ctx: AppContext, removed: MeetingActionRow) -> None:
        super().__init__(ctx, "removal of an action")
        self.removed = removed

    def undo(self) -> None:
        restored = self._run(lambda: self.service.restore(self.removed), "Not undone")
        if isinstance(restored, MeetingActionRow):
            self.removed = restored

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        removed = self._run(lambda: self.service.remove(self.removed.id), "Not redone")
        if isinstance(removed, MeetingActionRow):
            self.removed = removed


class TickCommand(_ActionCommand):
    def __init__(self, ctx: AppContext, action_id: int, done: bool) -> None:
        super().__init__(ctx, "ticking an action done" if done else "marking an action not done")
        self.action_id, self.done = action_id, done

    def undo(self) -> None:
        self._run(lambda: self.service.set_done(self.action_id, not self.done), "Not undone")

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(lambda: self.service.set_done(self.action_id, self.done), "Not redone")


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("SubHeading")
    label.setWordWrap(True)
    return label


class MinutesTab(QWidget):
    def __init__(self, ctx: AppContext, undo: QUndoStack, can_schedule: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.undo = ctx, undo
        self.can_schedule = can_schedule
        self.meeting: MeetingSummary | None = None
        self.minutes = QPlainTextEdit()
        self.minutes.setAccessibleName("Minutes")
        self.minutes.setTabChangesFocus(True)
        self.minutes.setReadOnly(not can_schedule)
        self.minutes.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        minutes_label = heading("Mi&nutes")
        minutes_label.setBuddy(self.minutes)
        self.save_button = button("&Save the minutes", "Save the minutes", self.save_minutes)

        today = date.today()
        self.actions: RowsModel[MeetingActionRow] = RowsModel(action_columns(today))
        self.actions_view = table(self.actions, "Actions agreed at this meeting", rows=4)
        on_open(self.actions_view, lambda _row: self.change())
        self.add_button = button("Record an &action…", "Record an action from the minutes", self.add)
        self.change_button = button("&Change…", "Change the chosen action", self.change)
        self.done_button = button("Mar&k done / not done", "Tick the chosen action done, or not done", self.toggle_done)
        self.remove_button = button("&Remove…", "Remove the chosen action", self.remove)
        self.action_buttons = [self.add_button, self.change_button, self.done_button, self.remove_button]
        actions_bar, _ = button_row(self.action_buttons)
        self.actions_heading = heading("Actions agreed at this meeting")
        self.actions_heading.setBuddy(self.actions_view)

        self.previous_heading = heading("Open actions from the previous meeting")
        self.previous_model: RowsModel[MeetingActionRow] = RowsModel(action_columns(today))
        self.previous_view = table(self.previous_model, "Open actions from the previous meeting", rows=3)
        self.previous_done_button = button("Tick o&ff as done", "Tick the chosen action from the previous meeting done",
                                           self.previous_done)
        self.previous_empty = QLabel("")
        self.previous_empty.setObjectName("Calm")
        self.previous_empty.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(minutes_label)
        layout.addWidget(self.minutes, 2)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.actions_heading)
        layout.addWidget(actions_bar)
        layout.addWidget(self.actions_view, 2)
        layout.addWidget(self.previous_heading)
        layout.addWidget(self.previous_empty)
        layout.addWidget(self.previous_done_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.previous_view, 1)
        for widget in (*self.action_buttons, self.save_button, self.previous_done_button):
            widget.setVisible(can_schedule)
        QWidget.setTabOrder(self.minutes, self.save_button)
        QWidget.setTabOrder(self.save_button, self.add_button)
        QWidget.setTabOrder(self.remove_button, self.actions_view)
        QWidget.setTabOrder(self.actions_view, self.previous_done_button)
        QWidget.setTabOrder(self.previous_done_button, self.previous_view)

    # -- loading -------------------------------------------------------------------
    def load(self, meeting: MeetingSummary) -> None:
        service = self.ctx.workspace.panel.meeting_actions
        self.meeting = meeting
        self.minutes.setPlainText(meeting.minutes)
        self.actions.set_rows(service.for_meeting(meeting.id))
        fit_columns(self.actions_view)
        earlier = service.previous(meeting.id)
        self.previous_model.set_rows(earlier.actions)
        fit_columns(self.previous_view)
        if earlier.previous is None:
            self.previous_heading.setText("Open actions from the previous meeting")
            self.previous_empty.setText(earlier.heading)
        else:
            self.previous_heading.setText(f"Open actions from the previous meeting: {earlier.heading}")
            self.previous_empty.setText("" if earlier.actions else "Every action from that meeting is done.")
        self.previous_empty.setVisible(bool(self.previous_empty.text()))
        self.previous_view.setVisible(bool(earlier.actions))
        self.previous_done_button.setEnabled(bool(earlier.actions))
        held_or_today = meeting.status != "cancelled" and meeting.meeting_date <= date.today()
        self.add_button.setEnabled(held_or_today)
        self.add_button.setToolTip("" if held_or_today else "Actions are recorded from the day of the meeting.")
        for widget in (self.change_button, self.done_button, self.remove_button):
            widget.setEnabled(meeting.status != "cancelled")
        keep_rows(self.actions_view, 4)
        keep_rows(self.previous_view, 3)

    def clear(self) -> None:
        self.meeting = None
        self.minutes.clear()
        self.actions.set_rows([])
        self.previous_model.set_rows([])

    # -- commands ------------------------------------------------------------------
    def save_minutes(self) -> None:
        if self.meeting is not None:
            meeting_id, text = self.meeting.id, self.minutes.toPlainText()
            self.ctx.ops.run(lambda: self.ctx.workspace.panel.meetings.save_minutes(meeting_id, text), changes="meetings")

    def _chosen(self, view, model: RowsModel) -> MeetingActionRow | None:  # type: ignore[no-untyped-def]
        index = view.currentIndex()
        row = model.row_at(index.row()) if index.isValid() else None
        if row is None:
            msgbox.inform(self, "Choose an action", "Select an action in the list first.")
        return row

    def add(self) -> None:
        if self.meeting is not None and self.can_schedule:
            ActionDialog(self.ctx, self.meeting, parent=self).exec()

    def change(self) -> None:
        if self.meeting is None or not self.can_schedule:
            return
        action = self._chosen(self.actions_view, self.actions)
        if action is not None:
            ActionDialog(self.ctx, self.meeting, action, parent=self).exec()

    def _tick(self, action: MeetingActionRow) -> None:
        service = self.ctx.workspace.panel.meeting_actions
        done = not action.done
        if self.ctx.ops.run(lambda: service.set_done(action.id, done), changes="meetings") is not None:
            self.undo.push(TickCommand(self.ctx, action.id, done))

    def toggle_done(self) -> None:
        action = self._chosen(self.actions_view, self.actions)
        if action is not None and self.can_schedule:
            self._tick(action)

    def previous_done(self) -> None:
        action = self._chosen(self.previous_view, self.previous_model)
        if action is not None and self.can_schedule:
            self._tick(action)

    def remove(self) -> None:
        action = self._chosen(self.actions_view, self.actions)
        if action is None or not self.can_schedule:
            return
        short = " ".join(action.description.split())[:80]
        if msgbox.ask(self, "Remove the action?", f"Remove “{short}” ({action.owner})? "
                      "Edit > Undo (Ctrl+Z) puts it back.", default_no=True) != msgbox.Answer.YES:
            return
        service = self.ctx.workspace.panel.meeting_actions
        removed = self.ctx.ops.run(lambda: service.remove(action.id), changes="meetings")
        if isinstance(removed, MeetingActionRow):
            self.undo.push(RemoveActionCommand(self.ctx, removed))
