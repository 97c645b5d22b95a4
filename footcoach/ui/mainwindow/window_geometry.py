"""Where the main window opens: within the screens present now, never past their edges."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QSize

PREFERRED_SIZE = QSize(1280, 800)
# Room for the title bar and borders the window manager adds around the client area.
FRAME_ALLOWANCE = QSize(16, 40)
TITLE_BAR = 32


def first_geometry(available: QRect, preferred: QSize = PREFERRED_SIZE) -> QRect:
    """The client area of a first window: ``preferred`` or less, its frame centred in
    ``available``."""
    size = preferred.boundedTo(available.size() - FRAME_ALLOWANCE)
    left = available.left() + (available.width() - size.width()) // 2
    spare = available.height() - size.height() - FRAME_ALLOWANCE.height()
    top = available.top() + spare // 2 + TITLE_BAR
    return QRect(left, top, size.width(), size.height())


def fit_to_screens(rect: QRect, screens: Sequence[QRect]) -> QRect:
    """``rect`` unchanged when a screen holds it, else shrunk and moved onto the screen it
    overlaps most (the first screen when it overlaps none: its monitor was unplugged)."""
    if not screens or any(screen.contains(rect) for screen in screens):
        return rect
    screen = max(screens, key=lambda s: _area(s.intersected(rect)))
    # The client area, inside the frame: the title bar stays on the screen, where it can be
    # grabbed.
    side = FRAME_ALLOWANCE.width() // 2
    room = screen.adjusted(side, TITLE_BAR, -side, TITLE_BAR - FRAME_ALLOWANCE.height())
    fitted = QRect(rect.topLeft(), rect.size().boundedTo(room.size()))
    fitted.moveLeft(min(max(fitted.left(), room.left()), room.right() - fitted.width() + 1))
    fitted.moveTop(min(max(fitted.top(), room.top()), room.bottom() - fitted.height() + 1))
    return fitted


def _area(rect: QRect) -> int:
    return rect.width() * rect.height() if rect.isValid() else 0
