"""A second start raises the running window through a local socket (issue 13)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from footcoach.ui.mainwindow.window_activation import (
    WindowActivation,
    request_activation,
    socket_name,
)

SECOND_START = (
    "import sys; from pathlib import Path; "
    "from footcoach.ui.mainwindow.window_activation import request_activation; "
    "print(request_activation(Path(sys.argv[1])))"
)


def test_the_socket_is_named_per_data_dir(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a").mkdir()
    assert socket_name(Path("a")) == socket_name(tmp_path / "a")
    assert socket_name(tmp_path / "a") != socket_name(tmp_path / "b")


def test_nobody_listening_means_no_activation(tmp_path: Path) -> None:
    assert not request_activation(tmp_path)


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen; xcb raises
def test_a_second_start_brings_the_window_forward(qtbot: QtBot, tmp_path: Path) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.showMinimized()
    activation = WindowActivation(tmp_path, window)
    assert activation.listen()
    mode = os.stat(activation.server_path()).st_mode
    assert stat.S_ISSOCK(mode) and mode & 0o077 == 0  # this user's alone
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with qtbot.waitSignal(activation.activated, timeout=10_000):
        second = subprocess.Popen(
            [sys.executable, "-c", SECOND_START, str(tmp_path)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
    out, _ = second.communicate(timeout=10)
    assert (second.returncode, out.strip()) == (0, "True")
    assert not window.isMinimized() and window.isVisible()
    activation.close()
    assert not request_activation(tmp_path)


def test_a_leftover_socket_file_does_not_stop_listening(qtbot: QtBot, tmp_path: Path) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    first = WindowActivation(tmp_path, window)
    assert first.listen()
    second = WindowActivation(tmp_path, window)  # as after a crash: the name is taken
    assert second.listen()
    path = second.server_path()
    second.close()
    first.close()
    assert not os.path.exists(path)  # no socket file left behind
