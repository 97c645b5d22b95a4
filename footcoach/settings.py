"""The person's settings: each one's key, default and what it may hold, and the file's version.

Plain Python, no Qt: ``ui/common/preferences.Preferences`` keeps the values in
``<data dir>/settings.ini`` (QSettings) and reads every one through :func:`read_value`, so a
bad or unknown value (typed by hand, or left by another version) goes back to its default with
one line in the log and never stops the app.

Version 1 was the file before reminders (theme, get-ready time, sounds, window state): version 2
keeps every one of its keys as they were and adds the companion's (reminders, start at login,
running in the background, desk-break nudges). :func:`migrate` says what a file needs.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import time
from typing import Generic, TypeVar

from footcoach.limits import MAX_SESSION_ROUTINE_CHARS

log = logging.getLogger(__name__)

SETTINGS_VERSION = 2
VERSION_KEY = "meta/version"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Day names as the file writes them; index 0 is Monday, as ``date.weekday()``."""
MAX_REMINDER_TIMES = 4

T = TypeVar("T")


class SettingValueError(ValueError):
    """A stored value that a setting cannot hold."""


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One setting: its key in the file, its default, how a stored value is read and written."""

    key: str
    default: T
    parse: Callable[[object], T]
    text: Callable[[T], object] = lambda value: value


def parse_bool(value: object) -> bool:
    """``true``/``false`` as INI files hold them (QSettings hands back strings)."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in {"true", "1", "yes", "on"}:
        return True
    if word in {"false", "0", "no", "off"}:
        return False
    raise SettingValueError(f"{value!r} is neither true nor false")


def int_between(low: int, high: int) -> Callable[[object], int]:
    """A reader of whole numbers from ``low`` to ``high``."""

    def parse(value: object) -> int:
        try:
            number = int(str(value).strip())
        except ValueError:
            raise SettingValueError(f"{value!r} is not a whole number") from None
        if not low <= number <= high:
            raise SettingValueError(f"{number} is outside {low}-{high}")
        return number

    return parse


def one_of(*choices: str) -> Callable[[object], str]:
    """A reader that accepts only ``choices``."""

    def parse(value: object) -> str:
        word = str(value).strip()
        if word not in choices:
            raise SettingValueError(f"{value!r} is not one of {', '.join(choices)}")
        return word

    return parse


_CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def parse_clock(value: object) -> time:
    """``HH:MM`` on the 24-hour clock."""
    match = _CLOCK.fullmatch(str(value).strip())
    if match is None:
        raise SettingValueError(f"{value!r} is not a time like 18:30")
    return time(int(match[1]), int(match[2]))


