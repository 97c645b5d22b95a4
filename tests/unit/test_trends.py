"""trends.py: every figure against a hand-computed expectation (arithmetic in the comments)."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from footcoach.pain import SafetySignal, change_between, trend_per_week
from footcoach.records import DailyMean, Moment, PainContext, PainEntry
from footcoach.trends import (
    BASELINE_DAYS,
    MIN_TREND_DAYS,
    TREND_DAYS,
    ChartRange,
    DateWindow,
    PainDays,
    PainStats,
    Summary,
    baseline,
    chart_data,
    daily_means_from_entries,
    day_of_x,
    midnight_x,
    noon_x,
    range_window,
    rolling_means,
    safety_signals,
    session_days_in_week,
    severe_days,
    streak_days,
    summarize,
    window_mean,
)


def summarize_entries(entries: list[PainEntry], session_days: list[date], today: date) -> Summary:
    """The summary from raw pain entries, as ``load_summary`` builds it from the history."""
    return summarize(daily_means_from_entries(entries), session_days, today, recent_entries=entries)


BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
M = PainContext.MORNING
D = PainContext.DAY
DX = PainContext.DURING_EXERCISE
AX = PainContext.AFTER_EXERCISE
T = date(2025, 4, 6)  # a Sunday, one week after the spring DST change in Europe/Berlin

# 2025-01-01T00:00Z = 20089 days * 86400 = 1_735_689_600 (55 years, 14 leap days 1972..2024).
JAN1 = 1_735_689_600
# 2025-03-29T00:00Z: day offset 31 (Jan) + 28 (Feb) + 28 = 87 -> JAN1 + 87 * 86400.
MAR29 = JAN1 + 87 * 86_400  # 1_743_206_400
# 2025-10-25T00:00Z: 31+28+31+30+31+30+31+31+30 = 273, + 24 = 297.
OCT25 = JAN1 + 297 * 86_400  # 1_761_350_400


def entry(when: datetime, score: int, context: PainContext = M) -> PainEntry:
    """A pain entry at an aware local time."""
    return PainEntry(
        id=f"{when.isoformat()}-{context}",
        at=Moment.from_datetime(when),
        score=score,
        context=context,
    )


def days_back(values: dict[int, float], today: date = T) -> dict[date, float]:
    """{days before today: value} -> {date: value}."""
    return {today - timedelta(days=k): v for k, v in values.items()}


def rows(context: PainContext, values: dict[int, float], today: date = T) -> list[DailyMean]:
    """Daily-mean rows (count 1) for {days before today: mean}."""
    return [DailyMean(d, context, v, 1) for d, v in days_back(values, today).items()]


# --------------------------------------------------------------------------- grouping by day


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        pytest.param(
            # 23:30 CEST on 1 June is 21:30Z on 1 June; 00:30 CEST on 2 June is 22:30Z on 1 June:
            # same UTC date, different local dates.
            [
                entry(datetime(2025, 6, 1, 23, 30, tzinfo=BERLIN), 4),
                entry(datetime(2025, 6, 2, 0, 30, tzinfo=BERLIN), 6),
            ],
            [(date(2025, 6, 1), M, 4.0, 1), (date(2025, 6, 2), M, 6.0, 1)],
            id="across-midnight",
        ),
        pytest.param(
            # Spring DST, 30 March: 00:30 CET (23:30Z on the 29th) and 23:30 CEST (21:30Z on the
            # 30th) are both on the 30th (a 23-hour day): mean (3 + 5) / 2 = 4.0.
            [
                entry(datetime(2025, 3, 30, 0, 30, tzinfo=BERLIN), 3),
                entry(datetime(2025, 3, 30, 23, 30, tzinfo=BERLIN), 5),
            ],
            [(date(2025, 3, 30), M, 4.0, 2)],
            id="dst-spring-23h-day",
        ),
        pytest.param(
            # Autumn DST, 26 October: 02:30 happens twice (00:30Z CEST, then 01:30Z CET), plus
            # 23:59 CEST on the 25th: (2 + 3) / 2 = 2.5 on the 26th, 7 on the 25th.
            [
                entry(datetime(2025, 10, 25, 23, 59, tzinfo=BERLIN), 7),
                entry(datetime(2025, 10, 26, 2, 30, fold=0, tzinfo=BERLIN), 2),
                entry(datetime(2025, 10, 26, 2, 30, fold=1, tzinfo=BERLIN), 3),
            ],
            [(date(2025, 10, 25), M, 7.0, 1), (date(2025, 10, 26), M, 2.5, 2)],
            id="dst-autumn-25h-day",
        ),
        pytest.param(
            # Travelling: 21:00 EDT on 1 June is 01:00Z on 2 June; the person lived it on 1 June.
            [entry(datetime(2025, 6, 1, 21, 0, tzinfo=NEW_YORK), 5)],
            [(date(2025, 6, 1), M, 5.0, 1)],
            id="local-date-abroad",
        ),
        pytest.param(
            # Contexts stay apart: morning (2 + 3) / 2 = 2.5; during exercise 4 / 1.
            [
                entry(datetime(2025, 6, 1, 7, 0, tzinfo=BERLIN), 2),
                entry(datetime(2025, 6, 1, 8, 0, tzinfo=BERLIN), 3),
                entry(datetime(2025, 6, 1, 18, 0, tzinfo=BERLIN), 4, DX),
            ],
            [(date(2025, 6, 1), M, 2.5, 2), (date(2025, 6, 1), DX, 4.0, 1)],
            id="contexts-apart",
        ),
    ],
)
def test_daily_means_group_by_local_date_and_context(
    entries: list[PainEntry], expected: list[tuple[date, PainContext, float, int]]
) -> None:
    got = [(r.day, r.context, r.mean, r.count) for r in daily_means_from_entries(entries)]
    assert got == expected


def test_overall_day_mean_weighs_each_entry() -> None:
    # morning 4 (1 entry) + during exercise mean 6 (3 entries): (4 + 3 * 6) / 4 = 22 / 4 = 5.5.
    days = PainDays.from_rows([DailyMean(T, M, 4.0, 1), DailyMean(T, DX, 6.0, 3)])
    assert days.overall == {T: 5.5}
    assert days.counts == {T: 4}
    assert days.by_context[M] == {T: 4.0}
    assert days.by_context[D] == {}


# --------------------------------------------------------------------------- plot x values


@pytest.mark.parametrize(
    ("day", "noon", "midnight"),
    [
        # 29 March, CET (UTC+1): noon = 11:00Z, midnight = 28 March 23:00Z.
        (date(2025, 3, 29), MAR29 + 11 * 3600, MAR29 - 3600),
        # 30 March, the spring change: midnight still CET (29th 23:00Z), noon CEST = 10:00Z.
        (date(2025, 3, 30), MAR29 + 86_400 + 10 * 3600, MAR29 + 23 * 3600),
        # 31 March, CEST (UTC+2): midnight = 30th 22:00Z.
        (date(2025, 3, 31), MAR29 + 2 * 86_400 + 10 * 3600, MAR29 + 86_400 + 22 * 3600),
        # 25 October, CEST: noon 10:00Z.  26 October, the autumn change: noon CET = 11:00Z.
        (date(2025, 10, 25), OCT25 + 10 * 3600, OCT25 - 2 * 3600),
        (date(2025, 10, 26), OCT25 + 86_400 + 11 * 3600, OCT25 + 22 * 3600),
    ],
)
def test_noon_and_midnight_x_across_dst(day: date, noon: int, midnight: int) -> None:
    assert noon_x(day, BERLIN) == noon
    assert midnight_x(day, BERLIN) == midnight
    assert day_of_x(noon, BERLIN) == day
    assert day_of_x(midnight, BERLIN) == day
    assert day_of_x(midnight - 1, BERLIN) == day - timedelta(days=1)


def test_dst_days_are_23_and_25_hours_apart_at_noon() -> None:
    # noon 29 -> noon 30 March: 24 h - 1 h = 82_800 s; noon 25 -> 26 October: 90_000 s.
    assert noon_x(date(2025, 3, 30), BERLIN) - noon_x(date(2025, 3, 29), BERLIN) == 82_800
    assert noon_x(date(2025, 10, 26), BERLIN) - noon_x(date(2025, 10, 25), BERLIN) == 90_000


# --------------------------------------------------------------------------- 7-day means

NAN = math.nan


@pytest.mark.parametrize(
    ("values", "start_back", "expected"),
    [
        pytest.param(
            # days T-6..T hold 1..7; ending T-5: 1 day -> NaN; T-4: (1+2+3)/3 = 2;
            # T-3: 10/4 = 2.5; T-2: 15/5 = 3; T-1: 21/6 = 3.5; T: 28/7 = 4.
            {6: 1, 5: 2, 4: 3, 3: 4, 2: 5, 1: 6, 0: 7},
            5,
            [NAN, 2.0, 2.5, 3.0, 3.5, 4.0],
            id="filling-up",
        ),
        pytest.param(
            # gaps are not zeros: T-6 = 2, T-3 = 4, T = 9 -> ending T: (2+4+9)/3 = 5.0;
            # ending T-1: only 2 and 4 -> 2 days -> NaN.
            {6: 2, 3: 4, 0: 9},
            1,
            [NAN, 5.0],
            id="gaps",
        ),
        pytest.param(
            # a day 7 back falls out: ending T covers T-6..T = {5, 5, 5} -> 5.0 (the 9 at T-7
            # is left out); ending T-1 covers T-7..T-1 = {9, 5, 5} -> 19/3.
            {7: 9, 6: 5, 3: 5, 0: 5},
            1,
            [19 / 3, 5.0],
            id="window-edge",
        ),
    ],
)
def test_rolling_means(values: dict[int, float], start_back: int, expected: list[float]) -> None:
    got = rolling_means(days_back(values), T - timedelta(days=start_back), T)
    np.testing.assert_allclose(got, expected, equal_nan=True)


def test_rolling_mean_counts_the_23_hour_day_as_one_day() -> None:
    # 27 March .. 2 April (7 calendar days, 30 March has 23 h), values
    # 2, 3, 4, 0, 1, 1, 2 -> 13 / 7.
    values = {
        date(2025, 3, 27) + timedelta(days=k): float(v) for k, v in enumerate([2, 3, 4, 0, 1, 1, 2])
    }
    got = rolling_means(values, date(2025, 4, 2), date(2025, 4, 2))
    assert got.tolist() == pytest.approx([13 / 7])


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({0: 4, 1: 5}, (None, 2)),  # 2 logged days < 3
        ({0: 4, 1: 5, 6: 9}, (6.0, 3)),  # (4+5+9)/3 = 6
        ({0: 4, 1: 5, 7: 9}, (None, 2)),  # T-7 is outside the week
    ],
)
def test_window_mean_needs_three_days(
    values: dict[int, float], expected: tuple[float | None, int]
) -> None:
    assert window_mean(days_back(values), T) == expected


# --------------------------------------------------------------------------- baseline, change


def test_baseline_is_first_seven_logged_days_not_calendar_days() -> None:
    # logged every other day: 6, 6, 7, 5, 6, 7, 5 (sum 42) -> 42 / 7 = 6.0; the 8th day (1) is
    # not part of it.
    values = {
        date(2025, 1, 1) + timedelta(days=2 * k): float(v)
        for k, v in enumerate([6, 6, 7, 5, 6, 7, 5, 1])
    }
    assert baseline(values) == 6.0
    six = dict(list(values.items())[: BASELINE_DAYS - 1])
    assert baseline(six) is None


@pytest.mark.parametrize(
    ("before", "after", "points", "pct", "improved", "worsened"),
    [
        (6.0, 4.0, -2.0, -100 / 3, True, False),  # -2 points, -2/6 = -33.3%
        # 6.2 - 8.2 = -1.9999999999999991 in floats (-24%): still the 2-point threshold.
        (8.2, 6.2, -2.0, -2 / 8.2 * 100, True, False),
        # (2.31 - 3.3) / 3.3 = -29.999999999999993% in floats (-0.99 points): still 30%.
        (3.3, 2.31, -0.99, -30.0, True, False),
        (5.0, 3.5, -1.5, -30.0, True, False),  # -1.5 / 5 = -30% exactly: the % threshold
        (5.0, 3.6, -1.4, -28.0, False, False),  # -1.4 / 5 = -28%, under both thresholds
        (8.0, 6.1, -1.9, -23.75, False, False),  # -1.9 / 8 = -23.75%
        (3.0, 2.0, -1.0, -100 / 3, True, False),  # only -1 point but -33%: meaningful
        (2.0, 4.0, 2.0, 100.0, False, True),  # +2 points, +100%
        (0.0, 1.0, 1.0, None, False, False),  # no % of a zero baseline; +1 point
    ],
)
def test_change_between(
    before: float,
    after: float,
    points: float,
    pct: float | None,
    improved: bool,
    worsened: bool,
) -> None:
    change = change_between(before, after)
    assert change is not None
    assert change.points == pytest.approx(points)
    assert change.pct == (None if pct is None else pytest.approx(pct))
    assert (change.improved, change.worsened) == (improved, worsened)


def test_change_needs_both_ends() -> None:
    assert change_between(None, 3.0) is None
    assert change_between(3.0, None) is None


# --------------------------------------------------------------------------- 28-day trend


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # 6 - 0.1 * day over 28 days: -0.1 / day = -0.7 / week.
        ({27 - k: 6 - 0.1 * k for k in range(28)}, -0.7),
        # every other day, 2 + 0.2 * day: 0.2 / day = 1.4 / week.
        ({27 - k: 2 + 0.2 * k for k in range(0, 28, 2)}, 1.4),
        # flat 4: 0 / week.
        ({k: 4.0 for k in range(10)}, 0.0),
        # x = 0..6, y = 4,4,4,4,4,4,11: mean x 3, mean y 5; Sxy = (-3-2-1+0+1+2)(-1) + 3*6 = 21;
        # Sxx = 9+4+1+0+1+4+9 = 28 -> 0.75 / day = 5.25 / week.
        ({6 - x: y for x, y in enumerate([4, 4, 4, 4, 4, 4, 11])}, 5.25),
        # the same plus a 10 from 28 days back, outside the window: unchanged.
        ({28: 10, **{6 - x: y for x, y in enumerate([4, 4, 4, 4, 4, 4, 11])}}, 5.25),
        # 6 logged days: too few -> None.
        ({k: float(k) for k in range(6)}, None),
    ],
)
def test_trend_per_week(values: dict[int, float], expected: float | None) -> None:
    got = trend_per_week(days_back(values), T, TREND_DAYS, MIN_TREND_DAYS)
    assert got == (None if expected is None else pytest.approx(expected, abs=1e-12))


# --------------------------------------------------------------------------- adherence


@pytest.mark.parametrize(
    ("back", "in_week", "streak"),
    [
        ([0, 1, 2], 3, 3),  # today, yesterday, the day before
        ([1, 2], 2, 2),  # today not done yet: the streak up to yesterday still counts
        ([2, 3], 2, 0),  # yesterday missed: the streak is broken
        ([], 0, 0),
        ([0, 1, 2, 3, 4, 5, 6, 7], 7, 8),  # the week holds 7 days at most; T-7 is last week
        ([0, 0, 2], 2, 1),  # two sessions on one day count as one day
    ],
)
def test_adherence(back: list[int], in_week: int, streak: int) -> None:
    days = [T - timedelta(days=k) for k in back]
    assert session_days_in_week(days, T) == in_week
    assert streak_days(days, T) == streak


# --------------------------------------------------------------------------- safety signals

SCORE = SafetySignal.SEVERE_SCORE
HIGH = SafetySignal.WEEK_MEAN_6_OR_MORE
RISE = SafetySignal.RISE_2_OVER_2_WEEKS


def at_back(k: int, hour: int = 8) -> datetime:
    """``hour`` o'clock Berlin time k days before T."""
    day = T - timedelta(days=k)
    return datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN)


