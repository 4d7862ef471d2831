"""The dissemination log on screen: per review, what learning went where, when, to whom
and how many people; with adding, changing and removing entries (removal undoable)."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.errors import ValidationError
from lipanel_desktop.services.permissions import allowed
from lipanel_desktop.services.referral_fields import format_uk_date
from lipanel_desktop.services.reports.dissemination import MOST_PEOPLE, DisseminationEntry, DisseminationInput, DisseminationLog
from lipanel_desktop.vocabulary.reviews import DisseminationChannel
from lipanel_desktop.vocabulary.roles import Permission
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.pages.actions_dialogs import FormDialog, read_date, run_dialog, text_box
from lipanel_desktop.views.widgets.date_field import DateField

HEADINGS = ("Date", "Where", "Who to", "People", "Learning")


class DisseminationDialog(FormDialog):
    """A new entry for a review's log, or changes to one."""

    def __init__(self, ctx: AppContext, review_id: int, entry: DisseminationEntry | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Change the entry" if entry else "Record where learning went", "Save" if entry else "Add entry", parent,
                         changes="reviews")
        self.review_id = review_id
        self.entry = entry
        self.channel = QComboBox()
        self.channel.addItem("Choose…", "")
        for channel in DisseminationChannel:
            self.channel.addItem(channel.label, channel.value)
        self.add_row("channel", "&Where", self.channel)
        self.held_on = DateField("Date")
        self.add_row("held_on", "&Date", self.held_on)
        self.audience = self.add_row("audience", "Who &to", QLineEdit())
        self.people = QSpinBox()
        self.people.setRange(-1, MOST_PEOPLE)
        self.people.setSpecialValueText("Not counted")
        self.people.setValue(-1)
        self.add_row("people_count", "&Number of people", self.people)
        self.learning = self.add_row("learning", "&Learning shared", text_box("Learning shared", 4))
        if entry is not None:
            self.channel.setCurrentIndex(max(0, self.channel.findData(entry.channel)))
            self.held_on.setText(format_uk_date(entry.held_on))
            self.audience.setText(entry.audience)
            self.people.setValue(entry.people_count if entry.people_count is not None else -1)
            self.learning.setPlainText(entry.learning)

    def work(self) -> DisseminationEntry:
        problems: dict[str, str] = {}
        held_on = read_date(self.held_on, "held_on", problems)
        if problems:
            raise ValidationError(problems)
        data = DisseminationInput(
            channel=self.channel.currentData(),
            held_on=held_on,
            audience=self.audience.text(),
            people_count=None if self.people.value() < 0 else self.people.value(),
            learning=self.learning.toPlainText(),
        )
        service = self.ctx.workspace.reports.dissemination
        if self.entry is not None:
            return service.update(self.entry.id, data)
        return service.add(self.review_id, data)


class RemoveEntryCommand(QUndoCommand):
    """Edit > Undo puts a removed entry back (as a new row with the same content)."""

    def __init__(self, view: "DisseminationView", entry: DisseminationEntry) -> None:
        super().__init__("removal of a dissemination entry")
        self.view = view
        self.entry = entry
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        service = self.view.ctx.workspace.reports.dissemination
        entry = self.entry
        if self.view.ctx.ops.run(lambda: service.delete(entry.id), changes="reviews", title="Not redone") is None:
            self.setObsolete(True)

    def undo(self) -> None:
        service = self.view.ctx.workspace.reports.dissemination
        entry = self.entry
        restored = self.view.ctx.ops.run(lambda: service.add(entry.review_id, entry.as_input()), changes="reviews", title="Not undone")
        if restored is None:
            self.setObsolete(True)
        else:
            self.entry = restored


