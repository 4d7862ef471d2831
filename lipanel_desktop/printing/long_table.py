"""A table for very long lists (the 20,000-row chronology): rows of plain, pre-wrapped
text, drawn with one text object per page, split between rows in constant time.

ReportLab's Table recomputes every row's geometry at each page split and draws each
cell line with its own text object; for tens of thousands of rows that dominates. Here
each row's height is known up front (lines × leading), a split is a bisect on the running
heights, and each piece draws the header again at the top of its page.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from reportlab.lib.colors import Color, white
from reportlab.platypus import Flowable

from lipanel_desktop.printing import fonts
from lipanel_desktop.printing.layout import wrap_text
from lipanel_desktop.printing.styles import ACCENT, RULE, ZEBRA

PAD_X = 3.0
PAD_Y = 2.5
SIZE = 8.0
LEADING = 9.6


@dataclass(frozen=True)
class Row:
    """One row: its cells already wrapped into lines; an optional fill and bold font;
    `span_from` joins the cells from that column to the last into one."""

    cells: tuple[tuple[str, ...], ...]
    fill: Color | None = None
    bold: bool = False
    span_from: int | None = None

    @property
    def lines(self) -> int:
        return max((len(c) for c in self.cells), default=1) or 1


def make_row(texts: Sequence[str], widths: Sequence[float], *, fill: Color | None = None, bold: bool = False,
             span_from: int | None = None) -> Row:
    """Wrap each text to its column (a spanned cell to the columns it covers)."""
    font = fonts.CONDENSED_BOLD if bold else fonts.CONDENSED
    cells = []
    for index, text in enumerate(texts):
        if span_from is not None and index > span_from:
            break
        width = (sum(widths[index:]) if span_from == index else widths[index]) - 2 * PAD_X
        cells.append(tuple(wrap_text(text, width, font, SIZE).split("\n")) if text else ())
    return Row(tuple(cells), fill, bold, span_from)


class LongTable(Flowable):
    def __init__(self, header: Sequence[str], widths: Sequence[float], rows: Sequence[Row]) -> None:
        super().__init__()
        self.header = [tuple(wrap_text(h, w - 2 * PAD_X, fonts.CONDENSED_BOLD, SIZE).split("\n")) for h, w in zip(header, widths)]
        self.widths = list(widths)
        self.header_h = max(len(h) for h in self.header) * LEADING + 2 * PAD_Y
        # Shared by every piece: the rows, their heights and running totals (from 0).
        self._rows = list(rows)
        self._heights = [r.lines * LEADING + 2 * PAD_Y for r in self._rows]
        self._running = [0.0, *accumulate(self._heights)]
        self.start, self.end = 0, len(self._rows)

    @property
    def rows(self) -> list[Row]:
        return self._rows[self.start : self.end]

    @property
    def heights(self) -> list[float]:
        return self._heights[self.start : self.end]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = sum(self.widths)
        self.height = self.header_h + self._running[self.end] - self._running[self.start]
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        limit = self._running[self.start] + availHeight - self.header_h
        cut = bisect_right(self._running, limit, self.start, self.end + 1) - 1  # rows start..cut-1 fit
        if cut <= self.start:
            return []  # not even one row fits: the frame moves to the next page
        if cut >= self.end:
            return [self]
        return [self._piece(self.start, cut), self._piece(cut, self.end)]

    def _piece(self, start: int, end: int) -> "LongTable":
        piece = LongTable.__new__(LongTable)
        Flowable.__init__(piece)
        piece.header, piece.widths, piece.header_h = self.header, self.widths, self.header_h
        piece._rows, piece._heights, piece._running = self._rows, self._heights, self._running
        piece.start, piece.end = start, end
        return piece

    def draw(self) -> None:
        canv = self.canv
        total_w = sum(self.widths)
        lefts = [0.0, *accumulate(self.widths)][:-1]
        top = self.height
        # Backgrounds first: header band, zebra stripes, row fills.
        canv.setFillColor(ACCENT)
        canv.rect(0, top - self.header_h, total_w, self.header_h, stroke=0, fill=1)
        y = top - self.header_h
        for index, (row, h) in enumerate(zip(self.rows, self.heights)):
            fill = row.fill or (ZEBRA if index % 2 else None)
            if fill is not None:
                canv.setFillColor(fill)
                canv.rect(0, y - h, total_w, h, stroke=0, fill=1)
            y -= h
        # Rules: one under each row, and the box.
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.35)
        y = top - self.header_h
        rules = []
        for h in self.heights:
            y -= h
            rules.append((0, y, total_w, y))
        canv.lines(rules)
        canv.setLineWidth(0.6)
        canv.rect(0, 0, total_w, top, stroke=1, fill=0)
        # Text: one text object for the page.
        text = canv.beginText()
        text.setFont(fonts.CONDENSED_BOLD, SIZE, LEADING)
        text.setFillColor(white)
        baseline = top - PAD_Y - SIZE
        for left, lines in zip(lefts, self.header):
            for n, line in enumerate(lines):
                text.setTextOrigin(left + PAD_X, baseline - n * LEADING)
                text.textOut(line)
        text.setFillColorRGB(0.1, 0.1, 0.1)
        y = top - self.header_h
        font = fonts.CONDENSED
        text.setFont(font, SIZE, LEADING)
        for row, h in zip(self.rows, self.heights):
            wanted = fonts.CONDENSED_BOLD if row.bold else fonts.CONDENSED
            if wanted != font:
                font = wanted
                text.setFont(font, SIZE, LEADING)
            baseline = y - PAD_Y - SIZE + 1
            for left, lines in zip(lefts, row.cells):
                for n, line in enumerate(lines):
                    if line:
                        text.setTextOrigin(left + PAD_X, baseline - n * LEADING)
                        text.textOut(line)
            y -= h
        canv.drawText(text)
