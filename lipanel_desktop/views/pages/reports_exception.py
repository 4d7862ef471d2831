"""The exception report on screen: overdue and at-risk actions for the Quality Assurance
Sub-group, each with its cause, consequences, options and recommendation to fill in."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.services.action_detail import ExceptionNoteData
from lipanel_desktop.services.permissions import allowed
from lipanel_desktop.services.referral_fields import format_uk_date
from lipanel_desktop.services.reports.exception_report import ExceptionItem, ExceptionReport
from lipanel_desktop.vocabulary.roles import Permission
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.tablemodels.actions_exceptions import HEADINGS, ExceptionTableModel

#: Kind of draft kept for unsaved typing in a note (inside the encrypted database).
DRAFT_KIND = "exception_note"
NOTE_FIELDS = (("cause", "&Cause"), ("consequences", "C&onsequences"), ("options", "O&ptions"), ("recommendation", "Recommen&dation"))


def item_html(item: ExceptionItem) -> str:
    due = format_uk_date(item.due_date)
    if item.due_date != item.original_due_date:
        due += f" (originally {format_uk_date(item.original_due_date)}; {escape(item.revised_due_reason)})"
    lines = [
        f"<p><b>{escape(item.reference)}</b> — {escape(item.status_label)}, {escape(item.lateness)}.</p>",
        f"<p>{escape(item.description)}</p>",
        f"<p><b>Agency:</b> {escape(item.agency)}. <b>Lead officer:</b> {escape(item.lead_officer_name) or '<i>not named</i>'}"
        + (f", {escape(item.lead_officer_role)}" if item.lead_officer_role else "")
        + (f". <b>Accountable manager:</b> {escape(item.accountable_manager)}" if item.accountable_manager else "")
        + ".</p>",
        f"<p><b>From:</b> {escape(item.source)}" + (f" — {escape(item.recommendation_text)}" if item.recommendation_text else "") + "</p>",
        f"<p><b>Due:</b> {due}. <b>Forecast:</b> {format_uk_date(item.forecast_date) or 'none given'}.</p>",
        f"<p><b>Latest update:</b> "
        + (f"{format_uk_date(item.latest_update_on)}: {escape(item.latest_update_text)}" if item.latest_update_on else "<i>none yet</i>")
        + "</p>",
    ]
    return "".join(lines)


class ExceptionReportView(QWidget):
    """`report` is what is shown (for printing)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: ExceptionReport | None = None
        store = ctx.workspace.store
        self.can_edit = allowed(store.identity, Permission.EDIT_ACTIONS) and not store.read_only
        self._saved = ExceptionNoteData()
        self._item: ExceptionItem | None = None
        self._rebuilding = False

        self.agency = QComboBox()
        self.agency.setAccessibleName("Agency")
        self.agency.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        label = QLabel("&Agency")
        label.setBuddy(self.agency)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.agency)
        top.addWidget(self.summary, 1)

        self.model = ExceptionTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Overdue and at-risk actions")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSortIndicator(self.model.sort_column, self.model.sort_order)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = self.table.fontMetrics()
        self.table.setIconSize(QSize(metrics.height(), metrics.height()))
        for column, sample in enumerate(("XX Overdue", "ACT-2026-0000", "Children's Social Care", "forecast 000 days late", "Firstname Lastname", "Needs a note")):
            self.table.setColumnWidth(column, max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(HEADINGS[column])) + metrics.height() * 2)

        self.about = QTextBrowser()
        self.about.setAccessibleName("The chosen action")
        self.about.setOpenLinks(False)
        self.fields: dict[str, QPlainTextEdit] = {}
        form = QFormLayout()
        for key, caption in NOTE_FIELDS:
            box = QPlainTextEdit()
            box.setTabChangesFocus(True)
            box.setAccessibleName(caption.replace("&", ""))
            box.setMinimumHeight(metrics.height() * 3)
            box.setReadOnly(not self.can_edit)
            box.textChanged.connect(self._edited)
            label = QLabel(caption)
            label.setBuddy(box)
            form.addRow(label, box)
            self.fields[key] = box
        self.draft_hint = QLabel("Restored from typing that was not saved before the window locked.")
        self.draft_hint.setObjectName("Hint")
        self.draft_hint.hide()
        self.save_button = QPushButton("&Save note")
        self.revert_button = QPushButton("&Undo changes")
        self.open_button = QPushButton("Show in &tracker")
        self.open_button.setToolTip("Open this action in the Actions tracker")
        self.save_button.setVisible(self.can_edit)
        self.revert_button.setVisible(self.can_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.about, 1)
        right_layout.addWidget(self.draft_hint)
        right_layout.addLayout(form, 3)
        right_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.agency.currentIndexChanged.connect(self._agency_changed)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.open_button.clicked.connect(self._open_in_tracker)
        self._show_item(None)

    # -- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        keep_agency = self.agency.currentData()
        agencies = self.ctx.ops.run(self.ctx.workspace.actions.agencies)
        if agencies is None:
            return
        self.agency.blockSignals(True)
        self.agency.clear()
        self.agency.addItem("All agencies", None)
        for agency_id, name in agencies:
            self.agency.addItem(name, agency_id)
        self.agency.setCurrentIndex(max(0, self.agency.findData(keep_agency)) if keep_agency is not None else 0)
        self.agency.blockSignals(False)
        self._build()

    def _agency_changed(self) -> None:
        if self.confirm_leave():
            self._build()

    def _build(self) -> None:
        """Rebuild the report, keeping the chosen action and any unsaved typing in it."""
        keep = self._item.action_id if self._item else None
        typed = self._typed() if self.has_unsaved_changes() else None
        agency_id = self.agency.currentData()
        report = self.ctx.ops.run(lambda: self.ctx.workspace.reports.exception.build(agency_id), title="Could not build the report")
        if report is None:
            return
        self.report = report
        self.summary.setText(
            f"As at {format_uk_date(report.as_of)}, of {report.open_count} open actions: {report.overdue_count} overdue, "
            f"{report.at_risk_count} at risk (forecast more than {report.tolerance_days} days late); "
            f"{report.without_note} still need their note."
        )
        self._rebuilding = True
        try:
            self.model.set_items(report.items)
            self._choose_after_build(keep, typed)
        finally:
            self._rebuilding = False

    def _choose_after_build(self, keep: int | None, typed: ExceptionNoteData | None) -> None:
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            item = self.model.item(row)
            self._show_item(item)
            if typed is not None and item is not None and item.action_id == keep:
                self._put_typed(typed)
        else:
            self._show_item(None)

    def clear(self) -> None:
        self.report = None
        self.model.set_items([])
        self._show_item(None)
        self.summary.clear()

    # -- the chosen item ------------------------------------------------------------------

    def _row_changed(self, current: Any, previous: Any) -> None:
        if self._rebuilding:
            return
        item = self.model.item(current.row()) if current.isValid() else None
        if item is self._item:
            return
        if not self.confirm_leave():
            self.table.selectionModel().blockSignals(True)
            self.table.selectionModel().setCurrentIndex(previous, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.selectionModel().blockSignals(False)
            return
        self._show_item(item)

    def _show_item(self, item: ExceptionItem | None) -> None:
        self._item = item
        self._saved = item.note if item else ExceptionNoteData()
        self.about.setHtml(item_html(item) if item else "<p><i>No overdue or at-risk actions.</i></p>" if self.report else "")
        shown = self._draft_of(item) or self._saved
        self.draft_hint.setVisible(shown is not self._saved)
        for key, box in self.fields.items():
            box.blockSignals(True)
            box.setPlainText(getattr(shown, key))
            box.setEnabled(item is not None)
            box.blockSignals(False)
        self.open_button.setEnabled(item is not None)
        self._edited()

    def _draft_of(self, item: ExceptionItem | None) -> ExceptionNoteData | None:
        """Unsaved typing kept for this action by `save_draft`, if any."""
        if item is None or not self.can_edit:
            return None
        draft = self.ctx.ops.run(lambda: self.ctx.workspace.drafts.load(DRAFT_KIND, item.action_id))
        payload = draft.payload if draft is not None else None
        if not isinstance(payload, dict) or not all(isinstance(payload.get(k), str) for k, _ in NOTE_FIELDS):
            return None
        return ExceptionNoteData(**{k: payload[k] for k, _ in NOTE_FIELDS})

    def save_draft(self) -> None:
        """Keep unsaved typing (encrypted, in the database) before a lock or a close."""
        if self._item is not None and self.has_unsaved_changes():
            typed = self._typed()
            self.ctx.workspace.drafts.save(DRAFT_KIND, self._item.action_id, {k: getattr(typed, k) for k, _ in NOTE_FIELDS})

    def _discard_draft(self) -> None:
        if self._item is not None and self.can_edit:
            item = self._item
            self.ctx.ops.run(lambda: self.ctx.workspace.drafts.discard(DRAFT_KIND, item.action_id))
        self.draft_hint.hide()

    def _put_typed(self, typed: ExceptionNoteData) -> None:
        for key, box in self.fields.items():
            box.blockSignals(True)
            box.setPlainText(getattr(typed, key))
            box.blockSignals(False)
        self._edited()

    def _typed(self) -> ExceptionNoteData:
        return ExceptionNoteData(**{key: box.toPlainText() for key, box in self.fields.items()})

    def has_unsaved_changes(self) -> bool:
        return self._item is not None and self.can_edit and self._typed() != self._saved

    def _edited(self) -> None:
        dirty = self.has_unsaved_changes()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def save(self) -> bool:
        if self._item is None or not self.has_unsaved_changes():
            return True
        item = self._item
        progress = self.ctx.workspace.action_progress
        detail = self.ctx.ops.run(lambda: progress.save_exception_note(item.action_id, self._typed()), title="Note not saved")
        if detail is None:
            return False
        self._saved = detail.exception_note
        self._discard_draft()
        self._edited()
        self.ctx.hub.changed.emit("actions")  # after the state is saved: the rebuild keeps nothing unsaved
        return True

    def revert(self) -> None:
        if self._item is not None:
            self._discard_draft()
            self._show_item(self._item)

    def confirm_leave(self) -> bool:
        """Before showing another item: save, discard or stay."""
        if not self.has_unsaved_changes():
            return True
        answer = msgbox.ask(self, "Unsaved note", f"Save the note on {self._item.reference if self._item else 'this action'} first?", cancel=True)
        if answer == msgbox.Answer.YES:
            return self.save()
        return answer == msgbox.Answer.NO

    def _open_in_tracker(self) -> None:
        if self._item is not None and self.confirm_leave():
            self.ctx.navigate("actions", action_id=self._item.action_id)

    def state(self) -> dict[str, Any]:
        return {"agency_id": self.agency.currentData()}

    def restore(self, state: dict[str, Any]) -> None:
        agency_id = state.get("agency_id")
        if isinstance(agency_id, int):
            found = self.agency.findData(agency_id)
            if found >= 0:
                self.agency.setCurrentIndex(found)
