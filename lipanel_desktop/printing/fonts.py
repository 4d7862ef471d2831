"""The fonts every document uses: DejaVu Sans, shipped in `resources/fonts/` with its
licence and embedded (subset) in every PDF.

DejaVu covers Latin Extended A/B, Greek and Cyrillic, so Welsh (ŵ ŷ), Irish (á é í ó ú),
Polish (ł ż ś), Romanian (ș ț), Turkish (ğ ı ş) and other European names print as typed.
A character outside the font (for example a Chinese name) is never left to become a
missing-glyph box: `printable` spells it out as [U+XXXX] so the reader sees something
is there and can ask for it.
"""

from __future__ import annotations

import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

#: Family names registered with ReportLab.
SANS = "LIPanelSans"
SANS_BOLD = "LIPanelSans-Bold"
SANS_ITALIC = "LIPanelSans-Italic"
SANS_BOLD_ITALIC = "LIPanelSans-BoldItalic"
CONDENSED = "LIPanelSansCondensed"
CONDENSED_BOLD = "LIPanelSansCondensed-Bold"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    SANS_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    CONDENSED: "DejaVuSansCondensed.ttf",
    CONDENSED_BOLD: "DejaVuSansCondensed-Bold.ttf",
}

#: Characters that are layout, not content: kept as they are.
_LAYOUT = {"\n", "\t"}


def font_dir() -> Path:
    """`resources/fonts` beside the package, or inside a PyInstaller bundle."""
    base = getattr(sys, "_MEIPASS", None)
    if base:
        return Path(base) / "resources" / "fonts"
    return Path(__file__).resolve().parents[2] / "resources" / "fonts"


def font_files() -> dict[str, Path]:
    return {name: font_dir() / file for name, file in _FILES.items()}


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register the shipped fonts once per process (ReportLab's registry is global)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, path in font_files().items():
        if not path.is_file():
            raise FileNotFoundError(f"A font the documents need is missing: {path.name}")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    addMapping(SANS, 0, 1, SANS_ITALIC)
    addMapping(SANS, 1, 1, SANS_BOLD_ITALIC)
    addMapping(CONDENSED, 0, 0, CONDENSED)
    addMapping(CONDENSED, 1, 0, CONDENSED_BOLD)
    addMapping(CONDENSED, 0, 1, CONDENSED)
    addMapping(CONDENSED, 1, 1, CONDENSED_BOLD)
    # Charts and drawings start from these defaults: make them our embedded font, so no
    # document refers to an unembedded Helvetica.
    from reportlab.graphics import shapes

    shapes.STATE_DEFAULTS["fontName"] = SANS


@lru_cache(maxsize=1)
def covered_characters() -> frozenset[int]:
    """Code points every shipped face has a glyph for (the intersection: a name may be
    printed bold in a heading and plain in a table)."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    covered: frozenset[int] | None = None
    for path in font_files().values():
        face = TTFontFile(str(path))
        points = frozenset(code for code, glyph in face.charToGlyph.items() if glyph)
        covered = points if covered is None else covered & points
    return covered or frozenset()


def missing_characters(text: str) -> list[str]:
    """The characters of `text` that no shipped face can draw."""
    covered = covered_characters()
    return sorted({ch for ch in text if ch not in _LAYOUT and ord(ch) not in covered})


@lru_cache(maxsize=4096)
def _printable_char(ch: str) -> str:
    if ch in _LAYOUT:
        return ch
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf", "Cs", "Co", "Cn"):
        # Control, format and unassigned characters draw nothing useful; a zero-width
        # joiner or a stray control code must not become a box.
        return "" if category != "Cn" else f"[U+{ord(ch):04X}]"
    if ord(ch) in covered_characters():
        return ch
    # Try the decomposed form (a precomposed letter the font lacks, built from ones it has).
    decomposed = unicodedata.normalize("NFD", ch)
    if decomposed != ch and all(ord(c) in covered_characters() for c in decomposed):
        return decomposed
    return f"[U+{ord(ch):04X}]"


@lru_cache(maxsize=1)
def _drawable() -> frozenset[str]:
    return frozenset(chr(code) for code in covered_characters()) | frozenset(_LAYOUT)


def printable(text: str) -> str:
    """`text` with every character the fonts cannot draw spelled out, never a box."""
    if _drawable().issuperset(text):
        return text
    return "".join(_printable_char(ch) for ch in text)
