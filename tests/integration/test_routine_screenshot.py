"""``footcoach screenshot --view routine``: the player mid-session on demo data, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from footcoach.history import History


def run_cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "footcoach", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip


def test_routine_screenshot_shows_a_session_and_writes_no_history(tmp_path: Path) -> None:
    data = tmp_path / "d"
    assert run_cli("demo", "--days", "30", data_dir=data).returncode == 0
    with History.open(data) as history:
        before = history.counts()
    out = tmp_path / "routine.png"
    result = run_cli("screenshot", str(out), "--view", "routine", "--size", "900x600",
                     data_dir=data)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    image = QImage(str(out))
    assert (image.width(), image.height()) == (900, 600)
    samples = {image.pixel(x, y) for x in range(0, 900, 15) for y in range(0, 600, 15)}
    assert len(samples) > 20  # the ring, the drawing, the step list: not a blank page
    with History.open(data) as history:
        assert history.counts() == before
