"""What the UI tests' leak check counts as still running."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QThread, QTimer


def still_running(started: list[QTimer | QThread]) -> list[QTimer | QThread]:
    """The started timers and threads still running, those of a closed window included.

    A closed window is only hidden until Qt deletes it, and its timers go on ticking into
    whatever comes next ("tick after close"): a widget stops its own timers when it hides or
    closes. A timer whose owner Qt has already deleted died with it and is not counted.
    """
    running: list[QTimer | QThread] = []
    for item in {id(item): item for item in started}.values():
        if not shiboken6.isValid(item):
            continue
        if isinstance(item, QThread) and item.isRunning():
            running.append(item)
        elif isinstance(item, QTimer) and item.isActive():
            running.append(item)
    return running


def described(item: QTimer | QThread) -> str:
    """The leak and who owns it, for the failure message ("QTimer in HoldTimerWidget")."""
    owners = []
    owner = item.parent()
    while owner is not None:
        owners.append(type(owner).__name__)
        owner = owner.parent()
    kind = type(item).__name__
    return f"{kind} in {' < '.join(owners)}" if owners else f"{kind} (no owner)"
