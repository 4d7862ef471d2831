"""The tracker: every action across reviews in one table (filtered, grouped, sorted by
its own model), counts per status, the chosen action in full beside it, and the
buttons for a new action and for the monthly bulk update (undoable with Edit > Undo)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.services.action_progress import BulkUpdateResult
from lipanel_desktop.services.action_tracker import TrackerData
from lipanel_desktop.services.action_detail import ActionDetail
from lipanel_desktop.services.permissions import allowed
from lipanel_desktop.vocabulary.roles import Permission
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.pages.actions_detail import ActionDetailPane
from lipanel_desktop.views.pages.actions_dialogs import (
    ActionEditorDialog,
    BulkUpdateDialog,
    EvidenceDialog,
    ProgressDialog,
    ReviseDueDateDialog,
    WithdrawSignOffDialog,
    run_dialog,
)
from lipanel_desktop.views.pages.actions_filters import FilterBar, SummaryBar
from lipanel_desktop.views.tablemodels.actions import HEADINGS, ActionTableModel


class TrackerTable(QTableView):
    """Enter moves focus to the chosen action's buttons."""

    enter_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enter_pressed.emit()
            return
        super().keyPressEvent(event)


class BulkUpdateCommand(QUndoCommand):
    """Edit > Undo for a bulk update; Redo applies the same note and status again."""

    def __init__(self, view: "TrackerView", result: BulkUpdateResult) -> None:
        super().__init__(f"update of {result.count} action{'s' if result.count != 1 else ''}")
        self.view = view
        self.result = result
        self._first = True

    def redo(self) -> None:
        if self._first:  # already done by the dialog
            self._first = False
            return
        ids = [c.action_id for c in self.result.changes]
        progress = self.view.ctx.workspace.action_progress
        done = self.view.ctx.ops.run(
            lambda: progress.bulk_update(ids, self.result.status, self.result.text, self.view.ctx.workspace.action_progress.clock()),
            changes="actions",
            title="Not redone",
        )
        if done is not None:
            self.result = done
        else:
            self.setObsolete(True)

    def undo(self) -> None:
        progress = self.view.ctx.workspace.action_progress
        if self.view.ctx.ops.run(lambda: progress.undo_bulk_update(self.result), changes="actions", title="Not undone") is None:
            self.setObsolete(True)


