"""An exercise done on its own counts: recorded as a one-exercise session (no Qt)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from helpers.fakes import FakeClock

from footcoach.catalog import Sides
from footcoach.exercise_session import ExerciseSessionRecorder, single_exercise_routine
from footcoach.history import History
from footcoach.records import Moment, Side
from footcoach.routines import partial_session
from footcoach.timing import HoldPlan, HoldTimer, Phase, PhaseStarted, PlanDone, SetDone, TimerEvent
from footcoach.trends import load_summary

DAY = date(2026, 3, 10)


class Stamps:
    """Moment.now stand-in: each call is one minute after the last, on ``DAY``."""

    def __init__(self) -> None:
        self.at = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)

    def __call__(self) -> Moment:
        self.at += timedelta(minutes=1)
        return Moment.from_datetime(self.at)


@pytest.fixture
def history(tmp_path: Path) -> Iterator[History]:
    with History.open(tmp_path / "data", today=DAY) as opened:
        yield opened


@pytest.fixture
def recorder(history: History) -> ExerciseSessionRecorder:
    return ExerciseSessionRecorder(history, now=Stamps())


def plan(**overrides: object) -> HoldPlan:
    values: dict[str, object] = {
        "sets": 2,
        "reps": 2,
        "hold_seconds": 10.0,
        "rest_between_reps": 2.0,
        "rest_between_sets": 5.0,
        "lead_in_seconds": 3.0,
        "sides": Sides.EACH,
    }
    values.update(overrides)
    return HoldPlan(**values)  # type: ignore[arg-type]


def forward(recorder: ExerciseSessionRecorder, events: list[TimerEvent]) -> None:
    """What the window does with the timer's events."""
    for event in events:
        if isinstance(event, PhaseStarted):
            recorder.started()
        elif isinstance(event, SetDone):
            recorder.set_finished(event)
        elif isinstance(event, PlanDone):
            recorder.plan_finished()


def test_a_finished_exercise_is_a_completed_session_that_counts(
    history: History, recorder: ExerciseSessionRecorder
) -> None:
    the_plan = plan()
    recorder.load("toe-curls", the_plan)
    clock = FakeClock()
    timer = HoldTimer(the_plan, clock)
    timer.start()
    forward(recorder, timer.poll())
    while timer.state().phase is not Phase.FINISHED:
        clock.advance(5)  # polled often: a long gap would read as a suspend
        forward(recorder, timer.poll())

    [session] = history.sessions()
    assert session.routine == single_exercise_routine("toe-curls") == "exercise:toe-curls"
    assert session.completed and session.ended is not None
    assert session.started.utc < session.ended.utc
    sets = history.sets(session_id=session.id)
    assert [(s.side, s.set_number, s.reps, s.hold_seconds) for s in sets] == [
        (Side.LEFT, 1, 2, 10.0),
        (Side.RIGHT, 1, 2, 10.0),
        (Side.LEFT, 2, 2, 10.0),
        (Side.RIGHT, 2, 2, 10.0),
    ]
    assert {s.exercise_id for s in sets} == {"toe-curls"}
    assert history.session_days() == [DAY]
    summary = load_summary(history, DAY)
    assert (summary.sessions_last_7d, summary.streak_days) == (1, 1)


def test_nothing_is_written_before_a_set_ends(
    history: History, recorder: ExerciseSessionRecorder
) -> None:
    recorder.load("calf-stretch", plan())
    recorder.started()
    recorder.stopped()
    assert history.sessions() == [] and history.sets() == []


def test_a_set_with_no_rep_done_writes_nothing(
    history: History, recorder: ExerciseSessionRecorder
) -> None:
    recorder.load("calf-stretch", plan())
    recorder.started()
    assert recorder.set_finished(SetDone(Side.LEFT, 1, 0, 2, 3.0, 0.0)) is None
    assert recorder.plan_finished() is None
    assert history.sessions() == []


def test_stopping_early_keeps_the_sets_but_not_as_a_completed_session(
    history: History, recorder: ExerciseSessionRecorder
) -> None:
    recorder.load("calf-stretch", plan())
    recorder.started()
    first = recorder.set_finished(SetDone(Side.LEFT, 1, 2, 2, 17.0, 0.0))
    assert first is not None and first.hold_seconds == 8.5
    recorder.stopped()
    [session] = history.sessions()
    assert not session.completed
    assert session.ended is not None  # always ended: never offered to resume as a routine
    assert partial_session(history, DAY) is None
    assert history.session_days() == []
    assert [s.id for s in history.sets()] == [first.id]


def test_each_set_moves_the_sessions_end_on(
    history: History, recorder: ExerciseSessionRecorder
) -> None:
    recorder.load("calf-stretch", plan())
    recorder.started()
    recorder.set_finished(SetDone(Side.LEFT, 1, 2, 2, 20.0, 0.0))
    second = recorder.set_finished(SetDone(Side.RIGHT, 1, 2, 2, 20.0, 0.0))
    assert second is not None
    [session] = history.sessions()
    assert session.ended == second.at


def test_again_and_another_exercise_start_new_sessions(
    history: History, recorder: ExerciseSessionRecorder
) -> None:
    recorder.load("calf-stretch", plan())
    for _ in range(2):  # the plan, then "Again"
        recorder.started()
        recorder.set_finished(SetDone(Side.LEFT, 1, 2, 2, 20.0, 0.0))
        assert recorder.plan_finished() is not None
    recorder.load("marble-pickup", plan(hold_seconds=None, rep_seconds=2.0, reps=10))
    recorder.started()
    counted = recorder.set_finished(SetDone(Side.LEFT, 1, 10, 10, 20.0, 0.0))
    assert counted is not None and (counted.reps, counted.hold_seconds) == (10, None)
    routines = [s.routine for s in history.sessions()]
    assert routines == ["exercise:calf-stretch"] * 2 + ["exercise:marble-pickup"]
    assert [s.completed for s in history.sessions()] == [True, True, False]
