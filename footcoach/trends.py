"""Pain trends in plain numbers: daily series, rolling mean, baseline, trend, adherence, signals.

Pure functions over history rows (no Qt, no SQL). Days are the person's local dates, as
stamped on each record; a day with no entry is a gap, never a zero. Plot arrays carry x as
epoch seconds of each day's local noon (noon exists on every day, DST or not) and y in points
of the 0-10 numeric rating scale. The pain rules (bands, thresholds, change, signal codes) come
from ``footcoach.pain`` (``docs/clinical-rules.md``); ``docs/summary-keys.md`` documents
:meth:`Summary.as_dict`.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from functools import cached_property
from typing import Protocol

import numpy as np
import numpy.typing as npt

from footcoach.factors import DailyFactors
from footcoach.function_goals import FunctionGoal, GoalProgress, GoalRating, goal_progress
from footcoach.pain import (
    HIGH_WEEK_MEAN,
    RISE_POINTS,
    RISE_SPAN_DAYS,
    WEEK_DAYS,
    Change,
    Direction,
    SafetySignal,
    change_between,
    direction_of,
    headline_context,
    is_severe,
    safety_message,
    trend_per_week,
)
from footcoach.records import DailyMean, PainContext, PainEntry
from footcoach.self_tests import (
    SelfTestProgress,
    SelfTestResult,
    last_taken_line,
    self_test_progress,
)
from footcoach.trials import Trial, TrialState, trial_state
from footcoach.what_helps import WhatHelps, what_helps

FloatArray = npt.NDArray[np.float64]

MIN_DAYS_PER_WEEK = 3
"""Logged days a 7-day window needs before it has a mean (fewer: None / NaN)."""
BASELINE_DAYS = 7
"""The baseline is the mean of the first this-many logged days (None until there are)."""
TREND_DAYS = 28
"""The least-squares trend looks at the last this-many calendar days."""
MIN_TREND_DAYS = 7
"""Logged days the trend window needs before it has a slope."""
_EPS = 1e-9  # thresholds hold at equality despite float rounding

OVERALL_LABEL = "All entries"
"""The chart's name for the mean of every context (never a headline: it mixes contexts)."""


def series_label(context: PainContext | None) -> str:
    """A short name for a series: "Morning pain", ..., or the overall label for None."""
    return OVERALL_LABEL if context is None else context.series_label


# --------------------------------------------------------------------------- input rows


class DailyMeanRow(Protocol):
    """One day's mean pain in one context (``history.History.daily_pain_means`` rows)."""

    @property
    def day(self) -> date: ...

    @property
    def context(self) -> PainContext: ...

    @property
    def mean(self) -> float: ...

    @property
    def count(self) -> int: ...


def daily_means_from_entries(entries: Iterable[PainEntry]) -> list[DailyMean]:
    """Group pain entries by local date and context into daily means (sorted by day, context)."""
    totals: dict[tuple[date, PainContext], list[int]] = {}
    for entry in entries:
        acc = totals.setdefault((entry.at.local_date, entry.context), [0, 0])
        acc[0] += entry.score
        acc[1] += 1
    order = list(PainContext)
    keys = sorted(totals, key=lambda key: (key[0], order.index(key[1])))
    return [
        DailyMean(day, ctx, totals[day, ctx][0] / totals[day, ctx][1], totals[day, ctx][1])
        for day, ctx in keys
    ]


@dataclass(frozen=True)
class PainDays:
    """Daily means per context and overall (entry-weighted across contexts), gaps absent."""

    overall: dict[date, float]
    by_context: dict[PainContext, dict[date, float]]
    counts: dict[date, int]

    @classmethod
    def from_rows(cls, rows: Iterable[DailyMeanRow], until: date | None = None) -> PainDays:
        """From daily-mean rows; rows after ``until`` (if given) are left out."""
        by_context: dict[PainContext, dict[date, float]] = {ctx: {} for ctx in PainContext}
        sums: dict[date, float] = {}
        counts: dict[date, int] = {}
        for row in rows:
            if until is not None and row.day > until:
                continue
            if row.count <= 0:
                continue
            context = row.context if type(row.context) is PainContext else PainContext(row.context)
            by_context[context][row.day] = float(row.mean)
            sums[row.day] = sums.get(row.day, 0.0) + float(row.mean) * row.count
            counts[row.day] = counts.get(row.day, 0) + row.count
        overall = {day: sums[day] / counts[day] for day in sorted(sums)}
        by_context = {ctx: dict(sorted(values.items())) for ctx, values in by_context.items()}
        return cls(overall=overall, by_context=by_context, counts=dict(sorted(counts.items())))

    @classmethod
    def from_entries(cls, entries: Iterable[PainEntry], until: date | None = None) -> PainDays:
        """From pain entries, grouped by local date and context."""
        return cls.from_rows(daily_means_from_entries(entries), until=until)

    def series(self, context: PainContext | None) -> dict[date, float]:
        """The day -> mean mapping of one context, or overall for None."""
        return self.overall if context is None else self.by_context[context]


