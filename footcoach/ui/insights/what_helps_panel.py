"""History's "What helps" tab: the next-morning comparisons of ``what_helps`` and the report
of the latest trial, with the button that starts a trial."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from footcoach.trends import Summary
from footcoach.trials import TrialPhase
from footcoach.ui.common import theme
from footcoach.what_helps import Part

NOTHING_YET = (
    "Fill in the row under the pain score (shoes, a pad or insole, hours on your feet, "
    "high-impact activity) most days. FootCoach then compares your next morning's pain "
    "after days with and without each."
)


class WhatHelpsPanel(QScrollArea):
    """What the summary's ``what_helps`` and ``trial`` say, in words; Start a trial."""

    start_trial_requested = Signal()
    """The person asked to start a trial."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("What helps")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.start_button = QPushButton("Start a fair &trial\u2026")
        self.start_button.setToolTip("Test one change in alternating blocks of days")
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addStretch(1)
        card = QFrame()
        theme.set_role(card, "card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(theme.SPACE_L, theme.SPACE_L, theme.SPACE_L, theme.SPACE_L)
        layout.setSpacing(theme.SPACE_S)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.setWidget(card)
        self.start_button.clicked.connect(self.start_trial_requested)

    def show_summary(self, summary: Summary) -> None:
        """Show the comparisons and the trial of ``summary``."""
        c = theme.colors()
        parts: list[str] = []
        # The trial first: a test the person chose to run says more than patterns in days.
        state = summary.trial
        trial_lines = [] if state is None else state.lines()
        if state is not None and trial_lines:
            rows = "".join(f"<p style='margin-top:4px'>{escape(line)}</p>" for line in trial_lines)
            parts.append(f"<h3>{escape(state.title)}</h3>{rows}")
        parts.append("<h3>What helps</h3>")
        said = [] if summary.what_helps is None else summary.what_helps.parts()
        if not any(part is Part.INTRO for part, _ in said):
            parts.append(f"<p style='color:{c.muted}'>{escape(NOTHING_YET)}</p>")
        styles = {
            Part.INTRO: f"color:{c.muted}",
            Part.PATTERN: "margin-top:6px",
            Part.CAUTION: "margin-top:2px; font-style:italic",
            Part.WAITING: f"margin-top:6px; color:{c.muted}",
        }
        for part, text in said:
            parts.append(f"<p style='{styles[part]}'>{escape(text)}</p>")
        self.text.setText("".join(parts))
        under_way = state is not None and state.phase in (
            TrialPhase.UPCOMING,
            TrialPhase.IN_PROGRESS,
        )
        self.start_button.setVisible(not under_way)
