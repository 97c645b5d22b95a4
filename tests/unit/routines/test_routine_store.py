"""RoutineStore over History: schema v2 migration, custom routines, levels, images, resume."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from footcoach.catalog import Dose, Sides, load_catalog
from footcoach.history import History, RoutineRow, database_path, list_backups
from footcoach.history import schema as history_module
from footcoach.records import Moment, PainContext, PainEntry, SessionRecord, SetRecord, Side
from footcoach.routines import (
    IMAGE_DIR_NAME,
    RESUME_DAYS,
    Routine,
    RoutineError,
    RoutineFileError,
    RoutineStep,
    RoutineStore,
    Rule,
    partial_session,
    read_routine_file,
    routine_toml,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CATALOG = load_catalog()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
T0 = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)


class Clock:
    """Moments that move a minute on at each call."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> Moment:
        self.calls += 1
        return Moment.from_datetime(T0 + timedelta(minutes=self.calls))


@pytest.fixture
def history(data_dir: Path) -> Iterator[History]:
    with History.open(data_dir) as opened:
        yield opened


@pytest.fixture
def store(history: History) -> RoutineStore:
    return RoutineStore(history, CATALOG, now=Clock())


def custom(name: str = "Evening", level: int = 2) -> Routine:
    steps = (
        RoutineStep("toe-stretch", note="Slowly"),
        RoutineStep("calf-stretch", side_order=(Side.RIGHT, Side.LEFT)),
        RoutineStep(
            "towel-curls",
            dose=Dose(sets=1, reps=5, rest_seconds=20, sides=Sides.EACH, rep_seconds=6),
        ),
    )
    return Routine(id=name.lower(), name=name, steps=steps, level=level, note="From the clinic")


# ------------------------------------------------------------------ migration


def copy_fixture(data_dir: Path, version: int) -> Path:
    target = database_path(data_dir)
    shutil.copyfile(FIXTURES / f"history-v{version}.sqlite3", target)
    return target


def test_v1_history_migrates_to_v2_and_keeps_every_record(data_dir: Path) -> None:
    copy_fixture(data_dir, 1)
    with History.open(data_dir) as opened:
        assert opened.pragmas()["user_version"] == history_module.SCHEMA_VERSION.packed()
        assert opened.counts() == {"pain_entries": 3, "sessions": 2, "sets": 3}
        assert opened.get_meta("fixture") == "history-v1"
        assert opened.routine_rows() == [] and opened.level_changes() == []
        backup = opened.migration_backup
        store = RoutineStore(opened, CATALOG, now=Clock())
        store.save(custom())
        store.set_level("desk-break", 2, "Sore this week")
        assert [r.name for r in store.custom()] == ["Evening"]
        assert store.level("desk-break") == 2
    assert backup is not None
    info = {b.path: b for b in list_backups(data_dir)}[backup]
    assert info.kind == "pre-migration" and info.schema_version == history_module.SchemaVersion(1)
    with closing(sqlite3.connect(backup)) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_schema")}
    assert "routines" not in tables  # the copy is the v1 file, untouched


