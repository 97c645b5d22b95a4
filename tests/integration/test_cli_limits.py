"""The command line's doors: the limits of ``footcoach.limits``, time edges, escaped names."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from footcoach.cli import main
from footcoach.commands.pain import parse_at
from footcoach.errors import UsageError
from footcoach.history import History, RoutineRow
from footcoach.records import Moment
from footcoach.report import COLUMNS


def cli(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def notes(data_dir: Path) -> list[str]:
    with History.open(data_dir) as history:
        return [entry.note for entry in history.pain_entries()]


@pytest.mark.parametrize("note", ["-1+1", "-sore", "-", "- left foot", "-2"])
def test_a_note_may_start_with_a_dash(data_dir: Path, note: str) -> None:
    assert cli(data_dir, "log-pain", "3", "--note", note) == 0
    assert cli(data_dir, "log-pain", "4", f"--note={note}", "--context", "morning") == 0
    assert notes(data_dir) == [note, note]


def test_an_option_after_note_is_still_an_option(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        cli(data_dir, "log-pain", "3", "--note", "--context", "day")
    assert caught.value.code == 2
    assert "argument --note: expected one argument" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--note", "x" * 10_001), "--note: too long: 10,001 characters, at most 10,000"),
        (("--note", "a\x1b[2Jb"), "--note: control character U+001B is not allowed"),
        (("--note", "ring\x07"), "--note: control character U+0007 is not allowed"),
        (("--note", "next\x85line"), "--note: control character U+0085 is not allowed"),
        (("--note", "bad byte \udcff"), "--note: invalid character U+DCFF is not allowed"),
        (("--at", "2025-01-01T08:00+23:00"), "--at: UTC offset +23:00 is outside -12:00..+14:00"),
        (("--at", "2025-01-01T08:00-13:00"), "--at: UTC offset -13:00 is outside"),
        (("--at", "1960-01-01T08:00+00:00"), "--at: expected a time in 1970 or later"),
    ],
)
def test_log_pain_refuses_what_import_would_refuse(
    data_dir: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    assert cli(data_dir, "log-pain", "3", *args) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == f"footcoach: error: {message}" or err[-1].startswith(
        f"footcoach: error: {message}"
    )
    assert notes(data_dir) == []


def test_the_note_limit_itself_is_accepted(data_dir: Path) -> None:
    note = "line one\nline two\t" + "x" * 9_980
    assert cli(data_dir, "log-pain", "3", "--note", note) == 0
    assert notes(data_dir) == [note]


# --------------------------------------------------------------------------- DST edges


@pytest.fixture
def london(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This process's local time zone is Europe/London for the test."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.usefixtures("london")
def test_a_time_the_clocks_skipped_is_refused() -> None:
    with pytest.raises(UsageError) as caught:
        parse_at("2025-03-30T01:30", NOW)  # clocks went 01:00 -> 02:00
    assert str(caught.value) == (
        "--at 2025-03-30T01:30: that time did not exist here (the clocks went forward); "
        "give the time the clock showed, or add a UTC offset such as +00:00"
    )


@pytest.mark.usefixtures("london")
def test_a_time_the_clocks_passed_twice_is_the_first_and_says_so() -> None:
    moment, said = parse_at("2025-10-26T01:30", NOW)  # clocks went 02:00 -> 01:00
    assert moment.utc == datetime(2025, 10, 26, 0, 30, tzinfo=UTC)
    assert moment.utc_offset_minutes == 60
    assert said == (
        "01:30 came twice on 2025-10-26 (the clocks went back): logged the first one (+01:00); "
        "for the second, use --at 2025-10-26T01:30+00:00."
    )
    second, said = parse_at("2025-10-26T01:30+00:00", NOW)
    assert second.utc == datetime(2025, 10, 26, 1, 30, tzinfo=UTC) and said == ""


@pytest.mark.usefixtures("london")
def test_ordinary_local_times_say_nothing_more() -> None:
    moment, said = parse_at("2025-06-01T07:30", NOW)
    assert (moment.utc, moment.utc_offset_minutes, said) == (
        datetime(2025, 6, 1, 6, 30, tzinfo=UTC),
        60,
        "",
    )


@pytest.mark.usefixtures("london")
def test_log_pain_prints_which_time_it_took(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(data_dir, "log-pain", "3", "--at", "2025-10-26T01:30") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("01:30 came twice on 2025-10-26")
    assert out[1].startswith("Logged pain 3/10")


# --------------------------------------------------------------------------- escaping


def test_routine_list_escapes_a_name_saved_by_an_older_version(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with History.open(data_dir) as history:
        history.save_routine_row(
            RoutineRow(
                id="old",
                name="Bad\x1b[2J\x00\u202eeman\nnext",
                description="",
                note="",
                level=3,
                steps='[{"exercise": "toe-spread"}]',
                saved=Moment.now(),
            )
        )
    assert cli(data_dir, "routine", "list") == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("old"))
    assert "Bad\\x1b[2J\\x00\\u202eeman\\nnext" in line
    assert "\x1b" not in out and "\x00" not in out and "\u202e" not in out


def test_import_of_a_wide_header_is_one_line(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("record_type," + ",".join(f"c{i}" for i in range(60_000)) + "\r\n")
    assert cli(data_dir, "import", str(path)) == 1
    assert capsys.readouterr().err == (
        "footcoach: wide.csv: row 1: the header has 60,001 columns; "
        f"a FootCoach history has {len(COLUMNS)}; nothing was imported\n"
    )
