"""The chart's spans, severe-score marks and click targets: plain functions (no Qt)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from footcoach.history import History
from footcoach.pain import SEVERE
from footcoach.records import DailyMean, Moment, PainContext, PainEntry
from footcoach.trends import (
    MIN_WINDOW_DAYS,
    ChartPoint,
    ChartRange,
    chart_data,
    daily_means_from_entries,
    nearest_entry,
    range_window,
)

BERLIN = ZoneInfo("Europe/Berlin")
T = date(2026, 3, 10)
M, D = PainContext.MORNING, PainContext.DAY


def entry(ident: str, day: date, hour: int, score: int, context: PainContext) -> PainEntry:
    when = datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN)
    return PainEntry(ident, Moment.from_datetime(when), score, context)


@pytest.mark.parametrize(
    ("choice", "first_day", "days"),
    [
        (ChartRange.ONE_YEAR, T - timedelta(days=89), 90),  # 90 days of data fill the width
        (ChartRange.THREE_MONTHS, T - timedelta(days=89), 90),
        (ChartRange.THREE_MONTHS, T - timedelta(days=9), MIN_WINDOW_DAYS),  # never narrower
        (ChartRange.ALL, T - timedelta(days=2), MIN_WINDOW_DAYS),
        (ChartRange.ALL, T - timedelta(days=900), 901),
        (ChartRange.FOUR_WEEKS, T - timedelta(days=900), 28),
        (ChartRange.ONE_YEAR, T - timedelta(days=900), 365),  # older data: the whole year
    ],
)
def test_each_range_shows_the_span_that_has_data(
    choice: ChartRange, first_day: date, days: int
) -> None:
    window = range_window(choice, T, first_day)
    assert window.end == T and window.days == days


def test_a_single_severe_score_is_marked_on_a_day_whose_mean_is_lower() -> None:
    entries = [entry("a", T, 8, 8, D), entry("b", T, 18, 2, D), entry("c", T, 7, 3, M)]
    window = range_window(ChartRange.FOUR_WEEKS, T, T)
    severe = [(T, 8), (T - timedelta(days=400), 9)]  # the second lies outside the window
    chart = chart_data(daily_means_from_entries(entries), [], window, tz=BERLIN, severe_days=severe)
    assert chart.points_by_context[D].y.tolist() == [5.0]  # the mean hides the 8 ...
    assert chart.severe.days == (T,) and chart.severe.y.tolist() == [8.0]  # ... the mark not
    assert chart.severe.x.tolist() == chart.points_by_context[D].x.tolist()
    details = chart.details(T)
    assert details is not None and details.severe_score == 8
    assert "Highest score 8" in details.lines()
    quiet = chart.details(T - timedelta(days=1))
    assert quiet is not None and quiet.severe_score is None


def test_a_click_picks_the_nearest_point_of_the_day_and_its_entry() -> None:
    entries = [
        entry("m7", T, 7, 7, M),
        entry("d8", T, 12, 8, D),
        entry("d9", T, 18, 9, D),
        entry("old", T - timedelta(days=1), 12, 8, D),
    ]
    rows = daily_means_from_entries(entries)
    chart = chart_data(
        rows, [], range_window(ChartRange.FOUR_WEEKS, T, T), tz=BERLIN, severe_days=[(T, 9)]
    )
    assert chart.point_at(T, 8.0) == ChartPoint(T, D, 8.5)  # the daytime mean
    assert chart.point_at(T, 7.2) == ChartPoint(T, M, 7.0)
    assert chart.point_at(T, 9.3) == ChartPoint(T, None, 9.0)  # the severe mark
    assert chart.point_at(T - timedelta(days=5), 5.0) is None  # nothing drawn that day
    assert chart.point_at(T + timedelta(days=1), 5.0) is None  # outside the window
    by_id = {e.id: e for e in entries}
    assert nearest_entry(entries, ChartPoint(T, M, 7.0)) is by_id["m7"]  # not the day's 8
    assert nearest_entry(entries, ChartPoint(T, None, 9.0)) is by_id["d9"]
    # 8.5 is as near 8 as 9: the newest of the two.
    assert nearest_entry(entries, ChartPoint(T, D, 8.5)) is by_id["d9"]
    assert nearest_entry(entries, ChartPoint(T, PainContext.AFTER_EXERCISE, 3.0)) is None


def test_history_finds_each_days_highest_score_at_the_threshold(tmp_path: Path) -> None:
    with History.open(tmp_path / "data", today=T) as history:
        for e in [
            entry("a", T, 8, 8, D),
            entry("b", T, 9, 7, M),
            entry("c", T - timedelta(days=1), 8, 6, D),
            entry("d", T - timedelta(days=3), 8, 7, D),
        ]:
            history.add_pain(e)
        assert history.high_score_days(SEVERE) == [(T - timedelta(days=3), 7), (T, 8)]
        assert history.high_score_days(SEVERE, since=T - timedelta(days=2)) == [(T, 8)]


def test_daily_means_stay_as_they_were() -> None:
    # The severe marks are drawn beside the means, never mixed into them.
    rows = daily_means_from_entries([entry("a", T, 8, 8, D), entry("b", T, 18, 2, D)])
    assert rows == [DailyMean(T, D, 5.0, 2)]
