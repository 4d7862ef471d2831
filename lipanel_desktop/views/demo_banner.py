"""The "DEMO — fictional data" banner every window shows in `lipanel --demo`.

Windows and dialogs built by other sections add it with `add_demo_banner(layout, ctx)`
(it does nothing outside demo mode)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QLabel, QWidget

from lipanel_desktop.views.context import AppContext

DEMO_TEXT = "DEMO — fictional data. Nothing here is about a real child, and it is deleted when the program closes."


class DemoBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(DEMO_TEXT, parent)
        self.setObjectName("DemoBanner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAccessibleName("Demo mode: fictional data")


def add_demo_banner(layout: QBoxLayout, ctx: AppContext | None = None, demo: bool | None = None) -> DemoBanner | None:
    """Insert the banner at the top of `layout` when the program runs in demo mode."""
    if not (demo if demo is not None else (ctx is not None and ctx.demo)):
        return None
    banner = DemoBanner()
    layout.insertWidget(0, banner)
    return banner
