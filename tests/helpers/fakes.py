"""Fakes for tests: a clock that only moves when told, and a cue player that records."""

from __future__ import annotations

from footcoach.ui.timer.cues import Cue


class FakeClock:
    """A monotonic clock for tests: call it for the time, ``advance`` it to move on."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds``."""
        assert seconds >= 0, "a monotonic clock never goes back"
        self.now += seconds


class FakeCuePlayer:
    """A cue player that records what it was asked to play, and never touches audio."""

    def __init__(self) -> None:
        self.played: list[Cue] = []
        self.muted = False
        self.volume = 1.0

    def play(self, cue: Cue) -> None:
        """Record the cue unless muted."""
        if not self.muted:
            self.played.append(cue)

    def set_muted(self, muted: bool) -> None:
        """Remember the mute setting."""
        self.muted = muted

    def set_volume(self, volume: float) -> None:
        """Remember the volume (0.0-1.0)."""
        self.volume = volume
