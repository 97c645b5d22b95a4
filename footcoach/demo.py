"""Synthetic, realistic and deterministic history for demos, tests and benchmarks.

:func:`generate` invents a person who starts with moderate forefoot pain (about 5-7 on the
0-10 scale), exercises most days, skips some days and now and then a whole week, has the odd
flare-up, and slowly gets better. Morning "first steps" scores run higher than daytime ones.
The same ``days``, ``seed`` and ``end`` always give the same records, ids included.
Pure Python: no Qt, no database (``footcoach demo`` writes the records through ``History``).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from footcoach.factors import DailyFactors, Footwear
from footcoach.function_goals import FunctionGoal, GoalRating
from footcoach.records import (
    PAIN_MAX,
    PAIN_MIN,
    Moment,
    PainContext,
    PainEntry,
    SessionRecord,
    SetRecord,
    Side,
)
from footcoach.self_tests import FEET, SelfTestKind, SelfTestResult, heel_raises_allowed
from footcoach.trials import Trial

#: The demo person lives in a zone with daylight saving time, so local dates and offsets vary.
DEMO_ZONE_NAME = "Europe/Berlin"

MAX_DAYS = 36_500


@dataclass(frozen=True)
class _Dose:
    sets: int
    reps: int
    sides: str  # "each" or "both"
    hold_seconds: int | None = None
    rep_seconds: int | None = None
    rest_seconds: int = 20


# A copy of the doses in assets/exercises.toml, frozen here so that demo data stays the same
# when the content is edited (tests check that every id still exists in the catalogue).
_DOSES: dict[str, _Dose] = {
    "heel-raises": _Dose(sets=2, reps=10, sides="both", rep_seconds=5),
    "towel-curls": _Dose(sets=2, reps=8, sides="each", rep_seconds=6),
    "foot-roll": _Dose(sets=1, reps=1, sides="each", hold_seconds=60),
    "marble-pickups": _Dose(sets=1, reps=10, sides="each", rep_seconds=6),
    "single-leg-balance": _Dose(sets=2, reps=1, sides="each", hold_seconds=30),
    "toe-scrunch": _Dose(sets=2, reps=8, sides="each", hold_seconds=5),
    "heel-walks": _Dose(sets=3, reps=1, sides="both", hold_seconds=20),
    "toe-spread": _Dose(sets=1, reps=3, sides="each", hold_seconds=20),
    "toe-stretch": _Dose(sets=1, reps=3, sides="each", hold_seconds=20),
    "calf-stretch": _Dose(sets=2, reps=1, sides="each", hold_seconds=30),
}

#: The built-in routines the demo person follows, by id (as sessions store them), in order.
ROUTINES: dict[str, tuple[str, ...]] = {
    "daily-foot-routine": (
        "toe-stretch",
        "toe-spread",
        "towel-curls",
        "marble-pickups",
        "toe-scrunch",
        "heel-raises",
        "foot-roll",
        "calf-stretch",
    ),
    "desk-break": ("toe-spread", "toe-scrunch", "foot-roll"),
    "stretches-only": ("toe-stretch", "calf-stretch"),
    "balance-and-calf": ("single-leg-balance", "heel-raises", "heel-walks", "calf-stretch"),
}

#: Every exercise id the demo uses.
EXERCISE_IDS: tuple[str, ...] = tuple(_DOSES)

_MAIN_ROUTINES = ("daily-foot-routine", "balance-and-calf", "stretches-only", "desk-break")
_MAIN_WEIGHTS = (60, 15, 15, 10)

_DAY_NOTES = (
    "Long day on my feet at work",
    "Walked to the market, then the café",
    "New insoles, feels a little better",
    'Wore the "good" trainers all day',
    "Stood at a concert, sore afterwards",
    "Rainy day, mostly sitting",
    "Hiked 8 km, took it slowly",
)
_MORNING_NOTES = (
    "Stiff for the first few steps",
    "Barely noticed it this morning",
    "Sharp at first, eased after ten minutes",
)
_FLARE_NOTES = (
    "Flare-up: long walk in thin-soled shoes",
    "Flare-up after a day in heels; resting",
    "Flare-up: ran for a train, ball of the foot burning",
)
_EXERCISE_NOTES = (
    "Towel curls a bit tender",
    "Balance better on the left than the right",
    "Easy today",
)


@dataclass(frozen=True)
class DemoHistory:
    """The invented records, each tuple in time order."""

    pain: tuple[PainEntry, ...]
    sessions: tuple[SessionRecord, ...]
    sets: tuple[SetRecord, ...]
    lapses: tuple[tuple[date, date], ...] = field(default=(), compare=False)
    flare_ups: tuple[date, ...] = field(default=(), compare=False)
    goals: tuple[FunctionGoal, ...] = ()
    goal_ratings: tuple[GoalRating, ...] = ()
    self_tests: tuple[SelfTestResult, ...] = ()
    factors: tuple[DailyFactors, ...] = ()
    trials: tuple[Trial, ...] = ()

    @property
    def total(self) -> int:
        """Number of pain entries, sessions and sets."""
        return len(self.pain) + len(self.sessions) + len(self.sets)

    @property
    def insight_total(self) -> int:
        """Number of function goals, their ratings, self-test results, days of daily factors
        and trials."""
        return (
            len(self.goals)
            + len(self.goal_ratings)
            + len(self.self_tests)
            + len(self.factors)
            + len(self.trials)
        )


def demo_zone() -> tzinfo:
    """The demo's local zone: Europe/Berlin, or a fixed UTC+1 if no tz database is present."""
    try:
        return ZoneInfo(DEMO_ZONE_NAME)
    except ZoneInfoNotFoundError:  # pragma: no cover - tzdata is present on supported systems
        return timezone(timedelta(hours=1), "CET")