# --------------------------------------------------------------------------- plain figures


def window_mean(
    values: Mapping[date, float],
    end: date,
    days: int = WEEK_DAYS,
    min_days: int = MIN_DAYS_PER_WEEK,
) -> tuple[float | None, int]:
    """Mean of the logged days in ``end - days + 1 .. end`` and how many there were.

    Each logged day weighs the same; the mean is None with fewer than ``min_days`` days.
    """
    found = [values[d] for d in _days(end - timedelta(days=days - 1), end) if d in values]
    if len(found) < max(1, min_days):
        return None, len(found)
    return math.fsum(found) / len(found), len(found)


def rolling_means(
    values: Mapping[date, float],
    start: date,
    end: date,
    days: int = WEEK_DAYS,
    min_days: int = MIN_DAYS_PER_WEEK,
) -> FloatArray:
    """For each day ``start..end``, the ``days``-day mean ending that day (NaN if too few)."""
    n = (end - start).days + 1
    if n <= 0:
        return np.zeros(0, dtype=np.float64)
    lead = days - 1
    origin = start - timedelta(days=lead)
    dense = np.full(n + lead, np.nan, dtype=np.float64)
    for day, value in values.items():
        i = (day - origin).days
        if 0 <= i < n + lead:
            dense[i] = value
    return trailing_means(dense, days, min_days)


def trailing_means(
    dense: FloatArray, days: int = WEEK_DAYS, min_days: int = MIN_DAYS_PER_WEEK
) -> FloatArray:
    """The ``days``-day means of a daily array (NaN: not logged) ending at each of its days
    from the ``days``-th on (NaN where fewer than ``min_days`` are logged)."""
    if len(dense) < days:
        return np.zeros(0, dtype=np.float64)
    windows = np.lib.stride_tricks.sliding_window_view(dense, days)
    have = np.sum(~np.isnan(windows), axis=1)
    total = np.nansum(windows, axis=1)
    out = np.full(len(windows), np.nan, dtype=np.float64)
    ok = have >= max(1, min_days)
    out[ok] = total[ok] / have[ok]
    return out


def baseline(values: Mapping[date, float], days: int = BASELINE_DAYS) -> float | None:
    """Mean of the first ``days`` logged days (each day weighs the same); None until there are."""
    first = [values[d] for d in sorted(values)[:days]]
    if len(first) < days:
        return None
    return math.fsum(first) / len(first)


def session_days_in_week(session_days: Iterable[date], today: date) -> int:
    """Days with a completed session in the 7 days ending ``today`` (0-7)."""
    start = today - timedelta(days=WEEK_DAYS - 1)
    return len({d for d in session_days if start <= d <= today})


def streak_days(session_days: Iterable[date], today: date) -> int:
    """Consecutive days with a completed session up to today (or up to yesterday: today is open)."""
    done = set(session_days)
    day = today if today in done else today - timedelta(days=1)
    count = 0
    while day in done:
        count += 1
        day -= timedelta(days=1)
    return count


def severe_days(entries: Iterable[PainEntry], today: date) -> list[date]:
    """Days of the last 7 whose highest score is severe (7+): a single score counts, never a
    daily mean that a lower score beside it would pull down."""
    week_start = today - timedelta(days=WEEK_DAYS - 1)
    highest: dict[date, int] = {}
    for entry in entries:
        day = entry.at.local_date
        if week_start <= day <= today:
            highest[day] = max(highest.get(day, 0), entry.score)
    return sorted(day for day, score in highest.items() if is_severe(score))


def safety_signals(
    days: PainDays, today: date, recent_entries: Iterable[PainEntry]
) -> tuple[SafetySignal, ...]:
    """The active safety signals as of ``today`` (thresholds in ``footcoach.pain``).

    - score-7-or-more: a single score at the severe threshold on one of the last 7 days (from
      ``recent_entries``: the day's highest score, not its mean).
    - week-mean-6-or-more: the 7-day mean, overall or in one context, is 6+ on each of the last
      7 days.
    - rise-2-over-2-weeks: in one context, today's 7-day mean is 2+ points above the 7-day mean
      of 14 days ago (contexts are compared like with like, not mixed).
    """
    found: list[SafetySignal] = []
    if severe_days(recent_entries, today):
        found.append(SafetySignal.SEVERE_SCORE)
    series = [days.overall, *days.by_context.values()]
    if any(_high_for_a_week(values, today) for values in series):
        found.append(SafetySignal.WEEK_MEAN_6_OR_MORE)
    if any(_rose(values, today) for values in days.by_context.values()):
        found.append(SafetySignal.RISE_2_OVER_2_WEEKS)
    return tuple(found)


def _high_for_a_week(values: Mapping[date, float], today: date) -> bool:
    means = rolling_means(values, today - timedelta(days=WEEK_DAYS - 1), today)
    return bool(np.all(~np.isnan(means)) and np.all(means >= HIGH_WEEK_MEAN - _EPS))


