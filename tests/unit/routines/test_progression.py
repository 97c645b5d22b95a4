"""Progression with the pain-monitoring model: every rule and edge, table-driven."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from footcoach.pain import SafetySignal
from footcoach.records import Moment, PainContext, PainEntry, SessionRecord, SetRecord, Side
from footcoach.routines import (
    ACCEPTABLE_PAIN,
    RECENT_DAYS,
    SAFE_PAIN,
    Rule,
    Suggestion,
    suggest_progression,
)
from footcoach.routines.progression import PROGRESSION_RULES

ROOT = Path(__file__).resolve().parents[3]
TODAY = date(2025, 6, 20)
RID = "daily-foot-routine"


def at(days_ago: int, hour: int, minute: int = 0) -> Moment:
    day = TODAY - timedelta(days=days_ago)
    return Moment.from_datetime(datetime.combine(day, time(hour, minute), tzinfo=UTC))


@dataclass(frozen=True)
class S:
    """A session ``ago`` days back at 18:00 (20 minutes), with the pain logged around it."""

    ago: int
    during: int | None = 2
    after: int | None = 1
    done: bool = True
    routine: str = RID
    hour: int = 18
    sets: int = 1


@dataclass(frozen=True)
class Case:
    sessions: Sequence[S]
    mornings: dict[int, int] = field(default_factory=dict)  # days ago -> first-steps score
    level: int = 3
    other_pain: Sequence[tuple[int, int, PainContext]] = ()  # (days ago, score, context)
    level_since_days_ago: int | None = None


def records(case: Case) -> tuple[list[SessionRecord], list[PainEntry], list[SetRecord]]:
    sessions: list[SessionRecord] = []
    pain: list[PainEntry] = []
    sets: list[SetRecord] = []
    for number, s in enumerate(case.sessions):
        sid = f"s{number}"
        ended = at(s.ago, s.hour, 20)
        sessions.append(SessionRecord(sid, s.routine, at(s.ago, s.hour), ended, s.done))
        sets.extend(
            SetRecord(f"x{number}-{n}", sid, "toe-spread", Side.BOTH, n + 1, at(s.ago, s.hour, 5))
            for n in range(s.sets)
        )
        if s.during is not None:
            pain.append(
                PainEntry(
                    f"d{number}", at(s.ago, s.hour, 10), s.during, PainContext.DURING_EXERCISE
                )
            )
        if s.after is not None:
            pain.append(
                PainEntry(f"a{number}", at(s.ago, s.hour, 45), s.after, PainContext.AFTER_EXERCISE)
            )
    for ago, score in case.mornings.items():
        pain.append(PainEntry(f"m{ago}", at(ago, 7), score, PainContext.MORNING))
    for number, (ago, score, context) in enumerate(case.other_pain):
        pain.append(PainEntry(f"o{number}", at(ago, 13), score, context))
    return sessions, pain, sets


def suggest(case: Case) -> Suggestion:
    sessions, pain, sets = records(case)
    since = None
    if case.level_since_days_ago is not None:
        since = at(case.level_since_days_ago, 12)
    return suggest_progression(RID, case.level, sessions, pain, TODAY, sets=sets, level_since=since)


FLAT = {6: 3, 5: 3, 4: 3, 3: 3, 2: 3, 1: 3, 0: 3}
GOOD = [S(5), S(3), S(1)]

CASES: dict[str, tuple[Case, str, int, str]] = {
    # --- moving up
    "three good sessions": (
        Case(GOOD, FLAT),
        "up",
        4,
        "Last 3 sessions finished, pain during and after at most 2/10, no worse next morning",
    ),
    "three sessions without pain": (
        Case([S(5, 0, 0), S(3, 0, 0), S(1, 0, 0)], FLAT),
        "up",
        4,
        "Last 3 sessions finished, pain during and after at most 0/10",
    ),
    "pain exactly at the safe limit": (
        Case([S(5, SAFE_PAIN, SAFE_PAIN), S(3), S(1)], FLAT),
        "up",
        4,
        f"pain during and after at most {SAFE_PAIN}/10",
    ),
    "mornings getting better": (
        Case(GOOD, {6: 5, 5: 5, 4: 4, 3: 4, 2: 3, 1: 3, 0: 2}),
        "up",
        4,
        "Last 3 sessions finished",
    ),
    "only the after-exercise score logged": (
        Case([S(5, None, 1), S(3, None, 2), S(1, None, 0)], FLAT),
        "up",
        4,
        "at most 2/10",
    ),
    "the morning before found a few days back": (
        Case(GOOD, {8: 3, 4: 3, 2: 3, 0: 3}),
        "up",
        4,
        "Last 3 sessions finished",
    ),
    "a bad day outside exercise does not count": (
        Case(GOOD, FLAT, other_pain=[(2, 9, PainContext.DAY)]),
        "up",
        4,
        "Last 3 sessions finished",
    ),
    "a bad session before the last three is history": (
        Case([S(9, 7), *GOOD], {**FLAT, 9: 3, 8: 3, 7: 3}),
        "up",
        4,
        "Last 3 sessions finished",
    ),
    "another routine's painful session does not count": (
        Case([*GOOD, S(1, 7, 6, routine="desk-break", hour=12)], FLAT),
        "up",
        4,
        "Last 3 sessions finished",
    ),
    "sessions stored by name (older data, demo) count": (
        Case([S(5, routine="Daily foot routine"), S(3), S(1)], FLAT),
        "up",
        4,
        "Last 3 sessions finished",
    ),
    "sessions before the level change are ignored": (
        Case([S(12, 7), S(10), *GOOD], FLAT | {12: 3, 11: 3, 10: 3}, level_since_days_ago=8),
        "up",
        4,
        "Last 3 sessions finished",
    ),
    # --- stepping back
    "one bad day: pain passed 5 during exercise": (
        Case([S(5), S(3, ACCEPTABLE_PAIN + 1), S(1)], FLAT),
        "down",
        2,
        "Pain reached 6/10 during exercise on Tue 17 Jun.",
    ),
    "next morning 2 points worse": (
        Case(GOOD, {**FLAT, 2: 5}),
        "down",
        2,
        "The morning after Tue 17 Jun, first-steps pain was 5/10, 2 points higher than the 3/10",
    ),
    "next morning much worse, newest reason wins": (
        Case([S(5, 7), S(3), S(1)], {**FLAT, 0: 6}),
        "down",
        2,
        "The morning after Thu 19 Jun, first-steps pain was 6/10, 3 points higher",
    ),
    "an unfinished session still counts for stepping back": (
        Case([S(5), S(3), S(1, 8, done=False)], FLAT),
        "down",
        2,
        "Pain reached 8/10 during exercise",
    ),
    "stepping back from the top level": (
        Case([S(1, 6)], FLAT, level=5),
        "down",
        4,
        "Pain reached 6/10 during exercise",
    ),
    # --- staying
    "no history": (
        Case([]),
        "stay",
        3,
        "No sessions with exercises done at this level in the last 14 days.",
    ),
    "no sessions since the level change": (
        Case(GOOD, FLAT, level_since_days_ago=0),
        "stay",
        3,
        "No sessions with exercises done at this level in the last 14 days.",
    ),
    "only another routine": (
        Case([S(3, routine="desk-break")], FLAT),
        "stay",
        3,
        "No sessions with exercises done at this level in the last 14 days.",
    ),
    "two sessions": (
        Case([S(3), S(1)], FLAT),
        "stay",
        3,
        f"2 of 3 sessions with exercises done at this level in the last {RECENT_DAYS} days.",
    ),
    "gap: the last sessions were weeks ago": (
        Case([S(30), S(25), S(20)], FLAT),
        "stay",
        3,
        "No sessions with exercises done at this level in the last 14 days.",
    ),
    "gap: only one session since coming back": (
        Case([S(30), S(25), S(1)], FLAT),
        "stay",
        3,
        "1 of 3 sessions with exercises done",
    ),
    "a session not finished": (
        Case([S(5), S(3, done=False), S(1)], FLAT),
        "stay",
        3,
        "2 of the last 3 sessions were finished.",
    ),
    "pain 4 during exercise": (
        Case([S(5), S(3, 4), S(1)], FLAT),
        "stay",
        3,
        "Pain reached 4/10 during or after exercise; move up once it stays at 3 or below.",
    ),
    "pain 5 during exercise is acceptable, not safe": (
        Case([S(5), S(3, ACCEPTABLE_PAIN), S(1)], FLAT),
        "stay",
        3,
        "Pain reached 5/10",
    ),
    "high pain after (not during) exercise steps back too": (
        Case([S(5), S(3, 2, 7), S(1)], FLAT),
        "down",
        2,
        "Pain reached 7/10 after exercise on Tue 17 Jun.",
    ),
    "next morning 1 point worse": (
        Case(GOOD, {**FLAT, 2: 4}),
        "stay",
        3,
        "First-steps pain was 1 point higher the morning after Tue 17 Jun.",
    ),
    "no pain logged around one session": (
        Case([S(5), S(3, None, None), S(1)], FLAT),
        "stay",
        3,
        "Log pain during or after each session",
    ),
    "no morning scores": (
        Case(GOOD),
        "stay",
        3,
        "Log your first-steps pain in the morning",
    ),
    "top level": (
        Case(GOOD, FLAT, level=5),
        "stay",
        5,
        "no worse next morning, morning trend +0.0 points a week. This is the top level.",
    ),
    "gentlest level with a bad day": (
        Case([S(1, 6)], FLAT, level=1),
        "stay",
        1,
        "This is the gentlest level: ease off, and if it keeps happening see a healthcare",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_rule(name: str) -> None:
    case, action, new_level, reason = CASES[name]
    suggestion = suggest(case)
    assert suggestion.action == action, suggestion.reason
    assert suggestion.level == case.level
    assert suggestion.new_level == new_level
    assert reason in suggestion.reason
    assert "\n" not in suggestion.reason and len(suggestion.reason) < 160


def test_a_session_today_waits_for_its_morning_but_still_counts() -> None:
    case = Case([S(4), S(2), S(0)], FLAT)
    assert suggest(case).action == "up"


def test_sessions_after_today_are_ignored() -> None:
    sessions, pain, sets = records(Case([S(5), S(3), S(1)], FLAT))
    future = SessionRecord("later", RID, at(-2, 18), at(-2, 19), True)
    painful = PainEntry("p", at(-2, 18, 30), 9, PainContext.DURING_EXERCISE)
    result = suggest_progression(RID, 3, [*sessions, future], [*pain, painful], TODAY, sets=sets)
    assert result.action == "up"


def test_a_session_that_never_ended_owns_pain_for_a_while() -> None:
    sessions, pain, sets = records(Case([S(5), S(3)], FLAT))
    open_session = SessionRecord("open", RID, at(1, 18), None, False)
    sets.append(SetRecord("o1", "open", "toe-spread", Side.BOTH, 1, at(1, 18, 5)))
    during = PainEntry("p", at(1, 19, 30), 7, PainContext.DURING_EXERCISE)
    result = suggest_progression(
        RID, 3, [*sessions, open_session], [*pain, during], TODAY, sets=sets
    )
    assert result.action == "down" and "7/10" in result.reason


def test_pain_long_after_a_session_is_not_its_pain() -> None:
    sessions, pain, sets = records(Case(GOOD, FLAT))
    late = PainEntry("late", at(1, 23, 30), 8, PainContext.AFTER_EXERCISE)
    assert suggest_progression(RID, 3, sessions, [*pain, late], TODAY, sets=sets).action == "up"


def test_local_dates_decide_the_next_morning() -> None:
    # Sessions late in the evening in New York (next day in UTC); mornings by local date.
    zone_offset = timedelta(hours=-4)
    sessions: list[SessionRecord] = []
    pain: list[PainEntry] = []
    sets: list[SetRecord] = []
    for number, ago in enumerate((5, 3, 1)):
        day = TODAY - timedelta(days=ago)
        local = datetime.combine(day, time(21, 30))
        start = Moment.from_datetime(local.replace(tzinfo=UTC) - zone_offset)
        start = Moment(start.utc, day, -240)
        end = Moment(start.utc + timedelta(minutes=20), day, -240)
        sessions.append(SessionRecord(f"s{number}", RID, start, end, True))
        sets.append(SetRecord(f"x{number}", f"s{number}", "toe-spread", Side.BOTH, 1, end))
        after = Moment(start.utc + timedelta(minutes=40), day, -240)
        pain.append(PainEntry(f"a{number}", after, 1, PainContext.AFTER_EXERCISE))
    for ago in range(7):
        day = TODAY - timedelta(days=ago)
        utc = datetime.combine(day, time(11), tzinfo=UTC)
        score = 6 if ago == 2 else 3  # the morning after the session 3 days ago
        pain.append(PainEntry(f"m{ago}", Moment(utc, day, -240), score, PainContext.MORNING))
    result = suggest_progression(RID, 3, sessions, pain, TODAY, sets=sets)
    assert result.action == "down" and "3 points higher" in result.reason


def test_a_pre_session_check_is_not_pinned_on_an_earlier_session() -> None:
    # The player logs the before-session score just before the new session starts.
    sessions, pain, sets = records(Case(GOOD, FLAT))
    before_next = PainEntry("b", at(1, 19), 7, PainContext.DURING_EXERCISE)
    next_session = SessionRecord("n", "desk-break", at(1, 19, 1), at(1, 19, 5), True)
    result = suggest_progression(
        RID, 3, [*sessions, next_session], [*pain, before_next], TODAY, sets=sets
    )
    assert result.action == "up"


def test_during_pain_logged_just_after_the_session_still_counts() -> None:
    sessions, pain, sets = records(Case(GOOD, FLAT))
    late = PainEntry("late", at(1, 18, 25), 6, PainContext.DURING_EXERCISE)
    assert suggest_progression(RID, 3, sessions, [*pain, late], TODAY, sets=sets).action == "down"


def test_the_first_morning_score_of_a_day_is_the_first_steps_one() -> None:
    sessions, pain, sets = records(Case(GOOD, FLAT))
    later_that_morning = PainEntry("m2b", at(2, 10), 6, PainContext.MORNING)
    assert (
        suggest_progression(RID, 3, sessions, [*pain, later_that_morning], TODAY, sets=sets).action
        == "up"
    )


@pytest.mark.parametrize("level", [0, 6, True, 2.5])
def test_a_level_outside_1_to_5_is_refused(level: object) -> None:
    with pytest.raises(ValueError, match="level"):
        suggest_progression(RID, level, [], [], TODAY)  # type: ignore[arg-type]


def test_nothing_is_changed_by_a_suggestion() -> None:
    sessions, pain, sets = records(Case(GOOD, FLAT))
    before = (list(sessions), list(pain))
    suggest_progression(RID, 3, sessions, pain, TODAY, sets=sets)
    assert (sessions, pain) == before


def test_with_pain_unreliable_it_never_moves_up() -> None:
    sessions, pain, sets = records(Case(GOOD, FLAT))
    assert suggest_progression(RID, 3, sessions, pain, TODAY, sets=sets).action == "up"
    result = suggest_progression(RID, 3, sessions, pain, TODAY, sets=sets, pain_unreliable=True)
    assert (result.action, result.rule) == ("stay", Rule.PAIN_UNRELIABLE)
    assert "unreliable guide" in result.reason and "professional has agreed" in result.reason


def test_with_pain_unreliable_it_still_steps_back() -> None:
    sessions, pain, sets = records(Case([S(5), S(3, 2, 6), S(1)], FLAT))
    result = suggest_progression(RID, 3, sessions, pain, TODAY, sets=sets, pain_unreliable=True)
    assert (result.action, result.rule) == ("down", Rule.EXERCISE_PAIN_HIGH)


@pytest.mark.parametrize("level", [1, 3])
def test_a_safety_signal_steps_back_and_asks_for_a_professional(level: int) -> None:
    sessions, pain, sets = records(Case(GOOD, FLAT))
    result = suggest_progression(
        RID,
        level,
        sessions,
        pain,
        TODAY,
        sets=sets,
        safety_signals=[SafetySignal.WEEK_MEAN_6_OR_MORE],
    )
    assert result.rule is Rule.SAFETY_SIGNAL and result.see_professional
    assert result.new_level == max(1, level - 1)
    assert result.numbers == {"safety_signals": "week-mean-6-or-more"}
    assert "stayed at 6 or more" in result.explanation()
    assert "see a professional" in result.explanation()


def test_an_empty_session_blocks_moving_up() -> None:
    # Three good sessions with sets, and an abandoned one (no set) between them: they are
    # judged together, not all were finished, so no move up.
    abandoned = S(4, None, None, done=False, sets=0)
    sessions, pain, sets = records(Case([S(5), abandoned, S(3), S(1)], FLAT))
    result = suggest_progression(RID, 3, sessions, pain, TODAY, sets=sets)
    assert (result.action, result.reason) == ("stay", "3 of the last 4 sessions were finished.")


def test_creeping_mornings_step_back_even_without_a_next_morning_rise() -> None:
    # Mornings 2,2,4,4,6,6,6 over the last 7 days: +5.5 points a week.
    mornings = dict(zip(range(6, -1, -1), (2, 2, 4, 4, 6, 6, 6), strict=True))
    result = suggest(Case([S(6), S(4), S(2), S(0)], mornings))
    assert (result.action, result.rule) == ("down", Rule.MORNING_RISING)
    assert result.numbers == {"morning_trend_per_week": 5.5}


def test_the_rules_are_asked_in_the_documented_order() -> None:
    # docs/clinical-rules.md section 3 numbers the rules; item i names rule i of the tuple.
    doc = (ROOT / "docs" / "clinical-rules.md").read_text(encoding="utf-8")
    section = doc[doc.index("## 3. ") : doc.index("## 4. ")]
    items = re.findall(r"^\d+\. (.+(?:\n   .+)*)", section, flags=re.MULTILINE)
    names = [rule.name for rule in PROGRESSION_RULES]
    assert names == ["safety signal", "step back", "pain unreliable", "move up", "stay"]
    assert len(items) == len(names)
    for item, name in zip(items, names, strict=True):
        assert name in item.lower().replace("_", " "), (name, item)
