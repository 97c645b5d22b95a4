"""Daily factors and trials in the history (schema 3.2) and in export/import (format 3)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from footcoach import report
from footcoach.factors import DailyFactors, Footwear
from footcoach.history import History, check_health, database_path
from footcoach.history import schema as history_module
from footcoach.records import Moment, PainContext, PainEntry, new_id
from footcoach.trials import Trial, TrialError, TrialStatus, new_trial

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
ZONE = timezone(timedelta(hours=1))
DAY = date(2025, 3, 3)


def at(day: date, hour: int = 20) -> Moment:
    return Moment.from_datetime(datetime(day.year, day.month, day.day, hour, tzinfo=ZONE))


def factors(ident: str, day: date, hour: int = 20, **answers: object) -> DailyFactors:
    return DailyFactors(ident, at(day, hour), **answers)  # type: ignore[arg-type]


@pytest.fixture
def history(data_dir: Path) -> Iterator[History]:
    opened = History.open(data_dir)
    yield opened
    opened.close()


# ------------------------------------------------------------------ schema 3.2


def test_the_v3_fixture_migrates_to_3_2_and_keeps_every_record(data_dir: Path) -> None:
    shutil.copyfile(FIXTURES / "history-v3.sqlite3", database_path(data_dir))
    with History.open(data_dir) as opened:
        assert opened.get_meta("fixture") == "history-v3"
        assert opened.counts() == {"pain_entries": 3, "sessions": 2, "sets": 3}
        assert len(opened.screenings()) == 2
        assert opened.pragmas()["user_version"] == history_module.SchemaVersion(3, 2).packed()
        assert opened.daily_factors() == [] and opened.trials() == []
        opened.save_daily_factors(factors("f1", DAY, footwear=Footwear.SUPPORTIVE))
        assert [f.id for f in opened.daily_factors()] == ["f1"]
        backup = opened.migration_backup
    assert backup is not None and backup.name.startswith("history-v3.0-before-migration")
    assert check_health(data_dir).ok


def test_a_3_0_footcoach_still_opens_a_3_2_file(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with History.open(data_dir) as newer:
        newer.save_daily_factors(factors("f1", DAY, pad=True))
        newer.add_pain(PainEntry("p1", at(DAY, 8), 4, PainContext.MORNING))
    # An app that knows schema 3.0 only: the minor step's tables are simply not its business.
    older_steps = tuple(s for s in history_module.MIGRATIONS if s.target.minor == 0)
    monkeypatch.setattr(history_module, "MIGRATIONS", older_steps)
    assert history_module.latest_version() == history_module.SchemaVersion(3, 0)
    with History.open(data_dir) as older:
        older.add_pain(PainEntry("p2", at(DAY, 12), 3, PainContext.DAY))
        assert [p.id for p in older.pain_entries()] == ["p1", "p2"]
        assert older.pragmas()["user_version"] == history_module.SchemaVersion(3, 2).packed()
    monkeypatch.undo()
    with History.open(data_dir) as again:
        assert [f.id for f in again.daily_factors()] == ["f1"]


def test_one_record_a_day_and_the_latest_wins(history: History) -> None:
    history.save_daily_factors(factors("a", DAY, 9, footwear=Footwear.HEELS, hours_on_feet=9))
    history.save_daily_factors(factors("b", DAY, 21, footwear=Footwear.SUPPORTIVE, pad=True))
    [stored] = history.daily_factors()
    # The day keeps its first id; the answers and time are the latest.
    assert stored.id == "a" and stored.at == at(DAY, 21)
    assert (stored.footwear, stored.pad, stored.hours_on_feet) == (Footwear.SUPPORTIVE, True, None)


def test_the_latest_day_is_what_the_dialog_remembers(history: History) -> None:
    assert history.latest_daily_factors(DAY) is None
    history.save_daily_factors(factors("a", DAY - timedelta(days=2), high_impact=False))
    history.save_daily_factors(factors("b", DAY + timedelta(days=1), high_impact=True))
    remembered = history.latest_daily_factors(DAY)
    assert remembered is not None and remembered.id == "a"


def test_empty_answers_are_never_stored(history: History) -> None:
    with pytest.raises(ValueError, match="no answer"):
        history.save_daily_factors(factors("a", DAY))


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("hours_on_feet", 25),
        ("footwear", "sandals"),
        ("pad", 2),
    ],
)
def test_the_table_checks_the_limits(history: History, column: str, value: object) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        history._connection.execute(
            f"INSERT INTO daily_factors (id, at_utc, local_date, utc_offset_minutes, {column})"
            " VALUES ('x', '2025-03-03T19:00:00.000000Z', '2025-03-03', 60, ?)",
            (value,),
        )


def test_a_trial_row_checks_blocks_and_status(history: History) -> None:
    statement = (
        "INSERT INTO trials (id, at_utc, local_date, utc_offset_minutes, change, start_date,"
        " block_days, blocks, first_with, status) VALUES"
        " ('t', '2025-03-03T07:00:00.000000Z', '2025-03-03', 60, 'pad', '2025-03-03', ?, ?, 1, ?)"
    )
    for values in ((7, 3, "running"), (2, 4, "running"), (7, 4, "ended-early"), (7, 4, "paused")):
        with pytest.raises(sqlite3.IntegrityError):
            history._connection.execute(statement, values)


# ------------------------------------------------------------------ export and import


def sample_trials() -> tuple[Trial, ...]:
    return (
        Trial("t1", at(DAY, 8), "a metatarsal pad", DAY, 7, 4, True),
        Trial(
            "t2",
            at(DAY + timedelta(days=40), 8),
            "new shoes, wide toe box",
            DAY + timedelta(days=40),
            5,
            2,
            False,
            TrialStatus.ENDED_EARLY,
            at(DAY + timedelta(days=43), 19),
        ),
    )


def sample_factors() -> tuple[DailyFactors, ...]:
    return (
        factors("f1", DAY, footwear=Footwear.FLAT, pad=False, hours_on_feet=0, high_impact=True),
        factors("f2", DAY + timedelta(days=1), hours_on_feet=24),
        factors("f3", DAY + timedelta(days=2), footwear=Footwear.BAREFOOT),
    )


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_factors_and_trials_make_the_round_trip(
    history: History, tmp_path: Path, suffix: str
) -> None:
    history.add_records(factors=sample_factors(), trials=sample_trials())
    out = tmp_path / f"h{suffix}"
    written = report.export_history(history, out)
    assert (written.factors, written.trials) == (3, 2)
    with History.open(tmp_path / "other") as other:
        result = report.import_history(other, out)
        assert result.added == 5 and result.factors == 3 and result.trials == 2
        assert other.daily_factors() == list(sample_factors())
        assert other.trials() == list(sample_trials())
        # A second import adds nothing.
        assert report.import_history(other, out).added == 0


def test_import_keeps_a_day_already_recorded(history: History, tmp_path: Path) -> None:
    mine = factors("mine", DAY, footwear=Footwear.HEELS)
    history.save_daily_factors(mine)
    out = tmp_path / "h.json"
    report.write_history_file(out, report.RecordSet(factors=sample_factors()))
    result = report.import_history(history, out)
    assert result.added == 2
    assert history.daily_factors()[0] == mine


def _csv_without_v3(tmp_path: Path) -> Path:
    """A version 2 CSV: today's export without the version 3 columns."""
    source = tmp_path / "v3.csv"
    pain = PainEntry("p1", at(DAY, 8), 4, PainContext.MORNING)
    report.write_history_file(source, report.RecordSet(pain=(pain,)))
    rows = list(csv.reader(io.StringIO(source.read_text("utf-8-sig"))))
    keep = [i for i, name in enumerate(rows[0]) if name not in report.V3_COLUMNS]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for number, row in enumerate(rows):
        cells = [row[i] for i in keep]
        if number:
            cells[-1] = "2"
        writer.writerow(cells)
    old = tmp_path / "v2.csv"
    old.write_text(buffer.getvalue(), "utf-8")
    return old