def _rose(values: Mapping[date, float], today: date) -> bool:
    now, _ = window_mean(values, today)
    then, _ = window_mean(values, today - timedelta(days=RISE_SPAN_DAYS))
    return now is not None and then is not None and now - then >= RISE_POINTS - _EPS


# --------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class PainStats:
    """The summary figures of one series (overall or one context) as of a day."""

    days_logged: int
    first_day: date | None
    last_day: date | None
    baseline_mean: float | None
    baseline_days: int
    mean_last_7d: float | None
    days_logged_last_7d: int
    mean_prev_7d: float | None
    days_logged_prev_7d: int
    change: Change | None
    trend_points_per_week_28d: float | None

    @classmethod
    def of(cls, values: Mapping[date, float], today: date) -> PainStats:
        """Compute the figures of ``values`` (day -> mean, days after ``today`` ignored)."""
        values = {d: v for d, v in values.items() if d <= today}
        ordered = sorted(values)
        last, n_last = window_mean(values, today)
        prev, n_prev = window_mean(values, today - timedelta(days=WEEK_DAYS))
        base = baseline(values)
        return cls(
            days_logged=len(ordered),
            first_day=ordered[0] if ordered else None,
            last_day=ordered[-1] if ordered else None,
            baseline_mean=base,
            baseline_days=min(len(ordered), BASELINE_DAYS),
            mean_last_7d=last,
            days_logged_last_7d=n_last,
            mean_prev_7d=prev,
            days_logged_prev_7d=n_prev,
            change=change_between(base, last),
            trend_points_per_week_28d=trend_per_week(values, today, TREND_DAYS, MIN_TREND_DAYS),
        )

    def as_dict(self) -> dict[str, object]:
        """Plain JSON-ready data: ISO dates, means and points to 2 decimals, percent to 1."""
        change = self.change
        return {
            "days_logged": self.days_logged,
            "first_day": _iso(self.first_day),
            "last_day": _iso(self.last_day),
            "baseline_mean": _round(self.baseline_mean, 2),
            "baseline_days": self.baseline_days,
            "mean_last_7d": _round(self.mean_last_7d, 2),
            "days_logged_last_7d": self.days_logged_last_7d,
            "mean_prev_7d": _round(self.mean_prev_7d, 2),
            "days_logged_prev_7d": self.days_logged_prev_7d,
            "change_from_baseline_points": _round(change.points if change else None, 2),
            "change_from_baseline_pct": _round(change.pct if change else None, 1),
            "meaningful_improvement": bool(change and change.improved),
            "meaningful_worsening": bool(change and change.worsened),
            "trend_points_per_week_28d": _round(self.trend_points_per_week_28d, 2),
        }


