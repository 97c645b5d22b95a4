"""An exercise finished in the exercise view's timer is recorded and counts (issue 13)."""

from __future__ import annotations

from footcoach.timing import Phase
from footcoach.trends import load_summary
from footcoach.ui.common.actions import ActionId


def run_to_the_end(window, clock) -> None:  # type: ignore[no-untyped-def]
    while window.timer_pane.state().phase is not Phase.FINISHED:
        clock.advance(5)  # ticked often, as the widget's own timer does
        window.timer_pane.tick()


def test_a_finished_exercise_is_a_session_that_counts(make_window, history, clock) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.show()
    window.exercise_list.select("calf-stretch")
    changed: list[bool] = []
    window.history_changed.connect(lambda: changed.append(True))
    window.actions_by_id[ActionId.TIMER_START_PAUSE].trigger()
    run_to_the_end(window, clock)

    [session] = history.sessions()
    assert (session.routine, session.completed) == ("exercise:calf-stretch", True)
    sets = history.sets(session_id=session.id)
    assert len(sets) == 4  # 2 sets, each foot
    assert {s.exercise_id for s in sets} == {"calf-stretch"}
    assert history.session_days() == [session.started.local_date]
    summary = load_summary(history, session.started.local_date)
    assert summary.streak_days == 1 and summary.sessions_last_7d == 1
    assert changed == [True]


def test_stopping_or_switching_exercise_keeps_sets_but_no_session_day(
    make_window, history, clock
) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.show()
    window.exercise_list.select("calf-stretch")
    window.actions_by_id[ActionId.TIMER_START_PAUSE].trigger()
    for _ in range(8):  # lead-in and the first (left) hold of 30 s
        clock.advance(5)
        window.timer_pane.tick()
    assert len(history.sets()) == 1
    window.exercise_list.select("towel-curls")  # stops the calf stretch
    [session] = history.sessions()
    assert not session.completed
    assert history.session_days() == []
    window.actions_by_id[ActionId.TIMER_START_PAUSE].trigger()
    run_to_the_end(window, clock)
    assert [s.routine for s in history.sessions()] == [
        "exercise:calf-stretch",
        "exercise:towel-curls",
    ]
    assert len(history.session_days()) == 1
