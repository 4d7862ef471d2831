"""The MALR report or case summary: background, how the review was done, who took part,
key findings, recommendations, good practice, the report itself and its dissemination."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Paragraph

from lipanel_desktop.printing.layout import bullet_list, cell, data_table, heading, key_values, narrative
from lipanel_desktop.printing.styles import markup, para, styles
from lipanel_desktop.printing.template import RenderOptions, build_pdf, content_width

if TYPE_CHECKING:
    from lipanel_desktop.services.documents.review_report import NumberedText, ReviewReportData


def _numbered(items: "tuple[NumberedText, ...]", empty: str) -> list[Flowable]:
    s = styles()
    if not items:
        return [para(empty, s.italic)]
    out: list[Flowable] = []
    for item in items:
        tail = " · ".join(p for p in (item.agency, item.date and f"agreed {item.date}") if p)
        text = markup(item.text) + (f" <i>({markup(tail)})</i>" if tail else "")
        out.append(Paragraph(text, s.body, bulletText=f"{item.number}."))
    return out


def review_report_story(data: "ReviewReportData", width: float, *, title: bool = True) -> list[Flowable]:
    s = styles()
    review = data.review
    out: list[Flowable] = []
    if title:
        out += [para(data.meta.title, s.title),
                para(f"{data.meta.reference}" + (f" · {review.child_name}" if review and review.child_name else ""),
                     s.subtitle)]
    if review is not None:
        out.append(key_values([
            ("Review", f"{review.reference} ({review.kind})"), ("Method", review.method), ("Stage", review.stage),
            ("Child", review.child_name), ("Incident", " on ".join(p for p in (data.incident_type, data.incident_date) if p)),
            ("Period under review", review.period), ("Chair", review.chair),
            ("Reported to the Board", data.reported_to_board),
        ], width, 0.3))
    out += heading("Background", 2)
    out += narrative("What happened", data.background, width)
    out += heading("The review", 2)
    out += narrative("Issues for the review", data.issues, width)
    out += narrative("Scope", data.scope, width)
    out += narrative("Methodology", data.methodology, width)
    out += heading("Agencies and people who took part", 2)
    out += bullet_list([a for a in data.agencies_involved if a], empty="No agency has yet confirmed involvement.")
    rows = [[cell(p.role), cell(p.agency), cell(p.name), cell(p.job_title)] for p in data.participants]
    out += data_table(["Role", "Agency", "Name", "Job title"], rows, [width * w for w in (0.3, 0.25, 0.2, 0.25)],
                      empty="No participants recorded.")
    out += heading("Key findings", 2)
    out += _numbered(data.findings, "No findings have been agreed yet.")
    out += heading("Recommendations", 2)
    out += _numbered(data.recommendations, "No recommendations have been agreed yet.")
    out += heading("Good practice identified", 2)
    out += _numbered(data.good_practice, "No good practice has been recorded.")
    out += heading(data.report_kind or "Report", 2)
    out += narrative(data.report_kind or "Report", data.report_text, width)
    out += heading("Dissemination of learning", 2)
    rows = [[cell(d.channel), cell(d.date), cell(d.audience), cell(d.people)] for d in data.dissemination]
    out += data_table(["How", "When", "Audience", "People"], rows, [width * w for w in (0.3, 0.15, 0.43, 0.12)],
                      empty="No dissemination recorded yet.")
    return out


def render(data: "ReviewReportData", options: RenderOptions | None = None) -> bytes:
    return build_pdf(review_report_story(data, content_width()), data.meta, options)
