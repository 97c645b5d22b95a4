"""Where keyboard focus is: a ring around the focused control, which keeps its own keys.

Fusion marks focus faintly (and item views not at all), so one ring in the theme's accent is
drawn over whichever control has focus, in every window. The window's single-key shortcuts
(Space starts the timer, Esc stops it) would otherwise take Space from a focused button, check
box or list of choices; a focused control keeps Space, and a focused button also Enter, as on
every desktop, except in a dialog that promises "Enter saves" (``set_enter_saves``). Only the
focused widget is watched, so no event filter runs app-wide.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QDialog,
    QPushButton,
    QSplitter,
    QToolButton,
    QWidget,
)

from footcoach.ui.common import theme

RING_WIDTH = 2
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# Enter presses a focused push or tool button; on a radio button or check box it goes on to
# the page's default button, as in a dialog (the red-flag questions are answered that way).
_PRESSED_BY_ENTER = (QPushButton, QToolButton)
# The name of the marker a dialog carries when Enter presses its default button everywhere.
_ENTER_SAVES = "footcoach-enter-saves"


class _Ring(QWidget):
    """The drawn ring: a frame over its target that lets every click through."""

    def __init__(self) -> None:
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(theme.colors().accent), RING_WIDTH))
        half = RING_WIDTH / 2
        painter.drawRoundedRect(self.rect().toRectF().adjusted(half, half, -half, -half), 3, 3)
        painter.end()


class KeyboardFocus(QObject):
    """Follows the application's focus: rings the focused control, keeps its keys for it."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._ring = _Ring()
        self._target: QWidget | None = None
        app.focusChanged.connect(self.on_focus_changed)

    @property
    def target(self) -> QWidget | None:
        """The control the ring is drawn around, if any."""
        return self._target

    def ring_geometry(self) -> QRect | None:
        """Where the ring is, in its parent's coordinates (None while hidden)."""
        return self._ring.geometry() if self._ring.isVisible() else None

    def on_focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        if self._target is not None and shiboken6.isValid(self._target):
            self._target.removeEventFilter(self)
        self._target = None
        if not shiboken6.isValid(self._ring):
            self._ring = _Ring()  # its last parent was deleted, and the ring with it
        self._ring.hide()
        if now is None or now.isWindow() or now.parentWidget() is None:
            return
        if now.window().windowType() == Qt.WindowType.Popup:
            return  # an open list of choices shows its own highlight
        self._target = now
        now.installEventFilter(self)
        self._place()

    def _place(self) -> None:
        target = self._target
        if target is None:
            return
        parent = target.parentWidget()
        # A splitter makes every child widget a pane of its own: ring its panes from above.
        while isinstance(parent, QSplitter):
            parent = parent.parentWidget()
        if parent is None:
            return
        # Scroll areas are rung inside their frame: outside, a sibling could cover the ring.
        inset = 0 if isinstance(target, QAbstractScrollArea) else -RING_WIDTH - 1
        if self._ring.parentWidget() is not parent:
            self._ring.setParent(parent)
        box = QRect(target.mapTo(parent, QPoint(0, 0)), target.size())
        # Within the parent, or an edge the control shares with it would be cut off.
        self._ring.setGeometry(box.adjusted(inset, inset, -inset, -inset) & parent.rect())
        self._ring.setVisible(target.isVisible())
        self._ring.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide):
            self._place()
        elif kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if _keeps_key(watched, event):
                event.accept()  # the control gets the key press, not the window's shortcut
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if isinstance(watched, _PRESSED_BY_ENTER) and _plain(event) in _ENTER_KEYS:
                if _enter_saves_in(watched):
                    return False  # the dialog presses its default button
                watched.animateClick()
                return True
        return False


def _plain(event: QKeyEvent) -> int:
    """The key, or 0 when a modifier other than the keypad's is held."""
    if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
        return 0
    return event.key()


def _enter_saves_in(widget: QWidget) -> bool:
    """True when ``widget`` is in a dialog where Enter presses the default button everywhere."""
    window = widget.window()
    return isinstance(window, QDialog) and _marked(window)


def _marked(dialog: QDialog) -> bool:
    direct = Qt.FindChildOption.FindDirectChildrenOnly
    return dialog.findChild(QObject, _ENTER_SAVES, direct) is not None


def _keeps_key(widget: QObject, event: QKeyEvent) -> bool:
    key = _plain(event)
    if isinstance(widget, QAbstractButton):
        return key == Qt.Key.Key_Space or (
            key in _ENTER_KEYS
            and isinstance(widget, _PRESSED_BY_ENTER)
            and not _enter_saves_in(widget)
        )
    # Space opens a list of choices. Lists and tables leave it to the timer: in the exercise
    # list, arrows pick an exercise and Space starts it.
    return isinstance(widget, QComboBox) and key == Qt.Key.Key_Space


def set_default_button(page: QWidget, button: QPushButton) -> None:
    """Make Enter on ``page`` press ``button``, as a dialog's default button does.

    ``QPushButton.setDefault`` acts only inside dialogs. Here the page takes the Enter that
    its focused control leaves unused (a line or spin box passes it on; a focused button
    keeps it; a list or table uses it to open its row), and never one from another window.
    """
    button.setDefault(True)  # drawn as the default
    page.installEventFilter(_DefaultButton(page, button))


def set_enter_saves(dialog: QDialog, button: QPushButton) -> None:
    """Make Enter press ``button`` wherever the focus is in ``dialog``, a focused button too.

    For a dialog whose hint says "Enter saves": after Tab reaches Cancel, Enter still saves
    (as Return always presses the default button on macOS). A focused button keeps Space, and
    Esc still cancels. Without this Qt lets a focused button take Enter (``autoDefault``), and
    so does ``KeyboardFocus``.
    """
    for each in dialog.findChildren(QPushButton):
        each.setAutoDefault(False)  # else a focused button becomes the default for a while
    button.setDefault(True)
    if not _marked(dialog):
        QObject(dialog).setObjectName(_ENTER_SAVES)


class _DefaultButton(QObject):
    def __init__(self, page: QWidget, button: QPushButton) -> None:
        super().__init__(page)
        self._button = button

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if _plain(event) not in _ENTER_KEYS:
            return False
        if isinstance(QApplication.focusWidget(), QAbstractItemView):
            return False  # the list or table opened its row with this Enter
        if self._button.isVisible() and self._button.isEnabled():
            self._button.click()
        return True
