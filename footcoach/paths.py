"""Where FootCoach keeps its state and finds its assets.

Nothing here runs at import time: ``main()`` calls :func:`configure` once, and every
other module asks :func:`data_dir` afterwards.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from footcoach import APP_NAME

ENV_DATA_DIR = "FOOTCOACH_DATA_DIR"

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
    """Resolve the data dir once and create it with mode 0700 (all state lives under it)."""
    global _data_dir
    path = resolve_data_dir(override)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    _data_dir = path
    return path


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
