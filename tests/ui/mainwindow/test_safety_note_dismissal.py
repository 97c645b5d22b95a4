"""The safety note is done once it has been dismissed in any way (issue 13)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from footcoach.ui.common.actions import ActionId


def by_button(window, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    for group in window.safety_note.red_flags.groups.values():  # the questions come first
        group.button(0).setChecked(True)  # No to each
    qtbot.mouseClick(window.safety_note.button, Qt.MouseButton.LeftButton)


def by_esc(window, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.safety_note, Qt.Key.Key_Escape)


def by_switching_view(window, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window.actions_by_id[ActionId.SHOW_HISTORY].trigger()


def by_closing(window, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window.close()


@pytest.mark.parametrize("dismiss", [by_button, by_esc, by_switching_view, by_closing])
def test_a_dismissed_note_does_not_come_back(make_window, qtbot: QtBot, dismiss) -> None:  # type: ignore[no-untyped-def]
    first = make_window(seen_safety_note=False)
    first.show()
    assert first.current_view() == "welcome"
    assert not first.preferences.safety_note_seen
    dismiss(first, qtbot)
    assert first.preferences.safety_note_seen  # at once, not only when the window closes
    assert first.current_view() != "welcome" or not first.isVisible()
    first.close()
    again = make_window(seen_safety_note=False)
    assert again.current_view() == "exercises"