def generate(
    days: int,
    seed: int,
    end: date | None = None,
    tz: tzinfo | None = None,
    now: datetime | None = None,
) -> DemoHistory:
    """Invent ``days`` days of history ending on ``end`` (default: today in ``tz``).

    Records after ``now`` (default: the current time) are left out, so the demo never
    holds a future entry; with a past ``end`` the result depends only on the arguments.
    """
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be a whole number 1-{MAX_DAYS}, got {days!r}")
    zone = tz if tz is not None else demo_zone()
    now_utc = (now if now is not None else datetime.now(UTC)).astimezone(UTC)
    last = end if end is not None else now_utc.astimezone(zone).date()
    builder = _Builder(days, seed, last - timedelta(days=days - 1), zone)
    builder.run()
    history = builder.result(now_utc)
    factors, trials = _factors_and_trial(history, builder.start, last, seed, zone, now_utc)
    return replace(history, factors=factors, trials=trials)


#: The demo's trial: a metatarsal pad, four blocks of a week, ending this many days ago.
_TRIAL_ENDS_DAYS_AGO = 6
_TRIAL_MIN_DAYS = 60


def _factors_and_trial(
    history: DemoHistory, start: date, last: date, seed: int, zone: tzinfo, now_utc: datetime
) -> tuple[tuple[DailyFactors, ...], tuple[Trial, ...]]:
    """Daily factors on most evenings and, in a long enough demo, one finished trial.

    The answers lean on the next morning's score (supportive shoes and a pad more often before
    a better morning, heels and long days before a worse one), so "what helps" has patterns to
    show. A separate random stream keeps the other records as they were.
    """
    rng = random.Random(f"footcoach-demo-factors:{seed}")
    mornings = {p.at.local_date: p.score for p in history.pain if p.context is PainContext.MORNING}
    typical = sorted(mornings.values())[len(mornings) // 2] if mornings else 0
    trial: Trial | None = None
    if (last - start).days + 1 >= _TRIAL_MIN_DAYS:
        trial_start = last - timedelta(days=_TRIAL_ENDS_DAYS_AGO + 27)
        created = _demo_moment(trial_start, 8 * 3600, zone)
        trial = Trial(f"{rng.getrandbits(128):032x}", created, "a metatarsal pad", trial_start)
    factors: list[DailyFactors] = []
    day = start
    while day <= last:
        at = _demo_moment(day, rng.randint(19 * 3600, 22 * 3600), zone)
        if at.utc <= now_utc and rng.random() < 0.8:
            next_morning = mornings.get(day + timedelta(days=1))
            good = next_morning is not None and next_morning < typical
            kind = rng.random()
            if kind < (0.7 if good else 0.4):
                footwear = Footwear.SUPPORTIVE
            elif kind < 0.85:
                footwear = Footwear.FLAT
            elif kind < (0.88 if good else 0.95):
                footwear = Footwear.HEELS
            else:
                footwear = Footwear.BAREFOOT
            pad: bool | None = rng.random() < (0.6 if good else 0.35)
            block = trial.block_on(day) if trial is not None else None
            if block is not None:
                pad = block.with_change
            factors.append(
                DailyFactors(
                    id=f"{rng.getrandbits(128):032x}",
                    at=at,
                    footwear=footwear,
                    pad=pad if rng.random() < 0.95 else None,
                    hours_on_feet=rng.randint(3, 8) + (0 if good else rng.randint(0, 3)),
                    high_impact=rng.random() < (0.08 if good else 0.18),
                )
            )
        day += timedelta(days=1)
    trials = () if trial is None or trial.created.utc > now_utc else (trial,)
    return tuple(factors), trials


def _demo_moment(day: date, seconds: int, zone: tzinfo) -> Moment:
    wall = datetime.combine(day, time(0), tzinfo=zone) + timedelta(seconds=seconds)
    return Moment.from_datetime(wall.astimezone(UTC).astimezone(zone))


def _schedule(
    rng: random.Random, days: int, min_days: int, fraction: float, gap: tuple[int, int]
) -> list[int]:
    """Day indexes of rare events: one near ``fraction`` of a short span, else every ``gap``."""
    if days < min_days:
        return []
    if days < 2 * gap[0]:
        return [int(days * fraction) + rng.randint(-2, 2)]
    out: list[int] = []
    position = rng.randint(gap[0] // 2, gap[0])
    while position < days - 14:
        out.append(position)
        position += rng.randint(*gap)
    return out


class _Builder:
    """One simulation run; keeps the random streams and the growing record lists."""

    def __init__(self, days: int, seed: int, start: date, zone: tzinfo) -> None:
        self.days = days
        self.seed = seed
        self.start = start
        self.zone = zone
        self.rng = random.Random(f"footcoach-demo:{seed}")
        # A separate stream for ids, so ids are stable and independent of the data stream.
        self._id_rng = random.Random(f"footcoach-demo-ids:{seed}")
        self.pain: list[PainEntry] = []
        self.sessions: list[SessionRecord] = []
        self.sets: list[SetRecord] = []
        self.lapses: list[tuple[int, int]] = []
        self.flares: list[tuple[int, float]] = []
        self.levels: list[float] = []  # each day's underlying pain level, for the insights

    def new_id(self) -> str:
        return f"{self._id_rng.getrandbits(128):032x}"

    def moment(self, day: date, seconds: float) -> Moment:
        """The moment ``seconds`` after local midnight of ``day`` (wall clock, then UTC)."""
        wall = datetime.combine(day, time(0), tzinfo=self.zone) + timedelta(seconds=int(seconds))
        # Round-trip through UTC so the offset is the one really in force at that instant.
        return Moment.from_datetime(wall.astimezone(UTC).astimezone(self.zone))

    def later(self, moment: Moment, seconds: float) -> Moment:
        instant = moment.utc + timedelta(seconds=int(seconds))
        return Moment.from_datetime(instant.astimezone(self.zone))

    def run(self) -> None:
        rng = self.rng
        lapse_starts = _schedule(rng, self.days, 28, 0.45, (150, 300))
        self.lapses = [(s, s + rng.randint(7, 10)) for s in lapse_starts]
        flare_days = _schedule(rng, self.days, 21, 0.72, (90, 200))
        self.flares = [(d, rng.uniform(2.5, 3.5)) for d in flare_days]
        flare_set = {d for d, _ in self.flares}

        first_level = rng.uniform(4.8, 6.0)  # daytime level; mornings run about 1 higher
        floor = rng.uniform(1.0, 1.6)
        level = first_level
        for index in range(self.days):
            day = self.start + timedelta(days=index)
            in_lapse = any(a <= index < b for a, b in self.lapses)
            weekend = day.weekday() >= 5
            if in_lapse:
                exercised = rng.random() < 0.05
            else:
                exercised = rng.random() < (0.62 if weekend else 0.82)
            flare = sum(
                amp * math.exp(-(index - d) / 3.0) for d, amp in self.flares if 0 <= index - d < 25
            )
            today = level + flare
            self.levels.append(today)
            self._pain_of_day(day, today, in_lapse, index in flare_set)
            if exercised:
                self._sessions_of_day(day, today, weekend)
            elif rng.random() < 0.04:
                self._loose_sets(day)
            # Regular exercise eases the pain; missed days let it creep back up.
            if exercised:
                level -= 0.022 * (level - floor)
            else:
                level = min(first_level + 0.5, level + rng.uniform(0.03, 0.12))

    def _score(self, value: float, spread: float) -> int:
        raw = round(value + self.rng.gauss(0.0, spread))
        return max(PAIN_MIN, min(PAIN_MAX, raw))

    def _pain_of_day(self, day: date, today: float, in_lapse: bool, flare_day: bool) -> None:
        rng = self.rng
        if rng.random() < (0.45 if in_lapse else 0.88):
            at = self.moment(day, rng.randint(6 * 3600 + 1800, 8 * 3600 + 1800))
            note = rng.choice(_MORNING_NOTES) if rng.random() < 0.03 else ""
            self._add_pain(at, self._score(today + 1.3, 0.7), PainContext.MORNING, note)
        if flare_day or rng.random() < (0.3 if in_lapse else 0.5):
            at = self.moment(day, rng.randint(11 * 3600, 20 * 3600))
            if flare_day:
                note = rng.choice(_FLARE_NOTES)
            else:
                note = rng.choice(_DAY_NOTES) if rng.random() < 0.06 else ""
            self._add_pain(at, self._score(today, 0.8), PainContext.DAY, note)

    def _add_pain(self, at: Moment, score: int, context: PainContext, note: str = "") -> None:
        self.pain.append(PainEntry(self.new_id(), at, score, context, note))

    def _sessions_of_day(self, day: date, today: float, weekend: bool) -> None:
        rng = self.rng
        routine = rng.choices(_MAIN_ROUTINES, _MAIN_WEIGHTS)[0]
        if rng.random() < 0.55:
            start = rng.randint(7 * 3600 + 1800, 9 * 3600)
        else:
            start = rng.randint(18 * 3600, 21 * 3600)
        self._session(day, start, routine, today)
        if not weekend and routine != "desk-break" and rng.random() < 0.25:
            self._session(day, rng.randint(10 * 3600 + 1800, 16 * 3600), "desk-break", today)

    def _session(self, day: date, start_second: int, routine: str, today: float) -> None:
        rng = self.rng
        session_id = self.new_id()
        started = self.moment(day, start_second)
        exercises = ROUTINES[routine]
        outcome = rng.random()
        stopped_after = len(exercises)
        if outcome < 0.05:  # stopped early (pain, interruption)
            stopped_after = rng.randint(1, max(1, len(exercises) - 1))
        abandoned = outcome > 0.995  # app closed mid-session: never finished
        during_at = rng.randint(0, stopped_after - 1) if rng.random() < 0.25 else -1
        clock = started
        for position, exercise_id in enumerate(exercises[:stopped_after]):
            clock = self._sets_of(session_id, exercise_id, clock, today)
            if position == during_at:
                self._add_pain(clock, self._score(today + 0.3, 0.8), PainContext.DURING_EXERCISE)
        ended = self.later(clock, rng.randint(5, 30))
        completed = stopped_after == len(exercises) and not abandoned
        self.sessions.append(
            SessionRecord(
                session_id,
                routine,
                started,
                None if abandoned else ended,
                completed,
            )
        )
        if not abandoned and rng.random() < 0.3:
            after = self.later(ended, rng.randint(5 * 60, 40 * 60))
            note = rng.choice(_EXERCISE_NOTES) if rng.random() < 0.05 else ""
            self._add_pain(after, self._score(today - 0.3, 0.8), PainContext.AFTER_EXERCISE, note)

    def _sets_of(
        self, session_id: str | None, exercise_id: str, clock: Moment, today: float
    ) -> Moment:
        """Append the sets of one exercise from ``clock``; return the time after the last."""
        rng = self.rng
        dose = _DOSES[exercise_id]
        sides: Sequence[Side] = (Side.LEFT, Side.RIGHT) if dose.sides == "each" else (Side.BOTH,)
        strain = today >= 5.5  # on bad days targets are missed more often
        for set_number in range(1, dose.sets + 1):
            for side in sides:
                reps = dose.reps
                if rng.random() < (0.3 if strain else 0.08) and reps > 1:
                    reps -= rng.randint(1, min(3, reps - 1))
                hold: float | None = None
                if dose.hold_seconds is not None:
                    hold = float(dose.hold_seconds)
                    if rng.random() < (0.3 if strain else 0.08):
                        hold = float(max(1, round(dose.hold_seconds * rng.uniform(0.6, 0.95))))
                    work = reps * (hold + 3)
                else:
                    work = reps * (dose.rep_seconds or 5)
                clock = self.later(clock, work + rng.randint(2, 8))
                self.sets.append(
                    SetRecord(
                        id=self.new_id(),
                        session_id=session_id,
                        exercise_id=exercise_id,
                        side=side,
                        set_number=set_number,
                        at=clock,
                        reps=reps,
                        hold_seconds=hold,
                    )
                )
            clock = self.later(clock, dose.rest_seconds)
        return clock

    def _loose_sets(self, day: date) -> None:
        """A single stretch done outside any session (no session id)."""
        clock = self.moment(day, self.rng.randint(12 * 3600, 14 * 3600))
        self._sets_of(None, self.rng.choice(("calf-stretch", "toe-stretch")), clock, 0.0)

    def result(self, now_utc: datetime) -> DemoHistory:
        def keep(moment: Moment | None) -> bool:
            return moment is None or moment.utc <= now_utc

        sessions = [s for s in self.sessions if keep(s.started) and keep(s.ended)]
        kept_sessions = {s.id for s in sessions}
        sets = [
            s
            for s in self.sets
            if keep(s.at) and (s.session_id is None or s.session_id in kept_sessions)
        ]
        pain = [p for p in self.pain if keep(p.at)]
        insights = _Insights(self, pain)
        insights.run()
        day = self.start
        return DemoHistory(
            pain=tuple(sorted(pain, key=_by_time)),
            sessions=tuple(sorted(sessions, key=lambda s: (s.started.utc, s.id))),
            sets=tuple(sorted(sets, key=_by_time)),
            lapses=tuple(
                (day + timedelta(days=a), day + timedelta(days=b - 1)) for a, b in self.lapses
            ),
            flare_ups=tuple(day + timedelta(days=d) for d, _ in self.flares),
            goals=tuple(insights.goals),
            goal_ratings=tuple(r for r in insights.ratings if keep(r.at)),
            self_tests=tuple(t for t in insights.tests if keep(t.at)),
        )


def _by_time(record: PainEntry | SetRecord) -> tuple[datetime, str]:
    return record.at.utc, record.id


#: The demo person's function goals and how hard each is at the start (0-10).
DEMO_GOALS = (
    ("Walk to the station", 3),
    ("Stand through a 30-minute meeting", 4),
    ("Play in the park with the children", 2),
)
# Self-tests at the start and how far they improve as the pain settles.
_TEST_START = {
    SelfTestKind.SINGLE_LEG_STAND: 14.0,
    SelfTestKind.MARBLES: 7.0,
    SelfTestKind.HEEL_RAISES: 11.0,
}
_TEST_GAIN = {
    SelfTestKind.SINGLE_LEG_STAND: 26.0,
    SelfTestKind.MARBLES: 7.0,
    SelfTestKind.HEEL_RAISES: 12.0,
}


class _Insights:
    """Function goals rated on Sunday evenings and self-tests every two weeks, following the
    simulated pain level. Their own random streams leave the rest of the demo unchanged."""

    def __init__(self, builder: _Builder, pain: Sequence[PainEntry]) -> None:
        self.builder = builder
        self.rng = random.Random(f"footcoach-demo-insights:{builder.seed}")
        self._id_rng = random.Random(f"footcoach-demo-insight-ids:{builder.seed}")
        self.scores_by_day: dict[date, list[int]] = {}
        for entry in pain:
            self.scores_by_day.setdefault(entry.at.local_date, []).append(entry.score)
        self.goals: list[FunctionGoal] = []
        self.ratings: list[GoalRating] = []
        self.tests: list[SelfTestResult] = []

    def new_id(self) -> str:
        return f"{self._id_rng.getrandbits(128):032x}"

    def run(self) -> None:
        levels = self.builder.levels
        if not levels:
            return
        first, best = levels[0], min(levels)
        created = self.builder.moment(self.builder.start, 19 * 3600)
        self.goals = [
            FunctionGoal(self.new_id(), name, self.builder.later(created, 60 * n))
            for n, (name, _) in enumerate(DEMO_GOALS)
        ]
        for index, level in enumerate(levels):
            day = self.builder.start + timedelta(days=index)
            # 0 at the start, 1 at the best the pain gets: function follows the pain down.
            eased = 0.0 if first <= best else max(0.0, (first - level) / (first - best))
            if index == 0 or (day.weekday() == 6 and self.rng.random() < 0.85):
                self._rate(day, eased)
            if index % 14 == 2:
                self._self_test(day, eased)

    def _rate(self, day: date, eased: float) -> None:
        at = self.builder.moment(day, 19 * 3600 + 1800)
        for goal, (_, start) in zip(self.goals, DEMO_GOALS, strict=True):
            value = start + (9 - start) * 0.8 * eased + self.rng.gauss(0.0, 0.6)
            score = max(0, min(10, round(value)))
            self.ratings.append(GoalRating(self.new_id(), goal.id, at, score))
            at = self.builder.later(at, 20)

    def _self_test(self, day: date, eased: float) -> None:
        at = self.builder.moment(day, 18 * 3600)
        allowed = heel_raises_allowed(self.scores_by_day.get(day, ()))
        for kind in SelfTestKind:
            if kind is SelfTestKind.HEEL_RAISES and not allowed:
                continue
            for side in FEET:
                # The left foot is the sorer one in this story: it lags a little.
                lag = 0.85 if side is Side.LEFT else 1.0
                value = _TEST_START[kind] + _TEST_GAIN[kind] * eased * lag
                value += self.rng.gauss(0.0, 0.08 * _TEST_START[kind])
                value = max(0.0, min(float(kind.maximum), value))
                value = round(value, 1) if kind.timed else float(round(value))
                self.tests.append(SelfTestResult(self.new_id(), kind, side, at, value))
                at = self.builder.later(at, 75)
