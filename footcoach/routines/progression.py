"""Progression and safety in the flow: the evidence, the rules that move a level up, keep it or
step it back, the advice before a session and what a partial session counts as."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from footcoach.catalog import (
    Catalog,
    Position,
)
from footcoach.history import History
from footcoach.pain import (
    AFTER_EXERCISE_WINDOW,
    EASE_OFF_ADVICE,
    EXERCISE_CONTEXTS,
    RISING_SPAN_DAYS,
    SafetySignal,
    is_rising,
    is_severe,
    morning_trend,
    signals_seen,
)
from footcoach.records import (
    Moment,
    PainContext,
    PainEntry,
    SessionRecord,
    SetRecord,
    check_score,
)
from footcoach.routines.content import (
    load_builtin_routines,
)
from footcoach.routines.doses import (
    is_seated,
)
from footcoach.routines.files import (
    slugify,
)
from footcoach.routines.model import (
    ACCEPTABLE_PAIN,
    DURING_SLACK,
    MAX_LEVEL,
    MIN_LEVEL,
    MORNING_LOOKBACK_DAYS,
    MORNING_WORSE_POINTS,
    PAIN_UNRELIABLE_TEXT,
    RECENT_DAYS,
    RESUME_DAYS,
    SAFE_PAIN,
    SESSIONS_TO_MOVE_UP,
    UNFINISHED_SPAN,
    Figure,
    Routine,
    Rule,
    SessionAdvice,
    Suggestion,
    check_level,
)

# --------------------------------------------------------------------------- progression


@dataclass(frozen=True)
class _Evidence:
    """What the history says about one session."""

    session: SessionRecord
    sets_done: int
    exercise_pain: tuple[PainEntry, ...]  # during and after exercise
    morning_before: int | None
    morning_after: int | None

    @property
    def morning_rise(self) -> int | None:
        if self.morning_before is None or self.morning_after is None:
            return None
        return self.morning_after - self.morning_before

    @property
    def worst(self) -> PainEntry | None:
        return max(self.exercise_pain, key=lambda e: e.score, default=None)


def _same_routine(stored: str, routine_id: str) -> bool:
    """Sessions store a routine id (older data and the demo store its name)."""
    return stored == routine_id or slugify(stored) == routine_id


def _evidence(
    mine: Sequence[SessionRecord],
    every_session: Sequence[SessionRecord],
    pain: Sequence[PainEntry],
    sets_done: Mapping[str, int],
) -> list[_Evidence]:
    ordered = sorted(every_session, key=lambda s: (s.started.utc, s.id))

    def owner(entry: PainEntry) -> SessionRecord | None:
        # A score logged before a session starts (a pre-session check) belongs to none.
        window = (
            AFTER_EXERCISE_WINDOW if entry.context is PainContext.AFTER_EXERCISE else DURING_SLACK
        )
        found = None
        for session in ordered:
            if session.started.utc > entry.at.utc:
                break
            ended = session.ended.utc if session.ended else session.started.utc + UNFINISHED_SPAN
            if entry.at.utc <= ended + window:
                found = session
        return found

    exercise: dict[str, list[PainEntry]] = {}
    for entry in pain:
        if entry.context in EXERCISE_CONTEXTS:
            session = owner(entry)
            if session is not None:
                exercise.setdefault(session.id, []).append(entry)
    mornings = _first_mornings(pain)
    out = []
    for session in mine:
        day = session.started.local_date
        before = next(
            (
                mornings[day - timedelta(days=back)]
                for back in range(MORNING_LOOKBACK_DAYS + 1)
                if day - timedelta(days=back) in mornings
            ),
            None,
        )
        out.append(
            _Evidence(
                session=session,
                sets_done=sets_done.get(session.id, 0),
                exercise_pain=tuple(exercise.get(session.id, [])),
                morning_before=before,
                morning_after=mornings.get(day + timedelta(days=1)),
            )
        )
    return out


def _first_mornings(pain: Iterable[PainEntry]) -> dict[date, int]:
    """Each day's first morning score (first steps: the first of the day)."""
    mornings: dict[date, int] = {}
    for entry in sorted(pain, key=lambda e: e.at.utc):
        if entry.context is PainContext.MORNING:
            mornings.setdefault(entry.at.local_date, entry.score)
    return mornings


