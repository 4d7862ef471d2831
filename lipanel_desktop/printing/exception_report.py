"""The exception report: every overdue or at-risk action, grouped by agency, with its
cause, consequences, options and the recommendation to the Quality Assurance Sub-group.

It lays out the `ExceptionReport` the Reports page shows (one source of truth), so the
counts and lines printed are the screen's."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from lipanel_desktop.printing.layout import cell, data_table, heading, key_values
from lipanel_desktop.printing.styles import para, styles
from lipanel_desktop.printing.template import RenderOptions, build_pdf, content_width
from lipanel_desktop.services.reports.dashboard_data import STATUS_STYLES

if TYPE_CHECKING:
    from lipanel_desktop.services.documents.board_reports import ExceptionReportData
    from lipanel_desktop.services.reports.exception_report import ExceptionItem, ExceptionReport


def uk(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def status_words(item: "ExceptionItem") -> str:
    """The status in words with its symbol (a second cue, never the only one) and how late."""
    style = STATUS_STYLES.get(item.status)
    return f"{style.symbol + ' ' if style else ''}{item.status_label}\n{item.lateness}"


def due_words(item: "ExceptionItem") -> str:
    text = uk(item.due_date)
    if item.due_date != item.original_due_date:
        text += f"\n(originally {uk(item.original_due_date)}" + (f"; {item.revised_due_reason}" if item.revised_due_reason else "") + ")"
    if item.forecast_date is not None:
        text += f"\nForecast {uk(item.forecast_date)}"
    return text


def officer_words(item: "ExceptionItem") -> str:
    text = ", ".join(p for p in (item.lead_officer_name, item.lead_officer_role) if p)
    if item.accountable_manager:
        text += ("\n" if text else "") + f"Accountable: {item.accountable_manager}"
    return text


def action_words(item: "ExceptionItem") -> str:
    text = item.description
    if item.latest_update_on is not None:
        text += f"\nLatest update {uk(item.latest_update_on)}: {item.latest_update_text}"
    return text


def summary_pairs(report: "ExceptionReport") -> list[tuple[str, str]]:
    """The headline figures, as the screen's summary gives them."""
    return [
        ("Open actions", str(report.open_count)),
        ("Overdue", str(report.overdue_count)),
        (f"At risk (forecast more than {report.tolerance_days} days late)", str(report.at_risk_count)),
        ("Still need their note", str(report.without_note)),
    ]


def _overview(report: "ExceptionReport", width: float) -> Flowable:
    """The headline figures and, beside them, the count per agency."""
    figures = key_values(summary_pairs(report), width * 0.4, 0.72)
    if len(report.by_agency) < 2:
        return figures
    counts = data_table(["Agency", "Overdue", "At risk"],
                        [[cell(a.agency), cell(str(a.overdue)), cell(str(a.at_risk))] for a in report.by_agency],
                        [width * w for w in (0.3, 0.1, 0.1)], chunk=len(report.by_agency))[0]
    side_by_side = Table([[figures, counts]], colWidths=[width * 0.44, width * 0.52], hAlign="LEFT")
    side_by_side.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return side_by_side


def exception_story(data: "ExceptionReportData", width: float) -> list[Flowable]:
    s = styles()
    report = data.report
    out: list[Flowable] = [
        para("Exception report", s.title),
        para(f"{report.scope} · as at {uk(report.as_of)}", s.subtitle),
        para("For the Quality Assurance Sub-group and the Board: the actions that are overdue or forecast to finish "
             "late, and what is proposed. Status is written in words; the mark beside it is a second cue.", s.body),
        Spacer(1, 4),
        _overview(report, width),
    ]
    if not report.items:
        return out + [Spacer(1, 8), para("No action is overdue or at risk.", s.italic)]
    widths = [0.09, 0.19, 0.1, 0.09, 0.09, 0.11, 0.11, 0.11, 0.11]
    header = ["Ref", "Action", "Lead officer", "Due", "Status", "Cause", "Consequences", "Options", "Recommendation"]
    for agency, grouped in groupby(report.items, key=lambda i: i.agency):
        items = list(grouped)
        out += heading(f"{agency} ({len(items)})", 2)
        table = [[cell(i.reference + (f"\n{i.source}" if i.source else "")), cell(action_words(i)), cell(officer_words(i)),
                  cell(due_words(i)), cell(status_words(i)), cell(i.note.cause), cell(i.note.consequences),
                  cell(i.note.options), cell(i.note.recommendation)] for i in items]
        # Short chunks: rows are tall (four notes each), and a heading stays with its first rows
        # without pushing a whole long table onto the next page.
        out += data_table(header, table, [width * w for w in widths], chunk=6)
    return out


def render(data: "ExceptionReportData", options: RenderOptions | None = None) -> bytes:
    return build_pdf(exception_story(data, content_width(landscape=True)), data.meta, options, landscape=True)
