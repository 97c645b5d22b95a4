"""Function goals on the Patient-Specific Functional Scale (PSFS): the rules, no Qt.

A person names up to three activities the foot makes hard ("walk to the station") and rates
each from 0 (cannot do it) to 10 (as well as before the pain). A change of 2 points or more on
one activity is called meaningful (``docs/clinical-rules.md``, rule 34). Ratings are asked for
once a week with a prompt that can be skipped (:func:`rating_due`). Renaming or retiring a goal
keeps its ratings: they belong to the goal's id, not its name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from footcoach.limits import MAX_GOAL_NAME_CHARS, LimitError, check_text
from footcoach.records import Moment

#: Up to three activities, as the PSFS asks.
MAX_ACTIVE_GOALS = 3
#: The rating scale: 0 cannot do the activity, 10 as before the pain.
GOAL_MIN = 0
GOAL_MAX = 10
#: A change of this many points on one activity is called meaningful (PSFS, rule 34).
MEANINGFUL_GOAL_POINTS = 2.0
#: Ratings are asked for weekly.
RATING_INTERVAL_DAYS = 7
#: Where the day a person last skipped the weekly prompt is kept (``History.set_meta``).
SKIPPED_META_KEY = "function_goals_prompt_skipped"

_EPS = 1e-9  # 1.9999999 from float sums still counts as 2


@dataclass(frozen=True)
class FunctionGoal:
    """An activity the person wants to do again; ``retired`` once they stop rating it."""

    id: str
    name: str
    created: Moment
    retired: Moment | None = None

    @property
    def active(self) -> bool:
        """True while the goal is rated (not retired)."""
        return self.retired is None


@dataclass(frozen=True)
class GoalRating:
    """One rating of one goal, 0 (cannot do) to 10 (as before the pain)."""

    id: str
    goal_id: str
    at: Moment
    score: int

    def __post_init__(self) -> None:
        check_goal_score(self.score)


def check_goal_score(score: object) -> int:
    """``score`` if it is a whole number 0-10, else ValueError saying so."""
    if isinstance(score, bool) or not isinstance(score, int):
        raise ValueError(f"a goal rating must be a whole number 0-10, got {score!r}")
    if not GOAL_MIN <= score <= GOAL_MAX:
        raise ValueError(f"a goal rating must be 0-10, got {score}")
    return score


def goal_name(text: str) -> str:
    """A goal's name as stored: white space runs as one space, one line, within the limit."""
    name = " ".join(text.split())
    if not name:
        raise LimitError("is empty")
    return check_text(name, MAX_GOAL_NAME_CHARS, lines=False)


def is_meaningful(change: float) -> bool:
    """Whether a change of ``change`` points on one activity is meaningful (2+, either way)."""
    return abs(change) >= MEANINGFUL_GOAL_POINTS - _EPS


@dataclass(frozen=True)
class GoalProgress:
    """One goal's first and latest rating, and what the change between them means."""

    goal_id: str
    name: str
    active: bool
    first_score: int | None
    first_day: date | None
    latest_score: int | None
    latest_day: date | None
    ratings: int

    @property
    def change(self) -> int | None:
        """Latest minus first (positive: the activity got easier); None with no rating."""
        if self.first_score is None or self.latest_score is None:
            return None
        return self.latest_score - self.first_score

    @property
    def meaningful(self) -> bool:
        """True when the change is 2 points or more, up or down."""
        change = self.change
        return change is not None and is_meaningful(change)

    def sentence(self) -> str:
        """ "Walk to the station: 3 → 6 (+3, a meaningful change)", or what is still missing."""
        if self.first_score is None or self.latest_score is None:
            return f"{self.name}: not rated yet."
        if self.ratings < 2:
            return f"{self.name}: {self.first_score}/10 so far."
        change = self.latest_score - self.first_score
        words = "a meaningful change" if self.meaningful else "within the usual ups and downs"
        return f"{self.name}: {self.first_score} → {self.latest_score} ({change:+d}, {words})."

    def line(self) -> str:
        """The sentence, marked "(retired)" for a retired goal: what History and ``summary``
        show."""
        return self.sentence() if self.active else f"{self.sentence()} (retired)"

    def as_dict(self) -> dict[str, object]:
        """The JSON of ``summary --json`` (``docs/summary-keys.md``)."""
        return {
            "id": self.goal_id,
            "name": self.name,
            "active": self.active,
            "first_score": self.first_score,
            "first_day": None if self.first_day is None else self.first_day.isoformat(),
            "latest_score": self.latest_score,
            "latest_day": None if self.latest_day is None else self.latest_day.isoformat(),
            "ratings": self.ratings,
            "change": self.change,
            "meaningful": self.meaningful,
        }