@dataclass(frozen=True)
class SummarySection:
    """A titled part of the summary in sentences (``Summary.insight_sections``)."""

    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    """What the history view and ``footcoach summary`` show: pain figures, adherence, signals.

    The headline follows one context (``headline_context``: morning pain when logged, else
    daytime), never a mean that mixes contexts; ``overall`` is only the chart's "all entries".
    """

    today: date
    overall: PainStats
    by_context: dict[PainContext, PainStats]
    headline_context: PainContext
    entries_logged: int
    sessions_last_7d: int
    streak_days: int
    safety_signals: tuple[SafetySignal, ...]
    since: date | None = None
    """The first day the pain and session figures consider (None: the whole history); the
    safety signals always read the whole history up to ``today``."""
    #: Each function goal's first and latest rating (``footcoach.function_goals``).
    function_goals: tuple[GoalProgress, ...] = ()
    #: Each self-test and foot's first and latest result (``footcoach.self_tests``).
    self_tests: tuple[SelfTestProgress, ...] = ()
    #: Next-morning comparisons (``what_helps``) and the newest trial (``trials``), when read.
    what_helps: WhatHelps | None = None
    trial: TrialState | None = None

    @property
    def is_empty(self) -> bool:
        """True when no pain has been logged (up to ``today``)."""
        return self.overall.days_logged == 0

    @property
    def headline(self) -> PainStats:
        """The figures of the headline context."""
        return self.by_context[self.headline_context]

    @property
    def direction(self) -> Direction | None:
        """Improving, Steady or Getting worse, from the headline context (None: too little data)."""
        return direction_of(self.headline.change)

    def direction_sentence(self) -> str | None:
        """ "Morning pain: Improving." (None until there is a starting point and a 7-day mean)."""
        direction = self.direction
        if direction is None:
            return None
        return f"{self.headline_context.series_label}: {direction.label}."

    def as_dict(self) -> dict[str, object]:
        """One JSON-ready object; every key is documented in ``docs/summary-keys.md``."""
        return {
            "today": self.today.isoformat(),
            "period_start": _iso(self.since),
            "entries_logged": self.entries_logged,
            "headline_context": self.headline_context.value,
            "headline_label": self.headline_context.series_label,
            "direction": None if self.direction is None else self.direction.value,
            **self.headline.as_dict(),
            "sessions_last_7d": self.sessions_last_7d,
            "streak_days": self.streak_days,
            "safety_signals": [signal.value for signal in self.safety_signals],
            "safety_message": self.safety_message(),
            "by_context": {ctx.value: stats.as_dict() for ctx, stats in self.by_context.items()},
            "function_goals": [goal.as_dict() for goal in self.function_goals],
            "self_tests": [test.as_dict() for test in self.self_tests],
            "what_helps": None if self.what_helps is None else self.what_helps.as_dict(),
            "trial": None if self.trial is None else self.trial.as_dict(),
        }

    def change_lines(self) -> list[tuple[PainContext, str]]:
        """Each context's change since the start, the headline context first (one context per
        sentence: no mixed means)."""
        order = [self.headline_context, *(c for c in PainContext if c is not self.headline_context)]
        start = "since you started" if self.since is None else f"since {self.since.isoformat()}"
        found = [
            (ctx, change_sentence(ctx.series_label, self.by_context[ctx], start)) for ctx in order
        ]
        return [(ctx, sentence) for ctx, sentence in found if sentence]

    def change_sentences(self, ascii_only: bool = False) -> list[str]:
        """ "Morning pain: 6.1 → 3.4 (−44%) since you started", one per context with a change."""
        return [_ascii(line) if ascii_only else line for _, line in self.change_lines()]

    def lines(self, ascii_only: bool = False) -> list[str]:
        """The whole summary as short sentences for people (the view and the terminal)."""
        if self.is_empty:
            lines = [EMPTY_MESSAGE]
        else:
            lines = self._pain_lines()
        direction = self.direction_sentence()
        if direction:
            lines.insert(0, direction)
        lines.append(self.adherence_sentence())
        message = self.safety_message()
        if message:
            lines.append(message)
        return [_ascii(line) if ascii_only else line for line in lines]

    def insight_sections(self, ascii_only: bool = False) -> list[SummarySection]:
        """Function goals, self-tests, the trial and what helps in the words of History's
        insights and "What helps" tab (``footcoach summary`` prints them after :meth:`lines`).
        A part with nothing to say is left out: no goal, no result, no trial report or
        reminder, no comparison with enough days."""
        found = [
            SummarySection("Function goals", tuple(g.line() for g in self.function_goals)),
            SummarySection("Self-tests", self._self_test_lines()),
        ]
        if self.trial is not None:
            found.append(SummarySection(self.trial.title, tuple(self.trial.lines())))
        if self.what_helps is not None and self.what_helps.speaking():
            found.append(SummarySection("What helps", tuple(self.what_helps.lines())))
        return [
            SummarySection(
                section.title, tuple(_ascii(x) if ascii_only else x for x in section.lines)
            )
            for section in found
            if section.lines
        ]

    def _self_test_lines(self) -> tuple[str, ...]:
        note = last_taken_line(self.self_tests)
        lines = [p.sentence() for p in self.self_tests]
        return (*lines, note) if note else tuple(lines)

    def adherence_sentence(self) -> str:
        """ "Sessions in the last 7 days: 4 days. Current streak: 3 days." """
        return (
            f"Sessions in the last 7 days: {_n_days(self.sessions_last_7d)}. "
            f"Current streak: {_n_days(self.streak_days)}."
        )

    def safety_message(self) -> str | None:
        """A calm message naming the reasons and advising to ease off and see a professional."""
        return safety_message(self.safety_signals)

    def _pain_lines(self) -> list[str]:
        s = self.headline
        label = self.headline_context.series_label
        if s.first_day is None or s.last_day is None:
            return [NO_HEADLINE_MESSAGE, *self.change_sentences()]
        lines = [
            f"{label} logged on {_n_days(s.days_logged)}, "
            f"{s.first_day.isoformat()} to {s.last_day.isoformat()}."
        ]
        if s.baseline_mean is None:
            lines.append(
                f"Starting point: {s.baseline_days} of {BASELINE_DAYS} days logged; it is set "
                f"once {BASELINE_DAYS} days are logged."
            )
        else:
            lines.append(
                f"Starting point (first {BASELINE_DAYS} logged days): {s.baseline_mean:.1f}."
            )
        if s.mean_last_7d is None:
            lines.append(
                f"Last 7 days: {_n_days(s.days_logged_last_7d)} logged; the 7-day average needs "
                f"{MIN_DAYS_PER_WEEK}."
            )
        else:
            prev = "" if s.mean_prev_7d is None else f" (the 7 days before: {s.mean_prev_7d:.1f})"
            lines.append(f"Last 7 days: average {s.mean_last_7d:.1f}{prev}.")
        lines.extend(self.change_sentences())
        if s.trend_points_per_week_28d is not None:
            lines.append(
                f"Trend over the last 4 weeks: {_signed(s.trend_points_per_week_28d, 1)} points "
                "per week."
            )
        return lines


