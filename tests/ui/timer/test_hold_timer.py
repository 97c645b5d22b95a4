"""HoldTimerWidget with a fake clock and a fake cue player: drawing, keys, cues, flash, timers."""

from __future__ import annotations

import logging
import struct
import sys
import wave

import pytest
from helpers.fake_cues import FakeCuePlayer
from helpers.fakes import FakeClock
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from footcoach.catalog import Dose, Sides
from footcoach.paths import asset_path
from footcoach.timing import (
    HoldDone,
    HoldEnd,
    HoldPlan,
    Phase,
    PhaseStarted,
    PlanDone,
    SetDone,
    Side,
    big_text,
    counter_text,
    phase_text,
)
from footcoach.ui.timer.cues import SAMPLE_RATE, Cue, SoundCuePlayer, cue_for, strongest_cue
from footcoach.ui.timer.hold_timer import (
    FLASH_SECONDS,
    FRAME_MS,
    HoldTimerWidget,
)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def cues() -> FakeCuePlayer:
    return FakeCuePlayer()


@pytest.fixture
def widget(qtbot: QtBot, clock: FakeClock, cues: FakeCuePlayer) -> HoldTimerWidget:
    timer_widget = HoldTimerWidget(clock=clock, cue_player=cues)
    qtbot.addWidget(timer_widget)
    timer_widget.resize(600, 500)
    return timer_widget


def small_plan(**overrides: object) -> HoldPlan:
    """One 5 s hold each foot after a 2 s lead-in, with a 2 s switch."""
    values: dict[str, object] = {
        "sets": 1,
        "reps": 1,
        "hold_seconds": 5.0,
        "switch_seconds": 2.0,
        "lead_in_seconds": 2.0,
        "sides": Sides.EACH,
    }
    values.update(overrides)
    return HoldPlan(**values)  # type: ignore[arg-type]


def run(widget: HoldTimerWidget, clock: FakeClock, seconds: float, step: float = 0.05) -> None:
    """Let fake time pass, ticking as the repaint timer would (it cannot see a fake clock)."""
    target = clock.now + seconds
    while clock.now < target:
        clock.now = min(clock.now + step, target)  # land on the target exactly
        widget.tick()


def test_empty_widget_shows_a_prompt_and_no_timer(widget: HoldTimerWidget) -> None:
    assert widget.state() is None
    assert phase_text(widget.state()) == "Choose an exercise"
    widget.toggle_start_pause()
    widget.skip_phase()
    widget.stop()
    assert not widget.is_ticking()
    widget.grab()  # paints without a plan


def test_loaded_plan_is_idle_with_no_timer(widget: HoldTimerWidget) -> None:
    widget.load_plan(small_plan(), "Calf stretch")
    state = widget.state()
    assert state is not None and state.phase is Phase.IDLE
    assert widget.title == "Calf stretch"
    assert big_text(state) == "5"
    assert phase_text(state) == "Ready"
    assert not widget.is_ticking()


def test_space_starts_and_the_tick_runs_only_while_running(
    qtbot: QtBot, widget: HoldTimerWidget, clock: FakeClock
) -> None:
    widget.load_plan(small_plan(), "Calf stretch")
    with qtbot.waitSignal(widget.phase_started) as blocker:
        qtbot.keyClick(widget, Qt.Key.Key_Space)
    assert blocker.args[0].phase is Phase.LEAD_IN
    assert widget.is_ticking()
    qtbot.keyClick(widget, Qt.Key.Key_Space)
    state = widget.state()
    assert state is not None and state.phase is Phase.PAUSED
    assert not widget.is_ticking()  # paused: nothing changes, so nothing ticks
    qtbot.keyClick(widget, Qt.Key.Key_Space)
    assert widget.is_ticking()


def test_tick_wakes_exactly_at_the_next_event(widget: HoldTimerWidget, clock: FakeClock) -> None:
    widget.load_plan(small_plan(), "Calf stretch")
    widget.toggle_start_pause()
    assert widget._tick_timer.interval() == FRAME_MS
    clock.advance(2.0 - 0.0042)  # 4.2 ms before the hold starts
    widget.tick()
    assert widget._tick_timer.interval() == 5  # rounded up: never early


def test_phase_words_through_both_feet(widget: HoldTimerWidget, clock: FakeClock) -> None:
    widget.load_plan(small_plan(), "Calf stretch")
    widget.toggle_start_pause()
    seen = [phase_text(widget.state())]
    for seconds in (2, 5, 2, 5):
        run(widget, clock, seconds)
        seen.append(phase_text(widget.state()))
    assert seen == [
        "Get ready \u00b7 left foot",
        "Hold \u2013 left foot",
        "Switch to your right foot",
        "Hold \u2013 right foot",
        "Done",
    ]


