"""The dashboard's charts drawn with ReportLab's own graphics, from the same `Chart` series
the app paints (`services.reports.dashboard_data`), so the printed highlight report shows
the screen's pictures.

Nothing is told by colour alone: every series has its hatch pattern (drawn here as lines
or dots over the shade) and its symbol in the legend, line charts mark their points with
a different shape per series, bars carry their numbers, and each chart is followed by its
figures as a table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from lipanel_desktop.printing import fonts
from lipanel_desktop.printing.styles import ACCENT, INK, RULE

if TYPE_CHECKING:
    from lipanel_desktop.services.reports.dashboard_data import Chart, SeriesStyle

FONT_SIZE = 7.5
HATCH = 3.2  # points between hatch lines
BAR_ROW = 15  # height of one horizontal bar's row


def _text_width(text: str, size: float = FONT_SIZE) -> float:
    return stringWidth(fonts.printable(text), fonts.CONDENSED, size)


def _string(x: float, y: float, text: str, *, anchor: str = "start", size: float = FONT_SIZE, bold: bool = False,
            colour: colors.Color = INK) -> String:
    return String(x, y, fonts.printable(text), fontName=fonts.CONDENSED_BOLD if bold else fonts.CONDENSED, fontSize=size,
                  fillColor=colour, textAnchor=anchor)


def _contrast(shade: colors.Color) -> colors.Color:
    luminance = 0.299 * shade.red + 0.587 * shade.green + 0.114 * shade.blue
    return colors.black if luminance > 0.5 else colors.white


def _hatch(x: float, y: float, w: float, h: float, pattern: str, ink: colors.Color) -> list[object]:
    """Lines (or dots) of a pattern inside the box, computed so none leaves it."""
    out: list[object] = []
    x1, y1 = x + w, y + h

    def line(ax: float, ay: float, bx: float, by: float) -> None:
        out.append(Line(ax, ay, bx, by, strokeColor=ink, strokeWidth=0.6))

    if pattern in ("horizontal", "cross"):
        k = y + HATCH / 2
        while k < y1:
            line(x, k, x1, k)
            k += HATCH
    if pattern in ("vertical", "cross"):
        k = x + HATCH / 2
        while k < x1:
            line(k, y, k, y1)
            k += HATCH
    if pattern in ("diagonal", "back_diagonal"):
        step = HATCH * 1.4
        forward = pattern == "diagonal"  # up to the right; back_diagonal up to the left
        along = [(x + i * step, y) if forward else (x1 - i * step, y) for i in range(int(w / step) + 1)]
        up = [(x if forward else x1, y + i * step) for i in range(1, int(h / step) + 1)]
        for sx, sy in along + up:
            room = min((x1 - sx) if forward else (sx - x), y1 - sy)
            if room > 0.5:
                line(sx, sy, sx + room if forward else sx - room, sy + room)
    if pattern == "dots":
        row = 0
        k = y + HATCH / 2
        while k < y1:
            j = x + (HATCH / 2 if row % 2 else HATCH)
            while j < x1:
                out.append(Circle(j, k, 0.55, fillColor=ink, strokeColor=None))
                j += HATCH * 1.3
            k += HATCH
            row += 1
    return out


def swatch(x: float, y: float, w: float, h: float, style: "SeriesStyle") -> Group:
    """A bar segment or legend key: shade, pattern, edge. "outline" is a dashed frame."""
    group = Group()
    if style.pattern == "outline":
        group.add(Rect(x, y, w, h, fillColor=colors.white, strokeColor=INK, strokeWidth=0.9, strokeDashArray=[2, 1.5]))
        return group
    shade = colors.HexColor(style.shade)
    group.add(Rect(x, y, w, h, fillColor=shade, strokeColor=None))
    for shape in _hatch(x, y, w, h, style.pattern, _contrast(shade)):
        group.add(shape)  # type: ignore[arg-type]
    group.add(Rect(x, y, w, h, fillColor=None, strokeColor=INK, strokeWidth=0.4))
    return group


def _marker(x: float, y: float, index: int, style: "SeriesStyle") -> object:
    shade, r = colors.HexColor(style.shade), 2.6
    shape = index % 4
    if shape == 0:
        return Circle(x, y, r, fillColor=shade, strokeColor=INK, strokeWidth=0.6)
    if shape == 1:
        return Rect(x - r, y - r, 2 * r, 2 * r, fillColor=shade, strokeColor=INK, strokeWidth=0.6)
    if shape == 2:
        return Polygon([x, y + r * 1.2, x + r * 1.1, y - r * 0.9, x - r * 1.1, y - r * 0.9], fillColor=shade,
                       strokeColor=INK, strokeWidth=0.6)
    return Polygon([x, y + r * 1.3, x + r * 1.3, y, x, y - r * 1.3, x - r * 1.3, y], fillColor=shade, strokeColor=INK,
                   strokeWidth=0.6)


def _legend(drawing: Drawing, chart: "Chart", width: float, top: float) -> float:
    """Keys in rows under the title; returns the y below them."""
    x, y = 0.0, top - 10
    for index, series in enumerate(chart.series):
        words = f"{series.style.symbol} {series.label}"
        need = 16 + _text_width(words) + 12
        if x and x + need > width:
            x, y = 0.0, y - 12
        if chart.kind == "line":
            drawing.add(Line(x, y + 3, x + 12, y + 3, strokeColor=colors.HexColor(series.style.shade), strokeWidth=1.6))
            drawing.add(_marker(x + 6, y + 3, index, series.style))  # type: ignore[arg-type]
        else:
            drawing.add(swatch(x, y, 12, 7, series.style))
        drawing.add(_string(x + 15, y + 0.5, words))
        x += need
    return y - 8


def _label_every(categories: tuple[str, ...], slot: float) -> int:
    widest = max((_text_width(c) for c in categories), default=0.0) + 6
    return max(1, int(-(-widest // max(slot, 1.0))))


def _grid(drawing: Drawing, left: float, bottom: float, right: float, top: float, ticks: list[float], top_value: float,
          chart: "Chart", *, horizontal: bool) -> None:
    for value in ticks:
        if horizontal:
            x = left + (right - left) * value / top_value
            drawing.add(Line(x, bottom, x, top, strokeColor=RULE, strokeWidth=0.3))
            drawing.add(_string(x, bottom - 9, chart.tick_text(value), anchor="middle"))
        else:
            y = bottom + (top - bottom) * value / top_value
            drawing.add(Line(left, y, right, y, strokeColor=RULE, strokeWidth=0.3))
            drawing.add(_string(left - 3, y - 2.5, chart.tick_text(value), anchor="end"))


def chart_drawing(chart: "Chart", width: float) -> Drawing:
    """One chart as a ReportLab drawing `width` points wide (its height follows)."""
    n = max(len(chart.categories), 1)
    body = BAR_ROW * n + 14 if chart.horizontal else 150.0
    legend_rows = 1 + int(sum(28 + _text_width(s.label) for s in chart.series) // max(width, 1))
    height = 16 + 12 * legend_rows + 8 + body + 16
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 11, fonts.printable(chart.title), fontName=fonts.SANS_BOLD, fontSize=9.5, fillColor=ACCENT))
    plot_top = _legend(drawing, chart, width, height - 16)
    if chart.is_empty:
        drawing.add(_string(0, plot_top - 14, "No data yet.", size=8.5))
        return drawing
    top_value, ticks = chart.value_ticks()
    if chart.horizontal:
        left = min(max(_text_width(c) for c in chart.categories) + 8, width * 0.38)
        right, bottom = width - 30, 14
        _grid(drawing, left, bottom, right, plot_top, ticks, top_value, chart, horizontal=True)
        row = (plot_top - bottom) / n
        for i, category in enumerate(chart.categories):
            y = plot_top - row * (i + 1) + row * 0.18
            label = category
            while label and _text_width(label) > left - 6:
                label = label[:-2] + "…"
            drawing.add(_string(left - 4, y + row * 0.2, label, anchor="end"))
            x = left
            for series in chart.series:
                value = series.values[i]
                if value:
                    w = (right - left) * value / top_value
                    drawing.add(swatch(x, y, w, row * 0.64, series.style))
                    x += w
            drawing.add(_string(x + 3, y + row * 0.2, chart.format(chart.total(i)) if chart.kind == "stacked_bar"
                                else chart.format(chart.series[0].values[i]), bold=True))
        return drawing
    left, bottom, right = 30.0, 22.0, width - 4
    _grid(drawing, left, bottom, right, plot_top, ticks, top_value, chart, horizontal=False)
    slot = (right - left) / n
    every = _label_every(chart.categories, slot)
    for i, category in enumerate(chart.categories):
        if i % every == 0:
            drawing.add(_string(left + slot * (i + 0.5), bottom - 10, category, anchor="middle"))
    if chart.kind == "line":
        for index, series in enumerate(chart.series):
            points = [(left + slot * (i + 0.5), bottom + (plot_top - bottom) * v / top_value) for i, v in enumerate(series.values)]
            flat = [c for point in points for c in point]
            dash = None if index == 0 else [3, 2]
            drawing.add(PolyLine(flat, strokeColor=colors.HexColor(series.style.shade), strokeWidth=1.4, strokeDashArray=dash))
            for x, y in points:
                drawing.add(_marker(x, y, index, series.style))  # type: ignore[arg-type]
        return drawing
    stacked = chart.kind == "stacked_bar"
    each = slot * 0.64 / (1 if stacked else max(len(chart.series), 1))
    for i in range(len(chart.categories)):
        y, x = bottom, left + slot * (i + 0.18)
        for series in chart.series:
            value = series.values[i]
            h = (plot_top - bottom) * value / top_value
            if value:
                drawing.add(swatch(x, y, each, h, series.style))
            if stacked:
                y += h
            else:
                if value:
                    drawing.add(_string(x + each / 2, bottom + h + 2, chart.format(value), anchor="middle", bold=True))
                x += each
        if stacked and chart.total(i):
            drawing.add(_string(left + slot * (i + 0.5), y + 2, chart.format(chart.total(i)), anchor="middle", bold=True))
    return drawing
