"""The pain rules, in one place: contexts and their words, bands, the severe threshold and its
advice, meaningful change, rising morning pain, the headline measure and the suggested context.

Plain Python (no Qt, no numpy, no SQL). Every screen and command takes its words and numbers
from here; ``docs/clinical-rules.md`` traces each rule to its source and its test.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # records imports this module for PainContext
    from footcoach.records import Moment, SessionRecord

PAIN_MIN = 0
PAIN_MAX = 10


# --------------------------------------------------------------------------- contexts


class PainContext(StrEnum):
    """When the pain was felt."""

    MORNING = "morning"
    DAY = "day"
    DURING_EXERCISE = "during-exercise"
    AFTER_EXERCISE = "after-exercise"

    @property
    def label(self) -> str:
        """Words for people: "First steps in the morning"."""
        return _CONTEXT_WORDS[self].label

    @property
    def series_label(self) -> str:
        """The name of its series: "Morning pain"."""
        return _CONTEXT_WORDS[self].series

    @property
    def short_label(self) -> str:
        """A legend-sized name: "Morning"."""
        return _CONTEXT_WORDS[self].short


@dataclass(frozen=True)
class _Words:
    label: str
    series: str
    short: str


# The one label table of the contexts.
_CONTEXT_WORDS = {
    PainContext.MORNING: _Words("First steps in the morning", "Morning pain", "Morning"),
    PainContext.DAY: _Words("During the day", "Daytime pain", "Daytime"),
    PainContext.DURING_EXERCISE: _Words(
        "During exercise", "Pain during exercise", "During exercise"
    ),
    PainContext.AFTER_EXERCISE: _Words("After exercise", "Pain after exercise", "After exercise"),
}

EXERCISE_CONTEXTS = (PainContext.DURING_EXERCISE, PainContext.AFTER_EXERCISE)
"""The contexts of the pain-monitoring model: pain during and just after exercise."""

MORNING_ENDS = time(11, 0)
"""Before this local time, a new entry is most likely about the first steps of the morning."""
AFTER_EXERCISE_WINDOW = timedelta(hours=3)
"""After-exercise pain belongs to a session up to this long after it ended."""


def suggested_context(now: datetime, session_ends: Iterable[datetime] = ()) -> PainContext:
    """The context to offer for a new entry felt at ``now`` (aware, the person's local time).

    Within ``AFTER_EXERCISE_WINDOW`` after a session ended: after exercise; else before
    11:00 local: morning; else during the day. The pain dialog and ``log-pain`` both use it.
    """
    if any(timedelta(0) <= now - ended <= AFTER_EXERCISE_WINDOW for ended in session_ends):
        return PainContext.AFTER_EXERCISE
    return PainContext.MORNING if now.time() < MORNING_ENDS else PainContext.DAY


class SessionSource(Protocol):
    """Where the sessions are read from (``history.History``)."""

    def sessions(
        self, since: date | None = None, until: date | None = None
    ) -> list[SessionRecord]: ...


def context_for(history: SessionSource, moment: Moment) -> PainContext:
    """The suggested context of a new entry at ``moment``, from the sessions ended lately."""
    day = moment.local_date
    sessions = history.sessions(since=day - timedelta(days=1), until=day)
    ends = [s.ended.utc for s in sessions if s.ended is not None]
    return suggested_context(moment.local(), ends)


def headline_context(logged: Collection[PainContext]) -> PainContext:
    """The one context the summary's headline follows: morning pain when logged, else daytime."""
    return PainContext.MORNING if PainContext.MORNING in logged else PainContext.DAY


# --------------------------------------------------------------------------- bands and severe


class Band(StrEnum):
    """The words for a score (Serlin 1995 cut-points: mild 1-4, moderate 5-6, severe 7-10)."""

    NONE = "none"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


MILD_MAX = 4
"""The highest mild score (Serlin 1995)."""
MODERATE_MAX = 6
"""The highest moderate score (Serlin 1995)."""
SEVERE = MODERATE_MAX + 1
"""The one severe threshold (7): at it, every screen and command gives ``EASE_OFF_ADVICE``."""

EASE_OFF_ADVICE = (
    "Ease off the exercises for now and see a healthcare professional, such as your doctor or "
    "physiotherapist, about your foot. FootCoach gives exercise guidance; it cannot tell what is "
    "causing the pain."
)
"""The one calm advice given at severe pain and while a safety signal is active."""


def pain_band(score: int) -> Band:
    """The band of a 0-10 score: none (0), mild (1-4), moderate (5-6) or severe (7-10)."""
    if score <= 0:
        return Band.NONE
    if score <= MILD_MAX:
        return Band.MILD
    if score <= MODERATE_MAX:
        return Band.MODERATE
    return Band.SEVERE


def is_severe(score: float) -> bool:
    """True at the severe threshold (7) or above."""
    return score >= SEVERE


def severe_advice(score: int) -> str | None:
    """What to say about one score: at 7 or more, that it is severe and the advice; else None."""
    if not is_severe(score):
        return None
    return f"{score}/10 is severe pain. {EASE_OFF_ADVICE}"


# --------------------------------------------------------------------------- safety signals


class SafetySignal(StrEnum):
    """A short code for a reason to ease off and see a healthcare professional."""

    SEVERE_SCORE = "score-7-or-more"
    WEEK_MEAN_6_OR_MORE = "week-mean-6-or-more"
    RISE_2_OVER_2_WEEKS = "rise-2-over-2-weeks"

    @property
    def reason(self) -> str:
        """The reason in words, to follow "because"."""
        return _SIGNAL_REASONS[self]


HIGH_WEEK_MEAN = 6.0
"""A 7-day mean of this or more on each of the last 7 days is a safety signal."""
RISE_POINTS = 2.0
"""A 7-day mean this many points above the one 14 days earlier is a safety signal."""
RISE_SPAN_DAYS = 14
"""How far back the rise signal compares."""

_SIGNAL_REASONS = {
    SafetySignal.SEVERE_SCORE: f"you logged a score of {SEVERE} or more in the last 7 days",
    SafetySignal.WEEK_MEAN_6_OR_MORE: "your 7-day average has stayed at 6 or more for a week",
    SafetySignal.RISE_2_OVER_2_WEEKS: (
        "your 7-day average has gone up by 2 points or more in two weeks"
    ),
}


SAFETY_TITLE = "Time to ease off."
"""The heading of the safety message wherever it shows (History, the routine list)."""


def safety_message(signals: Iterable[SafetySignal]) -> str | None:
    """The calm message of the active signals (the same in History, the routine list and
    ``footcoach summary``), or None when there are none."""
    seen = signals_seen(signals)
    return None if seen is None else f"{seen} {EASE_OFF_ADVICE}"


def signals_seen(signals: Iterable[SafetySignal]) -> str | None:
    """ "Your pain has been high or rising lately: <reasons>." (None without signals)."""
    reasons = [signal.reason for signal in signals]
    if not reasons:
        return None
    joined = reasons[0] if len(reasons) == 1 else ", ".join(reasons[:-1]) + " and " + reasons[-1]
    return f"Your pain has been high or rising lately: {joined}."


# --------------------------------------------------------------------------- change


MEANINGFUL_POINTS = 2.0
"""A drop of this many points is a meaningful improvement (Farrar 2001)."""
MEANINGFUL_PCT = 30.0
"""A drop of this many percent of the start is a meaningful improvement (Farrar 2001)."""
MIN_MEANINGFUL_START = 2.0
"""Below this starting mean no improvement is called meaningful (too little room to fall)."""
WORSENING_POINTS = 2.0
"""A rise of this many points, from any start, is a meaningful rise (FootCoach's own rule)."""

_EPS = 1e-9  # thresholds hold at equality despite float rounding (6.2 - 8.2 > -2.0)


@dataclass(frozen=True)
class Change:
    """A change from a starting mean, in points and percent, and whether it is meaningful."""

    points: float
    pct: float | None
    improved: bool
    worsened: bool


def change_between(before: float | None, after: float | None) -> Change | None:
    """The change from ``before`` to ``after`` (None if either is unknown).

    Improved: a drop of 2 points or 30% (Farrar 2001), only from a start of 2 or more.
    Worsened: a rise of 2 points or more, from any start (a percent of a low start is noise:
    1.0 -> 1.4 is +40% but no meaningful rise).
    """
    if before is None or after is None:
        return None
    points = after - before
    pct = None if before <= 0 else points / before * 100.0
    improved = before >= MIN_MEANINGFUL_START - _EPS and (
        points <= -MEANINGFUL_POINTS + _EPS or (pct is not None and pct <= -MEANINGFUL_PCT + _EPS)
    )
    worsened = points >= WORSENING_POINTS - _EPS
    return Change(points=points, pct=pct, improved=improved, worsened=worsened)


class Direction(StrEnum):
    """Which way the primary measure has gone since the starting point, in one word."""

    IMPROVING = "improving"
    STEADY = "steady"
    GETTING_WORSE = "getting-worse"

    @property
    def label(self) -> str:
        """ "Improving", "Steady" or "Getting worse"."""
        return self.value.replace("-", " ").capitalize()


def direction_of(change: Change | None) -> Direction | None:
    """The one-word reading of a change from the starting point (None: too little data).

    Getting worse is a meaningful rise (rule 5), checked first so a rise is never hidden;
    Improving is a meaningful improvement (Farrar 2001, rule 4); anything between is Steady.
    """
    if change is None:
        return None
    if change.worsened:
        return Direction.GETTING_WORSE
    if change.improved:
        return Direction.IMPROVING
    return Direction.STEADY


# --------------------------------------------------------------------------- rising pain

WEEK_DAYS = 7
"""Length of every "7-day" window: the day itself and the six days before it."""
RISING_POINTS_PER_WEEK = 1.0
"""Morning pain whose trend is this many points a week or more is rising week on week."""
RISING_SPAN_DAYS = 14
"""The rising-morning test looks at the last this-many days."""
MIN_RISING_DAYS = 4
"""Logged mornings the rising test needs in its span."""


def trend_per_week(
    values: Mapping[date, float], today: date, days: int, min_days: int
) -> float | None:
    """Least-squares slope of the daily values over ``today - days + 1 .. today``, per 7 days
    (None with fewer than ``min_days`` logged days)."""
    start = today - timedelta(days=days - 1)
    points = [((d - start).days, v) for d, v in values.items() if start <= d <= today]
    if len(points) < max(2, min_days):
        return None
    xs = [float(x) for x, _ in points]
    ys = [y for _, y in points]
    x_mean = math.fsum(xs) / len(xs)
    y_mean = math.fsum(ys) / len(ys)
    sxx = math.fsum((x - x_mean) ** 2 for x in xs)
    sxy = math.fsum((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys, strict=True))
    return sxy / sxx * WEEK_DAYS


def morning_trend(mornings: Mapping[date, float], today: date) -> float | None:
    """The morning-pain trend in points per week over the last 14 days (None: too few days)."""
    return trend_per_week(mornings, today, RISING_SPAN_DAYS, MIN_RISING_DAYS)


def is_rising(trend: float | None) -> bool:
    """True when a morning trend rises week on week (1 point a week or more)."""
    return trend is not None and trend >= RISING_POINTS_PER_WEEK - _EPS
