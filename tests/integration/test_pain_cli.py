"""``footcoach log-pain`` and ``footcoach summary`` through ``cli.main``, on a hand-made history."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from footcoach.cli import main
from footcoach.commands import pain as pain_command
from footcoach.history import History
from footcoach.records import Moment, PainContext, SessionRecord, new_id

AS_OF = "2025-03-23"  # a Sunday


def cli(data_dir: Path, *args: str) -> int:
    """Run the command line on the isolated data dir."""
    return main(["--data-dir", str(data_dir), *args])


def log(data_dir: Path, score: int, context: str, at: str) -> None:
    """Log one entry through the command line; it must succeed."""
    assert cli(data_dir, "log-pain", str(score), "--context", context, "--at", at) == 0


def add_session(data_dir: Path, day: date) -> None:
    """A completed session at 18:00 local time on ``day``."""
    start = Moment.from_datetime(datetime(day.year, day.month, day.day, 18, 0))
    end = Moment.from_datetime(datetime(day.year, day.month, day.day, 18, 20))
    session_id = new_id()
    with History.open(data_dir) as history:
        history.start_session(SessionRecord(id=session_id, routine="daily", started=start))
        history.finish_session(session_id, end, completed=True)


@pytest.fixture
def two_weeks(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Morning 6 on 10-16 March 2025, 4 on 17-23 March; during exercise 3 (21st), 5 (22nd);
    completed sessions on 21, 22 and 23 March. Naive --at times are local time."""
    for k in range(14):
        day = date(2025, 3, 10) + timedelta(days=k)
        log(data_dir, 6 if k < 7 else 4, "morning", f"{day.isoformat()}T07:30")
    log(data_dir, 3, "during-exercise", "2025-03-21T18:10")
    log(data_dir, 5, "during-exercise", "2025-03-22T18:10")
    for d in (21, 22, 23):
        add_session(data_dir, date(2025, 3, d))
    capsys.readouterr()
    return data_dir


# --------------------------------------------------------------------------- log-pain


def test_log_pain_commits_the_entry(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli(data_dir, "log-pain", "4", "--context", "after-exercise", "--note", " stairs ",
               "--at", "2025-03-30T23:45")  # fmt: skip
    assert code == 0
    assert capsys.readouterr().out == (
        "Logged pain 4/10 (mild), after exercise, on 2025-03-30 at 23:45.\n"
    )
    with History.open(data_dir) as history:
        (entry,) = history.pain_entries()
    assert (entry.score, entry.context, entry.note) == (4, PainContext.AFTER_EXERCISE, "stairs")
    # A naive --at is local time: its local date and wall-clock time are kept as typed.
    assert entry.at.local_date == date(2025, 3, 30)
    assert entry.at.local().strftime("%H:%M") == "23:45"


def test_log_pain_defaults_to_now_during_the_day(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # 14:00 local time: during the day whenever the suite runs (before 11:00 is morning).
    afternoon = datetime.now().astimezone().replace(hour=14, minute=0, second=0, microsecond=0)
    afternoon -= timedelta(days=1)
    monkeypatch.setattr(pain_command, "utc_now", lambda: afternoon.astimezone(UTC))
    assert cli(data_dir, "log-pain", "2") == 0
    with History.open(data_dir) as history:
        (entry,) = history.pain_entries()
    assert entry.context is PainContext.DAY
    assert entry.at.utc == afternoon
    assert "2/10 (mild), during the day" in capsys.readouterr().out


def test_log_pain_severe_score_advises_calmly(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(data_dir, "log-pain", "8", "--at", "2025-03-01T09:00") == 0
    out = capsys.readouterr().out
    assert "8/10 (severe)" in out
    assert "Ease off the exercises" in out and "healthcare professional" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["11"], "SCORE must be 0-10, got 11"),
        (["-1"], "SCORE must be 0-10, got -1"),
        (["7.5"], "SCORE must be a whole number 0-10, got '7.5'"),
        (["bad"], "SCORE must be a whole number 0-10, got 'bad'"),
        (["4", "--context", "evening"], "--context must be one of morning, day, "
         "during-exercise, after-exercise, got 'evening'"),
        (["4", "--at", "yesterday"], "--at must be an ISO date-time such as 2025-06-01T07:30, "
         "got 'yesterday'"),
        (["4", "--at", "2999-01-01T08:00"], "--at 2999-01-01T08:00 is in the future"),
        (["4", "--at", "2999-01-01T08:00+00:00"], "is in the future"),
    ],
)  # fmt: skip
def test_log_pain_usage_errors_exit_2_and_write_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert cli(data_dir, "log-pain", *args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
    assert captured.err.strip().splitlines()[-1].startswith("footcoach: error: ")
    with History.open(data_dir) as history:
        assert history.pain_entries() == []


# --------------------------------------------------------------------------- summary


def summary_json(
    data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str
) -> dict[str, object]:
    """Run ``summary --json`` and parse its one object."""
    assert cli(data_dir, "summary", "--json", *args) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, dict)
    return data


