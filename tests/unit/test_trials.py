"""A fair trial of a change: schedule, reminders, the report (hand-computed), cut short, DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from footcoach.history import History
from footcoach.limits import LimitError
from footcoach.records import Moment, PainContext, PainEntry
from footcoach.trends import load_summary
from footcoach.trials import (
    Block,
    Trial,
    TrialError,
    TrialPhase,
    TrialStatus,
    check_schedule,
    new_trial,
    open_trial,
    reminder,
    reminder_on,
    trial_result,
    trial_state,
)

START = date(2025, 3, 3)  # a Monday
BERLIN = ZoneInfo("Europe/Berlin")  # clocks go forward on Sunday 30 March 2025


def moment(day: date, hour: int = 8, zone: ZoneInfo = BERLIN) -> Moment:
    return Moment.from_datetime(datetime(day.year, day.month, day.day, hour, tzinfo=zone))


def trial(**changes: object) -> Trial:
    values: dict[str, object] = {
        "id": "t1",
        "created": moment(START),
        "change": "new shoes",
        "start": START,
    }
    values.update(changes)
    return Trial(**values)  # type: ignore[arg-type]


def d(month: int, day: int) -> date:
    return date(2025, month, day)


def test_four_blocks_of_seven_alternate_with_and_without() -> None:
    blocks = trial().schedule()
    assert blocks == (
        Block(1, True, d(3, 3), d(3, 9)),
        Block(2, False, d(3, 10), d(3, 16)),
        Block(3, True, d(3, 17), d(3, 23)),
        Block(4, False, d(3, 24), d(3, 30)),
    )
    assert trial().last_day == d(3, 30) and trial().total_days == 28
    flipped = trial(first_with=False).schedule()
    assert [b.with_change for b in flipped] == [False, True, False, True]
    assert trial(block_days=3, blocks=2).last_day == d(3, 8)


def test_blocks_count_local_dates_so_a_dst_day_is_one_day() -> None:
    # Block 4 holds Sunday 30 March, a day of 23 hours in Berlin: still 7 days.
    block = trial().block_on(d(3, 30))
    assert block is not None and block.number == 4
    assert len(block.days()) == 7 and block.days()[-1] == d(3, 30)
    assert trial().block_on(d(3, 31)) is None and trial().block_on(d(3, 2)) is None


@pytest.mark.parametrize(
    ("today", "line"),
    [
        (d(3, 3), "Trial of new shoes: block 1 of 4, with new shoes, day 1 of 7."),
        (d(3, 5), "Trial of new shoes: block 1 of 4, with new shoes, day 3 of 7."),
        (
            d(3, 9),
            "Trial of new shoes: block 1 of 4, with new shoes, day 7 of 7. "
            "Tomorrow: without new shoes.",
        ),
        (d(3, 10), "Trial of new shoes: block 2 of 4, without new shoes, day 1 of 7."),
        (
            d(3, 30),
            "Trial of new shoes: block 4 of 4, without new shoes, day 7 of 7. "
            "Tomorrow morning's pain completes the trial.",
        ),
        (d(3, 31), None),
        (d(3, 2), None),
    ],
)
def test_the_reminder_names_the_block(today: date, line: str | None) -> None:
    assert reminder(trial(), today) == line


@pytest.mark.parametrize(
    ("status", "today", "phase"),
    [
        (TrialStatus.RUNNING, d(3, 2), TrialPhase.UPCOMING),
        (TrialStatus.RUNNING, d(3, 3), TrialPhase.IN_PROGRESS),
        (TrialStatus.RUNNING, d(3, 30), TrialPhase.IN_PROGRESS),
        (TrialStatus.RUNNING, d(3, 31), TrialPhase.FINISHED),
        (TrialStatus.ENDED_EARLY, d(3, 12), TrialPhase.ENDED_EARLY),
        (TrialStatus.CANCELLED, d(3, 12), TrialPhase.CANCELLED),
    ],
)
def test_phases(status: TrialStatus, today: date, phase: TrialPhase) -> None:
    ended = None if status is TrialStatus.RUNNING else moment(d(3, 12), 19)
    assert trial(status=status, ended=ended).phase(today) is phase


def test_no_reminder_for_an_ended_or_cancelled_trial() -> None:
    for status in (TrialStatus.ENDED_EARLY, TrialStatus.CANCELLED):
        ended = trial(status=status, ended=moment(d(3, 5), 19))
        assert reminder(ended, d(3, 6)) is None
        assert reminder_on([ended], d(3, 6)) is None and open_trial([ended], d(3, 6)) is None


# Mornings: 3.0 after each day with the change, 5.0 after each day without; the starting
# point 4.0. Each block then averages 1.0 point below or above it, and with against
# without is 2.0 points lower, 14 vs 14 days.
MORNINGS = {
    day + timedelta(days=1): (3.0 if block.with_change else 5.0)
    for block in trial().schedule()
    for day in block.days()
}


def test_the_report_of_a_finished_trial_by_hand() -> None:
    result = trial_result(trial(), MORNINGS, 4.0, d(4, 2))
    assert result.phase is TrialPhase.FINISHED and not result.cut_short
    assert [(r.mean, r.days) for r in result.blocks] == [(3.0, 7), (5.0, 7), (3.0, 7), (5.0, 7)]
    assert (result.with_mean, result.with_days) == (3.0, 14)
    assert (result.without_mean, result.without_days) == (5.0, 14)
    assert result.days_run == 28
    assert result.lines() == [
        "Your trial of new shoes has ended: 4 blocks of 7 days, 3 Mar to 30 Mar.",
        "Block 1, with new shoes (3 Mar to 9 Mar): mornings after averaged 3.0 over 7 days, "
        "1.0 point below your starting point of 4.0.",
        "Block 2, without new shoes (10 Mar to 16 Mar): mornings after averaged 5.0 over 7 days, "
        "1.0 point above your starting point of 4.0.",
        "Block 3, with new shoes (17 Mar to 23 Mar): mornings after averaged 3.0 over 7 days, "
        "1.0 point below your starting point of 4.0.",
        "Block 4, without new shoes (24 Mar to 30 Mar): mornings after averaged 5.0 over 7 days, "
        "1.0 point above your starting point of 4.0.",
        "On mornings after a day with new shoes, your morning pain was 2.0 points lower on "
        "average than after a day without (14 vs 14 days); this is a pattern, not proof.",
    ]
    data = result.as_dict()
    assert data["blocks"][0]["vs_baseline_points"] == -1.0  # type: ignore[index]


def test_uneven_blocks_by_hand() -> None:
    # Block 1's mornings 2, 3, 4 (days 1-3 only), block 2's 6 and 5; the rest not logged.
    mornings = {d(3, 4): 2.0, d(3, 5): 3.0, d(3, 6): 4.0, d(3, 11): 6.0, d(3, 12): 5.0}
    result = trial_result(trial(), mornings, None, d(4, 2))
    assert [(r.mean, r.days) for r in result.blocks] == [(3.0, 3), (5.5, 2), (None, 0), (None, 0)]
    assert result.lines()[1].endswith("averaged 3.0 over 3 days (no starting point yet).")
    assert result.lines()[3] == (
        "Block 3, with new shoes (17 Mar to 23 Mar): no morning pain logged after these days."
    )
    assert result.lines()[-1] == (
        "On mornings after a day with new shoes, your morning pain was 2.5 points lower on "
        "average than after a day without (3 vs 2 days); this is a pattern, not proof."
    )


def test_a_trial_cut_short_reports_the_days_it_has() -> None:
    # Ended on 12 March (day 10) in the evening: days up to 11 March count, mornings to 12.
    cut = trial(status=TrialStatus.ENDED_EARLY, ended=moment(d(3, 12), 19))
    result = trial_result(cut, MORNINGS, 4.0, d(3, 20))
    assert result.cut_short and result.days_run == 9
    assert [(r.mean, r.days) for r in result.blocks] == [(3.0, 7), (5.0, 2), (None, 0), (None, 0)]
    assert result.lines()[0] == (
        "You ended your trial of new shoes early, after 9 days of 28; this report holds only "
        "the days it has."
    )
    assert (result.with_days, result.without_days) == (7, 2)
    state = trial_state([cut], MORNINGS, 4.0, d(3, 20))
    assert state is not None and state.phase is TrialPhase.ENDED_EARLY
    assert state.as_dict()["result"]["cut_short"] is True  # type: ignore[index]
    assert (state.title, state.lines()) == ("Your trial (ended early)", result.lines())


def test_a_trial_under_way_has_a_reminder_and_no_report_yet() -> None:
    state = trial_state([trial()], MORNINGS, 4.0, d(3, 12))
    assert state is not None and state.result is None
    assert state.reminder == "Trial of new shoes: block 2 of 4, without new shoes, day 3 of 7."
    assert state.as_dict()["state"] == "in-progress"
    assert (state.title, state.lines()) == ("Your trial", [state.reminder])
    upcoming = trial_state([trial(start=d(3, 20))], MORNINGS, 4.0, d(3, 12))
    assert upcoming is not None and upcoming.lines() == []  # nothing to say before it starts


def test_a_cancelled_trial_is_not_reported() -> None:
    cancelled = trial(status=TrialStatus.CANCELLED, ended=moment(d(3, 5), 19))
    assert trial_state([cancelled], MORNINGS, 4.0, d(4, 2)) is None


@pytest.mark.parametrize(
    ("block_days", "blocks", "words"),
    [
        (2, 4, "block length: expected 3 to 28 days, got 2"),
        (29, 4, "block length: expected 3 to 28 days, got 29"),
        (7, 3, "blocks: expected an even number from 2 to 8, got 3"),
        (7, 10, "blocks: expected an even number from 2 to 8, got 10"),
    ],
)
def test_schedule_limits(block_days: int, blocks: int, words: str) -> None:
    with pytest.raises(TrialError, match=words):
        check_schedule(block_days, blocks)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("   ", "change: is empty"),
        ("x" * 81, "change: too long: 81 characters, at most 80"),
        ("new\x1b[2Jshoes", "change: control character U\\+001B"),
    ],
)
def test_a_bad_change_is_named(change: str, words: str) -> None:
    with pytest.raises(TrialError, match=words):
        new_trial("t", moment(START), change)
    with pytest.raises(LimitError):
        trial(change=change)


def test_one_trial_at_a_time(data_dir: Path) -> None:
    with History.open(data_dir) as history:
        first = new_trial("t1", moment(START), "  new   shoes ")
        assert first.change == "new shoes" and first.start == START
        history.start_trial(first)
        with pytest.raises(TrialError, match="already under way"):
            history.start_trial(new_trial("t2", moment(d(3, 10)), "a pad"))
        history.end_trial("t1", moment(d(3, 12), 19), TrialStatus.ENDED_EARLY)
        with pytest.raises(KeyError):
            history.end_trial("t1", moment(d(3, 12), 19), TrialStatus.CANCELLED)
        history.start_trial(new_trial("t2", moment(d(3, 13)), "a pad"))
        # Once its last day has passed, a trial no longer blocks a new one.
        history.start_trial(new_trial("t3", moment(d(4, 20)), "insoles"))
        assert [(t.id, t.status) for t in history.trials()] == [
            ("t1", TrialStatus.ENDED_EARLY),
            ("t2", TrialStatus.RUNNING),
            ("t3", TrialStatus.RUNNING),
        ]


def _morning(history: History, day: date, score: int) -> None:
    history.add_pain(PainEntry(f"m{day}", moment(day, 7), score, PainContext.MORNING))


def test_dst_inside_a_block_through_the_history(data_dir: Path) -> None:
    """A trial in Berlin across 30 March 2025 (23 hours): block 4 still has 7 mornings after,
    stamped +01:00 before the change and +02:00 after it, and the summary reports them."""
    with History.open(data_dir) as history:
        # Seven mornings of 4 before the trial set the starting point (4.0).
        for n in range(7):
            _morning(history, START - timedelta(days=7 - n), 4)
        history.start_trial(new_trial("t1", moment(START), "new shoes"))
        for block in trial().schedule():
            for day in block.days():
                _morning(history, day + timedelta(days=1), 3 if block.with_change else 5)
        offsets = {e.at.local_date: e.at.utc_offset_minutes for e in history.pain_entries()}
        assert offsets[d(3, 29)] == 60 and offsets[d(3, 30)] == 120
        summary = load_summary(history, d(4, 1))
    assert summary.trial is not None and summary.trial.result is not None
    result = summary.trial.result
    assert result.baseline == 4.0
    assert [(r.mean, r.days) for r in result.blocks] == [(3.0, 7), (5.0, 7), (3.0, 7), (5.0, 7)]
    as_json = summary.as_dict()["trial"]
    assert as_json["state"] == "finished"  # type: ignore[index]


def test_the_reminder_across_the_dst_night() -> None:
    utc_before = datetime(2025, 3, 30, 0, 30, tzinfo=UTC)  # 01:30 in Berlin, +01:00
    utc_after = datetime(2025, 3, 30, 1, 30, tzinfo=UTC)  # 03:30 in Berlin, +02:00
    for instant in (utc_before, utc_after):
        today = Moment.from_datetime(instant.astimezone(BERLIN)).local_date
        assert reminder(trial(), today) == (
            "Trial of new shoes: block 4 of 4, without new shoes, day 7 of 7. "
            "Tomorrow morning's pain completes the trial."
        )