def clock_text(moment: time) -> str:
    """The ``HH:MM`` form of a time."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _words(value: object) -> list[str]:
    # A hand-edited "a, b" comes back from QSettings as a list, a written one as one string.
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    return [str(item).strip() for item in items if str(item).strip()]


def parse_times(value: object) -> tuple[time, ...]:
    """Up to four distinct times of day, sorted: ``08:00,18:30``."""
    times = sorted({parse_clock(word) for word in _words(value)})
    if not times:
        raise SettingValueError("no time of day is given")
    if len(times) > MAX_REMINDER_TIMES:
        raise SettingValueError(f"more than {MAX_REMINDER_TIMES} times of day")
    return tuple(times)


def times_text(times: Iterable[time]) -> str:
    """The stored form of times of day."""
    return ",".join(clock_text(moment) for moment in sorted(times))


def parse_days(value: object) -> frozenset[int]:
    """Days of the week (``mon,tue``) as ``date.weekday()`` numbers; an empty list is allowed."""
    days = set()
    for word in _words(value):
        if word.lower() not in WEEKDAYS:
            raise SettingValueError(f"{word!r} is not a day ({', '.join(WEEKDAYS)})")
        days.add(WEEKDAYS.index(word.lower()))
    return frozenset(days)


def days_text(days: Iterable[int]) -> str:
    """The stored form of days of the week."""
    return ",".join(WEEKDAYS[day] for day in sorted(set(days)))


_ROUTINE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


def parse_routine_id(value: object) -> str:
    """A routine id as the routine store makes them (lower-case words joined by hyphens), as
    long as the history lets a session's routine be (a name's slug and a number fit)."""
    word = str(value).strip()
    if len(word) > MAX_SESSION_ROUTINE_CHARS or not _ROUTINE_ID.fullmatch(word):
        raise SettingValueError(f"{value!r} is not a routine id")
    return word


def parse_text(value: object) -> str:
    """Any short line of text (an exercise id, remembered only for convenience)."""
    text = str(value)
    if len(text) > 200 or "\n" in text:
        raise SettingValueError("the text is too long or spans lines")
    return text


ALL_DAYS = frozenset(range(7))
WORKING_DAYS = frozenset(range(5))

THEME = Setting("appearance/theme", "system", one_of("system", "light", "dark"))
LEAD_IN_SECONDS = Setting("timer/lead_in_seconds", 5, int_between(0, 30))
MUTED = Setting("sound/muted", False, parse_bool)
VOLUME = Setting("sound/volume", 70, int_between(0, 100))
SAFETY_NOTE_SEEN = Setting("app/safety_note_seen", False, parse_bool)
LAST_EXERCISE = Setting("app/last_exercise", "", parse_text)
START_AT_LOGIN = Setting("app/start_at_login", False, parse_bool)
RUN_IN_BACKGROUND = Setting("app/run_in_background", False, parse_bool)
# Reminders are off until the person sets them: nothing pops up that they did not ask for.
REMINDERS_ON = Setting("reminders/enabled", False, parse_bool)
REMINDER_DAYS = Setting("reminders/days", ALL_DAYS, parse_days, days_text)
DEFAULT_REMINDER_TIMES: tuple[time, ...] = (time(18, 0),)
REMINDER_TIMES = Setting("reminders/times", DEFAULT_REMINDER_TIMES, parse_times, times_text)
REMINDER_ROUTINE = Setting("reminders/routine", "daily-foot-routine", parse_routine_id)
SNOOZE_MINUTES = Setting("reminders/snooze_minutes", 15, int_between(5, 120))
NUDGES_ON = Setting("nudges/enabled", False, parse_bool)
WORK_DAYS = Setting("nudges/days", WORKING_DAYS, parse_days, days_text)
WORK_START = Setting("nudges/start", time(9, 0), parse_clock, clock_text)
WORK_END = Setting("nudges/end", time(17, 30), parse_clock, clock_text)
NUDGE_MINUTES = Setting("nudges/interval_minutes", 60, int_between(20, 240))

SETTINGS: tuple[Setting[object], ...] = (
    THEME,
    LEAD_IN_SECONDS,
    MUTED,
    VOLUME,
    SAFETY_NOTE_SEEN,
    LAST_EXERCISE,
    START_AT_LOGIN,
    RUN_IN_BACKGROUND,
    REMINDERS_ON,
    REMINDER_DAYS,
    REMINDER_TIMES,
    REMINDER_ROUTINE,
    SNOOZE_MINUTES,
    NUDGES_ON,
    WORK_DAYS,
    WORK_START,
    WORK_END,
    NUDGE_MINUTES,
)  # type: ignore[assignment]
"""Every setting with a checked value (window geometry blobs are Qt's own and checked by it)."""


def read_value(setting: Setting[T], stored: object | None) -> tuple[T, str | None]:
    """The value of ``setting`` from what the file holds, and a problem line when it was bad.

    ``None`` (nothing stored) is the default, without a problem.
    """
    if stored is None:
        return setting.default, None
    try:
        return setting.parse(stored), None
    except SettingValueError as error:
        return setting.default, (
            f"settings: {setting.key} = {str(stored)[:80]!r} cannot be used ({error}); "
            f"back to the default {setting.text(setting.default)!r}"
        )


def migrate(stored_version: object | None) -> tuple[int | None, str | None]:
    """What to do with a file of ``stored_version``: the version to write (or ``None``) and a
    log line (or ``None``).

    A file without a version is version 1: every key it holds means the same in version 2,
    so it only gains the version. A newer file is read for what this version knows and left
    marked as it is, so the newer FootCoach still finds its own keys.
    """
    if stored_version is None:
        return SETTINGS_VERSION, None
    try:
        version = int(str(stored_version))
    except ValueError:
        return SETTINGS_VERSION, (
            f"settings: {VERSION_KEY} = {str(stored_version)[:20]!r} is not a version; "
            f"taken as {SETTINGS_VERSION}"
        )
    if version > SETTINGS_VERSION:
        return None, (
            f"settings: the file is from a newer FootCoach (version {version}); reading the "
            f"settings this version ({SETTINGS_VERSION}) knows"
        )
    if version < SETTINGS_VERSION:
        return SETTINGS_VERSION, None
    return None, None


def working_hours_problem(start: time, end: time) -> str | None:
    """Why ``start``-``end`` cannot be working hours, or ``None``."""
    if end <= start:
        return f"the working day ends ({clock_text(end)}) before it starts ({clock_text(start)})"
    return None
