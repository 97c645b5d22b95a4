"""The settings page: reminders, start at login, background running and desk breaks."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from footcoach import APP_ID, settings


def autostart_file() -> Path:
    # tests/conftest.py points XDG_CONFIG_HOME into the test's temp dir.
    import os

    return Path(os.environ["XDG_CONFIG_HOME"]) / "autostart" / f"{APP_ID}.desktop"


def test_start_at_login_writes_and_removes_the_autostart_entry(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.show_view("settings")
    view = window.settings_view
    assert not view.start_at_login.isChecked()
    view.start_at_login.setChecked(True)
    text = autostart_file().read_text()
    assert "--hidden" in text and "--data-dir" in text
    assert window.preferences.get(settings.START_AT_LOGIN) is True
    view.start_at_login.setChecked(False)
    assert not autostart_file().exists()


def test_a_deleted_autostart_file_reads_as_off(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.show_view("settings")
    window.settings_view.start_at_login.setChecked(True)
    autostart_file().unlink()  # the person removed it by hand
    window.show_view("exercises")
    window.show_view("settings")
    assert not window.settings_view.start_at_login.isChecked()
    assert window.preferences.get(settings.START_AT_LOGIN) is False
    assert not autostart_file().exists()  # and it is not written back


def test_reminder_settings_are_saved_at_once_and_announced(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.show_view("settings")
    view = window.settings_view
    with qtbot.waitSignal(window.companion_settings_changed):
        view.reminders_on.setChecked(True)
    view.reminder_days.boxes[6].setChecked(False)  # no Sunday
    view.reminder_times.setText("18:30, 7:05")
    view.reminder_times.editingFinished.emit()
    view.reminder_routine.setCurrentIndex(view.reminder_routine.findData("desk-break"))
    p = window.preferences
    assert p.get(settings.REMINDERS_ON) is True
    assert p.get(settings.REMINDER_DAYS) == frozenset(range(6))
    assert p.get(settings.REMINDER_TIMES) == (time(7, 5), time(18, 30))
    assert view.reminder_times.text() == "07:05, 18:30"
    assert p.get(settings.REMINDER_ROUTINE) == "desk-break"


def test_a_bad_time_says_so_and_keeps_the_old_one(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.show_view("settings")
    view = window.settings_view
    view.reminders_on.setChecked(True)
    view.reminder_times.setText("half past six")
    view.reminder_times.editingFinished.emit()
    assert view.times_problem.isVisibleTo(view)
    assert "18:30" in view.times_problem.text()
    assert window.preferences.get(settings.REMINDER_TIMES) == (time(18, 0),)


def test_working_hours_that_end_before_they_start_are_not_saved(make_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTime

    window = make_window()
    window.show_view("settings")
    view = window.settings_view
    view.nudges_on.setChecked(True)
    view.work_end.setTime(QTime(8, 0))
    assert view.hours_problem.isVisibleTo(view)
    assert window.preferences.get(settings.WORK_END) == time(17, 30)
    view.work_end.setTime(QTime(16, 0))
    assert not view.hours_problem.isVisibleTo(view)
    assert window.preferences.get(settings.WORK_END) == time(16, 0)


def test_the_controls_of_an_unused_feature_are_off(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.show_view("settings")
    view = window.settings_view
    assert not view.reminder_times.isEnabled() and not view.work_start.isEnabled()
    view.nudges_on.setChecked(True)
    assert view.work_start.isEnabled() and not view.reminder_times.isEnabled()
