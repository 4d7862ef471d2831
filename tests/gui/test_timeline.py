"""The timeline widget, rendered with grab() and checked by its pixels (lanes there, a
marker at the expected x for a known date), driven by keys, wheel, drag and clicks, and
exported as a PNG and as the picture for PDF packs."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPalette, QWheelEvent

from lipanel_desktop.services.chronology.combined import analyse
from lipanel_desktop.services.chronology.entries import EntryRow
from lipanel_desktop.services.chronology.review_context import AgencyRef, ReviewInfo
from lipanel_desktop.views.timeline import axis
from lipanel_desktop.views.timeline.data import build
from lipanel_desktop.views.timeline.export import render_image, save_view_png, timeline_png
from lipanel_desktop.views.timeline.painter import colours
from lipanel_desktop.views.timeline.widget import TimelineWidget

AGENCIES = ("Police", "Health", "Education")
INFO = ReviewInfo(1, "MALR-2026-0001", "malr", "chronologies", date(2019, 1, 1), date(2019, 12, 31),
                  date(2016, 2, 10), tuple(AgencyRef(i + 1, n) for i, n in enumerate(AGENCIES)), ())
KNOWN = date(2019, 6, 15)


def entry(i: int, agency: int, day: date, event: str, significance: str = "medium", *, to: date | None = None,
          certainty: str = "exact", at: time | None = None) -> EntryRow:
    return EntryRow(i, agency + 1, AGENCIES[agency], day, to, at, certainty, "", "record", "Log", event,
                    significance, "", "", None, False)


def rows() -> list[EntryRow]:
    return [
        entry(1, 0, date(2019, 2, 1), "Police called to a domestic incident at the family home", "high"),
        entry(2, 1, date(2019, 2, 2), "Health visitor told of a domestic incident at the family home", "medium"),
        entry(3, 2, date(2019, 3, 10), "Child absent from school all week", "low"),
        entry(4, 1, date(2019, 4, 1), "Family history", "context", to=date(2019, 4, 30), certainty="month"),
        entry(5, 0, KNOWN, "Welfare check at the address", "high", at=time(12, 0)),
        entry(6, 2, date(2019, 11, 20), "Exclusion meeting", "medium"),
    ]


@pytest.fixture
def data():
    r = rows()
    return build(r, INFO, analyse(r, near_days=3, gap_days=90, period_from=INFO.period_from,
                                  period_to=INFO.period_to, today=date(2026, 1, 1)))


@pytest.fixture
def widget(qtbot: Any, data) -> TimelineWidget:
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(1000, 360)
    w.show()
    qtbot.waitExposed(w)
    w.set_data(data)
    return w


def near(image: QImage, x: float, y: float, colour: QColor, reach: int = 3) -> bool:
    """Some pixel within `reach` of (x, y) has (nearly) this colour."""
    for dx in range(-reach, reach + 1):
        for dy in range(-reach, reach + 1):
            pixel = image.pixelColor(int(x) + dx, int(y) + dy)
            if sum(abs(a - b) for a, b in zip(pixel.getRgb()[:3], colour.getRgb()[:3])) < 40:
                return True
    return False


def test_lanes_and_a_marker_at_the_expected_x(widget: TimelineWidget) -> None:
    image = widget.grab().toImage()
    lay = widget.plan()
    assert widget.data.lanes == list(AGENCIES)
    alternate = widget.palette().color(QPalette.ColorRole.AlternateBase)
    base = widget.palette().color(QPalette.ColorRole.Base)
    x_out = lay.plot_left + 3  # before the period's tint
    assert near(image, x_out, widget.lane_centre(1) - lay.lane_height * 0.45, alternate, 1) or \
        near(image, widget.width() - 5, widget.lane_centre(1) - lay.lane_height * 0.45, alternate, 1)
    assert image.pixelColor(int(x_out), int(widget.lane_centre(0) - lay.lane_height * 0.45)) != \
        image.pixelColor(int(x_out), int(widget.lane_centre(1) - lay.lane_height * 0.45)) or base == alternate
    high = colours(widget.palette())[0]
    x = widget.x_for_day(KNOWN.toordinal() + 0.5)
    assert near(image, x, widget.lane_centre(0), high)
    assert not near(image, x, widget.lane_centre(1), high)
    assert not near(image, widget.x_for_day(KNOWN.toordinal() + 40), widget.lane_centre(0), high)
    assert any(h[2] == 4 for h in widget.frame.hits)


def test_the_axis_adapts_from_years_to_months_to_days() -> None:
    start = date(2015, 1, 1).toordinal()
    assert {t.label for t in axis.ticks(start, start + 3650, 0.25, 80) if t.label} >= {"2016", "2020"}
    months = [t.label for t in axis.ticks(start, start + 365, 3.0, 80) if t.label]
    assert "Apr 2015" in months
    days = [t.label for t in axis.ticks(start, start + 10, 100.0, 80) if t.label]
    assert "03/01/2015" in days


def test_keys_move_from_event_to_event_and_announce_it(qtbot: Any, widget: TimelineWidget) -> None:
    heard: list[tuple[int, str]] = []
    widget.selection_changed.connect(lambda entry_id, text: heard.append((entry_id, text)))
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Home)
    qtbot.keyClick(widget, Qt.Key.Key_N)
    qtbot.keyClick(widget, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert [entry_id for entry_id, _ in heard] == [1, 2, 3]
    assert heard[1][1].startswith("02/02/2019. Health. Child aged 2 years 11 months. Medium significance. ")
    assert "Also recorded by 1 other agency" in heard[1][1]
    assert widget.accessibleDescription() == heard[-1][1]
    qtbot.keyClick(widget, Qt.Key.Key_P)
    qtbot.keyClick(widget, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert heard[-1][0] == 1  # the nearest event in the lane above
    qtbot.keyClick(widget, Qt.Key.Key_End)
    assert heard[-1][0] == 6
    with qtbot.waitSignal(widget.entry_activated) as opened:
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert opened.args == [6]


def test_zoom_and_pan_by_keys_wheel_and_drag(qtbot: Any, widget: TimelineWidget) -> None:
    widget.setFocus()
    scale, left = widget.view.px_per_day, widget.view.left
    qtbot.keyClick(widget, Qt.Key.Key_Plus)
    assert widget.view.px_per_day == pytest.approx(scale * 1.5)
    qtbot.keyClick(widget, Qt.Key.Key_Minus)
    assert widget.view.px_per_day == pytest.approx(scale)
    qtbot.keyClick(widget, Qt.Key.Key_Right)
    assert widget.view.left > left
    qtbot.keyClick(widget, Qt.Key.Key_0)
    assert widget.view.left == pytest.approx(left)
    point = QPointF(500, 150)
    day_under = widget.view.left + (point.x() - widget.plan().plot_left) / widget.view.px_per_day
    wheel = QWheelEvent(point, widget.mapToGlobal(point), QPoint(), QPoint(0, 240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    widget.wheelEvent(wheel)
    assert widget.view.px_per_day == pytest.approx(scale * 2.25)
    assert widget.view.left + (point.x() - widget.plan().plot_left) / widget.view.px_per_day == pytest.approx(day_under)
    before = widget.view.left
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=QPoint(600, 120))
    qtbot.mouseMove(widget, QPoint(500, 120))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=QPoint(500, 120))
    assert widget.view.left == pytest.approx(before + 100 / widget.view.px_per_day)


def test_clicking_an_event_opens_it_and_a_cluster_zooms_in(qtbot: Any, widget: TimelineWidget) -> None:
    widget.grab()
    x, y = widget.x_for_day(KNOWN.toordinal() + 0.5), widget.lane_centre(0)
    with qtbot.waitSignal(widget.entry_activated) as opened:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(int(x), int(y)))
    assert opened.args == [5] and widget.selected_entry_id() == 5
    widget.view.px_per_day = widget.min_px_per_day()
    many = [entry(100 + i, 0, date(2019, 5, 1) + timedelta(hours=i), f"Contact {i}") for i in range(20)]
    widget.set_data(build(many, INFO), keep_view=True)
    widget.view.px_per_day = widget.min_px_per_day()
    widget.grab()
    cluster = next(h for h in widget.frame.hits if h[3] > 1)
    scale = widget.view.px_per_day
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(int(cluster[0]), int(cluster[1])))
    assert widget.view.px_per_day == pytest.approx(scale * 4)


def test_tooltips_say_what_is_there(widget: TimelineWidget) -> None:
    widget.grab()
    index = next(i for i, r in enumerate(widget.data.rows) if r.id == 2)
    text = widget.data.tooltip(index)
    assert text.splitlines()[0] == "02/02/2019 · Health" and "Seen by 2 agencies" in text
    assert widget.hit_at(QPointF(widget.x_for_day(date(2019, 2, 2).toordinal() + 0.5), widget.lane_centre(1))) \
        is not None


def test_many_events_are_clustered_and_labels_hidden(qtbot: Any, widget: TimelineWidget) -> None:
    start = date(2010, 1, 1)
    many = [entry(1000 + i, i % 3, start + timedelta(days=i % 3000), f"Event {i}", ("high", "low")[i % 2])
            for i in range(20_000)]
    widget.set_data(build(sorted(many, key=lambda r: r.date_from), INFO))
    widget.grab()
    assert widget.frame.clustered and widget.frame.labels == 0
    assert len(widget.frame.hits) < 3000
    assert widget.frame_times and widget.frame_times[-1] < 1000


def test_export_png_and_the_picture_for_packs(qtbot: Any, widget: TimelineWidget, data, tmp_path: Path) -> None:
    saved = save_view_png(widget, tmp_path / "timeline")
    assert saved.suffix == ".png"
    image = QImage(str(saved))
    assert (image.width(), image.height()) == (widget.width() * 2, widget.height() * 2)
    png = timeline_png(data, width=1600)
    assert png.startswith(b"\x89PNG")
    picture = QImage.fromData(png)
    assert picture.width() == 1600 and picture.height() > 150
    whole = render_image(data, 1200)
    assert whole.pixelColor(2, 2) == QColor("#ffffff")  # print palette, whatever the screen's


def test_an_empty_timeline_says_so(qtbot: Any) -> None:
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(600, 300)
    w.grab()
    qtbot.keyClick(w, Qt.Key.Key_N)
    assert w.selected is None and w.frame.hits == []


def test_approximate_dates_are_spans_the_period_is_shaded_and_gaps_are_hatched(widget: TimelineWidget) -> None:
    from lipanel_desktop.views.timeline.legend import hatch_colour

    image = widget.grab().toImage()
    lay = widget.plan()
    (gap,) = widget.data.gaps
    first, last = gap[0], gap[1]
    # the gap (16/06/2019 to 19/11/2019, no contact for 90+ days) hatched in every lane
    hatch = hatch_colour(widget.palette())
    for lane in range(3):
        x = widget.x_for_day((first + last) / 2)
        assert near(image, x, widget.lane_centre(lane) + lay.lane_height * 0.3, hatch, 6), lane
    assert not near(image, widget.x_for_day(date(2019, 3, 20).toordinal()), widget.lane_centre(2) + 10, hatch, 6)
    # "April 2019" drawn as a bar across the month, in the lane of the agency that wrote it
    y = int(widget.lane_centre(1))
    for day, bar in ((date(2019, 4, 8), True), (date(2019, 4, 24), True), (date(2019, 12, 15), False)):
        x = int(widget.x_for_day(day.toordinal()))
        filled, background = image.pixelColor(x, y), image.pixelColor(x, y - lay.marker)
        assert (filled != background) is bar, day
    # the period under review shaded: a lane's background differs just inside and just outside it
    y = widget.lane_centre(2) - lay.lane_height * 0.4
    inside = image.pixelColor(int(widget.x_for_day(date(2019, 1, 1).toordinal())) + 4, int(y))
    outside = image.pixelColor(int(widget.x_for_day(date(2019, 1, 1).toordinal())) - 4, int(y))
    assert inside != outside
