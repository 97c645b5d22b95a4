"""What a routine is: steps, levels and their scheme, suggestions, advice, the limits and errors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Literal

from footcoach.catalog import (
    CatalogError,
    Dose,
    Sides,
)
from footcoach.errors import FootCoachError
from footcoach.limits import (
    shown,
)
from footcoach.pain import (
    RISING_POINTS_PER_WEEK,
    RISING_SPAN_DAYS,
)
from footcoach.records import (
    Moment,
    Side,
)

MIN_LEVEL = 1
MAX_LEVEL = 5
DEFAULT_LEVEL = 3
"""The catalogue's dose (volume 1.0), and a prescription file's level when it names none."""
START_LEVEL = MIN_LEVEL
"""Where a new person starts every built-in routine ("start slowly")."""
FILE_FORMAT = "footcoach-routine"
FILE_VERSION = 1
IMAGE_DIR_NAME = "routine-images"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg", ".webp")
MAX_IMAGE_BYTES = 5_000_000

# Progression (pain-monitoring model, docs/clinical-rules.md section 3).
SESSIONS_TO_MOVE_UP = 3
"""Move up only after this many sessions in a row at this level went well."""
RECENT_DAYS = 14
"""Sessions older than this many days do not count: after a gap, stay and settle back in."""
SAFE_PAIN = 3
"""Pain during and after exercise at or below this is in the safe zone (0-3)."""
ACCEPTABLE_PAIN = 5
"""Pain during exercise above this is too much: step back."""
MORNING_WORSE_POINTS = 2
"""Next-morning pain this many points above the morning before: step back."""
DURING_SLACK = timedelta(minutes=10)
"""During-exercise pain belongs to a session from its start to this long after its end."""
UNFINISHED_SPAN = timedelta(hours=2)
"""How long a session that never ended is taken to have lasted."""
MORNING_LOOKBACK_DAYS = 3
"""The 'before' morning may be up to this many days before the session."""
RESUME_DAYS = 2
"""An unfinished session is offered for resume for this many days."""


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class RoutineStep:
    """One exercise in a routine, with optional dose override, side order and notes."""

    exercise_id: str
    dose: Dose | None = None  # base (level-3) dose; None = the catalogue's dose
    side_order: tuple[Side, ...] = ()  # e.g. (Side.RIGHT, Side.LEFT); () = left first
    note: str = ""  # the clinician's note for this step
    image: str | None = None  # image file name, shipped beside a prescription file
    level_doses: tuple[tuple[int, Dose], ...] = ()  # exact doses per level (prescriptions)


@dataclass(frozen=True)
class Routine:
    """An ordered list of steps with a name; ``level`` is the starting level (1-5)."""

    id: str
    name: str
    steps: tuple[RoutineStep, ...]
    description: str = ""
    builtin: bool = False
    level: int = DEFAULT_LEVEL
    note: str = ""


@dataclass(frozen=True)
class LevelChange:
    """One recorded change of a routine's level, with when and why."""

    routine_id: str
    at: Moment
    level: int
    previous: int
    reason: str


Figure = int | float | str
"""One number (or day, or code) behind a suggestion."""


class Rule(StrEnum):
    """The progression rule a suggestion applies (``docs/clinical-rules.md`` section 3)."""

    SAFETY_SIGNAL = "safety-signal"
    EXERCISE_PAIN_HIGH = "exercise-pain-above-5"
    NEXT_MORNING_RISE = "next-morning-rise"
    MORNING_RISING = "morning-rising"
    PAIN_UNRELIABLE = "pain-unreliable"
    MOVE_UP = "move-up"

    @property
    def text(self) -> str:
        """The rule in words."""
        return _RULE_TEXTS[self]


_RULE_TEXTS = {
    Rule.SAFETY_SIGNAL: "while a safety signal is active, step back and see a professional",
    Rule.EXERCISE_PAIN_HIGH: (
        f"step back when pain during or after exercise is above {ACCEPTABLE_PAIN}/10"
    ),
    Rule.NEXT_MORNING_RISE: (
        f"step back when first-steps pain the next morning is {MORNING_WORSE_POINTS} or more "
        "points higher than before the session"
    ),
    Rule.MORNING_RISING: (
        f"step back when morning pain rises week on week ({RISING_POINTS_PER_WEEK:g} point a "
        f"week or more over {RISING_SPAN_DAYS} days)"
    ),
    Rule.PAIN_UNRELIABLE: "with reduced feeling in the feet, never suggest moving up",
    Rule.MOVE_UP: (
        f"move up only when the last {SESSIONS_TO_MOVE_UP} sessions were finished, pain during "
        f"and after stayed at {SAFE_PAIN}/10 or below, morning pain is not rising and no "
        "safety signal is active"
    ),
}

