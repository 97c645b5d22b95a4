"""``footcoach log-pain SCORE ...`` and ``footcoach summary [--json]``: the pain log, in a shell."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

from footcoach import paths
from footcoach.commands.period import add_period_options, parse_period
from footcoach.errors import UsageError
from footcoach.limits import EARLIEST, LimitError, check_note, check_offset, offset_text

# History and trends (numpy) load only when a command runs: this module is imported by the
# argument parser on every start, the GUI's included.
from footcoach.pain import (
    AFTER_EXERCISE_WINDOW,
    MORNING_ENDS,
    context_for,
    pain_band,
    severe_advice,
)
from footcoach.records import Moment, PainContext, PainEntry, check_score, new_id

_CONTEXTS = ", ".join(context.value for context in PainContext)


def register(subparsers: Any) -> None:
    """Add the ``log-pain`` and ``summary`` sub-commands."""
    log = subparsers.add_parser(
        "log-pain",
        help="log a pain score (0-10) in the history",
        description="Log how the foot feels on the 0-10 scale: 0 no pain, 10 worst pain "
        "imaginable. The entry is saved at once.",
    )
    log.add_argument("score", metavar="SCORE", help="a whole number 0-10")
    log.add_argument(
        "--context",
        metavar="{" + ",".join(context.value for context in PainContext) + "}",
        help=f"when the pain was felt (default, as the pain dialog suggests: after-exercise "
        f"within {AFTER_EXERCISE_WINDOW.seconds // 3600} hours of a session's end, else morning "
        f"before {MORNING_ENDS:%H:%M}, else day)",
    )
    log.add_argument(
        "--note", default="", metavar="TEXT", help="a short note (it may start with -)"
    )
    log.add_argument(
        "--at",
        metavar="ISO-TIME",
        help="when it was felt, e.g. 2025-06-01T07:30 (local time unless an offset is given; "
        "default: now; not in the future)",
    )
    log.set_defaults(run=run_log_pain)

    summary = subparsers.add_parser(
        "summary",
        help="print the pain and adherence figures of the history view",
        description="Print the figures of the history view: baseline, 7-day means, change, "
        "trend, sessions, streak and safety signals, then function goals, self-tests, the "
        "latest trial and what helps. Days are local dates.",
    )
    summary.add_argument("--json", action="store_true", help="print one JSON object")
    add_period_options(
        summary,
        from_help="the first day of a period: its starting point is its own first 7 logged days "
        "(default: the whole history); safety signals still read the whole history",
        to_help="the last day of a period: the same as --as-of",
        as_of_help="compute as of this local date, e.g. 2025-06-01 (default: today)",
    )
    summary.set_defaults(run=run_summary)


# --------------------------------------------------------------------------- log-pain


def parse_score(text: str) -> int:
    """The score as an int 0-10, or a UsageError naming the bad value."""
    try:
        value = int(text.strip())
    except ValueError:
        raise UsageError(f"SCORE must be a whole number 0-10, got {text!r}") from None
    try:
        return check_score(value)
    except ValueError:
        raise UsageError(f"SCORE must be 0-10, got {value}") from None


def parse_context(text: str | None) -> PainContext | None:
    """The pain context (None when not given), or a UsageError naming the bad value."""
    if text is None:
        return None
    try:
        return PainContext(text.strip().lower())
    except ValueError:
        raise UsageError(f"--context must be one of {_CONTEXTS}, got {text!r}") from None


def parse_note(text: str) -> str:
    """The note, stripped, within ``footcoach.limits`` (a UsageError in its words otherwise)."""
    try:
        return check_note(text.strip())
    except LimitError as error:
        raise UsageError(f"--note: {error.problem}") from None


def utc_now() -> datetime:
    """The time now; one name, so tests can set the clock of the whole command."""
    return datetime.now(UTC)


def parse_at(text: str | None, now: datetime | None = None) -> tuple[Moment, str]:
    """The moment of ``--at`` (naive = local time), now if None, and a line to tell the person
    ("" if none): a local time the clocks passed twice is taken the first time, and says so.

    Refused: a future time, one before 1970, a local time the clocks skipped (DST gap) and
    an offset outside ``footcoach.limits`` (-12:00..+14:00).
    """
    now = now or utc_now()
    if text is None:
        aware, said = now.astimezone(), ""
    else:
        aware, said = _aware(text)
    try:
        check_offset(aware.utcoffset() or timedelta(0))
    except LimitError as error:
        raise UsageError(f"--at: {error.problem}") from None
    moment = Moment.from_datetime(aware)
    if moment.utc > now:
        raise UsageError(f"--at {text} is in the future; pain can only be logged once felt")
    if moment.utc < EARLIEST:
        raise UsageError(f"--at: expected a time in 1970 or later, got {text!r}")
    return moment, said


def _aware(text: str) -> tuple[datetime, str]:
    """The time ``--at`` names, with its offset (this machine's zone if it has none)."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"--at must be an ISO date-time such as 2025-06-01T07:30, got {text!r}"
        ) from None
    return (when, "") if when.tzinfo is not None else _local_time(when, text)


