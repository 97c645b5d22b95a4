"""The limits of what FootCoach stores, defined once and checked at every door.

The pain dialog, ``log-pain``, the routine editor, routine files and the routine library, and
history import all check text, names, step counts and times here, with the same words, so
that anything FootCoach stores its own import reads back. Each door puts its own field name in
front of the problem (``--note: too long: ...``, ``row 3, column note: too long: ...``).

:func:`shown` is the one way untrusted text (a name, a note, a value from a file) goes into a
message or a terminal: control and formatting characters are shown escaped, so a name cannot
clear the screen, reverse the line or split one message over several lines.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta

from footcoach.errors import FootCoachError

#: A pain note (dialog, ``--note``, import).
MAX_NOTE_CHARS = 10_000
#: A routine's name; its id (made from the name) stays short enough for a session record.
MAX_NAME_CHARS = 100
#: A session's routine: a routine id (a built-in's, or one made from a name, at most
#: ``MAX_NAME_CHARS`` plus a number), with room for the ids of older versions.
MAX_SESSION_ROUTINE_CHARS = 200
#: A routine's one-line description.
MAX_DESCRIPTION_CHARS = 200
#: A routine's note and each step's note.
MAX_ROUTINE_NOTE_CHARS = 2_000
#: An image's file name in a prescription file.
MAX_FILE_NAME_CHARS = 255
#: Steps in one routine.
MAX_STEPS = 50
#: Real UTC offsets run from -12:00 (Baker Island) to +14:00 (Kiribati).
MIN_UTC_OFFSET_MINUTES = -12 * 60
MAX_UTC_OFFSET_MINUTES = 14 * 60
#: Nothing FootCoach stores is older than this.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
#: A prescription file (50 steps with long notes is about 200 kB).
MAX_ROUTINE_FILE_BYTES = 1_000_000
#: Brackets and braces open at once in a prescription file (it needs 2).
MAX_NESTING = 10
#: Ten years of daily use is about 10 MB; anything far bigger is not a history file.
MAX_HISTORY_FILE_BYTES = 100 * 1024 * 1024
#: Columns in a CSV history header (the format has 25).
MAX_COLUMNS = 100
#: A function goal's name ("walk to the station").
MAX_GOAL_NAME_CHARS = 100
#: Single-leg standing is timed up to a minute: longer says nothing more about control.
MAX_STANDING_SECONDS = 60
#: Marbles picked up in 30 s; far beyond what a foot can do, so a typing slip is caught.
MAX_MARBLES = 60
#: Heel raises to fatigue on one foot.
MAX_HEEL_RAISES = 200
#: Hours on the feet in one day (a daily factor).
MAX_HOURS_ON_FEET = 24
#: The name of the change a trial tests ("new shoes", "a metatarsal pad").
MAX_TRIAL_CHANGE_CHARS = 80
#: Days in one block of a trial, and blocks in one trial (even: with and without alternate).
MIN_TRIAL_BLOCK_DAYS = 3
MAX_TRIAL_BLOCK_DAYS = 28
MIN_TRIAL_BLOCKS = 2
MAX_TRIAL_BLOCKS = 8

# Control characters (categories Cc and Cs) but the tab and line breaks a note may hold; one
# line also refuses those and the line and paragraph separators (Zl, Zp). A regular expression
# keeps a 100 MB import fast.
_CONTROL_IN_NOTES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "\\": "\\\\"}
# Unicode categories that draw nothing or act on the terminal: controls, formatting
# (bidi overrides, zero-width spaces), line and paragraph separators and lone surrogates.
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


class LimitError(FootCoachError, ValueError):
    """A value over a limit; ``problem`` is the words every door shows after its field name."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def shown(text: str, limit: int | None = 60) -> str:
    """``text`` safe for a message or a terminal: one line, hidden characters escaped.

    Line breaks show as ``\\n``, other control and formatting characters as ``\\x1b`` or
    ``\\u202e``, backslashes doubled; longer than ``limit`` characters, the rest is ``...``.
    """
    clipped = text if limit is None or len(text) <= limit else text[:limit]
    parts = [_escaped(char) for char in clipped]
    return "".join(parts) + ("..." if len(clipped) < len(text) else "")


def _escaped(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    if unicodedata.category(char) not in _HIDDEN:
        return char
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _code(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def check_text(text: str, limit: int, *, lines: bool) -> str:
    """``text`` if it is at most ``limit`` characters of printable text, else LimitError.

    ``lines``: tabs and line breaks are allowed (notes); otherwise one line (names), with no
    invisible formatting characters either.
    """
    if len(text) > limit:
        raise LimitError(f"too long: {len(text):,} characters, at most {limit:,}")
    found = (_CONTROL_IN_NOTES if lines else _CONTROL_IN_LINE).search(text)
    if found is not None:
        char = found.group()
        if unicodedata.category(char) == "Cs":  # half a UTF-16 pair: a JSON escape, a bad byte
            raise LimitError(f"invalid character {_code(char)} is not allowed")
        raise LimitError(f"control character {_code(char)} is not allowed")
    if not lines:
        for char in text:
            if unicodedata.category(char) == "Cf":
                raise LimitError(f"invisible formatting character {_code(char)} is not allowed")
    return text


def check_note(text: str) -> str:
    """A pain note within the limits (LimitError otherwise)."""
    return check_text(text, MAX_NOTE_CHARS, lines=True)


def normal_name(text: str) -> str:
    """A routine name as stored: NFKC, runs of white space as one space, within the limits.

    NFKC turns look-alikes (a non-breaking space, full-width letters) into the plain
    characters, so a name that looks like another one is the same name (see :func:`name_key`).
    """
    name = " ".join(unicodedata.normalize("NFKC", text).split())
    if not name:
        raise LimitError("is empty")
    return check_text(name, MAX_NAME_CHARS, lines=False)


def name_key(text: str) -> str:
    """What two names must differ in to be different names (never raises)."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def check_trial_change(text: str) -> str:
    """The name of a trial's change as stored: one line, white space tidied, within the limits."""
    change = " ".join(unicodedata.normalize("NFKC", text).split())
    if not change:
        raise LimitError("is empty")
    return check_text(change, MAX_TRIAL_CHANGE_CHARS, lines=False)


def check_hours_on_feet(hours: int) -> int:
    """Whole hours on the feet in a day, 0-24 (LimitError otherwise)."""
    if isinstance(hours, bool) or not isinstance(hours, int) or not 0 <= hours <= MAX_HOURS_ON_FEET:
        raise LimitError(f"expected whole hours from 0 to {MAX_HOURS_ON_FEET}, got {hours!r}")
    return hours


def check_step_count(count: int) -> int:
    """``count`` steps, if a routine may have that many (LimitError otherwise)."""
    if count > MAX_STEPS:
        raise LimitError(f"too many steps: {count:,}, at most {MAX_STEPS}")
    return count


def offset_text(minutes: int) -> str:
    """A UTC offset in minutes as ``+05:30``."""
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def check_offset(offset: timedelta) -> int:
    """A UTC offset in whole minutes within -12:00..+14:00 (LimitError otherwise)."""
    seconds = offset.total_seconds()
    if seconds % 60:
        raise LimitError(f"UTC offset {offset} is not a whole number of minutes")
    minutes = int(seconds // 60)
    if not MIN_UTC_OFFSET_MINUTES <= minutes <= MAX_UTC_OFFSET_MINUTES:
        low, high = offset_text(MIN_UTC_OFFSET_MINUTES), offset_text(MAX_UTC_OFFSET_MINUTES)
        raise LimitError(f"UTC offset {offset_text(minutes)} is outside {low}..{high}")
    return minutes
