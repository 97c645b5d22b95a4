"""Hostile routine and history files: refused fast, in one line, before the parser sees them."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from footcoach import report
from footcoach.catalog import load_catalog
from footcoach.history import History
from footcoach.limits import (
    MAX_COLUMNS,
    MAX_NAME_CHARS,
    MAX_NESTING,
    MAX_ROUTINE_FILE_BYTES,
    MAX_STEPS,
)
from footcoach.report import COLUMNS, DataImportError, import_history, read_history_file
from footcoach.routines import (
    RoutineError,
    RoutineFileError,
    RoutineStore,
    read_routine_file,
    slugify,
)
from footcoach.routines.content import _deepest_nesting

CATALOG = load_catalog()
HEAD = 'format = "footcoach-routine"\nversion = 1\n'
STEP = '\n[[steps]]\nexercise = "toe-spread"\n'


def routine_error(tmp_path: Path, text: str | bytes) -> str:
    """The one-line message for a routine file holding ``text``."""
    path = tmp_path / "plan.toml"
    if isinstance(text, str):
        path.write_text(text, "utf-8")
    else:
        path.write_bytes(text)
    with pytest.raises(RoutineFileError) as caught:
        read_routine_file(path, CATALOG)
    message = str(caught.value)
    assert "\n" not in message and "\x1b" not in message
    return message


# --------------------------------------------------------------------------- routine files


def test_deep_nesting_is_refused_before_parsing(tmp_path: Path) -> None:
    deep = HEAD + 'name = "x"\nnote = ' + "[" * 500 + "]" * 500 + "\n" + STEP
    message = routine_error(tmp_path, deep)
    assert message.endswith("field '-': brackets nested more than 10 deep; not a routine file")


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ('a = [[1], {b = [2]}]\n[[steps]]\nc = "[[[[[[["', 3),
        ("a = '[[[[' # [[[[[[[\nb = [1]", 1),
        ('a = """\n[[[[[[[[[[[[\\"""\n]]"""\nb = [[2]]', 2),
        ('a = """x""""\nb = [[[3]]]', 3),  # a multi-line string ending in a quote of its own
        ("a = '''\n[[[[[[[[[[[['''\nb = []", 1),
    ],
)
def test_nesting_counts_brackets_outside_strings_and_comments(text: str, depth: int) -> None:
    assert _deepest_nesting(text) == depth


def test_a_routine_file_nested_within_the_limit_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    text = HEAD + 'name = "Levels"\n[[steps]]\nexercise = "toe-spread"\n'
    path.write_text(text + "levels = { 4 = { sets = 2 }, 5 = { sets = 3 } }\n", "utf-8")
    assert read_routine_file(path, CATALOG).steps[0].level_doses[0][1].sets == 2
    assert MAX_NESTING >= 2


def test_a_huge_file_is_refused_by_its_size(tmp_path: Path) -> None:
    huge = HEAD + 'name = "' + "n" * MAX_ROUTINE_FILE_BYTES + '"\n' + STEP
    assert "larger than 1,000,000 bytes; not a routine file" in routine_error(tmp_path, huge)


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(codecs.BOM_UTF8 + (HEAD + 'name = "Bom"\n' + STEP).encode())
    assert read_routine_file(path, CATALOG).name == "Bom"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HEAD + 'name = "x"\n[[steps]]\nexercise = "toe\\nlifts"\n',
            "line 5: routine, step 1 ('toe\\nlifts'): field 'exercise': 'toe\\nlifts' must use",
        ),
        (
            HEAD + 'name = "Evil\\u001b[2J"\n' + STEP,
            "line 3: routine: field 'name': control character U+001B is not allowed",
        ),
        (
            HEAD + 'name = "Evil\\u202ename"\n' + STEP,
            "field 'name': invisible formatting character U+202E RIGHT-TO-LEFT OVERRIDE",
        ),
        (
            HEAD + 'name = "' + "n" * 300 + '"\n' + STEP,
            "line 3: routine: field 'name': too long: 300 characters, at most 100",
        ),
        (
            HEAD + 'name = "Many"\n' + STEP * 10_000,
            "line 5: routine: field 'steps': too many steps: 10,000, at most 50",
        ),
        (
            HEAD + 'name = "x"\nnote = "' + "x" * 2001 + '"\n' + STEP,
            "line 4: routine: field 'note': too long: 2,001 characters, at most 2,000",
        ),
        (
            HEAD + 'name = "x"\ndescription = "two\\nlines"\n' + STEP,
            "field 'description': control character U+000A is not allowed",
        ),
        (
            HEAD + 'name = "x"\n[[steps]]\nexercise = "toe-spread"\nnote = "bell\\u0007"\n',
            "field 'note': control character U+0007 is not allowed",
        ),
    ],
)
def test_a_hostile_routine_file_gets_one_escaped_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert expected in routine_error(tmp_path, text)


def test_a_look_alike_of_a_built_in_name_is_refused(data_dir: Path) -> None:
    with History.open(data_dir) as history:
        store = RoutineStore(history, CATALOG)
        plan = data_dir / "plan.toml"
        plan.write_text(HEAD + 'name = "Desk\\u00a0break"\n' + STEP, "utf-8")
        with pytest.raises(RoutineError, match="'Desk break' is the name of a built-in"):
            store.import_file(plan)
        store.import_file(plan, name="My desk break")
        with pytest.raises(RoutineError, match="A routine named 'My desk break' already exists"):
            store.duplicate("desk-break", "my\u00a0DESK  break")
        assert [r.name for r in store.custom()] == ["My desk break"]


def test_the_store_refuses_what_a_file_may_not_hold(data_dir: Path) -> None:
    with History.open(data_dir) as history:
        store = RoutineStore(history, CATALOG)
        with pytest.raises(RoutineError, match="Routine name: too long: 300 characters"):
            store.duplicate("desk-break", "n" * 300)
        with pytest.raises(RoutineError, match=r"Routine name: control character U\+0000"):
            store.rename(store.duplicate("desk-break", "Copy").id, "nul\x00")
        source = store.get("desk-break")
        many = source.steps * (MAX_STEPS // len(source.steps) + 1)
        with pytest.raises(RoutineError, match="Routine: too many steps"):
            store.save(source.__class__(id="many", name="Many", steps=many))
        assert [r.name for r in store.custom()] == ["Copy"]


def test_an_id_made_from_a_name_stays_within_the_name_limit() -> None:
    # A session records the routine's id, which import reads back (at most 200 characters).
    assert slugify("\u339e" * 100) == "km" * 50  # NFKD makes each sign two letters
    assert len(slugify("n" * 300)) == MAX_NAME_CHARS


# --------------------------------------------------------------------------- history files


def test_a_60000_column_header_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("record_type," + ",".join(f"c{i}" for i in range(60_000)) + "\r\n")
    with pytest.raises(DataImportError) as caught:  # refused before any per-column check
        read_history_file(path)
    assert str(caught.value) == (
        f"wide.csv: row 1: the header has 60,001 columns; a FootCoach history has {len(COLUMNS)}; "
        "nothing was imported"
    )


def test_duplicate_columns_are_found_in_linear_time(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    header = list(COLUMNS) + ["note"] * (MAX_COLUMNS - len(COLUMNS))
    path.write_text(",".join(header) + "\r\n")
    with pytest.raises(DataImportError, match="duplicate column note"):
        read_history_file(path)


def test_a_bom_is_accepted_in_csv_and_json(data_dir: Path, tmp_path: Path) -> None:
    with History.open(data_dir) as history:
        for kind in (".csv", ".json"):
            path = tmp_path / f"empty{kind}"
            report.export_history(history, path)
            data = path.read_bytes()
            path.write_bytes(data if data.startswith(codecs.BOM_UTF8) else codecs.BOM_UTF8 + data)
            assert import_history(history, path).total == 0


def test_a_file_name_with_a_line_break_stays_one_line(tmp_path: Path) -> None:
    path = tmp_path / "two\nlines\x1b.csv"
    path.write_text("not,a,history\r\n")
    with pytest.raises(DataImportError) as caught:
        read_history_file(path)
    assert str(caught.value).startswith("two\\nlines\\x1b.csv: row 1: not a FootCoach history")


def test_deep_json_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(DataImportError, match=r"not valid JSON \(nested too deeply\)"):
        read_history_file(path)
