"""Kill -9 processes writing history at random moments: no acknowledged record is ever lost.

A short run of the soak in ``scripts/soak_kills.py`` (a person runs the long one): writers
print each id only after its write returned, and ``footcoach log-pain`` runs are acknowledged
by their "Logged pain" line; each is SIGKILLed anywhere (mid-commit, between commits, during
open, backup and rotation, or at interpreter start). Afterwards every acknowledged record must
be stored and every integrity check must have passed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from footcoach.history import History, check_health

SOAK = Path(__file__).resolve().parents[2] / "scripts" / "soak_kills.py"
KILLS = 100
MIN_KILLS = 50
TIME_BUDGET_S = 30.0  # 100 kills take about 10 s; the margin is for a loaded machine


@pytest.mark.slow
def test_sigkill_never_loses_a_committed_record(data_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(SOAK), "--kills", str(KILLS), "--seconds", str(TIME_BUDGET_S)]
        + ["--check-every", "25", "--data-dir", str(data_dir), "--json"],
        capture_output=True,
        text=True,
        timeout=TIME_BUDGET_S + 120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    counts = json.loads(result.stdout)
    assert counts["kills"] >= MIN_KILLS, f"only {counts['kills']} kills in {TIME_BUDGET_S} s"
    assert counts["cli_kills"] > 0
    assert counts["acknowledged_records"] > 200
    assert counts["lost_records"] == 0
    assert counts["integrity_checks"] >= 2 and counts["damaged_checks"] == 0
    assert check_health(data_dir).ok
    with History.open(data_dir) as history:
        assert history.counts()["pain_entries"] > 0
    assert not list(data_dir.glob("history.sqlite3.damaged-*"))
