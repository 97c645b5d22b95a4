"""The hold plan and timer state machine, driven by a fake clock (no sleeps, no Qt)."""

from __future__ import annotations

from typing import TypeVar

import pytest
from helpers.fakes import FakeClock
from hypothesis import given, settings
from hypothesis import strategies as st

from footcoach.catalog import Dose, Sides
from footcoach.timing import (
    DEFAULT_JUMP_SECONDS,
    Countdown,
    HoldDone,
    HoldEnd,
    HoldPlan,
    HoldTimer,
    Phase,
    PhaseStarted,
    PlanDone,
    RepCounted,
    SetDone,
    Side,
    TimerEvent,
    format_clock,
    total_duration,
)


def hold_plan(**overrides: object) -> HoldPlan:
    """Two sets of two 10 s holds, each foot: lead-in 5, rest 5 between holds, 30 between sets."""
    values: dict[str, object] = {
        "sets": 2,
        "reps": 2,
        "hold_seconds": 10.0,
        "rest_between_reps": 5.0,
        "rest_between_sets": 30.0,
        "switch_seconds": 5.0,
        "lead_in_seconds": 5.0,
        "sides": Sides.EACH,
    }
    values.update(overrides)
    return HoldPlan(**values)  # type: ignore[arg-type]


def started(events: list[TimerEvent]) -> list[tuple[Phase, Side, int, int]]:
    return [
        (e.phase, e.side, e.set_number, e.rep_number) for e in events if isinstance(e, PhaseStarted)
    ]


T = TypeVar("T")


def of_type(events: list[TimerEvent], kind: type[T]) -> list[T]:
    return [e for e in events if isinstance(e, kind)]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# --- the plan ------------------------------------------------------------------------------


def test_plan_from_hold_dose_each_foot() -> None:
    dose = Dose(sets=2, reps=3, rest_seconds=30, sides=Sides.EACH, hold_seconds=20)
    plan = HoldPlan.from_dose(dose)
    phases = [(s.phase, s.side, s.set_number, s.rep_number) for s in plan.steps]
    hold, rest = Phase.HOLD, Phase.REST
    left, right = Side.LEFT, Side.RIGHT
    one_side = [(hold, 1), (rest, 2), (hold, 2), (rest, 3), (hold, 3)]
    expected = [(Phase.LEAD_IN, left, 1, 1)]
    expected += [(p, left, 1, r) for p, r in one_side]
    expected += [(Phase.SWITCH_SIDE, right, 1, 1)]
    expected += [(p, right, 1, r) for p, r in one_side]
    expected += [(rest, left, 2, 1)]
    expected += [(p, left, 2, r) for p, r in one_side]
    expected += [(Phase.SWITCH_SIDE, right, 2, 1)]
    expected += [(p, right, 2, r) for p, r in one_side]
    assert phases == expected
    # 5 lead-in + per set: 2 sides x (3 x 20 + 2 x 5) + 5 switch; + 30 between the sets.
    assert total_duration(plan) == 5 + 2 * (2 * 70 + 5) + 30
    assert plan.total_hold_seconds == 2 * 2 * 3 * 20
    assert plan.hold_count == 12
    assert [s.ends_block for s in plan.steps if s.phase is hold].count(True) == 4


def test_plan_from_rep_dose_counts_reps_in_one_stretch() -> None:
    dose = Dose(sets=3, reps=10, rest_seconds=20, sides=Sides.BOTH, rep_seconds=2)
    plan = HoldPlan.from_dose(dose, lead_in_seconds=3)
    assert plan.rep_based
    assert [(s.phase, s.seconds) for s in plan.steps] == [
        (Phase.LEAD_IN, 3),
        (Phase.HOLD, 20),
        (Phase.REST, 20),
        (Phase.HOLD, 20),
        (Phase.REST, 20),
        (Phase.HOLD, 20),
    ]
    assert all(s.side is Side.BOTH for s in plan.steps)
    assert total_duration(plan) == 3 + 60 + 40


def test_short_rest_between_holds_never_exceeds_the_dose_rest() -> None:
    dose = Dose(sets=1, reps=3, rest_seconds=2, sides=Sides.BOTH, hold_seconds=15)
    assert HoldPlan.from_dose(dose).rest_between_reps == 2
    assert HoldPlan.from_dose(dose, rest_between_reps=1).rest_between_reps == 1


