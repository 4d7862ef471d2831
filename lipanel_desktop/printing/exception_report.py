"""The exception report: every overdue or at-risk action, grouped by agency, with its
cause, consequences, options and the recommendation to the Quality Assurance Sub-group."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Spacer

from lipanel_desktop.printing.action_plan import status_text
from lipanel_desktop.printing.layout import cell, data_table, heading, key_values
from lipanel_desktop.printing.styles import para, styles
from lipanel_desktop.printing.template import RenderOptions, build_pdf, content_width

if TYPE_CHECKING:
    from lipanel_desktop.services.documents.board_reports import ExceptionReportData


def exception_story(data: "ExceptionReportData", width: float) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = [
        para("Exception report", s.title),
        para(f"{data.scope} · as at {data.as_at}", s.subtitle),
        key_values([("Open actions", str(data.total_open)), ("Overdue", str(data.overdue)),
                    ("At risk", str(data.at_risk))], width * 0.45, 0.5),
        Spacer(1, 4),
        para("For the Quality Assurance Sub-group and the Board: the actions that are overdue or forecast to finish "
             "late, and what is proposed.", s.body),
    ]
    if not data.rows:
        return out + [Spacer(1, 8), para("No action is overdue or at risk.", s.italic)]
    widths = [0.08, 0.2, 0.1, 0.08, 0.1, 0.11, 0.11, 0.11, 0.11]
    header = ["Ref", "Action", "Lead officer", "Due", "Status", "Cause", "Consequences", "Options", "Recommendation"]
    for agency, rows in groupby(data.rows, key=lambda r: r.agency):
        rows = list(rows)
        out += heading(f"{agency} ({len(rows)})", 2)
        table = [[cell(r.reference + (f"\n{r.review_reference}" if r.review_reference else "")), cell(r.description),
                  cell(r.lead_officer), cell(r.due), cell(status_text(r)), cell(r.cause), cell(r.consequences),
                  cell(r.options), cell(r.recommendation)] for r in rows]
        out += data_table(header, table, [width * w for w in widths])
    return out


def render(data: "ExceptionReportData", options: RenderOptions | None = None) -> bytes:
    return build_pdf(exception_story(data, content_width(landscape=True)), data.meta, options, landscape=True)
