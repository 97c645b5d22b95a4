"""Self-tests: three short measures of foot strength and control, and their run (no Qt).

The measures follow the toe-exercise study of metatarsalgia by Amaha and colleagues (2020):
single-leg standing time (eyes open, each foot, timed by the hold timer's clock and capped at
60 s) and marbles picked up (here in 30 s, each foot); FootCoach adds heel raises to fatigue
(each foot), which are left out on a day of severe pain (``pain.SEVERE``) and carry the
catalogue's forefoot caution. They are offered every two weeks (:func:`self_tests_due`).
:class:`SelfTestRun` is the whole run in plain Python over an injected clock; the dialog in
``footcoach.ui.insights`` only draws it. Rules are in ``docs/clinical-rules.md`` (33-36).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from footcoach import pain
from footcoach.catalog import Sides
from footcoach.function_goals import meta_day
from footcoach.limits import MAX_HEEL_RAISES, MAX_MARBLES, MAX_STANDING_SECONDS
from footcoach.records import Moment, PainEntry, Side, new_id
from footcoach.timing import Clock, HoldDone, HoldPlan, HoldTimer, Phase, TimerEvent

#: Offered every two weeks.
SELF_TEST_INTERVAL_DAYS = 14
#: Where the day a person last skipped the self-test offer is kept (``History.set_meta``).
SKIPPED_META_KEY = "self_tests_prompt_skipped"
#: The marble test's window.
MARBLE_SECONDS = 30
#: A few seconds to get into position before a timed measure starts.
GET_READY_SECONDS = 5
#: The feet a self-test is recorded for, in the order they are done.
FEET = (Side.LEFT, Side.RIGHT)


class SelfTestKind(StrEnum):
    """The three self-tests."""

    SINGLE_LEG_STAND = "single-leg-stand"
    MARBLES = "marbles"
    HEEL_RAISES = "heel-raises"

    @property
    def label(self) -> str:
        """Its name for people."""
        return _LABELS[self]

    @property
    def unit(self) -> str:
        """What the value counts (``s`` for seconds)."""
        return _UNITS[self]

    @property
    def maximum(self) -> int:
        """The largest value stored (the standing cap; a bound on counts)."""
        return _MAXIMA[self]

    @property
    def timed(self) -> bool:
        """True when the value is the time the hold timer measured."""
        return self is SelfTestKind.SINGLE_LEG_STAND

    def value_text(self, value: float) -> str:
        """ "42 s", "12 marbles", "18 raises" (seconds to the whole second, as shown)."""
        return f"{self.number_text(value)} {self.unit}"

    @staticmethod
    def number_text(value: float) -> str:
        """The number alone, to the whole: "42"."""
        return f"{value:.0f}"


_LABELS = {
    SelfTestKind.SINGLE_LEG_STAND: "Single-leg standing",
    SelfTestKind.MARBLES: "Marbles in 30 s",
    SelfTestKind.HEEL_RAISES: "Heel raises to fatigue",
}
_UNITS = {
    SelfTestKind.SINGLE_LEG_STAND: "s",
    SelfTestKind.MARBLES: "marbles",
    SelfTestKind.HEEL_RAISES: "raises",
}
_MAXIMA = {
    SelfTestKind.SINGLE_LEG_STAND: MAX_STANDING_SECONDS,
    SelfTestKind.MARBLES: MAX_MARBLES,
    SelfTestKind.HEEL_RAISES: MAX_HEEL_RAISES,
}

#: What each test asks the person to do, in FootCoach's own words.
INSTRUCTIONS = {
    SelfTestKind.SINGLE_LEG_STAND: (
        "Stand near a wall or a sturdy chair, eyes open. Press Start, lift the other foot when "
        "the timer says go, and press Stop (Space) as soon as it touches down or you grab the "
        f"support. The timer stops by itself at {MAX_STANDING_SECONDS} s."
    ),
    SelfTestKind.MARBLES: (
        "Sit with a small bowl and a handful of marbles on the floor. Press Start, then pick up "
        f"marbles with your toes and drop them in the bowl for {MARBLE_SECONDS} s. Enter how "
        "many made it."
    ),
    SelfTestKind.HEEL_RAISES: (
        "Stand on this foot, a hand on a wall for balance. Rise onto the ball of the foot and "
        "lower with control, at a steady pace, until you cannot rise any more or it starts to "
        "hurt. Enter how many full raises you did."
    ),
}

#: The forefoot caution of heel raises to fatigue.
HEEL_RAISE_CAUTION = (
    "One foot carries all your weight on its ball here: stop at once if the forefoot hurts "
    "sharply. Skip this test on a day of severe pain."
)
#: Why heel raises are left out on a day of severe pain.
HEEL_RAISES_LEFT_OUT = (
    "Heel raises are left out today: you logged severe pain, and they load the ball of the "
    "foot hard. Try them at the next self-test."
)


@dataclass(frozen=True)
class SelfTestResult:
    """One measure of one foot."""

    id: str
    kind: SelfTestKind
    side: Side
    at: Moment
    value: float

    def __post_init__(self) -> None:
        check_value(self.kind, self.value)
        if self.side not in FEET:
            raise ValueError(f"a self-test is recorded for the left or right foot, not {self.side}")


def check_value(kind: SelfTestKind, value: object) -> float:
    """``value`` if it fits ``kind`` (0 to its maximum; counts whole), else ValueError."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{kind.label}: expected a number, got {value!r}")
    number = float(value)
    if not 0 <= number <= kind.maximum:
        raise ValueError(f"{kind.label}: expected 0 to {kind.maximum}, got {value}")
    if not kind.timed and not number.is_integer():
        raise ValueError(f"{kind.label}: expected a whole number, got {value}")
    return number


