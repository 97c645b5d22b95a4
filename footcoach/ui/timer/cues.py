"""Sound cues for the hold timer, behind a small interface so tests never touch audio.

:class:`SoundCuePlayer` creates its ``QSoundEffect`` objects lazily, on the first cue, once.
With no audio device (or no QtMultimedia) it logs once and stays silent: a ``QSoundEffect``
without a device logs a dozen Qt warnings, which fail strict tests, so tests use a fake player.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

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
    from PySide6.QtMultimedia import QSoundEffect

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


class SoundCuePlayer:
    """Plays the WAV cues with ``QSoundEffect``, created lazily on the first cue.

    If QtMultimedia cannot load or there is no audio output, it logs once and goes silent
    for good; the timer runs on regardless.
    """

    def __init__(self, sounds_dir: Path | None = None) -> None:
        self._sounds_dir = sounds_dir or asset_path("sounds")
        self._muted = False
        self._volume = 0.8
        self._effects: dict[Cue, QSoundEffect] | None = None
        self._broken = False

    @property
    def available(self) -> bool:
        """False once audio turned out to be missing (before the first cue: True)."""
        return not self._broken

    def play(self, cue: Cue) -> None:
        """Play a cue unless muted or audio is unavailable."""
        if self._muted or self._broken:
            return
        effects = self._ensure_effects()
        if effects is None:
            return
        effect = effects[cue]
        effect.setVolume(self._volume)
        effect.play()

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute; muting stops nothing already playing but plays nothing new."""
        self._muted = muted

    def set_volume(self, volume: float) -> None:
        """Set the volume, clamped to 0.0-1.0."""
        self._volume = min(1.0, max(0.0, volume))

    def _ensure_effects(self) -> dict[Cue, QSoundEffect] | None:
        if self._effects is not None:
            return self._effects
        try:
            from PySide6.QtCore import QUrl
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
        except ImportError as error:  # no PySide6-Addons, or libpulse missing on Linux
            self._give_up(f"Qt Multimedia is not available ({error})")
            return None
        device = QMediaDevices.defaultAudioOutput()
        if device.isNull():
            self._give_up("no audio output device")
            return None
        effects: dict[Cue, QSoundEffect] = {}
        for cue in Cue:
            effect = QSoundEffect()
            effect.setAudioDevice(device)
            effect.setSource(QUrl.fromLocalFile(str(self._sounds_dir / f"{cue.value}.wav")))
            effect.statusChanged.connect(lambda e=effect: self._check_status(e))
            effects[cue] = effect
        self._effects = effects
        return effects

    def _check_status(self, effect: QSoundEffect) -> None:
        if effect.status() == effect.Status.Error:
            self._give_up(f"cannot play {effect.source().toLocalFile()}")

    def _give_up(self, reason: str) -> None:
        if not self._broken:
            log.warning("Sound cues are off: %s", reason)
        self._broken = True
