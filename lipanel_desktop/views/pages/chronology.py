"""Chronology: a review's combined multi-agency chronology, as a table and as a timeline,
with imports from agencies, templates for them, and entries typed in by hand.

Opening a review loads its entries at once (a table of 20,000 rows opens in a few
hundred milliseconds); the slower analysis (events seen by several agencies, date
conflicts, gaps) is worked out beside it, off the GUI thread for big chronologies, and
shown when ready.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, QThreadPool, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.services.chronology.combined import Analysis
from lipanel_desktop.services.chronology.entries import EntryRow, ImportInfo
from lipanel_desktop.services.chronology.removal import remove_import
from lipanel_desktop.services.chronology.review_context import AgencyRef, ReviewInfo
from lipanel_desktop.services.permissions import allowed
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.page import Page
from lipanel_desktop.views.pages.chronology_analysis import ANALYSE_AT_ONCE, AnalysisJob, run_analysis
from lipanel_desktop.views.pages.chronology_entry import EntryDialog
from lipanel_desktop.views.widgets.flow_layout import FlowLayout
from lipanel_desktop.views.pages.chronology_import import ImportDialog
from lipanel_desktop.views.pages.chronology_imports import ImportsTab
from lipanel_desktop.views.pages.chronology_table import CombinedView
from lipanel_desktop.views.pages.chronology_templates import TemplatesDialog
from lipanel_desktop.views.pages.chronology_timeline import TimelineTab
from lipanel_desktop.views.pages.chronology_undo import (
    AddEntryCommand,
    ChangeEntryCommand,
    DeleteEntryCommand,
    ImportCommand,
    RemoveImportCommand,
)
from lipanel_desktop.views.print_document import document_button
from lipanel_desktop.views.tablemodels.chronology import significance_icons
from lipanel_desktop.views.timeline import data as timeline_data
from lipanel_desktop.views.timeline.export import timeline_png
from lipanel_desktop.vocabulary.documents import DocumentKind, Target
from lipanel_desktop.vocabulary.roles import Permission

#: The views' least height, in lines of text.
TABS_LINES = 24


class ChronologyPage(Page):
    topics = ("chronology", "reviews", "settings")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        store = ctx.workspace.store
        self.can_edit = allowed(store.identity, Permission.EDIT_CHRONOLOGY) and not store.read_only
        self.undo = QUndoStack(self)
        self.info: ReviewInfo | None = None
        self.rows: list[EntryRow] = []
        self.analysis: Analysis | None = None
        self.agencies: list[AgencyRef] = []
        self._generation = 0
        self._opened: int | None = None
        self._jobs: set[AnalysisJob] = set()
        self._timeline_stale = True

        title = QLabel("Chronology")
        title.setObjectName("PageTitle")
        self.review = QComboBox()
        self.review.setAccessibleName("Review")
        self.review.setMinimumContentsLength(30)
        review_label = QLabel("&Review")
        review_label.setBuddy(self.review)
        self.import_button = QPushButton("&Import chronology…")
        self.templates_button = QPushButton("Agency &templates…")
        self.add_button = QPushButton("&Add entry…")
        self.edit_button = QPushButton("&Open entry…")
        self.delete_button = QPushButton("De&lete entry")
        self.print_button = document_button(ctx, self, Target.REVIEW, self._reference,
                                            kinds=(DocumentKind.CHRONOLOGY,), timeline=self._timeline_picture)
        for button in (self.import_button, self.add_button, self.delete_button):
            button.setEnabled(self.can_edit)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Chronology summary")
        self.combined = CombinedView()
        self.combined.model.icons = significance_icons(self.palette())
        if self.can_edit:
            self.combined.model.editor = self._edit_cell
        self.timeline_tab = TimelineTab(ctx)
        self.imports_tab = ImportsTab(self.can_edit)
        self.imports = self.imports_tab.model
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Chronology views")
        self.tabs.addTab(self.combined, "&Combined chronology")
        self.tabs.addTab(self.timeline_tab, "Ti&meline")
        self.tabs.addTab(self.imports_tab, "Import&s")

        top = QHBoxLayout()
        top.addWidget(review_label)
        top.addWidget(self.review, 1)
        actions = FlowLayout()
        for button in (self.import_button, self.templates_button, self.add_button, self.edit_button,
                       self.delete_button, self.print_button):
            actions.addWidget(button)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        # At large text sizes the page scrolls down rather than squeezing the table and
        # the timeline to a sliver (never sideways: the rows of buttons wrap instead).
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._size_tabs()

        self.review.currentIndexChanged.connect(self._review_chosen)
        self.import_button.clicked.connect(self.import_chronology)
        self.templates_button.clicked.connect(self.make_templates)
        self.add_button.clicked.connect(self.new_item)
        self.edit_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.combined.open_entry.connect(self.open_entry)
        self.timeline_tab.open_entry.connect(self.open_entry)
        self.imports_tab.remove_requested.connect(self.remove_import)
        self.tabs.currentChanged.connect(lambda _i: self._show_timeline_if_needed())

    def _size_tabs(self) -> None:
        """Room for a useful table or timeline (several lanes, the axis and the legend)."""
        self.tabs.setMinimumHeight(self.fontMetrics().height() * TABS_LINES)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and getattr(self, "tabs", None) is not None:
            self._size_tabs()

    # -- loading ----------------------------------------------------------------------------

    def review_id(self) -> int | None:
        value = self.review.currentData()
        return int(value) if value is not None else None

    def refresh(self) -> None:
        chosen = self.review_id()
        choices = self.ctx.ops.run(self.ctx.workspace.chronology.reviews, title="Chronology not shown")
        if choices is None:
            return
        self.review.blockSignals(True)
        self.review.clear()
        for choice in choices:
            self.review.addItem(choice.label, choice.id)
        found = self.review.findData(chosen)
        if found < 0:  # nothing chosen yet: the latest review that has a chronology
            found = next((i for i, c in enumerate(choices) if c.entries), 0)
        self.review.setCurrentIndex(found)
        self.review.blockSignals(False)
        if not choices:
            self._show_nothing("There are no reviews yet. A review's chronology is gathered here once the panel "
                               "has decided on a review.")
            return
        self.load()

    def _review_chosen(self) -> None:
        self.undo.clear()
        self.load()

    def load(self) -> None:
        review_id = self.review_id()
        if review_id is None:
            return
        service = self.ctx.workspace.chronology
        first = review_id != self._opened
        loaded = self.ctx.ops.run(lambda: service.entries(review_id, audit_open=first), title="Chronology not shown")
        if loaded is None:
            return
        self._opened = review_id
        self.info, self.rows = loaded
        self.agencies = self.ctx.ops.run(service.agencies) or []
        self.analysis = None
        keep = None if first else self.combined.current_entry_id()
        self.combined.set_agencies(self._present_agencies())
        if first:
            self.combined.reset_filters(apply=False)
        self.combined.model.set_rows(self.info, self.rows, wanted=self.combined.current_filter())
        self.combined.update_count()
        if keep is not None:
            self.combined.select_entry(keep, quiet=True)
        self.imports_tab.set_items(self.ctx.ops.run(lambda: service.imports(review_id)) or [])
        self._timeline_stale = True
        self._show_timeline_if_needed(keep_view=not first)
        self._start_analysis()
        self._update_summary()

    def _present_agencies(self) -> list[AgencyRef]:
        assert self.info is not None
        seen = {a.id: a for a in self.info.involved}
        for row in self.rows:
            seen.setdefault(row.agency_id, AgencyRef(row.agency_id, row.agency))
        return list(seen.values())

    def _start_analysis(self) -> None:
        self._generation += 1
        if self.info is None:
            return
        settings = self.ctx.ops.run(self.ctx.workspace.organisation.all) or {}
        if not settings:
            return
        if len(self.rows) <= ANALYSE_AT_ONCE:
            self._analysis_done(self._generation, run_analysis(self.rows, settings, self.info))
            return
        job = AnalysisJob(self._generation, self.rows, settings, self.info)
        job.signals.done.connect(self._analysis_done)
        job.setAutoDelete(False)
        self._jobs.add(job)
        QThreadPool.globalInstance().start(job)

    def _analysis_done(self, generation: int, result: object) -> None:
        self._jobs = {j for j in self._jobs if j.generation > generation}
        if generation != self._generation:
            return  # the chronology changed while this was worked out
        if not isinstance(result, Analysis):
            self.ctx.ops.report_error(result)  # type: ignore[arg-type]
            return
        self.analysis = result
        keep = self.combined.current_entry_id()
        self.combined.model.set_analysis(result)
        if keep is not None:
            self.combined.select_entry(keep, quiet=True)
        if not self._timeline_stale:
            self.timeline_tab.timeline.data.apply_analysis(result)
            self.timeline_tab.timeline.update()
        self._update_summary()

    def wait_for_analysis(self, msecs: int = 30_000) -> bool:
        """For tests and benchmarks: wait until the analysis has arrived."""
        QThreadPool.globalInstance().waitForDone(msecs)
        from PySide6.QtCore import QCoreApplication

        QCoreApplication.processEvents()
        return self.analysis is not None

    def _show_timeline_if_needed(self, keep_view: bool = True) -> None:
        if self.tabs.currentWidget() is not self.timeline_tab or not self._timeline_stale or self.info is None:
            return
        data = timeline_data.build(self.rows, self.info, self.analysis)
        self.timeline_tab.set_data(data, self.info.id, self.info.reference, keep_view=keep_view)
        self._timeline_stale = False

    def _update_summary(self) -> None:
        if self.info is None:
            return
        agencies = len({r.agency_id for r in self.rows})
        outside = sum(1 for r in self.rows if r.outside_period)
        parts = [f"{len(self.rows):,} entr{'y' if len(self.rows) == 1 else 'ies'} from {agencies} "
                 f"agenc{'y' if agencies == 1 else 'ies'}"]
        period = self.info
        if period.period_from or period.period_to:
            start = f"{period.period_from:%d/%m/%Y}" if period.period_from else "…"
            end = f"{period.period_to:%d/%m/%Y}" if period.period_to else "…"
            parts.append(f"period under review {start} to {end}")
        if outside:
            parts.append(f"{outside:,} outside the period")
        if self.analysis is not None:
            parts.append(self.analysis.summary())
        elif self.rows:
            parts.append("looking for events seen by several agencies…")
        self.summary.setText(" · ".join(parts) + ".")

    def _show_nothing(self, text: str) -> None:
        self.info, self.rows, self.analysis = None, [], None
        self.combined.model.clear()
        self.timeline_tab.clear()
        self.imports_tab.set_items([])
        self.summary.setText(text)

    # -- entries -----------------------------------------------------------------------------

    def _reference(self) -> str | None:
        return self.info.reference if self.info else None

    def _timeline_picture(self) -> bytes:
        if self.info is None:
            return b""
        return timeline_png(timeline_data.build(self.rows, self.info, self.analysis))

    def _row(self, entry_id: int) -> EntryRow | None:
        return next((r for r in self.rows if r.id == entry_id), None)

    def open_entry(self, entry_id: int) -> None:
        row = self._row(entry_id)
        if row is None or self.info is None:
            return
        service = self.ctx.workspace.chronology
        save = (lambda agency, data: service.update(entry_id, data, agency_id=agency)) if self.can_edit else None
        dialog = EntryDialog(self.ctx, self.info, self.agencies, row, save, self)
        if dialog.exec() and dialog.saved is not None:
            self.undo.push(ChangeEntryCommand(self.ctx, row, dialog.saved))
            self.ctx.hub.changed.emit("chronology")
            self.combined.select_entry(entry_id)

    def new_item(self) -> bool:
        if self.info is None or not self.can_edit:
            return False
        review_id = self.info.id
        service = self.ctx.workspace.chronology
        dialog = EntryDialog(self.ctx, self.info, self.agencies, None,
                             lambda agency, data: service.add(review_id, agency, data), self)
        if dialog.exec() and dialog.saved is not None:
            self.undo.push(AddEntryCommand(self.ctx, dialog.saved))
            self.ctx.hub.changed.emit("chronology")
            self.combined.select_entry(dialog.saved.id)
        return True

    def open_selected(self) -> None:
        entry_id = self._selected_entry_id()
        if entry_id is None:
            msgbox.inform(self, "No entry selected", "Select an entry in the table or on the timeline first.")
            return
        self.open_entry(entry_id)

    def _selected_entry_id(self) -> int | None:
        if self.tabs.currentWidget() is self.timeline_tab:
            return self.timeline_tab.timeline.selected_entry_id()
        return self.combined.current_entry_id()

    def delete_selected(self) -> None:
        entry_id = self._selected_entry_id()
        row = self._row(entry_id) if entry_id is not None else None
        if row is None:
            msgbox.inform(self, "No entry selected", "Select the entry to delete first.")
            return
        question = (f"Delete {row.agency}'s entry of {row.date_display}? You can undo this with Edit > Undo "
                    "(Ctrl+Z).")
        if msgbox.ask(self, "Delete entry?", question, default_no=True) is not msgbox.Answer.YES:
            return
        deleted = self.ctx.ops.run(lambda: self.ctx.workspace.chronology.delete(row.id), changes="chronology",
                                   title="Not deleted")
        if deleted is not None:
            self.undo.push(DeleteEntryCommand(self.ctx, deleted))

    def _edit_cell(self, row: EntryRow, field: str, text: str) -> EntryRow | None:
        data = row.as_input()
        if field == "date":
            data.date, data.time = text, None
        elif field == "source":
            kind, sep, rest = text.partition(":")
            if sep and kind.strip().lower() in ("record", "person", "document"):
                data.source_kind, data.source = kind.strip(), rest.strip()
            else:
                data.source = text
        else:
            setattr(data, field, text)
        saved = self.ctx.ops.run(lambda: self.ctx.workspace.chronology.update(row.id, data), title="Not changed")
        if saved is not None:
            self.undo.push(ChangeEntryCommand(self.ctx, row, saved))
            # Everything reloads once the table has closed its editor, not inside the edit.
            QTimer.singleShot(0, self, lambda: self.ctx.hub.changed.emit("chronology"))
        return saved

    def import_chronology(self) -> None:
        if self.info is None:
            return
        dialog = ImportDialog(self.ctx, self.info, self.agencies, self)
        dialog.exec()
        if dialog.result is not None and dialog.preview is not None:
            self.undo.clear()  # an import replaces rows that earlier commands refer to
            self.undo.push(ImportCommand(self.ctx, dialog.result, dialog.preview.agency.name))

    def remove_import(self, chosen: ImportInfo) -> None:
        """Take an import's entries back out, after a yes; Edit > Undo puts them back."""
        if self.info is None or not self.can_edit:
            return
        when = f" of {chosen.imported_at:%d/%m/%Y %H:%M} UTC" if chosen.imported_at else ""
        count = f"{chosen.entries_now:,} entr{'y' if chosen.entries_now == 1 else 'ies'}"
        question = (f"Remove the {count} that {chosen.agency}'s import{when} brought into {self.info.reference}? "
                    "Entries typed in by hand and other imports stay. You can undo this with Edit > Undo (Ctrl+Z).")
        if msgbox.ask(self, "Remove the import?", question, default_no=True) is not msgbox.Answer.YES:
            return
        store = self.ctx.workspace.store
        removed = self.ctx.ops.run(lambda: remove_import(store, chosen.id), changes="chronology", title="Not removed")
        if removed is not None:
            self.undo.push(RemoveImportCommand(self.ctx, removed))
            self.summary.setText(removed.describe() + " " + self.summary.text())

    def make_templates(self) -> None:
        if self.info is not None:
            TemplatesDialog(self.ctx, self.info, self.agencies, self).exec()

    # -- the Page contract -----------------------------------------------------------------

    def clear(self) -> None:
        self._generation += 1
        self.undo.clear()
        self._opened = None
        self.review.clear()
        self._show_nothing("")

    def state(self) -> dict[str, Any]:
        return {"review": self.review_id(), "tab": self.tabs.currentIndex(), "table": self.combined.state()}

    def restore(self, state: dict[str, Any]) -> None:
        review = state.get("review")
        if isinstance(review, int):
            self.open_item(review_id=review)
        tab = state.get("tab")
        if isinstance(tab, int) and 0 <= tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)
        table = state.get("table")
        if isinstance(table, dict):
            self.combined.restore(table)

    def open_item(self, **kwargs: Any) -> None:
        """review_id=…: that review's chronology; entry_id=…: also select that entry."""
        review_id = kwargs.get("review_id")
        if isinstance(review_id, int):
            if self.review.count() == 0:
                self.refresh()
            found = self.review.findData(review_id)
            if found >= 0 and found != self.review.currentIndex():
                self.review.setCurrentIndex(found)
        entry_id = kwargs.get("entry_id")
        if isinstance(entry_id, int):
            self.tabs.setCurrentWidget(self.combined)
            self.combined.select_entry(entry_id)

    def focus_search(self) -> bool:
        self.tabs.setCurrentWidget(self.combined)
        self.combined.search.setFocus()
        self.combined.search.selectAll()
        return True

    def print_current(self) -> bool:
        self.print_button.click()
        return True

    def undo_stack(self) -> QUndoStack | None:
        return self.undo

