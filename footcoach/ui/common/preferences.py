"""The person's preferences, kept in ``<data dir>/settings.ini`` through QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from footcoach import paths
from footcoach.ui.common.theme import ThemeMode

DEFAULT_LEAD_IN_SECONDS = 5


class Preferences:
    """Typed access to the settings file; every setter writes through at once."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._settings = QSettings(str(path), QSettings.Format.IniFormat)

    # No key lives in a group called "general": QSettings reserves [General] in INI files.
    def _get(self, key: str, default: object) -> object:
        return self._settings.value(key, default)

    def _set(self, key: str, value: object) -> None:
        self._settings.setValue(key, value)
        self._settings.sync()
        # QSettings writes with the umask's mode; the data dir holds only private files.
        paths.restrict_mode(self._path)

    @property
    def theme(self) -> ThemeMode:
        value = str(self._get("appearance/theme", ThemeMode.SYSTEM.value))
        known = {mode.value: mode for mode in ThemeMode}
        return known.get(value, ThemeMode.SYSTEM)

    @theme.setter
    def theme(self, mode: ThemeMode) -> None:
        self._set("appearance/theme", mode.value)

    @property
    def safety_note_seen(self) -> bool:
        return _as_bool(self._get("app/safety_note_seen", False))

    @safety_note_seen.setter
    def safety_note_seen(self, seen: bool) -> None:
        self._set("app/safety_note_seen", seen)

    @property
    def lead_in_seconds(self) -> int:
        return _as_int(
            self._get("timer/lead_in_seconds", DEFAULT_LEAD_IN_SECONDS),
            0,
            30,
            DEFAULT_LEAD_IN_SECONDS,
        )

    @lead_in_seconds.setter
    def lead_in_seconds(self, seconds: int) -> None:
        self._set("timer/lead_in_seconds", int(seconds))

    @property
    def muted(self) -> bool:
        return _as_bool(self._get("sound/muted", False))

    @muted.setter
    def muted(self, muted: bool) -> None:
        self._set("sound/muted", muted)

    @property
    def volume(self) -> int:
        """Cue volume, 0-100."""
        return _as_int(self._get("sound/volume", 70), 0, 100, 70)

    @volume.setter
    def volume(self, volume: int) -> None:
        self._set("sound/volume", int(volume))

    @property
    def last_exercise(self) -> str:
        return str(self._get("app/last_exercise", ""))

    @last_exercise.setter
    def last_exercise(self, exercise_id: str) -> None:
        self._set("app/last_exercise", exercise_id)

    def window_state(self, key: str) -> QByteArray | None:
        """A saved geometry or splitter blob, or ``None``."""
        value = self._get(f"window/{key}", None)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_state(self, key: str, blob: QByteArray) -> None:
        self._set(f"window/{key}", blob)


def _as_bool(value: object) -> bool:
    # INI files hand booleans back as the strings "true"/"false".
    if isinstance(value, str):
        return value.lower() in {"true", "1", "yes"}
    return bool(value)


def _as_int(value: object, low: int, high: int, default: int) -> int:
    try:
        number = int(str(value))
    except ValueError:
        return default
    return number if low <= number <= high else default
