"""Drawing the timeline with QPainter: one function used by the widget, the PNG export
and the picture in PDF packs, so what is printed is what is on screen.

Lanes are agencies; markers are shaped *and* coloured by significance (diamond high,
circle medium, square low, hollow triangle context), with a legend in words. Dates
known only roughly are bars across their span; "before" and "after" dates are bars
fading from their bound. The period under review is shaded with dashed edges, gaps are
hatched and labelled, events seen by several agencies are linked (dash-dot when their
dates differ). Zoomed out, events sharing a few pixels of a lane are drawn as one
marker of the most significant among them, ringed, and labels are hidden: a frame
draws a few thousand small pixmaps at most, whatever the number of entries.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
)

from lipanel_desktop.views.timeline import axis
from lipanel_desktop.views.timeline.data import AFTER, BEFORE, TimelineData, one_line
from lipanel_desktop.views.timeline.legend import Legend, hatch_colour, legend_rows

SHAPES = ("diamond", "circle", "square", "triangle")
LIGHT_COLOURS = ("#b3261e", "#c25e00", "#1f5fa8", "#5f6b7a")
DARK_COLOURS = ("#ff7b72", "#ffb347", "#79b8ff", "#ffffff")
#: Draw event labels only when this few markers are on screen.
LABEL_LIMIT = 160
LINK_LIMIT = 300
#: Draw approximate dates one by one up to this many on screen; beyond, each lane's union.
SPAN_LIMIT = 300


@dataclass
class Viewport:
    """Which days are on screen: the day at the plot's left edge and pixels per day,
    and how far the lanes are scrolled down."""

    left: float = 0.0
    px_per_day: float = 1.0
    top: float = 0.0


@dataclass
class Layout:
    width: float
    height: float
    label_width: float
    axis_height: float
    legend_height: float
    lane_height: float
    marker: float

    @property
    def plot_left(self) -> float:
        return self.label_width

    @property
    def plot_width(self) -> float:
        return max(1.0, self.width - self.label_width)

    @property
    def lanes_top(self) -> float:
        return self.axis_height

    @property
    def lanes_bottom(self) -> float:
        return self.height - self.legend_height


#: A marker drawn in the last frame: [x, y, event index, how many events it stands for].
Hit = list


@dataclass
class Frame:
    """What the last paint drew where, for hit testing, tooltips and tests."""

    layout: Layout | None = None
    hits: list[list] = field(default_factory=list)
    clustered: bool = False
    labels: int = 0


def layout_for(data: TimelineData, font: QFont, width: float, height: float) -> Layout:
    metrics = QFontMetricsF(font)
    line = metrics.height()
    widest = max((metrics.horizontalAdvance(name) for name in data.lanes), default=80.0)
    axis_height = round(line * 2 + 8)
    legend_height = round(line * 1.6 + 10) * legend_rows(metrics, line, width)
    least = max(round(line * 2.4), 30)
    room = (height - axis_height - legend_height) / max(len(data.lanes), 1)
    return Layout(
        width=width,
        height=height,
        label_width=min(max(widest + 20, 90.0), max(120.0, width * 0.25)),
        axis_height=axis_height,
        legend_height=legend_height,
        lane_height=min(max(least, room), least * 2),
        marker=max(round(line * 0.85), 10),
    )


def _mix(base: QColor, tint: QColor, share: float) -> QColor:
    return QColor(round(base.red() + (tint.red() - base.red()) * share),
                  round(base.green() + (tint.green() - base.green()) * share),
                  round(base.blue() + (tint.blue() - base.blue()) * share))


def colours(palette: QPalette) -> tuple[QColor, ...]:
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    return tuple(QColor(c) for c in (DARK_COLOURS if dark else LIGHT_COLOURS))


class Painter:
    """Holds the marker pixmaps for one palette, font size and pixel ratio."""

    def __init__(self, palette: QPalette, font: QFont, ratio: float = 1.0) -> None:
        self.palette = palette
        self.font = font
        self.ratio = ratio
        self.colours = colours(palette)
        self._pixmaps: dict[tuple[int, int, bool], QPixmap] = {}
        self.legend = Legend(self)

    # -- markers ------------------------------------------------------------------------

    def marker_path(self, rank: int, size: float, centre: QPointF) -> QPainterPath:
        half = size / 2
        x, y = centre.x(), centre.y()
        path = QPainterPath()
        shape = SHAPES[rank]
        if shape == "diamond":
            path.addPolygon(QPolygonF([QPointF(x, y - half), QPointF(x + half, y), QPointF(x, y + half),
                                       QPointF(x - half, y), QPointF(x, y - half)]))
        elif shape == "circle":
            path.addEllipse(centre, half * 0.85, half * 0.85)
        elif shape == "square":
            side = half * 0.8
            path.addRect(QRectF(x - side, y - side, 2 * side, 2 * side))
        else:
            path.addPolygon(QPolygonF([QPointF(x, y - half), QPointF(x + half, y + half * 0.8),
                                       QPointF(x - half, y + half * 0.8), QPointF(x, y - half)]))
        return path

    def draw_marker(self, painter: QPainter, rank: int, size: float, centre: QPointF, *, ring: bool = False) -> None:
        colour = self.colours[rank]
        outline = self.palette.color(QPalette.ColorRole.Text)
        if ring:
            painter.setPen(QPen(colour, 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, size * 0.72, size * 0.72)
        painter.setPen(QPen(colour if SHAPES[rank] == "triangle" else outline, 1.6 if rank == 3 else 0.8))
        painter.setBrush(Qt.BrushStyle.NoBrush if SHAPES[rank] == "triangle" else QBrush(colour))
        painter.drawPath(self.marker_path(rank, size, centre))

    def pixmap(self, rank: int, size: int, ring: bool) -> QPixmap:
        key = (rank, size, ring)
        found = self._pixmaps.get(key)
        if found is None:
            side = int((size * 1.6 + 4) * self.ratio)
            found = QPixmap(side, side)
            found.setDevicePixelRatio(self.ratio)
            found.fill(Qt.GlobalColor.transparent)
            p = QPainter(found)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            centre = side / self.ratio / 2
            self.draw_marker(p, rank, size, QPointF(centre, centre), ring=ring)
            p.end()
            self._pixmaps[key] = found
        return found

    # -- the whole picture --------------------------------------------------------------

    def paint(self, p: QPainter, data: TimelineData, view: Viewport, lay: Layout, *,
              selected: int | None = None, focused: bool = False) -> Frame:
        frame = Frame(layout=lay)
        pal = self.palette
        p.setFont(self.font)
        metrics = QFontMetricsF(self.font)
        p.fillRect(QRectF(0, 0, lay.width, lay.height), pal.color(QPalette.ColorRole.Base))
        left = view.left
        right = left + lay.plot_width / view.px_per_day

        def x_of(day: float) -> float:
            return lay.plot_left + (day - left) * view.px_per_day

        lane_top = lay.lanes_top - view.top
        bottom = min(lay.lanes_bottom, lane_top + len(data.lanes) * lay.lane_height)
        plot = QRectF(lay.plot_left, lay.lanes_top, lay.plot_width, max(0.0, bottom - lay.lanes_top))
        self._stripes(p, data, lay, lane_top, plot, x_of)
        p.save()
        p.setClipRect(QRectF(lay.plot_left, lay.lanes_top, lay.plot_width, lay.lanes_bottom - lay.lanes_top))
        self._period_and_gaps(p, data, plot, x_of, metrics)
        grid = QPen(pal.color(QPalette.ColorRole.Mid), 0)
        tick_list = axis.ticks(left, right, view.px_per_day, metrics.horizontalAdvance("00/00/0000") + 24)
        for tick in tick_list:
            grid.setStyle(Qt.PenStyle.SolidLine if tick.major else Qt.PenStyle.DotLine)
            p.setPen(grid)
            x = x_of(tick.day)
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        if data.birth is not None and left <= data.birth <= right:
            x = x_of(data.birth)
            p.setPen(QPen(pal.color(QPalette.ColorRole.Text), 1.5))
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            p.drawText(QPointF(x + 4, plot.bottom() - 4), "Born")
        self._events(p, data, view, lay, lane_top, left, right, x_of, frame, selected, focused, metrics)
        p.restore()
        self._axis(p, lay, tick_list, x_of, metrics)
        self._lane_labels(p, data, lay, lane_top, metrics)
        p.drawPixmap(QPointF(0, lay.lanes_bottom), self.legend.pixmap(lay, metrics))
        return frame

    def _stripes(self, p: QPainter, data: TimelineData, lay: Layout, lane_top: float, plot: QRectF, x_of) -> None:
        """Alternate lanes shaded, and the period under review tinted: opaque colours mixed
        here, because blending a translucent fill over the whole plot costs milliseconds."""
        pal = self.palette
        tint = pal.color(QPalette.ColorRole.Highlight)
        plain = (pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.AlternateBase))
        tinted = tuple(_mix(colour, tint, 0.11) for colour in plain)
        x0 = x1 = None
        if data.period is not None:
            x0 = max(x_of(data.period[0]), plot.left())
            x1 = min(x_of(data.period[1]), plot.right())
        p.save()
        p.setClipRect(QRectF(0, lay.lanes_top, lay.width, lay.lanes_bottom - lay.lanes_top))
        for lane in range(len(data.lanes)):
            y = lane_top + lane * lay.lane_height
            if lane % 2:
                p.fillRect(QRectF(0, y, lay.width, lay.lane_height), plain[1])
            if x0 is not None and x1 is not None and x1 > x0:
                p.fillRect(QRectF(x0, y, x1 - x0, lay.lane_height), tinted[lane % 2])
        p.restore()

    def _period_and_gaps(self, p: QPainter, data: TimelineData, plot: QRectF, x_of, metrics: QFontMetricsF) -> None:
        pal = self.palette
        if data.period is not None:
            x0, x1 = x_of(data.period[0]), x_of(data.period[1])
            edge = QPen(pal.color(QPalette.ColorRole.Highlight), 1.5, Qt.PenStyle.DashLine)
            p.setPen(edge)
            for x in (x0, x1):
                p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        hatch = hatch_colour(pal)
        for first, last, days in data.gaps:
            x0, x1 = x_of(first), x_of(last)
            if x1 < plot.left() or x0 > plot.right():
                continue
            area = QRectF(x0, plot.top(), x1 - x0, plot.height())
            fill = QColor(hatch)
            fill.setAlpha(30)
            p.fillRect(area, fill)
            p.fillRect(area, QBrush(hatch, Qt.BrushStyle.BDiagPattern))
            text = f"Gap: {days:,} days"
            if metrics.horizontalAdvance(text) + 8 < area.width():
                p.setPen(pal.color(QPalette.ColorRole.Text))
                box = QRectF(max(x0, plot.left()) + 4, plot.top() + 2, metrics.horizontalAdvance(text) + 6,
                             metrics.height())
                p.fillRect(box, pal.color(QPalette.ColorRole.Base))
                p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _events(self, p: QPainter, data: TimelineData, view: Viewport, lay: Layout, lane_top: float, left: float,
                right: float, x_of, frame: Frame, selected: int | None, focused: bool,
                metrics: QFontMetricsF) -> None:
        size = lay.marker
        ppd = view.px_per_day
        origin = lay.plot_left - left * ppd
        lanes = self._visible_lanes(data, lay, lane_top)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._spans(p, data, lanes, lay, lane_top, left, right, origin, ppd, size)
        cells = self._clusters(data, lanes, lay, lane_top, left, right, origin, ppd, size)
        frame.clustered = any(c[3] > 1 for c in cells)
        offset = (size * 1.6 + 4) / 2
        rank = data.rank
        pixmaps = [[self.pixmap(r, int(size), ring) for ring in (False, True)] for r in range(4)]
        draw = p.drawPixmap
        for x, y, i, count in cells:
            draw(QPointF(x - offset, y - offset), pixmaps[rank[i]][count > 1])
        frame.hits = cells
        if len(cells) <= LINK_LIMIT:
            self._links(p, data, frame, lane_top, lay, origin, ppd)
        if len(cells) <= LABEL_LIMIT:
            frame.labels = self._labels(p, data, frame, size, metrics, lay)
        if selected is not None and 0 <= selected < len(data):
            self._selection(p, data, selected, lane_top, lay, origin, ppd, focused, metrics)

    @staticmethod
    def _visible_lanes(data: TimelineData, lay: Layout, lane_top: float) -> list[tuple[int, float]]:
        out = []
        for lane in range(len(data.lanes)):
            y = lane_top + lane * lay.lane_height + lay.lane_height / 2
            if lay.lanes_top - lay.lane_height <= y <= lay.lanes_bottom + lay.lane_height:
                out.append((lane, y))
        return out

    @staticmethod
    def _clusters(data: TimelineData, lanes: list[tuple[int, float]], lay: Layout, lane_top: float, left: float,
                  right: float, origin: float, ppd: float, size: float) -> list[list]:
        """One marker per few pixels of each lane, found by bisection: a frame costs the
        number of markers drawn, not the number of entries. Buckets are fixed in days,
        so markers do not jump while panning."""
        width = max(size * 0.9, 4.0) / ppd
        cells: list[list] = []
        for lane, y in lanes:
            middles, indexes, by_rank = data.lane_mid[lane], data.lane_index[lane], data.lane_rank_mid[lane]
            pos = bisect_left(middles, left - width)
            count_all = len(middles)
            while pos < count_all and middles[pos] <= right + width:
                k = int(middles[pos] // width)
                low, high = k * width, (k + 1) * width
                end = bisect_left(middles, high, pos)
                count = end - pos
                if count == 1:
                    cells.append([origin + middles[pos] * ppd, y, indexes[pos], 1])
                else:
                    found = pos
                    for rank_list in by_rank:
                        at = bisect_left(rank_list, low)
                        if at < len(rank_list) and rank_list[at] < high:
                            found = bisect_left(middles, rank_list[at], pos, end)
                            break
                    cells.append([origin + middles[found] * ppd, y, indexes[found], count])
                pos = end
        return cells

    def _spans(self, p: QPainter, data: TimelineData, lanes: list[tuple[int, float]], lay: Layout, lane_top: float,
               left: float, right: float, origin: float, ppd: float, size: float) -> None:
        """Approximate dates as bars; when too many are on screen, each lane's union."""
        first = bisect_left(data.span_starts, left - data.longest)
        last = bisect_left(data.span_starts, right)
        shown = {lane for lane, _ in lanes}
        if last - first > SPAN_LIMIT:
            for lane, y in lanes:
                union = data.lane_union[lane]
                neutral = QColor(self.palette.color(QPalette.ColorRole.Text))
                neutral.setAlpha(40)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(neutral)
                for begin, end in union[max(0, bisect_left(union, (left,)) - 1):bisect_left(union, (right,))]:
                    if end >= left:
                        p.drawRoundedRect(QRectF(origin + begin * ppd, y - size * 0.22, (end - begin) * ppd,
                                                 size * 0.44), 3, 3)
            return
        for n in range(first, last):
            i = data.span_index[n]
            if data.end[i] < left or data.lane[i] not in shown:
                continue
            x0, x1 = origin + data.start[i] * ppd, origin + data.end[i] * ppd
            if x1 - x0 < size * 1.5:
                continue
            y = lane_top + data.lane[i] * lay.lane_height + lay.lane_height / 2
            rank = data.rank[i]
            colour = QColor(self.colours[rank])
            colour.setAlpha(55)
            rect = QRectF(x0, y - size * 0.22, x1 - x0, size * 0.44)
            open_ended = data.kind[i] in (BEFORE, AFTER)
            if open_ended:
                gradient = QLinearGradient(rect.topLeft(), rect.topRight())
                faint = QColor(colour)
                faint.setAlpha(0)
                gradient.setColorAt(0.0, faint if data.kind[i] == BEFORE else colour)
                gradient.setColorAt(1.0, colour if data.kind[i] == BEFORE else faint)
                p.setBrush(QBrush(gradient))
            else:
                p.setBrush(colour)
            p.setPen(QPen(QColor(self.colours[rank]), 1, Qt.PenStyle.DotLine if open_ended else Qt.PenStyle.SolidLine))
            p.drawRoundedRect(rect, 3, 3)

    def _links(self, p: QPainter, data: TimelineData, frame: Frame, lane_top: float, lay: Layout, origin: float,
               ppd: float) -> None:
        done: set[int] = set()
        text = self.palette.color(QPalette.ColorRole.Text)
        for _x, _y, index, count in frame.hits:
            group = data.group.get(index)
            if group is None or group in done or count > 1:
                continue
            done.add(group)
            members = sorted(data.group_members[group], key=lambda m: data.lane[m])
            points = [QPointF(origin + data.middle(m) * ppd,
                              lane_top + data.lane[m] * lay.lane_height + lay.lane_height / 2) for m in members]
            conflict = group in data.conflicts
            p.setPen(QPen(self.colours[0] if conflict else text, 1.4,
                          Qt.PenStyle.DashDotLine if conflict else Qt.PenStyle.DashLine))
            for a, b in zip(points, points[1:]):
                p.drawLine(a, b)

    def _labels(self, p: QPainter, data: TimelineData, frame: Frame, size: float, metrics: QFontMetricsF,
                lay: Layout) -> int:
        """A short label after each marker, cut to the room before the next marker in its lane."""
        by_lane: dict[int, list[list]] = {}
        for hit in frame.hits:
            by_lane.setdefault(data.lane[hit[2]], []).append(hit)
        drawn = 0
        p.setPen(self.palette.color(QPalette.ColorRole.Text))
        least = metrics.horizontalAdvance("Home vis…")
        for hits in by_lane.values():
            hits.sort(key=lambda h: h[0])
            for (x, y, index, count), after in zip(hits, [*hits[1:], None]):
                start = x + size * 0.8
                room = min((after[0] - size if after else lay.width) - start, 240.0)
                if count > 1 or room < least:
                    continue
                text = metrics.elidedText(one_line(data.rows[index].event, 120), Qt.TextElideMode.ElideRight, room)
                p.drawText(QPointF(start, y + metrics.ascent() / 2 - 1), text)
                drawn += 1
        return drawn

    def _selection(self, p: QPainter, data: TimelineData, index: int, lane_top: float, lay: Layout, origin: float,
                   ppd: float, focused: bool, metrics: QFontMetricsF) -> None:
        x = origin + data.middle(index) * ppd
        y = lane_top + data.lane[index] * lay.lane_height + lay.lane_height / 2
        highlight = self.palette.color(QPalette.ColorRole.Highlight)
        p.setPen(QPen(highlight, 3 if focused else 2, Qt.PenStyle.SolidLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(QPointF(x, y), lay.marker * 0.95, lay.marker * 0.95)
        self.draw_marker(p, data.rank[index], lay.marker, QPointF(x, y))
        row = data.rows[index]
        text = metrics.elidedText(f"{row.date_display} · {one_line(row.event, 140)}", Qt.TextElideMode.ElideRight, 360)
        box = QRectF(x + lay.marker, y - lay.lane_height / 2 + 1, metrics.horizontalAdvance(text) + 10,
                     metrics.height() + 2)
        p.fillRect(box, self.palette.color(QPalette.ColorRole.ToolTipBase))
        p.setPen(QPen(highlight, 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(box)
        p.setPen(self.palette.color(QPalette.ColorRole.ToolTipText))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _axis(self, p: QPainter, lay: Layout, tick_list: list[axis.Tick], x_of, metrics: QFontMetricsF) -> None:
        pal = self.palette
        band = QRectF(0, 0, lay.width, lay.axis_height)
        p.fillRect(band, pal.color(QPalette.ColorRole.Window))
        p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        p.drawLine(QPointF(0, lay.axis_height - 0.5), QPointF(lay.width, lay.axis_height - 0.5))
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        baseline = lay.axis_height - 8
        for tick in tick_list:
            x = x_of(tick.day)
            if x < lay.plot_left - 1:
                continue
            p.drawLine(QPointF(x, baseline + (0 if tick.major else 3)), QPointF(x, lay.axis_height))
            if tick.label:
                p.drawText(QPointF(x + 3, baseline - metrics.descent() - 2), tick.label)

    def _lane_labels(self, p: QPainter, data: TimelineData, lay: Layout, lane_top: float,
                     metrics: QFontMetricsF) -> None:
        pal = self.palette
        column = QRectF(0, lay.lanes_top, lay.label_width, lay.lanes_bottom - lay.lanes_top)
        p.save()
        p.setClipRect(column)
        p.fillRect(column, pal.color(QPalette.ColorRole.Window))
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        # A lane partly scrolled out of sight keeps its name whole in the part still seen,
        # clear of the "more agencies" notes; a name with no room for a line is left out.
        band = metrics.height() + 4
        top = lay.lanes_top + (band if lane_top < lay.lanes_top - 1 else 0)
        bottom = lay.lanes_bottom - (band if lane_top + len(data.lanes) * lay.lane_height > lay.lanes_bottom + 1 else 0)
        for lane, name in enumerate(data.lanes):
            y = lane_top + lane * lay.lane_height
            first, last = max(y, top), min(y + lay.lane_height, bottom)
            if last - first < metrics.height():
                continue
            text = metrics.elidedText(name, Qt.TextElideMode.ElideRight, lay.label_width - 14)
            p.drawText(QRectF(8, first, lay.label_width - 12, last - first), Qt.AlignmentFlag.AlignVCenter, text)
        p.restore()
        p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        p.drawLine(QPointF(lay.label_width - 0.5, 0), QPointF(lay.label_width - 0.5, lay.lanes_bottom))
        height = lay.lanes_bottom - lay.lanes_top
        if len(data.lanes) * lay.lane_height > height + 1:  # lanes off screen: say so, in words
            p.setPen(pal.color(QPalette.ColorRole.WindowText))
            band = metrics.height() + 4
            if lane_top < lay.lanes_top - 1:
                box = QRectF(0, lay.lanes_top, lay.label_width - 1, band)
                p.fillRect(box, pal.color(QPalette.ColorRole.Window))
                p.drawText(box.adjusted(8, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, "▲ more agencies")
            if lane_top + len(data.lanes) * lay.lane_height > lay.lanes_bottom + 1:
                box = QRectF(0, lay.lanes_bottom - band, lay.label_width - 1, band)
                p.fillRect(box, pal.color(QPalette.ColorRole.Window))
                p.drawText(box.adjusted(8, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, "▼ more agencies")
        if not data.lanes:
            p.setPen(pal.color(QPalette.ColorRole.WindowText))
            p.drawText(QRectF(lay.plot_left, lay.lanes_top, lay.plot_width, lay.lanes_bottom - lay.lanes_top),
                       Qt.AlignmentFlag.AlignCenter, "No chronology entries yet.")
