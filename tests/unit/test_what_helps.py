"""What helps: next-morning pain after days with and without each factor, hand-computed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from footcoach.factors import DailyFactors, Footwear
from footcoach.pain import SEVERE
from footcoach.records import Moment
from footcoach.what_helps import (
    INTRO,
    LOAD_CAUTION,
    MIN_DAYS_EACH_SIDE,
    Comparison,
    Part,
    pattern_sentence,
    what_helps,
)

D0 = date(2025, 3, 1)


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def factors(first: int, count: int, **answers: object) -> list[DailyFactors]:
    """``count`` days of the same answers from ``day(first)``, recorded at 20:00 UTC."""
    out = []
    for n in range(first, first + count):
        at = Moment.from_datetime(
            datetime.combine(day(n), datetime.min.time(), UTC).replace(hour=20)
        )
        out.append(DailyFactors(f"f{n}", at, **answers))  # type: ignore[arg-type]
    return out


def mornings(first: int, scores: list[float]) -> dict[date, float]:
    """Morning means on ``day(first)``, ``day(first + 1)``, ... (the mornings after)."""
    return {day(first + i): score for i, score in enumerate(scores)}


TODAY = day(60)


def by_key(found: tuple[Comparison, ...]) -> dict[str, Comparison]:
    return {c.key: c for c in found}


# Each case: factor records, morning means, the comparison's key, and what it must say:
# (with mean, with days, without mean, without days, difference or None while silent).
CASES = [
    pytest.param(
        factors(0, 10, footwear=Footwear.SUPPORTIVE) + factors(10, 10, footwear=Footwear.FLAT),
        mornings(1, [3] * 10 + [5] * 10),
        "supportive-shoes",
        (3.0, 10, 5.0, 10, -2.0),
        id="supportive 10 vs 10: 2 points lower",
    ),
    pytest.param(
        factors(0, 10, footwear=Footwear.SUPPORTIVE) + factors(10, 10, footwear=Footwear.FLAT),
        mornings(1, [3] * 10 + [5] * 10),
        "flat-or-thin-shoes",
        (5.0, 10, 3.0, 10, 2.0),
        id="flat 10 vs 10: 2 points higher",
    ),
    pytest.param(
        factors(0, 9, footwear=Footwear.SUPPORTIVE) + factors(9, 10, footwear=Footwear.HEELS),
        mornings(1, [3] * 9 + [5] * 10),
        "supportive-shoes",
        (3.0, 9, 5.0, 10, None),
        id="too few days: 9 vs 10 stays silent",
    ),
    pytest.param(
        factors(0, 12, pad=True) + factors(12, 10, pad=False),
        mornings(1, [2, 3] * 6 + [4] * 10),
        "pad-or-insole",
        (2.5, 12, 4.0, 10, -1.5),
        id="pad 12 vs 10: (2+3)/2 = 2.5 against 4.0",
    ),
    pytest.param(
        factors(0, 10, hours_on_feet=8) + factors(10, 11, hours_on_feet=7),
        mornings(1, [6] * 10 + [4, 5] * 5 + [5]),
        "long-day-on-feet",
        # 8 hours counts as long, 7 does not; without: (5 x 4 + 6 x 5) / 11 = 50 / 11
        (6.0, 10, 50 / 11, 11, 6.0 - 50 / 11),
        id="8 hours is a long day, 7 is not",
    ),
    pytest.param(
        factors(0, 10, high_impact=True) + factors(10, 10, high_impact=False),
        mornings(1, [4.5] * 10 + [4.5] * 10),
        "high-impact",
        (4.5, 10, 4.5, 10, 0.0),
        id="high impact, the same both sides",
    ),
    pytest.param(
        factors(0, 10, footwear=Footwear.BAREFOOT) + factors(10, 10, pad=True),
        mornings(1, [3] * 20),
        "barefoot",
        # Days that said nothing about shoes are on neither side.
        (3.0, 10, None, 0, None),
        id="a day that did not say is on neither side",
    ),
    pytest.param(
        factors(0, 10, footwear=Footwear.HEELS) + factors(10, 12, footwear=Footwear.FLAT),
        # Mornings after days 3 and 15 were not logged: those days do not count.
        {d: v for d, v in mornings(1, [6] * 10 + [4] * 12).items() if d not in (day(4), day(16))},
        "heels",
        (6.0, 9, 4.0, 11, None),
        id="a day without a morning after does not count",
    ),
]


@pytest.mark.parametrize(("records", "morning_means", "key", "expected"), CASES)
def test_comparisons_by_hand(
    records: list[DailyFactors],
    morning_means: dict[date, float],
    key: str,
    expected: tuple[float | None, int, float | None, int, float | None],
) -> None:
    found = by_key(what_helps(records, [], morning_means, TODAY).comparisons)[key]
    with_mean, with_days, without_mean, without_days, difference = expected
    assert (found.with_days, found.without_days) == (with_days, without_days)
    assert found.with_mean == pytest.approx(with_mean)
    assert found.without_mean == pytest.approx(without_mean)
    if difference is None:
        assert found.difference is None and found.sentence() is None
        assert found.as_dict()["with_mean"] is None and found.as_dict()["sentence"] is None
    else:
        assert found.difference == pytest.approx(difference)
        assert found.as_dict()["difference_points"] == round(difference, 2)


def test_the_sentence_is_the_careful_one() -> None:
    records = factors(0, 24, footwear=Footwear.SUPPORTIVE) + factors(24, 19, footwear=Footwear.FLAT)
    # With: 24 mornings of 3.0; without: 19 mornings of 4.2 -> 1.2 points lower.
    means = mornings(1, [3.0] * 24 + [4.2] * 19)
    found = by_key(what_helps(records, [], means, TODAY).comparisons)["supportive-shoes"]
    assert found.sentence() == (
        "On days after you wore supportive shoes, your morning pain was 1.2 points lower on "
        "average (24 vs 19 days); this is a pattern, not proof."
    )


@pytest.mark.parametrize(
    ("difference", "words"),
    [
        (-1.0, "was 1.0 point lower on average (10 vs 12 days)"),
        (0.26, "was 0.3 points higher on average (10 vs 12 days)"),
        (0.04, "was about the same on average (10 vs 12 days)"),
    ],
)
def test_pattern_sentence_words(difference: float, words: str) -> None:
    sentence = pattern_sentence("On days after you went barefoot", difference, 10, 12)
    assert words in sentence and sentence.endswith("; this is a pattern, not proof.")


def test_pattern_sentence_against_something() -> None:
    lead = "On mornings after a day with a pad"
    against = "after a day without"
    assert pattern_sentence(lead, 0.01, 9, 10, against=against) == (
        "On mornings after a day with a pad, your morning pain was about the same on average as "
        "after a day without (9 vs 10 days); this is a pattern, not proof."
    )
    assert "0.5 points higher on average than after a day without (9 vs 10 days)" in (
        pattern_sentence(lead, 0.5, 9, 10, against=against)
    )


def test_silent_until_10_days_on_each_side() -> None:
    assert MIN_DAYS_EACH_SIDE == 10
    for with_days, speaks in ((9, False), (10, True)):
        records = factors(0, with_days, pad=True) + factors(with_days, 10, pad=False)
        means = mornings(1, [3] * with_days + [4] * 10)
        found = by_key(what_helps(records, [], means, TODAY).comparisons)["pad-or-insole"]
        assert found.enough_days is speaks
        assert (found.sentence() is not None) is speaks


def test_sessions_against_days_without_by_hand() -> None:
    # Mornings on days 1..20; sessions on days 0..9 (next mornings 2), none on 10..19 (4).
    means = mornings(1, [2] * 10 + [4] * 10)
    sessions = [day(n) for n in range(10)]
    found = by_key(what_helps([], sessions, means, TODAY).comparisons)["completed-session"]
    assert (found.with_days, found.without_days) == (10, 10)
    assert found.difference == pytest.approx(-2.0)
    assert found.sentence() == (
        "On days after you completed an exercise session, your morning pain was 2.0 points "
        "lower on average (10 vs 10 days); this is a pattern, not proof."
    )
    # One session day fewer: 9 vs 11, silent.
    fewer = by_key(what_helps([], sessions[1:], means, TODAY).comparisons)["completed-session"]
    assert (fewer.with_days, fewer.without_days) == (9, 11)
    assert fewer.sentence() is None


def test_today_and_later_mornings_do_not_count() -> None:
    today = day(20)
    records = factors(0, 21, pad=True)  # day 20 is today: its morning after is tomorrow
    means = mornings(1, [3] * 21)  # a morning on day 21 is after today
    found = by_key(what_helps(records, [], means, today).comparisons)["pad-or-insole"]
    # Days 0..19, whose mornings 1..20 are up to today; not today (20) nor its morning after.
    assert found.with_days == 20


def test_lower_pain_after_load_is_never_read_as_a_reason_to_do_more() -> None:
    records = factors(0, 10, high_impact=True) + factors(10, 10, high_impact=False)
    means = mornings(1, [3] * 10 + [5] * 10)
    helps = what_helps(records, [], means, TODAY)
    found = by_key(helps.comparisons)["high-impact"]
    assert found.caution == LOAD_CAUTION and f"{SEVERE}/10" in LOAD_CAUTION
    assert helps.lines()[helps.lines().index(found.sentence() or "") + 1] == LOAD_CAUTION
    parts = helps.parts()
    assert parts[0] == (Part.INTRO, INTRO)
    assert (Part.PATTERN, found.sentence()) in parts and (Part.CAUTION, LOAD_CAUTION) in parts
    assert parts[-1][0] is Part.WAITING
    # Higher pain after it: no caution needed; and a non-load factor never gets one.
    worse = what_helps(records, [], mornings(1, [5] * 10 + [3] * 10), TODAY)
    assert by_key(worse.comparisons)["high-impact"].caution is None
    pad = what_helps(factors(0, 10, pad=True) + factors(10, 10, pad=False), [], means, TODAY)
    assert by_key(pad.comparisons)["pad-or-insole"].caution is None


def test_the_waiting_line_counts_the_silent_comparisons() -> None:
    helps = what_helps([], [], {}, TODAY)
    assert helps.speaking() == []
    assert [part for part, _ in helps.parts()] == [Part.WAITING]  # no introduction to nothing
    assert helps.lines() == [
        "8 more comparisons will show once each has at least 10 days with and without."
    ]
    keys = [c["factor"] for c in helps.as_dict()["comparisons"]]  # type: ignore[union-attr]
    assert keys == [
        "supportive-shoes",
        "flat-or-thin-shoes",
        "heels",
        "barefoot",
        "pad-or-insole",
        "long-day-on-feet",
        "high-impact",
        "completed-session",
    ]
