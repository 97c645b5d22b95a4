"""Function goals (PSFS): meaningful change, progress, the weekly prompt, names; no Qt."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from footcoach import function_goals as fg
from footcoach.function_goals import FunctionGoal, GoalRating
from footcoach.history import History
from footcoach.limits import LimitError
from footcoach.records import Moment

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: date, hour: int = 19, zone: timezone | ZoneInfo = UTC) -> Moment:
    return Moment.from_datetime(datetime(day.year, day.month, day.day, hour, tzinfo=zone))


def goal(goal_id: str, name: str, day: date, retired: date | None = None) -> FunctionGoal:
    return FunctionGoal(goal_id, name, at(day, 9), None if retired is None else at(retired, 9))


def rating(rating_id: str, goal_id: str, day: date, score: int) -> GoalRating:
    return GoalRating(rating_id, goal_id, at(day), score)


@pytest.mark.parametrize(
    ("change", "meaningful"),
    [
        (2, True),  # exactly 2: meaningful
        (2.0, True),
        (1.9, False),  # just under: not
        (1, False),
        (0, False),
        (-1.9, False),
        (-2, True),  # worse by 2 is meaningful too
        (5, True),
        (0.1 + 0.7 + 1.2, True),  # 1.9999999999999998 from float sums still counts as 2
    ],
)
def test_a_change_of_2_points_or_more_is_meaningful(change: float, meaningful: bool) -> None:
    assert fg.is_meaningful(change) is meaningful


D0 = date(2026, 3, 1)


def test_progress_reads_the_first_and_latest_rating_of_each_goal() -> None:
    goals = [
        goal("walk", "Walk to the station", D0),
        goal("stand", "Stand through a meeting", D0 + timedelta(days=1)),
        goal("old", "Dance", D0 - timedelta(days=30), retired=D0),
        goal("new", "Climb the stairs", D0 + timedelta(days=20)),
    ]
    ratings = [
        rating("r1", "walk", D0, 3),
        rating("r2", "walk", D0 + timedelta(days=7), 4),
        rating("r3", "walk", D0 + timedelta(days=14), 5),  # 3 -> 5: +2, meaningful
        rating("r4", "stand", D0, 4),
        rating("r5", "stand", D0 + timedelta(days=14), 5),  # 4 -> 5: +1, not
        rating("r6", "old", D0 - timedelta(days=30), 6),
        rating("r7", "old", D0 - timedelta(days=23), 3),  # 6 -> 3: -3, meaningful (worse)
        rating("r8", "walk", D0 + timedelta(days=21), 9),  # after "today": left out
    ]
    progress = fg.goal_progress(goals, ratings, today=D0 + timedelta(days=14))
    rows = {p.goal_id: p for p in progress}
    # Active goals first, each group by when it was named; the retired one last.
    assert [p.goal_id for p in progress] == ["walk", "stand", "new", "old"]
    walk = rows["walk"]
    assert (walk.first_score, walk.latest_score, walk.change, walk.meaningful) == (3, 5, 2, True)
    assert (walk.first_day, walk.latest_day, walk.ratings) == (D0, D0 + timedelta(days=14), 3)
    assert (rows["stand"].change, rows["stand"].meaningful) == (1, False)
    assert (rows["old"].change, rows["old"].meaningful, rows["old"].active) == (-3, True, False)
    assert (rows["new"].change, rows["new"].meaningful, rows["new"].ratings) == (None, False, 0)
    assert walk.sentence() == "Walk to the station: 3 → 5 (+2, a meaningful change)."
    assert rows["stand"].sentence().endswith("(+1, within the usual ups and downs).")
    assert rows["new"].sentence() == "Climb the stairs: not rated yet."
    # What History and ``summary`` show: the sentence, a retired goal marked so.
    assert walk.line() == walk.sentence()
    assert rows["old"].line() == "Dance: 6 → 3 (-3, a meaningful change). (retired)"
    assert walk.as_dict() == {
        "id": "walk",
        "name": "Walk to the station",
        "active": True,
        "first_score": 3,
        "first_day": "2026-03-01",
        "latest_score": 5,
        "latest_day": "2026-03-15",
        "ratings": 3,
        "change": 2,
        "meaningful": True,
    }


def test_one_rating_is_a_start_not_a_change() -> None:
    (only,) = fg.goal_progress([goal("g", "Walk", D0)], [rating("r", "g", D0, 4)])
    assert (only.change, only.meaningful) == (0, False)
    assert only.sentence() == "Walk: 4/10 so far."


MONDAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("active", "last_rated", "last_skipped", "today", "due"),
    [
        (0, None, None, MONDAY, False),  # no goal: nothing to rate
        (1, None, None, MONDAY, True),  # goals but never rated: at once
        (3, MONDAY, None, MONDAY, False),  # rated today
        (3, MONDAY, None, MONDAY + timedelta(days=6), False),  # 6 days: not yet
        (3, MONDAY, None, MONDAY + timedelta(days=7), True),  # a week: due
        (3, MONDAY, None, MONDAY + timedelta(days=30), True),  # long overdue
        (3, MONDAY, MONDAY + timedelta(days=7), MONDAY + timedelta(days=8), False),  # skipped
        (3, MONDAY, MONDAY + timedelta(days=7), MONDAY + timedelta(days=13), False),
        (3, MONDAY, MONDAY + timedelta(days=7), MONDAY + timedelta(days=14), True),  # next week
        (2, None, MONDAY, MONDAY + timedelta(days=3), False),  # skipped before the first
    ],
)
def test_ratings_are_due_weekly_and_a_skip_waits_a_week(
    active: int, last_rated: date | None, last_skipped: date | None, today: date, due: bool
) -> None:
    assert fg.rating_due(active, last_rated, last_skipped, today) is due


def test_a_week_across_the_spring_dst_change_is_seven_local_days() -> None:
    # Berlin moves its clocks on 29 March 2026: the week from the 22nd has 167 hours.
    rated = at(date(2026, 3, 22), 8, BERLIN)
    now = at(date(2026, 3, 29), 7, BERLIN)
    assert (now.utc - rated.utc) < timedelta(days=7)  # less than 168 hours...
    assert fg.rating_due(1, rated.local_date, None, now.local_date)  # ...and still a week
    autumn = at(date(2026, 10, 25), 23, BERLIN)  # the 25 October day has 25 hours
    assert not fg.rating_due(1, date(2026, 10, 19), None, autumn.local_date)
    assert fg.rating_due(1, date(2026, 10, 18), None, autumn.local_date)


def test_the_prompt_reads_the_history_and_the_skip(data_dir: Path) -> None:
    with History.open(data_dir) as history:
        assert not fg.prompt_due(history, MONDAY)  # no goals yet
        history.add_goal(goal("g", "Walk to the station", MONDAY))
        assert fg.prompt_due(history, MONDAY)
        history.set_meta(fg.SKIPPED_META_KEY, MONDAY.isoformat())
        assert not fg.prompt_due(history, MONDAY + timedelta(days=6))
        assert fg.prompt_due(history, MONDAY + timedelta(days=7))
        history.add_goal_ratings([rating("r", "g", MONDAY + timedelta(days=7), 5)])
        assert not fg.prompt_due(history, MONDAY + timedelta(days=13))
        assert fg.prompt_due(history, MONDAY + timedelta(days=14))
        history.set_meta(fg.SKIPPED_META_KEY, "not a date")  # a damaged value: no skip
        assert fg.prompt_due(history, MONDAY + timedelta(days=14))


@pytest.mark.parametrize(
    ("text", "stored"),
    [("  Walk   to the\tstation ", "Walk to the station"), ("Stand 30 min", "Stand 30 min")],
)
def test_goal_names_are_tidied(text: str, stored: str) -> None:
    assert fg.goal_name(text) == stored


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("   ", "is empty"),
        ("x" * 101, "too long: 101 characters, at most 100"),
        ("walk\x1b[2J", "control character U+001B"),
        ("walk\u202estation", "invisible formatting character U+202E"),
    ],
)
def test_a_bad_goal_name_is_named(text: str, problem: str) -> None:
    with pytest.raises(LimitError, match=re.escape(problem)):
        fg.goal_name(text)


@pytest.mark.parametrize("score", [-1, 11, 2.5, True, "5"])
def test_a_rating_is_a_whole_number_0_to_10(score: object) -> None:
    with pytest.raises(ValueError, match="0-10"):
        GoalRating("r", "g", at(D0), score)  # type: ignore[arg-type]


def test_at_most_three_active_goals() -> None:
    three = [goal(str(n), f"Goal {n}", D0) for n in range(3)]
    assert fg.can_add_goal(three[:2])
    assert not fg.can_add_goal(three)
    retired = [*three[:2], goal("r", "Old", D0, retired=D0)]
    assert fg.can_add_goal(retired)
