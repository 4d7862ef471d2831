"""Referrals: the register, and the Form A editor opened from it."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QHideEvent, QUndoStack
from PySide6.QtWidgets import QStackedLayout, QWidget

from lipanel_desktop.services.permissions import allowed
from lipanel_desktop.vocabulary.roles import Permission
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.form_a.editor import FormAEditor
from lipanel_desktop.views.page import Page
from lipanel_desktop.views.referral_register import ReferralRegisterView


class ReferralsPage(Page):
    topics = ("referrals", "meetings", "decisions", "settings")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.stack = QStackedLayout(self)
        self.register = ReferralRegisterView(ctx)
        self.editor = FormAEditor(ctx)
        self.stack.addWidget(self.register)
        self.stack.addWidget(self.editor)
        self.register.open_requested.connect(self.open_referral)
        self.register.new_requested.connect(self.new_item)
        self.register.print_requested.connect(self._print_from_register)
        self.editor.closed.connect(self.show_register)
        self.register.new_button.setEnabled(self._can_edit())
        self._register_stale = False

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        """Leaving the form for another section keeps its typing as a draft at once."""
        if self.editing:
            self.editor.save_draft()
        super().hideEvent(event)

    def _can_edit(self) -> bool:
        store = self.ctx.workspace.store
        return allowed(store.identity, Permission.EDIT_REFERRALS) and not store.read_only

    @property
    def editing(self) -> bool:
        return self.stack.currentWidget() is self.editor

    # -- the Page contract ----------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the register, unless Form A is open: then it is reloaded when the user
        goes back to it (a save should not wait for 50,000 rows it does not show)."""
        if self.editing:
            self._register_stale = True
        else:
            self.register.reload()
            self._register_stale = False

    def clear(self) -> None:
        self.editor.clear()
        self.register.clear()
        self.stack.setCurrentWidget(self.register)

    def state(self) -> dict[str, Any]:
        state: dict[str, Any] = {"register": self.register.state()}
        if self.editing and self.editor.is_open:
            state["editor"] = self.editor.state()
        return state

    def restore(self, state: dict[str, Any]) -> None:
        register = state.get("register")
        if isinstance(register, dict):
            self.register.restore(register)
        editor = state.get("editor")
        if not isinstance(editor, dict):
            return
        referral_id = editor.get("referral_id")
        if isinstance(referral_id, int):
            if not self._open(referral_id, restore_draft=True):
                return
        else:
            self.editor.new_referral(restore_draft=True)
            self.stack.setCurrentWidget(self.editor)
        section = editor.get("section")
        if isinstance(section, int):
            self.editor.index.setCurrentRow(section)

    def open_item(self, **kwargs: Any) -> None:
        referral_id = kwargs.get("referral_id")
        if isinstance(referral_id, int):
            self.open_referral(referral_id)

    def has_unsaved_changes(self) -> bool:
        return self.editing and self.editor.has_unsaved_changes()

    def save_draft(self) -> None:
        if self.editing:
            self.editor.save_draft()

    def save(self) -> bool:
        return self.editor.save() if self.editing else True

    def discard_changes(self) -> None:
        if self.editing:
            self.editor.discard_changes()

    def new_item(self) -> bool:
        if not self._can_edit():
            msgbox.inform(self, "New referral", "Your role allows you to read referrals but not to start one.")
            return True
        if self.editing and not self.editor.close_editor():
            return True
        self.editor.new_referral()
        self.stack.setCurrentWidget(self.editor)
        return True

    def focus_search(self) -> bool:
        if self.editing and not self.editor.close_editor():
            return True
        self.register.search.setFocus()
        self.register.search.selectAll()
        return True

    def print_current(self) -> bool:
        if self.editing:
            return self.editor.print_referral()
        self.register._print()
        return True

    def undo_stack(self) -> QUndoStack | None:
        return self.editor.undo

    # -- moving between the register and the editor ------------------------------------------

    def open_referral(self, referral_id: int) -> None:
        if self.editing and self.editor.detail is not None and self.editor.detail.id == referral_id:
            return
        if self.editing and not self.editor.close_editor():
            return
        self._open(referral_id)

    def _open(self, referral_id: int, restore_draft: bool | None = None) -> bool:
        if not self.editor.open_referral(referral_id, restore_draft=restore_draft):
            self.register.reload()  # it may have gone: show the register as it is now
            return False
        self.stack.setCurrentWidget(self.editor)
        self.editor.fields["child_full_name"].focus_widget.setFocus()
        return True

    def show_register(self) -> None:
        selected = self.editor.last_closed_id
        self.stack.setCurrentWidget(self.register)
        if self._register_stale:
            self.register.reload()
            self._register_stale = False
        if selected is not None:
            self.register.select(selected)
        self.register.table.setFocus()

    def _print_from_register(self, referral_id: int) -> None:
        """Print the selected referral's Form A (or its other documents) from the stored
        record, staying in the register."""
        from lipanel_desktop.views.print_referral import print_referral  # ReportLab only when printing

        print_referral(self.register, self.ctx, referral_id)
