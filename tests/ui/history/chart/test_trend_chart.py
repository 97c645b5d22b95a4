"""The trend chart: points and the 7-day line where trends' arrays put them, one paint per
range switch, and date ticks that are redrawn whenever what they show changes."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QEvent, QObject, QPointF
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from footcoach.records import DailyMean, PainContext
from footcoach.trends import ChartData, ChartRange, chart_data, range_window
from footcoach.ui.common import theme
from footcoach.ui.history.chart.line_item import LineItem
from footcoach.ui.history.chart.points_item import PointsItem
from footcoach.ui.history.chart.trend_chart import TrendChart

TODAY = date(2025, 6, 30)
FIRST = TODAY - timedelta(days=200)


def daily_rows() -> list[DailyMean]:
    """Morning 8 on even days, daytime 2 on days that are multiples of 3, 200 days."""
    rows = []
    for i in range(201):
        day = FIRST + timedelta(days=i)
        if i % 2 == 0:
            rows.append(DailyMean(day, PainContext.MORNING, 8.0, 1))
        if i % 3 == 0:
            rows.append(DailyMean(day, PainContext.DAY, 2.0, 1))
    return rows


def data_for(choice: ChartRange) -> ChartData:
    window = range_window(choice, TODAY, FIRST)
    sessions = [FIRST + timedelta(days=i) for i in range(0, 201, 2)]
    return chart_data(daily_rows(), sessions, window, baseline_mean=5.0, today=TODAY)


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


@pytest.fixture
def chart(qtbot: QtBot) -> TrendChart:
    theme.apply_theme(QApplication.instance(), theme.ThemeMode.LIGHT)  # type: ignore[arg-type]
    made = TrendChart()
    qtbot.addWidget(made)
    made.resize(900, 420)
    made.show()
    qtbot.waitExposed(made)
    made.set_data(data_for(ChartRange.THREE_MONTHS))
    settle()
    return made


def viewport_image(chart: pg.GraphicsView) -> QImage:
    return chart.viewport().grab().toImage()


def pixel_at(chart: TrendChart, image: QImage, x: float, y: float) -> QColor:
    """The colour drawn at data point (x, y) of the pain plot."""
    pos = chart.mapFromScene(chart.plot.vb.mapViewToScene(QPointF(x, y)))
    return image.pixelColor(pos.x(), pos.y())


def close(a: QColor, b: str, tolerance: int = 40) -> bool:
    c = QColor(b)
    return max(abs(a.red() - c.red()), abs(a.green() - c.green()), abs(a.blue() - c.blue())) <= (
        tolerance
    )


def test_points_are_drawn_at_trends_arrays(chart: TrendChart) -> None:
    data = data_for(ChartRange.FOUR_WEEKS)
    chart.set_data(data)
    settle()
    image = viewport_image(chart)
    for ctx in (PainContext.MORNING, PainContext.DAY):
        series = data.points_by_context[ctx]
        x, y = chart.points[ctx].getData()
        np.testing.assert_array_equal(x, series.x)
        np.testing.assert_array_equal(y, series.y)
        assert len(series.x) > 5
        for px, py in zip(series.x, series.y, strict=True):
            assert close(pixel_at(chart, image, px, py), theme.LIGHT.context(ctx))
    # Half a day after a morning point, at its height, is the plot's background.
    morning = data.points_by_context[PainContext.MORNING]
    gap = pixel_at(chart, image, morning.x[0] + 43200, morning.y[0])
    assert close(gap, theme.LIGHT.surface)


def test_points_follow_size_and_colour_changes(qtbot: QtBot) -> None:
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(300, 300)
    widget.setBackground("w")
    points = PointsItem("s", size=4)
    points.setBrush(pg.mkBrush("#ff0000"))
    points.setData(np.array([0.0]), np.array([0.0]))
    widget.addItem(points)
    widget.setRange(xRange=(-1, 1), yRange=(-1, 1), padding=0)
    widget.show()
    qtbot.waitExposed(widget)

    def red_pixels() -> int:
        image = widget.viewport().grab().toImage()
        return sum(
            close(image.pixelColor(x, y), "#ff0000", 10)
            for x in range(image.width())
            for y in range(image.height())
        )

    small = red_pixels()
    points.setSize(16)
    big = red_pixels()
    assert 9 <= small <= 25 and big >= 4 * small
    points.setBrush(pg.mkBrush("#0000ff"))
    assert red_pixels() == 0


@pytest.mark.parametrize("width", [1.0, 3.0])
def test_line_is_broken_where_a_value_is_nan(qtbot: QtBot, width: float) -> None:
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(400, 200)
    widget.setBackground("w")
    line = LineItem()
    line.setPen(pg.mkPen("#000000", width=width))
    line.setData(np.array([0.0, 1, 2, 3, 4, 5]), np.array([0.0, 0, np.nan, 0, 0, 0]))
    widget.addItem(line)
    widget.setRange(xRange=(-0.5, 5.5), yRange=(-1, 1), padding=0)
    widget.show()
    qtbot.waitExposed(widget)
    image = widget.viewport().grab().toImage()
    vb = widget.getPlotItem().vb

    def ink(x: float) -> bool:
        pos = widget.mapFromScene(vb.mapViewToScene(QPointF(x, 0)))
        return image.pixelColor(pos.x(), pos.y()).lightness() < 128

    assert ink(0.5) and ink(3.5) and ink(4.5)
    assert not ink(1.5) and not ink(2.5)  # either side of the NaN
    np.testing.assert_array_equal(line.getData()[0], [0, 1, 2, 3, 4, 5])


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


@pytest.mark.parametrize("choice", [ChartRange.FOUR_WEEKS, ChartRange.ONE_YEAR, ChartRange.ALL])
def test_a_range_switch_paints_the_chart_once(chart: TrendChart, choice: ChartRange) -> None:
    counter = PaintCounter()
    chart.viewport().installEventFilter(counter)
    chart.set_data(data_for(choice))
    settle()
    chart.viewport().removeEventFilter(counter)
    assert counter.paints == 1


def axis_image(chart: TrendChart) -> QImage:
    axis = chart.bars.getAxis("bottom")
    rect = chart.mapFromScene(axis.sceneBoundingRect()).boundingRect()
    return viewport_image(chart).copy(rect)


def test_cached_drawings_are_redrawn_when_what_they_show_changes(
    chart: TrendChart, qtbot: QtBot
) -> None:
    three_months = axis_image(chart)
    chart.set_data(data_for(ChartRange.FOUR_WEEKS))
    settle()
    four_weeks = axis_image(chart)
    assert four_weeks != three_months
    chart.set_data(data_for(ChartRange.THREE_MONTHS))
    settle()
    assert axis_image(chart) == three_months  # the same range draws the same ticks

    theme.apply_theme(QApplication.instance(), theme.ThemeMode.DARK)  # type: ignore[arg-type]
    try:
        chart.refresh_theme()
        settle()
        dark = axis_image(chart)
        assert dark != three_months
        fresh = TrendChart()
        qtbot.addWidget(fresh)
        fresh.resize(chart.size())
        fresh.show()
        qtbot.waitExposed(fresh)
        fresh.set_data(data_for(ChartRange.THREE_MONTHS))
        settle()
        assert axis_image(fresh) == dark  # not the light drawing kept from before
        # Nor anything else cached in light colours (the left axes and their grid).
        assert viewport_image(fresh) == viewport_image(chart)
    finally:
        theme.apply_theme(QApplication.instance(), theme.ThemeMode.LIGHT)  # type: ignore[arg-type]

    for made in (chart, fresh):
        made.refresh_theme()
        made.resize(700, 420)
    settle()
    assert axis_image(chart) == axis_image(fresh)  # a new width: new ticks, not the old ones


def test_baseline_follows_its_value_with_no_label_over_the_data(chart: TrendChart) -> None:
    assert chart.baseline.isVisible() and chart.baseline.value() == 5.0
    assert not hasattr(chart.baseline, "label")  # the legend names it: no text on the points
    chart.set_baseline(None)
    assert not chart.baseline.isVisible()
    chart.set_baseline(3.25)
    assert chart.baseline.isVisible() and chart.baseline.value() == 3.25
