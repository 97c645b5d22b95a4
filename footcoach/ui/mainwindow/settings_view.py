"""The settings page: theme, timer lead-in and cue sounds."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from footcoach.ui.common import theme
from footcoach.ui.common.keyboard_focus import set_default_button
from footcoach.ui.common.preferences import Preferences
from footcoach.ui.common.theme import ThemeMode


class SettingsView(QWidget):
    """Edits :class:`Preferences` directly and announces changes others must apply."""

    theme_changed = Signal(object)
    sound_changed = Signal()
    lead_in_changed = Signal(int)
    finished = Signal()  # Done (or Enter): the person is through with the settings

    def __init__(self, preferences: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        theme.set_role(self, "form")
        self._preferences = preferences
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

        card = QFrame()
        theme.set_role(card, "card")
        card.setMaximumWidth(640)
        form = QFormLayout(card)
        form.setContentsMargins(theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_XL)
        form.setSpacing(theme.SPACE_M)
        heading = QLabel("Settings")
        heading.setFont(theme.scaled_font(self.font(), theme.TITLE_SCALE, bold=True))
        form.addRow(heading)
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

        outer = QVBoxLayout(self)
        outer.setContentsMargins(theme.SPACE_L, theme.SPACE_L, theme.SPACE_L, theme.SPACE_L)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 4)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.theme_combo.currentIndexChanged.connect(self.on_theme_combo_changed)
        self.lead_in.valueChanged.connect(self.on_lead_in_changed)
        self.mute.toggled.connect(self.on_mute_toggled)
        self.volume.valueChanged.connect(self.on_volume_changed)
        self.done_button.clicked.connect(self.finished)

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
