"""Reading routine content: the built-in routines and level scheme, and the checks every step
and routine file passes (key lines, fields, images, nesting)."""

from __future__ import annotations

import codecs
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, TypeVar

from footcoach.catalog import (
    DOSE_RANGES,
    Catalog,
    Dose,
    FieldReader,
    Sides,
)
from footcoach.limits import (
    MAX_DESCRIPTION_CHARS,
    MAX_FILE_NAME_CHARS,
    MAX_NESTING,
    MAX_ROUTINE_FILE_BYTES,
    MAX_ROUTINE_NOTE_CHARS,
    LimitError,
    check_step_count,
    check_text,
    normal_name,
)
from footcoach.paths import asset_path
from footcoach.records import (
    Side,
)
from footcoach.routines.model import (
    DEFAULT_LEVEL,
    IMAGE_SUFFIXES,
    MAX_IMAGE_BYTES,
    MAX_LEVEL,
    MIN_LEVEL,
    START_LEVEL,
    LevelRule,
    LevelScheme,
    Routine,
    RoutineContent,
    RoutineFileError,
    RoutineStep,
    Variant,
)

# --------------------------------------------------------------------------- key lines


Key = tuple[str | int, ...]


class KeyLines:
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


class RoutineFields(FieldReader):
    """The catalogue's typed field access, with the line of each field in the errors."""

    def __init__(self, path: Path, item: str, lines: KeyLines | None, where: Key = ()) -> None:
        super().__init__(path, item)
        self.lines = lines
        self.where = where

    def child(self, item: str, *where: str | int) -> RoutineFields:
        return RoutineFields(self.path, item, self.lines, self.where + where)

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


def _dose_override(fields: RoutineFields, raw: Mapping[str, Any], base: Dose, prefix: str) -> Dose:
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


def _side_order(fields: RoutineFields, raw: Mapping[str, Any]) -> tuple[Side, ...]:
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


def _image_name(
    fields: RoutineFields, raw: Mapping[str, Any], image_dir: Path | None
) -> str | None:
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
    fields: RoutineFields, raw: Mapping[str, Any], catalog: Catalog, image_dir: Path | None
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


def parse_steps(
    fields: RoutineFields,
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


def read_routine_text(path: Path) -> tuple[str, dict[str, Any]]:
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
    text, data = read_routine_text(path)
    fields = RoutineFields(path, "file", KeyLines(text))
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
                steps=parse_steps(reader, raw, catalog, None, item),
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


def _parse_scheme(fields: RoutineFields, data: Mapping[str, Any], catalog: Catalog) -> LevelScheme:
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
    fields: RoutineFields, data: Mapping[str, Any], catalog: Catalog
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
