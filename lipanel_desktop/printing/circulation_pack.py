"""The pack circulated to the agencies involved in a Multi-Agency Learning Review: a
covering note with the dates, the terms of reference, and how to prepare a chronology."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, PageBreak, Spacer

from lipanel_desktop.printing.layout import cell, data_table, heading
from lipanel_desktop.printing.styles import para, styles
from lipanel_desktop.printing.template import RenderOptions, build_pdf, content_width
from lipanel_desktop.printing.terms_of_reference import terms_story

if TYPE_CHECKING:
    from lipanel_desktop.services.documents.circulation import CirculationData


def circulation_story(data: "CirculationData", width: float) -> list[Flowable]:
    s = styles()
    terms = data.terms
    review = terms.review if terms else None
    kind = review.kind if review else "review"
    first = terms.meetings[0].date if terms and terms.meetings else "to be arranged"
    due = next((c.due for c in terms.chronologies if c.due), "") if terms else ""
    out: list[Flowable] = [
        para(f"{kind}: information for agencies", s.title),
        para(f"{data.meta.reference}" + (f" · {review.child_name}" if review and review.child_name else ""), s.subtitle),
        para(
            f"The {data.meta.board_name}'s Learning and Improvement Panel has decided to hold a {kind}. "
            "Your agency has been identified as involved with the child or the family. Please nominate a "
            "representative, review your agency's records for the period under review, prepare a chronology using "
            "the instructions below, and come to the review meeting prepared for an open case discussion.",
            s.body,
        ),
        Spacer(1, 4),
        *heading("Key dates", 2),
        *data_table(["What", "When"], [[cell("First review meeting"), cell(first)],
                                       [cell("Chronology due by"), cell(due or "see the table of agencies")],
                                       [cell("Period under review"), cell(terms.period if terms else "")]],
                    [width * 0.4, width * 0.6]),
        *heading("Circulated to", 2),
        *data_table(["Agency", "Involvement", "Representative", "Contact"],
                    [[cell(r.agency), cell(r.involvement), cell(r.representative), cell(r.contact)] for r in data.recipients],
                    [width * 0.3, width * 0.2, width * 0.25, width * 0.25], empty="No agencies have been checked yet."),
        Spacer(1, 6),
        para(f"Sent by the {data.sender_title}.", s.small),
        PageBreak(),
        *heading("Terms of reference"),
    ]
    if terms is not None:
        out += terms_story(terms, width, title=False)
    out += [PageBreak(), *heading("Preparing your agency's chronology")]
    for number, text in enumerate(data.instructions, start=1):
        out.append(para(f"{number}. {text}", s.body))
        out.append(Spacer(1, 3))
    out += heading("Columns of the chronology template", 2, bookmark=False)
    out += data_table(
        ["Column", "What to write"],
        [[cell("Date"), cell("dd/mm/yyyy; or what is known, marked approximate")],
         [cell("Time"), cell("hh:mm, if known")],
         [cell("Source"), cell("The record, document or person the information comes from")],
         [cell("Event"), cell("What happened, factually")],
         [cell("Significance"), cell("High, medium, low or context only")],
         [cell("Analysis"), cell("What was known, what was done, what might have been done differently")],
         [cell("Author"), cell("Who wrote the entry")]],
        [width * 0.22, width * 0.78],
    )
    return out


def render(data: "CirculationData", options: RenderOptions | None = None) -> bytes:
    return build_pdf(circulation_story(data, content_width()), data.meta, options)
