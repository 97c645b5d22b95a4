"""Data dir resolution, permissions and asset lookup."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest

from footcoach import paths


def test_override_beats_env_and_dir_is_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.ENV_DATA_DIR, str(tmp_path / "from-env"))
    assert paths.resolve_data_dir(None) == tmp_path / "from-env"
    created = paths.configure(tmp_path / "explicit")
    assert created == tmp_path / "explicit" == paths.data_dir()
    assert stat.S_IMODE(created.stat().st_mode) == 0o700


def test_default_is_under_xdg_data_home(tmp_path: Path) -> None:
    assert paths.resolve_data_dir(None).is_relative_to(tmp_path / "home")


def test_asset_path_finds_the_catalogue() -> None:
    assert paths.asset_path("exercises.toml").is_file()


def test_importing_everything_touches_no_user_dir(tmp_path: Path) -> None:
    home = tmp_path / "fresh-home"
    home.mkdir()
    code = (
        "import footcoach.cli, footcoach.app, footcoach.catalog;"
        "import footcoach.ui.mainwindow.main_window; footcoach.cli.build_parser()"
    )
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    assert list(home.iterdir()) == []
