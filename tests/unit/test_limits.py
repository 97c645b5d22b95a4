"""The one set of limits (``footcoach.limits``) and the safe rendering of untrusted text."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from footcoach.limits import (
    MAX_NAME_CHARS,
    MAX_NOTE_CHARS,
    MAX_STEPS,
    LimitError,
    check_note,
    check_offset,
    check_step_count,
    check_text,
    name_key,
    normal_name,
    shown,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain name", "plain name"),
        ("toe\nlifts", "toe\\nlifts"),
        ("clear\x1b[2J", "clear\\x1b[2J"),
        ("nul\x00", "nul\\x00"),
        ("bell\x07", "bell\\x07"),
        ("next line\x85", "next line\\x85"),
        ("\u202eesrever", "\\u202eesrever"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("back\\slash", "back\\\\slash"),
        ("caf\u00e9 \U0001f9b6", "caf\u00e9 \U0001f9b6"),  # letters and emoji stay as they are
    ],
)
def test_shown_escapes_what_would_work_the_terminal(text: str, expected: str) -> None:
    assert shown(text) == expected


def test_shown_clips_long_text() -> None:
    assert shown("x" * 100, limit=10) == "x" * 10 + "..."
    assert shown("x" * 100, limit=None) == "x" * 100


@given(st.text())
def test_shown_is_always_one_printable_line(text: str) -> None:
    result = shown(text, limit=None)
    hidden = {"Cc", "Cf", "Cs", "Zl", "Zp"}  # controls, formatting, surrogates, line breaks
    assert not [char for char in result if unicodedata.category(char) in hidden]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("x" * (MAX_NOTE_CHARS + 1), "too long: 10,001 characters, at most 10,000"),
        ("a\x1bb", "control character U+001B is not allowed"),
        ("a\x07b", "control character U+0007 is not allowed"),
        ("a\x85b", "control character U+0085 is not allowed"),
        ("a\x00b", "control character U+0000 is not allowed"),
        ("a\udcffb", "invalid character U+DCFF is not allowed"),
    ],
)
def test_a_note_over_a_limit_is_refused_in_one_set_of_words(text: str, problem: str) -> None:
    with pytest.raises(LimitError) as caught:
        check_note(text)
    assert caught.value.problem == problem


def test_a_note_keeps_tabs_line_breaks_and_its_full_length() -> None:
    note = "first line\r\nsecond\tline \u200d" + "x" * (MAX_NOTE_CHARS - 30)
    assert check_note(note) == note


def test_one_line_text_refuses_breaks_and_invisible_formatting() -> None:
    for text, word in (("a\nb", "control"), ("a\u2028b", "control"), ("a\u202eb", "formatting")):
        with pytest.raises(LimitError, match=word):
            check_text(text, 100, lines=False)


def test_names_are_stored_plain_and_look_alikes_are_one_name() -> None:
    assert normal_name("  Desk\u00a0break ") == "Desk break"
    assert normal_name("\uff24esk  break") == "Desk break"  # full-width D, two spaces
    assert name_key("Desk\u00a0BREAK") == name_key("desk break")
    with pytest.raises(LimitError, match="too long: 300 characters, at most 100"):
        normal_name("n" * 300)
    with pytest.raises(LimitError, match=r"U\+202E RIGHT-TO-LEFT OVERRIDE"):
        normal_name("Evil\u202ename")
    with pytest.raises(LimitError, match="is empty"):
        normal_name(" \u00a0 ")
    assert len(normal_name("n" * MAX_NAME_CHARS)) == MAX_NAME_CHARS


def test_utc_offsets_are_those_of_real_zones() -> None:
    assert check_offset(timedelta(hours=14)) == 14 * 60
    assert check_offset(timedelta(hours=-12)) == -12 * 60
    assert check_offset(timedelta(hours=5, minutes=45)) == 345
    with pytest.raises(LimitError, match=r"UTC offset \+23:00 is outside -12:00..\+14:00"):
        check_offset(timedelta(hours=23))
    with pytest.raises(LimitError, match="-12:30 is outside"):
        check_offset(timedelta(hours=-12, minutes=-30))
    with pytest.raises(LimitError, match="whole number of minutes"):
        check_offset(timedelta(hours=5, seconds=30))


def test_steps_are_capped() -> None:
    assert check_step_count(MAX_STEPS) == MAX_STEPS
    with pytest.raises(LimitError, match="too many steps: 10,000, at most 50"):
        check_step_count(10_000)
