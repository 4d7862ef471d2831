"""The page every document is printed on.

On every page: the protective marking at top and bottom, the board's confidentiality
statement, "Page x of y", the document's reference, when and by whom it was generated,
and for a recipient copy a numbered watermark ("Copy 3 of 12 — Police"). The PDF's
metadata carries the document's kind and reference only, never a child's or a family's
name. With a password, the file is encrypted with AES-256 (revision 6).

"of y" is a form XObject drawn on every page and defined once, after the last page, so
a 900-page chronology is laid out in one pass.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportlab.lib.pagesizes import A4, landscape as landscape_of
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from lipanel_desktop.printing import fonts
from lipanel_desktop.printing.layout import wrap_text
from lipanel_desktop.printing.styles import ACCENT, RULE, WATERMARK

if TYPE_CHECKING:
    from lipanel_desktop.services.documents.common import DocumentMeta

PRODUCT = "LIPanel Desktop"
MARGIN_X = 16 * mm
HEADER_H = 19 * mm
FOOTER_H = 24 * mm
_TOTAL_FORM = "LIPanelPageTotal"
_TOTAL_GAP = 2.6  # points between "of" and the total


class BuildCancelled(Exception):
    """Raised by a progress callback to stop a build; nothing is returned."""


@dataclass(frozen=True)
class RenderOptions:
    """How one copy is produced: which recipient copy, whether encrypted, progress."""

    copy_label: str = ""
    password: str | None = None
    #: Called after each page with the number of pages done; may raise to cancel.
    progress: Callable[[int], None] | None = None


class _PagedCanvas(Canvas):
    """Counts pages and, at save, defines the "total pages" form every page refers to."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pages_done = 0
        self.total_positions: set[tuple[float, float]] = set()

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self.pages_done += 1
        super().showPage()

    def save(self) -> None:
        for x, y in sorted(self.total_positions):
            self.beginForm(_form_name(x, y))
            self.setFont(fonts.SANS, 7.5)
            self.setFillColor(ACCENT)
            self.drawString(x, y, str(self.pages_done))
            self.endForm()
        super().save()


def _form_name(x: float, y: float) -> str:
    return f"{_TOTAL_FORM}_{int(x * 10)}_{int(y * 10)}"