def _local_time(when: datetime, text: str) -> tuple[datetime, str]:
    """A wall-clock time in this machine's zone, checked against DST changes."""
    first = when.replace(fold=0).astimezone()
    second = when.replace(fold=1).astimezone()
    if first.utcoffset() == second.utcoffset():
        return first, ""
    if first.replace(tzinfo=None) != when:
        # The offset before the change: clocks go forward, so it is the smaller one. (Which
        # of the two ``fold`` picks inside a gap differs between Python and C library versions.)
        before = min(_minutes(first), _minutes(second))
        raise UsageError(
            f"--at {text}: that time did not exist here (the clocks went forward); give the "
            f"time the clock showed, or add a UTC offset such as {offset_text(before)}"
        )
    return first, (
        f"{when:%H:%M} came twice on {when:%Y-%m-%d} (the clocks went back): logged the first "
        f"one ({offset_text(_minutes(first))}); for the second, "
        f"use --at {text}{offset_text(_minutes(second))}."
    )


def _minutes(aware: datetime) -> int:
    return int((aware.utcoffset() or timedelta(0)).total_seconds() // 60)


def run_log_pain(args: argparse.Namespace) -> int:
    """Validate, then commit one pain entry through ``History``."""
    from footcoach.history import History

    score = parse_score(args.score)
    given = parse_context(args.context)
    moment, said = parse_at(args.at)
    note = parse_note(args.note)
    with History.open(paths.data_dir()) as history:
        context = given or context_for(history, moment)
        entry = PainEntry(id=new_id(), at=moment, score=score, context=context, note=note)
        history.add_pain(entry)
    local = moment.local()
    if said:
        print(said)
    print(
        f"Logged pain {score}/10 ({pain_band(score)}), {context.label.lower()}, "
        f"on {moment.local_date.isoformat()} at {local:%H:%M}."
    )
    advice = severe_advice(score)
    if advice:
        print(advice)
    return 0


# --------------------------------------------------------------------------- summary


def run_summary(args: argparse.Namespace) -> int:
    """Print the summary as sentences or, with ``--json``, as one JSON object."""
    from footcoach.history import History
    from footcoach.trends import load_summary

    period = parse_period(args)
    with History.open(paths.data_dir(), or_read_only=True) as history:
        summary = load_summary(history, period.end, since=period.since)
    if args.json:
        print(json.dumps(summary.as_dict(), indent=2))
        return 0
    ascii_only = not _stdout_takes("\u2192\u2212\u00b7")
    for line in summary.lines(ascii_only=ascii_only):
        print(line)
    for section in summary.insight_sections(ascii_only=ascii_only):
        print()
        print(section.title)
        for line in section.lines:
            print(line)
    return 0


def _stdout_takes(text: str) -> bool:
    try:
        text.encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True
