"""Keeping unsaved typing: an encrypted draft a moment after typing stops (and at least
every few seconds while it goes on), offered back when the form is opened again, and
thrown away when the form is saved or its changes discarded."""

from __future__ import annotations

from datetime import timezone
from typing import TYPE_CHECKING, Any

from lipanel_desktop.services.drafts import DraftInfo
from lipanel_desktop.services.referral_data import ReferralInput
from lipanel_desktop.views import msgbox

if TYPE_CHECKING:
    from lipanel_desktop.views.form_a.editor import FormAEditor

DRAFT_KIND = "referral"
NEW_KEY = "new"
#: A draft is kept this long after typing stops, and at least this often while it goes on.
DRAFT_IDLE_MS = 1500
DRAFT_MAX_MS = 5000


class DraftKeepingMixin:
    @property
    def drafts(self: "FormAEditor") -> Any:
        return self.ctx.workspace.drafts

    @property
    def draft_key(self: "FormAEditor") -> str:
        return str(self.detail.id) if self.detail else NEW_KEY

    def _load_draft(self: "FormAEditor", key: str) -> DraftInfo | None:
        try:
            draft = self.drafts.load(DRAFT_KIND, key)
        except Exception as error:
            self.ctx.ops.report_error(error, "Could not look for unsaved typing")
            return None
        if draft is None or ReferralInput.from_json(draft.payload) == self._baseline:
            return None
        return draft

    def _ask_restore(self: "FormAEditor", draft: DraftInfo, what: str) -> bool:
        when = draft.updated_at.replace(tzinfo=timezone.utc).astimezone().strftime("%H:%M on %d/%m/%Y")
        answer = msgbox.ask(
            self,
            "Unsaved typing found",
            f"There is typing in {what} that was not saved, kept at {when}. This happens when the "
            "program was closed unexpectedly or the computer stopped.\n\nRestore it?",
        )
        if answer == msgbox.Answer.YES:
            return True
        self._discard_draft(draft.entity_id)
        return False

    def _apply_draft(self: "FormAEditor", draft: DraftInfo) -> None:
        self._set_form(ReferralInput.from_json(draft.payload))
        self._draft_kept = True
        self.show_message(
            "Your unsaved typing has been restored. Save to keep it, or "
            "<a href='discard'>discard it and show the saved version</a>."
        )

    def save_draft(self: "FormAEditor") -> None:
        """Keep unsaved typing, encrypted, in the database (or drop the draft if none)."""
        self._stop_timers(checks=False)
        if not self.is_open or not self.editable() or not self.ctx.workspace.store.is_open:
            return
        form = self.form_input()
        try:
            if form != self._baseline:
                self.drafts.save(DRAFT_KIND, self.draft_key, form.to_json())
                self._draft_kept = True
            elif self._draft_kept:
                self._discard_draft(self.draft_key)
        except Exception as error:
            self.ctx.ops.report_error(error, "Your typing could not be kept as a draft")

    def _discard_draft(self: "FormAEditor", key: str) -> None:
        try:
            self.drafts.discard(DRAFT_KIND, key)
        except Exception as error:
            self.ctx.ops.report_error(error, "Could not remove the draft")
        self._draft_kept = False

    def _stop_timers(self: "FormAEditor", checks: bool = True) -> None:
        self._idle_timer.stop()
        self._max_timer.stop()
        if checks:
            self._check_timer.stop()

    def discard_changes(self: "FormAEditor") -> None:
        """Forget unsaved typing and its draft; the saved referral shows again."""
        if self.is_open and self.editable():
            self._discard_draft(self.draft_key)
        self._stop_timers()
        if self.is_open:
            self._set_form(self._baseline)
            self.undo.clear()
            self.hide_message()
            self.show_problems({})
