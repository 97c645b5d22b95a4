"""Test driver: ``python tests/helpers/drive_routine.py --data-dir DIR NAME [--speed 50]``.

Runs the real :class:`~footcoach.ui.routine.player.RoutinePlayer` offscreen on the data dir,
answers the pain checks, presses Start and lets the routine play on a fake clock that runs
``--speed`` times faster than real time. It prints one line as each record is committed:
``session <id>``, ``set <id>`` and finally ``finished``. The kill test
(``tests/integration/test_routine_kill.py``) SIGKILLs it mid-routine and checks that every
printed set is in history. It writes real history: use it on a scratch data dir.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from footcoach import paths
from footcoach.errors import FootCoachError

#: Fake seconds the driven clock may move per real tick at most: a stalled process slows the
#: routine down instead of looking like a system suspend to the hold timer.
MAX_STEP_SECONDS = 1.0
TICK_MS = 10


class DrivenClock:
    """A monotonic clock that runs ``speed`` times faster than real time, in capped steps."""

    def __init__(self, speed: float) -> None:
        self.speed = speed
        self.now = 0.0
        self._real = time.monotonic()

    def __call__(self) -> float:
        return self.now

    def step(self) -> None:
        """Catch up with real time (times ``speed``), at most ``MAX_STEP_SECONDS`` at once."""
        real = time.monotonic()
        self.now += min(MAX_STEP_SECONDS, (real - self._real) * self.speed)
        self._real = real


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The driver's options; a bad one exits 2 like any CLI."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True, metavar="DIR")
    parser.add_argument("name", metavar="NAME", help="routine id or name")
    parser.add_argument("--speed", type=float, default=50.0, help="fake seconds per real second")
    parser.add_argument("--pain", type=int, default=2, help="answer to both pain checks (0-6)")
    parser.add_argument("--lead-in", type=float, default=5.0, help="seconds before each step")
    args = parser.parse_args(argv)
    if not 0 < args.speed <= 1000:
        parser.error(f"--speed must be above 0 and at most 1000, got {args.speed}")
    if not 0 <= args.pain <= 6:  # 7 or more would stop at the advice page
        parser.error(f"--pain must be 0-6, got {args.pain}")
    return args


def run(args: argparse.Namespace) -> int:
    """Play the routine to its end, printing each committed record's id."""
    paths.configure(args.data_dir)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer

    from footcoach.app import application
    from footcoach.catalog import load_catalog
    from footcoach.history import History
    from footcoach.instance import InstanceLock
    from footcoach.ui.routine.player import RoutinePlayer

    data_dir = paths.data_dir()
    with InstanceLock(data_dir), History.open(data_dir) as history:
        app = application()
        clock = DrivenClock(args.speed)
        player = RoutinePlayer(load_catalog(), history, clock=clock, lead_in_seconds=args.lead_in)
        routine = player.store.find(args.name)
        if routine is None:
            raise FootCoachError(f"no routine '{args.name}' (see 'footcoach routine list')")

        def say(line: str) -> None:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()

        def on_page_changed(_index: int) -> None:
            if player.page() == "pain-check" and player.session is not None:
                player.pain_check.choose(args.pain)  # the check after the session

        def on_tick() -> None:
            clock.step()
            player.timer.tick()

        player.session_started.connect(lambda session: say(f"session {session.id}"))
        player.set_recorded.connect(lambda record: say(f"set {record.id}"))
        player.session_finished.connect(lambda _summary: app.quit())
        player.currentChanged.connect(on_page_changed)
        ticker = QTimer()
        ticker.timeout.connect(on_tick)
        ticker.start(TICK_MS)
        player.begin(routine)
        if player.page() == "screening":  # the red-flag questions first: all no
            for group in player.screening_view.red_flags.groups.values():
                group.buttons()[1].setChecked(True)
            player.screening_view.submit_button.click()
        player.pain_check.choose(args.pain)
        player.toggle_start_pause()
        app.exec()
        ticker.stop()
        say("finished")
    return 0


if __name__ == "__main__":
    sys.exit(run(parse_args(sys.argv[1:])))