class _DocTemplate(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, meta: "DocumentMeta", options: RenderOptions, pagesize: tuple[float, float]):
        fonts.register_fonts()
        encrypt = None
        if options.password:
            from lipanel_desktop.printing.encryption import Aes256Encryption

            encrypt = Aes256Encryption(options.password)
        super().__init__(
            buffer,
            pagesize=pagesize,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=HEADER_H,
            bottomMargin=FOOTER_H,
            # Metadata: the kind of document and its reference, never a name.
            title=f"{meta.title} {meta.reference}".strip(),
            subject=meta.title,
            author=meta.board_name,
            keywords=meta.protective_marking,
            creator=PRODUCT,
            encrypt=encrypt,
            pageCompression=1,
            # Every page starts in our embedded font: no unembedded Helvetica reference.
            initialFontName=fonts.SANS,
            initialFontSize=9,
        )
        self.meta = meta
        self.options = options
        width, height = pagesize
        frame = Frame(MARGIN_X, FOOTER_H, width - 2 * MARGIN_X, height - HEADER_H - FOOTER_H, id="body",
                      leftPadding=0, rightPadding=0, topPadding=4, bottomPadding=4)
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._decorate, onPageEnd=self._watermark)])
        # The statement is the same on every page: wrapped once, drawn as lines.
        self._statement = wrap_text(meta.confidentiality, width - 2 * MARGIN_X, fonts.SANS, 6.8).split("\n")

    def afterPage(self) -> None:  # noqa: N802 (ReportLab's name)
        if self.options.progress is not None:
            self.options.progress(self.page)

    def _watermark(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Over the page's content, translucent, so table shading cannot hide it."""
        if self.options.copy_label:
            _watermark(canv, *doc.pagesize, self.options.copy_label)

    def _decorate(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        meta = self.meta
        width, height = doc.pagesize
        right = width - MARGIN_X
        canv.saveState()
        # Header: marking, then board and document lines, then a rule.
        canv.setFillColor(ACCENT)
        canv.setFont(fonts.SANS_BOLD, 10)
        canv.drawCentredString(width / 2, height - 8.5 * mm, fonts.printable(meta.protective_marking))
        canv.setFillColorRGB(0.1, 0.1, 0.1)
        canv.setFont(fonts.SANS, 7.5)
        canv.drawString(MARGIN_X, height - 13.5 * mm, fonts.printable(meta.board_name))
        heading = meta.title + (f" — {meta.subject}" if meta.subject else "")
        canv.drawRightString(right, height - 13.5 * mm, _fit(fonts.printable(heading), fonts.SANS, 7.5, width / 2))
        if self.options.copy_label:
            canv.setFont(fonts.SANS_BOLD, 7.5)
            canv.drawRightString(right, height - 8.5 * mm, fonts.printable(self.options.copy_label))
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(MARGIN_X, height - 15.5 * mm, right, height - 15.5 * mm)

        # Footer: rule, confidentiality statement, reference / generated / page, marking.
        canv.line(MARGIN_X, FOOTER_H - 3 * mm, right, FOOTER_H - 3 * mm)
        canv.setFont(fonts.SANS, 6.8)
        for n, line in enumerate(self._statement[:3]):
            canv.drawString(MARGIN_X, FOOTER_H - 6.3 * mm - n * 8.2, line)
        canv.setFont(fonts.SANS, 7.5)
        line_y = 8.5 * mm
        generated = f"Reference {meta.reference} · Generated {meta.generated_at} by {meta.generated_by}"
        canv.drawString(MARGIN_X, line_y, _fit(fonts.printable(generated), fonts.SANS, 7.5, width * 0.62))
        total_x = right - canv.stringWidth("0000", fonts.SANS, 7.5)
        canv.setFillColor(ACCENT)
        canv.drawRightString(total_x - _TOTAL_GAP, line_y, f"Page {doc.page} of")
        position = (round(total_x, 2), round(line_y, 2))
        canv.total_positions.add(position)  # type: ignore[attr-defined]
        canv.doForm(_form_name(*position))
        canv.setFont(fonts.SANS_BOLD, 9)
        canv.drawCentredString(width / 2, 3.8 * mm, fonts.printable(meta.protective_marking))
        canv.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Cut a header or footer line that would run into its neighbour, with an ellipsis."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _watermark(canv: Canvas, width: float, height: float, label: str) -> None:
    canv.saveState()
    canv.setFillColor(WATERMARK)
    canv.translate(width / 2, height / 2)
    canv.rotate(35)
    size = 34.0
    text = fonts.printable(label)
    while size > 12 and canv.stringWidth(text, fonts.SANS_BOLD, size) > max(width, height) * 0.85:
        size -= 2
    canv.setFont(fonts.SANS_BOLD, size)
    canv.drawCentredString(0, -size / 3, text)
    canv.restoreState()


def page_size(landscape: bool = False) -> tuple[float, float]:
    return landscape_of(A4) if landscape else A4


def content_width(landscape: bool = False) -> float:
    return page_size(landscape)[0] - 2 * MARGIN_X


def build_pdf(
    story: Sequence[Flowable],
    meta: "DocumentMeta",
    options: RenderOptions | None = None,
    *,
    landscape: bool = False,
) -> bytes:
    """Lay out `story` on the house page and return the PDF's bytes (never a file)."""
    options = options or RenderOptions()
    buffer = io.BytesIO()
    doc = _DocTemplate(buffer, meta, options, page_size(landscape))
    doc.build(list(story), canvasmaker=_PagedCanvas)
    return buffer.getvalue()
