"""The look of FootCoach in one place: colours, spacing and type sizes, light and dark.

Widgets never name a colour themselves; they ask :func:`colors` (or their ``palette()``,
which :func:`apply_theme` fills from the same table).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from enum import StrEnum

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from footcoach.records import PainContext


class ThemeMode(StrEnum):
    """Which palette to use: follow the desktop, or force one."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True)
class Colors:
    """One palette's named colours (hex strings)."""

    name: str
    window: str
    surface: str
    surface_alt: str
    text: str
    muted: str
    border: str
    accent: str
    accent_text: str
    selection: str
    selection_text: str
    caution_bg: str
    caution_text: str
    banner_bg: str
    banner_text: str
    flash: str
    contexts: dict[PainContext, str]
    #: Lines of a small chart with a few series (function goals), told apart by hue and mark.
    series: tuple[str, ...]

    def context(self, context: PainContext) -> str:
        """The colour of one pain context (Okabe-Ito hues: safe for colour-blind people)."""
        return self.contexts[context]


LIGHT = Colors(
    name="light",
    window="#f4f6f8",
    surface="#ffffff",
    surface_alt="#eaeef2",
    text="#1d2430",
    muted="#4f5b6b",
    border="#c9d1da",
    accent="#1f7a70",
    accent_text="#ffffff",
    selection="#cfe8e4",
    selection_text="#10312d",
    caution_bg="#fdf3dc",
    caution_text="#5c4300",
    banner_bg="#fde8e4",
    banner_text="#5f1d12",
    flash="#bfe6df",
    contexts={
        PainContext.MORNING: "#b35c00",
        PainContext.DAY: "#0072b2",
        PainContext.DURING_EXERCISE: "#007a5a",
        PainContext.AFTER_EXERCISE: "#a4457f",
    },
    series=("#0072b2", "#b35c00", "#a4457f"),
)

DARK = Colors(
    name="dark",
    window="#181b20",
    surface="#1f2329",
    surface_alt="#2a2f37",
    text="#e6e9ef",
    muted="#aab3bf",
    border="#3a414b",
    accent="#4fc3b1",
    accent_text="#0d1f1c",
    selection="#234641",
    selection_text="#e6f5f2",
    caution_bg="#3a3120",
    caution_text="#f5dfa8",
    banner_bg="#45261f",
    banner_text="#ffd9cf",
    flash="#2c5a53",
    contexts={
        PainContext.MORNING: "#f0a640",
        PainContext.DAY: "#63b8f0",
        PainContext.DURING_EXERCISE: "#3cc99a",
        PainContext.AFTER_EXERCISE: "#e28fc4",
    },
    series=("#63b8f0", "#f0a640", "#e28fc4"),
)

# Spacing scale in pixels; layouts pick from it instead of inventing numbers.
SPACE_XS, SPACE_S, SPACE_M, SPACE_L, SPACE_XL = 4, 8, 12, 16, 24

# Type scale, as multiples of the application's base point size.
TITLE_SCALE = 1.7
HEADING_SCALE = 1.2
SMALL_SCALE = 0.9

_current: Colors = LIGHT
# The application and palette last applied: the start-up path asks for the same theme twice.
_applied_to: tuple[int, str] | None = None


def colors() -> Colors:
    """The palette in use now."""
    return _current


def system_prefers_dark() -> bool:
    """True when the desktop asks for a dark colour scheme."""
    hints = QGuiApplication.styleHints()
    return bool(hints.colorScheme() == Qt.ColorScheme.Dark)


def resolve(mode: ThemeMode) -> Colors:
    """The palette for ``mode``; ``system`` follows the desktop's colour scheme."""
    if mode is ThemeMode.SYSTEM:
        return DARK if system_prefers_dark() else LIGHT
    return DARK if mode is ThemeMode.DARK else LIGHT


def apply_theme(app: QApplication, mode: ThemeMode) -> Colors:
    """Set the Fusion style and our palette on ``app``; return the palette used.

    Applying the palette that ``app`` already has does nothing, so callers need not check.
    """
    global _current, _applied_to
    colours = resolve(mode)
    if _applied_to == (id(app), colours.name):
        return colours
    _current = colours
    _applied_to = (id(app), colours.name)
    app.setStyle("Fusion")
    app.setPalette(qpalette(_current))
    _show_keyboard_focus(app)
    # No application style sheet: it slows every widget's creation (measured: about
    # 40 ms at start-up). Roles restyle through palettes instead. Only widgets we gave a
    # role are touched: walking QApplication.allWidgets() from Python can meet a widget that
    # Qt is destroying, and PySide then crashes.
    for widget, role in list(_roles.items()):
        if shiboken6.isValid(widget):
            _style_role(widget, role)
    return _current


def _show_keyboard_focus(app: QApplication) -> None:
    """Ring the focused control in the accent colour (once per application)."""
    from footcoach.ui.common.keyboard_focus import KeyboardFocus

    if app.findChild(KeyboardFocus) is None:
        KeyboardFocus(app)


