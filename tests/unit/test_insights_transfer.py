"""Export and import of function goals, their ratings and self-tests (format version 3)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from footcoach import demo
from footcoach.function_goals import FunctionGoal, GoalRating
from footcoach.history import History
from footcoach.records import Moment, Side
from footcoach.report import (
    COLUMNS,
    COLUMNS_V2,
    DataImportError,
    RecordSet,
    export_history,
    import_history,
    read_history_file,
    write_history_file,
)
from footcoach.self_tests import SelfTestKind, SelfTestResult

NOW = datetime(2026, 7, 1, 12, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


def at(year: int, month: int, day: int, hour: int = 19, minute: int = 0) -> Moment:
    return Moment.from_datetime(datetime(year, month, day, hour, minute, tzinfo=BERLIN))


GOALS = (
    FunctionGoal("walk", "Walk to the station", at(2026, 3, 1, 9)),
    FunctionGoal("dance", 'Dance at, "the" wedding', at(2026, 3, 1, 9, 5), at(2026, 4, 2)),
)
RATINGS = (
    GoalRating("r1", "walk", at(2026, 3, 1), 3),
    GoalRating("r2", "dance", at(2026, 3, 1, 19, 1), 0),
    GoalRating("r3", "walk", at(2026, 3, 29), 6),  # the day Berlin moves to summer time
)
TESTS = (
    SelfTestResult("t1", SelfTestKind.SINGLE_LEG_STAND, Side.LEFT, at(2026, 3, 3), 17.3),
    SelfTestResult("t2", SelfTestKind.SINGLE_LEG_STAND, Side.RIGHT, at(2026, 3, 3), 60.0),
    SelfTestResult("t3", SelfTestKind.MARBLES, Side.LEFT, at(2026, 3, 3), 8.0),
    SelfTestResult("t4", SelfTestKind.HEEL_RAISES, Side.RIGHT, at(2026, 3, 3), 0.0),
)
RECORDS = RecordSet(goals=GOALS, goal_ratings=RATINGS, self_tests=TESTS)


@pytest.mark.parametrize("kind", [".csv", ".json"])
def test_goals_ratings_and_self_tests_round_trip_byte_for_byte(
    kind: str, tmp_path: Path, data_dir: Path
) -> None:
    first = write_history_file(tmp_path / f"a{kind}", RECORDS)
    assert first.insights == 9 and first.total == 9
    read = read_history_file(first.path, now=NOW)
    assert (read.goals, read.goal_ratings, read.self_tests) == (GOALS, RATINGS, TESTS)
    with History.open(data_dir) as history:
        result = import_history(history, first.path, now=NOW)
        assert (result.insights, result.added) == (9, 9)
        assert import_history(history, first.path, now=NOW).added == 0  # ids: nothing twice
        again = export_history(history, tmp_path / f"b{kind}")
    assert again.path.read_bytes() == first.path.read_bytes()


def test_the_csv_carries_the_new_columns_and_each_record_fills_its_own() -> None:
    rows = list(csv.DictReader(io.StringIO(_csv_text(RECORDS))))
    assert list(rows[0]) == list(COLUMNS)
    goal = next(row for row in rows if row["id"] == "dance")
    assert (goal["record_type"], goal["name"], goal["end_time"]) == (
        "goal",
        'Dance at, "the" wedding',
        "2026-04-02 19:00:00",
    )
    rating = next(row for row in rows if row["id"] == "r3")
    assert (rating["goal_id"], rating["score"], rating["utc_offset_minutes"]) == (
        "walk",
        "6",
        "120",
    )
    test = next(row for row in rows if row["id"] == "t1")
    assert (test["test"], test["side"], test["value"], test["format_version"]) == (
        "single-leg-stand",
        "left",
        "17.3",
        "3",
    )


def _csv_text(records: RecordSet) -> str:
    from footcoach.report import encode_records

    return encode_records(records, ".csv").decode("utf-8-sig")


def test_a_version_2_csv_still_imports(tmp_path: Path) -> None:
    old = tmp_path / "v2.csv"
    with old.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS_V2)
        row = dict.fromkeys(COLUMNS_V2, "")
        row |= {
            "record_type": "pain",
            "local_date": "2026-03-01",
            "time": "2026-03-01 08:00:00",
            "utc_offset_minutes": "60",
            "score": "4",
            "context": "morning",
            "id": "p1",
            "format_version": "2",
        }
        writer.writerow(row.values())
    read = read_history_file(old, now=NOW)
    assert [entry.id for entry in read.pain] == ["p1"] and read.goals == ()


def _json_with(tmp_path: Path, *records: dict[str, object]) -> Path:
    path = tmp_path / "h.json"
    path.write_text(
        json.dumps({"format": "footcoach-history", "version": 3, "records": list(records)}),
        "utf-8",
    )
    return path


GOAL_JSON = {
    "record_type": "goal",
    "id": "walk",
    "local_date": "2026-03-01",
    "time": "2026-03-01T09:00:00+01:00",
    "name": "Walk to the station",
    "end_time": None,
}


def _rating(**changes: object) -> dict[str, object]:
    return {
        "record_type": "goal-rating",
        "id": "r1",
        "local_date": "2026-03-01",
        "time": "2026-03-01T19:00:00+01:00",
        "goal_id": "walk",
        "score": 3,
    } | changes


def _test(**changes: object) -> dict[str, object]:
    return {
        "record_type": "self-test",
        "id": "t1",
        "local_date": "2026-03-01",
        "time": "2026-03-01T19:00:00+01:00",
        "test": "marbles",
        "side": "left",
        "value": 8,
    } | changes


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        ((_rating(),), "record 1, field goal_id: expected the id of a goal in this file or in"),
        ((GOAL_JSON, _rating(score=11)), "record 2, field score: expected a whole number from 0"),
        ((GOAL_JSON | {"name": "  "},), "record 1, field name: is empty"),
        ((GOAL_JSON | {"name": "x" * 101},), "field name: too long: 101 characters, at most 100"),
        ((_test(value=61),), "field value: expected a whole number from 0 to 60 for marbles"),
        ((_test(value=8.5),), "field value: expected a whole number from 0 to 60 for marbles"),
        (
            (_test(test="single-leg-stand", value=75.5),),
            "field value: expected a number from 0 to 60 for single-leg-stand, got 75.5",
        ),
        ((_test(side="both"),), "field side: expected left or right for a self-test"),
        ((_test(test="hopping"),), "field test: expected one of single-leg-stand, marbles"),
    ],
)
def test_a_bad_goal_rating_or_self_test_is_named_and_nothing_is_written(
    records: tuple[dict[str, object], ...], expected: str, tmp_path: Path, data_dir: Path
) -> None:
    path = _json_with(tmp_path, *records)
    with History.open(data_dir) as history:
        with pytest.raises(DataImportError) as caught:
            import_history(history, path, now=NOW)
        assert expected in str(caught.value)
        assert str(caught.value).endswith("nothing was imported")
        assert history.function_goals() == [] and history.self_test_results() == []


def test_a_rating_may_name_a_goal_already_in_the_history(tmp_path: Path, data_dir: Path) -> None:
    with History.open(data_dir) as history:
        history.add_goal(GOALS[0])
        result = import_history(history, _json_with(tmp_path, _rating()), now=NOW)
        assert result.added == 1 and [r.id for r in history.goal_ratings()] == ["r1"]


def test_the_demo_exports_and_imports_its_goals_and_self_tests(
    tmp_path: Path, data_dir: Path
) -> None:
    records = demo.generate(90, seed=3, end=date(2026, 6, 30), now=NOW)
    assert len(records.goals) == 3 and records.goal_ratings and records.self_tests
    with History.open(data_dir) as history:
        history.add_records(
            records.pain,
            records.sessions,
            records.sets,
            goals=records.goals,
            goal_ratings=records.goal_ratings,
            self_tests=records.self_tests,
        )
        exported = export_history(history, tmp_path / "demo.csv")
    back = read_history_file(exported.path, now=NOW + timedelta(days=1))
    assert back.goals == records.goals
    assert back.goal_ratings == records.goal_ratings
    assert back.self_tests == records.self_tests


def test_the_demo_goals_and_self_tests_are_deterministic_and_plausible() -> None:
    one = demo.generate(200, seed=5, end=date(2026, 6, 30), now=NOW)
    two = demo.generate(200, seed=5, end=date(2026, 6, 30), now=NOW)
    assert (one.goals, one.goal_ratings, one.self_tests) == (
        two.goals,
        two.goal_ratings,
        two.self_tests,
    )
    other = demo.generate(200, seed=6, end=date(2026, 6, 30), now=NOW)
    assert [g.id for g in other.goals] != [g.id for g in one.goals]
    # The pain stream is the same with or without the insights (their own random streams).
    assert one.total == len(one.pain) + len(one.sessions) + len(one.sets)
    assert all(0 <= r.score <= 10 for r in one.goal_ratings)
    assert {r.at.local_date.weekday() for r in one.goal_ratings[3:]} == {6}  # Sunday evenings
    severe = {p.at.local_date for p in one.pain if p.score >= 7}
    raises = {t.at.local_date for t in one.self_tests if t.kind is SelfTestKind.HEEL_RAISES}
    assert not severe & raises  # never heel raises on a day of severe pain
    test_days = sorted({t.at.local_date for t in one.self_tests})
    assert all((b - a).days == 14 for a, b in zip(test_days, test_days[1:], strict=False))
