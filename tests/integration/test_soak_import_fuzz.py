"""``scripts/soak_import_fuzz.py``: mutated import files give no traceback, no partial write and
nothing wrong accepted; the script prints its counts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "soak_import_fuzz.py"


def soak(count: int, seed: int) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--count", str(count), "--seed", str(seed), "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    figures: dict[str, object] = json.loads(done.stdout)
    assert done.returncode == 0, figures["examples"]
    return figures


def check(figures: dict[str, object], count: int) -> None:
    assert figures["files"] == count
    assert figures["refused"] + figures["accepted"] == count  # type: ignore[operator]
    assert figures["history_files"] and figures["routine_files"]
    for bad in ("tracebacks", "partial_writes", "wrong_accepted", "multi_line_messages"):
        assert figures[bad] == 0, (bad, figures["examples"])


def test_a_short_soak_finds_nothing_wrong() -> None:
    check(soak(120, seed=2), 120)


@pytest.mark.slow
def test_a_long_soak_finds_nothing_wrong() -> None:
    check(soak(800, seed=11), 800)
