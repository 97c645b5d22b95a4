"""The end of a guided session: time, sets done, steps skipped, pain before and after, advice."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from footcoach.session_flow import EndScreen
from footcoach.session_progress import SessionSummary
from footcoach.timing import format_clock
from footcoach.ui.common import theme
from footcoach.ui.common.durations import duration_text
from footcoach.ui.common.keyboard_focus import set_default_button
from footcoach.ui.common.layouts import centre_card


def pain_text(score: int | None) -> str:
    """``3/10`` or a dash when there was no check."""
    return "\u2013" if score is None else f"{score}/10"


class SessionSummaryView(QFrame):
    """Shows an :class:`EndScreen` (its words come from the flow); Done goes back to the list."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary: SessionSummary | None = None
        self.title = QLabel()
        self.title.setFont(theme.scaled_font(self.font(), theme.TITLE_SCALE, bold=True))
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = QLabel()
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle.setWordWrap(True)
        theme.set_role(self.subtitle, "muted")

        self.advice_box = QFrame()
        theme.set_role(self.advice_box, "caution")
        advice_layout = QVBoxLayout(self.advice_box)
        advice_layout.setContentsMargins(theme.SPACE_M, theme.SPACE_M, theme.SPACE_M, theme.SPACE_M)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.advice.setAccessibleName("Advice about your pain")
        advice_layout.addWidget(self.advice)
        self.advice_box.hide()

        self.values: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(theme.SPACE_XL)
        grid.setVerticalSpacing(theme.SPACE_M)
        big = theme.scaled_font(self.font(), theme.TITLE_SCALE, bold=True)
        rows = (
            ("time", "Time"),
            ("sets", "Sets done"),
            ("skipped", "Exercises skipped"),
            ("pain_before", "Pain before"),
            ("pain_after", "Pain after"),
        )
        for row, (key, text) in enumerate(rows):
            name = QLabel(text)
            name.setFont(theme.scaled_font(self.font(), theme.HEADING_SCALE))
            value = QLabel()
            value.setFont(big)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setAccessibleName(text)
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            self.values[key] = value

        self.done_button = QPushButton("Done")
        self.done_button.setToolTip("Back to the routines (Enter)")
        theme.set_role(self.done_button, "primary")
        self.done_button.clicked.connect(self.closed)
        set_default_button(self, self.done_button)  # Enter anywhere on the page
        self.setFocusProxy(self.done_button)  # the page shown: Done has the focus
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)

        card = QFrame()
        theme.set_role(card, "card")
        card.setMaximumWidth(560)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_XL)
        inner.setSpacing(theme.SPACE_L)
        inner.addWidget(self.title)
        inner.addWidget(self.subtitle)
        inner.addLayout(grid)
        inner.addWidget(self.advice_box)
        inner.addLayout(buttons)

        centre_card(self, card)

    def show_screen(self, screen: EndScreen) -> None:
        """Fill in the numbers of a finished (or ended early) session and what they mean."""
        summary = screen.summary
        self.summary = summary
        self.title.setText(screen.title)
        self.subtitle.setText(screen.subtitle)
        self.advice.setText(screen.advice)
        self.advice_box.setVisible(bool(screen.advice))
        self.values["time"].setText(duration_text(summary.seconds))
        self.values["time"].setToolTip(format_clock(summary.seconds))
        self.values["sets"].setText(f"{summary.sets_done} of {summary.sets_planned}")
        self.values["skipped"].setText(f"{summary.steps_skipped} of {summary.steps_total}")
        self.values["pain_before"].setText(pain_text(summary.pain_before))
        after = pain_text(summary.pain_after)
        change = summary.pain_change
        if change:
            after += f"  ({abs(change)} {'lower' if change < 0 else 'higher'})"
        self.values["pain_after"].setText(after)
        self.done_button.setFocus(Qt.FocusReason.OtherFocusReason)
