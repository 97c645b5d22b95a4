"""Export and import: exact round trips, idempotent re-import, and every bad file refused."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import random
import re
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from footcoach import demo
from footcoach.history import History
from footcoach.limits import MAX_UTC_OFFSET_MINUTES, MIN_UTC_OFFSET_MINUTES
from footcoach.records import Moment, PainContext, PainEntry, SessionRecord, SetRecord, Side
from footcoach.report import (
    COLUMNS,
    COLUMNS_V1,
    OFFSET_COLUMNS,
    DataExportError,
    DataImportError,
    RecordSet,
    encode_records,
    export_history,
    import_history,
    neutralise,
    read_history_file,
    restore,
    write_history_file,
)

NOW = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)
HEAD = b'{"format": "footcoach-history", "version": '
KINDS = [".csv", ".json"]


@pytest.fixture(scope="module")
def sample() -> RecordSet:
    """Forty days of demo plus records that stress the format."""
    made = demo.generate(40, seed=5, end=date(2025, 6, 20))
    new_york = ZoneInfo("America/New_York")
    kathmandu = timezone(timedelta(hours=5, minutes=45))
    tricky = Moment.from_datetime(datetime(2025, 3, 9, 23, 30, 5, 123456, tzinfo=new_york))
    odd = Moment.from_datetime(datetime(2025, 1, 1, 0, 5, tzinfo=kathmandu))
    session = SessionRecord("abandoned-1", "=cmd|' /C calc'!A0", tricky, None, False)
    extra_pain = (
        PainEntry("p-formula", tricky, 3, PainContext.DAY, '=HYPERLINK("http://x","y")'),
        PainEntry("p-minus", odd, 0, PainContext.MORNING, "-1 since yesterday"),
        PainEntry("p-quote", odd, 10, PainContext.AFTER_EXERCISE, "'quoted' and \"double\""),
        PainEntry("p-lines", tricky, 5, PainContext.DURING_EXERCISE, "two\r\nlines, a comma"),
        PainEntry("p-tab", tricky, 4, PainContext.DAY, "\tstarts with a tab; ünïcödé ✓"),
        PainEntry("p-at", tricky, 4, PainContext.DAY, "@SUM(1+1)"),
        PainEntry("p-plus", odd, 4, PainContext.DAY, "+33 phone"),
        PainEntry("p-cr", odd, 4, PainContext.DAY, "\rcarriage"),
    )
    extra_sets = (
        SetRecord("s-loose", None, "calf-stretch", Side.LEFT, 1, odd, None, 17.25),
        SetRecord("s-tricky", "abandoned-1", "toe-spread", Side.BOTH, 2, tricky, 3, None),
        SetRecord("s-tiny", None, "toe-spread", Side.RIGHT, 1, odd, 0, 1.5e-05),
        SetRecord("s-digits", None, "toe-spread", Side.RIGHT, 1, odd, 0, 0.017796708848925494),
    )
    return RecordSet(
        pain=made.pain + extra_pain,
        sessions=(*made.sessions, session),
        sets=made.sets + extra_sets,
    )


@pytest.fixture
def history(data_dir: Path) -> Iterator[History]:
    with History.open(data_dir) as store:
        yield store


def _same(first: RecordSet, second: RecordSet) -> bool:
    def key(record: PainEntry | SessionRecord | SetRecord) -> str:
        return record.id

    return all(
        sorted(a, key=key) == sorted(b, key=key)
        for a, b in (
            (first.pain, second.pain),
            (first.sessions, second.sessions),
            (first.sets, second.sets),
        )
    )


def _snapshot(store: History) -> tuple[object, ...]:
    return store.counts(), store.pain_entries(), store.sessions(), store.sets()


def _csv_rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("kind", KINDS)
def test_export_import_export_is_byte_identical(
    kind: str, sample: RecordSet, tmp_path: Path
) -> None:
    with History.open(tmp_path / "a") as first:
        first.add_records(sample.pain, sample.sessions, sample.sets)
        exported = export_history(first, tmp_path / f"one{kind}")
    assert exported.total == sample.total
    with History.open(tmp_path / "b") as second:
        result = import_history(second, tmp_path / f"one{kind}", now=NOW)
        assert result.added == result.total == sample.total and result.skipped == 0
        export_history(second, tmp_path / f"two{kind}")
        assert _same(read_history_file(tmp_path / f"two{kind}", now=NOW), sample)
    assert (tmp_path / f"one{kind}").read_bytes() == (tmp_path / f"two{kind}").read_bytes()


@pytest.mark.parametrize("kind", KINDS)
def test_reimport_adds_nothing(
    kind: str, sample: RecordSet, history: History, tmp_path: Path
) -> None:
    path = write_history_file(tmp_path / f"h{kind}", sample).path
    assert import_history(history, path, now=NOW).added == sample.total
    before = _snapshot(history)
    again = import_history(history, path, now=NOW)
    assert again.added == 0 and again.skipped == sample.total
    assert _snapshot(history) == before


def test_csv_and_json_hold_the_same_records(sample: RecordSet, tmp_path: Path) -> None:
    from_csv = read_history_file(write_history_file(tmp_path / "h.csv", sample).path, now=NOW)
    from_json = read_history_file(write_history_file(tmp_path / "h.json", sample).path, now=NOW)
    assert _same(from_csv, sample) and _same(from_json, sample)


def test_export_order_does_not_depend_on_input_order(sample: RecordSet) -> None:
    shuffled = RecordSet(
        tuple(random.Random(1).sample(sample.pain, len(sample.pain))),
        tuple(reversed(sample.sessions)),
        tuple(reversed(sample.sets)),
    )
    for kind in KINDS:
        assert encode_records(shuffled, kind) == encode_records(sample, kind)


def test_importing_into_a_history_that_holds_some_records(
    sample: RecordSet, history: History, tmp_path: Path
) -> None:
    history.add_records(sample.pain[:5], sample.sessions[:2], ())
    path = write_history_file(tmp_path / "h.csv", sample).path
    result = import_history(history, path, now=NOW)
    assert result.added == sample.total - 7 and result.skipped == 7


# --------------------------------------------------------------------------- CSV layout


def test_csv_is_excel_friendly_utf8_with_bom_crlf_and_a_header(
    sample: RecordSet, tmp_path: Path
) -> None:
    data = write_history_file(tmp_path / "h.csv", sample).path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    text = data[3:].decode("utf-8")
    assert text.split("\r\n", 1)[0] == ",".join(COLUMNS)
    rows = _csv_rows(tmp_path / "h.csv")
    assert {row[0] for row in rows[1:]} == {"pain", "session", "set"}
    assert all(len(row) == len(COLUMNS) for row in rows)


def test_csv_cells_never_start_a_formula(sample: RecordSet, tmp_path: Path) -> None:
    rows = _csv_rows(write_history_file(tmp_path / "h.csv", sample).path)
    offsets = [COLUMNS.index(column) for column in OFFSET_COLUMNS.values()]
    for row in rows:
        for index, cell in enumerate(row):
            if index in offsets and re.fullmatch(r"-?[0-9]+", cell):
                continue  # a whole number such as -240 is a number to a spreadsheet
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    notes = {row[COLUMNS.index("id")]: row[COLUMNS.index("note")] for row in rows}
    assert notes["p-formula"].startswith("'=HYPERLINK")
    assert notes["p-minus"] == "'-1 since yesterday"
    assert notes["p-quote"] == "''quoted' and \"double\""


@pytest.mark.parametrize("cell", ["", "a", "=1+1", "+1", "-1", "@x", "\tx", "\rx", "'", "''x"])
def test_neutralise_is_reversible(cell: str) -> None:
    guarded = neutralise(cell)
    assert restore(guarded) == cell
    assert not guarded.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_negative_offsets_round_trip(sample: RecordSet, tmp_path: Path) -> None:
    back = read_history_file(write_history_file(tmp_path / "h.csv", sample).path, now=NOW)
    entry = next(p for p in back.pain if p.id == "p-formula")
    assert entry.at.utc_offset_minutes == -240  # New York, daylight time
    assert entry.at.local().isoformat() == "2025-03-09T23:30:05.123456-04:00"
    odd = next(p for p in back.pain if p.id == "p-minus")
    assert odd.at.utc_offset_minutes == 345 and odd.at.local_date == date(2025, 1, 1)


def test_crlf_lf_bom_and_quoted_cells_are_all_accepted(sample: RecordSet, tmp_path: Path) -> None:
    data = write_history_file(tmp_path / "h.csv", sample).path.read_bytes()
    text = data[3:].decode("utf-8")
    no_bom = tmp_path / "no_bom.csv"
    no_bom.write_bytes(text.encode("utf-8"))
    lf_only = tmp_path / "lf.csv"
    rows = _csv_rows(tmp_path / "h.csv")
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    lf_only.write_bytes(buffer.getvalue().encode("utf-8"))
    for path in (tmp_path / "h.csv", no_bom, lf_only):
        assert _same(read_history_file(path, now=NOW), sample)


def test_blank_rows_left_by_a_spreadsheet_are_skipped(sample: RecordSet, tmp_path: Path) -> None:
    rows = _csv_rows(write_history_file(tmp_path / "h.csv", sample).path)
    rows += [[], [""] * len(COLUMNS)]
    assert _same(read_history_file(_write_csv(tmp_path / "x.csv", rows), now=NOW), sample)


def test_columns_in_another_order_are_accepted(sample: RecordSet, tmp_path: Path) -> None:
    rows = _csv_rows(write_history_file(tmp_path / "h.csv", sample).path)
    flipped = [list(reversed(row)) for row in rows]
    assert _same(read_history_file(_write_csv(tmp_path / "x.csv", flipped), now=NOW), sample)


def test_json_has_a_format_name_and_version(sample: RecordSet, tmp_path: Path) -> None:
    path = write_history_file(tmp_path / "h.json", sample).path
    document = json.loads(path.read_text("utf-8"))
    assert document["format"] == "footcoach-history" and document["version"] == 3
    assert len(document["records"]) == sample.total
    assert path.read_text("utf-8").endswith("}\n")


def test_export_to_a_wrong_extension_is_refused(history: History, tmp_path: Path) -> None:
    with pytest.raises(DataExportError, match=r"\.csv or \.json"):
        export_history(history, tmp_path / "out.txt")
    assert not (tmp_path / "out.txt").exists()


def test_export_into_a_missing_folder_says_so(history: History, tmp_path: Path) -> None:
    with pytest.raises(DataExportError, match="cannot write"):
        export_history(history, tmp_path / "nowhere" / "out.csv")


def test_export_replaces_the_file_atomically(history: History, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "out.json"
    target.write_text("old")
    export_history(history, target)
    assert json.loads(target.read_text("utf-8"))["records"] == []
    assert os.listdir(tmp_path / "out") == ["out.json"]


# --------------------------------------------------------------------------- bad files


@pytest.fixture
def good_csv(tmp_path: Path, sample: RecordSet) -> list[list[str]]:
    return _csv_rows(write_history_file(tmp_path / "good.csv", sample).path)


def _cell(rows: list[list[str]], record_type: str, column: str, value: str) -> int:
    """Set ``column`` of the first row of ``record_type``; return its spreadsheet row number."""
    index = next(i for i, row in enumerate(rows) if row[0] == record_type)
    rows[index][COLUMNS.index(column)] = value
    return index + 1


def _refused(history: History, path: Path) -> DataImportError:
    """Import ``path``, expect a DataImportError and check nothing was written."""
    before = _snapshot(history)
    with pytest.raises(DataImportError) as caught:
        import_history(history, path, now=NOW)
    assert _snapshot(history) == before
    message = str(caught.value)
    assert "\n" not in message and message.endswith("nothing was imported")
    return caught.value


@pytest.fixture
def seeded(history: History, sample: RecordSet) -> History:
    """A history that already holds a few records (so 'nothing written' means something)."""
    history.add_records(sample.pain[:3], sample.sessions[:1], ())
    return history


@pytest.mark.parametrize(
    ("record_type", "column", "value", "expected"),
    [
        ("pain", "score", "11", "row {row}, column score: expected a whole number from 0 to 10"),
        ("pain", "score", "-1", "column score: expected a whole number from 0 to 10, got '-1'"),
        ("pain", "score", "'-1", "column score: expected a whole number from 0 to 10, got '-1'"),
        ("pain", "score", "5.5", "column score: expected a whole number"),
        ("pain", "score", "", "column score: expected a whole number from 0 to 10, got nothing"),
        ("pain", "context", "evening", "column context: expected one of morning, day,"),
        ("pain", "time", "2025-02-30 08:00:00", "column time: expected a date and time"),
        ("pain", "time", "yesterday", "column time: expected a date and time like"),
        ("pain", "time", "03/01/2025 08:00", "column time: expected a date and time like 2024"),
        ("pain", "time", "2025-03-01T08:00:00+01:00", "column time: expected a date and time"),
        ("pain", "time", "2031-01-01 08:00:00", "time: expected a time that is not in the"),
        ("pain", "time", "1969-12-31 08:00:00", "column time: expected a time in 1970"),
        ("pain", "utc_offset_minutes", "1500", "offset +25:00 is outside -12:00..+14:00"),
        ("pain", "utc_offset_minutes", "+01:00", "column utc_offset_minutes: expected the UTC"),
        ("pain", "utc_offset_minutes", "", "column utc_offset_minutes: expected the UTC"),
        ("pain", "utc_offset_minutes", "1380", "offset +23:00 is outside -12:00..+14:00"),
        ("pain", "end_utc_offset_minutes", "60", "column end_utc_offset_minutes: expected nothing"),
        ("pain", "local_date", "2020-01-01", "column local_date: expected"),
        ("pain", "routine", "Desk break", "column routine: expected nothing for a pain row"),
        ("pain", "id", "", "column id: expected an id"),
        ("pain", "format_version", "1", "column format_version: expected 3"),
        ("pain", "note", "bell\x07", "column note: control character U+0007 is not allowed"),
        ("pain", "note", "x" * 10_001, "column note: too long: 10,001 characters, at most 10,000"),
        ("session", "completed", "maybe", "column completed: expected true or false"),
        ("session", "routine", "", "column routine: expected the routine's name"),
        ("session", "routine", "two\nlines", "routine: control character U+000A is not"),
        ("set", "side", "middle", "column side: expected one of left, right, both"),
        ("set", "set_number", "0", "column set_number: expected a whole number from 1 to 100"),
        ("set", "reps", "-3", "column reps: expected a whole number from 0 to 1000 or nothing"),
        ("set", "hold_seconds", "nan", "column hold_seconds: expected seconds from 0 to 3600"),
        ("set", "hold_seconds", "-5", "column hold_seconds: expected seconds"),
        ("set", "exercise_id", "Heel Raises", "column exercise_id: expected an exercise id"),
        ("set", "session_id", "no-such-session", "column session_id: expected the id of a session"),
        ("set", "record_type", "sets", "column record_type: expected one of pain, session, set"),
    ],
)  # fmt: skip
def test_a_bad_cell_is_named_and_nothing_is_written(
    record_type: str,
    column: str,
    value: str,
    expected: str,
    good_csv: list[list[str]],
    seeded: History,
    tmp_path: Path,
) -> None:
    row = _cell(good_csv, record_type, column, value)
    error = _refused(seeded, _write_csv(tmp_path / "bad.csv", good_csv))
    assert expected.format(row=row) in str(error)
    assert str(error).startswith(f"bad.csv: row {row}, column ")


def test_a_completed_session_needs_an_end(
    good_csv: list[list[str]], seeded: History, tmp_path: Path
) -> None:
    row = _cell(good_csv, "session", "end_time", "")
    _cell(good_csv, "session", "completed", "true")
    error = _refused(seeded, _write_csv(tmp_path / "bad.csv", good_csv))
    assert f"row {row}, column completed: expected false for a session with no end_time" in str(
        error
    )


def test_a_session_cannot_end_before_it_starts(
    good_csv: list[list[str]], seeded: History, tmp_path: Path
) -> None:
    row = _cell(good_csv, "session", "end_time", "2001-01-01 08:00:00")
    _cell(good_csv, "session", "end_utc_offset_minutes", "60")
    error = _refused(seeded, _write_csv(tmp_path / "bad.csv", good_csv))
    assert f"row {row}, column end_time: expected a time at or after the start" in str(error)


def test_a_set_needs_reps_or_a_hold(
    good_csv: list[list[str]], seeded: History, tmp_path: Path
) -> None:
    _cell(good_csv, "set", "reps", "")
    _cell(good_csv, "set", "hold_seconds", "")
    error = _refused(seeded, _write_csv(tmp_path / "bad.csv", good_csv))
    assert "column reps: expected reps or hold_seconds" in str(error)


def test_a_duplicate_id_names_both_rows(
    good_csv: list[list[str]], seeded: History, tmp_path: Path
) -> None:
    good_csv.append(list(good_csv[1]))
    error = _refused(seeded, _write_csv(tmp_path / "bad.csv", good_csv))
    assert f"row {len(good_csv)}, column id: expected an id used once" in str(error)
    assert "(also row 2)" in str(error)


def test_every_bad_row_is_counted(
    good_csv: list[list[str]], seeded: History, tmp_path: Path
) -> None:
    score = COLUMNS.index("score")
    bad = [i for i, row in enumerate(good_csv) if row[0] == "pain"][:4]
    for index in bad:
        good_csv[index][score] = "11"
    _cell(good_csv, "set", "side", "middle")
    error = _refused(seeded, _write_csv(tmp_path / "bad.csv", good_csv))
    assert str(error).startswith(f"bad.csv: column score in 4 rows (first row {bad[0] + 1}): ")
    assert "got '11' (and 1 more problem); nothing" in str(error)
    assert len(error.problems) == 5 and error.more == 1 and error.rows == 4


def test_a_column_a_spreadsheet_rewrote_is_reported_once(
    good_csv: list[list[str]], seeded: History, tmp_path: Path
) -> None:
    completed = COLUMNS.index("completed")
    sessions = [i for i, row in enumerate(good_csv) if row[0] == "session"]
    for index in sessions:
        good_csv[index][completed] = "WAHR"  # a German spreadsheet's TRUE
    error = _refused(seeded, _write_csv(tmp_path / "bad.csv", good_csv))
    # Every session is bad; their sets are not reported as naming unknown sessions too.
    assert str(error) == (
        f"bad.csv: column completed in {len(sessions)} rows (first row {sessions[0] + 1}): "
        "expected true or false, got 'WAHR'; nothing was imported"
    )


@pytest.mark.parametrize(
    ("true", "false"), [("TRUE", "FALSE"), ("True", "false"), ("1", "0"), ("yes", "NO")]
)
def test_spreadsheet_booleans_are_read(
    true: str, false: str, sample: RecordSet, tmp_path: Path
) -> None:
    rows = _csv_rows(write_history_file(tmp_path / "h.csv", sample).path)
    completed = COLUMNS.index("completed")
    for row in rows[1:]:
        row[completed] = {"true": true, "false": false}.get(row[completed], row[completed])
    assert _same(read_history_file(_write_csv(tmp_path / "x.csv", rows), now=NOW), sample)


def test_times_are_a_local_clock_a_spreadsheet_reads_with_the_offset_beside(
    sample: RecordSet, tmp_path: Path
) -> None:
    rows = _csv_rows(write_history_file(tmp_path / "h.csv", sample).path)
    by_id = {row[COLUMNS.index("id")]: dict(zip(COLUMNS, row, strict=True)) for row in rows}
    tricky = by_id["abandoned-1"]
    assert tricky["time"] == "2025-03-09 23:30:05.123456"
    assert tricky["utc_offset_minutes"] == "-240"
    assert tricky["end_time"] == tricky["end_utc_offset_minutes"] == ""
    assert by_id["p-minus"]["time"] == "2025-01-01 00:05:00"
    assert by_id["p-minus"]["utc_offset_minutes"] == "345"


def test_times_a_spreadsheet_saved_without_seconds_are_read(
    sample: RecordSet, tmp_path: Path
) -> None:
    rows = _csv_rows(write_history_file(tmp_path / "h.csv", sample).path)
    time = COLUMNS.index("time")
    rows[1][time] = rows[1][time][:16]
    back = read_history_file(_write_csv(tmp_path / "x.csv", rows), now=NOW)
    record = next(r for r in (*back.pain, *back.sets, *back.sessions) if r.id == rows[1][-2])
    moment = record.started if isinstance(record, SessionRecord) else record.at
    assert moment.local().second == 0 and moment.local().isoformat(" ")[:16] == rows[1][time]


def _as_version_1(rows: list[list[str]]) -> list[list[str]]:
    """Version 2 CSV rows as version 1 wrote them: each time with its offset, in one cell."""
    old = [COLUMNS_V1]
    for cells in rows[1:]:
        row = dict(zip(COLUMNS, cells, strict=True))
        for key, offset_key in OFFSET_COLUMNS.items():
            if row[key]:
                minutes = int(row[offset_key])
                sign = "-" if minutes < 0 else "+"
                hours, rest = divmod(abs(minutes), 60)
                row[key] = f"{row[key].replace(' ', 'T')}{sign}{hours:02d}:{rest:02d}"
        row["format_version"] = "1"
        old.append([row[column] for column in COLUMNS_V1])
    return old


@pytest.mark.parametrize("kind", KINDS)
def test_version_1_files_still_import(kind: str, sample: RecordSet, tmp_path: Path) -> None:
    if kind == ".csv":
        rows = _as_version_1(_csv_rows(write_history_file(tmp_path / "h.csv", sample).path))
        old = _write_csv(tmp_path / "old.csv", rows)
        assert old.read_text("utf-8").startswith("record_type,local_date,time,score,")
    else:
        text = write_history_file(tmp_path / "h.json", sample).path.read_text("utf-8")
        old = tmp_path / "old.json"
        old.write_text(text.replace('"version": 3,', '"version": 1,'), "utf-8")
    assert _same(read_history_file(old, now=NOW), sample)


def test_a_version_1_csv_row_in_a_version_2_file_is_named(
    good_csv: list[list[str]], seeded: History, tmp_path: Path
) -> None:
    row = _cell(good_csv, "pain", "time", "2025-03-01T08:00:00+01:00")
    error = _refused(seeded, _write_csv(tmp_path / "bad.csv", good_csv))
    assert f"row {row}, column time: expected a date and time like 2024-03-31 08:05:00" in str(
        error
    )


def test_a_set_may_refer_to_a_session_already_in_the_history(
    sample: RecordSet, history: History, tmp_path: Path
) -> None:
    session_id = sample.sets[0].session_id
    assert session_id is not None
    session = next(s for s in sample.sessions if s.id == session_id)
    history.add_records((), (session,), ())
    path = write_history_file(tmp_path / "sets.csv", RecordSet(sets=sample.sets[:1])).path
    assert import_history(history, path, now=NOW).added == 1
    with pytest.raises(DataImportError, match="column session_id"):
        read_history_file(path, now=NOW)  # without that history, the session is unknown


def test_the_future_is_judged_against_now(sample: RecordSet, tmp_path: Path) -> None:
    path = write_history_file(tmp_path / "h.csv", sample).path
    with pytest.raises(DataImportError, match="not in the future"):
        read_history_file(path, now=datetime(2025, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda rows: [r[:-1] for r in rows], "row 1: missing column format_version"),
        (lambda rows: [[*r, "x"] for r in rows], "row 1: unexpected column 'x'"),
        (lambda rows: [rows[0], [*rows[1], "x"], *rows[2:]], "row 2: expected 35 cells"),
        (lambda rows: [rows[0], rows[1][:5], *rows[2:]], "row 2: expected 35 cells (one per"),
        (lambda rows: [[*rows[0][:-1], "id"], *rows[1:]], "row 1: duplicate column id"),
        (lambda rows: rows[1:], "row 1: not a FootCoach history file"),
        (lambda rows: [["date", "pain"], ["2024-01-01", "5"]], "not a FootCoach history file"),
    ],
)
def test_a_bad_header_or_row_shape_is_named(
    change: object, expected: str, good_csv: list[list[str]], seeded: History, tmp_path: Path
) -> None:
    assert callable(change)
    error = _refused(seeded, _write_csv(tmp_path / "bad.csv", change(good_csv)))
    assert expected in str(error)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("h.txt", b"record_type\r\n", "h.txt: expected a .csv or .json file"),
        ("h.xlsx", b"PK\x03\x04", "expected a .csv or .json file"),
        ("h.csv", b"", "h.csv: file is empty"),
        ("h.json", b"  \n", "h.json: file is empty"),
        ("h.csv", codecs.BOM_UTF8, "file is empty"),
        ("h.csv", "a,b\r\nc,Café\r\n".encode("latin-1"), "not UTF-8 text (byte 0xE9 on line 2)"),
        ("h.csv", "record_type\r\n".encode("utf-16"), "UTF-16 or UTF-32 text; save it as UTF-8"),
        ("h.csv", b'record_type,"unclosed\r\n', "not valid CSV"),
        ("h.json", b"{", "not valid JSON (Expecting property name"),
        ("h.json", b"[]", "not a FootCoach history file"),
        ("h.json", b'{"format": "other"}', "not a FootCoach history file"),
        ("h.json", HEAD + b'4, "records": []}', "version 4 is not one this FootCoach reads (it r"),
        ("h.json", HEAD + b'"1", "records": []}', "field version: expected the number 3"),
        ("h.json", HEAD + b"1}", "field records: expected a list"),
        ("h.json", HEAD + b'1, "records": [], "x": 1}', "unexpected field 'x'"),
        ("h.json", HEAD + b'1, "version": 1}', "key 'version' given twice"),
        ("h.json", HEAD + b'1, "records": [1]}', "record 1: expected an object"),
        ("h.json", b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
        ("h.json", HEAD + b"1" * 5000 + b"}", "not valid JSON (Exceeds the limit"),
        ("h.json", HEAD + b'1, "records": [{}]}', "record 1, field record_type: expected this"),
    ],
)  # fmt: skip
def test_a_bad_file_gets_one_clear_line(
    name: str, content: bytes, expected: str, seeded: History, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    error = _refused(seeded, path)
    assert expected in str(error)


def test_a_missing_file_says_so(history: History, tmp_path: Path) -> None:
    error = _refused(history, tmp_path / "absent.csv")
    assert "absent.csv: cannot read the file: No such file or directory" in str(error)


@pytest.mark.parametrize("name", ["junk.csv", "junk.json"])
@pytest.mark.parametrize("kind", ["random", "ascii", "lines"])
def test_ten_megabytes_of_junk(name: str, kind: str, seeded: History, tmp_path: Path) -> None:
    generator = random.Random(kind)
    size = 10 * 1024 * 1024
    if kind == "random":
        content = generator.randbytes(size)
    elif kind == "ascii":
        content = bytes(generator.choices(range(32, 127), k=size))
    else:
        line = b'pain,2024-01-01,5,morning,=1+1,"x""y"\r\n'
        content = line * (size // len(line))
    path = tmp_path / name
    path.write_bytes(content)
    error = _refused(seeded, path)
    assert str(error).startswith(f"{name}: ")


def test_an_oversized_file_is_refused_without_reading_it_all(
    seeded: History, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import footcoach.report as report

    monkeypatch.setattr(report, "MAX_HISTORY_FILE_BYTES", 1000)
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 1001)
    assert "larger than" in str(_refused(seeded, path))


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("score", 11, "record 1, field score: expected a whole number from 0 to 10, got 11"),
        ("score", "5", "field score: expected a whole number from 0 to 10, got '5'"),
        ("score", True, "field score: expected a whole number"),
        ("score", 4.0, "field score: expected a whole number"),
        ("note", 7, "field note: expected text, got 7"),
        ("context", None, "field context: expected one of"),
        ("time", "2025-06-01 08:00", "field time: expected a date and time like"),
        ("colour", "red", "field colour: expected only the fields record_type"),
        ("note", "lone \ud800", "field note: invalid character U+D800 is not allowed"),
        ("score", 10**4000, "field score: expected a whole number from 0 to 10, got 1000"),
    ],
)
def test_json_fields_are_checked_with_their_types(
    field: str, value: object, expected: str, seeded: History, tmp_path: Path
) -> None:
    record = {
        "record_type": "pain",
        "id": "abc",
        "local_date": "2025-06-01",
        "time": "2025-06-01T08:00:00+02:00",
        "score": 4,
        "context": "morning",
        "note": "",
    }
    record[field] = value
    document = {"format": "footcoach-history", "version": 1, "records": [record]}
    path = tmp_path / "h.json"
    path.write_text(json.dumps(document), "utf-8")
    assert expected in str(_refused(seeded, path))


def test_json_missing_field_is_named(seeded: History, tmp_path: Path) -> None:
    record = {"record_type": "set", "id": "a", "local_date": "2025-06-01"}
    document = {"format": "footcoach-history", "version": 1, "records": [record]}
    path = tmp_path / "h.json"
    path.write_text(json.dumps(document), "utf-8")
    assert "record 1, field time: expected this field in a set record" in str(
        _refused(seeded, path)
    )


def test_json_nan_hold_is_refused(seeded: History, tmp_path: Path) -> None:
    text = (
        '{"format": "footcoach-history", "version": 1, "records": [{"record_type": "set", '
        '"id": "a", "local_date": "2025-06-01", "time": "2025-06-01T08:00:00+02:00", '
        '"session_id": null, "exercise_id": "toe-spread", "side": "left", "set_number": 1, '
        '"reps": null, "hold_seconds": NaN}]}'
    )
    path = tmp_path / "h.json"
    path.write_text(text, "utf-8")
    assert "field hold_seconds: expected seconds" in str(_refused(seeded, path))


# --------------------------------------------------------------------------- hypothesis

_UTC_TIMES = st.datetimes(
    min_value=datetime(1971, 1, 2), max_value=datetime(2025, 6, 1), timezones=st.just(UTC)
)
_OFFSETS = st.integers(min_value=MIN_UTC_OFFSET_MINUTES, max_value=MAX_UTC_OFFSET_MINUTES)
_TEXT_CHARS = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")) | st.sampled_from(
    ["\t", "\n", "\r", "=", "+", "-", "@", "'", '"', ","]
)
# One line of text (a session's routine): no control, formatting or line-separator characters.
_LINE_CHARS = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cf", "Zl", "Zp"))
_IDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,20}", fullmatch=True)


@st.composite
def _moments(draw: st.DrawFn) -> Moment:
    utc = draw(_UTC_TIMES)
    offset = draw(_OFFSETS)
    local = utc.astimezone(timezone(timedelta(minutes=offset)))
    return Moment(utc=utc, local_date=local.date(), utc_offset_minutes=offset)


@st.composite
def _record_sets(draw: st.DrawFn) -> RecordSet:
    ids = iter(draw(st.lists(_IDS, min_size=30, max_size=30, unique=True)))
    pain = tuple(
        PainEntry(
            next(ids),
            draw(_moments()),
            draw(st.integers(0, 10)),
            draw(st.sampled_from(PainContext)),
            draw(st.text(_TEXT_CHARS, max_size=12)),
        )
        for _ in range(draw(st.integers(0, 8)))
    )
    sessions = []
    for _ in range(draw(st.integers(0, 5))):
        started = draw(_moments())
        ended = None
        if draw(st.booleans()):
            later = started.utc + timedelta(seconds=draw(st.integers(0, 7200)))
            ended = Moment.from_datetime(
                later.astimezone(timezone(timedelta(minutes=draw(_OFFSETS))))
            )
        routine = draw(st.text(_LINE_CHARS, min_size=1, max_size=12))
        completed = ended is not None and draw(st.booleans())
        sessions.append(SessionRecord(next(ids), routine, started, ended, completed))
    sets = []
    for _ in range(draw(st.integers(0, 8))):
        reps = draw(st.none() | st.integers(0, 1000))
        hold = draw(
            st.floats(0, 3600, allow_nan=False) | (st.none() if reps is not None else st.nothing())
        )
        session_id = (
            draw(st.none() | st.sampled_from([s.id for s in sessions])) if sessions else None
        )
        sets.append(
            SetRecord(
                next(ids),
                session_id,
                draw(st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True)),
                draw(st.sampled_from(Side)),
                draw(st.integers(1, 100)),
                draw(_moments()),
                reps,
                hold,
            )
        )
    return RecordSet(pain, tuple(sessions), tuple(sets))  # fmt: skip


@pytest.mark.slow
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=_record_sets(), kind=st.sampled_from(KINDS))
def test_any_valid_history_round_trips_exactly(records: RecordSet, kind: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_history_file(Path(folder) / f"h{kind}", records).path
        back = read_history_file(path, now=NOW)
        assert _same(back, records)
        assert encode_records(back, kind) == path.read_bytes()


def _mutate(data: bytes, draw: st.DrawFn) -> bytes:
    """One random change: replace, insert or delete bytes, or cut the file short."""
    position = draw(st.integers(0, len(data)))
    how = draw(st.sampled_from(["replace", "insert", "delete", "truncate", "swap-lines"]))
    junk = draw(
        st.binary(min_size=1, max_size=8)
        | st.text(_TEXT_CHARS, min_size=1, max_size=8).map(str.encode)
        | st.sampled_from([b",", b'"', b"\r\n", b"11", b"-1", b"{", b"}", b"null", b"\xff"])
    )
    if how == "replace":
        return data[:position] + junk + data[position + len(junk) :]
    if how == "insert":
        return data[:position] + junk + data[position:]
    if how == "delete":
        return data[:position] + data[position + draw(st.integers(1, 40)) :]
    if how == "truncate":
        return data[:position]
    lines = data.split(b"\n")
    draw(st.randoms()).shuffle(lines)
    return b"\n".join(lines)


@pytest.mark.slow
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=_record_sets(), kind=st.sampled_from(KINDS), data=st.data())
def test_a_broken_file_writes_nothing_and_raises_only_the_import_error(
    records: RecordSet, kind: str, data: st.DataObject, sample: RecordSet
) -> None:
    original = encode_records(records, kind)
    broken = _mutate(original, data.draw)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"h{kind}"
        path.write_bytes(broken)
        with History.open(Path(folder) / "data") as store:
            store.add_records(sample.pain[:2], sample.sessions[:1], ())
            before = _snapshot(store)
            try:
                result = import_history(store, path, now=NOW)
            except DataImportError as error:
                assert "\n" not in str(error)
                assert _snapshot(store) == before
            else:
                assert 0 <= result.added <= result.total


def test_import_error_is_a_footcoach_error() -> None:
    from footcoach.errors import FootCoachError

    assert issubclass(DataImportError, FootCoachError)
    assert issubclass(DataExportError, FootCoachError)


def test_no_stray_files_after_export(sample: RecordSet, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    write_history_file(tmp_path / "out" / "h.csv", sample)
    write_history_file(tmp_path / "out" / "h.json", sample)
    assert sorted(os.listdir(tmp_path / "out")) == ["h.csv", "h.json"]


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(_TEXT_CHARS, max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)


@pytest.mark.slow
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=_record_sets(), kind=st.sampled_from(KINDS), data=st.data())
def test_one_changed_value_is_either_valid_or_refused_whole(
    records: RecordSet, kind: str, data: st.DataObject
) -> None:
    original = encode_records(records, kind)
    if kind == ".json":
        document = json.loads(original)
        if document["records"]:
            record = data.draw(st.sampled_from(document["records"]))
            key = data.draw(st.sampled_from([*record, "extra"]))
            if data.draw(st.booleans()):
                record.pop(key, None)
            else:
                record[key] = data.draw(_JSON_VALUES)
        else:
            document[data.draw(st.sampled_from(["format", "version", "records"]))] = data.draw(
                _JSON_VALUES
            )
        changed = json.dumps(document).encode("utf-8", "surrogatepass")
    else:
        rows = list(csv.reader(io.StringIO(original.decode("utf-8-sig"), newline="")))
        row = data.draw(st.integers(0, len(rows) - 1))
        column = data.draw(st.integers(0, len(COLUMNS) - 1))
        rows[row][column] = data.draw(st.text(_TEXT_CHARS, max_size=12))
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="\r\n").writerows(rows)
        changed = buffer.getvalue().encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"h{kind}"
        path.write_bytes(changed)
        with History.open(Path(folder) / "data") as store:
            before = _snapshot(store)
            try:
                import_history(store, path, now=NOW)
            except DataImportError as error:
                assert "\n" not in str(error)
                assert _snapshot(store) == before
