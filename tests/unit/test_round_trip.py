"""What FootCoach stores, its own export writes and its own import reads back, unchanged.

The property: whatever a person can make FootCoach write, through the command line's checks
(``log-pain``'s score, context, ``--at`` and ``--note``), the routine store's (names) and
``History``'s write API (pain entries, sessions started and finished, sets), exports to CSV and
to JSON and imports into a fresh history as the very same records. The inputs are hostile on
purpose: control characters, look-alike names, notes at and over the limit, offsets real zones
never use, times before 1970, notes that start with ``=`` or ``-``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from footcoach.catalog import load_catalog
from footcoach.commands.pain import parse_at, parse_context, parse_note, parse_score
from footcoach.errors import FootCoachError
from footcoach.history import History
from footcoach.limits import MAX_NOTE_CHARS
from footcoach.records import Moment, PainEntry, SessionRecord, SetRecord, Side, new_id
from footcoach.report import export_history, import_history, read_history_file
from footcoach.routines import Routine, RoutineStep, RoutineStore, load_builtin_routines

CATALOG = load_catalog()
BUILTINS = load_builtin_routines(CATALOG)
NOW = datetime(2026, 1, 1, tzinfo=UTC)
KINDS = (".csv", ".json")

# Anything a keyboard, a paste or a script can put in a note or a name.
_HOSTILE = st.sampled_from(
    ["-", "=", "+", "@", "'", '"', ",", "\t", "\n", "\r", " ", "\x00", "\x07", "\x1b", "\x85",
     "\u00a0", "\u200b", "\u202e", "\u2028", "\ud800", "\uff24", "\U0001f9b6", "\u00e9"]
)  # fmt: skip
_TEXT = st.text(st.characters() | _HOSTILE, max_size=24)
_NOTES = _TEXT | st.integers(MAX_NOTE_CHARS - 3, MAX_NOTE_CHARS + 3).map(lambda n: "n" * n)
_NAMES = _TEXT | st.sampled_from(["Desk\u00a0break", "n" * 300, "Two  spaces", "\uff24esk"])


@st.composite
def _at_texts(draw: st.DrawFn) -> str | None:
    """What a person may type after ``--at``: local or with any offset, sane or not."""
    if draw(st.booleans()):
        return None
    when = draw(st.datetimes(min_value=datetime(1965, 1, 1), max_value=datetime(2025, 12, 31)))
    text = when.isoformat(timespec=draw(st.sampled_from(["minutes", "seconds", "microseconds"])))
    if draw(st.booleans()):
        minutes = draw(st.integers(-24 * 60 + 1, 24 * 60 - 1))
        sign = "-" if minutes < 0 else "+"
        text += f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return text


@dataclass(frozen=True)
class _LogPain:
    score: str
    context: str
    note: str
    at: str | None


@dataclass(frozen=True)
class _Session:
    name: str
    at: str | None
    minutes: int | None  # how long until it ended; None: never finished
    sets: tuple[tuple[int, float | None], ...]  # (reps, hold seconds) within the dose ranges


_LOG_PAIN = st.builds(
    _LogPain,
    score=st.sampled_from(["0", "3", "10", "11", "-1", " 7 ", "x"]),
    context=st.sampled_from(["morning", "Day", "during-exercise", "after-exercise", "night"]),
    note=_NOTES,
    at=_at_texts(),
)
_SESSION = st.builds(
    _Session,
    name=_NAMES,
    at=_at_texts(),
    minutes=st.none() | st.integers(0, 120),
    sets=st.lists(
        st.tuples(st.integers(1, 50), st.none() | st.floats(0, 300).map(lambda s: round(s, 1))),
        max_size=3,
    ).map(tuple),
)


def _log_pain(history: History, request: _LogPain) -> None:
    """``log-pain`` as ``run_log_pain`` does it, minus the printing."""
    try:
        score = parse_score(request.score)
        context = parse_context(request.context)
        moment, _said = parse_at(request.at, NOW)
        note = parse_note(request.note)
    except FootCoachError:
        return
    history.add_pain(PainEntry(new_id(), moment, score, context, note))


def _play(history: History, store: RoutineStore, request: _Session) -> None:
    """Save a custom routine under the requested name, then record a session of it as the
    player does: started, its sets, finished."""
    try:
        moment, _said = parse_at(request.at, NOW)
        routine = store.save(
            Routine(store.new_id(request.name), request.name, (RoutineStep("toe-spread"),))
        )
    except FootCoachError:
        return
    session = SessionRecord(new_id(), routine.id, moment)
    history.start_session(session)
    for number, (reps, hold) in enumerate(request.sets, start=1):
        at = Moment.from_datetime(moment.local() + timedelta(seconds=30 * number))
        history.add_set(
            SetRecord(new_id(), session.id, "toe-spread", Side.LEFT, number, at, reps, hold)
        )
    if request.minutes is not None:
        ended = Moment.from_datetime(moment.local() + timedelta(minutes=request.minutes))
        history.finish_session(session.id, ended, completed=bool(request.sets))


Record = PainEntry | SessionRecord | SetRecord


def _records(history: History) -> tuple[Sequence[Record], ...]:
    return history.pain_entries(), history.sessions(), history.sets()


def _round_trips(pain: list[_LogPain], sessions: list[_Session]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        with History.open(root / "written") as history:
            store = RoutineStore(history, CATALOG, builtins=BUILTINS)
            for request in pain:
                _log_pain(history, request)
            for session in sessions:
                _play(history, store, session)
            written = _records(history)
            for kind in KINDS:
                path = root / f"export{kind}"
                export_history(history, path)
                later = NOW + timedelta(days=400)  # a session may end after NOW
                read = read_history_file(path, now=later)
                assert _by_id((read.pain, read.sessions, read.sets)) == _by_id(written)
                with History.open(root / f"read{kind}") as fresh:
                    result = import_history(fresh, path, now=later)
                    assert result.added == sum(len(records) for records in written)
                    assert _records(fresh) == written
                    export_history(fresh, root / f"again{kind}")
                assert (root / f"again{kind}").read_bytes() == path.read_bytes()


def _by_id(groups: tuple[Sequence[Record], ...]) -> list[list[Record]]:
    return [sorted(records, key=lambda record: record.id) for records in groups]


_CHECKS = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]


@settings(deadline=None, suppress_health_check=_CHECKS)
@given(pain=st.lists(_LOG_PAIN, max_size=6), sessions=st.lists(_SESSION, max_size=3))
def test_what_footcoach_writes_it_reads_back(
    pain: list[_LogPain], sessions: list[_Session]
) -> None:
    _round_trips(pain, sessions)


@pytest.mark.slow
@settings(deadline=None, suppress_health_check=_CHECKS)
@given(pain=st.lists(_LOG_PAIN, max_size=12), sessions=st.lists(_SESSION, max_size=6))
def test_what_footcoach_writes_it_reads_back_thoroughly(
    pain: list[_LogPain], sessions: list[_Session]
) -> None:
    _round_trips(pain, sessions)
