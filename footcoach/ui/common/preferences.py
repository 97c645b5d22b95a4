"""The person's preferences, kept in ``<data dir>/settings.ini`` through QSettings.

What each setting may hold, its default and the file's version are plain Python in
``footcoach/settings.py``; this class only reads and writes them.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from footcoach import paths, settings
from footcoach.settings import Setting

if TYPE_CHECKING:
    from footcoach.ui.common.theme import ThemeMode

DEFAULT_LEAD_IN_SECONDS = settings.LEAD_IN_SECONDS.default

log = logging.getLogger(__name__)
T = TypeVar("T")


class Preferences:
    """Typed access to the settings file; every setter writes through at once.

    A bad value is logged once, removed from the file and read as its default.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._settings = QSettings(str(path), QSettings.Format.IniFormat)
        self._migrate()

    def _migrate(self) -> None:
        stored = self._settings.value(settings.VERSION_KEY, None)
        version, problem = settings.migrate(stored)
        if problem is not None:
            log.warning("%s", problem)
        # A file not written yet gets its version with its first value (see _set).
        if version is not None and self._path.exists():
            self._set(settings.VERSION_KEY, version)

    # No key lives in a group called "general": QSettings reserves [General] in INI files.
    def get(self, setting: Setting[T]) -> T:
        """The value of ``setting``; a bad stored value goes back to the default (logged)."""
        stored = self._settings.value(setting.key, None)
        value, problem = settings.read_value(setting, stored)
        if problem is not None:
            log.warning("%s", problem)
            self._settings.remove(setting.key)
            self._sync()
        return value

    def set(self, setting: Setting[T], value: T) -> None:
        """Store ``value`` for ``setting`` (it is checked first: a bad one raises ValueError)."""
        stored = setting.text(value)
        setting.parse(stored)
        self._set(setting.key, stored)

    def _set(self, key: str, value: object) -> None:
        if not self._settings.contains(settings.VERSION_KEY):
            self._settings.setValue(settings.VERSION_KEY, settings.SETTINGS_VERSION)
        self._settings.setValue(key, value)
        self._sync()

    def _sync(self) -> None:
        self._settings.sync()
        # QSettings writes with the umask's mode; the data dir holds only private files.
        paths.restrict_mode(self._path)

    def stored_version(self) -> int | None:
        """The version written in the file (``None`` when nothing was written yet)."""
        stored = self._settings.value(settings.VERSION_KEY, None)
        return None if stored is None else int(str(stored))

    @property
    def theme(self) -> ThemeMode:
        # Imported here: a FootCoach waiting hidden at login loads no theme (nor its fonts).
        from footcoach.ui.common.theme import ThemeMode

        return ThemeMode(self.get(settings.THEME))

    @theme.setter
    def theme(self, mode: ThemeMode) -> None:
        self.set(settings.THEME, mode.value)

    @property
    def safety_note_seen(self) -> bool:
        return self.get(settings.SAFETY_NOTE_SEEN)

    @safety_note_seen.setter
    def safety_note_seen(self, seen: bool) -> None:
        self.set(settings.SAFETY_NOTE_SEEN, bool(seen))

    @property
    def lead_in_seconds(self) -> int:
        return self.get(settings.LEAD_IN_SECONDS)

    @lead_in_seconds.setter
    def lead_in_seconds(self, seconds: int) -> None:
        self.set(settings.LEAD_IN_SECONDS, int(seconds))

    @property
    def muted(self) -> bool:
        return self.get(settings.MUTED)

    @muted.setter
    def muted(self, muted: bool) -> None:
        self.set(settings.MUTED, bool(muted))

    @property
    def volume(self) -> int:
        """Cue volume, 0-100."""
        return self.get(settings.VOLUME)

    @volume.setter
    def volume(self, volume: int) -> None:
        self.set(settings.VOLUME, int(volume))

    @property
    def last_exercise(self) -> str:
        return self.get(settings.LAST_EXERCISE)

    @last_exercise.setter
    def last_exercise(self, exercise_id: str) -> None:
        self.set(settings.LAST_EXERCISE, exercise_id)

    def window_state(self, key: str) -> QByteArray | None:
        """A saved geometry or splitter blob, or ``None``."""
        value = self._settings.value(f"window/{key}", None)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_state(self, key: str, blob: QByteArray) -> None:
        self._set(f"window/{key}", blob)

    def state(self, key: str) -> str | None:
        """A remembered line of the companion's state (not a setting: never shown)."""
        value = self._settings.value(f"state/{key}", None)
        return None if value is None else str(value)

    def set_state(self, key: str, value: str) -> None:
        self._set(f"state/{key}", value)
