"""The combined chronology: landscape, the timeline picture first, then every agency's
entries in date order with the agency and source on every row, likely duplicates grouped
and shaded, and long gaps marked across the table.

Built for size: 20,000 rows are about 900 pages. The entries are a `LongTable` of
pre-wrapped plain text, split between rows in constant time (see long_table.py)."""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, PageBreak, Spacer

from lipanel_desktop.printing import fonts
from lipanel_desktop.printing.layout import heading, key_values
from lipanel_desktop.printing.long_table import LongTable, Row, make_row
from lipanel_desktop.printing.styles import DUPLICATE_FILL, GAP_FILL, para, styles
from lipanel_desktop.printing.template import RenderOptions, build_pdf, content_width

if TYPE_CHECKING:
    from lipanel_desktop.services.documents.chronology import ChronologyData

#: Share of the landscape width per column.
COLUMNS = (
    ("Date", 0.08),
    ("Agency", 0.11),
    ("Source", 0.115),
    ("Event", 0.29),
    ("Significance", 0.08),
    ("Analysis", 0.2),
    ("Author", 0.08),
    ("Group", 0.045),
)
_SIGNIFICANCE_COLOURS = {
    "high": colors.HexColor("#9b1c1c"),
    "medium": colors.HexColor("#c46a00"),
    "low": colors.HexColor("#4f6d8a"),
    "context": colors.HexColor("#a0a7b0"),
}


def entry_rows(data: "ChronologyData", widths: list[float]) -> list[Row]:
    """Every row pre-wrapped to its columns; gaps span the table, duplicates shaded."""
    rows: list[Row] = []
    for row in data.rows:
        if row.kind == "gap":
            rows.append(make_row(["Gap", f"{row.event} ({row.date})"], widths, fill=GAP_FILL, bold=True, span_from=1))
            continue
        rows.append(
            make_row(
                [
                    row.date + (" (approx.)" if row.approximate else ""),
                    row.agency,
                    row.source,
                    row.event,
                    row.significance,
                    row.analysis,
                    row.author,
                    (f"D{row.duplicate_group}" + ("*" if row.date_conflict else "")) if row.duplicate_group else "",
                ],
                widths,
                fill=DUPLICATE_FILL if row.duplicate_group else None,
            )
        )
    return rows


