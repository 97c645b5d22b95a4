"""The catalogue loads, and every kind of content mistake is named precisely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from footcoach.catalog import CatalogError, Dose, Kind, Position, Sides, load_catalog
from footcoach.paths import asset_path

GOOD = """
[[exercises]]
id = "calf-stretch"
name = "Calf stretch"
kind = "stretch"
position = "standing"
equipment = ["wall"]
steps = ["Face a wall.", "Lean in."]
helps = "Loosens the calf."
cue = "Lean in."
illustration = "calf.svg"

[exercises.dose]
sets = 2
reps = 1
hold_seconds = 30
rest_seconds = 10
sides = "each"

[[precautions]]
id = "start-slowly"
title = "Start slowly"
text = "Build up over weeks."

[see_professional]
text = "Guidance, not diagnosis."
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "illustrations").mkdir(exist_ok=True)
    (tmp_path / "illustrations" / "calf.svg").write_text("<svg/>")
    path = tmp_path / "exercises.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_real_catalogue_has_the_ten_items_and_four_precautions() -> None:
    catalog = load_catalog()
    assert catalog.ids() == (
        "heel-raises", "towel-curls", "foot-roll", "marble-pickups", "single-leg-balance",
        "toe-scrunch", "heel-walks", "toe-spread", "toe-stretch", "calf-stretch",
    )  # fmt: skip
    assert {e.kind for e in catalog.exercises} == set(Kind)
    assert len(catalog.precautions) == 4
    assert "not a diagnosis" in catalog.see_professional
    for exercise in catalog.exercises:
        assert asset_path("illustrations", exercise.illustration).is_file()
        assert exercise.steps and exercise.helps and exercise.cue


def test_good_file_loads_into_frozen_dataclasses(tmp_path: Path) -> None:
    catalog = load_catalog(write(tmp_path, GOOD))
    exercise = catalog.get("calf-stretch")
    assert exercise.position is Position.STANDING
    assert exercise.dose == Dose(sets=2, reps=1, rest_seconds=10, sides=Sides.EACH,
                                 hold_seconds=30)  # fmt: skip
    assert exercise.caution is None
    with pytest.raises(AttributeError):
        exercise.name = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("old", "new", "item", "field", "problem"),
    [
        ('name = "Calf stretch"\n', "", "exercise 'calf-stretch'", "name", "missing"),
        ('name = "Calf stretch"', "name = 3", "exercise 'calf-stretch'", "name", "expected text"),
        (
            'cue = "Lean in."',
            'cue = "Lean in."\ncolour = "red"',
            "exercise 'calf-stretch'",
            "colour",
            "unknown key",
        ),
        ("sets = 2", "sets = 2\nspeed = 1", "exercise 'calf-stretch'", "dose.speed", "unknown key"),
        (
            "hold_seconds = 30",
            "hold_seconds = 301",
            "exercise 'calf-stretch'",
            "dose.hold_seconds",
            "out of range 1-300",
        ),
        ("sets = 2", "sets = 0", "exercise 'calf-stretch'", "dose.sets", "out of range"),
        (
            "sets = 2",
            'sets = "two"',
            "exercise 'calf-stretch'",
            "dose.sets",
            "expected a whole number",
        ),
        (
            "hold_seconds = 30",
            "hold_seconds = 30\nrep_seconds = 4",
            "exercise 'calf-stretch'",
            "dose.hold_seconds",
            "exactly one",
        ),
        ('kind = "stretch"', 'kind = "yoga"', "exercise 'calf-stretch'", "kind", "not one of"),
        ('sides = "each"', 'sides = "left"', "exercise 'calf-stretch'", "dose.sides", "not one of"),
        (
            'illustration = "calf.svg"',
            'illustration = "gone.svg"',
            "exercise 'calf-stretch'",
            "illustration",
            "no file 'gone.svg'",
        ),
        (
            'steps = ["Face a wall.", "Lean in."]',
            "steps = []",
            "exercise 'calf-stretch'",
            "steps",
            "is empty",
        ),
        (
            'id = "calf-stretch"',
            'id = "Calf Stretch"',
            "exercise 'Calf Stretch'",
            "id",
            "lowercase",
        ),
        ('title = "Start slowly"\n', "", "precaution 'start-slowly'", "title", "missing"),
    ],
)
def test_each_mistake_names_file_item_and_field(
    tmp_path: Path, old: str, new: str, item: str, field: str, problem: str
) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {item}: field '{field}': ")
    assert problem in message
    assert "\n" not in message


def test_duplicate_id_is_named(tmp_path: Path) -> None:
    exercise = GOOD[: GOOD.index("[[precautions]]")]
    path = write(tmp_path, exercise + GOOD)
    with pytest.raises(CatalogError, match=re.escape("exercise 'calf-stretch': field 'id'")):
        load_catalog(path)


def test_broken_toml_and_missing_file_are_clear(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="not valid TOML"):
        load_catalog(write(tmp_path, GOOD + "\n[[[oops"))
    with pytest.raises(CatalogError, match="file not found"):
        load_catalog(tmp_path / "nowhere.toml")


def test_dose_describe_reads_naturally() -> None:
    each = Sides.EACH
    assert Dose(2, 10, 45, Sides.BOTH, rep_seconds=5).describe() == "2 sets × 10 reps, both feet"
    assert Dose(1, 1, 0, each, hold_seconds=60).describe() == "60 s, each foot"
    assert Dose(2, 1, 10, each, hold_seconds=30).describe() == "2 × 30 s holds, each foot"
    assert Dose(1, 3, 10, each, hold_seconds=20).describe() == "3 holds of 20 s, each foot"
