"""One guided session, from the pain check before it to the words at its end (plain Python).

The routine player (``ui/routine_player.py``) shows pages and forwards keys; this flow decides
what happens: which context each pain check is logged under, that the session row is written
on the first Start (not before), which sets are recorded, how a cut-off session resumes
(keeping the pain noted before it), what discarding it does, and what the end screen says
about the pain. Every record is committed the moment it happens.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from footcoach.catalog import Catalog
from footcoach.errors import FootCoachError
from footcoach.history import History
from footcoach.pain import EASE_OFF_ADVICE, SEVERE, suggested_context
from footcoach.records import Moment, PainContext, PainEntry, SessionRecord, SetRecord, new_id
from footcoach.routines import (
    ACCEPTABLE_PAIN,
    Routine,
    RoutineStore,
    SessionAdvice,
    before_session_advice,
    partial_session,
    step_plan,
)
from footcoach.screening import Screening, ScreeningAnswers, answers_needed, load_screening
from footcoach.session_progress import SessionProgress, SessionSummary
from footcoach.timing import Clock, HoldPlan, SetDone


def context_before(moment: Moment) -> PainContext:
    """The context of the check before a session: morning until 11:00, else the day.

    ``pain.suggested_context`` without the sessions' ends: a check *before* a session is never
    after-exercise pain, even when an earlier session ended within the last hours.
    """
    return suggested_context(moment.local())


EASE_OFF_ABOVE = ACCEPTABLE_PAIN
"""After-exercise pain above this: ease off next time (pain-monitoring model's 5/10)."""
EASE_OFF_RISE = 2
"""After-exercise pain this much above "before" (or more): ease off next time."""
PAIN_BEFORE_WINDOW = timedelta(hours=2)
"""A resumed session's "before" score is the check at most this long before its start."""

_BEFORE = "Before"
_AFTER = "After"


class Stage(StrEnum):
    """Where the flow is; the player shows the page of the same name."""

    IDLE = "idle"  # the routine list
    PAIN_BEFORE = "pain-before"
    ADVICE = "advice"  # pain at the severe threshold before the session
    SESSION = "session"
    PAIN_AFTER = "pain-after"
    SUMMARY = "summary"


class ResumeResult(StrEnum):
    """What resuming a cut-off session led to."""

    NOTHING = "nothing"  # no session was on offer
    ROUTINE_GONE = "routine-gone"  # its routine was deleted: the session was discarded
    ALL_DONE = "all-done"  # every step was done already: the session ends now
    RESUMED = "resumed"


@dataclass(frozen=True)
class PainPrompt:
    """What the pain check asks."""

    title: str
    question: str


BEFORE_PROMPT = PainPrompt(
    "Before you start", "How does your foot feel right now, from 0 (no pain) to 10 (worst)?"
)
AFTER_PROMPT = PainPrompt(
    "How does your foot feel now?", "Right after the session, from 0 (no pain) to 10 (worst)."
)


@dataclass(frozen=True)
class EndScreen:
    """What the end screen says: its title, the saved-sets line, and advice about the pain."""

    title: str
    subtitle: str
    advice: str  # empty when the pain gives no reason to say anything
    see_professional: bool  # the advice includes seeing a professional (severe pain)
    summary: SessionSummary


def end_screen(summary: SessionSummary, routine_name: str, completed: bool) -> EndScreen:
    """The end screen for ``summary``: calm advice to ease off when the pain asks for it.

    After-exercise pain above 5, or 2 or more above the score before, means easing off next
    time; at the severe threshold, also seeing a professional. Never just "Well done!" then.
    """
    subtitle = f"{routine_name} \u2013 the sets you did are saved in your history."
    after, before = summary.pain_after, summary.pain_before
    high = after is not None and after > EASE_OFF_ABOVE
    rose = after is not None and before is not None and after - before >= EASE_OFF_RISE
    if after is None or not (high or rose):
        title = "Well done!" if completed else "Session ended"
        return EndScreen(title, subtitle, "", False, summary)
    if rose:
        opening = f"Your pain went from {before}/10 to {after}/10 during this session."
    else:
        opening = f"Your foot is at {after}/10 after this session."
    if after >= SEVERE:
        advice = f"{opening} {EASE_OFF_ADVICE}"
        return EndScreen("Rest your foot, and get advice", subtitle, advice, True, summary)
    advice = (
        f"{opening} Rest your foot today, and ease off next time: fewer sets or an easier "
        "level. Stop any exercise that makes the pain sharper."
    )
    return EndScreen("Ease off next time", subtitle, advice, False, summary)


class SessionFlow:
    """One guided session at a time: pain before, the sets, the end, pain after, the summary.

    ``on_write_error`` hears a commit the disk refused (the flow goes on without it); without
    it the error is raised. ``writes`` False (the screenshot's demo session) writes nothing.
    Before a session starts or resumes, ``screening_needed`` says whether the red-flag
    questions come first (rule 28).
    """

    def __init__(
        self,
        catalog: Catalog,
        history: History,
        store: RoutineStore,
        *,
        lead_in_seconds: float = 5.0,
        clock: Clock = time.monotonic,
        now: Callable[[], Moment] = Moment.now,
        today: Callable[[], date] = date.today,
        on_write_error: Callable[[str], None] | None = None,
        screening: Screening | None = None,
    ) -> None:
        self.catalog = catalog
        self.screening = screening or load_screening()
        self.history = history
        self.store = store
        self.lead_in_seconds = lead_in_seconds
        self.writes = True
        self._clock = clock
        self._now = now
        self._today = today
        self._on_write_error = on_write_error
        self.resume_offer: tuple[SessionRecord, list[SetRecord]] | None = None
        self._reset()

    def _reset(self) -> None:
        self.stage = Stage.IDLE
        self.routine: Routine | None = None
        self.level = 0
        self.progress: SessionProgress | None = None
        self.session: SessionRecord | None = None
        self.advice: SessionAdvice | None = None
        self.pain_before: int | None = None
        self.pain_after: int | None = None
        self.completed = False
        self.summary: SessionSummary | None = None
        self._started_at: float | None = None

    # --- before the session ---------------------------------------------------------

    def screening_needed(self) -> bool:
        """True when the red-flag questions must be answered before this session starts.

        Every way into a guided session asks here. A demo that records nothing is no session.
        """
        return self.writes and answers_needed(self.screening, self.history.latest_screening())

    def save_screening(self, answers: ScreeningAnswers) -> bool:
        """Store the answers given before a session, as of now; True once they are saved.

        Whether the session then goes on is ``screening.session_follows``'s to say.
        """
        return self._commit(self.history.add_screening, replace(answers, at=self._now()))

    def begin(self, routine: Routine) -> PainPrompt:
        """Start over with ``routine``: the pain check before it comes first."""
        self._reset()
        self.routine = routine
        self.stage = Stage.PAIN_BEFORE
        return BEFORE_PROMPT

    def pain_prompt(self) -> PainPrompt:
        """What the pain check in front asks."""
        return AFTER_PROMPT if self.stage is Stage.PAIN_AFTER else BEFORE_PROMPT

    def record_pain(self, score: int) -> PainEntry | None:
        """Log the score of the check in front; return the entry if it was committed.

        Before a session the foot is at rest, so the score belongs to the morning or the day,
        never to exercise (that would skew the chart and progression). After it, it is
        after-exercise pain.
        """
        assert self.routine is not None and self.stage in (Stage.PAIN_BEFORE, Stage.PAIN_AFTER)
        after = self.stage is Stage.PAIN_AFTER
        now = self._now()
        context = PainContext.AFTER_EXERCISE if after else context_before(now)
        note = f"{_AFTER if after else _BEFORE} {self.routine.name}"
        entry = PainEntry(new_id(), now, score, context, note)
        written = self._commit(self.history.add_pain, entry)
        if after:
            self.pain_after = score
            self._to_summary()
        else:
            self.pain_before = score
            self._advise(score)
        return entry if written else None

    def skip_pain(self) -> None:
        """No score this time: go on as if the check had not been asked."""
        if self.stage is Stage.PAIN_AFTER:
            self._to_summary()
        elif self.stage is Stage.PAIN_BEFORE and self.routine is not None:
            self.prepare(self.routine)

    def _advise(self, score: int) -> None:
        assert self.routine is not None
        self.advice = before_session_advice(score, self.routine, self.catalog, self.store.all())
        if self.advice is None:
            self.prepare(self.routine)
        else:
            self.stage = Stage.ADVICE

    def seated_routine(self) -> Routine | None:
        """The gentler routine the advice offers, if it offers one that exists."""
        if self.advice is None or self.advice.seated_routine_id is None:
            return None
        return self.store.find(self.advice.seated_routine_id)

    def take_seated(self) -> None:
        """Advice taken: the seated routine instead (the chosen one if there is none)."""
        routine = self.seated_routine() or self.routine
        assert routine is not None
        self.prepare(routine)

    def keep_routine(self) -> None:
        """Advice heard: the chosen routine after all."""
        assert self.routine is not None
        self.prepare(self.routine)

    def stop(self) -> None:
        """Not today: back to the routine list; nothing was started."""
        self._reset()

    def prepare(self, routine: Routine) -> None:
        """Ready ``routine`` at its level; nothing is written until the first Start."""
        self.routine = routine
        self.level = self.store.level(routine.id)
        ids, plans = self.plans(routine, self.level)
        self.progress = SessionProgress(ids, plans)
        self.stage = Stage.SESSION

    def plans(self, routine: Routine, level: int) -> tuple[list[str], list[HoldPlan]]:
        """Exercise ids and hold plans of ``routine``'s steps at ``level``."""
        ids = [step.exercise_id for step in routine.steps]
        lead_in = self.lead_in_seconds
        return ids, [step_plan(step, self.catalog, level, lead_in) for step in routine.steps]

    # --- during the session ---------------------------------------------------------

    def timer_started(self) -> SessionRecord | None:
        """A timer phase began; on the first Start write the session row and return it."""
        if self._started_at is None:
            self._started_at = self._clock()  # this run's time counts from the first Start
        if self.session is not None or self.routine is None or self.stage is not Stage.SESSION:
            return None
        if self.resume_offer is not None:  # a new session instead of resuming: close the old
            self.discard()
        session = SessionRecord(new_id(), self.routine.id, self._now())
        self._commit(self.history.start_session, session)
        self.session = session
        return session

    def set_finished(self, done: SetDone) -> SetRecord | None:
        """A set (one side) ended: record it now; return the committed record."""
        if self.progress is None or self.session is None:
            return None
        record = self.progress.record(done, self.session.id, self._now())
        if record is None or not self._commit(self.history.add_set, record):
            return None
        return record

    def end(self, completed: bool) -> bool:
        """End the session; True if it was started (the pain check after comes next).

        A session whose Start was never pressed wrote nothing and goes back to the list.
        """
        if self.session is None:
            self._reset()
            return False
        self.completed = completed
        self._commit(self.history.finish_session, self.session.id, self._now(), completed)
        elapsed = self._clock() - self._started_at if self._started_at is not None else 0.0
        assert self.progress is not None
        self.summary = self.progress.summary(elapsed, self.pain_before)
        self.stage = Stage.PAIN_AFTER
        return True

    def _to_summary(self) -> None:
        assert self.summary is not None
        self.summary = replace(
            self.summary, pain_before=self.pain_before, pain_after=self.pain_after
        )
        self.stage = Stage.SUMMARY

    def end_screen(self) -> EndScreen:
        """What the end screen says about this session."""
        assert self.summary is not None and self.routine is not None
        return end_screen(self.summary, self.routine.name, self.completed)

    def close(self) -> None:
        """The end screen was closed: back to the routine list."""
        self._reset()

    # --- a session cut off earlier ----------------------------------------------------

    def offer_resume(self) -> str | None:
        """Look for a cut-off session; the words offering it, or None."""
        self.resume_offer = partial_session(self.history, self._today())
        if self.resume_offer is None:
            return None
        session, sets = self.resume_offer
        routine = self.store.find(session.routine)
        name = routine.name if routine is not None else session.routine
        when = session.started.local()
        day = "today" if when.date() == self._today() else f"on {when:%d %B}"
        done = f"{len(sets)} set{'s' if len(sets) != 1 else ''} done"
        return f"<b>Resume your session from {when:%H:%M}</b> {day}? {name}, {done}."

    def resume(self) -> ResumeResult:
        """Carry on with the cut-off session from its first step not done, pain before kept."""
        if self.resume_offer is None:
            return ResumeResult.NOTHING
        session, sets = self.resume_offer
        routine = self.store.find(session.routine)
        if routine is None:
            self.discard()
            return ResumeResult.ROUTINE_GONE
        self._reset()
        self.routine = routine
        self.level = self.store.level(routine.id)
        ids, plans = self.plans(routine, self.level)
        self.progress = SessionProgress.resumed(ids, plans, sets, session.started)
        self.session = session
        self.pain_before = self._pain_before_of(session)
        self.resume_offer = None
        self.stage = Stage.SESSION
        if self.progress.first_open_step() is None:
            return ResumeResult.ALL_DONE
        return ResumeResult.RESUMED

    def discard(self) -> None:
        """Close the cut-off session as not completed; its sets stay in history."""
        if self.resume_offer is None:
            return
        session, sets = self.resume_offer
        ended = max((s.at for s in sets), key=lambda m: m.utc, default=session.started)
        self._commit(self.history.finish_session, session.id, ended, False)
        self.resume_offer = None

    def _pain_before_of(self, session: SessionRecord) -> int | None:
        """The score of the check before ``session``: the last one shortly before its start."""
        start = session.started
        entries = self.history.pain_entries(
            since=start.local_date - timedelta(days=1), until=start.local_date
        )
        before = [
            entry
            for entry in entries
            if entry.note.startswith(f"{_BEFORE} ")
            and entry.context is not PainContext.AFTER_EXERCISE
            and timedelta(0) <= start.utc - entry.at.utc <= PAIN_BEFORE_WINDOW
        ]
        if not before:
            return None
        return max(before, key=lambda entry: entry.at.utc).score

    # --- internals ------------------------------------------------------------------

    def _commit(self, write: Callable[..., None], *args: Any) -> bool:
        """Commit one record now; on a refusal tell ``on_write_error`` and go on."""
        if not self.writes:
            return True
        try:
            write(*args)
        except FootCoachError as error:
            if self._on_write_error is None:
                raise
            self._on_write_error(str(error))
            return False
        return True
