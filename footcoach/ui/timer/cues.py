"""Sound cues for the hold timer, behind a small interface so tests never touch audio.

:class:`SoundCuePlayer` writes each cue's 48 kHz frames straight into a ``QAudioSink`` that
was opened once, off the start path: setting audio up (importing QtMultimedia, finding the
output, opening streams) takes 40-100 ms of the GUI thread, so it runs in short steps after
the window's first paint instead of inside the first ``play()``. With no audio device (or no
QtMultimedia) it logs once and stays silent: a sink without a device logs Qt warnings, which
fail strict tests, so tests use a fake player.

Why a sink and not ``QSoundEffect``: the effect's stream buffers a fixed number of frames
(16-35 ms), and when a cue ends it pauses the stream with the cue's last 10-30 ms still queued;
that tail is cut off and sounds at the start of the next cue. A push-mode sink whose buffer
holds a whole cue takes it in one write (well under a millisecond), plays it out whole, and
is suspended only once it has been silent for a while.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject, QTimer

from footcoach.paths import asset_path
from footcoach.timing import (
    Countdown,
    HoldDone,
    HoldEnd,
    Phase,
    PhaseStarted,
    PlanDone,
    RepCounted,
    TimerEvent,
)

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QAudioDevice, QAudioSink
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


class Cue(StrEnum):
    """A moment worth a sound; the value is the WAV file's stem under ``assets/sounds/``."""

    HOLD_START = "hold_start"
    TICK = "tick"
    HOLD_END = "hold_end"
    SWITCH_SIDE = "switch_side"
    ALL_DONE = "all_done"


# When several cues fall due at once (a hold ends as the switch starts), play only the one
# that says most; a pile of sounds at the same instant reads as noise.
_PRIORITY = (Cue.ALL_DONE, Cue.SWITCH_SIDE, Cue.HOLD_END, Cue.HOLD_START, Cue.TICK)


def cue_for(event: TimerEvent) -> Cue | None:
    """The cue an event deserves, if any."""
    if isinstance(event, PlanDone):
        return Cue.ALL_DONE
    if isinstance(event, PhaseStarted):
        if event.phase is Phase.HOLD:
            return Cue.HOLD_START
        if event.phase is Phase.SWITCH_SIDE:
            return Cue.SWITCH_SIDE
        return None
    if isinstance(event, HoldDone):
        return Cue.HOLD_END if event.how is not HoldEnd.INTERRUPTED else None
    if isinstance(event, Countdown | RepCounted):
        return Cue.TICK
    return None


def strongest_cue(events: Iterable[TimerEvent]) -> Cue | None:
    """The one cue to play for events that fell due together."""
    cues = {cue for cue in map(cue_for, events) if cue is not None}
    return next((cue for cue in _PRIORITY if cue in cues), None)


