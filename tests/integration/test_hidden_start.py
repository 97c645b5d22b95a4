"""``footcoach --hidden`` (start at login): it waits without a window, loads no chart, and a
second start opens its window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Printed by a helper thread when the test writes a line: the heavy modules loaded so far.
WAITER = """
import sys, threading, runpy
def report():
    sys.stdin.readline()
    heavy = sorted(m for m in sys.modules if m.startswith(("numpy", "pyqtgraph")))
    windows = "footcoach.ui.mainwindow.main_window" in sys.modules
    print("report", windows, *heavy, flush=True)
threading.Thread(target=report, daemon=True).start()
sys.argv = ["footcoach", "--data-dir", sys.argv[1], "--hidden"]
runpy.run_module("footcoach", run_name="__main__", alter_sys=True)
"""


def test_started_hidden_it_waits_light_and_a_second_start_opens_the_window(
    tmp_path: Path,
) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    waiting = subprocess.Popen(
        [sys.executable, "-c", WAITER, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert waiting.stdin is not None and waiting.stdout is not None
    try:
        assert waiting.stdout.readline().strip() == "footcoach: waiting in the background"
        waiting.stdin.write("report\n")
        waiting.stdin.flush()
        assert waiting.stdout.readline().split() == ["report", "False"]  # no window, no numpy
        second = subprocess.run(
            [sys.executable, "-m", "footcoach", "--data-dir", str(tmp_path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert second.returncode == 0, second.stderr
        assert "brought its window forward" in second.stdout
    finally:
        waiting.terminate()
        _out, err = waiting.communicate(timeout=30)
    assert "Traceback" not in err
