"""The red-flag questions (content), the answers, and their table in history (schema v3)."""

from __future__ import annotations

import csv
import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from footcoach import report
from footcoach.catalog import CatalogError
from footcoach.history import History, database_path, list_backups
from footcoach.history import schema as history_module
from footcoach.records import Moment
from footcoach.screening import (
    REDUCED_FEELING,
    ScreeningAnswers,
    answers_needed,
    load_screening,
    parse_answers,
    session_follows,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
AT = Moment.from_datetime(datetime(2025, 3, 1, 9, 0, tzinfo=UTC))


def answers(yes: set[str] = frozenset(), agreed: bool = False) -> ScreeningAnswers:  # type: ignore[assignment]
    ids = load_screening().ids()
    return ScreeningAnswers("s-1", AT, tuple((i, i in yes) for i in ids), agreed)


# --- content --------------------------------------------------------------------------


def test_the_questions_cover_every_red_flag_and_ask_yes_or_no() -> None:
    screening = load_screening()
    assert screening.ids() == (
        "red-hot-swollen",
        "numbness",
        "wound",
        REDUCED_FEELING,
        "cannot-bear-weight",
        "sudden-pain",
        "pale-blue-cold",
        "fever",
        "shape-change",
    )
    assert all(q.text.endswith("?") and q.flag for q in screening.questions)
    assert len(screening.flags) == 9
    assert "professional" in screening.any_yes and "not a reliable guide" in (
        screening.pain_unreliable
    )


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("intro = 'x'\n", "any_yes"),  # a text missing
        ("[[questions]]\nid='fever'\ntext='Fever?'\nflag='Fever'\n", "intro"),
        (
            "intro='a'\nany_yes='b'\nall_no='c'\npain_unreliable='d'\nconfirmation='e'\n"
            "[[questions]]\nid='fever'\ntext='Fever?'\nflag='Fever'\n",
            "questions",  # no reduced-feeling question
        ),
        (
            "intro='a'\nany_yes='b'\nall_no='c'\npain_unreliable='d'\nconfirmation='e'\n"
            "[[questions]]\nid='reduced-feeling'\ntext='Q?'\nflag='F'\n"
            "[[questions]]\nid='reduced-feeling'\ntext='Q?'\nflag='F'\n",
            "questions",  # an id twice
        ),
        (
            "intro='a'\nany_yes='b'\nall_no='c'\npain_unreliable='d'\nconfirmation='e'\n"
            "[[questions]]\nid='reduced-feeling'\ntext='Q?'\nflag='F'\nhint='x'\n",
            "hint",  # an unknown key
        ),
    ],
)
def test_a_broken_question_file_names_the_field(tmp_path: Path, text: str, field: str) -> None:
    path = tmp_path / "screening.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_screening(path)
    assert caught.value.field == field and str(path) in str(caught.value)


# --- answers --------------------------------------------------------------------------


def test_all_no_is_no_reason_to_wait() -> None:
    given = answers()
    assert not given.any_yes and not given.reduced_feeling and not given.pain_unreliable


def test_any_yes_sends_to_a_professional_but_only_reduced_feeling_makes_pain_unreliable() -> None:
    fever = answers({"fever"})
    assert fever.any_yes and not fever.pain_unreliable


def test_answers_are_needed_before_a_session_until_every_question_has_one() -> None:
    screening = load_screening()
    assert answers_needed(screening, None)  # never answered (or backed out): ask
    assert not answers_needed(screening, answers())
    assert not answers_needed(screening, answers({"fever"}))  # a yes is an answer too
    older = ScreeningAnswers("s-0", AT, answers().answers[:-1])  # before a question was added
    assert answers_needed(screening, older)


def test_a_session_follows_the_answers_only_when_every_answer_is_no() -> None:
    assert session_follows(answers())
    assert not session_follows(answers({"fever"}))  # see a professional first
    assert not session_follows(answers({REDUCED_FEELING}, agreed=True))


def test_reduced_feeling_makes_pain_unreliable_until_a_professional_agreed() -> None:
    assert answers({REDUCED_FEELING}).pain_unreliable
    agreed = answers({REDUCED_FEELING}, agreed=True)
    assert agreed.reduced_feeling and not agreed.pain_unreliable
    assert answers(agreed=True).answer(REDUCED_FEELING) is False


@pytest.mark.parametrize(
    "value",
    ["", "[]", "{}", '{"fever": 1}', '{"Fever": true}', "not json", '{"": false}', 3],
)
def test_answers_that_are_not_ids_to_true_or_false_are_refused(value: object) -> None:
    with pytest.raises(ValueError, match="expected"):
        parse_answers(value)


def test_answers_survive_their_text_form() -> None:
    given = answers({"wound", REDUCED_FEELING})
    assert parse_answers(given.answers_text()) == given.answers


# --- history --------------------------------------------------------------------------


def test_history_keeps_every_set_of_answers_and_the_newest_counts(data_dir: Path) -> None:
    with History.open(data_dir) as opened:
        assert opened.latest_screening() is None
        first = answers({"fever"})
        later = ScreeningAnswers(
            "s-2",
            Moment.from_datetime(datetime(2025, 3, 2, 9, 0, tzinfo=UTC)),
            first.answers,
            professional_agreed=True,
        )
        opened.add_screening(later)
        opened.add_screening(first)
        assert opened.screenings() == [first, later]
        assert opened.latest_screening() == later
        assert opened.add_records(screenings=[first, later]) == 0  # a re-import adds nothing