@pytest.mark.parametrize(
    "bad",
    [
        {"hold_seconds": None},
        {"rep_seconds": 2.0},
        {"sets": 0},
        {"reps": 0},
        {"hold_seconds": 0.0},
        {"rest_between_sets": -1.0},
        {"lead_in_seconds": float("inf")},
    ],
)
def test_plan_rejects_nonsense(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        hold_plan(**bad)


def test_format_clock() -> None:
    assert format_clock(20.0) == "20"
    assert format_clock(19.01) == "20"
    assert format_clock(0.2) == "1"
    assert format_clock(0.0) == "0"
    assert format_clock(-3.0) == "0"
    assert format_clock(90.0) == "1:30"


# --- phases ------------------------------------------------------------------------------


def test_idle_until_started(clock: FakeClock) -> None:
    timer = HoldTimer(hold_plan(), clock)
    clock.advance(100)
    state = timer.state()
    assert state.phase is Phase.IDLE
    assert state.time_left == state.phase_seconds == 10  # shows the first hold's length
    assert timer.poll() == []
    assert timer.time_to_next_event() is None


def test_every_transition_in_order(clock: FakeClock) -> None:
    plan = hold_plan(sets=2, reps=2)
    timer = HoldTimer(plan, clock)
    timer.start()
    seen: list[TimerEvent] = []
    while timer.state().phase is not Phase.FINISHED:
        clock.advance(0.25)
        seen += timer.poll()
    expected = [(s.phase, s.side, s.set_number, s.rep_number) for s in plan.steps]
    assert started(seen) == expected
    assert seen[-1] == PlanDone(8, 8, 80.0, 1000 + plan.total_seconds)
    assert clock.now == pytest.approx(1000 + plan.total_seconds)


def test_state_follows_the_clock_through_a_hold(clock: FakeClock) -> None:
    timer = HoldTimer(hold_plan(), clock)
    timer.start()
    state = timer.state()
    assert (state.phase, state.time_left, state.phase_seconds) == (Phase.LEAD_IN, 5, 5)
    clock.advance(5)
    state = timer.state()
    assert (state.phase, state.side, state.rep_number) == (Phase.HOLD, Side.LEFT, 1)
    assert state.time_left == 10
    clock.advance(7.5)
    state = timer.state()
    assert state.time_left == pytest.approx(2.5)
    assert state.progress == pytest.approx(0.75)
    assert state.running and not state.paused


def test_events_carry_the_time_they_fell_due(clock: FakeClock) -> None:
    t0 = clock.now
    timer = HoldTimer(hold_plan(), clock)
    timer.start()
    clock.advance(16)
    events = timer.poll()
    hold_done = of_type(events, HoldDone)[0]
    assert hold_done.at == t0 + 15
    assert [c.at - t0 for c in of_type(events, Countdown)] == [12, 13, 14]
    assert [c.seconds_left for c in of_type(events, Countdown)] == [3, 2, 1]


def test_sparse_polling_loses_nothing(clock: FakeClock) -> None:
    plan = hold_plan()
    dense_clock = FakeClock()
    dense = HoldTimer(plan, dense_clock)
    sparse = HoldTimer(plan, clock)
    dense.start()
    sparse.start()
    dense_events: list[TimerEvent] = []
    sparse_events: list[TimerEvent] = []
    for _ in range(int(plan.total_seconds / 0.1) + 10):
        dense_clock.advance(0.1)
        dense_events += dense.poll()
    for _ in range(int(plan.total_seconds / 40) + 2):
        clock.advance(40)  # slow polling, but below the jump threshold
        sparse_events += sparse.poll()
    assert 40 < DEFAULT_JUMP_SECONDS
    # Same events, same due times: both clocks started at the same reading.
    assert sparse_events == dense_events
    assert isinstance(sparse_events[-1], PlanDone)


# --- pause and resume ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "phase", "left"),
    [(2.0, Phase.LEAD_IN, 3.0), (9.0, Phase.HOLD, 6.0), (17.0, Phase.REST, 3.0)],
)
def test_pause_freezes_any_phase(
    clock: FakeClock, offset: float, phase: Phase, left: float
) -> None:
    timer = HoldTimer(hold_plan(), clock)
    timer.start()
    clock.advance(offset)
    timer.pause()
    clock.advance(45)  # a long pause: nothing moves, and it is not a clock jump
    state = timer.state()
    assert (state.phase, state.step, state.time_left) == (Phase.PAUSED, phase, left)
    assert not timer.is_running
    assert timer.time_to_next_event() is None
    before = len(timer.poll())
    clock.advance(500)
    assert timer.poll() == [] and before > 0
    timer.resume()
    state = timer.state()
    assert (state.phase, state.time_left) == (phase, left)
    clock.advance(left)
    assert timer.state().phase is not phase


