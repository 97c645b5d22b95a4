"""The welcome: the safety note and the red-flag check, on first run and from Help at any time."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QWidget,
)

from footcoach.catalog import Catalog
from footcoach.screening import Screening, ScreeningAnswers
from footcoach.ui.common import theme
from footcoach.ui.common.layouts import scrolled_card
from footcoach.ui.common.red_flag_check import RedFlagCheck

GO_AHEAD = "I understand \u2013 show me the exercises"


class SafetyNoteView(QScrollArea):
    """A calm page: what FootCoach is, the red-flag questions, and the precautions.

    The button goes on once every question has an answer, handing those answers over.
    """

    acknowledged = Signal(object)  # ScreeningAnswers, just given (or confirmed again)

    def __init__(
        self,
        catalog: Catalog,
        screening: Screening,
        answers: ScreeningAnswers | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        layout = scrolled_card(self)

        title = QLabel("Welcome to FootCoach")
        title.setFont(theme.scaled_font(self.font(), theme.TITLE_SCALE, bold=True))
        intro = _wrapped(
            "Gentle exercises and stretches for pain in the ball of the foot, with hold "
            "timers, a pain log and a chart that shows how you are doing."
        )
        intro.setFont(theme.scaled_font(self.font(), theme.HEADING_SCALE))
        note = _wrapped(catalog.see_professional)
        check_title = _wrapped("<b>A quick check of your feet</b>")
        check_intro = _wrapped(escape(screening.intro))
        self.red_flags = RedFlagCheck(screening)
        self.red_flags.show_answers(answers)
        self.red_flags.answered.connect(self.acknowledged)
        tips_title = _wrapped("<b>Before you start</b>")
        tips = _wrapped(
            "<ul style='-qt-list-indent: 1;'>"
            + "".join(
                f"<li><b>{escape(p.title)}.</b> {escape(p.text)}</li>" for p in catalog.precautions
            )
            + "</ul>"
        )
        self.button = QPushButton(GO_AHEAD)
        theme.set_role(self.button, "primary")
        self.button.setDefault(True)
        # With a red flag, "show me the exercises" would read as a go-ahead: it is not one.
        self.waiting = self.red_flags.attach_submit(self.button, GO_AHEAD)
        buttons = QHBoxLayout()
        buttons.addWidget(self.waiting)
        buttons.addStretch(1)
        buttons.addWidget(self.button)
        for widget in (title, intro, note, check_title, check_intro, self.red_flags):
            layout.addWidget(widget)
        layout.addWidget(tips_title)
        layout.addWidget(tips)
        layout.addLayout(buttons)

    def show_check(self) -> None:
        """Scroll to the questions and put the keyboard on the first one (Help)."""
        self.ensureWidgetVisible(self.red_flags)
        self.red_flags.focus_first()

    def show_answers(self, answers: ScreeningAnswers | None) -> None:
        """Fill in answers given elsewhere (before a first session)."""
        self.red_flags.show_answers(answers)


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label
