"""The red-flag check before the first exercise: its questions (content) and the answers.

The questions live in ``assets/screening.toml`` and are validated on load; any mistake raises
one :class:`~footcoach.catalog.CatalogError` naming the file, the question and the field.
Answers are kept in history (``History.add_screening``) and in exports. Any yes sends the
person to a professional first; a yes to diabetes or reduced feeling also makes pain an
unreliable guide, so moving up waits until the person confirms a professional has agreed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# The catalogue's TOML reader: one way to read and check content files.
from footcoach.catalog import FieldReader, read_toml
from footcoach.paths import asset_path
from footcoach.records import Moment

REDUCED_FEELING = "reduced-feeling"
"""The question whose yes makes pain an unreliable guide (diabetes or reduced feeling)."""


@dataclass(frozen=True)
class Question:
    """One yes/no red-flag question."""

    id: str
    text: str  # as asked: "Is your foot red, hot or swollen?"
    flag: str  # as listed: "A red, hot or swollen foot"


@dataclass(frozen=True)
class Screening:
    """The questions and what the app says about the answers."""

    intro: str
    any_yes: str
    all_no: str
    pain_unreliable: str
    confirmation: str
    questions: tuple[Question, ...]

    @property
    def flags(self) -> tuple[str, ...]:
        """Every red flag, as a list to repeat elsewhere."""
        return tuple(question.flag for question in self.questions)

    def ids(self) -> tuple[str, ...]:
        """The question ids, in order."""
        return tuple(question.id for question in self.questions)


@dataclass(frozen=True)
class ScreeningAnswers:
    """One time the person answered the questions (the newest answers count)."""

    id: str
    at: Moment
    answers: tuple[tuple[str, bool], ...]  # (question id, yes), in the order asked
    professional_agreed: bool = False

    def answer(self, question_id: str) -> bool | None:
        """True for yes, False for no, None when the question was not answered."""
        return dict(self.answers).get(question_id)

    @property
    def any_yes(self) -> bool:
        """True when any red flag was answered yes: see a professional first."""
        return any(yes for _, yes in self.answers)

    @property
    def reduced_feeling(self) -> bool:
        """True when diabetes or reduced feeling in the feet was answered yes."""
        return self.answer(REDUCED_FEELING) is True

    @property
    def pain_unreliable(self) -> bool:
        """True while pain cannot guide progression: reduced feeling, no professional's yes."""
        return self.reduced_feeling and not self.professional_agreed

    def answers_text(self) -> str:
        """The answers as JSON text, ``{"fever": false, ...}`` (history and exports)."""
        return json.dumps(dict(self.answers), ensure_ascii=False)


def answers_needed(screening: Screening, latest: ScreeningAnswers | None) -> bool:
    """True when the red-flag questions must be asked before a guided session starts.

    Rule 28: they are answered before the first exercise. Until the person has answered
    (backing out of the check saves nothing), every start asks; a question added since the
    last answers asks again, so no flag goes unasked.
    """
    if latest is None:
        return True
    return any(latest.answer(question_id) is None for question_id in screening.ids())


def session_follows(answers: ScreeningAnswers) -> bool:
    """True when the session the person asked for goes on once these answers are saved.

    Any yes means seeing a professional first: saving those answers is not a go-ahead, so the
    session waits for a Start of the person's own, as the welcome page lets them go on only
    after "Save my answers".
    """
    return not answers.any_yes


def parse_answers(value: object) -> tuple[tuple[str, bool], ...]:
    """Answers from a JSON object (or its text) of question id to true/false.

    Raises ``ValueError`` saying what is wrong.
    """
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise ValueError("expected a JSON object of question ids to true or false") from None
    if not isinstance(value, Mapping) or not value:
        raise ValueError("expected a JSON object of question ids to true or false")
    pairs: list[tuple[str, bool]] = []
    for key, yes in value.items():
        if not isinstance(key, str) or not _is_id(key) or not isinstance(yes, bool):
            raise ValueError(f"expected a question id and true or false, got {key!r}: {yes!r}")
        pairs.append((key, yes))
    return tuple(pairs)


def _is_id(text: str) -> bool:
    return 0 < len(text) <= 64 and all(c.islower() or c.isdigit() or c == "-" for c in text)


def load_screening(path: Path | None = None) -> Screening:
    """Load and validate the red-flag questions (by default ``assets/screening.toml``)."""
    path = path or asset_path("screening.toml")
    data = read_toml(path)
    texts = ("intro", "any_yes", "all_no", "pain_unreliable", "confirmation")
    reader = FieldReader(path, "file")
    reader.check_keys(data, {*texts, "questions"})
    values = {key: reader.text(data, key) for key in texts}
    questions = []
    for index, raw in enumerate(reader.table_list(data, "questions")):
        item = FieldReader(path, f"question #{index + 1}")
        item.check_keys(raw, {"id", "text", "flag"})
        questions.append(
            Question(item.identifier(raw, "id"), item.text(raw, "text"), item.text(raw, "flag"))
        )
    ids = [question.id for question in questions]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        reader.fail("questions", f"question id '{duplicates[0]}' is used twice")
    if REDUCED_FEELING not in ids:
        reader.fail("questions", f"needs the question '{REDUCED_FEELING}'")
    return Screening(questions=tuple(questions), **values)