def heel_raises_allowed(scores_today: Iterable[int]) -> bool:
    """False on a day with a severe pain score (7 or more): heel raises load the forefoot."""
    return not any(pain.is_severe(score) for score in scores_today)


def self_tests_due(last_done: date | None, last_skipped: date | None, today: date) -> bool:
    """Whether to offer the self-tests on ``today``: 14 local days after the last one (at
    once before the first) and 14 after the offer was last skipped."""
    if last_done is not None and (today - last_done).days < SELF_TEST_INTERVAL_DAYS:
        return False
    return last_skipped is None or (today - last_skipped).days >= SELF_TEST_INTERVAL_DAYS


# --------------------------------------------------------------------------- progress


@dataclass(frozen=True)
class SelfTestProgress:
    """One test on one foot: the first and latest result."""

    kind: SelfTestKind
    side: Side
    first: float
    first_day: date
    latest: float
    latest_day: date
    results: int

    @property
    def change(self) -> float:
        """Latest minus first (more is better for all three)."""
        return self.latest - self.first

    def text(self) -> str:
        """ "12 → 18 marbles" (first → latest), or "18 marbles" with one result."""
        latest = self.kind.value_text(self.latest)
        if self.results < 2:
            return latest
        return f"{self.kind.number_text(self.first)} → {latest}"

    def sentence(self) -> str:
        """ "Marbles in 30 s, left foot: 12 → 18 marbles." """
        return f"{self.kind.label}, {self.side.value} foot: {self.text()}."

    def as_dict(self) -> dict[str, object]:
        """The JSON of ``summary --json`` (``docs/summary-keys.md``)."""
        return {
            "test": self.kind.value,
            "side": self.side.value,
            "unit": self.kind.unit,
            "first": _number(self.first),
            "first_day": self.first_day.isoformat(),
            "latest": _number(self.latest),
            "latest_day": self.latest_day.isoformat(),
            "change": _number(self.change),
            "results": self.results,
        }


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 1)


