"""Draws a `dashboard_data.Chart` with QPainter: on screen (`ChartWidget`) and into PNG
files alike. Bars are filled with their shade *and* a hatch pattern, lines carry distinct
markers and dash styles, and the legend shows both, so a chart reads in greyscale, in
high contrast and for colour-blind readers. Text and axes take the palette's colours.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen, QPolygonF

from lipanel_desktop.services.reports.dashboard_data import Chart, SeriesStyle

_PATTERNS = {
    "diagonal": Qt.BrushStyle.BDiagPattern,
    "back_diagonal": Qt.BrushStyle.FDiagPattern,
    "cross": Qt.BrushStyle.DiagCrossPattern,
    "horizontal": Qt.BrushStyle.HorPattern,
    "vertical": Qt.BrushStyle.VerPattern,
    "dots": Qt.BrushStyle.Dense6Pattern,
}
_DASHES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine)


@dataclass(frozen=True)
class ChartColours:
    text: QColor
    axis: QColor
    grid: QColor
    background: QColor

    @classmethod
    def from_palette(cls, palette: QPalette) -> "ChartColours":
        text = palette.color(QPalette.ColorRole.Text)
        background = palette.color(QPalette.ColorRole.Base)
        grid = QColor(text)
        grid.setAlpha(45)
        return cls(text, text, grid, background)


@dataclass(frozen=True)
class HitBox:
    """Where a bar or a point is, and what to say about it (tooltips, tests)."""

    rect: QRectF
    text: str


def _contrast(shade: QColor) -> QColor:
    luminance = 0.299 * shade.redF() + 0.587 * shade.greenF() + 0.114 * shade.blueF()
    return QColor("#000000") if luminance > 0.5 else QColor("#ffffff")


def fill_area(painter: QPainter, rect: QRectF, style: SeriesStyle, colours: ChartColours) -> None:
    """A bar segment or legend swatch: shade, then hatch, then an outline."""
    shade = QColor(style.shade)
    painter.save()
    if style.pattern == "outline":
        painter.fillRect(rect, colours.background)
        painter.setPen(QPen(colours.text, 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(0.75, 0.75, -0.75, -0.75))
    else:
        painter.fillRect(rect, shade)
        pattern = _PATTERNS.get(style.pattern)
        if pattern is not None:
            painter.fillRect(rect, QBrush(_contrast(shade), pattern))
        # An edge in the text's colour keeps a dark segment visible on a dark background.
        edge = QColor(colours.text)
        edge.setAlpha(150)
        painter.setPen(QPen(edge, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
    painter.restore()


def draw_marker(painter: QPainter, centre: QPointF, radius: float, index: int, style: SeriesStyle, colours: ChartColours) -> None:
    """A line chart's point: circle, square, triangle or diamond by series."""
    painter.save()
    painter.setPen(QPen(colours.text, 1.2))
    painter.setBrush(QColor(style.shade))
    x, y, r = centre.x(), centre.y(), radius
    shape = index % 4
    if shape == 0:
        painter.drawEllipse(centre, r, r)
    elif shape == 1:
        painter.drawRect(QRectF(x - r, y - r, 2 * r, 2 * r))
    elif shape == 2:
        painter.drawPolygon(QPolygonF([QPointF(x, y - r * 1.2), QPointF(x + r * 1.1, y + r * 0.9), QPointF(x - r * 1.1, y + r * 0.9)]))
    else:
        painter.drawPolygon(QPolygonF([QPointF(x, y - r * 1.3), QPointF(x + r * 1.3, y), QPointF(x, y + r * 1.3), QPointF(x - r * 1.3, y)]))
    painter.restore()


class _Layout:
    def __init__(self, font: QFont) -> None:
        self.font = QFont(font)
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.title = QFont(self.bold)
        self.title.setPointSizeF(font.pointSizeF() * 1.15 if font.pointSizeF() > 0 else 11)
        self.small = QFont(font)
        self.small.setPointSizeF(font.pointSizeF() * 0.85 if font.pointSizeF() > 0 else 8)
        self.metrics = QFontMetricsF(self.font)
        self.line = self.metrics.height()


