"""The panel meeting pack: a cover with the meeting and who is expected, the agenda, a
summary page per referral with the decision required, and the previous meeting's actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from lipanel_desktop.printing.layout import Bookmark, cell, data_table, form_box, heading, key_values, narrative, ticks
from lipanel_desktop.printing.styles import markup, para, styles
from lipanel_desktop.printing.template import RenderOptions, build_pdf, content_width

if TYPE_CHECKING:
    from lipanel_desktop.services.documents.meeting_pack import MeetingPackData, ReferralSummary


def _cover(data: "MeetingPackData", width: float) -> list[Flowable]:
    s = styles()
    chair = ", ".join(p for p in (data.chair_name, data.chair_title) if p)
    out: list[Flowable] = [
        Bookmark("Cover"),
        Spacer(1, 10),
        para(data.meta.board_name, s.subtitle),
        para(data.kind, s.cover_title),
        para(f"Meeting pack · {data.meta.reference}", s.subtitle),
        Spacer(1, 6),
        key_values(
            [
                ("Date", data.date),
                ("Time", data.time),
                ("Place", data.place),
                ("Chair", chair),
                ("Status", data.status),
                ("Papers due by", data.papers_deadline),
            ],
            width,
            0.22,
        ),
    ]
    if data.chair_reason:
        out.append(para(f"Why this chair: {data.chair_reason}", s.small))
    out += heading("Attendance", 2, bookmark=False)
    rows = [[cell(a.agency), cell(a.name), cell(a.role), cell(a.status), cell(a.reason)] for a in data.attendance]
    out += data_table(["Agency", "Name", "Role", "Attendance", "Invited as"], rows,
                      [width * 0.22, width * 0.22, width * 0.2, width * 0.12, width * 0.24],
                      empty="Nobody has been invited yet.")
    if data.meta.profile_label and data.meta.profile != "panel":
        out += [Spacer(1, 10), para(f"This copy is redacted: {data.meta.profile_label}.", s.italic)]
    return out


def _agenda(data: "MeetingPackData", width: float) -> list[Flowable]:
    s = styles()
    rows: list[list[object]] = [[cell("1"), cell("Welcome, introductions and apologies"), cell("")]]
    rows.append([cell("2"), cell("Actions from the previous meeting" + (f" ({data.previous_meeting})" if data.previous_meeting else "")), cell("")])
    n = 3
    for item in data.agenda:
        note = "SCR criteria may be met: Service Director to chair" if item.scr_likely else ""
        title = item.title + (f"\n{item.notes}" if item.notes else "")
        rows.append([cell(str(n)), cell(title), cell(note, blank_ok=True)])
        n += 1
    rows.append([cell(str(n)), cell("Any other business"), cell("")])
    return [PageBreak(), *heading("Agenda"),
            *data_table(["Item", "Business", "Note"], rows, [width * 0.08, width * 0.6, width * 0.32]),
            Spacer(1, 8), *_decisions_required(data, width)]


def _decisions_required(data: "MeetingPackData", width: float) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = [*heading("Decisions required", 2)]
    if not data.referrals:
        return out + [para("No referrals are on the agenda.", s.italic)]
    out.append(para("For each referral the panel is asked to decide one of the following, and for a review to "
                    "agree its issues, scope, period, the agencies asked for chronologies, its chair and its "
                    "first and second meeting dates:", s.body))
    out.append(Spacer(1, 3))
    rows = [[cell(r.reference), cell(r.child_name), cell("Yes" if r.scr_likely else "No")] for r in data.referrals]
    out += data_table(["Referral", "Child", "SCR criteria may be met?"], rows, [width * 0.2, width * 0.5, width * 0.3])
    return out


def _referral_page(summary: "ReferralSummary", options: tuple[str, ...], width: float) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = [PageBreak(), Bookmark(f"Referral {summary.reference} — {summary.child_name}", level=0)]
    out.append(Paragraph(markup(f"Referral {summary.reference}: {summary.child_name}"), s.h1))
    facts = [
        ("Also known as", summary.also_known_as),
        ("Date of birth", summary.dob),
        ("Age", summary.age),
        ("Sex", summary.sex),
        ("Incident", " on ".join(p for p in (summary.incident_type, summary.incident_date) if p)),
        ("Referred", " by ".join(p for p in (summary.referral_date, summary.referring_agency) if p)),
        ("Referrer", summary.referrer),
        ("Kind of case", summary.case_kind),
        ("SCR criteria (referrer's view)", summary.scr_criteria),
        ("Agencies involved", ", ".join(a for a in summary.agencies if a)),
    ]
    out.append(key_values(facts, width, 0.28))
    out += heading("Family and household", 2, bookmark=False)
    rows = [[cell(f.name), cell(f.relationship), cell(f.dob)] for f in summary.family]
    out += data_table(["Name", "Relationship", "Date of birth"], rows, [width * 0.45, width * 0.3, width * 0.25],
                      empty="No family or household members recorded.")
    out += heading("Incident summary", 2, bookmark=False)
    out += narrative("Summary of Event", summary.summary, width)
    if summary.expected_learning:
        out += narrative("Significant learning expected", summary.expected_learning, width)
    out += heading("Decision required", 2, bookmark=False)
    if summary.scr_likely:
        out.append(para("The referrer or the unit thinks the Serious Case Review criteria may be met.", s.body))
    rows = [["Decision", ticks((option, False) for option in options)],
            ["Issues for the review", ""], ["Scope", ""], ["Period under review", ""],
            ["Chronologies from", ""], ["Chair of review", ""], ["1st / 2nd meeting", ""]]
    out.append(form_box(rows, [width * 0.26, width * 0.74], min_height=22))
    return out


def _previous_actions(data: "MeetingPackData", width: float) -> list[Flowable]:
    out: list[Flowable] = [PageBreak(), *heading("Actions from the previous meeting")]
    if data.previous_meeting:
        out.append(para(data.previous_meeting, styles().subtitle))
    rows = [[cell(a.description), cell(a.owner), cell(a.due), cell("Done" if a.done else "Not done")]
            for a in data.previous_actions]
    out += data_table(["Action", "Owner", "Due", "Done?"], rows, [width * 0.5, width * 0.22, width * 0.14, width * 0.14],
                      empty="No actions were recorded at the previous meeting.")
    return out


def meeting_pack_story(data: "MeetingPackData", width: float) -> list[Flowable]:
    story = [*_cover(data, width), *_agenda(data, width)]
    for summary in data.referrals:
        story += _referral_page(summary, data.decision_options, width)
    story += _previous_actions(data, width)
    return story


def render(data: "MeetingPackData", options: RenderOptions | None = None) -> bytes:
    return build_pdf(meeting_pack_story(data, content_width()), data.meta, options)
