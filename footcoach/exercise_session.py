"""An exercise done on its own (the exercise view's timer) recorded as a one-exercise session.

The rule, so that every exercise counts for sessions, streaks and adherence as a routine does:

- Nothing is written until the first set with at least one rep done ends: pressing Start and
  stopping straight away leaves no trace.
- That set writes the session (started when Start was pressed, ended now, not completed), then
  the set; each later set is written as it ends and moves the session's end on.
  The session row is always ended, so a kill loses at most the hold in progress and the
  routine view never offers it for resume.
- When the plan runs to its end, the session is marked completed: it counts as a session day.
  Stopping early or choosing another exercise keeps the sets done, not completed.
- "Again" after the end, or another exercise, starts a new session.

Plain Python over :class:`footcoach.history.History`; the widget only forwards the timer's
events here.
"""

from __future__ import annotations

from collections.abc import Callable

from footcoach.history import History
from footcoach.records import Moment, SessionRecord, SetRecord, new_id
from footcoach.timing import HoldPlan, SetDone, mean_hold_seconds

ROUTINE_PREFIX = "exercise:"
"""A one-exercise session's ``routine`` is this prefix and the exercise id."""


def single_exercise_routine(exercise_id: str) -> str:
    """The ``routine`` value of a session of ``exercise_id`` done on its own."""
    return f"{ROUTINE_PREFIX}{exercise_id}"


class ExerciseSessionRecorder:
    """Writes the sets of the exercise in the timer, and its session, as they happen."""

    def __init__(self, history: History, now: Callable[[], Moment] = Moment.now) -> None:
        self._history = history
        self._now = now
        self._exercise_id: str | None = None
        self._plan: HoldPlan | None = None
        self._started: Moment | None = None
        self._session: SessionRecord | None = None

    @property
    def session(self) -> SessionRecord | None:
        """The session stored for the run in progress (None before its first set)."""
        return self._session

    def load(self, exercise_id: str, plan: HoldPlan) -> None:
        """A new exercise (or the same one reloaded): what was stored stays as it is."""
        self._exercise_id = exercise_id
        self._plan = plan
        self._forget()

    def started(self) -> None:
        """The timer began a step: the first one of a run stamps the session's start."""
        if self._started is None:
            self._started = self._now()

    def stopped(self) -> None:
        """The run was stopped before its end: the next Start begins a new session."""
        self._forget()

    def set_finished(self, done: SetDone) -> SetRecord | None:
        """Store one finished set (and, for the first, its session); None if no rep was done."""
        if done.reps_done <= 0 or self._exercise_id is None or self._plan is None:
            return None
        at = self._now()
        if self._session is None:
            session = SessionRecord(
                id=new_id(),
                routine=single_exercise_routine(self._exercise_id),
                started=self._started or at,
                ended=at,
                completed=False,
            )
            self._history.start_session(session)
            self._session = session
        else:
            self._history.finish_session(self._session.id, at, completed=False)
        record = SetRecord(
            id=new_id(),
            session_id=self._session.id,
            exercise_id=self._exercise_id,
            side=done.side,
            set_number=done.set_number,
            at=at,
            reps=done.reps_done,
            hold_seconds=mean_hold_seconds(self._plan, done),
        )
        self._history.add_set(record)
        return record

    def plan_finished(self) -> SessionRecord | None:
        """The plan ran to its end: its session (if a set was done) is completed; return it."""
        session = self._session
        self._forget()
        if session is None:
            return None
        ended = self._now()
        self._history.finish_session(session.id, ended, completed=True)
        return SessionRecord(session.id, session.routine, session.started, ended, True)

    def _forget(self) -> None:
        self._started = None
        self._session = None