# A single 8 beside 2 and 2 on one day, all daytime: the day's mean is 4 (mild).
BESIDE_LOWER = [entry(at_back(2, h), score, D) for h, score in ((9, 2), (12, 8), (18, 2))]


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([entry(at_back(6), 8)], (SCORE,)),  # 8 on the oldest day of the week: on
        ([entry(at_back(6), 7)], (SCORE,)),  # 7: the severe threshold, on
        ([entry(at_back(6), 6)], ()),  # 6: moderate, off
        ([entry(at_back(7), 10)], ()),  # 10 eight days ago: outside the window, off
        ([entry(at_back(0, 23), 9, AX)], (SCORE,)),  # any context counts
        # 9 and 6 the same morning: the daily mean 7.5 hides the 9, the entries show it.
        ([entry(at_back(1, 7), 9), entry(at_back(1, 9), 6)], (SCORE,)),
        # a single 8 beside 2 and 2 on one day: the mean is 4, the 8 still counts.
        (
            [entry(at_back(2, 7), 2), entry(at_back(2, 12), 8, D), entry(at_back(2, 18), 2)],
            (SCORE,),
        ),
    ],
)
def test_a_single_severe_score(
    entries: list[PainEntry], expected: tuple[SafetySignal, ...]
) -> None:
    days = PainDays.from_entries(entries)
    assert safety_signals(days, T, recent_entries=entries) == expected


