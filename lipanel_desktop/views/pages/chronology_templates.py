"""Chronology templates for the agencies involved in a review: choose the agencies (those
involved are ticked), the kind of file, whether to include the child's name (not ticked:
templates often travel by email), then the folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.services.chronology.review_context import AgencyRef, ReviewInfo
from lipanel_desktop.services.chronology.templates import TemplateFile, export_templates
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext


class TemplatesDialog(QDialog):
    def __init__(self, ctx: AppContext, info: ReviewInfo, agencies: list[AgencyRef],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.info = info
        self.written: list[TemplateFile] = []
        self.setWindowTitle(f"Chronology templates for {info.reference}")
        self.setMinimumWidth(520)
        intro = QLabel("One template per agency, with the review's reference, the period under review and "
                       "instructions. The headings are protected and the dates are checked by Excel.")
        intro.setWordWrap(True)
        self.agencies = QListWidget()
        self.agencies.setAccessibleName("Agencies to make templates for")
        refused = {a.id for a in info.not_involved}
        involved = {a.id for a in info.involved}
        for agency in [*info.involved, *(a for a in agencies if a.id not in involved and a.id not in refused)]:
            item = QListWidgetItem(agency.name + ("" if agency.id in involved else " (not recorded as involved)"))
            item.setData(Qt.ItemDataRole.UserRole, agency.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if agency.id in involved else Qt.CheckState.Unchecked)
            self.agencies.addItem(item)
        agencies_label = QLabel("&Agencies (Space ticks or unticks)")
        agencies_label.setBuddy(self.agencies)
        kind_box = QGroupBox("Kind of file")
        self.xlsx = QRadioButton("&Excel workbook (.xlsx): protected headings, dates checked")
        self.csv = QRadioButton("&CSV (.csv): for agencies without Excel")
        self.xlsx.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.xlsx)
        group.addButton(self.csv)
        kind_layout = QVBoxLayout(kind_box)
        kind_layout.addWidget(self.xlsx)
        kind_layout.addWidget(self.csv)
        self.include_name = QCheckBox("&Include the child's name in the templates")
        self.include_name.setAccessibleDescription("Only when the templates will be sent securely. Recorded in the "
                                                   "audit trail.")
        warning = QLabel("Leave this unticked unless the templates will be sent securely: the review's reference "
                         "is enough for agencies to find their records. Including the name is recorded in the "
                         "audit trail.")
        warning.setObjectName("Hint")
        warning.setWordWrap(True)
        self.save = QPushButton("Choose a folder and &save…")
        buttons = QDialogButtonBox()
        buttons.addButton(self.save, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.save.clicked.connect(self.save_templates)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(agencies_label)
        layout.addWidget(self.agencies, 1)
        layout.addWidget(kind_box)
        layout.addWidget(self.include_name)
        layout.addWidget(warning)
        layout.addWidget(buttons)

    def chosen(self) -> list[int]:
        return [int(self.agencies.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.agencies.count())
                if self.agencies.item(i).checkState() == Qt.CheckState.Checked]

    def save_templates(self) -> None:
        chosen = self.chosen()
        if not chosen:
            msgbox.warn(self, "No agency chosen", "Tick at least one agency to make a template for.")
            self.agencies.setFocus()
            return
        folder = msgbox.choose_folder(self, "Choose the folder for the templates")
        if not folder:
            return
        kind = "xlsx" if self.xlsx.isChecked() else "csv"
        written = self.ctx.ops.run(
            lambda: export_templates(self.ctx.workspace.store, self.info.id, chosen, Path(folder), kind=kind,
                                     include_name=self.include_name.isChecked()),
            title="Templates not saved",
        )
        if written is None:
            return
        self.written = written
        names = "\n".join(f"• {f.path.name}" for f in written)
        msgbox.inform(self, "Templates saved", f"Saved {len(written)} template{'s' if len(written) != 1 else ''} "
                                               f"in {folder}:\n{names}")
        self.accept()
