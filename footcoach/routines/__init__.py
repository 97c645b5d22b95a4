"""Routines: built-in and custom routines, levels, prescription files and progression.

Pure Python (no Qt). Built-in routines and the level rules are content in
``assets/routines.toml``; custom routines and level changes are stored through ``History``.
Progression follows the pain-monitoring model of ``docs/clinical-rules.md``: it only suggests,
the person decides. Prescription files are documented in ``docs/routine-format.md``.
"""

from __future__ import annotations

import codecs
import json
import math
import re
import shutil
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Literal, TypeVar

from footcoach import paths
from footcoach.catalog import (
    DOSE_RANGES,
    Catalog,
    CatalogError,
    Dose,
    Position,
    Sides,
    _Reader,
)
from footcoach.errors import FootCoachError
from footcoach.history import History, LevelChangeRow, RoutineRow
from footcoach.limits import (
    MAX_DESCRIPTION_CHARS,
    MAX_FILE_NAME_CHARS,
    MAX_NAME_CHARS,
    MAX_NESTING,
    MAX_ROUTINE_FILE_BYTES,
    MAX_ROUTINE_NOTE_CHARS,
    LimitError,
    check_step_count,
    check_text,
    name_key,
    normal_name,
    shown,
)
from footcoach.pain import (
    AFTER_EXERCISE_WINDOW,
    EASE_OFF_ADVICE,
    EXERCISE_CONTEXTS,
    RISING_POINTS_PER_WEEK,
    RISING_SPAN_DAYS,
    SafetySignal,
    is_rising,
    is_severe,
    morning_trend,
    signals_seen,
)
from footcoach.paths import asset_path
from footcoach.records import (
    Moment,
    PainContext,
    PainEntry,
    SessionRecord,
    SetRecord,
    Side,
    check_score,
    new_id,
)
from footcoach.timing import HoldPlan

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
        _check_level(level)
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


def _check_level(level: int) -> int:
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


# --------------------------------------------------------------------------- key lines


Key = tuple[str | int, ...]


class _KeyLines:
    """The line of each key and table of a TOML text (tomllib gives none for values).

    A light scanner: table headers (``[a.b]``, ``[[a]]`` counted per array) and ``key =``
    lines, skipping comments, strings, multi-line strings and multi-line arrays.
    """

    def __init__(self, text: str) -> None:
        self._lines: dict[Key, int] = {}
        arrays: dict[Key, int] = {}
        current: Key = ()
        multiline: str | None = None
        depth = 0
        for number, line in enumerate(text.splitlines(), start=1):
            if multiline is not None:
                if multiline in line:
                    multiline = None
                continue
            if depth > 0:
                depth += _bracket_delta(line)
                continue
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if stripped.startswith("[[") and "]]" in stripped:
                names = _split_key(stripped[2 : stripped.index("]]")])
                path = self._resolve(names[:-1], arrays) + (names[-1],)
                arrays[path] = arrays.get(path, -1) + 1
                current = path + (arrays[path],)
                self._lines[current] = number
                self._lines.setdefault(path, number)
                continue
            if stripped.startswith("[") and "]" in stripped:
                current = self._resolve(_split_key(stripped[1 : stripped.index("]")]), arrays)
                self._lines.setdefault(current, number)
                continue
            key, equals, value = _partition_key(stripped)
            if not equals:
                continue
            self._lines.setdefault(current + tuple(_split_key(key)), number)
            value = value.strip()
            for quotes in ('"""', "'''"):
                if value.startswith(quotes) and value.count(quotes) == 1:
                    multiline = quotes
            if multiline is None:
                depth = max(0, _bracket_delta(value))

    @staticmethod
    def _resolve(names: Sequence[str], arrays: Mapping[Key, int]) -> Key:
        path: Key = ()
        for name in names:
            path += (name,)
            if path in arrays:
                path += (arrays[path],)
        return path

    def find(self, key: Key) -> int | None:
        """The line of ``key``, else of its nearest enclosing table, else None."""
        for end in range(len(key), 0, -1):
            if key[:end] in self._lines:
                return self._lines[key[:end]]
        return None


def _split_key(text: str) -> list[str]:
    parts: list[str] = []
    current = ""
    quote: str | None = None
    for char in text:
        if quote:
            if char == quote:
                quote = None
            else:
                current += char
        elif char in "\"'":
            quote = char
        elif char == ".":
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return parts


def _partition_key(line: str) -> tuple[str, str, str]:
    quote: str | None = None
    for index, char in enumerate(line):
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "=":
            return line[:index], "=", line[index + 1 :]
    return line, "", ""


def _bracket_delta(text: str) -> int:
    """Open minus closed brackets and braces outside strings and comments."""
    delta = 0
    quote: str | None = None
    escaped = False
    for char in text:
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            break
        elif char in "[{":
            delta += 1
        elif char in "]}":
            delta -= 1
    return delta


# --------------------------------------------------------------------------- validation


_T = TypeVar("_T")


