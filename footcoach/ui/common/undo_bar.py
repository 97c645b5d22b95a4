"""A small floating bar that says what just happened and offers to undo it (Ctrl+Z)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from footcoach.ui.common import theme
from footcoach.ui.common.actions import WidgetKey, shortcut_for

SHOW_MS = 10_000  # long enough to notice a slip, short enough not to linger


class UndoBar(QFrame):
    """Floats at the bottom centre of its parent; one undoable action at a time.

    Ctrl+Z undoes while the bar shows (its shortcut lives and dies with the bar's visibility).
    """

    undone = Signal(str)
    """Emitted after the undo callback ran, with the message that was shown."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        theme.set_role(self, "card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._undo: Callable[[], object] | None = None
        self.message = QLabel()
        self.undo_button = QPushButton("&Undo")
        self.undo_button.setToolTip("Undo (Ctrl+Z)")
        self.undo_button.clicked.connect(self.undo)
        self.close_button = QToolButton()
        self.close_button.setText("\u00d7")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Dismiss")
        self.close_button.setAccessibleName("Dismiss")
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(theme.SPACE_M, theme.SPACE_S, theme.SPACE_S, theme.SPACE_S)
        layout.setSpacing(theme.SPACE_M)
        layout.addWidget(self.message)
        layout.addWidget(self.undo_button)
        layout.addWidget(self.close_button)
        self.shortcut = shortcut_for(WidgetKey.UNDO, self, Qt.ShortcutContext.WindowShortcut)
        self.shortcut.activated.connect(self.undo)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        parent.installEventFilter(self)
        self.hide()

    def offer(self, text: str, undo: Callable[[], object], timeout_ms: int = SHOW_MS) -> None:
        """Show ``text`` with an Undo button that calls ``undo`` (replacing any earlier offer)."""
        self._undo = undo
        self.message.setText(text)
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()
        self._timer.start(timeout_ms)

    def undo(self) -> None:
        """Run the pending undo, once, and hide."""
        undo, self._undo = self._undo, None
        text = self.message.text()
        self.dismiss()
        if undo is not None:
            undo()
            self.undone.emit(text)

    def dismiss(self) -> None:
        """Hide without undoing; the offer is gone."""
        self._timer.stop()
        self._undo = None
        self.hide()

    def is_offering(self) -> bool:
        """True while an undo is on offer."""
        return self._undo is not None and self.isVisible()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt override)
        super().hideEvent(event)
        # The window closed: the offer goes with it, and its countdown does not tick on.
        if not self.window().isVisible():
            self.dismiss()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        size = self.sizeHint().boundedTo(parent.size())
        self.resize(size)
        x = (parent.width() - size.width()) // 2
        y = parent.height() - size.height() - theme.SPACE_XL
        self.move(max(0, x), max(0, y))