class TrackerView(QWidget):
    review_link = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: TrackerData | None = None
        self.undo = QUndoStack(self)
        identity = ctx.workspace.store.identity
        writable = not ctx.workspace.store.read_only
        self.can_edit = allowed(identity, Permission.EDIT_ACTIONS) and writable
        self.can_sign = allowed(identity, Permission.SIGN_OFF_ACTIONS) and writable

        self.filters = FilterBar()
        self.summary = SummaryBar()
        self.model = ActionTableModel(self)
        self.table = TrackerTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Actions")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # The indicator first: enabling sorting sorts at once by whatever it shows.
        self.table.horizontalHeader().setSortIndicator(self.model.sort_column, self.model.sort_order)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        line = self.table.fontMetrics().height()
        self.table.setIconSize(QSize(line, line))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self._size_columns()
        self.detail = ActionDetailPane()

        self.new_button = QPushButton("&New action…")
        self.new_button.setToolTip("Add an action to a recommendation or a single-agency decision")
        self.bulk_button = QPushButton("Update &chosen actions…")
        self.bulk_button.setToolTip("One progress note (and status) for every action chosen in the list: for the monthly monitoring meeting")
        self.choose_all = QPushButton("Choose all &shown")
        self.choose_all.setToolTip("Choose every action the filters show, for a bulk update")
        self.chosen_label = QLabel()
        tools = QHBoxLayout()
        tools.addWidget(self.new_button)
        tools.addWidget(self.bulk_button)
        tools.addWidget(self.choose_all)
        tools.addWidget(self.chosen_label)
        tools.addStretch(1)
        self.shown_label = QLabel()
        tools.addWidget(self.shown_label)
        for button in (self.new_button, self.bulk_button):
            button.setVisible(self.can_edit)
        self.choose_all.setVisible(self.can_edit)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(self.summary)
        layout.addLayout(tools)
        layout.addWidget(splitter, 1)
        self._tab_order()

        self.filters.changed.connect(self.apply_filters)
        self.summary.status_chosen.connect(self.filters.set_status)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.enter_pressed.connect(self._focus_detail)
        self.model.modelReset.connect(self._after_reset)
        self.model.layoutChanged.connect(self._after_reset)
        self.new_button.clicked.connect(self.new_action)
        self.bulk_button.clicked.connect(self.bulk_update)
        self.choose_all.clicked.connect(self.table.selectAll)
        self.detail.review_link.connect(self.review_link)
        self.detail.progress_button.clicked.connect(lambda: self._with_detail(self._progress))
        self.detail.evidence_button.clicked.connect(lambda: self._with_detail(self._evidence))
        self.detail.revise_button.clicked.connect(lambda: self._with_detail(self._revise))
        self.detail.edit_button.clicked.connect(lambda: self._with_detail(self._edit))
        self.detail.sign_off_button.clicked.connect(lambda: self._with_detail(self._sign_off))
        self.detail.withdraw_button.clicked.connect(lambda: self._with_detail(self._withdraw))
        self.detail.remove_button.clicked.connect(lambda: self._with_detail(self._remove))
        self._update_chosen()

    def _tab_order(self) -> None:
        """Filters, counts, the buttons over the table, the table, then the chosen action."""
        f = self.filters
        chain: list[QWidget] = [
            f.agency, f.review, f.officer, f.group, f.status, f.due, f.due_from.line, f.due_to.line, f.search, f.clear_button,
            *self.summary.buttons.values(), self.new_button, self.bulk_button, self.choose_all, self.table,
            self.detail.browser, *self.detail.buttons,
        ]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _size_columns(self) -> None:
        """From sample text of each column, never from 20,000 rows' contents (slow)."""
        metrics = self.table.fontMetrics()
        samples = ("XX Not started", "ACT-2026-0000", "x" * 44, "Children's Social Care", "REV-2026-0000",
                   "Firstname Lastname", "00/00/0000 (revised)", "00/00/0000", "00/00/0000")
        for column, (heading, sample) in enumerate(zip(HEADINGS, samples)):
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(heading) + metrics.height() * 2)
            self.table.setColumnWidth(column, width + metrics.height())

    # -- loading and filtering ------------------------------------------------------------

    def reload(self) -> None:
        keep = self.current_id()
        data = self.ctx.ops.run(self.ctx.workspace.action_tracker.load, title="Could not load the actions")
        if data is None:
            return
        self.data = data
        self.filters.set_choices(data)
        self.model.set_rows(data.rows, data.as_of, self.filters.current(data.as_of), self.filters.group_by(), in_due_order=True)
        if keep is not None:
            self.select(keep)

    def apply_filters(self) -> None:
        today = self.data.as_of if self.data else date.today()
        self.model.set_filter(self.filters.current(today), self.filters.group_by())

    def _after_reset(self) -> None:
        self.table.clearSpans()
        for row in self.model.group_rows_at():
            self.table.setSpan(row, 0, 1, len(HEADINGS))
        self.summary.set_counts(self.model.visible_counts())
        noun = "action" if self.model.total == 1 else "actions"
        self.shown_label.setText(f"Showing {self.model.visible_count:,} of {self.model.total:,} {noun}")
        if self.detail.detail is not None:
            # Keep the action shown in view and chosen, or let it go if now filtered out.
            if not self.select(self.detail.detail.id):
                self.detail.show_detail(None, can_edit=False, can_sign=False)
        self._update_chosen()

    def clear(self) -> None:
        self.data = None
        self.model.clear()
        self.detail.show_detail(None, can_edit=False, can_sign=False)
        self.filters.set_choices(None)
        self.undo.clear()

    # -- choosing -------------------------------------------------------------------------

    def chosen_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [i for i in (self.model.action_id(r) for r in rows) if i is not None]

    def current_id(self) -> int | None:
        return self.detail.detail.id if self.detail.detail is not None else None

    def select(self, action_id: int) -> bool:
        row = self.model.row_of(action_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        return True

    def _selection_changed(self) -> None:
        self._update_chosen()
        ids = self.chosen_ids()
        current = self.model.action_id(self.table.currentIndex().row()) if self.table.currentIndex().isValid() else None
        target = current if current in ids else (ids[0] if ids else None)
        if target is None:
            self.detail.show_detail(None, can_edit=False, can_sign=False)
            return
        if self.detail.detail is not None and self.detail.detail.id == target:
            return
        self.show_action(target)

    def show_action(self, action_id: int) -> None:
        detail = self.ctx.ops.run(lambda: self.ctx.workspace.actions.get(action_id), title="Could not open the action")
        self.detail.show_detail(detail, can_edit=self.can_edit, can_sign=self.can_sign)

    def _update_chosen(self) -> None:
        n = len(self.chosen_ids()) if self.table.selectionModel() else 0
        self.chosen_label.setText(f"{n:,} chosen" if n else "")
        self.bulk_button.setEnabled(self.can_edit and n > 0)

    def _focus_detail(self) -> None:
        for button in self.detail.buttons:
            if button.isVisible():
                button.setFocus()
                return
        self.detail.browser.setFocus()

    # -- changing ---------------------------------------------------------------------------

    def _with_detail(self, handler: Any) -> None:
        if self.detail.detail is not None:
            handler(self.detail.detail)

    def _shown(self, result: ActionDetail | None) -> None:
        """After a change (the hub has already had the tracker reloaded): show the result."""
        if result is None:
            return
        self.select(result.id)
        self.detail.show_detail(result, can_edit=self.can_edit, can_sign=self.can_sign)

    def new_action(self, preset_source: tuple[str, int] | None = None) -> None:
        if not self.can_edit:
            msgbox.inform(self, "New action", "Your role allows you to read actions but not to add them.")
            return
        service = self.ctx.workspace.actions
        sources = self.ctx.ops.run(service.sources)
        agencies = self.ctx.ops.run(service.agencies)
        if sources is None or agencies is None:
            return
        if not sources:
            msgbox.inform(self, "New action", "Actions belong to a review's recommendation or to a single-agency decision, "
                          "and there are none yet. Record the recommendations in the review first.")
            return
        run_dialog(ActionEditorDialog(self.ctx, agencies, sources=sources, preset_source=preset_source, parent=self), self._shown)

    def _edit(self, detail: ActionDetail) -> None:
        agencies = self.ctx.ops.run(lambda: self.ctx.workspace.actions.agencies(keep_id=detail.agency_id))
        if agencies is not None:
            run_dialog(ActionEditorDialog(self.ctx, agencies, detail=detail, parent=self), self._shown)

    def _progress(self, detail: ActionDetail) -> None:
        run_dialog(ProgressDialog(self.ctx, detail, self.ctx.workspace.action_progress.clock(), parent=self), self._shown)

    def _evidence(self, detail: ActionDetail) -> None:
        run_dialog(EvidenceDialog(self.ctx, detail, parent=self), self._shown)

    def _revise(self, detail: ActionDetail) -> None:
        run_dialog(ReviseDueDateDialog(self.ctx, detail, parent=self), self._shown)

    def _withdraw(self, detail: ActionDetail) -> None:
        run_dialog(WithdrawSignOffDialog(self.ctx, detail, parent=self), self._shown)

    def _sign_off(self, detail: ActionDetail) -> None:
        question = (f"Sign off {detail.reference} for the Audit and Monitoring Sub-group? It will be closed, "
                    "and can be reopened only by withdrawing the sign-off with a reason.")
        if msgbox.ask(self, "Sign off action", question) != msgbox.Answer.YES:
            return
        progress = self.ctx.workspace.action_progress
        self._shown(self.ctx.ops.run(lambda: progress.sign_off(detail.id), changes="actions", title="Not signed off"))

    def _remove(self, detail: ActionDetail) -> None:
        question = f"Remove {detail.reference}? Do this only for an action entered by mistake."
        if msgbox.ask(self, "Remove action", question, default_no=True) != msgbox.Answer.YES:
            return
        service = self.ctx.workspace.actions
        if self.ctx.ops.run(lambda: service.delete(detail.id), changes="actions", title="Not removed") is not None:
            self.detail.show_detail(None, can_edit=False, can_sign=False)

    def bulk_update(self) -> None:
        ids = self.chosen_ids()
        if not ids or not self.can_edit:
            return
        references = [row.reference for row in (self.model.tracker_row(self.model.row_of(i)) for i in ids) if row]
        today = self.ctx.workspace.action_progress.clock()
        result = run_dialog(BulkUpdateDialog(self.ctx, ids, references, today, parent=self))
        if result is None:
            return
        self.undo.push(BulkUpdateCommand(self, result))
        msgbox.inform(self, "Actions updated", f"{result.count} action{'s' if result.count != 1 else ''} updated. "
                      "Edit > Undo puts them back as they were.")

    # -- state ---------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        state: dict[str, Any] = {"filters": self.filters.state(), "sort": [self.model.sort_column, self.model.sort_order.value]}
        if self.current_id() is not None:
            state["action_id"] = self.current_id()
        return state

    def restore(self, state: dict[str, Any]) -> None:
        filters = state.get("filters")
        if isinstance(filters, dict):
            self.filters.restore(filters)
        sort = state.get("sort")
        if isinstance(sort, list) and len(sort) == 2 and all(isinstance(v, int) for v in sort):
            self.table.sortByColumn(sort[0], Qt.SortOrder(sort[1]))
        self.apply_filters()
        action_id = state.get("action_id")
        if isinstance(action_id, int):
            self.select(action_id)
