"""Builds the QApplication and the main window; wiring only, no business rules."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from footcoach import APP_ID, APP_NAME, __version__, paths
from footcoach.catalog import load_catalog
from footcoach.errors import FootCoachError


def _application() -> QApplication:  # noqa: F821 - imported lazily below
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationVersion(__version__)
    QApplication.setOrganizationName(APP_NAME)
    QGuiApplication.setDesktopFileName(APP_ID)
    return QApplication(sys.argv[:1])


def build_window(theme_name: str | None = None, persist: bool = True):  # type: ignore[no-untyped-def]
    """Create the app (if needed), apply the theme and return a ready ``MainWindow``."""
    from footcoach.ui import theme
    from footcoach.ui.main_window import MainWindow
    from footcoach.ui.preferences import Preferences

    catalog = load_catalog()
    app = _application()
    preferences = Preferences(paths.settings_file())
    mode = theme.ThemeMode(theme_name) if theme_name else preferences.theme
    theme.apply_theme(app, mode)
    return MainWindow(catalog, preferences, persist=persist)


def run_gui(args: argparse.Namespace) -> int:
    """Start the desktop app and run until the window closes."""
    window = build_window()
    window.show()
    return int(_application().exec())


def take_screenshot(
    out: Path, view: str, width: int, height: int, theme_name: str | None, exercise: str | None
) -> None:
    """Render the main window offscreen at ``width`` x ``height`` and save it as a PNG."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    window = build_window(theme_name, persist=False)
    if exercise is not None and not window.exercise_list.select(exercise):
        raise FootCoachError(f"no exercise with id '{exercise}' (see 'footcoach exercises')")
    window.resize(width, height)
    window.show()
    window.show_view(view)
    app = _application()
    app.processEvents()
    image = window.grab()
    window.close()
    window.deleteLater()
    app.processEvents()
    if not image.save(str(out), "PNG"):
        raise FootCoachError(f"could not write {out}")
