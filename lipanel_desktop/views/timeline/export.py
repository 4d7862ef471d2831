"""The timeline as a picture: the PNG a user exports, and the page in PDF packs.

`timeline_png(data, ...)` draws the whole chronology with the same painter as the
screen, so the printed timeline matches what the panel looked at. The PDF engineer's
`services.documents.service.with_timeline(data, png)` takes the bytes it returns;
`review_timeline_png(workspace, review_id)` loads a review's chronology and draws it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPalette

from lipanel_desktop.errors import KnownError
from lipanel_desktop.views.timeline.data import TimelineData, build
from lipanel_desktop.views.timeline.painter import Painter, Viewport, layout_for

if TYPE_CHECKING:
    from lipanel_desktop.services.workspace import Workspace
    from lipanel_desktop.views.timeline.widget import TimelineWidget


def print_palette() -> QPalette:
    """Dark on white whatever the screen's colours: for paper."""
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Base, "#ffffff"), (QPalette.ColorRole.AlternateBase, "#f1f4f8"),
                         (QPalette.ColorRole.Window, "#ffffff"), (QPalette.ColorRole.Text, "#111111"),
                         (QPalette.ColorRole.WindowText, "#111111"), (QPalette.ColorRole.Mid, "#b8c0cc"),
                         (QPalette.ColorRole.Highlight, "#1f4e79"), (QPalette.ColorRole.ToolTipBase, "#fff8d6"),
                         (QPalette.ColorRole.ToolTipText, "#111111")):
        palette.setColor(role, QColor(colour))
    return palette


def render_image(data: TimelineData, width: int, height: int | None = None, *, view: Viewport | None = None,
                 palette: QPalette | None = None, font: QFont | None = None, ratio: float = 1.0,
                 selected: int | None = None) -> QImage:
    """The timeline drawn into an image (the whole chronology unless `view` is given)."""
    font = QFont(font or QGuiApplication.font())
    palette = palette or print_palette()
    probe = layout_for(data, font, width, 100)
    if height is None:
        height = int(probe.axis_height + probe.legend_height + max(len(data.lanes), 1) * probe.lane_height + 2)
    lay = layout_for(data, font, width, height)
    if view is None:
        span = max(data.last - data.first, 30.0)
        margin = span * 0.03
        view = Viewport(left=data.first - margin, px_per_day=lay.plot_width / (span + 2 * margin))
    image = QImage(int(width * ratio), int(height * ratio), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(palette.color(QPalette.ColorRole.Base))
    p = QPainter(image)
    try:
        Painter(palette, font, ratio).paint(p, data, view, lay, selected=selected)
    finally:
        p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(array.data())


def timeline_png(data: TimelineData, width: int = 2400, height: int | None = None) -> bytes:
    """The whole timeline as PNG bytes, dark on white, for a PDF page."""
    font = QFont(QGuiApplication.font())
    font.setPointSizeF(max(font.pointSizeF(), 9.0) * width / 1400)
    return png_bytes(render_image(data, width, height, font=font))


def review_timeline_png(workspace: Workspace, review_id: int, width: int = 2400) -> bytes:
    """Load a review's chronology and draw its timeline (for the pack builder)."""
    from lipanel_desktop.services.chronology.combined import analyse

    info, rows = workspace.chronology.entries(review_id)
    settings = workspace.organisation.all()
    analysis = analyse(rows, near_days=settings["chronology_near_days"], gap_days=settings["chronology_gap_days"],
                       period_from=info.period_from, period_to=info.period_to)
    return timeline_png(build(rows, info, analysis), width)


def save_view_png(widget: TimelineWidget, path: str | Path) -> Path:
    """What the widget shows, at twice its resolution, as a PNG file."""
    target = Path(path)
    if target.suffix.lower() != ".png":
        target = target.with_suffix(".png")
    image = render_image(widget.data, widget.width(), widget.height(), view=widget.view, palette=widget.palette(),
                         font=widget.font(), ratio=2.0, selected=widget.selected)
    from lipanel_desktop.storage.atomic_file import replace_atomically

    try:
        replace_atomically(target, png_bytes(image))
    except OSError as error:
        raise KnownError(f"The picture could not be saved ({error.strerror or 'access refused'}). "
                         "Choose another folder.") from None
    return target
