"""UI fixtures: a main window on the isolated data dir, and a leak check."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from helpers.fakes import FakeClock, FakeCuePlayer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from footcoach import paths
from footcoach.catalog import Catalog, load_catalog
from footcoach.history import History
from footcoach.ui.common import theme
from footcoach.ui.common.preferences import Preferences
from footcoach.ui.mainwindow.main_window import MainWindow


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def preferences() -> Preferences:
    return Preferences(paths.settings_file())


@pytest.fixture
def history() -> Iterator[History]:
    with History.open(paths.data_dir()) as opened:
        yield opened


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def cue_player() -> FakeCuePlayer:
    return FakeCuePlayer()


@pytest.fixture
def make_window(
    qtbot: QtBot, catalog: Catalog, history: History, clock: FakeClock, cue_player: FakeCuePlayer
):  # type: ignore[no-untyped-def]
    """Build main windows on this test's data dir (a fresh Preferences each time).

    They close at teardown, before the ``history`` fixture closes the database they write to.
    """
    windows: list[MainWindow] = []

    def make(seen_safety_note: bool = True) -> MainWindow:
        prefs = Preferences(paths.settings_file())
        if seen_safety_note:
            prefs.safety_note_seen = True
        theme.apply_theme(QApplication.instance(), theme.ThemeMode.LIGHT)  # type: ignore[arg-type]
        window = MainWindow(catalog, prefs, history, cue_player=cue_player, clock=clock)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        if shiboken6.isValid(window):
            window.close()


@pytest.fixture(autouse=True)
def no_leaked_windows(qapp: QApplication) -> Iterator[None]:
    """Fail a test that leaves a visible top-level widget behind (qtbot.addWidget closes)."""
    before = {id(w) for w in qapp.topLevelWidgets()}
    yield
    qapp.processEvents()
    leaked = [w for w in qapp.topLevelWidgets() if w.isVisible() and id(w) not in before]
    assert not leaked, f"test left windows open: {leaked}"
