"""Safe guidance end to end: histories built through ``footcoach import`` (as a person would),
then ``routine suggest``, ``summary`` and ``log-pain`` read them. Every outcome is computed by
hand in the comments; each case fails if its rule breaks."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from footcoach.catalog import load_catalog
from footcoach.cli import main
from footcoach.history import History
from footcoach.pain import EASE_OFF_ADVICE
from footcoach.records import Moment
from footcoach.routines import RoutineStore, Rule
from footcoach.screening import REDUCED_FEELING, ScreeningAnswers, load_screening

START = date(2025, 3, 1)  # day 1 of every scenario; times are local, UTC+01:00
ROUTINE = "Daily foot routine"


def stamp(day: int, hour: int, minute: int = 0) -> str:
    moment = datetime.combine(START + timedelta(days=day - 1), datetime.min.time())
    return f"{moment.replace(hour=hour, minute=minute):%Y-%m-%dT%H:%M}:00+01:00"


def local_date(day: int) -> str:
    return (START + timedelta(days=day - 1)).isoformat()


@dataclass(frozen=True)
class Session:
    """A session on ``day`` 18:00-18:20 with pain logged during (18:10) and after (18:45)."""

    day: int
    during: int | None = 2
    after: int | None = 2
    sets: int = 2
    completed: bool = True


@dataclass(frozen=True)
class Scenario:
    sessions: Sequence[Session] = ()
    mornings: dict[int, int] = field(default_factory=dict)  # day -> first-steps score (07:30)
    daytime: Sequence[tuple[int, int, int]] = ()  # (day, hour, score)
    level: int = 3  # the level the person chose before day 1


def history_file(scenario: Scenario, folder: Path) -> Path:
    records: list[dict[str, object]] = []

    def pain(rid: str, day: int, hour: int, minute: int, score: int, context: str) -> None:
        records.append(
            {
                "record_type": "pain",
                "id": rid,
                "local_date": local_date(day),
                "time": stamp(day, hour, minute),
                "score": score,
                "context": context,
                "note": "",
            }
        )

    for n, s in enumerate(scenario.sessions):
        ended = s.completed or s.sets > 0
        records.append(
            {
                "record_type": "session",
                "id": f"s{n}",
                "local_date": local_date(s.day),
                "time": stamp(s.day, 18),
                "routine": ROUTINE,
                "end_time": stamp(s.day, 18, 20) if ended else None,
                "completed": s.completed,
            }
        )
        for k in range(s.sets):
            records.append(
                {
                    "record_type": "set",
                    "id": f"s{n}x{k}",
                    "local_date": local_date(s.day),
                    "time": stamp(s.day, 18, 2 + k),
                    "session_id": f"s{n}",
                    "exercise_id": "toe-stretch",
                    "side": "both",
                    "set_number": k + 1,
                    "reps": 2,
                    "hold_seconds": 20,
                }
            )
        if s.during is not None:
            pain(f"s{n}d", s.day, 18, 10, s.during, "during-exercise")
        if s.after is not None:
            pain(f"s{n}a", s.day, 18, 45, s.after, "after-exercise")
    for day, score in scenario.mornings.items():
        pain(f"m{day}", day, 7, 30, score, "morning")
    for n, (day, hour, score) in enumerate(scenario.daytime):
        pain(f"d{n}", day, hour, 0, score, "day")
    path = folder / "history.json"
    body = ",\n".join(json.dumps(r) for r in records)
    path.write_text(
        f'{{"format": "footcoach-history", "version": 1, "records": [\n{body}\n]}}\n',
        encoding="utf-8",
    )
    return path


def cli(*args: str, data_dir: Path) -> int:
    return main(["--data-dir", str(data_dir), *args])


def imported(scenario: Scenario, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A data dir holding the scenario, imported as a person would, at its level."""
    data = tmp_path / "data"
    assert cli("import", str(history_file(scenario, tmp_path)), data_dir=data) == 0
    capsys.readouterr()
    before_day_1 = Moment.from_datetime(datetime.fromisoformat(stamp(0, 12)))
    with History.open(data) as history:
        store = RoutineStore(history, load_catalog(), now=lambda: before_day_1)
        if scenario.level != store.level("daily-foot-routine"):
            store.set_level("daily-foot-routine", scenario.level, "Chosen before day 1")
    return data


