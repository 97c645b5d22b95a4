"""``footcoach routine list|export|import|suggest``: routines and prescription files."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from footcoach import paths
from footcoach.errors import FootCoachError, UsageError
from footcoach.limits import shown

if TYPE_CHECKING:
    from footcoach.routines import Routine, RoutineStore


def register(subparsers: Any) -> None:
    """Add the ``routine`` sub-command and its actions."""
    routine = subparsers.add_parser(
        "routine",
        help="list routines, export or import a prescription file, suggest a level",
        description="Routines and prescription files (see docs/routine-format.md).",
    )
    actions = routine.add_subparsers(title="actions", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="list the routines with their levels and times")
    listing.set_defaults(run=run_list)

    export = actions.add_parser(
        "export",
        help="write a routine as a prescription file",
        description="Write the routine NAME (name or id) at its current level to OUT.toml; "
        "a custom routine's images are copied beside it. An existing OUT is replaced.",
    )
    export.add_argument("name", metavar="NAME", help="the routine's name or id")
    export.add_argument("out", metavar="OUT.toml", help="the file to write")
    export.set_defaults(run=run_export)

    imp = actions.add_parser(
        "import",
        help="add the routine of a prescription file",
        description="Check the whole file first (steps, doses, sides, images beside it); on "
        "any problem name the line and field and write nothing.",
    )
    imp.add_argument("source", metavar="IN.toml", help="the file to read")
    imp.add_argument("--name", metavar="NAME", help="save under this name instead")
    imp.add_argument(
        "--replace", action="store_true", help="replace a custom routine of the same name"
    )
    imp.set_defaults(run=run_import)

    suggest = actions.add_parser(
        "suggest",
        help="suggest a level for a routine from the recent history",
        description="Suggest moving up, down or staying, with the reason (pain-monitoring "
        "model). Nothing is changed.",
    )
    suggest.add_argument("name", metavar="NAME", help="the routine's name or id")
    suggest.add_argument(
        "--as-of", metavar="DATE", help="judge as of this local date (default: today)"
    )
    suggest.set_defaults(run=run_suggest)


def _toml_path(text: str, what: str) -> Path:
    path = Path(text)
    if path.suffix.lower() != ".toml":
        raise UsageError(f"{what} must end in .toml, got {text!r}")
    return path


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 90 else f"{seconds:.0f} s"


def run_list(args: argparse.Namespace) -> int:
    """Print every routine: id, name, steps, current level and time."""
    from footcoach.catalog import load_catalog
    from footcoach.history import History
    from footcoach.routines import RoutineStore, routine_seconds_at

    catalog = load_catalog()
    with History.open(paths.data_dir(), or_read_only=True) as history:
        store = RoutineStore(history, catalog)
        rows = []
        for routine in store.all():
            level = store.level(routine.id)
            seconds = routine_seconds_at(routine, catalog, level)
            kind = "built-in" if routine.builtin else "custom"
            # Names saved by older versions may hold escapes that would work the terminal.
            name = shown(routine.name, limit=None)
            rows.append((routine.id, name, len(routine.steps), level, seconds, kind))
        problems = store.problems
    width = max(len(row[0]) for row in rows)
    for rid, name, steps, level, seconds, kind in rows:
        print(
            f"{rid:<{width}}  {name:<24} {steps:>2} steps  level {level}  "
            f"{_minutes(seconds):>7}  {kind}"
        )
    for problem in problems:
        print(f"not shown: {shown(problem, limit=None)}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write a routine as a prescription file."""
    from footcoach.catalog import load_catalog
    from footcoach.history import History
    from footcoach.routines import RoutineStore

    out = _toml_path(args.out, "OUT")
    with History.open(paths.data_dir()) as history:
        store = RoutineStore(history, load_catalog())
        routine = _find(store, args.name)
        store.export_file(routine.id, out)
        level = store.level(routine.id)
    print(f"Wrote '{shown(routine.name)}' ({len(routine.steps)} steps, level {level}) to {out}.")
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Import a prescription file (all or nothing)."""
    from footcoach.catalog import load_catalog
    from footcoach.history import History
    from footcoach.instance import InstanceLock
    from footcoach.routines import (
        RoutineError,
        RoutineStore,
        read_routine_file,
        routine_seconds,
    )

    source = _toml_path(args.source, "IN")
    catalog = load_catalog()
    # Check the whole file before opening (maybe creating) the history.
    routine = read_routine_file(source, catalog)
    data_dir = paths.data_dir()
    with InstanceLock(data_dir), History.open(data_dir) as history:
        store = RoutineStore(history, catalog)
        try:
            saved = store.import_routine(
                routine, source.parent, name=args.name, replace_existing=args.replace
            )
        except RoutineError as error:
            raise RoutineError(f"{error} (see --name and --replace)") from None
    minutes = _minutes(routine_seconds(saved, catalog))
    print(
        f"Imported '{shown(saved.name)}' (id {saved.id}): {len(saved.steps)} steps, "
        f"level {saved.level}, about {minutes}."
    )
    return 0


def run_suggest(args: argparse.Namespace) -> int:
    """Print the progression suggestion for a routine."""
    from footcoach.catalog import load_catalog
    from footcoach.history import History
    from footcoach.routines import RoutineStore

    today = date.today()
    if args.as_of:
        try:
            today = date.fromisoformat(args.as_of)
        except ValueError:
            raise UsageError(
                f"--as-of must be a date like 2025-06-01, got {args.as_of!r}"
            ) from None
    with History.open(paths.data_dir(), or_read_only=True) as history:
        store = RoutineStore(history, load_catalog())
        routine = _find(store, args.name)
        suggestion = store.suggest(routine.id, today)
    print(suggestion.heading(shown(routine.name)))
    print(suggestion.explanation())
    return 0


def _find(store: RoutineStore, name: str) -> Routine:
    routine = store.find(name)
    if routine is None:
        names = ", ".join(f"'{shown(r.name)}'" for r in store.all())
        raise FootCoachError(f"No routine named '{shown(name)}' (routines: {names})")
    return routine
