"""Form A, laid out like the paper form: its sections, boxes and tick boxes, then the
"Conclusion of Learning and Improvement Panel" block. The same layout, empty and with
room to write, is the blank form agencies fill in by hand."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Paragraph, Spacer

from lipanel_desktop.printing.layout import answer, cell, data_table, form_box, heading, narrative, ticks
from lipanel_desktop.printing.styles import markup, para, styles
from lipanel_desktop.printing.template import RenderOptions, build_pdf, content_width
from lipanel_desktop.vocabulary.form_a import (
    ETHNIC_HEADINGS,
    FORM_TITLE,
    IMPORTANT_INFORMATION,
    EthnicGroup,
    ImmigrationStatus,
    IncidentType,
    OfstedNotified,
    Sex,
)

if TYPE_CHECKING:
    from lipanel_desktop.services.documents.form_a import Conclusion, FormAData

BLANK_HOUSEHOLD_ROWS = 6


def _value(data: "FormAData", text: str) -> Paragraph:
    return answer("" if data.blank else text, blank_ok=data.blank)


def _intro(data: "FormAData", width: float) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = [Paragraph(markup(FORM_TITLE), s.title)]
    if not data.blank:
        out.append(para(f"Reference {data.reference} · Status: {data.status}", s.subtitle))
    out.append(Paragraph(f"<i>{markup(data.meta.confidentiality)}</i>", s.small))
    out.append(Spacer(1, 6))
    out.append(form_box([["IMPORTANT INFORMATION (Please Read)"], [para(IMPORTANT_INFORMATION, s.small)]], [width]))
    return out


def _child(data: "FormAData", width: float) -> list[Flowable]:
    w = width
    rows = [
        ["Full Name of Child", _value(data, data.child_name), "", ""],
        ["Also Known As", _value(data, data.also_known_as), "", ""],
        ["Date of Birth", _value(data, data.dob), "Date & time of death / Critical Incident if applicable",
         _value(data, data.incident_when)],
        ["Address", _value(data, data.child_address), "", ""],
        ["Current Location of Child", _value(data, data.current_location), "", ""],
    ]
    spans = [(0, 1, 3), (1, 1, 3), (3, 1, 3), (4, 1, 3)]
    return [*heading("Child's Details"),
            form_box(rows, [w * 0.22, w * 0.26, w * 0.28, w * 0.24], spans, label_columns=(0, 2))]


def _referral(data: "FormAData", width: float) -> list[Flowable]:
    w = width
    ofsted = ticks((o.label, data.ofsted_notified == o.value) for o in OfstedNotified)
    rows = [
        ["Date of referral", _value(data, data.referral_date), "Name of referrer", _value(data, data.referrer_name)],
        ["Notified to OFSTED?", ofsted, "", ""],
        ["Agency", _value(data, data.agency_name), "", ""],
        ["Address", _value(data, data.agency_address), "", ""],
        ["Tel Number", _value(data, data.agency_telephone), "", ""],
        ["Email", _value(data, data.agency_email), "", ""],
    ]
    spans = [(r, 1, 3) for r in range(1, 6)]
    return [*heading("Referral details"),
            form_box(rows, [w * 0.22, w * 0.3, w * 0.2, w * 0.28], spans, label_columns=(0, 2))]


def _ethnicity(data: "FormAData", width: float) -> Flowable:
    s = styles()
    rows = []
    for group in ETHNIC_HEADINGS:
        chosen = data.ethnic_group in {o.value for o in group.options}
        if group.options == (EthnicGroup.NOT_KNOWN,):
            rows.append([Paragraph(("☒" if chosen else "☐") + "&nbsp;<b>" + markup(group.label) + "</b>", s.value), ""])
            continue
        options = []
        for option in group.options:
            words = option.label
            if option is EthnicGroup.OTHER_SPECIFY and data.ethnic_other and not data.blank:
                words = f"{words}: {data.ethnic_other}"
            options.append((words, data.ethnic_group == option.value))
        heading_mark = "☒" if chosen else "☐"
        rows.append([Paragraph(f"{heading_mark}&nbsp;<b>{markup(group.label)}</b>", s.value), ticks(options)])
    box = form_box(rows, [width * 0.3, width * 0.52], label_columns=())
    return box


def _section_a(data: "FormAData", width: float) -> list[Flowable]:
    w = width
    sex = ticks((o.label, data.sex == o.value) for o in Sex)
    immigration = ticks((o.label, data.immigration_status == o.value) for o in ImmigrationStatus)
    rows = [
        ["Sex", sex, "Age", _value(data, data.age)],
        ["Ethnic group", _ethnicity(data, w * 0.82 - 8), "", ""],
        ["Immigration Status", immigration, "", ""],
    ]
    spans = [(1, 1, 3), (2, 1, 3)]
    return [*heading("A. Child's Details"),
            form_box(rows, [w * 0.18, w * 0.5, w * 0.1, w * 0.22], spans, label_columns=(0, 2))]


def _section_b(data: "FormAData", width: float) -> list[Flowable]:
    w = width
    widths = [w * 0.28, w * 0.14, w * 0.18, w * 0.40]
    header = ["Full Name", "DOB", "Relationship", "Full Address"]
    if data.blank:
        rows = [[Spacer(1, 20), "", "", ""] for _ in range(BLANK_HOUSEHOLD_ROWS)]  # room to write
        return [*heading("B. Other Significant Family & Household Members"), *data_table(header, rows, widths)]
    rows = [[cell(m.name), cell(m.dob), cell(m.relationship), cell(m.address)] for m in data.household]
    return [*heading("B. Other Significant Family & Household Members"),
            *data_table(header, rows, widths, empty="No family or household members recorded.")]


def _section_c(data: "FormAData", width: float) -> list[Flowable]:
    incident = ticks((o.label, data.incident_type == o.value) for o in IncidentType)
    out: list[Flowable] = [*heading("C. Details of the death / critical incident:"),
                           form_box([["Type of Incident:", incident]], [width * 0.22, width * 0.78])]
    if data.blank:
        out += narrative("Summary of Event:", "", width, blank_lines=14, hint="Please provide a narrative account of the event.")
    else:
        out += narrative("Summary of Event:", data.summary, width)
    return out


def _reason(data: "FormAData", width: float) -> list[Flowable]:
    if data.blank:
        return [*heading("Reason for the request"),
                *narrative("Why is a review requested, and what significant learning do you expect?", "", width,
                           blank_lines=8)]
    pairs = [
        ("Kind of case", data.case_kind),
        ("Could the Serious Case Review criteria be met?", data.scr_criteria),
        ("Child on a child protection plan at the time?", data.on_child_protection_plan),
        ("Where was the child at the time?", data.whereabouts_at_incident),
        ("Who was caring for the child?", data.carer_at_incident),
        ("Agencies involved with the child", ", ".join(a for a in data.agencies_involved if a)),
    ]
    rows = [[label, answer(value)] for label, value in pairs]
    return [*heading("Reason for the request"), form_box(rows, [width * 0.36, width * 0.64]),
            *narrative("Significant learning expected", data.expected_learning, width)]


def conclusion_block(conclusion: "Conclusion | None", width: float, blank: bool = False) -> list[Flowable]:
    """The form's "Conclusion of Learning and Improvement Panel" block, filled or empty."""
    s = styles()
    c = conclusion
    if c is None and not blank:
        return [*heading("Conclusion of Learning and Improvement Panel"),
                para("The panel has not yet recorded a conclusion for this referral.", s.italic)]

    def v(text: str) -> Flowable:
        if blank:
            return Spacer(1, 24)  # room to write by hand
        return answer("" if c is None else text)

    decision = "" if c is None else " — ".join(p for p in (c.decision, c.method) if p)
    agencies = "" if c is None else ", ".join(a for a in c.chronology_agencies if a)
    rows = [
        ["Conclusion of Learning and Improvement Panel Date", v(c.date if c else "")],
        ["Decision :", v(decision)],
        ["Reasons", v(c.reasons if c else "")],
        ["Issues for this review are", v(c.issues if c else "")],
        ["The terms of reference scope should include the following:", v(c.scope if c else "")],
        ["The period under review is", v(c.period if c else "")],
        ["Chronologies will be required from agencies to cover those dates.", v(agencies)],
        ["Chair of review:", v(c.chair_of_review if c else "")],
        ["1st meeting:", v(c.first_meeting if c else "")],
        ["2nd meeting:", v(c.second_meeting if c else "")],
    ]
    box = form_box(rows, [width * 0.36, width * 0.64])
    return [*heading("Conclusion of Learning and Improvement Panel"), box]


def form_a_story(data: "FormAData", width: float) -> list[Flowable]:
    return [
        *_intro(data, width),
        *_child(data, width),
        *_referral(data, width),
        *_section_a(data, width),
        *_section_b(data, width),
        *_section_c(data, width),
        *_reason(data, width),
        *conclusion_block(data.conclusion, width, blank=data.blank),
    ]


def render(data: "FormAData", options: RenderOptions | None = None) -> bytes:
    return build_pdf(form_a_story(data, content_width()), data.meta, options)
