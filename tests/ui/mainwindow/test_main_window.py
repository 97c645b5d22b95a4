"""The main window: panes, menus, first-run safety note, remembered state, themes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QFontInfo, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from footcoach import __version__
from footcoach.ui.common import theme
from footcoach.ui.common.actions import ActionId
from footcoach.ui.mainwindow import main_window as main_window_module


def test_default_font_resolves_to_a_real_family(qapp: QApplication) -> None:
    # Missing fonts fail silently (every glyph a box), so check a real family is used.
    family = QFontInfo(QGuiApplication.font()).family()
    assert family in QFontDatabase.families()
    metrics = QFontMetrics(QGuiApplication.font())
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "Heel raises ×·–→")


def test_first_run_shows_safety_note_once(make_window, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    first = make_window(seen_safety_note=False)
    assert first.current_view() == "welcome"
    assert not first.safety_note.button.isEnabled()  # the red-flag questions come first
    first.safety_note.red_flags.show_answers(None)
    for group in first.safety_note.red_flags.groups.values():
        group.button(0).setChecked(True)  # No to each
    qtbot.mouseClick(first.safety_note.button, Qt.MouseButton.LeftButton)
    assert first.current_view() == "exercises"
    first.close()
    second = make_window(seen_safety_note=False)
    assert second.current_view() == "exercises"
    second.actions_by_id[ActionId.SAFETY_NOTE].trigger()
    assert second.current_view() == "welcome"


def test_selecting_an_exercise_fills_the_detail_pane(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.exercise_list.select("calf-stretch")
    detail = window.exercise_detail
    assert detail.title.text() == "Calf stretch"
    assert "2 × 30 s holds" in detail.dose.text()
    assert detail.steps.text().count("<li>") == 4
    assert not detail.caution_box.isHidden()
    window.exercise_list.select("towel-curls")
    assert detail.caution_box.isHidden()  # towel curls carry no caution


def test_window_geometry_splitter_and_exercise_are_remembered(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.show()
    window.resize(780, 620)
    window.splitter.setSizes([250, 450, 300])
    window.exercise_list.select("foot-roll")
    sizes = window.splitter.sizes()
    window.close()
    again = make_window()
    again.show()
    assert (again.width(), again.height()) == (780, 620)
    assert again.splitter.sizes() == sizes
    assert again.exercise_list.current_exercise_id() == "foot-roll"


def test_ctrl_f_focuses_search(make_window, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.show()
    window.show_view("settings")
    window.activateWindow()
    window.actions_by_id[ActionId.FIND].trigger()
    assert window.current_view() == "exercises"
    qtbot.waitUntil(lambda: window.exercise_list.search.hasFocus())


def test_view_actions_switch_views(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    for action_id, name in [(ActionId.SHOW_HISTORY, "history"),
                            (ActionId.SHOW_ROUTINE, "routine"),
                            (ActionId.SHOW_SETTINGS, "settings"),
                            (ActionId.SHOW_EXERCISES, "exercises")]:  # fmt: skip
        window.actions_by_id[action_id].trigger()
        assert window.current_view() == name
        assert window.actions_by_id[action_id].isChecked()


def test_standard_shortcuts(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    keys = {a: window.actions_by_id[a].shortcut().toString() for a in ActionId}
    assert keys[ActionId.QUIT] == "Ctrl+Q"
    assert keys[ActionId.FIND] == "Ctrl+F"
    assert "F1" in [s.toString() for s in window.actions_by_id[ActionId.ABOUT].shortcuts()]


def test_about_box_has_version_and_safety_note(make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _parent, _title, text: shown.append(text))
    window = make_window()
    window.actions_by_id[ActionId.ABOUT].trigger()
    assert __version__ in shown[0]
    assert "not diagnosis" in shown[0]
    assert main_window_module.ABOUT_TEXT


def test_theme_switch_changes_palette(make_window, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.show_view("settings")
    combo = window.settings_view.theme_combo
    combo.setCurrentIndex(combo.findData(theme.ThemeMode.DARK.value))
    assert qapp.palette().window().color().name() == theme.DARK.window
    caution = window.exercise_detail.caution_box.palette().window().color().name()
    assert caution == theme.DARK.caution_bg  # widgets with a role are restyled too
    assert window.preferences.theme is theme.ThemeMode.DARK
    combo.setCurrentIndex(combo.findData(theme.ThemeMode.LIGHT.value))
    assert qapp.palette().window().color().name() == theme.LIGHT.window


def test_mute_action_and_setting_agree(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.actions_by_id[ActionId.TOGGLE_MUTE].trigger()
    assert window.preferences.muted
    assert window.settings_view.mute.isChecked()
    window.settings_view.mute.setChecked(False)
    assert not window.actions_by_id[ActionId.TOGGLE_MUTE].isChecked()


def test_selecting_an_exercise_loads_its_dose_into_the_timer(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.exercise_list.select("calf-stretch")
    assert window.timer_pane.title == "Calf stretch"
    plan = window.timer_pane.timer.plan
    assert (plan.sets, plan.hold_seconds, plan.lead_in_seconds) == (2, 30, 5)


def test_timer_actions_drive_the_timer_and_focus_mode(make_window, clock) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.show()
    window.exercise_list.select("calf-stretch")
    window.actions_by_id[ActionId.TIMER_START_PAUSE].trigger()
    clock.advance(6)
    window.timer_pane.tick()
    assert window.timer_pane.state().phase.value == "hold"
    window.actions_by_id[ActionId.FOCUS_MODE].trigger()
    assert window.timer_pane.is_focus_mode()
    assert window.exercise_list.isHidden() and window.exercise_detail.isHidden()
    window.actions_by_id[ActionId.TIMER_STOP].trigger()  # Esc leaves focus mode first
    assert not window.timer_pane.is_focus_mode()
    assert not window.exercise_list.isHidden()
    assert window.timer_pane.state().phase.value == "hold"
    window.actions_by_id[ActionId.TIMER_STOP].trigger()  # then stops the timer
    assert window.timer_pane.state().phase.value != "hold"


def test_closing_the_window_stops_every_timer_ticking(make_window, clock) -> None:  # type: ignore[no-untyped-def]
    # Otherwise a tick after closing would finish a set into a history that is closed by then.
    window = make_window()
    window.show()
    window.exercise_list.select("calf-stretch")
    window.actions_by_id[ActionId.TIMER_START_PAUSE].trigger()
    window.show_view("routine")
    player = window.routine_player
    assert player is not None
    assert window.timer_pane.timer is not None
    player.timer.load_plan(window.timer_pane.timer.plan, "Calf stretch")
    player.timer.toggle_start_pause()
    assert window.timer_pane.is_ticking() and player.timer.is_ticking()
    window.close()
    assert not window.timer_pane.is_ticking()
    assert not player.timer.is_ticking()


def test_export_then_import_through_the_file_menu(make_window, history, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from datetime import datetime

    from PySide6.QtWidgets import QFileDialog

    from footcoach.records import Moment, PainContext, PainEntry

    moment = Moment.from_datetime(datetime(2026, 11, 20, 8, 0).astimezone())
    history.add_pain(PainEntry("a1", moment, 4, PainContext.MORNING, "stiff"))
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: messages.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: messages.append(text))
    out = tmp_path / "mine.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(out), "CSV (*.csv)"))
    window = make_window()
    window.actions_by_id[ActionId.EXPORT].trigger()
    assert out.is_file() and "Saved 1 records" in messages[-1]

    bad = tmp_path / "bad.csv"
    bad.write_text(out.read_text(encoding="utf-8-sig").replace(",4,", ",11,"), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(bad), ""))
    window.actions_by_id[ActionId.IMPORT].trigger()
    assert "score" in messages[-1] and "unchanged" in messages[-1]

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(out), ""))
    changed: list[bool] = []
    window.history_changed.connect(lambda: changed.append(True))
    window.actions_by_id[ActionId.IMPORT].trigger()
    assert "Added 0 new records; 1 were already" in messages[-1]
    assert changed == [True]


@pytest.mark.parametrize("mode", [theme.ThemeMode.LIGHT, theme.ThemeMode.DARK])
def test_every_view_renders_in_every_theme(make_window, qapp: QApplication, mode) -> None:  # type: ignore[no-untyped-def]
    # Qt warnings fail the test (pyproject), so this also proves a warning-free render.
    window = make_window()
    theme.apply_theme(qapp, mode)
    qapp.processEvents()  # palette changes reach existing widgets through events
    window.resize(900, 600)
    window.show()
    for name in main_window_module.VIEWS:
        window.show_view(name)
        image = window.grab().toImage()
        assert (image.width(), image.height()) == (900, 600)
        background = image.pixelColor(2, 598).name()
        assert background in {theme.resolve(mode).window, theme.resolve(mode).surface}, name


def test_the_list_has_focus_at_start_so_space_starts_the_timer(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.focusWidget() is window.exercise_list.view)
    qtbot.keyClick(window.exercise_list.view, Qt.Key.Key_Down)
    assert window.exercise_list.current_exercise_id() == "towel-curls"


def test_follows_the_desktop_colour_scheme_unless_a_theme_is_chosen(  # type: ignore[no-untyped-def]
    make_window, qapp: QApplication, monkeypatch
) -> None:
    window = make_window()
    monkeypatch.setattr(theme, "system_prefers_dark", lambda: True)
    window.on_system_colour_scheme_changed()  # preference is "system" by default
    assert theme.colors() is theme.DARK
    window.preferences.theme = theme.ThemeMode.LIGHT
    window.on_settings_theme_changed(theme.ThemeMode.LIGHT)
    window.on_system_colour_scheme_changed()
    assert theme.colors() is theme.LIGHT
