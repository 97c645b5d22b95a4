"""Routines: built-in and custom routines, levels, prescription files and progression.

Pure Python (no Qt). Built-in routines and the level rules are content in
``assets/routines.toml``; custom routines and level changes are stored through ``History``.
Progression follows the pain-monitoring model of ``docs/clinical-rules.md``: it only suggests,
the person decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from footcoach.catalog import Catalog, CatalogError, Dose
from footcoach.errors import FootCoachError
from footcoach.history import History
from footcoach.records import Moment, PainEntry, SessionRecord, SetRecord, Side
from footcoach.timing import HoldPlan

MIN_LEVEL = 1
MAX_LEVEL = 5
DEFAULT_LEVEL = 3


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


@dataclass(frozen=True)
class Suggestion:
    """A progression suggestion and its reason in one short sentence; never applied silently."""

    action: Literal["up", "down", "stay"]
    level: int
    new_level: int
    reason: str


@dataclass(frozen=True)
class SessionAdvice:
    """What to say before a session when pain is high (7 or more)."""

    pain_score: int
    message: str  # the switch suggestion, e.g. "Try the seated Desk break today"
    professional_note: str  # shown once per session: see a healthcare professional
    seated_routine_id: str | None  # the seated routine to offer; None if already seated
    loaded_steps: tuple[str, ...]  # exercise ids of standing steps in the chosen routine


def load_builtin_routines(catalog: Catalog, path: Path | None = None) -> tuple[Routine, ...]:
    """Load and validate the built-in routines (by default ``assets/routines.toml``)."""
    raise NotImplementedError


def effective_dose(step: RoutineStep, catalog: Catalog, level: int) -> Dose:
    """The dose of ``step`` at ``level``: an exact level dose, else the base dose scaled."""
    raise NotImplementedError


def level_note(exercise_id: str, level: int) -> str:
    """The harder-variant note for an exercise at a level ("" when there is none)."""
    raise NotImplementedError


def step_plan(
    step: RoutineStep, catalog: Catalog, level: int, lead_in_seconds: float = 5.0
) -> HoldPlan:
    """The hold plan for one step at ``level`` (sides in the step's order)."""
    raise NotImplementedError


def routine_seconds(routine: Routine, catalog: Catalog, lead_in_seconds: float = 5.0) -> float:
    """Total time of a routine at its own level, summed from the step plans."""
    raise NotImplementedError


def routine_seconds_at(
    routine: Routine, catalog: Catalog, level: int, lead_in_seconds: float = 5.0
) -> float:
    """Total time of a routine at ``level``."""
    raise NotImplementedError


class RoutineError(FootCoachError, ValueError):
    """A routine cannot be saved, renamed or found (one line for people)."""


class RoutineFileError(CatalogError):
    """A routine file is malformed; the message names the file, line, item and field."""

    def __init__(self, file: Path, line: int, item: str, field: str, problem: str) -> None:
        self.line = line
        super().__init__(file, item, field, problem)
        self.args = (f"{file}, line {line}: {item}: field '{field}': {problem}",)


def read_routine_file(path: Path, catalog: Catalog) -> Routine:
    """Read and validate a prescription file (``docs/routine-format.md``); writes nothing."""
    raise NotImplementedError


def write_routine_file(routine: Routine, path: Path, level: int | None = None) -> None:
    """Write ``routine`` as a prescription file (images are not copied here)."""
    raise NotImplementedError


class RoutineStore:
    """Built-in plus custom routines and their levels; custom data is stored through History."""

    def __init__(self, history: History, catalog: Catalog) -> None:
        self._history = history
        self._catalog = catalog

    def all(self) -> tuple[Routine, ...]:
        """Built-in routines, then custom ones by name."""
        raise NotImplementedError

    def get(self, routine_id: str) -> Routine:
        """The routine with this id; KeyError if there is none."""
        raise NotImplementedError

    def find(self, name_or_id: str) -> Routine | None:
        """The routine with this id or name (case-insensitive), or None."""
        raise NotImplementedError

    def save(self, routine: Routine) -> None:
        """Create or replace a custom routine (validated; names are unique)."""
        raise NotImplementedError

    def delete(self, routine_id: str) -> Routine | None:
        """Delete a custom routine and return it (``save`` it again to undo)."""
        raise NotImplementedError

    def duplicate(self, routine_id: str, new_name: str) -> Routine:
        """Save a custom copy of any routine under a new name; return it."""
        raise NotImplementedError

    def rename(self, routine_id: str, new_name: str) -> Routine:
        """Rename a custom routine (the id stays); return it."""
        raise NotImplementedError

    def level(self, routine_id: str) -> int:
        """The routine's current level: the last recorded change, else its starting level."""
        raise NotImplementedError

    def set_level(self, routine_id: str, level: int, reason: str) -> None:
        """Change the level, recording the time and the reason in history."""
        raise NotImplementedError

    def level_changes(self, routine_id: str) -> list[LevelChange]:
        """Every recorded level change of the routine, oldest first."""
        raise NotImplementedError

    def image_path(self, routine: Routine, step: RoutineStep) -> Path | None:
        """Where the step's image of a custom routine is kept, if it has one."""
        raise NotImplementedError

    def import_file(self, path: Path, name: str | None = None, replace: bool = False) -> Routine:
        """Validate a prescription file, then save it and copy its images; return it."""
        raise NotImplementedError

    def export_file(self, routine_id: str, path: Path) -> None:
        """Write a routine (at its current level) and its images as a prescription file."""
        raise NotImplementedError

    def suggest(self, routine_id: str, today: date | None = None) -> Suggestion:
        """The progression suggestion for a routine from the stored history."""
        raise NotImplementedError


def suggest_progression(
    routine_id: str,
    level: int,
    sessions: Sequence[SessionRecord],
    pain_entries: Sequence[PainEntry],
    today: date,
    *,
    level_since: Moment | None = None,
) -> Suggestion:
    """Suggest up, down or stay from recent sessions and pain (pain-monitoring model)."""
    raise NotImplementedError


def before_session_advice(
    pain_score: int, routine: Routine, catalog: Catalog
) -> SessionAdvice | None:
    """At pain 7 or more: suggest the seated routine and a kind word about seeing a professional."""
    raise NotImplementedError


def partial_session(
    history: History, today: date | None = None
) -> tuple[SessionRecord, list[SetRecord]] | None:
    """The newest session if it was never ended (app closed or killed), with its sets."""
    raise NotImplementedError
