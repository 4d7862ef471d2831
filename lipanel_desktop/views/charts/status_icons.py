"""Icons for action statuses: each status has its own *shape* as well as its shade, so the
tracker, the summary bar and the charts' legends never rely on colour alone.

not started: hollow circle · on track: circle with an arrow · at risk: triangle with "!" ·
overdue: diamond with "!" · complete: circle with a tick · closed: square with a tick.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from lipanel_desktop.services.reports.dashboard_data import STATUS_STYLES
from lipanel_desktop.vocabulary.actions import ActionStatus

SIZES = (16, 20, 24, 32, 48)


def _exclamation(painter: QPainter, box: QRectF, colour: QColor, top: float = 0.3) -> None:
    pen = QPen(colour, max(1.5, box.width() * 0.12), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    x = box.center().x()
    painter.drawLine(QPointF(x, box.top() + box.height() * top), QPointF(x, box.top() + box.height() * 0.66))
    painter.drawPoint(QPointF(x, box.top() + box.height() * 0.82))


def _tick(painter: QPainter, box: QRectF, colour: QColor) -> None:
    pen = QPen(colour, max(1.5, box.width() * 0.13), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    w, h, x, y = box.width(), box.height(), box.left(), box.top()
    path = QPainterPath(QPointF(x + w * 0.27, y + h * 0.52))
    path.lineTo(QPointF(x + w * 0.44, y + h * 0.68))
    path.lineTo(QPointF(x + w * 0.74, y + h * 0.34))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)


def _arrow(painter: QPainter, box: QRectF, colour: QColor) -> None:
    pen = QPen(colour, max(1.5, box.width() * 0.12), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    w, h, x, y = box.width(), box.height(), box.left(), box.top()
    painter.drawLine(QPointF(x + w * 0.28, y + h * 0.5), QPointF(x + w * 0.72, y + h * 0.5))
    path = QPainterPath(QPointF(x + w * 0.54, y + h * 0.32))
    path.lineTo(QPointF(x + w * 0.72, y + h * 0.5))
    path.lineTo(QPointF(x + w * 0.54, y + h * 0.68))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)


def paint_status(painter: QPainter, box: QRectF, status: str) -> None:
    """Draw the status's shape filling `box` (used for icons and chart legends)."""
    style = STATUS_STYLES.get(status)
    shade = QColor(style.shade if style else "#777777")
    white, black = QColor("#ffffff"), QColor("#000000")
    inner = box.adjusted(box.width() * 0.08, box.height() * 0.08, -box.width() * 0.08, -box.height() * 0.08)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    # A mid-grey edge shows the shape on white and on a high-contrast black background alike.
    outline = QPen(QColor("#8a8a8a"), max(1.0, box.width() * 0.07))
    if status == ActionStatus.NOT_STARTED.value:
        painter.setPen(QPen(QColor("#6a6a6a"), max(1.5, box.width() * 0.11)))
        painter.setBrush(white)
        painter.drawEllipse(inner.adjusted(1, 1, -1, -1))
    elif status == ActionStatus.ON_TRACK.value:
        painter.setPen(outline)
        painter.setBrush(shade)
        painter.drawEllipse(inner)
        _arrow(painter, inner, white)
    elif status == ActionStatus.AT_RISK.value:
        painter.setPen(outline)
        painter.setBrush(shade)
        painter.drawPolygon(QPolygonF([QPointF(inner.center().x(), inner.top()), inner.bottomRight(), inner.bottomLeft()]))
        _exclamation(painter, inner.adjusted(0, inner.height() * 0.12, 0, 0), black, top=0.28)
    elif status == ActionStatus.OVERDUE.value:
        painter.setPen(outline)
        painter.setBrush(shade)
        c = inner.center()
        painter.drawPolygon(
            QPolygonF([QPointF(c.x(), inner.top()), QPointF(inner.right(), c.y()), QPointF(c.x(), inner.bottom()), QPointF(inner.left(), c.y())])
        )
        _exclamation(painter, inner, white, top=0.24)
    elif status == ActionStatus.COMPLETE.value:
        painter.setPen(outline)
        painter.setBrush(shade)
        painter.drawEllipse(inner)
        _tick(painter, inner, white)
    else:  # closed, and anything unknown
        painter.setPen(outline)
        painter.setBrush(shade)
        painter.drawRoundedRect(inner, inner.width() * 0.12, inner.height() * 0.12)
        _tick(painter, inner, white)
    painter.restore()


@cache
def status_icon(status: str) -> QIcon:
    """The status's icon at every size a 200% text size needs."""
    icon = QIcon()
    for size in SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        paint_status(painter, QRectF(0, 0, size, size), status)
        painter.end()
        icon.addPixmap(pixmap)
    return icon
