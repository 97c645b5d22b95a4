"""The daily factors row of the pain dialog: shoes, a pad or insole, hours on the feet and a
high-impact activity, each optional, remembered from the day before; and, while a trial is
under way, the line saying which block today is in."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from footcoach.factors import DailyFactors, Footwear
from footcoach.limits import MAX_HOURS_ON_FEET
from footcoach.records import Moment, new_id
from footcoach.ui.common import theme

NOT_SAID = "\u2014"  # an em dash: nothing said, which is not "no"
_YES_NO = ((NOT_SAID, None), ("Yes", True), ("No", False))


def _yes_no_box(name: str) -> QComboBox:
    box = QComboBox()
    for text, _ in _YES_NO:
        box.addItem(text)
    box.setAccessibleName(name)
    return box


class DailyFactorsRow(QWidget):
    """Four optional answers about a day, filled from the latest day recorded (``remembered``)."""

    def __init__(
        self,
        remembered: DailyFactors | None,
        day: date,
        reminder: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Daily factors (optional)")
        self._day = day
        self._remembered = remembered
        heading = QLabel("What you wore and did today (optional)")
        heading.setFont(theme.scaled_font(self.font(), 1.0, bold=True))
        self.source_label = QLabel()
        theme.set_role(self.source_label, "muted")
        self.source_label.setFont(theme.scaled_font(self.font(), theme.SMALL_SCALE))

        self.footwear = QComboBox()
        self.footwear.addItem(NOT_SAID)
        for kind in Footwear:
            self.footwear.addItem(kind.label)
        self.footwear.setAccessibleName("Shoes")
        self.pad = _yes_no_box("Metatarsal pad or insole worn")
        self.hours = QSpinBox()
        self.hours.setRange(-1, MAX_HOURS_ON_FEET)
        self.hours.setSpecialValueText(NOT_SAID)  # shown at -1: not said
        self.hours.setSuffix(" h")
        self.hours.setAccessibleName("Hours on your feet")
        self.high_impact = _yes_no_box("High-impact activity (running, jumping)")

        grid = QGridLayout()
        grid.setHorizontalSpacing(theme.SPACE_M)
        grid.setVerticalSpacing(theme.SPACE_XS)
        for column, (text, field) in enumerate(
            (
                ("Sh&oes", self.footwear),
                ("&Pad or insole", self.pad),
                ("&Hours on feet", self.hours),
                ("H&igh impact", self.high_impact),
            )
        ):
            label = QLabel(text)
            label.setBuddy(field)
            theme.set_role(label, "muted")
            grid.addWidget(label, 0, column)
            grid.addWidget(field, 1, column)
            grid.setColumnStretch(column, 1)

        self.trial_label = QLabel(reminder or "")
        self.trial_label.setWordWrap(True)
        self.trial_label.setAccessibleName("Trial reminder")
        theme.set_role(self.trial_label, "card")
        self.trial_label.setContentsMargins(
            theme.SPACE_S, theme.SPACE_XS, theme.SPACE_S, theme.SPACE_XS
        )
        self.trial_label.setVisible(bool(reminder))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(theme.SPACE_XS)
        layout.addWidget(heading)
        layout.addWidget(self.source_label)
        layout.addLayout(grid)
        layout.addWidget(self.trial_label)
        self.set_factors(remembered)

    def set_factors(self, factors: DailyFactors | None) -> None:
        """Show ``factors``' answers (None: nothing said)."""
        footwear = None if factors is None else factors.footwear
        self.footwear.setCurrentIndex(0 if footwear is None else list(Footwear).index(footwear) + 1)
        self.pad.setCurrentIndex(_yes_no_index(None if factors is None else factors.pad))
        hours = None if factors is None else factors.hours_on_feet
        self.hours.setValue(-1 if hours is None else hours)
        self.high_impact.setCurrentIndex(
            _yes_no_index(None if factors is None else factors.high_impact)
        )
        if factors is None:
            self.source_label.setText("Leave any of these blank; FootCoach compares what you fill.")
        elif factors.at.local_date == self._day:
            self.source_label.setText("Your answers for this day; change any that are wrong.")
        else:
            day = factors.at.local_date
            self.source_label.setText(
                f"Filled in from {day:%a} {day.day} {day:%b}; change what was different."
            )

    def factors(self, at: Moment) -> DailyFactors | None:
        """The answers as a record of ``at``'s day (None when nothing is said). The day's
        stored id is kept, so a change replaces that day's answers."""
        index = self.footwear.currentIndex()
        hours = self.hours.value()
        remembered = self._remembered
        same_day = remembered is not None and remembered.at.local_date == at.local_date
        record = DailyFactors(
            id=remembered.id if same_day and remembered is not None else new_id(),
            at=at,
            footwear=None if index <= 0 else list(Footwear)[index - 1],
            pad=_YES_NO[max(0, self.pad.currentIndex())][1],
            hours_on_feet=None if hours < 0 else hours,
            high_impact=_YES_NO[max(0, self.high_impact.currentIndex())][1],
        )
        return None if record.is_empty else record


def _yes_no_index(value: bool | None) -> int:
    return [answer for _, answer in _YES_NO].index(value)
