"""The settings model: every value checked, bad ones back to their default, the version."""

from __future__ import annotations

from datetime import time

import pytest

from footcoach import settings


@pytest.mark.parametrize(
    ("setting", "stored", "expected"),
    [
        (settings.THEME, "dark", "dark"),
        (settings.LEAD_IN_SECONDS, "12", 12),
        (settings.MUTED, "true", True),
        (settings.REMINDER_TIMES, "18:30,08:00", (time(8, 0), time(18, 30))),
        (settings.REMINDER_TIMES, ["07:05", " 21:00"], (time(7, 5), time(21, 0))),
        (settings.REMINDER_DAYS, "mon,wed,Sun", frozenset({0, 2, 6})),
        (settings.REMINDER_DAYS, "", frozenset()),
        (settings.WORK_START, "8:15", time(8, 15)),
        (settings.REMINDER_ROUTINE, "desk-break", "desk-break"),
        (settings.NUDGE_MINUTES, "45", 45),
    ],
)
def test_good_values_are_read(setting, stored, expected) -> None:  # type: ignore[no-untyped-def]
    assert settings.read_value(setting, stored) == (expected, None)


@pytest.mark.parametrize(
    ("setting", "stored"),
    [
        (settings.THEME, "purple"),
        (settings.LEAD_IN_SECONDS, "99"),
        (settings.VOLUME, "loud"),
        (settings.MUTED, "perhaps"),
        (settings.REMINDER_TIMES, "25:00"),
        (settings.REMINDER_TIMES, "06:00,07:00,08:00,09:00,10:00"),
        (settings.REMINDER_DAYS, "mon,someday"),
        (settings.REMINDER_ROUTINE, "../../etc"),
        (settings.SNOOZE_MINUTES, "0"),
        (settings.NUDGE_MINUTES, "5"),
    ],
)
def test_a_bad_value_is_the_default_with_one_line_naming_it(setting, stored) -> None:  # type: ignore[no-untyped-def]
    value, problem = settings.read_value(setting, stored)
    assert value == setting.default
    assert problem is not None and "\n" not in problem
    assert setting.key in problem and "default" in problem


def test_nothing_stored_is_the_default_quietly() -> None:
    for setting in settings.SETTINGS:
        assert settings.read_value(setting, None) == (setting.default, None)
        # Every default survives its own round trip through the file's form.
        assert setting.parse(setting.text(setting.default)) == setting.default


def test_reminders_and_nudges_are_off_until_asked_for() -> None:
    assert settings.REMINDERS_ON.default is False
    assert settings.NUDGES_ON.default is False
    assert settings.START_AT_LOGIN.default is False


def test_versions() -> None:
    assert settings.migrate(None) == (settings.SETTINGS_VERSION, None)
    assert settings.migrate("1") == (settings.SETTINGS_VERSION, None)
    assert settings.migrate(str(settings.SETTINGS_VERSION)) == (None, None)
    version, problem = settings.migrate("9")
    assert version is None and problem is not None and "newer" in problem
    version, problem = settings.migrate("x")
    assert version == settings.SETTINGS_VERSION and problem is not None


def test_working_hours_must_end_after_they_start() -> None:
    assert settings.working_hours_problem(time(9), time(17)) is None
    assert settings.working_hours_problem(time(17), time(9)) is not None


def test_any_routine_the_store_can_make_can_be_reminded_of() -> None:
    """A routine made from a long name has a long id: the reminder setting must hold it."""
    from footcoach.limits import MAX_NAME_CHARS
    from footcoach.routines.files import slugify

    longest = f"{slugify('a' * MAX_NAME_CHARS)}-12"
    assert settings.read_value(settings.REMINDER_ROUTINE, longest) == (longest, None)
    _value, problem = settings.read_value(settings.REMINDER_ROUTINE, "Not An Id")
    assert problem is not None
