"""A subject-access pack: everything held about one child, in one document — the
referral as recorded, the panel's decisions, the meetings, each review with its
chronology entries, and the actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, PageBreak

from lipanel_desktop.printing.action_plan import action_table
from lipanel_desktop.printing.form_a import conclusion_block, form_a_story
from lipanel_desktop.printing.layout import Bookmark, cell, data_table, heading
from lipanel_desktop.printing.review_report import review_report_story
from lipanel_desktop.printing.styles import para, styles
from lipanel_desktop.printing.template import RenderOptions, build_pdf, content_width

if TYPE_CHECKING:
    from lipanel_desktop.services.documents.subject_access import SubjectAccessData


def subject_access_story(data: "SubjectAccessData", width: float) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = [
        para("Subject access pack", s.title),
        para(f"Everything held about the child of referral {data.meta.reference}", s.subtitle),
        para("Sections: 1 the referral (Form A) · 2 panel decisions · 3 meetings · 4 reviews and their "
             "chronologies · 5 actions.", s.body),
        PageBreak(),
        Bookmark("1. The referral (Form A)"),
    ]
    if data.form is not None:
        out += form_a_story(data.form, width)
    out += [PageBreak(), *heading("2. Panel decisions")]
    if not data.decisions:
        out.append(para("The panel has recorded no decision.", s.italic))
    for conclusion in data.decisions:
        out += conclusion_block(conclusion, width)
    out += heading("3. Meetings that discussed the referral")
    rows = [[cell(m.kind), cell(m.date), cell(m.place), cell(m.reference)] for m in data.meetings]
    out += data_table(["Meeting", "Date", "Place", "Reference"], rows, [width * w for w in (0.35, 0.15, 0.32, 0.18)],
                      empty="The referral has not been on a meeting's agenda.")
    out += [PageBreak(), *heading("4. Reviews")]
    if not data.reviews:
        out.append(para("No review has been held.", s.italic))
    for section in data.reviews:
        review = section.report.review
        out += heading(f"Review {review.reference if review else ''}", 2)
        out += review_report_story(section.report, width, title=False)
        out += heading("Chronology entries", 2, bookmark=False)
        rows = [[cell(r.date), cell(r.agency), cell(r.source), cell(r.event), cell(r.analysis)]
                for r in section.chronology if r.kind == "entry"]
        out += data_table(["Date", "Agency", "Source", "Event", "Analysis"], rows,
                          [width * w for w in (0.13, 0.15, 0.15, 0.33, 0.24)], empty="No chronology entries.")
    out += [PageBreak(), *heading("5. Actions")]
    out += action_table(data.actions, width, with_review=True, compact=True)
    return out


def render(data: "SubjectAccessData", options: RenderOptions | None = None) -> bytes:
    return build_pdf(subject_access_story(data, content_width()), data.meta, options)
