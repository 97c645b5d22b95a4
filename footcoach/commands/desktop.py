"""``footcoach install-desktop [--uninstall]``: put FootCoach in the desktop's app menu.

For pip and pipx installs (a bundle or a distribution package has its own installer). Copies
the ``.desktop`` file, the AppStream metainfo and the hicolor icons into the user's XDG data
dir (``$XDG_DATA_HOME`` or ``~/.local/share``), with ``Exec=`` pointing at this installation.
Running it again changes nothing; ``--uninstall`` removes the same files again.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from footcoach import APP_ID
from footcoach.errors import FootCoachError
from footcoach.paths import asset_path

DESKTOP_FILE = f"{APP_ID}.desktop"
METAINFO_FILE = f"{APP_ID}.metainfo.xml"


def register(subparsers: Any) -> None:
    """Add the ``install-desktop`` sub-command."""
    parser = subparsers.add_parser(
        "install-desktop",
        help="add FootCoach and its icon to the desktop's app menu (for pip/pipx installs)",
        description="Install the .desktop file, AppStream metainfo and icons into "
        "$XDG_DATA_HOME (default ~/.local/share) so that FootCoach shows up in the app menu "
        "and starts this installation. Safe to run again; --uninstall removes them.",
    )
    parser.add_argument(
        "--uninstall", action="store_true", help="remove what install-desktop installed"
    )
    parser.set_defaults(run=run)


@dataclass(frozen=True)
class Target:
    """One file to install: where it goes and its exact bytes."""

    path: Path
    content: bytes


def run(args: argparse.Namespace) -> int:
    """Install (or with ``--uninstall`` remove) the desktop files, then refresh the caches."""
    data_home = xdg_data_home()
    if args.uninstall:
        removed = uninstall(data_home)
        for path in removed:
            print(f"removed {path}")
        if not removed:
            print(f"FootCoach was not installed in {data_home}; nothing to remove.")
    else:
        changed = install(data_home, launch_command())
        for path in changed:
            print(f"installed {path}")
        if not changed:
            print(f"FootCoach is already installed in {data_home}; nothing changed.")
    for note in refresh_caches(data_home):
        print(note)
    return 0


def xdg_data_home() -> Path:
    """``$XDG_DATA_HOME`` if it is an absolute path (as the spec asks), else ``~/.local/share``."""
    value = os.environ.get("XDG_DATA_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path.home() / ".local" / "share"


def launch_command() -> list[str]:
    """The command that starts this installation of FootCoach.

    The bundle's own binary when frozen, else the ``footcoach`` script beside this interpreter
    (a venv's or pipx's ``bin/``), else ``python -m footcoach`` with this interpreter.
    """
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).absolute())]
    script = Path(sys.executable).absolute().parent / "footcoach"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [str(Path(sys.executable).absolute()), "-m", "footcoach"]


def packaging_dir() -> Path:
    """The folder with the ``.desktop`` and metainfo files: a wheel or bundle, or a checkout."""
    shipped = asset_path("linux")
    if (shipped / DESKTOP_FILE).is_file():
        return shipped
    checkout = Path(__file__).resolve().parents[2] / "packaging" / "linux"
    if (checkout / DESKTOP_FILE).is_file():
        return checkout
    raise FootCoachError(f"cannot find {DESKTOP_FILE} (looked in {shipped} and {checkout})")


def targets(data_home: Path, command: list[str]) -> list[Target]:
    """Every file install-desktop writes, with its content."""
    source = packaging_dir()
    desktop = desktop_entry((source / DESKTOP_FILE).read_text(encoding="utf-8"), command)
    result = [
        Target(data_home / "applications" / DESKTOP_FILE, desktop.encode("utf-8")),
        Target(data_home / "metainfo" / METAINFO_FILE, (source / METAINFO_FILE).read_bytes()),
    ]
    icons = asset_path("icons", "hicolor")
    for icon in sorted(icons.glob(f"*/apps/{APP_ID}.*")):
        relative = icon.relative_to(icons)
        result.append(Target(data_home / "icons" / "hicolor" / relative, icon.read_bytes()))
    if len(result) == 2:
        raise FootCoachError(f"no icons named {APP_ID} under {icons}")
    return result


def desktop_entry(template: str, command: list[str]) -> str:
    """The shipped ``.desktop`` text with ``Exec=`` and ``TryExec=`` set to ``command``."""
    exec_line = "Exec=" + " ".join(_exec_argument(part) for part in command)
    try_exec = "TryExec=" + _escape_string(command[0])
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            lines += [try_exec, exec_line]
        elif not line.startswith("TryExec="):
            lines.append(line)
    return "\n".join(lines) + "\n"


def install(data_home: Path, command: list[str]) -> list[Path]:
    """Write every target whose content differs; return the paths written."""
    changed = []
    for target in targets(data_home, command):
        if target.path.is_file() and target.path.read_bytes() == target.content:
            continue
        target.path.parent.mkdir(parents=True, exist_ok=True)
        partial = target.path.with_name(f".{target.path.name}.partial")
        partial.write_bytes(target.content)
        partial.chmod(0o644)
        partial.replace(target.path)
        changed.append(target.path)
    return changed


def installed_files(data_home: Path) -> list[Path]:
    """Files named for FootCoach's app id in the places install-desktop writes to.

    Icons are matched by name in every size, so sizes an older version installed go too.
    """
    found = [
        data_home / "applications" / DESKTOP_FILE,
        data_home / "metainfo" / METAINFO_FILE,
        *sorted((data_home / "icons" / "hicolor").glob(f"*/apps/{APP_ID}.*")),
    ]
    return [path for path in found if path.is_file() or path.is_symlink()]


def uninstall(data_home: Path) -> list[Path]:
    """Remove the installed files, and the folders that held only them; return the files."""
    removed = installed_files(data_home)
    for path in removed:
        path.unlink()
    for path in removed:
        _remove_empty_parents(path.parent, stop=data_home)
    return removed


def refresh_caches(data_home: Path) -> list[str]:
    """Refresh the desktop-file and icon caches when their tools exist; return notes for people.

    The icon cache is only refreshed, never created: GTK trusts a cache whose folder did not
    change, so a new user-level cache could hide icons other apps add later without one.
    Desktops notice new files without any cache; a missing tool or a failure is only noted.
    """
    import subprocess  # only here: every start parses the commands, and this costs 3 ms

    notes = []
    applications = data_home / "applications"
    hicolor = data_home / "icons" / "hicolor"
    commands = []
    if applications.is_dir():
        commands.append(["update-desktop-database", "--quiet", str(applications)])
    if (hicolor / "icon-theme.cache").is_file():
        # --ignore-theme-index: a user's hicolor folder usually has no index.theme of its own.
        commands.append(["gtk-update-icon-cache", "--quiet", "--force", "--ignore-theme-index",
                         str(hicolor)])  # fmt: skip
    for command in commands:
        if shutil.which(command[0]) is None:
            continue
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as error:
            notes.append(f"note: {command[0]} did not run ({error})")
            continue
        if result.returncode != 0:
            message = (result.stderr or result.stdout).strip().splitlines()
            notes.append(f"note: {command[0]} failed: {message[-1] if message else result}")
    _remove_lone_caches(applications, "mimeinfo.cache", data_home)
    _remove_lone_caches(hicolor, "icon-theme.cache", data_home)
    return notes


def _remove_lone_caches(folder: Path, cache: str, stop: Path) -> None:
    """After an uninstall, a cache left alone in its folder describes nothing: remove both."""
    if folder.is_dir() and [entry.name for entry in folder.iterdir()] == [cache]:
        (folder / cache).unlink()
        _remove_empty_parents(folder, stop)


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and stop in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty (or not ours to remove): stop here
            return
        folder = folder.parent


def _exec_argument(argument: str) -> str:
    """Quote one ``Exec`` argument as the Desktop Entry spec asks, then escape it as a string."""
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    if argument and not reserved & set(argument):
        quoted = argument
    else:
        inner = "".join("\\" + char if char in '"`$\\' else char for char in argument)
        quoted = f'"{inner}"'
    return _escape_string(quoted.replace("%", "%%"))


def _escape_string(value: str) -> str:
    """Escape a value of type string in a desktop file (backslash first)."""
    for char, escaped in (("\\", "\\\\"), ("\n", "\\n"), ("\t", "\\t"), ("\r", "\\r")):
        value = value.replace(char, escaped)
    return value