def test_the_severe_signal_reads_each_score_not_the_daily_mean() -> None:
    day = T - timedelta(days=2)
    assert PainDays.from_entries(BESIDE_LOWER).by_context[D] == {day: 4.0}  # (2 + 8 + 2) / 3
    assert severe_days(BESIDE_LOWER, T) == [day]
    assert summarize_entries(BESIDE_LOWER, [], T).safety_signals == (SCORE,)


@pytest.mark.parametrize(
    ("rows_", "expected"),
    [
        # 6.0 on T-12..T: the 7-day means ending T-6..T each = 6.0 -> on at the threshold.
        (rows(M, {k: 6.0 for k in range(13)}), (HIGH,)),
        # 5.9 throughout: off.
        (rows(M, {k: 5.9 for k in range(13)}), ()),
        # 6.0 on T-8..T only: the mean ending T-6 covers T-12..T-6 = 3 logged days (T-8..T-6),
        # enough -> every mean of the week is 6.0 -> on.
        (rows(M, {k: 6.0 for k in range(9)}), (HIGH,)),
        # 6.0 on T-7..T: the mean ending T-6 has 2 logged days (T-7, T-6) -> none -> off.
        (rows(M, {k: 6.0 for k in range(8)}), ()),
        # 5 and 7 alternating (7 on even days back): each window holds 4 of one and 3 of the
        # other: (4*7 + 3*5)/7 = 43/7 = 6.14 or (4*5 + 3*7)/7 = 41/7 = 5.86 -> not every day, off.
        (rows(M, {k: 7.0 if k % 2 == 0 else 5.0 for k in range(14)}), ()),
        # morning 6.0 but daytime 2.0: overall (6+2)/2 = 4, the morning series alone is 6 -> on.
        (rows(M, {k: 6.0 for k in range(13)}) + rows(D, {k: 2.0 for k in range(13)}), (HIGH,)),
    ],
)
def test_week_mean_6_or_more(rows_: list[DailyMean], expected: tuple[SafetySignal, ...]) -> None:
    assert safety_signals(PainDays.from_rows(rows_), T, recent_entries=[]) == expected


