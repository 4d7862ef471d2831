"""The "DEMO — fictional data" banner every window shows in `lipanel --demo`.

The main window carries one of its own. Every other window (the guide, the wizard, the
print preview, each section's dialogs, message boxes) is marked as it is shown by
`DemoMarker`, an application-wide event filter the main window installs in demo mode:
the banner goes at the top of a dialog laid out in a column, and every dialog's title
starts with "DEMO", so no window of a demonstration can be taken for real data.
`add_demo_banner(layout, ctx)` puts one in a layout of your own (nothing outside demo mode)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QBoxLayout, QDialog, QLabel, QWidget

from lipanel_desktop.views.context import AppContext

DEMO_TEXT = "DEMO — fictional data. Nothing here is about a real child, and it is deleted when the program closes."
TITLE_PREFIX = "DEMO — "


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


def mark_window(window: QWidget) -> None:
    """Give a demo window its banner (when its layout is a column) and a "DEMO" title."""
    title = window.windowTitle()
    if not title.startswith(TITLE_PREFIX):
        window.setWindowTitle(TITLE_PREFIX + (title or "LIPanel"))
    layout = window.layout()
    if isinstance(layout, QBoxLayout) and layout.direction() == QBoxLayout.Direction.TopToBottom \
            and window.findChild(DemoBanner) is None:
        layout.insertWidget(0, DemoBanner())
        # The window was sized before it was shown, without the banner: once the banner is
        # laid out, make room for it, or the fields are squeezed on top of each other.
        QTimer.singleShot(0, window, lambda: _make_room(window, layout))


def _make_room(window: QWidget, layout: QBoxLayout) -> None:
    width = window.width()
    needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
    if window.height() < needed:
        window.resize(width, needed)


class DemoMarker(QObject):
    """Marks every dialog as it is shown, while `owner` (the demo main window) is shown.
    Parented to the owner: when it goes, the filter goes with it."""

    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner)
        self._owner = owner
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog) and self._owner.isVisible():
            mark_window(watched)
        return False