class _Fields(_Reader):
    """The catalogue's typed field access, with the line of each field in the errors."""

    def __init__(self, path: Path, item: str, lines: _KeyLines | None, where: Key = ()) -> None:
        super().__init__(path, item)
        self.lines = lines
        self.where = where

    def child(self, item: str, *where: str | int) -> _Fields:
        return _Fields(self.path, item, self.lines, self.where + where)

    def fail(self, field: str, problem: str) -> None:
        raise self.error(field, problem)

    def error(self, field: str, problem: str) -> RoutineFileError:
        line = None
        if self.lines is not None:
            line = self.lines.find(self.where + tuple(field.split(".")))
        return RoutineFileError(self.path, line, self.item, field, problem)

    def whole(self, raw: Mapping[str, Any], key: str, low: int, high: int, default: int) -> int:
        if key not in raw:
            return default
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"expected a whole number, got {type(value).__name__}")
        if not low <= value <= high:
            self.fail(key, f"{value} is out of range {low}-{high}")
        return int(value)

    def factor(self, raw: Mapping[str, Any], key: str) -> float:
        value = self._get(raw, key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(key, f"expected a number, got {type(value).__name__}")
        if not 0.1 <= value <= 3.0:
            self.fail(key, f"{value} is out of range 0.1-3.0")
        return float(value)

    def free_text(self, raw: Mapping[str, Any], key: str, limit: int, *, lines: bool) -> str:
        """Optional text that may be empty ("" when missing), within ``footcoach.limits``."""
        if key not in raw:
            return ""
        value = raw[key]
        if not isinstance(value, str):
            self.fail(key, f"expected text, got {type(value).__name__}")
        return self.within_limits(key, partial(check_text, value.strip(), limit, lines=lines))

    def name(self, raw: Mapping[str, Any], key: str) -> str:
        """A routine name, as stored (``limits.normal_name``)."""
        return self.within_limits(key, partial(normal_name, self.text(raw, key)))

    def within_limits(self, key: str, check: Callable[[], _T]) -> _T:
        """The result of ``check()``; its LimitError fails ``key`` in the same words."""
        try:
            return check()
        except LimitError as error:
            raise self.error(key, error.problem) from None


_DOSE_KEYS = ("sets", "reps", "hold_seconds", "rep_seconds", "rest_seconds", "sides")
_STEP_KEYS = {"exercise", "dose", "levels", "side_order", "note", "image"}


def _dose_override(fields: _Fields, raw: Mapping[str, Any], base: Dose, prefix: str) -> Dose:
    """``base`` with the fields given in ``raw`` changed (a hold replaces a pace and back)."""
    fields.check_keys(raw, set(_DOSE_KEYS), prefix=prefix)
    values: dict[str, Any] = {}
    for key in _DOSE_KEYS[:-1]:
        if key in raw:
            value = raw[key]
            if isinstance(value, bool) or not isinstance(value, int):
                fields.fail(prefix + key, f"expected a whole number, got {type(value).__name__}")
            low, high = DOSE_RANGES[key]
            if not low <= value <= high:
                fields.fail(prefix + key, f"{value} is out of range {low}-{high}")
            values[key] = int(value)
    if "hold_seconds" in values and "rep_seconds" in values:
        fields.fail(prefix + "hold_seconds", "set only one of hold_seconds and rep_seconds")
    if "hold_seconds" in values:
        values["rep_seconds"] = None
    elif "rep_seconds" in values:
        values["hold_seconds"] = None
    if "sides" in raw:
        values["sides"] = fields.choice(raw, "sides", Sides, prefix=prefix)
    return replace(base, **values)


def _side_order(fields: _Fields, raw: Mapping[str, Any]) -> tuple[Side, ...]:
    if "side_order" not in raw:
        return ()
    value = raw["side_order"]
    allowed = {Side.LEFT.value, Side.RIGHT.value}
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, str) for v in value)
        or set(value) != allowed
    ):
        fields.fail("side_order", 'expected ["left", "right"] or ["right", "left"]')
    return tuple(Side(v) for v in value)


def _image_name(fields: _Fields, raw: Mapping[str, Any], image_dir: Path | None) -> str | None:
    if "image" not in raw:
        return None
    name = fields.text(raw, "image")
    fields.within_limits("image", partial(check_text, name, MAX_FILE_NAME_CHARS, lines=False))
    if Path(name).name != name or name in (".", ".."):
        fields.fail("image", f"'{name}' must be a file name beside the routine file, not a path")
    if Path(name).suffix.lower() not in IMAGE_SUFFIXES:
        fields.fail("image", f"'{name}' is not one of: {', '.join(IMAGE_SUFFIXES)}")
    if image_dir is not None:
        problem = _image_problem(image_dir / name)
        if problem:
            fields.fail("image", f"'{name}': {problem}")
    return name


_MAGIC = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".webp": (b"RIFF",),
}


def _image_problem(path: Path) -> str | None:
    """Why ``path`` is not a usable image file, or None."""
    if not path.is_file():
        return f"no such file beside the routine file ({path.parent})"
    size = path.stat().st_size
    if size == 0 or size > MAX_IMAGE_BYTES:
        return f"size {size} bytes is outside 1-{MAX_IMAGE_BYTES}"
    with path.open("rb") as handle:
        head = handle.read(512)
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return None if b"<svg" in head or b"<?xml" in head else "not an SVG image"
    if not any(head.startswith(magic) for magic in _MAGIC[suffix]):
        return f"not a {suffix[1:].upper()} image"
    return None


def _parse_step(
    fields: _Fields, raw: Mapping[str, Any], catalog: Catalog, image_dir: Path | None
) -> RoutineStep:
    fields.check_keys(raw, _STEP_KEYS)
    exercise_id = fields.identifier(raw, "exercise")
    if exercise_id not in catalog.ids():
        fields.fail("exercise", f"no exercise '{exercise_id}' in the catalogue")
    base = catalog.get(exercise_id).dose
    dose = None
    if "dose" in raw:
        dose = _dose_override(fields, fields.table(raw, "dose"), base, "dose.")
    level_doses: list[tuple[int, Dose]] = []
    if "levels" in raw:
        levels = fields.table(raw, "levels")
        for key, value in levels.items():
            if key not in {str(n) for n in range(MIN_LEVEL, MAX_LEVEL + 1)}:
                fields.fail(f"levels.{key}", f"a level is {MIN_LEVEL}-{MAX_LEVEL}")
            if not isinstance(value, dict):
                fields.fail(f"levels.{key}", "expected a table of dose fields")
            override = _dose_override(fields, value, dose or base, f"levels.{key}.")
            level_doses.append((int(key), override))
    return RoutineStep(
        exercise_id=exercise_id,
        dose=dose,
        side_order=_side_order(fields, raw),
        note=fields.free_text(raw, "note", MAX_ROUTINE_NOTE_CHARS, lines=True),
        image=_image_name(fields, raw, image_dir),
        level_doses=tuple(sorted(level_doses)),
    )