@pytest.mark.parametrize(
    ("rows_", "expected"),
    [
        # morning 3.0 on T-20..T-14 (mean 3) and 5.0 on T-6..T (mean 5): 5 - 3 = 2 -> on.
        (rows(M, {**{k: 3.0 for k in range(14, 21)}, **{k: 5.0 for k in range(7)}}), (RISE,)),
        # 4.9 now: 1.9 -> off.
        (rows(M, {**{k: 3.0 for k in range(14, 21)}, **{k: 4.9 for k in range(7)}}), ()),
        # 2.1 -> 4.1: 4.1 - 2.1 = 1.9999999999999996 in floats, still 2 points -> on.
        (rows(DX, {**{k: 2.1 for k in range(14, 21)}, **{k: 4.1 for k in range(7)}}), (RISE,)),
        # two weeks ago only 2 logged days (no 7-day mean to compare) -> off.
        (rows(M, {14: 1.0, 15: 1.0, **{k: 5.0 for k in range(7)}}), ()),
        # morning steady at 3 for three weeks; during-exercise 7 logged only this week. The
        # overall mean goes 3 -> (3 + 7)/2 = 5, but no context rose: off (like with like).
        (rows(M, {k: 3.0 for k in range(21)}) + rows(DX, {k: 7.0 for k in range(7)}), ()),
    ],
)
def test_rise_2_over_2_weeks(rows_: list[DailyMean], expected: tuple[SafetySignal, ...]) -> None:
    assert safety_signals(PainDays.from_rows(rows_), T, recent_entries=[]) == expected


