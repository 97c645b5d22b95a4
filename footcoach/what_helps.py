"""What helps: next-morning pain after days with and without each daily factor, and after
days with and without a completed session.

A day's effect shows the next morning: day D is paired with the morning pain (the ``morning``
context of ``footcoach.pain``) logged on D + 1, a local date. A comparison stays silent until
it has at least ``MIN_DAYS_EACH_SIDE`` days on each side, and then says what it saw with the
number of days behind it and that it is a pattern, not proof. Plain Python, no Qt, no SQL.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from footcoach.factors import DailyFactors, Footwear
from footcoach.pain import SEVERE

MIN_DAYS_EACH_SIDE = 10
"""A comparison speaks only with at least this many days with and without."""
LONG_DAY_HOURS = 8
"""A day of this many hours or more on the feet counts as a long day on the feet."""

PATTERN_NOT_PROOF = "this is a pattern, not proof"

LOAD_CAUTION = (
    "Lower morning pain after busier days is no reason to do more while your foot hurts: "
    f"at {SEVERE}/10 or more, ease off."
)
"""Said beside a load factor (long days, high impact) whose mornings after were lower."""

INTRO = (
    "Your morning pain after days with and without each habit. Days differ in many ways, so "
    "read these as patterns, not proof."
)


class Part(StrEnum):
    """What a sentence of the "What helps" text is (History gives each its own look)."""

    INTRO = "intro"
    PATTERN = "pattern"
    CAUTION = "caution"
    WAITING = "waiting"


def points_text(amount: float) -> str:
    """ "1.2 points", "1.0 point": an amount of the 0-10 scale to one decimal."""
    rounded = round(abs(amount), 1)
    return f"{rounded:.1f} point{'' if rounded == 1 else 's'}"


def pattern_sentence(
    lead: str, difference: float, with_days: int, without_days: int, *, against: str = ""
) -> str:
    """ "On days after you wore supportive shoes, your morning pain was 1.2 points lower on
    average (24 vs 19 days); this is a pattern, not proof." (``difference``: with - without;
    ``against``, e.g. "after a day without", names what it is compared with)."""
    amount = round(abs(difference), 1)
    if amount == 0:
        how = "about the same on average" + (f" as {against}" if against else "")
    else:
        way = "lower" if difference < 0 else "higher"
        how = f"{points_text(amount)} {way} on average" + (f" than {against}" if against else "")
    return (
        f"{lead}, your morning pain was {how} ({with_days} vs {without_days} days); "
        f"{PATTERN_NOT_PROOF}."
    )


@dataclass(frozen=True)
class _Factor:
    key: str
    after: str  # completes "On days after ..."
    test: Callable[[DailyFactors], bool | None]  # None: the day did not say
    load: bool = False  # more load on the foot: never read as a reason to do more


def _footwear_is(kind: Footwear) -> Callable[[DailyFactors], bool | None]:
    return lambda f: None if f.footwear is None else f.footwear is kind


FACTORS: tuple[_Factor, ...] = (
    _Factor("supportive-shoes", "you wore supportive shoes", _footwear_is(Footwear.SUPPORTIVE)),
    _Factor("flat-or-thin-shoes", "you wore flat or thin-soled shoes", _footwear_is(Footwear.FLAT)),
    _Factor("heels", "you wore heels", _footwear_is(Footwear.HEELS)),
    _Factor("barefoot", "you went barefoot", _footwear_is(Footwear.BAREFOOT)),
    _Factor("pad-or-insole", "you wore a metatarsal pad or insole", lambda f: f.pad),
    _Factor(
        "long-day-on-feet",
        f"you spent {LONG_DAY_HOURS} hours or more on your feet",
        lambda f: None if f.hours_on_feet is None else f.hours_on_feet >= LONG_DAY_HOURS,
        load=True,
    ),
    _Factor("high-impact", "you did a high-impact activity", lambda f: f.high_impact, load=True),
)
SESSION_KEY = "completed-session"
SESSION_AFTER = "you completed an exercise session"


@dataclass(frozen=True)
class Comparison:
    """Next-morning pain after days with and without one factor, and the days behind each."""

    key: str
    after: str
    with_mean: float | None
    with_days: int
    without_mean: float | None
    without_days: int
    load: bool = False

    @property
    def enough_days(self) -> bool:
        """Whether both sides have ``MIN_DAYS_EACH_SIDE`` days (else the comparison is silent)."""
        return min(self.with_days, self.without_days) >= MIN_DAYS_EACH_SIDE

    @property
    def difference(self) -> float | None:
        """With minus without, in points (None while silent)."""
        if not self.enough_days or self.with_mean is None or self.without_mean is None:
            return None
        return self.with_mean - self.without_mean

    def sentence(self) -> str | None:
        """The careful sentence, or None while there are too few days."""
        difference = self.difference
        if difference is None:
            return None
        return pattern_sentence(
            f"On days after {self.after}", difference, self.with_days, self.without_days
        )

    @property
    def caution(self) -> str | None:
        """``LOAD_CAUTION`` for a load factor whose mornings after were lower."""
        difference = self.difference
        if self.load and difference is not None and round(difference, 1) < 0:
            return LOAD_CAUTION
        return None

    def as_dict(self) -> dict[str, object]:
        """JSON-ready; means and the difference are null while silent."""
        speaks = self.enough_days
        difference = self.difference
        return {
            "factor": self.key,
            "with_days": self.with_days,
            "without_days": self.without_days,
            "enough_days": speaks,
            "with_mean": _round(self.with_mean) if speaks else None,
            "without_mean": _round(self.without_mean) if speaks else None,
            "difference_points": _round(difference),
            "sentence": self.sentence(),
            "caution": self.caution,
        }


@dataclass(frozen=True)
class WhatHelps:
    """Every comparison as of a day (silent ones included, with their days so far)."""

    comparisons: tuple[Comparison, ...]

    def speaking(self) -> list[Comparison]:
        """The comparisons with enough days on each side."""
        return [c for c in self.comparisons if c.enough_days]

    def waiting_line(self) -> str | None:
        """How many comparisons still wait for days (None when none do)."""
        waiting = len(self.comparisons) - len(self.speaking())
        if not waiting:
            return None
        return (
            f"{waiting} more comparison{'' if waiting == 1 else 's'} will show once "
            f"{'it has' if waiting == 1 else 'each has'} at least {MIN_DAYS_EACH_SIDE} days "
            "with and without."
        )

    def parts(self) -> list[tuple[Part, str]]:
        """What History's "What helps" tab and ``summary`` say, in order, each with what it
        is: the introduction, each speaking comparison (and its caution), then the waiting
        line. Nothing but the waiting line while no comparison speaks."""
        speaking = self.speaking()
        parts: list[tuple[Part, str]] = [(Part.INTRO, INTRO)] if speaking else []
        for comparison in speaking:
            parts.append((Part.PATTERN, comparison.sentence() or ""))
            if comparison.caution:
                parts.append((Part.CAUTION, comparison.caution))
        waiting = self.waiting_line()
        if waiting:
            parts.append((Part.WAITING, waiting))
        return parts

    def lines(self) -> list[str]:
        """The sentences of :meth:`parts`, for a terminal."""
        return [text for _, text in self.parts()]

    def as_dict(self) -> dict[str, object]:
        """The ``what_helps`` key of ``summary --json`` (``docs/summary-keys.md``)."""
        return {
            "min_days_each_side": MIN_DAYS_EACH_SIDE,
            "comparisons": [c.as_dict() for c in self.comparisons],
        }


def compare(
    days: Mapping[date, bool], mornings: Mapping[date, float], key: str, after: str, load: bool
) -> Comparison:
    """Next-morning pain after the days marked True against those marked False."""
    sides: dict[bool, list[float]] = {True: [], False: []}
    for day, marked in days.items():
        morning = mornings.get(day + timedelta(days=1))
        if morning is not None:
            sides[marked].append(morning)
    return Comparison(
        key=key,
        after=after,
        with_mean=_mean(sides[True]),
        with_days=len(sides[True]),
        without_mean=_mean(sides[False]),
        without_days=len(sides[False]),
        load=load,
    )


def what_helps(
    factors: Sequence[DailyFactors],
    session_days: Collection[date],
    mornings: Mapping[date, float],
    today: date,
) -> WhatHelps:
    """Every comparison as of ``today`` from the daily factors, the days with a completed
    session and the daily morning means (day -> mean). Days after ``today - 1`` have no
    morning after yet and do not count."""
    last = today - timedelta(days=1)
    recorded = [f for f in factors if f.at.local_date <= last]
    comparisons: list[Comparison] = []
    for factor in FACTORS:
        marks: dict[date, bool] = {}
        for record in recorded:
            answer = factor.test(record)
            if answer is not None:
                marks[record.at.local_date] = answer
        comparisons.append(compare(marks, mornings, factor.key, factor.after, factor.load))
    # Session days span every day from the first morning logged: a day without a completed
    # session is a day without, whether or not anything else was logged on it.
    sessions = {day for day in session_days if day <= last}
    logged = [day for day in mornings if day <= today]
    if logged:
        first = min(min(logged) - timedelta(days=1), min(sessions, default=last))
        span = {first + timedelta(days=i): False for i in range((last - first).days + 1)}
        span |= dict.fromkeys(sessions, True)
    else:
        span = {}
    comparisons.append(compare(span, mornings, SESSION_KEY, SESSION_AFTER, False))
    return WhatHelps(tuple(comparisons))


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