def test_the_v2_step_alone_adds_the_tables(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite3"
    shutil.copyfile(FIXTURES / "history-v1.sqlite3", path)
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("BEGIN")
        history_module.MIGRATIONS[1].apply(connection)
        connection.execute("COMMIT")
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_schema")}
        assert {"routines", "routine_levels", "routines_by_name"} <= names
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute(
                "INSERT INTO routine_levels VALUES ('x', 'r', '2025-01-01T00:00:00.000000Z',"
                " '2025-01-01', 0, 6, 3, 'too high')"
            )


def test_the_v2_fixture_reads_back(data_dir: Path) -> None:
    copy_fixture(data_dir, 2)
    with History.open(data_dir) as opened:
        backup = opened.migration_backup  # v3 (red-flag answers) came after v2
        assert backup is None or {b.path: b for b in list_backups(data_dir)}[
            backup
        ].schema_version == history_module.SchemaVersion(2)
        store = RoutineStore(opened, CATALOG)
        (mine,) = store.custom()
        assert mine.id == "my-mornings" and mine.note == "From Dr. Müller" and mine.level == 2
        assert mine.steps[0].note == "Gently — no bouncing"
        calf = mine.steps[1]
        assert calf.side_order == (Side.RIGHT, Side.LEFT) and calf.image == "calf.png"
        assert dict(calf.level_doses)[1].hold_seconds == 15
        assert store.level("my-mornings") == 1
        assert store.level("daily-foot-routine") == 4
        change = store.level_changes("daily-foot-routine")[0]
        assert change.previous == 3 and change.reason.startswith("Last 3 sessions")
        assert change.at.local_date == date(2025, 3, 20)


# ------------------------------------------------------------------ custom routines


def test_built_ins_come_first_then_custom_by_name(store: RoutineStore) -> None:
    store.save(custom("zebra"))
    store.save(custom("Apple"))
    names = [r.name for r in store.all()]
    assert names[:4] == ["Daily foot routine", "Desk break", "Stretches only", "Balance and calf"]
    assert names[4:] == ["Apple", "zebra"]
    assert store.get("apple") == custom("Apple")
    assert store.find("ZEBRA") == custom("zebra") and store.find("desk-break") is not None
    assert store.find("nothing") is None
    with pytest.raises(KeyError):
        store.get("nothing")


def test_save_replaces_by_id_and_names_stay_unique(store: RoutineStore) -> None:
    store.save(custom())
    changed = replace(custom(), steps=custom().steps[::-1])
    store.save(changed)
    assert store.get("evening") == changed
    with pytest.raises(RoutineError, match="already exists"):
        store.save(replace(custom(), id="other", name="EVENING"))
    with pytest.raises(RoutineError, match="already exists"):
        store.save(replace(custom(), id="other", name="desk break"))
    with pytest.raises(RoutineError, match="built-in"):
        store.save(replace(custom(), id="desk-break", name="Mine"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"steps": ()}, "no steps"),
        ({"name": "  "}, "needs a name"),
        ({"level": 6}, "level"),
        ({"steps": (RoutineStep("toe-lifts"),)}, "no exercise 'toe-lifts'"),
        ({"steps": (RoutineStep("calf-stretch", side_order=(Side.LEFT,)),)}, "side order"),
    ],
)
def test_a_routine_that_cannot_run_is_not_saved(
    store: RoutineStore, change: dict[str, object], message: str
) -> None:
    with pytest.raises(RoutineError, match=message):
        store.save(replace(custom(), **change))  # type: ignore[arg-type]
    assert store.custom() == ()


def test_delete_returns_the_routine_and_save_undoes_it(store: RoutineStore) -> None:
    store.save(custom())
    store.set_level("evening", 4, "Felt easy")
    deleted = store.delete("evening")
    assert deleted == custom()
    assert store.custom() == () and store.delete("evening") is None
    store.save(deleted)  # undo
    assert store.get("evening") == custom() and store.level("evening") == 4
    with pytest.raises(RoutineError, match="cannot be deleted"):
        store.delete("desk-break")


def test_duplicate_a_built_in_at_its_current_level(store: RoutineStore) -> None:
    store.set_level("desk-break", 4, "Going well")
    copy = store.duplicate("desk-break", "My desk break")
    assert copy.id == "my-desk-break" and not copy.builtin and copy.level == 4
    assert copy.steps == store.get("desk-break").steps
    again = store.duplicate("my-desk-break", "Desk copy")
    assert again.id == "desk-copy"
    assert store.new_id("My desk break") == "my-desk-break-2"
    assert store.new_id("Desk break") == "desk-break-2"  # never a built-in's id
    with pytest.raises(RoutineError, match="already exists"):
        store.duplicate("desk-break", "Desk copy")
    with pytest.raises(RoutineError, match="no routine"):
        store.duplicate("missing", "x")


def test_rename_keeps_the_id(store: RoutineStore) -> None:
    store.save(custom())
    renamed = store.rename("evening", "  Night  ")
    assert renamed.id == "evening" and renamed.name == "Night"
    assert [r.name for r in store.custom()] == ["Night"]
    with pytest.raises(RoutineError, match="built-in"):
        store.rename("desk-break", "Desk")


def test_a_stored_routine_that_no_longer_validates_is_kept_and_reported(
    history: History, store: RoutineStore
) -> None:
    store.save(custom())
    moment = Moment.from_datetime(T0)
    history.save_routine_row(
        RoutineRow("old", "Old", "", "", 3, '[{"exercise": "toe-lifts"}]', moment)
    )
    history.save_routine_row(RoutineRow("bad", "Bad", "", "", 3, "not json", moment))
    assert [r.id for r in store.custom()] == ["evening"]
    assert len(store.problems) == 2
    assert any("no exercise 'toe-lifts'" in p for p in store.problems)
    assert len(history.routine_rows()) == 3  # nothing deleted


# ------------------------------------------------------------------ levels