# --------------------------------------------------------------------------- summary


def four_weeks() -> tuple[list[PainEntry], list[date]]:
    """Morning pain 6, 5, 4, 3 in the four weeks 10 March .. 6 April 2025 (Berlin, DST on 30th).

    The 1 April entry is at 00:15 local (31 March 22:15Z): it belongs to 1 April. During
    exercise: 3 on 4, 5 and 6 April. Sessions on 20 March, 2, 3, 5 and 6 April.
    """
    start = date(2025, 3, 10)
    entries = []
    for k in range(28):
        day = start + timedelta(days=k)
        hour, minute = (0, 15) if day == date(2025, 4, 1) else (7, 30)
        when = datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)
        entries.append(entry(when, 6 - k // 7))
    for d in (4, 5, 6):
        entries.append(entry(datetime(2025, 4, d, 18, tzinfo=BERLIN), 3, DX))
    sessions = [date(2025, 3, 20)] + [date(2025, 4, d) for d in (2, 3, 5, 6)]
    return entries, sessions


def test_summary_of_four_weeks() -> None:
    entries, sessions = four_weeks()
    summary = summarize_entries(entries, sessions, T)
    data = summary.as_dict()
    # x = 0..27, y = 6 - x // 7. mean x 13.5, mean y 4.5; Sxx = 28 (28^2 - 1) / 12 = 1827;
    # per week g the sum of (x - 13.5) is 49 g - 73.5 -> -73.5, -24.5, 24.5, 73.5, times
    # (y - 4.5) = 1.5, 0.5, -0.5, -1.5 -> Sxy = -245; slope -245 / 1827 * 7 = -0.9387 / week.
    trend = round(-245 / 1827 * 7, 2)
    assert trend == -0.94
    expected_overall = {
        "today": "2025-04-06",
        "entries_logged": 31,  # 28 mornings + 3 during exercise
        "days_logged": 28,  # the 00:15 entry makes 1 April a logged day, not a second 31 March
        "first_day": "2025-03-10",
        "last_day": "2025-04-06",
        "baseline_mean": 6.0,  # 10..16 March, all 6
        "baseline_days": 7,
        "mean_last_7d": 3.0,  # 31 March .. 6 April: mornings 3; 4-6 April (3 + 3) / 2 = 3
        "days_logged_last_7d": 7,
        "mean_prev_7d": 4.0,  # 24 .. 30 March
        "days_logged_prev_7d": 7,
        "change_from_baseline_points": -3.0,  # 3 - 6
        "change_from_baseline_pct": -50.0,  # -3 / 6
        "meaningful_improvement": True,
        "meaningful_worsening": False,
        "trend_points_per_week_28d": trend,
        "sessions_last_7d": 4,  # 2, 3, 5, 6 April (20 March is older)
        "streak_days": 2,  # 5 and 6 April; 4 April missed
        "safety_signals": [],
        "safety_message": None,
    }
    assert {k: data[k] for k in expected_overall} == expected_overall
    by_context = data["by_context"]
    assert isinstance(by_context, dict)
    assert list(by_context) == ["morning", "day", "during-exercise", "after-exercise"]
    assert by_context["morning"]["change_from_baseline_pct"] == -50.0
    assert by_context["morning"]["trend_points_per_week_28d"] == trend
    assert by_context["during-exercise"] == {
        "days_logged": 3,
        "first_day": "2025-04-04",
        "last_day": "2025-04-06",
        "baseline_mean": None,  # 3 of 7 days
        "baseline_days": 3,
        "mean_last_7d": 3.0,  # 3 days: just enough
        "days_logged_last_7d": 3,
        "mean_prev_7d": None,
        "days_logged_prev_7d": 0,
        "change_from_baseline_points": None,
        "change_from_baseline_pct": None,
        "meaningful_improvement": False,
        "meaningful_worsening": False,
        "trend_points_per_week_28d": None,  # 3 days < 7
    }
    assert by_context["day"]["days_logged"] == 0
    assert by_context["day"]["first_day"] is None
    assert data["headline_context"] == "morning" and data["headline_label"] == "Morning pain"
    assert summary.change_sentences() == [
        "Morning pain: 6.0 \u2192 3.0 (\u221250%) since you started, a meaningful improvement.",
    ]
    assert summary.change_sentences(ascii_only=True)[0] == (
        "Morning pain: 6.0 -> 3.0 (-50%) since you started, a meaningful improvement."
    )


def test_summary_from_daily_means_matches_entries() -> None:
    entries, sessions = four_weeks()
    from_rows = summarize(daily_means_from_entries(entries), sessions, T, recent_entries=entries)
    assert from_rows.as_dict() == summarize_entries(entries, sessions, T).as_dict()


def test_summary_as_of_an_earlier_day_ignores_later_rows() -> None:
    # as of 23 March: 14 days logged (10..23 March); last 7 = 17..23 March (5), prev = 6;
    # change 5 - 6 = -1 point, -16.7%: not meaningful. Sessions: 20 March only -> streak 0.
    entries, sessions = four_weeks()
    data = summarize_entries(entries, sessions, date(2025, 3, 23)).as_dict()
    assert data["days_logged"] == 14
    assert data["last_day"] == "2025-03-23"
    assert data["mean_last_7d"] == 5.0
    assert data["mean_prev_7d"] == 6.0
    assert data["change_from_baseline_points"] == -1.0
    assert data["change_from_baseline_pct"] == -16.7  # -1 / 6 = -16.67%
    assert data["meaningful_improvement"] is False
    assert data["sessions_last_7d"] == 1
    assert data["streak_days"] == 0


def test_empty_summary() -> None:
    summary = summarize([], [], T, recent_entries=[])
    data = summary.as_dict()
    assert summary.is_empty
    assert data["days_logged"] == 0
    for key in (
        "first_day",
        "last_day",
        "baseline_mean",
        "mean_last_7d",
        "mean_prev_7d",
        "change_from_baseline_points",
        "change_from_baseline_pct",
        "trend_points_per_week_28d",
    ):
        assert data[key] is None, key
    assert data["safety_signals"] == []
    assert summary.lines()[0].startswith("No pain logged yet.")
    assert summary.change_sentences() == []
    assert summary.insight_sections() == []


def test_insight_sections_say_only_what_has_something_to_say() -> None:
    from dataclasses import replace

    from footcoach.function_goals import GoalProgress
    from footcoach.what_helps import what_helps

    goal = GoalProgress("g", "Walk to the station", True, 3, T, 6, T, 2)
    silent = what_helps([], [], {}, T)  # every comparison still waits for days
    summary = replace(
        summarize([], [], T, recent_entries=[]), function_goals=(goal,), what_helps=silent
    )
    (goals,) = summary.insight_sections()  # no self-test, no trial, nothing that speaks
    assert goals.title == "Function goals"
    assert goals.lines == ("Walk to the station: 3 → 6 (+3, a meaningful change).",)
    (ascii_goals,) = summary.insight_sections(ascii_only=True)
    assert ascii_goals.lines == ("Walk to the station: 3 -> 6 (+3, a meaningful change).",)


def test_one_day_summary() -> None:
    summary = summarize(rows(M, {0: 4.0}), [T], T, recent_entries=[])
    data = summary.as_dict()
    assert (data["days_logged"], data["first_day"], data["last_day"]) == (
        1,
        "2025-04-06",
        "2025-04-06",
    )
    assert data["baseline_mean"] is None
    assert data["baseline_days"] == 1
    assert data["mean_last_7d"] is None  # 1 day < 3
    assert (data["sessions_last_7d"], data["streak_days"]) == (1, 1)
    assert summary.lines()[0] == "Morning pain logged on 1 day, 2025-04-06 to 2025-04-06."


def test_summary_keys_required_by_the_issue() -> None:
    required = {
        "days_logged",
        "first_day",
        "last_day",
        "baseline_mean",
        "mean_last_7d",
        "mean_prev_7d",
        "change_from_baseline_points",
        "change_from_baseline_pct",
        "trend_points_per_week_28d",
        "sessions_last_7d",
        "streak_days",
        "safety_signals",
        "by_context",
    }
    assert required <= set(summarize([], [], T, recent_entries=[]).as_dict())


def test_the_direction_line_follows_the_headline_context() -> None:
    # Mornings fall from 6 to 3 (improving); daytime rises from 2 to 5 (a meaningful rise).
    mornings = {k: 6.0 if k >= 7 else 3.0 for k in range(14)}
    days = {k: 2.0 if k >= 7 else 5.0 for k in range(14)}
    summary = summarize(rows(M, mornings) + rows(D, days), [], T, recent_entries=[])
    assert summary.direction_sentence() == "Morning pain: Improving."
    assert summary.lines()[0] == "Morning pain: Improving."
    assert summary.as_dict()["direction"] == "improving"
    daytime_only = summarize(rows(D, days), [], T, recent_entries=[])
    assert daytime_only.lines()[0] == "Daytime pain: Getting worse."
    assert daytime_only.as_dict()["direction"] == "getting-worse"


def test_no_direction_before_a_starting_point() -> None:
    summary = summarize(rows(M, {k: 6.0 for k in range(6)}), [], T, recent_entries=[])
    assert summary.direction is None and summary.as_dict()["direction"] is None
    assert not any(
        line.endswith(("Improving.", "Steady.", "Getting worse.")) for line in summary.lines()
    )


def test_safety_message_is_calm_guidance() -> None:
    high = rows(M, {k: 6.0 for k in range(13)})
    nine = entry(at_back(0, 18), 9, AX)
    summary = summarize(high + [DailyMean(T, AX, 9.0, 1)], [], T, recent_entries=[nine])
    assert summary.safety_signals == (SCORE, HIGH)
    assert summary.as_dict()["safety_signals"] == ["score-7-or-more", "week-mean-6-or-more"]
    message = summary.safety_message()
    assert message is not None
    assert "score of 7 or more" in message and "stayed at 6 or more" in message
    assert "Ease off" in message and "healthcare professional" in message
    assert summary.lines()[-1] == message


# --------------------------------------------------------------------------- ranges


@pytest.mark.parametrize(
    ("choice", "today", "first_day", "start"),
    [
        (ChartRange.FOUR_WEEKS, T, None, date(2025, 3, 10)),  # 28 days: T - 27
        (ChartRange.THREE_MONTHS, T, None, date(2025, 1, 7)),  # 6 Jan + 1 day
        (ChartRange.THREE_MONTHS, date(2025, 5, 31), None, date(2025, 3, 1)),  # 28 Feb + 1
        (ChartRange.ONE_YEAR, T, None, date(2024, 4, 7)),  # 6 April 2024 + 1 day
        (ChartRange.ONE_YEAR, date(2024, 2, 29), None, date(2023, 3, 1)),  # 28 Feb 2023 + 1
        (ChartRange.ALL, T, date(2023, 5, 17), date(2023, 5, 17)),
        (ChartRange.ALL, T, None, T),  # empty history: just today
    ],
)
def test_range_window(choice: ChartRange, today: date, first_day: date | None, start: date) -> None:
    window = range_window(choice, today, first_day)
    assert (window.start, window.end) == (start, today)
    assert window.data_since == start - timedelta(days=6)


# --------------------------------------------------------------------------- chart arrays


def test_chart_data_over_the_spring_dst_week() -> None:
    # Window Monday 24 March .. Sunday 6 April 2025 (Berlin; 30 March has 23 hours).
    values = {18: 5.0, 20: 5.0, 24: 4.0, 25: 4.0, 26: 4.0, 30: 6.0}
    data_rows = [DailyMean(date(2025, 3, d), M, v, 1) for d, v in values.items()]
    data_rows.append(DailyMean(date(2025, 4, 6), M, 2.0, 1))
    sessions = [date(2025, 3, 23), date(2025, 3, 25), date(2025, 3, 30), date(2025, 4, 6)]
    window = DateWindow(date(2025, 3, 24), T)
    chart = chart_data(
        data_rows, sessions, window, baseline_mean=5.5, tz=BERLIN, today=date(2025, 4, 2)
    )

    # Points: logged days in the window only (18 and 20 March are before it), no zeros.
    shown = [date(2025, 3, 24), date(2025, 3, 25), date(2025, 3, 26), date(2025, 3, 30), T]
    assert chart.points.days == tuple(shown)
    assert chart.points.y.tolist() == [4.0, 4.0, 4.0, 6.0, 2.0]
    assert chart.points.x.tolist() == [noon_x(d, BERLIN) for d in shown]
    assert chart.points_by_context[M].y.tolist() == [4.0, 4.0, 4.0, 6.0, 2.0]
    assert chart.points_by_context[D].days == ()
    # The same means on every window day, NaN on gaps (24-26 March, 30 March, 6 April logged).
    np.testing.assert_array_equal(chart.daily[None], [4, 4, 4, NAN, NAN, NAN, 6] + [NAN] * 6 + [2])
    assert np.isnan(chart.daily[D]).all()

    # Rolling mean on every day of the window, data from 18 March:
    # 24: {18,20,24} = (5+5+4)/3 = 14/3; 25: {20,24,25} = 13/3; 26: {20,24,25,26} = 17/4;
    # 27, 28, 29: {24,25,26} = 4; 30: {24,25,26,30} = 18/4 = 4.5; 31: {25,26,30} = 14/3;
    # 1 April: {26,30} -> NaN; 2..5 April: {30} or fewer -> NaN; 6 April: {6 Apr} -> NaN.
    expected = [14 / 3, 13 / 3, 17 / 4, 4, 4, 4, 4.5, 14 / 3] + [NAN] * 6
    np.testing.assert_allclose(chart.rolling.y, expected, equal_nan=True)
    assert len(chart.rolling.x) == 14
    # noon 29 -> noon 30 March is 23 h, noon 30 -> 31 March 24 h.
    assert chart.rolling.x[6] - chart.rolling.x[5] == 82_800
    assert chart.rolling.x[7] - chart.rolling.x[6] == 86_400

    # Session marks inside the window (23 March is before it).
    assert chart.session_days == (date(2025, 3, 25), date(2025, 3, 30), T)

    # Weeks from Monday 24 and 31 March: x0 = local midnight = 23 March 23:00Z (CET) and
    # 30 March 22:00Z (CEST): 7 days less the lost hour = 601_200 s; sessions 2 and 1;
    # possible days up to 2 April: 7 and 3 (31 March, 1, 2 April).
    assert chart.weeks.week_starts == (date(2025, 3, 24), date(2025, 3, 31))
    assert chart.weeks.x0.tolist() == [MAR29 - 5 * 86_400 - 3600, MAR29 + 86_400 + 22 * 3600]
    assert (chart.weeks.x1 - chart.weeks.x0)[0] == 601_200
    assert chart.weeks.sessions.tolist() == [2.0, 1.0]
    assert chart.weeks.possible.tolist() == [7.0, 3.0]

    # x range: local midnight 24 March (23 March 23:00Z) to local midnight 7 April (6 April
    # 22:00Z = MAR29 + 8 days + 22 h).
    assert chart.x_range == (MAR29 - 5 * 86_400 - 3600, MAR29 + 8 * 86_400 + 22 * 3600)
    assert chart.baseline_mean == 5.5

    # Hover.
    assert chart.day_at(noon_x(date(2025, 3, 30), BERLIN)) == date(2025, 3, 30)
    assert chart.day_at(chart.x_range[1]) is None
    assert chart.day_at(chart.x_range[1] - 1) == T
    details = chart.details(date(2025, 3, 30))
    assert details is not None
    assert (details.overall, details.by_context, details.rolling_mean, details.session_done) == (
        6.0,
        {M: 6.0},
        4.5,
        True,
    )
    assert details.lines() == [
        "Sun 30 Mar 2025",
        "First steps in the morning 6.0",
        "7-day average 4.5",
        "Session done",
    ]
    assert details.text() == " \u00b7 ".join(details.lines())
    gap = chart.details(date(2025, 4, 3))
    assert gap is not None and gap.overall is None and gap.rolling_mean is None
    assert gap.text() == "Thu 3 Apr 2025 \u00b7 No pain logged \u00b7 No session"
    assert chart.details(date(2025, 3, 23)) is None


def test_chart_data_agrees_with_the_per_day_figures() -> None:
    # chart_data builds its arrays in one pass; PainDays and rolling_means are the plain
    # per-day definitions. Several contexts a day, uneven entry counts, gaps, rows before
    # the look-back and after the window.
    rng = np.random.default_rng(7)
    first, window = date(2024, 12, 1), DateWindow(date(2025, 1, 10), date(2025, 3, 31))
    data_rows = []
    for offset in range(130):
        day = first + timedelta(days=offset)
        for context in PainContext:
            if rng.random() < 0.45:
                count = int(rng.integers(1, 4))
                data_rows.append(DailyMean(day, context, float(rng.integers(0, 21)) / 2, count))
    chart = chart_data(data_rows, [], window, tz=BERLIN)
    days = PainDays.from_rows(data_rows, until=window.end)
    window_days = [window.start + timedelta(days=i) for i in range(window.days)]
    for context in [None, *PainContext]:
        series = days.series(context)
        expected = [series.get(day, NAN) for day in window_days]
        np.testing.assert_allclose(chart.daily[context], expected, equal_nan=True, rtol=1e-12)
        rolling = rolling_means(series, window.start, window.end)
        got = chart.rolling if context is None else chart.rolling_by_context[context]
        np.testing.assert_allclose(got.y, rolling, equal_nan=True, rtol=1e-12)
    assert chart.points.days == tuple(d for d in window_days if d in days.overall)


def test_chart_data_empty() -> None:
    chart = chart_data([], [], range_window(ChartRange.FOUR_WEEKS, T), tz=BERLIN)
    assert chart.is_empty
    assert chart.points.x.size == 0
    assert np.isnan(chart.rolling.y).all() and chart.rolling.y.size == 28
    assert chart.weeks.sessions.tolist() == [0.0] * 4  # Mondays 10, 17, 24, 31 March


def test_pain_stats_ignore_rows_after_today() -> None:
    stats = PainStats.of(days_back({0: 2.0, -1: 9.0}), T)  # -1: tomorrow
    assert (stats.days_logged, stats.last_day) == (1, T)


def test_week_bars_count_whole_weeks_at_the_window_edge() -> None:
    # 4 weeks to Sunday 6 April start on Monday 10 March; to Wednesday 2 April, on Thursday
    # 6 March, whose week began Monday 3 March: sessions on 3 and 4 March (before the window)
    # and 7 March count for that week's bar (3 of 7 days) but are not marked in the window.
    window = range_window(ChartRange.FOUR_WEEKS, date(2025, 4, 2))
    assert (window.start, window.sessions_since) == (date(2025, 3, 6), date(2025, 3, 3))
    sessions = [date(2025, 3, 3), date(2025, 3, 4), date(2025, 3, 7), date(2025, 4, 1)]
    chart = chart_data([], sessions, window, tz=BERLIN)
    assert chart.session_days == (date(2025, 3, 7), date(2025, 4, 1))
    assert chart.weeks.week_starts[0] == date(2025, 3, 3)
    # Mondays 3, 10, 17, 24, 31 March; the last week has begun 3 days by 2 April.
    assert chart.weeks.sessions.tolist() == [3.0, 0.0, 0.0, 0.0, 1.0]
    assert chart.weeks.possible.tolist() == [7.0, 7.0, 7.0, 7.0, 3.0]
