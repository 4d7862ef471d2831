"""Building blocks shared by the calendar, meeting, decision, review and dashboard screens:
buttons with accessible names, tables over `RowsModel`, rows of buttons that wrap at 200%
text instead of cutting their words, and scroll areas that keep a screen usable when the
window is short."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListWidget, QPushButton, QScrollArea, QStyle, QTableView, QWidget

from lipanel_desktop.views.tablemodels.panel_rows import RowsModel
from lipanel_desktop.views.widgets.flow_layout import FlowLayout, flow_widget

#: Rows a table keeps visible however short the window (it scrolls inside its page).
TABLE_ROWS = 5


def button(text: str, name: str, slot: object) -> QPushButton:
    widget = QPushButton(text)
    widget.setAccessibleName(name)
    widget.clicked.connect(slot)  # type: ignore[arg-type]
    return widget


def on_open(view: QTableView, slot: Callable[[int], None]) -> None:
    """Double-click, Enter or Return on a row calls `slot(row)` (once, on every platform)."""
    view.doubleClicked.connect(lambda index: slot(index.row()))
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        shortcut = QShortcut(QKeySequence(key), view)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(lambda: view.currentIndex().isValid() and slot(view.currentIndex().row()))


def table(model: RowsModel, name: str, rows: int = TABLE_ROWS) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().hide()
    side = max(16, int(view.fontMetrics().height() * 0.9))
    view.setIconSize(QSize(side, side))  # status shapes grow with the text
    keep_rows(view, rows)
    return view


def fit_columns(view: QTableView, share: float = 0.45) -> None:
    """Columns sized to their contents, none wider than `share` of the view, so one long
    text cannot push the others (dates, statuses) out of sight; the last column takes
    what is left. A view filled while hidden (in a tab or page not yet shown) has no width
    yet, so it is fitted again when it is first shown at its real width."""
    _fit(view, share)
    refit = view.findChild(_RefitWhenShown)
    if refit is None:
        refit = _RefitWhenShown(view)
    refit.share, refit.pending = share, not view.isVisible()


def _fit(view: QTableView, share: float) -> None:
    view.resizeColumnsToContents()
    widest = max(120, int(max(view.viewport().width(), view.width()) * share))
    for column in range(view.model().columnCount() - 1):
        if view.columnWidth(column) > widest:
            view.setColumnWidth(column, widest)


class _RefitWhenShown(QObject):
    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view, self.share, self.pending = view, 0.45, False
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if self.pending and event.type() in (QEvent.Type.Show, QEvent.Type.Resize) and self.view.isVisible():
            self.pending = False
            _fit(self.view, self.share)
        return False


def roomy_ticks(view: QListWidget) -> None:
    """Rows of a list of tick boxes tall enough for the box and a gap, so each box stands
    apart from the next (high contrast draws them larger, with a frame)."""
    box = view.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorHeight, None, view)
    metrics = view.fontMetrics()
    height = max(metrics.height(), box) + 6
    for row in range(view.count()):
        item = view.item(row)
        item.setSizeHint(QSize(metrics.horizontalAdvance(item.text()) + box + 24, height))


def keep_rows(view: QTableView, rows: int) -> None:
    """A minimum height of `rows` lines plus the header, in the current font (so 200% text
    keeps as many rows visible as 100%)."""
    line = view.fontMetrics().lineSpacing() + 8
    view.setMinimumHeight(line * (rows + 1) + 4)


def button_row(widgets: Iterable[QWidget], spacing: int = 6) -> tuple[QWidget, FlowLayout]:
    """Widgets side by side, wrapping onto more lines when the window is narrow or the
    text is large; tab order follows the order given."""
    holder, layout = flow_widget(spacing)
    previous: QWidget | None = None
    for widget in widgets:
        layout.addWidget(widget)
        if previous is not None:
            QWidget.setTabOrder(previous, widget)
        previous = widget
    return holder, layout


def scrolling(inner: QWidget, name: str) -> QScrollArea:
    """`inner` in a frameless vertical scroll area: it fills the space when there is room
    and scrolls when the window (or 200% text) leaves too little."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(inner)
    area.setAccessibleName(name)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area
