"""The hold timer pane: a big ring and digits readable from across the room, plus cues.

All timing lives in :mod:`footcoach.timing`; this widget only draws the timer's state and
forwards its events as signals, sounds and a brief flash. Its repaint timer runs only while
the hold timer runs (or a flash fades), and each tick just polls and repaints: the numbers
always come from the clock.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QCloseEvent,
    QColor,
    QFont,
    QFontMetricsF,
    QHideEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from footcoach.timing import (
    Clock,
    HoldDone,
    HoldPlan,
    HoldTimer,
    Phase,
    PhaseStarted,
    PlanDone,
    RepCounted,
    SetDone,
    TimerEvent,
    TimerState,
    big_text,
    counter_text,
    phase_text,
)
from footcoach.ui.common.actions import ActionId, is_key_of, tip_of
from footcoach.ui.timer.cues import Cue, CuePlayer, SilentCuePlayer, strongest_cue

FRAME_MS = 33  # repaint at 30 Hz while running; event times are hit exactly regardless
FLASH_SECONDS = 0.35


def announce(widget: QWidget, text: str) -> None:
    """Have a screen reader say ``text`` now, without moving the focus (Qt 6.8+)."""
    if QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))


class _Dial(QWidget):
    """The ring, the digits, the phase words and the counters; all sizes follow the widget."""

    def __init__(self, owner: HoldTimerWidget) -> None:
        super().__init__(owner)
        self._owner = owner
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self.setAccessibleName("Hold timer")
        self._cache: QPixmap | None = None
        self._cache_key: tuple[object, ...] = ()

    def ring_rect(self) -> QRectF:
        """The square the ring is drawn in, centred, with room for the pen."""
        side = min(self.width(), self.height()) * 0.94
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def digit_pixel_size(self) -> int:
        """Pixel size of the big digits at the current size (before shrinking to fit)."""
        return max(12, int(self.ring_rect().width() * 0.34))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        state = self._owner.state()
        palette = self.palette()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        if state is not None and state.step is Phase.HOLD:
            arc_colour = palette.color(QPalette.ColorRole.Highlight)
        else:
            arc_colour = QColor(text_colour)
            arc_colour.setAlphaF(0.55)
        ring, pen_width = self._ring_geometry()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._static_layer(state))
        remaining = 0.0
        if state is not None and state.phase_seconds > 0:
            remaining = min(1.0, state.time_left / state.phase_seconds)
        if remaining > 0:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            pen = QPen(arc_colour, pen_width)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            # Qt angles are 1/16 degree, counter-clockwise from 3 o'clock: start at 12 o'clock
            # and sweep clockwise over what is left, so the ring drains as the hold runs.
            painter.drawArc(ring, 90 * 16, -round(remaining * 360 * 16))
        painter.end()

    def _ring_geometry(self) -> tuple[QRectF, float]:
        rect = self.ring_rect()
        pen_width = max(4.0, rect.width() * 0.06)
        ring = rect.adjusted(pen_width / 2, pen_width / 2, -pen_width / 2, -pen_width / 2)
        return ring, pen_width

    def _static_layer(self, state: TimerState | None) -> QPixmap:
        """Track ring and texts, redrawn only when they change (about once a second).

        Big text and a wide antialiased ellipse cost milliseconds in the raster engine; the
        moving arc alone is cheap, so per frame only the arc is drawn over this cached layer.
        """
        texts = (big_text(state), phase_text(state), counter_text(state))
        ratio = self.devicePixelRatioF()
        key = (self.width(), self.height(), ratio, self.palette().cacheKey(), self.font(), texts)
        if self._cache is not None and self._cache_key == key:
            return self._cache
        pixmap = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        track = QColor(text_colour)
        track.setAlphaF(0.12)
        ring, pen_width = self._ring_geometry()
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(track, pen_width))
        painter.drawEllipse(ring)
        inner = ring.width() - pen_width * 2
        centre_y = ring.center().y()
        big, words, counters = texts
        painter.setPen(text_colour)
        size = self.digit_pixel_size()
        self._draw_line(painter, big, size, True, inner * 0.78, centre_y - size * 0.05)
        self._draw_line(
            painter, words, max(10, int(size * 0.24)), True, inner * 0.86, centre_y + size * 0.6
        )
        if counters:
            muted = QColor(text_colour)
            muted.setAlphaF(0.7)
            painter.setPen(muted)
            small = max(9, int(size * 0.17))
            self._draw_line(painter, counters, small, False, inner * 0.7, centre_y - size * 0.62)
        painter.end()
        self._cache, self._cache_key = pixmap, key
        return pixmap

    def _draw_line(
        self, painter: QPainter, text: str, pixels: int, bold: bool, width: float, y: float
    ) -> None:
        """Draw one line of text centred on ``y``, shrunk until it fits ``width``."""
        font = QFont(self.font())
        font.setBold(bold)
        font.setPixelSize(pixels)
        metrics = QFontMetricsF(font)
        text_width = metrics.horizontalAdvance(text)
        if text_width > width > 0:
            font.setPixelSize(max(8, math.floor(pixels * width / text_width)))
            metrics = QFontMetricsF(font)
        painter.setFont(font)
        box = QRectF(0, y - metrics.height() / 2, self.width(), metrics.height())
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


class HoldTimerWidget(QWidget):
    """The hold timer pane: ring, digits, phase words, counters, buttons and cues.

    Keys when focused: Space start/pause, R restart the rep, N skip, D done (counted reps),
    Esc stop (or, in focus mode, ask to leave it). The window calls the same slots.
    """

    phase_started = Signal(object)  # timing.PhaseStarted
    rep_counted = Signal(object)  # timing.RepCounted
    hold_finished = Signal(object)  # timing.HoldDone
    set_finished = Signal(object)  # timing.SetDone
    plan_finished = Signal(object)  # timing.PlanDone
    stopped = Signal()  # stop() ended a plan before its end
    cue_fired = Signal(object)  # cues.Cue, sounded or not (the flash follows it)
    focus_mode_requested = Signal(bool)  # the Focus button or Esc; the window decides

    def __init__(
        self,
        clock: Clock = time.monotonic,
        cue_player: CuePlayer | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._cue_player: CuePlayer = cue_player or SilentCuePlayer()
        self._timer: HoldTimer | None = None
        self._title = ""
        self._focus_mode = False
        self._flash_until = -math.inf
        self._flash_strength = 0.0
        self._flash_shown = False
        self._last_phase: Phase | None = None

        self._tick_timer = QTimer(self)
        self._tick_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._tick_timer.setSingleShot(True)  # re-armed each tick to land on the next event
        self._tick_timer.timeout.connect(self.tick)

        self._title_label = QLabel(self)
        self._title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._title_label.setWordWrap(True)
        self._cue_label = QLabel(self)
        self._cue_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._cue_label.setWordWrap(True)
        self._cue_label.hide()
        self._dial = _Dial(self)

        self._start_button = self._button(
            "Start", tip_of(ActionId.TIMER_START_PAUSE), self.toggle_start_pause
        )
        self._restart_button = self._button(
            "Restart", tip_of(ActionId.TIMER_RESTART), self.restart_rep
        )
        self._skip_button = self._button("Skip", tip_of(ActionId.TIMER_SKIP), self.skip_phase)
        self._done_button = self._button("Done", tip_of(ActionId.TIMER_DONE), self.mark_done)
        self._focus_button = self._button("Focus", tip_of(ActionId.FOCUS_MODE), None)
        self._focus_button.setCheckable(True)
        self._focus_button.toggled.connect(self.focus_mode_requested)

        self._button_rows = (QHBoxLayout(), QHBoxLayout())
        self._button_shape: tuple[object, ...] = ()
        layout = QVBoxLayout(self)
        layout.addWidget(self._title_label)
        layout.addWidget(self._cue_label)
        layout.addWidget(self._dial, 1)
        for row in self._button_rows:
            layout.addLayout(row)
        self._layout_buttons()

        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Timer")
        self.setAccessibleDescription("Space: start or pause; R: restart; N: skip; Esc: stop")
        self._refresh()

    def _button(self, text: str, tip: str, slot: Callable[[], None] | None) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        # Tab reaches the buttons, a click does not focus them: after a click, Space still
        # pauses rather than pressing the button clicked last.
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        if slot is not None:
            button.clicked.connect(slot)
        return button

    # --- public API -----------------------------------------------------------------

    def load_plan(self, plan: HoldPlan, title: str, cue: str = "") -> None:
        """Show a new plan, idle (a plan that was running is stopped first)."""
        self.stop()
        self._timer = HoldTimer(plan, self._clock)
        self._title = title
        self._title_label.setText(title)
        self._cue_label.setText(cue)
        self._last_phase = None
        self._refresh()

    def state(self) -> TimerState | None:
        """The timer's state now, or None before a plan is loaded."""
        return self._timer.state() if self._timer is not None else None

    @property
    def timer(self) -> HoldTimer | None:
        """The state machine being shown."""
        return self._timer

    @property
    def title(self) -> str:
        """The exercise name shown above the ring."""
        return self._title

    def set_focus_mode(self, on: bool) -> None:
        """Large layout for full-window use: big title, the one-line cue, bigger digits."""
        self._focus_mode = on
        self._focus_button.blockSignals(True)
        self._focus_button.setChecked(on)
        self._focus_button.blockSignals(False)
        self._cue_label.setVisible(on and bool(self._cue_label.text()))
        self._apply_fonts()
        self._layout_buttons()
        self.update()

    def is_focus_mode(self) -> bool:
        """True in the full-window layout."""
        return self._focus_mode

    def is_ticking(self) -> bool:
        """True while the repaint timer is armed (only while running or a flash fades)."""
        return self._tick_timer.isActive()

    def is_flashing(self) -> bool:
        """True while the cue flash shows."""
        return self._clock() < self._flash_until

    def digit_pixel_size(self) -> int:
        """Pixel size of the big digits now (they scale with the widget)."""
        return self._dial.digit_pixel_size()

    # --- slots ----------------------------------------------------------------------

    def toggle_start_pause(self) -> None:
        """Start, pause or resume."""
        if self._timer is not None:
            self._timer.toggle()
            self.tick()

    def restart_rep(self) -> None:
        """Start the current rep (or step) again."""
        if self._timer is not None:
            self._timer.restart_rep()
            self.tick()

    def skip_phase(self) -> None:
        """Go on to the next step now."""
        if self._timer is not None:
            self._timer.skip()
            self.tick()

    def mark_done(self) -> None:
        """Count the current set of reps as done (counted reps only)."""
        if self._timer is not None and self._timer.mark_done():
            self.tick()

    def stop(self) -> None:
        """Stop the plan and go back to idle (events already due are still sent)."""
        if self._timer is None:
            return
        self._dispatch(self._timer.poll())
        phase = self._timer.state().phase
        self._timer.reset()
        self._tick_timer.stop()
        self._flash_until = -math.inf
        if phase not in (Phase.IDLE, Phase.FINISHED):
            self.stopped.emit()
        self._refresh()

    def halt(self) -> None:
        """Stop ticking, sending nothing more: the window is closing (as after a kill, a hold
        in progress is not recorded)."""
        self._tick_timer.stop()

    def tick(self) -> None:
        """Poll the timer, send what fell due, repaint, and re-arm (or stop) the tick."""
        if self._timer is None:
            return
        self._dispatch(self._timer.poll())
        self._refresh()
        self._rearm()

    # --- internals ------------------------------------------------------------------

    def _dispatch(self, events: list[TimerEvent]) -> None:
        cue = strongest_cue(events)
        if cue is not None:
            # Sound first: what the signals set off (a commit, a page change) must not delay it.
            self._cue_player.play(cue)
        for event in events:
            if isinstance(event, PhaseStarted):
                self.phase_started.emit(event)
            elif isinstance(event, RepCounted):
                self.rep_counted.emit(event)
            elif isinstance(event, HoldDone):
                self.hold_finished.emit(event)
            elif isinstance(event, SetDone):
                self.set_finished.emit(event)
            elif isinstance(event, PlanDone):
                self.plan_finished.emit(event)
        if cue is not None:
            self._flash_until = self._clock() + FLASH_SECONDS
            self._flash_strength = 0.18 if cue is Cue.TICK else 0.4
            self._flash_shown = False  # a new flash: repaint the whole pane
            self.cue_fired.emit(cue)

    def _rearm(self) -> None:
        assert self._timer is not None
        due = self._timer.time_to_next_event()
        flash_left = self._flash_until - self._clock()
        if due is not None:
            # Wake at the next event exactly (rounded up, so never early) or at the next frame.
            interval = min(FRAME_MS, max(1, math.ceil(due * 1000)))
        elif flash_left > 0:
            interval = max(1, math.ceil(flash_left * 1000))
        else:
            self._tick_timer.stop()
            return
        self._tick_timer.start(interval)

    def _refresh(self) -> None:
        state = self.state()
        loaded = state is not None
        phase = state.phase if state is not None else None
        if phase is Phase.PAUSED:
            self._start_button.setText("Resume")
        elif state is not None and state.running:
            self._start_button.setText("Pause")
        elif phase is Phase.FINISHED:
            self._start_button.setText("Again")
        else:
            self._start_button.setText("Start")
        active = phase not in (None, Phase.IDLE, Phase.FINISHED)
        self._start_button.setEnabled(loaded)
        self._restart_button.setEnabled(active)
        self._skip_button.setEnabled(active)
        rep_based = state is not None and state.rep_based
        if self._done_button.isHidden() == rep_based:
            self._done_button.setVisible(rep_based)
            self._layout_buttons()
        self._done_button.setEnabled(state is not None and state.step is Phase.HOLD and active)
        if phase != self._last_phase:
            self._last_phase = phase
            self._dial.setAccessibleDescription(phase_text(state))
            if phase not in (None, Phase.IDLE):
                announce(self._dial, phase_text(state))
        flashing = self.is_flashing()
        if flashing != self._flash_shown:
            # The flash tints the whole pane: repaint all of it when it comes and goes. Between
            # those, only the dial changes (and repainting every button each frame costs CPU).
            self._flash_shown = flashing
            self.update()
        self._dial.update()

    def _layout_buttons(self) -> None:
        """One row of buttons when they fit, else two (a narrow pane must not clip them)."""
        controls = [self._start_button, self._restart_button, self._skip_button]
        if not self._done_button.isHidden():
            controls.append(self._done_button)
        spacing = max(0, self._button_rows[0].spacing())
        margins = self.contentsMargins().left() + self.contentsMargins().right() + 24
        needed = sum(b.sizeHint().width() + spacing for b in [*controls, self._focus_button])
        two_rows = needed + margins > self.width()
        shape = (two_rows, len(controls), self._start_button.font().key())
        if shape == self._button_shape:
            return
        self._button_shape = shape
        for row in self._button_rows:
            while row.count():
                row.takeAt(0)
        first, second = self._button_rows
        if two_rows:
            # Start (and Done) on top, big; the rarer actions below.
            first.addWidget(self._start_button, 1)
            if self._done_button in controls:
                first.addWidget(self._done_button, 1)
            second.addWidget(self._restart_button, 1)
            second.addWidget(self._skip_button, 1)
            second.addWidget(self._focus_button, 1)
        else:
            for button in controls:
                first.addWidget(button)
            first.addStretch(1)
            first.addWidget(self._focus_button)

    def _apply_fonts(self) -> None:
        base = QFont(self.font())
        title = QFont(base)
        title.setBold(True)
        if self._focus_mode:
            title.setPixelSize(max(16, int(self.height() * 0.06)))
            cue = QFont(base)
            cue.setPixelSize(max(14, int(self.height() * 0.04)))
            self._cue_label.setFont(cue)
            # Bigger targets when the timer is all there is on screen.
            button_font = QFont(base)
            button_font.setPixelSize(max(12, int(self.height() * 0.025)))
        else:
            title.setPointSizeF(base.pointSizeF() * 1.3 if base.pointSizeF() > 0 else 13)
            button_font = base
        self._title_label.setFont(title)
        for button in self.findChildren(QPushButton):
            button.setFont(button_font)

    # --- Qt overrides ---------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        if not self.is_flashing():
            return
        colour = self.palette().color(QPalette.ColorRole.Highlight)
        colour.setAlphaF(self._flash_strength)
        painter = QPainter(self)
        painter.fillRect(self.rect(), colour)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._apply_fonts()
        self._layout_buttons()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        # A timer on its own (never shown, or its own window): no tick after close.
        self.halt()
        super().closeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt override)
        super().hideEvent(event)
        # Its window closed or hid (a view switch or minimising leaves the window visible and
        # the timer running): no tick into a window nobody sees, which may be deleted next.
        if not self.window().isVisible():
            self.halt()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        state = self.state()
        if state is not None and state.running and not self._tick_timer.isActive():
            self.tick()  # shown again: the clock kept the time, send what fell due meanwhile

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        # In the main window its actions take these keys first; on its own (tests, the
        # screenshot) the widget answers the same keys from SPECS.
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
        elif is_key_of(ActionId.TIMER_START_PAUSE, event):
            self.toggle_start_pause()
        elif is_key_of(ActionId.TIMER_RESTART, event):
            self.restart_rep()
        elif is_key_of(ActionId.TIMER_SKIP, event):
            self.skip_phase()
        elif is_key_of(ActionId.TIMER_DONE, event):
            self.mark_done()
        elif is_key_of(ActionId.TIMER_STOP, event):
            if self._focus_mode:
                self.focus_mode_requested.emit(False)
            else:
                self.stop()
        else:
            super().keyPressEvent(event)
