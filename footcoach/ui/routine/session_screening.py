"""The red-flag questions before a first guided session, when they have no answers yet.

Rule 28 asks them before the first exercise. Whoever skipped the welcome page (Esc, another
view, a reminder's Start) meets them here, before the session they asked for. Whether they are
needed, and whether the session follows the answers, is decided in plain Python
(``SessionFlow.screening_needed``, ``screening.session_follows``); this page asks and hands
the answers over.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QWidget,
)

from footcoach.screening import Screening, ScreeningAnswers
from footcoach.ui.common import theme
from footcoach.ui.common.keyboard_focus import set_default_button
from footcoach.ui.common.layouts import scrolled_card
from footcoach.ui.common.red_flag_check import RedFlagCheck

GO_AHEAD = "Save and start"


class SessionScreeningView(QScrollArea):
    """The questions (Y / N answer, Enter goes on), Not now (Esc) and Save and start.

    The submit button goes on once every question has an answer; after any yes it reads
    "Save my answers", as on the welcome page.
    """

    answered = Signal(object)  # ScreeningAnswers, complete
    cancelled = Signal()  # backed out: nothing is saved, nothing starts

    def __init__(self, screening: Screening, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("A quick check of your feet before your first session")
        layout = scrolled_card(self)

        self.title = QLabel("A quick check of your feet first")
        self.title.setFont(theme.scaled_font(self.font(), theme.TITLE_SCALE, bold=True))
        self.title.setWordWrap(True)
        intro = QLabel(escape(screening.intro))
        intro.setWordWrap(True)
        self.next_line = QLabel()
        self.next_line.setWordWrap(True)
        theme.set_role(self.next_line, "muted")
        self.red_flags = RedFlagCheck(screening)
        self.red_flags.answered.connect(self.answered)

        self.cancel_button = QPushButton("Not now")
        self.cancel_button.setToolTip("Back to the routines; nothing is saved (Esc)")
        self.cancel_button.clicked.connect(self.cancelled)
        self.submit_button = QPushButton(GO_AHEAD)
        theme.set_role(self.submit_button, "primary")
        self.submit_button.setToolTip("Save your answers; the session starts unless one is yes")
        self.waiting = self.red_flags.attach_submit(self.submit_button, GO_AHEAD)
        set_default_button(self, self.submit_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.waiting)
        buttons.addWidget(self.submit_button)

        for widget in (self.title, intro, self.next_line, self.red_flags):
            layout.addWidget(widget)
        layout.addLayout(buttons)

    def ask(
        self, answers: ScreeningAnswers | None, routine_name: str, resuming: bool = False
    ) -> None:
        """Ask before ``routine_name`` starts (or resumes), from the stored ``answers`` if any
        (a question added since they were given is unanswered)."""
        self.red_flags.show_answers(answers)
        name = escape(routine_name)
        self.next_line.setText(
            f"Then {name} carries on where you left it."
            if resuming
            else f"Then {name} starts, with its quick pain check."
        )
        self.verticalScrollBar().setValue(0)

    def focus_first(self) -> None:
        """Put the keyboard on the first question."""
        self.red_flags.focus_first()
