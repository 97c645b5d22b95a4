"""The pain dialog: scale and anchors, keys, saving through History, editing, undo in the window."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from footcoach import paths
from footcoach.history import History, HistoryError
from footcoach.pain import severe_advice
from footcoach.records import Moment, PainContext, PainEntry, SessionRecord
from footcoach.ui.common import theme
from footcoach.ui.common.actions import ActionId
from footcoach.ui.history.pain_entry import KEYS_HINT, PainEntryDialog

MORNING = Moment.from_datetime(datetime(2025, 6, 3, 7, 30, tzinfo=UTC))
EVENING = Moment.from_datetime(datetime(2025, 6, 3, 19, 0, tzinfo=UTC))


def make_dialog(qtbot: QtBot, history: History, **kwargs: object) -> PainEntryDialog:
    kwargs.setdefault("now", lambda: MORNING)
    dialog = PainEntryDialog(history, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def stored(history: History) -> list[PainEntry]:
    # A second connection: the entry must be committed, not just pending in ours.
    with History.open(paths.data_dir()) as other:
        return other.pain_entries()


def test_scale_shows_0_to_10_with_anchors_and_four_contexts(qtbot: QtBot, history: History) -> None:
    dialog = make_dialog(qtbot, history)
    texts = [b.text() for b in dialog.scale.group.buttons()]
    assert texts == [str(n) for n in range(11)]
    labels = {label.text() for label in dialog.findChildren(type(dialog.band_label))}
    assert "0 no pain" in labels
    assert "10 worst pain imaginable" in labels
    assert KEYS_HINT in labels
    assert [b.text().replace("&", "") for b in dialog.context_buttons.values()] == [
        "First steps in the morning",
        "During the day",
        "During exercise",
        "After exercise",
    ]


def test_save_waits_for_a_score(qtbot: QtBot, history: History) -> None:
    dialog = make_dialog(qtbot, history)
    assert dialog.score() is None
    assert not dialog.save_button.isEnabled()
    qtbot.keyClick(dialog.scale, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert stored(history) == []


def test_digit_then_enter_commits_at_once(qtbot: QtBot, history: History) -> None:
    dialog = make_dialog(qtbot, history)
    assert dialog.scale.hasFocus() or dialog.focusWidget() is dialog.scale
    qtbot.keyClick(dialog.scale, Qt.Key.Key_6)
    assert dialog.score() == 6
    assert "moderate" in dialog.band_label.text()
    with qtbot.waitSignal(dialog.pain_logged) as logged:
        qtbot.keyClick(dialog.scale, Qt.Key.Key_Return)
    entry = logged.args[0]
    assert isinstance(entry, PainEntry)
    assert (entry.score, entry.context, entry.at) == (6, PainContext.MORNING, MORNING)
    assert stored(history) == [entry]
    assert not dialog.isVisible()


def test_ten_is_reachable_by_keys(qtbot: QtBot, history: History) -> None:
    dialog = make_dialog(qtbot, history)
    qtbot.keyClick(dialog.scale, Qt.Key.Key_9)
    qtbot.keyClick(dialog.scale, Qt.Key.Key_Plus)
    assert dialog.score() == 10
    qtbot.keyClick(dialog.scale, Qt.Key.Key_Plus)
    assert dialog.score() == 10  # clamped
    qtbot.keyClick(dialog.scale, Qt.Key.Key_Minus)
    assert dialog.score() == 9
    qtbot.keyClick(dialog.scale, Qt.Key.Key_Right)
    assert dialog.score() == 10
    qtbot.keyClick(dialog.scale, Qt.Key.Key_Home)
    assert dialog.score() == 0
    qtbot.keyClick(dialog.scale, Qt.Key.Key_End)
    assert dialog.score() == 10
    qtbot.keyClick(dialog.scale, Qt.Key.Key_Left)
    assert dialog.score() == 9
    qtbot.keyClick(dialog.context_buttons[PainContext.DAY], Qt.Key.Key_T)  # T is ten
    assert dialog.score() == 10


def test_digits_work_from_other_buttons_but_the_note_keeps_its_text(
    qtbot: QtBot, history: History
) -> None:
    dialog = make_dialog(qtbot, history)
    qtbot.keyClick(dialog.context_buttons[PainContext.DAY], Qt.Key.Key_4)
    assert dialog.score() == 4
    qtbot.keyClicks(dialog.note, "2 km walk")
    assert dialog.note.text() == "2 km walk"
    assert dialog.score() == 4


def test_context_and_note_are_saved(qtbot: QtBot, history: History) -> None:
    dialog = make_dialog(qtbot, history)
    dialog.scale.set_score(3)
    dialog.set_context(PainContext.AFTER_EXERCISE)
    dialog.note.setText("  after heel raises  ")
    with qtbot.waitSignal(dialog.pain_logged) as logged:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    entry = logged.args[0]
    assert entry.context is PainContext.AFTER_EXERCISE
    assert entry.note == "after heel raises"
    assert stored(history) == [entry]


def test_clicking_a_number_sets_it(qtbot: QtBot, history: History) -> None:
    dialog = make_dialog(qtbot, history)
    qtbot.mouseClick(dialog.scale.group.button(7), Qt.MouseButton.LeftButton)
    assert dialog.score() == 7


def test_severe_score_shows_the_one_advice_from_7(qtbot: QtBot, history: History) -> None:
    dialog = make_dialog(qtbot, history)
    dialog.scale.set_score(6)
    assert dialog.severe_label.isHidden()
    for score in (7, 8):
        dialog.scale.set_score(score)
        assert not dialog.severe_label.isHidden()
        assert dialog.severe_label.text() == severe_advice(score)  # as ``log-pain`` prints it
    assert "healthcare professional" in dialog.severe_label.text()
    assert "diagnos" not in dialog.severe_label.text().lower()


def local(hour: int, minute: int) -> Moment:
    return Moment.from_datetime(datetime(2025, 6, 3, hour, minute, tzinfo=UTC))


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (MORNING, PainContext.MORNING),
        (local(10, 59), PainContext.MORNING),
        (local(11, 0), PainContext.DAY),
        (EVENING, PainContext.DAY),
    ],
)
def test_context_is_suggested_by_time_of_day(
    qtbot: QtBot, history: History, moment: Moment, expected: PainContext
) -> None:
    dialog = make_dialog(qtbot, history, now=lambda: moment)
    assert dialog.context() is expected


def test_right_after_a_session_the_context_is_after_exercise(
    qtbot: QtBot, history: History
) -> None:
    history.start_session(SessionRecord("s", "desk-break", local(17, 0)))
    history.finish_session("s", local(17, 20), True)
    assert make_dialog(qtbot, history, now=lambda: local(17, 30)).context() is (
        PainContext.AFTER_EXERCISE
    )
    assert make_dialog(qtbot, history, now=lambda: local(20, 21)).context() is PainContext.DAY


def test_editing_updates_the_stored_entry(qtbot: QtBot, history: History) -> None:
    before = PainEntry("e1", MORNING, 5, PainContext.MORNING, "stiff")
    history.add_pain(before)
    dialog = make_dialog(qtbot, history, entry=before)
    assert dialog.score() == 5
    assert dialog.note.text() == "stiff"
    assert dialog.context() is PainContext.MORNING
    assert "Logged on" in dialog.when_label.text()
    qtbot.keyClick(dialog.scale, Qt.Key.Key_3)
    dialog.set_context(PainContext.DAY)
    with qtbot.waitSignal(dialog.pain_edited) as edited:
        qtbot.keyClick(dialog.scale, Qt.Key.Key_Return)
    old, new = edited.args
    assert old == before
    assert (new.id, new.at, new.score, new.context) == ("e1", MORNING, 3, PainContext.DAY)
    assert stored(history) == [new]


def test_a_storage_error_is_shown_and_the_dialog_stays(
    qtbot: QtBot, history: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))

    def full(_entry: PainEntry) -> None:
        raise HistoryError("Cannot save the pain entry: the disk is full")

    monkeypatch.setattr(history, "add_pain", full)
    dialog = make_dialog(qtbot, history)
    dialog.scale.set_score(2)
    dialog.save()
    assert shown == ["Cannot save the pain entry: the disk is full"]
    assert dialog.isVisible()
    assert dialog.saved_entry is None


def test_ctrl_l_logs_pain_and_offers_undo(make_window, qtbot: QtBot, history: History) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.show()
    action = window.actions_by_id[ActionId.LOG_PAIN]
    assert action.isEnabled()
    assert action.shortcut().toString() == "Ctrl+L"
    action.trigger()
    dialog = window.pain_dialog
    assert isinstance(dialog, PainEntryDialog)
    action.trigger()  # a second Ctrl+L raises the open dialog, never a second one
    assert window.pain_dialog is dialog
    qtbot.keyClick(dialog.scale, Qt.Key.Key_4)
    with qtbot.waitSignal(window.history_changed):
        qtbot.keyClick(dialog.scale, Qt.Key.Key_Return)
    assert window.pain_dialog is None
    [entry] = history.pain_entries()
    assert entry.score == 4
    assert window.undo_bar.is_offering()
    assert "4/10" in window.undo_bar.message.text()
    with qtbot.waitSignal(window.history_changed):
        qtbot.mouseClick(window.undo_bar.undo_button, Qt.MouseButton.LeftButton)
    assert history.pain_entries() == []
    assert not window.undo_bar.is_offering()


def test_ctrl_z_undoes_while_the_offer_shows(make_window, qtbot: QtBot, history: History) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    entry = PainEntry("x1", MORNING, 6, PainContext.DAY)
    history.add_pain(entry)
    window.on_pain_dialog_logged(entry)
    with qtbot.waitSignal(window.undo_bar.undone):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert history.pain_entries() == []
    # With no offer showing, Ctrl+Z does nothing (the shortcut sleeps with the bar).
    history.add_pain(entry)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert history.pain_entries() == [entry]


def scored_in_front(qtbot: QtBot, history: History, digit: Qt.Key) -> PainEntryDialog:
    """A new pain dialog with the keyboard, given a score by one digit key."""
    dialog = make_dialog(qtbot, history)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.scale)
    qtbot.keyClick(dialog.scale, digit)
    return dialog


def tab_stops(qtbot: QtBot, dialog: PainEntryDialog) -> list[QWidget]:
    """Press Tab from the focus until it comes back round; the stops, in order."""
    stops: list[QWidget] = []
    for _ in range(40):
        focused = QApplication.focusWidget()
        assert focused is not None and focused.window() is dialog
        if focused in stops:
            return stops
        stops.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    pytest.fail("Tab never came back round")


@pytest.fixture
def keyboard_focus(qapp: QApplication) -> None:
    """The app's focus handling as the window has it (a focused button keeps its keys)."""
    theme.apply_theme(qapp, theme.ThemeMode.LIGHT)


