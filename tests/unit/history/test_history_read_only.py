"""Reading a history where nothing can be written: a read-only disk, a full one, no permission.

Tests run as any user; a folder SQLite cannot write beside is simulated by making
``os.access`` say so (as it does on a read-only mount, even for root). The real read-only
mount is in ``tests/integration/test_read_only_media.py``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from unit.history.test_history_recovery import entries, files_in, make_history

from footcoach import paths
from footcoach.history import (
    SCHEMA_VERSION,
    History,
    HistoryError,
    check_health,
    database_path,
)
from footcoach.history import inspection as history_module

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def make_folders_unwritable(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on every folder reads as one SQLite cannot create its shm in."""
    real_access = os.access

    def access(path: object, mode: int, **kwargs: object) -> bool:
        if mode & os.W_OK and Path(str(path)).is_dir():
            return False
        return real_access(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(history_module.os, "access", access)


def test_a_read_only_history_reads_everything_and_writes_nothing(data_dir: Path) -> None:
    make_history(data_dir, 40)
    before = database_path(data_dir).read_bytes()
    with History.open_read_only(data_dir, "the disk is read-only") as history:
        assert history.read_only == "the disk is read-only"
        assert history.counts()["pain_entries"] == 40
        with pytest.raises(HistoryError, match="read-only"):
            history.add_pain(entries(1, "new")[0])
    assert database_path(data_dir).read_bytes() == before


def test_a_closed_history_in_an_unwritable_folder_is_read_as_immutable(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_history(data_dir, 40)
    make_folders_unwritable(monkeypatch)
    before = files_in(data_dir)
    with History.open_read_only(data_dir, "the disk is read-only") as history:
        assert history.counts()["pain_entries"] == 40
    assert check_health(data_dir).ok
    assert files_in(data_dir) == before  # no shm, no WAL: nothing written beside it


def test_rows_still_in_the_wal_are_read_from_a_private_copy(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    with History.open(data_dir) as history:
        history.add_records(pain=entries(50))
        for name in ("history.sqlite3", "history.sqlite3-wal"):  # as a crash leaves them
            shutil.copyfile(data_dir / name, crashed / name)
    make_folders_unwritable(monkeypatch)
    before = files_in(crashed)
    with History.open_read_only(crashed, "the disk is read-only") as history:
        assert history.counts()["pain_entries"] == 50
    health = check_health(crashed)
    assert health.ok and health.counts == {"pain_entries": 50, "sessions": 0, "sets": 0}
    assert files_in(crashed) == before


def test_an_older_schema_is_migrated_in_memory_only(data_dir: Path) -> None:
    path = database_path(data_dir)
    shutil.copyfile(FIXTURES / "history-v1.sqlite3", path)
    before = path.read_bytes()
    with History.open_read_only(data_dir, "the disk is read-only") as history:
        assert history.pragmas()["user_version"] == SCHEMA_VERSION.packed()
        assert history.counts() == {"pain_entries": 3, "sessions": 2, "sets": 3}
        assert history.routine_rows() == []
    assert path.read_bytes() == before
    assert not (data_dir / "backups").exists()


def test_no_history_yet_reads_as_empty(data_dir: Path) -> None:
    with History.open_read_only(data_dir, "the disk is read-only") as history:
        assert history.is_empty()
    assert list(data_dir.iterdir()) == []


@pytest.mark.parametrize(
    "problem", ["the disk is read-only", "the disk is full", "there is no permission to write"]
)
def test_open_names_why_it_cannot_write_or_falls_back_to_reading(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, problem: str
) -> None:
    make_history(data_dir, 5)
    monkeypatch.setattr(paths, "write_problem", lambda directory: problem)
    with pytest.raises(HistoryError) as caught:
        History.open(data_dir)
    assert str(caught.value) == f"Cannot write to the history: {problem} ({data_dir})"
    with History.open(data_dir, or_read_only=True) as history:
        assert history.read_only == problem
        assert history.counts()["pain_entries"] == 5
        assert history.backup is None


def test_a_read_only_history_file_is_named_as_such(data_dir: Path) -> None:
    path = make_history(data_dir, 5)
    path.chmod(0o400)
    if os.access(path, os.W_OK):
        pytest.skip("root writes to any file")
    with pytest.raises(HistoryError, match="the history file is read-only"):
        History.open(data_dir)


def test_write_problem_of_a_writable_folder_is_none(tmp_path: Path) -> None:
    assert paths.write_problem(tmp_path) is None
