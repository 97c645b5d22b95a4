"""The records of a person's history: pain entries, sessions and completed sets.

Plain frozen dataclasses shared by ``history`` (which stores them), ``trends`` (which counts
them), ``demo`` (which invents them) and ``report`` (which exports them). Every record is
stamped with a :class:`Moment`: the UTC instant plus the local date and UTC offset at that
instant, so a day stays the day the person lived it across travel and DST.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum

# The pain scale and its contexts are rules of ``footcoach.pain``, re-exported here for the
# many modules that store or read entries.
from footcoach.pain import PAIN_MAX as PAIN_MAX
from footcoach.pain import PAIN_MIN as PAIN_MIN
from footcoach.pain import PainContext as PainContext


class Side(StrEnum):
    """Which foot a set was done with."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


def check_score(score: object) -> int:
    """Return ``score`` if it is a whole number 0-10, else raise ``ValueError`` saying so."""
    if isinstance(score, bool) or not isinstance(score, int):
        raise ValueError(f"pain score must be a whole number 0-10, got {score!r}")
    if not PAIN_MIN <= score <= PAIN_MAX:
        raise ValueError(f"pain score must be 0-10, got {score}")
    return score


def new_id() -> str:
    """A fresh stable record id (random UUID, hex)."""
    import uuid  # uuid pulls in platform probing; keep it off the start-up path

    return uuid.uuid4().hex


@dataclass(frozen=True)
class Moment:
    """An instant in UTC with the local date and UTC offset the person had then."""

    utc: datetime
    local_date: date
    utc_offset_minutes: int

    def __post_init__(self) -> None:
        if self.utc.tzinfo is None or self.utc.utcoffset() != timedelta(0):
            raise ValueError("Moment.utc must be an aware datetime in UTC")

    @classmethod
    def from_datetime(cls, when: datetime) -> Moment:
        """From an aware datetime (any zone); a naive one is taken as this machine's local time."""
        aware = when if when.tzinfo is not None else when.astimezone()
        offset = aware.utcoffset() or timedelta(0)
        return cls(
            utc=aware.astimezone(UTC),
            local_date=aware.date(),
            utc_offset_minutes=int(offset.total_seconds() // 60),
        )

    @classmethod
    def now(cls) -> Moment:
        """The current instant, in this machine's local zone."""
        return cls.from_datetime(datetime.now().astimezone())

    def local(self) -> datetime:
        """The instant as the person's local wall-clock time (fixed offset)."""
        return self.utc.astimezone(timezone(timedelta(minutes=self.utc_offset_minutes)))


@dataclass(frozen=True)
class PainEntry:
    """One pain score on the 0-10 numeric rating scale, with its context and a note."""

    id: str
    at: Moment
    score: int
    context: PainContext
    note: str = ""

    def __post_init__(self) -> None:
        check_score(self.score)


@dataclass(frozen=True)
class DailyMean:
    """The mean pain score of one local day in one context, and how many entries it has."""

    day: date
    context: PainContext
    mean: float
    count: int


@dataclass(frozen=True)
class SessionRecord:
    """One exercise session: a routine (or a single exercise) started, maybe finished."""

    id: str
    routine: str
    started: Moment
    ended: Moment | None = None
    completed: bool = False


@dataclass(frozen=True)
class SetRecord:
    """One completed set of one exercise on one side."""

    id: str
    session_id: str | None
    exercise_id: str
    side: Side
    set_number: int
    at: Moment
    reps: int | None = None
    hold_seconds: float | None = None
