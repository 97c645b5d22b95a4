"""``footcoach check`` and ``footcoach restore``, through ``cli.main`` and a real subprocess."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from footcoach import instance
from footcoach.cli import main
from footcoach.history import SCHEMA_VERSION, History, database_path, list_backups
from footcoach.instance import InstanceLock
from footcoach.records import Moment, PainContext, PainEntry

DAY = date(2025, 6, 2)


def fill(data_dir: Path, count: int, prefix: str = "p", today: date = DAY) -> None:
    start = datetime(2025, 6, 1, 8, tzinfo=UTC)
    pain = [
        PainEntry(
            f"{prefix}{i}", Moment.from_datetime(start + timedelta(minutes=i)), 4, PainContext.DAY
        )
        for i in range(count)
    ]
    with History.open(data_dir, today=today) as history:
        history.add_records(pain=pain)


def backed_up(data_dir: Path, count: int) -> Path:
    """A history of ``count`` entries with one daily backup of it, dated DAY + 1."""
    fill(data_dir, count)
    with History.open(data_dir, today=DAY + timedelta(days=1)) as history:
        assert history.backup is not None
        return history.backup


def test_check_a_data_dir_without_history(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(data_dir), "check"]) == 0
    out = capsys.readouterr().out
    assert "History: none yet" in out and "Backups: 0 (none yet)" in out


def test_check_a_healthy_history_lists_backups(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = backed_up(data_dir, 12)
    assert main(["--data-dir", str(data_dir), "check"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert f"History: ok, schema v{SCHEMA_VERSION}, 12 pain entries, 0 sessions, 0 sets" in out
    assert "Backups: 1" in out
    assert "2025-06-03  daily" in out and "12 pain entries" in out and str(backup) in out


def test_check_a_damaged_history_exits_1_with_one_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backed_up(data_dir, 5)
    path = database_path(data_dir)
    damaged = b"definitely not SQLite" * 50
    path.write_bytes(damaged)
    assert main(["--data-dir", str(data_dir), "check"]) == 1
    out, err = capsys.readouterr()
    assert err.count("\n") == 1
    assert err.startswith("footcoach: the history file is damaged (it is not a database)")
    assert "Backups: 1" in out  # the way back is listed
    assert path.read_bytes() == damaged  # check never moves or repairs


def test_restore_by_date_keeps_the_current_file(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backed_up(data_dir, 8)
    fill(data_dir, 3, prefix="later", today=DAY + timedelta(days=1))
    assert main(["--data-dir", str(data_dir), "restore", "2025-06-03"]) == 0
    out = capsys.readouterr().out
    assert "8 pain entries" in out and "history.sqlite3.replaced-" in out
    with History.open(data_dir, today=DAY + timedelta(days=1)) as history:
        assert history.counts()["pain_entries"] == 8
    (moved,) = data_dir.glob("history.sqlite3.replaced-*[0-9Z]")
    assert moved.is_file()


def test_restore_by_file_name_and_by_path(data_dir: Path, tmp_path: Path) -> None:
    backup = backed_up(data_dir, 4)
    assert main(["--data-dir", str(data_dir), "restore", backup.name]) == 0
    other = tmp_path / "other"
    assert main(["--data-dir", str(other), "restore", str(backup)]) == 0
    with History.open(other) as history:
        assert history.counts()["pain_entries"] == 4


def test_restore_an_unknown_or_bad_backup_exits_1(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(data_dir, 2)
    assert main(["--data-dir", str(data_dir), "restore", "2020-01-01"]) == 1
    assert "no backup '2020-01-01'" in capsys.readouterr().err
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"junk" * 100)
    assert main(["--data-dir", str(data_dir), "restore", str(junk)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Cannot restore junk.sqlite3" in err
    assert not list(data_dir.glob("history.sqlite3.replaced-*"))


def test_restore_waits_briefly_then_fails_while_footcoach_runs(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = backed_up(data_dir, 3)
    monkeypatch.setattr(instance, "WRITE_WAIT_SECONDS", 0.05)
    with InstanceLock(data_dir):
        assert main(["--data-dir", str(data_dir), "restore", str(backup)]) == 1
    err = capsys.readouterr().err
    assert "FootCoach is already running on" in err and err.count("\n") == 1
    assert not list(data_dir.glob("history.sqlite3.replaced-*"))


def test_restore_needs_an_argument(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["restore"])
    assert caught.value.code == 2


def test_check_and_restore_in_a_real_process(data_dir: Path) -> None:
    backed_up(data_dir, 6)
    (data_dir / "history.sqlite3").write_bytes(b"\x00" * 8192)
    run = [sys.executable, "-m", "footcoach", "--data-dir", str(data_dir)]
    check = subprocess.run([*run, "check"], capture_output=True, text=True, timeout=60)
    assert check.returncode == 1, check.stderr
    assert check.stderr.startswith("footcoach: the history file is damaged")
    (info,) = list_backups(data_dir)
    restore = subprocess.run(
        [*run, "restore", str(info.path)], capture_output=True, text=True, timeout=60
    )
    assert restore.returncode == 0, restore.stderr
    again = subprocess.run([*run, "check"], capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert "6 pain entries" in again.stdout