def test_levels_start_from_the_routine_and_every_change_is_recorded(
    store: RoutineStore,
) -> None:
    store.save(custom(level=2))
    assert store.level("evening") == 2 and store.level("daily-foot-routine") == 1
    store.set_level("evening", 3, "Last 3 sessions done, pain stayed at 2 or below.")
    store.set_level("evening", 2, "  Sore after the weekend  ")
    changes = store.level_changes("evening")
    assert [(c.previous, c.level) for c in changes] == [(2, 3), (3, 2)]
    assert changes[1].reason == "Sore after the weekend"
    assert changes[0].at.utc < changes[1].at.utc
    assert store.level("evening") == 2 and store.level_changes("desk-break") == []


@pytest.mark.parametrize(("level", "reason"), [(0, "x"), (6, "x"), (3, " ")])
def test_bad_level_changes_are_refused(store: RoutineStore, level: int, reason: str) -> None:
    with pytest.raises(ValueError):
        store.set_level("desk-break", level, reason)
    assert store.level_changes("desk-break") == []


def test_a_level_for_an_unknown_routine_is_refused(store: RoutineStore) -> None:
    with pytest.raises(RoutineError, match="no routine"):
        store.set_level("missing", 2, "x")


def test_suggest_reads_history_and_counts_only_sessions_at_this_level(
    history: History, store: RoutineStore
) -> None:
    today = date(2025, 6, 10)
    for number, day in enumerate((4, 6, 8)):
        start = Moment.from_datetime(datetime(2025, 6, day, 18, tzinfo=UTC))
        end = Moment.from_datetime(datetime(2025, 6, day, 18, 20, tzinfo=UTC))
        history.start_session(SessionRecord(f"s{number}", "desk-break", start))
        history.finish_session(f"s{number}", end, True)
        history.add_set(SetRecord(f"x{number}", f"s{number}", "toe-stretch", Side.BOTH, 1, end, 2))
        after = Moment.from_datetime(datetime(2025, 6, day, 18, 40, tzinfo=UTC))
        history.add_pain(PainEntry(f"a{number}", after, 1, PainContext.AFTER_EXERCISE))
    for day in range(1, 11):
        morning = Moment.from_datetime(datetime(2025, 6, day, 7, tzinfo=UTC))
        history.add_pain(PainEntry(f"m{day}", morning, 2, PainContext.MORNING))
    suggestion = store.suggest("desk-break", today)
    assert (suggestion.action, suggestion.new_level) == ("up", 2)
    assert suggestion.reason == (
        "Last 3 sessions finished, pain during and after at most 1/10, no worse next morning, "
        "morning trend +0.0 points a week."
    )
    assert suggestion.rule is Rule.MOVE_UP and suggestion.numbers["worst_exercise_pain"] == 1
    assert store.level("desk-break") == 1  # never applied silently
    store.set_level("desk-break", 2, suggestion.reason)  # the person said yes (now: 2025-06-01)
    later = RoutineStore(history, CATALOG, now=lambda: Moment.from_datetime(T0 + timedelta(30)))
    later.set_level("desk-break", 2, "Kept level 2")  # a change after these sessions
    assert later.suggest("desk-break", today).action == "stay"


# ------------------------------------------------------------------ files and images


def prescription(folder: Path, image: bool = True, exercise: str = "calf-stretch") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    routine = Routine(
        "x",
        "Clinic plan",
        (
            RoutineStep(exercise, image="calf.png" if image else None, note="Hold still"),
            RoutineStep("toe-spread"),
        ),
        level=2,
        note="See you in 4 weeks",
    )
    if image:
        (folder / "calf.png").write_bytes(PNG)
    path = folder / "plan.toml"
    path.write_text(routine_toml(routine), encoding="utf-8")
    return path


def test_import_saves_the_routine_and_copies_its_images(
    store: RoutineStore, tmp_path: Path, data_dir: Path
) -> None:
    path = prescription(tmp_path / "in")
    routine = store.import_file(path)
    assert routine.id == "clinic-plan" and routine.level == 2 and not routine.builtin
    assert store.get("clinic-plan") == routine
    image = store.image_path(routine, routine.steps[0])
    assert image == data_dir / IMAGE_DIR_NAME / "clinic-plan" / "calf.png"
    assert image.read_bytes() == PNG
    assert store.image_path(routine, routine.steps[1]) is None


def test_export_then_import_gives_the_same_routine(store: RoutineStore, tmp_path: Path) -> None:
    routine = store.import_file(prescription(tmp_path / "in"))
    out = tmp_path / "out" / "plan.toml"
    out.parent.mkdir()
    store.export_file(routine.id, out)
    assert (out.parent / "calf.png").read_bytes() == PNG
    assert store.delete(routine.id) == routine
    assert store.import_file(out) == routine


