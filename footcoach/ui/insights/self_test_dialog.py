"""``SelfTestDialog``: a self-test run, step by step (standing, marbles, heel raises; each foot).

Every decision is ``self_tests.SelfTestRun``'s: this dialog draws its state, forwards Start,
Stop, Skip and the count, and polls the run's hold timer while it runs. Each result is stored
through ``History`` the moment it is taken. Start/Stop is the default button and has focus, so
Space or Enter stops the standing timer the moment the foot touches down.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from footcoach.errors import FootCoachError
from footcoach.history import History
from footcoach.records import Moment
from footcoach.self_tests import (
    HEEL_RAISE_CAUTION,
    HEEL_RAISES_LEFT_OUT,
    INSTRUCTIONS,
    SelfTestKind,
    SelfTestResult,
    SelfTestRun,
    StepState,
)
from footcoach.timing import Clock, Phase
from footcoach.ui.common import theme
from footcoach.ui.common.durations import duration_text

POLL_MS = 50


class SelfTestDialog(QDialog):
    """One self-test run; results are committed as they are taken."""

    result_recorded = Signal(object)
    """A :class:`SelfTestResult` was stored."""

    def __init__(
        self,
        history: History,
        scores_today: Sequence[int],
        parent: QWidget | None = None,
        *,
        clock: Clock = time.monotonic,
        now: Callable[[], Moment] = Moment.now,
    ) -> None:
        super().__init__(parent)
        self._history = history
        self.setWindowTitle("Self-tests")
        self.run = SelfTestRun(self._record, scores_today, clock=clock, now=now)
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.tick)

        self.step_label = QLabel()
        self.step_label.setFont(theme.scaled_font(self.font(), theme.HEADING_SCALE, bold=True))
        self.progress_label = QLabel()
        theme.set_role(self.progress_label, "muted")
        self.instructions = QLabel()
        self.instructions.setWordWrap(True)
        self.caution = QLabel()
        self.caution.setWordWrap(True)
        theme.set_role(self.caution, "caution")
        self.caution.setMargin(theme.SPACE_S)
        self.left_out = QLabel(HEEL_RAISES_LEFT_OUT)
        self.left_out.setWordWrap(True)
        theme.set_role(self.left_out, "caution")
        self.left_out.setMargin(theme.SPACE_S)
        self.left_out.setVisible(self.run.heel_raises_left_out)
        self.clock_label = QLabel()
        self.clock_label.setFont(theme.scaled_font(self.font(), theme.TITLE_SCALE * 1.4, bold=True))
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clock_label.setAccessibleName("Timer")
        self.count_spin = QSpinBox()
        self.count_spin.setAccessibleName("Count")
        self.count_label = QLabel("&Count:")
        self.count_label.setBuddy(self.count_spin)
        self.save_count_button = QPushButton("Save &count")
        count_row = QHBoxLayout()
        count_row.addWidget(self.count_label)
        count_row.addWidget(self.count_spin)
        count_row.addWidget(self.save_count_button)
        count_row.addStretch(1)
        self.count_box = QWidget()
        self.count_box.setLayout(count_row)
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        theme.set_role(self.done_label, "muted")
        self.start_button = QPushButton("&Start")
        theme.set_role(self.start_button, "primary")
        self.start_button.setDefault(True)
        self.skip_button = QPushButton("S&kip this test")
        self.close_button = QPushButton("Close")
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(theme.SPACE_M)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.step_label)
        layout.addWidget(self.left_out)
        layout.addWidget(self.instructions)
        layout.addWidget(self.caution)
        layout.addWidget(self.clock_label)
        layout.addWidget(self.count_box)
        layout.addWidget(self.done_label)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)

        self.start_button.clicked.connect(self.on_start_clicked)
        self.skip_button.clicked.connect(self.on_skip_clicked)
        self.save_count_button.clicked.connect(self.on_save_count_clicked)
        self.close_button.clicked.connect(self.reject)
        self._show()

    # -- the run

    def _record(self, result: SelfTestResult) -> None:
        # Committed now, so closing half-way keeps what was measured.
        self._history.add_self_test(result)
        self.result_recorded.emit(result)

    def on_start_clicked(self) -> None:
        """Start the step, or stop the standing timer."""
        try:
            if self.run.state is StepState.TIMING:
                self.run.stop()
            else:
                self.run.start()
        except FootCoachError as error:
            QMessageBox.warning(self, "Result not saved", str(error))
        self._show()

    def on_skip_clicked(self) -> None:
        """Leave this test unmeasured and go on."""
        self.run.skip()
        self._show()

    def on_save_count_clicked(self) -> None:
        """Store the count entered for a marble or heel-raise step."""
        try:
            self.run.enter_count(self.count_spin.value())
        except (FootCoachError, ValueError) as error:
            QMessageBox.warning(self, "Count not saved", str(error))
        self._show()

    def tick(self) -> None:
        """Poll the run's timer and redraw (the QTimer's slot; tests call it directly)."""
        try:
            self.run.poll()
        except FootCoachError as error:
            QMessageBox.warning(self, "Result not saved", str(error))
        self._show()

    # -- drawing

    def _show(self) -> None:
        run = self.run
        timing = run.state is StepState.TIMING
        if timing and not self.timer.isActive():
            self.timer.start()
        elif not timing:
            self.timer.stop()
        self.done_label.setText(self._done_text())
        if run.finished:
            self.progress_label.setText("All done")
            self.step_label.setText("Thank you: your results are saved.")
            self.instructions.setText(
                "They show in History next to your pain, and the next self-tests are offered "
                "in two weeks."
            )
            for widget in (self.caution, self.clock_label, self.count_box):
                widget.hide()
            self.start_button.hide()
            self.skip_button.hide()
            self.close_button.setText("Done")
            self.close_button.setDefault(True)
            self.close_button.setFocus()
            return
        step = run.step
        self.progress_label.setText(f"Test {run.index + 1} of {len(run.steps)}")
        self.step_label.setText(step.title())
        self.instructions.setText(INSTRUCTIONS[step.kind])
        self.caution.setText(HEEL_RAISE_CAUTION)
        self.caution.setVisible(step.kind is SelfTestKind.HEEL_RAISES)
        counting = run.state is StepState.COUNT
        self.count_box.setVisible(counting)
        if counting:
            self.count_spin.setRange(0, step.kind.maximum)
            self.count_spin.setSuffix(f" {step.kind.unit}")
            self.count_label.setText(
                "&Marbles in the bowl:" if step.kind is SelfTestKind.MARBLES else "&Full raises:"
            )
            self.save_count_button.setDefault(True)
            self.count_spin.setFocus()
        self.clock_label.setVisible(step.kind is not SelfTestKind.HEEL_RAISES and not counting)
        self.clock_label.setText(self._clock_text())
        self.start_button.setVisible(not counting)
        self.start_button.setText("&Stop" if timing else "&Start")
        self.start_button.setEnabled(not (timing and step.kind is SelfTestKind.MARBLES))
        if not counting:
            self.start_button.setDefault(True)
            self.start_button.setFocus()

    def _clock_text(self) -> str:
        timer = self.run.timer
        if timer is None:
            return "0 s"
        state = timer.state()
        if state.step is Phase.LEAD_IN:
            return f"Get ready\u2026 {math.ceil(state.time_left)}"
        if self.run.step.kind is SelfTestKind.MARBLES:
            return f"{duration_text(math.ceil(state.time_left))} left"
        return duration_text(math.floor(state.phase_seconds - state.time_left))

    def _done_text(self) -> str:
        if not self.run.results:
            return ""
        parts = [
            f"{r.kind.label.lower()}, {r.side.value}: {r.kind.value_text(r.value)}"
            for r in self.run.results
        ]
        return "Saved: " + "; ".join(parts) + "."

    def done(self, result: int) -> None:  # noqa: D102 (Qt override)
        self.timer.stop()
        if self.run.timer is not None:
            self.run.timer.reset()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.timer.stop()
        super().closeEvent(event)
