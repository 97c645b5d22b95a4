"""Builds the QApplication and the main window; wiring only, no business rules."""

from __future__ import annotations

import argparse
import linecache
import os
import sys
import time
from collections.abc import Callable, Mapping, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING

from footcoach import APP_ID, APP_NAME, __version__, paths
from footcoach.catalog import load_catalog
from footcoach.errors import FootCoachError
from footcoach.history import History, HistoryError, restore_backup

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from footcoach.ui.cues import CuePlayer
    from footcoach.ui.main_window import MainWindow


def use_utf8_locale(environ: MutableMapping[str, str] = os.environ) -> None:
    """Ask for C.UTF-8 text handling when the locale is plain C, as Python does for itself.

    Qt needs a UTF-8 locale and warns on stderr without one; python3 coerces the C locale
    (PEP 538), but a PyInstaller bundle does not.
    """
    ctype = environ.get("LC_ALL") or environ.get("LC_CTYPE") or environ.get("LANG") or "C"
    if ctype in {"C", "POSIX"} and not environ.get("LC_ALL"):
        environ["LC_CTYPE"] = "C.UTF-8"


def application() -> QApplication:
    """The one QApplication, created on first use with FootCoach's names and app id."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    use_utf8_locale()
    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationVersion(__version__)
    QApplication.setOrganizationName(APP_NAME)
    QGuiApplication.setDesktopFileName(APP_ID)
    return QApplication(sys.argv[:1])


def build_window(
    history: History,
    theme_name: str | None = None,
    persist: bool = True,
    cue_player: CuePlayer | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> MainWindow:
    """Create the app (if needed), apply the theme and return a ready ``MainWindow``."""
    from footcoach.ui import theme
    from footcoach.ui.main_window import MainWindow
    from footcoach.ui.preferences import Preferences

    # PySide's import hook reads the whole source of every module imported after it (looking
    # for the word "PySide6") into linecache: about 3 MB held for nothing. Tracebacks reread it.
    linecache.clearcache()
    catalog = load_catalog()
    app = application()
    preferences = Preferences(paths.settings_file())
    mode = theme.ThemeMode(theme_name) if theme_name else preferences.theme
    theme.apply_theme(app, mode)
    return MainWindow(
        catalog, preferences, history, cue_player=cue_player, persist=persist, clock=clock
    )


def check_display(environ: Mapping[str, str] = os.environ) -> None:
    """Raise a clear error where Qt would abort: on Linux with no display to draw on."""
    if not sys.platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return
    raise FootCoachError(
        "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set): start FootCoach from "
        "a desktop session; 'footcoach screenshot OUT.png' works without one"
    )


def run_gui(args: argparse.Namespace) -> int:
    """Start the desktop app and run until the window closes."""
    check_display()
    from PySide6.QtCore import QLoggingCategory
    from PySide6.QtWidgets import QMessageBox

    from footcoach.instance import InstanceLock
    from footcoach.ui import theme
    from footcoach.ui.cues import SoundCuePlayer
    from footcoach.ui.preferences import Preferences

    app = application()
    # Themed from the start, so the messages below already look like the app.
    theme.apply_theme(app, Preferences(paths.settings_file()).theme)
    # QtMultimedia reports every optional codec library it cannot find; that is noise here.
    QLoggingCategory.setFilterRules(
        "qt.multimedia.symbolsresolver=false\nqt.multimedia.ffmpeg=false"
    )
    lock = InstanceLock(paths.data_dir())
    if not lock.try_acquire():
        message = f"FootCoach is already open for {paths.data_dir()}. Switch to that window."
        print(f"footcoach: {message}", file=sys.stderr)
        QMessageBox.information(None, APP_NAME, message)
        return 1
    try:
        history = _open_history(paths.data_dir())
    except HistoryError as error:
        QMessageBox.critical(None, APP_NAME, str(error))
        lock.release()
        raise
    try:
        try:
            cue_player = SoundCuePlayer()
            window = build_window(history, cue_player=cue_player)
        except FootCoachError as error:
            # Started from a desktop menu, nobody reads stderr: say it in a window too.
            QMessageBox.critical(None, APP_NAME, f"FootCoach cannot start:\n{error}")
            raise
        window.show()
        # Audio set-up (40-100 ms) after the first paint, so neither start-up nor the first
        # cue waits for it.
        cue_player.prepare_after_first_paint(window)
        return int(app.exec())
    finally:
        history.close()
        lock.release()


def _open_history(data_dir: Path) -> History:
    """Open the history; if a damaged file was set aside, tell the person and offer a backup."""
    from PySide6.QtWidgets import QMessageBox

    history = History.open(data_dir)
    recovery = history.recovery
    if recovery is None:
        return history
    text = (
        "Your history file could not be read, so FootCoach put it aside and started a new "
        f"one. Nothing was deleted: the old file is kept as\n{recovery.damaged_path}"
        f"\n\n(Reason: {recovery.reason})"
    )
    if recovery.backup is None or recovery.backup.counts is None:
        QMessageBox.warning(None, APP_NAME, text + "\n\nNo backup was found to restore.")
        return history
    entries = sum(recovery.backup.counts.values())
    answer = QMessageBox.question(
        None,
        APP_NAME,
        text + f"\n\nRestore the backup from {recovery.backup.day:%d %B %Y} ({entries} records)?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return history
    history.close()
    restore_backup(data_dir, recovery.backup.path)
    return History.open(data_dir)


class ShiftedClock:
    """``time.monotonic()`` plus a shift that only grows: lets a screenshot fast-forward."""

    def __init__(self) -> None:
        self._shift = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self._shift

    def advance(self, seconds: float) -> None:
        """Jump ``seconds`` ahead."""
        self._shift += max(0.0, seconds)


def take_screenshot(
    out: Path, view: str, width: int, height: int, theme_name: str | None, exercise: str | None
) -> None:
    """Render the main window offscreen at ``width`` x ``height`` and save it as a PNG."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    clock = ShiftedClock()
    with History.open(paths.data_dir()) as history:
        window = build_window(history, theme_name, persist=False, clock=clock)
        if exercise is not None and not window.exercise_list.select(exercise):
            raise FootCoachError(f"no exercise with id '{exercise}' (see 'footcoach exercises')")
        window.resize(width, height)
        window.show()
        window.show_view(view)
        if view == "routine" and window.routine_player is not None:
            # Mid-session, fast-forwarded on the shifted clock; the demo writes nothing.
            window.routine_player.show_demo_session(clock.advance)
        if view == "history" and window.history_view is not None:
            # The summary normally follows the chart's first paint; a still image needs both.
            window.history_view.load_summary()
        app = application()
        # Twice: a view built on show (the history chart) lays out in the first round and
        # paints in the second.
        app.processEvents()
        app.processEvents()
        image = window.grab()
        window.close()
        window.deleteLater()
        app.processEvents()
    if not image.save(str(out), "PNG"):
        raise FootCoachError(f"could not write {out}")
