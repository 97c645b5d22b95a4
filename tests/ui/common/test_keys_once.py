"""Keys once: every shortcut and its tooltip come from ``actions.SPECS``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from footcoach.timing import Phase
from footcoach.ui.common.actions import SPECS, ActionId, WidgetKey, key_text, tip_of

UI = Path(__file__).resolve().parents[3] / "footcoach" / "ui"
# Ways to bind a key outside SPECS; actions.py is the one file allowed to.
OWN_SHORTCUT = re.compile(r"QShortcut\(|setShortcuts?\(\s*QKeySequence|QKeySequence\(\s*\"")


def test_every_action_and_widget_key_is_declared() -> None:
    assert set(ActionId) | set(WidgetKey) == set(SPECS)
    assert key_text(ActionId.TIMER_DONE) == "D"
    assert key_text(ActionId.ROUTINE_HOW_TO) == "H"
    assert tip_of(ActionId.TIMER_DONE) == "I finished these reps (D)"


def test_no_ui_file_binds_a_key_of_its_own() -> None:
    offenders = [
        f"{path.relative_to(UI)}:{n}"
        for path in UI.rglob("*.py")
        if path.name != "actions.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OWN_SHORTCUT.search(line)
    ]
    assert offenders == []


@pytest.mark.usefixtures("red_flags_answered")
def test_done_and_how_to_reach_the_routine_player_through_the_window(
    make_window, qtbot: QtBot
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    actions = window.actions_by_id
    timer_menu = next(m for m in window.menuBar().actions() if m.text() == "&Timer").menu()
    assert actions[ActionId.TIMER_DONE] in timer_menu.actions()
    assert actions[ActionId.ROUTINE_HOW_TO] in timer_menu.actions()
    assert not actions[ActionId.ROUTINE_HOW_TO].isEnabled()  # the routine view is not in front
    actions[ActionId.SHOW_ROUTINE].trigger()
    player = window.routine_player
    assert player is not None and actions[ActionId.ROUTINE_HOW_TO].isEnabled()
    towel = next(
        r for r in player.store.all() if any(s.exercise_id == "towel-curls" for s in r.steps)
    )
    player.begin(towel)
    player.pain_check.choose(2)
    view = player.session_view
    steps_shown = view.steps_text.isHidden()
    actions[ActionId.ROUTINE_HOW_TO].trigger()
    assert view.steps_text.isHidden() is not steps_shown
    assert view.steps_button.toolTip() == "Show or hide how to do this exercise (H)"
    at = next(i for i, step in enumerate(towel.steps) if step.exercise_id == "towel-curls")
    for _ in range(at):
        actions[ActionId.ROUTINE_NEXT].trigger()
    assert player.progress is not None and player.progress.current == at
    actions[ActionId.TIMER_START_PAUSE].trigger()
    actions[ActionId.TIMER_SKIP].trigger()  # skip the lead-in
    state = player.timer.state()
    assert state is not None and state.phase is Phase.HOLD
    with qtbot.waitSignal(player.timer.hold_finished) as blocker:
        actions[ActionId.TIMER_DONE].trigger()
    assert blocker.args[0].reps_done > 0
    player.timer.stop()  # the session goes on, so the window would not close on its own
