"""Prescription files: a routine to TOML and back, and names and slugs."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from footcoach.catalog import (
    Catalog,
    Dose,
)
from footcoach.limits import (
    MAX_DESCRIPTION_CHARS,
    MAX_NAME_CHARS,
    MAX_ROUTINE_NOTE_CHARS,
    LimitError,
    normal_name,
)
from footcoach.routines.content import (
    KeyLines,
    RoutineFields,
    parse_steps,
    read_routine_text,
)
from footcoach.routines.model import (
    DEFAULT_LEVEL,
    FILE_FORMAT,
    FILE_VERSION,
    MAX_LEVEL,
    MIN_LEVEL,
    Routine,
    RoutineError,
    RoutineStep,
    check_level,
)

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
    lines.append(f"level = {check_level(level if level is not None else routine.level)}")
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
    text, data = read_routine_text(path)
    fields = RoutineFields(path, "routine", KeyLines(text))
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
        steps=parse_steps(fields, data, catalog, image_dir, "routine"),
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


def steps_json(steps: Sequence[RoutineStep]) -> str:
    return json.dumps([step_data(step) for step in steps], ensure_ascii=False, sort_keys=True)
