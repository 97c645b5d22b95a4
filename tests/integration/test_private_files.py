"""Everything FootCoach keeps is private (dirs 0700, files 0600), whatever the umask.

A subprocess with umask 000 logs pain, imports a routine with an image, runs the real GUI
(offscreen, closing itself, so it writes settings and a backup), exports and checks; then
nothing in the data dir may be open to group or others (``find DIR -perm /077``).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from integration.test_routine_cli import plan_file

from footcoach import paths

SESSION = """
import os, sys
os.umask(0)
from PySide6.QtCore import QTimer
from footcoach import app
from footcoach.cli import main

data, plan = sys.argv[1], sys.argv[2]
steps = [
    ["log-pain", "4", "--note", "private"],
    ["routine", "import", plan],
    None,  # the GUI, which closes itself and saves its window state
    ["log-pain", "3"],
    ["check"],
]
built = app.build_window

def closing_window(*args, **kwargs):
    window = built(*args, **kwargs)
    QTimer.singleShot(200, window.close)
    return window

app.build_window = closing_window
for argv in steps:
    code = main(["--data-dir", data, *(argv or [])])
    if code:
        sys.exit(f"{argv}: exit {code}")
"""


def open_to_others(directory: Path) -> list[str]:
    found = [directory, *directory.rglob("*")]
    return [
        f"{oct(stat.S_IMODE(path.lstat().st_mode))} {path}"
        for path in found
        if stat.S_IMODE(path.lstat().st_mode) & 0o077 and not path.is_symlink()
    ]


@pytest.mark.slow
def test_nothing_in_the_data_dir_is_open_to_others_under_umask_000(tmp_path: Path) -> None:
    data = tmp_path / "data"
    plan = plan_file(tmp_path / "plan")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop(paths.ENV_DATA_DIR, None)
    result = subprocess.run(
        [sys.executable, "-c", SESSION, str(data), str(plan)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    names = {path.name for path in data.rglob("*")}
    assert {"settings.ini", "calf.png", "backups", "history.sqlite3"} <= names, names
    assert list((data / "backups").iterdir())
    assert open_to_others(data) == []
    find = subprocess.run(["find", str(data), "-perm", "/077"], capture_output=True, text=True)
    assert find.stdout == ""


def test_an_existing_open_data_dir_is_tightened_at_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "backups").mkdir(parents=True)
    (data / "routine-images" / "plan").mkdir(parents=True)
    files = [
        data / "settings.ini",
        data / "history.sqlite3",
        data / "backups" / "history-2025-06-02.sqlite3",
        data / "routine-images" / "plan" / "calf.png",
    ]
    for path in files:
        path.write_bytes(b"x")
        path.chmod(0o644)
    for folder in (data, data / "backups", data / "routine-images", data / "routine-images/plan"):
        folder.chmod(0o755)
    mine = data / "notes.txt"  # not FootCoach's: left as the person made it
    mine.write_text("mine")
    mine.chmod(0o644)
    assert paths.configure(data) == data
    assert open_to_others(data) == [f"0o644 {mine}"]
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600


def test_a_symlink_in_the_data_dir_is_not_followed(tmp_path: Path) -> None:
    data = tmp_path / "linked"
    data.mkdir()
    outside = tmp_path / "outside.ini"
    outside.write_text("x")
    outside.chmod(0o644)
    (data / "settings.ini").symlink_to(outside)
    paths.configure(data)
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644
