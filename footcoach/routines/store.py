"""``RoutineStore``: the built-in and custom routines, their levels and their history."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from footcoach import paths
from footcoach.catalog import (
    Catalog,
    CatalogError,
)
from footcoach.history import History, LevelChangeRow, RoutineRow
from footcoach.limits import (
    name_key,
)
from footcoach.pain import (
    RISING_SPAN_DAYS,
    SafetySignal,
)
from footcoach.records import (
    Moment,
    new_id,
)
from footcoach.routines.content import (
    RoutineFields,
    load_builtin_routines,
    parse_steps,
)
from footcoach.routines.doses import (
    check_routine,
)
from footcoach.routines.files import (
    read_routine_file,
    routine_name,
    slugify,
    steps_json,
    write_routine_file,
)
from footcoach.routines.model import (
    IMAGE_DIR_NAME,
    MORNING_LOOKBACK_DAYS,
    RECENT_DAYS,
    LevelChange,
    Routine,
    RoutineError,
    RoutineFileError,
    RoutineStep,
    Suggestion,
    check_level,
)
from footcoach.routines.progression import (
    suggest_progression,
)

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
        fields = RoutineFields(self._history.path, item, None)
        try:
            data = json.loads(row.steps)
        except json.JSONDecodeError as error:
            raise RoutineFileError(self._history.path, None, item, "steps", str(error)) from None
        steps = parse_steps(fields, {"steps": data}, self._catalog, None, item)
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
                steps=steps_json(routine.steps),
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
        check_level(level)
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
            pain_unreliable = self.pain_unreliable()
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
        unreliable = self.pain_unreliable()
        return [
            (
                routine,
                self.suggest(
                    routine.id, today, pain_unreliable=unreliable, safety_signals=safety_signals
                ),
            )
            for routine in routines.values()
        ]

    def pain_unreliable(self) -> bool:
        """True while the newest red-flag answers say pain cannot guide moving up."""
        screening = self._history.latest_screening()
        return screening is not None and screening.pain_unreliable

    def safety_signals(self, today: date) -> tuple[SafetySignal, ...]:
        """The safety signals active ``today``, as the history view and ``summary`` see them."""
        from footcoach.trends import load_summary  # numpy: only when a suggestion is wanted

        return load_summary(self._history, today).safety_signals
