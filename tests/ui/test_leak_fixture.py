"""The UI leak fixture fails a test that leaves a timer, a thread or a window behind.

The leaky tests run in a pytest of their own (a copy of the test set-up in a temp dir), so
their failures are what we check, not ours.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]

LEAKY = """
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QWidget

KEPT = []  # what a leaky widget would hold on to


def test_leaves_a_timer_running(qtbot):
    timer = QTimer()
    timer.start(60_000)
    KEPT.append(timer)


def test_leaves_a_thread_running(qtbot):
    thread = QThread()
    thread.start()
    KEPT.append(thread)


def test_leaves_a_window_open(qtbot):
    window = QWidget()
    window.show()
    KEPT.append(window)


def test_leaves_a_timer_ticking_after_its_window_closed(qtbot):
    window = QWidget()
    qtbot.addWidget(window)  # qtbot closes it after the test
    QTimer(window).start(60_000)
    window.show()
    KEPT.append(window)  # closed, not yet deleted: its timer ticks on


def test_stops_what_it_starts(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    timer = QTimer(window)
    timer.start(60_000)
    window.show()
    timer.stop()
"""


def run_leaky_tests(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    copy = tmp_path / "tests"
    (copy / "ui").mkdir(parents=True)
    shutil.copytree(TESTS / "helpers", copy / "helpers", ignore=shutil.ignore_patterns("__py*"))
    shutil.copy(TESTS / "conftest.py", copy / "conftest.py")
    shutil.copy(TESTS / "ui" / "conftest.py", copy / "ui" / "conftest.py")
    (copy / "ui" / "test_leaky.py").write_text(LEAKY, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\nqt_api = pyside6\n", encoding="utf-8")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider"]
    return subprocess.run(
        [*command, "tests/ui/test_leaky.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "COLUMNS": "300"},  # the summary lines whole
    )


def test_the_fixture_fails_leaked_timers_threads_and_windows(tmp_path: Path) -> None:
    result = run_leaky_tests(tmp_path)
    out = result.stdout
    assert result.returncode == 1, out
    summary = [line for line in out.splitlines() if line.startswith("ERROR tests/")]
    assert len(summary) == 4, out
    for name, message in [
        ("test_leaves_a_timer_running", "test left running: QTimer (no owner)"),
        ("test_leaves_a_thread_running", "test left running: QThread (no owner)"),
        ("test_leaves_a_window_open", "test left windows open"),
        ("test_leaves_a_timer_ticking_after_its_window_closed", "QTimer in QWidget"),
    ]:
        assert any(name in line and message in line for line in summary), out
    # The bodies pass and the fixture errors at teardown; the clean test has no error.
    assert "5 passed, 4 errors" in out, out
