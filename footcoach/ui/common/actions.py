"""Every action and shortcut, declared once with its keys and tooltip.

An ``ActionId`` is one of the main window's menu and toolbar actions (``build_actions``). A
``WidgetKey`` belongs to one widget (the history's range keys, the editor's step moves, Undo):
that widget makes its own shortcut from the spec (``shortcut_for``) or answers it in a key
filter (``is_key_of``), so the window never holds a second, ambiguous copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
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
    TIMER_DONE = auto()
    ROUTINE_HOW_TO = auto()


class WidgetKey(Enum):
    """Keys one widget answers itself (declared in SPECS too; the window holds no action)."""

    HISTORY_FOUR_WEEKS = auto()
    HISTORY_THREE_MONTHS = auto()
    HISTORY_ONE_YEAR = auto()
    HISTORY_ALL = auto()
    HISTORY_DELETE_ENTRY = auto()
    STEP_MOVE_UP = auto()
    STEP_MOVE_DOWN = auto()
    STEP_REMOVE = auto()
    UNDO = auto()
    ROUTINE_SAVE = auto()


@dataclass(frozen=True)
class ActionSpec:
    """What an action says and which keys trigger it."""

    text: str
    # Strings or standard keys: QKeySequence objects need a QApplication to exist first.
    shortcuts: tuple[QKeySequence.StandardKey | str, ...] = ()
    tip: str = ""
    checkable: bool = False


_STD = QKeySequence.StandardKey

SPECS: dict[ActionId | WidgetKey, ActionSpec] = {
    ActionId.SHOW_EXERCISES: ActionSpec("&Exercises", ("Ctrl+1",), "Browse exercises", True),
    ActionId.SHOW_ROUTINE: ActionSpec("&Routine", ("Ctrl+2",), "Run a guided routine", True),
    ActionId.SHOW_HISTORY: ActionSpec("&History", ("Ctrl+3",), "Pain log and trends", True),
    ActionId.SHOW_SETTINGS: ActionSpec("&Settings", ("Ctrl+,",), "Preferences", True),
    ActionId.FIND: ActionSpec("&Find exercise", (_STD.Find,), "Search the list"),
    ActionId.LOG_PAIN: ActionSpec("&Log pain…", ("Ctrl+L",), "Record how your foot feels"),
    ActionId.TIMER_START_PAUSE: ActionSpec("&Start or pause timer", ("Space",), "Start or pause"),
    ActionId.TIMER_RESTART: ActionSpec("&Restart rep", ("R",), "Start this rep again"),
    ActionId.TIMER_SKIP: ActionSpec("S&kip phase", ("N",), "Go to the next step"),
    ActionId.TIMER_DONE: ActionSpec("&Done with these reps", ("D",), "I finished these reps"),
    ActionId.TIMER_STOP: ActionSpec("S&top timer", ("Esc",)),
    # Routine steps; enabled only while the routine view is in front (arrows edit text elsewhere).
    ActionId.ROUTINE_NEXT: ActionSpec("&Next exercise", ("Right", "PgDown"), "Next routine step"),
    ActionId.ROUTINE_BACK: ActionSpec("&Back one exercise", ("Left", "PgUp"), "Previous step"),
    ActionId.ROUTINE_HOW_TO: ActionSpec(
        "&How to do it", ("H",), "Show or hide how to do this exercise"
    ),
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
    # The history view's own keys (window-wide while it shows; hidden, its shortcuts sleep).
    WidgetKey.HISTORY_FOUR_WEEKS: ActionSpec("4 weeks", ("1",), "Show 4 weeks"),
    WidgetKey.HISTORY_THREE_MONTHS: ActionSpec("3 months", ("2",), "Show 3 months"),
    WidgetKey.HISTORY_ONE_YEAR: ActionSpec("1 year", ("3",), "Show 1 year"),
    WidgetKey.HISTORY_ALL: ActionSpec("All", ("4",), "Show all"),
    WidgetKey.HISTORY_DELETE_ENTRY: ActionSpec(
        "&Delete entry", (_STD.Delete,), "Delete the selected entry"
    ),
    # The routine editor's step list.
    WidgetKey.STEP_MOVE_UP: ActionSpec("Move &up", ("Alt+Up", "Ctrl+Up"), "Move the exercise up"),
    WidgetKey.STEP_MOVE_DOWN: ActionSpec(
        "Move do&wn", ("Alt+Down", "Ctrl+Down"), "Move the exercise down"
    ),
    WidgetKey.STEP_REMOVE: ActionSpec("&Remove", ("Del",), "Take the exercise out of this routine"),
    WidgetKey.ROUTINE_SAVE: ActionSpec("&Save", (_STD.Save,), "Save the routine"),
    # The undo bar's, while it offers an undo.
    WidgetKey.UNDO: ActionSpec("&Undo", (_STD.Undo,)),
}


def build_actions(parent: QWidget) -> dict[ActionId, QAction]:
    """Create every action once, owned by ``parent`` (the main window)."""
    actions: dict[ActionId, QAction] = {}
    for action_id in ActionId:
        spec = SPECS[action_id]
        action = QAction(spec.text, parent)
        action.setShortcuts(keys_of(action_id))
        action.setToolTip(tip_of(action_id))
        action.setCheckable(spec.checkable)
        parent.addAction(action)
        actions[action_id] = action
    return actions


def keys_of(action_id: ActionId | WidgetKey) -> list[QKeySequence]:
    """The key sequences declared for ``action_id`` (needs a QApplication)."""
    return _unique([QKeySequence(key) for key in SPECS[action_id].shortcuts])


def key_text(action_id: ActionId | WidgetKey) -> str:
    """The first key of ``action_id`` as the person reads it ("D", "Ctrl+L"), or ""."""
    keys = keys_of(action_id)
    return keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""


def tip_of(action_id: ActionId | WidgetKey) -> str:
    """The tooltip of ``action_id`` with its key: "I finished these reps (D)"."""
    spec = SPECS[action_id]
    tip = spec.tip or spec.text.replace("&", "").rstrip("…")
    key = key_text(action_id)
    return f"{tip} ({key})" if key else tip


def shortcut_for(key: WidgetKey, parent: QWidget, context: Qt.ShortcutContext) -> QShortcut:
    """A widget's own shortcut for ``key``; connect ``activated``."""
    shortcut = QShortcut(parent)
    shortcut.setKeys(keys_of(key))
    shortcut.setContext(context)
    return shortcut


def _unique(keys: list[QKeySequence]) -> list[QKeySequence]:
    seen: list[QKeySequence] = []
    for key in keys:
        if not key.isEmpty() and key not in seen:
            seen.append(key)
    return seen


def is_key_of(action_id: ActionId | WidgetKey, event: QKeyEvent) -> bool:
    """Whether a key press (keypad allowed) is one of the keys declared for ``action_id``.

    For a widget that sees its keys before the window's shortcuts do: it answers the same keys.
    """
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    pressed = QKeySequence(QKeyCombination(modifiers, Qt.Key(event.key())))
    return pressed in keys_of(action_id)
