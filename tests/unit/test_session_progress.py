"""SessionProgress: sets to records, step moves, the summary, and resuming from history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from footcoach.catalog import Sides
from footcoach.records import Moment, SetRecord, Side
from footcoach.session_progress import SessionProgress, SessionSummary, StepStatus
from footcoach.timing import HoldPlan, SetDone

START = Moment.from_datetime(datetime(2026, 5, 4, 8, 0, tzinfo=UTC))


def hold_plan(sets: int = 1, reps: int = 2, sides: Sides = Sides.EACH) -> HoldPlan:
    return HoldPlan(sets=sets, reps=reps, hold_seconds=10.0, sides=sides)


def rep_plan(sets: int = 2) -> HoldPlan:
    return HoldPlan(sets=sets, reps=6, rep_seconds=2.0, sides=Sides.BOTH)


def three_steps() -> SessionProgress:
    # 2 blocks (each foot), 2 blocks (two sets, both feet), 2 blocks (one set, each foot)
    return SessionProgress(
        ["toe-spread", "towel-curls", "calf-stretch"],
        [hold_plan(), rep_plan(), hold_plan(reps=1)],
    )


def done(side: Side = Side.LEFT, set_number: int = 1, reps: int = 2, seconds: float = 20.0):  # type: ignore[no-untyped-def]
    return SetDone(side, set_number, reps, 2, seconds, at=0.0)


def stored(exercise: str, minutes: int, side: Side = Side.BOTH, set_number: int = 1) -> SetRecord:
    at = Moment.from_datetime(START.utc + timedelta(minutes=minutes))
    return SetRecord(f"s{minutes}", "x", exercise, side, set_number, at, reps=6)


def test_a_finished_block_becomes_a_set_record() -> None:
    progress = three_steps()
    record = progress.record(done(Side.RIGHT, reps=2, seconds=19.0), "session-1", START)
    assert record is not None
    assert (record.session_id, record.exercise_id, record.side) == (
        "session-1",
        "toe-spread",
        Side.RIGHT,
    )
    assert (record.set_number, record.reps, record.hold_seconds) == (1, 2, 9.5)
    assert progress.status(0) is StepStatus.PARTLY_DONE


def test_a_block_with_no_rep_done_is_not_recorded() -> None:
    progress = three_steps()
    assert progress.record(done(reps=0, seconds=0.0), "s", START) is None
    assert progress.status(0) is StepStatus.TO_DO


def test_counted_reps_have_no_hold_seconds() -> None:
    progress = three_steps()
    progress.go_to(1)
    record = progress.record(SetDone(Side.BOTH, 1, 6, 6, 12.0, 0.0), "s", START)
    assert record is not None and record.hold_seconds is None and record.reps == 6


def test_moves_skip_and_back() -> None:
    progress = three_steps()
    assert progress.skip_step() == 1
    assert progress.status(0) is StepStatus.SKIPPED
    assert progress.back() == 0
    assert progress.status(0) is StepStatus.TO_DO  # going back means doing it after all
    assert progress.back() == 0  # stays on the first step
    progress.record(done(Side.LEFT), "s", START)
    progress.record(done(Side.RIGHT), "s", START)
    assert progress.finish_step() == 1
    assert progress.status(0) is StepStatus.DONE
    assert progress.finish_step() == 2  # nothing recorded: skipped
    assert progress.status(1) is StepStatus.SKIPPED
    assert progress.is_last()
    assert progress.skip_step() is None


def test_summary_counts_sets_and_skipped_steps() -> None:
    progress = three_steps()
    progress.record(done(Side.LEFT), "s", START)
    progress.record(done(Side.RIGHT), "s", START)
    progress.finish_step()
    progress.skip_step()
    summary = progress.summary(300.0, pain_before=4, pain_after=2)
    assert summary == SessionSummary(
        seconds=300.0,
        sets_done=2,
        sets_planned=6,
        steps_done=1,
        steps_skipped=1,
        steps_total=3,
        pain_before=4,
        pain_after=2,
    )
    assert summary.pain_change == -2
    assert SessionSummary(0, 0, 0, 0, 0, 0, None, 3).pain_change is None


def test_resume_goes_to_the_first_step_not_done_with_the_sets_left() -> None:
    sets = [
        stored("toe-spread", 1, Side.LEFT),
        stored("toe-spread", 2, Side.RIGHT),
        stored("towel-curls", 4, Side.BOTH, 1),
    ]
    progress = SessionProgress.resumed(
        ["toe-spread", "towel-curls", "calf-stretch"],
        [hold_plan(), rep_plan(), hold_plan(reps=1)],
        sets,
        START,
    )
    assert progress.current == 1
    assert [progress.status(i) for i in range(3)] == [
        StepStatus.DONE,
        StepStatus.PARTLY_DONE,
        StepStatus.TO_DO,
    ]
    assert progress.plan_for(1).sets == 1  # one of two sets still to do
    assert progress.prior_seconds == 4 * 60
    record = progress.record(SetDone(Side.BOTH, 1, 6, 6, 12.0, 0.0), "s", START)
    assert record is not None and record.set_number == 2  # numbered on from the first run
    assert progress.status(1) is StepStatus.DONE
    summary = progress.summary(60.0)
    assert (summary.sets_done, summary.seconds) == (4, 300.0)


def test_resume_counts_passed_over_steps_as_skipped_and_matches_repeats_in_order() -> None:
    ids = ["calf-stretch", "toe-spread", "calf-stretch"]
    plans = [hold_plan(reps=1), hold_plan(), hold_plan(reps=1)]
    sets = [stored("calf-stretch", 1, Side.LEFT), stored("calf-stretch", 2, Side.RIGHT)]
    sets += [stored("calf-stretch", 9, Side.LEFT)]  # the repeat at the end, after a skip
    progress = SessionProgress.resumed(ids, plans, sets, START)
    assert progress.status(0) is StepStatus.DONE
    assert progress.status(1) is StepStatus.SKIPPED
    assert progress.current == 2
    assert progress.status(2) is StepStatus.PARTLY_DONE
    assert progress.plan_for(2).sets == 1  # one side of the only set: the set runs again


def test_resume_with_every_step_done_has_nothing_open() -> None:
    sets = [stored("towel-curls", 1), stored("towel-curls", 2)]
    progress = SessionProgress.resumed(["towel-curls"], [rep_plan()], sets, START)
    assert progress.first_open_step() is None


def test_leaving_a_resumed_step_and_coming_back_runs_it_in_full() -> None:
    sets = [stored("towel-curls", 1)]
    progress = SessionProgress.resumed(
        ["towel-curls", "toe-spread"], [rep_plan(), hold_plan()], sets, START
    )
    assert progress.plan_for(0).sets == 1
    progress.skip_step()
    progress.back()
    assert progress.plan_for(0).sets == 2


def test_a_session_needs_steps() -> None:
    with pytest.raises(ValueError, match="at least one step"):
        SessionProgress([], [])
