"""UI fixtures: a main window on the isolated data dir, and leak checks (windows, timers)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from helpers.fake_cues import FakeCuePlayer
from helpers.fakes import FakeClock
from helpers.qt_leaks import described, still_running
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from footcoach import paths
from footcoach.catalog import Catalog, load_catalog
from footcoach.history import History
from footcoach.records import Moment, new_id
from footcoach.screening import ScreeningAnswers, load_screening
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
def red_flags_answered(history: History) -> ScreeningAnswers:
    """All red-flag questions answered no, so guided sessions start without asking first."""
    ids = load_screening().ids()
    answers = ScreeningAnswers(new_id(), Moment.now(), tuple((i, False) for i in ids))
    history.add_screening(answers)
    return answers


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


@pytest.fixture(autouse=True)
def no_running_timers_or_threads(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Fail a test that leaves a started ``QTimer`` or ``QThread`` running (napari checks the same).

    A timer left running ticks into whatever comes next; recorded through ``start``, as napari
    does, so timers Qt starts for itself are not counted.
    """
    started: list[QTimer | QThread] = []
    start_timer, start_thread = QTimer.start, QThread.start

    def record_timer(timer: QTimer, *args: object) -> None:
        started.append(timer)
        start_timer(timer, *args)  # type: ignore[arg-type]

    def record_thread(thread: QThread, *args: object) -> None:
        started.append(thread)
        start_thread(thread, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(QTimer, "start", record_timer)
    monkeypatch.setattr(QThread, "start", record_thread)
    yield
    qapp.processEvents()
    running = still_running(started)
    for item in running:  # stopped, so one leak does not fail the tests after it
        if isinstance(item, QTimer):
            item.stop()
        else:
            item.quit()
            item.wait()
    assert not running, f"test left running: {', '.join(described(item) for item in running)}"
