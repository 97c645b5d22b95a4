"""The red-flag check on the welcome page: keys, advice on the answers, storage, Help."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from footcoach.history import History
from footcoach.screening import REDUCED_FEELING, load_screening
from footcoach.ui.common.actions import ActionId
from footcoach.ui.common.red_flag_check import RedFlagCheck

IDS = load_screening().ids()


def answer_by_keys(qtbot: QtBot, check: RedFlagCheck, keys: str) -> None:
    """Y or N per question, from the first, as a person at the keyboard would."""
    check.focus_first()
    for key in keys:
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, key)


@pytest.fixture
def welcome(make_window, qtbot: QtBot):  # type: ignore[no-untyped-def]
    window = make_window(seen_safety_note=False)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    assert window.current_view() == "welcome"
    return window


def test_every_question_is_answered_by_keys_and_enter_goes_on(
    welcome, qtbot: QtBot, history: History
) -> None:  # type: ignore[no-untyped-def]
    note = welcome.safety_note
    check = note.red_flags
    assert check.answers() is None and not note.button.isEnabled()
    assert note.button.isDefault()
    answer_by_keys(qtbot, check, "n" * len(IDS))
    assert check.is_complete() and note.button.isEnabled()
    assert not check.all_clear.isHidden() and check.advice_box.isHidden()
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_Return)  # the default button
    assert welcome.current_view() == "exercises"
    [stored] = history.screenings()
    assert stored.answers == tuple((i, False) for i in IDS)
    assert not stored.any_yes and not stored.pain_unreliable


def test_any_yes_says_to_see_a_professional_first_and_lists_the_flag(welcome, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    check = welcome.safety_note.red_flags
    fever = IDS.index("fever")
    answer_by_keys(qtbot, check, "n" * fever + "y" + "n" * (len(IDS) - fever - 1))
    assert not check.advice_box.isHidden() and check.all_clear.isHidden()
    assert "see a doctor, podiatrist or physiotherapist" in check.advice.text()
    assert "<li>A fever</li>" in check.advice.text()
    assert check.unreliable.isHidden() and check.agreed.isHidden()
    assert welcome.safety_note.button.text() == "Save my answers"
    answers = check.answers()
    assert answers is not None and answers.any_yes and not answers.pain_unreliable


def test_reduced_feeling_says_pain_is_unreliable_until_a_professional_agreed(
    welcome, qtbot: QtBot, history: History
) -> None:  # type: ignore[no-untyped-def]
    note = welcome.safety_note
    check = note.red_flags
    index = IDS.index(REDUCED_FEELING)
    answer_by_keys(qtbot, check, "n" * index + "y" + "n" * (len(IDS) - index - 1))
    assert not check.unreliable.isHidden() and not check.agreed.isHidden()
    assert "not a reliable guide" in check.unreliable.text()
    answers = check.answers()
    assert answers is not None and answers.pain_unreliable
    check.agreed.setChecked(True)
    QApplication.processEvents()  # the page lays out its new words, as before a person clicks
    note.ensureWidgetVisible(note.button)  # scrolled to, as a person would
    qtbot.mouseClick(note.button, Qt.MouseButton.LeftButton)
    [stored] = history.screenings()
    assert stored.reduced_feeling and stored.professional_agreed and not stored.pain_unreliable


def test_help_shows_the_stored_answers_and_saves_only_a_change(
    welcome, qtbot: QtBot, history: History
) -> None:  # type: ignore[no-untyped-def]
    note = welcome.safety_note
    answer_by_keys(qtbot, note.red_flags, "y" + "n" * (len(IDS) - 1))
    qtbot.mouseClick(note.button, Qt.MouseButton.LeftButton)
    welcome.actions_by_id[ActionId.RED_FLAG_CHECK].trigger()
    assert welcome.current_view() == "welcome"
    assert note.red_flags.groups[IDS[0]].checkedId() == 1  # yes, as stored
    assert QApplication.focusWidget() is note.red_flags.groups[IDS[0]].button(1)
    qtbot.mouseClick(note.button, Qt.MouseButton.LeftButton)  # unchanged: nothing new
    assert len(history.screenings()) == 1
    welcome.actions_by_id[ActionId.RED_FLAG_CHECK].trigger()
    note.red_flags.groups[IDS[0]].button(0).setChecked(True)  # now no
    qtbot.mouseClick(note.button, Qt.MouseButton.LeftButton)
    assert [s.any_yes for s in history.screenings()] == [True, False]
    assert history.latest_screening() == history.screenings()[-1]