NO_HEADLINE_MESSAGE = (
    "No morning or daytime pain logged yet. Log how your foot feels with your first steps in "
    "the morning, once a day; that is the figure FootCoach follows."
)
EMPTY_MESSAGE = (
    "No pain logged yet. Log how your foot feels on the 0-10 scale once a day, ideally with your "
    "first steps in the morning; after a week FootCoach shows how it is changing."
)


def change_sentence(label: str, stats: PainStats, start: str = "since you started") -> str | None:
    """ "Morning pain: 6.1 → 3.4 (−44%) since you started" (+ "a meaningful improvement")."""
    change = stats.change
    if change is None or stats.baseline_mean is None or stats.mean_last_7d is None:
        return None
    amount = (
        f"{_signed(change.points, 1)} points"
        if change.pct is None
        else f"{_signed(change.pct, 0)}%"
    )
    sentence = (
        f"{label}: {stats.baseline_mean:.1f} \u2192 {stats.mean_last_7d:.1f} ({amount}) {start}"
    )
    if change.improved:
        sentence += ", a meaningful improvement"
    elif change.worsened:
        sentence += ", a meaningful rise"
    return sentence + "."


def summarize(
    daily_means: Iterable[DailyMeanRow],
    session_days: Iterable[date],
    today: date,
    *,
    recent_entries: Iterable[PainEntry],
    since: date | None = None,
) -> Summary:
    """The summary as of ``today`` from daily means (all history) and completed-session days.

    ``recent_entries`` (at least the last 7 days' pain entries) give the severe-score signal
    each single score, which a daily mean would hide; rows after ``today`` are ignored.
    With ``since``, the pain and session figures start that day (a period: its baseline is
    its own first 7 logged days), but the safety signals still read every row up to
    ``today``: a short period never hides one.
    """
    daily_means = list(daily_means)
    every_day = PainDays.from_rows(daily_means, until=today)
    if since is None:
        days = every_day
    else:
        days = PainDays.from_rows([row for row in daily_means if row.day >= since], until=today)
    sessions = [d for d in session_days if d <= today and (since is None or d >= since)]
    logged = {ctx for ctx in PainContext if days.by_context[ctx]}
    return Summary(
        today=today,
        overall=PainStats.of(days.overall, today),
        by_context={ctx: PainStats.of(days.by_context[ctx], today) for ctx in PainContext},
        headline_context=headline_context(logged),
        entries_logged=sum(days.counts.values()),
        sessions_last_7d=session_days_in_week(sessions, today),
        streak_days=streak_days(sessions, today),
        safety_signals=safety_signals(every_day, today, recent_entries),
        since=since,
    )


class SummarySource(Protocol):
    """What the summary reads from the history (``history.History``)."""

    def daily_pain_means(
        self, since: date | None = None, until: date | None = None
    ) -> list[DailyMean]: ...

    def session_days(self, since: date | None = None, until: date | None = None) -> list[date]: ...

    def pain_entries(
        self, since: date | None = None, until: date | None = None
    ) -> list[PainEntry]: ...

    def function_goals(self) -> list[FunctionGoal]: ...

    def goal_ratings(
        self, since: date | None = None, until: date | None = None
    ) -> list[GoalRating]: ...

    def self_test_results(
        self, since: date | None = None, until: date | None = None
    ) -> list[SelfTestResult]: ...
    def daily_factors(
        self, since: date | None = None, until: date | None = None
    ) -> list[DailyFactors]: ...

    def trials(self) -> list[Trial]: ...


def load_summary(
    history: SummarySource,
    today: date,
    *,
    daily_means: Sequence[DailyMeanRow] | None = None,
    session_days: Sequence[date] | None = None,
    since: date | None = None,
) -> Summary:
    """The one recipe of the summary as of ``today``: the history view, ``footcoach summary``
    and the routine list's safety message all use it. Rows a caller already holds (all daily
    means and session days up to ``today``) are reused. ``since`` starts the figures of a
    period (``summary --from``, the clinician report) on that day."""
    if daily_means is None:
        daily_means = history.daily_pain_means(until=today)
    if session_days is None:
        session_days = history.session_days(until=today)
    recent = history.pain_entries(since=today - timedelta(days=WEEK_DAYS - 1), until=today)
    summary = summarize(daily_means, session_days, today, recent_entries=recent, since=since)
    goals = goal_progress(history.function_goals(), history.goal_ratings(until=today), today)
    tests = self_test_progress(history.self_test_results(until=today), today)
    # What helps and the trial read the same morning means and the morning starting point.
    mornings = PainDays.from_rows(daily_means, until=today).by_context[PainContext.MORNING]
    base = summary.by_context[PainContext.MORNING].baseline_mean
    return replace(
        summary,
        function_goals=goals,
        self_tests=tests,
        what_helps=what_helps(history.daily_factors(until=today), session_days, mornings, today),
        trial=trial_state(history.trials(), mornings, base, today),
    )