def test_resume_after_a_long_pause_finishes_the_hold_in_full(clock: FakeClock) -> None:
    timer = HoldTimer(hold_plan(sets=1, reps=1, sides=Sides.BOTH), clock)
    timer.start()
    clock.advance(8)
    timer.pause()
    clock.advance(3600)
    timer.resume()
    clock.advance(6.999)
    assert of_type(timer.poll(), HoldDone) == []
    clock.advance(0.001)
    (done,) = of_type(timer.poll(), HoldDone)
    assert done.how is HoldEnd.COMPLETED and done.seconds_achieved == 10
    assert timer.state().phase is Phase.FINISHED


def test_pause_resume_outside_a_run_do_nothing(clock: FakeClock) -> None:
    timer = HoldTimer(hold_plan(), clock)
    timer.pause()
    timer.resume()
    timer.skip()
    timer.restart_rep()
    assert timer.mark_done() is False
    assert timer.state().phase is Phase.IDLE
    assert timer.poll() == []


def test_toggle_starts_pauses_resumes_and_restarts(clock: FakeClock) -> None:
    timer = HoldTimer(hold_plan(sets=1, reps=1, sides=Sides.BOTH, lead_in_seconds=0), clock)
    timer.toggle()
    assert timer.state().phase is Phase.HOLD
    timer.toggle()
    assert timer.state().phase is Phase.PAUSED
    timer.toggle()
    assert timer.state().phase is Phase.HOLD
    clock.advance(10)
    assert timer.state().phase is Phase.FINISHED
    timer.poll()
    timer.toggle()
    assert timer.state().phase is Phase.HOLD
    assert started(timer.poll()) == [(Phase.HOLD, Side.BOTH, 1, 1)]


# --- skip, restart, done, reset -----------------------------------------------------------


def test_skip_lead_in_starts_the_first_hold(clock: FakeClock) -> None:
    timer = HoldTimer(hold_plan(), clock)
    timer.start()
    clock.advance(1)
    timer.skip()
    state = timer.state()
    assert (state.phase, state.time_left) == (Phase.HOLD, 10)
    assert started(timer.poll())[-1] == (Phase.HOLD, Side.LEFT, 1, 1)


def test_skipping_a_hold_reports_it_not_completed(clock: FakeClock) -> None:
    timer = HoldTimer(hold_plan(reps=1, sets=1), clock)
    timer.start()
    clock.advance(5 + 4)
    timer.poll()
    timer.skip()
    events = timer.poll()
    (done,) = of_type(events, HoldDone)
    assert (done.how, done.seconds_achieved, done.reps_done, done.completed) == (
        HoldEnd.SKIPPED,
        4,
        0,
        False,
    )
    (set_done,) = of_type(events, SetDone)
    assert (set_done.side, set_done.reps_done, set_done.seconds_achieved) == (Side.LEFT, 0, 4)
    assert timer.state().phase is Phase.SWITCH_SIDE


def test_skip_the_last_hold_finishes_the_plan(clock: FakeClock) -> None:
    timer = HoldTimer(hold_plan(reps=1, sets=1, sides=Sides.BOTH, lead_in_seconds=0), clock)
    timer.start()
    clock.advance(3)
    timer.skip()
    events = timer.poll()
    assert [type(e) for e in events] == [PhaseStarted, HoldDone, SetDone, PlanDone]
    assert events[-1] == PlanDone(0, 1, 3.0, clock.now)
    assert timer.state().phase is Phase.FINISHED


def test_skip_while_paused_stays_paused(clock: FakeClock) -> None:
    timer = HoldTimer(hold_plan(), clock)
    timer.start()
    clock.advance(6)
    timer.pause()
    timer.skip()
    state = timer.state()
    assert (state.phase, state.step, state.time_left) == (Phase.PAUSED, Phase.REST, 5)


