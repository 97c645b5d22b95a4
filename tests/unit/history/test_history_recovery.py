"""History on bad days: damaged files refused untouched, backups, rotation, restore, checks."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from contextlib import closing
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers.damage import DAMAGE, zero_table_root

from footcoach.history import (
    SCHEMA_VERSION,
    History,
    HistoryDamagedError,
    HistoryError,
    backup_dir,
    backups_to_keep,
    check_health,
    database_path,
    is_good_backup,
    list_backups,
    restore_backup,
    set_aside_damaged,
)
from footcoach.records import Moment, PainContext, PainEntry

ZONE = timezone(timedelta(hours=2))
DAY = date(2025, 6, 2)  # a Monday


def entries(count: int, prefix: str = "p", day: date = DAY) -> list[PainEntry]:
    start = datetime(day.year, day.month, day.day, 8, tzinfo=ZONE)
    return [
        PainEntry(
            f"{prefix}{i}",
            Moment.from_datetime(start + timedelta(minutes=i)),
            i % 11,
            PainContext.DAY,
            "a note long enough to fill some pages " * 2,
        )
        for i in range(count)
    ]


def make_history(data_dir: Path, count: int = 1500, today: date = DAY) -> Path:
    """A closed history with ``count`` pain entries; returns the database path."""
    with History.open(data_dir, today=today) as history:
        history.add_records(pain=entries(count))
    path = database_path(data_dir)
    assert not path.with_name(path.name + "-wal").exists()  # a clean close checkpoints
    return path


def damaged_files(data_dir: Path) -> list[Path]:
    return sorted(data_dir.glob("history.sqlite3.damaged-*"))


def zero_page(path: Path, page: int, page_size: int = 4096) -> None:
    with path.open("r+b") as handle:
        handle.seek((page - 1) * page_size)
        handle.write(b"\0" * page_size)


def files_in(data_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}


def assert_refused(data_dir: Path) -> HistoryDamagedError:
    """Opening fails with one line and changes no file: nothing moved, nothing new."""
    before = files_in(data_dir)
    with pytest.raises(HistoryDamagedError) as caught:
        History.open(data_dir)
    assert files_in(data_dir) == before
    message = str(caught.value)
    assert "\n" not in message and message.startswith("the history file is damaged (")
    assert str(database_path(data_dir)) in message
    return caught.value


# ------------------------------------------------------------------ damaged files


def test_a_file_that_is_not_a_database_is_refused_untouched(data_dir: Path) -> None:
    database_path(data_dir).write_bytes(b"these are my notes, not a database\n" * 200)
    damage = assert_refused(data_dir)
    assert "not a database" in damage.reason
    assert damage.backup is None
    assert "No good backup was found" in str(damage)


@pytest.mark.parametrize("keep", [1, 15, 99, 100, 512, 4096, 4097, 0.5, -4096, -1])
def test_a_truncated_file_is_refused_untouched(data_dir: Path, keep: float) -> None:
    path = make_history(data_dir)
    whole = path.read_bytes()
    size = len(whole)
    cut = int(size * keep) if isinstance(keep, float) else (keep if keep > 0 else size + keep)
    path.write_bytes(whole[:cut])
    assert_refused(data_dir)


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_each_kind_of_damage_is_refused_the_same_way_every_time(data_dir: Path, kind: str) -> None:
    path = make_history(data_dir, today=DAY - timedelta(days=1))
    with History.open(data_dir, today=DAY) as history:
        backup = history.backup
    assert backup is not None
    DAMAGE[kind](path)
    first = assert_refused(data_dir)
    assert str(assert_refused(data_dir)) == str(first)  # the second look finds the same
    assert first.backup is not None and first.backup.path == backup
    assert first.backup.records == 1500
    assert str(first).endswith(
        f"(2025-06-02, 1500 records) with: footcoach --data-dir {data_dir} "
        "restore history-2025-06-02.sqlite3"
    )
    with pytest.raises(HistoryDamagedError):
        History.open(data_dir, or_read_only=True)
    with pytest.raises(HistoryDamagedError):
        History.open_read_only(data_dir, "looking")
    health = check_health(data_dir)
    assert health.damaged and not health.ok
    restore_backup(data_dir, backup)
    with History.open(data_dir, today=DAY) as history:
        assert history.counts()["pain_entries"] == 1500


def test_damage_met_after_open_is_the_same_error(data_dir: Path) -> None:
    path = make_history(data_dir)
    History.open(data_dir, today=DAY).close()  # today's backup: the next open reads less
    with History.open(data_dir, today=DAY) as history:
        zero_table_root(path)  # a bad sector met while the history is open
        with pytest.raises(HistoryDamagedError) as caught:
            history.pain_entries()
    assert caught.value.backup is not None
    assert caught.value.backup.path.name == "history-2025-06-02.sqlite3"


def test_a_damaged_file_keeps_its_wal_beside_it(data_dir: Path, tmp_path: Path) -> None:
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    with History.open(data_dir) as history:
        history.add_records(pain=entries(50))
        # The state a crash leaves: committed rows still in the WAL.
        for name in ("history.sqlite3", "history.sqlite3-wal"):
            shutil.copyfile(data_dir / name, crashed / name)
    main, wal = crashed / "history.sqlite3", crashed / "history.sqlite3-wal"
    assert wal.stat().st_size > 0
    main.write_bytes(b"garbage" * 1000)
    assert_refused(crashed)
    moved = set_aside_damaged(crashed)
    assert Path(f"{moved}-wal").read_bytes() == files_in(crashed)[f"{moved.name}-wal"]
    assert not main.exists() and not wal.exists()


def test_a_crash_with_committed_rows_in_the_wal_is_not_damage(
    data_dir: Path, tmp_path: Path
) -> None:
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    with History.open(data_dir) as history:
        history.add_records(pain=entries(50))
        for name in ("history.sqlite3", "history.sqlite3-wal"):
            shutil.copyfile(data_dir / name, crashed / name)
    with History.open(crashed) as history:
        assert history.counts()["pain_entries"] == 50
    assert not damaged_files(crashed)


def test_an_empty_file_is_a_fresh_history(data_dir: Path) -> None:
    database_path(data_dir).write_bytes(b"")
    with History.open(data_dir) as history:
        assert history.is_empty()
    assert not damaged_files(data_dir)


def test_an_orphaned_wal_is_kept_apart_not_replayed(data_dir: Path, tmp_path: Path) -> None:
    make_history(data_dir, 10)
    other = tmp_path / "other"
    with History.open(other) as history:
        history.add_records(pain=entries(5, "o"))
        shutil.copyfile(other / "history.sqlite3-wal", data_dir / "stray-wal")
    database_path(data_dir).unlink()
    os.replace(data_dir / "stray-wal", data_dir / "history.sqlite3-wal")
    with History.open(data_dir) as history:
        assert history.is_empty()
    assert list(data_dir.glob("history.sqlite3.orphaned-*-wal"))


def test_damage_names_the_newest_good_backup_and_restore_keeps_the_damaged_file(
    data_dir: Path,
) -> None:
    make_history(data_dir, 20, today=DAY)  # empty at open: no backup yet
    with History.open(data_dir, today=DAY + timedelta(days=1)) as history:
        first = history.backup
        history.add_records(pain=entries(10, "q"))
    with History.open(data_dir, today=DAY + timedelta(days=2)) as history:
        second = history.backup
    assert first is not None and second is not None
    second.write_bytes(b"a damaged backup")  # the newest is bad: the older one is offered
    database_path(data_dir).write_bytes(b"damaged")
    offered = assert_refused(data_dir).backup
    assert offered is not None
    assert offered.path == first
    assert offered.counts == {"pain_entries": 20, "sessions": 0, "sets": 0}
    moved = restore_backup(data_dir, offered.path)
    assert moved is not None and moved.name.startswith("history.sqlite3.replaced-")
    assert moved.read_bytes() == b"damaged"
    with History.open(data_dir, today=DAY + timedelta(days=3)) as history:
        assert history.counts()["pain_entries"] == 20


def test_starting_afresh_is_a_choice_and_the_empty_history_is_not_backed_up(
    data_dir: Path,
) -> None:
    database_path(data_dir).write_bytes(b"damaged" * 100)
    assert_refused(data_dir)
    moved = set_aside_damaged(data_dir)
    assert moved.read_bytes() == b"damaged" * 100
    with History.open(data_dir, today=DAY) as history:
        assert history.is_empty() and history.backup is None


# ------------------------------------------------------------------ backups


def test_a_backup_is_taken_at_most_once_a_day(data_dir: Path) -> None:
    make_history(data_dir, 5)
    with History.open(data_dir, today=DAY) as history:
        backup = history.backup
        assert backup == backup_dir(data_dir) / "history-2025-06-02.sqlite3"
    with History.open(data_dir, today=DAY) as history:
        assert history.backup is None
    assert [info.path for info in list_backups(data_dir)] == [backup]
    with History.open(data_dir, today=DAY + timedelta(days=1)) as history:
        assert history.backup is not None
    assert len(list_backups(data_dir)) == 2


def test_backups_are_private_standalone_copies(data_dir: Path) -> None:
    make_history(data_dir, 30)
    with History.open(data_dir, today=DAY) as history:
        backup = history.backup
        history.add_records(pain=entries(5, "late"))  # later writes do not reach the copy
    assert backup is not None
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup.parent.stat().st_mode) == 0o700
    assert backup.read_bytes()[18:20] == b"\x01\x01"  # rollback journal, not WAL
    (info,) = list_backups(data_dir)
    assert (info.day, info.kind, info.schema_version) == (DAY, "daily", SCHEMA_VERSION)
    assert info.counts == {"pain_entries": 30, "sessions": 0, "sets": 0}
    assert is_good_backup(backup)
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]


def test_an_empty_history_is_not_backed_up(data_dir: Path) -> None:
    with History.open(data_dir, today=DAY) as history:
        assert history.backup is None
        history.set_meta("welcome-seen", "yes")
    with History.open(data_dir, today=DAY + timedelta(days=1)) as history:
        assert history.backup is None
    assert list_backups(data_dir) == []


def test_a_failed_backup_does_not_stop_the_history(data_dir: Path) -> None:
    make_history(data_dir, 5)
    backup_dir(data_dir).write_text("a file where the backups folder should be")
    with History.open(data_dir, today=DAY) as history:
        assert history.backup is None
        assert history.backup_problem is not None
        assert "Cannot back up the history" in history.backup_problem
        history.add_pain(entries(1, "more")[0])


def test_a_leftover_partial_backup_is_ignored_and_replaced(data_dir: Path) -> None:
    make_history(data_dir, 5)
    backups = backup_dir(data_dir)
    backups.mkdir()
    (backups / "history-2025-06-02.sqlite3.partial").write_bytes(b"half a copy")
    assert list_backups(data_dir) == []
    with History.open(data_dir, today=DAY) as history:
        assert history.backup is not None
    assert sorted(p.name for p in backups.iterdir()) == ["history-2025-06-02.sqlite3"]


def test_rotation_keeps_seven_daily_and_four_weekly() -> None:
    days = [DAY - timedelta(days=n) for n in range(60)]
    keep = backups_to_keep(days)
    newest_first = sorted(keep, reverse=True)
    assert newest_first[:7] == days[:7]
    weekly = newest_first[7:]
    assert len(weekly) == 4
    weeks = {day.isocalendar()[:2] for day in weekly}
    assert len(weeks) == 4
    assert not weeks & {day.isocalendar()[:2] for day in days[:7]}
    assert backups_to_keep(days[:5]) == set(days[:5])
    assert backups_to_keep([]) == set()


def test_rotation_runs_when_backing_up_and_spares_other_files(data_dir: Path) -> None:
    make_history(data_dir, 5)
    backups = backup_dir(data_dir)
    backups.mkdir()
    source = sqlite3.connect(database_path(data_dir))
    for n in range(1, 40):
        with closing(sqlite3.connect(backups / f"history-{DAY - timedelta(days=n)}.sqlite3")) as c:
            source.backup(c)
    source.close()
    keepsake = backups / "history-v1-before-migration-20250101T120000Z.sqlite3"
    shutil.copyfile(backups / f"history-{DAY - timedelta(days=39)}.sqlite3", keepsake)
    (backups / "README.txt").write_text("mine")
    with History.open(data_dir, today=DAY):
        pass
    daily = sorted(
        date.fromisoformat(p.name[8:18]) for p in backups.glob("history-????-??-??.sqlite3")
    )
    all_days = [DAY - timedelta(days=n) for n in range(40)]
    assert set(daily) == backups_to_keep(all_days)
    assert len(daily) == 11
    assert keepsake.exists() and (backups / "README.txt").exists()
    kinds = [info.kind for info in list_backups(data_dir)]
    assert kinds.count("pre-migration") == 1 and kinds.count("daily") == 11


def test_list_backups_newest_first_and_marks_unreadable(data_dir: Path) -> None:
    make_history(data_dir, 5)
    for offset in (0, 1):
        with History.open(data_dir, today=DAY + timedelta(days=offset)):
            pass
    junk = backup_dir(data_dir) / "history-2025-06-05.sqlite3"
    junk.write_bytes(b"not a backup")
    infos = list_backups(data_dir)
    assert [info.day for info in infos] == [date(2025, 6, 5), date(2025, 6, 3), DAY]
    assert not infos[0].readable and infos[0].counts is None
    assert infos[1].readable
    assert list_backups(data_dir / "nowhere") == []


# ------------------------------------------------------------------ restore


def test_restore_moves_the_current_file_and_its_wal_aside(data_dir: Path) -> None:
    make_history(data_dir, 5)
    with History.open(data_dir, today=DAY) as history:
        backup = history.backup
        history.add_records(pain=entries(3, "after"))
    assert backup is not None
    current = database_path(data_dir).read_bytes()
    moved = restore_backup(data_dir, backup)
    assert moved is not None and moved.read_bytes() == current
    with History.open(data_dir, today=DAY) as history:
        assert history.counts()["pain_entries"] == 5
    assert stat.S_IMODE(database_path(data_dir).stat().st_mode) == 0o600


def test_restore_refuses_a_damaged_or_missing_backup(data_dir: Path, tmp_path: Path) -> None:
    path = make_history(data_dir, 5)
    before = path.read_bytes()
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with pytest.raises(HistoryError, match="Cannot restore bad.sqlite3"):
        restore_backup(data_dir, bad)
    with pytest.raises(HistoryError, match="no backup file"):
        restore_backup(data_dir, tmp_path / "missing.sqlite3")
    assert path.read_bytes() == before
    assert not list(data_dir.glob("history.sqlite3.*"))


def test_restore_into_an_empty_data_dir(data_dir: Path, tmp_path: Path) -> None:
    make_history(data_dir, 7)
    elsewhere = tmp_path / "copy.sqlite3"
    shutil.copyfile(database_path(data_dir), elsewhere)
    fresh = tmp_path / "fresh"
    assert restore_backup(fresh, elsewhere) is None
    with History.open(fresh) as history:
        assert history.counts()["pain_entries"] == 7


# ------------------------------------------------------------------ check


def test_health_of_a_good_a_missing_and_a_damaged_history(data_dir: Path) -> None:
    missing = check_health(data_dir)
    assert missing.ok and not missing.exists
    path = make_history(data_dir)
    good = check_health(data_dir)
    assert good.ok and good.schema_version == SCHEMA_VERSION
    assert good.counts == {"pain_entries": 1500, "sessions": 0, "sets": 0}
    zero_page(path, path.stat().st_size // 4096 // 2)
    before = path.read_bytes()
    bad = check_health(data_dir)
    assert not bad.ok and bad.problems
    assert bad.damaged and bad.reason and "\n" not in bad.reason
    assert path.read_bytes() == before  # the check only reads
    assert not damaged_files(data_dir)


def test_health_reports_a_broken_foreign_key(data_dir: Path) -> None:
    path = make_history(data_dir, 1)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute(
            "INSERT INTO sets VALUES ('s', 'gone', 'towel-curls', 'left', 1,"
            " '2025-06-02T06:00:00.000000Z', '2025-06-02', 120, 8, NULL)"
        )
        connection.commit()
    health = check_health(data_dir)
    assert not health.ok
    assert "sets row 1 points to a missing sessions row" in health.reason


@pytest.mark.parametrize("content", [b"plain text, no database" * 30, b"SQLite format 3\x00"])
def test_health_of_a_file_that_is_not_a_whole_database(data_dir: Path, content: bytes) -> None:
    database_path(data_dir).write_bytes(content)
    health = check_health(data_dir)
    assert not health.ok and health.damaged


def test_health_of_a_newer_history_says_so_and_changes_nothing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from footcoach.history import schema as history_module

    def later_step(connection: sqlite3.Connection) -> None:
        connection.execute("CREATE TABLE from_the_future (x INTEGER) STRICT")

    newer = history_module.SchemaVersion(history_module.latest_version().major + 1)
    step = history_module.MigrationStep(newer, later_step)
    monkeypatch.setattr(history_module, "MIGRATIONS", (*history_module.MIGRATIONS, step))
    path = make_history(data_dir, 3)
    monkeypatch.undo()
    before = path.read_bytes()
    health = check_health(data_dir)
    assert not health.ok and not health.damaged and "newer FootCoach" in health.reason
    assert path.read_bytes() == before


# ------------------------------------------------------------------ rotation after damage


def _log_daily_after(data_dir: Path, start: date, days: int) -> None:
    for n in range(1, days + 1):
        day = start + timedelta(days=n)
        with History.open(data_dir, today=day) as history:
            history.add_pain(entries(1, f"d{n}-", day=day)[0])


@pytest.mark.slow
def test_rotation_spares_the_newest_good_backup_fuller_than_the_history(data_dir: Path) -> None:
    path = make_history(data_dir, 1500, today=DAY - timedelta(days=1))
    with History.open(data_dir, today=DAY) as history:
        full = history.backup
    assert full is not None
    DAMAGE["header"](path)
    set_aside_damaged(data_dir)  # the person chose to start afresh
    _log_daily_after(data_dir, DAY, 40)  # one entry a day: forty new backups, all smaller
    assert full.exists() and is_good_backup(full)
    daily = [info for info in list_backups(data_dir) if info.kind == "daily"]
    assert len(daily) == 11 + 1  # the usual rotation, and the spared one
    assert daily[-1].path == full and daily[-1].records == 1500


@pytest.mark.slow
def test_rotation_does_not_spare_a_damaged_backup(data_dir: Path) -> None:
    path = make_history(data_dir, 1500, today=DAY - timedelta(days=2))
    with History.open(data_dir, today=DAY - timedelta(days=1)) as history:
        older = history.backup
    with History.open(data_dir, today=DAY) as history:
        newer = history.backup
    assert older is not None and newer is not None
    zero_page(newer, newer.stat().st_size // 4096 // 2)  # counts still read; quick_check fails
    DAMAGE["header"](path)
    set_aside_damaged(data_dir)
    _log_daily_after(data_dir, DAY, 40)
    assert older.exists() and not newer.exists()
