"""Pictures of the first page of every printed document: `docs/screenshots/print-*.png`.

`python -m tools.document_screenshots` builds the fictional case of the document tests in
a temporary database, makes each document (panel profile; one anonymised meeting-pack
page too) and renders the page with QtPdf, from memory. Nothing is left behind but the
pictures, and every name in them is fictional.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
DPI = 80


def _page_png(pdf: bytes, page: int, path: Path) -> None:
    from PySide6.QtCore import QSize
    from PySide6.QtPdf import QPdfDocument

    from lipanel_desktop.views.pdf_preview import load_from_memory

    document = QPdfDocument()
    buffer = load_from_memory(document, pdf)
    points = document.pagePointSize(page)
    image = document.render(page, QSize(round(points.width() / 72 * DPI), round(points.height() / 72 * DPI)))
    image.save(str(path))
    document.close()
    buffer.close()
    print(f"  {path.relative_to(ROOT)}")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["LIPANEL_TEST_KDF"] = "fast"
    sys.path.insert(0, str(ROOT))
    work = Path(tempfile.mkdtemp(prefix="lipanel-documents-"))
    try:
        for name in ("LIPANEL_DATA_DIR", "LIPANEL_LOG_DIR"):
            (work / name.lower()).mkdir()
            os.environ[name] = str(work / name.lower())
        from PySide6.QtGui import QGuiApplication

        from lipanel_desktop import printing
        from lipanel_desktop.services.database import create_database
        from lipanel_desktop.services.documents.service import DocumentRequest, DocumentService
        from lipanel_desktop.vocabulary.documents import DOCUMENTS_FOR, DocumentKind, RedactionProfile, Target
        from tests.unit import documents_sample

        app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (QtPdf needs one)
        store = create_database(work / "documents.lipanel-db", "admin", "Fictional-Data-2026")
        sample = documents_sample.build(store)
        keys = {Target.REFERRAL: sample.referral, Target.MEETING: sample.meeting, Target.REVIEW: sample.review,
                Target.BOARD: "", Target.AGENCY: "Health"}
        service = DocumentService(store)
        OUT.mkdir(parents=True, exist_ok=True)
        done = set()
        for target, kinds in DOCUMENTS_FOR.items():
            for kind in kinds:
                if kind in done:
                    continue
                done.add(kind)
                pdf = printing.render(service.gather(DocumentRequest(kind, target, keys[target])))
                _page_png(pdf, 0, OUT / f"print-{kind.value}.png")
        pack = service.gather(DocumentRequest(DocumentKind.MEETING_PACK, Target.MEETING, sample.meeting,
                                              RedactionProfile.ANONYMISED))
        _page_png(printing.render(pack), 2, OUT / "print-meeting-pack-anonymised-referral.png")
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
