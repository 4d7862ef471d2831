"""The highlight report on screen: choose a period, read what the Board will read —
headline numbers, actions by agency, reviews, themes, good practice, dissemination — with
the dashboard's charts drawn into it."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import QSize, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from lipanel_desktop.errors import ValidationError
from lipanel_desktop.services.referral_fields import FieldProblem, format_uk_date, parse_uk_date
from lipanel_desktop.services.reports.highlight_report import ActionLine, HighlightReport, period_presets
from lipanel_desktop.views.charts.chart_widget import render_image
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.widgets.date_field import DateField

#: Lines shown on screen per list (the printed report has them all).
SHOWN_LINES = 200
CHART_SIZE = QSize(900, 540)


def _lines(title: str, lines: tuple[ActionLine, ...], with_completed: bool = False) -> str:
    parts = [f"<h3>{escape(title)}: {len(lines)}</h3>"]
    if not lines:
        return parts[0] + "<p><i>None.</i></p>"
    rows = "".join(
        f"<tr><td>{escape(line.reference)}</td><td>{escape(line.agency)}</td><td>{escape(line.source)}</td>"
        f"<td>{escape(line.description)}</td><td>{format_uk_date(line.completed_on if with_completed else line.due_date)}</td></tr>"
        for line in lines[:SHOWN_LINES]
    )
    when = "Completed" if with_completed else "Due"
    parts.append(
        "<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
        f"<tr><th>Reference</th><th>Agency</th><th>Review</th><th>Action</th><th>{when}</th></tr>{rows}</table>"
    )
    if len(lines) > SHOWN_LINES:
        parts.append(f"<p><i>and {len(lines) - SHOWN_LINES} more, all in the printed report.</i></p>")
    return "".join(parts)


def report_html(report: HighlightReport) -> str:
    """The report as HTML; charts are referenced as images named chart:<key>."""
    parts = [
        f"<p>{escape(report.protective_marking)}</p>",
        f"<h2>Highlight report, {report.period_label}</h2>",
        f"<p>{escape(report.board_name)}. Overdue and open counts are as at {format_uk_date(report.as_at)}.</p>",
        "<ul>"
        f"<li><b>{len(report.actions_new)}</b> actions set and <b>{len(report.actions_completed)}</b> completed</li>"
        f"<li><b>{len(report.actions_overdue)}</b> overdue and <b>{report.open_at_end}</b> open at the end of the period</li>"
        f"<li><b>{len(report.reviews_started)}</b> reviews started, <b>{len(report.reviews_finished)}</b> finished, "
        f"<b>{len(report.reviews_published)}</b> published</li>"
        f"<li>Learning passed on <b>{report.dissemination_occasions}</b> times to <b>{report.people_reached}</b> people</li>"
        "</ul>",
        "<h3>Actions by agency</h3>",
    ]
    if report.by_agency:
        rows = "".join(
            f"<tr><td>{escape(a.agency)}</td><td align='right'>{a.new}</td><td align='right'>{a.completed}</td>"
            f"<td align='right'>{a.overdue}</td><td align='right'>{a.open}</td></tr>"
            for a in report.by_agency
        )
        parts.append(
            "<table border='1' cellspacing='0' cellpadding='3'><tr><th>Agency</th><th>New</th><th>Completed</th>"
            f"<th>Overdue at end</th><th>Open at end</th></tr>{rows}</table>"
        )
    else:
        parts.append("<p><i>No actions in this period.</i></p>")
    parts.append("<h3>Charts</h3>")
    for chart in report.charts.charts:
        parts.append(f"<p><img src='chart:{chart.key}' width='{CHART_SIZE.width() * 2 // 3}' alt='{escape(chart.describe())}'></p>")
    parts.append(_lines("Actions completed", report.actions_completed, with_completed=True))
    parts.append(_lines("New actions", report.actions_new))
    parts.append(_lines("Overdue at the end of the period", report.actions_overdue))
    for title, milestones in (
        ("Reviews started", report.reviews_started),
        ("Reviews finished", report.reviews_finished),
        ("Reviews published", report.reviews_published),
    ):
        parts.append(f"<h3>{title}: {len(milestones)}</h3>")
        if milestones:
            parts.append("<ul>" + "".join(
                f"<li>{format_uk_date(m.on)}: {escape(m.reference)} ({escape(m.kind_label)}), now {escape(m.stage_label.lower())}</li>"
                for m in milestones
            ) + "</ul>")
    parts.append("<h3>Themes of the period's reviews</h3>")
    parts.append(
        "<ul>" + "".join(f"<li>{escape(t.theme)}: {t.reviews} review{'s' if t.reviews != 1 else ''}</li>" for t in report.themes) + "</ul>"
        if report.themes else "<p><i>No themes recorded.</i></p>"
    )
    parts.append("<h3>Good practice</h3>")
    parts.append(
        "<ul>" + "".join(
            f"<li>{format_uk_date(g.received_on)}: {escape(g.description)}"
            + (f" ({escape(g.agency)})" if g.agency else "") + (f", {escape(g.review_reference)}" if g.review_reference else "") + "</li>"
            for g in report.good_practice
        ) + "</ul>"
        if report.good_practice else "<p><i>None recorded in this period.</i></p>"
    )
    return "".join(parts)


class HighlightReportView(QWidget):
    """`report` is what is shown (for printing)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: HighlightReport | None = None
        self.preset = QComboBox()
        self.preset.setAccessibleName("Period")
        today = ctx.workspace.reports.highlight.clock()
        for label, start, end in period_presets(today):
            self.preset.addItem(label, (start, end))
        self.preset.addItem("Dates of my choosing", None)
        self.start = DateField("Period from")
        self.end = DateField("Period to")
        self.show_button = QPushButton("&Show report")
        self.problem = QLabel()
        self.problem.setObjectName("FieldError")
        self.problem.setWordWrap(True)
        self.problem.hide()
        top = QHBoxLayout()
        for caption, widget in (("&Period", self.preset), ("&From", self.start), ("&To", self.end)):
            label = QLabel(caption)
            label.setBuddy(widget.focusProxy() or widget)
            top.addWidget(label)
            top.addWidget(widget)
        top.addWidget(self.show_button)
        top.addStretch(1)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Highlight report")
        self.browser.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.problem)
        layout.addWidget(self.browser, 1)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.start.edited.connect(self._dates_typed)
        self.end.edited.connect(self._dates_typed)
        self.show_button.clicked.connect(self.build)
        self._preset_chosen()

    def _preset_chosen(self) -> None:
        chosen = self.preset.currentData()
        if chosen is not None:
            self.start.setText(format_uk_date(chosen[0]))
            self.end.setText(format_uk_date(chosen[1]))

    def _dates_typed(self) -> None:
        custom = self.preset.findData(None)
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(custom)
        self.preset.blockSignals(False)

    def _period(self) -> tuple[date | None, date | None] | None:
        problems = []
        found: list[date | None] = []
        for field, words in ((self.start, "Start"), (self.end, "End")):
            try:
                found.append(parse_uk_date(field.text()))
            except FieldProblem as problem:
                problems.append(f"{words} of the period: {problem.message}")
        if problems:
            self._show_problem(" ".join(problems))
            return None
        return found[0], found[1]

    def period_shown(self) -> tuple[date | None, date | None]:
        """The period of the report on screen or, before one is shown, the dates typed
        (None where they cannot be read): what a print of the highlight report covers."""
        if self.report is not None:
            return self.report.start, self.report.end
        found: list[date | None] = []
        for field in (self.start, self.end):
            try:
                found.append(parse_uk_date(field.text()))
            except FieldProblem:
                found.append(None)
        return found[0], found[1]

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def build(self) -> None:
        period = self._period()
        if period is None:
            return
        service = self.ctx.workspace.reports.highlight
        try:
            report = service.build(*period)
        except ValidationError as error:
            self._show_problem(" ".join(error.problems.values()))
            return
        except Exception as error:
            self.ctx.ops.report_error(error, "Could not build the report")
            return
        self._show_problem("")
        self.show_report(report)

    def show_report(self, report: HighlightReport) -> None:
        self.report = report
        document = self.browser.document()
        for chart in report.charts.charts:
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"chart:{chart.key}"), render_image(chart, CHART_SIZE))
        self.browser.setHtml(report_html(report))

    def reload(self) -> None:
        if self.report is not None:
            self.build()

    def clear(self) -> None:
        self.report = None
        self.browser.clear()

    def state(self) -> dict[str, Any]:
        return {"preset": self.preset.currentIndex(), "start": self.start.text(), "end": self.end.text(), "shown": self.report is not None}

    def restore(self, state: dict[str, Any]) -> None:
        preset = state.get("preset")
        if isinstance(preset, int) and 0 <= preset < self.preset.count():
            self.preset.setCurrentIndex(preset)
        for field, key in ((self.start, "start"), (self.end, "end")):
            value = state.get(key)
            if isinstance(value, str) and len(value) <= 12:
                field.setText(value)
        if state.get("shown"):
            self.build()