def test_summary_json_on_two_weeks(two_weeks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = summary_json(two_weeks, capsys, "--as-of", AS_OF)
    # The headline is morning pain (logged): 10-16 March 6, 17-23 March 4. Last 7 days 4.0;
    # the 7 before 6.0. Trend over x = 0..13 (10-23 March): mean x 6.5, mean y 5;
    # Sxx = 14*195/12 = 227.5; Sxy = -24.5 (first week, y - 5 = 1) - 24.5 (second, -1) = -49
    # -> -49 / 227.5 * 7 = -1.508 points per week. (Mixing in the exercise scores 3 and 5
    # would give -1.49: the headline never mixes contexts.)
    expected = {
        "today": "2025-03-23",
        "entries_logged": 16,
        "headline_context": "morning",
        "headline_label": "Morning pain",
        "days_logged": 14,
        "first_day": "2025-03-10",
        "last_day": "2025-03-23",
        "baseline_mean": 6.0,
        "baseline_days": 7,
        "mean_last_7d": 4.0,
        "days_logged_last_7d": 7,
        "mean_prev_7d": 6.0,
        "days_logged_prev_7d": 7,
        "change_from_baseline_points": -2.0,
        "change_from_baseline_pct": -33.3,  # -2 / 6
        "meaningful_improvement": True,
        "meaningful_worsening": False,
        "trend_points_per_week_28d": -1.51,
        "sessions_last_7d": 3,
        "streak_days": 3,
        "safety_signals": [],
        "safety_message": None,
    }
    assert {key: data[key] for key in expected} == expected
    by_context = data["by_context"]
    assert isinstance(by_context, dict)
    assert set(by_context) == {"morning", "day", "during-exercise", "after-exercise"}
    morning = by_context["morning"]
    # Morning alone: 6 then 4: Sxy = -24.5 - 24.5 = -49 -> -49 / 227.5 * 7 = -1.508.
    assert (morning["baseline_mean"], morning["mean_last_7d"], morning["mean_prev_7d"]) == (
        6.0, 4.0, 6.0)  # fmt: skip
    assert morning["change_from_baseline_pct"] == -33.3
    assert morning["trend_points_per_week_28d"] == -1.51
    during = by_context["during-exercise"]
    assert (during["days_logged"], during["first_day"], during["last_day"]) == (
        2, "2025-03-21", "2025-03-22")  # fmt: skip
    assert during["mean_last_7d"] is None  # 2 logged days: a 7-day mean needs 3
    assert by_context["day"]["days_logged"] == 0


def test_summary_text_on_two_weeks(two_weeks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(two_weeks, "summary", "--as-of", AS_OF) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "Morning pain: Improving.",
        "Morning pain logged on 14 days, 2025-03-10 to 2025-03-23.",
        "Starting point (first 7 logged days): 6.0.",
        "Last 7 days: average 4.0 (the 7 days before: 6.0).",
        "Morning pain: 6.0 \u2192 4.0 (\u221233%) since you started, a meaningful improvement.",
        "Trend over the last 4 weeks: \u22121.5 points per week.",
        "Sessions in the last 7 days: 3 days. Current streak: 3 days.",
    ]


def test_summary_shows_a_safety_signal(two_weeks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log(two_weeks, 9, "after-exercise", "2025-03-23T19:00")
    capsys.readouterr()
    data = summary_json(two_weeks, capsys, "--as-of", AS_OF)
    assert data["safety_signals"] == ["score-7-or-more"]
    assert isinstance(data["safety_message"], str)
    assert "healthcare professional" in data["safety_message"]
    assert cli(two_weeks, "summary", "--as-of", AS_OF) == 0
    assert "Ease off the exercises" in capsys.readouterr().out.splitlines()[-1]
    # A week later the 9 has left the 7-day window.
    assert summary_json(two_weeks, capsys, "--as-of", "2025-03-30")["safety_signals"] == []


def test_summary_as_of_leaves_later_days_out(
    two_weeks: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = summary_json(two_weeks, capsys, "--as-of", "2025-03-16")
    assert (data["days_logged"], data["last_day"], data["baseline_mean"]) == (
        7, "2025-03-16", 6.0)  # fmt: skip
    assert data["change_from_baseline_points"] == 0.0
    assert data["sessions_last_7d"] == 0


def test_summary_of_an_empty_history(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = summary_json(data_dir, capsys)
    assert data["days_logged"] == 0
    assert data["first_day"] is None and data["baseline_mean"] is None
    assert data["today"] == date.today().isoformat()
    assert cli(data_dir, "summary") == 0
    assert capsys.readouterr().out.startswith("No pain logged yet.")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("March", "--as-of must be a date such as 2025-06-01, got 'March'"),
        ("2999-01-01", "--as-of 2999-01-01 is in the future"),
    ],
)
def test_summary_bad_as_of_exits_2(
    data_dir: Path, capsys: pytest.CaptureFixture[str], value: str, message: str
) -> None:
    assert cli(data_dir, "summary", "--as-of", value) == 2
    assert message in capsys.readouterr().err


def test_summary_json_carries_what_helps_and_the_trial(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(data_dir, "demo", "--days", "120") == 0
    capsys.readouterr()
    data = summary_json(data_dir, capsys)
    helps = data["what_helps"]
    assert isinstance(helps, dict) and helps["min_days_each_side"] == 10
    comparisons = helps["comparisons"]
    assert isinstance(comparisons, list) and len(comparisons) == 8
    for comparison in comparisons:
        speaks = min(comparison["with_days"], comparison["without_days"]) >= 10
        assert comparison["enough_days"] is speaks
        assert (comparison["sentence"] is not None) is speaks
        if speaks:
            assert comparison["sentence"].endswith("; this is a pattern, not proof.")
    trial = data["trial"]
    assert isinstance(trial, dict)
    assert trial["change"] == "a metatarsal pad" and trial["state"] == "finished"
    assert len(trial["result"]["blocks"]) == 4
