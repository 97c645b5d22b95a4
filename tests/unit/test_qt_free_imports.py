"""What loads no Qt: each module is imported in a fresh interpreter (pytest itself has Qt
loaded through pytest-qt) and the modules it brought in are checked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]


def loaded_by(module: str) -> set[str]:
    """The top-level packages importing ``module`` loads, in a fresh interpreter."""
    code = f"import sys, {module}; print(*sorted({{m.split('.')[0] for m in sys.modules}}))"
    path = os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")]))
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": path},
    )
    return set(out.stdout.split())


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        # The pain rules: no Qt and no numpy, so any tool can ask them.
        ("footcoach.pain", {"PySide6", "numpy"}),
        # The timer's state machine and what drives it in plain-Python tests.
        ("footcoach.timing", {"PySide6"}),
        ("footcoach.self_tests", {"PySide6"}),
        ("footcoach.exercise_session", {"PySide6"}),
        # The Qt-free test doubles (the cue player, which needs Qt, is in helpers.fake_cues).
        ("helpers.fakes", {"PySide6"}),
    ],
)
def test_the_module_loads_no_qt(module: str, forbidden: set[str]) -> None:
    assert loaded_by(module) & forbidden == set()


def test_the_check_sees_qt_when_it_is_there() -> None:
    assert "PySide6" in loaded_by("helpers.fake_cues")
