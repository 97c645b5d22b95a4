"""Shared fixtures: offscreen Qt and an isolated data dir for every test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# How hard the property tests look: few examples for the everyday run, many in CI (.ci/run
# sets HYPOTHESIS_PROFILE=thorough). Tests set their deadline and health checks, not a count.
HYPOTHESIS_PROFILES = {"quick": 20, "thorough": 300}
for _name, _examples in HYPOTHESIS_PROFILES.items():
    settings.register_profile(_name, max_examples=_examples, deadline=None)


def pytest_configure(config: pytest.Config) -> None:
    profile = os.environ.get("HYPOTHESIS_PROFILE", "quick")
    if profile not in HYPOTHESIS_PROFILES:
        known = ", ".join(HYPOTHESIS_PROFILES)
        raise pytest.UsageError(f"HYPOTHESIS_PROFILE={profile!r} is not a profile; use {known}")
    settings.load_profile(profile)


from footcoach import paths  # noqa: E402


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point every FootCoach dir (data, settings, XDG) at a fresh temp dir."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)
    directory = paths.configure(tmp_path / "data")
    yield directory
    monkeypatch.setattr(paths, "_data_dir", None)


@pytest.fixture(autouse=True)
def no_blocking_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Answer modal dialogs at once, as Esc would, so no test can hang on one.

    Tests that care about a dialog patch it themselves; this is the safety net underneath
    (it also covers dialogs raised while qtbot closes widgets after the test).
    """
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    button = QMessageBox.StandardButton

    def question(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        default = kwargs.get("defaultButton", args[4] if len(args) > 4 else button.NoButton)
        return default if default != button.NoButton else button.Cancel  # type: ignore[return-value]

    monkeypatch.setattr(QMessageBox, "question", question)
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: button.Ok)
    monkeypatch.setattr(QMessageBox, "about", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: int(button.Cancel))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("", False))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
