"""The red-flag questions before a first guided session (rule 28), driven from the keyboard.

Whoever left the welcome page without answering meets the questions when a session is about
to start; answered, the session they asked for starts; backed out, nothing is saved or started.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from footcoach.history import History
from footcoach.records import Moment, SessionRecord, SetRecord, Side, new_id
from footcoach.screening import load_screening
from footcoach.ui.mainwindow.main_window import MainWindow
from footcoach.ui.routine.player import RoutinePlayer

IDS = load_screening().ids()
ROUTINE = "desk-break"  # not the first in the list: the one asked for is the one that starts


@pytest.fixture
def window(make_window, qtbot: QtBot) -> MainWindow:  # type: ignore[no-untyped-def]
    """The main window in front, with keyboard focus, on the routine list."""
    made = make_window()
    made.show()
    made.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    made.show_view("routine")
    return made


def player_of(window: MainWindow) -> RoutinePlayer:
    assert window.routine_player is not None
    return window.routine_player


def press(qtbot: QtBot, key: Qt.Key | str) -> None:
    """A key on whatever has the keyboard, as a person would press it."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key)


def start_from_the_picker(window: MainWindow, qtbot: QtBot, routine_id: str = ROUTINE) -> None:
    player = player_of(window)
    assert player.picker.select(routine_id)
    qtbot.mouseClick(player.picker.start_button, Qt.MouseButton.LeftButton)


def nothing_recorded(history: History) -> bool:
    return history.sessions() == [] and history.pain_entries() == []


def test_start_asks_the_red_flags_first_then_starts_the_routine_asked_for(
    window: MainWindow, qtbot: QtBot, history: History
) -> None:
    start_from_the_picker(window, qtbot)
    player = player_of(window)
    view = player.screening_view
    assert player.page() == "screening"
    assert QApplication.focusWidget() is view.red_flags.groups[IDS[0]].buttons()[0]
    assert not view.submit_button.isEnabled()  # every question needs its own answer
    assert "Desk break" in view.next_line.text()
    for _ in IDS:
        press(qtbot, "n")
    assert view.submit_button.isEnabled() and view.submit_button.text() == "Save and start"
    press(qtbot, Qt.Key.Key_Return)
    stored = history.latest_screening()
    assert stored is not None and stored.answers == tuple((i, False) for i in IDS)
    assert stored.at.local_date == date.today()
    assert player.page() == "pain-check"  # the session's own check comes next, as usual
    assert player.routine is not None and player.routine.id == ROUTINE
    assert nothing_recorded(history)


@pytest.mark.parametrize("back_out", ["Esc", "Not now"])
def test_backing_out_saves_nothing_starts_nothing_and_the_next_start_asks_again(
    window: MainWindow, qtbot: QtBot, history: History, back_out: str
) -> None:
    start_from_the_picker(window, qtbot)
    player = player_of(window)
    for _ in IDS[:3]:
        press(qtbot, "n")
    if back_out == "Esc":
        press(qtbot, Qt.Key.Key_Escape)
    else:
        qtbot.mouseClick(player.screening_view.cancel_button, Qt.MouseButton.LeftButton)
    assert player.page() == "picker"
    assert history.latest_screening() is None and nothing_recorded(history)
    assert player.flow.routine is None and not player.is_recording()
    start_from_the_picker(window, qtbot)
    assert player.page() == "screening"
    assert not player.screening_view.red_flags.is_complete()  # nothing was kept


def test_someone_who_answered_is_not_asked_again(
    window: MainWindow, qtbot: QtBot, history: History
) -> None:
    start_from_the_picker(window, qtbot)
    player = player_of(window)
    for _ in IDS:
        press(qtbot, "n")
    press(qtbot, Qt.Key.Key_Return)
    assert player.page() == "pain-check"
    press(qtbot, Qt.Key.Key_Escape)  # skip the pain check: the session page
    player.on_session_end_requested()
    player.on_session_end_confirmed()  # never started: back to the list
    assert player.page() == "picker"
    start_from_the_picker(window, qtbot, "daily-foot-routine")
    assert player.page() == "pain-check"
    assert len(history.screenings()) == 1


@pytest.mark.usefixtures("red_flags_answered")
def test_answers_given_on_the_welcome_page_are_not_asked_again(
    window: MainWindow, qtbot: QtBot
) -> None:
    start_from_the_picker(window, qtbot)
    assert player_of(window).page() == "pain-check"


def test_any_yes_says_see_a_professional_and_saving_starts_nothing(
    window: MainWindow, qtbot: QtBot, history: History
) -> None:
    start_from_the_picker(window, qtbot)
    player = player_of(window)
    check = player.screening_view.red_flags
    press(qtbot, "y")  # red, hot or swollen
    for _ in IDS[1:]:
        press(qtbot, "n")
    assert not check.advice_box.isHidden()
    assert "see a doctor, podiatrist or physiotherapist" in check.advice.text()
    assert player.screening_view.submit_button.text() == "Save my answers"
    press(qtbot, Qt.Key.Key_Return)
    stored = history.latest_screening()
    assert stored is not None and stored.any_yes  # saved, as the welcome page saves them
    assert player.page() == "picker" and nothing_recorded(history)
    # Going on is the person's own choice, as after the welcome page: Start is not asked again.
    start_from_the_picker(window, qtbot)
    assert player.page() == "pain-check"


def test_a_start_from_outside_keeps_the_questions_in_front(
    window: MainWindow, qtbot: QtBot, history: History
) -> None:
    start_from_the_picker(window, qtbot)
    assert not window.start_routine("daily-foot-routine")  # a reminder's Start meanwhile
    player = player_of(window)
    assert player.page() == "screening" and "Desk break" in player.screening_view.next_line.text()


def test_resuming_a_cut_off_session_asks_first_too(
    make_window, qtbot: QtBot, history: History
) -> None:  # type: ignore[no-untyped-def]
    # A session cut off before any answers were stored (an older FootCoach, say).
    session = SessionRecord(new_id(), ROUTINE, Moment.now())
    history.start_session(session)
    history.add_set(
        SetRecord(new_id(), session.id, "toe-stretch", Side.LEFT, 1, Moment.now(), hold_seconds=15)
    )
    window = make_window()
    window.show()
    window.show_view("routine")
    player = player_of(window)
    assert not player.picker.resume_box.isHidden()
    player.picker.resume_button.click()
    assert player.page() == "screening" and "carries on" in player.screening_view.next_line.text()
    for group in player.screening_view.red_flags.groups.values():
        group.buttons()[1].setChecked(True)  # No
    player.screening_view.submit_button.click()
    assert player.page() == "session" and player.session == session
    player.on_session_end_requested()
    player.on_session_end_confirmed()  # ended, so the window closes without asking
