"""A history on a read-only disk, and on a full one: reading works, writing says why.

The disk is real: each command runs in a private mount namespace (``unshare -m``) where the
data dir is bind-mounted read-only, or is a small tmpfs filled to the brim. Where that is not
possible (not root, no ``unshare``), the tests are skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from unit.history.test_history_recovery import entries

from footcoach.history import History

MOUNT_READ_ONLY = 'mount --bind "$D" "$D" && mount -o remount,bind,ro "$D"'
# A 1 MB tmpfs over the data dir, holding a copy of the history, then filled.
MOUNT_FULL = (
    'cp -a "$D" "$D.copy" && mount -t tmpfs -o size=1m tmpfs "$D" && cp -a "$D.copy/." "$D" '
    '&& (dd if=/dev/zero of="$D/filler" bs=4k 2>/dev/null; true)'
)


def _can_mount() -> bool:
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "true"], capture_output=True, check=False
    )
    return probe.returncode == 0


pytestmark = pytest.mark.skipif(not _can_mount(), reason="needs root and unshare -m")


def run_on(mount: str, data_dir: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` (a footcoach command, or ``-c CODE``) with the data dir mounted so."""
    python = [sys.executable] + (list(argv) if argv[0] == "-c" else ["-m", "footcoach"])
    if argv[0] != "-c":
        python += ["--data-dir", str(data_dir), *argv]
    script = f'{mount} && exec "$@"'
    env = {**os.environ, "D": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh", *python],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.fixture
def history_of_40(data_dir: Path) -> Path:
    with History.open(data_dir) as history:
        history.add_records(pain=entries(40))
    return data_dir


def files_in(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in directory.iterdir() if p.is_file()}


def test_reading_commands_work_on_a_read_only_disk(history_of_40: Path, tmp_path: Path) -> None:
    data_dir = history_of_40
    writable = subprocess.run(
        [sys.executable, "-m", "footcoach", "--data-dir", str(data_dir), "summary", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    before = files_in(data_dir)
    summary = run_on(MOUNT_READ_ONLY, data_dir, "summary", "--json")
    assert (summary.returncode, summary.stderr) == (0, "")
    assert summary.stdout == writable.stdout
    out = tmp_path / "out.csv"
    export = run_on(MOUNT_READ_ONLY, data_dir, "export", str(out))
    assert export.returncode == 0, export.stderr
    assert export.stdout.startswith("Exported 40 records")
    check = run_on(MOUNT_READ_ONLY, data_dir, "check")
    assert check.returncode == 0, check.stderr
    assert "History: ok" in check.stdout and "40 pain entries" in check.stdout
    assert files_in(data_dir) == before


def test_routine_list_and_suggest_work_on_a_read_only_disk(history_of_40: Path) -> None:
    before = files_in(history_of_40)
    listed = run_on(MOUNT_READ_ONLY, history_of_40, "routine", "list")
    assert (listed.returncode, listed.stderr) == (0, "")
    assert "daily-foot-routine" in listed.stdout
    suggested = run_on(MOUNT_READ_ONLY, history_of_40, "routine", "suggest", "daily-foot-routine")
    assert (suggested.returncode, suggested.stderr) == (0, "")
    assert suggested.stdout.strip()
    assert files_in(history_of_40) == before


def test_rows_still_in_the_wal_are_read_on_a_read_only_disk(data_dir: Path, tmp_path: Path) -> None:
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    with History.open(data_dir) as history:
        history.add_records(pain=entries(30))
        for name in ("history.sqlite3", "history.sqlite3-wal"):  # as a crash leaves them
            shutil.copyfile(data_dir / name, crashed / name)
    export = run_on(MOUNT_READ_ONLY, crashed, "export", str(tmp_path / "out.json"))
    assert export.returncode == 0, export.stderr
    assert export.stdout.startswith("Exported 30 records")


def test_writing_on_a_read_only_disk_says_why(history_of_40: Path) -> None:
    logged = run_on(MOUNT_READ_ONLY, history_of_40, "log-pain", "3")
    assert logged.returncode == 1
    assert logged.stderr == (
        f"footcoach: Cannot write to the history: the disk is read-only ({history_of_40})\n"
    )
    lock = run_on(
        MOUNT_READ_ONLY,
        history_of_40,
        "-c",
        "import sys; from pathlib import Path; from footcoach.instance import InstanceLock;"
        f"InstanceLock(Path({str(history_of_40)!r})).acquire(0)",
    )
    assert lock.returncode == 1
    assert lock.stderr.strip().endswith("footcoach.lock: the disk is read-only")


def test_the_gui_opens_a_read_only_disk_read_only(history_of_40: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from footcoach import app, paths;"
        "from footcoach.ui.common.actions import ActionId;"
        f"paths.configure(Path({str(history_of_40)!r}));"
        "problem = paths.write_problem(paths.data_dir());"
        "history = app.open_history(paths.data_dir(), problem);"
        "window = app.build_window(history, persist=False);"
        "print(history.read_only, history.counts()['pain_entries']);"
        "print(window.windowTitle(), window.actions_by_id[ActionId.LOG_PAIN].isEnabled())"
    )
    result = run_on(MOUNT_READ_ONLY, history_of_40, "-c", code)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "the disk is read-only 40"
    assert lines[1] == "FootCoach (read-only) False"


def test_a_full_disk_is_named_and_the_history_still_reads(history_of_40: Path) -> None:
    logged = run_on(MOUNT_FULL, history_of_40, "log-pain", "3")
    assert logged.returncode == 1
    assert logged.stderr == (
        f"footcoach: Cannot write to the history: the disk is full ({history_of_40})\n"
    )
    summary = run_on(MOUNT_FULL, history_of_40, "summary")
    assert summary.returncode == 0, summary.stderr
    assert summary.stdout.startswith("Daytime pain logged on 1 day")
    lock = run_on(
        MOUNT_FULL,
        history_of_40,
        "-c",
        "from pathlib import Path; from footcoach.instance import InstanceLock;"
        f"InstanceLock(Path({str(history_of_40)!r})).acquire(0)",
    )
    assert "the disk is full" in lock.stderr