def test_the_table_refuses_answers_that_are_not_an_object(data_dir: Path) -> None:
    with History.open(data_dir):
        pass
    connection = sqlite3.connect(database_path(data_dir))
    with closing(connection), pytest.raises(sqlite3.Error):
        connection.execute(
            "INSERT INTO screenings VALUES ('x', '2025-03-01T09:00:00.000000Z',"
            " '2025-03-01', 0, '[true]', 0)"
        )


def test_migration_from_the_v2_fixture_adds_the_table_and_keeps_everything(
    data_dir: Path,
) -> None:
    shutil.copyfile(FIXTURES / "history-v2.sqlite3", database_path(data_dir))
    with History.open(data_dir) as opened:
        assert opened.pragmas()["user_version"] == history_module.SCHEMA_VERSION.packed()
        assert history_module.SCHEMA_VERSION >= history_module.SchemaVersion(3)
        assert opened.get_meta("fixture") == "history-v2"
        assert opened.counts() == {"pain_entries": 3, "sessions": 2, "sets": 3}
        assert [row.id for row in opened.routine_rows()] == ["my-mornings"]
        assert len(opened.level_changes()) == 2
        assert opened.screenings() == []
        opened.add_screening(answers({REDUCED_FEELING}))
        assert opened.latest_screening() == answers({REDUCED_FEELING})
        copy = opened.migration_backup
    assert copy is not None
    [info] = [info for info in list_backups(data_dir) if info.path == copy]
    assert info.kind == "pre-migration" and info.schema_version == history_module.SchemaVersion(2)


def test_the_v3_fixture_reads_its_answers(data_dir: Path) -> None:
    shutil.copyfile(FIXTURES / "history-v3.sqlite3", database_path(data_dir))
    with History.open(data_dir) as opened:
        assert opened.get_meta("fixture") == "history-v3"
        [first, latest] = opened.screenings()
        assert first.id == "screening-1" and not first.any_yes
        assert latest == opened.latest_screening()
        assert latest.pain_unreliable and latest.at.utc_offset_minutes == 60


# --- export and import ----------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_answers_go_out_in_the_export_and_come_back_on_import(
    data_dir: Path, tmp_path: Path, suffix: str
) -> None:
    given = answers({REDUCED_FEELING, "wound"}, agreed=True)
    out = tmp_path / f"history{suffix}"
    with History.open(data_dir) as opened:
        opened.add_screening(given)
        exported = report.export_history(opened, out)
    assert exported.screenings == 1 and exported.total == 1
    text = out.read_text(encoding="utf-8-sig")
    assert '"reduced-feeling": true' in text.replace('""', '"')
    other = tmp_path / "other"
    with History.open(other) as fresh:
        result = report.import_history(fresh, out)
        assert (result.screenings, result.added) == (1, 1)
        assert fresh.screenings() == [given]
        assert report.import_history(fresh, out).added == 0
        report.export_history(fresh, tmp_path / f"again{suffix}")
    assert (tmp_path / f"again{suffix}").read_bytes() == out.read_bytes()


def test_a_csv_from_before_the_answers_columns_still_imports(
    data_dir: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old.csv"
    columns = [c for c in report.COLUMNS_V1 if c not in report.NEWER_COLUMNS]
    row = dict.fromkeys(columns, "")
    row |= {
        "record_type": "pain",
        "id": "p-1",
        "local_date": "2025-03-01",
        "time": "2025-03-01T09:00:00+00:00",
        "score": "3",
        "context": "day",
        "format_version": "1",
    }
    old.write_text(",".join(columns) + "\r\n" + ",".join(row.values()) + "\r\n", "utf-8")
    with History.open(data_dir) as opened:
        assert report.import_history(opened, old).added == 1


@pytest.mark.parametrize(
    ("answers_cell", "agreed_cell", "problem"),
    [
        ('{"fever": "yes"}', "false", "answers: expected a JSON object"),
        ("", "false", "answers: expected a JSON object"),
        ('{"fever": true}', "", "professional_agreed: expected true or false"),
    ],
)
def test_bad_answers_are_named_and_nothing_is_imported(
    data_dir: Path, tmp_path: Path, answers_cell: str, agreed_cell: str, problem: str
) -> None:
    bad = tmp_path / "bad.csv"
    row = dict.fromkeys(report.COLUMNS, "")
    row |= {
        "record_type": "screening",
        "id": "s-9",
        "local_date": "2025-03-01",
        "time": "2025-03-01 09:00:00",
        "utc_offset_minutes": "0",
        "answers": answers_cell,
        "professional_agreed": agreed_cell,
        "format_version": str(report.FORMAT_VERSION),
    }
    with bad.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(report.COLUMNS)
        writer.writerow(row.values())
    with History.open(data_dir) as opened:
        with pytest.raises(report.DataImportError) as caught:
            report.import_history(opened, bad)
        assert opened.screenings() == []
    assert problem in str(caught.value)
