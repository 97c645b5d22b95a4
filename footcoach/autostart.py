"""Start at login: the file each desktop reads to start FootCoach hidden when the person logs in.

One function per question, the same on every system: :func:`autostart_entry` says which file
and what it holds (an XDG autostart entry on Linux, a command file in the Windows Startup
folder, a LaunchAgent on macOS), :func:`enable` writes it, :func:`disable` removes it and
:func:`is_enabled` reads whether it is there: a person who deletes the file by hand has turned
start at login off, and the setting says so.
"""

from __future__ import annotations

import os
import plistlib
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from footcoach import APP_ID, APP_NAME

HIDDEN_OPTION = "--hidden"


@dataclass(frozen=True)
class AutostartEntry:
    """A start-at-login file: where it goes and what it holds."""

    path: Path
    content: str


def launch_command(data_dir: Path, frozen: bool | None = None) -> list[str]:
    """How the login starts this FootCoach, hidden, on this data dir."""
    is_frozen = getattr(sys, "frozen", False) if frozen is None else frozen
    python = Path(sys.executable)
    # On Windows, pythonw.exe starts without a console window flashing up at login.
    windowless = python.with_name("pythonw.exe")
    if sys.platform == "win32" and not is_frozen and windowless.is_file():
        python = windowless
    program = [str(python)] if is_frozen else [str(python), "-m", "footcoach"]
    return [*program, "--data-dir", str(data_dir), HIDDEN_OPTION]


def autostart_entry(
    command: Sequence[str],
    platform: str = sys.platform,
    home: Path | None = None,
    environ: Mapping[str, str] = os.environ,
) -> AutostartEntry:
    """The file that starts ``command`` at login on ``platform`` (``sys.platform`` values)."""
    home = home if home is not None else Path.home()
    if platform == "win32":
        appdata = Path(environ.get("APPDATA") or home / "AppData" / "Roaming")
        folder = appdata / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup"
        return AutostartEntry(folder / f"{APP_NAME}.cmd", _windows_command(command))
    if platform == "darwin":
        path = home / "Library" / "LaunchAgents" / f"{APP_ID}.plist"
        return AutostartEntry(path, _launch_agent(command))
    config = Path(environ.get("XDG_CONFIG_HOME") or home / ".config")
    return AutostartEntry(config / "autostart" / f"{APP_ID}.desktop", _desktop_entry(command))


def enable(entry: AutostartEntry) -> None:
    """Write ``entry`` (its folder made if missing); the file is the person's alone."""
    entry.path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(entry.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
        file.write(entry.content)


def disable(entry: AutostartEntry) -> None:
    """Remove ``entry``'s file, if it is there."""
    entry.path.unlink(missing_ok=True)


def is_enabled(entry: AutostartEntry) -> bool:
    """Whether the login will start FootCoach: the file is there (whatever its exact words)."""
    return entry.path.is_file()


def _desktop_entry(command: Sequence[str]) -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_NAME}\n"
        "Comment=Reminders for your foot routine, waiting in the background\n"
        f"Exec={' '.join(_desktop_quoted(word) for word in command)}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def _desktop_quoted(word: str) -> str:
    """A word of a desktop entry's Exec line (the desktop entry spec's quoting)."""
    word = word.replace("%", "%%")
    if not any(ch in word for ch in " \t\"'\\><~|&;$*?#()`"):
        return word
    escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in word)
    # The file format itself reads backslashes once more before the Exec rules apply.
    return '"' + escaped.replace("\\", "\\\\") + '"'


def _windows_command(command: Sequence[str]) -> str:
    quoted = " ".join(f'"{word}"' for word in command)
    # start "" returns at once, so the login does not wait on FootCoach.
    return f'@echo off\r\nstart "" {quoted}\r\n'


def _launch_agent(command: Sequence[str]) -> str:
    agent = {
        "Label": APP_ID,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
        "ProcessType": "Interactive",
    }
    return plistlib.dumps(agent).decode("utf-8")