def test_restart_rep_starts_the_hold_again(clock: FakeClock) -> None:
    timer = HoldTimer(hold_plan(), clock)
    timer.start()
    clock.advance(5 + 8)
    timer.poll()
    timer.restart_rep()
    assert timer.state().time_left == 10
    assert started(timer.poll()) == [(Phase.HOLD, Side.LEFT, 1, 1)]
    clock.advance(10)
    (done,) = of_type(timer.poll(), HoldDone)
    assert done.how is HoldEnd.COMPLETED and done.seconds_achieved == 10


def test_restart_while_paused_rewinds_and_stays_paused(clock: FakeClock) -> None:
    timer = HoldTimer(hold_plan(), clock)
    timer.start()
    clock.advance(5 + 8)
    timer.pause()
    timer.restart_rep()
    state = timer.state()
    assert (state.phase, state.step, state.time_left) == (Phase.PAUSED, Phase.HOLD, 10)


def test_restart_in_a_rest_restarts_the_rest(clock: FakeClock) -> None:
    timer = HoldTimer(hold_plan(), clock)
    timer.start()
    clock.advance(5 + 10 + 4)
    timer.restart_rep()
    state = timer.state()
    assert (state.phase, state.time_left) == (Phase.REST, 5)


def test_reset_goes_back_to_idle_and_keeps_due_events(clock: FakeClock) -> None:
    timer = HoldTimer(hold_plan(), clock)
    timer.start()
    clock.advance(20)
    timer.reset()
    assert timer.state().phase is Phase.IDLE
    events = timer.poll()
    assert of_type(events, HoldDone)  # the hold that ended before the reset is still reported
    clock.advance(100)
    assert timer.poll() == []
    timer.start()
    assert timer.state().phase is Phase.LEAD_IN and timer.state().time_left == 5


# --- sides and sets ------------------------------------------------------------------------


def test_both_sides_then_rest_then_next_set(clock: FakeClock) -> None:
    timer = HoldTimer(hold_plan(reps=1), clock)
    timer.start()
    clock.advance(5 + 10)  # lead-in, left hold
    state = timer.state()
    assert (state.phase, state.side) == (Phase.SWITCH_SIDE, Side.RIGHT)
    clock.advance(5 + 10)  # switch, right hold
    state = timer.state()
    assert (state.phase, state.side, state.set_number) == (Phase.REST, Side.LEFT, 2)
    assert state.time_left == 30
    sets = of_type(timer.poll(), SetDone)
    assert [(s.side, s.set_number, s.reps_done, s.seconds_achieved) for s in sets] == [
        (Side.LEFT, 1, 1, 10),
        (Side.RIGHT, 1, 1, 10),
    ]
    clock.advance(30)
    state = timer.state()
    assert (state.phase, state.side, state.set_number) == (Phase.HOLD, Side.LEFT, 2)


def test_both_feet_at_once_has_no_switch(clock: FakeClock) -> None:
    plan = hold_plan(sides=Sides.BOTH)
    assert all(s.phase is not Phase.SWITCH_SIDE for s in plan.steps)
    timer = HoldTimer(plan, clock)
    timer.start()
    events: list[TimerEvent] = []
    for _ in range(9):
        clock.advance(10)
        events += timer.poll()
    sets = of_type(events, SetDone)
    assert [(s.side, s.set_number) for s in sets] == [(Side.BOTH, 1), (Side.BOTH, 2)]


def test_zero_rest_plan_runs_holds_back_to_back(clock: FakeClock) -> None:
    dose = Dose(sets=2, reps=2, rest_seconds=0, sides=Sides.BOTH, hold_seconds=10)
    plan = HoldPlan.from_dose(dose, lead_in_seconds=0)
    assert [s.phase for s in plan.steps] == [Phase.HOLD] * 4
    assert total_duration(plan) == 40
    timer = HoldTimer(plan, clock)
    timer.start()
    clock.advance(10)
    state = timer.state()
    assert (state.phase, state.rep_number, state.time_left) == (Phase.HOLD, 2, 10)
    clock.advance(30)
    events = timer.poll()
    assert len(of_type(events, HoldDone)) == 4
    assert isinstance(events[-1], PlanDone)


# --- counted reps ----------------------------------------------------------------------


def rep_plan(**overrides: object) -> HoldPlan:
    dose = Dose(sets=2, reps=5, rest_seconds=10, sides=Sides.EACH, rep_seconds=2)
    values: dict[str, object] = {"lead_in_seconds": 0.0}
    values.update(overrides)
    return HoldPlan.from_dose(dose, **values)  # type: ignore[arg-type]


