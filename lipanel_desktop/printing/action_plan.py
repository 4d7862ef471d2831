"""A review's multi-agency action plan: each recommendation with its actions, the owning
agency and lead officer, due date, status in words, latest progress and sign-off."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Paragraph, Spacer

from lipanel_desktop.printing.layout import cell, data_table, heading, key_values
from lipanel_desktop.printing.styles import markup, para, styles
from lipanel_desktop.printing.template import RenderOptions, build_pdf, content_width

if TYPE_CHECKING:
    from lipanel_desktop.services.documents.action_plan import ActionPlanData, ActionRow

#: Status words are always printed; the mark beside them is a second cue, not the only one.
STATUS_MARK = {"overdue": "▲ ", "at_risk": "△ ", "complete": "✓ ", "closed": "✓ "}


def status_text(row: "ActionRow") -> str:
    extra = f" ({row.days_overdue} days)" if row.days_overdue else ""
    return STATUS_MARK.get(row.status, "") + row.status_label + extra


def action_table(rows: "tuple[ActionRow, ...] | list[ActionRow]", width: float, *, with_review: bool = False,
                 compact: bool = False) -> list[Flowable]:
    """The actions as a table; `compact` (portrait pages) leaves out progress and sign-off."""
    header = ["Ref", "Action", "Agency", "Lead officer", "Due", "Status", "Latest progress", "Sign-off"]
    widths = [0.1, 0.22, 0.1, 0.12, 0.08, 0.1, 0.18, 0.1]
    if compact:
        header, widths = header[:6], [0.16, 0.34, 0.14, 0.14, 0.1, 0.12]
    data = []
    for r in rows:
        progress = f"{r.latest_update_date}: {r.latest_update}" if r.latest_update else ""
        if r.evidence:
            progress += ("\n" if progress else "") + f"Evidence: {r.evidence}"
        ref = r.reference + (f"\n{r.review_reference}" if with_review and r.review_reference else "")
        line = [cell(ref), cell(r.description), cell(r.agency), cell(r.lead_officer), cell(r.due), cell(status_text(r)),
                cell(progress), cell(r.signed_off)]
        data.append(line[: len(header)])
    return data_table(header, data, [width * w for w in widths], empty="No actions recorded.")


def action_plan_story(data: "ActionPlanData", width: float) -> list[Flowable]:
    s = styles()
    review = data.review
    out: list[Flowable] = [
        para("Multi-agency action plan", s.title),
        para(f"{data.meta.reference}" + (f" · {review.kind}" if review else "")
             + (f" · {review.child_name}" if review and review.child_name else ""), s.subtitle),
    ]
    if review is not None:
        out.append(key_values([("Review", review.reference), ("Stage", review.stage), ("Chair", review.chair),
                               ("Circulated by", data.circulated_by)], width * 0.6, 0.3))
    out.append(para("Progress is monitored by the Audit and Monitoring Sub-group and reported to the Quality "
                    "Assurance Sub-group. Status: ▲ overdue, △ at risk, ✓ complete — always written in words too.", s.small))
    if not data.recommendations:
        out += [Spacer(1, 8), para("No recommendations or actions have been recorded for this review.", s.italic)]
    for block in data.recommendations:
        title = f"Recommendation {block.number}" if block.number else "Other actions"
        out += heading(title, 2)
        out.append(Paragraph(markup(block.text) + (f" <i>({markup(block.agency)})</i>" if block.agency else ""), s.body))
        out.append(Spacer(1, 3))
        out += action_table(block.actions, width)
    return out


def render(data: "ActionPlanData", options: RenderOptions | None = None) -> bytes:
    return build_pdf(action_plan_story(data, content_width(landscape=True)), data.meta, options, landscape=True)