# --------------------------------------------------------------------------- chart arrays


def noon_x(day: date, tz: tzinfo | None = None) -> float:
    """Epoch seconds of local noon on ``day`` in ``tz`` (None: this machine's zone)."""
    return datetime.combine(day, time(12), tzinfo=tz).timestamp()


def midnight_x(day: date, tz: tzinfo | None = None) -> float:
    """Epoch seconds of the local start of ``day`` in ``tz`` (None: this machine's zone)."""
    return datetime.combine(day, time(0), tzinfo=tz).timestamp()


def days_x(days: Iterable[date], tz: tzinfo | None = None) -> FloatArray:
    """Epoch seconds of local noon of each day, as a float array."""
    return np.array([noon_x(day, tz) for day in days], dtype=np.float64)


def day_of_x(x: float, tz: tzinfo | None = None) -> date:
    """The local date that contains the instant ``x`` (epoch seconds)."""
    return datetime.fromtimestamp(x, tz).date()


class ChartRange(StrEnum):
    """The ranges the history chart offers."""

    FOUR_WEEKS = "4w"
    THREE_MONTHS = "3m"
    ONE_YEAR = "1y"
    ALL = "all"

    @property
    def label(self) -> str:
        """Words for the button."""
        return _RANGE_LABELS[self]


_RANGE_LABELS = {
    ChartRange.FOUR_WEEKS: "4 weeks",
    ChartRange.THREE_MONTHS: "3 months",
    ChartRange.ONE_YEAR: "1 year",
    ChartRange.ALL: "All",
}


@dataclass(frozen=True)
class DateWindow:
    """An inclusive span of local dates shown by the chart."""

    start: date
    end: date

    @property
    def days(self) -> int:
        """Number of calendar days in the window."""
        return (self.end - self.start).days + 1

    @property
    def data_since(self) -> date:
        """The first day of pain data the window needs (its rolling mean looks 6 days back)."""
        return self.start - timedelta(days=WEEK_DAYS - 1)

    @property
    def sessions_since(self) -> date:
        """The first day of session data the window needs: the Monday of its first week."""
        return self.start - timedelta(days=self.start.weekday())

    def x_range(self, tz: tzinfo | None = None) -> tuple[float, float]:
        """Epoch seconds from the local start of ``start`` to the local end of ``end``."""
        return midnight_x(self.start, tz), midnight_x(self.end + timedelta(days=1), tz)


MIN_WINDOW_DAYS = 4 * WEEK_DAYS
"""The fewest days a range shows, however recent the first record: a few days of data spread
over the whole width would read as weeks."""


def range_window(choice: ChartRange, today: date, first_day: date | None = None) -> DateWindow:
    """The dates a range shows, ending today: 28 days, 3 or 12 calendar months, or all.

    A month back from a day that the earlier month lacks (31 May -> 31 Feb) lands on its last
    day. No range starts before the history does (``first_day``), so 90 days of data fill the
    "1 year" chart rather than a quarter of it; but each shows at least ``MIN_WINDOW_DAYS``.
    "All" of an empty history is today alone.
    """
    if first_day is None:
        return DateWindow(_range_start(choice, today) or today, today)
    start = min(first_day, today - timedelta(days=MIN_WINDOW_DAYS - 1))
    full = _range_start(choice, today)
    return DateWindow(start if full is None else max(start, full), today)


def _range_start(choice: ChartRange, today: date) -> date | None:
    """The first day of the whole range (None: all of the history)."""
    if choice is ChartRange.FOUR_WEEKS:
        return today - timedelta(days=4 * WEEK_DAYS - 1)
    if choice is ChartRange.THREE_MONTHS:
        return _months_back(today, 3) + timedelta(days=1)
    if choice is ChartRange.ONE_YEAR:
        return _months_back(today, 12) + timedelta(days=1)
    return None


def _months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, eq=False)
class Series:
    """Points to plot: x in epoch seconds of each day's local noon, y in points (NaN: gap)."""

    label: str
    context: PainContext | None
    days: tuple[date, ...]
    x: FloatArray
    y: FloatArray


@dataclass(frozen=True, eq=False)
class WeekBars:
    """Adherence per Monday-to-Sunday week: days with a completed session (bars below the chart).

    ``x0``/``x1`` are epoch seconds of the local Monday 00:00 starting and ending each week;
    ``possible`` is how many of that week's days have begun by ``today`` (7 for a past week).
    """

    week_starts: tuple[date, ...]
    x0: FloatArray
    x1: FloatArray
    sessions: FloatArray
    possible: FloatArray