def timeline_drawing(data: "ChronologyData", width: float) -> Drawing:
    """A drawn timeline for when no picture was passed in (the command line has no
    screen): one lane per agency, a mark per event, darker for more significant ones,
    year marks along the bottom, and a legend in words."""
    points = data.timeline_points
    agencies = sorted({p[1] for p in points})
    if not points:
        drawing = Drawing(width, 20)
        drawing.add(String(0, 6, "No entries to draw.", fontName=fonts.SANS, fontSize=9))
        return drawing
    lane_h = 14.0
    height = len(agencies) * lane_h + 40
    drawing = Drawing(width, height)
    days = [date.fromisoformat(p[0]).toordinal() for p in points]
    first, last = min(days), max(days)
    span = max(last - first, 1)
    label_w = 125.0
    plot_w = width - label_w - 4
    top = height - 2
    rank = {"context": 0, "low": 1, "medium": 2, "high": 3}
    marks: dict[tuple[int, int], str] = {}  # one mark per lane and point of width
    lane_of = {a: i for i, a in enumerate(agencies)}
    for day, (_, agency, significance) in zip(days, points):
        key = (lane_of[agency], int((day - first) / span * (plot_w - 1)))
        if rank.get(significance, 0) >= rank.get(marks.get(key, "context"), 0):
            marks[key] = significance
    for lane, agency in enumerate(agencies):
        y = top - (lane + 1) * lane_h
        drawing.add(Rect(label_w, y, plot_w, lane_h - 2, fillColor=colors.HexColor("#f4f6f8"), strokeColor=None))
        name = fonts.printable(agency)
        while name and stringWidth(name, fonts.CONDENSED, 7.5) > label_w - 6:
            name = name[:-2] + "…"
        drawing.add(String(0, y + lane_h / 2 - 3.5, name, fontName=fonts.CONDENSED, fontSize=7.5))
    for (lane, x), significance in marks.items():
        y = top - (lane + 1) * lane_h
        colour = _SIGNIFICANCE_COLOURS.get(significance, colors.grey)
        drawing.add(Line(label_w + x, y + 1, label_w + x, y + lane_h - 3, strokeColor=colour, strokeWidth=1.1))
    axis_y = top - len(agencies) * lane_h - 10
    first_year, last_year = date.fromordinal(first).year, date.fromordinal(last).year
    step = max(1, (last_year - first_year + 1) // 12)
    for year in range(first_year + 1, last_year + 1, step):
        x = label_w + (date(year, 1, 1).toordinal() - first) / span * (plot_w - 1)
        drawing.add(Line(x, axis_y + 8, x, axis_y + 5, strokeColor=colors.grey, strokeWidth=0.5))
        drawing.add(String(x, axis_y - 1, str(year), fontName=fonts.SANS, fontSize=6.5, textAnchor="middle"))
    drawing.add(String(label_w, axis_y - 1, date.fromordinal(first).strftime("%d/%m/%Y"), fontName=fonts.SANS,
                       fontSize=6.5, textAnchor="end"))
    x = label_w
    for name, words in (("high", "High significance"), ("medium", "Medium significance"),
                        ("low", "Low significance"), ("context", "Context only")):
        drawing.add(Rect(x, 1, 10, 7, fillColor=_SIGNIFICANCE_COLOURS[name], strokeColor=None))
        drawing.add(String(x + 13, 1.5, words, fontName=fonts.SANS, fontSize=7))
        x += 105
    return drawing


def _timeline(data: "ChronologyData", width: float) -> list[Flowable]:
    if data.timeline_png:
        from reportlab.lib.utils import ImageReader

        reader = ImageReader(io.BytesIO(data.timeline_png))
        w, h = reader.getSize()
        scale = min(width / w, 330 / h)
        return [Image(io.BytesIO(data.timeline_png), width=w * scale, height=h * scale)]
    return [timeline_drawing(data, width)]


def chronology_story(data: "ChronologyData", width: float) -> list[Flowable]:
    s = styles()
    review = data.review
    widths = [width * share for _, share in COLUMNS]
    story: list[Flowable] = [
        para("Combined chronology", s.title),
        para(f"{data.meta.reference}" + (f" · {review.kind}" if review else "")
             + (f" · {review.child_name}" if review and review.child_name else ""), s.subtitle),
        *heading("Timeline", 2),
        *_timeline(data, width),
        Spacer(1, 6),
        key_values([
            ("Entries", f"{data.entry_count:,}"),
            ("Agencies", ", ".join(data.agencies) or "None"),
            ("Period covered", f"{data.first_date} to {data.last_date}" if data.first_date else "No entries"),
            ("Period under review", review.period if review else ""),
            ("Gaps", f"{data.gap_count} gap(s) of more than {data.gap_days} days with no agency contact, "
                     "marked across the table"),
            ("Seen by several agencies", f"{data.duplicate_groups} event(s) recorded by more than one agency: their "
                                         "rows are marked D1, D2, … and shaded; * where the agencies' dates differ"),
        ], width * 0.7, 0.25),
        PageBreak(),
        *heading("Entries"),
    ]
    if not data.rows:
        return story + [para("No chronology entries have been received for this review.", s.italic)]
    story.append(LongTable([name for name, _ in COLUMNS], widths, entry_rows(data, widths)))
    return story


def render(data: "ChronologyData", options: RenderOptions | None = None) -> bytes:
    return build_pdf(chronology_story(data, content_width(landscape=True)), data.meta, options, landscape=True)
