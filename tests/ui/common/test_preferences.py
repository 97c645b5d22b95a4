"""The settings file: a version-1 file keeps every value, bad values reset with a log line."""

from __future__ import annotations

import logging
from datetime import time

import pytest

from footcoach import paths, settings
from footcoach.ui.common.preferences import Preferences
from footcoach.ui.common.theme import ThemeMode

VERSION_1 = """[appearance]
theme=dark

[timer]
lead_in_seconds=9

[sound]
muted=true
volume=35

[window]
geometry=@ByteArray(abc)
"""


def test_a_version_1_file_keeps_its_values_and_gains_the_version() -> None:
    path = paths.settings_file()
    path.write_text(VERSION_1)
    prefs = Preferences(path)
    assert prefs.stored_version() == settings.SETTINGS_VERSION
    assert (prefs.theme, prefs.lead_in_seconds, prefs.muted, prefs.volume) == (
        ThemeMode.DARK,
        9,
        True,
        35,
    )
    assert prefs.window_state("geometry") is not None
    assert prefs.get(settings.REMINDERS_ON) is False
    text = path.read_text()
    assert "version=2" in text and "lead_in_seconds=9" in text


def test_a_bad_value_resets_to_its_default_with_one_log_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = paths.settings_file()
    path.write_text("[meta]\nversion=2\n\n[reminders]\ntimes=8 o'clock\n\n[sound]\nvolume=300\n")
    prefs = Preferences(path)
    with caplog.at_level(logging.WARNING):
        assert prefs.get(settings.REMINDER_TIMES) == (time(18, 0),)
        assert prefs.volume == 70
    problems = [r.getMessage() for r in caplog.records]
    assert len(problems) == 2
    assert "reminders/times" in problems[0] and "sound/volume" in problems[1]
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert Preferences(path).volume == 70
    assert caplog.records == []  # reset in the file: said once, not at every start


def test_a_newer_file_is_read_and_left_marked_as_it_is(caplog: pytest.LogCaptureFixture) -> None:
    path = paths.settings_file()
    path.write_text("[meta]\nversion=7\n\n[timer]\nlead_in_seconds=3\n")
    with caplog.at_level(logging.WARNING):
        prefs = Preferences(path)
    assert prefs.lead_in_seconds == 3
    prefs.lead_in_seconds = 4
    assert prefs.stored_version() == 7
    assert any("newer" in r.getMessage() for r in caplog.records)


def test_setting_a_value_it_cannot_hold_raises_and_stores_nothing() -> None:
    prefs = Preferences(paths.settings_file())
    with pytest.raises(ValueError):
        prefs.set(settings.SNOOZE_MINUTES, 1)
    assert prefs.get(settings.SNOOZE_MINUTES) == 15
    prefs.set(settings.REMINDER_DAYS, frozenset({0, 4}))
    assert Preferences(paths.settings_file()).get(settings.REMINDER_DAYS) == frozenset({0, 4})
