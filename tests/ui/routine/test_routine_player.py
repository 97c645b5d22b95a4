"""The routine player driven through a whole short routine on a fake clock (no sleeps).

The repaint timer cannot see a fake clock, so tests advance the clock and call the timer
widget's ``tick()`` as the real timer would; every record must reach history the moment the
timer reports it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import pytest
import shiboken6
from helpers.fake_cues import FakeCuePlayer
from helpers.fakes import FakeClock
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from footcoach import paths
from footcoach.catalog import Catalog, Dose, Sides
from footcoach.history import History
from footcoach.records import Moment, PainContext, SetRecord, Side
from footcoach.routines import Routine, RoutineStep, RoutineStore, Suggestion
from footcoach.screening import load_screening
from footcoach.session_flow import context_before
from footcoach.session_progress import StepStatus
from footcoach.timing import Phase
from footcoach.ui.common import theme
from footcoach.ui.common.actions import ActionId
from footcoach.ui.routine.player import RoutinePlayer

# Every test here is about the session itself: the red-flag questions were answered before.
pytestmark = pytest.mark.usefixtures("red_flags_answered")

LEAD_IN = 2.0
# The players' wall clock: yesterday 14:00 local, moved on by the fake monotonic clock, so
# the pain check before a session is "during the day" whenever the suite runs.
AFTERNOON = (datetime.now().astimezone() - timedelta(days=1)).replace(
    hour=14, minute=0, second=0, microsecond=0
)

# Toe spread: lead-in 2, L hold 3, rest 2, L hold 3 (left set at 10), switch 5,
#   R hold 3, rest 2, R hold 3 (right set and the end at 23).
# Towel curls: lead-in 2, 3 reps of 1 s (set 1 at 5), rest 4, 3 reps (set 2 and the end at 12).
# Calf stretch: lead-in 2, L hold 4 (set at 6), switch 5, R hold 4 (set and the end at 15).
SHORT = Routine(
    id="short-test",
    name="Short test",
    steps=(
        RoutineStep("toe-spread", Dose(1, 2, 2, Sides.EACH, hold_seconds=3)),
        RoutineStep("towel-curls", Dose(2, 3, 4, Sides.BOTH, rep_seconds=1)),
        RoutineStep("calf-stretch", Dose(1, 1, 0, Sides.EACH, hold_seconds=4)),
    ),
)
STEP_SECONDS = (23.0, 12.0, 15.0)
SETS_PLANNED = 6


@pytest.fixture
def make_player(
    qtbot: QtBot, catalog: Catalog, history: History, clock: FakeClock, cue_player: FakeCuePlayer
) -> Iterator[Callable[..., RoutinePlayer]]:
    """Build players on this test's history; the short routine is saved as a custom one.

    They close at teardown, before the ``history`` fixture closes the database.
    """
    RoutineStore(history, catalog).save(SHORT)
    players: list[RoutinePlayer] = []

    def make(on: History = history) -> RoutinePlayer:
        theme.apply_theme(QApplication.instance(), theme.ThemeMode.LIGHT)  # type: ignore[arg-type]
        player = RoutinePlayer(
            catalog,
            on,
            clock=clock,
            cue_player=cue_player,
            lead_in_seconds=LEAD_IN,
            now=lambda: Moment.from_datetime(AFTERNOON + timedelta(seconds=clock.now)),
            today=AFTERNOON.date,
        )
        qtbot.addWidget(player)
        player.resize(1100, 720)
        players.append(player)
        return player

    yield make
    for player in players:
        if shiboken6.isValid(player):
            player.close()


def run(player: RoutinePlayer, clock: FakeClock, seconds: float, step: float = 0.125) -> None:
    """Let fake time pass, ticking as the repaint timer would (1/8 s steps add up exactly)."""
    target = clock.now + seconds
    while clock.now < target - 1e-9:
        clock.now = min(clock.now + step, target)
        player.timer.tick()


def start_short(player: RoutinePlayer, qtbot: QtBot, pain: str = "3") -> None:
    """Choose the short routine, answer the pain check with one key, press Space."""
    assert player.picker.select(SHORT.id)
    qtbot.mouseClick(player.picker.start_button, Qt.MouseButton.LeftButton)
    assert player.page() == "pain-check"
    qtbot.keyClick(player.pain_check, pain)
    assert player.page() == "session"
    qtbot.keyClick(player.timer, Qt.Key.Key_Space)


def sets_of(history: History, player: RoutinePlayer) -> list[SetRecord]:
    assert player.session is not None
    return history.sets(session_id=player.session.id)


def test_a_whole_routine_records_every_set_the_moment_it_completes(
    make_player, qtbot: QtBot, history: History, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    player = make_player()
    committed: list[int] = []  # sets in history when each set_recorded signal arrived
    player.set_recorded.connect(lambda _r: committed.append(len(history.sets())))
    assert player.picker.select(SHORT.id)
    qtbot.mouseClick(player.picker.start_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(player.pain_check, "3")
    assert history.sessions() == []  # nothing starts before the first Start
    before = history.pain_entries()
    assert [(p.score, p.context) for p in before] == [(3, context_before(before[0].at))]

    qtbot.keyClick(player.timer, Qt.Key.Key_Space)
    [session] = history.sessions()
    assert session.routine == SHORT.id and session.ended is None
    run(player, clock, 9.875)
    assert sets_of(history, player) == []
    run(player, clock, 0.125)  # 10 s: both left holds done
    [left] = sets_of(history, player)
    assert (left.exercise_id, left.side, left.set_number, left.reps, left.hold_seconds) == (
        "toe-spread",
        Side.LEFT,
        1,
        2,
        3.0,
    )
    run(player, clock, 13.0)  # 23 s: the right foot, and on to the next step by itself
    assert [s.side for s in sets_of(history, player)] == [Side.LEFT, Side.RIGHT]
    assert player.progress is not None and player.progress.current == 1
    state = player.timer.state()
    assert state is not None and state.phase is Phase.LEAD_IN  # running, not waiting
    run(player, clock, 4.875)
    assert len(sets_of(history, player)) == 2
    run(player, clock, 0.125)  # towel curls set 1 at 5 s
    assert len(sets_of(history, player)) == 3
    run(player, clock, STEP_SECONDS[1] - 5.0 + STEP_SECONDS[2])
    assert player.page() == "pain-check"  # after the last step: how does it feel now?
    done = sets_of(history, player)
    assert [(s.exercise_id, s.set_number, s.side) for s in done] == [
        ("toe-spread", 1, Side.LEFT),
        ("toe-spread", 1, Side.RIGHT),
        ("towel-curls", 1, Side.BOTH),
        ("towel-curls", 2, Side.BOTH),
        ("calf-stretch", 1, Side.LEFT),
        ("calf-stretch", 1, Side.RIGHT),
    ]
    assert committed == [1, 2, 3, 4, 5, 6]
    [session] = history.sessions()
    assert session.completed and session.ended is not None

    qtbot.keyClick(player.pain_check, "2")
    assert player.page() == "summary"
    contexts = [(p.score, p.context) for p in history.pain_entries()]
    assert contexts == [(3, PainContext.DAY), (2, PainContext.AFTER_EXERCISE)]
    summary = player.summary
    assert summary is not None
    assert (summary.sets_done, summary.sets_planned) == (6, SETS_PLANNED)
    assert (summary.steps_skipped, summary.steps_total) == (0, 3)
    assert summary.seconds == pytest.approx(sum(STEP_SECONDS))
    assert (summary.pain_before, summary.pain_after) == (3, 2)
    values = {k: v.text() for k, v in player.summary_view.values.items()}
    assert values == {
        "time": "50 s",
        "sets": "6 of 6",
        "skipped": "0 of 3",
        "pain_before": "3/10",
        "pain_after": "2/10  (1 lower)",
    }
    assert player.summary_view.title.text() == "Well done!"
    qtbot.mouseClick(player.summary_view.done_button, Qt.MouseButton.LeftButton)
    assert player.page() == "picker"


def test_skip_and_back_move_between_steps(
    make_player, qtbot: QtBot, history: History, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    player = make_player()
    start_short(player, qtbot)
    progress = player.progress
    assert progress is not None
    run(player, clock, 10.0)  # left set of toe spread done
    qtbot.keyClick(player.timer, Qt.Key.Key_Right)  # next: the rest of toe spread is skipped
    assert progress.current == 1
    assert progress.status(0) is StepStatus.SKIPPED
    assert player.session_view.step_list.item(0).font().strikeOut()
    state = player.timer.state()
    assert state is not None and state.running  # it was running, so it carries on

    qtbot.keyClick(player.timer, Qt.Key.Key_N)  # skip the lead-in phase
    state = player.timer.state()
    assert state is not None and state.phase is Phase.HOLD

    qtbot.keyClick(player.timer, Qt.Key.Key_Left)  # back to toe spread, to do it after all
    assert progress.current == 0
    assert progress.status(0) is StepStatus.PARTLY_DONE
    assert player.session_view.position.text() == "Exercise 1 of 3"
    run(player, clock, STEP_SECONDS[0])
    assert progress.current == 1
    assert progress.status(0) is StepStatus.DONE
    assert len(sets_of(history, player)) == 3  # 1 from the first go + 2 now

    qtbot.keyClick(player.timer, Qt.Key.Key_PageDown)  # skip towel curls
    assert progress.current == 2
    assert player.session_view.next_button.text().startswith("Finish")
    qtbot.keyClick(player.timer, Qt.Key.Key_Right)  # skip the last one: the session ends
    assert player.page() == "pain-check"
    qtbot.keyClick(player.pain_check, Qt.Key.Key_Escape)  # no after-check this time
    summary = player.summary
    assert summary is not None
    assert (summary.sets_done, summary.steps_skipped, summary.pain_after) == (2, 2, None)
    assert player.summary_view.values["skipped"].text() == "2 of 3"
    assert player.summary_view.values["pain_after"].text() == "\u2013"
    [session] = history.sessions()
    assert session.completed  # went through to the end, skips and all


def test_pause_in_a_rest_holds_everything(
    make_player, qtbot: QtBot, history: History, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    player = make_player()
    start_short(player, qtbot)
    run(player, clock, 6.0)  # 1 s into the 2 s rest between left holds
    state = player.timer.state()
    assert state is not None and state.phase is Phase.REST
    qtbot.keyClick(player.timer, Qt.Key.Key_Space)
    paused = player.timer.state()
    assert paused is not None and paused.paused and paused.step is Phase.REST
    run(player, clock, 45.0, step=0.5)
    still = player.timer.state()
    assert still is not None and still.paused
    assert still.time_left == pytest.approx(paused.time_left)
    assert sets_of(history, player) == []
    qtbot.keyClick(player.timer, Qt.Key.Key_Space)
    run(player, clock, 3.875)
    assert sets_of(history, player) == []
    run(player, clock, 0.125)  # the left set ends 4 s after resuming (1 s rest + 3 s hold)
    assert len(sets_of(history, player)) == 1


def test_a_cut_off_session_is_resumed_after_the_player_is_rebuilt(
    make_player, qtbot: QtBot, history: History, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    player = make_player()
    start_short(player, qtbot)
    run(player, clock, STEP_SECONDS[0] + 5.0)  # toe spread done, towel curls set 1 done
    assert player.session is not None
    session_id = player.session.id
    assert len(sets_of(history, player)) == 3
    player.close()  # the app goes away mid-routine: nothing is finished
    player.deleteLater()
    QApplication.processEvents()
    [open_session] = history.sessions()
    assert open_session.ended is None

    with History.open(paths.data_dir()) as reopened:
        again = make_player(reopened)
        assert not again.picker.resume_box.isHidden()
        assert "Resume your session from" in again.picker.resume_text.text()
        assert "Short test, 3 sets done" in again.picker.resume_text.text()
        qtbot.mouseClick(again.picker.resume_button, Qt.MouseButton.LeftButton)
        assert again.page() == "session"
        progress = again.progress
        assert progress is not None and progress.current == 1
        assert progress.status(0) is StepStatus.DONE
        assert again.timer.timer is not None and again.timer.timer.plan.sets == 1
        assert again.session_view.progress_text.text() == "3 of 6 sets done"
        qtbot.keyClick(again.timer, Qt.Key.Key_Space)
        run(again, clock, 7.0 + STEP_SECONDS[2])  # the last set of curls, then calf stretch
        assert again.page() == "pain-check"
        records = reopened.sets(session_id=session_id)
        curls = [s.set_number for s in records if s.exercise_id == "towel-curls"]
        assert curls == [1, 2]
        assert len(records) == SETS_PLANNED
        [finished] = reopened.sessions()
        assert finished.id == session_id and finished.completed
        qtbot.keyClick(again.pain_check, "1")
        summary = again.summary
        assert summary is not None and summary.sets_done == SETS_PLANNED
        # The check before was stored before the cut: the end screen still shows it.
        assert again.summary_view.values["pain_before"].text() == "3/10"
        assert again.summary_view.values["pain_after"].text() == "1/10  (2 lower)"
        again.close()


def test_starting_afresh_closes_the_cut_off_session(
    make_player, qtbot: QtBot, history: History, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    player = make_player()
    start_short(player, qtbot)
    run(player, clock, 10.0)
    player.close()
    again = make_player()
    qtbot.mouseClick(again.picker.discard_button, Qt.MouseButton.LeftButton)
    assert again.picker.resume_box.isHidden()
    [session] = history.sessions()
    assert session.ended is not None and not session.completed
    assert make_player().picker.resume_box.isHidden()


def test_ending_early_asks_first_and_keeps_what_was_done(
    make_player, qtbot: QtBot, history: History, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    player = make_player()
    start_short(player, qtbot)
    run(player, clock, 10.5)
    qtbot.keyClick(player.timer, Qt.Key.Key_Escape)
    assert player.session_view.is_asking_to_end()
    state = player.timer.state()
    assert state is not None and state.paused  # asking pauses
    qtbot.keyClick(player.timer, Qt.Key.Key_Escape)  # Esc again: keep going
    assert not player.session_view.is_asking_to_end()
    qtbot.mouseClick(player.session_view.end_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(player.session_view.confirm_end_button, Qt.MouseButton.LeftButton)
    assert player.page() == "pain-check"
    qtbot.keyClick(player.pain_check, "4")
    assert history.pain_entries()[-1].score == 4
    assert player.summary_view.title.text() == "Session ended"
    [session] = history.sessions()
    assert not session.completed and session.ended is not None
    assert len(history.sets()) == 1


def test_high_pain_before_offers_the_seated_routine_and_says_once_to_see_a_professional(
    make_player, qtbot: QtBot, history: History
) -> None:  # type: ignore[no-untyped-def]
    player = make_player()
    assert player.picker.select("daily-foot-routine")
    qtbot.mouseClick(player.picker.start_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(player.pain_check, "8")
    assert player.page() == "advice"
    advice = player.advice
    assert not advice.note_box.isHidden()
    assert "healthcare professional" in advice.professional_note.text()
    assert not advice.red_flags.isHidden()
    for flag in load_screening().flags:
        assert f"<li>{flag}</li>" in advice.red_flags.text()
    assert advice.switch_button.text() == "Do Desk break instead"
    qtbot.mouseClick(advice.switch_button, Qt.MouseButton.LeftButton)
    assert player.page() == "session"
    assert player.routine is not None and player.routine.id == "desk-break"
    assert history.sessions() == []  # the person has not pressed Start yet

    player.stop()  # Esc: end the session? yes; Start was never pressed: back to the list
    qtbot.mouseClick(player.session_view.confirm_end_button, Qt.MouseButton.LeftButton)
    assert player.page() == "picker"
    assert history.sessions() == []

    assert player.picker.select("balance-and-calf")
    qtbot.mouseClick(player.picker.start_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(player.pain_check, "9")
    assert player.page() == "advice"
    assert advice.note_box.isHidden()  # said once is enough
    assert not advice.red_flags.isHidden()  # the red flags, every time
    qtbot.mouseClick(advice.continue_button, Qt.MouseButton.LeftButton)
    assert player.routine is not None and player.routine.id == "balance-and-calf"


def test_moderate_pain_goes_straight_to_the_session(make_player, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    player = make_player()
    assert player.picker.select("daily-foot-routine")
    qtbot.mouseClick(player.picker.start_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(player.pain_check, "6")
    assert player.page() == "session"


def test_the_picker_shows_time_level_and_a_suggestion_the_person_decides_on(
    make_player, qtbot: QtBot, history: History, catalog: Catalog, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    reason = "Last 3 sessions done, pain stayed at 2 or below."

    def suggest(store: RoutineStore, routine_id: str, today=None, **_: object) -> Suggestion:  # type: ignore[no-untyped-def]
        level = store.level(routine_id)
        if routine_id == SHORT.id and level < 4:
            return Suggestion("up", level, level + 1, reason)
        return Suggestion("stay", level, level, "Not enough sessions yet.")

    monkeypatch.setattr(RoutineStore, "suggest", suggest)
    player = make_player()
    picker = player.picker
    assert picker.select(SHORT.id)
    assert picker.meta.text() == "about 1 min \u00b7 3 exercises \u00b7 level 3 of 5"
    assert not picker.suggestion_box.isHidden()
    assert picker.suggestion_title.text() == "Move up to level 4?"
    assert reason in picker.suggestion_reason.text()
    qtbot.mouseClick(picker.not_now_button, Qt.MouseButton.LeftButton)
    assert picker.suggestion_box.isHidden()
    assert RoutineStore(history, catalog).level(SHORT.id) == 3  # never applied silently

    again = make_player()
    assert again.picker.select(SHORT.id)
    with qtbot.waitSignal(again.level_changed) as changed:
        qtbot.mouseClick(again.picker.accept_button, Qt.MouseButton.LeftButton)
    assert changed.args is not None and changed.args[1] == 4
    store = RoutineStore(history, catalog)
    assert store.level(SHORT.id) == 4
    assert store.level_changes(SHORT.id)[-1].reason == reason
    assert again.picker.current() is not None
    assert again.picker.meta.text().endswith("level 4 of 5")
    assert again.picker.suggestion_box.isHidden()
    assert "Not enough sessions yet." in again.picker.stay_note.text()


def test_pain_check_keys_and_buttons(qtbot: QtBot) -> None:
    from footcoach.ui.routine.pain_check import PainCheck

    check = PainCheck()
    qtbot.addWidget(check)
    chosen: list[int] = []
    check.score_chosen.connect(chosen.append)
    for key in "0123456789":
        qtbot.keyClick(check, key)
    qtbot.keyClick(check, Qt.Key.Key_T)
    qtbot.mouseClick(check.buttons[7], Qt.MouseButton.LeftButton)
    assert chosen == [*range(11), 7]
    with qtbot.waitSignal(check.skipped):
        qtbot.keyClick(check, Qt.Key.Key_Escape)


def test_focus_mode_shows_the_timer_and_drawing_only(make_player, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    player = make_player()
    player.show()
    start_short(player, qtbot)
    player.set_focus_mode(True)
    assert player.is_focus_mode()
    view = player.session_view
    assert view.left_panel.isHidden() and view.nav_panel.isHidden()
    assert not view.art.isHidden() and not view.next_up.isHidden()
    assert view.next_up.font().pixelSize() >= 16
    with qtbot.waitSignal(player.focus_mode_requested) as asked:
        qtbot.keyClick(player.timer, Qt.Key.Key_Escape)  # in focus mode Esc asks to leave it
    assert asked.args == [False]
    player.set_focus_mode(False)
    assert not view.left_panel.isHidden()


def test_the_demo_session_is_mid_hold_and_writes_nothing(
    make_player, history: History, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    player = make_player()
    counts = history.counts()
    player.show_demo_session(clock.advance)
    assert player.page() == "session"
    state = player.timer.state()
    assert state is not None and state.phase is Phase.HOLD and 0 < state.progress < 1
    assert player.progress is not None and player.progress.current == 2
    assert player.progress.status(0) is StepStatus.DONE
    assert history.counts() == counts


def test_window_sends_timer_keys_and_focus_mode_to_the_routine_player(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    actions = window.actions_by_id
    assert window.routine_player is None  # built on first show
    assert not actions[ActionId.ROUTINE_NEXT].isEnabled()
    actions[ActionId.SHOW_ROUTINE].trigger()
    player = window.routine_player
    assert player is not None and window.views["routine"] is player
    assert actions[ActionId.ROUTINE_NEXT].isEnabled()
    player.begin(player.store.all()[0])
    player.pain_check.choose(2)
    actions[ActionId.TIMER_START_PAUSE].trigger()
    state = player.timer.state()
    assert state is not None and state.running
    assert window.timer_pane.state() is None or not window.timer_pane.state().running
    actions[ActionId.TIMER_SKIP].trigger()  # skip the lead-in
    state = player.timer.state()
    assert state is not None and state.phase is Phase.HOLD
    actions[ActionId.ROUTINE_NEXT].trigger()
    assert player.progress is not None and player.progress.current == 1
    actions[ActionId.ROUTINE_BACK].trigger()
    assert player.progress.current == 0

    actions[ActionId.FOCUS_MODE].trigger()
    assert player.is_focus_mode() and window.toolbar.isHidden()
    assert window.current_view() == "routine"
    actions[ActionId.TIMER_STOP].trigger()  # Esc leaves focus mode first
    assert not player.is_focus_mode() and not window.toolbar.isHidden()
    actions[ActionId.TIMER_STOP].trigger()  # then asks whether to end the session
    assert player.session_view.is_asking_to_end()

    actions[ActionId.SHOW_EXERCISES].trigger()
    assert not actions[ActionId.ROUTINE_NEXT].isEnabled()
    actions[ActionId.TIMER_START_PAUSE].trigger()
    exercise_state = window.timer_pane.state()
    assert exercise_state is not None and exercise_state.running
    window.timer_pane.stop()


def test_a_step_with_a_clinician_picture_shows_it_instead_of_the_drawing(
    make_player, qtbot: QtBot, history: History, catalog: Catalog
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QImage

    store = RoutineStore(history, catalog)
    routine = Routine(
        id="with-picture",
        name="With picture",
        steps=(RoutineStep("toe-spread", image="mine.png"),),
    )
    folder = store.images_dir / routine.id
    folder.mkdir(parents=True)
    picture = QImage(200, 200, QImage.Format.Format_RGB32)  # square: the drawings are wide
    picture.fill(QColor("red"))
    assert picture.save(str(folder / "mine.png"))
    store.save(routine)
    player = make_player()
    assert player.picker.select(routine.id)
    qtbot.mouseClick(player.picker.start_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(player.pain_check, Qt.Key.Key_Escape)
    shown = player.session_view.art.pixmap()
    assert shown.width() == shown.height()
    assert shown.toImage().pixelColor(5, 5) == QColor("red")


@pytest.mark.parametrize(
    ("after", "title", "professional"),
    [("5", "Well done!", False), ("6", "Ease off next time", False), ("8", "Rest your foot", True)],
)
def test_the_end_screen_advises_after_a_painful_session(
    make_player, qtbot: QtBot, clock: FakeClock, after: str, title: str, professional: bool
) -> None:  # type: ignore[no-untyped-def]
    player = make_player()
    start_short(player, qtbot, pain="4")
    run(player, clock, sum(STEP_SECONDS))
    qtbot.keyClick(player.pain_check, after)
    view = player.summary_view
    assert player.page() == "summary" and view.title.text().startswith(title)
    assert view.advice_box.isHidden() is (after == "5")
    assert ("healthcare professional" in view.advice.text()) is professional
    assert view.values["pain_after"].text().startswith(f"{after}/10")


def test_how_to_do_it_opens_with_h_and_stays_open_and_the_caution_shows(
    make_player, qtbot: QtBot, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    player = make_player()
    start_short(player, qtbot)
    view = player.session_view
    assert not view.steps_button.isHidden() and view.steps_text.isHidden()
    qtbot.keyClick(player.timer, Qt.Key.Key_H)
    assert not view.steps_text.isHidden()
    assert "<li>" in view.steps_text.text()
    run(player, clock, STEP_SECONDS[0])  # on to towel curls: still open
    assert player.progress is not None and player.progress.current == 1
    assert not view.steps_text.isHidden()
    qtbot.keyClick(player.timer, Qt.Key.Key_Right)  # calf stretch has a caution
    calf = player.catalog.get("calf-stretch")
    assert calf.caution and view.caution.text() == calf.caution
    assert not view.caution.isHidden()
    player.set_focus_mode(True)
    assert view.caution.isHidden() and view.steps_text.isHidden()
    player.set_focus_mode(False)
    assert not view.caution.isHidden() and not view.steps_text.isHidden()


def test_quitting_during_a_session_asks_and_keeps_what_was_done(
    make_window,
    catalog: Catalog,
    history: History,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(parent: object, title: str, text: str, *args: object) -> object:
        asked.append(text)
        return answers.pop(0)

    RoutineStore(history, catalog).save(SHORT)
    window = make_window()
    window.show()
    window.actions_by_id[ActionId.SHOW_ROUTINE].trigger()
    player = window.routine_player
    assert player is not None
    player.begin(SHORT)
    player.pain_check.choose(2)
    monkeypatch.setattr(QMessageBox, "question", question)
    window.close()  # before Start nothing is recorded: no question
    assert asked == [] and not window.isVisible()
    window.show()
    player.toggle_start_pause()
    run(player, clock, 14.0)  # the left side of toe spread is done (lead-in 5 s)
    window.actions_by_id[ActionId.QUIT].trigger()  # Ctrl+Q: "No" keeps the session going
    assert len(asked) == 1 and "End it and quit?" in asked[0]
    assert window.isVisible() and player.page() == "session"
    [session] = history.sessions()
    assert session.ended is None
    window.close()  # the window's close button (Alt+F4): "Yes" ends the session and quits
    assert len(asked) == 2 and not window.isVisible()
    [session] = history.sessions()
    assert session.ended is not None and not session.completed
    assert [s.exercise_id for s in history.sets()] == ["toe-spread"]
