"""The Form A editor's and the register's "Print…": Form A (or the subject access
pack, or a blank form) through the shared options, preview, print and save."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.print_document import DocumentSession, make_document
from lipanel_desktop.vocabulary.documents import Target


def print_referral(parent: QWidget | None, ctx: AppContext, referral_id: int) -> DocumentSession | None:
    session = make_document(ctx, parent, Target.REFERRAL, str(referral_id))
    if parent is not None:
        parent._document_session = session  # type: ignore[attr-defined]  (kept alive while shown)
    return session
