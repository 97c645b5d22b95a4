"""The chart reads at a glance: spans, severe rings, read-out, click, legend (issue 13)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from footcoach.history import History
from footcoach.records import Moment, PainContext, PainEntry, SessionRecord
from footcoach.trends import ChartRange, noon_x
from footcoach.ui.common import theme
from footcoach.ui.history.view import HistoryView

TODAY = date(2025, 6, 30)
DAYS = 90
M, D = PainContext.MORNING, PainContext.DAY


def at(day: date, hour: int) -> Moment:
    return Moment.from_datetime(datetime.combine(day, time(hour), tzinfo=UTC))


@pytest.fixture
def ninety_days(history: History) -> History:
    """90 days of morning 4s and daytime 5s; today morning 7 and daytime 8; a single 8 among
    2s ten days ago; a session each Monday."""
    first = TODAY - timedelta(days=DAYS - 1)
    for k in range(DAYS - 1):
        day = first + timedelta(days=k)
        history.add_pain(PainEntry(f"m{k}", at(day, 7), 4, M))
        history.add_pain(PainEntry(f"d{k}", at(day, 13), 5, D))
        if day.weekday() == 0:
            history.add_records(
                sessions=[SessionRecord(f"s{k}", "daily", at(day, 18), at(day, 18), True)]
            )
    spike = TODAY - timedelta(days=10)
    history.delete_pain(f"d{DAYS - 11}")
    for ident, hour, score in (("spike", 9, 8), ("low1", 14, 2), ("low2", 19, 2)):
        history.add_pain(PainEntry(ident, at(spike, hour), score, D))
    history.add_pain(PainEntry("today-m", at(TODAY, 7), 7, M))
    history.add_pain(PainEntry("today-d", at(TODAY, 13), 8, D))
    return history


def make_view(qtbot: QtBot, history: History, choice: ChartRange) -> HistoryView:
    theme.apply_theme(QApplication.instance(), theme.ThemeMode.LIGHT)  # type: ignore[arg-type]
    view = HistoryView(history, today=lambda: TODAY, initial_range=choice)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    with qtbot.waitSignal(view.summary_shown):
        view.show()
    qtbot.waitUntil(lambda: view.chart.plot.vb.sceneBoundingRect().width() > 100)
    return view


def legend_text(view: HistoryView) -> str:
    return view.legend.text().replace("&nbsp;", " ").replace("\u2011", "-")


def viewport_pos(view: HistoryView, day: date, score: float) -> QPoint:
    chart = view.chart
    scene = chart.plot.vb.mapViewToScene(QPointF(noon_x(day), score))
    return chart.mapFromScene(scene)


def test_one_year_of_ninety_days_fills_the_width(qtbot: QtBot, ninety_days: History) -> None:
    view = make_view(qtbot, ninety_days, ChartRange.ONE_YEAR)
    data = view.chart.data
    assert data is not None and data.window.days == DAYS
    shown = view.chart.plot.vb.viewRange()[0]
    assert shown == pytest.approx(list(data.x_range))
    first_x = view.chart.points[M].getData()[0][0]
    left = view.chart.plot.vb.mapViewToScene(QPointF(first_x, 5)).x()
    assert left - view.chart.plot.vb.sceneBoundingRect().left() < 20  # at the left edge


def test_a_click_on_the_8_selects_the_8_not_the_7(qtbot: QtBot, ninety_days: History) -> None:
    view = make_view(qtbot, ninety_days, ChartRange.FOUR_WEEKS)
    for score, wanted in ((8.0, "today-d"), (7.0, "today-m")):
        pos = viewport_pos(view, TODAY, score)
        qtbot.mouseClick(view.chart.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        entry = view.selected_entry()
        assert entry is not None and entry.id == wanted


def test_a_single_severe_score_is_ringed_and_in_the_legend(
    qtbot: QtBot, ninety_days: History
) -> None:
    view = make_view(qtbot, ninety_days, ChartRange.FOUR_WEEKS)
    spike = TODAY - timedelta(days=10)
    x, y = view.chart.severe_marks.getData()
    assert list(zip(x.tolist(), y.tolist(), strict=True)) == [
        (noon_x(spike), 8.0),
        (noon_x(TODAY), 8.0),
    ]
    daytime = dict(zip(*view.chart.points[D].getData(), strict=True))
    assert daytime[noon_x(spike)] == 4.0  # the mean (8 + 2 + 2) / 3 alone would hide it
    legend = legend_text(view)
    for words in ("a score of 7 or more", "starting point 4.5", "session day", "7-day average"):
        assert words in legend
    view.set_range(ChartRange.ONE_YEAR)  # 90 days: session dots still drawn
    assert "session day" in legend_text(view)
    view.set_range(ChartRange.ALL)  # the same 90 days: still no wider than the data
    assert view.chart.data is not None and view.chart.data.window.days == DAYS


def test_the_read_out_follows_the_pointer(qtbot: QtBot, ninety_days: History) -> None:
    view = make_view(qtbot, ninety_days, ChartRange.THREE_MONTHS)
    chart = view.chart
    readout = chart.readout
    for day, score in ((TODAY - timedelta(days=60), 4.0), (TODAY - timedelta(days=30), 2.0)):
        pos = viewport_pos(view, day, score)
        chart.hover_at(chart.mapToScene(pos))
        assert readout.isVisible()
        assert f"{day.day} {day:%b %Y}" in readout.text()
        assert (readout.geometry().center() - pos).manhattanLength() < 250  # beside the pointer
        assert chart.viewport().rect().contains(readout.geometry())
    right = viewport_pos(view, TODAY, 1.0)  # by the right edge: it flips to the left
    chart.hover_at(chart.mapToScene(right))
    assert readout.geometry().right() < right.x()
    assert "Highest score 8" in readout.text()
    chart.hover_at(QPointF(-50, -50))
    assert not readout.isVisible()