class CuePlayer(Protocol):
    """Anything that can play cues: the real sound player, a silent one, a test fake."""

    def play(self, cue: Cue) -> None:
        """Play one cue now (or do nothing when muted or unavailable)."""

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute all cues."""

    def set_volume(self, volume: float) -> None:
        """Set the volume, 0.0 (silent) to 1.0 (full)."""


class SilentCuePlayer:
    """A cue player that plays nothing (the default when no player is given)."""

    def play(self, cue: Cue) -> None:
        """Do nothing."""

    def set_muted(self, muted: bool) -> None:
        """Do nothing."""

    def set_volume(self, volume: float) -> None:
        """Do nothing."""


# The rate sound servers and most devices run at: no resampling, and the smallest buffers.
SAMPLE_RATE = 48_000
# Each sink's buffer holds a whole cue (the longest is 0.57 s), so play() writes it at once.
BUFFER_SECONDS = 1.0
# What the sink asks of PulseAudio (or PipeWire's pulse server) unless the person set their
# own: 10 ms from write to device instead of Qt's default (12-16 ms measured).
PULSE_LATENCY_MS = "10"
# Two cues may overlap (a quick Skip); a third cuts the one that started first.
VOICES = 2
# Streams are suspended this long after the last cue has played out: no wake-ups when idle.
IDLE_SECONDS = 0.3

_BROKEN_SINK_ERRORS = ("OpenError", "IOError", "FatalError")  # not UnderrunError: idle


class SoundCuePlayer:
    """Plays the WAV cues through ``QAudioSink`` streams opened ahead of the first cue.

    Call :meth:`prepare_after_first_paint` (the app does) so audio is ready before anyone
    starts a timer; otherwise the first ``play()`` sets it up and waits for it. If
    QtMultimedia cannot load, a cue file is not 48 kHz mono 16-bit, or there is no audio
    output, it logs once and goes silent for good; the timer runs on regardless.
    """

    def __init__(self, sounds_dir: Path | None = None) -> None:
        self._sounds_dir = sounds_dir or asset_path("sounds")
        self._muted = False
        self._volume = 0.8
        self._broken = False
        self._frames: dict[Cue, bytes] = {}
        self._device: QAudioDevice | None = None
        self._voices: list[_Voice] = []
        self._steps: list[Callable[[], None]] | None = None  # None: set-up not begun
        self._wanted = False  # set-up was asked for while muted: begin it on unmute
        self._idle_timer: QTimer | None = None
        self._paint_watch: QObject | None = None

    @property
    def available(self) -> bool:
        """False once audio turned out to be missing (before set-up: True)."""
        return not self._broken

    @property
    def ready(self) -> bool:
        """True once set-up has finished and a cue plays at once."""
        return self._steps == [] and not self._broken

    def prepare_after_first_paint(self, widget: QWidget) -> None:
        """Set audio up in short steps from the event loop once ``widget`` has painted."""
        self._paint_watch = _FirstPaint(widget, self.prepare_soon)

    def prepare_soon(self) -> None:
        """Set audio up in short steps from the event loop (not while muted: on unmute)."""
        if self._muted:
            self._wanted = True
            return
        if self._steps is not None:
            return
        self._steps = self._set_up_steps()
        QTimer.singleShot(0, self._next_step)

    def play(self, cue: Cue) -> None:
        """Play a cue unless muted or audio is unavailable."""
        if self._muted or self._broken:
            return
        if not self.ready:
            self._finish_set_up()
            if self._broken:
                return
        now = time.monotonic()
        frames = self._frames[cue]
        # The voice that falls silent first (an idle one if any).
        voice = min(self._voices, key=lambda v: v.busy_until)
        voice.play(frames, now, len(frames) / (2 * SAMPLE_RATE))
        if voice.error() in _BROKEN_SINK_ERRORS:
            self._give_up(f"the audio output failed ({voice.error()})")
            return
        self._arm_idle_timer(now)

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute; muting stops nothing already playing but plays nothing new."""
        self._muted = muted
        if not muted and self._wanted:
            self._wanted = False
            self.prepare_soon()

    def set_volume(self, volume: float) -> None:
        """Set the volume, clamped to 0.0-1.0."""
        self._volume = min(1.0, max(0.0, volume))
        for voice in self._voices:
            voice.sink.setVolume(self._volume)

    # --- set-up, one short step per event-loop turn ----------------------------------

    def _set_up_steps(self) -> list[Callable[[], None]]:
        # Measured: loading QtMultimedia 14-25 ms, finding the output 14-27, each voice 12.
        steps = [self._load_frames, self._load_multimedia, self._find_device]
        return steps + [self._open_voice] * VOICES

    def _next_step(self) -> None:
        if self._broken or not self._steps:
            return
        self._steps.pop(0)()
        if self._steps:
            QTimer.singleShot(0, self._next_step)

    def _finish_set_up(self) -> None:
        if self._steps is None:
            self._steps = self._set_up_steps()
        while self._steps and not self._broken:
            self._steps.pop(0)()

    def _load_frames(self) -> None:
        import wave

        for cue in Cue:
            path = self._sounds_dir / f"{cue.value}.wav"
            try:
                with wave.open(str(path), "rb") as sound:
                    shape = (sound.getnchannels(), sound.getsampwidth(), sound.getframerate())
                    frames = sound.readframes(sound.getnframes())
            except (OSError, EOFError, wave.Error) as error:
                self._give_up(f"cannot read {path} ({error})")
                return
            if shape != (1, 2, SAMPLE_RATE):
                self._give_up(f"{path} is not 48 kHz mono 16-bit")
                return
            self._frames[cue] = frames

    def _load_multimedia(self) -> None:
        try:
            import PySide6.QtMultimedia  # noqa: F401 (the import is the step)
        except ImportError as error:  # no PySide6-Addons, or libpulse missing on Linux
            self._give_up(f"Qt Multimedia is not available ({error})")

    def _find_device(self) -> None:
        from PySide6.QtMultimedia import QMediaDevices

        device = QMediaDevices.defaultAudioOutput()
        if device.isNull():
            self._give_up("no audio output device")
            return
        self._device = device

    def _open_voice(self) -> None:
        from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QtAudio

        audio_format = QAudioFormat()
        audio_format.setSampleRate(SAMPLE_RATE)
        audio_format.setChannelCount(1)
        audio_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        # libpulse reads this when a stream connects; a value the person set wins.
        os.environ.setdefault("PULSE_LATENCY_MSEC", PULSE_LATENCY_MS)
        if self._device is None:  # set up in order: the device is found first
            return
        sink = QAudioSink(self._device, audio_format)
        sink.setBufferSize(round(BUFFER_SECONDS * SAMPLE_RATE) * 2)
        sink.setVolume(self._volume)
        io = sink.start()
        if sink.error() != QtAudio.Error.NoError or io is None:
            self._give_up(f"cannot open the audio output ({sink.error().name})")
            return
        sink.suspend()
        self._voices.append(_Voice(sink, io))

    # --- running --------------------------------------------------------------------

    def _arm_idle_timer(self, now: float) -> None:
        if self._idle_timer is None:
            self._idle_timer = QTimer()
            self._idle_timer.setSingleShot(True)
            self._idle_timer.timeout.connect(self._suspend_idle_voices)
        last = max(voice.busy_until for voice in self._voices)
        self._idle_timer.start(max(1, round((last - now + IDLE_SECONDS) * 1000)))

    def _suspend_idle_voices(self) -> None:
        now = time.monotonic()
        for voice in self._voices:
            if voice.busy_until + IDLE_SECONDS <= now:
                voice.suspend()
        if any(voice.busy_until + IDLE_SECONDS > now for voice in self._voices):
            self._arm_idle_timer(now)

    def _give_up(self, reason: str) -> None:
        if not self._broken:
            log.warning("Sound cues are off: %s", reason)
        self._broken = True


class _Voice:
    """One open push-mode stream and when what was written to it has played out."""

    def __init__(self, sink: QAudioSink, io: object) -> None:
        self.sink = sink
        self.io = io
        self.busy_until = -1.0  # monotonic seconds

    def play(self, frames: bytes, now: float, seconds: float) -> None:
        """Write a whole cue; a cue still sounding here is dropped first (it would delay it)."""
        if now < self.busy_until:
            self.sink.stop()
            self.io = self.sink.start()
        elif self.sink.state().name == "SuspendedState":
            self.sink.resume()
        self.io.write(frames)  # type: ignore[attr-defined]
        self.busy_until = now + seconds

    def suspend(self) -> None:
        """Stop the stream's wake-ups; what was written has played out."""
        if self.sink.state().name != "SuspendedState":
            self.sink.suspend()

    def error(self) -> str:
        """The sink's error name (``NoError`` when all is well)."""
        return self.sink.error().name


class _FirstPaint(QObject):
    """Calls back from the event loop once the watched widget has painted, then lets go."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # After this paint has reached the screen, not inside it.
            QTimer.singleShot(0, self._callback)
        return False
