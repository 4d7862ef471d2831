"""Administration › Audit trail: filter by user, record, action, kind and dates; "who
looked at this child's record"; "Verify audit chain" in words; export to PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.services.audit_log import AuditFilter, AuditReportData, action_label, entity_label, to_local
from lipanel_desktop.storage.atomic_file import replace_atomically
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.pages.administration_widgets import fit_columns, read_only_table
from lipanel_desktop.views.tablemodels.audit import AuditTableModel
from lipanel_desktop.views.widgets.flow_layout import FlowLayout

if TYPE_CHECKING:
    from lipanel_desktop.services.audit_log import AuditLogService, ChildRecordAccess
    from lipanel_desktop.views.context import AppContext

ANY = ""


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    edit.setAccessibleName(name)
    edit.setDate(QDate.currentDate())
    edit.setEnabled(False)
    return edit


class AuditTab(QWidget):
    def __init__(self, ctx: "AppContext", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.child_mode = ""  # the referral reference while showing "who looked"
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_filters())
        layout.addLayout(self._build_buttons())
        self.chain = QLabel()
        self.chain.setWordWrap(True)
        self.chain.setAccessibleName("Audit chain check")
        self.chain.setObjectName("Calm")
        self.chain.hide()
        layout.addWidget(self.chain)
        self.summary = QLabel()
        self.summary.setAccessibleName("Entries shown")
        layout.addWidget(self.summary)
        self.viewers = read_only_table(["User", "Looked at", "Changed", "First", "Last"],
                                       "Who looked at or changed this child's record", stretch=0)
        self.viewers.setMaximumHeight(180)
        self.viewers.hide()
        layout.addWidget(self.viewers)
        self.model = AuditTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Audit entries")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self._size_columns()
        layout.addWidget(self.table, 1)
        self._last_filter = AuditFilter()

    def _size_columns(self) -> None:
        """From sample texts, never from the rows (which may be 10,000)."""
        metrics = self.table.fontMetrics()
        pad = metrics.averageCharWidth() * 3
        for column, sample in enumerate(("27/11/2026 23:59:59", "Administrator Name", "Changed (many)",
                                         "Organisation setting", "LIP-2026-0000")):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + pad)

    @property
    def service(self) -> "AuditLogService":
        return self.ctx.workspace.audit_log

    # -- building ------------------------------------------------------------------------
    def _build_filters(self) -> QGridLayout:
        grid = QGridLayout()
        self.user = QComboBox()
        self.user.setAccessibleName("User")
        self.action = QComboBox()
        self.action.setAccessibleName("Action")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of record")
        self.record = QLineEdit()
        self.record.setAccessibleName("Record reference")
        self.record.setPlaceholderText("for example LIP-2026-0042")
        self.record.setMaxLength(64)
        self.use_from = QCheckBox("Fro&m")
        self.use_to = QCheckBox("U&p to")
        self.date_from = _date_edit("From date")
        self.date_to = _date_edit("To date")
        self.use_from.toggled.connect(self.date_from.setEnabled)
        self.use_to.toggled.connect(self.date_to.setEnabled)
        for column, (text, widget) in enumerate(
            (("&User", self.user), ("A&ction", self.action), ("&Kind of record", self.kind), ("&Record", self.record))
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, 0, column)
            grid.addWidget(widget, 1, column)
        dates = QHBoxLayout()
        dates.addWidget(self.use_from)
        dates.addWidget(self.date_from)
        dates.addWidget(self.use_to)
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        grid.addLayout(dates, 2, 0, 1, 4)
        self.record.returnPressed.connect(self.search)
        return grid

    def _build_buttons(self) -> FlowLayout:
        row = FlowLayout()  # wraps at 200% text rather than pushing the page sideways
        self.search_button = QPushButton("&Search")
        self.search_button.setDefault(True)
        self.clear_button = QPushButton("Clear filters")
        self.who_button = QPushButton("&Who looked at this child's record")
        self.who_button.setToolTip("Type the child's referral reference in Record first")
        self.verify_button = QPushButton("Ver&ify audit chain")
        self.export_button = QPushButton("E&xport to PDF…")
        for button in (self.search_button, self.clear_button, self.who_button, self.verify_button, self.export_button):
            row.addWidget(button)
        self.search_button.clicked.connect(self.search)
        self.clear_button.clicked.connect(self.clear_filters)
        self.who_button.clicked.connect(self.who_looked)
        self.verify_button.clicked.connect(self.verify)
        self.export_button.clicked.connect(self.export)
        return row

    # -- the Page contract, via the administration page -----------------------------------
    def refresh(self) -> None:
        self._fill_choices()
        if self.child_mode:
            self.who_looked()
        else:
            self.search()

    def clear(self) -> None:
        self.model.clear()
        self.viewers.setRowCount(0)
        self.record.clear()
        self.summary.clear()
        self.chain.clear()
        self.chain.hide()
        self.child_mode = ""

    def state(self) -> dict:
        """The filter choices and whether "who looked" was shown (no record content)."""
        dates = {name: (edit.date().toString("yyyy-MM-dd") if use.isChecked() else "")
                 for name, use, edit in (("from", self.use_from, self.date_from), ("to", self.use_to, self.date_to))}
        return {"user": self.user.currentData() or "", "action": self.action.currentData() or "",
                "kind": self.kind.currentData() or "", "record": self.record.text(), **dates,
                "who_looked": bool(self.child_mode)}

    def restore(self, state: dict) -> None:
        self._fill_choices()
        for combo, key in ((self.user, "user"), (self.action, "action"), (self.kind, "kind")):
            found = combo.findData(state.get(key, ""))
            combo.setCurrentIndex(max(found, 0))
        self.record.setText(str(state.get("record", ""))[:64])
        for key, use, edit in (("from", self.use_from, self.date_from), ("to", self.use_to, self.date_to)):
            day = QDate.fromString(str(state.get(key, "")), "yyyy-MM-dd")
            use.setChecked(day.isValid())
            if day.isValid():
                edit.setDate(day)
        if state.get("who_looked") and self.record.text().strip():
            self.who_looked()
        else:
            self.search()

    def _fill_choices(self) -> None:
        choices = (
            (self.user, "Anyone", [(u, u) for u in self.service.users()]),
            (self.action, "Any action", [(a, action_label(a)) for a in self.service.actions()]),
            (self.kind, "Any kind", [(e, entity_label(e)) for e in self.service.entities()]),
        )
        for combo, anything, items in choices:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(anything, ANY)
            for value, text in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(combo.findData(current), 0) if current else 0)
            combo.blockSignals(False)

    # -- actions -----------------------------------------------------------------------------
    def current_filter(self) -> AuditFilter:
        return AuditFilter(
            user=self.user.currentData() or "",
            action=self.action.currentData() or "",
            entity=self.kind.currentData() or "",
            record=self.record.text(),
            date_from=self.date_from.date().toPython() if self.use_from.isChecked() else None,  # type: ignore[arg-type]
            date_to=self.date_to.date().toPython() if self.use_to.isChecked() else None,  # type: ignore[arg-type]
        )

    def search(self) -> None:
        wanted = self.current_filter()
        result = self.ctx.ops.run(lambda: self.service.search(wanted), title="Cannot search the audit trail")
        if result is None:
            return
        self.child_mode = ""
        self._last_filter = wanted
        self.viewers.hide()
        self.model.set_rows(result.rows)
        if result.truncated:
            self.summary.setText(f"Showing the newest {len(result.rows):,} of {result.total:,} entries. Narrow the filters to see older ones.")
        else:
            self.summary.setText(f"{result.total:,} entr{'y' if result.total == 1 else 'ies'}.")

    def clear_filters(self) -> None:
        for combo in (self.user, self.action, self.kind):
            combo.setCurrentIndex(0)
        self.record.clear()
        self.use_from.setChecked(False)
        self.use_to.setChecked(False)
        self.search()

    def who_looked(self) -> None:
        reference = self.record.text().strip()
        if not reference:
            msgbox.inform(self, "Who looked at this child's record", "Type the child's referral reference in Record, for example LIP-2026-0042.")
            self.record.setFocus()
            return
        access = self.ctx.ops.run(lambda: self.service.child_record_access(reference), title="Cannot show who looked")
        if access is None:
            return
        self.child_mode = access.reference
        self.model.set_rows(access.rows)
        self._show_viewers(access)

    def _show_viewers(self, access: "ChildRecordAccess") -> None:
        self.viewers.setRowCount(len(access.viewers))
        for row, v in enumerate(access.viewers):
            cells = (v.user, f"{v.looked:,}", f"{v.changed:,}",
                     to_local(v.first).strftime("%d/%m/%Y %H:%M"), to_local(v.last).strftime("%d/%m/%Y %H:%M"))
            for column, text in enumerate(cells):
                self.viewers.setItem(row, column, QTableWidgetItem(text))
        fit_columns(self.viewers)
        self.viewers.setVisible(bool(access.viewers))
        people = len(access.viewers)
        self.summary.setText(
            f"{access.reference}: {people} {'person has' if people == 1 else 'people have'} opened, printed or "
            f"changed this child's record ({len(access.rows):,} entries)."
            if people
            else f"{access.reference}: nobody has opened, printed or changed this child's record."
        )

    def verify(self) -> None:
        """Walk the whole chain off the GUI thread (200,000 entries take seconds)."""
        service = self.service

        def done(result: object) -> None:
            ok, words = getattr(result, "ok", False), getattr(result, "words", "")
            self.chain.setText(("✔ Intact. " if ok else "✖ BROKEN. ") + words)
            self.chain.setVisible(True)

        self.ctx.ops.run_in_background(
            lambda progress: service.verify_chain(), label="Checking every audit entry…", on_done=done,
            title="Cannot check the audit chain",
        )

    def export(self) -> None:
        child = self.child_mode
        wanted = self._last_filter
        suggested = f"audit-report-{date.today():%Y%m%d}.pdf"
        target = msgbox.save_file(self, "Save the audit report", "PDF documents (*.pdf)", suggested)
        if not target:
            return
        path = Path(target if target.lower().endswith(".pdf") else target + ".pdf")

        def work(progress: object) -> tuple[AuditReportData, bytes]:
            from lipanel_desktop.printing.audit_report import render

            data = self.service.report(wanted, child_reference=child)
            return data, render(data)

        def done(result: tuple[AuditReportData, bytes]) -> None:
            data, pdf = result
            try:
                replace_atomically(path, pdf)
            except OSError as error:
                msgbox.warn(self, "Not saved", f"The report could not be saved to {path.parent} ({error.strerror}). Choose another folder.")
                return
            self.ctx.ops.run(lambda: self.service.record_export(data), changes="audit")
            msgbox.inform(self, "Audit report saved", f"Saved {len(data.rows):,} entries to {path}.")

        self.ctx.ops.run_in_background(work, label="Preparing the audit report…", on_done=done, title="Audit report not made")
