"""Hold plans and the hold timer: a state machine over an injectable monotonic clock.

A :class:`HoldPlan` lays an exercise's dose out as a timeline of steps (get ready, holds or
counted reps, rests, switch feet). A :class:`HoldTimer` walks that timeline. Its state is
always computed from the clock and the recorded pauses and jumps, never from counting ticks,
so a caller may poll it 60 times a second or once a minute and see the same story:
:meth:`HoldTimer.poll` returns every event that fell due since the last poll, in order.

Nothing here imports Qt; the widget in ``footcoach.ui.timer.hold_timer`` only draws and forwards.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from footcoach.catalog import Dose, Sides
from footcoach.records import Side

__all__ = [
    "DEFAULT_JUMP_SECONDS",
    "Clock",
    "Countdown",
    "HoldDone",
    "HoldEnd",
    "HoldPlan",
    "HoldTimer",
    "Phase",
    "PhaseStarted",
    "PlanDone",
    "RepCounted",
    "SetDone",
    "Side",
    "Step",
    "TimerEvent",
    "TimerState",
    "big_text",
    "counter_text",
    "format_clock",
    "mean_hold_seconds",
    "phase_text",
    "total_duration",
]

Clock = Callable[[], float]

# A gap between two looks at the clock longer than this, while the timer runs, is taken as a
# suspend or a stalled process rather than slow polling: the widget polls 30-60 times a second
# and a headless caller at least every few seconds, while a real suspend lasts minutes.
DEFAULT_JUMP_SECONDS = 60.0


class Phase(StrEnum):
    """Where the timer is. PAUSED wraps one of the step phases (see ``TimerState.step``)."""

    IDLE = "idle"
    LEAD_IN = "lead-in"
    HOLD = "hold"
    REST = "rest"
    SWITCH_SIDE = "switch-side"
    PAUSED = "paused"
    FINISHED = "finished"


class HoldEnd(StrEnum):
    """How a hold (or a set of counted reps) ended."""

    COMPLETED = "completed"
    MARKED_DONE = "marked-done"
    SKIPPED = "skipped"
    INTERRUPTED = "interrupted"  # the clock jumped (system suspend); see DEFAULT_JUMP_SECONDS


@dataclass(frozen=True)
class Step:
    """One stretch of the plan's timeline.

    For a HOLD step, side/set/rep say which hold it is. For LEAD_IN, REST and SWITCH_SIDE
    they describe the hold that comes next, so a view can say "Switch to your right foot".
    """

    phase: Phase
    start: float
    seconds: float
    side: Side
    set_number: int
    rep_number: int
    ends_block: bool = False  # last hold of one side within a set: a SetDone follows

    @property
    def end(self) -> float:
        """Offset of the step's end from the start of the plan, in seconds."""
        return self.start + self.seconds


