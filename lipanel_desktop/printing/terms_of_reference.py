"""Terms of reference for a review: issues, scope, period under review, the agencies
asked for chronologies, the chair, the meetings and the timescales."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Spacer

from lipanel_desktop.printing.layout import cell, data_table, heading, key_values, narrative
from lipanel_desktop.printing.styles import para, styles
from lipanel_desktop.printing.template import RenderOptions, build_pdf, content_width

if TYPE_CHECKING:
    from lipanel_desktop.services.documents.terms_of_reference import TermsOfReferenceData


def terms_story(data: "TermsOfReferenceData", width: float, *, title: bool = True) -> list[Flowable]:
    s = styles()
    review = data.review
    out: list[Flowable] = []
    if title:
        out += [para(f"Terms of reference: {review.kind if review else 'review'}", s.title),
                para(f"{data.meta.reference if data.meta else ''}" + (f" · {review.child_name}" if review and review.child_name else ""),
                     s.subtitle)]
    if review is not None:
        out.append(key_values([
            ("Review", f"{review.reference} ({review.kind})"),
            ("Method", review.method),
            ("Referral", review.referral_reference),
            ("Child", review.child_name),
            ("Decided by the panel on", data.decision_date),
            ("Chair of review", review.chair),
            ("Independent reviewer", review.independent_reviewer),
            ("Started", review.started),
            ("To be completed by", review.due),
        ], width, 0.3))
    out += heading("Issues for this review", 2)
    out += narrative("The issues the review will consider", data.issues, width)
    out += heading("Scope", 2)
    out += narrative("The terms of reference scope includes", data.scope, width)
    out += heading("Period under review", 2)
    out.append(para(f"The period under review is {data.period or 'to be agreed'}. Chronologies will be required "
                    "from agencies to cover those dates.", s.body))
    out += heading("Agencies asked for chronologies", 2)
    rows = [[cell(c.agency), cell(c.requested), cell(c.due), cell(c.received), cell(c.status)] for c in data.chronologies]
    out += data_table(["Agency", "Asked on", "Due by", "Received", "Status"], rows,
                      [width * 0.34, width * 0.15, width * 0.15, width * 0.15, width * 0.21],
                      empty="No chronologies have been requested yet.")
    out += heading("Meetings", 2)
    rows = [[cell(m.kind), cell(m.date), cell(m.time), cell(m.place)] for m in data.meetings]
    out += data_table(["Meeting", "Date", "Time", "Place"], rows, [width * 0.3, width * 0.15, width * 0.15, width * 0.4],
                      empty="No review meetings have been arranged yet.")
    out += heading("Timescales", 2)
    out += narrative("Timescales", data.timescales, width)
    out.append(Spacer(1, 6))
    return out


def render(data: "TermsOfReferenceData", options: RenderOptions | None = None) -> bytes:
    return build_pdf(terms_story(data, content_width()), data.meta, options)
