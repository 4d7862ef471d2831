"""Small widgets the administration screens share, each built the same accessible way:
a visible label tied to its field, an accessible name, and problems shown in words."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
)


def password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    field.setMaxLength(1024)
    return field


def problem_label(name: str = "Problem") -> QLabel:
    """Where a dialog says what is wrong (hidden until there is something to say)."""
    label = QLabel()
    label.setObjectName("FieldError")
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.hide()
    return label


def path_row(form: QFormLayout, label_text: str, name: str, button_text: str) -> tuple[QLineEdit, QPushButton]:
    """A path field with a "Choose…" button beside it, added to `form` under its label."""
    field = QLineEdit()
    field.setAccessibleName(name)
    button = QPushButton(button_text)
    row = QHBoxLayout()
    row.addWidget(field, 1)
    row.addWidget(button)
    label = QLabel(label_text)
    label.setBuddy(field)
    form.addRow(label, row)
    return field, button


def read_only_table(headings: list[str] | tuple[str, ...], name: str, stretch: int = 1) -> QTableWidget:
    """A small list (a few hundred rows at most) that is read, selected by row, not edited."""
    table = QTableWidget(0, len(headings))
    table.setHorizontalHeaderLabels(list(headings))
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    # Room for a few rows however large the text: the tab scrolls rather than squeeze it.
    rows = table.fontMetrics().height() * 6 + table.horizontalHeader().sizeHint().height()
    table.setMinimumHeight(rows)
    return table


def fit_columns(table: QTableWidget, stretch: int | None = None) -> None:
    """Each column as wide as its heading and cells; the `stretch` column (the one
    `read_only_table` made stretch) takes what is left, or, when there is not room for
    its words too (200% text), is as wide as they are and the table scrolls sideways:
    dates and names are never cut short."""
    header = table.horizontalHeader()
    if stretch is None:
        stretch = table.property("stretch_column")
    if stretch is None:  # the first time: the column made to stretch (-1 if none)
        stretching = [c for c in range(table.columnCount()) if header.sectionResizeMode(c) == QHeaderView.ResizeMode.Stretch]
        stretch = stretching[0] if stretching else -1
        table.setProperty("stretch_column", stretch)
    for column in range(table.columnCount()):
        if column != stretch:
            table.resizeColumnToContents(column)
    if stretch < 0:
        return
    others = sum(header.sectionSize(c) for c in range(table.columnCount()) if c != stretch)
    wanted = max(table.sizeHintForColumn(stretch), header.sectionSizeHint(stretch))
    if others + wanted > table.viewport().width():
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(stretch, wanted)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
