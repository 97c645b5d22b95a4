"""The exercise catalogue: exercises, precautions and safety advice, loaded from TOML.

``assets/exercises.toml`` is content, not code. It is validated on load: any mistake raises
one :class:`CatalogError` naming the file, the exercise id and the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from footcoach.errors import FootCoachError
from footcoach.paths import asset_path


class Kind(StrEnum):
    """What an exercise mainly trains."""

    STRENGTH = "strength"
    MOBILITY = "mobility"
    BALANCE = "balance"
    MASSAGE = "massage"
    STRETCH = "stretch"


class Position(StrEnum):
    """Whether the exercise is done sitting or standing."""

    SEATED = "seated"
    STANDING = "standing"


class Sides(StrEnum):
    """Whether each foot works in turn (left, then right) or both feet work together."""

    EACH = "each"
    BOTH = "both"


# Inclusive ranges of the dose fields; a content file outside them is an error.
DOSE_RANGES: dict[str, tuple[int, int]] = {
    "sets": (1, 10),
    "reps": (1, 50),
    "hold_seconds": (1, 300),
    "rep_seconds": (1, 60),
    "rest_seconds": (0, 600),
}


@dataclass(frozen=True)
class Dose:
    """How much of an exercise to do.

    Each rep is either a timed hold (``hold_seconds``) or a counted movement at a steady
    pace (``rep_seconds``); exactly one of the two is set.
    """

    sets: int
    reps: int
    rest_seconds: int
    sides: Sides
    hold_seconds: int | None = None
    rep_seconds: int | None = None

    @property
    def is_hold(self) -> bool:
        """True when each rep is a timed hold rather than a counted movement."""
        return self.hold_seconds is not None

    def describe(self) -> str:
        """One short line, e.g. ``2 sets × 8 holds of 5 s, each foot``."""
        feet = "each foot" if self.sides is Sides.EACH else "both feet"
        if self.hold_seconds is None:
            work = f"{self.reps} reps"
        elif self.reps == 1:
            work = f"{self.hold_seconds} s" if self.sets == 1 else f"{self.hold_seconds} s holds"
        else:
            work = f"{self.reps} holds of {self.hold_seconds} s"
        if self.sets == 1:
            return f"{work}, {feet}"
        sets = f"{self.sets} sets" if self.reps > 1 else str(self.sets)
        return f"{sets} \u00d7 {work}, {feet}"

    def as_dict(self) -> dict[str, Any]:
        """Plain-data form for JSON output."""
        return {
            "sets": self.sets,
            "reps": self.reps,
            "hold_seconds": self.hold_seconds,
            "rep_seconds": self.rep_seconds,
            "rest_seconds": self.rest_seconds,
            "sides": self.sides.value,
        }


@dataclass(frozen=True)
class Exercise:
    """One exercise or stretch, as the person sees it."""

    id: str
    name: str
    kind: Kind
    position: Position
    equipment: tuple[str, ...]
    steps: tuple[str, ...]
    dose: Dose
    helps: str
    cue: str
    illustration: str
    caution: str | None = None

    @property
    def equipment_text(self) -> str:
        """Equipment as one line, or ``None needed``."""
        return ", ".join(self.equipment) if self.equipment else "None needed"


@dataclass(frozen=True)
class Precaution:
    """Advice to keep in mind before and during the exercises."""

    id: str
    title: str
    text: str


@dataclass(frozen=True)
class Catalog:
    """Everything in ``exercises.toml``: exercises, precautions and when to get help."""

    exercises: tuple[Exercise, ...]
    precautions: tuple[Precaution, ...]
    see_professional: str

    def get(self, exercise_id: str) -> Exercise:
        """The exercise with this id; raises ``KeyError`` if there is none."""
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        raise KeyError(exercise_id)

    def ids(self) -> tuple[str, ...]:
        """All exercise ids, in catalogue order."""
        return tuple(exercise.id for exercise in self.exercises)


class CatalogError(FootCoachError, ValueError):
    """A content file is malformed; the message names the file, the item and the field."""

    def __init__(self, file: Path, item: str, field: str, problem: str) -> None:
        self.file = file
        self.item = item
        self.field = field
        self.problem = problem
        super().__init__(f"{file}: {item}: field '{field}': {problem}")


def load_catalog(path: Path | None = None, illustrations_dir: Path | None = None) -> Catalog:
    """Load and validate the catalogue (by default ``assets/exercises.toml``)."""
    path = path or asset_path("exercises.toml")
    illustrations_dir = illustrations_dir or path.parent / "illustrations"
    data = read_toml(path)
    reader = FieldReader(path, "file")
    reader.check_keys(data, {"exercises", "precautions", "see_professional"})
    exercises = tuple(
        _exercise(path, raw, index, illustrations_dir)
        for index, raw in enumerate(reader.table_list(data, "exercises"))
    )
    _check_unique_ids(path, "exercise", [e.id for e in exercises])
    precautions = tuple(
        _precaution(path, raw, index)
        for index, raw in enumerate(reader.table_list(data, "precautions"))
    )
    _check_unique_ids(path, "precaution", [p.id for p in precautions])
    advice = reader.table(data, "see_professional")
    advice_reader = FieldReader(path, "see_professional")
    advice_reader.check_keys(advice, {"text"})
    return Catalog(
        exercises=exercises,
        precautions=precautions,
        see_professional=advice_reader.text(advice, "text"),
    )


def read_toml(path: Path) -> dict[str, Any]:
    # Imported here: the TOML parser (about 1 MiB) stays out of a FootCoach waiting at login.
    import tomllib

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise CatalogError(path, "file", "-", "file not found") from None
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(path, "file", "-", f"not valid TOML ({error})") from None
    except UnicodeDecodeError:
        raise CatalogError(path, "file", "-", "not UTF-8 text") from None


_EXERCISE_KEYS = {
    "id",
    "name",
    "kind",
    "position",
    "equipment",
    "steps",
    "dose",
    "helps",
    "cue",
    "caution",
    "illustration",
}
_DOSE_KEYS = {"sets", "reps", "hold_seconds", "rep_seconds", "rest_seconds", "sides"}


def _exercise(path: Path, raw: Mapping[str, Any], index: int, art_dir: Path) -> Exercise:
    item_id = raw.get("id")
    label = f"exercise '{item_id}'" if isinstance(item_id, str) else f"exercise #{index + 1}"
    reader = FieldReader(path, label)
    reader.check_keys(raw, _EXERCISE_KEYS)
    exercise_id = reader.identifier(raw, "id")
    illustration = reader.text(raw, "illustration")
    if not (art_dir / illustration).is_file():
        reader.fail("illustration", f"no file '{illustration}' in {art_dir}")
    return Exercise(
        id=exercise_id,
        name=reader.text(raw, "name"),
        kind=reader.choice(raw, "kind", Kind),
        position=reader.choice(raw, "position", Position),
        equipment=reader.text_list(raw, "equipment", allow_empty=True),
        steps=reader.text_list(raw, "steps"),
        dose=_dose(reader, reader.table(raw, "dose")),
        helps=reader.text(raw, "helps"),
        cue=reader.text(raw, "cue"),
        illustration=illustration,
        caution=reader.optional_text(raw, "caution"),
    )


def _dose(reader: FieldReader, raw: Mapping[str, Any]) -> Dose:
    reader.check_keys(raw, _DOSE_KEYS, prefix="dose.")
    hold = reader.bounded_int(raw, "hold_seconds", optional=True)
    pace = reader.bounded_int(raw, "rep_seconds", optional=True)
    if (hold is None) == (pace is None):
        reader.fail("dose.hold_seconds", "set exactly one of hold_seconds and rep_seconds")
    return Dose(
        sets=_required(reader.bounded_int(raw, "sets")),
        reps=_required(reader.bounded_int(raw, "reps")),
        rest_seconds=_required(reader.bounded_int(raw, "rest_seconds")),
        sides=reader.choice(raw, "sides", Sides, prefix="dose."),
        hold_seconds=hold,
        rep_seconds=pace,
    )


def _required(value: int | None) -> int:
    assert value is not None  # bounded_int raises for a missing required field
    return value


def _precaution(path: Path, raw: Mapping[str, Any], index: int) -> Precaution:
    item_id = raw.get("id")
    label = f"precaution '{item_id}'" if isinstance(item_id, str) else f"precaution #{index + 1}"
    reader = FieldReader(path, label)
    reader.check_keys(raw, {"id", "title", "text"})
    return Precaution(
        id=reader.identifier(raw, "id"),
        title=reader.text(raw, "title"),
        text=reader.text(raw, "text"),
    )


def _check_unique_ids(path: Path, what: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise CatalogError(path, f"{what} '{item_id}'", "id", "duplicate id")
        seen.add(item_id)


E = TypeVar("E", bound=StrEnum)


class FieldReader:
    """Typed field access that raises :class:`CatalogError` with file, item and field."""

    def __init__(self, path: Path, item: str) -> None:
        self.path = path
        self.item = item

    def fail(self, field: str, problem: str) -> None:
        raise CatalogError(self.path, self.item, field, problem)

    def check_keys(self, raw: Mapping[str, Any], allowed: set[str], prefix: str = "") -> None:
        for key in raw:
            if key not in allowed:
                self.fail(prefix + key, "unknown key")

    def _get(self, raw: Mapping[str, Any], key: str, prefix: str = "") -> Any:
        if key not in raw:
            self.fail(prefix + key, "missing")
        return raw[key]

    def text(self, raw: Mapping[str, Any], key: str) -> str:
        value = self._get(raw, key)
        if not isinstance(value, str):
            self.fail(key, f"expected text, got {type(value).__name__}")
        if not value.strip():
            self.fail(key, "is empty")
        return str(value).strip()

    def optional_text(self, raw: Mapping[str, Any], key: str) -> str | None:
        return self.text(raw, key) if key in raw else None

    def identifier(self, raw: Mapping[str, Any], key: str) -> str:
        value = self.text(raw, key)
        if not all(c.islower() or c.isdigit() or c == "-" for c in value):
            self.fail(key, f"'{value}' must use only lowercase letters, digits and '-'")
        return value

    def text_list(
        self, raw: Mapping[str, Any], key: str, allow_empty: bool = False
    ) -> tuple[str, ...]:
        value = self._get(raw, key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(key, "expected a list of non-empty texts")
        if not value and not allow_empty:
            self.fail(key, "is empty")
        return tuple(v.strip() for v in value)

    def table(self, raw: Mapping[str, Any], key: str) -> Mapping[str, Any]:
        value = self._get(raw, key)
        if not isinstance(value, dict):
            self.fail(key, f"expected a table, got {type(value).__name__}")
        return value  # type: ignore[no-any-return]

    def table_list(self, raw: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        value = self._get(raw, key)
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            self.fail(key, "expected a non-empty array of tables")
        return value  # type: ignore[no-any-return]

    def choice(self, raw: Mapping[str, Any], key: str, enum: type[E], prefix: str = "") -> E:
        value = self._get(raw, key, prefix)
        allowed = ", ".join(member.value for member in enum)
        if not isinstance(value, str) or value not in {m.value for m in enum}:
            self.fail(prefix + key, f"'{value}' is not one of: {allowed}")
        return enum(value)

    def bounded_int(self, raw: Mapping[str, Any], key: str, optional: bool = False) -> int | None:
        field = f"dose.{key}"
        if key not in raw:
            if optional:
                return None
            self.fail(field, "missing")
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(field, f"expected a whole number, got {type(value).__name__}")
        low, high = DOSE_RANGES[key]
        if not low <= value <= high:
            self.fail(field, f"{value} is out of range {low}-{high}")
        return int(value)
