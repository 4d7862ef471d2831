"""Administration › Data protection: cases past their retention period, legal holds,
destruction with a certificate, and a subject-access pack for one child."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.errors import KnownError, ValidationError
from lipanel_desktop.services.retention import CONFIRM_WORD, Certificate, CaseDue
from lipanel_desktop.storage.atomic_file import replace_atomically
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.ops import describe_bug
from lipanel_desktop.views.pages.administration_widgets import fit_columns, problem_label
from lipanel_desktop.views.pages.administration_widgets import read_only_table as _table

if TYPE_CHECKING:
    from lipanel_desktop.services.retention import RetentionService
    from lipanel_desktop.views.context import AppContext

PDF_FILTER = "PDF documents (*.pdf)"


def _pdf_path(text: str) -> Path:
    return Path(text if text.lower().endswith(".pdf") else text + ".pdf")


def save_pdf(parent: QWidget, pdf: bytes, title: str, suggested: str) -> Path | None:
    """Ask where, then write the PDF whole (never a half file); None if not saved."""
    chosen = msgbox.save_file(parent, title, PDF_FILTER, suggested)
    if not chosen:
        return None
    path = _pdf_path(chosen)
    try:
        replace_atomically(path, pdf)
    except OSError as error:
        msgbox.warn(parent, "Not saved", f"The PDF could not be saved in {path.parent} ({error.strerror}). Choose another folder.")
        return None
    return path


class DestroyDialog(QDialog):
    """Confirm a destruction: the cases, who authorised it, and the word typed."""

    def __init__(self, cases: list[CaseDue], service: "RetentionService", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cases = cases
        self.service = service
        self.certificate: Certificate | None = None
        self.setWindowTitle("Destroy cases")
        layout = QVBoxLayout(self)
        listing = "\n".join(f"• {c.reference} — {c.rule}" for c in cases)
        warning = QLabel(
            f"These {len(cases)} case(s), and everything in them, will be destroyed for ever:\n\n{listing}\n\n"
            "Backups made before today still hold them until those backups are deleted."
        )
        warning.setWordWrap(True)
        warning.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(warning)
        form = QFormLayout()
        self.authority = QLineEdit()
        self.authority.setAccessibleName("Who authorised the destruction")
        self.authority.setPlaceholderText("for example Data Protection Officer, decision 2026/14")
        self.authority.setMaxLength(64)
        self.confirm = QLineEdit()
        self.confirm.setAccessibleName(f"Type {CONFIRM_WORD} to confirm")
        for text, widget in ((f"&Authorised by", self.authority), (f"Type {CONFIRM_WORD} to &confirm", self.confirm)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        layout.addLayout(form)
        self.message = problem_label()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&Destroy")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        buttons.accepted.connect(self.destroy_cases)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.authority.setFocus()

    def destroy_cases(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.certificate = self.service.destroy([c.reference for c in self.cases], self.authority.text(), self.confirm.text())
        except ValidationError as error:
            self.message.setText(" ".join(error.problems.values()))
            self.message.show()
            return
        except KnownError as error:
            self.message.setText(error.message)
            self.message.show()
            return
        except Exception as error:
            self.message.setText(describe_bug(error))
            self.message.show()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()


def cases_words(cases: list[CaseDue], today: date, showing_all: bool) -> str:
    """The list in one sentence, so an empty table is never left to speak for itself."""
    due = [c for c in cases if c.is_due(today)]
    held = sum(1 for c in due if c.on_hold)
    if not due:
        waiting = f" {len(cases)} finished case{'s are' if len(cases) != 1 else ' is'} listed with the date each is due." if cases else ""
        return "No finished case is past its retention period, so nothing is due for destruction." + (
            waiting if showing_all else "")
    words = f"{len(due)} case{'s are' if len(due) != 1 else ' is'} past {'their' if len(due) != 1 else 'its'} retention period"
    if held:
        words += f" ({held} on legal hold, which cannot be destroyed until the hold is lifted)"
    return words + ". Tick the cases to destroy, then press Destroy ticked cases."


class RetentionTab(QWidget):
    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.cases: list[CaseDue] = []
        self.hold_rows: list = []
        self.certificate_rows: list[Certificate] = []
        layout = QVBoxLayout(self)
        self.periods = QLabel()
        self.periods.setWordWrap(True)
        self.periods.setObjectName("Hint")
        layout.addWidget(self.periods)
        # One column of boxes: side by side, the tables were cut short at 200% text.
        for box in (self._build_cases(), self._build_holds(), self._build_certificates(), self._build_subject_access()):
            layout.addWidget(box)
        layout.addStretch(1)

    @property
    def service(self) -> "RetentionService":
        return self.ctx.workspace.retention

    # -- building ------------------------------------------------------------------------
    def _build_cases(self) -> QGroupBox:
        box = QGroupBox("Cases past their retention period")
        column = QVBoxLayout(box)
        self.show_all = QCheckBox("Also show finished cases not yet d&ue")
        column.addWidget(self.show_all)
        self.cases_summary = QLabel()
        self.cases_summary.setWordWrap(True)
        self.cases_summary.setAccessibleName("Cases due for destruction")
        column.addWidget(self.cases_summary)
        self.case_table = _table(["Destroy?", "Case and rule", "Due", "Legal hold"], "Finished cases and when they are due")
        column.addWidget(self.case_table)
        row = QHBoxLayout()
        row.addStretch(1)
        self.destroy_button = QPushButton("Destro&y ticked cases…")
        row.addWidget(self.destroy_button)
        column.addLayout(row)
        self.audit_note = QLabel()
        self.audit_note.setObjectName("Hint")
        self.audit_note.setWordWrap(True)
        column.addWidget(self.audit_note)
        self.show_all.toggled.connect(lambda _on: self.refresh())
        self.destroy_button.clicked.connect(self.destroy)
        self.case_table.itemSelectionChanged.connect(self._case_selected)
        return box

    def _build_holds(self) -> QGroupBox:
        box = QGroupBox("Legal holds")
        column = QVBoxLayout(box)
        form = QFormLayout()
        self.hold_reference = QLineEdit()
        self.hold_reference.setAccessibleName("Referral or review to put on hold")
        self.hold_reference.setPlaceholderText("for example LIP-2026-0042 (or pick a case above)")
        self.hold_reference.setMaxLength(40)
        self.hold_reason = QLineEdit()
        self.hold_reason.setAccessibleName("Reason for the hold")
        self.hold_reason.setPlaceholderText("for example a public inquiry")
        self.hold_reason.setMaxLength(500)
        for text, widget in (("Put on hold: refere&nce", self.hold_reference), ("&Reason", self.hold_reason)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        column.addLayout(form)
        row = QHBoxLayout()
        self.hold_button = QPushButton("&Place legal hold")
        self.lift_button = QPushButton("&Lift the selected hold…")
        row.addWidget(self.hold_button)
        row.addStretch(1)
        row.addWidget(self.lift_button)
        column.addLayout(row)
        self.hold_table = _table(["Record", "Reason", "Placed by", "Placed on", "Lifted on"], "Legal holds")
        column.addWidget(self.hold_table)
        self.hold_button.clicked.connect(self.place_hold)
        self.lift_button.clicked.connect(self.lift_hold)
        return box

    def _build_certificates(self) -> QGroupBox:
        box = QGroupBox("Destruction certificates")
        column = QVBoxLayout(box)
        self.certificate_table = _table(["Number", "Cases", "Destroyed on", "Authorised by"], "Destruction certificates",
                                        stretch=3)
        column.addWidget(self.certificate_table)
        self.certificate_button = QPushButton("Save certif&icate as PDF…")
        row = QHBoxLayout()
        row.addWidget(self.certificate_button)
        row.addStretch(1)
        column.addLayout(row)
        self.certificate_button.clicked.connect(self.save_selected_certificate)
        return box

    def _build_subject_access(self) -> QGroupBox:
        box = QGroupBox("Subject access")
        column = QVBoxLayout(box)
        explain = QLabel("Everything held about one child, as one PDF pack. The pack is recorded in the audit trail.")
        explain.setWordWrap(True)
        explain.setObjectName("Hint")
        column.addWidget(explain)
        form = QFormLayout()
        self.subject_reference = QLineEdit()
        self.subject_reference.setAccessibleName("The child's referral reference")
        self.subject_reference.setPlaceholderText("for example LIP-2026-0042")
        self.subject_password = QLineEdit()
        self.subject_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.subject_password.setAccessibleName("Password to protect the PDF (optional)")
        for text, widget in (("Referral referen&ce", self.subject_reference), ("PDF pass&word (optional)", self.subject_password)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        column.addLayout(form)
        self.subject_button = QPushButton("Make the &subject access pack…")
        row = QHBoxLayout()
        row.addWidget(self.subject_button)
        row.addStretch(1)
        column.addLayout(row)
        self.subject_button.clicked.connect(self.subject_access)
        return box

    # -- the Page contract ----------------------------------------------------------------
    def refresh(self) -> None:
        org = self.ctx.ops.run(self.ctx.workspace.organisation.all, title="Cannot read the settings")
        if org is not None:
            self.periods.setText(
                f"Referrals that never became a review are kept {org['retention_years_referral']} years after they end; "
                f"cases with a review {org['retention_years_review']} years after the last review closes. "
                "Change the periods in the Organisation tab."
            )
        cases = self.ctx.ops.run(lambda: self.service.cases(due_only=not self.show_all.isChecked()), title="Cannot list cases")
        if cases is not None:
            self.cases = cases
            self._fill_cases()
        holds = self.ctx.ops.run(self.service.holds, title="Cannot list legal holds")
        if holds is not None:
            self.hold_rows = holds
            self.hold_table.setRowCount(len(holds))
            for r, h in enumerate(holds):
                lifted = h.lifted_on.strftime("%d/%m/%Y") if h.lifted_on else "Still on hold"
                for c, text in enumerate((h.reference, h.reason, h.placed_by, h.placed_on.strftime("%d/%m/%Y"), lifted)):
                    self.hold_table.setItem(r, c, QTableWidgetItem(text))
            fit_columns(self.hold_table)  # all but the reason, which takes the rest
        certificates = self.ctx.ops.run(self.service.certificates, title="Cannot list certificates")
        if certificates is not None:
            self.certificate_rows = certificates
            self.certificate_table.setRowCount(len(certificates))
            for r, cert in enumerate(certificates):
                when = cert.destroyed_at.strftime("%d/%m/%Y")
                for c, text in enumerate((cert.number, f"{len(cert.items)}", when, cert.authorised_by)):
                    self.certificate_table.setItem(r, c, QTableWidgetItem(text))
            fit_columns(self.certificate_table)
        old = self.ctx.ops.run(self.service.audit_entries_past_retention, title="Cannot count audit entries")
        if old:
            self.audit_note.setText(
                f"{old:,} audit entries are older than their retention period. They are kept: the trail cannot be "
                "cut without breaking its chain, and it holds no record content."
            )
        else:
            self.audit_note.clear()

    def _fill_cases(self) -> None:
        today = date.today()
        self.case_table.setRowCount(len(self.cases))
        for r, case in enumerate(self.cases):
            tick = QTableWidgetItem("")
            if case.is_due(today) and not case.on_hold:
                tick.setFlags(tick.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                tick.setCheckState(Qt.CheckState.Unchecked)
                tick.setText("Destroy")
            else:
                tick.setText("Not yet" if not case.is_due(today) else "On hold")
            self.case_table.setItem(r, 0, tick)
            self.case_table.setItem(r, 1, QTableWidgetItem(f"{case.reference}: {case.rule}"))
            self.case_table.setItem(r, 2, QTableWidgetItem(case.due_on.strftime("%d/%m/%Y")))
            self.case_table.setItem(r, 3, QTableWidgetItem("On hold" if case.on_hold else "No"))
        fit_columns(self.case_table)
        self.cases_summary.setText(cases_words(self.cases, today, self.show_all.isChecked()))

    def clear(self) -> None:
        for table in (self.case_table, self.hold_table, self.certificate_table):
            table.setRowCount(0)
        self.cases_summary.clear()
        for field in (self.hold_reference, self.hold_reason, self.subject_reference, self.subject_password):
            field.clear()
        self.cases, self.hold_rows, self.certificate_rows = [], [], []

    # -- commands -------------------------------------------------------------------------
    def ticked(self) -> list[CaseDue]:
        chosen = []
        for r, case in enumerate(self.cases):
            item = self.case_table.item(r, 0)
            if item is not None and item.flags() & Qt.ItemFlag.ItemIsUserCheckable and item.checkState() == Qt.CheckState.Checked:
                chosen.append(case)
        return chosen

    def _case_selected(self) -> None:
        rows = self.case_table.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.cases):
            self.hold_reference.setText(self.cases[rows[0].row()].reference)

    def place_hold(self) -> None:
        reference, reason = self.hold_reference.text(), self.hold_reason.text()
        if self.ctx.ops.run(lambda: self.service.place_hold(reference, reason), title="No legal hold placed"):
            self.hold_reason.clear()
            self.refresh()

    def lift_hold(self) -> None:
        rows = self.hold_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.hold_rows):
            msgbox.inform(self, "Lift a legal hold", "Select the hold to lift in the list first.")
            return
        hold = self.hold_rows[rows[0].row()]
        answer = msgbox.ask(
            self, "Lift legal hold", f"Lift the legal hold on {hold.reference}? Its case can then be destroyed when due.",
            default_no=True,
        )
        if answer == msgbox.Answer.YES and self.ctx.ops.run(lambda: self.service.lift_hold(hold.id) or True, title="Hold not lifted"):
            self.refresh()

    def destroy(self) -> None:
        chosen = self.ticked()
        if not chosen:
            msgbox.inform(self, "Destroy cases", "Tick the cases to destroy in the Destroy? column first.")
            return
        dialog = DestroyDialog(chosen, self.service, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.certificate is None:
            return
        certificate = dialog.certificate
        self.ctx.hub.changed.emit("*")
        self.refresh()
        tail = "" if certificate.compacted else " The database could not be compacted afterwards; the freed space is already overwritten."
        answer = msgbox.ask(
            self,
            "Cases destroyed",
            f"{len(certificate.items)} case(s) were destroyed. Certificate {certificate.number} records it.{tail} "
            "Save the certificate as a PDF now?",
        )
        if answer == msgbox.Answer.YES:
            self.save_certificate(certificate)

    def save_selected_certificate(self) -> None:
        rows = self.certificate_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.certificate_rows):
            msgbox.inform(self, "Destruction certificate", "Select a certificate in the list first.")
            return
        self.save_certificate(self.certificate_rows[rows[0].row()])

    def save_certificate(self, certificate: Certificate) -> None:
        from lipanel_desktop.printing.destruction_certificate import render

        document = self.ctx.ops.run(lambda: self.service.certificate_document(certificate), title="Certificate not made")
        if document is None:
            return
        path = save_pdf(self, render(document), "Save the destruction certificate", f"{certificate.number}.pdf")
        if path is not None:
            msgbox.inform(self, "Certificate saved", f"Saved to {path}.")

    def subject_access(self) -> None:
        from lipanel_desktop import printing
        from lipanel_desktop.services.documents.service import DocumentRequest, DocumentService
        from lipanel_desktop.vocabulary.documents import DocumentKind, OutputAction, Target

        reference = self.subject_reference.text().strip()
        password = self.subject_password.text() or None
        if not reference:
            msgbox.inform(self, "Subject access", "Type the child's referral reference first.")
            self.subject_reference.setFocus()
            return
        service = DocumentService(self.ctx.workspace.store)
        request = DocumentRequest(DocumentKind.SUBJECT_ACCESS, Target.REFERRAL, reference)

        def work(progress: object) -> tuple[object, bytes]:
            data = service.gather(request)
            [copy] = service.produce(data, printing.renderer(), password=password)
            return data, copy.pdf

        def done(result: tuple[object, bytes]) -> None:
            data, pdf = result
            path = save_pdf(self, pdf, "Save the subject access pack", "subject-access-pack.pdf")
            if path is None:
                return
            self.ctx.ops.run(lambda: service.record(request, data, OutputAction.EXPORT, [], encrypted=password is not None), changes="audit")
            self.subject_password.clear()
            msgbox.inform(self, "Subject access pack saved", f"Saved to {path}.")

        self.ctx.ops.run_in_background(work, label="Gathering everything held about this child…", on_done=done, title="Pack not made")
