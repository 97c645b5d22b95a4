"""The command line as a person uses it: exit codes, messages, JSON and screenshots."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from footcoach import __version__
from footcoach.cli import main


def run_cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "footcoach", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"FootCoach {__version__}"


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["jump"])
    assert caught.value.code == 2
    assert "invalid choice: 'jump'" in capsys.readouterr().err


def test_exercises_json_lists_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercises", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 10
    assert set(rows[0]) == {"id", "name", "kind", "position", "equipment", "dose"}
    calf = next(r for r in rows if r["id"] == "calf-stretch")
    assert calf["dose"]["hold_seconds"] == 30 and calf["dose"]["sides"] == "each"


def test_exercises_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercises"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 10 and lines[0].startswith("heel-raises")


def test_bad_size_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["screenshot", str(tmp_path / "x.png"), "--size", "big"]) == 2
    assert "--size must look like 1280x800" in capsys.readouterr().err


def test_runtime_failure_is_one_line_without_traceback(tmp_path: Path) -> None:
    result = run_cli("screenshot", str(tmp_path / "x.png"), "--exercise", "nope",
                     data_dir=tmp_path / "d")  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "footcoach: no exercise with id 'nope' (see 'footcoach exercises')"
    )


@pytest.mark.parametrize(("size", "theme"), [("1280x800", "light"), ("900x600", "dark")])
def test_screenshot_writes_a_non_blank_png(tmp_path: Path, size: str, theme: str) -> None:
    out = tmp_path / "shot.png"
    result = run_cli("screenshot", str(out), "--size", size, "--theme", theme,
                     "--exercise", "calf-stretch", data_dir=tmp_path / "d")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    image = QImage(str(out))
    width, height = (int(v) for v in size.split("x"))
    assert (image.width(), image.height()) == (width, height)
    # Not blank: many distinct colours across a coarse grid of samples.
    samples = {image.pixel(x, y) for x in range(0, width, 20) for y in range(0, height, 20)}
    assert len(samples) > 20


def test_gui_without_a_display_says_so_instead_of_aborting(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "footcoach", "--data-dir", str(tmp_path / "d")],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith("footcoach: no display found")
    assert "Traceback" not in result.stderr


def test_parsing_the_command_line_loads_no_heavy_modules() -> None:
    # Every start, the GUI's included, builds the full parser: the sub-commands must keep
    # numpy (trends), pyqtgraph and subprocess for when they run.
    code = (
        "import sys\n"
        "from footcoach import cli\n"
        "cli.build_parser()\n"
        "print(*sorted({'numpy', 'pyqtgraph', 'subprocess'} & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""


def _free_display() -> str:
    """An X display number nobody serves here (no socket for it)."""
    number = next(n for n in range(97, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    return f":{number}"


def _gui(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    dropped = {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "SUDO_USER"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "-m", "footcoach", "--data-dir", str(tmp_path / "d")],
        capture_output=True, text=True, env=clean | env, timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("display", [_free_display(), "localhost:10.0"])
def test_gui_with_a_display_nobody_answers_says_so_instead_of_aborting(
    display: str, tmp_path: Path
) -> None:
    result = _gui(tmp_path, DISPLAY=display)
    assert result.returncode == 1
    assert result.stderr == (
        f"footcoach: cannot open the display {display!r} (DISPLAY): no X server answers there, "
        "as after an ssh -X session has ended; start FootCoach from a desktop session\n"
    )
    assert not (tmp_path / "d" / "history.sqlite3").exists()  # refused before opening it


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root, as sudo would be")
def test_gui_under_sudo_says_how_to_run_it_as_the_user(tmp_path: Path) -> None:
    result = _gui(tmp_path, QT_QPA_PLATFORM="offscreen", SUDO_USER="alice")
    assert result.returncode == 1
    assert result.stderr == (
        "footcoach: FootCoach does not run as root under sudo (it would keep root's data, not "
        "alice's): start it as alice, the same command without sudo\n"
    )
    assert not (tmp_path / "d" / "history.sqlite3").exists()


@pytest.mark.parametrize("command", [["summary"], ["exercises"], ["exercises", "--json"]])
def test_a_closed_pipe_ends_quietly_with_141(tmp_path: Path, command: list[str]) -> None:
    # The reading end is closed before the command writes: as ``| head -1`` ends up.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "footcoach", "--data-dir", str(tmp_path / "d"), *command],
            stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60, check=False,
        )  # fmt: skip
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (141, "")


def test_summary_into_head_prints_one_line_and_nothing_else(tmp_path: Path) -> None:
    data = tmp_path / "d"
    assert run_cli("demo", "--days", "30", data_dir=data).returncode == 0
    footcoach = f"{sys.executable} -m footcoach --data-dir {data}"
    result = subprocess.run(
        ["sh", "-c", f"{footcoach} summary | head -1; {footcoach} exercises | head -1"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 2


@pytest.mark.parametrize(
    ("words", "gui_only"),
    [
        ([], True),
        (["--hidden"], True),
        (["--data-dir", "/d", "--hidden"], True),
        (["--data-dir=/d"], True),
        (["--data-dir"], False),
        (["--help"], False),
        (["--data-dir", "/d", "summary"], False),
        (["--data", "/d"], False),  # an abbreviation: the full parser reads it
    ],
)
def test_starting_the_window_parses_only_the_global_options(words, gui_only) -> None:  # type: ignore[no-untyped-def]
    from footcoach.cli import _starts_gui

    assert _starts_gui(words) is gui_only
