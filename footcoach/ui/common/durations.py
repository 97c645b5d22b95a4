"""How the UI writes a length of time."""

from __future__ import annotations


def duration_text(seconds: float) -> str:
    """``14 min 05 s`` (or ``45 s`` under a minute; never negative)."""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole} s"
    return f"{whole // 60} min {whole % 60:02d} s"


def minutes_text(seconds: float) -> str:
    """``about 15 min`` (rounded to the nearest minute, at least 1): a routine's length."""
    return f"about {max(1, round(seconds / 60))} min"
