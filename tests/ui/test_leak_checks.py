"""The leak check itself: a timer or thread left running is caught."""

from __future__ import annotations

from helpers.qt_leaks import still_running
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot


def test_a_timer_left_running_is_caught() -> None:
    timer = QTimer()
    timer.start(60_000)
    assert still_running([timer]) == [timer]
    timer.stop()
    assert still_running([timer]) == []


def test_a_timer_of_an_open_window_or_a_closed_one_is_caught(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    timer = QTimer(window)
    timer.start(60_000)
    window.show()
    assert still_running([timer]) == [timer]
    window.close()  # hidden, not deleted: the timer would tick after close
    assert still_running([timer]) == [timer]
    timer.stop()
    assert still_running([timer]) == []


def test_a_thread_left_running_is_caught() -> None:
    thread = QThread()
    thread.start()  # an event loop that runs until told to quit
    try:
        assert still_running([thread]) == [thread]
    finally:
        thread.quit()
        thread.wait()
    assert still_running([thread]) == []
