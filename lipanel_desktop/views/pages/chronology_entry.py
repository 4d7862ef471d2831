"""One chronology entry, to add, change or read: every field with a visible label, the
date read back as the program understands it while typing, the child's age at the time,
a flag (not a refusal) when the date is outside the period under review, and every
problem shown beside its field."""

from __future__ import annotations

from collections.abc import Callable
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.errors import ValidationError
from lipanel_desktop.services.chronology.dates import ACCEPTED_FORMS, DateProblem, age_at, describe, parse_date
from lipanel_desktop.services.chronology.entries import EntryRow
from lipanel_desktop.services.chronology.fields import LIMITS, EntryInput
from lipanel_desktop.services.chronology.review_context import AgencyRef, ReviewInfo
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.vocabulary.chronology import Significance, SourceKind

#: (agency id, what was typed) -> the saved entry; raises ValidationError to show problems.
Saver = Callable[[int | None, EntryInput], EntryRow]


class EntryDialog(QDialog):
    def __init__(self, ctx: AppContext, info: ReviewInfo, agencies: list[AgencyRef], row: EntryRow | None,
                 save: Saver | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.info = info
        self.row = row
        self._save = save
        self.saved: EntryRow | None = None
        self.setWindowTitle(("Chronology entry" if save is None else "Change chronology entry") if row
                            else "New chronology entry")
        self.setMinimumWidth(560)
        self.problems: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.agency = QComboBox()
        for agency in _ordered(info, agencies):
            self.agency.addItem(agency.name, agency.id)
        self.date = QLineEdit()
        self.date.setMaxLength(60)
        self.date.setPlaceholderText("03/04/2019 · April 2019 · c. 2018 · before 05/2019")
        self.date.setToolTip("Dates are read day first. " + ACCEPTED_FORMS)
        self.read_as = QLabel()
        self.read_as.setWordWrap(True)
        self.read_as.setObjectName("Hint")
        self.time = QLineEdit()
        self.time.setMaxLength(10)
        self.time.setPlaceholderText("14:30")
        self.source_kind = QComboBox()
        for kind in SourceKind:
            self.source_kind.addItem(kind.label, kind.value)
        self.source = QLineEdit()
        self.source.setMaxLength(LIMITS["source"])
        self.event = QPlainTextEdit()
        self.event.setTabChangesFocus(True)
        self.significance = QComboBox()
        for level in Significance:
            self.significance.addItem(level.label, level.value)
        self.significance.setCurrentIndex(1)
        self.analysis = QPlainTextEdit()
        self.analysis.setTabChangesFocus(True)
        self.author = QLineEdit()
        self.author.setMaxLength(LIMITS["author"])

        fields: list[tuple[str, str, QWidget]] = [
            ("agency", "&Agency", self.agency), ("date", "&Date", self.date), ("time", "&Time (if known)", self.time),
            ("source_kind", "Source t&ype", self.source_kind), ("source", "&Source", self.source),
            ("event", "&Event", self.event), ("significance", "Si&gnificance", self.significance),
            ("analysis", "A&nalysis", self.analysis), ("author", "A&uthor", self.author),
        ]
        for name, text, widget in fields:
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            problem = QLabel()
            problem.setObjectName("FieldError")
            problem.setWordWrap(True)
            problem.hide()
            self.problems[name] = problem
            holder = QVBoxLayout()
            holder.setSpacing(2)
            holder.addWidget(widget)
            if name == "date":
                holder.addWidget(self.read_as)
            holder.addWidget(problem)
            form.addRow(label, holder)
        self.date.setAccessibleDescription("Day first. " + ACCEPTED_FORMS)

        self.buttons = QDialogButtonBox()
        if save is None:
            self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
            for _, _, widget in fields:
                _read_only(widget)
        else:
            self.buttons.addButton(QDialogButtonBox.StandardButton.Save)
            self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        heading = QLabel(f"{info.reference}: {('entry from ' + row.agency) if row else 'a new entry'}")
        heading.setObjectName("SectionTitle")
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        if row is not None:
            self._fill(row)
        self.date.textChanged.connect(self._read_back)
        self._read_back()
        self.date.setFocus() if row is None else self.event.setFocus()

    def _fill(self, row: EntryRow) -> None:
        data = row.as_input()
        self.agency.setCurrentIndex(max(0, self.agency.findData(row.agency_id)))
        self.date.setText(str(data.date))
        self.time.setText(str(data.time or ""))
        self.source_kind.setCurrentIndex(max(0, self.source_kind.findData(row.source_kind)))
        self.source.setText(row.source)
        self.event.setPlainText(row.event)
        self.significance.setCurrentIndex(max(0, self.significance.findData(row.significance)))
        self.analysis.setPlainText(row.analysis)
        self.author.setText(row.author)

    def _read_back(self) -> None:
        """Say how the date is read, the child's age then, and whether it is in the period."""
        text = self.date.text().strip()
        if not text:
            self.read_as.setText("Type the date as the record gives it, day first.")
            return
        try:
            parsed = parse_date(text)
        except DateProblem as problem:
            self.read_as.setText(problem.message)
            return
        parts = [f"Read as: {describe(parsed.date_from, parsed.date_to, parsed.certainty.value, parsed.event_time)}"
                 f" ({parsed.certainty.label.lower()})"]
        age = age_at(self.info.child_dob, parsed.date_from, parsed.date_to, parsed.certainty.value)
        if age:
            parts.append(f"child aged {age}")
        if self.info.outside_period(parsed.date_from, parsed.latest):
            parts.append("outside the period under review: it will be kept, and flagged")
        self.read_as.setText("; ".join(parts) + ".")

    def entry_input(self) -> EntryInput:
        return EntryInput(
            date=self.date.text(), time=self.time.text(), source_kind=self.source_kind.currentData(),
            source=self.source.text(), event=self.event.toPlainText(), significance=self.significance.currentData(),
            analysis=self.analysis.toPlainText(), author=self.author.text(),
        )

    def agency_id(self) -> int | None:
        value = self.agency.currentData()
        return int(value) if value is not None else None

    def _accept(self) -> None:
        if self._save is None:
            self.accept()
            return
        for label in self.problems.values():
            label.hide()
        try:
            self.saved = self._save(self.agency_id(), self.entry_input())
        except ValidationError as refused:
            self.show_problems(refused.problems)
            return
        except Exception as error:  # routed to the one place that explains errors
            self.ctx.ops.report_error(error)
            return
        self.accept()

    def show_problems(self, problems: dict[str, str]) -> None:
        first: QWidget | None = None
        for name, message in problems.items():
            label = self.problems.get(name)
            if label is None:
                continue
            label.setText(message)
            label.show()
            if first is None:
                first = label.buddy() or self._widget(name)
        if first is not None:
            first.setFocus()

    def _widget(self, name: str) -> QWidget:
        return {"agency": self.agency, "date": self.date, "time": self.time, "source_kind": self.source_kind,
                "source": self.source, "event": self.event, "significance": self.significance,
                "analysis": self.analysis, "author": self.author}[name]


def _ordered(info: ReviewInfo, agencies: list[AgencyRef]) -> list[AgencyRef]:
    """Involved agencies first, then the rest (never those who said they were not involved)."""
    refused = {a.id for a in info.not_involved}
    first = list(info.involved)
    known = {a.id for a in first}
    return first + [a for a in agencies if a.id not in known and a.id not in refused]


def _read_only(widget: QWidget) -> None:
    if isinstance(widget, (QLineEdit, QPlainTextEdit)):
        widget.setReadOnly(True)
    else:
        widget.setEnabled(False)