@dataclass(frozen=True)
class DayDetails:
    """What hovering one day shows: its means per context, the 7-day mean, a session done,
    and its highest score when that reached the severe threshold."""

    day: date
    overall: float | None
    by_context: dict[PainContext, float]
    rolling_mean: float | None
    session_done: bool
    severe_score: int | None = None

    def lines(self) -> list[str]:
        """The read-out, a line each: date, means per context, highest, 7-day mean, session."""
        lines = [f"{self.day:%a} {self.day.day} {self.day:%b %Y}"]
        if self.by_context:
            lines.extend(f"{ctx.label} {value:.1f}" for ctx, value in self.by_context.items())
        else:
            lines.append("No pain logged")
        if self.severe_score is not None:
            lines.append(f"Highest score {self.severe_score}")
        if self.rolling_mean is not None:
            lines.append(f"7-day average {self.rolling_mean:.1f}")
        lines.append("Session done" if self.session_done else "No session")
        return lines

    def text(self) -> str:
        """ "Tue 3 Jun 2025 · First steps in the morning 4.0 · … · Session done"."""
        return " \u00b7 ".join(self.lines())


@dataclass(frozen=True)
class ChartPoint:
    """A point drawn on the chart: a context's daily mean, or (context None) a day's highest
    score at the severe threshold."""

    day: date
    context: PainContext | None
    value: float


@dataclass(frozen=True, eq=False)
class ChartData:
    """Every array the history chart draws for one window; the widget computes nothing."""

    window: DateWindow
    tz: tzinfo | None
    x_range: tuple[float, float]
    points: Series
    points_by_context: dict[PainContext, Series]
    rolling: Series
    rolling_by_context: dict[PainContext, Series]
    baseline_mean: float | None
    session_days: tuple[date, ...]
    session_x: FloatArray
    weeks: WeekBars
    daily: dict[PainContext | None, FloatArray]
    """Per series (None: overall), the mean of every window day in order, NaN on gaps."""
    severe: Series
    """Each window day whose highest score reached the severe threshold, at that score."""

    @property
    def is_empty(self) -> bool:
        """True when the window holds no pain entry and no session."""
        return not self.points.days and not self.session_days

    def day_at(self, x: float) -> date | None:
        """The day under the instant ``x`` if it lies in the window, else None."""
        day = day_of_x(x, self.tz)
        return day if self.window.start <= day <= self.window.end else None

    def details(self, day: date) -> DayDetails | None:
        """Hover details of ``day`` (None outside the window)."""
        if not self.window.start <= day <= self.window.end:
            return None
        i = (day - self.window.start).days
        values = {ctx: float(y[i]) for ctx, y in self.daily.items() if not math.isnan(y[i])}
        rolling = float(self.rolling.y[i])
        return DayDetails(
            day=day,
            overall=values.pop(None, None),
            by_context={ctx: value for ctx, value in values.items() if ctx is not None},
            rolling_mean=None if math.isnan(rolling) else rolling,
            session_done=day in self._session_set,
            severe_score=self._severe_by_day.get(day),
        )

    def point_at(self, day: date, y: float) -> ChartPoint | None:
        """The point drawn on ``day`` nearest to ``y`` (a click's height), or None if none.

        All of a day's points share its x, so the height alone tells them apart.
        """
        if not self.window.start <= day <= self.window.end:
            return None
        i = (day - self.window.start).days
        points = [
            ChartPoint(day, ctx, float(self.daily[ctx][i]))
            for ctx in PainContext
            if not math.isnan(self.daily[ctx][i])
        ]
        severe = self._severe_by_day.get(day)
        if severe is not None:
            points.append(ChartPoint(day, None, float(severe)))
        return min(points, key=lambda p: abs(p.value - y), default=None)

    @cached_property
    def _session_set(self) -> frozenset[date]:
        return frozenset(self.session_days)

    @cached_property
    def _severe_by_day(self) -> dict[date, int]:
        return {day: int(y) for day, y in zip(self.severe.days, self.severe.y, strict=True)}


def nearest_entry(entries: Iterable[PainEntry], point: ChartPoint) -> PainEntry | None:
    """The entry behind ``point``: of its day and context (any context for a severe mark),
    the score nearest the value drawn; the newest among equals."""
    candidates = [
        entry
        for entry in entries
        if entry.at.local_date == point.day
        and (point.context is None or entry.context is point.context)
    ]
    return min(
        candidates,
        key=lambda entry: (abs(entry.score - point.value), -entry.at.utc.timestamp()),
        default=None,
    )