def test_cues_fire_in_order(
    qtbot: QtBot, widget: HoldTimerWidget, clock: FakeClock, cues: FakeCuePlayer
) -> None:
    widget.load_plan(small_plan(), "Calf stretch")
    fired: list[Cue] = []
    widget.cue_fired.connect(fired.append)
    widget.toggle_start_pause()
    with qtbot.waitSignal(widget.plan_finished):
        run(widget, clock, 2 + 5 + 2 + 5 + 0.5)
    one_hold = [Cue.HOLD_START, Cue.TICK, Cue.TICK, Cue.TICK]
    # The hold's end and the switch fall due together: the switch cue says more.
    assert cues.played == [*one_hold, Cue.SWITCH_SIDE, *one_hold, Cue.ALL_DONE]
    assert fired == cues.played


def test_cue_sounds_before_the_signals_it_goes_with(
    widget: HoldTimerWidget, clock: FakeClock, cues: FakeCuePlayer
) -> None:
    # A slot on hold_finished may commit to the history (a disk sync): the sound must not wait.
    heard_by_then: list[list[Cue]] = []
    widget.hold_finished.connect(lambda _: heard_by_then.append(list(cues.played)))
    widget.load_plan(small_plan(), "Calf stretch")
    widget.toggle_start_pause()
    run(widget, clock, 2 + 5 + 0.05)
    assert heard_by_then and heard_by_then[0][-1] is Cue.SWITCH_SIDE


def test_muted_player_still_flashes(
    widget: HoldTimerWidget, clock: FakeClock, cues: FakeCuePlayer
) -> None:
    cues.set_muted(True)
    widget.load_plan(small_plan(), "Calf stretch")
    widget.toggle_start_pause()
    before = widget.grab().toImage().pixelColor(3, 3)
    run(widget, clock, 2.05)
    assert cues.played == []
    assert widget.is_flashing()
    during = widget.grab().toImage().pixelColor(3, 3)
    assert during != before
    run(widget, clock, FLASH_SECONDS + 0.05)
    assert not widget.is_flashing()
    assert widget.grab().toImage().pixelColor(3, 3) == before


def test_signals_carry_domain_objects(
    qtbot: QtBot, widget: HoldTimerWidget, clock: FakeClock
) -> None:
    widget.load_plan(small_plan(), "Calf stretch")
    holds: list[HoldDone] = []
    sets: list[SetDone] = []
    plans: list[PlanDone] = []
    widget.hold_finished.connect(holds.append)
    widget.set_finished.connect(sets.append)
    widget.plan_finished.connect(plans.append)
    widget.toggle_start_pause()
    run(widget, clock, 15)
    assert [(h.side, h.seconds_achieved, h.how) for h in holds] == [
        (Side.LEFT, 5, HoldEnd.COMPLETED),
        (Side.RIGHT, 5, HoldEnd.COMPLETED),
    ]
    assert [(s.side, s.set_number, s.reps_done) for s in sets] == [
        (Side.LEFT, 1, 1),
        (Side.RIGHT, 1, 1),
    ]
    assert plans == [PlanDone(2, 2, 10.0, 1000 + 14)]


def test_no_timer_left_running_when_finished(widget: HoldTimerWidget, clock: FakeClock) -> None:
    widget.load_plan(small_plan(sides=Sides.BOTH), "Toe spread")
    widget.toggle_start_pause()
    run(widget, clock, 7)
    state = widget.state()
    assert state is not None and state.phase is Phase.FINISHED
    assert big_text(state) == "\u2713"
    assert widget.is_ticking()  # only while the "all done" flash fades
    run(widget, clock, FLASH_SECONDS + 0.1)
    assert not widget.is_ticking()


def test_keys_restart_skip_and_stop(
    qtbot: QtBot, widget: HoldTimerWidget, clock: FakeClock
) -> None:
    widget.load_plan(small_plan(), "Calf stretch")
    qtbot.keyClick(widget, Qt.Key.Key_Space)
    qtbot.keyClick(widget, Qt.Key.Key_N)  # skip the lead-in
    state = widget.state()
    assert state is not None and (state.phase, state.time_left) == (Phase.HOLD, 5)
    run(widget, clock, 3)
    qtbot.keyClick(widget, Qt.Key.Key_R)
    state = widget.state()
    assert state is not None and state.time_left == 5
    with qtbot.waitSignal(widget.stopped):
        qtbot.keyClick(widget, Qt.Key.Key_Escape)
    state = widget.state()
    assert state is not None and state.phase is Phase.IDLE
    assert not widget.is_ticking()


