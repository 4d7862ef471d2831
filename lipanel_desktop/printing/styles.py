"""Paragraph styles, colours and the small helpers every document uses to turn plain
text into flowables safely (escaped, never a missing glyph)."""

from __future__ import annotations

from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from lipanel_desktop.printing import fonts

INK = colors.HexColor("#1a1a1a")
ACCENT = colors.HexColor("#1f3a5f")  # headings and rules: dark blue, readable in greyscale
LABEL_FILL = colors.HexColor("#e8edf3")
RULE = colors.HexColor("#8a99ab")
ZEBRA = colors.HexColor("#f4f6f8")
GAP_FILL = colors.HexColor("#fff4d6")
DUPLICATE_FILL = colors.HexColor("#eef3fb")
WATERMARK = colors.Color(0.55, 0.55, 0.55, alpha=0.18)


class Styles:
    """The house styles, built once fonts are registered."""

    def __init__(self) -> None:
        fonts.register_fonts()
        base = ParagraphStyle("body", fontName=fonts.SANS, fontSize=9.5, leading=12.5, textColor=INK,
                              bulletFontName=fonts.SANS)
        self.body = base
        self.small = ParagraphStyle("small", parent=base, fontSize=8, leading=10)
        self.tiny = ParagraphStyle("tiny", parent=base, fontSize=6.8, leading=8.2)
        self.label = ParagraphStyle("label", parent=base, fontName=fonts.SANS_BOLD, fontSize=8.5, leading=10.5)
        self.value = ParagraphStyle("value", parent=base, fontSize=9.5, leading=12)
        self.title = ParagraphStyle(
            "title", parent=base, fontName=fonts.SANS_BOLD, fontSize=17, leading=21, textColor=ACCENT, spaceAfter=6
        )
        self.subtitle = ParagraphStyle("subtitle", parent=base, fontSize=11, leading=14, textColor=ACCENT, spaceAfter=8)
        self.h1 = ParagraphStyle(
            "h1", parent=base, fontName=fonts.SANS_BOLD, fontSize=13, leading=16, textColor=ACCENT,
            spaceBefore=10, spaceAfter=5, keepWithNext=1,
        )
        self.h2 = ParagraphStyle(
            "h2", parent=base, fontName=fonts.SANS_BOLD, fontSize=10.5, leading=13, textColor=ACCENT,
            spaceBefore=8, spaceAfter=3, keepWithNext=1,
        )
        self.italic = ParagraphStyle("italic", parent=base, fontName=fonts.SANS_ITALIC)
        self.centre = ParagraphStyle("centre", parent=base, alignment=TA_CENTER)
        self.cover_title = ParagraphStyle(
            "cover_title", parent=self.title, fontSize=24, leading=30, alignment=TA_LEFT, spaceAfter=12
        )
        self.cell = ParagraphStyle("cell", parent=base, fontName=fonts.CONDENSED, fontSize=8, leading=9.6)
        self.cell_bold = ParagraphStyle("cell_bold", parent=self.cell, fontName=fonts.CONDENSED_BOLD)
        self.cell_head = ParagraphStyle(
            "cell_head", parent=self.cell, fontName=fonts.CONDENSED_BOLD, textColor=colors.white
        )


@lru_cache(maxsize=1)
def styles() -> Styles:
    return Styles()


def markup(text: str) -> str:
    """Plain text as Paragraph markup: escaped, drawable, line breaks kept."""
    safe = escape(fonts.printable(text or ""))
    return safe.replace("\r\n", "\n").replace("\n", "<br/>")


def para(text: str, style: ParagraphStyle | None = None) -> Paragraph:
    return Paragraph(markup(text), style or styles().body)


def labelled(label: str, text: str, style: ParagraphStyle | None = None) -> Paragraph:
    """'Label: value' in one paragraph, the label bold."""
    return Paragraph(f"<b>{markup(label)}</b> {markup(text)}", style or styles().body)


def or_dash(text: str) -> str:
    """Empty answers show as a dash, so a blank is visibly blank and not a printing fault."""
    return text if text and text.strip() else "—"
