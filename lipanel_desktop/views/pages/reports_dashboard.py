"""The dashboard: five charts a manager would rather look at than read, each with its
numbers as a table and its own PNG export, and "Export all as PNG…" into a folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from lipanel_desktop.services.referral_fields import format_uk_date
from lipanel_desktop.services.reports.dashboard_data import DashboardData
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.charts.chart_widget import ChartWidget, default_file_name, export_png
from lipanel_desktop.views.context import AppContext

#: The charts in the order they are laid out (two to a row).
ORDER = ("actions_by_status", "overdue_trend", "reviews_by_stage", "referrals_by_decision", "days_to_decision")


class DashboardView(QWidget):
    """`data` is what is shown (for printing)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: DashboardData | None = None
        self.as_of = QLabel()
        self.as_of.setWordWrap(True)
        self.refresh_button = QPushButton("&Refresh")
        self.export_all_button = QPushButton("Export &all as PNG…")
        self.export_all_button.setToolTip("Write every chart as a PNG picture into a folder you choose")
        top = QHBoxLayout()
        top.addWidget(self.as_of, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.export_all_button)
        self.charts: dict[str, ChartWidget] = {}
        self.boxes: list[QGroupBox] = []
        self.grid = QGridLayout()
        for key in ORDER:
            box = QGroupBox()
            inner = QVBoxLayout(box)
            widget = ChartWidget()
            inner.addWidget(widget)
            self.charts[key] = widget
            self.boxes.append(box)
        self._columns = 0
        self._arrange(2)
        holder = QWidget()
        holder.setLayout(self.grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        self.refresh_button.clicked.connect(self.reload)
        self.export_all_button.clicked.connect(self.export_all)

    def _arrange(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for box in self.boxes:
            self.grid.removeWidget(box)
        for i, box in enumerate(self.boxes):
            self.grid.addWidget(box, i // columns, i % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Two charts to a row, or one when the text is large for the width (200%)."""
        self._arrange(2 if self.width() >= self.fontMetrics().height() * 70 else 1)
        super().resizeEvent(event)

    def reload(self) -> None:
        data = self.ctx.ops.run(self.ctx.workspace.reports.dashboard.build, title="Could not draw the dashboard")
        if data is None:
            return
        self.data = data
        self.as_of.setText(f"As at {format_uk_date(data.as_of)}. Hover over a bar for its number, or show a chart as a table.")
        for key, widget in self.charts.items():
            widget.set_chart(data.chart(key))

    def export_all(self) -> list[str]:
        if self.data is None:
            return []
        folder = msgbox.choose_folder(self, "Export every chart into a folder")
        if not folder:
            return []
        written = []
        try:
            for key in ORDER:
                chart = self.data.chart(key)
                path = Path(folder) / default_file_name(chart)
                export_png(chart, path)
                written.append(str(path))
        except OSError as error:
            msgbox.warn(self, "Charts not exported", str(error))
            return written
        msgbox.inform(self, "Charts exported", f"{len(written)} pictures written to {folder}.")
        return written

    def clear(self) -> None:
        self.data = None
        self.as_of.clear()
        for widget in self.charts.values():
            widget.set_chart(None)
