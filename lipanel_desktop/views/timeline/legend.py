"""The timeline's legend: every marker shape and shading with its meaning in words, so
nothing is told by colour alone. Drawn once per size and kept as a pixmap."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPalette, QPen, QPixmap

if TYPE_CHECKING:
    from lipanel_desktop.views.timeline.painter import Layout, Painter

LEGEND = ("High", "Medium", "Low", "Context only", "Several (zoom in)", "Approximate date", "Gap",
          "Period under review", "Same event, dates differ")


def legend_rows(metrics: QFontMetricsF, line: float, width: float) -> int:
    """The legend wraps onto a second row when the text is large or the window narrow."""
    needed = 10 + sum(metrics.horizontalAdvance(text) + 16 + line * 2.2 for text in LEGEND)
    return 1 if needed <= width else 2


def hatch_colour(palette: QPalette) -> QColor:
    """The gaps' hatching: dark amber on light backgrounds, light amber on dark ones."""
    return QColor("#b07d00" if palette.color(QPalette.ColorRole.Base).lightness() >= 128 else "#ffd75e")


class Legend:
    def __init__(self, owner: Painter) -> None:
        self.owner = owner
        self._cache: tuple[tuple[int, int], QPixmap] | None = None

    def pixmap(self, lay: Layout, metrics: QFontMetricsF) -> QPixmap:
        """The legend changes only with the width, font and colours: drawn once, reused."""
        key = (round(lay.width), round(lay.legend_height))
        if self._cache is None or self._cache[0] != key:
            pixmap = QPixmap(int(lay.width * self.owner.ratio), int(lay.legend_height * self.owner.ratio))
            pixmap.setDevicePixelRatio(self.owner.ratio)
            pixmap.fill(self.owner.palette.color(QPalette.ColorRole.Window))
            painter = QPainter(pixmap)
            painter.setFont(self.owner.font)
            painter.translate(0, -lay.lanes_bottom)
            self.draw(painter, lay, metrics)
            painter.end()
            self._cache = (key, pixmap)
        return self._cache[1]

    def draw(self, p: QPainter, lay: Layout, metrics: QFontMetricsF) -> None:
        pal = self.owner.palette
        band = QRectF(0, lay.lanes_bottom, lay.width, lay.legend_height)
        p.fillRect(band, pal.color(QPalette.ColorRole.Window))
        p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        p.drawLine(band.topLeft(), band.topRight())
        size = lay.marker
        rows = legend_rows(metrics, metrics.height(), lay.width)
        row_height = lay.legend_height / rows
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        x, y = 10.0, band.top() + row_height / 2
        for number, text in enumerate(LEGEND):
            sample = size * 2.2
            if rows > 1 and x + sample + metrics.horizontalAdvance(text) > lay.width - 10:
                x, y = 10.0, y + row_height
            self._sample(p, number, QRectF(x, y - size / 2, sample, size))
            p.setPen(pal.color(QPalette.ColorRole.WindowText))
            p.drawText(QPointF(x + sample + 4, y + metrics.ascent() / 2 - 1), text)
            x += sample + 4 + metrics.horizontalAdvance(text) + 16

    def _sample(self, p: QPainter, number: int, box: QRectF) -> None:
        pal = self.owner.palette
        size = box.height()
        centre = QPointF(box.left() + size / 2 + 2, box.center().y())
        if number < 4:
            self.owner.draw_marker(p, number, size, centre)
        elif number == 4:
            self.owner.draw_marker(p, 1, size, centre, ring=True)
        elif number == 5:
            colour = QColor(self.owner.colours[1])
            colour.setAlpha(55)
            p.setBrush(colour)
            p.setPen(QPen(self.owner.colours[1], 1))
            p.drawRoundedRect(QRectF(box.left(), centre.y() - size * 0.22, box.width(), size * 0.44), 3, 3)
            self.owner.draw_marker(p, 1, size, QPointF(box.center().x(), centre.y()))
        elif number == 6:
            p.fillRect(box, QBrush(hatch_colour(pal), Qt.BrushStyle.BDiagPattern))
        elif number == 7:
            shade = QColor(pal.color(QPalette.ColorRole.Highlight))
            shade.setAlpha(40)
            p.fillRect(box, shade)
            p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 1.5, Qt.PenStyle.DashLine))
            p.drawLine(box.topLeft(), box.bottomLeft())
        else:
            p.setPen(QPen(self.owner.colours[0], 1.4, Qt.PenStyle.DashDotLine))
            p.drawLine(QPointF(box.left(), centre.y()), QPointF(box.right(), centre.y()))