@dataclass(frozen=True)
class HoldPlan:
    """What the timer runs: sets of holds (or counted reps), rests, sides and a lead-in.

    Exactly one of ``hold_seconds`` (each rep is a timed hold) and ``rep_seconds`` (reps are
    counted at that steady pace, one continuous stretch per set and side) is set. Steps of
    zero length (no lead-in, no rest) are left out of the timeline.
    """

    sets: int = 1
    reps: int = 1
    hold_seconds: float | None = None
    rep_seconds: float | None = None
    rest_between_reps: float = 5.0
    rest_between_sets: float = 30.0
    switch_seconds: float = 5.0
    lead_in_seconds: float = 5.0
    sides: Sides = Sides.BOTH
    countdown_seconds: int = 3  # ticks in the last seconds of a timed hold
    steps: tuple[Step, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if (self.hold_seconds is None) == (self.rep_seconds is None):
            raise ValueError("set exactly one of hold_seconds and rep_seconds")
        if self.sets < 1 or self.reps < 1:
            raise ValueError("sets and reps must be at least 1")
        if self.work_seconds <= 0:
            raise ValueError("a hold or a rep must last more than 0 s")
        pauses = (
            self.rest_between_reps,
            self.rest_between_sets,
            self.switch_seconds,
            self.lead_in_seconds,
        )
        if any(p < 0 or not math.isfinite(p) for p in pauses) or self.countdown_seconds < 0:
            raise ValueError("rests, switch and lead-in must be finite and not negative")
        object.__setattr__(self, "steps", self._build_steps())

    @classmethod
    def from_dose(
        cls,
        dose: Dose,
        lead_in_seconds: float = 5.0,
        rest_between_reps: float = 5.0,
        switch_seconds: float = 5.0,
    ) -> HoldPlan:
        """The plan for a catalogue dose.

        The dose's rest is the rest between sets; holds within a set get a short breather
        (``rest_between_reps``, never longer than the dose's rest, so a dose with no rest
        gets none). Counted reps run back to back at the dose's pace.
        """
        return cls(
            sets=dose.sets,
            reps=dose.reps,
            hold_seconds=None if dose.hold_seconds is None else float(dose.hold_seconds),
            rep_seconds=None if dose.rep_seconds is None else float(dose.rep_seconds),
            rest_between_reps=min(rest_between_reps, float(dose.rest_seconds)),
            rest_between_sets=float(dose.rest_seconds),
            switch_seconds=switch_seconds,
            lead_in_seconds=lead_in_seconds,
            sides=dose.sides,
        )

    @property
    def rep_based(self) -> bool:
        """True when reps are counted at a pace rather than held."""
        return self.rep_seconds is not None

    @property
    def work_seconds(self) -> float:
        """Length of one HOLD step: one hold, or all the counted reps of one set and side."""
        if self.hold_seconds is not None:
            return self.hold_seconds
        assert self.rep_seconds is not None
        return self.rep_seconds * self.reps

    @property
    def side_order(self) -> tuple[Side, ...]:
        """The sides worked in each set, in order."""
        return (Side.LEFT, Side.RIGHT) if self.sides is Sides.EACH else (Side.BOTH,)

    @property
    def total_seconds(self) -> float:
        """Length of the whole plan, lead-in included, when nothing is paused or skipped."""
        return self.steps[-1].end

    @property
    def total_hold_seconds(self) -> float:
        """Time spent holding (or doing counted reps) over the whole plan."""
        return sum(s.seconds for s in self.steps if s.phase is Phase.HOLD)

    @property
    def hold_count(self) -> int:
        """Number of HOLD steps (for counted reps: one per set and side)."""
        return sum(1 for s in self.steps if s.phase is Phase.HOLD)

    def _build_steps(self) -> tuple[Step, ...]:
        steps: list[Step] = []
        offset = 0.0

        def add(phase: Phase, seconds: float, side: Side, set_no: int, rep: int) -> None:
            nonlocal offset
            if seconds > 0:
                steps.append(Step(phase, offset, seconds, side, set_no, rep))
                offset += seconds

        holds_per_block = 1 if self.rep_based else self.reps
        sides = self.side_order
        add(Phase.LEAD_IN, self.lead_in_seconds, sides[0], 1, 1)
        for set_no in range(1, self.sets + 1):
            for side_index, side in enumerate(sides):
                if side_index > 0:
                    add(Phase.SWITCH_SIDE, self.switch_seconds, side, set_no, 1)
                elif set_no > 1:
                    add(Phase.REST, self.rest_between_sets, side, set_no, 1)
                for rep in range(1, holds_per_block + 1):
                    if rep > 1:
                        add(Phase.REST, self.rest_between_reps, side, set_no, rep)
                    add(Phase.HOLD, self.work_seconds, side, set_no, rep)
                last = steps[-1]
                steps[-1] = Step(
                    last.phase, last.start, last.seconds, side, set_no, last.rep_number, True
                )
        return tuple(steps)


def total_duration(plan: HoldPlan) -> float:
    """Seconds the plan takes from Start to Done without pauses or skips (lead-in included)."""
    return plan.total_seconds


def format_clock(seconds: float) -> str:
    """Countdown text: whole seconds rounded up (``"20"``), or ``"m:ss"`` from a minute on."""
    whole = max(0, math.ceil(seconds - 1e-9))
    if whole < 60:
        return str(whole)
    return f"{whole // 60}:{whole % 60:02d}"


# --- events ----------------------------------------------------------------------------
# Each event carries ``at``: the clock reading at which it fell due (not when it was polled).


@dataclass(frozen=True)
class PhaseStarted:
    """A step began (or began again after a restart)."""

    phase: Phase
    side: Side
    set_number: int
    rep_number: int
    seconds: float
    at: float


@dataclass(frozen=True)
class Countdown:
    """One of the last seconds of a timed hold is about to pass."""

    seconds_left: int
    side: Side
    set_number: int
    rep_number: int
    at: float


@dataclass(frozen=True)
class RepCounted:
    """A counted rep's time slot ended."""

    side: Side
    set_number: int
    rep_number: int
    reps: int
    at: float


@dataclass(frozen=True)
class HoldDone:
    """A hold (or one set and side of counted reps) ended, completed or not."""

    side: Side
    set_number: int
    rep_number: int
    seconds_achieved: float
    seconds_target: float
    reps_done: int  # 1 or 0 for a timed hold; reps counted for counted reps
    how: HoldEnd
    at: float

    @property
    def completed(self) -> bool:
        """True when the hold ran its full time or the reps were marked done."""
        return self.how in (HoldEnd.COMPLETED, HoldEnd.MARKED_DONE)


@dataclass(frozen=True)
class SetDone:
    """One side of one set ended: what a history record of a set needs."""

    side: Side
    set_number: int
    reps_done: int
    reps_target: int
    seconds_achieved: float
    at: float


def mean_hold_seconds(plan: HoldPlan, done: SetDone) -> float | None:
    """The hold a set's record stores: its mean hold, never more than the plan's (None for
    counted reps or a set with no rep done)."""
    if plan.hold_seconds is None or done.reps_done <= 0:
        return None
    return round(min(plan.hold_seconds, done.seconds_achieved / done.reps_done), 1)


@dataclass(frozen=True)
class PlanDone:
    """The last step of the plan ended."""

    holds_completed: int
    holds_total: int
    seconds_achieved: float
    at: float


TimerEvent = PhaseStarted | Countdown | RepCounted | HoldDone | SetDone | PlanDone


@dataclass(frozen=True)
class TimerState:
    """A snapshot computed from the clock: what a view shows."""

    phase: Phase
    step: Phase  # the step phase under a pause; equals ``phase`` otherwise
    time_left: float
    phase_seconds: float
    side: Side
    set_number: int
    sets: int
    rep_number: int
    reps: int
    reps_done: int  # in this set and side: holds completed, or reps counted so far
    rep_based: bool
    plan_elapsed: float
    plan_seconds: float

    @property
    def paused(self) -> bool:
        """True while paused."""
        return self.phase is Phase.PAUSED

    @property
    def running(self) -> bool:
        """True while the clock moves the timer on (started, not paused, not finished)."""
        return self.phase not in (Phase.IDLE, Phase.PAUSED, Phase.FINISHED)

    @property
    def progress(self) -> float:
        """Fraction of the current step done, 0.0-1.0."""
        if self.phase_seconds <= 0:
            return 1.0 if self.phase is Phase.FINISHED else 0.0
        return min(1.0, max(0.0, 1.0 - self.time_left / self.phase_seconds))


SIDE_WORDS = {Side.LEFT: "left foot", Side.RIGHT: "right foot", Side.BOTH: "both feet"}


# --- what the timer's face says (the widget draws these; tests read them without Qt) --


def phase_text(state: TimerState | None) -> str:
    """The phase in a few words, as the person reads it from a distance.

    A rest says what comes next ("Rest \u00b7 next: set 2 of 3, left foot"), so nobody has
    to count along.
    """
    if state is None:
        return "Choose an exercise"
    match state.phase:
        case Phase.IDLE:
            return "Ready"
        case Phase.LEAD_IN:
            return "Get ready" if state.side is Side.BOTH else f"Get ready \u00b7 {_side(state)}"
        case Phase.HOLD:
            verb = "Reps" if state.rep_based else "Hold"
            return verb if state.side is Side.BOTH else f"{verb} \u2013 {_side(state)}"
        case Phase.REST:
            return f"Rest \u00b7 next: {next_text(state)}"
        case Phase.SWITCH_SIDE:
            return f"Switch to your {_side(state)}"
        case Phase.PAUSED:
            return "Paused"
        case _:
            return "Done"


def next_text(state: TimerState) -> str:
    """The hold a rest leads to: "hold 3 of 5", or at a new set "set 2 of 3, left foot"."""
    if state.rep_number > 1:  # a breather between the holds of one set and side
        return f"hold {state.rep_number} of {state.reps}"
    where = f"set {state.set_number} of {state.sets}"
    return where if state.side is Side.BOTH else f"{where}, {_side(state)}"


def counter_text(state: TimerState | None) -> str:
    """Set and rep counters, e.g. ``Set 1 of 2 \u00b7 Hold 2 of 3``."""
    if state is None or state.phase is Phase.FINISHED:
        return ""
    sets = f"Set {state.set_number} of {state.sets}"
    if state.rep_based:
        return f"{sets} \u00b7 {state.reps} reps"
    return f"{sets} \u00b7 Hold {state.rep_number} of {state.reps}"


def big_text(state: TimerState | None) -> str:
    """The big line: seconds left, or for counted reps the rep under way ("Rep 3 of 10").

    Counted reps always name what the number counts: idle shows how many ("10 reps"), never
    a bare number that later changes meaning.
    """
    if state is None:
        return "\u2013"
    if state.rep_based and state.phase is Phase.IDLE:
        return f"{state.reps} reps"
    if state.rep_based and state.step is Phase.HOLD:
        return f"Rep {state.rep_number} of {state.reps}"
    if state.phase is Phase.FINISHED:
        return "\u2713"
    return format_clock(state.time_left)


def _side(state: TimerState) -> str:
    return SIDE_WORDS[state.side]


class _Mode(StrEnum):
    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


class HoldTimer:
    """The state machine that runs a :class:`HoldPlan` against a monotonic clock.

    The plan position is ``base + (clock() - since)`` while running and ``base`` while paused;
    operations move ``base`` and nothing else counts time. Events are generated lazily for
    every boundary the position has crossed and handed out by :meth:`poll`.
    """

    def __init__(
        self,
        plan: HoldPlan,
        clock: Clock = time.monotonic,
        jump_seconds: float = DEFAULT_JUMP_SECONDS,
    ) -> None:
        self._plan = plan
        self._clock = clock
        self._jump_seconds = jump_seconds
        self._pending: list[TimerEvent] = []
        self._mode = _Mode.IDLE
        self._base = 0.0
        self._since = 0.0
        self._last_seen = clock()
        self._index = 0  # step holding the position up to which events have been made
        self._emitted = 0.0  # plan position up to which events have been made
        self._block_reps = 0
        self._block_seconds = 0.0
        self._holds_completed = 0
        self._plan_seconds = 0.0

    @property
    def plan(self) -> HoldPlan:
        """The plan being run."""
        return self._plan

    @property
    def is_running(self) -> bool:
        """True while the clock moves the timer on (not idle, paused or finished)."""
        self._catch_up(self._now())
        return self._mode is _Mode.RUNNING

    # --- reading --------------------------------------------------------------------

    def state(self) -> TimerState:
        """The state now, computed from the clock (due events are queued for ``poll``)."""
        now = self._now()
        self._catch_up(now)
        plan = self._plan
        if self._mode is _Mode.IDLE:
            first = next(s for s in plan.steps if s.phase is Phase.HOLD)
            return self._snapshot(Phase.IDLE, first, first.seconds, 0.0, first.rep_number, 0)
        if self._mode is _Mode.FINISHED:
            last = plan.steps[-1]
            return self._snapshot(Phase.FINISHED, last, 0.0, plan.total_seconds, last.rep_number, 0)
        step = plan.steps[self._index]
        position = self._emitted  # caught up: events exist up to the position now
        time_left = max(0.0, min(step.seconds, step.end - position))
        phase = Phase.PAUSED if self._mode is _Mode.PAUSED else step.phase
        reps_done, rep_number = self._block_reps, step.rep_number
        if plan.rep_seconds is not None and step.phase is Phase.HOLD:
            reps_done = min(plan.reps, int((position - step.start) / plan.rep_seconds + 1e-9))
            rep_number = min(plan.reps, reps_done + 1)
        return self._snapshot(phase, step, time_left, position, rep_number, reps_done)

    def time_to_next_event(self) -> float | None:
        """Seconds until the next event falls due, or None when the clock is not moving."""
        now = self._now()
        self._catch_up(now)
        if self._mode is not _Mode.RUNNING:
            return None
        step = self._plan.steps[self._index]
        upcoming = [b for b in self._inner_boundaries(step) if b > self._emitted]
        target = min(upcoming) if upcoming else step.end
        return max(0.0, target - self._emitted)

    def poll(self) -> list[TimerEvent]:
        """Every event that fell due since the last poll, oldest first."""
        self._catch_up(self._now())
        events, self._pending = self._pending, []
        return events

    # --- operations -----------------------------------------------------------------

    def start(self) -> None:
        """Start from the first step (from idle, or again after finishing)."""
        now = self._now()
        self._catch_up(now)
        if self._mode not in (_Mode.IDLE, _Mode.FINISHED):
            return
        self._reset_progress()
        self._mode = _Mode.RUNNING
        self._base, self._since = 0.0, now
        self._emit_step_started(now)

    def pause(self) -> None:
        """Freeze the timer where it is."""
        now = self._now()
        self._catch_up(now)
        if self._mode is _Mode.RUNNING:
            self._base = self._emitted
            self._mode = _Mode.PAUSED

    def resume(self) -> None:
        """Carry on from where the timer was paused."""
        now = self._now()
        self._catch_up(now)
        if self._mode is _Mode.PAUSED:
            self._mode = _Mode.RUNNING
            self._since = now

    def toggle(self) -> None:
        """Start when idle or finished, pause when running, resume when paused."""
        now = self._now()
        self._catch_up(now)
        if self._mode is _Mode.RUNNING:
            self.pause()
        elif self._mode is _Mode.PAUSED:
            self.resume()
        else:
            self.start()

    def skip(self) -> None:
        """End the current step now and go to the next (a skipped hold is not completed)."""
        now = self._now()
        self._catch_up(now)
        if self._mode in (_Mode.RUNNING, _Mode.PAUSED):
            self._leave_step(HoldEnd.SKIPPED, now)

    def mark_done(self) -> bool:
        """Count the current set of counted reps as done now; False if not in counted reps."""
        now = self._now()
        self._catch_up(now)
        step = self._plan.steps[self._index]
        if (
            self._mode not in (_Mode.RUNNING, _Mode.PAUSED)
            or not self._plan.rep_based
            or step.phase is not Phase.HOLD
        ):
            return False
        self._leave_step(HoldEnd.MARKED_DONE, now)
        return True

    def restart_rep(self) -> None:
        """Start the current hold (or step) again; with counted reps, the current rep."""
        now = self._now()
        self._catch_up(now)
        if self._mode not in (_Mode.RUNNING, _Mode.PAUSED):
            return
        step = self._plan.steps[self._index]
        target = step.start
        rep_seconds = self._plan.rep_seconds
        if rep_seconds is not None and step.phase is Phase.HOLD:
            done = int((self._emitted - step.start) / rep_seconds + 1e-9)
            target = step.start + min(done, self._plan.reps - 1) * rep_seconds
        self._move_to(target, now)
        if target == step.start:
            self._emit_step_started(now)

    def reset(self) -> None:
        """Stop and go back to idle (events already due stay queued for ``poll``)."""
        now = self._now()
        self._catch_up(now)
        self._mode = _Mode.IDLE
        self._reset_progress()

    # --- internals ------------------------------------------------------------------

    def _now(self) -> float:
        # A monotonic clock never goes back; a misbehaving one must not rewind the timer.
        return max(self._clock(), self._last_seen)

    def _position(self, now: float) -> float:
        if self._mode is _Mode.RUNNING:
            return min(self._plan.total_seconds, self._base + (now - self._since))
        return self._base

    def _catch_up(self, now: float) -> None:
        if self._mode is _Mode.RUNNING and now - self._last_seen > self._jump_seconds:
            self._on_jump(now)
        elif self._mode is _Mode.RUNNING:
            self._emit_until(self._position(now))
        self._last_seen = now

    def _on_jump(self, now: float) -> None:
        # Events up to the last look at the clock are out already. End a running hold there,
        # credited with what was held before the gap, and wait paused for the person.
        step = self._plan.steps[self._index]
        if step.phase is Phase.HOLD:
            self._leave_step(HoldEnd.INTERRUPTED, now, ended_at=self._last_seen)
        if self._mode is _Mode.RUNNING:
            self._base = self._emitted
            self._mode = _Mode.PAUSED

    def _due_at(self, position: float) -> float:
        return self._since + (position - self._base)

    def _inner_boundaries(self, step: Step) -> list[float]:
        """Positions inside a HOLD step where an event falls due (before its end)."""
        if step.phase is not Phase.HOLD:
            return []
        rep_seconds = self._plan.rep_seconds
        if rep_seconds is not None:
            return [step.start + k * rep_seconds for k in range(1, self._plan.reps)]
        ticks = range(self._plan.countdown_seconds, 0, -1)
        return [step.end - k for k in ticks if step.end - k > step.start]

    def _emit_until(self, target: float) -> None:
        steps = self._plan.steps
        while self._mode is _Mode.RUNNING:
            step = steps[self._index]
            for boundary in self._inner_boundaries(step):
                if self._emitted < boundary <= target:
                    self._emit_inner(step, boundary)
            if target < step.end:
                self._emitted = max(self._emitted, target)
                return
            at = self._due_at(step.end)
            if step.phase is Phase.HOLD:
                reps = self._plan.reps if self._plan.rep_based else 1
                if self._plan.rep_based:
                    self._pending.append(RepCounted(step.side, step.set_number, reps, reps, at))
                self._finish_hold(step, step.seconds, reps, HoldEnd.COMPLETED, at)
            self._enter(self._index + 1, step.end, at)

    def _emit_inner(self, step: Step, boundary: float) -> None:
        at = self._due_at(boundary)
        if self._plan.rep_seconds is not None:
            rep = round((boundary - step.start) / self._plan.rep_seconds)
            self._pending.append(RepCounted(step.side, step.set_number, rep, self._plan.reps, at))
        else:
            left = round(step.end - boundary)
            self._pending.append(Countdown(left, step.side, step.set_number, step.rep_number, at))

    def _finish_hold(self, step: Step, seconds: float, reps: int, how: HoldEnd, at: float) -> None:
        done = HoldDone(
            step.side, step.set_number, step.rep_number, seconds, step.seconds, reps, how, at
        )
        self._pending.append(done)
        if done.completed:
            self._holds_completed += 1
        self._block_reps += reps
        self._block_seconds += seconds
        self._plan_seconds += seconds
        if step.ends_block:
            self._pending.append(
                SetDone(
                    step.side,
                    step.set_number,
                    self._block_reps,
                    self._plan.reps,
                    self._block_seconds,
                    at,
                )
            )
            self._block_reps, self._block_seconds = 0, 0.0

    def _enter(self, index: int, position: float, at: float) -> None:
        """Make events for arriving at ``position``, the start of step ``index`` (or the end)."""
        self._emitted = position
        if index >= len(self._plan.steps):
            self._pending.append(
                PlanDone(self._holds_completed, self._plan.hold_count, self._plan_seconds, at)
            )
            self._mode = _Mode.FINISHED
            self._base = self._plan.total_seconds
            return
        self._index = index
        self._emit_step_started(at)

    def _emit_step_started(self, at: float) -> None:
        step = self._plan.steps[self._index]
        self._pending.append(
            PhaseStarted(step.phase, step.side, step.set_number, step.rep_number, step.seconds, at)
        )

    def _leave_step(self, how: HoldEnd, now: float, ended_at: float | None = None) -> None:
        """End the current step early (skip, done, jump) and go to the start of the next."""
        step = self._plan.steps[self._index]
        at = now if ended_at is None else ended_at
        if step.phase is Phase.HOLD:
            held = max(0.0, min(step.seconds, self._emitted - step.start))
            reps = 0
            if self._plan.rep_seconds is not None:
                reps = int(held / self._plan.rep_seconds + 1e-9)
                reps = self._plan.reps if how is HoldEnd.MARKED_DONE else min(reps, self._plan.reps)
            self._finish_hold(step, held, reps, how, at)
        self._base, self._since = step.end, now
        self._enter(self._index + 1, step.end, now)

    def _move_to(self, position: float, now: float) -> None:
        self._base, self._since = position, now
        self._emitted = position

    def _reset_progress(self) -> None:
        self._index = 0
        self._emitted = 0.0
        self._base = 0.0
        self._block_reps, self._block_seconds = 0, 0.0
        self._holds_completed = 0
        self._plan_seconds = 0.0

    def _snapshot(
        self,
        phase: Phase,
        step: Step,
        time_left: float,
        position: float,
        rep_number: int,
        reps_done: int,
    ) -> TimerState:
        plan = self._plan
        shown = phase in (Phase.IDLE, Phase.FINISHED)
        return TimerState(
            phase=phase,
            step=phase if shown else step.phase,
            time_left=time_left,
            phase_seconds=0.0 if phase is Phase.FINISHED else step.seconds,
            side=step.side,
            set_number=step.set_number,
            sets=plan.sets,
            rep_number=rep_number,
            reps=plan.reps,
            reps_done=reps_done,
            rep_based=plan.rep_based,
            plan_elapsed=position,
            plan_seconds=plan.total_seconds,
        )
