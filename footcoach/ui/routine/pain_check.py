"""A quick pain check: eleven big buttons, 0 to 10, each one key press away."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from footcoach.pain import PAIN_MAX, PAIN_MIN, pain_band
from footcoach.ui.common import theme
from footcoach.ui.common.layouts import centre_card

#: The key for 10 (digits cover 0-9); shown on the button and in the hint.
TEN_KEY = Qt.Key.Key_T

_DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(10)}


class PainCheck(QFrame):
    """Asks "how does your foot feel?" and answers with one key (0-9, T for 10) or a click."""

    score_chosen = Signal(int)  # 0-10
    skipped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Pain check")
        self.title = QLabel()
        self.title.setFont(theme.scaled_font(self.font(), theme.TITLE_SCALE, bold=True))
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.prompt = QLabel()
        self.prompt.setFont(theme.scaled_font(self.font(), theme.HEADING_SCALE))
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt.setWordWrap(True)

        self.buttons: list[QPushButton] = []
        grid = QGridLayout()
        grid.setHorizontalSpacing(theme.SPACE_S)
        big = theme.scaled_font(self.font(), theme.TITLE_SCALE, bold=True)
        for score in range(PAIN_MIN, PAIN_MAX + 1):
            button = QPushButton(str(score))
            button.setFont(big)
            button.setMinimumSize(44, 56)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # digits still reach the check
            key = "T" if score == 10 else str(score)
            button.setToolTip(f"{score}/10, {pain_band(score)} (key {key})")
            button.setAccessibleName(f"Pain {score} out of 10")
            button.clicked.connect(lambda _=False, s=score: self.choose(s))
            grid.addWidget(button, 0, score)
            self.buttons.append(button)
        for text, column, span in (
            ("no pain", 0, 1),
            ("mild", 1, 3),
            ("moderate", 4, 3),
            ("severe", 7, 4),
        ):
            band = QLabel(text)
            band.setAlignment(Qt.AlignmentFlag.AlignCenter)
            theme.set_role(band, "muted")
            grid.addWidget(band, 1, column, 1, span)

        self.hint = QLabel("Press a number key (T for 10), or click. Esc skips the check.")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        theme.set_role(self.hint, "muted")
        self.skip_button = QPushButton("Skip")
        self.skip_button.setToolTip("Go on without a pain check (Esc)")
        self.skip_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.skip_button.setAccessibleName("Skip the pain check")
        self.skip_button.clicked.connect(self.skipped)
        skip_row = QHBoxLayout()
        skip_row.addStretch(1)
        skip_row.addWidget(self.skip_button)
        skip_row.addStretch(1)

        card = QFrame()
        theme.set_role(card, "card")
        card.setMaximumWidth(820)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_XL)
        inner.setSpacing(theme.SPACE_L)
        inner.addWidget(self.title)
        inner.addWidget(self.prompt)
        inner.addLayout(grid)
        inner.addWidget(self.hint)
        inner.addLayout(skip_row)

        centre_card(self, card)
        self.ask("How does your foot feel?", "Right now, from 0 (no pain) to 10 (worst).")

    def ask(self, title: str, prompt: str) -> None:
        """Set the question; the answer arrives as ``score_chosen`` or ``skipped``."""
        self.title.setText(title)
        self.prompt.setText(prompt)

    def choose(self, score: int) -> None:
        """Answer with ``score`` (as a click or key would)."""
        self.score_chosen.emit(score)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        # The score typed as one key (and Esc to skip the question) is this page's input, like
        # a spin box's digits, so it stays here rather than in SPECS.
        key = Qt.Key(event.key())
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
        elif key in _DIGIT_KEYS:
            self.choose(_DIGIT_KEYS[key])
        elif key == TEN_KEY:
            self.choose(10)
        elif key == Qt.Key.Key_Escape:
            self.skipped.emit()
        else:
            super().keyPressEvent(event)