def self_test_progress(
    results: Iterable[SelfTestResult], today: date | None = None
) -> tuple[SelfTestProgress, ...]:
    """First and latest result of each test and foot (up to ``today``), tests in their order,
    left foot first; a test never done is left out."""
    grouped: dict[tuple[SelfTestKind, Side], list[SelfTestResult]] = {}
    for result in results:
        if today is None or result.at.local_date <= today:
            grouped.setdefault((result.kind, result.side), []).append(result)
    out: list[SelfTestProgress] = []
    for kind in SelfTestKind:
        for side in FEET:
            mine = sorted(grouped.get((kind, side), []), key=lambda r: (r.at.utc, r.id))
            if not mine:
                continue
            first, latest = mine[0], mine[-1]
            out.append(
                SelfTestProgress(
                    kind,
                    side,
                    first.value,
                    first.at.local_date,
                    latest.value,
                    latest.at.local_date,
                    len(mine),
                )
            )
    return tuple(out)


def last_taken_line(progress: Sequence[SelfTestProgress]) -> str | None:
    """ "First → latest; last taken Mon 30 Nov." under the results (None with none)."""
    if not progress:
        return None
    last = max(p.latest_day for p in progress)
    return f"First → latest; last taken {last:%a} {last.day} {last:%b}."


# --------------------------------------------------------------------------- the run


@dataclass(frozen=True)
class SelfTestStep:
    """One measure of the run: a test on one foot."""

    kind: SelfTestKind
    side: Side

    def title(self) -> str:
        """ "Single-leg standing · left foot"."""
        return f"{self.kind.label} · {self.side.value} foot"


class StepState(StrEnum):
    """Where the current step is."""

    READY = "ready"  # instructions shown, nothing started
    TIMING = "timing"  # the hold timer runs (get ready, then the measure)
    COUNT = "count"  # the count is to be entered (marbles after the timer, heel raises)


def plan_steps(scores_today: Sequence[int]) -> tuple[SelfTestStep, ...]:
    """The run's steps: each test on the left then the right foot; no heel raises on a day of
    severe pain."""
    kinds = [SelfTestKind.SINGLE_LEG_STAND, SelfTestKind.MARBLES]
    if heel_raises_allowed(scores_today):
        kinds.append(SelfTestKind.HEEL_RAISES)
    return tuple(SelfTestStep(kind, side) for kind in kinds for side in FEET)


def timer_plan(kind: SelfTestKind) -> HoldPlan:
    """The hold timer's plan of a timed step: a short get-ready, then one hold of the cap
    (standing) or of the marble window."""
    seconds = MAX_STANDING_SECONDS if kind is SelfTestKind.SINGLE_LEG_STAND else MARBLE_SECONDS
    return HoldPlan(
        sets=1,
        reps=1,
        hold_seconds=float(seconds),
        rest_between_reps=0.0,
        rest_between_sets=0.0,
        switch_seconds=0.0,
        lead_in_seconds=float(GET_READY_SECONDS),
        sides=Sides.BOTH,
    )


