"""The highlight report: progress in numbers and charts (actions by status and by agency,
referrals by month, the panel's decisions), reviews' progress, actions completed lately
and where the learning went. Every bar carries its number and its words, so nothing is
told by colour alone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer

from lipanel_desktop.printing import fonts
from lipanel_desktop.printing.action_plan import action_table
from lipanel_desktop.printing.layout import cell, data_table, heading, key_values
from lipanel_desktop.printing.styles import ACCENT, para, styles
from lipanel_desktop.printing.template import RenderOptions, build_pdf, content_width

if TYPE_CHECKING:
    from lipanel_desktop.services.documents.board_reports import AgencyCounts, Count, HighlightReportData

STATUS_COLOURS = {
    "not_started": colors.HexColor("#a0a7b0"),
    "on_track": colors.HexColor("#2f6f4f"),
    "at_risk": colors.HexColor("#c46a00"),
    "overdue": colors.HexColor("#9b1c1c"),
    "complete": colors.HexColor("#1f3a5f"),
    "closed": colors.HexColor("#5b7fa8"),
}


def _label_width(labels: Sequence[str], width: float) -> float:
    widest = max((stringWidth(t, fonts.CONDENSED, 7.5) for t in labels), default=40.0)
    return min(widest + 6, width * 0.42)


def _cut(text: str, width: float) -> str:
    while text and stringWidth(text, fonts.CONDENSED, 7.5) > width - 4:
        text = text[:-2] + "…"
    return text


def _title(drawing: Drawing, text: str) -> None:
    drawing.add(String(0, drawing.height - 10, fonts.printable(text), fontName=fonts.SANS_BOLD, fontSize=9,
                       fillColor=ACCENT))


def bar_chart(title: str, counts: "Sequence[Count]", width: float, *, horizontal: bool = True) -> Drawing:
    """Bars with their numbers printed on them; categories named on the axis."""
    labels = [fonts.printable(c.label) for c in counts]
    values = [c.value for c in counts]
    if horizontal:
        height = 30 + 16 * max(len(counts), 1)
        drawing = Drawing(width, height)
        chart = HorizontalBarChart()
        label_w = _label_width(labels, width)
        labels = [_cut(text, label_w) for text in labels]
        chart.x, chart.y = label_w + 8, 8
        chart.width, chart.height = width - label_w - 30, height - 30
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.dx = -4
        chart.categoryAxis.reverseDirection = 1
    else:
        height = 150
        drawing = Drawing(width, height)
        chart = VerticalBarChart()
        chart.x, chart.y = 28, 22
        chart.width, chart.height = width - 40, height - 42
        chart.categoryAxis.labels.angle = 0
        chart.categoryAxis.labels.dy = -2
        chart.categoryAxis.labels.boxAnchor = "n"
    chart.data = [values or [0]]
    chart.categoryAxis.categoryNames = labels or ["None"]
    chart.categoryAxis.labels.fontName = fonts.CONDENSED
    chart.categoryAxis.labels.fontSize = 7.5
    chart.valueAxis.labels.fontName = fonts.SANS
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    top = max(values or [0])
    chart.valueAxis.valueMax = max(top + max(1, top // 8), 4)
    chart.valueAxis.valueStep = max(1, chart.valueAxis.valueMax // 4)
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    for index, count in enumerate(counts):
        if count.code in STATUS_COLOURS:
            chart.bars[(0, index)].fillColor = STATUS_COLOURS[count.code]
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = fonts.SANS_BOLD
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 7
    drawing.add(chart)
    _title(drawing, title)
    return drawing


def agency_chart(rows: "Sequence[AgencyCounts]", width: float) -> Drawing:
    """Actions by agency, stacked by status, with a legend in words."""
    shown = [r for r in rows if sum(c.value for c in r.counts)]
    height = 60 + 16 * max(len(shown), 1)
    drawing = Drawing(width, height)
    _title(drawing, "Actions by agency and status")
    if not shown:
        drawing.add(String(0, height / 2, "No actions recorded.", fontName=fonts.SANS, fontSize=8))
        return drawing
    chart = HorizontalBarChart()
    names = [fonts.printable(r.agency) for r in shown]
    label_w = _label_width(names, width)
    chart.x, chart.y = label_w + 8, 34
    chart.width, chart.height = width - label_w - 30, height - 54
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.reverseDirection = 1
    chart.categoryAxis.categoryNames = [_cut(n, label_w) for n in names]
    chart.categoryAxis.labels.fontName = fonts.CONDENSED
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.labels.fontName = fonts.SANS
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    statuses = shown[0].counts
    chart.data = [[r.counts[i].value for r in shown] for i in range(len(statuses))]
    widest = max(sum(c.value for c in r.counts) for r in shown)
    chart.valueAxis.valueMax = max(widest, 4)
    chart.valueAxis.valueStep = max(1, -(-chart.valueAxis.valueMax // 4))
    for i, status in enumerate(statuses):
        chart.bars[i].fillColor = STATUS_COLOURS.get(status.code, ACCENT)
        chart.bars[i].strokeColor = colors.white
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 0, 10
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = width / len(statuses)
    legend.dxTextSpace = 4
    legend.fontName = fonts.SANS
    legend.fontSize = 7
    legend.colorNamePairs = [(STATUS_COLOURS.get(c.code, ACCENT), c.label) for c in statuses]
    drawing.add(legend)
    return drawing


def highlight_story(data: "HighlightReportData", width: float) -> list[Flowable]:
    s = styles()
    total = sum(c.value for c in data.status_counts)
    finished = sum(c.value for c in data.status_counts if c.code in ("complete", "closed"))
    late = sum(c.value for c in data.status_counts if c.code == "overdue")
    out: list[Flowable] = [
        para("Highlight report", s.title),
        para(f"{data.scope} · as at {data.as_at}", s.subtitle),
        key_values([("Actions", str(total)), ("Complete or closed", str(finished)), ("Overdue", str(late)),
                    ("Reviews", str(len(data.reviews))), ("Good practice examples", str(data.good_practice_count))],
                   width * 0.5, 0.55),
        *heading("Charts", 2),
        bar_chart("Actions by status", data.status_counts, width),
        Spacer(1, 6),
        agency_chart(data.agency_counts, width),
    ]
    if data.referrals_by_month:
        out += [Spacer(1, 6), bar_chart("Referrals received by month", data.referrals_by_month, width, horizontal=False)]
    if any(c.value for c in data.decisions):
        out += [Spacer(1, 6), bar_chart("Panel decisions", data.decisions, width)]
    out += heading("Reviews", 2)
    rows = [[cell(r.reference), cell(r.kind), cell(r.stage), cell(str(r.actions)), cell(str(r.complete)),
             cell(str(r.overdue))] for r in data.reviews]
    out += data_table(["Review", "Kind", "Stage", "Actions", "Complete", "Overdue"], rows,
                      [width * w for w in (0.16, 0.26, 0.3, 0.09, 0.1, 0.09)], empty="No reviews.")
    out += heading("Actions completed in the last three months", 2)
    out += action_table(data.completed_recently, width, with_review=True, compact=True)
    out += heading("Dissemination of learning", 2)
    rows = [[cell(d.review_reference), cell(d.channel), cell(d.date), cell(d.audience), cell(d.people)]
            for d in data.dissemination]
    out += data_table(["Review", "How", "When", "Audience", "People"], rows,
                      [width * w for w in (0.16, 0.24, 0.14, 0.34, 0.12)], empty="No dissemination recorded yet.")
    return out


def render(data: "HighlightReportData", options: RenderOptions | None = None) -> bytes:
    return build_pdf(highlight_story(data, content_width()), data.meta, options)
