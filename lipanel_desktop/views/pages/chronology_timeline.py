"""The Timeline tab: the timeline widget with buttons for zooming, fitting and exporting a
picture, the keys written out, and a line that says which event is selected (which
screen readers also hear)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.widgets.flow_layout import FlowLayout
from lipanel_desktop.views.timeline.data import TimelineData
from lipanel_desktop.views.timeline.export import save_view_png
from lipanel_desktop.views.timeline.widget import KEYS_HELP, TimelineWidget


class TimelineTab(QWidget):
    open_entry = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reference = ""
        self.review_id: int | None = None
        self.timeline = TimelineWidget()
        self.zoom_in = QPushButton("Zoom i&n (+)")
        self.zoom_out = QPushButton("Zoom o&ut (−)")
        self.fit = QPushButton("Show ever&ything (0)")
        self.export = QPushButton("E&xport as picture…")
        for button, name in ((self.zoom_in, "Zoom in"), (self.zoom_out, "Zoom out"), (self.fit, "Show everything"),
                             (self.export, "Save the timeline as a PNG picture")):
            button.setAccessibleName(name)
        self.selected = QLabel("No event selected. Click an event, or press N for the next one.")
        self.selected.setWordWrap(True)
        self.selected.setAccessibleName("Selected event")
        self.keys = QPushButton("&Keys…")
        self.keys.setAccessibleName("Keys for the timeline")
        self.keys.setToolTip(KEYS_HELP)
        buttons = FlowLayout()
        for button in (self.zoom_in, self.zoom_out, self.fit, self.keys, self.export):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.selected)
        self.keys.clicked.connect(lambda: msgbox.inform(self, "Timeline keys", KEYS_HELP))
        self.zoom_in.clicked.connect(lambda: self.timeline.zoom(1.5))
        self.zoom_out.clicked.connect(lambda: self.timeline.zoom(1 / 1.5))
        self.fit.clicked.connect(self.timeline.fit)
        self.export.clicked.connect(self.save_picture)
        self.timeline.entry_activated.connect(self.open_entry)
        self.timeline.selection_changed.connect(lambda _id, text: self.selected.setText("Selected: " + text))

    def set_data(self, data: TimelineData, review_id: int, reference: str, *, keep_view: bool) -> None:
        self.review_id, self.reference = review_id, reference
        self.timeline.set_data(data, keep_view=keep_view)
        if self.timeline.selected is None:
            self.selected.setText("No event selected. Click an event, or press N for the next one.")

    def clear(self) -> None:
        self.timeline.clear()
        self.selected.setText("No event selected.")

    def save_picture(self) -> None:
        if not len(self.timeline.data):
            msgbox.inform(self, "Nothing to save", "This chronology has no entries yet.")
            return
        path = msgbox.save_file(self, "Save the timeline as a picture", "PNG pictures (*.png)",
                                f"Timeline {self.reference}.png")
        if not path:
            return
        saved = self.ctx.ops.run(lambda: save_view_png(self.timeline, path), title="Picture not saved")
        if saved is not None and self.review_id is not None:
            self.ctx.ops.run(lambda: self.ctx.workspace.chronology.record_export(self.review_id, "timeline_png"))
            msgbox.inform(self, "Saved", f"The timeline was saved as {saved}.")
