"""Builds the QApplication and the main window; wiring only, no business rules."""

from __future__ import annotations

import argparse
import linecache
import os
import sys
import time
from collections.abc import Callable, Mapping, MutableMapping
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from footcoach import APP_ID, APP_NAME, __version__, paths
from footcoach.errors import FootCoachError
from footcoach.history import History, HistoryDamagedError, restore_backup, set_aside_damaged

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from footcoach.ui.mainwindow.main_window import MainWindow
    from footcoach.ui.timer.cues import CuePlayer


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
    from footcoach.catalog import load_catalog
    from footcoach.ui.common import theme
    from footcoach.ui.common.preferences import Preferences
    from footcoach.ui.mainwindow.main_window import MainWindow

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


def check_display(
    environ: Mapping[str, str] = os.environ,
    reachable: Callable[[str], bool] | None = None,
) -> None:
    """Raise a clear error where Qt would abort: on Linux with no display to draw on."""
    platform = environ.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or (platform and not platform.startswith("xcb")):
        return
    if environ.get("WAYLAND_DISPLAY") and not platform:
        return
    display = environ.get("DISPLAY")
    if not display:
        raise FootCoachError(
            "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set): start FootCoach from "
            "a desktop session; 'footcoach screenshot OUT.png' works without one"
        )
    # Qt aborts on a display it cannot open, blaming a missing xcb-cursor library.
    if not (reachable or _x_display_reachable)(display):
        raise FootCoachError(
            f"cannot open the display {display!r} (DISPLAY): no X server answers there, as "
            "after an ssh -X session has ended; start FootCoach from a desktop session"
        )


def _x_display_reachable(display: str) -> bool:
    """Connect as Qt's xcb plugin does; True when libxcb is absent (Qt then says what lacks)."""
    import ctypes

    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return int(xcb.xcb_connection_has_error(connection)) == 0
    finally:
        xcb.xcb_disconnect(connection)


def check_not_sudo(environ: Mapping[str, str] = os.environ, euid: int | None = None) -> None:
    """Refuse the window under sudo: it would use root's data folder and settings."""
    user = environ.get("SUDO_USER")
    if not user or user == "root" or (os.geteuid() if euid is None else euid) != 0:
        return
    raise FootCoachError(
        f"FootCoach does not run as root under sudo (it would keep root's data, not {user}'s): "
        f"start it as {user}, the same command without sudo"
    )


def run_gui(args: argparse.Namespace) -> int:
    """Start the desktop app and run until the window closes."""
    check_display()
    check_not_sudo()
    from PySide6.QtCore import QLoggingCategory
    from PySide6.QtWidgets import QMessageBox

    from footcoach.instance import InstanceLock
    from footcoach.ui.common.preferences import Preferences
    from footcoach.ui.companion.companion import Companion
    from footcoach.ui.mainwindow.window_activation import WindowActivation, request_activation

    app = application()
    hidden = bool(getattr(args, "hidden", False))
    if not hidden:
        # Themed from the start, so the messages below already look like the app. Started
        # hidden, the theme (and the fonts it loads) waits for the window.
        from footcoach.ui.common import theme

        theme.apply_theme(app, Preferences(paths.settings_file()).theme)
    # QtMultimedia reports every optional codec library it cannot find; that is noise here.
    QLoggingCategory.setFilterRules(
        "qt.multimedia.symbolsresolver=false\nqt.multimedia.ffmpeg=false"
    )
    data_dir = paths.data_dir()
    # Where nothing can be written (read-only or full disk, no permission) there is no lock
    # to take either: the history opens read-only and the window says so.
    problem = paths.write_problem(data_dir)
    lock = InstanceLock(data_dir)
    try:
        if problem is None and not lock.try_acquire():
            if request_activation(data_dir):
                print(f"footcoach: already open for {data_dir}: brought its window forward")
                return 0
            message = f"FootCoach is already open for {data_dir}. Switch to that window."
            print(f"footcoach: {message}", file=sys.stderr)
            QMessageBox.information(None, APP_NAME, message)
            return 1
        history = open_history(data_dir, problem)
    except HistoryDamagedError:
        lock.release()  # the person saw it in the damage dialog and chose to quit
        raise
    except FootCoachError as error:
        QMessageBox.critical(None, APP_NAME, str(error))
        lock.release()
        raise
    try:

        def make_window() -> MainWindow:
            from footcoach.ui.timer.cues import SoundCuePlayer

            cue_player = SoundCuePlayer()
            try:
                window = build_window(history, cue_player=cue_player)
            except FootCoachError as error:
                # Started from a desktop menu, nobody reads stderr: say it in a window too.
                QMessageBox.critical(None, APP_NAME, f"FootCoach cannot start:\n{error}")
                raise
            # Audio set-up (40-100 ms) after the first paint, so neither start-up nor the
            # first cue waits for it.
            cue_player.prepare_after_first_paint(window)
            return window

        # Started hidden (at login), only the companion waits: the window is built when
        # first opened (a second start, the tray, a notification's action).
        companion = Companion(Preferences(paths.settings_file()), history, make_window)
        companion.started_hidden = hidden
        if not companion.started_hidden:
            companion.open_window()
        # A second start opens the window (building it if it was never shown).
        activation = WindowActivation(data_dir, open_window=companion.open_window)
        activation.listen()
        app.aboutToQuit.connect(activation.close)
        app.aboutToQuit.connect(companion.stop)
        companion.start()
        if companion.started_hidden:
            print("footcoach: waiting in the background", flush=True)
        return int(app.exec())
    finally:
        history.close()
        lock.release()


