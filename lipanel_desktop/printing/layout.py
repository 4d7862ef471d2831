"""Building blocks shared by the documents: headings with bookmarks, form-like boxes of
labels and answers, tick boxes, and long tables cut into chunks.

Long tables are cut into chunks of `CHUNK_ROWS` rows, each repeating the header: one
20,000-row table is about five times slower, because every page split re-flows the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from lipanel_desktop.printing import fonts
from lipanel_desktop.printing.styles import ACCENT, LABEL_FILL, RULE, ZEBRA, markup, or_dash, para, styles

CHUNK_ROWS = 40
TICKED = "☒"
UNTICKED = "☐"


class Bookmark(Flowable):
    """A zero-size flowable that puts an entry in the PDF's outline (its bookmarks)."""

    _counter = 0

    def __init__(self, title: str, level: int = 0) -> None:
        super().__init__()
        Bookmark._counter += 1
        self.key = f"bm{Bookmark._counter}"
        self.title = title
        self.level = level
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        # The outline may only go one level deeper at a time: a sub-heading with no
        # heading above it becomes a top-level entry.
        level = min(self.level, getattr(canv, "_lipanel_outline_level", -1) + 1)
        canv._lipanel_outline_level = level
        canv.bookmarkPage(self.key)
        canv.addOutlineEntry(fonts.printable(self.title), self.key, level=level, closed=level > 0)


def heading(text: str, level: int = 1, bookmark: bool = True) -> list[Flowable]:
    style = styles().h1 if level == 1 else styles().h2
    out: list[Flowable] = []
    if bookmark:
        out.append(Bookmark(text, level=level - 1))
    out.append(Paragraph(markup(text), style))
    return out


def tick(checked: bool, text: str) -> str:
    """Markup for one tick box and its words (the box says it, not only its colour)."""
    return f"{TICKED if checked else UNTICKED}&nbsp;{markup(text)}"


def ticks(options: Iterable[tuple[str, bool]]) -> Paragraph:
    return Paragraph("&nbsp;&nbsp;&nbsp; ".join(tick(on, words) for words, on in options), styles().value)


def cell(text: str, bold: bool = False, blank_ok: bool = False) -> Paragraph:
    """A table cell: condensed and small, so lists keep their columns."""
    s = styles()
    return Paragraph(markup(text if blank_ok else or_dash(text)), s.cell_bold if bold else s.cell)


def answer(text: str, blank_ok: bool = False) -> Paragraph:
    """An answer in a form box: the size of the form's own text."""
    return Paragraph(markup(text if blank_ok else or_dash(text)), styles().value)


