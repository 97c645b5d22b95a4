"""The red-flag check (the welcome page, and before a first guided session): yes/no questions,
and calm advice on the answers."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from footcoach.records import Moment, new_id
from footcoach.screening import REDUCED_FEELING, Screening, ScreeningAnswers
from footcoach.ui.common import theme

_YES, _NO = 1, 0
SAVE_ONLY = "Save my answers"
"""The submit button's words after any yes: with a red flag, a go-ahead is not what it is."""


class RedFlagCheck(QWidget):
    """One row per question (Yes / No; keys Y and N answer and move on), then the advice.

    Nothing is preselected: each question needs an answer of its own.
    """

    changed = Signal()  # an answer or the confirmation changed
    submitted = Signal()  # Enter on a question: the page's default button should act
    answered = Signal(object)  # ScreeningAnswers, every question answered, handed over

    def __init__(self, screening: Screening, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.screening = screening
        theme.set_role(self, "form")  # radio buttons and the check box visible in the dark too
        self.groups: dict[str, QButtonGroup] = {}
        self._radios: list[QRadioButton] = []  # yes, no per question, in order
        grid = QGridLayout()
        grid.setHorizontalSpacing(theme.SPACE_L)
        grid.setVerticalSpacing(theme.SPACE_S)
        grid.setColumnStretch(0, 1)
        for row, question in enumerate(screening.questions):
            label = QLabel(f"{row + 1}. {question.text}")
            label.setWordWrap(True)
            group = QButtonGroup(self)
            for column, (text, value) in enumerate((("&Yes", _YES), ("&No", _NO)), start=1):
                radio = QRadioButton(text.replace("&", ""))
                radio.setAccessibleName(f"{question.text} {text.replace('&', '')}")
                radio.setToolTip("Y for yes, N for no")
                radio.installEventFilter(self)
                group.addButton(radio, value)
                grid.addWidget(radio, row, column)
                self._radios.append(radio)
            group.idToggled.connect(self._on_toggled)
            grid.addWidget(label, row, 0)
            self.groups[question.id] = group

        self.advice_box = QFrame()
        theme.set_role(self.advice_box, "caution")
        advice_layout = QVBoxLayout(self.advice_box)
        advice_layout.setContentsMargins(theme.SPACE_M, theme.SPACE_M, theme.SPACE_M, theme.SPACE_M)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.advice.setTextFormat(Qt.TextFormat.RichText)
        self.unreliable = QLabel(escape(screening.pain_unreliable))
        self.unreliable.setWordWrap(True)
        self.agreed = QCheckBox(screening.confirmation)
        self.agreed.setAccessibleName("A professional has agreed")
        self.agreed.toggled.connect(self._on_toggled)
        for widget in (self.advice, self.unreliable, self.agreed):
            advice_layout.addWidget(widget)
        self.all_clear = QLabel(escape(screening.all_no))
        self.all_clear.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.SPACE_M)
        layout.addLayout(grid)
        layout.addWidget(self.advice_box)
        layout.addWidget(self.all_clear)
        self._show_advice()

    # --- reading and filling --------------------------------------------------------

    def is_complete(self) -> bool:
        """True when every question has an answer."""
        return all(group.checkedId() != -1 for group in self.groups.values())

    def answers(self) -> ScreeningAnswers | None:
        """The answers given, stamped now; None while a question is unanswered."""
        if not self.is_complete():
            return None
        given = tuple(
            (question_id, group.checkedId() == _YES) for question_id, group in self.groups.items()
        )
        agreed = self.agreed.isChecked() and dict(given)[REDUCED_FEELING]
        return ScreeningAnswers(new_id(), Moment.now(), given, agreed)

    def show_answers(self, answers: ScreeningAnswers | None) -> None:
        """Fill in stored answers (questions added since stay unanswered)."""
        for question_id, group in self.groups.items():
            yes = answers.answer(question_id) if answers is not None else None
            group.setExclusive(yes is not None)  # unchecking needs a non-exclusive group
            for button in group.buttons():
                button.setChecked(yes is not None and group.id(button) == (_YES if yes else _NO))
            group.setExclusive(True)
        self.agreed.setChecked(answers is not None and answers.professional_agreed)
        self._show_advice()
        self.changed.emit()

    def submit_text(self, go_ahead: str) -> str:
        """The submit button's words: ``go_ahead``, or ``SAVE_ONLY`` once any answer is yes."""
        answers = self.answers()
        return SAVE_ONLY if answers is not None and answers.any_yes else go_ahead

    def submit(self) -> None:
        """Hand the answers over (``answered``) once every question has one."""
        answers = self.answers()
        if answers is not None:
            self.answered.emit(answers)

    def attach_submit(self, button: QPushButton, go_ahead: str) -> QLabel:
        """Make ``button`` the page's submit: on once every question has an answer, reading
        ``go_ahead`` (``SAVE_ONLY`` after any yes); it and Enter on a question hand the
        answers over. Returns the "answer each question" line to show beside it."""
        # Parented at once, so showing it never opens a window; the page's layout takes it.
        waiting = QLabel("Answer each question to go on.", self)
        theme.set_role(waiting, "muted")

        def follow() -> None:
            complete = self.is_complete()
            button.setEnabled(complete)
            waiting.setVisible(not complete)
            button.setText(self.submit_text(go_ahead))

        self.changed.connect(follow)
        button.clicked.connect(self.submit)
        self.submitted.connect(self.submit)
        follow()
        return waiting

    def focus_first(self) -> None:
        """Put the keyboard on the first question."""
        if self._radios:
            self._radios[0].setFocus(Qt.FocusReason.OtherFocusReason)

    # --- internals ------------------------------------------------------------------

    def _on_toggled(self, *_args: object) -> None:
        self._show_advice()
        self.changed.emit()

    def _show_advice(self) -> None:
        yes_flags = [
            question.flag
            for question in self.screening.questions
            if self.groups[question.id].checkedId() == _YES
        ]
        reduced = self.groups[REDUCED_FEELING].checkedId() == _YES
        self.advice.setText(
            f"<b>{escape(self.screening.any_yes)}</b>"
            "<ul style='-qt-list-indent: 1;'>"
            + "".join(f"<li>{escape(flag)}</li>" for flag in yes_flags)
            + "</ul>"
        )
        self.advice_box.setVisible(bool(yes_flags))
        self.unreliable.setVisible(reduced)
        self.agreed.setVisible(reduced)
        self.all_clear.setVisible(self.is_complete() and not yes_flags)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # Y or N answers the question in focus and moves to the next one; Enter submits (a
        # page is not a dialog, so no default button hears it). The window's single-key
        # shortcuts (N skips a timer phase) must not take the keys first. Answering is input to
        # this form, as typing in a field is, so these keys stay here and out of SPECS.
        kind = event.type()
        keys = (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
        if kind not in keys or not isinstance(watched, QRadioButton) or watched not in self._radios:
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        key = event.key()
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if not (enter or key in (Qt.Key.Key_Y, Qt.Key.Key_N)) or modifiers:
            return super().eventFilter(watched, event)
        event.accept()
        if kind == QEvent.Type.KeyPress and enter:
            self.submitted.emit()
        elif kind == QEvent.Type.KeyPress:
            self._answer(self._radios.index(watched) // 2, key == Qt.Key.Key_Y)
        return True

    def _answer(self, row: int, yes: bool) -> None:
        self._radios[row * 2 + (0 if yes else 1)].setChecked(True)
        following = min(row + 1, len(self._radios) // 2 - 1)
        self._radios[following * 2].setFocus(Qt.FocusReason.TabFocusReason)
