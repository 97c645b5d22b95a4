"""Schema 3.1: function goals, their ratings and self-tests in the history file."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from footcoach import history as history_module
from footcoach.function_goals import FunctionGoal, GoalRating
from footcoach.history import History, SchemaVersion, check_health, database_path
from footcoach.records import Moment, PainContext, PainEntry, Side
from footcoach.self_tests import SelfTestKind, SelfTestResult

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
D0 = date(2026, 3, 2)


def at(day: date, hour: int = 19) -> Moment:
    return Moment.from_datetime(datetime(day.year, day.month, day.day, hour, tzinfo=UTC))


WALK = FunctionGoal("walk", "Walk to the station", at(D0, 9))
RATINGS = [GoalRating("r1", "walk", at(D0), 3), GoalRating("r2", "walk", at(date(2026, 3, 9)), 5)]
TEST = SelfTestResult("t1", SelfTestKind.SINGLE_LEG_STAND, Side.LEFT, at(D0), 21.5)


def test_the_v3_fixture_migrates_to_3_1_keeping_everything(data_dir: Path) -> None:
    shutil.copyfile(FIXTURES / "history-v3.sqlite3", database_path(data_dir))
    with closing(sqlite3.connect(database_path(data_dir))) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 3
    with History.open(data_dir) as opened:
        assert opened.pragmas()["user_version"] == history_module.schema.latest_version().packed()
        assert opened.counts() == {"pain_entries": 3, "sessions": 2, "sets": 3}
        assert [s.id for s in opened.screenings()] == ["screening-1", "screening-2"]
        assert opened.function_goals() == [] and opened.self_test_results() == []
        backup = opened.migration_backup
        opened.add_goal(WALK)
        opened.add_goal_ratings(RATINGS)
        opened.add_self_test(TEST)
    assert backup is not None and backup.name.startswith("history-v3.0-before-migration")
    with History.open(data_dir) as again:
        assert again.function_goals() == [WALK]
        assert again.goal_ratings() == RATINGS
        assert again.self_test_results() == [TEST]
    assert check_health(data_dir).ok


def test_a_3_0_footcoach_reads_and_writes_a_3_1_file(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with History.open(data_dir) as newer:
        newer.add_goal(WALK)
        newer.add_self_test(TEST)
    before = tuple(step for step in history_module.MIGRATIONS if step.target <= SchemaVersion(3))
    monkeypatch.setattr(history_module.schema, "MIGRATIONS", before)
    assert history_module.schema.latest_version() == SchemaVersion(3, 0)
    with History.open(data_dir) as older:
        older.add_pain(PainEntry("p", at(D0, 9), 4, PainContext.DAY))
        assert [entry.id for entry in older.pain_entries()] == ["p"]
        assert older.pragmas()["user_version"] == history_module.SCHEMA_VERSION.packed()
    monkeypatch.undo()
    with History.open(data_dir) as newer:
        assert newer.function_goals() == [WALK] and newer.self_test_results() == [TEST]


def test_rename_and_retire_keep_the_ratings(data_dir: Path) -> None:
    with History.open(data_dir) as history:
        history.add_goal(WALK)
        history.add_goal_ratings(RATINGS)
        renamed = FunctionGoal("walk", "Walk to the bus stop", WALK.created)
        history.update_goal(renamed)
        retired = FunctionGoal("walk", renamed.name, WALK.created, at(date(2026, 4, 1)))
        history.update_goal(retired)
        assert history.function_goals() == [retired]
        assert history.goal_ratings() == RATINGS
        with pytest.raises(KeyError):
            history.update_goal(FunctionGoal("nope", "x", WALK.created))


def test_delete_takes_the_ratings_and_undo_brings_them_back(data_dir: Path) -> None:
    with History.open(data_dir) as history:
        history.add_goal(WALK)
        history.add_goal_ratings(RATINGS)
        deleted = history.delete_goal("walk")
        assert deleted == (WALK, RATINGS)
        assert history.function_goals() == [] and history.goal_ratings() == []
        assert history.delete_goal("walk") is None
        assert history.add_records(goals=[deleted[0]], goal_ratings=deleted[1]) == 3
        assert history.function_goals() == [WALK] and history.goal_ratings() == RATINGS


@pytest.mark.parametrize(
    "sql",
    [
        # A rating outside 0-10, or of a goal that does not exist.
        "INSERT INTO goal_ratings VALUES ('x', 'walk', ?, ?, ?, 11)",
        "INSERT INTO goal_ratings VALUES ('x', 'ghost', ?, ?, ?, 5)",
        # Standing beyond the 60 s cap, marbles beyond their bound, a foot called "both".
        "INSERT INTO self_tests VALUES ('x', 'single-leg-stand', 'left', ?, ?, ?, 60.5)",
        "INSERT INTO self_tests VALUES ('x', 'marbles', 'left', ?, ?, ?, 61)",
        "INSERT INTO self_tests VALUES ('x', 'marbles', 'both', ?, ?, ?, 5)",
        "INSERT INTO self_tests VALUES ('x', 'hopping', 'left', ?, ?, ?, 5)",
        # A name over the limit.
        f"INSERT INTO function_goals VALUES ('y', '{'x' * 101}', ?, ?, ?, NULL, NULL, NULL)",
    ],
)
def test_the_tables_refuse_what_the_limits_refuse(data_dir: Path, sql: str) -> None:
    with History.open(data_dir) as history:
        history.add_goal(WALK)
    moment = ("2026-03-02T19:00:00.000000Z", "2026-03-02", 0)
    with closing(sqlite3.connect(database_path(data_dir))) as raw:
        raw.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError):
            raw.execute(sql, moment)