def set_role(widget: QWidget, role: str) -> None:
    """Give ``widget`` a look from the theme: muted, caution, banner, card, primary or form."""
    widget.setProperty("role", role)
    _roles[widget] = role
    _style_role(widget, role)


# Widgets with a role, so a theme change can restyle them; weak, so none is kept alive.
_roles: weakref.WeakKeyDictionary[QWidget, str] = weakref.WeakKeyDictionary()


def _style_role(widget: QWidget, role: str) -> None:
    c = _current
    palette = QPalette(QApplication.palette())
    if role == "muted":
        palette.setColor(QPalette.ColorRole.WindowText, QColor(c.muted))
        palette.setColor(QPalette.ColorRole.Text, QColor(c.muted))
    elif role in _FILLED_ROLES:
        background, foreground = _FILLED_ROLES[role](c)
        widget.setAutoFillBackground(True)
        palette.setColor(QPalette.ColorRole.Window, QColor(background))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(foreground))
        palette.setColor(QPalette.ColorRole.Text, QColor(foreground))
    elif role == "form":
        # Fusion outlines check boxes, radio buttons and fields in a shade of the window
        # colour, which all but vanishes on a dark palette; a style sheet local to the form
        # (not the whole app, which would slow every widget) draws them in theme colours.
        widget.setStyleSheet(_form_style_sheet(c))
    elif role == "primary":
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Button, QColor(c.accent))
            palette.setColor(group, QPalette.ColorRole.ButtonText, QColor(c.accent_text))
        # Disabled, it must not look ready to press (the welcome's, until every answer is in).
        palette.setColor(
            QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(c.muted)
        )
        font = widget.font()
        font.setBold(True)
        widget.setFont(font)
    widget.setPalette(palette)


_FILLED_ROLES = {
    "caution": lambda c: (c.caution_bg, c.caution_text),
    "banner": lambda c: (c.banner_bg, c.banner_text),
    "card": lambda c: (c.surface, c.text),
}


def qpalette(c: Colors) -> QPalette:
    """A QPalette filled from our colours."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: c.window,
        QPalette.ColorRole.WindowText: c.text,
        QPalette.ColorRole.Base: c.surface,
        QPalette.ColorRole.AlternateBase: c.surface_alt,
        QPalette.ColorRole.Text: c.text,
        QPalette.ColorRole.Button: c.surface_alt,
        QPalette.ColorRole.ButtonText: c.text,
        QPalette.ColorRole.Highlight: c.accent,
        QPalette.ColorRole.HighlightedText: c.accent_text,
        QPalette.ColorRole.ToolTipBase: c.surface,
        QPalette.ColorRole.ToolTipText: c.text,
        QPalette.ColorRole.PlaceholderText: c.muted,
        QPalette.ColorRole.Link: c.accent,
        QPalette.ColorRole.Mid: c.border,
        QPalette.ColorRole.Midlight: c.surface_alt,
        QPalette.ColorRole.Accent: c.accent,
    }
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(c.muted))
    return palette


def scaled_font(base: QFont, scale: float, bold: bool = False) -> QFont:
    """A copy of ``base`` scaled by ``scale`` (point size), optionally bold."""
    font = QFont(base)
    font.setPointSizeF(max(6.0, base.pointSizeF() * scale))
    font.setBold(bold)
    return font


def _form_style_sheet(c: Colors) -> str:
    dot, muted_dot = (
        "qradialgradient(cx:0.5, cy:0.5, radius:0.5, fx:0.5, fy:0.5, "
        f"stop:0 {fill}, stop:0.45 {fill}, stop:0.55 {back}, stop:1 {back})"
        for fill, back in ((c.accent, c.surface), (c.muted, c.surface_alt))
    )
    return f"""
    QRadioButton::indicator, QCheckBox::indicator {{
        width: 14px; height: 14px; border: 2px solid {c.muted}; background: {c.surface};
    }}
    QRadioButton::indicator {{ border-radius: 9px; }}
    QCheckBox::indicator {{ border-radius: 3px; }}
    QRadioButton::indicator:checked {{ border-color: {c.accent}; background: {dot}; }}
    QCheckBox::indicator:checked {{ border-color: {c.accent}; background: {c.accent}; }}
    QRadioButton::indicator:focus, QCheckBox::indicator:focus {{ border-color: {c.accent}; }}
    QRadioButton::indicator:disabled, QCheckBox::indicator:disabled {{
        border-color: {c.border}; background: {c.surface_alt};
    }}
    QCheckBox::indicator:checked:disabled {{ border-color: {c.muted}; background: {c.muted}; }}
    QRadioButton::indicator:checked:disabled {{ border-color: {c.muted}; background: {muted_dot}; }}
    QLineEdit, QPlainTextEdit {{
        border: 1px solid {c.muted}; border-radius: 4px; padding: 4px;
        background: {c.surface}; color: {c.text};
    }}
    QLineEdit:focus, QPlainTextEdit:focus {{ border: 2px solid {c.accent}; padding: 3px; }}
    QLineEdit:disabled, QPlainTextEdit:disabled {{
        border-color: {c.border}; background: {c.surface_alt}; color: {c.muted};
    }}
    """
