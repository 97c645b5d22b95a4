"""A cue player for UI tests that records the cues it is asked to play (it imports the
player's ``Cue`` from ``footcoach.ui.timer.cues``, and so Qt)."""

from __future__ import annotations

from footcoach.ui.timer.cues import Cue


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
