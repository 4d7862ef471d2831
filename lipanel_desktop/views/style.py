"""The look: Fusion style, a calm palette (or a high-contrast one), one stylesheet from
`resources/`, the application icon, and the text size the user chose (up to 200%)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from lipanel_desktop.views import preferences


def resources_dir() -> Path:
    """`resources/` beside the package (source tree) or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def app_icon() -> QIcon:
    return QIcon(str(resources_dir() / "icons" / "lipanel.svg"))


@dataclass(frozen=True)
class Look:
    scale: int
    high_contrast: bool


_base_point_size: float | None = None


def system_wants_high_contrast() -> bool:
    hints = QGuiApplication.styleHints()
    try:
        return hints.accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast
    except AttributeError:  # older Qt: no accessibility hints
        return False


def calm_palette() -> QPalette:
    p = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#f3f5f8",
        QPalette.ColorRole.WindowText: "#1b2430",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#eef2f7",
        QPalette.ColorRole.Text: "#1b2430",
        QPalette.ColorRole.PlaceholderText: "#5b6675",
        QPalette.ColorRole.Button: "#e9edf2",
        QPalette.ColorRole.ButtonText: "#1b2430",
        QPalette.ColorRole.Highlight: "#1f4e79",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#fff8d6",
        QPalette.ColorRole.ToolTipText: "#1b2430",
        QPalette.ColorRole.Link: "#1f4e79",
        QPalette.ColorRole.Mid: "#c3cbd6",
        QPalette.ColorRole.Midlight: "#dde3ea",
        QPalette.ColorRole.Dark: "#6b7785",
        QPalette.ColorRole.Light: "#ffffff",
        QPalette.ColorRole.BrightText: "#ffffff",
    }
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7d8896"))
    return p


def high_contrast_palette() -> QPalette:
    """White on black with yellow highlights: the usual high-contrast scheme."""
    p = QPalette()
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00")
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button,
                 QPalette.ColorRole.AlternateBase, QPalette.ColorRole.ToolTipBase):
        p.setColor(role, black)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.ToolTipText, QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.BrightText,
                 QPalette.ColorRole.Mid, QPalette.ColorRole.Dark, QPalette.ColorRole.Light,
                 QPalette.ColorRole.Midlight):
        p.setColor(role, white)
    p.setColor(QPalette.ColorRole.Highlight, yellow)
    p.setColor(QPalette.ColorRole.HighlightedText, black)
    p.setColor(QPalette.ColorRole.Link, yellow)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#b0b0b0"))
    return p


#: Fusion's own indicator size (logical pixels) at 100%.
NATIVE_INDICATOR = 14
# Size only: Fusion still draws them (the high-contrast sheet, added after, draws its own).
_GROWN_INDICATORS = """
QRadioButton::indicator, QCheckBox::indicator, QTableView::indicator, QListView::indicator {{
    width: {size}px;
    height: {size}px;
}}
"""


def stylesheet(scale: int, high_contrast: bool, base_points: float) -> str:
    template = (resources_dir() / "lipanel.qss").read_text(encoding="utf-8")
    if scale > 100:  # Fusion's tick boxes and option circles stay 14 px: grow them with the text
        template += _GROWN_INDICATORS.replace("{size}", str(round(NATIVE_INDICATOR * scale / 100)))
    if high_contrast:
        template += "\n" + (resources_dir() / "lipanel-high-contrast.qss").read_text(encoding="utf-8")
    base = base_points * scale / 100
    indicator = round(base * 1.5) + 2
    return template.format(
        indicator=indicator,
        indicator_radius=indicator // 2 + 1,
        check_icon=(resources_dir() / "icons" / "check-high-contrast.svg").as_posix(),
        base=f"{base:.1f}",
        large=f"{base * 1.2:.1f}",
        title=f"{base * 1.55:.1f}",
        pad=round(4 * scale / 100) + 2,
        large_pad=round(8 * scale / 100) + 4,
        gap=round(6 * scale / 100),
        field=round(base * 2.2),
        error="#ffff00" if high_contrast else "#a4262c",
        demo_bg="#ffff00" if high_contrast else "#fde7a7",
        demo_fg="#000000" if high_contrast else "#4a3200",
    )


def current_look() -> Look:
    return Look(preferences.text_scale(), preferences.HIGH_CONTRAST.get() or system_wants_high_contrast())


def apply(app: QApplication, look: Look | None = None) -> Look:
    """Apply the style, palette, stylesheet and text size; call again after a change."""
    global _base_point_size
    look = look or current_look()
    if _base_point_size is None:
        size = app.font().pointSizeF()
        _base_point_size = size if size > 0 else 10.0
    app.setStyle("Fusion")
    app.setPalette(high_contrast_palette() if look.high_contrast else calm_palette())
    font = QFont(app.font())
    font.setPointSizeF(_base_point_size * look.scale / 100)
    app.setFont(font)
    app.setStyleSheet(stylesheet(look.scale, look.high_contrast, _base_point_size))
    app.setWindowIcon(app_icon())
    return look
