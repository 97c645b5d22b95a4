"""The window on a history opened read-only: it says so plainly and offers nothing that writes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from helpers.fake_cues import FakeCuePlayer
from helpers.fakes import FakeClock
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from unit.history.test_history_recovery import entries

from footcoach import paths
from footcoach.catalog import Catalog
from footcoach.history import History
from footcoach.ui.common.actions import ActionId
from footcoach.ui.common.preferences import Preferences
from footcoach.ui.mainwindow.main_window import MainWindow

WRITING = (ActionId.LOG_PAIN, ActionId.IMPORT, ActionId.IMPORT_ROUTINE, ActionId.SHOW_ROUTINE)


@pytest.fixture
def read_only_window(
    qtbot: QtBot, catalog: Catalog, clock: FakeClock, cue_player: FakeCuePlayer
) -> Iterator[MainWindow]:
    with History.open(paths.data_dir()) as history:
        history.set_meta("seen", "yes")
        history.add_records(pain=entries(3, day=date.today()))
    with History.open_read_only(paths.data_dir(), "the disk is read-only") as history:
        preferences = Preferences(paths.settings_file())
        preferences.safety_note_seen = True
        window = MainWindow(catalog, preferences, history, cue_player=cue_player, clock=clock)
        qtbot.addWidget(window)
        yield window
        window.close()


def test_the_window_says_it_is_read_only_and_disables_writing(
    read_only_window: MainWindow,
) -> None:
    window = read_only_window
    assert window.windowTitle() == "FootCoach (read-only)"
    notice = window.findChild(QLabel, "read-only-notice")
    assert notice is not None
    assert notice.text().startswith("<b>Read-only:</b> the disk is read-only.")
    for action_id in WRITING:
        assert not window.actions_by_id[action_id].isEnabled(), action_id
    assert window.actions_by_id[ActionId.EXPORT].isEnabled()  # reading out is still possible
    window.on_log_pain_triggered()  # a stray shortcut or button opens nothing
    assert window.pain_dialog is None


def test_the_history_view_hides_its_editing_buttons(read_only_window: MainWindow) -> None:
    read_only_window.show_view("history")
    view = read_only_window.history_view
    assert view is not None
    for button in (view.edit_button, view.delete_button, view.empty_log_button):
        assert button.isHidden()


def test_enter_and_del_in_the_history_table_do_nothing(
    qtbot: QtBot, read_only_window: MainWindow
) -> None:
    read_only_window.show()
    read_only_window.show_view("history")
    view = read_only_window.history_view
    assert view is not None
    view.table.setFocus()
    view.table.selectRow(0)
    assert view.selected_entry() is not None
    count = read_only_window.history.counts()["pain_entries"]
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert QApplication.activeModalWidget() is None  # no edit dialog opened
    assert not view.edit_button.isEnabled() and not view.delete_button.isEnabled()
    assert view.edit_selected() is None and view.delete_selected() is None
    assert read_only_window.history.counts()["pain_entries"] == count == 3


def test_a_writable_window_has_no_notice(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    assert window.findChild(QLabel, "read-only-notice") is None
    assert all(window.actions_by_id[action_id].isEnabled() for action_id in WRITING)