def form_box(rows: Sequence[Sequence[Any]], widths: Sequence[float], spans: Sequence[tuple[int, int, int]] = (),
             label_columns: Sequence[int] = (0,), min_height: float | None = None) -> Table:
    """A box of the paper form: label cells shaded, answers white, ruled like the form.

    `rows` hold strings (labels) or flowables (answers); `spans` are (row, first col,
    last col) answer spans. With `min_height`, empty answers get that much room to write."""
    s = styles()

    def build(c: int, value: Any) -> Any:
        if isinstance(value, str):
            if not value and min_height is not None and c not in label_columns:
                return Spacer(1, min_height)  # room to write by hand
            return Paragraph(markup(value), s.label)
        return value

    data = [[build(c, v) for c, v in enumerate(row)] for row in rows]
    table = Table(data, colWidths=list(widths), splitInRow=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.SANS, 9.5, 12),  # never the unembedded default
        ("GRID", (0, 0), (-1, -1), 0.6, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and value and c in label_columns:
                commands.append(("BACKGROUND", (c, r), (c, r), LABEL_FILL))
    for r, first, last in spans:
        commands.append(("SPAN", (first, r), (last, r)))
    table.setStyle(TableStyle(commands))
    return table


def narrative(label: str, text: str, width: float, blank_lines: int = 0, hint: str = "") -> list[Flowable]:
    """A long answer: a shaded label, then the text in a ruled box that may run over
    pages (a table cell could not)."""
    s = styles()
    out: list[Flowable] = [form_box([[label]], [width])]
    if blank_lines:
        body = markup(hint) + "<br/>" * blank_lines if hint else "<br/>" * blank_lines
        out.append(Paragraph(body, _boxed(s.italic if hint else s.value)))
        return out
    paragraphs = (text or "").split("\n\n")
    for index, chunk in enumerate(paragraphs):
        out.append(Paragraph(markup(or_dash(chunk) if index == 0 else chunk), _boxed(s.value)))
    out.append(Spacer(1, 4))
    return out


def _boxed(style: Any) -> Any:
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(
        f"{style.name}-boxed", parent=style, borderWidth=0.6, borderColor=RULE, borderPadding=(4, 5, 5, 5),
        leftIndent=5, rightIndent=5, spaceBefore=4, spaceAfter=2,
    )


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    chunk: int = CHUNK_ROWS,
    extra: Sequence[tuple[Any, ...]] = (),
    empty: str = "None recorded.",
) -> list[Flowable]:
    """A list as one or more tables of at most `chunk` rows, each with the header.

    Cells may be strings (short, not wrapped: the fastest) or flowables."""
    s = styles()
    if not rows:
        return [para(empty, s.italic)]
    head = [Paragraph(markup(h), s.cell_head) for h in header]
    out: list[Flowable] = []
    base: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("LINEBELOW", (0, 0), (-1, -1), 0.35, RULE),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), fonts.CONDENSED, 8, 9.6),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        *extra,
    ]
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        commands = list(base)
        for offset in range(1, len(part) + 1, 2):
            commands.append(("BACKGROUND", (0, offset), (-1, offset), ZEBRA))
        table = Table([head, *part], colWidths=list(widths), repeatRows=1, splitInRow=1, hAlign="LEFT")
        table.setStyle(TableStyle(commands))
        out.append(table)
    return out


def key_values(pairs: Sequence[tuple[str, str]], width: float, label_share: float = 0.3) -> Table:
    """Label / answer lines in a two-column box (short facts: dates, names, places)."""
    rows = [[label, answer(value)] for label, value in pairs]
    return form_box(rows, [width * label_share, width * (1 - label_share)])


def bullet_list(items: Sequence[str], empty: str = "None recorded.") -> list[Flowable]:
    s = styles()
    if not items:
        return [para(empty, s.italic)]
    return [Paragraph(markup(item), s.body, bulletText="•") for item in items]



@lru_cache(maxsize=65536)
def _word_width(word: str, font: str, size: float) -> float:
    return stringWidth(word, font, size)


def wrap_text(text: str, width: float, font: str = fonts.CONDENSED, size: float = 8) -> str:
    """`text` broken into lines that fit `width`, for a plain-string table cell.

    A plain string cell is several times cheaper to lay out than a Paragraph (no markup
    parsing, no re-wrapping at every table split): what makes a 900-page chronology
    quick. Words longer than a line are cut; fonts.printable keeps every glyph drawable."""
    text = fonts.printable(text or "")
    if not text:
        return ""
    if "\n" not in text and stringWidth(text, font, size) <= width:
        return text  # the common case: it fits on one line
    space = _word_width(" ", font, size)
    out: list[str] = []
    for raw_line in text.replace("\r\n", "\n").split("\n"):
        line: list[str] = []
        used = 0.0
        for word in raw_line.split():
            w = _word_width(word, font, size)
            while w > width:  # a word longer than the column: cut it
                if line:
                    out.append(" ".join(line))
                    line, used = [], 0.0
                cut = len(word)
                while cut > 1 and _word_width(word[:cut], font, size) > width:
                    cut -= 1
                out.append(word[:cut])
                word = word[cut:]
                w = _word_width(word, font, size)
            if line and used + space + w > width:
                out.append(" ".join(line))
                line, used = [], 0.0
            used += (space if line else 0.0) + w
            line.append(word)
        out.append(" ".join(line))
    return "\n".join(out)