def chart_data(
    daily_means: Iterable[DailyMeanRow],
    session_days: Iterable[date],
    window: DateWindow,
    *,
    baseline_mean: float | None = None,
    tz: tzinfo | None = None,
    today: date | None = None,
    severe_days: Iterable[tuple[date, int]] = (),
) -> ChartData:
    """The chart arrays of ``window`` from daily means since ``window.data_since`` and session
    days since ``window.sessions_since`` (whole weeks for the adherence bars).

    ``severe_days`` are the days whose highest score reached the severe threshold, with that
    score: a single 8 stays visible on a day whose mean is lower.

    Points are logged days only (gaps absent); rolling means cover every calendar day of the
    window with NaN where fewer than 3 of its 7 days are logged (pyqtgraph: ``connect="finite"``).
    ``baseline_mean`` comes from the whole history (``Summary.overall.baseline_mean``).
    """
    # One pass over the rows into day-indexed arrays from ``data_since`` (the rolling mean's
    # look-back) to the end: a range switch recomputes this, so no per-day dicts.
    origin = window.data_since
    lead = (window.start - origin).days
    size = lead + window.days
    contexts: list[PainContext | None] = [None, *PainContext]
    dense: dict[PainContext | None, FloatArray] = {
        ctx: np.full(size, np.nan, dtype=np.float64) for ctx in PainContext
    }
    sums = np.zeros(size, dtype=np.float64)
    counts = np.zeros(size, dtype=np.int64)
    for row in daily_means:
        i = (row.day - origin).days
        if not 0 <= i < size or row.count <= 0:
            continue
        context = row.context if type(row.context) is PainContext else PainContext(row.context)
        mean = float(row.mean)
        dense[context][i] = mean
        sums[i] += mean * row.count  # overall: entry-weighted, as ``PainDays`` does
        counts[i] += row.count
    overall = np.full(size, np.nan, dtype=np.float64)
    np.divide(sums, counts, out=overall, where=counts > 0)
    dense_by = {None: overall, **dense}
    daily = {ctx: dense_by[ctx][lead:] for ctx in contexts}
    all_days = tuple(_days(window.start, window.end))
    all_x = days_x(all_days, tz)  # the only noon conversions: one per window day

    def points(context: PainContext | None) -> Series:
        shown = np.flatnonzero(~np.isnan(daily[context]))
        days_shown = tuple(all_days[i] for i in shown)
        return Series(
            series_label(context), context, days_shown, all_x[shown], daily[context][shown]
        )

    def rolling(context: PainContext | None) -> Series:
        y = trailing_means(dense_by[context])
        return Series(series_label(context), context, all_days, all_x, y)

    all_sessions = sorted(set(session_days))
    sessions = tuple(d for d in all_sessions if window.start <= d <= window.end)
    return ChartData(
        window=window,
        tz=tz,
        x_range=window.x_range(tz),
        points=points(None),
        points_by_context={ctx: points(ctx) for ctx in PainContext},
        rolling=rolling(None),
        rolling_by_context={ctx: rolling(ctx) for ctx in PainContext},
        baseline_mean=baseline_mean,
        session_days=sessions,
        session_x=all_x[[(day - window.start).days for day in sessions]],
        weeks=week_bars(all_sessions, window, tz=tz, today=today or window.end),
        daily=daily,
        severe=_severe_series(severe_days, window, all_x),
    )


def _severe_series(
    severe_days: Iterable[tuple[date, int]], window: DateWindow, all_x: FloatArray
) -> Series:
    shown = sorted((d, s) for d, s in severe_days if window.start <= d <= window.end)
    index = [(day - window.start).days for day, _score in shown]
    return Series(
        "Severe score",
        None,
        tuple(day for day, _score in shown),
        all_x[index],
        np.array([float(score) for _day, score in shown], dtype=np.float64),
    )


def week_bars(
    session_days: Iterable[date],
    window: DateWindow,
    *,
    tz: tzinfo | None = None,
    today: date | None = None,
) -> WeekBars:
    """Days with a completed session per Monday-to-Sunday week overlapping ``window``."""
    today = today or window.end
    first_monday = window.start - timedelta(days=window.start.weekday())
    mondays = list(_days(first_monday, window.end, step=WEEK_DAYS))
    counts = dict.fromkeys(mondays, 0)
    for day in set(session_days):
        monday = day - timedelta(days=day.weekday())
        if monday in counts:
            counts[monday] += 1
    possible = [float(min(WEEK_DAYS, max(0, (today - monday).days + 1))) for monday in mondays]
    # Each week ends where the next begins: one conversion per Monday, plus the last end.
    edges = mondays + [mondays[-1] + timedelta(days=WEEK_DAYS)] if mondays else []
    edges_x = np.array([midnight_x(m, tz) for m in edges], dtype=np.float64)
    return WeekBars(
        week_starts=tuple(mondays),
        x0=edges_x[:-1],
        x1=edges_x[1:],
        sessions=np.array([float(counts[m]) for m in mondays], dtype=np.float64),
        possible=np.array(possible, dtype=np.float64),
    )


# --------------------------------------------------------------------------- helpers


def _days(start: date, end: date, step: int = 1) -> Iterable[date]:
    return map(date.fromordinal, range(start.toordinal(), end.toordinal() + 1, step))


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits) + 0.0  # + 0.0: no "-0.0"


def _signed(value: float, digits: int) -> str:
    text = f"{abs(value):.{digits}f}"
    if float(text) == 0:
        return text
    return ("+" if value > 0 else "\u2212") + text


def _n_days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _ascii(text: str) -> str:
    return text.replace("\u2192", "->").replace("\u2212", "-").replace("\u00b7", "-")
