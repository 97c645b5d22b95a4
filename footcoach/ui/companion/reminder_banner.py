"""The in-app reminder: a bar under the toolbar, where neither notifications nor a tray exist."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from footcoach.ui.common import theme


class ReminderBanner(QWidget):
    """A reminder's words with its two answers: Start routine, Later."""

    start_requested = Signal()
    later_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        theme.set_role(self, "banner")
        self.setObjectName("reminder-banner")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.start_button = QPushButton("Start routine")
        theme.set_role(self.start_button, "primary")
        self.later_button = QPushButton("Later")
        row = QHBoxLayout(self)
        row.setContentsMargins(theme.SPACE_M, theme.SPACE_S, theme.SPACE_M, theme.SPACE_S)
        row.addWidget(self.text, 1)
        row.addWidget(self.later_button)
        row.addWidget(self.start_button)
        self.start_button.clicked.connect(self.start_requested)
        self.later_button.clicked.connect(self.later_requested)
        self.setAccessibleName("Reminder")

    def show_text(self, title: str, body: str) -> None:
        """Say ``title`` and ``body`` (plain text)."""
        self.text.setText(f"{title}. {body}")
        self.setAccessibleDescription(f"{title}. {body}")