def suggest(data: Path, day: int, capsys: pytest.CaptureFixture[str]) -> str:
    assert cli("routine", "suggest", ROUTINE, "--as-of", local_date(day), data_dir=data) == 0
    return capsys.readouterr().out


def summary(data: Path, day: int, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert cli("summary", "--json", "--as-of", local_date(day), data_dir=data) == 0
    result: dict[str, object] = json.loads(capsys.readouterr().out)
    return result


EVERY_OTHER_DAY = (2, 4, 6, 8, 10, 12, 14)
FLAT_2 = {d: 2 for d in range(1, 15)}

# name -> (scenario, as-of day, title, rule, words in the explanation)
SUGGEST_CASES: dict[str, tuple[Scenario, int, str, Rule, tuple[str, ...]]] = {
    # Morning 8 and daytime 9 every day, exercise pain 3: the 8s and 9s are severe (7+), so the
    # severe-score signal is on; the 7-day means 8 and 9 are 6+ all week: week-mean signal too.
    "high daily pain, low exercise pain": (
        Scenario(
            [Session(d, 3, 3) for d in EVERY_OTHER_DAY],
            {d: 8 for d in range(1, 15)},
            [(d, 13, 9) for d in range(1, 15)],
        ),
        14,
        "Step back to level 2 and see a professional",
        Rule.SAFETY_SIGNAL,
        ("a score of 7 or more", "see a professional"),
    ),
    # Mornings 2,2,4,4,6,6,6 (days 1-7), sessions on days 1,3,5,7 with exercise pain 2. Next
    # mornings: day 1 2->2, day 3 4->4, day 5 6->6: no rise after a session. The morning trend:
    # x = 0..6, Sxy = 22, Sxx = 28: 0.786 a day = 5.5 a week >= 1: rising. No signal (max 6;
    # 7-day mean 30/7 = 4.3; nothing two weeks back).
    "creeping morning pain": (
        Scenario(
            [Session(d) for d in (1, 3, 5, 7)],
            dict(zip(range(1, 8), (2, 2, 4, 4, 6, 6, 6), strict=True)),
        ),
        7,
        "Step back to level 2",
        Rule.MORNING_RISING,
        ("Morning pain is rising by 5.5 points a week",),
    ),
    # After-exercise pain 6 (moderate, above 5) after the sessions of days 10, 12, 14.
    "after-exercise pain of 6": (
        Scenario([Session(d, 2, 6) for d in (10, 12, 14)], FLAT_2),
        14,
        "Step back to level 2",
        Rule.EXERCISE_PAIN_HIGH,
        ("Pain reached 6/10 after exercise on Fri 14 Mar.",),
    ),
    # After-exercise 9 after three sessions: above 5, and severe (7+): the safety signal wins.
    "after-exercise pain of 9": (
        Scenario([Session(d, 2, 9) for d in (10, 12, 14)], FLAT_2),
        14,
        "Step back to level 2 and see a professional",
        Rule.SAFETY_SIGNAL,
        ("a score of 7 or more", "see a professional"),
    ),
    # Painful (after 6) on day 10, an abandoned session with no set on day 11 (quit at once),
    # painful again on day 12: the empty session is not one of "the last sessions" and hides
    # nothing; the newest painful one is named.
    "an abandoned session between two painful ones": (
        Scenario([Session(10, 2, 6), Session(11, None, None, 0, False), Session(12, 2, 6)], FLAT_2),
        12,
        "Step back to level 2",
        Rule.EXERCISE_PAIN_HIGH,
        ("Pain reached 6/10 after exercise on Wed 12 Mar.",),
    ),
    # Two painful sessions, then three empty ones: counting empty sessions would push the pain
    # out of "the last 3"; counting only sessions with a set done keeps it.
    "three empty sessions after painful ones": (
        Scenario(
            [
                Session(9, 2, 6),
                Session(10, 2, 6),
                *(Session(d, None, None, 0, False) for d in (11, 12, 13)),
            ],
            FLAT_2,
        ),
        13,
        "Step back to level 2",
        Rule.EXERCISE_PAIN_HIGH,
        ("Pain reached 6/10 after exercise on Mon 10 Mar.",),
    ),
    # Day 12: daytime 2 at 09:00, 8 at 12:00 and 2 at 17:00: the day's mean is 4, the single 8
    # is severe: the signal is on (and the steps back ask for a professional).
    "a single 8 beside lower scores": (
        Scenario(
            [Session(d) for d in (8, 10, 12)],
            FLAT_2,
            [(12, 9, 2), (12, 12, 8), (12, 17, 2)],
        ),
        13,
        "Step back to level 2 and see a professional",
        Rule.SAFETY_SIGNAL,
        ("a score of 7 or more",),
    ),
    # Three finished sessions, exercise pain 2, mornings flat 2 (trend 0), no signal: move up.
    "all clear": (
        Scenario([Session(d) for d in (10, 12, 14)], FLAT_2),
        14,
        "Move up to level 4",
        Rule.MOVE_UP,
        ("Last 3 sessions finished, pain during and after at most 2/10",),
    ),
    # A new person (level 1) with painful sessions: nothing gentler; ease off, and a
    # professional if it keeps happening.
    "a new person at level 1 in pain": (
        Scenario([Session(d, 2, 6) for d in (10, 12, 14)], FLAT_2, level=1),
        14,
        "Stay at level 1",
        Rule.EXERCISE_PAIN_HIGH,
        ("This is the gentlest level", "healthcare professional"),
    ),
}


@pytest.mark.parametrize("name", list(SUGGEST_CASES))
def test_routine_suggest(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario, day, title, rule, words = SUGGEST_CASES[name]
    data = imported(scenario, tmp_path, capsys)
    out = suggest(data, day, capsys)
    first, explanation = out.rstrip("\n").split("\n")
    assert first == f"{ROUTINE}, level {scenario.level}: {title}."
    rule_text = rule.text[0].upper() + rule.text[1:]
    assert explanation.endswith(f" Rule: {rule_text}.")
    for word in words:
        assert word in explanation
    with History.open(data) as history:
        store = RoutineStore(history, load_catalog())
        found = store.suggest("daily-foot-routine", START + timedelta(days=day - 1))
    assert found.rule is rule and found.explanation() == explanation  # the screens' sentence
    assert found.numbers  # the numbers behind it, as data
    if rule is Rule.SAFETY_SIGNAL:
        assert found.see_professional


def test_high_daily_pain_never_moves_up_anywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = SUGGEST_CASES["high daily pain, low exercise pain"][0]
    data = imported(scenario, tmp_path, capsys)
    result = summary(data, 14, capsys)
    assert result["safety_signals"] == ["score-7-or-more", "week-mean-6-or-more"]
    message = result["safety_message"]
    assert isinstance(message, str) and message.endswith(EASE_OFF_ADVICE)


def test_a_single_8_beside_lower_scores_raises_the_signal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = SUGGEST_CASES["a single 8 beside lower scores"][0]
    data = imported(scenario, tmp_path, capsys)
    result = summary(data, 13, capsys)
    day = result["by_context"]["day"]  # type: ignore[index]
    assert day["mean_last_7d"] is None  # one logged day: no 7-day mean, the mean of day 12 is 4
    assert result["safety_signals"] == ["score-7-or-more"]


def test_flat_morning_pain_is_no_improvement_whatever_exercise_scores_say(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Morning 6 on days 1-14; during-exercise 2 on days 8-14 only. Mixed, the last week's
    # mean would be (6 + 2) / 2 = 4 against a start of 6: -33%, "meaningful". The headline is
    # morning pain alone: 6.0 -> 6.0, no change.
    scenario = Scenario([Session(d, 2, None) for d in range(8, 15)], {d: 6 for d in range(1, 15)})
    data = imported(scenario, tmp_path, capsys)
    result = summary(data, 14, capsys)
    assert result["headline_context"] == "morning"
    assert (result["baseline_mean"], result["mean_last_7d"]) == (6.0, 6.0)
    assert result["meaningful_improvement"] is False
    assert cli("summary", "--as-of", local_date(14), data_dir=data) == 0
    text = capsys.readouterr().out
    assert "meaningful improvement" not in text and "all entries" not in text.lower()
    assert text.startswith("Morning pain: Steady.\nMorning pain logged on 14 days")


def test_1_0_to_1_4_is_no_meaningful_rise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Morning 1 on days 1-7 (start 1.0); days 10-14: 1, 1, 1, 2, 2 -> 7 / 5 = 1.4: +40%, but
    # +0.4 points (a rise is 2 points) from a start under 2.
    mornings = {**{d: 1 for d in range(1, 8)}, 10: 1, 11: 1, 12: 1, 13: 2, 14: 2}
    data = imported(Scenario(mornings=mornings), tmp_path, capsys)
    result = summary(data, 14, capsys)
    assert (result["baseline_mean"], result["mean_last_7d"]) == (1.0, 1.4)
    assert result["change_from_baseline_pct"] == 40.0
    assert result["meaningful_worsening"] is False
    assert cli("summary", "--as-of", local_date(14), data_dir=data) == 0
    assert "meaningful rise" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("at", "context"),
    [
        ("T10:59", "first steps in the morning"),
        ("T11:00", "during the day"),
        ("T18:30", "after exercise"),  # 10 minutes after the day-3 session ended
        ("T21:21", "during the day"),  # 3 hours 1 minute after it
    ],
)
def test_log_pain_suggests_the_context(
    at: str, context: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = imported(Scenario([Session(3)]), tmp_path, capsys)
    when = f"{local_date(3)}{at}+01:00"
    assert cli("log-pain", "3", "--at", when, data_dir=data) == 0
    assert f"), {context}, on " in capsys.readouterr().out


@pytest.mark.parametrize("score", [6, 7, 8])
def test_log_pain_advises_at_the_severe_threshold(
    score: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("log-pain", str(score), "--context", "day", data_dir=tmp_path / "d") == 0
    lines = capsys.readouterr().out.splitlines()
    if score < 7:
        assert len(lines) == 1 and "(moderate)" in lines[0]
    else:
        assert "(severe)" in lines[0]
        assert lines[1] == f"{score}/10 is severe pain. {EASE_OFF_ADVICE}"


@pytest.mark.parametrize(
    ("reduced_feeling", "agreed", "rule"),
    [
        (True, False, Rule.PAIN_UNRELIABLE),  # pain is no guide: never move up on it
        (True, True, Rule.MOVE_UP),  # a professional has agreed
        (False, False, Rule.MOVE_UP),
    ],
)
def test_red_flag_answers_hold_back_moving_up_everywhere(
    reduced_feeling: bool,
    agreed: bool,
    rule: Rule,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    scenario, day, _title, _rule, _words = SUGGEST_CASES["all clear"]
    data = imported(scenario, tmp_path, capsys)
    questions = load_screening().ids()
    answered = Moment.from_datetime(datetime.fromisoformat(stamp(1, 9)))
    yes = {REDUCED_FEELING} if reduced_feeling else set()
    with History.open(data) as history:
        answers = tuple((q, q in yes) for q in questions)
        history.add_screening(ScreeningAnswers("rf-1", answered, answers, agreed))
    out = suggest(data, day, capsys)
    rule_text = rule.text[0].upper() + rule.text[1:]
    assert out.rstrip("\n").endswith(f" Rule: {rule_text}.")
    assert ("Move up" in out) is (rule is Rule.MOVE_UP)
