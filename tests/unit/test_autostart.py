"""Start at login: the files written for Linux (XDG), Windows (Startup) and macOS (LaunchAgent)."""

from __future__ import annotations

import configparser
import plistlib
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from footcoach import APP_ID, autostart

COMMAND = [
    "/opt/foot coach/python",
    "-m",
    "footcoach",
    "--data-dir",
    "/home/ann/My Data",
    "--hidden",
]


def test_linux_writes_an_xdg_entry_that_starts_hidden_and_removes_it(tmp_path: Path) -> None:
    entry = autostart.autostart_entry(COMMAND, "linux", tmp_path, {})
    assert entry.path == tmp_path / ".config" / "autostart" / f"{APP_ID}.desktop"
    assert not autostart.is_enabled(entry)
    autostart.enable(entry)
    assert autostart.is_enabled(entry)
    assert entry.path.stat().st_mode & 0o777 == 0o600
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(entry.path.read_text())
    desktop = parser["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Icon"] == APP_ID
    # The Exec line, unescaped as the file format and then the Exec rules read it.
    exec_line = desktop["Exec"].replace("\\\\", "\\")
    assert shlex.split(exec_line) == COMMAND
    autostart.disable(entry)
    assert not entry.path.exists() and not autostart.is_enabled(entry)
    autostart.disable(entry)  # already gone: nothing to do, no error


def test_linux_follows_xdg_config_home(tmp_path: Path) -> None:
    entry = autostart.autostart_entry(COMMAND, "linux", tmp_path, {"XDG_CONFIG_HOME": "/cfg"})
    assert entry.path == Path("/cfg/autostart") / f"{APP_ID}.desktop"


def test_a_person_deleting_the_file_turns_it_off(tmp_path: Path) -> None:
    entry = autostart.autostart_entry(COMMAND, "linux", tmp_path, {})
    autostart.enable(entry)
    entry.path.unlink()
    assert not autostart.is_enabled(entry)


def test_percent_and_quotes_are_escaped_in_exec() -> None:
    entry = autostart.autostart_entry(
        ["/x/py", "--data-dir", '/d/100% "mine"'], "linux", Path("/h"), {}
    )
    line = next(x for x in entry.content.splitlines() if x.startswith("Exec="))
    assert "100%%" in line and '\\\\"mine\\\\"' in line


def test_windows_writes_a_command_file_in_the_startup_folder(tmp_path: Path) -> None:
    entry = autostart.autostart_entry(COMMAND, "win32", tmp_path, {"APPDATA": str(tmp_path / "R")})
    assert entry.path == (
        tmp_path
        / "R"
        / "Microsoft"
        / "Windows"
        / "Start Menu"
        / "Programs"
        / "Startup"
        / "FootCoach.cmd"
    )
    assert entry.content == (
        '@echo off\r\nstart "" "/opt/foot coach/python" "-m" "footcoach" "--data-dir" '
        '"/home/ann/My Data" "--hidden"\r\n'
    )
    autostart.enable(entry)
    assert entry.path.read_bytes().endswith(b'"--hidden"\r\n')


def test_macos_writes_a_launch_agent(tmp_path: Path) -> None:
    entry = autostart.autostart_entry(COMMAND, "darwin", tmp_path, {})
    assert entry.path == tmp_path / "Library" / "LaunchAgents" / f"{APP_ID}.plist"
    agent = plistlib.loads(entry.content.encode())
    assert agent == {
        "Label": APP_ID,
        "ProgramArguments": COMMAND,
        "RunAtLoad": True,
        "ProcessType": "Interactive",
    }


def test_the_command_starts_this_data_dir_hidden(tmp_path: Path) -> None:
    assert autostart.launch_command(tmp_path, frozen=False)[1:] == [
        "-m",
        "footcoach",
        "--data-dir",
        str(tmp_path),
        "--hidden",
    ]
    assert autostart.launch_command(tmp_path, frozen=True)[1:] == [
        "--data-dir",
        str(tmp_path),
        "--hidden",
    ]


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate is not installed (Debian package desktop-file-utils)",
)
def test_the_xdg_entry_is_a_valid_desktop_file(tmp_path: Path) -> None:
    entry = autostart.autostart_entry(COMMAND, "linux", tmp_path, {})
    autostart.enable(entry)
    checked = subprocess.run(
        ["desktop-file-validate", str(entry.path)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout
