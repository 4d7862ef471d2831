"""Editing the combined chronology in place (F2, or a click on the selected cell).

Significance is chosen from its list. Every other cell is typed, and the chronology
service checks it exactly as it checks an imported row. When the service refuses an
edit (a date written month first, say), it says why, and the cell opens again with what
was typed, so the person corrects it rather than types it all again.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QTableView, QWidget

from lipanel_desktop.services.chronology.fields import LIMITS
from lipanel_desktop.views.tablemodels.chronology import ANALYSIS, AUTHOR, EVENT, HEADINGS, SIGNIFICANCE, SOURCE
from lipanel_desktop.vocabulary.chronology import Significance

Index = QModelIndex | QPersistentModelIndex
_EDIT = Qt.ItemDataRole.EditRole
#: Longest text each typed column takes (the date is at most 60 characters).
_MAX_LENGTH = {SOURCE: LIMITS["source"] + 12, EVENT: LIMITS["event"], ANALYSIS: LIMITS["analysis"],
               AUTHOR: LIMITS["author"]}


class CellDelegate(QStyledItemDelegate):
    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        #: A refused edit to show again: the cell and what was typed in it.
        self._retry: tuple[QPersistentModelIndex, str] | None = None

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        heading = HEADINGS[index.column()]
        if index.column() == SIGNIFICANCE:
            combo = QComboBox(parent)
            for level in Significance:
                combo.addItem(level.label, level.value)
            combo.setAccessibleName(heading)
            return combo
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setMaxLength(_MAX_LENGTH.get(index.column(), 60))
        editor.setAccessibleName(heading)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        text = str(index.data(_EDIT) or "")
        if self._retry is not None and QModelIndex(self._retry[0]) == QModelIndex(index):
            text, self._retry = self._retry[1], None
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findText(text, Qt.MatchFlag.MatchFixedString)))
        elif isinstance(editor, QLineEdit):
            editor.setText(text)
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            text = editor.currentText()
        elif isinstance(editor, QLineEdit):
            text = editor.text()
        else:
            return
        if text == str(index.data(_EDIT) or ""):
            return  # nothing changed: nothing to check or save
        if not model.setData(index, text, _EDIT) and index.isValid():
            self._retry = (QPersistentModelIndex(index), text)
            QTimer.singleShot(0, self._edit_again)

    def _edit_again(self) -> None:
        if self._retry is None:
            return
        index = QModelIndex(self._retry[0])
        if not index.isValid():
            self._retry = None
            return
        self.view.setCurrentIndex(index)
        self.view.setFocus()
        self.view.edit(index)
