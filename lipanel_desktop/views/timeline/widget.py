"""The timeline widget: a swimlane per agency on an adaptive time axis.

Mouse: drag to pan, Ctrl+wheel to zoom around the pointer, wheel to pan in time
(Shift+wheel between lanes), hover for a tooltip, click an event to open it (a click on
a ringed cluster zooms in on it). Keys: arrows pan, + and − zoom, 0 shows everything;
N or Ctrl+→ goes to the next event, P or Ctrl+← to the previous, Ctrl+↑/↓ to the
nearest event in the lane above or below, Home and End to the first and last, Enter
opens the selected event. Each move is announced to screen readers.

Every paint is timed (`frame_times`, milliseconds) for the benchmarks.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections import deque
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QPointF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from lipanel_desktop.views.timeline.data import TimelineData
from lipanel_desktop.views.timeline.painter import Frame, Layout, Painter, Viewport, layout_for

ZOOM_STEP = 1.5
MAX_PX_PER_DAY = 400.0
DRAG_THRESHOLD = 5
KEYS_HELP = ("Arrow keys pan; + and − zoom; 0 shows everything; N and P (or Ctrl+arrows) move from event to "
             "event; Ctrl+Up and Ctrl+Down change agency; Enter opens the selected event.")


@dataclass(frozen=True)
class HitInfo:
    x: float
    y: float
    index: int
    count: int


class TimelineWidget(QWidget):
    #: An event was clicked or Enter pressed on it: the chronology entry's id.
    entry_activated = Signal(int)
    #: The selected event changed: its entry id (or -1) and a sentence describing it.
    selection_changed = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = TimelineData()
        self.view = Viewport()
        self.selected: int | None = None
        self.frame = Frame()
        self.frame_times: deque[float] = deque(maxlen=500)
        self._painter: Painter | None = None
        self._press: QPoint | None = None
        self._press_view: tuple[float, float] = (0.0, 0.0)
        self._dragged = False
        self._fitted = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Timeline of the combined chronology")
        self.setAccessibleDescription(KEYS_HELP)
        self.setWhatsThis(KEYS_HELP)

    # -- data ---------------------------------------------------------------------------

    def set_data(self, data: TimelineData, *, keep_view: bool = False) -> None:
        previous = self.selected_entry_id()
        self.data = data
        self.selected = None
        if previous is not None:
            self.selected = next((i for i, r in enumerate(data.rows) if r.id == previous), None)
        if not keep_view or not self._fitted:
            self.fit()
        self.update()

    def clear(self) -> None:
        self.set_data(TimelineData())
        self.setAccessibleDescription(KEYS_HELP)

    def selected_entry_id(self) -> int | None:
        if self.selected is None or self.selected >= len(self.data):
            return None
        return self.data.rows[self.selected].id

    def select_entry(self, entry_id: int) -> bool:
        for index, row in enumerate(self.data.rows):
            if row.id == entry_id:
                self._select(index)
                return True
        return False

    # -- geometry -----------------------------------------------------------------------

    def plan(self) -> Layout:
        """Where the axis, lanes and legend go at the current size and font."""
        return layout_for(self.data, self.font(), self.width(), self.height())

    def fit(self) -> None:
        """Show everything: the entries and the period under review, with a margin."""
        lay = self.plan()
        first, last = self.data.first, self.data.last
        span = max(last - first, 30.0)
        margin = span * 0.03
        self.view.px_per_day = lay.plot_width / (span + 2 * margin)
        self.view.left = first - margin
        self.view.top = 0.0
        self._fitted = len(self.data) > 0  # an empty timeline's view is only a placeholder
        self.update()

    def min_px_per_day(self) -> float:
        span = max(self.data.last - self.data.first, 30.0)
        return self.plan().plot_width / (span * 1.5)

    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        lay = self.plan()
        if anchor_x is None:
            anchor_x = (self._x_of(self.data.middle(self.selected)) if self.selected is not None
                        else lay.plot_left + lay.plot_width / 2)
        day = self.view.left + (anchor_x - lay.plot_left) / self.view.px_per_day
        scale = min(max(self.view.px_per_day * factor, self.min_px_per_day()), MAX_PX_PER_DAY)
        self.view.px_per_day = scale
        self.view.left = day - (anchor_x - lay.plot_left) / scale
        self.update()

    def pan(self, dx_pixels: float, dy_pixels: float = 0.0) -> None:
        self.view.left += dx_pixels / self.view.px_per_day
        self.view.top = self._clamped_top(self.view.top + dy_pixels)
        self.update()

    def _clamped_top(self, top: float) -> float:
        lay = self.plan()
        room = len(self.data.lanes) * lay.lane_height - (lay.lanes_bottom - lay.lanes_top)
        return min(max(top, 0.0), max(room, 0.0))

    def _x_of(self, day: float) -> float:
        return self.plan().plot_left + (day - self.view.left) * self.view.px_per_day

    def x_for_day(self, day: float) -> float:
        """Where a day (ordinal, with fraction) is drawn: for tests and tooltips."""
        return self._x_of(day)

    def lane_centre(self, lane: int) -> float:
        lay = self.plan()
        return lay.lanes_top - self.view.top + lane * lay.lane_height + lay.lane_height / 2

    # -- painting -----------------------------------------------------------------------

    def painter(self) -> Painter:
        ratio = self.devicePixelRatioF()
        if (self._painter is None or self._painter.font != self.font() or self._painter.ratio != ratio
                or self._painter.palette != self.palette()):
            self._painter = Painter(self.palette(), self.font(), ratio)
        return self._painter

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        started = time.perf_counter()
        p = QPainter(self)
        try:
            self.frame = self.painter().paint(p, self.data, self.view, self.plan(), selected=self.selected,
                                              focused=self.hasFocus())
        finally:
            p.end()
        self.frame_times.append((time.perf_counter() - started) * 1000)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Keep the same days on screen when the window changes size."""
        old_width = event.oldSize().width()
        if not self._fitted or old_width <= 0:
            self.fit()
        else:
            label = self.plan().label_width
            before = max(old_width - label, 1.0)
            after = max(self.width() - label, 1.0)
            self.view.px_per_day *= after / before
        super().resizeEvent(event)

    def sizeHint(self) -> QSize:  # noqa: D102
        lay = self.plan()
        return QSize(800, int(lay.axis_height + lay.legend_height + max(len(self.data.lanes), 3) * lay.lane_height))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Room for the axis, the legend and two lanes, at any text size."""
        lay = self.plan()
        return QSize(320, int(lay.axis_height + lay.legend_height + 2 * lay.lane_height))

    # -- finding events -----------------------------------------------------------------

    def hit_at(self, point: QPointF) -> HitInfo | None:
        """The marker under a point (within a marker's width), from the last frame."""
        reach = self.plan().marker
        best, best_distance = None, reach * reach
        for x, y, index, count in self.frame.hits:
            distance = (x - point.x()) ** 2 + (y - point.y()) ** 2
            if distance <= best_distance:
                best, best_distance = HitInfo(x, y, index, count), distance
        return best

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            hit = self.hit_at(QPointF(event.pos()))  # type: ignore[attr-defined]
            if hit is None:
                QToolTip.hideText()
            elif hit.count > 1:
                QToolTip.showText(event.globalPos(), f"{hit.count:,} events here. Zoom in (click, or Ctrl+wheel) "  # type: ignore[attr-defined]
                                  "to see them one by one.", self)
            else:
                QToolTip.showText(event.globalPos(), self.data.tooltip(hit.index), self)  # type: ignore[attr-defined]
            return True
        return super().event(event)

    # -- mouse --------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
            self._press_view = (self.view.left, self.view.top)
            self._dragged = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is None:
            return
        delta = event.position().toPoint() - self._press
        if not self._dragged and delta.manhattanLength() < DRAG_THRESHOLD:
            return
        self._dragged = True
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        self.view.left = self._press_view[0] - delta.x() / self.view.px_per_day
        self.view.top = self._clamped_top(self._press_view[1] - delta.y())
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        self.unsetCursor()
        dragged, self._press = self._dragged, None
        if dragged:
            return
        hit = self.hit_at(event.position())
        if hit is None:
            return
        if hit.count > 1:
            self.zoom(4.0, hit.x)
            return
        self._select(hit.index)
        self.entry_activated.emit(self.data.rows[hit.index].id)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120 or event.angleDelta().x() / 120
        if not steps:
            return
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(ZOOM_STEP ** steps, event.position().x())
        elif event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.pan(0, -steps * self.plan().lane_height)
        else:
            self.pan(-steps * self.plan().plot_width / 10)
        event.accept()

    # -- keyboard -----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        lay = self.plan()
        K = Qt.Key
        if key in (K.Key_Plus, K.Key_Equal):
            self.zoom(ZOOM_STEP)
        elif key in (K.Key_Minus, K.Key_Underscore):
            self.zoom(1 / ZOOM_STEP)
        elif key == K.Key_0:
            self.fit()
        elif key in (K.Key_N, K.Key_BracketRight) or (ctrl and key == K.Key_Right):
            self.step(+1)
        elif key in (K.Key_P, K.Key_BracketLeft) or (ctrl and key == K.Key_Left):
            self.step(-1)
        elif ctrl and key in (K.Key_Up, K.Key_Down):
            self.change_lane(-1 if key == K.Key_Up else +1)
        elif key == K.Key_Home:
            self._select(0) if len(self.data) else None
        elif key == K.Key_End:
            self._select(len(self.data) - 1) if len(self.data) else None
        elif key == K.Key_Left:
            self.pan(-lay.plot_width / 8)
        elif key == K.Key_Right:
            self.pan(lay.plot_width / 8)
        elif key == K.Key_Up:
            self.pan(0, -lay.lane_height)
        elif key == K.Key_Down:
            self.pan(0, lay.lane_height)
        elif key in (K.Key_Return, K.Key_Enter, K.Key_Space) and self.selected is not None:
            self.entry_activated.emit(self.data.rows[self.selected].id)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def step(self, direction: int) -> None:
        """The next or previous event in time, across all agencies."""
        if not len(self.data):
            return
        if self.selected is None:
            left = self.view.left
            index = bisect_left(self.data.start, left) if direction > 0 else bisect_left(self.data.start, left) - 1
            self._select(min(max(index, 0), len(self.data) - 1))
            return
        self._select(min(max(self.selected + direction, 0), len(self.data) - 1))

    def change_lane(self, direction: int) -> None:
        """The event nearest in time in the next agency's lane up or down that has one."""
        if self.selected is None:
            self.step(+1)
            return
        lanes = len(self.data.lanes)
        here = self.data.middle(self.selected)
        lane = self.data.lane[self.selected]
        for _ in range(lanes):
            lane += direction
            if not 0 <= lane < lanes:
                return
            candidates = [i for i in range(len(self.data)) if self.data.lane[i] == lane]
            if candidates:
                self._select(min(candidates, key=lambda i: abs(self.data.middle(i) - here)))
                return

    def _select(self, index: int) -> None:
        self.selected = index
        self._reveal(index)
        text = self.data.describe(index)
        self.setAccessibleDescription(text)
        if QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.DescriptionChanged))
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self, text))
        self.selection_changed.emit(self.data.rows[index].id, text)
        self.update()

    def _reveal(self, index: int) -> None:
        """Pan so the selected event is on screen (with a margin), lanes included."""
        lay = self.plan()
        x = self._x_of(self.data.middle(index))
        margin = lay.plot_width * 0.1
        if x < lay.plot_left + margin or x > lay.plot_left + lay.plot_width - margin:
            self.view.left = self.data.middle(index) - lay.plot_width * 0.3 / self.view.px_per_day
        y = self.lane_centre(self.data.lane[index])
        if y < lay.lanes_top + lay.lane_height / 2 or y > lay.lanes_bottom - lay.lane_height / 2:
            self.pan(0, y - (lay.lanes_top + lay.lanes_bottom) / 2)

    def focusInEvent(self, event: object) -> None:  # noqa: N802
        self.update()
        super().focusInEvent(event)  # type: ignore[arg-type]

    def focusOutEvent(self, event: object) -> None:  # noqa: N802
        self.update()
        super().focusOutEvent(event)  # type: ignore[arg-type]