def _day_text(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _judged(
    routine_id: str,
    sessions: Sequence[SessionRecord],
    sets_done: Mapping[str, int],
    today: date,
    level_since: Moment | None,
) -> tuple[list[SessionRecord], list[SessionRecord]]:
    """The recent sessions of this routine: (the last ones with a set done, every one from the
    first of those on, empty and abandoned ones included so that none hides evidence)."""
    mine = sorted(
        (
            s
            for s in sessions
            if _same_routine(s.routine, routine_id)
            and s.started.local_date <= today
            and (today - s.started.local_date).days < RECENT_DAYS
            and (level_since is None or s.started.utc >= level_since.utc)
        ),
        key=lambda s: (s.started.utc, s.id),
    )
    counted = [s for s in mine if sets_done.get(s.id, 0) > 0][-SESSIONS_TO_MOVE_UP:]
    if not counted:
        return [], mine
    first = (counted[0].started.utc, counted[0].id)
    return counted, [s for s in mine if (s.started.utc, s.id) >= first]


@dataclass(frozen=True)
class ProgressionCase:
    """What the progression rules look at for one routine at one level."""

    level: int
    counted: tuple[SessionRecord, ...]  # the newest sessions with a set done
    evidence: tuple[_Evidence, ...]  # every session from the first counted one on
    trend: float | None  # morning pain, points a week
    safety_signals: tuple[SafetySignal, ...]
    pain_unreliable: bool


@dataclass(frozen=True)
class ProgressionRule:
    """One rule of the pain-monitoring model: its name and its check, which answers with a
    suggestion or passes (None) to the next rule."""

    name: str
    check: Callable[[ProgressionCase], Suggestion | None]


def suggest_progression(
    routine_id: str,
    level: int,
    sessions: Sequence[SessionRecord],
    pain_entries: Sequence[PainEntry],
    today: date,
    *,
    sets: Sequence[SetRecord] = (),
    level_since: Moment | None = None,
    safety_signals: Sequence[SafetySignal] = (),
    pain_unreliable: bool = False,
) -> Suggestion:
    """Suggest up, down or stay (pain-monitoring model); it can only err on the safe side.

    Recent sessions are this routine's sessions since the last level change, in the last
    ``RECENT_DAYS`` days, with at least one set done; the newest ``SESSIONS_TO_MOVE_UP`` of them
    are judged, with every session between them (an empty one never hides evidence).

    The rules of ``PROGRESSION_RULES`` are asked in order and the first that answers wins:

    - step back and see a professional while a safety signal is active;
    - step back when pain during or after exercise passed 5/10 in a judged session, when the
      next morning's pain rose 2 or more after one, or when morning pain rises week on week;
    - never move up while ``pain_unreliable`` is True;
    - move up only when the judged sessions were all finished, every exercise score was 3/10
      or less and no next morning was worse;
    - stay otherwise, saying which condition is not met.
    """
    check_level(level)
    done = Counter(s.session_id for s in sets if s.session_id is not None)
    counted, judged = _judged(routine_id, sessions, done, today, level_since)
    case = ProgressionCase(
        level=level,
        counted=tuple(counted),
        evidence=tuple(_evidence(judged, sessions, pain_entries, done)),
        trend=morning_trend(_first_mornings(pain_entries), today),
        safety_signals=tuple(safety_signals),
        pain_unreliable=pain_unreliable,
    )
    for rule in PROGRESSION_RULES:
        suggestion = rule.check(case)
        if suggestion is not None:
            return suggestion
    raise AssertionError("the last progression rule (stay) always answers")


def _safety_signal(case: ProgressionCase) -> Suggestion | None:
    if not case.safety_signals:
        return None
    codes = ", ".join(signal.value for signal in case.safety_signals)
    return _step_back(
        case.level,
        Rule.SAFETY_SIGNAL,
        signals_seen(case.safety_signals) or "",
        {"safety_signals": codes},
        professional=True,
    )


def _pain_says_step_back(case: ProgressionCase) -> Suggestion | None:
    back = _step_back_reason(case.evidence, case.trend)
    if back is None:
        return None
    rule, reason, numbers = back
    return _step_back(case.level, rule, reason, numbers)


def _pain_unreliable(case: ProgressionCase) -> Suggestion | None:
    if not case.pain_unreliable:
        return None
    return Suggestion(
        "stay", case.level, case.level, PAIN_UNRELIABLE_TEXT, Rule.PAIN_UNRELIABLE, {}
    )


def _step_back_reason(
    evidence: Sequence[_Evidence], trend: float | None
) -> tuple[Rule, str, dict[str, Figure]] | None:
    for item in reversed(evidence):  # newest first: the most recent reason to step back
        day = _day_text(item.session.started.local_date)
        worst = item.worst
        if worst is not None and worst.score > ACCEPTABLE_PAIN:
            where = "during" if worst.context is PainContext.DURING_EXERCISE else "after"
            return (
                Rule.EXERCISE_PAIN_HIGH,
                f"Pain reached {worst.score}/10 {where} exercise on {day}.",
                {"pain": worst.score, "context": worst.context.value, "day": _iso_day(item)},
            )
        rise = item.morning_rise
        if rise is not None and rise >= MORNING_WORSE_POINTS:
            return (
                Rule.NEXT_MORNING_RISE,
                f"The morning after {day}, first-steps pain was {item.morning_after}/10, "
                f"{rise} points higher than the {item.morning_before}/10 before.",
                {
                    "morning_before": item.morning_before or 0,
                    "morning_after": item.morning_after or 0,
                    "day": _iso_day(item),
                },
            )
    if is_rising(trend):
        assert trend is not None
        return (
            Rule.MORNING_RISING,
            f"Morning pain is rising by {trend:.1f} points a week over the last "
            f"{RISING_SPAN_DAYS} days.",
            {"morning_trend_per_week": round(trend, 2)},
        )
    return None


def _iso_day(item: _Evidence) -> str:
    return item.session.started.local_date.isoformat()


def _step_back(
    level: int,
    rule: Rule,
    reason: str,
    numbers: dict[str, Figure],
    *,
    professional: bool = False,
) -> Suggestion:
    if level == MIN_LEVEL:
        advice = (
            "ease off for now and see a healthcare professional"
            if professional
            else "ease off, and if it keeps happening see a healthcare professional"
        )
        reason = f"{reason} This is the gentlest level: {advice}."
        return Suggestion("stay", level, level, reason, rule, numbers, professional)
    return Suggestion("down", level, level - 1, reason, rule, numbers, professional)


def _move_up(case: ProgressionCase) -> Suggestion | None:
    if _unmet(case) is not None:
        return None
    level, evidence, trend = case.level, case.evidence, case.trend
    worst = max(e.score for item in evidence for e in item.exercise_pain)
    trend_words = "" if trend is None else f", morning trend {trend:+.1f} points a week"
    numbers: dict[str, Figure] = {"sessions": len(evidence), "worst_exercise_pain": worst}
    if trend is not None:
        numbers["morning_trend_per_week"] = round(trend, 2)
    reason = (
        f"Last {len(evidence)} sessions finished, pain during and after at most {worst}/10, "
        f"no worse next morning{trend_words}."
    )
    if level == MAX_LEVEL:
        return Suggestion(
            "stay", level, level, f"{reason} This is the top level.", Rule.MOVE_UP, numbers
        )
    return Suggestion("up", level, level + 1, reason, Rule.MOVE_UP, numbers)


def _stay(case: ProgressionCase) -> Suggestion:
    unmet = _unmet(case)
    assert unmet is not None, "move up answers when every condition is met"
    reason, numbers = unmet
    return Suggestion("stay", case.level, case.level, reason, Rule.MOVE_UP, numbers)


def _unmet(case: ProgressionCase) -> tuple[str, dict[str, Figure]] | None:
    """The first condition of moving up that is not met: what to say and its numbers."""
    counted, evidence = case.counted, case.evidence
    if not counted:
        return (
            f"No sessions with exercises done at this level in the last {RECENT_DAYS} days.",
            {"sessions": 0},
        )
    if len(counted) < SESSIONS_TO_MOVE_UP:
        return (
            f"{len(counted)} of {SESSIONS_TO_MOVE_UP} sessions with exercises done at this level "
            f"in the last {RECENT_DAYS} days.",
            {"sessions": len(counted)},
        )
    finished = sum(1 for item in evidence if item.session.completed)
    if finished < len(evidence):
        return (
            f"{finished} of the last {len(evidence)} sessions were finished.",
            {"finished": finished, "sessions": len(evidence)},
        )
    if any(not item.exercise_pain for item in evidence):
        return "Log pain during or after each session to see when you can move up.", {}
    worst = max(e.score for item in evidence for e in item.exercise_pain)
    if worst > SAFE_PAIN:
        return (
            f"Pain reached {worst}/10 during or after exercise; move up once it stays at "
            f"{SAFE_PAIN} or below.",
            {"worst_exercise_pain": worst},
        )
    rises = [item for item in evidence if item.morning_rise is not None]
    if not rises:
        return "Log your first-steps pain in the morning to see when you can move up.", {}
    higher = [item for item in rises if (item.morning_rise or 0) > 0]
    if higher:
        item = higher[-1]
        rise = item.morning_rise or 0
        return (
            f"First-steps pain was {rise} point{'s' if rise != 1 else ''} higher the morning "
            f"after {_day_text(item.session.started.local_date)}.",
            {"morning_rise": rise},
        )
    return None


# In the order of docs/clinical-rules.md section 3: a reason to do less always comes first.
PROGRESSION_RULES: tuple[ProgressionRule, ...] = (
    ProgressionRule("safety signal", _safety_signal),
    ProgressionRule("step back", _pain_says_step_back),
    ProgressionRule("pain unreliable", _pain_unreliable),
    ProgressionRule("move up", _move_up),
    ProgressionRule("stay", _stay),
)


# --------------------------------------------------------------------------- safety in the flow


def before_session_advice(
    pain_score: int,
    routine: Routine,
    catalog: Catalog,
    routines: Sequence[Routine] | None = None,
) -> SessionAdvice | None:
    """At severe pain (7+): suggest the seated routine and the one ease-off advice."""
    score = check_score(pain_score)
    if not is_severe(score):
        return None
    loaded = tuple(
        step.exercise_id
        for step in routine.steps
        if catalog.get(step.exercise_id).position is not Position.SEATED
    )
    opening = f"Your foot hurts a lot right now ({score}/10)."
    if not loaded:
        return SessionAdvice(
            score,
            f"{opening} Keep this session gentle, and stop if the pain gets worse.",
            EASE_OFF_ADVICE,
            None,
            (),
        )
    candidates = routines if routines is not None else load_builtin_routines(catalog)
    seated = next((r for r in candidates if r.builtin and is_seated(r, catalog)), None)
    seated = seated or next((r for r in candidates if is_seated(r, catalog)), None)
    if seated is None:
        message = f"{opening} Skip the standing exercises today and rest your foot."
    else:
        message = (
            f"{opening} Try the seated {seated.name} instead today: it keeps your weight off "
            "the ball of the foot."
        )
    return SessionAdvice(score, message, EASE_OFF_ADVICE, seated.id if seated else None, loaded)


def partial_session(
    history: History, today: date | None = None
) -> tuple[SessionRecord, list[SetRecord]] | None:
    """The newest session if it was never ended (app closed or killed), with its sets.

    Only sessions started in the last ``RESUME_DAYS`` days are offered.
    """
    today = today or date.today()
    sessions = history.sessions(since=today - timedelta(days=RESUME_DAYS - 1), until=today)
    if not sessions:
        return None
    newest = max(sessions, key=lambda s: (s.started.utc, s.id))
    if newest.ended is not None:
        return None
    return newest, history.sets(session_id=newest.id)