def test_export_writes_the_current_level(store: RoutineStore, tmp_path: Path) -> None:
    store.set_level("stretches-only", 5, "Going well")
    out = tmp_path / "s.toml"
    store.export_file("stretches-only", out)
    routine = read_routine_file(out, CATALOG)
    assert routine.level == 5 and routine.steps == store.get("stretches-only").steps


def test_a_bad_file_writes_nothing(store: RoutineStore, tmp_path: Path, data_dir: Path) -> None:
    path = prescription(tmp_path / "in", exercise="toe-lifts-x")
    with pytest.raises(RoutineFileError, match="no exercise 'toe-lifts-x'"):
        store.import_file(path)
    missing = prescription(tmp_path / "in2")
    (missing.parent / "calf.png").unlink()
    with pytest.raises(RoutineFileError, match="image"):
        store.import_file(missing)
    assert store.custom() == ()
    assert not (data_dir / IMAGE_DIR_NAME).exists()


def test_import_name_clashes(store: RoutineStore, tmp_path: Path) -> None:
    path = prescription(tmp_path / "in")
    first = store.import_file(path)
    with pytest.raises(RoutineError, match="already exists"):
        store.import_file(path)
    renamed = store.import_file(path, name="Clinic plan B")
    assert renamed.id == "clinic-plan-b"
    store.set_level(first.id, 4, "Going well")
    replaced = store.import_file(path, replace=True)
    assert replaced.id == first.id
    assert store.level(first.id) == 2  # the new prescription's level, recorded
    assert store.level_changes(first.id)[-1].reason.startswith("Imported a new prescription")
    with pytest.raises(RoutineError, match="built-in"):
        store.import_file(path, name="Desk break", replace=True)


def test_a_failed_save_leaves_no_copied_image(
    store: RoutineStore, tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(row: RoutineRow) -> None:
        raise RuntimeError("disk trouble")

    monkeypatch.setattr(store._history, "save_routine_row", refuse)
    with pytest.raises(RuntimeError, match="disk trouble"):
        store.import_file(prescription(tmp_path / "in"))
    assert not list((data_dir / IMAGE_DIR_NAME).rglob("*.png"))


def test_export_refuses_when_an_image_is_missing(store: RoutineStore, tmp_path: Path) -> None:
    routine = store.import_file(prescription(tmp_path / "in"))
    image = store.image_path(routine, routine.steps[0])
    assert image is not None
    image.unlink()
    out = tmp_path / "out.toml"
    with pytest.raises(RoutineError, match="image 'calf.png'"):
        store.export_file(routine.id, out)
    assert not out.exists()


# ------------------------------------------------------------------ resume


def at(day: int, hour: int, minute: int = 0) -> Moment:
    return Moment.from_datetime(datetime(2025, 6, day, hour, minute, tzinfo=UTC))


def test_partial_session_offers_the_newest_unfinished_one(history: History) -> None:
    history.start_session(SessionRecord("done", "desk-break", at(9, 8)))
    history.finish_session("done", at(9, 8, 10), True)
    history.start_session(SessionRecord("cut", "daily-foot-routine", at(10, 8)))
    first = SetRecord("set1", "cut", "toe-stretch", Side.LEFT, 1, at(10, 8, 2), 1, 20.0)
    second = SetRecord("set2", "cut", "toe-stretch", Side.RIGHT, 1, at(10, 8, 3), 1, 20.0)
    history.add_set(first)
    history.add_set(second)
    found = partial_session(history, today=date(2025, 6, 10))
    assert found == (history.sessions()[-1], [first, second])
    later = date(2025, 6, 10) + timedelta(days=RESUME_DAYS)
    assert partial_session(history, today=later) is None  # too old to resume


def test_no_partial_session_when_the_newest_ended(history: History) -> None:
    assert partial_session(history, today=date(2025, 6, 10)) is None
    history.start_session(SessionRecord("cut", "desk-break", at(10, 8)))
    history.start_session(SessionRecord("next", "desk-break", at(10, 9)))
    history.finish_session("next", at(10, 9, 5), False)  # stopped on purpose
    assert partial_session(history, today=date(2025, 6, 10)) is None


def test_partial_session_from_the_v1_fixture(data_dir: Path) -> None:
    copy_fixture(data_dir, 1)
    with History.open(data_dir) as opened:
        found = partial_session(opened, today=date(2025, 3, 31))
        assert found is not None and found[0].id == "session-2" and found[1] == []
        assert partial_session(opened, today=date(2025, 6, 1)) is None