@pytest.mark.usefixtures("keyboard_focus")
def test_enter_saves_after_tab_reaches_cancel_as_the_hint_says(
    qtbot: QtBot, history: History
) -> None:
    dialog = scored_in_front(qtbot, history, Qt.Key.Key_4)
    for _ in range(40):
        if QApplication.focusWidget() is dialog.cancel_button:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.cancel_button
    assert "Enter saves" in KEYS_HINT
    qtbot.keyClick(dialog.cancel_button, Qt.Key.Key_Return)
    assert [entry.score for entry in stored(history)] == [4]
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()


@pytest.mark.usefixtures("keyboard_focus")
def test_enter_saves_from_every_tab_stop_and_space_or_esc_on_cancel_cancel(
    qtbot: QtBot, history: History
) -> None:
    first = scored_in_front(qtbot, history, Qt.Key.Key_1)  # Save is a tab stop from a score
    stops = tab_stops(qtbot, first)
    assert {first.scale, first.note, first.save_button, first.cancel_button} <= set(stops)
    first.reject()
    for count, stop in enumerate(stops, start=1):
        dialog = scored_in_front(qtbot, history, Qt.Key.Key_2)
        for _ in range(count - 1):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        where = QApplication.focusWidget()
        assert type(where) is type(stop)
        qtbot.keyClick(where, Qt.Key.Key_Enter)  # the keypad's Enter, as Return above
        assert len(stored(history)) == count, type(where).__name__
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Escape):
        dialog = scored_in_front(qtbot, history, Qt.Key.Key_5)
        dialog.cancel_button.setFocus()
        qtbot.keyClick(dialog.cancel_button, key)
        assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert len(stored(history)) == len(stops)  # nothing more