PAIN_UNRELIABLE_TEXT = (
    "With reduced feeling in the feet, pain is an unreliable guide: move up only once a "
    "healthcare professional has agreed."
)


@dataclass(frozen=True)
class Suggestion:
    """A progression suggestion: the rule applied, the numbers behind it and one sentence
    (``reason``) saying them; never applied silently."""

    action: Literal["up", "down", "stay"]
    level: int
    new_level: int
    reason: str
    rule: Rule = Rule.MOVE_UP
    numbers: Mapping[str, Figure] = field(default_factory=dict, hash=False)
    see_professional: bool = False

    @property
    def title(self) -> str:
        """ "Step back to level 2", "Move up to level 4", "Stay at level 3" (while a safety
        signal is active: "... and see a professional")."""
        if self.action == "up":
            return f"Move up to level {self.new_level}"
        action = (
            f"Step back to level {self.new_level}"
            if self.action == "down"
            else f"Stay at level {self.level}"
        )
        return f"{action} and see a professional" if self.see_professional else action

    def heading(self, routine_name: str) -> str:
        """ "Daily foot routine, level 3: Step back to level 2." (``routine suggest``, History)."""
        return f"{routine_name}, level {self.level}: {self.title}."

    def explanation(self) -> str:
        """The sentence every screen shows: the reason with its numbers, then the rule."""
        rule = self.rule.text
        return f"{self.reason} Rule: {rule[0].upper()}{rule[1:]}."


@dataclass(frozen=True)
class SessionAdvice:
    """What to say before a session when pain is high (7 or more)."""

    pain_score: int
    message: str  # the switch suggestion, e.g. "Try the seated Desk break today"
    professional_note: str  # shown once per session: see a healthcare professional
    seated_routine_id: str | None  # the seated routine to offer; None if already seated
    loaded_steps: tuple[str, ...]  # exercise ids of standing steps in the chosen routine


@dataclass(frozen=True)
class LevelRule:
    """How one level scales a level-3 dose: ``volume`` multiplies the reps, or a lone hold."""

    level: int
    name: str
    volume: float


@dataclass(frozen=True)
class Variant:
    """A harder way to do an exercise from a level on (a note, maybe a change of sides)."""

    exercise_id: str
    from_level: int
    note: str
    sides: Sides | None = None
    caution: str = ""


@dataclass(frozen=True)
class LevelScheme:
    """The level rules of ``assets/routines.toml``."""

    rules: tuple[LevelRule, ...]
    variants: tuple[Variant, ...] = ()
    hold_step_seconds: int = 5
    min_hold_seconds: int = 3
    high_impact_words: tuple[str, ...] = ()
    hold_limits: tuple[tuple[str, int, int], ...] = ()  # (exercise id, low, high) seconds

    def hold_limit(self, exercise_id: str) -> tuple[int, int] | None:
        """The article's range of a hold of this exercise (stretch 15-30 s...), if it has one."""
        return next(((low, high) for e, low, high in self.hold_limits if e == exercise_id), None)

    def rule(self, level: int) -> LevelRule:
        """The rule of ``level``; ValueError outside 1-5."""
        check_level(level)
        for rule in self.rules:
            if rule.level == level:
                return rule
        raise ValueError(f"no rule for level {level}")  # load() guarantees all five

    def variant(self, exercise_id: str, level: int) -> Variant | None:
        """The hardest variant of the exercise that applies at ``level``, if any."""
        found = [v for v in self.variants if v.exercise_id == exercise_id and v.from_level <= level]
        return max(found, key=lambda v: v.from_level) if found else None


@dataclass(frozen=True)
class RoutineContent:
    """Everything in ``routines.toml``: the level scheme and the built-in routines."""

    scheme: LevelScheme
    routines: tuple[Routine, ...]


def check_level(level: int) -> int:
    if isinstance(level, bool) or not isinstance(level, int) or not MIN_LEVEL <= level <= MAX_LEVEL:
        raise ValueError(f"level must be a whole number {MIN_LEVEL}-{MAX_LEVEL}, got {level!r}")
    return level


# --------------------------------------------------------------------------- errors


class RoutineError(FootCoachError, ValueError):
    """A routine cannot be saved, renamed or found (one line for people)."""

    def __init__(self, message: str) -> None:
        # Routine names saved by older versions may hold any character: keep it one line.
        super().__init__(shown(message, limit=500))


class RoutineFileError(CatalogError):
    """A routine file is malformed; the message names the file, line, item and field."""

    def __init__(self, file: Path, line: int | None, item: str, field: str, problem: str) -> None:
        self.line = line
        super().__init__(file, item, field, problem)
        where = f"{file}, line {line}" if line is not None else str(file)
        # Names and values from the file may hold any character: keep the message one line.
        self.args = (shown(f"{where}: {item}: field '{field}': {problem}", limit=500),)
