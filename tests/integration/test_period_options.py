"""``summary``, ``report`` and ``share`` take their period options from one place
(``footcoach/commands/period.py``): the same bad dates get the same one line from each."""

from __future__ import annotations

from pathlib import Path

import pytest

from footcoach.cli import main


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--from", "2025-02-30"], "--from must be a date such as 2025-06-01, got '2025-02-30'"),
        (["--to", "June"], "--to must be a date such as 2025-06-01, got 'June'"),
        (
            ["--from", "2025-05-02", "--to", "2025-05-01"],
            "--from 2025-05-02 is after --to 2025-05-01",
        ),
        (["--from", "2999-01-01"], "--from 2999-01-01 is in the future"),
    ],
)
def test_the_same_bad_period_gets_the_same_line_from_every_command(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    line: str,
) -> None:
    commands = {
        "summary": ["summary"],
        "report": ["report", str(tmp_path / "report.pdf")],
        "share": ["share", str(tmp_path / "shared")],
    }
    said = {}
    for name, command in commands.items():
        capsys.readouterr()
        assert main(["--data-dir", str(data_dir), *command, *args]) == 2, name
        captured = capsys.readouterr()
        assert captured.out == "", name
        said[name] = captured.err.splitlines()[-1]
    assert set(said.values()) == {f"footcoach: error: {line}"}, said
    assert not (tmp_path / "report.pdf").exists() and not (tmp_path / "shared").exists()
