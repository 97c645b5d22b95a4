"""``footcoach demo``, ``export`` and ``import`` as a person runs them: exit codes and messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from footcoach.cli import main
from footcoach.history import History, database_path


def run_cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "footcoach", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip


def cli(*args: str, data_dir: Path) -> int:
    return main(["--data-dir", str(data_dir), *args])


def counts(data_dir: Path) -> dict[str, int]:
    with History.open(data_dir) as history:
        return history.counts()


@pytest.fixture
def filled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A data dir holding 60 days of demo history."""
    directory = tmp_path / "filled"
    assert cli("demo", "--days", "60", "--seed", "4", data_dir=directory) == 0
    capsys.readouterr()
    return directory


def test_demo_fills_an_empty_data_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("demo", "--days", "30", data_dir=tmp_path / "d") == 0
    out = capsys.readouterr().out
    assert out.startswith("Wrote ") and "pain entries" in out and "30 days" in out
    numbers = counts(tmp_path / "d")
    assert numbers["pain_entries"] > 20 and numbers["sessions"] > 10 and numbers["sets"] > 100


def test_demo_refuses_a_data_dir_with_history(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = counts(filled)
    assert cli("demo", data_dir=filled) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already holds history" in err and "--force" in err
    assert counts(filled) == before


def test_demo_force_adds_to_existing_history(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = counts(filled)
    assert cli("demo", "--days", "60", "--seed", "4", "--force", data_dir=filled) == 0
    assert "already there" in capsys.readouterr().out  # same seed, same ids: nothing doubled
    assert counts(filled) == before
    assert cli("demo", "--days", "10", "--seed", "5", "--force", data_dir=filled) == 0
    assert counts(filled)["pain_entries"] > before["pain_entries"]


@pytest.mark.parametrize("days", ["0", "40000"])
def test_demo_bad_days_is_a_usage_error(
    days: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("demo", "--days", days, data_dir=tmp_path / "d") == 2
    assert "--days must be" in capsys.readouterr().err


@pytest.mark.parametrize("kind", [".csv", ".json"])
def test_export_import_export_round_trip_is_byte_identical(
    kind: str, filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / f"first{kind}", tmp_path / f"second{kind}"
    assert cli("export", str(first), data_dir=filled) == 0
    assert capsys.readouterr().out.startswith("Exported ")
    fresh = tmp_path / "fresh"
    assert cli("import", str(first), data_dir=fresh) == 0
    out = capsys.readouterr().out
    assert out.startswith("Imported ") and "0 already in the history" in out
    assert cli("export", str(second), data_dir=fresh) == 0
    assert first.read_bytes() == second.read_bytes()
    assert counts(fresh) == counts(filled)


def test_reimport_adds_nothing(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "h.csv"
    assert cli("export", str(out_file), data_dir=filled) == 0
    before = counts(filled)
    assert cli("import", str(out_file), data_dir=filled) == 0
    assert "Imported 0 new records" in capsys.readouterr().out
    assert counts(filled) == before


def test_export_of_a_wrong_extension_is_a_usage_error(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("export", str(tmp_path / "h.xlsx"), data_dir=filled) == 2
    assert "OUT must end in .csv or .json" in capsys.readouterr().err
    assert not (tmp_path / "h.xlsx").exists()


def test_bad_import_into_a_fresh_data_dir_leaves_no_trace(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "h.csv"
    assert cli("export", str(good), data_dir=filled) == 0
    lines = good.read_bytes().split(b"\r\n")
    lines[3] = lines[3].replace(b",", b",11,", 1)  # one cell too many on row 4
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\r\n".join(lines))
    capsys.readouterr()
    fresh = tmp_path / "fresh"
    assert cli("import", str(bad), data_dir=fresh) == 1
    err = capsys.readouterr().err
    assert err == (
        "footcoach: bad.csv: row 4: expected 35 cells (one per header column), got 36; "
        "nothing was imported\n"
    )
    assert not database_path(fresh).exists() and os.listdir(fresh) == []


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("h.txt", b"x", "footcoach: h.txt: expected a .csv or .json file"),
        ("h.csv", b"", "footcoach: h.csv: file is empty; nothing was imported"),
        ("h.json", b"{oops", "footcoach: h.json: not valid JSON"),
        ("h.csv", b"\xff\xfe\x00", "footcoach: h.csv: file is UTF-16 or UTF-32 text"),
    ],
)
def test_bad_import_exits_1_with_one_line_and_writes_nothing(
    name: str,
    content: bytes,
    expected: str,
    filled: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = counts(filled)
    assert cli("import", str(path), data_dir=filled) == 1
    err = capsys.readouterr().err
    assert err.startswith(expected) and err.count("\n") == 1
    assert counts(filled) == before


def test_import_of_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("import", str(tmp_path / "gone.json"), data_dir=tmp_path / "d") == 1
    assert "gone.json: cannot read the file" in capsys.readouterr().err


def test_pain_of_eleven_in_a_subprocess_is_one_line_no_traceback(
    filled: Path, tmp_path: Path
) -> None:
    good = tmp_path / "h.json"
    assert cli("export", str(good), data_dir=filled) == 0
    text = good.read_text("utf-8")
    start = text.index('"score": ') + len('"score": ')
    end = text.index(",", start)
    bad = tmp_path / "bad.json"
    bad.write_text(text[:start] + "11" + text[end:], "utf-8")
    result = run_cli("import", str(bad), data_dir=filled)
    assert result.returncode == 1
    assert result.stderr.startswith("footcoach: bad.json: record ")
    assert ", field score: expected a whole number from 0 to 10, got 11" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_ten_years_of_demo_from_the_command_line(tmp_path: Path) -> None:
    # How long it takes is a figure of benchmarks/history_bench.py, not a test.
    result = run_cli("demo", "--days", "3650", data_dir=tmp_path / "d")
    assert result.returncode == 0, result.stderr
    assert "3650 days" in result.stdout
