"""A fair trial of a change: alternating blocks of days with and without it, and what the
mornings after showed.

A trial starts on a local date and runs ``blocks`` blocks of ``block_days`` days, with and
without the change in turn (with first, unless ``first_with`` is False). Blocks are counted
in local dates, so a day with 23 or 25 hours (DST) is one day. A day's effect shows the next
morning: a block's mean is the mean of the morning pain logged on the day after each of its
days (as in ``what_helps``). The result compares each block with the starting point
(``trends.baseline`` of morning pain) and the days with the change with the days without,
in the careful words of ``what_helps.pattern_sentence``. Plain Python, no Qt, no SQL.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from footcoach.limits import (
    MAX_TRIAL_BLOCK_DAYS,
    MAX_TRIAL_BLOCKS,
    MIN_TRIAL_BLOCK_DAYS,
    MIN_TRIAL_BLOCKS,
    LimitError,
    check_trial_change,
)
from footcoach.records import Moment
from footcoach.what_helps import pattern_sentence, points_text

DEFAULT_BLOCK_DAYS = 7
DEFAULT_BLOCKS = 4
#: Changes people often test, offered in the dialog (any other may be typed).
SUGGESTED_CHANGES = ("new shoes", "a metatarsal pad", "cushioned insoles")


class TrialStatus(StrEnum):
    """What the person did with a trial (stored)."""

    RUNNING = "running"
    ENDED_EARLY = "ended-early"
    CANCELLED = "cancelled"


class TrialPhase(StrEnum):
    """Where a trial stands on a given day (computed from its status and dates)."""

    UPCOMING = "upcoming"
    IN_PROGRESS = "in-progress"
    FINISHED = "finished"
    ENDED_EARLY = "ended-early"
    CANCELLED = "cancelled"


class TrialError(ValueError):
    """A trial that cannot be started or changed; the message says why in one line."""


@dataclass(frozen=True)
class Block:
    """One block of a trial: its number (from 1), whether the change is on, its dates."""

    number: int
    with_change: bool
    first: date
    last: date

    def days(self) -> list[date]:
        """Every local date of the block, in order."""
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]


@dataclass(frozen=True)
class Trial:
    """A trial as stored: the change, its schedule, its status (``ended`` once not running)."""

    id: str
    created: Moment
    change: str
    start: date
    block_days: int = DEFAULT_BLOCK_DAYS
    blocks: int = DEFAULT_BLOCKS
    first_with: bool = True
    status: TrialStatus = TrialStatus.RUNNING
    ended: Moment | None = None

    def __post_init__(self) -> None:
        check_schedule(self.block_days, self.blocks)
        check_trial_change(self.change)
        if (self.status is TrialStatus.RUNNING) != (self.ended is None):
            raise TrialError("a running trial has no end; an ended or cancelled one has")

    @property
    def total_days(self) -> int:
        """Days in the whole trial."""
        return self.block_days * self.blocks

    @property
    def last_day(self) -> date:
        """The trial's last local date, as planned."""
        return self.start + timedelta(days=self.total_days - 1)

    def schedule(self) -> tuple[Block, ...]:
        """The blocks in order, with and without alternating."""
        out = []
        for index in range(self.blocks):
            first = self.start + timedelta(days=index * self.block_days)
            with_change = (index % 2 == 0) == self.first_with
            out.append(
                Block(index + 1, with_change, first, first + timedelta(days=self.block_days - 1))
            )
        return tuple(out)

    def block_on(self, day: date) -> Block | None:
        """The block ``day`` falls in, or None outside the trial."""
        if not self.start <= day <= self.last_day:
            return None
        return self.schedule()[(day - self.start).days // self.block_days]

    def phase(self, today: date) -> TrialPhase:
        """Upcoming, in progress, finished, ended early or cancelled, as of ``today``."""
        if self.status is TrialStatus.CANCELLED:
            return TrialPhase.CANCELLED
        if self.status is TrialStatus.ENDED_EARLY:
            return TrialPhase.ENDED_EARLY
        if today < self.start:
            return TrialPhase.UPCOMING
        if today <= self.last_day:
            return TrialPhase.IN_PROGRESS
        return TrialPhase.FINISHED

    def is_open(self, today: date) -> bool:
        """Whether the trial is still to come or under way (then no other may start)."""
        return self.phase(today) in (TrialPhase.UPCOMING, TrialPhase.IN_PROGRESS)

    def last_counted_day(self) -> date:
        """The last day whose next morning counts: the planned last day, or for a trial ended
        early the day before it was ended (that day was not lived to its end in the trial)."""
        if self.status is TrialStatus.ENDED_EARLY and self.ended is not None:
            return min(self.last_day, self.ended.local_date - timedelta(days=1))
        return self.last_day


def check_schedule(block_days: int, blocks: int) -> None:
    """Raise TrialError unless the schedule is within ``limits`` (blocks even: with and
    without alternate, so each has as many)."""
    if not MIN_TRIAL_BLOCK_DAYS <= block_days <= MAX_TRIAL_BLOCK_DAYS:
        raise TrialError(
            f"block length: expected {MIN_TRIAL_BLOCK_DAYS} to {MAX_TRIAL_BLOCK_DAYS} days, "
            f"got {block_days}"
        )
    if not MIN_TRIAL_BLOCKS <= blocks <= MAX_TRIAL_BLOCKS or blocks % 2:
        raise TrialError(
            f"blocks: expected an even number from {MIN_TRIAL_BLOCKS} to {MAX_TRIAL_BLOCKS}, "
            f"got {blocks}"
        )


def new_trial(
    trial_id: str,
    created: Moment,
    change: str,
    *,
    block_days: int = DEFAULT_BLOCK_DAYS,
    blocks: int = DEFAULT_BLOCKS,
    first_with: bool = True,
) -> Trial:
    """A trial starting on the local date of ``created``; TrialError names a bad field."""
    try:
        name = check_trial_change(change)
    except LimitError as error:
        raise TrialError(f"change: {error.problem}") from None
    check_schedule(block_days, blocks)
    return Trial(trial_id, created, name, created.local_date, block_days, blocks, first_with)


def schedule_words(change: str, start: date, block_days: int, blocks: int) -> str:
    """The schedule in words, for the dialog: "From 3 Jun to 30 Jun: with new shoes on days
    1-7 and 15-21, without on days 8-14 and 22-28. ..."."""
    spans: dict[bool, list[str]] = {True: [], False: []}
    for index in range(blocks):
        first = index * block_days + 1
        spans[index % 2 == 0].append(f"{first}\u2013{first + block_days - 1}")
    last = start + timedelta(days=block_days * blocks - 1)
    return (
        f"From {_day_words(start)} to {_day_words(last)}: with {change} on days "
        f"{_and(spans[True])}, without on days {_and(spans[False])}. Log your pain with your "
        "first steps each morning."
    )


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def open_trial(trials: Sequence[Trial], today: date) -> Trial | None:
    """The trial still to come or under way on ``today`` (the newest, if an import brought
    two), or None."""
    found = [trial for trial in trials if trial.is_open(today)]
    return max(found, key=lambda t: (t.created.utc, t.id)) if found else None


def reminder_on(trials: Sequence[Trial], today: date) -> str | None:
    """Today's reminder of the trial under way (the pain dialog's line), or None."""
    trial = open_trial(trials, today)
    return None if trial is None else reminder(trial, today)


def latest_trial(trials: Sequence[Trial]) -> Trial | None:
    """The newest trial that was not cancelled (what History shows), or None."""
    kept = [trial for trial in trials if trial.status is not TrialStatus.CANCELLED]
    return max(kept, key=lambda t: (t.created.utc, t.id)) if kept else None


def _side(trial: Trial, with_change: bool) -> str:
    return f"with {trial.change}" if with_change else f"without {trial.change}"


def reminder(trial: Trial, today: date) -> str | None:
    """Which block ``today`` is in, in one line (None unless the trial is under way):
    "Trial of new shoes: block 2 of 4, without new shoes, day 3 of 7."."""
    block = trial.block_on(today) if trial.phase(today) is TrialPhase.IN_PROGRESS else None
    if block is None:
        return None
    day = (today - block.first).days + 1
    line = (
        f"Trial of {trial.change}: block {block.number} of {trial.blocks}, "
        f"{_side(trial, block.with_change)}, day {day} of {trial.block_days}."
    )
    if day == trial.block_days and block.number < trial.blocks:
        line += f" Tomorrow: {_side(trial, not block.with_change)}."
    elif day == trial.block_days:
        line += " Tomorrow morning's pain completes the trial."
    return line


@dataclass(frozen=True)
class BlockResult:
    """One block's mornings after: their mean (None: none logged) and how many."""

    block: Block
    mean: float | None
    days: int


@dataclass(frozen=True)
class TrialResult:
    """A trial's report: each block against the starting point, with against without."""

    trial: Trial
    phase: TrialPhase
    blocks: tuple[BlockResult, ...]
    baseline: float | None
    days_run: int
    with_mean: float | None
    with_days: int
    without_mean: float | None
    without_days: int

    @property
    def cut_short(self) -> bool:
        """True when the person ended the trial before its last day."""
        return self.phase is TrialPhase.ENDED_EARLY

    def lines(self) -> list[str]:
        """The report in short sentences (the History view and ``summary``)."""
        trial = self.trial
        span = f"{_day_words(trial.start)} to {_day_words(trial.last_day)}"
        if self.cut_short:
            lines = [
                f"You ended your trial of {trial.change} early, after {_n(self.days_run, 'day')} "
                f"of {trial.total_days}; this report holds only the days it has."
            ]
        elif self.phase is TrialPhase.FINISHED:
            lines = [
                f"Your trial of {trial.change} has ended: {trial.blocks} blocks of "
                f"{trial.block_days} days, {span}."
            ]
        else:
            lines = [f"Your trial of {trial.change} runs {span}."]
        for result in self.blocks:
            lines.append(self._block_line(result))
        if self.with_mean is not None and self.without_mean is not None:
            lines.append(
                pattern_sentence(
                    f"On mornings after a day with {trial.change}",
                    self.with_mean - self.without_mean,
                    self.with_days,
                    self.without_days,
                    against="after a day without",
                )
            )
        return lines

    def _block_line(self, result: BlockResult) -> str:
        block = result.block
        head = (
            f"Block {block.number}, {_side(self.trial, block.with_change)} "
            f"({_day_words(block.first)} to {_day_words(block.last)})"
        )
        if result.mean is None:
            return f"{head}: no morning pain logged after these days."
        line = f"{head}: mornings after averaged {result.mean:.1f} over {_n(result.days, 'day')}"
        if self.baseline is None:
            return line + " (no starting point yet)."
        diff = result.mean - self.baseline
        if round(abs(diff), 1) == 0:
            return line + f", about your starting point of {self.baseline:.1f}."
        way = "below" if diff < 0 else "above"
        return line + f", {points_text(diff)} {way} your starting point of {self.baseline:.1f}."

    def as_dict(self) -> dict[str, object]:
        """JSON-ready: each block's mean, days and difference from the starting point."""
        base = self.baseline
        return {
            "days_run": self.days_run,
            "cut_short": self.cut_short,
            "baseline_mean": _round(base),
            "blocks": [
                {
                    "number": r.block.number,
                    "with_change": r.block.with_change,
                    "first_day": r.block.first.isoformat(),
                    "last_day": r.block.last.isoformat(),
                    "morning_mean": _round(r.mean),
                    "days": r.days,
                    "vs_baseline_points": _round(
                        None if r.mean is None or base is None else r.mean - base
                    ),
                }
                for r in self.blocks
            ],
            "with_mean": _round(self.with_mean),
            "with_days": self.with_days,
            "without_mean": _round(self.without_mean),
            "without_days": self.without_days,
            "lines": self.lines(),
        }


def trial_result(
    trial: Trial, mornings: Mapping[date, float], baseline: float | None, today: date
) -> TrialResult:
    """The report of ``trial`` as of ``today`` from daily morning means (day -> mean).

    Only days up to the last counted day count, and only mornings up to ``today``.
    """
    last = min(trial.last_counted_day(), today - timedelta(days=1))
    results: list[BlockResult] = []
    pooled: dict[bool, list[float]] = {True: [], False: []}
    for block in trial.schedule():
        values = [
            mornings[after]
            for day in block.days()
            if day <= last and (after := day + timedelta(days=1)) in mornings
        ]
        pooled[block.with_change] += values
        results.append(BlockResult(block, _mean(values), len(values)))
    days_run = max(0, (min(last, trial.last_day) - trial.start).days + 1)
    return TrialResult(
        trial=trial,
        phase=trial.phase(today),
        blocks=tuple(results),
        baseline=baseline,
        days_run=days_run,
        with_mean=_mean(pooled[True]),
        with_days=len(pooled[True]),
        without_mean=_mean(pooled[False]),
        without_days=len(pooled[False]),
    )


@dataclass(frozen=True)
class TrialState:
    """The trial History and ``summary --json`` show as of a day: the newest one kept, where
    it stands, today's reminder and, once it has ended, its report."""

    trial: Trial
    phase: TrialPhase
    reminder: str | None
    result: TrialResult | None

    @property
    def title(self) -> str:
        """ "Your trial", or "Your trial (ended early)" once cut short."""
        cut_short = self.result is not None and self.result.cut_short
        return "Your trial (ended early)" if cut_short else "Your trial"

    def lines(self) -> list[str]:
        """What History's "What helps" tab and ``summary`` say of the trial: its report once
        it has ended, today's reminder while under way, nothing before it starts."""
        if self.result is not None:
            return self.result.lines()
        return [] if self.reminder is None else [self.reminder]

    def as_dict(self) -> dict[str, object]:
        """The ``trial`` key of ``summary --json`` (``docs/summary-keys.md``)."""
        trial = self.trial
        return {
            "id": trial.id,
            "change": trial.change,
            "start": trial.start.isoformat(),
            "last_day": trial.last_day.isoformat(),
            "block_days": trial.block_days,
            "blocks": trial.blocks,
            "first_with": trial.first_with,
            "state": self.phase.value,
            "reminder": self.reminder,
            "result": None if self.result is None else self.result.as_dict(),
        }


def trial_state(
    trials: Sequence[Trial], mornings: Mapping[date, float], baseline: float | None, today: date
) -> TrialState | None:
    """The state of the newest trial kept (not cancelled) as of ``today``, or None."""
    trial = latest_trial([t for t in trials if t.created.local_date <= today])
    if trial is None:
        return None
    phase = trial.phase(today)
    ended = phase in (TrialPhase.FINISHED, TrialPhase.ENDED_EARLY)
    return TrialState(
        trial=trial,
        phase=phase,
        reminder=reminder(trial, today),
        result=trial_result(trial, mornings, baseline, today) if ended else None,
    )


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _n(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _day_words(day: date) -> str:
    return f"{day.day} {day:%b}"