def test_version_2_files_still_import(history: History, tmp_path: Path) -> None:
    old_csv = _csv_without_v3(tmp_path)
    assert "footwear" not in old_csv.read_text("utf-8")
    assert report.import_history(history, old_csv).added == 1
    old_json = tmp_path / "v2.json"
    old_json.write_text(
        json.dumps(
            {
                "format": "footcoach-history",
                "version": 2,
                "records": [
                    {
                        "record_type": "pain",
                        "id": "p2",
                        "local_date": "2025-03-04",
                        "time": "2025-03-04T08:00:00+01:00",
                        "score": 3,
                        "context": "morning",
                        "note": "",
                    }
                ],
            }
        ),
        "utf-8",
    )
    assert report.import_history(history, old_json).added == 1
    assert [p.id for p in history.pain_entries()] == ["p1", "p2"]


def _record(kind: str, **fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "record_type": kind,
        "id": "r1",
        "local_date": "2025-03-03",
        "time": "2025-03-03T20:00:00+01:00",
    }
    if kind == "daily-factors":
        base |= {"footwear": "supportive", "pad": None, "hours_on_feet": None, "high_impact": None}
    else:
        base |= {
            "change": "a pad",
            "start_date": "2025-03-03",
            "block_days": 7,
            "blocks": 4,
            "first_with": True,
            "status": "running",
            "end_time": None,
        }
    return base | fields


