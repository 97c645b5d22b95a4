"""Where FootCoach keeps its state and finds its assets.

Nothing here runs at import time: ``main()`` calls :func:`configure` once, and every
other module asks :func:`data_dir` afterwards.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
from pathlib import Path

from footcoach import APP_NAME

ENV_DATA_DIR = "FOOTCOACH_DATA_DIR"
# What FootCoach keeps in the data dir (names, or the start of names): the history and the
# files SQLite and a restore put beside it, backups, settings (and QSettings' lock), custom
# routine images, the instance lock. Only these are made private: a data dir pointed at a
# folder that holds other things keeps those as they are.
OWN_NAMES = ("history.sqlite3", "backups", "settings.ini", "routine-images", "footcoach.lock")
# Less than this free, a commit could fail half-way through a backup: call the disk full.
FULL_DISK_BYTES = 64 * 1024

_data_dir: Path | None = None


class PathsNotConfiguredError(RuntimeError):
    """Raised when code asks for the data dir before ``configure`` ran."""


def resolve_data_dir(override: str | os.PathLike[str] | None) -> Path:
    """Return the data dir: the override, else ``$FOOTCOACH_DATA_DIR``, else platformdirs."""
    if override:
        return Path(override).expanduser().absolute()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().absolute()
    import platformdirs  # only needed without an override; keeps it off start-up

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def configure(override: str | os.PathLike[str] | None = None) -> Path:
    """Resolve the data dir once, create it with mode 0700 and make what is in it private."""
    global _data_dir
    path = resolve_data_dir(override)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    make_private(path)
    _data_dir = path
    return path


def make_private(directory: Path) -> None:
    """Take group and other permissions off the data dir and FootCoach's files in it.

    Checked at every start, whatever the umask was when they were made; where they cannot be
    changed (a read-only disk, another owner) they are left, since nothing is written there.
    """
    restrict_mode(directory)
    for entry in directory.iterdir():
        if not entry.name.startswith(OWN_NAMES):
            continue
        restrict_mode(entry)
        if entry.is_dir() and not entry.is_symlink():
            for inner in entry.rglob("*"):
                restrict_mode(inner)


def restrict_mode(path: Path) -> None:
    """Drop group and other permissions from ``path`` (not through a symlink); keep the owner's."""
    try:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode) or not mode & 0o077:
            return
        os.chmod(path, stat.S_IMODE(mode) & 0o700)
    except OSError:
        pass


def copy_private(origin: Path, target: Path) -> None:
    """Copy ``origin`` to ``target`` under the data dir: new folders 0700, the file 0600."""
    missing = [folder for folder in (target.parent, *target.parent.parents) if not folder.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with origin.open("rb") as source, os.fdopen(descriptor, "wb") as copy:
        shutil.copyfileobj(source, copy)
    restrict_mode(target)  # it may have existed, more open


def write_problem(directory: Path) -> str | None:
    """Why nothing can be written in ``directory``, in plain words, or None if it can be."""
    statvfs = getattr(os, "statvfs", None)
    try:
        if statvfs is not None and statvfs(directory).f_flag & os.ST_RDONLY:
            return "the disk is read-only"
        if not os.access(directory, os.W_OK | os.X_OK):
            return "there is no permission to write in the folder"
        if shutil.disk_usage(directory).free < FULL_DISK_BYTES:
            return "the disk is full"
    except OSError:
        return None  # gone or unreadable: the next step says so in its own words
    return None


def data_dir() -> Path:
    """The configured data dir; raises if :func:`configure` has not run."""
    if _data_dir is None:
        raise PathsNotConfiguredError("footcoach.paths.configure() has not been called")
    return _data_dir


def settings_file() -> Path:
    """The settings file (INI format, read by QSettings) under the data dir."""
    return data_dir() / "settings.ini"


def asset_path(*parts: str) -> Path:
    """Path of a file under ``assets/``: from a checkout, an installed wheel or a bundle."""
    return _assets_root().joinpath(*parts)


def _assets_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = [Path(bundle) / "assets"] if bundle else []
    package = Path(__file__).resolve().parent
    # A wheel ships assets inside the package; a checkout keeps them beside it.
    candidates += [package / "assets", package.parent / "assets"]
    for candidate in candidates:
        if (candidate / "exercises.toml").is_file():
            return candidate
    return candidates[-1]