def test_reps_are_counted_at_a_steady_pace(clock: FakeClock) -> None:
    timer = HoldTimer(rep_plan(), clock)
    timer.start()
    clock.advance(5)
    state = timer.state()
    assert (state.rep_number, state.reps_done, state.reps) == (3, 2, 5)
    assert state.time_left == 5
    counted = of_type(timer.poll(), RepCounted)
    assert [(r.rep_number, r.at - 1000) for r in counted] == [(1, 2), (2, 4)]
    clock.advance(5)
    events = timer.poll()
    assert [r.rep_number for r in of_type(events, RepCounted)] == [3, 4, 5]
    assert of_type(events, Countdown) == []  # counted reps get a tick per rep instead
    (done,) = of_type(events, HoldDone)
    assert (done.reps_done, done.seconds_achieved, done.how) == (5, 10, HoldEnd.COMPLETED)
    assert of_type(events, SetDone)[0].reps_done == 5


def test_mark_done_ends_counted_reps_early(clock: FakeClock) -> None:
    timer = HoldTimer(rep_plan(), clock)
    timer.start()
    clock.advance(7)
    assert timer.mark_done() is True
    events = timer.poll()
    (done,) = of_type(events, HoldDone)
    assert (done.reps_done, done.seconds_achieved, done.how) == (5, 7, HoldEnd.MARKED_DONE)
    assert done.completed
    assert of_type(events, SetDone)[0].reps_done == 5
    assert timer.state().phase is Phase.SWITCH_SIDE


def test_mark_done_is_refused_for_timed_holds_and_rests(clock: FakeClock) -> None:
    timer = HoldTimer(hold_plan(), clock)
    timer.start()
    clock.advance(6)
    assert timer.mark_done() is False
    assert timer.state().phase is Phase.HOLD
    rep_timer = HoldTimer(rep_plan(), FakeClock())
    rep_timer.start()
    rep_timer.skip()  # left reps -> switch feet
    assert rep_timer.mark_done() is False


def test_restart_with_counted_reps_restarts_the_current_rep(clock: FakeClock) -> None:
    timer = HoldTimer(rep_plan(), clock)
    timer.start()
    clock.advance(5)  # rep 3 is half done
    timer.poll()
    timer.restart_rep()
    state = timer.state()
    assert (state.rep_number, state.time_left) == (3, 6)
    clock.advance(2)
    assert [r.rep_number for r in of_type(timer.poll(), RepCounted)] == [3]


def test_skipping_counted_reps_reports_the_reps_counted(clock: FakeClock) -> None:
    timer = HoldTimer(rep_plan(), clock)
    timer.start()
    clock.advance(5)
    timer.skip()
    (done,) = of_type(timer.poll(), HoldDone)
    assert (done.reps_done, done.how) == (2, HoldEnd.SKIPPED)


# --- clock jumps -------------------------------------------------------------------------


def test_clock_jump_ends_the_hold_and_waits(clock: FakeClock) -> None:
    timer = HoldTimer(hold_plan(), clock)
    timer.start()
    clock.advance(5 + 6)
    timer.poll()
    clock.advance(DEFAULT_JUMP_SECONDS + 1000)  # the machine slept
    events = timer.poll()
    (done,) = of_type(events, HoldDone)
    assert (done.how, done.seconds_achieved, done.at) == (HoldEnd.INTERRUPTED, 6, 1011)
    assert not done.completed
    state = timer.state()
    assert (state.phase, state.step, state.time_left) == (Phase.PAUSED, Phase.REST, 5)
    timer.resume()
    clock.advance(5)
    assert timer.state().phase is Phase.HOLD
    assert timer.state().rep_number == 2


def test_clock_jump_outside_a_hold_just_pauses(clock: FakeClock) -> None:
    timer = HoldTimer(hold_plan(), clock)
    timer.start()
    clock.advance(2)
    timer.poll()
    clock.advance(10_000)
    assert timer.poll() == []
    state = timer.state()
    assert (state.phase, state.step, state.time_left) == (Phase.PAUSED, Phase.LEAD_IN, 3)


def test_clock_jump_is_noticed_by_state_too(clock: FakeClock) -> None:
    timer = HoldTimer(hold_plan(), clock, jump_seconds=2.0)
    timer.start()
    for _ in range(6):
        clock.advance(1)
        timer.state()
    clock.advance(2.5)
    state = timer.state()
    assert state.time_left >= 0
    assert state.phase is Phase.PAUSED
    assert of_type(timer.poll(), HoldDone)[0].seconds_achieved == 1


