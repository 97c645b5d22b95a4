"""Daily factors: what a person wore and did on one local day (footwear, a metatarsal pad or
insole, hours on the feet, a high-impact activity).

Each field is optional (None: not said). One record per local day; a later one for the same
day replaces it (``history.History.save_daily_factors``). Plain Python, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from footcoach.limits import check_hours_on_feet
from footcoach.records import Moment


class Footwear(StrEnum):
    """The shoes of the day, in four plain kinds."""

    SUPPORTIVE = "supportive"
    FLAT = "flat-or-thin"
    HEELS = "heels"
    BAREFOOT = "barefoot"

    @property
    def label(self) -> str:
        """Words for the pain dialog: "Supportive", "Flat or thin-soled"."""
        return _FOOTWEAR_LABELS[self]


_FOOTWEAR_LABELS = {
    Footwear.SUPPORTIVE: "Supportive",
    Footwear.FLAT: "Flat or thin-soled",
    Footwear.HEELS: "Heels",
    Footwear.BAREFOOT: "Barefoot",
}


@dataclass(frozen=True)
class DailyFactors:
    """What one local day held (``at`` says when it was recorded; its local date is the day)."""

    id: str
    at: Moment
    footwear: Footwear | None = None
    pad: bool | None = None
    hours_on_feet: int | None = None
    high_impact: bool | None = None

    def __post_init__(self) -> None:
        if self.hours_on_feet is not None:
            check_hours_on_feet(self.hours_on_feet)

    @property
    def is_empty(self) -> bool:
        """True when nothing was said (such a record is never stored)."""
        return (
            self.footwear is None
            and self.pad is None
            and self.hours_on_feet is None
            and self.high_impact is None
        )

    def same_answers(self, other: DailyFactors | None) -> bool:
        """Whether ``other`` holds the same answers (ids and times aside)."""
        return other is not None and (
            self.footwear,
            self.pad,
            self.hours_on_feet,
            self.high_impact,
        ) == (other.footwear, other.pad, other.hours_on_feet, other.high_impact)
