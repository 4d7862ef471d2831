"""A review's recorded details, grouped as the policy's steps. Each field can be changed
only at the stage where it belongs (the service says so too); the others are shown
read-only with where they are recorded."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QGroupBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from lipanel_desktop.errors import ValidationError
from lipanel_desktop.services.permissions import allowed
from lipanel_desktop.services.reviews import FIELD_RULES, ReviewFields
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.pages.panel_widgets import button
from lipanel_desktop.views.pages.reviews_forms import Unreadable, combo, date_field, line_edit, read_date, text_box, uk
from lipanel_desktop.views.widgets.date_field import DateField
from lipanel_desktop.vocabulary.reviews import ReviewKind, ReviewStage
from lipanel_desktop.vocabulary.roles import Permission

GROUPS: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    # (title, fields, SCR only)
    ("Set-up and terms of reference", ("chair_name", "method", "terms_of_reference", "issues_for_review", "timescales",
                                       "period_from", "period_to", "due_on"), False),
    ("Service Director's recommendation", ("director_recommendation", "director_recommendation_on"), True),
    ("Independent Chair's decision", ("chair_decision", "chair_decision_reasons", "chair_decision_on"), True),
    ("Ofsted and the National Panel", ("ofsted_notified_on", "national_panel_notified_on", "national_panel_outcome",
                                       "national_panel_outcome_on", "national_panel_notes"), True),
    ("Commissioning and conduct", ("methodology", "independent_reviewer", "reviewer_commissioned_on", "scr_panel_agreed_on",
                                   "interviews"), True),
    ("Report", ("report_kind", "report_text", "reported_to_board_on"), False),
    ("Sign-off and publication", ("board_signed_off_on", "publication_decision", "publication_reasons", "published_on"), True),
)


class DetailsTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.review: ReviewFields | None = None
        self.widgets: dict[str, QWidget] = {}
        self.groups: list[tuple[QGroupBox, bool]] = []
        holder = QWidget()
        inner = QVBoxLayout(holder)
        for title, names, scr_only in GROUPS:
            group = QGroupBox(title)
            form = QFormLayout(group)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            for name in names:
                rule = FIELD_RULES[name]
                if rule.kind == "long":
                    widget: QWidget = text_box(rule.label)
                elif rule.kind == "date":
                    widget = date_field(rule.label)
                elif rule.kind == "choice":
                    widget = combo([("", "Not recorded")] + list((rule.choices or {}).items()), rule.label)
                else:
                    widget = line_edit(rule.label)
                caption = QLabel(rule.label)
                caption.setBuddy(widget.focusProxy() or widget)
                caption.setWordWrap(True)
                form.addRow(caption, widget)
                self.widgets[name] = widget
            inner.addWidget(group)
            self.groups.append((group, scr_only))
        inner.addStretch(1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(holder)
        self.problems = QLabel()
        self.problems.setObjectName("FieldError")
        self.problems.setWordWrap(True)
        self.problems.hide()
        self.save_button = button("&Save details", "Save the review's details", self.save)
        self.save_button.setVisible(allowed(ctx.workspace.identity, Permission.RUN_REVIEWS))
        layout = QVBoxLayout(self)
        layout.addWidget(area, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.save_button)

    def show_review(self, review: ReviewFields) -> None:
        self.review = review
        self.problems.hide()
        identity = self.ctx.workspace.identity
        scr = review.kind == ReviewKind.SCR or bool(review.chair_decision)
        for group, scr_only in self.groups:
            group.setVisible(scr or not scr_only)
        for name, widget in self.widgets.items():
            rule = FIELD_RULES[name]
            value = getattr(review, name)
            editable = review.stage in rule.stages and allowed(identity, rule.permission) and allowed(identity, Permission.RUN_REVIEWS)
            if isinstance(widget, DateField):
                widget.setText(uk(value))
                widget.setReadOnly(not editable)
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value or "")))
                widget.setEnabled(editable)
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")
                widget.setReadOnly(not editable)
            elif isinstance(widget, QLineEdit):
                widget.setText(value or "")
                widget.setReadOnly(not editable)
            where = " or ".join(f"“{s.label}”" for s in ReviewStage if s in rule.stages)
            widget.setToolTip("" if editable else f"Recorded when the review is at {where}.")
        self.save_button.setEnabled(review.is_open)

    def changes(self) -> dict[str, Any]:
        assert self.review is not None
        problems: dict[str, str] = {}
        found: dict[str, Any] = {}
        for name, widget in self.widgets.items():
            before = getattr(self.review, name)
            if isinstance(widget, DateField):
                try:
                    value: Any = read_date(widget, name, FIELD_RULES[name].label)
                except Unreadable as error:
                    problems.update(error.problems)
                    continue
            elif isinstance(widget, QComboBox):
                value = widget.currentData() or (None if name != "report_kind" else "")
            elif isinstance(widget, QPlainTextEdit):
                value = widget.toPlainText()
            else:
                value = widget.text()  # type: ignore[attr-defined]
            if isinstance(value, str) and isinstance(before, str) and value.strip() == before.strip():
                continue
            if value != before and not (value in ("", None) and before in ("", None)):
                found[name] = value
        if problems:
            raise ValidationError(problems)
        return found

    def save(self) -> None:
        if self.review is None:
            return
        try:
            changes = self.changes()
        except ValidationError as error:
            self.problems.setText("\n".join(error.problems.values()))
            self.problems.show()
            return
        if not changes:
            self.problems.setText("Nothing has changed.")
            self.problems.show()
            return
        review_id = self.review.id
        try:
            saved = self.ctx.workspace.panel.reviews.update(review_id, changes)
        except ValidationError as error:
            self.problems.setText("\n".join(error.problems.values()))
            self.problems.show()
            return
        except Exception as error:
            self.ctx.ops.report_error(error)
            return
        self.problems.hide()
        self.ctx.hub.changed.emit("reviews")
        self.show_review(saved)
