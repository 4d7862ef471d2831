"""Print / Preview / Export PDF, for any screen: choose the options, build the document
off the GUI thread (progress and Cancel), preview it from memory, then print it through
the platform's dialog or save it. Every preview, print and save is audited by
DocumentService; numbered copies go in the copy register.

Pages call `make_document(ctx, parent, target, key)` (or add `document_button`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from lipanel_desktop.errors import KnownError
from lipanel_desktop.services.documents.service import DocumentRequest, DocumentService, ProducedCopy, with_timeline
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.ops import Progress
from lipanel_desktop.views.pdf_preview import PdfPreviewDialog
from lipanel_desktop.views.print_options import DocumentChoice, DocumentOptionsDialog
from lipanel_desktop.vocabulary.documents import DOCUMENTS_FOR, DocumentKind, OutputAction, Target

#: The title print spoolers keep: never a name or a reference.
JOB_TITLE = "LIPanel document"

_next_choices: list[DocumentChoice | None] = []
_next_printers: list[QPrinter | None] = []


def set_next_choice(choice: DocumentChoice | None) -> None:
    """Test seam: the next options dialog is answered with `choice` (None: cancelled)."""
    _next_choices.append(choice)


def set_next_printer(printer: QPrinter | None) -> None:
    """Test seam: the next print dialog returns this printer (None: cancelled)."""
    _next_printers.append(printer)


def choose_options(parent: QWidget | None, kinds: tuple[DocumentKind, ...]) -> DocumentChoice | None:
    if _next_choices:
        return _next_choices.pop(0)
    dialog = DocumentOptionsDialog(kinds, parent)
    return dialog.choice if dialog.exec() == QDialog.DialogCode.Accepted else None


def choose_printer(parent: QWidget | None) -> QPrinter | None:
    if _next_printers:
        return _next_printers.pop(0)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(JOB_TITLE)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print")
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


class DocumentSession:
    """One document from options to preview, print and save."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, request: DocumentRequest, choice: DocumentChoice,
                 timeline_png: bytes = b"") -> None:
        self.ctx = ctx
        self.parent = parent
        self.request = request
        self.choice = choice
        self.timeline_png = timeline_png
        self.service = DocumentService(ctx.workspace.store)
        self.data: object | None = None
        self.copies: list[ProducedCopy] = []
        self.preview: PdfPreviewDialog | None = None

    # -- building, off the GUI thread --------------------------------------------------
    def build(self, on_built: Callable[[], None] | None = None) -> None:
        from lipanel_desktop import printing

        def work(progress: Progress) -> tuple[object, list[ProducedCopy]]:
            progress.report(0, 0, "Gathering the document's contents…")
            data = self.service.gather(self.request)
            if self.timeline_png:
                data = with_timeline(data, self.timeline_png)
            total = len(self.choice.recipients) or 1
            state = {"copy": 1}

            def page(n: int) -> None:
                prefix = f"Copy {state['copy']} of {total}: " if total > 1 else ""
                progress.report(n, 0, f"{prefix}laid out {n} pages…")

            def render(data_: object, label: str, password: str | None) -> bytes:
                pdf = printing.renderer(page)(data_, label, None)  # previews and prints are not encrypted
                state["copy"] += 1
                return pdf

            return data, self.service.produce(data, render, recipients=self.choice.recipients)

        def done(result: tuple[object, list[ProducedCopy]]) -> None:
            self.data, self.copies = result
            if on_built is not None:
                on_built()

        self.ctx.ops.run_in_background(work, label="Making the document…", on_done=done, title="Document not made")

    # -- preview -----------------------------------------------------------------------
    def show_preview(self) -> PdfPreviewDialog | None:
        if not self.copies or self.data is None:
            return None
        try:
            self.service.record(self.request, self.data, OutputAction.PREVIEW, self.copies)
        except KnownError as error:
            self.ctx.ops.report_error(error, "Document not shown")
            return None
        first = self.copies[0]
        note = ""
        if len(self.copies) > 1:
            note = f"Showing {first.label}. Printing or saving makes all {len(self.copies)} numbered copies."
        title = f"{self.request.kind.label} {self.data.meta.reference}".strip()  # type: ignore[attr-defined]
        self.preview = PdfPreviewDialog(first.pdf, title, on_print=self.print, on_save=self.save,
                                        on_register=self.show_register, note=note, parent=self.parent)
        self.preview.show()
        return self.preview

    def show_register(self) -> None:
        from lipanel_desktop.views.print_register import CopyRegisterDialog

        reference = self.data.meta.reference if self.data is not None else ""  # type: ignore[attr-defined]
        rows = self.ctx.ops.run(lambda: self.service.register(reference), title="Register not shown")
        if rows is not None:
            CopyRegisterDialog(rows, reference, self.preview or self.parent).exec()

    # -- printing ------------------------------------------------------------------------
    def print(self) -> None:
        printer = choose_printer(self.preview or self.parent)
        if printer is None:
            return
        printer.setDocName(JOB_TITLE)
        from lipanel_desktop.views.print_pages import print_pdfs

        pdfs = [copy.pdf for copy in self.copies]
        self.ctx.ops.run_in_background(
            lambda progress: print_pdfs(pdfs, printer, progress),
            label="Printing…",
            on_done=lambda _pages: self._printed(),
            title="Not printed",
        )

    def _printed(self) -> None:
        self.ctx.ops.run(lambda: self.service.record(self.request, self.data, OutputAction.PRINT, self.copies),
                         changes="audit", title="Printed, but not recorded")

    # -- saving -------------------------------------------------------------------------
    def save(self) -> None:
        reference = self.data.meta.reference if self.data is not None else ""  # type: ignore[attr-defined]
        base = f"{reference} {self.request.kind.label}".strip()
        if len(self.copies) > 1:
            folder = msgbox.choose_folder(self.preview or self.parent, "Choose a folder for the numbered copies")
            if not folder:
                return
            width = len(str(len(self.copies)))
            targets = [Path(folder) / f"{base} copy {c.number:0{width}d} of {c.total}.pdf" for c in self.copies]
        else:
            chosen = msgbox.save_file(self.preview or self.parent, "Save the document as PDF", "PDF files (*.pdf)",
                                      f"{base}.pdf")
            if not chosen:
                return
            path = Path(chosen)
            targets = [path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")]
        self.ctx.ops.run_in_background(lambda progress: self._write(targets, progress), label="Saving…",
                                       on_done=self._saved, changes="audit", title="Not saved")

    def _write(self, targets: list[Path], progress: Progress) -> list[Path]:
        """On a worker thread: encrypt (re-laying out each copy with its password), write,
        then record the export."""
        from lipanel_desktop import printing
        from lipanel_desktop.storage.atomic_file import replace_atomically

        password = self.choice.password
        copies = self.copies
        if password:  # saved copies are encrypted; previews and prints never were
            render = printing.renderer(lambda n: progress.report(n, 0, f"Protecting with the password: page {n}…"))
            copies = [ProducedCopy(c.number, c.total, c.recipient, c.label, render(self.data, c.label, password))
                      for c in self.copies]
        for path, copy in zip(targets, copies):
            progress.check()
            try:
                replace_atomically(path, copy.pdf)
            except OSError as error:
                raise KnownError(f"Could not save {path.name}: {error.strerror or error}. "
                                 "Choose another folder or free some space.") from None
        self.service.record(self.request, self.data, OutputAction.EXPORT, copies, encrypted=bool(password))
        return targets

    def _saved(self, targets: list[Path]) -> None:
        protected = " They are protected with the password you chose." if self.choice.password else ""
        msgbox.inform(self.preview or self.parent, "Saved", f"Saved {len(targets)} file(s) in {targets[0].parent}.{protected}")


def make_document(ctx: AppContext, parent: QWidget | None, target: Target, key: str, *,
                  kinds: tuple[DocumentKind, ...] | None = None, timeline_png: bytes = b"") -> DocumentSession | None:
    """Ask for the options, build the document in the background, then preview it."""
    choice = choose_options(parent, kinds or DOCUMENTS_FOR[target])
    if choice is None:
        return None
    request = DocumentRequest(choice.kind, target, key, choice.profile)
    session = DocumentSession(ctx, parent, request, choice, timeline_png)
    session.build(on_built=session.show_preview)
    return session


def document_button(ctx: AppContext, parent: QWidget, target: Target, key: Callable[[], str | None], *,
                    kinds: tuple[DocumentKind, ...] | None = None,
                    timeline: Callable[[], bytes] | None = None, missing: str = "") -> QPushButton:
    """A "Print / Preview / Export PDF…" button for a page; `key` gives the selected
    record's reference (None: nothing selected, and `missing` says what to do)."""
    button = QPushButton("Print / Preview / Export &PDF…", parent)
    button.setAccessibleName("Print, preview or export as PDF")

    def clicked() -> None:
        chosen = key()
        if chosen is None:
            msgbox.inform(parent, "Nothing selected",
                          missing or "Select a record first, then choose Print / Preview / Export PDF.")
            return
        parent._document_session = make_document(  # type: ignore[attr-defined]
            ctx, parent, target, chosen, kinds=kinds, timeline_png=timeline() if timeline else b"")

    button.clicked.connect(clicked)
    return button
