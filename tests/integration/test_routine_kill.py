"""SIGKILL a real FootCoach process mid-routine: every set it reported is in history.

``tests/helpers/drive_routine.py`` runs the routine player offscreen on a fake
clock 50 times faster than real time and prints ``set <id>`` as each set is committed. The
test kills it after a few sets, then checks history: every printed set is there, the session
is left open (partial) and is offered for resume, on the first step not done.
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from footcoach.catalog import load_catalog
from footcoach.history import History, check_health
from footcoach.routines import RoutineStore, partial_session, step_plan
from footcoach.session_progress import SessionProgress, StepStatus

DRIVER = Path(__file__).resolve().parents[1] / "helpers" / "drive_routine.py"
SETS_BEFORE_KILL = 3  # Desk break: both feet of the toe stretch, then one set of towel curls
TIME_BUDGET_S = 15.0


def _read_lines_until(child: subprocess.Popen[str], sets: int, deadline: float) -> list[str]:
    """Lines the child printed, up to and including its ``sets``-th ``set`` line."""
    assert child.stdout is not None
    lines: list[str] = []
    with selectors.DefaultSelector() as selector:
        selector.register(child.stdout, selectors.EVENT_READ)
        while sum(line.startswith("set ") for line in lines) < sets:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(timeout=left):
                pytest.fail(f"driver too slow: {lines!r} after {TIME_BUDGET_S} s")
            line = child.stdout.readline()
            if not line:
                pytest.fail(f"driver ended early: {lines!r}")
            lines.append(line.rstrip("\n"))
    return lines


@pytest.mark.slow
def test_sigkill_mid_routine_keeps_every_completed_set(data_dir: Path) -> None:
    began = time.monotonic()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen(
        [sys.executable, str(DRIVER), "--data-dir", str(data_dir), "desk-break", "--speed", "50"],
        stdout=subprocess.PIPE, text=True, env=env, bufsize=1,
    )  # fmt: skip
    try:
        lines = _read_lines_until(child, SETS_BEFORE_KILL, began + TIME_BUDGET_S)
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=5) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        assert child.stdout is not None
        child.stdout.close()

    session_id = next(line.split()[1] for line in lines if line.startswith("session "))
    printed = {line.split()[1] for line in lines if line.startswith("set ")}
    assert len(printed) == SETS_BEFORE_KILL
    assert check_health(data_dir).ok
    catalog = load_catalog()
    with History.open(data_dir) as history:
        stored = history.sets(session_id=session_id)
        assert printed <= {s.id for s in stored}  # nothing reported was lost
        partial = partial_session(history)
        assert partial is not None  # the session stays open, offered for resume
        session, sets = partial
        assert session.id == session_id and session.ended is None
        routine = RoutineStore(history, catalog).get("desk-break")
    plans = [step_plan(step, catalog, routine.level) for step in routine.steps]
    ids = [step.exercise_id for step in routine.steps]
    progress = SessionProgress.resumed(ids, plans, sets, session.started)
    assert progress.status(0) is StepStatus.DONE
    assert progress.current >= 1  # resume starts on the first step not done
