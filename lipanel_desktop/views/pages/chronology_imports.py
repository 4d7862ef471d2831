"""The Imports tab: every agency file imported into the review (when, by whom, how many
rows, how many are still in the chronology), and a way to take one back out when it was
imported into the wrong review or for the wrong agency (Edit > Undo puts it back)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from lipanel_desktop.services.chronology.entries import ImportInfo
from lipanel_desktop.views.widgets.flow_layout import FlowLayout
from lipanel_desktop.views.tablemodels.chronology_lists import ImportsModel


class ImportsTab(QWidget):
    #: Remove the chosen import's entries (its details).
    remove_requested = Signal(object)

    def __init__(self, can_edit: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.can_edit = can_edit
        self.model = ImportsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Imports of agencies' chronologies")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # the latest import first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.remove = QPushButton("&Delete this import's entries…")
        self.remove.setAccessibleName("Remove the chosen import's entries")
        self.remove.setEnabled(False)
        hint = QLabel("Removing an import takes out the entries it brought in, changed here or not. Entries typed "
                      "in by hand and other imports stay. Edit > Undo (Ctrl+Z) puts them back.")
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        buttons = FlowLayout()
        buttons.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_button())
        self.model.modelReset.connect(self._update_button)
        self.remove.clicked.connect(self._remove_clicked)

    def set_items(self, items: list[ImportInfo]) -> None:
        self.model.set_items(items)
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.table.resizeColumnsToContents()  # a handful of imports: every heading and value whole

    def chosen(self) -> ImportInfo | None:
        index = self.table.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def _update_button(self) -> None:
        chosen = self.chosen()
        self.remove.setEnabled(self.can_edit and chosen is not None and chosen.entries_now > 0)

    def _remove_clicked(self) -> None:
        chosen = self.chosen()
        if chosen is not None:
            self.remove_requested.emit(chosen)
