"""Preview, print and save documents in the program: built off the GUI thread, previewed
from memory, printed through the print dialog's printer with a neutral job title, saved
(encrypted when asked), audited, and never left in a temp folder."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import select

from lipanel_desktop.models.audit import AuditEntry
from lipanel_desktop.services.documents.service import DocumentService
from lipanel_desktop.services.workspace import Workspace
from lipanel_desktop.views import msgbox
from lipanel_desktop.views import print_document as pd
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.ops import Hub, Ops
from lipanel_desktop.views.print_options import DocumentChoice, DocumentOptionsDialog
from lipanel_desktop.vocabulary.documents import DocumentKind, RedactionProfile, Target
from tests.unit import documents_sample

PASSWORD = "Pdf-Password-42"
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def ctx(store, qtbot):
    sample = documents_sample.build(store)
    hub = Hub()
    context = AppContext(workspace=Workspace(store), ops=Ops(hub), hub=hub)
    context.extras["sample"] = sample
    msgbox.reset()
    yield context
    context.ops.wait_for_background()
    msgbox.reset()
    pd._next_choices.clear()
    pd._next_printers.clear()


@pytest.fixture
def temp_folder(tmp_path_factory, monkeypatch) -> Path:
    """The process's temp folder, for Python and for Qt (both read TMPDIR), made fresh so
    anything the preview or the print left there is ours to find."""
    folder = tmp_path_factory.mktemp("process-temp")
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _pdfs_in(folder: Path) -> list[Path]:
    leaks = []
    for parent, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(parent) / name
            if b"%PDF" in path.read_bytes()[:1024] or path.suffix.lower() == ".pdf":
                leaks.append(path)
    return leaks


def _audit(store, action: str) -> list[AuditEntry]:
    with store.read_session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _open(qtbot, ctx, target=Target.REFERRAL, key=None, kind=DocumentKind.FORM_A,
          profile=RedactionProfile.PANEL, recipients=(), password=None):
    pd.set_next_choice(DocumentChoice(kind, profile, tuple(recipients), password))
    key = key or ctx.extras["sample"].referral
    session = pd.make_document(ctx, None, target, key)
    qtbot.waitUntil(lambda: session.preview is not None, timeout=60_000)
    qtbot.addWidget(session.preview)
    return session


def test_preview_shows_every_page_from_memory_and_is_audited(qtbot, ctx, store, temp_folder):
    from PySide6.QtCore import QDir

    assert Path(QDir.tempPath()) == temp_folder and Path(tempfile.gettempdir()) == temp_folder
    session = _open(qtbot, ctx)
    preview = session.preview
    assert preview.page_count >= 2
    assert preview.page_label.text() == f"Page 1 of {preview.page_count}"
    assert [e.entity for e in _audit(store, "preview")] == ["document:form-a"]
    preview.close()
    assert preview.document.pageCount() == 0  # closed: nothing kept in memory
    assert _pdfs_in(temp_folder) == []


def test_print_goes_to_the_chosen_printer_with_a_neutral_title(qtbot, ctx, store, tmp_path, temp_folder):
    session = _open(qtbot, ctx, target=Target.MEETING, key=ctx.extras["sample"].meeting, kind=DocumentKind.MEETING_PACK)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    pd.set_next_printer(printer)
    qtbot.mouseClick(session.preview.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(_audit(store, "print")) == 1, timeout=60_000)
    assert printer.docName() == "LIPanel document"
    assert len(pypdf.PdfReader(printed).pages) == session.preview.page_count
    assert _pdfs_in(temp_folder) == []


def test_cancelled_print_dialog_prints_and_records_nothing(qtbot, ctx, store):
    session = _open(qtbot, ctx)
    pd.set_next_printer(None)
    qtbot.mouseClick(session.preview.print_button, Qt.MouseButton.LeftButton)
    ctx.ops.wait_for_background()
    assert _audit(store, "print") == []


def test_save_as_with_a_password_writes_an_encrypted_pdf(qtbot, ctx, store, tmp_path):
    session = _open(qtbot, ctx, password=PASSWORD)
    target = tmp_path / "saved"  # no suffix: .pdf is added
    msgbox.set_next_file(str(target))
    msgbox.set_next_answer(msgbox.Answer.OK)  # the "Saved" message
    qtbot.mouseClick(session.preview.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(msgbox.shown), timeout=60_000)
    assert msgbox.shown[0][0] == "Saved" and "protected with the password" in msgbox.shown[0][1]
    saved = tmp_path / "saved.pdf"
    assert saved.exists()
    reader = pypdf.PdfReader(io.BytesIO(saved.read_bytes()))
    assert reader.is_encrypted
    with pytest.raises(pypdf.errors.FileNotDecryptedError):
        reader.pages[0].extract_text()
    assert reader.decrypt(PASSWORD)
    assert documents_sample.CHILD in reader.pages[0].extract_text()
    exports = _audit(store, "export")
    assert len(exports) == 1 and "encrypted:aes-256" in exports[0].fields


def test_numbered_copies_are_saved_one_file_each_and_registered(qtbot, ctx, store, tmp_path):
    session = _open(qtbot, ctx, profile=RedactionProfile.ANONYMISED, recipients=("Police", "Health"))
    assert "Showing Copy 1 of 2 — Police" in session.preview.findChild(type(session.preview.page_label), "note").text()
    msgbox.set_next_file(str(tmp_path))
    msgbox.set_next_answer(msgbox.Answer.OK)
    qtbot.mouseClick(session.preview.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(msgbox.shown), timeout=60_000)
    files = sorted(tmp_path.glob("*.pdf"))
    assert [f.name for f in files] == ["LIP-2026-0001 Form A referral copy 1 of 2.pdf",
                                       "LIP-2026-0001 Form A referral copy 2 of 2.pdf"]
    text = pypdf.PdfReader(files[1]).pages[0].extract_text()
    assert "Copy 2 of 2 — Health" in text
    assert documents_sample.CHILD not in text
    register = DocumentService(store).register()
    assert [(r.copy, r.recipient) for r in register] == [("2 of 2", "Health"), ("1 of 2", "Police")]


def test_cancelling_the_options_makes_nothing(qtbot, ctx, store):
    pd.set_next_choice(None)
    assert pd.make_document(ctx, None, Target.REFERRAL, ctx.extras["sample"].referral) is None
    assert _audit(store, "preview") == []


def test_an_unknown_record_is_reported_in_plain_words(qtbot, ctx, store):
    pd.set_next_choice(DocumentChoice(DocumentKind.FORM_A, RedactionProfile.PANEL, (), None))
    msgbox.set_next_answer(msgbox.Answer.OK)
    session = pd.make_document(ctx, None, Target.REFERRAL, "LIP-1999-9999")
    qtbot.waitUntil(lambda: bool(msgbox.shown), timeout=30_000)
    assert "There is no referral" in msgbox.shown[0][1]
    assert session.preview is None
    assert _audit(store, "preview") == []


def test_options_dialog_refuses_bad_passwords_and_recipients(qtbot):
    dialog = DocumentOptionsDialog((DocumentKind.FORM_A, DocumentKind.SUBJECT_ACCESS))
    qtbot.addWidget(dialog)
    dialog.encrypt.setChecked(True)
    qtbot.keyClicks(dialog.password, "short")
    qtbot.keyClicks(dialog.confirm, "short")
    dialog.accept()
    assert dialog.choice is None and "at least 8" in dialog.problem.text()
    dialog.password.setText(PASSWORD)
    dialog.confirm.setText(PASSWORD + "x")
    dialog.accept()
    assert dialog.choice is None and "do not match" in dialog.problem.text()
    dialog.confirm.setText(PASSWORD)
    dialog.recipients.setPlainText("Police\n" + "x" * 500)
    dialog.accept()
    assert dialog.choice is None and "at most" in dialog.problem.text()
    dialog.recipients.setPlainText("Police\n\nHealth\n")
    dialog.kind.setCurrentIndex(1)
    dialog.accept()
    assert dialog.choice == DocumentChoice(DocumentKind.SUBJECT_ACCESS, RedactionProfile.PANEL, ("Police", "Health"), PASSWORD)


def test_options_dialog_is_keyboard_reachable_with_names(qtbot):
    dialog = DocumentOptionsDialog((DocumentKind.FORM_A,))
    qtbot.addWidget(dialog)
    for widget in (dialog.kind, dialog.profile, dialog.recipients, dialog.encrypt, dialog.password, dialog.confirm):
        assert widget.accessibleName()
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_the_page_button_asks_for_a_selection_then_previews(qtbot, ctx, store):
    from PySide6.QtWidgets import QWidget

    page = QWidget()
    qtbot.addWidget(page)
    selected: list[str | None] = [None]
    button = pd.document_button(ctx, page, Target.MEETING, lambda: selected[0], missing="Open a meeting first.")
    assert button.accessibleName() == "Print, preview or export as PDF"
    msgbox.set_next_answer(msgbox.Answer.OK)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert msgbox.shown == [("Nothing selected", "Open a meeting first.")]
    selected[0] = str(ctx.extras["sample"].meeting_id)
    pd.set_next_choice(DocumentChoice(DocumentKind.MEETING_PACK, RedactionProfile.PUBLICATION, (), None))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page._document_session.preview is not None, timeout=60_000)
    qtbot.addWidget(page._document_session.preview)
    assert page._document_session.preview.page_count == 5
    entry = _audit(store, "preview")[0]
    assert entry.entity == "document:meeting-pack" and "profile:publication" in entry.fields


def test_print_referral_entry_point_used_by_the_form_a_editor(qtbot, ctx):
    from PySide6.QtWidgets import QWidget

    from lipanel_desktop.views.print_referral import print_referral

    parent = QWidget()
    qtbot.addWidget(parent)
    pd.set_next_choice(DocumentChoice(DocumentKind.FORM_A, RedactionProfile.PANEL, (), None))
    session = print_referral(parent, ctx, 1)
    qtbot.waitUntil(lambda: session.preview is not None, timeout=60_000)
    qtbot.addWidget(session.preview)
    assert "Form A referral LIP-2026-0001" == session.preview.windowTitle()


def test_the_copy_register_lists_what_was_issued(qtbot, ctx, store, tmp_path):
    from lipanel_desktop.views.print_register import CopyRegisterDialog

    session = _open(qtbot, ctx, recipients=("Police", "Health", "Education"))
    msgbox.set_next_file(str(tmp_path))
    msgbox.set_next_answer(msgbox.Answer.OK)
    qtbot.mouseClick(session.preview.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(msgbox.shown), timeout=60_000)
    dialog = CopyRegisterDialog(session.service.register("LIP-2026-0001"), "LIP-2026-0001")
    qtbot.addWidget(dialog)
    table = dialog.table
    assert table.rowCount() == 3
    assert [table.item(r, 6).text() for r in range(3)] == ["Education", "Health", "Police"]
    assert table.item(0, 5).text() == "3 of 3" and table.item(0, 1).text() == "admin"