class DisseminationView(QWidget):
    """`log` is what is shown (for printing)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.log: DisseminationLog | None = None
        self.undo = QUndoStack(self)
        store = ctx.workspace.store
        self.can_edit = allowed(store.identity, Permission.EDIT_ACTIONS) and not store.read_only
        self.review = QComboBox()
        self.review.setAccessibleName("Review")
        label = QLabel("&Review")
        label.setBuddy(self.review)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.review, 1)
        self.about = QTextBrowser()
        self.about.setAccessibleName("What the review learned")
        self.about.setMaximumHeight(self.fontMetrics().height() * 9)
        self.table = QTableWidget(0, len(HEADINGS))
        self.table.setHorizontalHeaderLabels(list(HEADINGS))
        self.table.setAccessibleName("Where the learning went")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.add_button = QPushButton("&Add entry…")
        self.change_button = QPushButton("&Change…")
        self.remove_button = QPushButton("Re&move")
        buttons = QHBoxLayout()
        buttons.addWidget(self.totals, 1)
        for button in (self.add_button, self.change_button, self.remove_button):
            button.setVisible(self.can_edit)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.about)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.review.currentIndexChanged.connect(self.show_log)
        self.table.itemSelectionChanged.connect(self._chosen)
        self.table.itemActivated.connect(lambda _item: self.change_entry())
        self.add_button.clicked.connect(self.add_entry)
        self.change_button.clicked.connect(self.change_entry)
        self.remove_button.clicked.connect(self.remove_entry)
        self._chosen()

    def reload(self) -> None:
        keep = self.review.currentData()
        reviews = self.ctx.ops.run(self.ctx.workspace.reports.dissemination.reviews, title="Could not list the reviews")
        if reviews is None:
            return
        self.review.blockSignals(True)
        self.review.clear()
        for choice in reviews:
            self.review.addItem(choice.label, choice.id)
        found = self.review.findData(keep) if keep is not None else -1
        self.review.setCurrentIndex(found if found >= 0 else (0 if reviews else -1))
        self.review.blockSignals(False)
        self.show_log()

    def choose(self, review_id: int) -> bool:
        found = self.review.findData(review_id)
        if found >= 0:
            self.review.setCurrentIndex(found)
            self.show_log()
        return found >= 0

    def show_log(self) -> None:
        review_id = self.review.currentData()
        self.log = None if review_id is None else self.ctx.ops.run(lambda: self.ctx.workspace.reports.dissemination.log(review_id))
        self.table.setRowCount(0)
        if self.log is None:
            self.about.setHtml("<p><i>No reviews yet.</i></p>")
            self.totals.clear()
            self._chosen()
            return
        log = self.log
        about = [f"<p><b>{escape(log.review_reference)}</b> — {escape(log.review_kind)}; {escape(log.review_stage.lower())}.</p>"]
        for title, texts in (("Findings", log.findings), ("Recommendations", log.recommendations)):
            if texts:
                about.append(f"<p><b>{title}:</b></p><ol>" + "".join(f"<li>{escape(t)}</li>" for t in texts) + "</ol>")
        self.about.setHtml("".join(about))
        self.table.setRowCount(len(log.entries))
        for row, entry in enumerate(log.entries):
            cells = (format_uk_date(entry.held_on), entry.channel_label, entry.audience,
                     "" if entry.people_count is None else f"{entry.people_count:,}", " ".join(entry.learning.split()))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, entry.id)
                if column == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if log.entries:
            per_channel = "; ".join(f"{t.label}: {t.occasions} ({t.people:,} people)" for t in log.totals)
            occasions = f"{log.total_occasions} occasion{'s' if log.total_occasions != 1 else ''}"
            self.totals.setText(f"{occasions}, {log.total_people:,} people. {per_channel}.")
        else:
            self.totals.setText("Nothing recorded yet for this review.")
        self._chosen()

    def _entry(self) -> DisseminationEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.log is None:
            return None
        entry_id = self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        return next((e for e in self.log.entries if e.id == entry_id), None)

    def _chosen(self) -> None:
        chosen = self._entry() is not None
        self.change_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)
        self.add_button.setEnabled(self.review.currentData() is not None)

    def add_entry(self) -> None:
        review_id = self.review.currentData()
        if review_id is not None and self.can_edit:
            run_dialog(DisseminationDialog(self.ctx, review_id, parent=self), lambda _entry: self.show_log())

    def change_entry(self) -> None:
        entry = self._entry()
        if entry is not None and self.can_edit:
            run_dialog(DisseminationDialog(self.ctx, entry.review_id, entry, parent=self), lambda _entry: self.show_log())

    def remove_entry(self) -> None:
        entry = self._entry()
        if entry is None or not self.can_edit:
            return
        question = f"Remove the entry of {format_uk_date(entry.held_on)} ({entry.channel_label})? Edit > Undo puts it back."
        if msgbox.ask(self, "Remove entry", question, default_no=True) != msgbox.Answer.YES:
            return
        service = self.ctx.workspace.reports.dissemination
        removed = self.ctx.ops.run(lambda: service.delete(entry.id), changes="reviews", title="Not removed")
        if removed is not None:
            self.undo.push(RemoveEntryCommand(self, removed))
            self.show_log()

    def clear(self) -> None:
        self.log = None
        self.review.clear()
        self.table.setRowCount(0)
        self.about.clear()
        self.totals.clear()
        self.undo.clear()

    def state(self) -> dict[str, Any]:
        return {"review_id": self.review.currentData()}

    def restore(self, state: dict[str, Any]) -> None:
        review_id = state.get("review_id")
        if isinstance(review_id, int):
            self.choose(review_id)
