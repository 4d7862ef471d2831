"""Submit, withdraw (with a reason, typed in a strip above the form), reopen and print."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout

from lipanel_desktop.errors import ValidationError
from lipanel_desktop.views import msgbox

if TYPE_CHECKING:
    from lipanel_desktop.views.form_a.editor import FormAEditor

class LifecycleMixin:
    def _connect_lifecycle(self: "FormAEditor") -> None:
        self.withdraw_panel = QFrame()
        self.withdraw_panel.setObjectName("UnlockCard")
        column = QVBoxLayout(self.withdraw_panel)
        label = QLabel("Reason for &withdrawal (kept with the referral and in the audit trail):")
        label.setWordWrap(True)
        self.withdraw_reason = QPlainTextEdit()
        self.withdraw_reason.setTabChangesFocus(True)
        self.withdraw_reason.setAccessibleName("Reason for withdrawal")
        self.withdraw_reason.setMaximumHeight(self.withdraw_reason.fontMetrics().lineSpacing() * 4 + 16)
        label.setBuddy(self.withdraw_reason)
        self.withdraw_error = QLabel()
        self.withdraw_error.setObjectName("FieldError")
        self.withdraw_error.setWordWrap(True)
        self.withdraw_error.hide()
        buttons = QHBoxLayout()
        self.confirm_withdraw = QPushButton("Withdraw the referral")
        self.cancel_withdraw = QPushButton("Cancel")
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_withdraw)
        buttons.addWidget(self.confirm_withdraw)
        for widget in (label, self.withdraw_reason, self.withdraw_error):
            column.addWidget(widget)
        column.addLayout(buttons)
        self.withdraw_panel.hide()
        outer = self.layout()
        outer.insertWidget(outer.indexOf(self.message) + 1, self.withdraw_panel)
        self.submit_button.clicked.connect(self.submit)
        self.withdraw_button.clicked.connect(self.start_withdraw)
        self.confirm_withdraw.clicked.connect(self.withdraw)
        self.cancel_withdraw.clicked.connect(self.withdraw_panel.hide)
        self.reopen_button.clicked.connect(self.reopen)
        self.print_button.clicked.connect(self.print_referral)

    def submit(self: "FormAEditor") -> bool:
        if not self.is_open:
            return False
        if (self.detail is None or self.has_unsaved_changes()) and not self.save():
            return False
        assert self.detail is not None
        missing = self.service.missing(self.form_input())
        if missing:
            self._submit_tried = True
            self.show_problems(missing)
            self.show_missing(missing, "Before it can be submitted, the referral needs:")
            self.focus_field(next(iter(missing)))
            return False
        answer = msgbox.ask(
            self,
            "Submit the referral",
            f"Submit {self.detail.reference} to the Head of Safeguarding for the Learning and Improvement Panel?",
        )
        if answer != msgbox.Answer.YES:
            return False
        return self._step(lambda: self.service.submit(self.detail.id), "submitted")

    def start_withdraw(self: "FormAEditor") -> None:
        if self.has_unsaved_changes() and not self.save():
            return
        self.withdraw_error.hide()
        self.withdraw_panel.show()
        self.withdraw_reason.setFocus()

    def withdraw(self: "FormAEditor") -> bool:
        if self.detail is None:
            return False
        reason = self.withdraw_reason.toPlainText()
        try:
            detail = self.service.withdraw(self.detail.id, reason)
        except ValidationError as error:
            self.withdraw_error.setText("⚠ " + error.message)
            self.withdraw_error.show()
            self.withdraw_reason.setFocus()
            return False
        except Exception as error:
            self.ctx.ops.report_error(error, "Not withdrawn")
            return False
        self.withdraw_reason.clear()
        self.withdraw_panel.hide()
        self._finish_step(detail, "withdrawn")
        return True

    def reopen(self: "FormAEditor") -> bool:
        if self.detail is None:
            return False
        return self._step(lambda: self.service.reopen(self.detail.id), "reopened as a draft")

    def _step(self: "FormAEditor", work: Any, done: str) -> bool:
        try:
            detail = work()
        except Exception as error:
            self.ctx.ops.report_error(error, "Not done")
            return False
        self._finish_step(detail, done)
        return True

    def _finish_step(self: "FormAEditor", detail: Any, done: str) -> None:
        self._submit_tried = False
        self.saved_ok(detail, self.draft_key)
        self.show_problems({})
        self.show_message(f"{detail.reference} has been {done}.")

    def print_referral(self: "FormAEditor") -> bool:
        """Form A as stored (saved first if changed), through the documents' options,
        preview, print and save."""
        if self.detail is None:
            msgbox.inform(self, "Print", "Save the referral first: a referral is printed as it is stored.")
            return False
        if self.has_unsaved_changes() and not self.save():
            return False
        from lipanel_desktop.views.print_referral import print_referral  # ReportLab only when printing

        print_referral(self, self.ctx, self.detail.id)
        return True
