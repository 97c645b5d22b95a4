"""The settings page: reminders, start at login and running in the background, desk breaks,
then theme, timer lead-in and cue sounds. Every change is saved and applied at once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time
from typing import TypeVar

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from footcoach import autostart, paths, settings
from footcoach.settings import SettingValueError
from footcoach.ui.common import layouts, theme
from footcoach.ui.common.keyboard_focus import set_default_button
from footcoach.ui.common.preferences import Preferences
from footcoach.ui.common.theme import ThemeMode

T = TypeVar("T")

DAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class DayPicker(QWidget):
    """Seven check boxes, Monday first; ``changed`` carries the set of weekday numbers."""

    changed = Signal(object)  # frozenset[int]

    def __init__(self, days: frozenset[int], what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(theme.SPACE_S)
        self.boxes: list[QCheckBox] = []
        for day, (label, name) in enumerate(zip(DAY_LABELS, DAY_NAMES, strict=True)):
            box = QCheckBox(label)
            box.setChecked(day in days)
            box.setAccessibleName(f"{what} on {name}")
            box.toggled.connect(lambda _on: self.changed.emit(self.days()))
            row.addWidget(box)
            self.boxes.append(box)
        row.addStretch(1)

    def days(self) -> frozenset[int]:
        """The days ticked."""
        return frozenset(day for day, box in enumerate(self.boxes) if box.isChecked())


class SettingsView(QWidget):
    """Edits :class:`Preferences` directly and announces changes others must apply."""

    theme_changed = Signal(object)
    sound_changed = Signal()
    lead_in_changed = Signal(int)
    companion_changed = Signal()  # reminders, nudges or running in the background changed
    finished = Signal()  # Done (or Enter): the person is through with the settings

    def __init__(
        self,
        preferences: Preferences,
        parent: QWidget | None = None,
        *,
        routines: Sequence[tuple[str, str]] = (),
        tray_available: bool = False,
    ) -> None:
        super().__init__(parent)
        theme.set_role(self, "form")
        self._preferences = preferences
        p = preferences
        self._autostart = autostart.autostart_entry(autostart.launch_command(paths.data_dir()))

        # Reminders
        self.reminders_on = QCheckBox("Remind me to do my routine")
        self.reminders_on.setChecked(p.get(settings.REMINDERS_ON))
        self.reminder_days = DayPicker(p.get(settings.REMINDER_DAYS), "Remind")
        self.reminder_times = QLineEdit(
            ", ".join(settings.clock_text(t) for t in p.get(settings.REMINDER_TIMES))
        )
        self.reminder_times.setAccessibleName("Reminder times")
        self.reminder_times.setAccessibleDescription("Up to four times of day, like 08:00, 18:30")
        self.reminder_times.setPlaceholderText("08:00, 18:30")
        self.times_problem = QLabel()
        theme.set_role(self.times_problem, "muted")
        self.times_problem.hide()
        self.reminder_routine = QComboBox()
        chosen = p.get(settings.REMINDER_ROUTINE)
        for routine_id, name in routines or ((chosen, chosen),):
            self.reminder_routine.addItem(name, routine_id)
        self.reminder_routine.setCurrentIndex(max(0, self.reminder_routine.findData(chosen)))
        self.reminder_routine.setAccessibleName("Routine the reminder offers")
        self.snooze = QSpinBox()
        self.snooze.setRange(5, 120)
        self.snooze.setSuffix(" min")
        self.snooze.setValue(p.get(settings.SNOOZE_MINUTES))
        self.snooze.setAccessibleName("Later waits")
        self.snooze.setAccessibleDescription("How long Later puts a reminder off")

        # Start at login and background
        self.start_at_login = QCheckBox("Start FootCoach when I log in (hidden, waiting)")
        # The file is the truth: deleted by hand, start at login is off.
        self.start_at_login.setChecked(autostart.is_enabled(self._autostart))
        self.start_at_login.setToolTip(str(self._autostart.path))
        self.background = QCheckBox("Keep running when the window is closed")
        self.background.setChecked(p.get(settings.RUN_IN_BACKGROUND))
        where = (
            "Closed, FootCoach waits in the tray."
            if tray_available
            else "This desktop has no tray: closing the window minimises it instead."
        )
        self.background_note = QLabel(
            f"{where} Reminders show only while FootCoach runs. Quit (Ctrl+Q) ends it."
        )
        self.background_note.setWordWrap(True)
        theme.set_role(self.background_note, "muted")

        # Desk breaks
        self.nudges_on = QCheckBox("Offer a seated desk break after a stretch at the computer")
        self.nudges_on.setChecked(p.get(settings.NUDGES_ON))
        self.work_days = DayPicker(p.get(settings.WORK_DAYS), "Desk breaks")
        self.work_start = self._time_edit(p.get(settings.WORK_START), "Working day starts")
        self.work_end = self._time_edit(p.get(settings.WORK_END), "Working day ends")
        self.hours_problem = QLabel()
        theme.set_role(self.hours_problem, "muted")
        self.hours_problem.hide()
        self.nudge_minutes = QSpinBox()
        self.nudge_minutes.setRange(20, 240)
        self.nudge_minutes.setSingleStep(5)
        self.nudge_minutes.setSuffix(" min")
        self.nudge_minutes.setValue(p.get(settings.NUDGE_MINUTES))
        self.nudge_minutes.setAccessibleName("Desk break after")
        self.nudge_minutes.setAccessibleDescription("Minutes of computer use before a break")

        # Appearance and sound (as before)
        self.theme_combo = QComboBox()
        for text, mode in (
            ("Follow the system", ThemeMode.SYSTEM),
            ("Light", ThemeMode.LIGHT),
            ("Dark", ThemeMode.DARK),
        ):
            self.theme_combo.addItem(text, mode.value)
        self.theme_combo.setCurrentIndex(self.theme_combo.findData(preferences.theme.value))
        self.theme_combo.setAccessibleName("Theme")
        self.theme_combo.setAccessibleDescription("Light or dark colours, or as the desktop")
        self.lead_in = QSpinBox()
        self.lead_in.setRange(0, 30)
        self.lead_in.setSuffix(" s")
        self.lead_in.setValue(preferences.lead_in_seconds)
        self.lead_in.setAccessibleName("Get-ready time")
        self.lead_in.setAccessibleDescription("Seconds to get into position before a hold")
        self.mute = QCheckBox("Mute cue sounds (the timer still flashes)")
        self.mute.setChecked(preferences.muted)
        self.mute.setAccessibleName("Mute cue sounds")
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(preferences.volume)
        self.volume.setAccessibleName("Cue volume")
        self.volume.setAccessibleDescription("Loudness of the timer's cue sounds, 0 to 100")
        self.done_button = QPushButton("Done")
        self.done_button.setToolTip("Back to the exercises (Enter); changes are already saved")
        theme.set_role(self.done_button, "primary")
        set_default_button(self, self.done_button)

        self._build_layout()
        self._update_enabled()
        self._connect_signals()

    @staticmethod
    def _time_edit(value: time, name: str) -> QTimeEdit:
        edit = QTimeEdit()
        edit.setDisplayFormat("HH:mm")
        edit.setMinimumWidth(96)
        edit.setTime(QTime(value.hour, value.minute))
        edit.setAccessibleName(name)
        return edit

    def _build_layout(self) -> None:
        card = QFrame()
        theme.set_role(card, "card")
        card.setMaximumWidth(720)
        form = QFormLayout(card)
        form.setContentsMargins(theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_XL)
        form.setSpacing(theme.SPACE_M)
        # A few digits and a unit: full-width boxes would leave them lost at the left.
        for box in (self.snooze, self.nudge_minutes, self.lead_in):
            box.setMaximumWidth(140)
        heading = QLabel("Settings")
        heading.setFont(theme.scaled_font(self.font(), theme.TITLE_SCALE, bold=True))
        form.addRow(heading)

        form.addRow(self._section("Reminders"))
        form.addRow("", self.reminders_on)
        form.addRow("Days", self.reminder_days)
        times = QVBoxLayout()
        times.addWidget(self.reminder_times)
        times.addWidget(self.times_problem)
        form.addRow(_label_for("T&imes", self.reminder_times), times)
        form.addRow("R&outine", self.reminder_routine)
        form.addRow("&Later waits", self.snooze)
        form.addRow("", self.start_at_login)
        form.addRow("", self.background)
        form.addRow("", self.background_note)

        form.addRow(self._section("Desk breaks"))
        form.addRow("", self.nudges_on)
        form.addRow("Work days", self.work_days)
        hours = QHBoxLayout()
        hours.addWidget(self.work_start)
        hours.addWidget(QLabel("to"))
        hours.addWidget(self.work_end)
        hours.addWidget(self.hours_problem)
        hours.addStretch(1)
        form.addRow(_label_for("Work &hours", self.work_start), hours)
        form.addRow("&Break after", self.nudge_minutes)

        form.addRow(self._section("Timer and sounds"))
        form.addRow("&Theme", self.theme_combo)
        form.addRow("&Get-ready time", self.lead_in)
        form.addRow("", self.mute)
        form.addRow("Cue &volume", self.volume)
        where = QLabel("Your history and settings stay on this computer. Nothing is sent anywhere.")
        where.setWordWrap(True)
        theme.set_role(where, "muted")
        form.addRow(where)
        done_row = QHBoxLayout()
        done_row.addStretch(1)
        done_row.addWidget(self.done_button)
        form.addRow(done_row)

        # A small window scrolls the page rather than squeezing it.
        scroll = QScrollArea()
        theme.set_role(layouts.scroll_to_card(scroll, card, share=4), "form")
        # Tab moves between the controls; the area follows the focus, so it needs none itself.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setAccessibleName("Settings")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _section(self, title: str) -> QLabel:
        label = QLabel(title)
        label.setFont(theme.scaled_font(self.font(), 1.1, bold=True))
        label.setAccessibleName(title)
        return label

    def _connect_signals(self) -> None:
        self.theme_combo.currentIndexChanged.connect(self.on_theme_combo_changed)
        self.lead_in.valueChanged.connect(self.on_lead_in_changed)
        self.mute.toggled.connect(self.on_mute_toggled)
        self.volume.valueChanged.connect(self.on_volume_changed)
        self.done_button.clicked.connect(self.finished)
        self.reminders_on.toggled.connect(lambda on: self._store(settings.REMINDERS_ON, on))
        self.reminder_days.changed.connect(lambda days: self._store(settings.REMINDER_DAYS, days))
        self.reminder_times.editingFinished.connect(self.on_reminder_times_edited)
        self.reminder_routine.currentIndexChanged.connect(self.on_reminder_routine_changed)
        self.snooze.valueChanged.connect(lambda m: self._store(settings.SNOOZE_MINUTES, m))
        self.start_at_login.toggled.connect(self.on_start_at_login_toggled)
        self.background.toggled.connect(lambda on: self._store(settings.RUN_IN_BACKGROUND, on))
        self.nudges_on.toggled.connect(lambda on: self._store(settings.NUDGES_ON, on))
        self.work_days.changed.connect(lambda days: self._store(settings.WORK_DAYS, days))
        self.work_start.timeChanged.connect(self.on_work_hours_changed)
        self.work_end.timeChanged.connect(self.on_work_hours_changed)
        self.nudge_minutes.valueChanged.connect(lambda m: self._store(settings.NUDGE_MINUTES, m))

    def _store(self, setting: settings.Setting[T], value: T) -> None:
        self._preferences.set(setting, value)
        self._update_enabled()
        self.companion_changed.emit()

    def _update_enabled(self) -> None:
        reminders = self.reminders_on.isChecked()
        nudges = self.nudges_on.isChecked()
        groups: tuple[tuple[bool, tuple[QWidget, ...]], ...] = (
            (reminders, (self.reminder_days, self.reminder_times, self.reminder_routine)),
            (reminders, (self.snooze,)),
            (nudges, (self.work_days, self.work_start, self.work_end, self.nudge_minutes)),
        )
        for enabled, widgets in groups:
            for widget in widgets:
                widget.setEnabled(enabled)

    def on_reminder_times_edited(self) -> None:
        try:
            times = settings.parse_times(self.reminder_times.text())
        except SettingValueError as error:
            self.times_problem.setText(f"Not saved: {error}. Write times like 08:00, 18:30.")
            self.times_problem.show()
            return
        self.times_problem.hide()
        self.reminder_times.setText(", ".join(settings.clock_text(t) for t in times))
        self._store(settings.REMINDER_TIMES, times)

    def on_reminder_routine_changed(self) -> None:
        routine_id = self.reminder_routine.currentData()
        if isinstance(routine_id, str):
            self._store(settings.REMINDER_ROUTINE, routine_id)

    def on_work_hours_changed(self) -> None:
        start, end = _time_of(self.work_start.time()), _time_of(self.work_end.time())
        problem = settings.working_hours_problem(start, end)
        self.hours_problem.setText(f"Not saved: {problem}." if problem else "")
        self.hours_problem.setVisible(problem is not None)
        if problem is None:
            self._preferences.set(settings.WORK_START, start)
            self._store(settings.WORK_END, end)

    def on_start_at_login_toggled(self, on: bool) -> None:
        try:
            if on:
                autostart.enable(self._autostart)
            else:
                autostart.disable(self._autostart)
        except OSError as error:
            QMessageBox.warning(
                self,
                "Start at login",
                f"FootCoach could not change {self._autostart.path}: {error.strerror or error}",
            )
            self.start_at_login.blockSignals(True)
            self.start_at_login.setChecked(autostart.is_enabled(self._autostart))
            self.start_at_login.blockSignals(False)
            return
        self._store(settings.START_AT_LOGIN, on)

    def refresh_start_at_login(self) -> None:
        """Read the autostart file again (the person may have deleted it by hand)."""
        enabled = autostart.is_enabled(self._autostart)
        self.start_at_login.blockSignals(True)
        self.start_at_login.setChecked(enabled)
        self.start_at_login.blockSignals(False)
        if self._preferences.get(settings.START_AT_LOGIN) != enabled:
            self._preferences.set(settings.START_AT_LOGIN, enabled)

    def on_theme_combo_changed(self) -> None:
        mode = ThemeMode(self.theme_combo.currentData())
        self._preferences.theme = mode
        self.theme_changed.emit(mode)

    def on_lead_in_changed(self, seconds: int) -> None:
        self._preferences.lead_in_seconds = seconds
        self.lead_in_changed.emit(seconds)

    def on_mute_toggled(self, muted: bool) -> None:
        self._preferences.muted = muted
        self.sound_changed.emit()

    def on_volume_changed(self, volume: int) -> None:
        self._preferences.volume = volume
        self.sound_changed.emit()

    def set_muted(self, muted: bool) -> None:
        """Reflect a mute toggled elsewhere (the M key) without echoing it back."""
        self.mute.blockSignals(True)
        self.mute.setChecked(muted)
        self.mute.blockSignals(False)


def _time_of(value: QTime) -> time:
    return time(value.hour(), value.minute())


def _label_for(text: str, buddy: QWidget) -> QLabel:
    """A row label whose Alt+letter moves to ``buddy`` (a row holding a layout has none)."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label
