"""The pain log dialog: a 0-10 score, when it was felt and a note, saved in five seconds.

Keys: 0-9 set the score, T is 10 (as in the routine's pain check) and + / - step it by one
(anywhere but in the note field); while the scale has focus, the arrow keys step too and
Home / End jump to 0 / 10.
Enter saves wherever the focus is, a focused Cancel too (Space on it, or Esc, cancels). The
entry is committed through ``History`` the moment Save is pressed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from footcoach.errors import FootCoachError
from footcoach.history import History
from footcoach.limits import MAX_NOTE_CHARS, LimitError, check_note
from footcoach.pain import PAIN_MAX, PAIN_MIN, context_for, pain_band, severe_advice
from footcoach.records import Moment, PainContext, PainEntry, new_id
from footcoach.trials import reminder_on
from footcoach.ui.common import theme
from footcoach.ui.common.keyboard_focus import set_enter_saves
from footcoach.ui.insights.daily_factors_row import DailyFactorsRow

KEYS_HINT = (
    "Keys: 0\u20139 set the score, T is 10; + and \u2212 (or \u2192 and \u2190) step it. "
    "Enter saves, Esc cancels."
)
# Mnemonic letters for the contexts' labels; S, C and N are taken by Save, Cancel and Note.
_MNEMONICS = {
    PainContext.MORNING: "F",
    PainContext.DAY: "d",
    PainContext.DURING_EXERCISE: "x",
    PainContext.AFTER_EXERCISE: "A",
}


def context_text(context: PainContext) -> str:
    """The context's label with its mnemonic: "During the &day"."""
    label = context.label
    at = label.index(_MNEMONICS[context])
    return f"{label[:at]}&{label[at:]}"


def _plain(event: QKeyEvent) -> bool:
    """True for a key pressed without Ctrl, Alt or Meta (Shift and keypad are fine: + is
    Shift+= on many layouts)."""
    allowed = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
    return not event.modifiers() & ~allowed


class ScoreScale(QWidget):
    """Eleven buttons, 0 to 10, with the scale's anchors under both ends."""

    score_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Pain score, 0 to 10")
        # One tab stop for the whole scale (like a slider); the buttons are for the mouse.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Never squeezed: the dialog's wrapped labels would otherwise steal its height.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        row = QHBoxLayout()
        row.setSpacing(theme.SPACE_XS)
        for score in range(PAIN_MIN, PAIN_MAX + 1):
            button = QPushButton(str(score))
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumSize(38, 38)
            button.setAccessibleName(f"{score} out of 10")
            self.group.addButton(button, score)
            row.addWidget(button)
        self.group.idToggled.connect(self._on_toggled)
        low = QLabel("0 no pain")
        high = QLabel("10 worst pain imaginable")
        high.setAlignment(Qt.AlignmentFlag.AlignRight)
        for label in (low, high):
            theme.set_role(label, "muted")
        anchors = QHBoxLayout()
        anchors.addWidget(low)
        anchors.addStretch(1)
        anchors.addWidget(high)
        layout = QVBoxLayout(self)
        m = theme.SPACE_XS  # room for the focus frame
        layout.setContentsMargins(m, m, m, m)
        layout.setSpacing(theme.SPACE_XS)
        layout.addLayout(row)
        layout.addLayout(anchors)

    def score(self) -> int | None:
        """The chosen score, or None before one is chosen."""
        checked = self.group.checkedId()
        return None if checked < 0 else checked

    def set_score(self, score: int) -> None:
        """Choose ``score`` (clamped to 0-10)."""
        self.group.button(max(PAIN_MIN, min(PAIN_MAX, score))).setChecked(True)

    def step(self, delta: int) -> None:
        """Move the score by ``delta``; from no score, up starts at 1 and down at 0."""
        current = self.score()
        if current is None:
            self.set_score(max(PAIN_MIN, delta))
        else:
            self.set_score(current + delta)

    def refresh_theme(self) -> None:
        """Re-colour the chosen button with the current theme's accent."""
        c = theme.colors()
        for button in self.group.buttons():
            palette = QPalette(self.palette())
            if button.isChecked():
                palette.setColor(QPalette.ColorRole.Button, QColor(c.accent))
                palette.setColor(QPalette.ColorRole.ButtonText, QColor(c.accent_text))
            button.setPalette(palette)
            font = button.font()
            font.setBold(button.isChecked())
            button.setFont(font)

    def handle_key(self, key: int, arrows: bool = True) -> bool:
        """Apply a score key (digits, T, + and -; with ``arrows`` also arrows, Home and End)."""
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            self.set_score(key - Qt.Key.Key_0)
        elif key == Qt.Key.Key_T:  # "ten", the same key as the routine's pain check
            self.set_score(PAIN_MAX)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):  # = is + without Shift
            self.step(1)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.step(-1)
        elif arrows and key in (Qt.Key.Key_Right, Qt.Key.Key_Up):
            self.step(1)
        elif arrows and key in (Qt.Key.Key_Left, Qt.Key.Key_Down):
            self.step(-1)
        elif arrows and key == Qt.Key.Key_Home:
            self.set_score(PAIN_MIN)
        elif arrows and key == Qt.Key.Key_End:
            self.set_score(PAIN_MAX)
        else:
            return False
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        # Digits, T, +/- and arrows set the score: input to this editor, not window shortcuts.
        if _plain(event) and self.handle_key(event.key()):
            event.accept()
            return
        super().keyPressEvent(event)  # ignored: Enter and Esc go on to the dialog

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusOutEvent(event)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        if not self.hasFocus():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(theme.colors().accent))
        pen.setWidthF(2.0)
        painter.setPen(pen)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 6, 6)

    def _on_toggled(self, score: int, checked: bool) -> None:
        if checked:
            self.refresh_theme()
            self.score_changed.emit(score)


