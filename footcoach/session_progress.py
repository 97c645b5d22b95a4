"""Where a person is in a guided routine: steps done, skipped and to come, and the summary.

Pure Python (no Qt). The routine player keeps one :class:`SessionProgress`, turns each
finished set into a :class:`~footcoach.records.SetRecord` through it, and asks it where to go
next. Resuming a session that was cut off rebuilds the progress from the sets in history.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from footcoach.records import Moment, SetRecord, new_id
from footcoach.timing import HoldPlan, SetDone, mean_hold_seconds


class StepStatus(StrEnum):
    """How far one step of the routine got."""

    TO_DO = "to-do"
    PARTLY_DONE = "partly-done"
    DONE = "done"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class SessionSummary:
    """The numbers shown when a session ends."""

    seconds: float
    sets_done: int
    sets_planned: int
    steps_done: int
    steps_skipped: int
    steps_total: int
    pain_before: int | None = None
    pain_after: int | None = None

    @property
    def pain_change(self) -> int | None:
        """After minus before (negative: the foot feels better), or None without both."""
        if self.pain_before is None or self.pain_after is None:
            return None
        return self.pain_after - self.pain_before


class SessionProgress:
    """Steps of one routine session: which sets are recorded, which steps were skipped.

    A "block" is one side of one set: what the timer reports as a ``SetDone`` and what history
    stores as one ``SetRecord``.
    """

    def __init__(self, exercise_ids: Sequence[str], plans: Sequence[HoldPlan]) -> None:
        if len(exercise_ids) != len(plans) or not plans:
            raise ValueError("a session needs one plan per step and at least one step")
        self.exercise_ids = tuple(exercise_ids)
        self.plans = tuple(plans)
        self.current = 0
        self._done = [0] * len(plans)
        self._offsets = [0] * len(plans)  # whole sets done before a resume, per step
        self._skipped: set[int] = set()
        self.prior_seconds = 0.0  # active time of the session before it was cut off

    # --- reading --------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.plans)

    def blocks_total(self, index: int) -> int:
        """Sets times sides of step ``index`` at full dose."""
        plan = self.plans[index]
        return plan.sets * len(plan.side_order)

    def status(self, index: int) -> StepStatus:
        """Done, partly done, skipped or still to do."""
        done = self._done[index]
        if done >= self.blocks_total(index):
            return StepStatus.DONE
        if index in self._skipped:
            return StepStatus.SKIPPED
        return StepStatus.PARTLY_DONE if done else StepStatus.TO_DO

    def plan_for(self, index: int) -> HoldPlan:
        """The plan to run for step ``index``: only the whole sets still to do, if any are."""
        plan = self.plans[index]
        offset = self._offsets[index]
        return dataclasses.replace(plan, sets=plan.sets - offset) if offset else plan

    def is_last(self) -> bool:
        """True on the last step."""
        return self.current >= len(self.plans) - 1

    def summary(
        self, seconds: float, pain_before: int | None = None, pain_after: int | None = None
    ) -> SessionSummary:
        """The end-of-session numbers; ``seconds`` is this run's active time."""
        statuses = [self.status(i) for i in range(len(self.plans))]
        return SessionSummary(
            seconds=self.prior_seconds + seconds,
            sets_done=sum(min(d, self.blocks_total(i)) for i, d in enumerate(self._done)),
            sets_planned=sum(self.blocks_total(i) for i in range(len(self.plans))),
            steps_done=statuses.count(StepStatus.DONE),
            steps_skipped=statuses.count(StepStatus.SKIPPED),
            steps_total=len(self.plans),
            pain_before=pain_before,
            pain_after=pain_after,
        )

    # --- changes --------------------------------------------------------------------

    def record(self, done: SetDone, session_id: str, at: Moment) -> SetRecord | None:
        """The history record for a finished block of the current step (None if no rep done)."""
        if done.reps_done <= 0:
            return None
        index = self.current
        hold = mean_hold_seconds(self.plans[index], done)
        self._done[index] += 1
        return SetRecord(
            id=new_id(),
            session_id=session_id,
            exercise_id=self.exercise_ids[index],
            side=done.side,
            set_number=done.set_number + self._offsets[index],
            at=at,
            reps=done.reps_done,
            hold_seconds=hold,
        )

    def finish_step(self) -> int | None:
        """The current step's plan ended: move on; return the new index, or None at the end."""
        if self._done[self.current] == 0:
            self._skipped.add(self.current)
        return self._move(self.current + 1)

    def skip_step(self) -> int | None:
        """Leave the current step (skipped unless all its sets are done); None at the end."""
        if self._done[self.current] < self.blocks_total(self.current):
            self._skipped.add(self.current)
        return self._move(self.current + 1)

    def back(self) -> int:
        """Go back one step to do it (again); stay on the first step."""
        self._move(max(0, self.current - 1))
        return self.current

    def go_to(self, index: int) -> int:
        """Jump to step ``index`` (it counts as to do again if it was skipped)."""
        self._move(min(max(0, index), len(self.plans) - 1))
        return self.current

    def _move(self, index: int) -> int | None:
        if index >= len(self.plans):
            return None
        if index != self.current:
            self._offsets[self.current] = 0  # a step left and come back to runs in full
        self.current = index
        self._skipped.discard(index)
        return index

    # --- resume ---------------------------------------------------------------------

    @classmethod
    def resumed(
        cls,
        exercise_ids: Sequence[str],
        plans: Sequence[HoldPlan],
        sets: Sequence[SetRecord],
        started: Moment,
    ) -> SessionProgress:
        """Progress rebuilt from the sets of a cut-off session, on the first step not done.

        Sets are matched to steps in order (a routine may hold an exercise twice). Steps passed
        over before the last one touched count as skipped; a partly done step resumes with the
        whole sets still to do.
        """
        progress = cls(exercise_ids, plans)
        ordered = sorted(sets, key=lambda s: s.at.utc)
        position = 0
        for record in ordered:
            index = progress._match(record.exercise_id, position)
            if index is None:
                continue
            progress._done[index] += 1
            position = index
        resume = next(
            (i for i in range(position, len(plans)) if progress.status(i) is not StepStatus.DONE),
            None,
        )
        for index in range(resume if resume is not None else len(plans)):
            if progress.status(index) is not StepStatus.DONE:
                progress._skipped.add(index)
        progress.current = resume if resume is not None else len(plans) - 1
        whole_sets = progress._done[progress.current] // len(plans[progress.current].side_order)
        progress._offsets[progress.current] = min(plans[progress.current].sets - 1, whole_sets)
        if ordered:
            progress.prior_seconds = max(0.0, (ordered[-1].at.utc - started.utc).total_seconds())
        return progress

    def _match(self, exercise_id: str, start: int) -> int | None:
        for index in range(start, len(self.plans)):
            if self.exercise_ids[index] == exercise_id and self._done[index] < self.blocks_total(
                index
            ):
                return index
        return None

    def first_open_step(self) -> int | None:
        """The first step at or after the current one that is not done, or None."""
        return next(
            (
                i
                for i in range(self.current, len(self.plans))
                if self.status(i) is not StepStatus.DONE
            ),
            None,
        )