class SelfTestRun:
    """One self-test run, step by step, over an injected monotonic clock.

    Each result is handed to ``record`` the moment it is taken (the history commits it then),
    so stopping half-way keeps what was done. ``now`` stamps results with the local moment.
    """

    def __init__(
        self,
        record: Callable[[SelfTestResult], None],
        scores_today: Sequence[int] = (),
        *,
        clock: Clock = time.monotonic,
        now: Callable[[], Moment] = Moment.now,
    ) -> None:
        self._record = record
        self._clock = clock
        self._now = now
        self.steps = plan_steps(scores_today)
        #: Whether heel raises were left out for severe pain today.
        self.heel_raises_left_out = not heel_raises_allowed(scores_today)
        self.index = 0
        self.state = StepState.READY
        self.results: list[SelfTestResult] = []
        self.skipped: list[SelfTestStep] = []
        self.timer: HoldTimer | None = None

    # -- reading

    @property
    def finished(self) -> bool:
        """True once every step was measured or skipped."""
        return self.index >= len(self.steps)

    @property
    def step(self) -> SelfTestStep:
        """The current step (IndexError once finished)."""
        return self.steps[self.index]

    def measuring(self) -> bool:
        """True while the timer runs its hold (past the get-ready seconds)."""
        if self.timer is None or self.state is not StepState.TIMING:
            return False
        return self.timer.state().step is Phase.HOLD

    # -- operations

    def start(self) -> None:
        """Start the current step: the timer for timed steps, the count for heel raises."""
        if self.finished or self.state is not StepState.READY:
            return
        if self.step.kind is SelfTestKind.HEEL_RAISES:
            self.state = StepState.COUNT
            return
        self.timer = HoldTimer(timer_plan(self.step.kind), clock=self._clock)
        self.timer.start()
        self.state = StepState.TIMING

    def poll(self) -> list[TimerEvent]:
        """The timer's events since the last poll; a finished hold moves the step on (the
        standing cap records 60 s, the marble window asks for the count)."""
        if self.timer is None or self.state is not StepState.TIMING:
            return []
        events = self.timer.poll()
        for event in events:
            if isinstance(event, HoldDone):
                self._hold_ended(event)
                break
        return events

    def stop(self) -> SelfTestResult | None:
        """Stop the standing timer now (the foot touched down): record the time held. During
        the get-ready seconds nothing is measured: the step goes back to ready."""
        if self.timer is None or self.state is not StepState.TIMING:
            return None
        self.poll()
        if self.state is not StepState.TIMING:  # the hold ended on its own meanwhile
            return self.results[-1] if self.results else None
        if self.timer.state().step is not Phase.HOLD:
            self.timer.reset()
            self.timer = None
            self.state = StepState.READY
            return None
        self.timer.skip()
        for event in self.timer.poll():
            if isinstance(event, HoldDone):
                return self._hold_ended(event)
        return None  # pragma: no cover - skip always ends the hold

    def enter_count(self, count: int) -> SelfTestResult:
        """Record the count of a marble or heel-raise step (ValueError if out of range)."""
        if self.state is not StepState.COUNT:
            raise ValueError("no count is asked for now")
        check_value(self.step.kind, count)
        return self._take(float(count))

    def skip(self) -> None:
        """Leave the current step unmeasured and go on."""
        if self.finished:
            return
        if self.timer is not None:
            self.timer.reset()
            self.timer = None
        self.skipped.append(self.step)
        self._advance()

    # -- internals

    def _hold_ended(self, event: HoldDone) -> SelfTestResult | None:
        self.timer = None
        if self.step.kind is SelfTestKind.MARBLES:
            if event.completed:
                self.state = StepState.COUNT
            else:
                self.state = StepState.READY
            return None
        held = min(float(MAX_STANDING_SECONDS), round(event.seconds_achieved, 1))
        return self._take(held)

    def _take(self, value: float) -> SelfTestResult:
        result = SelfTestResult(new_id(), self.step.kind, self.step.side, self._now(), value)
        self._record(result)
        self.results.append(result)
        self._advance()
        return result

    def _advance(self) -> None:
        self.index += 1
        self.state = StepState.READY


class SelfTestSource(Protocol):
    """What the two-weekly offer reads of the history (``history.History``)."""

    def self_test_results(
        self, since: date | None = None, until: date | None = None
    ) -> list[SelfTestResult]: ...

    def pain_entries(
        self, since: date | None = None, until: date | None = None
    ) -> list[PainEntry]: ...

    def get_meta(self, key: str) -> str | None: ...


def offer_due(history: SelfTestSource, today: date) -> bool:
    """Whether to offer the self-tests on ``today``, from what the history holds: never on a
    day with a severe pain score (the person may still start them; heel raises stay out)."""
    scores = [entry.score for entry in history.pain_entries(since=today, until=today)]
    if any(pain.is_severe(score) for score in scores):
        return False
    results = history.self_test_results(until=today)
    last = max((result.at.local_date for result in results), default=None)
    return self_tests_due(last, meta_day(history.get_meta(SKIPPED_META_KEY)), today)
