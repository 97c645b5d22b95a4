"""``footcoach routine list|export|import|suggest`` as a person runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from footcoach.catalog import load_catalog
from footcoach.cli import main
from footcoach.history import History, database_path
from footcoach.routines import RoutineStore, read_routine_file

CATALOG = load_catalog()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def cli(*args: str, data_dir: Path) -> int:
    return main(["--data-dir", str(data_dir), *args])


def stored(data_dir: Path) -> list[str]:
    with History.open(data_dir) as history:
        return [row.name for row in history.routine_rows()]


PLAN = """\
format = "footcoach-routine"
version = 1
name = "Clinic plan"
level = 2
note = "Ease off if the ball of the foot burns."

[[steps]]
exercise = "calf-stretch"
side_order = ["right", "left"]
image = "calf.png"

[steps.dose]
sets = 3
reps = 1
hold_seconds = 30
rest_seconds = 15
sides = "each"

[[steps]]
exercise = "toe-spread"
note = "Spread wide"
"""


def plan_file(folder: Path, text: str = PLAN) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "calf.png").write_bytes(PNG)
    path = folder / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_list_shows_the_built_ins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("routine", "list", data_dir=tmp_path / "d") == 0
    out = capsys.readouterr().out
    assert "daily-foot-routine" in out and "Desk break" in out
    assert "level 1" in out and "9 min" in out  # a new person starts slowly, at level 1
    assert "built-in" in out


def test_import_then_export_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d"
    source = plan_file(tmp_path / "in")
    assert cli("routine", "import", str(source), data_dir=data) == 0
    out = capsys.readouterr().out
    assert out.startswith("Imported 'Clinic plan' (id clinic-plan): 2 steps, level 2")
    assert (data / "routine-images" / "clinic-plan" / "calf.png").read_bytes() == PNG

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    assert cli("routine", "export", "clinic plan", str(out_dir / "again.toml"), data_dir=data) == 0
    assert "Wrote 'Clinic plan' (2 steps, level 2)" in capsys.readouterr().out
    assert (out_dir / "calf.png").read_bytes() == PNG
    assert read_routine_file(out_dir / "again.toml", CATALOG) == read_routine_file(source, CATALOG)

    with History.open(data) as history:
        store = RoutineStore(history, CATALOG)
        before = store.get("clinic-plan")
        store.delete("clinic-plan")
    assert cli("routine", "import", str(out_dir / "again.toml"), data_dir=data) == 0
    with History.open(data) as history:
        assert RoutineStore(history, CATALOG).get("clinic-plan") == before


def test_export_a_built_in_and_import_it_under_a_new_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "d"
    out = tmp_path / "daily.toml"
    assert cli("routine", "export", "Daily foot routine", str(out), data_dir=data) == 0
    assert cli("routine", "import", str(out), data_dir=data) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "built-in" in err and "--name" in err
    assert cli("routine", "import", str(out), "--name", "My daily", data_dir=data) == 0
    with History.open(data) as history:
        store = RoutineStore(history, CATALOG)
        assert store.get("my-daily").steps == store.get("daily-foot-routine").steps


def test_import_refuses_a_name_clash_unless_replacing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "d"
    source = plan_file(tmp_path / "in")
    assert cli("routine", "import", str(source), data_dir=data) == 0
    changed = plan_file(tmp_path / "in2", PLAN.replace('note = "Spread wide"', 'note = "New"'))
    assert cli("routine", "import", str(changed), data_dir=data) == 1
    assert "already exists" in capsys.readouterr().err
    assert cli("routine", "import", str(changed), "--replace", data_dir=data) == 0
    with History.open(data) as history:
        routine = RoutineStore(history, CATALOG).get("clinic-plan")
    assert routine.steps[1].note == "New" and stored(data) == ["Clinic plan"]


BAD = [
    ('exercise = "toe-spread"', 'exercise = "toe-lifts"', 20, "exercise", "no exercise"),
    ("sets = 3", "sets = 0", 13, "dose.sets", "out of range"),
    ("hold_seconds = 30", "hold_seconds = 30.5", 15, "dose.hold_seconds", "whole number"),
    ('side_order = ["right", "left"]', 'side_order = ["up"]', 9, "side_order", "expected"),
    ('image = "calf.png"', 'image = "missing.png"', 10, "image", "no such file"),
    ("level = 2", "level = 0", 4, "level", "out of range"),
    ('note = "Spread wide"', "note = 5", 21, "note", "expected text"),
]


@pytest.mark.parametrize(("old", "new", "line", "field", "problem"), BAD)
def test_a_bad_file_exits_1_names_line_and_field_and_writes_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    line: int,
    field: str,
    problem: str,
) -> None:
    assert old in PLAN
    source = plan_file(tmp_path / "in", PLAN.replace(old, new, 1))
    data = tmp_path / "d"
    assert cli("routine", "import", str(source), data_dir=data) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"line {line}: " in err and f"field '{field}'" in err and problem in err
    assert not database_path(data).exists()  # no history created for a bad file
    # With a history already there, nothing is added to it either.
    assert cli("routine", "list", data_dir=data) == 0
    assert cli("routine", "import", str(source), data_dir=data) == 1
    assert stored(data) == [] and not (data / "routine-images").exists()


def test_not_toml_at_all(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = plan_file(tmp_path / "in", PLAN.replace('name = "Clinic plan"', "name = Clinic"))
    assert cli("routine", "import", str(source), data_dir=tmp_path / "d") == 1
    err = capsys.readouterr().err
    assert "line 3: " in err and "not valid TOML" in err and err.count("\n") == 1


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d"
    assert cli("routine", "export", "Desk break", str(tmp_path / "x.txt"), data_dir=data) == 2
    assert "must end in .toml" in capsys.readouterr().err
    assert cli("routine", "import", str(tmp_path / "x.json"), data_dir=data) == 2
    with pytest.raises(SystemExit) as caught:
        cli("routine", data_dir=data)
    assert caught.value.code == 2


def test_unknown_routine_and_missing_file_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "d"
    assert cli("routine", "export", "Nope", str(tmp_path / "x.toml"), data_dir=data) == 1
    err = capsys.readouterr().err
    assert "No routine named 'Nope'" in err and "'Desk break'" in err
    assert cli("routine", "import", str(tmp_path / "missing.toml"), data_dir=data) == 1
    assert "file not found" in capsys.readouterr().err


def test_suggest_on_demo_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d"
    assert cli("demo", "--days", "60", "--seed", "3", data_dir=data) == 0
    capsys.readouterr()
    assert cli("routine", "suggest", "Daily foot routine", data_dir=data) == 0
    out = capsys.readouterr().out.strip()
    first, explanation = out.split("\n")
    assert first in (
        "Daily foot routine, level 1: Move up to level 2.",
        "Daily foot routine, level 1: Stay at level 1.",
    )
    assert " Rule: " in explanation
    assert cli("routine", "suggest", "Desk break", "--as-of", "soon", data_dir=data) == 2


def test_a_real_process_imports_and_lists(tmp_path: Path) -> None:
    source = plan_file(tmp_path / "in")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "footcoach", "--data-dir", str(tmp_path / "d"), "routine"]
    done = subprocess.run(
        [*command, "import", str(source)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    listed = subprocess.run(
        [*command, "list"], capture_output=True, text=True, env=env, timeout=120
    )
    assert listed.returncode == 0 and "clinic-plan" in listed.stdout and "custom" in listed.stdout