def test_a_clock_that_goes_back_does_not_rewind(clock: FakeClock) -> None:
    timer = HoldTimer(hold_plan(), clock)
    timer.start()
    clock.advance(8)
    left = timer.state().time_left
    clock.now -= 5
    assert timer.state().time_left == left


# --- properties ------------------------------------------------------------------------

OPERATIONS = ("pause", "resume", "toggle", "skip", "restart_rep", "mark_done", "poll", "state")

plans = st.builds(
    HoldPlan,
    sets=st.integers(1, 3),
    reps=st.integers(1, 4),
    hold_seconds=st.sampled_from([1.0, 2.5, 10.0]),
    rest_between_reps=st.sampled_from([0.0, 1.0, 5.0]),
    rest_between_sets=st.sampled_from([0.0, 3.0]),
    switch_seconds=st.sampled_from([0.0, 2.0]),
    lead_in_seconds=st.sampled_from([0.0, 5.0]),
    sides=st.sampled_from(Sides),
) | st.builds(
    HoldPlan,
    sets=st.integers(1, 3),
    reps=st.integers(1, 6),
    rep_seconds=st.sampled_from([1.0, 1.5, 3.0]),
    rest_between_sets=st.sampled_from([0.0, 3.0]),
    lead_in_seconds=st.sampled_from([0.0, 2.0]),
    sides=st.sampled_from(Sides),
)


def check_state(timer: HoldTimer) -> None:
    state = timer.state()
    assert 0.0 <= state.time_left <= state.phase_seconds
    assert 0.0 <= state.progress <= 1.0
    assert 0.0 <= state.plan_elapsed <= state.plan_seconds
    assert 1 <= state.rep_number <= state.reps
    assert 1 <= state.set_number <= state.sets


@settings(deadline=None)
@given(
    plan=plans,
    script=st.lists(
        st.tuples(st.sampled_from(OPERATIONS), st.floats(0.0, 90.0, allow_nan=False)),
        max_size=40,
    ),
)
def test_any_sequence_keeps_the_state_sane(plan: HoldPlan, script: list[tuple[str, float]]) -> None:
    clock = FakeClock()
    timer = HoldTimer(plan, clock)  # advances up to 90 s: some of them are clock jumps
    timer.start()
    events: list[TimerEvent] = []
    for operation, seconds in script:
        clock.advance(seconds)
        check_state(timer)
        result = getattr(timer, operation)()
        if operation == "poll":
            events += result
        check_state(timer)
    events += timer.poll()
    dues = [e.at for e in events]
    assert dues == sorted(dues)
    assert all(e.seconds_achieved <= e.seconds_target for e in of_type(events, HoldDone))


@settings(deadline=None)
@given(
    plan=plans,
    script=st.lists(
        st.tuples(
            st.sampled_from(("pause", "resume", "restart_rep", "poll", "state")),
            st.floats(0.0, DEFAULT_JUMP_SECONDS - 1, allow_nan=False),
        ),
        max_size=40,
    ),
)
def test_run_to_the_end_counts_the_plans_hold_time(
    plan: HoldPlan, script: list[tuple[str, float]]
) -> None:
    clock = FakeClock()
    timer = HoldTimer(plan, clock)
    timer.start()
    events: list[TimerEvent] = []
    for operation, seconds in script:
        clock.advance(seconds)
        result = getattr(timer, operation)()
        if operation == "poll":
            events += result
        check_state(timer)
    timer.resume()
    while timer.state().phase is not Phase.FINISHED:
        clock.advance(7.0)
        events += timer.poll()
    events += timer.poll()
    holds = of_type(events, HoldDone)
    assert sum(h.seconds_achieved for h in holds) == pytest.approx(plan.total_hold_seconds)
    assert all(h.how is HoldEnd.COMPLETED for h in holds)
    assert len(holds) == plan.hold_count
    (done,) = of_type(events, PlanDone)
    assert done.holds_completed == plan.hold_count
    assert done.seconds_achieved == pytest.approx(plan.total_hold_seconds)
    sets = of_type(events, SetDone)
    assert len(sets) == plan.sets * len(plan.side_order)
    assert all(s.reps_done == plan.reps for s in sets)
