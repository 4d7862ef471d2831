"""Form A's sections, built in the paper form's order with its words. Widgets are made in
reading order, so Tab goes through the form as a person reads it."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from lipanel_desktop.services.referral_labels import (
    CONCLUSION_LABELS,
    SECTION_A,
    SECTION_B,
    SECTION_C,
    SECTION_CHILD,
    SECTION_CIRCUMSTANCES,
    SECTION_CONCLUSION,
    SECTION_REASON,
    SECTION_REFERRAL,
)
from lipanel_desktop.services.referral_rules import NAME_LIMIT, SHORT_LIMIT
from lipanel_desktop.vocabulary.form_a import (
    CaseKind,
    ImmigrationStatus,
    IncidentType,
    OfstedNotified,
    ScrCriteria,
    Sex,
    YesNoUnknown,
)
from lipanel_desktop.views.form_a.agencies import AgenciesField
from lipanel_desktop.views.form_a.agency_choice import AgencyField
from lipanel_desktop.views.form_a.ethnic import EthnicGroupField
from lipanel_desktop.views.form_a.fields import AgeField, ChoiceField, DateInput, Field, MultiLineField, TextField
from lipanel_desktop.views.form_a.household import HouseholdField


@dataclass
class FormWidgets:
    fields: dict[str, Field] = field(default_factory=dict)
    sections: list[tuple[str, "SectionBox"]] = field(default_factory=list)
    age_note: QLabel | None = None
    summary_count: QLabel | None = None
    #: The conclusion block: a note on where it comes from, then one value per row.
    conclusion: QLabel | None = None
    conclusion_values: dict[str, QLabel] = field(default_factory=dict)
    #: Row labels that belong to no single field (kept for lining up the label column).
    extra_labels: list[QLabel] = field(default_factory=list)

    def row_labels(self) -> list[QLabel]:
        return [f.label for f in self.fields.values() if f.label.parent() is not None] + self.extra_labels

    def add(self, f: Field) -> Field:
        self.fields[f.key] = f
        return f


class SectionBox(QFrame):
    """A section of the form: its heading (which wraps, unlike a group box title, so a
    long heading at 200% text never widens the form) and a body for its fields."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.setObjectName("FormSection")
        self.setAccessibleName(title)
        column = QVBoxLayout(self)
        self.heading = QLabel(title)
        self.heading.setObjectName("SectionTitle")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.body = QWidget()
        column.addWidget(self.heading)
        column.addWidget(self.body)


def _form(box: SectionBox) -> QFormLayout:
    form = QFormLayout(box.body)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return form


def _row(form: QFormLayout, f: Field) -> None:
    f.label.setBuddy(f.focus_widget)
    form.addRow(f.label, f.cell)


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("Hint")
    label.setWordWrap(True)
    return label


def _section(w: FormWidgets, title: str) -> SectionBox:
    box = SectionBox(title)
    w.sections.append((title, box))
    return box


def build(parent: QVBoxLayout) -> FormWidgets:
    w = FormWidgets()
    for build_section in (_child, _referral, _section_a, _section_b, _section_c, _reason, _circumstances, _conclusion):
        parent.addWidget(build_section(w))
    return w


def _child(w: FormWidgets) -> SectionBox:
    box = _section(w, SECTION_CHILD)
    form = _form(box)
    _row(form, w.add(TextField("child_full_name", NAME_LIMIT)))
    _row(form, w.add(TextField("child_also_known_as", SHORT_LIMIT)))
    _row(form, w.add(DateInput("child_dob")))
    when_date = w.add(DateInput("incident_date"))
    when_time = w.add(TextField("incident_time", 8, width_chars=8))
    when_time.line.setPlaceholderText("hh:mm")
    row = QWidget()
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(when_date.cell)
    time_label = QLabel("Time (24-hour)")
    time_label.setBuddy(when_time.line)
    line.addWidget(time_label)
    line.addWidget(when_time.cell)
    line.addStretch(1)
    label = QLabel("Date && time of death / Critical Incident if applicable")
    w.extra_labels.append(label)
    label.setWordWrap(True)
    label.setBuddy(when_date.focus_widget)
    form.addRow(label, row)
    _row(form, w.add(MultiLineField("child_address", 3)))
    _row(form, w.add(TextField("child_current_location", SHORT_LIMIT)))
    return box


