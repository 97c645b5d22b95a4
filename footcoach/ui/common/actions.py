"""Every menu and toolbar action of the main window, declared once with its shortcut."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QWidget


class ActionId(Enum):
    """Stable keys for the window's actions."""

    SHOW_EXERCISES = auto()
    SHOW_ROUTINE = auto()
    SHOW_HISTORY = auto()
    SHOW_SETTINGS = auto()
    FIND = auto()
    LOG_PAIN = auto()
    TIMER_START_PAUSE = auto()
    TIMER_RESTART = auto()
    TIMER_SKIP = auto()
    TIMER_STOP = auto()
    ROUTINE_NEXT = auto()
    ROUTINE_BACK = auto()
    TOGGLE_MUTE = auto()
    FOCUS_MODE = auto()
    EXPORT = auto()
    IMPORT = auto()
    IMPORT_ROUTINE = auto()
    EXPORT_ROUTINE = auto()
    REPORT = auto()
    SHARE = auto()
    QUIT = auto()
    SAFETY_NOTE = auto()
    RED_FLAG_CHECK = auto()
    ABOUT = auto()
    OPEN_MENUS = auto()


@dataclass(frozen=True)
class ActionSpec:
    """What an action says and which keys trigger it."""

    text: str
    # Strings or standard keys: QKeySequence objects need a QApplication to exist first.
    shortcuts: tuple[QKeySequence.StandardKey | str, ...] = ()
    tip: str = ""
    checkable: bool = False


_STD = QKeySequence.StandardKey

SPECS: dict[ActionId, ActionSpec] = {
    ActionId.SHOW_EXERCISES: ActionSpec("&Exercises", ("Ctrl+1",), "Browse exercises", True),
    ActionId.SHOW_ROUTINE: ActionSpec("&Routine", ("Ctrl+2",), "Run a guided routine", True),
    ActionId.SHOW_HISTORY: ActionSpec("&History", ("Ctrl+3",), "Pain log and trends", True),
    ActionId.SHOW_SETTINGS: ActionSpec("&Settings", ("Ctrl+,",), "Preferences", True),
    ActionId.FIND: ActionSpec("&Find exercise", (_STD.Find,), "Search the list"),
    ActionId.LOG_PAIN: ActionSpec("&Log pain…", ("Ctrl+L",), "Record how your foot feels"),
    ActionId.TIMER_START_PAUSE: ActionSpec("&Start or pause timer", ("Space",)),
    ActionId.TIMER_RESTART: ActionSpec("&Restart rep", ("R",)),
    ActionId.TIMER_SKIP: ActionSpec("S&kip phase", ("N",)),
    ActionId.TIMER_STOP: ActionSpec("S&top timer", ("Esc",)),
    # Routine steps; enabled only while the routine view is in front (arrows edit text elsewhere).
    ActionId.ROUTINE_NEXT: ActionSpec("&Next exercise", ("Right", "PgDown"), "Next routine step"),
    ActionId.ROUTINE_BACK: ActionSpec("&Back one exercise", ("Left", "PgUp"), "Previous step"),
    ActionId.TOGGLE_MUTE: ActionSpec("&Mute sounds", ("M",), "Turn cue sounds off", True),
    ActionId.FOCUS_MODE: ActionSpec("&Focus mode", ("F11",), "Show the timer full-window", True),
    ActionId.EXPORT: ActionSpec("&Export history…", ("Ctrl+E",)),
    ActionId.IMPORT: ActionSpec("&Import history…", ("Ctrl+I",)),
    ActionId.IMPORT_ROUTINE: ActionSpec(
        "Import &routine from a file…", (), "Add a routine from a prescription file"
    ),
    ActionId.EXPORT_ROUTINE: ActionSpec(
        "Export rou&tine to a file…", (), "Save a routine as a prescription file"
    ),
    ActionId.REPORT: ActionSpec(
        "Re&port…", ("Ctrl+P",), "A PDF report of your pain and exercise for a professional"
    ),
    ActionId.SHARE: ActionSpec(
        "S&hare with my physio…", (), "Report, routine file and history in one folder"
    ),
    ActionId.QUIT: ActionSpec("&Quit", ("Ctrl+Q",)),
    ActionId.SAFETY_NOTE: ActionSpec("&Safety note", (), "When to see a professional"),
    ActionId.RED_FLAG_CHECK: ActionSpec(
        "&Foot check (red flags)…", (), "Your answers to the questions before exercising"
    ),
    ActionId.ABOUT: ActionSpec("&About FootCoach", (_STD.HelpContents, "F1")),
    # Fusion leaves Alt alone; Alt with a menu's letter (Alt+F: File) and F10 open the menus.
    ActionId.OPEN_MENUS: ActionSpec("Open the &menus", ("F10",)),
}


def build_actions(parent: QWidget) -> dict[ActionId, QAction]:
    """Create every action once, owned by ``parent`` (the main window)."""
    actions: dict[ActionId, QAction] = {}
    for action_id, spec in SPECS.items():
        action = QAction(spec.text, parent)
        keys = _unique([QKeySequence(key) for key in spec.shortcuts])
        action.setShortcuts(keys)
        tip = spec.tip or spec.text.replace("&", "").rstrip("…")
        if keys:
            tip = f"{tip} ({keys[0].toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(tip)
        action.setCheckable(spec.checkable)
        parent.addAction(action)
        actions[action_id] = action
    return actions


def _unique(keys: list[QKeySequence]) -> list[QKeySequence]:
    seen: list[QKeySequence] = []
    for key in keys:
        if not key.isEmpty() and key not in seen:
            seen.append(key)
    return seen


def is_key_of(action_id: ActionId, event: QKeyEvent) -> bool:
    """Whether a plain key press (keypad allowed) is one of the keys declared for ``action_id``.

    For a widget that sees its keys before the window's shortcuts do: it answers the same keys.
    """
    if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
        return False
    pressed = QKeySequence(event.key())
    return any(pressed == QKeySequence(key) for key in SPECS[action_id].shortcuts)
