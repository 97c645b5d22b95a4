"""History: schema, writes, reads, indexes, migrations and error translation."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from footcoach.history import History, HistoryError, check_health, database_path, list_backups
from footcoach.history import schema as history_module
from footcoach.records import (
    DailyMean,
    Moment,
    PainContext,
    PainEntry,
    SessionRecord,
    SetRecord,
    Side,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
BERLIN_WINTER = timezone(timedelta(hours=1))
NEW_YORK_SUMMER = timezone(timedelta(hours=-4))


def at(day: date, hour: int, minute: int = 0, zone: timezone = BERLIN_WINTER) -> Moment:
    return Moment.from_datetime(datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone))


def pain(
    ident: str, day: date, hour: int, score: int, context: PainContext = PainContext.DAY
) -> PainEntry:
    return PainEntry(ident, at(day, hour), score, context)


def session(ident: str, day: date, completed: bool = True) -> SessionRecord:
    started = at(day, 18)
    ended = at(day, 18, 25) if completed else None
    return SessionRecord(ident, "daily", started, ended, completed)


def set_of(ident: str, session_id: str | None, day: date, number: int = 1) -> SetRecord:
    return SetRecord(ident, session_id, "towel-curls", Side.LEFT, number, at(day, 18, 5), reps=8)


@pytest.fixture
def history(data_dir: Path) -> Iterator[History]:
    opened = History.open(data_dir)
    yield opened
    opened.close()


D1 = date(2025, 1, 6)
D2 = date(2025, 1, 7)
D3 = date(2025, 1, 8)


# ------------------------------------------------------------------ opening


def test_open_creates_a_private_wal_database(data_dir: Path, history: History) -> None:
    path = database_path(data_dir)
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    settings = history.pragmas()
    assert settings["journal_mode"] == "wal"
    assert settings["synchronous"] == 2  # FULL
    assert settings["foreign_keys"] == 1
    assert 1000 <= int(settings["busy_timeout"]) <= 5000
    assert settings["user_version"] == history_module.SCHEMA_VERSION.packed()
    assert history.is_empty()
    assert history.read_only is None


def test_open_creates_a_missing_data_dir_with_mode_0700(tmp_path: Path) -> None:
    target = tmp_path / "new" / "dir"
    with History.open(target) as opened:
        opened.add_pain(pain("a", D1, 9, 4))
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    assert stat.S_IMODE(database_path(target).stat().st_mode) == 0o600


def test_open_tightens_a_world_readable_file(data_dir: Path) -> None:
    History.open(data_dir).close()
    database_path(data_dir).chmod(0o644)
    History.open(data_dir).close()
    assert stat.S_IMODE(database_path(data_dir).stat().st_mode) == 0o600


def test_context_manager_closes(data_dir: Path) -> None:
    with History.open(data_dir) as opened:
        opened.add_pain(pain("a", D1, 9, 4))
    with pytest.raises(sqlite3.ProgrammingError):
        opened.counts()


# ------------------------------------------------------------------ writes and reads


def test_pain_round_trip_keeps_every_field(history: History) -> None:
    entry = PainEntry(
        "p1",
        Moment.from_datetime(datetime(2025, 7, 1, 21, 30, 15, 123456, tzinfo=NEW_YORK_SUMMER)),
        7,
        PainContext.AFTER_EXERCISE,
        "Burning — après la marche 🦶",
    )
    history.add_pain(entry)
    assert history.pain_entries() == [entry]
    stored = history.pain_entries()[0]
    assert stored.at.utc_offset_minutes == -240
    assert stored.at.local_date == date(2025, 7, 1)
    assert stored.at.utc == datetime(2025, 7, 2, 1, 30, 15, 123456, tzinfo=UTC)


def test_each_write_is_committed_before_it_returns(data_dir: Path, history: History) -> None:
    history.add_pain(pain("a", D1, 9, 4))
    history.start_session(session("s", D1, completed=False))
    history.add_set(set_of("x", "s", D1))
    # A second, independent connection sees everything at once.
    with History.open(data_dir) as other:
        assert other.counts() == {"pain_entries": 1, "sessions": 1, "sets": 1}


def test_update_and_delete_pain(history: History) -> None:
    entry = pain("a", D1, 9, 4)
    history.add_pain(entry)
    changed = replace(entry, score=2, note="eased", context=PainContext.MORNING)
    history.update_pain(changed)
    assert history.pain_entries() == [changed]
    assert history.delete_pain("a") == changed
    assert history.pain_entries() == []
    assert history.delete_pain("a") is None
    with pytest.raises(KeyError):
        history.update_pain(changed)


def test_delete_then_add_back_is_an_undo(history: History) -> None:
    entry = pain("a", D1, 9, 4)
    history.add_pain(entry)
    deleted = history.delete_pain("a")
    assert deleted is not None
    history.add_pain(deleted)
    assert history.pain_entries() == [entry]


def test_session_lifecycle(history: History) -> None:
    started = session("s", D1, completed=False)
    history.start_session(started)
    assert history.sessions() == [started]
    assert history.session_days() == []
    ended = at(D1, 18, 30)
    history.finish_session("s", ended, completed=True)
    assert history.sessions() == [replace(started, ended=ended, completed=True)]
    assert history.session_days() == [D1]
    with pytest.raises(KeyError):
        history.finish_session("nope", ended, completed=True)


def test_sets_by_session_and_by_day(history: History) -> None:
    history.start_session(session("s1", D1))
    history.start_session(session("s2", D2))
    sets = [set_of("a", "s1", D1, 1), set_of("b", "s1", D1, 2), set_of("c", "s2", D2)]
    lone = SetRecord("d", None, "calf-stretch", Side.BOTH, 1, at(D3, 8), hold_seconds=27.5)
    for record in [*sets, lone]:
        history.add_set(record)
    assert history.sets(session_id="s1") == sets[:2]
    assert history.sets(since=D2) == [sets[2], lone]
    assert history.sets(session_id="s2", since=D3) == []
    assert history.sets() == [*sets, lone]


def test_a_set_of_an_unknown_session_is_a_bug(history: History) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        history.add_set(set_of("a", "missing", D1))
    assert history.is_empty()


def test_duplicate_id_is_a_bug_and_writes_nothing(history: History) -> None:
    history.add_pain(pain("a", D1, 9, 4))
    with pytest.raises(sqlite3.IntegrityError):
        history.add_pain(pain("a", D2, 9, 5))
    assert [e.score for e in history.pain_entries()] == [4]


def test_the_schema_rejects_values_the_dataclasses_would_not_make(history: History) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        history.add_set(replace(set_of("a", None, D1), set_number=0))
    with pytest.raises(sqlite3.IntegrityError):
        history.add_set(replace(set_of("b", None, D1), reps=None, hold_seconds=None))
    with pytest.raises(sqlite3.IntegrityError):
        history.add_pain(replace(pain("", D1, 9, 4)))
    assert history.is_empty()


def test_days_are_local_dates_not_utc_dates(history: History) -> None:
    # 21:30 in New York on D1 is D2 in UTC; it belongs to D1.
    late = PainEntry("late", at(D1, 21, 30, NEW_YORK_SUMMER), 5, PainContext.DAY)
    history.add_pain(late)
    assert history.pain_entries(since=D1, until=D1) == [late]
    assert history.pain_entries(since=D2) == []
    assert history.first_day() == D1 == history.last_day()


def test_pain_entries_are_ordered_by_instant(history: History) -> None:
    entries = [pain("c", D2, 7, 3), pain("a", D1, 20, 5), pain("b", D1, 7, 6)]
    for entry in entries:
        history.add_pain(entry)
    assert [e.id for e in history.pain_entries()] == ["b", "a", "c"]
    assert [e.id for e in history.pain_entries(since=D1, until=D1)] == ["b", "a"]
    assert [e.id for e in history.pain_entries(until=D1)] == ["b", "a"]


def test_daily_pain_means(history: History) -> None:
    history.add_records(
        pain=[
            pain("a", D1, 7, 6, PainContext.MORNING),
            pain("b", D1, 12, 3),
            pain("c", D1, 16, 4),
            pain("d", D2, 7, 5, PainContext.MORNING),
            pain("e", D3, 12, 1),
        ]
    )
    assert history.daily_pain_means(since=D1, until=D2) == [
        DailyMean(D1, PainContext.MORNING, 6.0, 1),
        DailyMean(D1, PainContext.DAY, 3.5, 2),
        DailyMean(D2, PainContext.MORNING, 5.0, 1),
    ]
    assert len(history.daily_pain_means()) == 4


def test_session_days_counts_completed_sessions_once_per_day(history: History) -> None:
    history.add_records(
        sessions=[
            session("a", D1),
            replace(session("b", D1), started=at(D1, 7), ended=at(D1, 7, 20)),
            session("c", D2, completed=False),
            session("d", D3),
        ]
    )
    assert history.session_days() == [D1, D3]
    assert history.session_days(since=D2) == [D3]


def test_counts_empty_and_edges(history: History) -> None:
    assert history.is_empty()
    assert history.first_day() is None and history.last_day() is None
    assert history.counts() == {"pain_entries": 0, "sessions": 0, "sets": 0}
    history.add_records(
        pain=[pain("a", D2, 9, 4)], sessions=[session("s", D1)], sets=[set_of("x", "s", D3)]
    )
    assert not history.is_empty()
    assert history.counts() == {"pain_entries": 1, "sessions": 1, "sets": 1}
    assert (history.first_day(), history.last_day()) == (D1, D3)


def test_meta_is_not_history(history: History) -> None:
    assert history.get_meta("routine") is None
    history.set_meta("routine", "gentle")
    history.set_meta("routine", "daily")
    assert history.get_meta("routine") == "daily"
    assert history.is_empty()
    history.set_meta("routine", None)
    assert history.get_meta("routine") is None


# ------------------------------------------------------------------ bulk


def test_add_records_skips_known_ids_and_counts_new_ones(history: History) -> None:
    records = {
        "pain": [pain("a", D1, 9, 4), pain("b", D2, 9, 3)],
        "sessions": [session("s", D1)],
        "sets": [set_of("x", "s", D1), set_of("y", "s", D1, 2)],
    }
    assert history.add_records(**records) == 5
    assert history.add_records(**records) == 0
    changed = [replace(records["pain"][0], score=9), pain("c", D3, 9, 2)]
    assert history.add_records(pain=changed) == 1
    assert [e.score for e in history.pain_entries()] == [4, 3, 2]  # existing rows untouched


def test_add_records_is_all_or_nothing(history: History) -> None:
    bad = replace(set_of("y", None, D1), set_number=0)
    with pytest.raises(sqlite3.IntegrityError):
        history.add_records(pain=[pain("a", D1, 9, 4)], sets=[set_of("x", None, D1), bad])
    assert history.is_empty()


def test_add_records_accepts_iterators(history: History) -> None:
    assert history.add_records(pain=(pain(str(i), D1, 9, 4) for i in range(3))) == 3


def test_ten_years_of_demo_write_in_one_call(history: History) -> None:
    from footcoach import demo

    records = demo.generate(3650, 7, end=date(2025, 12, 31), now=datetime(2026, 1, 1, tzinfo=UTC))
    added = history.add_records(records.pain, records.sessions, records.sets)
    assert added == records.total > 40_000
    assert history.counts()["pain_entries"] == len(records.pain)


# ------------------------------------------------------------------ indexes


@pytest.mark.parametrize(
    "query", ["pain_entries", "sessions", "sets", "daily_pain_means", "session_days"]
)
def test_range_reads_search_an_index(history: History, query: str) -> None:
    plan = history.query_plan(query)
    assert any("USING" in step and "INDEX" in step for step in plan), plan
    assert not any(step.startswith("SCAN") for step in plan), plan


def test_daily_means_never_touch_the_table(history: History) -> None:
    assert any("COVERING INDEX" in step for step in history.query_plan("daily_pain_means"))


# ------------------------------------------------------------------ errors


def test_disk_full_becomes_a_one_line_history_error(history: History) -> None:
    history.add_pain(pain("a", D1, 9, 4))
    # Cap the file at its current size: the next page SQLite needs is "disk full".
    history._connection.execute("PRAGMA max_page_count = 1")
    with pytest.raises(HistoryError) as caught:
        history.add_records(pain=[pain(str(i), D2, 9, 4, PainContext.DAY) for i in range(500)])
    message = str(caught.value)
    assert "disk is full" in message and "\n" not in message
    assert history.counts()["pain_entries"] == 1


def test_locked_database_becomes_a_history_error(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_module, "BUSY_TIMEOUT_MS", 50)
    with History.open(data_dir) as waiting, History.open(data_dir) as other:
        with other._transaction():  # holds the write lock
            with pytest.raises(HistoryError, match="in use by another program"):
                waiting.add_pain(pain("a", D1, 9, 4))
        waiting.add_pain(pain("a", D1, 9, 4))
        assert waiting.counts()["pain_entries"] == 1


def test_unwritable_place_becomes_a_history_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(HistoryError, match="Cannot open the history"):
        History.open(blocker / "data")


def test_bugs_stay_loud(history: History) -> None:
    with pytest.raises(KeyError):
        history.query_plan("no-such-query")
    with pytest.raises(sqlite3.OperationalError):
        history._query("read", "SELECT * FROM no_such_table")


# ------------------------------------------------------------------ migrations


def _copy_fixture(data_dir: Path) -> Path:
    target = database_path(data_dir)
    shutil.copyfile(FIXTURES / "history-v1.sqlite3", target)
    return target


def test_v1_fixture_opens_with_every_record(data_dir: Path) -> None:
    _copy_fixture(data_dir)
    with History.open(data_dir) as opened:
        assert opened.pragmas()["user_version"] == history_module.SCHEMA_VERSION.packed()
        assert opened.read_only is None
        assert opened.counts() == {"pain_entries": 3, "sessions": 2, "sets": 3}
        entries = opened.pain_entries()
        assert [e.id for e in entries] == ["pain-1", "pain-2", "pain-3"]
        assert entries[1].note == "Better — ça va"
        assert entries[2].at.local_date == date(2025, 4, 10)
        assert entries[2].at.utc_offset_minutes == -240
        assert opened.pain_entries(since=date(2025, 4, 11)) == []
        sessions = {s.id: s for s in opened.sessions()}
        assert sessions["session-1"].completed and sessions["session-1"].ended is not None
        assert sessions["session-2"].ended is None and not sessions["session-2"].completed
        assert [s.id for s in opened.sets(session_id="session-1")] == ["set-1", "set-2"]
        lone = opened.sets(since=date(2025, 3, 30))[0]
        assert lone.session_id is None and lone.hold_seconds == 30.0 and lone.reps is None
        assert opened.session_days() == [date(2025, 3, 1)]
        assert opened.get_meta("fixture") == "history-v1"
        # A copy is taken only when a migration runs (i.e. once v1 is no longer current).
        migrated = history_module.SCHEMA_VERSION > history_module.SchemaVersion(1)
        assert (opened.migration_backup is not None) == migrated


def _add_v2_step(
    monkeypatch: pytest.MonkeyPatch,
    step: Callable[[sqlite3.Connection], None] | None = None,
    *,
    major: bool = True,
) -> history_module.SchemaVersion:
    """Make the app one schema step newer (a major step unless ``major`` is False)."""

    def add_table(connection: sqlite3.Connection) -> None:
        connection.execute("CREATE TABLE test_only_step (id TEXT PRIMARY KEY) STRICT")

    latest = history_module.latest_version()
    target = (
        history_module.SchemaVersion(latest.major + 1)
        if major
        else history_module.SchemaVersion(latest.major, latest.minor + 1)
    )
    steps = (*history_module.MIGRATIONS, history_module.MigrationStep(target, step or add_table))
    monkeypatch.setattr(history_module, "MIGRATIONS", steps)
    return target


def test_migration_from_v1_takes_a_backup_first(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _copy_fixture(data_dir)
    newer = _add_v2_step(monkeypatch)
    with History.open(data_dir) as opened:
        assert opened.pragmas()["user_version"] == newer.packed()
        assert opened.counts()["pain_entries"] == 3
        copy = opened.migration_backup
    assert copy is not None and copy.parent == data_dir / "backups"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    kinds = {info.path: info for info in list_backups(data_dir)}
    assert kinds[copy].kind == "pre-migration"
    assert kinds[copy].schema_version == history_module.SchemaVersion(1)
    assert kinds[copy].counts == {"pain_entries": 3, "sessions": 2, "sets": 3}


def test_a_failing_migration_step_changes_nothing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _copy_fixture(data_dir)

    def broken(connection: sqlite3.Connection) -> None:
        connection.execute("CREATE TABLE half_done (x INTEGER)")
        raise RuntimeError("step failed")

    _add_v2_step(monkeypatch, broken)
    with pytest.raises(RuntimeError, match="step failed"):
        History.open(data_dir)
    monkeypatch.undo()
    with History.open(data_dir) as opened:
        assert opened.pragmas()["user_version"] == history_module.SCHEMA_VERSION.packed()
        assert opened.counts()["pain_entries"] == 3


def test_a_newer_database_is_refused_and_left_byte_identical(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_v2_step(monkeypatch)
    with History.open(data_dir) as newer:
        newer.add_pain(pain("a", D1, 9, 4))
    monkeypatch.undo()  # back to an app that knows v1 only
    path = database_path(data_dir)
    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    with pytest.raises(HistoryError, match="newer FootCoach") as caught:
        History.open(data_dir)
    assert "\n" not in str(caught.value)
    assert path.read_bytes() == before[path.name]
    assert not list(data_dir.glob("*.damaged-*"))


def test_a_newer_minor_version_is_read_and_written_by_an_older_footcoach(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    newer = _add_v2_step(monkeypatch, major=False)
    with History.open(data_dir) as opened:
        opened.add_pain(pain("a", D1, 4, 8))
    monkeypatch.undo()  # back to an app one additive step behind
    with History.open(data_dir) as older:
        older.add_pain(pain("b", D1, 3, 9))
        assert sorted(entry.id for entry in older.pain_entries()) == ["a", "b"]
        # Nothing is migrated down or marked: the newer app finds its own version.
        assert older.pragmas()["user_version"] == newer.packed()
    assert check_health(data_dir).ok


def test_a_newer_major_version_is_refused_by_health_and_backups_too(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    newer = _add_v2_step(monkeypatch)
    with History.open(data_dir) as opened:
        opened.add_pain(pain("a", D1, 4, 8))
    monkeypatch.undo()
    health = check_health(data_dir)
    assert not health.ok and f"schema v{newer}" in health.reason
    assert health.reason.endswith("update FootCoach to open it")


@pytest.mark.parametrize("fixture_version", [1, 2])
def test_todays_numbering_migrates_to_major_minor(data_dir: Path, fixture_version: int) -> None:
    shutil.copyfile(FIXTURES / f"history-v{fixture_version}.sqlite3", database_path(data_dir))
    with closing(sqlite3.connect(database_path(data_dir))) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == fixture_version
    with History.open(data_dir) as opened:
        packed = opened.pragmas()["user_version"]
        assert opened.counts()["pain_entries"] == 3
        backup = opened.migration_backup
    assert packed == history_module.SCHEMA_VERSION.packed()
    assert history_module.SchemaVersion.unpack(int(packed)) == history_module.SCHEMA_VERSION
    assert backup is not None and backup.name.startswith(f"history-v{fixture_version}.0-before")
    info = {info.path: info for info in list_backups(data_dir)}[backup]
    assert info.kind == "pre-migration"
    assert info.schema_version == history_module.SchemaVersion(fixture_version)


@pytest.mark.parametrize(
    ("user_version", "major", "minor"),
    [(0, 0, 0), (1, 1, 0), (3, 3, 0), (3 << 16, 3, 0), (3 << 16 | 2, 3, 2), (4 << 16 | 1, 4, 1)],
)
def test_user_version_unpacks_both_numberings(user_version: int, major: int, minor: int) -> None:
    version = history_module.SchemaVersion.unpack(user_version)
    assert (version.major, version.minor) == (major, minor)
    if user_version >= 1 << 16:
        assert version.packed() == user_version


def test_a_minor_step_is_readable_by_its_major_and_a_major_step_is_not() -> None:
    reader = history_module.SchemaVersion(3, 0)
    assert history_module.SchemaVersion(3, 7).readable_by(reader)
    assert history_module.SchemaVersion(2, 0).readable_by(reader)
    assert not history_module.SchemaVersion(4, 0).readable_by(reader)


def test_another_programs_database_is_refused_untouched(data_dir: Path) -> None:
    path = database_path(data_dir)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE bookmarks (url TEXT)")
        connection.commit()
    before = path.read_bytes()
    with pytest.raises(HistoryError, match="not a FootCoach history"):
        History.open(data_dir)
    assert path.read_bytes() == before
