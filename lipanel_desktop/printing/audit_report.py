"""The audit trail report: what was asked for, whether the chain is intact, who dealt with
a child's record (when that is the question), and the matching entries, newest first.

Entries carry user names, times, kinds of record, their numbers and the names of changed
fields — never a record's content — so the report is safe to hand to a Data Protection
Officer. Long lists are cut into tables of `CHUNK` rows so layout stays linear.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from lipanel_desktop.printing.styles import ACCENT, LABEL_FILL, RULE, ZEBRA, markup, para, styles
from lipanel_desktop.printing.template import RenderOptions, build_pdf, content_width
from lipanel_desktop.services.audit_log import AuditReportData, to_local, when
from lipanel_desktop.services.documents.common import uk_datetime

CHUNK = 250
_COLUMNS = (0.15, 0.13, 0.13, 0.17, 0.11, 0.31)
_HEAD = ("When", "User", "Action", "Kind of record", "Record no.", "Fields changed")


def _grid(rows: list[list[Flowable | str]], widths: list[float], *, header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), ACCENT))
        commands += [("BACKGROUND", (0, i), (-1, i), ZEBRA) for i in range(2, len(rows), 2)]
    table.setStyle(TableStyle(commands))
    return table


def _criteria(data: AuditReportData, width: float) -> Table:
    s = styles()
    rows = [[Paragraph(markup(name), s.label), para(value, s.value)] for name, value in data.criteria]
    shown = f"{len(data.rows):,}" + (f" (the newest) of {data.total:,}" if data.total > len(data.rows) else "")
    rows.append([Paragraph("Entries shown", s.label), para(shown, s.value)])
    table = Table(rows, colWidths=[width * 0.22, width * 0.78])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _chain(data: AuditReportData) -> Flowable:
    s = styles()
    verdict = "INTACT" if data.chain.ok else "BROKEN"
    box = Table([[Paragraph(f"<b>Audit chain: {verdict}.</b> {markup(data.chain.words)}", s.body)]])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2 if data.chain.ok else 2.4, ACCENT if data.chain.ok else colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return box


def _viewers(data: AuditReportData, width: float) -> list[Flowable]:
    s = styles()
    head = [Paragraph(markup(h), s.cell_head) for h in ("User", "Looked at", "Changed", "First", "Last")]
    rows: list[list[Flowable | str]] = [head]
    for v in data.viewers:
        rows.append(
            [
                para(v.user, s.cell),
                para(f"{v.looked:,} time(s)", s.cell),
                para(f"{v.changed:,} time(s)", s.cell),
                para(uk_datetime(to_local(v.first)), s.cell),
                para(uk_datetime(to_local(v.last)), s.cell),
            ]
        )
    if len(rows) == 1:
        return [para("Nobody has opened, printed or changed this record.", s.italic)]
    widths = [width * f for f in (0.28, 0.16, 0.16, 0.2, 0.2)]
    return [Paragraph("Who looked at or changed this child's record", s.h1), _grid(rows, widths)]


def _entries(data: AuditReportData, width: float) -> list[Flowable]:
    s = styles()
    widths = [width * f for f in _COLUMNS]
    head = [Paragraph(markup(h), s.cell_head) for h in _HEAD]
    # A long table may start part-way down a page: keep the heading with it by a
    # conditional break, not keepWithNext (which would push the whole table over).
    heading = ParagraphStyle("entries_h1", parent=s.h1, keepWithNext=0)
    story: list[Flowable] = [CondPageBreak(30 * mm), Paragraph("Entries, newest first", heading)]
    if not data.rows:
        story.append(para("No audit entries match.", s.italic))
        return story
    for start in range(0, len(data.rows), CHUNK):
        rows: list[list[Flowable | str]] = [head]
        for row in data.rows[start : start + CHUNK]:
            rows.append(
                [
                    para(when(row), s.cell),
                    para(row.actor, s.cell),
                    para(row.action_label, s.cell),
                    para(row.entity_label, s.cell),
                    para(row.entity_id, s.cell),
                    para(", ".join(row.fields), s.cell),
                ]
            )
        story.append(_grid(rows, widths))
    return story


def render(data: AuditReportData, options: RenderOptions | None = None) -> bytes:
    s = styles()
    width = content_width(landscape=True)
    story: list[Flowable] = [
        Paragraph(markup(data.meta.title), s.title),
        para(
            "Who did what, and when. Entries name records by their number and list the names of "
            "changed fields, never their contents.",
            s.subtitle,
        ),
        KeepTogether([_criteria(data, width), Spacer(1, 4 * mm), _chain(data)]),
        Spacer(1, 4 * mm),
    ]
    if data.viewers or data.criteria[0][0] == "Child's record":
        story += _viewers(data, width)
    story += _entries(data, width)
    return build_pdf(story, data.meta, options or RenderOptions(), landscape=True)
