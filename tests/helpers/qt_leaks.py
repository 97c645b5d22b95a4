"""What the UI tests' leak check counts as still running."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QWidget


def still_running(started: list[QTimer | QThread]) -> list[QTimer | QThread]:
    """The started timers and threads still running, leaving out timers a closed window owns.

    qtbot closes its windows and deletes them later; their timers die with them. (Deleting them
    here, as napari does, crashes in teardown today, so those are not checked.)
    """
    running: list[QTimer | QThread] = []
    for item in {id(item): item for item in started}.values():
        if not shiboken6.isValid(item):
            continue
        if isinstance(item, QThread):
            if item.isRunning():
                running.append(item)
            continue
        owner = item.parent()
        while owner is not None and not isinstance(owner, QWidget):
            owner = owner.parent()
        closed_window_owns_it = isinstance(owner, QWidget) and not owner.window().isVisible()
        if item.isActive() and not closed_window_owns_it:
            running.append(item)
    return running
