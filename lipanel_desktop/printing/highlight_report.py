"""The highlight report for the Board, for a period: the headline figures, actions by
agency, the dashboard's charts, then the period in detail — the actions set, completed and
overdue, reviews started, finished and published, themes and good practice.

It lays out the `HighlightReport` the Reports page shows (one source of truth): the same
figures, the same lines and the same charts (drawn by `printing.charts` from the series the
app paints), each chart followed by its figures as a table."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from lipanel_desktop.printing.charts import chart_drawing
from lipanel_desktop.printing.layout import bullet_list, cell, data_table, heading, key_values
from lipanel_desktop.printing.styles import para, styles
from lipanel_desktop.printing.template import RenderOptions, build_pdf, content_width, page_size

#: How much of a page (its height) must be free for the charts to start on it.
PAGE_HEIGHT_SHARE = 0.45

if TYPE_CHECKING:
    from lipanel_desktop.services.documents.board_reports import HighlightReportData
    from lipanel_desktop.services.reports.dashboard_data import Chart
    from lipanel_desktop.services.reports.highlight_report import ActionLine, HighlightReport, ReviewMilestone


def uk(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def headline_pairs(report: "HighlightReport") -> list[tuple[str, str]]:
    """The headline figures, as the screen lists them."""
    return [
        ("Actions set", str(len(report.actions_new))),
        ("Actions completed", str(len(report.actions_completed))),
        (f"Overdue at {uk(report.as_at)}", str(len(report.actions_overdue))),
        (f"Open at {uk(report.as_at)}", str(report.open_at_end)),
        ("Reviews started", str(len(report.reviews_started))),
        ("Reviews finished", str(len(report.reviews_finished))),
        ("Reviews published", str(len(report.reviews_published))),
        ("Learning passed on (occasions)", str(report.dissemination_occasions)),
        ("People reached", str(report.people_reached)),
    ]


def _action_lines(title: str, lines: "tuple[ActionLine, ...]", width: float, *, completed: bool = False) -> list[Flowable]:
    out = heading(f"{title}: {len(lines)}", 2)
    rows = [[cell(line.reference), cell(line.agency), cell(line.source), cell(line.description),
             cell(uk(line.completed_on if completed else line.due_date))] for line in lines]
    out += data_table(["Reference", "Agency", "Review", "Action", "Completed" if completed else "Due"], rows,
                      [width * w for w in (0.15, 0.17, 0.17, 0.39, 0.12)], empty="None.")
    return out


def _milestones(title: str, milestones: "tuple[ReviewMilestone, ...]") -> list[Flowable]:
    return heading(f"{title}: {len(milestones)}", 2) + bullet_list(
        [f"{uk(m.on)}: {m.reference} ({m.kind_label}), now {m.stage_label.lower()}" for m in milestones], empty="None.")


def chart_block(chart: "Chart", width: float, lead: "list[Flowable] | None" = None) -> list[Flowable]:
    """A chart, its note and its figures as a table, kept together where they fit (with
    `lead`, a heading that must not be left alone at the foot of a page)."""
    s = styles()
    header, rows = chart.table()
    first = width * (0.3 if len(header) > 3 else 0.4)
    rest = [(width - first) / max(len(header) - 1, 1)] * (len(header) - 1)
    figures = data_table(list(header), [[cell(v) for v in row] for row in rows], [first, *rest], empty="No data yet.")
    parts: list[Flowable] = [*(lead or []), chart_drawing(chart, width)]
    if chart.note:
        parts.append(para(chart.note, s.small))
    parts.append(Spacer(1, 3))
    if len(rows) <= 12:
        return [KeepTogether(parts + figures), Spacer(1, 8)]
    return [KeepTogether(parts), *figures, Spacer(1, 8)]


def highlight_story(data: "HighlightReportData", width: float) -> list[Flowable]:
    s = styles()
    report = data.report
    out: list[Flowable] = [
        para("Highlight report", s.title),
        para(f"{report.scope} · {report.period_label}", s.subtitle),
        para(f"For the Board, from the Quality Assurance Sub-group. Overdue and open counts are as at "
             f"{uk(report.as_at)}.", s.body),
        Spacer(1, 4),
        key_values(headline_pairs(report), width * 0.55, 0.7),
    ]
    out += heading("Actions by agency", 2)
    out += data_table(["Agency", "New", "Completed", "Overdue at end", "Open at end"],
                      [[cell(a.agency), cell(str(a.new)), cell(str(a.completed)), cell(str(a.overdue)), cell(str(a.open))]
                       for a in report.by_agency],
                      [width * w for w in (0.36, 0.12, 0.14, 0.19, 0.19)], empty="No actions in this period.")
    # The charts start a page unless most of one is still free.
    out.append(CondPageBreak(PAGE_HEIGHT_SHARE * page_size()[1]))
    for index, chart in enumerate(report.charts.charts):
        out += chart_block(chart, width, heading("Charts", 1) if index == 0 else None)
    out += heading("The period in detail", 1)
    out += _action_lines("Actions completed", report.actions_completed, width, completed=True)
    out += _action_lines("New actions", report.actions_new, width)
    out += _action_lines("Overdue at the end of the period", report.actions_overdue, width)
    out += _milestones("Reviews started", report.reviews_started)
    out += _milestones("Reviews finished", report.reviews_finished)
    out += _milestones("Reviews published", report.reviews_published)
    out += heading("Themes of the period's reviews", 2)
    out += bullet_list([f"{t.theme}: {t.reviews} review{'s' if t.reviews != 1 else ''}" for t in report.themes],
                       empty="No themes recorded.")
    out += heading("Good practice", 2)
    out += bullet_list([f"{uk(g.received_on)}: {g.description}" + (f" ({g.agency})" if g.agency else "")
                        + (f", {g.review_reference}" if g.review_reference else "") for g in report.good_practice],
                       empty="None recorded in this period.")
    return out


def render(data: "HighlightReportData", options: RenderOptions | None = None) -> bytes:
    return build_pdf(highlight_story(data, content_width()), data.meta, options)