def test_keys_with_modifiers_are_left_alone(qtbot: QtBot, widget: HoldTimerWidget) -> None:
    widget.load_plan(small_plan(), "Calf stretch")
    qtbot.keyClick(widget, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    state = widget.state()
    assert state is not None and state.phase is Phase.IDLE


def test_window_slots_work_without_focus(widget: HoldTimerWidget, clock: FakeClock) -> None:
    widget.load_plan(small_plan(), "Calf stretch")
    widget.toggle_start_pause()
    widget.skip_phase()
    clock.advance(1)
    widget.restart_rep()
    state = widget.state()
    assert state is not None and (state.phase, state.time_left) == (Phase.HOLD, 5)
    widget.stop()
    assert not widget.is_ticking()


def test_stop_sends_what_fell_due_first(widget: HoldTimerWidget, clock: FakeClock) -> None:
    widget.load_plan(small_plan(), "Calf stretch")
    holds: list[HoldDone] = []
    widget.hold_finished.connect(holds.append)
    widget.toggle_start_pause()
    clock.advance(7.5)  # the left hold ended but no tick came
    widget.stop()
    assert [h.side for h in holds] == [Side.LEFT]


def test_counted_reps_show_the_rep_and_a_done_button(
    qtbot: QtBot, widget: HoldTimerWidget, clock: FakeClock, cues: FakeCuePlayer
) -> None:
    dose = Dose(sets=1, reps=10, rest_seconds=0, sides=Sides.BOTH, rep_seconds=2)
    widget.load_plan(HoldPlan.from_dose(dose, lead_in_seconds=0), "Towel curls")
    widget.show()
    assert widget._done_button.isVisible()
    widget.toggle_start_pause()
    run(widget, clock, 5)
    state = widget.state()
    assert state is not None
    assert (big_text(state), phase_text(state)) == ("Rep 3 of 10", "Reps")
    assert counter_text(state) == "Set 1 of 1 \u00b7 10 reps"
    assert cues.played == [Cue.HOLD_START, Cue.TICK, Cue.TICK]  # one tick per rep
    with qtbot.waitSignal(widget.hold_finished) as blocker:
        qtbot.keyClick(widget, Qt.Key.Key_D)
    assert (blocker.args[0].how, blocker.args[0].reps_done) == (HoldEnd.MARKED_DONE, 10)
    assert cues.played[-1] is Cue.ALL_DONE


def test_digits_scale_with_the_widget(widget: HoldTimerWidget) -> None:
    widget.load_plan(small_plan(), "Calf stretch")
    widget.resize(400, 300)
    widget.show()
    small = widget.digit_pixel_size()
    widget.resize(1280, 800)
    widget.set_focus_mode(True)
    assert widget.digit_pixel_size() > 2 * small
    widget.grab()


def test_focus_mode_shows_the_cue_and_esc_asks_to_leave(
    qtbot: QtBot, widget: HoldTimerWidget
) -> None:
    widget.load_plan(small_plan(), "Calf stretch", cue="Heel down, lean in.")
    widget.show()
    assert not widget._cue_label.isVisible()
    with qtbot.waitSignal(widget.focus_mode_requested) as blocker:
        widget._focus_button.click()
    assert blocker.args == [True]
    widget.set_focus_mode(True)
    assert widget.is_focus_mode() and widget._cue_label.isVisible()
    with qtbot.waitSignal(widget.focus_mode_requested) as blocker:
        qtbot.keyClick(widget, Qt.Key.Key_Escape)
    assert blocker.args == [False]
    widget.set_focus_mode(False)
    assert not widget._cue_label.isVisible()


def test_loading_a_new_plan_stops_the_old_one(
    qtbot: QtBot, widget: HoldTimerWidget, clock: FakeClock
) -> None:
    widget.load_plan(small_plan(), "Calf stretch")
    widget.toggle_start_pause()
    with qtbot.waitSignal(widget.stopped):
        widget.load_plan(small_plan(sides=Sides.BOTH), "Toe spread")
    state = widget.state()
    assert state is not None and state.phase is Phase.IDLE and state.side is Side.BOTH
    assert not widget.is_ticking()


@pytest.mark.parametrize("theme_name", ["light", "dark"])
def test_paints_in_both_themes(widget: HoldTimerWidget, clock: FakeClock, theme_name: str) -> None:
    palette = widget.palette()
    if theme_name == "dark":
        from PySide6.QtGui import QColor, QPalette

        palette.setColor(QPalette.ColorRole.Window, QColor("#1b1f24"))
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
        widget.setPalette(palette)
    widget.load_plan(small_plan(), "Calf stretch")
    widget.toggle_start_pause()
    for seconds in (1, 3, 4, 3):
        run(widget, clock, seconds)
        assert not widget.grab().isNull()


def test_cue_choice() -> None:
    start = PhaseStarted(Phase.HOLD, Side.LEFT, 1, 1, 5.0, 0.0)
    rest = PhaseStarted(Phase.REST, Side.LEFT, 1, 2, 5.0, 0.0)
    ended = HoldDone(Side.LEFT, 1, 1, 5.0, 5.0, 1, HoldEnd.COMPLETED, 0.0)
    cut = HoldDone(Side.LEFT, 1, 1, 2.0, 5.0, 0, HoldEnd.INTERRUPTED, 0.0)
    assert cue_for(start) is Cue.HOLD_START
    assert cue_for(rest) is None
    assert cue_for(cut) is None  # after a suspend, no cheerful sound
    assert strongest_cue([ended, rest]) is Cue.HOLD_END
    assert strongest_cue([]) is None


def test_sound_player_without_multimedia_logs_once_and_stays_silent(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Simulate a machine without Qt Multimedia (or libpulse): the import fails. Tests must
    # never build a real QSoundEffect (no audio device here: a dozen Qt warnings).
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    player = SoundCuePlayer()
    player.set_muted(True)
    player.play(Cue.TICK)
    assert player.available  # muted: audio was not even looked at
    player.set_muted(False)
    player.set_volume(3.0)
    with caplog.at_level(logging.WARNING, logger="footcoach.ui.timer.cues"):
        player.play(Cue.HOLD_START)
        player.play(Cue.HOLD_END)
    assert not player.available
    assert len(caplog.records) == 1 and "Sound cues are off" in caplog.text


@pytest.mark.parametrize("cue", list(Cue))
def test_cue_sounds_are_short_soft_mono_wavs(cue: Cue) -> None:
    with wave.open(str(asset_path("sounds", f"{cue.value}.wav"))) as sound:
        shape = (sound.getnchannels(), sound.getframerate(), sound.getsampwidth())
        assert shape == (1, SAMPLE_RATE, 2)  # what SoundCuePlayer writes to its sink as is
        frames = sound.getnframes()
        assert frames / SAMPLE_RATE < 0.6
        samples = struct.unpack(f"<{frames}h", sound.readframes(frames))
    assert max(abs(s) for s in samples) < 0.6 * 32767  # headroom
    assert abs(samples[0]) < 50 and abs(samples[-1]) < 50  # starts and ends at rest: no click


def test_buttons_wrap_to_two_rows_in_a_narrow_pane(widget: HoldTimerWidget) -> None:
    dose = Dose(sets=1, reps=10, rest_seconds=0, sides=Sides.BOTH, rep_seconds=2)
    widget.load_plan(HoldPlan.from_dose(dose), "Towel curls")
    widget.resize(1000, 600)
    widget.show()
    assert widget._button_rows[1].count() == 0
    widget.resize(260, 500)
    assert widget._button_rows[1].count() > 0
    widget.resize(1000, 600)
    assert widget._button_rows[1].count() == 0


def test_no_tick_after_its_window_closes_and_it_catches_up_when_shown_again(
    qtbot: QtBot, clock: FakeClock
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    stack = QStackedWidget(window)
    QVBoxLayout(window).addWidget(stack)
    widget = HoldTimerWidget(clock=clock, cue_player=FakeCuePlayer())
    other = QWidget()
    stack.addWidget(widget)
    stack.addWidget(other)
    window.show()
    widget.load_plan(small_plan(), "Calf stretch")
    widget.toggle_start_pause()
    stack.setCurrentWidget(other)  # another view in front: the hold goes on
    assert widget.is_ticking()
    stack.setCurrentWidget(widget)
    window.close()
    assert not widget.is_ticking()
    holds: list[HoldDone] = []
    widget.hold_finished.connect(holds.append)
    clock.advance(7.5)  # the left hold ends while the window is closed: nothing is sent
    assert holds == []
    window.show()
    assert widget.is_ticking() and [h.side for h in holds] == [Side.LEFT]
    widget.stop()


def test_closing_the_timer_on_its_own_stops_the_tick(widget: HoldTimerWidget) -> None:
    widget.load_plan(small_plan(), "Calf stretch")
    widget.toggle_start_pause()
    assert widget.is_ticking()
    widget.close()
    assert not widget.is_ticking()