def open_history(data_dir: Path, write_problem: str | None = None) -> History:
    """Open the history for the window; HistoryDamagedError when the person chose to quit.

    A damaged history is never replaced on its own: the person restores the newest good
    backup, looks at it read-only, starts a new history (only when there is no backup) or quits.
    """
    if write_problem is not None:
        return History.open_read_only(data_dir, write_problem)
    try:
        return History.open(data_dir)
    except HistoryDamagedError as damage:
        return _answer_damage(damage, ask_about_damage(damage))


def _answer_damage(damage: HistoryDamagedError, choice: DamageChoice) -> History:
    backup = damage.backup
    if choice is DamageChoice.RESTORE and backup is not None:
        restore_backup(damage.data_dir, backup.path)
        return History.open(damage.data_dir)
    if choice is DamageChoice.VIEW_BACKUP and backup is not None:
        reason = f"this is the backup of {_day(backup.day)}, shown without restoring it"
        return History.open_read_only(damage.data_dir, reason, source=backup.path)
    if choice is DamageChoice.START_NEW and backup is None:
        set_aside_damaged(damage.data_dir)
        return History.open(damage.data_dir)
    raise damage


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


class DamageChoice(Enum):
    """What the person chose to do about a damaged history."""

    RESTORE = "restore"
    VIEW_BACKUP = "view-backup"
    START_NEW = "start-new"
    QUIT = "quit"


def ask_about_damage(damage: HistoryDamagedError) -> DamageChoice:
    """Tell the person their history is damaged and kept, and ask what to do."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, "Your history file cannot be read.")
    details = (
        f"The problem: {damage.reason}.\n\nFootCoach has left the file exactly as it is, "
        f"so nothing in it is lost:\n{damage.path}"
    )
    buttons: dict[object, DamageChoice] = {}
    backup = damage.backup
    if backup is not None:
        details += (
            f"\n\nThe newest good backup is from {_day(backup.day)} and holds "
            f"{backup.records} records. Restoring it keeps the damaged file beside it."
        )
        restore = box.addButton("Restore this backup", QMessageBox.ButtonRole.AcceptRole)
        buttons[restore] = DamageChoice.RESTORE
        view = box.addButton("Look at it read-only", QMessageBox.ButtonRole.ActionRole)
        buttons[view] = DamageChoice.VIEW_BACKUP
        box.setDefaultButton(restore)
    else:
        details += (
            "\n\nNo good backup was found. You can start a new, empty history; the damaged "
            "file is then renamed and kept beside it."
        )
        start = box.addButton("Start a new history", QMessageBox.ButtonRole.AcceptRole)
        buttons[start] = DamageChoice.START_NEW
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setInformativeText(details)
    box.setEscapeButton(quit_button)
    box.exec()
    return buttons.get(box.clickedButton(), DamageChoice.QUIT)


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
    with History.open(paths.data_dir(), or_read_only=True) as history:
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
