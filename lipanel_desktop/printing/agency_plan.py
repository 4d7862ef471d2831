"""One agency's action plan, for sending to that agency: every action it owes, under the
review and recommendation (or single-agency decision) it comes from, with its lead
officer, due date (and any revision), status in words, latest progress and evidence.

It lays out the `AgencyActionPlan` the agency view shows, so what is sent is what was
seen."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Spacer

from lipanel_desktop.printing.layout import cell, data_table, heading, key_values
from lipanel_desktop.printing.styles import labelled, para, styles
from lipanel_desktop.printing.template import RenderOptions, build_pdf, content_width
from lipanel_desktop.services.reports.dashboard_data import STATUS_STYLES

if TYPE_CHECKING:
    from lipanel_desktop.services.documents.agency_plan import AgencyPlanData
    from lipanel_desktop.services.reports.agency_plan import AgencyPlanAction


def uk(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _row(action: "AgencyPlanAction") -> list[Flowable]:
    officer = ", ".join(p for p in (action.lead_officer_name, action.lead_officer_role) if p)
    if action.lead_officer_contact:
        officer += f"\n{action.lead_officer_contact}"
    if action.accountable_manager:
        officer += f"\nAccountable: {action.accountable_manager}"
    due = uk(action.due_date)
    if action.due_date != action.original_due_date:
        due += f"\n(originally {uk(action.original_due_date)}" + (f"; {action.revised_due_reason}" if action.revised_due_reason else "") + ")"
    if action.forecast_date is not None:
        due += f"\nForecast {uk(action.forecast_date)}"
    style = STATUS_STYLES.get(action.status)
    status = f"{style.symbol + ' ' if style else ''}{action.status_label}"
    progress = f"{uk(action.latest_update_on)}: {action.latest_update_text}" if action.latest_update_on else "None yet"
    if action.evidence_text:
        progress += f"\nEvidence: {action.evidence_text}"
    return [cell(action.reference), cell(action.description), cell(officer), cell(due), cell(status), cell(progress)]


def agency_plan_story(data: "AgencyPlanData", width: float) -> list[Flowable]:
    s = styles()
    plan = data.plan
    out: list[Flowable] = [
        para(f"Action plan for {plan.agency_name}", s.title),
        para(f"As at {uk(plan.as_of)}" + (" · closed actions included" if plan.includes_closed else ""), s.subtitle),
        key_values([("For", plan.agency_name), ("Address", plan.agency_address), ("Email", plan.agency_email),
                    ("Circulated by", plan.circulated_by), ("Actions", plan.summary)], width * 0.75, 0.25),
        Spacer(1, 4),
        para("Please send progress and evidence of completion for each action to the Audit and Monitoring Sub-group, "
             "which monitors the plan and reports to the Quality Assurance Sub-group. Status is written in words; "
             "the mark beside it is a second cue.", s.body),
    ]
    if not plan.sections:
        return out + [Spacer(1, 8), para("This agency owes no actions.", s.italic)]
    widths = [0.13, 0.26, 0.17, 0.13, 0.1, 0.21]
    header = ["Ref", "Action", "Lead officer", "Due", "Status", "Latest progress"]
    for section in plan.sections:
        out += heading(section.heading, 2)
        if section.finding_text:
            out.append(labelled("Finding:", section.finding_text, s.small))
        if section.recommendation_text:
            out.append(labelled("Recommendation:", section.recommendation_text, s.small))
        out.append(Spacer(1, 3))
        out += data_table(header, [_row(a) for a in section.actions], [width * w for w in widths])
    return out


def render(data: "AgencyPlanData", options: RenderOptions | None = None) -> bytes:
    return build_pdf(agency_plan_story(data, content_width()), data.meta, options)