def _parse_steps(
    fields: _Fields,
    raw: Mapping[str, Any],
    catalog: Catalog,
    image_dir: Path | None,
    item: str,
) -> tuple[RoutineStep, ...]:
    steps = []
    tables = fields.table_list(raw, "steps")
    fields.within_limits("steps", partial(check_step_count, len(tables)))
    for index, step in enumerate(tables):
        exercise = step.get("exercise")
        label = f"{item}, step {index + 1}" + (
            f" ('{exercise}')" if isinstance(exercise, str) else ""
        )
        steps.append(_parse_step(fields.child(label, "steps", index), step, catalog, image_dir))
    return tuple(steps)


def _read_text(path: Path) -> tuple[str, dict[str, Any]]:
    """The text of a prescription file and its TOML; size and nesting are checked first."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_ROUTINE_FILE_BYTES + 1)
        if len(data) > MAX_ROUTINE_FILE_BYTES:
            problem = f"larger than {MAX_ROUTINE_FILE_BYTES:,} bytes; not a routine file"
            raise RoutineFileError(path, None, "file", "-", problem)
        # Editors on Windows may start UTF-8 with a byte-order mark; TOML does not allow one.
        text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
        if _deepest_nesting(text) > MAX_NESTING:
            problem = f"brackets nested more than {MAX_NESTING} deep; not a routine file"
            raise RoutineFileError(path, None, "file", "-", problem)
        return text, tomllib.loads(text)
    except FileNotFoundError:
        raise RoutineFileError(path, None, "file", "-", "file not found") from None
    except IsADirectoryError:
        raise RoutineFileError(path, None, "file", "-", "is a folder, not a file") from None
    except UnicodeDecodeError:
        raise RoutineFileError(path, None, "file", "-", "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        line = int(found.group(1)) if found else None
        raise RoutineFileError(path, line, "file", "-", f"not valid TOML ({error})") from None


_TOML_SPECIAL = re.compile(r"[\"'#\[\]{}]")


def _deepest_nesting(text: str) -> int:
    """How deep brackets and braces nest outside strings and comments (stops past the cap).

    One pass over the text, so a hostile file is refused before the parser (which recurses
    once per level) sees it.
    """
    depth = deepest = 0
    position = 0
    while deepest <= MAX_NESTING and (found := _TOML_SPECIAL.search(text, position)):
        char, start = found.group(), found.start()
        if char == "#":
            end = text.find("\n", start)
        elif char in "\"'":
            end = _string_end(text, start, char)
        else:
            depth += 1 if char in "[{" else -1
            deepest = max(deepest, depth)
            end = start
        if end < 0:
            break  # the file ends in a comment or a string: the parser says what is wrong
        position = end + 1
    return deepest


def _string_end(text: str, start: int, quote: str) -> int:
    """The index of the closing quote of the string at ``start``; -1 if it does not close.

    A one-line string that meets a line break does not close (the parser stops there too).
    """
    multiline = text.startswith(quote * 3, start)
    delimiter = quote * 3 if multiline else quote
    position = start + len(delimiter)
    while True:
        end = text.find(delimiter, position)
        if end < 0 or (not multiline and "\n" in text[position:end]):
            return -1
        if quote == '"' and _escaped(text, end):
            position = end + 1
            continue
        last = end + len(delimiter) - 1
        # A multi-line string may end in one or two quotes of its own: """a""""
        extra = 0
        while multiline and extra < 2 and text.startswith(quote, last + 1):
            last, extra = last + 1, extra + 1
        return last


def _escaped(text: str, index: int) -> bool:
    """True when the character at ``index`` follows an odd run of backslashes."""
    run = 0
    while index - run - 1 >= 0 and text[index - run - 1] == "\\":
        run += 1
    return run % 2 == 1


# --------------------------------------------------------------------------- built-ins


_CONTENT_KEYS = {
    "hold_step_seconds",
    "min_hold_seconds",
    "levels",
    "variants",
    "safety",
    "hold_limits",
    "routines",
}


def load_routine_content(catalog: Catalog, path: Path | None = None) -> RoutineContent:
    """Load and validate ``routines.toml``: the level scheme and the built-in routines."""
    path = path or asset_path("routines.toml")
    text, data = _read_text(path)
    fields = _Fields(path, "file", _KeyLines(text))
    fields.check_keys(data, _CONTENT_KEYS)
    scheme = _parse_scheme(fields, data, catalog)
    routines = []
    for index, raw in enumerate(fields.table_list(data, "routines")):
        rid = raw.get("id")
        item = f"routine '{rid}'" if isinstance(rid, str) else f"routine #{index + 1}"
        reader = fields.child(item, "routines", index)
        reader.check_keys(raw, {"id", "name", "description", "level", "note", "steps"})
        routines.append(
            Routine(
                id=reader.identifier(raw, "id"),
                name=reader.name(raw, "name"),
                steps=_parse_steps(reader, raw, catalog, None, item),
                description=reader.free_text(
                    raw, "description", MAX_DESCRIPTION_CHARS, lines=False
                ),
                builtin=True,
                level=reader.whole(raw, "level", MIN_LEVEL, MAX_LEVEL, START_LEVEL),
                note=reader.free_text(raw, "note", MAX_ROUTINE_NOTE_CHARS, lines=True),
            )
        )
    for what, values in (("id", [r.id for r in routines]), ("name", [r.name for r in routines])):
        seen: set[str] = set()
        for index, value in enumerate(values):
            if value.casefold() in seen:
                fields.child(f"routine '{routines[index].id}'", "routines", index).fail(
                    what, f"duplicate {what}"
                )
            seen.add(value.casefold())
    return RoutineContent(scheme=scheme, routines=tuple(routines))


def _parse_scheme(fields: _Fields, data: Mapping[str, Any], catalog: Catalog) -> LevelScheme:
    safety = fields.table(data, "safety")
    safety_fields = fields.child("safety", "safety")
    safety_fields.check_keys(safety, {"high_impact_words"})
    words = tuple(w.casefold() for w in safety_fields.text_list(safety, "high_impact_words"))
    rules = []
    readers = {}
    for index, raw in enumerate(fields.table_list(data, "levels")):
        reader = fields.child(f"level #{index + 1}", "levels", index)
        reader.check_keys(raw, {"level", "name", "volume"})
        if "level" not in raw:
            reader.fail("level", "missing")
        rules.append(
            LevelRule(
                level=reader.whole(raw, "level", MIN_LEVEL, MAX_LEVEL, 0),
                name=reader.text(raw, "name"),
                volume=reader.factor(raw, "volume"),
            )
        )
        readers[rules[-1].level] = reader
    levels = [rule.level for rule in rules]
    if sorted(levels) != list(range(MIN_LEVEL, MAX_LEVEL + 1)):
        fields.fail("levels", f"expected each level {MIN_LEVEL}-{MAX_LEVEL} once, got {levels}")
    three = next(rule for rule in rules if rule.level == DEFAULT_LEVEL)
    if three.volume != 1.0:
        readers[DEFAULT_LEVEL].fail("volume", "level 3 is the catalogue's dose: must be 1.0")
    variants = []
    for index, raw in enumerate(data.get("variants", [])):
        reader = fields.child(f"variant #{index + 1}", "variants", index)
        if not isinstance(raw, dict):
            reader.fail("variants", "expected an array of tables")
        reader.check_keys(raw, {"exercise", "from_level", "note", "sides", "caution"})
        exercise_id = reader.identifier(raw, "exercise")
        if exercise_id not in catalog.ids():
            reader.fail("exercise", f"no exercise '{exercise_id}' in the catalogue")
        note = reader.text(raw, "note")
        impact = _high_impact_word(note, words)
        if impact:
            reader.fail("note", f"'{impact}' is a high-impact move; progression never adds one")
        if "from_level" not in raw:
            reader.fail("from_level", "missing")
        variants.append(
            Variant(
                exercise_id=exercise_id,
                from_level=reader.whole(raw, "from_level", DEFAULT_LEVEL + 1, MAX_LEVEL, 0),
                note=note,
                sides=reader.choice(raw, "sides", Sides) if "sides" in raw else None,
                caution=reader.free_text(raw, "caution", MAX_ROUTINE_NOTE_CHARS, lines=True),
            )
        )
    return LevelScheme(
        rules=tuple(sorted(rules, key=lambda rule: rule.level)),
        variants=tuple(variants),
        hold_step_seconds=fields.whole(data, "hold_step_seconds", 1, 30, 5),
        min_hold_seconds=fields.whole(data, "min_hold_seconds", 1, 30, 3),
        high_impact_words=words,
        hold_limits=_parse_hold_limits(fields, data, catalog),
    )


def _parse_hold_limits(
    fields: _Fields, data: Mapping[str, Any], catalog: Catalog
) -> tuple[tuple[str, int, int], ...]:
    raw = data.get("hold_limits", {})
    reader = fields.child("hold_limits", "hold_limits")
    if not isinstance(raw, dict):
        reader.fail("hold_limits", "expected a table")
    limits = []
    for exercise_id, pair in raw.items():
        if exercise_id not in catalog.ids():
            reader.fail(exercise_id, f"no exercise '{exercise_id}' in the catalogue")
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in pair)
            or not 1 <= pair[0] <= pair[1]
        ):
            reader.fail(exercise_id, "expected [low, high] seconds, low at least 1")
        limits.append((exercise_id, pair[0], pair[1]))
    return tuple(limits)


def _high_impact_word(text: str, words: Iterable[str]) -> str | None:
    found = set(re.findall(r"[a-z]+", text.casefold()))
    return next((word for word in words if word in found), None)


def load_builtin_routines(catalog: Catalog, path: Path | None = None) -> tuple[Routine, ...]:
    """Load and validate the built-in routines (by default ``assets/routines.toml``)."""
    return load_routine_content(catalog, path).routines


@lru_cache(maxsize=4)
def _scheme_at(path: Path) -> LevelScheme:
    from footcoach.catalog import load_catalog

    return load_routine_content(load_catalog(), path).scheme


def default_scheme() -> LevelScheme:
    """The level scheme of the shipped ``assets/routines.toml`` (loaded once)."""
    return _scheme_at(asset_path("routines.toml"))


# --------------------------------------------------------------------------- doses and plans


def _scaled(value: int, factor: float) -> int:
    return max(1, math.floor(value * factor + 0.5))


def _scaled_hold(value: int, factor: float, scheme: LevelScheme, exercise_id: str) -> int:
    raw = value * factor
    step = scheme.hold_step_seconds
    held = math.floor(raw / step + 0.5) * step if raw >= 2 * step else math.floor(raw + 0.5)
    limit = scheme.hold_limit(exercise_id)
    if limit is not None:
        # Within the article's range; a base hold outside it is never pushed further out.
        held = min(max(limit[1], value), max(min(limit[0], value), held))
    low, high = DOSE_RANGES["hold_seconds"]
    return min(high, max(scheme.min_hold_seconds, low, held))


def scale_dose(dose: Dose, level: int, exercise_id: str, scheme: LevelScheme) -> Dose:
    """A level-3 dose at ``level``: the level's volume, then the level's variant."""
    volume = scheme.rule(level).volume
    if dose.reps > 1:
        scaled = replace(dose, reps=min(DOSE_RANGES["reps"][1], _scaled(dose.reps, volume)))
    elif dose.hold_seconds is not None:
        scaled = replace(
            dose, hold_seconds=_scaled_hold(dose.hold_seconds, volume, scheme, exercise_id)
        )
    else:
        scaled = dose  # one counted rep per set: nothing to scale
    variant = scheme.variant(exercise_id, level)
    if variant is not None and variant.sides is not None:
        scaled = replace(scaled, sides=variant.sides)
    return scaled


def effective_dose(
    step: RoutineStep, catalog: Catalog, level: int, scheme: LevelScheme | None = None
) -> Dose:
    """The dose of ``step`` at ``level``: an exact level dose, else the base dose scaled."""
    _check_level(level)
    for step_level, dose in step.level_doses:
        if step_level == level:
            return dose
    base = step.dose or catalog.get(step.exercise_id).dose
    return scale_dose(base, level, step.exercise_id, scheme or default_scheme())


def level_note(exercise_id: str, level: int, scheme: LevelScheme | None = None) -> str:
    """The harder-variant note and its caution for an exercise at a level ("" when none)."""
    variant = (scheme or default_scheme()).variant(exercise_id, _check_level(level))
    if variant is None:
        return ""
    return f"{variant.note} {variant.caution}".strip()


@dataclass(frozen=True)
class StepHoldPlan(HoldPlan):
    """A hold plan whose feet come in a chosen order (e.g. right foot first)."""

    order: tuple[Side, ...] = field(default=())

    @property
    def side_order(self) -> tuple[Side, ...]:
        """The sides worked in each set, in order."""
        if self.sides is Sides.EACH and self.order:
            return self.order
        return super().side_order


def step_plan(
    step: RoutineStep,
    catalog: Catalog,
    level: int,
    lead_in_seconds: float = 5.0,
    scheme: LevelScheme | None = None,
) -> HoldPlan:
    """The hold plan for one step at ``level`` (sides in the step's order)."""
    dose = effective_dose(step, catalog, level, scheme)
    plan = HoldPlan.from_dose(dose, lead_in_seconds=lead_in_seconds)
    if not step.side_order or dose.sides is not Sides.EACH:
        return plan
    return StepHoldPlan(
        sets=plan.sets,
        reps=plan.reps,
        hold_seconds=plan.hold_seconds,
        rep_seconds=plan.rep_seconds,
        rest_between_reps=plan.rest_between_reps,
        rest_between_sets=plan.rest_between_sets,
        switch_seconds=plan.switch_seconds,
        lead_in_seconds=plan.lead_in_seconds,
        sides=plan.sides,
        countdown_seconds=plan.countdown_seconds,
        order=step.side_order,
    )


def routine_seconds_at(
    routine: Routine,
    catalog: Catalog,
    level: int,
    lead_in_seconds: float = 5.0,
    scheme: LevelScheme | None = None,
) -> float:
    """Total time of a routine at ``level``, summed from the step plans."""
    return sum(
        step_plan(step, catalog, level, lead_in_seconds, scheme).total_seconds
        for step in routine.steps
    )


def routine_seconds(routine: Routine, catalog: Catalog, lead_in_seconds: float = 5.0) -> float:
    """Total time of a routine at its own level, summed from the step plans."""
    return routine_seconds_at(routine, catalog, routine.level, lead_in_seconds)


def is_seated(routine: Routine, catalog: Catalog) -> bool:
    """True when every step of the routine is done sitting down."""
    return all(catalog.get(s.exercise_id).position is Position.SEATED for s in routine.steps)


def check_routine(routine: Routine, catalog: Catalog) -> None:
    """Raise RoutineError when a routine cannot be run (no steps, unknown exercise, bad level)
    or breaks a limit of ``footcoach.limits`` (name, texts, number of steps)."""
    routine_name(routine.name)
    _check_limits(routine)
    if not routine.steps:
        raise RoutineError(f"Routine '{routine.name}' has no steps")
    try:
        _check_level(routine.level)
    except ValueError as error:
        raise RoutineError(f"Routine '{routine.name}': {error}") from None
    for number, step in enumerate(routine.steps, start=1):
        if step.exercise_id not in catalog.ids():
            raise RoutineError(
                f"Routine '{routine.name}', step {number}: no exercise '{step.exercise_id}'"
            )
        if step.side_order and set(step.side_order) != {Side.LEFT, Side.RIGHT}:
            raise RoutineError(
                f"Routine '{routine.name}', step {number}: side order must name left and right"
            )
        for level, _dose in step.level_doses:
            _check_level(level)


def _check_limits(routine: Routine) -> None:
    """RoutineError naming the field, in the words of ``footcoach.limits``."""
    texts = [
        ("Description", routine.description, MAX_DESCRIPTION_CHARS, False),
        ("Note", routine.note, MAX_ROUTINE_NOTE_CHARS, True),
    ]
    texts += [
        (f"Step {number}, note", step.note, MAX_ROUTINE_NOTE_CHARS, True)
        for number, step in enumerate(routine.steps, start=1)
    ]
    checks: list[tuple[str, Callable[[], object]]] = [
        ("Routine", partial(check_step_count, len(routine.steps))),
    ]
    checks += [
        (what, partial(check_text, text, limit, lines=lines)) for what, text, limit, lines in texts
    ]
    for what, check in checks:
        try:
            check()
        except LimitError as error:
            raise RoutineError(f"{what}: {error.problem}") from None


# --------------------------------------------------------------------------- serialising


def _dose_data(dose: Dose) -> dict[str, Any]:
    data: dict[str, Any] = {"sets": dose.sets, "reps": dose.reps}
    if dose.hold_seconds is not None:
        data["hold_seconds"] = dose.hold_seconds
    if dose.rep_seconds is not None:
        data["rep_seconds"] = dose.rep_seconds
    data["rest_seconds"] = dose.rest_seconds
    data["sides"] = dose.sides.value
    return data


def step_data(step: RoutineStep) -> dict[str, Any]:
    """A step as plain data: the ``[[steps]]`` table of a file, the JSON of the database."""
    data: dict[str, Any] = {"exercise": step.exercise_id}
    if step.side_order:
        data["side_order"] = [side.value for side in step.side_order]
    if step.note:
        data["note"] = step.note
    if step.image is not None:
        data["image"] = step.image
    if step.dose is not None:
        data["dose"] = _dose_data(step.dose)
    if step.level_doses:
        data["levels"] = {str(level): _dose_data(dose) for level, dose in step.level_doses}
    return data


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        # JSON escapes are TOML escapes; TOML also forbids a raw DEL.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def routine_toml(routine: Routine, level: int | None = None) -> str:
    """A prescription file's text for ``routine`` (starting at ``level``, default its own)."""
    lines = [
        "# FootCoach routine: a prescription file (format: docs/routine-format.md).",
        f"format = {_toml_value(FILE_FORMAT)}",
        f"version = {FILE_VERSION}",
        f"name = {_toml_value(routine.name)}",
    ]
    if routine.description:
        lines.append(f"description = {_toml_value(routine.description)}")
    lines.append(f"level = {_check_level(level if level is not None else routine.level)}")
    if routine.note:
        lines.append(f"note = {_toml_value(routine.note)}")
    for step in routine.steps:
        data = step_data(step)
        lines += ["", "[[steps]]"]
        tables = {key: data.pop(key) for key in ("dose", "levels") if key in data}
        lines += [f"{key} = {_toml_value(value)}" for key, value in data.items()]
        if "dose" in tables:
            lines += ["", "[steps.dose]"]
            lines += [f"{k} = {_toml_value(v)}" for k, v in tables["dose"].items()]
        for key, dose in tables.get("levels", {}).items():
            lines += ["", f"[steps.levels.{key}]"]
            lines += [f"{k} = {_toml_value(v)}" for k, v in dose.items()]
    return "\n".join(lines) + "\n"


_FILE_KEYS = {"format", "version", "name", "description", "level", "note", "steps"}


def read_routine_file(path: Path, catalog: Catalog, check_images: bool = True) -> Routine:
    """Read and validate a prescription file (``docs/routine-format.md``); writes nothing.

    The routine's id is made from its name; images must lie beside the file.
    """
    path = Path(path)
    text, data = _read_text(path)
    fields = _Fields(path, "routine", _KeyLines(text))
    fields.check_keys(data, _FILE_KEYS)
    if data.get("format") != FILE_FORMAT:
        fields.fail("format", f'expected "{FILE_FORMAT}" (is this a FootCoach routine file?)')
    version = fields.whole(data, "version", 1, 1_000_000, 0)
    if version == 0:
        fields.fail("version", "missing")
    if version > FILE_VERSION:
        fields.fail(
            "version",
            f"version {version} was written by a newer FootCoach (this one reads {FILE_VERSION})",
        )
    name = fields.name(data, "name")
    image_dir = path.parent if check_images else None
    return Routine(
        id=slugify(name),
        name=name,
        steps=_parse_steps(fields, data, catalog, image_dir, "routine"),
        description=fields.free_text(data, "description", MAX_DESCRIPTION_CHARS, lines=False),
        level=fields.whole(data, "level", MIN_LEVEL, MAX_LEVEL, DEFAULT_LEVEL),
        note=fields.free_text(data, "note", MAX_ROUTINE_NOTE_CHARS, lines=True),
    )


def write_routine_file(routine: Routine, path: Path, level: int | None = None) -> None:
    """Write ``routine`` as a prescription file (images are not copied here)."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(routine_toml(routine, level), encoding="utf-8")
    partial.replace(path)


def slugify(name: str) -> str:
    """An id made from a name: lowercase ASCII letters, digits and '-' (``routine`` if empty)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower())[:MAX_NAME_CHARS].strip("-")
    return slug or "routine"