class PainEntryDialog(QDialog):
    """Log a new pain entry, or edit one (``entry=``); commits through ``History`` on Save."""

    pain_logged = Signal(object)
    """A new :class:`PainEntry` was committed."""
    pain_edited = Signal(object, object)
    """A stored :class:`PainEntry` was changed: (before, after)."""

    def __init__(
        self,
        history: History,
        parent: QWidget | None = None,
        *,
        entry: PainEntry | None = None,
        now: Callable[[], Moment] = Moment.now,
    ) -> None:
        super().__init__(parent)
        theme.set_role(self, "form")
        self._history = history
        self._entry = entry
        self._now = now
        self.saved_entry: PainEntry | None = None
        self.setWindowTitle("Edit pain entry" if entry else "Log pain")

        heading = QLabel("How does your foot feel?" if entry is None else "Edit this entry")
        heading.setFont(theme.scaled_font(self.font(), theme.HEADING_SCALE, bold=True))
        self.when_label = QLabel()
        theme.set_role(self.when_label, "muted")
        self.scale = ScoreScale()
        self.band_label = QLabel()
        self.severe_label = QLabel()
        self.severe_label.setWordWrap(True)
        theme.set_role(self.severe_label, "caution")
        self.severe_label.setContentsMargins(
            theme.SPACE_S, theme.SPACE_XS, theme.SPACE_S, theme.SPACE_XS
        )

        self.contexts = QButtonGroup(self)
        self.context_buttons: dict[PainContext, QRadioButton] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(theme.SPACE_XL)
        for i, context in enumerate(PainContext):
            radio = QRadioButton(context_text(context))
            self.contexts.addButton(radio, i)
            self.context_buttons[context] = radio
            grid.addWidget(radio, i // 2, i % 2)
        when_heading = QLabel("When did you feel it?")
        when_heading.setFont(theme.scaled_font(self.font(), 1.0, bold=True))

        self.note = QLineEdit()
        # The same limit as log-pain and import: an entry edited here keeps its whole note.
        self.note.setMaxLength(MAX_NOTE_CHARS)
        self.note.setPlaceholderText("e.g. long walk yesterday, new shoes")
        note_label = QLabel("&Note (optional)")
        note_label.setBuddy(self.note)

        day = (entry.at if entry is not None else now()).local_date
        self.factors_row = DailyFactorsRow(
            history.latest_daily_factors(day),
            day,
            reminder_on(history.trials(), day) if entry is None else None,
        )

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        hint = QLabel(KEYS_HINT)
        hint.setWordWrap(True)
        theme.set_role(hint, "muted")
        hint.setFont(theme.scaled_font(self.font(), theme.SMALL_SCALE))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_XL, theme.SPACE_L)
        layout.setSpacing(theme.SPACE_M)
        layout.addWidget(heading)
        layout.addWidget(self.when_label)
        layout.addWidget(self.scale)
        layout.addWidget(self.band_label)
        layout.addWidget(self.severe_label)
        layout.addSpacing(theme.SPACE_S)
        layout.addWidget(when_heading)
        layout.addLayout(grid)
        layout.addSpacing(theme.SPACE_S)
        layout.addWidget(note_label)
        layout.addWidget(self.note)
        layout.addSpacing(theme.SPACE_S)
        layout.addWidget(self.factors_row)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)

        self.scale.score_changed.connect(self.on_scale_score_changed)
        if entry is None:
            self.when_label.hide()
            self.context_buttons[context_for(history, now())].setChecked(True)
        else:
            local = entry.at.local()
            self.when_label.setText(f"Logged on {local:%a} {local.day} {local:%b %Y at %H:%M}")
            self.context_buttons[entry.context].setChecked(True)
            self.note.setText(entry.note)
            self.scale.set_score(entry.score)
        self.on_scale_score_changed(self.scale.score())
        self.setMinimumWidth(560)
        # As the hint says: Enter saves wherever the focus is, Cancel included (Space on a
        # focused Cancel, or Esc, cancels).
        set_enter_saves(self, self.save_button)
        # The scale has focus first: digits, arrows and Enter work at once.
        self.scale.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- state ------------------------------------------------------------------------

    def score(self) -> int | None:
        """The chosen score (None until one is chosen)."""
        return self.scale.score()

    def context(self) -> PainContext:
        """The chosen context."""
        return list(PainContext)[max(0, self.contexts.checkedId())]

    def set_context(self, context: PainContext) -> None:
        """Choose ``context``."""
        self.context_buttons[context].setChecked(True)

    def on_scale_score_changed(self, score: int | None) -> None:
        self.save_button.setEnabled(score is not None)
        if score is None:
            self.band_label.setText("Choose a number: press a digit key or click.")
            self.severe_label.hide()
            return
        self.band_label.setText(f"<b>{score}</b> out of 10: {pain_band(score)} pain")
        advice = severe_advice(score)
        self.severe_label.setText(advice or "")
        self.severe_label.setVisible(advice is not None)
        self._fit_height()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        # A top-level layout's minimum ignores how tall its wrapped labels get at this width,
        # and would squeeze the scale instead: ask for the height the width needs.
        layout = self.layout()
        if layout is not None:
            self.setMinimumHeight(layout.totalHeightForWidth(self.width()))

    # -- keys -------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        # Only keys the focused widget left alone get here (the note keeps its digits, the
        # context buttons their arrows), so digits and +/- work from anywhere else.
        if _plain(event) and self.scale.handle_key(event.key(), arrows=False):
            event.accept()
            return
        super().keyPressEvent(event)

    # -- saving -----------------------------------------------------------------------

    def save(self) -> None:
        """Commit the entry through ``History`` and close; on a storage error, say so and stay."""
        score = self.score()
        if score is None:
            return
        try:
            note = check_note(self.note.text().strip())
        except LimitError as error:
            QMessageBox.warning(self, "Pain entry not saved", f"Note: {error.problem}")
            return
        at = self._now() if self._entry is None else self._entry.at
        try:
            # The day's factors first: saving them again is harmless if the entry then fails.
            factors = self.factors_row.factors(at)
            if factors is not None:
                self._history.save_daily_factors(factors)
            if self._entry is None:
                entry = PainEntry(
                    id=new_id(), at=at, score=score, context=self.context(), note=note
                )
                self._history.add_pain(entry)
            else:
                entry = replace(self._entry, score=score, context=self.context(), note=note)
                self._history.update_pain(entry)
        except (FootCoachError, KeyError) as error:
            QMessageBox.warning(self, "Pain entry not saved", str(error))
            return
        self.saved_entry = entry
        if self._entry is None:
            self.pain_logged.emit(entry)
        else:
            self.pain_edited.emit(self._entry, entry)
        self.accept()
