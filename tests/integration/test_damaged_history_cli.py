"""A damaged history met by any command: kept byte for byte, one line naming the backup, exit 1.

Each kind of damage (``helpers.damage``) x each command, through ``cli.main``; then the
restore that the line names, and the GUI's choices (``app.open_history``).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers.damage import DAMAGE
from unit.history.test_history_recovery import entries, files_in

from footcoach import app
from footcoach.app import DamageChoice
from footcoach.cli import main
from footcoach.history import History, HistoryDamagedError, database_path

DAY = date(2025, 6, 2)
COMMANDS = {
    "summary": ["summary"],
    "log-pain": ["log-pain", "3"],
    "export": ["export", "OUT.csv"],
    "check": ["check"],
    "routine list": ["routine", "list"],
    "screenshot": ["screenshot", "OUT.png"],
    "report": ["report", "OUT.pdf"],
    "share": ["share", "OUT"],
}


def damaged(data_dir: Path, kind: str) -> Path:
    """A history of 300 entries with a backup of it, then damaged; returns the backup."""
    with History.open(data_dir, today=DAY - timedelta(days=1)) as history:
        history.add_records(pain=entries(300, day=DAY - timedelta(days=1)))
    with History.open(data_dir, today=DAY) as history:
        assert history.backup is not None
        backup = history.backup
    DAMAGE[kind](database_path(data_dir))
    return backup


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_every_command_stops_on_damage_with_one_line(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    command: str,
) -> None:
    damaged(data_dir, kind)
    before = files_in(data_dir)
    argv = [arg.replace("OUT", str(tmp_path / "out")) for arg in COMMANDS[command]]
    assert main(["--data-dir", str(data_dir), *argv]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith("footcoach: the history file is damaged (")
    assert err.rstrip().endswith(
        f"Restore the newest good backup (2025-06-02, 300 records) with: "
        f"footcoach --data-dir {data_dir} restore history-2025-06-02.sqlite3"
    )
    assert files_in(data_dir) == before  # nothing moved, nothing started afresh
    assert not list(tmp_path.glob("out*"))


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_the_named_restore_brings_the_history_back(
    data_dir: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    damaged(data_dir, kind)
    original = database_path(data_dir).read_bytes()
    assert main(["--data-dir", str(data_dir), "summary"]) == 1
    command = capsys.readouterr().err.rstrip().rsplit(" with: footcoach ", 1)[1].split()
    assert command[:2] == ["--data-dir", str(data_dir)]
    assert main(command) == 0
    out = capsys.readouterr().out
    assert "(300 pain entries, 0 sessions, 0 sets)" in out
    (kept,) = data_dir.glob("history.sqlite3.replaced-*")
    assert kept.read_bytes() == original
    assert main(["--data-dir", str(data_dir), "check"]) == 0


def test_damage_without_a_backup_says_how_to_start_afresh(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database_path(data_dir).write_bytes(b"not a database" * 100)
    assert main(["--data-dir", str(data_dir), "log-pain", "2"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "No good backup was found: keep that file, and move it out of" in err


# ------------------------------------------------------------------ the GUI's choices


def answer(monkeypatch: pytest.MonkeyPatch, choice: DamageChoice) -> list[HistoryDamagedError]:
    asked: list[HistoryDamagedError] = []

    def ask(damage: HistoryDamagedError) -> DamageChoice:
        asked.append(damage)
        return choice

    monkeypatch.setattr(app, "ask_about_damage", ask)
    return asked


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_gui_quit_keeps_everything(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    backup = damaged(data_dir, kind)
    before = files_in(data_dir)
    asked = answer(monkeypatch, DamageChoice.QUIT)
    with pytest.raises(HistoryDamagedError):
        app.open_history(data_dir)
    assert asked[0].backup is not None and asked[0].backup.path == backup
    assert files_in(data_dir) == before


def test_gui_restore_opens_the_backup(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    damaged(data_dir, "header")
    answer(monkeypatch, DamageChoice.RESTORE)
    with app.open_history(data_dir) as history:
        assert history.read_only is None
        assert history.counts()["pain_entries"] == 300
    assert len(list(data_dir.glob("history.sqlite3.replaced-*"))) == 1


def test_gui_can_look_at_the_backup_read_only(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged(data_dir, "zeroed-page")
    before = files_in(data_dir)
    answer(monkeypatch, DamageChoice.VIEW_BACKUP)
    with app.open_history(data_dir) as history:
        assert history.read_only == "this is the backup of 2 June 2025, shown without restoring it"
        assert history.counts()["pain_entries"] == 300
    assert files_in(data_dir) == before


def test_gui_starts_afresh_only_when_asked_and_only_without_a_backup(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged(data_dir, "truncated")
    answer(monkeypatch, DamageChoice.START_NEW)  # not offered with a backup: treated as quit
    with pytest.raises(HistoryDamagedError):
        app.open_history(data_dir)
    for backup in (data_dir / "backups").iterdir():
        backup.unlink()
    original = database_path(data_dir).read_bytes()
    with app.open_history(data_dir) as history:
        assert history.is_empty()
    (kept,) = data_dir.glob("history.sqlite3.damaged-*")
    assert kept.read_bytes() == original


def test_the_damage_dialog_offers_what_it_says(data_dir: Path, qtbot: object) -> None:
    from PySide6.QtWidgets import QMessageBox

    damaged(data_dir, "header")
    shown: list[tuple[str, list[str]]] = []

    def exec_(box: QMessageBox) -> int:
        shown.append((box.informativeText(), [button.text() for button in box.buttons()]))
        return 0

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(QMessageBox, "exec", exec_)
        with pytest.raises(HistoryDamagedError):
            app.open_history(data_dir)
    ((text, buttons),) = shown
    assert "left the file exactly as it is" in text and str(database_path(data_dir)) in text
    assert "from 2 June 2025 and holds 300 records" in text
    assert sorted(buttons) == ["Look at it read-only", "Quit", "Restore this backup"]
