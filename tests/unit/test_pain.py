"""The pain rules of ``footcoach.pain``, without Qt: bands, severe advice, change, contexts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from footcoach.pain import (
    EASE_OFF_ADVICE,
    SEVERE,
    Band,
    Direction,
    PainContext,
    SafetySignal,
    change_between,
    direction_of,
    headline_context,
    is_rising,
    morning_trend,
    pain_band,
    safety_message,
    severe_advice,
    suggested_context,
)

BERLIN_SUMMER = timezone(timedelta(hours=2))


# --------------------------------------------------------------------------- bands (Serlin 1995)


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, Band.NONE),
        (1, Band.MILD),
        (4, Band.MILD),  # Serlin: 1-4 mild (not 1-3)
        (5, Band.MODERATE),
        (6, Band.MODERATE),
        (7, Band.SEVERE),
        (10, Band.SEVERE),
    ],
)
def test_bands_follow_serlin(score: int, band: Band) -> None:
    assert pain_band(score) is band
    assert f"{pain_band(score)}" == band.value  # words for people


def test_one_severe_threshold_and_one_advice() -> None:
    assert SEVERE == 7
    assert severe_advice(6) is None
    for score in range(SEVERE, 11):
        advice = severe_advice(score)
        assert advice == f"{score}/10 is severe pain. {EASE_OFF_ADVICE}"
    assert "Ease off" in EASE_OFF_ADVICE and "healthcare professional" in EASE_OFF_ADVICE


def test_the_safety_message_ends_with_the_same_advice() -> None:
    assert safety_message([]) is None
    message = safety_message([SafetySignal.SEVERE_SCORE, SafetySignal.RISE_2_OVER_2_WEEKS])
    assert message is not None and message.endswith(EASE_OFF_ADVICE)
    assert "a score of 7 or more" in message and " and your 7-day average" in message


# --------------------------------------------------------------------------- change (Farrar 2001)


@pytest.mark.parametrize(
    ("before", "after", "improved", "worsened"),
    [
        (6.0, 4.0, True, False),  # -2 points (and -33%)
        (5.0, 3.5, True, False),  # -1.5 points but -30%
        (5.0, 3.6, False, False),  # -1.4, -28%: neither
        (2.0, 1.4, True, False),  # a start of exactly 2: -30% counts
        (1.9, 0.0, False, False),  # a start under 2: nothing is a meaningful improvement
        (1.0, 1.4, False, False),  # +40% of a tiny start is no meaningful rise
        (5.0, 6.5, False, False),  # +30% but +1.5 points: worsening is 2 points
        (1.0, 3.0, False, True),  # +2 points from any start is a meaningful rise
        (6.0, 8.0, False, True),
        (0.0, 1.0, False, False),
    ],
)
def test_meaningful_change(before: float, after: float, improved: bool, worsened: bool) -> None:
    change = change_between(before, after)
    assert change is not None
    assert (change.improved, change.worsened) == (improved, worsened)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (6.0, 4.0, Direction.IMPROVING),  # -2 points
        (3.0, 2.1, Direction.IMPROVING),  # -30%
        (6.0, 4.5, Direction.STEADY),  # -1.5 points, -25%: not meaningful
        (1.5, 0.0, Direction.STEADY),  # too little room to fall for an improvement
        (4.0, 5.9, Direction.STEADY),
        (4.0, 6.0, Direction.GETTING_WORSE),  # +2 points, the worsening rule
        (1.0, 3.0, Direction.GETTING_WORSE),  # from any start
        (None, 3.0, None),  # no starting point yet
        (6.0, None, None),  # no 7-day mean
    ],
)
def test_direction_reads_the_change_since_the_start(
    before: float | None, after: float | None, expected: Direction | None
) -> None:
    assert direction_of(change_between(before, after)) is expected


def test_direction_labels_are_plain_words() -> None:
    assert [d.label for d in Direction] == ["Improving", "Steady", "Getting worse"]


# --------------------------------------------------------------------------- contexts


def test_one_label_table() -> None:
    assert PainContext.MORNING.label == "First steps in the morning"
    assert PainContext.MORNING.series_label == "Morning pain"
    assert PainContext.DAY.short_label == "Daytime"
    assert {len({c.label, c.series_label, c.short_label}) >= 2 for c in PainContext} == {True}


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        (time(5, 0), PainContext.MORNING),
        (time(10, 59), PainContext.MORNING),
        (time(11, 0), PainContext.DAY),
        (time(23, 30), PainContext.DAY),
    ],
)
def test_the_morning_ends_at_11(clock: time, expected: PainContext) -> None:
    now = datetime.combine(date(2025, 6, 3), clock, tzinfo=BERLIN_SUMMER)
    assert suggested_context(now) is expected


def test_the_clock_is_the_local_one() -> None:
    # 08:59 UTC is 10:59 in Berlin (morning), 09:00 UTC is 11:00 there (day).
    for utc_minute, expected in ((59, PainContext.MORNING), (0, PainContext.DAY)):
        hour = 8 if utc_minute == 59 else 9
        utc = datetime(2025, 6, 3, hour, utc_minute, tzinfo=UTC)
        assert suggested_context(utc.astimezone(BERLIN_SUMMER)) is expected


def test_right_after_a_session_it_is_after_exercise() -> None:
    ended = datetime(2025, 6, 3, 8, 0, tzinfo=BERLIN_SUMMER)
    assert suggested_context(ended + timedelta(minutes=5), [ended]) is PainContext.AFTER_EXERCISE
    later = ended + timedelta(hours=3, minutes=1)
    assert suggested_context(later, [ended]) is PainContext.DAY
    before = ended - timedelta(minutes=30)  # a session that ends later does not count
    assert suggested_context(before, [ended]) is PainContext.MORNING


def test_the_headline_is_morning_when_logged_else_daytime() -> None:
    assert headline_context({PainContext.MORNING, PainContext.DAY}) is PainContext.MORNING
    assert headline_context({PainContext.DAY, PainContext.DURING_EXERCISE}) is PainContext.DAY
    assert headline_context(set()) is PainContext.DAY


# --------------------------------------------------------------------------- rising mornings


def mornings(values: list[float], end: date) -> dict[date, float]:
    return {end - timedelta(days=len(values) - 1 - i): v for i, v in enumerate(values)}


def test_creeping_mornings_are_rising() -> None:
    # 2,2,4,4,6,6,6 on x = 0..6: mean y 30/7; Sxy = -6-4-4+0+6+12+18 = 22; Sxx = 28;
    # 22/28 = 0.786 a day = 5.5 a week.
    end = date(2025, 6, 10)
    trend = morning_trend(mornings([2, 2, 4, 4, 6, 6, 6], end), end)
    assert trend == pytest.approx(5.5)
    assert is_rising(trend)


def test_flat_or_noisy_mornings_are_not_rising() -> None:
    end = date(2025, 6, 10)
    assert not is_rising(morning_trend(mornings([6] * 7, end), end))
    assert not is_rising(morning_trend(mornings([3, 4, 3, 4, 3, 4, 3, 4], end), end))
    assert morning_trend(mornings([2, 5, 8], end), end) is None  # 3 mornings: too few
    assert not is_rising(None)