def routine_name(text: str) -> str:
    """``text`` as a routine name is stored (``limits.normal_name``); RoutineError if it
    breaks a limit."""
    if not text.strip():
        raise RoutineError("A routine needs a name")
    try:
        return normal_name(text)
    except LimitError as error:
        raise RoutineError(f"Routine name: {error.problem}") from None


def _steps_json(steps: Sequence[RoutineStep]) -> str:
    return json.dumps([step_data(step) for step in steps], ensure_ascii=False, sort_keys=True)


# --------------------------------------------------------------------------- the store


class RoutineStore:
    """Built-in plus custom routines and their levels; custom data is stored through History."""

    def __init__(
        self,
        history: History,
        catalog: Catalog,
        *,
        builtins: Sequence[Routine] | None = None,
        now: Callable[[], Moment] = Moment.now,
    ) -> None:
        self._history = history
        self._catalog = catalog
        self._builtins = tuple(builtins if builtins is not None else load_builtin_routines(catalog))
        self._now = now
        #: Stored routines that no longer validate (kept in the database, not shown).
        self.problems: tuple[str, ...] = ()

    @property
    def catalog(self) -> Catalog:
        """The catalogue the routines refer to."""
        return self._catalog

    @property
    def images_dir(self) -> Path:
        """Where images of custom routines are kept: ``<data dir>/routine-images/<id>/``."""
        return self._history.data_dir / IMAGE_DIR_NAME

    def all(self) -> tuple[Routine, ...]:
        """Built-in routines, then custom ones by name."""
        return self._builtins + self.custom()

    def custom(self) -> tuple[Routine, ...]:
        """The custom routines, by name; stored ones that fail validation go to ``problems``."""
        routines: list[Routine] = []
        problems: list[str] = []
        for row in self._history.routine_rows():
            try:
                routines.append(self._from_row(row))
            except (CatalogError, ValueError) as error:
                problems.append(str(error))
        self.problems = tuple(problems)
        return tuple(routines)

    def _from_row(self, row: RoutineRow) -> Routine:
        item = f"custom routine '{row.id}'"
        fields = _Fields(self._history.path, item, None)
        try:
            data = json.loads(row.steps)
        except json.JSONDecodeError as error:
            raise RoutineFileError(self._history.path, None, item, "steps", str(error)) from None
        steps = _parse_steps(fields, {"steps": data}, self._catalog, None, item)
        return Routine(row.id, row.name, steps, row.description, False, row.level, row.note)

    def get(self, routine_id: str) -> Routine:
        """The routine with this id; KeyError if there is none."""
        for routine in self.all():
            if routine.id == routine_id:
                return routine
        raise KeyError(routine_id)

    def find(self, name_or_id: str) -> Routine | None:
        """The routine with this id or name (case-insensitive), or None."""
        wanted = name_key(name_or_id)
        for routine in self.all():
            if wanted in (routine.id.casefold(), name_key(routine.name)):
                return routine
        return None

    def save(self, routine: Routine) -> Routine:
        """Create or replace a custom routine (validated; names are unique); return it as
        stored (its name in the form ``limits.normal_name`` gives)."""
        if routine.builtin or any(b.id == routine.id for b in self._builtins):
            raise RoutineError(f"'{routine.name}' is a built-in routine: duplicate it to change it")
        routine = replace(routine, name=routine_name(routine.name))
        check_routine(routine, self._catalog)
        # Names that only look different (case, spaces, NFKC look-alikes) are the same name.
        for other in self.all():
            if other.id != routine.id and name_key(other.name) == name_key(routine.name):
                raise RoutineError(f"A routine named '{other.name}' already exists")
        self._history.save_routine_row(
            RoutineRow(
                id=routine.id,
                name=routine.name,
                description=routine.description,
                note=routine.note,
                level=routine.level,
                steps=_steps_json(routine.steps),
                saved=self._now(),
            )
        )
        return routine

    def delete(self, routine_id: str) -> Routine | None:
        """Delete a custom routine and return it (``save`` it again to undo).

        Its images and level changes are kept, so an undo brings everything back.
        """
        if any(b.id == routine_id for b in self._builtins):
            raise RoutineError("Built-in routines cannot be deleted")
        routine = next((r for r in self.custom() if r.id == routine_id), None)
        row = self._history.delete_routine_row(routine_id)
        return routine if row is not None else None

    def new_id(self, name: str) -> str:
        """A fresh id for a custom routine named ``name``."""
        taken = {r.id for r in self._builtins} | {row.id for row in self._history.routine_rows()}
        base = slugify(name)
        candidate, serial = base, 1
        while candidate in taken:
            serial += 1
            candidate = f"{base}-{serial}"
        return candidate

    def duplicate(self, routine_id: str, new_name: str) -> Routine:
        """Save a custom copy of any routine under a new name, at its current level."""
        source = self._require(routine_id)
        copy = replace(
            source,
            id=self.new_id(new_name),
            name=routine_name(new_name),
            builtin=False,
            level=self.level(routine_id),
        )
        self.save(copy)
        self._copy_images(source, copy)
        return copy

    def rename(self, routine_id: str, new_name: str) -> Routine:
        """Rename a custom routine (the id stays); return it."""
        source = self._require(routine_id)
        renamed = replace(source, name=routine_name(new_name))
        self.save(renamed)
        return renamed

    def _require(self, routine_id: str) -> Routine:
        try:
            return self.get(routine_id)
        except KeyError:
            raise RoutineError(f"There is no routine '{routine_id}'") from None

    def level(self, routine_id: str) -> int:
        """The routine's current level: the last recorded change, else its starting level."""
        changes = self._history.level_changes(routine_id)
        if changes:
            return changes[-1].level
        return self._require(routine_id).level

    def set_level(self, routine_id: str, level: int, reason: str) -> None:
        """Change the level, recording the time and the reason in history."""
        _check_level(level)
        if not reason.strip():
            raise RoutineError("A level change needs a reason")
        previous = self.level(routine_id)
        self._history.add_level_change(
            LevelChangeRow(new_id(), routine_id, self._now(), level, previous, reason.strip())
        )

    def level_changes(self, routine_id: str) -> list[LevelChange]:
        """Every recorded level change of the routine, oldest first."""
        return [
            LevelChange(row.routine_id, row.at, row.level, row.previous_level, row.reason)
            for row in self._history.level_changes(routine_id)
        ]

    def image_path(self, routine: Routine, step: RoutineStep) -> Path | None:
        """Where the step's image of a custom routine is kept, if it has one."""
        if step.image is None or routine.builtin:
            return None
        return self.images_dir / routine.id / step.image

    def _copy_images(self, source: Routine, target: Routine) -> None:
        for step in source.steps:
            origin = self.image_path(source, step)
            if origin is not None and origin.is_file():
                paths.copy_private(origin, self.images_dir / target.id / origin.name)

    def import_routine(
        self,
        routine: Routine,
        images_from: Path | None = None,
        name: str | None = None,
        replace_existing: bool = False,
    ) -> Routine:
        """Save a routine read from a file, copying its images from ``images_from``."""
        name = routine_name(name or routine.name)
        existing = self.find(name)
        if existing is not None and existing.builtin:
            raise RoutineError(
                f"'{name}' is the name of a built-in routine: import it under another name"
            )
        if existing is not None and not replace_existing:
            raise RoutineError(f"A routine named '{name}' already exists: replace it or rename")
        routine_id = existing.id if existing is not None else self.new_id(name)
        imported = replace(routine, id=routine_id, name=name, builtin=False)
        check_routine(imported, self._catalog)
        copied: list[Path] = []
        try:
            for step in imported.steps:
                if step.image is not None and images_from is not None:
                    target = self.images_dir / routine_id / step.image
                    paths.copy_private(images_from / step.image, target)
                    copied.append(target)
            self.save(imported)
        except BaseException:
            for path in copied:
                path.unlink(missing_ok=True)
            raise
        if existing is not None and self.level(routine_id) != imported.level:
            self.set_level(routine_id, imported.level, f"Imported a new prescription for {name}")
        return imported

    def import_file(self, path: Path, name: str | None = None, replace: bool = False) -> Routine:
        """Validate a prescription file, then save it and copy its images; return it."""
        routine = read_routine_file(Path(path), self._catalog)
        return self.import_routine(routine, Path(path).parent, name, replace)

    def export_file(self, routine_id: str, path: Path) -> Routine:
        """Write a routine (at its current level) and its images as a prescription file."""
        routine = self._require(routine_id)
        path = Path(path)
        for step in routine.steps:
            origin = self.image_path(routine, step)
            if origin is not None and not origin.is_file():
                raise RoutineError(f"The image '{step.image}' of '{routine.name}' is missing")
        for step in routine.steps:
            origin = self.image_path(routine, step)
            target = path.parent / (step.image or "")
            if origin is not None and origin.resolve() != target.resolve():
                shutil.copyfile(origin, target)
        write_routine_file(routine, path, self.level(routine_id))
        return routine

    def suggest(
        self,
        routine_id: str,
        today: date | None = None,
        *,
        pain_unreliable: bool | None = None,
        safety_signals: Sequence[SafetySignal] | None = None,
    ) -> Suggestion:
        """The progression suggestion for a routine from the stored history.

        ``safety_signals`` are those of the history's summary, and ``pain_unreliable`` comes
        from the newest red-flag answers (reduced feeling, no professional's yes yet); each is
        read here when not given, so every screen and command judges alike.
        """
        today = today or date.today()
        if pain_unreliable is None:
            screening = self._history.latest_screening()
            pain_unreliable = screening is not None and screening.pain_unreliable
        if safety_signals is None:
            safety_signals = self.safety_signals(today)
        since = today - timedelta(days=max(RECENT_DAYS, RISING_SPAN_DAYS) + MORNING_LOOKBACK_DAYS)
        changes = self._history.level_changes(routine_id)
        return suggest_progression(
            routine_id,
            self.level(routine_id),
            self._history.sessions(since=since, until=today),
            self._history.pain_entries(since=since, until=today + timedelta(days=1)),
            today,
            sets=self._history.sets(since=since, until=today),
            level_since=changes[-1].at if changes else None,
            safety_signals=safety_signals,
            pain_unreliable=pain_unreliable,
        )

    def recent_advice(
        self, today: date, safety_signals: Sequence[SafetySignal]
    ) -> list[tuple[Routine, Suggestion]]:
        """The suggestion of each routine done in the last ``RECENT_DAYS`` days (History)."""
        since = today - timedelta(days=RECENT_DAYS - 1)
        done = {session.routine for session in self._history.sessions(since=since, until=today)}
        found = [self.find(name) for name in sorted(done)]
        routines = {routine.id: routine for routine in found if routine is not None}
        return [
            (routine, self.suggest(routine.id, today, safety_signals=safety_signals))
            for routine in routines.values()
        ]

    def safety_signals(self, today: date) -> tuple[SafetySignal, ...]:
        """The safety signals active ``today``, as the history view and ``summary`` see them."""
        from footcoach.trends import load_summary  # numpy: only when a suggestion is wanted

        return load_summary(self._history, today).safety_signals


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

    - step back and see a professional while a safety signal is active;
    - step back when pain during or after exercise passed 5/10 in a judged session, when the
      next morning's pain rose 2 or more after one, or when morning pain rises week on week;
    - move up only when none of that holds, ``pain_unreliable`` is False, the judged sessions
      were all finished, every exercise score was 3/10 or less and no next morning was worse;
    - stay otherwise, saying which condition is not met.
    """
    _check_level(level)
    done = Counter(s.session_id for s in sets if s.session_id is not None)
    counted, judged = _judged(routine_id, sessions, done, today, level_since)
    evidence = _evidence(judged, sessions, pain_entries, done)
    trend = morning_trend(_first_mornings(pain_entries), today)

    if safety_signals:
        codes = ", ".join(signal.value for signal in safety_signals)
        return _step_back(
            level,
            Rule.SAFETY_SIGNAL,
            signals_seen(safety_signals) or "",
            {"safety_signals": codes},
            professional=True,
        )
    back = _step_back_reason(evidence, trend)
    if back is not None:
        rule, reason, numbers = back
        return _step_back(level, rule, reason, numbers)
    return _move_up_or_stay(level, counted, evidence, trend, pain_unreliable)


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


def _move_up_or_stay(
    level: int,
    counted: Sequence[SessionRecord],
    evidence: Sequence[_Evidence],
    trend: float | None,
    pain_unreliable: bool,
) -> Suggestion:
    def stay(reason: str, **numbers: Figure) -> Suggestion:
        return Suggestion("stay", level, level, reason, Rule.MOVE_UP, numbers)

    if pain_unreliable:
        return Suggestion("stay", level, level, PAIN_UNRELIABLE_TEXT, Rule.PAIN_UNRELIABLE, {})
    if not counted:
        return stay(
            f"No sessions with exercises done at this level in the last {RECENT_DAYS} days.",
            sessions=0,
        )
    if len(counted) < SESSIONS_TO_MOVE_UP:
        return stay(
            f"{len(counted)} of {SESSIONS_TO_MOVE_UP} sessions with exercises done at this level "
            f"in the last {RECENT_DAYS} days.",
            sessions=len(counted),
        )
    finished = sum(1 for item in evidence if item.session.completed)
    if finished < len(evidence):
        return stay(
            f"{finished} of the last {len(evidence)} sessions were finished.",
            finished=finished,
            sessions=len(evidence),
        )
    if any(not item.exercise_pain for item in evidence):
        return stay("Log pain during or after each session to see when you can move up.")
    worst = max(e.score for item in evidence for e in item.exercise_pain)
    if worst > SAFE_PAIN:
        return stay(
            f"Pain reached {worst}/10 during or after exercise; move up once it stays at "
            f"{SAFE_PAIN} or below.",
            worst_exercise_pain=worst,
        )
    rises = [item for item in evidence if item.morning_rise is not None]
    if not rises:
        return stay("Log your first-steps pain in the morning to see when you can move up.")
    higher = [item for item in rises if (item.morning_rise or 0) > 0]
    if higher:
        item = higher[-1]
        rise = item.morning_rise or 0
        return stay(
            f"First-steps pain was {rise} point{'s' if rise != 1 else ''} higher the morning "
            f"after {_day_text(item.session.started.local_date)}.",
            morning_rise=rise,
        )
    trend_words = "" if trend is None else f", morning trend {trend:+.1f} points a week"
    numbers: dict[str, Figure] = {"sessions": len(evidence), "worst_exercise_pain": worst}
    if trend is not None:
        numbers["morning_trend_per_week"] = round(trend, 2)
    reason = (
        f"Last {len(evidence)} sessions finished, pain during and after at most {worst}/10, "
        f"no worse next morning{trend_words}."
    )
    if level == MAX_LEVEL:
        return stay(f"{reason} This is the top level.", **numbers)
    return Suggestion("up", level, level + 1, reason, Rule.MOVE_UP, numbers)


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
