"""The line at the top of History while a trial is under way: which block today is in, and
buttons to end the trial early or cancel it (each asks first)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from footcoach.errors import FootCoachError
from footcoach.history import History
from footcoach.records import Moment
from footcoach.trials import TrialState, TrialStatus
from footcoach.ui.common import theme


def ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    """A Yes/No question; No is the default."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class TrialBar(QFrame):
    """Today's block of the trial under way, with End early and Cancel; hidden otherwise."""

    trial_changed = Signal()
    """A trial was ended early or cancelled here."""

    def __init__(
        self,
        history: History,
        parent: QWidget | None = None,
        *,
        now: Callable[[], Moment] = Moment.now,
        ask: Callable[[QWidget, str, str], bool] = ask_yes_no,
    ) -> None:
        super().__init__(parent)
        theme.set_role(self, "card")
        self.setAccessibleName("Trial under way")
        self._history = history
        self.now = now  # the clock of the end time (tests set their own)
        self._ask = ask
        self._state: TrialState | None = None
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.end_button = QPushButton("End &early\u2026")
        self.end_button.setToolTip("End the trial now; its report holds the days it has")
        self.cancel_button = QPushButton("Cancel t&rial\u2026")
        self.cancel_button.setToolTip("Drop the trial without a report")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(theme.SPACE_M, theme.SPACE_XS, theme.SPACE_M, theme.SPACE_XS)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.end_button)
        layout.addWidget(self.cancel_button)
        for button in (self.end_button, self.cancel_button):
            button.setEnabled(history.read_only is None)  # nothing can be written
        self.end_button.clicked.connect(self.on_end_clicked)
        self.cancel_button.clicked.connect(self.on_cancel_clicked)
        self.hide()

    def show_state(self, state: TrialState | None) -> None:
        """Show the reminder of ``state`` while its trial is under way; hide otherwise."""
        self._state = state
        reminder = None if state is None else state.reminder
        self.text.setText(reminder or "")
        self.setVisible(reminder is not None)

    def on_end_clicked(self) -> None:
        state = self._state
        if state is None:
            return
        question = (
            f"End your trial of {state.trial.change} now? Its report will say it was cut short "
            "and hold only the days it has."
        )
        self._end(TrialStatus.ENDED_EARLY, "End the trial early?", question)

    def on_cancel_clicked(self) -> None:
        state = self._state
        if state is None:
            return
        question = f"Cancel your trial of {state.trial.change}? It will not be reported."
        self._end(TrialStatus.CANCELLED, "Cancel the trial?", question)

    def _end(self, status: TrialStatus, title: str, question: str) -> None:
        state = self._state
        if state is None or not self._ask(self, title, question):
            return
        try:
            self._history.end_trial(state.trial.id, self.now(), status)
        except (FootCoachError, KeyError) as error:
            QMessageBox.warning(self, "Trial not changed", str(error))
            return
        self.trial_changed.emit()