@pytest.mark.parametrize(
    ("record", "words"),
    [
        (
            _record("daily-factors", hours_on_feet=25),
            "record 1, field hours_on_feet: expected a whole number from 0 to 24 or nothing",
        ),
        (
            _record("daily-factors", footwear="sandals"),
            "record 1, field footwear: expected one of supportive, flat-or-thin, heels, barefoot",
        ),
        (
            _record("daily-factors", footwear=None),
            "record 1, field footwear: expected at least one of footwear, pad",
        ),
        (_record("daily-factors", pad="yes"), "record 1, field pad: expected true or false"),
        (_record("trial", blocks=3), "record 1, field blocks: expected an even number from 2 to 8"),
        (_record("trial", block_days=30), "record 1, field block_days: expected a whole number"),
        (
            _record("trial", change="x" * 81),
            "record 1, field change: too long: 81 characters, at most 80",
        ),
        (_record("trial", start_date="3 March"), "record 1, field start_date: expected a date"),
        (
            _record("trial", status="ended-early"),
            "record 1, field end_time: expected an end_time exactly when the status is not",
        ),
    ],
)
def test_a_bad_record_is_named_and_nothing_is_written(
    history: History, tmp_path: Path, record: dict[str, object], words: str
) -> None:
    path = tmp_path / "bad.json"
    document = {"format": "footcoach-history", "version": 3, "records": [record]}
    path.write_text(json.dumps(document), "utf-8")
    with pytest.raises(report.DataImportError) as caught:
        report.import_history(history, path)
    assert words in str(caught.value)
    assert history.daily_factors() == [] and history.trials() == []


def test_two_factor_records_for_one_day_are_refused(history: History, tmp_path: Path) -> None:
    path = tmp_path / "two.json"
    records = [_record("daily-factors"), _record("daily-factors", id="r2")]
    path.write_text(
        json.dumps({"format": "footcoach-history", "version": 3, "records": records}), "utf-8"
    )
    with pytest.raises(report.DataImportError, match="one daily-factors record a day"):
        report.import_history(history, path)


def test_the_demo_carries_factors_and_a_finished_trial(data_dir: Path) -> None:
    from footcoach import demo

    records = demo.generate(120, 1, end=date(2025, 6, 30), now=datetime(2025, 7, 1, tzinfo=ZONE))
    assert len(records.factors) > 60
    assert len({f.at.local_date for f in records.factors}) == len(records.factors)
    [trial] = records.trials
    assert trial.change == "a metatarsal pad" and trial.last_day == date(2025, 6, 24)
    # Inside the trial, the pad follows the blocks.
    for record in records.factors:
        block = trial.block_on(record.at.local_date)
        if block is not None and record.pad is not None:
            assert record.pad is block.with_change
    with History.open(data_dir) as history:
        history.add_records(
            records.pain,
            records.sessions,
            records.sets,
            factors=records.factors,
            trials=records.trials,
        )
        from footcoach.trends import load_summary

        summary = load_summary(history, date(2025, 6, 30))
    data = summary.as_dict()
    assert data["trial"]["state"] == "finished"  # type: ignore[index]
    speaking = [c for c in data["what_helps"]["comparisons"] if c["enough_days"]]  # type: ignore[index]
    assert speaking, "the demo should give at least one comparison to show"


# ------------------------------------------------------------------ a property


_ANSWERS = st.builds(
    dict,
    footwear=st.none() | st.sampled_from(list(Footwear)),
    pad=st.none() | st.booleans(),
    hours_on_feet=st.none() | st.integers(0, 24),
    high_impact=st.none() | st.booleans(),
)
_CHANGES = st.text(st.characters() | st.sampled_from(["=", "\u202e", "\x1b", " "]), max_size=90) | (
    st.sampled_from(["=1+1", "-a pad", "'quoted", "new shoes"])
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    days=st.lists(st.tuples(st.integers(0, 400), st.integers(-720, 840), _ANSWERS), max_size=8),
    changes=st.lists(
        st.tuples(_CHANGES, st.integers(0, 400), st.integers(3, 28), st.sampled_from([2, 4, 8])),
        max_size=3,
    ),
)
def test_whatever_the_dialogs_store_exports_and_imports_unchanged(
    days: list[tuple[int, int, dict[str, object]]],
    changes: list[tuple[str, int, int, int]],
) -> None:
    start = datetime(2024, 1, 1, 12, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        with History.open(root / "written") as history:
            for offset_days, offset, answers in days:
                zone = timezone(timedelta(minutes=offset))
                moment = Moment.from_datetime(
                    (start + timedelta(days=offset_days)).astimezone(zone)
                )
                record = DailyFactors(new_id(), moment, **answers)  # type: ignore[arg-type]
                if not record.is_empty:
                    history.save_daily_factors(record)
            for text, offset_days, block_days, blocks in changes:
                created = Moment.from_datetime(start + timedelta(days=offset_days))
                try:
                    trial = new_trial(new_id(), created, text, block_days=block_days, blocks=blocks)
                    history.start_trial(trial)
                except TrialError:
                    continue  # refused at the door, as the dialog would
                history.end_trial(trial.id, created, TrialStatus.CANCELLED)
            written = (history.daily_factors(), history.trials())
            for kind in (".csv", ".json"):
                path = root / f"export{kind}"
                report.export_history(history, path)
                with History.open(root / f"read{kind}") as fresh:
                    result = report.import_history(fresh, path, now=start + timedelta(days=800))
                    assert result.added == sum(len(group) for group in written)
                    assert (fresh.daily_factors(), fresh.trials()) == written
                    report.export_history(fresh, root / f"again{kind}")
                assert (root / f"again{kind}").read_bytes() == path.read_bytes()
