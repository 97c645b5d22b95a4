"""The dialog that starts a fair trial of a change: the change, the block length and how many
blocks, with the schedule it gives in words."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from footcoach.errors import FootCoachError
from footcoach.history import History
from footcoach.limits import (
    MAX_TRIAL_BLOCK_DAYS,
    MAX_TRIAL_BLOCKS,
    MAX_TRIAL_CHANGE_CHARS,
    MIN_TRIAL_BLOCK_DAYS,
    MIN_TRIAL_BLOCKS,
)
from footcoach.records import Moment, new_id
from footcoach.trials import (
    DEFAULT_BLOCK_DAYS,
    DEFAULT_BLOCKS,
    SUGGESTED_CHANGES,
    TrialError,
    new_trial,
    schedule_words,
)
from footcoach.ui.common import theme

INTRO = (
    "Pick one change to test. FootCoach alternates blocks of days with it and without it, "
    "reminds you which block you are in, and at the end compares your morning pain in each "
    "block with your starting point. Keep everything else as usual."
)


class TrialDialog(QDialog):
    """Start a trial; commits through ``History`` on Start (one trial at a time)."""

    trial_started = Signal(object)
    """The new :class:`footcoach.trials.Trial`."""

    def __init__(
        self,
        history: History,
        parent: QWidget | None = None,
        *,
        now: Callable[[], Moment] = Moment.now,
    ) -> None:
        super().__init__(parent)
        theme.set_role(self, "form")
        self.setWindowTitle("Start a fair trial")
        self._history = history
        self._now = now
        heading = QLabel("Test a change fairly")
        heading.setFont(theme.scaled_font(self.font(), theme.HEADING_SCALE, bold=True))
        intro = QLabel(INTRO)
        intro.setWordWrap(True)

        self.change = QComboBox()
        self.change.setEditable(True)
        self.change.addItems(SUGGESTED_CHANGES)
        self.change.setAccessibleName("The change to test")
        line = self.change.lineEdit()
        if line is not None:
            line.setMaxLength(MAX_TRIAL_CHANGE_CHARS)
        self.block_days = QSpinBox()
        self.block_days.setRange(MIN_TRIAL_BLOCK_DAYS, MAX_TRIAL_BLOCK_DAYS)
        self.block_days.setValue(DEFAULT_BLOCK_DAYS)
        self.block_days.setSuffix(" days")
        self.block_days.setAccessibleName("Days in each block")
        self.blocks = QSpinBox()
        self.blocks.setRange(MIN_TRIAL_BLOCKS, MAX_TRIAL_BLOCKS)
        self.blocks.setSingleStep(2)
        self.blocks.setValue(DEFAULT_BLOCKS)
        self.blocks.setAccessibleName("Blocks, with and without in turn")
        form = QFormLayout()
        form.addRow("&Change", self.change)
        form.addRow("&Each block", self.block_days)
        form.addRow("&Blocks", self.blocks)
        self.schedule_label = QLabel()
        self.schedule_label.setWordWrap(True)
        theme.set_role(self.schedule_label, "muted")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = self.buttons.addButton(
            "&Start trial", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.start_button.setDefault(True)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_L)
        layout.setSpacing(theme.SPACE_M)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.schedule_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        for spin in (self.block_days, self.blocks):
            spin.valueChanged.connect(self._show_schedule)
        self.change.currentTextChanged.connect(self._show_schedule)
        self._show_schedule()

    def _show_schedule(self) -> None:
        text = self.change.currentText().strip() or "the change"
        self.schedule_label.setText(
            schedule_words(
                text, self._now().local_date, self.block_days.value(), self.blocks.value()
            )
        )

    def start(self) -> None:
        """Store the trial and close; a bad field or a trial under way is said and kept."""
        try:
            trial = new_trial(
                new_id(),
                self._now(),
                self.change.currentText(),
                block_days=self.block_days.value(),
                blocks=self.blocks.value(),
            )
            self._history.start_trial(trial)
        except (TrialError, FootCoachError) as error:
            QMessageBox.warning(self, "Trial not started", str(error))
            return
        self.trial_started.emit(trial)
        self.accept()
