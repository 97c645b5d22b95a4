"""The in-app reminder: a bar under the toolbar, where neither notifications nor a tray exist."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from footcoach.prompts import Prompt
from footcoach.ui.common import theme


class ReminderBanner(QWidget):
    """A prompt's words with its answers: start (Start routine, Log pain) and Later."""

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

    def show_prompt(self, prompt: Prompt) -> None:
        """Say ``prompt`` (plain text) with its answers; "Later" only where it can wait."""
        words = f"{prompt.title}. {prompt.body}"
        self.text.setText(words)
        self.setAccessibleDescription(words)
        self.start_button.setText(prompt.start_text)
        self.later_button.setVisible(prompt.can_wait)
