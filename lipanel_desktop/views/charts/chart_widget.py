"""One dashboard chart on screen: painted by `painter.paint_chart`, with a tooltip for the
bar under the pointer, an accessible description, the same numbers as a table for screen
readers (a toggle), and "Export as PNG…". The PNG is drawn afresh at a fixed size on a
white background, so it looks the same whatever the window's size or theme."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QHelpEvent, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStackedLayout,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.services.reports.dashboard_data import Chart
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.charts.painter import ChartColours, HitBox, paint_chart

#: Size of an exported PNG in pixels (wide enough for a page, sharp when printed at 150 dpi).
EXPORT_SIZE = QSize(1600, 1000)
PRINT_COLOURS = ChartColours(QColor("#000000"), QColor("#000000"), QColor(0, 0, 0, 45), QColor("#ffffff"))


def render_image(chart: Chart, size: QSize = EXPORT_SIZE, font: QFont | None = None) -> QImage:
    """The chart drawn on white at `size`, for PNG export and the highlight report."""
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    chosen = QFont(font) if font is not None else QFont()
    # Scale text with the picture: about 1/55 of the height, like 11 pt on a 600 px chart.
    chosen.setPixelSize(max(11, size.height() // 55))
    painter = QPainter(image)
    paint_chart(painter, QRectF(0, 0, size.width(), size.height()), chart, PRINT_COLOURS, chosen)
    painter.end()
    return image


def export_png(chart: Chart, path: str | Path, size: QSize = EXPORT_SIZE) -> None:
    """Write the chart to `path` as PNG; a failure is an OSError with the reason."""
    if not render_image(chart, size).save(str(path), "PNG"):
        raise OSError(f"The picture could not be written to {path}. Check the folder exists and you may write to it.")


def default_file_name(chart: Chart) -> str:
    """A neutral file name from the chart's kind only: never anything from a record."""
    return f"{chart.key.replace('_', '-')}.png"


class ChartCanvas(QWidget):
    """The painted chart itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: Chart | None = None
        self.hits: list[HitBox] = []
        self.setMinimumSize(320, 240)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)

    def set_chart(self, chart: Chart | None) -> None:
        self.chart = chart
        self.hits = []
        if chart is None:
            self.setAccessibleName("Chart")
            self.setAccessibleDescription("")
        else:
            self.setAccessibleName(chart.title)
            self.setAccessibleDescription(chart.describe() + " Use “Show as table” to read the numbers.")
        self.setMinimumHeight(self._height_needed())
        self.updateGeometry()
        self.update()

    def _height_needed(self) -> int:
        """Horizontal bars need a text line per category so every name can be read."""
        line = self.fontMetrics().height()
        if self.chart is None or not self.chart.horizontal:
            return 240
        return max(240, int(line * (1.25 * len(self.chart.categories) + 9)))

    def sizeHint(self) -> QSize:  # noqa: N802
        line = self.fontMetrics().height()
        return QSize(line * 34, line * 22)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        colours = ChartColours.from_palette(self.palette())
        if self.chart is None:
            painter.fillRect(self.rect(), colours.background)
        else:
            self.hits = paint_chart(painter, QRectF(self.rect()), self.chart, colours, self.font())
        if self.hasFocus():
            painter.setPen(self.palette().color(self.palette().ColorRole.Highlight))
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hit = self.hit_at(QPointF(event.pos()))
            if hit is not None:
                QToolTip.showText(event.globalPos(), hit.text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def hit_at(self, point: QPointF) -> HitBox | None:
        for hit in self.hits:
            if hit.rect.contains(point):
                return hit
        return None


class ChartWidget(QWidget):
    """A chart with its buttons: "Show as table" and "Export as PNG…"."""

    exported = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: Chart | None = None
        self.canvas = ChartCanvas()
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.views = QStackedLayout()
        self.views.addWidget(self.canvas)
        self.views.addWidget(self.table)
        self.as_table = QPushButton("Show as &table")
        self.as_table.setCheckable(True)
        self.as_table.toggled.connect(self._toggle_table)
        self.export_button = QPushButton("Export as &PNG…")
        self.export_button.clicked.connect(self.export)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.as_table)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.views, 1)
        layout.addLayout(buttons)
        self.set_chart(None)

    def set_chart(self, chart: Chart | None) -> None:
        self.chart = chart
        self.canvas.set_chart(chart)
        title = chart.title if chart else "chart"
        self.as_table.setAccessibleName(f"Show {title} as a table")
        self.export_button.setAccessibleName(f"Export {title} as a PNG picture")
        self.export_button.setEnabled(chart is not None)
        self.as_table.setEnabled(chart is not None)
        self.table.setAccessibleName(f"{title}: the numbers")
        self._fill_table()

    def _fill_table(self) -> None:
        self.table.clear()
        if self.chart is None:
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            return
        header, rows = self.chart.table()
        self.table.setColumnCount(len(header))
        self.table.setHorizontalHeaderLabels(list(header))
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)

    def _toggle_table(self, on: bool) -> None:
        self.views.setCurrentWidget(self.table if on else self.canvas)
        self.as_table.setText("Show as &chart" if on else "Show as &table")

    def export(self) -> str | None:
        """Ask where, then write the PNG. Returns the path written, or None."""
        if self.chart is None:
            return None
        path = msgbox.save_file(self, "Export chart as PNG", "PNG pictures (*.png)", default_file_name(self.chart))
        if not path:
            return None
        if not path.lower().endswith(".png"):
            path += ".png"
        try:
            export_png(self.chart, path)
        except OSError as error:
            msgbox.warn(self, "Chart not exported", str(error))
            return None
        self.exported.emit(path)
        return path
