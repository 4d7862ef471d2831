"""Importing an agency's chronology: choose the agency and the file, check it (nothing is
written), fix against the table of problems, then import all of it, or only the valid
rows with the rejected ones saved to a file. Replacing an earlier import asks first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.services.chronology.importer import (
    ImportPreview,
    ImportResult,
    ReplaceNeeded,
    commit_import,
    preview_import,
)
from lipanel_desktop.services.chronology.review_context import AgencyRef, ReviewInfo
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.ops import Progress
from lipanel_desktop.views.tablemodels.chronology_lists import ProblemsModel

FILES = "Chronologies (*.xlsx *.csv);;Excel workbooks (*.xlsx);;CSV files (*.csv)"


class ImportDialog(QDialog):
    def __init__(self, ctx: AppContext, info: ReviewInfo, agencies: list[AgencyRef],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.info = info
        self.preview: ImportPreview | None = None
        self.result: ImportResult | None = None
        self.setWindowTitle(f"Import a chronology into {info.reference}")
        self.setMinimumSize(760, 520)
        refused = {a.id for a in info.not_involved}
        self.agency = QComboBox()
        self.agency.setAccessibleName("Agency whose chronology this is")
        involved = {a.id for a in info.involved}
        for agency in [*info.involved, *(a for a in agencies if a.id not in involved and a.id not in refused)]:
            self.agency.addItem(agency.name, agency.id)
        self.file = QLineEdit()
        self.file.setReadOnly(True)
        self.file.setAccessibleName("File to import")
        self.file.setPlaceholderText("No file chosen")
        self.choose = QPushButton("C&hoose file…")
        self.check = QPushButton("&Check the file")
        self.check.setEnabled(False)
        self.summary = QLabel("Choose the agency and its file (.xlsx or .csv), then check it. Nothing is imported "
                              "until you say so.")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What the check found")
        self.problems = ProblemsModel(self)
        self.table = QTableView()
        self.table.setModel(self.problems)
        self.table.setAccessibleName("Problems found in the file, by row and column")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # by row, then column, as the file reads
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.hide()
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setAccessibleName("The chosen problem in full")
        self.detail.hide()
        self.import_all = QPushButton("&Import")
        self.import_valid = QPushButton("Import &valid rows only…")
        self.import_all.setEnabled(False)
        self.import_valid.setEnabled(False)
        self.import_valid.setToolTip("Import the rows without problems and save the others, with their problems, "
                                     "to a file you can send back to the agency.")
        buttons = QDialogButtonBox()
        buttons.addButton(self.import_all, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.import_valid, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        agency_label = QLabel("&Agency")
        agency_label.setBuddy(self.agency)
        form.addRow(agency_label, self.agency)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(self.choose)
        file_label = QLabel("&File")
        file_label.setBuddy(self.choose)
        form.addRow(file_label, row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.check)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(buttons)
        self.choose.clicked.connect(self.choose_file)
        self.check.clicked.connect(self.check_file)
        self.agency.currentIndexChanged.connect(self._forget)
        self.import_all.clicked.connect(lambda: self.commit(valid_rows_only=False))
        self.import_valid.clicked.connect(lambda: self.commit(valid_rows_only=True))
        self.table.selectionModel().currentRowChanged.connect(lambda current, _old: self._show_detail(current.row()))
        self._size_to_text()

    def _size_to_text(self) -> None:
        """Room for the problems at any text size, within the screen."""
        metrics = self.fontMetrics()
        width, height = max(760, 70 * metrics.averageCharWidth()), max(520, 30 * metrics.height())
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)

    def _show_detail(self, row: int) -> None:
        problem = self.problems.item(row)
        self.detail.setText(problem.line()[0].upper() + problem.line()[1:] if problem else "")
        self.detail.setVisible(problem is not None)

    def choose_file(self) -> None:
        path = msgbox.open_file(self, "Choose the agency's chronology", FILES)
        if path:
            self.file.setText(path)
            self._forget()
            self.check.setEnabled(True)
            self.check.setFocus()

    def _forget(self) -> None:
        self.preview = None
        self.problems.set_items([])
        self.table.hide()
        self._show_detail(-1)
        self.import_all.setEnabled(False)
        self.import_valid.setEnabled(False)
        self.check.setEnabled(bool(self.file.text()))

    def check_file(self) -> None:
        path, agency_id = Path(self.file.text()), self.agency.currentData()
        if not self.file.text() or agency_id is None:
            return
        store, review_id = self.ctx.workspace.store, self.info.id
        self.summary.setText("Checking the file…")
        self.check.setEnabled(False)

        def work(_progress: Progress) -> ImportPreview | Exception:
            try:
                return preview_import(store, review_id, agency_id, path)
            except Exception as error:  # shown on the GUI thread by _show_preview
                return error

        self.ctx.ops.run_in_background(work, label="Checking the chronology…", on_done=self._show_preview,
                                       title="File not imported", on_cancelled=self._not_checked)

    def _not_checked(self) -> None:
        self.summary.setText("The file was not checked. Choose a file and check it again.")
        self.check.setEnabled(True)

    def _show_preview(self, preview: ImportPreview | Exception) -> None:
        if isinstance(preview, Exception):
            self._not_checked()
            self.ctx.ops.report_error(preview, "File not imported")
            return
        self.preview = preview
        self.check.setEnabled(True)
        text = preview.summary()
        if preview.previous is not None:
            text += " " + preview.previous.describe(preview.agency.name) + " Importing replaces it (you will be asked)."
        if preview.columns.ignored:
            text += " Columns not imported: " + ", ".join(preview.columns.ignored) + "."
        if preview.problems:
            text += (" Nothing will be imported until every row is correct: fix the file against the list below and "
                     "check it again, or import only the valid rows.")
        self.summary.setText(text)
        self.problems.set_items(preview.problems)
        header = self.table.horizontalHeader()  # in the order the table says (by row, then column)
        self.problems.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.table.setVisible(bool(preview.problems))
        if preview.problems:
            self.table.setCurrentIndex(self.problems.index(0, 0))
        self._show_detail(0 if preview.problems else -1)
        for column in range(3):
            self.table.resizeColumnToContents(column)
        self.import_all.setEnabled(preview.ok and bool(preview.entries))
        self.import_valid.setEnabled(bool(preview.problems) and bool(preview.entries))
        (self.import_all if preview.ok else self.table).setFocus()

    def commit(self, *, valid_rows_only: bool, replace: bool = False, rejected: Path | None = None) -> None:
        preview = self.preview
        if preview is None:
            return
        if valid_rows_only and rejected is None:
            suggested = f"Rejected rows {preview.review.reference} {preview.agency.name}.{preview.table.kind}"
            chosen = msgbox.save_file(self, "Save the rejected rows", f"Same kind as the file (*.{preview.table.kind})",
                                      suggested)
            if not chosen:
                return
            rejected = Path(chosen)
            if rejected.suffix.lower() != f".{preview.table.kind}":
                rejected = rejected.with_name(rejected.name + f".{preview.table.kind}")
            if rejected.resolve() == Path(self.file.text()).resolve():
                msgbox.warn(self, "Choose another file", "The rejected rows cannot be saved over the file being "
                                                         "imported. Choose another name.")
                return
        store = self.ctx.workspace.store

        def work(_progress: Progress) -> ImportResult | ReplaceNeeded:
            try:
                return commit_import(store, preview, valid_rows_only=valid_rows_only, replace=replace,
                                     rejected_file=rejected)
            except ReplaceNeeded as needed:  # a question for the GUI thread, not a failure
                return needed

        def done(result: ImportResult | ReplaceNeeded) -> None:
            if isinstance(result, ReplaceNeeded):
                answer = msgbox.ask(self, "Replace the earlier import?", result.message + " Replace it?",
                                    default_no=True)
                if answer is msgbox.Answer.YES:
                    self.commit(valid_rows_only=valid_rows_only, replace=True, rejected=rejected)
                return
            self._done(result)

        self.ctx.ops.run_in_background(work, label="Importing the chronology…", on_done=done,
                                       changes="chronology", title="Not imported")

    def _done(self, result: ImportResult) -> None:
        self.result = result
        msgbox.inform(self, "Imported", result.summary(self.preview.agency.name if self.preview else "the agency",
                                                       self.info.reference)
                      + " Edit > Undo (Ctrl+Z) takes the import out again.")
        self.accept()
