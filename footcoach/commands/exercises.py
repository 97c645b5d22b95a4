"""``footcoach exercises [--json]``: list the catalogue."""

from __future__ import annotations

import argparse
import json
from typing import Any

from footcoach.catalog import Exercise, load_catalog


def register(subparsers: Any) -> None:
    """Add the ``exercises`` sub-command."""
    parser = subparsers.add_parser("exercises", help="list the exercises and stretches")
    parser.add_argument("--json", action="store_true", help="print a JSON list of objects")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the catalogue as a table or as JSON."""
    exercises = load_catalog().exercises
    if args.json:
        print(json.dumps([exercise_row(e) for e in exercises], indent=2, ensure_ascii=False))
        return 0
    width = max(len(e.id) for e in exercises)
    for exercise in exercises:
        print(
            f"{exercise.id:<{width}}  {exercise.name:<20} {exercise.kind.value:<9} "
            f"{exercise.position.value:<9} {exercise.dose.describe()}"
        )
    return 0


def exercise_row(exercise: Exercise) -> dict[str, Any]:
    """The public fields of one exercise as plain data."""
    return {
        "id": exercise.id,
        "name": exercise.name,
        "kind": exercise.kind.value,
        "position": exercise.position.value,
        "equipment": list(exercise.equipment),
        "dose": exercise.dose.as_dict() | {"text": exercise.dose.describe()},
    }