def _referral(w: FormWidgets) -> SectionBox:
    box = _section(w, SECTION_REFERRAL)
    form = _form(box)
    _row(form, w.add(DateInput("referral_date")))
    _row(form, w.add(TextField("referrer_name", NAME_LIMIT)))
    _row(form, w.add(ChoiceField("ofsted_notified", OfstedNotified)))
    _row(form, w.add(AgencyField()))
    _row(form, w.add(MultiLineField("agency_address", 3, label_text="Address")))
    _row(form, w.add(TextField("agency_telephone", 40, width_chars=24)))
    _row(form, w.add(TextField("agency_email", 254)))
    return box


def _section_a(w: FormWidgets) -> SectionBox:
    box = _section(w, SECTION_A)
    form = _form(box)
    _row(form, w.add(ChoiceField("sex", Sex)))
    age = w.add(AgeField())
    age_row = QWidget()
    line = QHBoxLayout(age_row)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(age.cell)
    w.age_note = QLabel()
    w.age_note.setWordWrap(True)
    w.age_note.setAccessibleName("Age worked out from the date of birth")
    line.addWidget(w.age_note, 1)
    age.label.setBuddy(age.line)
    form.addRow(age.label, age_row)
    specify = w.add(TextField("ethnic_other", NAME_LIMIT))
    specify.line.setAccessibleName("Ethnic group: Any other, specify")
    _row(form, w.add(EthnicGroupField(specify)))
    _row(form, w.add(ChoiceField("immigration_status", ImmigrationStatus)))
    return box


def _section_b(w: FormWidgets) -> SectionBox:
    box = _section(w, SECTION_B)
    column = QVBoxLayout(box.body)
    column.setContentsMargins(0, 0, 0, 0)
    household = w.add(HouseholdField())
    column.addWidget(household.cell)
    return box


def _section_c(w: FormWidgets) -> SectionBox:
    box = _section(w, SECTION_C)
    form = _form(box)
    _row(form, w.add(ChoiceField("incident_type", IncidentType)))
    summary = w.add(MultiLineField("summary", 12))
    summary.edit.setPlaceholderText("Please provide a narrative account of the event.")
    summary.label.setBuddy(summary.edit)
    cell = QWidget()
    column = QVBoxLayout(cell)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(_hint("Please provide a narrative account of the event."))
    column.addWidget(summary.cell)
    w.summary_count = QLabel()
    w.summary_count.setObjectName("Hint")
    w.summary_count.setAlignment(Qt.AlignmentFlag.AlignRight)
    column.addWidget(w.summary_count)
    form.addRow(summary.label, cell)
    return box


def _reason(w: FormWidgets) -> SectionBox:
    box = _section(w, SECTION_REASON)
    form = _form(box)
    form.addRow(_hint("At this stage the reason for your request for a review should be highlighted."))
    _row(form, w.add(ChoiceField("case_kind", CaseKind, vertical=True)))
    learning = w.add(MultiLineField("expected_learning", 5))
    learning.edit.setPlaceholderText("What could agencies learn from this case?")
    _row(form, learning)
    form.addRow("", _hint("Significant learning should be identified for every case referred."))
    _row(form, w.add(ChoiceField("scr_criteria", ScrCriteria, vertical=True)))
    return box


def _circumstances(w: FormWidgets) -> SectionBox:
    box = _section(w, SECTION_CIRCUMSTANCES)
    form = _form(box)
    _row(form, w.add(ChoiceField("on_child_protection_plan", YesNoUnknown)))
    _row(form, w.add(MultiLineField("whereabouts_at_incident", 2)))
    _row(form, w.add(MultiLineField("carer_at_incident", 2)))
    agencies = w.add(AgenciesField())
    _row(form, agencies)
    return box


def _conclusion(w: FormWidgets) -> SectionBox:
    """The paper form's conclusion block, row by row in its words; read-only here."""
    box = _section(w, SECTION_CONCLUSION)
    form = _form(box)
    w.conclusion = _hint("")
    form.addRow(w.conclusion)
    for key, words in CONCLUSION_LABELS:
        value = QLabel()
        value.setWordWrap(True)
        value.setTextFormat(Qt.TextFormat.PlainText)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        value.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        value.setAccessibleName(words.rstrip(" :."))
        label = QLabel(words)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setBuddy(value)
        w.extra_labels.append(label)
        w.conclusion_values[key] = value
        form.addRow(label, value)
    return box
