"""Plain ``footcoach summary`` says what ``summary --json`` carries: the function goals, the
self-tests, the trial's report and what helps, in the words History uses; an empty history
prints what it always did and nothing more."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from footcoach.cli import main
from footcoach.self_tests import SelfTestKind


def cli(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert cli(data_dir, "summary", *args) == 0
    return capsys.readouterr().out


def sections(text: str) -> dict[str, list[str]]:
    """The text's parts after the pain figures: title -> its lines (a blank line before each)."""
    found: dict[str, list[str]] = {}
    for block in text.split("\n\n")[1:]:
        title, *lines = block.strip("\n").split("\n")
        found[title] = lines
    return found


@pytest.fixture
def demo_outputs(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, dict]:
    """The text and the JSON of one 120-day demo history."""
    assert cli(data_dir, "demo", "--days", "120") == 0
    return run(data_dir, capsys), json.loads(run(data_dir, capsys, "--json"))


def test_the_text_keeps_its_pain_figures_first(demo_outputs: tuple[str, dict]) -> None:
    text, data = demo_outputs
    first = text.split("\n\n")[0].splitlines()
    assert first[0] == f"{data['headline_label']}: {data['direction'].capitalize()}."
    assert first[-1].startswith("Sessions in the last 7 days:")
    assert list(sections(text)) == ["Function goals", "Self-tests", "Your trial", "What helps"]


def test_the_text_has_each_goal_change_of_the_json(demo_outputs: tuple[str, dict]) -> None:
    text, data = demo_outputs
    goals = data["function_goals"]
    assert goals, "the demo names goals"
    lines = sections(text)["Function goals"]
    assert len(lines) == len(goals)
    for goal, line in zip(goals, lines, strict=True):
        words = "a meaningful change" if goal["meaningful"] else "within the usual ups and downs"
        assert line == (
            f"{goal['name']}: {goal['first_score']} \u2192 {goal['latest_score']} "
            f"({goal['change']:+d}, {words})."
        ) + ("" if goal["active"] else " (retired)")


def test_the_text_has_each_self_test_of_the_json(demo_outputs: tuple[str, dict]) -> None:
    text, data = demo_outputs
    lines = sections(text)["Self-tests"]
    assert len(lines) == len(data["self_tests"]) + 1
    for test, line in zip(data["self_tests"], lines, strict=False):
        kind = SelfTestKind(test["test"])
        assert line == (
            f"{kind.label}, {test['side']} foot: {test['first']:.0f} \u2192 "
            f"{test['latest']:.0f} {test['unit']}."
        )
    assert lines[-1].startswith("First \u2192 latest; last taken ")


def test_the_text_has_the_trial_result_of_the_json(demo_outputs: tuple[str, dict]) -> None:
    text, data = demo_outputs
    trial = data["trial"]
    assert trial["state"] == "finished"
    assert sections(text)["Your trial"] == trial["result"]["lines"]


def test_the_text_has_the_what_helps_sentences_of_the_json(
    demo_outputs: tuple[str, dict],
) -> None:
    text, data = demo_outputs
    comparisons = data["what_helps"]["comparisons"]
    said = []
    for comparison in comparisons:
        if comparison["sentence"] is not None:
            said.append(comparison["sentence"])
            if comparison["caution"] is not None:
                said.append(comparison["caution"])
    assert said, "the demo has comparisons with enough days"
    lines = sections(text)["What helps"]
    silent = sum(1 for c in comparisons if not c["enough_days"])
    # The introduction, the sentences (and cautions) in the JSON's order, the waiting line.
    assert lines[0].endswith("read these as patterns, not proof.")
    assert lines[1 : 1 + len(said)] == said
    waiting = {
        0: [],
        1: ["1 more comparison will show once it has at least 10 days with and without."],
    }.get(
        silent,
        [f"{silent} more comparisons will show once each has at least 10 days with and without."],
    )
    assert lines[1 + len(said) :] == waiting


def test_an_empty_data_dir_prints_what_it_always_did(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = run(data_dir, capsys)
    assert sections(text) == {}
    assert text.splitlines() == [
        "No pain logged yet. Log how your foot feels on the 0-10 scale once a day, ideally with "
        "your first steps in the morning; after a week FootCoach shows how it is changing.",
        "Sessions in the last 7 days: 0 days. Current streak: 0 days.",
    ]


def test_a_terminal_that_takes_only_ascii_gets_arrows_it_can_show(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    data_dir = tmp_path / "data"
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    command = [sys.executable, "-m", "footcoach", "--data-dir", str(data_dir)]
    subprocess.run([*command, "demo", "--days", "120"], check=True, env=env, capture_output=True)
    out = subprocess.run(
        [*command, "summary"], check=True, env=env, capture_output=True, text=True
    ).stdout
    goals = sections(out)["Function goals"]
    assert goals and all(" -> " in line for line in goals)
    assert sections(out)["Self-tests"][-1].startswith("First -> latest;")
