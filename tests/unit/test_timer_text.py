"""What the timer's face says, phase by phase (plain Python: no Qt)."""

from __future__ import annotations

from helpers.fakes import FakeClock

from footcoach.catalog import Sides
from footcoach.timing import HoldPlan, HoldTimer, Phase, big_text, counter_text, phase_text

START = 1000.0  # FakeClock's first reading


def at(clock: FakeClock, seconds: float) -> None:
    """Move ``clock`` to ``seconds`` after the start."""
    clock.advance(START + seconds - clock())


def walk(plan: HoldPlan) -> list[tuple[str, str]]:
    """(big line, phase words) at the middle of every step, in order."""
    clock = FakeClock()
    timer = HoldTimer(plan, clock)
    seen = [(big_text(timer.state()), phase_text(timer.state()))]
    timer.start()
    for step in plan.steps:
        at(clock, step.start + step.seconds / 2)
        timer.poll()
        state = timer.state()
        seen.append((big_text(state), phase_text(state)))
    at(clock, plan.total_seconds + 1)
    timer.poll()
    seen.append((big_text(timer.state()), phase_text(timer.state())))
    return seen


def test_each_rest_names_what_comes_next() -> None:
    plan = HoldPlan(
        sets=2,
        reps=2,
        hold_seconds=10.0,
        rest_between_reps=4.0,
        rest_between_sets=30.0,
        switch_seconds=6.0,
        lead_in_seconds=2.0,
        sides=Sides.EACH,
    )
    words = [w for _big, w in walk(plan)]
    assert words == [
        "Ready",
        "Get ready \u00b7 left foot",
        "Hold \u2013 left foot",
        "Rest \u00b7 next: hold 2 of 2",
        "Hold \u2013 left foot",
        "Switch to your right foot",
        "Hold \u2013 right foot",
        "Rest \u00b7 next: hold 2 of 2",
        "Hold \u2013 right foot",
        "Rest \u00b7 next: set 2 of 2, left foot",
        "Hold \u2013 left foot",
        "Rest \u00b7 next: hold 2 of 2",
        "Hold \u2013 left foot",
        "Switch to your right foot",
        "Hold \u2013 right foot",
        "Rest \u00b7 next: hold 2 of 2",
        "Hold \u2013 right foot",
        "Done",
    ]


def test_a_rest_between_sets_of_both_feet_names_the_set() -> None:
    plan = HoldPlan(sets=3, reps=1, hold_seconds=5.0, rest_between_sets=20.0, lead_in_seconds=0)
    words = [w for _big, w in walk(plan)]
    assert words[1:5] == [
        "Hold",
        "Rest \u00b7 next: set 2 of 3",
        "Hold",
        "Rest \u00b7 next: set 3 of 3",
    ]


def test_counted_reps_always_say_which_rep_of_how_many() -> None:
    plan = HoldPlan(sets=2, reps=10, rep_seconds=2.0, rest_between_sets=30.0, lead_in_seconds=3.0)
    clock = FakeClock()
    timer = HoldTimer(plan, clock)
    assert big_text(timer.state()) == "10 reps"  # idle: how many, in words
    timer.start()
    at(clock, 1.0)
    assert big_text(timer.state()) == "2"  # the lead-in counts seconds down
    at(clock, 3.0 + 4.5)  # the third rep's slot of the first set
    timer.poll()
    state = timer.state()
    assert state.step is Phase.HOLD
    assert big_text(state) == "Rep 3 of 10"
    assert counter_text(state) == "Set 1 of 2 \u00b7 10 reps"
    at(clock, 3.0 + 20.0 + 10.0)  # in the rest between the sets
    timer.poll()
    assert phase_text(timer.state()) == "Rest \u00b7 next: set 2 of 2"
    assert big_text(timer.state()) == "20"


def test_no_plan_yet() -> None:
    assert (big_text(None), phase_text(None), counter_text(None)) == (
        "\u2013",
        "Choose an exercise",
        "",
    )