def paint_chart(painter: QPainter, rect: QRectF, chart: Chart, colours: ChartColours, font: QFont) -> list[HitBox]:
    """Draw the whole chart (title, legend, axes, data, note) inside `rect`."""
    lay = _Layout(font)
    pad = lay.line * 0.6
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.fillRect(rect, colours.background)
    inner = rect.adjusted(pad, pad, -pad, -pad)

    painter.setFont(lay.title)
    painter.setPen(colours.text)
    title_h = QFontMetricsF(lay.title).height() * 1.3
    painter.drawText(QRectF(inner.left(), inner.top(), inner.width(), title_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, chart.title)
    top = inner.top() + title_h

    note_h = 0.0
    if chart.note:
        painter.setFont(lay.small)
        note_box = painter.boundingRect(QRectF(inner.left(), 0, inner.width(), 1000), Qt.TextFlag.TextWordWrap, chart.note)
        note_h = note_box.height() + pad * 0.5
        painter.drawText(QRectF(inner.left(), inner.bottom() - note_h + pad * 0.5, inner.width(), note_h), Qt.TextFlag.TextWordWrap, chart.note)
    legend_h = _legend(painter, QRectF(inner.left(), 0, inner.width(), 0), chart, colours, lay, measure_only=True)
    legend_top = inner.bottom() - note_h - legend_h
    _legend(painter, QRectF(inner.left(), legend_top, inner.width(), legend_h), chart, colours, lay, measure_only=False)
    plot = QRectF(inner.left(), top + pad * 0.5, inner.width(), legend_top - top - pad * 1.5)

    painter.setFont(lay.font)
    hits: list[HitBox] = []
    if chart.is_empty or plot.height() < lay.line * 3:
        painter.setPen(colours.text)
        painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No data yet")
    elif chart.kind == "line":
        hits = _line(painter, plot, chart, colours, lay)
    elif chart.horizontal:
        hits = _horizontal_bars(painter, plot, chart, colours, lay)
    else:
        hits = _vertical_bars(painter, plot, chart, colours, lay)
    painter.restore()
    return hits


def _legend(painter: QPainter, box: QRectF, chart: Chart, colours: ChartColours, lay: _Layout, *, measure_only: bool) -> float:
    """Swatches with words, wrapped into rows; returns the height used."""
    swatch = lay.line * 0.9
    gap = lay.line * 0.4
    x, y = box.left(), box.top()
    rows = 1
    painter.setFont(lay.font)
    for index, series in enumerate(chart.series):
        width = swatch + gap + lay.metrics.horizontalAdvance(series.label) + gap * 2.5
        if x + width > box.right() and x > box.left():
            x = box.left()
            y += lay.line * 1.3
            rows += 1
        if not measure_only:
            sample = QRectF(x, y + (lay.line - swatch) / 2, swatch, swatch)
            if chart.kind == "line":
                painter.save()
                painter.setPen(QPen(QColor(series.style.shade), 2.5, _DASHES[index % len(_DASHES)]))
                painter.drawLine(QPointF(sample.left() - 2, sample.center().y()), QPointF(sample.right() + 2, sample.center().y()))
                painter.restore()
                draw_marker(painter, sample.center(), swatch * 0.28, index, series.style, colours)
            else:
                fill_area(painter, sample, series.style, colours)
            painter.setPen(colours.text)
            painter.drawText(QRectF(x + swatch + gap, y, width, lay.line), Qt.AlignmentFlag.AlignVCenter, series.label)
        x += width
    return rows * lay.line * 1.3


def _value_axis_labels(chart: Chart) -> tuple[float, list[float]]:
    return chart.value_ticks()


def _tick_text(chart: Chart, value: float) -> str:
    return chart.tick_text(value)


def _vertical_bars(painter: QPainter, plot: QRectF, chart: Chart, colours: ChartColours, lay: _Layout) -> list[HitBox]:
    top_value, ticks = _value_axis_labels(chart)
    axis_w = max(lay.metrics.horizontalAdvance(_tick_text(chart, t)) for t in ticks) + lay.line * 0.5
    area = QRectF(plot.left() + axis_w, plot.top() + lay.line * 0.8, plot.width() - axis_w, plot.height() - lay.line * 2.2)
    _grid(painter, area, ticks, top_value, chart, colours, lay, vertical=True)
    n = len(chart.categories)
    slot = area.width() / n
    every = _label_every(lay, chart.categories, slot)
    hits: list[HitBox] = []
    stacked = chart.kind == "stacked_bar"
    bar_w = slot * 0.7
    for i, category in enumerate(chart.categories):
        left = area.left() + slot * i + (slot - bar_w) / 2
        base = area.bottom()
        for s_index, series in enumerate(chart.series):
            value = series.values[i]
            if value <= 0:
                continue
            height = area.height() * value / top_value
            if stacked:
                segment = QRectF(left, base - height, bar_w, height)
                base -= height
            else:
                width = bar_w / len(chart.series)
                segment = QRectF(left + width * s_index, area.bottom() - height, width, height)
            fill_area(painter, segment, series.style, colours)
            hits.append(HitBox(segment, f"{category}, {series.label}: {chart.format(value)}"))
        total = chart.total(i) if stacked else max(s.values[i] for s in chart.series)
        label = f"{total:,.{chart.decimals}f}"
        if total > 0 and lay.metrics.horizontalAdvance(label) <= slot:
            y = area.bottom() - area.height() * total / top_value
            painter.setPen(colours.text)
            painter.drawText(QRectF(left - slot, y - lay.line, bar_w + 2 * slot, lay.line), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, label)
        if i % every == 0:
            painter.setPen(colours.text)
            painter.drawText(QRectF(area.left() + slot * i - slot * (every - 1) / 2, area.bottom() + lay.line * 0.2, slot * every, lay.line),
                             Qt.AlignmentFlag.AlignHCenter, category)
    return hits


def _horizontal_bars(painter: QPainter, plot: QRectF, chart: Chart, colours: ChartColours, lay: _Layout) -> list[HitBox]:
    top_value, ticks = _value_axis_labels(chart)
    label_w = min(max(lay.metrics.horizontalAdvance(c) for c in chart.categories) + lay.line * 0.6, plot.width() * 0.38)
    total_w = lay.metrics.horizontalAdvance(chart.format(chart.largest)) + lay.line * 0.6
    area = QRectF(plot.left() + label_w, plot.top(), plot.width() - label_w - total_w, plot.height() - lay.line * 1.4)
    _grid(painter, area, ticks, top_value, chart, colours, lay, vertical=False)
    n = len(chart.categories)
    slot = area.height() / n
    bar_h = min(slot * 0.7, lay.line * 1.6)
    hits: list[HitBox] = []
    show_labels = slot >= lay.line * 0.9
    for i, category in enumerate(chart.categories):
        top = area.top() + slot * i + (slot - bar_h) / 2
        x = area.left()
        for series in chart.series:
            value = series.values[i]
            if value <= 0:
                continue
            width = area.width() * value / top_value
            segment = QRectF(x, top, width, bar_h)
            x += width
            fill_area(painter, segment, series.style, colours)
            hits.append(HitBox(segment, f"{category}, {series.label}: {chart.format(value)}"))
        painter.setPen(colours.text)
        if show_labels:
            name = lay.metrics.elidedText(category, Qt.TextElideMode.ElideRight, label_w - lay.line * 0.4)
            painter.drawText(QRectF(plot.left(), area.top() + slot * i, label_w - lay.line * 0.4, slot),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
            painter.drawText(QRectF(x + lay.line * 0.3, area.top() + slot * i, total_w, slot),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, chart.format(chart.total(i)))
    return hits


def _line(painter: QPainter, plot: QRectF, chart: Chart, colours: ChartColours, lay: _Layout) -> list[HitBox]:
    top_value, ticks = _value_axis_labels(chart)
    axis_w = max(lay.metrics.horizontalAdvance(_tick_text(chart, t)) for t in ticks) + lay.line * 0.5
    area = QRectF(plot.left() + axis_w, plot.top() + lay.line * 0.8, plot.width() - axis_w - lay.line, plot.height() - lay.line * 2.2)
    _grid(painter, area, ticks, top_value, chart, colours, lay, vertical=True)
    n = len(chart.categories)
    slot = area.width() / n
    every = _label_every(lay, chart.categories, slot)
    hits: list[HitBox] = []
    radius = max(2.5, min(slot * 0.25, lay.line * 0.22))
    for index, series in enumerate(chart.series):
        points = [
            QPointF(area.left() + slot * (i + 0.5), area.bottom() - area.height() * v / top_value) for i, v in enumerate(series.values)
        ]
        path = QPainterPath(points[0])
        for point in points[1:]:
            path.lineTo(point)
        painter.save()
        painter.setPen(QPen(QColor(series.style.shade), 2.5, _DASHES[index % len(_DASHES)], Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.restore()
        for i, point in enumerate(points):
            draw_marker(painter, point, radius, index, series.style, colours)
            hits.append(HitBox(QRectF(point.x() - slot / 2, area.top(), slot, area.height()),
                               f"{chart.categories[i]}, {series.label}: {chart.format(series.values[i])}"))
        last = points[-1]
        painter.setPen(colours.text)
        painter.drawText(QRectF(last.x() - slot * 3, last.y() - lay.line * 1.3, slot * 3 + radius, lay.line),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, chart.format(series.values[-1]))
    painter.setPen(colours.text)
    for i, category in enumerate(chart.categories):
        if i % every == 0:
            painter.drawText(QRectF(area.left() + slot * i - slot * (every - 1) / 2, area.bottom() + lay.line * 0.2, slot * every, lay.line),
                             Qt.AlignmentFlag.AlignHCenter, category)
    return hits


def _label_every(lay: _Layout, categories: tuple[str, ...], slot: float) -> int:
    widest = max(lay.metrics.horizontalAdvance(c) for c in categories) + lay.line * 0.6
    return max(1, math.ceil(widest / max(slot, 1.0)))


def _grid(painter: QPainter, area: QRectF, ticks: list[float], top_value: float, chart: Chart, colours: ChartColours,
          lay: _Layout, *, vertical: bool) -> None:
    """Gridlines with their numbers, the axis line, and the value axis's title."""
    painter.save()
    for tick in ticks:
        text = _tick_text(chart, tick)
        painter.setPen(QPen(colours.grid, 1))
        if vertical:
            y = area.bottom() - area.height() * tick / top_value
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(colours.text)
            painter.drawText(QRectF(area.left() - lay.line * 8, y - lay.line / 2, lay.line * 8 - lay.line * 0.3, lay.line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        else:
            x = area.left() + area.width() * tick / top_value
            painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
            painter.setPen(colours.text)
            painter.drawText(QRectF(x - lay.line * 3, area.bottom() + lay.line * 0.2, lay.line * 6, lay.line), Qt.AlignmentFlag.AlignHCenter, text)
    painter.setPen(QPen(colours.axis, 1.2))
    if vertical:
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.setFont(lay.small)
        painter.drawText(QRectF(area.left(), area.top() - lay.line * 1.0, area.width(), lay.line), Qt.AlignmentFlag.AlignLeft, chart.value_title)
    else:
        painter.drawLine(area.topLeft(), area.bottomLeft())
    painter.restore()