def goal_progress(
    goals: Sequence[FunctionGoal], ratings: Iterable[GoalRating], today: date | None = None
) -> tuple[GoalProgress, ...]:
    """Each goal's progress from its ratings up to ``today`` (all when None), in goal order:
    active goals first, each group by when it was named."""
    by_goal: dict[str, list[GoalRating]] = {goal.id: [] for goal in goals}
    for rating in ratings:
        if rating.goal_id in by_goal and (today is None or rating.at.local_date <= today):
            by_goal[rating.goal_id].append(rating)
    out: list[GoalProgress] = []
    for goal in sorted(goals, key=lambda g: (not g.active, g.created.utc, g.id)):
        mine = sorted(by_goal[goal.id], key=lambda r: (r.at.utc, r.id))
        first, latest = (mine[0], mine[-1]) if mine else (None, None)
        out.append(
            GoalProgress(
                goal_id=goal.id,
                name=goal.name,
                active=goal.active,
                first_score=None if first is None else first.score,
                first_day=None if first is None else first.at.local_date,
                latest_score=None if latest is None else latest.score,
                latest_day=None if latest is None else latest.at.local_date,
                ratings=len(mine),
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class GoalSeries:
    """One goal's ratings as the small chart draws them: (local date, score), oldest first."""

    goal: FunctionGoal
    points: tuple[tuple[date, int], ...]


def goal_series(
    goals: Sequence[FunctionGoal], ratings: Iterable[GoalRating], today: date
) -> tuple[GoalSeries, ...]:
    """Each goal's ratings up to ``today``, goals in the order of :func:`goal_progress`."""
    by_goal: dict[str, list[GoalRating]] = {goal.id: [] for goal in goals}
    for rating in ratings:
        if rating.goal_id in by_goal and rating.at.local_date <= today:
            by_goal[rating.goal_id].append(rating)
    out: list[GoalSeries] = []
    for goal in sorted(goals, key=lambda g: (not g.active, g.created.utc, g.id)):
        mine = sorted(by_goal[goal.id], key=lambda r: (r.at.utc, r.id))
        out.append(GoalSeries(goal, tuple((r.at.local_date, r.score) for r in mine)))
    return tuple(out)


def rating_due(
    active_goals: int, last_rated: date | None, last_skipped: date | None, today: date
) -> bool:
    """Whether to offer this week's ratings on ``today`` (a local date).

    Due with at least one active goal, once 7 local days have passed since the last rating
    (or at once when none was given) and 7 since the prompt was last skipped. Days are local
    dates, so a week holding a DST change is still seven days.
    """
    if active_goals <= 0:
        return False
    if last_rated is not None and (today - last_rated).days < RATING_INTERVAL_DAYS:
        return False
    return last_skipped is None or (today - last_skipped).days >= RATING_INTERVAL_DAYS


def can_add_goal(goals: Iterable[FunctionGoal]) -> bool:
    """Whether another goal may be named (at most three active ones)."""
    return sum(1 for goal in goals if goal.active) < MAX_ACTIVE_GOALS


class GoalSource(Protocol):
    """What the weekly prompt reads of the history (``history.History``)."""

    def function_goals(self) -> list[FunctionGoal]: ...

    def goal_ratings(
        self, since: date | None = None, until: date | None = None
    ) -> list[GoalRating]: ...

    def get_meta(self, key: str) -> str | None: ...


def prompt_due(history: GoalSource, today: date) -> bool:
    """Whether the weekly ratings are due on ``today``, from what the history holds."""
    active = sum(1 for goal in history.function_goals() if goal.active)
    ratings = history.goal_ratings(until=today)
    last = max((rating.at.local_date for rating in ratings), default=None)
    return rating_due(active, last, meta_day(history.get_meta(SKIPPED_META_KEY)), today)


def meta_day(text: str | None) -> date | None:
    """A day kept in the history's app state, or None (also for text that is not a date)."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
