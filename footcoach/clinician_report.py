"""The clinician report's content, in plain Python: what a physiotherapist reads, in order.

Everything the PDF says is decided here (no Qt); ``footcoach/ui/report/`` only lays it out
and draws it. The pain figures are those of ``trends.load_summary`` for the period, taken
from ``Summary.as_dict()`` (the object ``footcoach summary --json`` prints), so the report and
the command cannot disagree; the words come from ``footcoach.pain``.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from footcoach import __version__
from footcoach.catalog import Catalog, load_catalog
from footcoach.exercise_session import ROUTINE_PREFIX
from footcoach.history import History
from footcoach.pain import SEVERE, PainContext, direction_of, pain_band
from footcoach.records import PainEntry
from footcoach.routines import RoutineStore
from footcoach.screening import Screening, ScreeningAnswers, load_screening
from footcoach.trends import ChartData, DateWindow, Summary, chart_data, load_summary

DEFAULT_DAYS = 90
"""A report without ``--from`` covers this many days ending ``--to`` (about a season of
home exercise between two visits), or less when the history is younger."""
MAX_NOTES = 40
"""The newest notes shown; the CSV of ``share`` holds every one."""

DISCLAIMER = (
    "Self-report from FootCoach, a home-exercise app: the person's own pain scores and "
    "exercise records. It is not a diagnosis or a clinical assessment."
)


class PeriodError(ValueError):
    """The dates asked for make no period (the first after the last)."""


@dataclass(frozen=True)
class ReportPeriod:
    """The days the report covers, and what was changed from the dates asked for."""

    start: date
    end: date
    notes: tuple[str, ...] = ()

    @property
    def days(self) -> int:
        """Calendar days in the period."""
        return (self.end - self.start).days + 1


def choose_period(
    first_day: date | None,
    today: date,
    asked_from: date | None = None,
    asked_to: date | None = None,
) -> ReportPeriod:
    """The period of a report: ``asked_from``..``asked_to`` (default: the last
    ``DEFAULT_DAYS`` days ending today), clamped to the history, with a note for each date
    that was moved. A period wholly before the history is kept (an empty report says so).
    """
    notes: list[str] = []
    end = today if asked_to is None else asked_to
    if end > today:
        notes.append(f"The period was asked to end on {day_text(end)}; it ends today instead.")
        end = today
    if asked_from is not None and asked_from > end:
        raise PeriodError(
            f"the first day ({asked_from.isoformat()}) is after the last ({end.isoformat()})"
        )
    start = end - timedelta(days=DEFAULT_DAYS - 1) if asked_from is None else asked_from
    if first_day is not None and start < first_day <= end:
        if asked_from is not None:
            notes.append(
                f"The history starts on {day_text(first_day)}, so the period starts there "
                f"(asked: {day_text(asked_from)})."
            )
        start = first_day
    elif first_day is not None and first_day > end:
        notes.append(f"The history starts on {day_text(first_day)}, after this period.")
    return ReportPeriod(start, end, tuple(notes))


# --------------------------------------------------------------------------- the content


@dataclass(frozen=True)
class Table:
    """Rows of short texts under column headings (numbers right-aligned by the renderer)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]


@dataclass(frozen=True)
class Section:
    """A heading, sentences, an optional table, and sentences after it."""

    title: str
    lines: tuple[str, ...] = ()
    table: Table | None = None
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportChart:
    """What the chart draws: the period's arrays (``trends.chart_data``) and its legend."""

    data: ChartData
    headline: PainContext
    title: str
    mean_label: str
    baseline_label: str
    sessions_label: str
    weeks_label: str


@dataclass(frozen=True)
class ClinicianReport:
    """The whole report, top to bottom: header, chart, sections, footer."""

    title: str
    header: tuple[str, ...]
    glance: str
    """One line to read first: the headline's direction and figures, signals, sessions."""
    chart: ReportChart | None
    sections: tuple[Section, ...]
    footer: str
    summary: Summary
    period: ReportPeriod

    @property
    def is_empty(self) -> bool:
        """True when the period holds no pain entry and no session."""
        return self.chart is None


def day_text(day: date) -> str:
    """ "7 Sep 2026": unambiguous wherever the reader is."""
    return f"{day.day} {day:%b %Y}"


def build_report(
    history: History,
    catalog: Catalog,
    period: ReportPeriod,
    *,
    screening: Screening,
    made_on: date,
    version: str,
    name: str = "",
    include_notes: bool = False,
    note_ids: Collection[str] | None = None,
) -> ClinicianReport:
    """Read the history of ``period`` and decide every word and figure of the report.

    Notes appear only with ``include_notes``: all of the period's, or those of ``note_ids``
    (the entries the person ticked)."""
    start, end = period.start, period.end
    summary = load_summary(history, end, since=start)
    figures = summary.as_dict()
    pain = history.pain_entries(since=start, until=end)
    sessions = history.sessions(since=start, until=end)
    session_days = history.session_days(since=start, until=end)
    empty = not pain and not sessions
    title = f"FootCoach report: {name}" if name else "FootCoach report"
    header = (
        f"Period: {day_text(start)} to {day_text(end)} ({_count(period.days, 'day')})",
        f"Made on {day_text(made_on)} with FootCoach {version}",
        *period.notes,
    )
    routines = RoutineStore(history, catalog)
    sections: list[Section] = []
    chart = None
    if empty:
        sections.append(
            Section(
                "Pain",
                (
                    "No pain scores and no exercise sessions were recorded in this period.",
                    f"Figures as: footcoach summary --from {start} --to {end}",
                ),
            )
        )
    else:
        chart = _chart(history, summary, period, session_days)
        sections.append(_pain_section(summary, figures, pain, period))
    sections.append(_adherence_section(history, catalog, routines, summary, period, session_days))
    sections.append(_safety_section(summary, history.latest_screening(), screening, end))
    if include_notes:
        chosen = [e for e in pain if note_ids is None or e.id in note_ids]
        sections.append(_notes_section(chosen, written=any(e.note.strip() for e in pain)))
    return ClinicianReport(
        title=title,
        header=header,
        glance=_glance(summary, figures, len(session_days), period, empty),
        chart=chart,
        sections=tuple(sections),
        footer=DISCLAIMER,
        summary=summary,
        period=period,
    )


def make_report(
    history: History,
    today: date,
    *,
    since: date | None = None,
    to: date | None = None,
    name: str = "",
    include_notes: bool = False,
    note_ids: Collection[str] | None = None,
    version: str = __version__,
) -> ClinicianReport:
    """The report of ``since``..``to`` (clamped by :func:`choose_period`) with the app's
    catalogue and red-flag questions; the command, the dialog and ``share`` all use it.
    Raises ``PeriodError`` when ``since`` is after ``to``."""
    period = choose_period(history.first_day(), today, since, to)
    return build_report(
        history,
        load_catalog(),
        period,
        screening=load_screening(),
        made_on=today,
        version=version,
        name=name,
        include_notes=include_notes,
        note_ids=note_ids,
    )


def noted_entries(history: History, period: ReportPeriod) -> list[PainEntry]:
    """The period's pain entries that carry a note (what the person may choose to include)."""
    return [e for e in history.pain_entries(since=period.start, until=period.end) if e.note.strip()]


def note_line(entry: PainEntry) -> str:
    """ "7 Oct 2026, after exercise, 5: easy today" on one line, for a list to choose from."""
    context = entry.context.short_label.lower()
    return (
        f"{day_text(entry.at.local_date)}, {context}, {entry.score}: {' '.join(entry.note.split())}"
    )


def _glance(
    summary: Summary,
    figures: Mapping[str, object],
    session_days: int,
    period: ReportPeriod,
    empty: bool,
) -> str:
    if empty:
        return "Nothing was recorded in this period."
    label = summary.headline_context.series_label
    parts = []
    direction = summary.direction
    start, last = figures["baseline_mean"], figures["mean_last_7d"]
    if direction is not None:
        parts.append(
            f"{label}: {direction.label.lower()}, {_number(start)} at the start, "
            f"{_number(last)} in the last 7 days."
        )
    else:
        parts.append(f"{label}: too few days logged yet to say how it is changing.")
    signals = len(summary.safety_signals)
    parts.append(
        "No safety signal active."
        if not signals
        else f"{_count(signals, 'safety signal')} active (see Safety)."
    )
    parts.append(f"Sessions on {session_days / period.days * 7:.1f} days a week.")
    return "At a glance: " + " ".join(parts)


def _chart(
    history: History, summary: Summary, period: ReportPeriod, session_days: Sequence[date]
) -> ReportChart:
    window = DateWindow(period.start, period.end)
    # Only the period's rows: the chart shows what the figures below it read, nothing older.
    data = chart_data(
        history.daily_pain_means(since=period.start, until=period.end),
        session_days,
        window,
        baseline_mean=summary.headline.baseline_mean,
        today=period.end,
        severe_days=history.high_score_days(SEVERE, since=period.start, until=period.end),
    )
    label = summary.headline_context.series_label
    return ReportChart(
        data=data,
        headline=summary.headline_context,
        title=f"Pain (0-10) each day, {day_text(period.start)} to {day_text(period.end)}",
        mean_label=f"{label}, 7-day average",
        baseline_label=f"{label}, starting point",
        sessions_label="Day with a finished session",
        weeks_label="Days with a session, per week (Mon-Sun)",
    )


def _pain_section(
    summary: Summary, figures: Mapping[str, object], pain: Sequence[PainEntry], period: ReportPeriod
) -> Section:
    by_context = figures["by_context"]
    assert isinstance(by_context, dict)
    order = [
        summary.headline_context,
        *(c for c in PainContext if c is not summary.headline_context),
    ]
    rows = []
    for context in order:
        stats = summary.by_context[context]
        values = by_context[context.value]
        if not stats.days_logged:
            continue
        direction = direction_of(stats.change)
        rows.append(
            (
                context.series_label
                + (" (headline)" if context is summary.headline_context else ""),
                str(values["days_logged"]),
                _number(values["baseline_mean"]),
                _number(values["mean_last_7d"]),
                _number(values["change_from_baseline_points"], signed=True),
                _percent(values["change_from_baseline_pct"]),
                _number(values["trend_points_per_week_28d"], signed=True),
                "-" if direction is None else direction.label,
            )
        )
    table = Table(
        columns=(
            "When felt",
            "Days",
            "Start",
            "Last 7 days",
            "Change",
            "Change %",
            "Trend/week",
            "Reading",
        ),
        rows=tuple(rows),
        numeric=(False, True, True, True, True, True, True, False),
    )
    lines = [
        f"Scores on the 0-10 scale (0 no pain, 10 worst imaginable); {_count(len(pain), 'entry')} "
        f"in the period. The headline is {summary.headline_context.series_label.lower()}, "
        "one context, never a mix.",
    ]
    headline = summary.direction_sentence()
    if headline:
        lines.append(headline)
    after = [
        "Start: mean of the first 7 logged days in the period. Last 7 days: mean of the days "
        f"logged in the 7 days to {day_text(period.end)} (needs 3). Trend: least-squares slope "
        "over the last 28 days, points per week. Reading: a drop of 2 points or 30% from a "
        "start of 2 or more is a meaningful improvement (Farrar 2001); a rise of 2 points is a "
        "meaningful rise.",
        f"Figures as: footcoach summary --from {period.start} --to {period.end}",
    ]
    return Section("Pain by context", tuple(lines), table, tuple(after))


def _adherence_section(
    history: History,
    catalog: Catalog,
    routines: RoutineStore,
    summary: Summary,
    period: ReportPeriod,
    session_days: Sequence[date],
) -> Section:
    start, end = period.start, period.end
    sessions = history.sessions(since=start, until=end)
    finished = sum(1 for session in sessions if session.completed)
    weeks = period.days / 7
    per_week = len(session_days) / weeks if weeks else 0.0
    lines = (
        [
            f"Days with a finished session: {len(session_days)} of {period.days} "
            f"({per_week:.1f} days a week). Sessions: {finished} finished, "
            f"{len(sessions) - finished} stopped early. Last 7 days: "
            f"{_count(summary.sessions_last_7d, 'day')} with a session."
        ]
        if sessions
        else ["No exercise sessions in this period."]
    )
    current = _current_routine(history, routines, end)
    if current is None:
        lines.append("Current routine: none done yet.")
    else:
        name, level = current
        lines.append(f"Current routine: {name}, level {level} of 5.")
    sets: dict[str, int] = {}
    days: dict[str, set[date]] = {}
    for record in history.sets(since=start, until=end):
        sets[record.exercise_id] = sets.get(record.exercise_id, 0) + 1
        days.setdefault(record.exercise_id, set()).add(record.at.local_date)
    rows = []
    for exercise_id, count in sorted(sets.items(), key=lambda item: (-item[1], item[0])):
        try:
            exercise_name = catalog.get(exercise_id).name
        except KeyError:
            exercise_name = exercise_id
        rows.append((exercise_name, str(count), str(len(days[exercise_id]))))
    table = (
        Table(("Exercise", "Sets done", "Days done"), tuple(rows), (False, True, True))
        if rows
        else None
    )
    changes = [change for change in history.level_changes() if start <= change.at.local_date <= end]
    after: list[str] = []
    if not rows and sessions:
        after.append("No sets were recorded in this period.")
    if changes:
        after.append("Level changes:")
        for change in changes:
            routine = routines.find(change.routine_id)
            routine_name = routine.name if routine is not None else change.routine_id
            after.append(
                f"{day_text(change.at.local_date)}: {routine_name}, level "
                f"{change.previous_level} to {change.level}. Reason: {change.reason}"
            )
    else:
        after.append("Level changes: none in this period.")
    return Section("Exercise done", tuple(lines), table, tuple(after))


def _current_routine(history: History, routines: RoutineStore, end: date) -> tuple[str, int] | None:
    """The current routine's name and its level now."""
    routine_id = current_routine_id(history, routines, end)
    if routine_id is None:
        return None
    return routines.get(routine_id).name, routines.level(routine_id)


def current_routine_id(history: History, routines: RoutineStore, end: date) -> str | None:
    """The id of the routine the person follows now (their newest guided session's)."""
    for session in reversed(history.sessions(until=end)):
        if session.routine.startswith(ROUTINE_PREFIX):
            continue
        routine = routines.find(session.routine)
        if routine is not None:
            return routine.id
    return None


def _safety_section(
    summary: Summary,
    answers: ScreeningAnswers | None,
    screening: Screening,
    end: date,
) -> Section:
    message = summary.safety_message()
    lines = [
        f"Safety signals on {day_text(end)}: {message}"
        if message
        else f"Safety signals on {day_text(end)}: none active."
    ]
    if answers is None:
        lines.append("Red-flag questions: not answered yet.")
    else:
        asked = day_text(answers.at.local_date)
        yes = [q.flag for q in screening.questions if answers.answer(q.id) is True]
        no = [q for q in screening.questions if answers.answer(q.id) is False]
        if yes:
            lines.append(
                f"Red-flag questions (answered {asked}): yes to {'; '.join(yes)}. "
                f"No to the other {len(no)}."
            )
        else:
            lines.append(
                f"Red-flag questions (answered {asked}): no to all {len(no)} "
                f"({'; '.join(q.flag.lower() for q in no)})."
            )
        if answers.reduced_feeling:
            lines.append(
                "Reduced feeling: pain is not a reliable guide; "
                + (
                    "a professional's agreement to exercise and move up levels is recorded."
                    if answers.professional_agreed
                    else "FootCoach suggests no move up a level until a professional agrees."
                )
            )
    return Section("Safety", tuple(lines))


def _notes_section(pain: Sequence[PainEntry], written: bool) -> Section:
    noted = [entry for entry in pain if entry.note.strip()]
    if not noted:
        said = "No notes were chosen." if written else "No notes were written in this period."
        return Section("Notes", (said,))
    shown = noted[-MAX_NOTES:]
    rows = tuple(
        (
            day_text(entry.at.local_date),
            entry.context.short_label,
            f"{entry.score} ({pain_band(entry.score).value})",
            " ".join(entry.note.split()),
        )
        for entry in shown
    )
    after: tuple[str, ...] = ()
    if len(noted) > len(shown):
        after = (f"{len(noted) - len(shown)} older notes are not shown here.",)
    return Section(
        "Notes the person chose to include",
        (),
        Table(("Day", "When", "Score", "Note"), rows, (False, False, True, False)),
        after,
    )


# --------------------------------------------------------------------------- words


def _number(value: object, signed: bool = False) -> str:
    """A figure of ``summary --json`` to one decimal ("-" when null), as the app writes it."""
    if value is None:
        return "-"
    assert isinstance(value, int | float)
    if signed:
        text = f"{abs(value):.1f}"
        if float(text) == 0:
            return text
        return ("+" if value > 0 else "-") + text
    return f"{value:.1f}"


def _percent(value: object) -> str:
    if value is None:
        return "-"
    assert isinstance(value, int | float)
    rounded = math.floor(abs(value) + 0.5)
    if rounded == 0:
        return "0%"
    return ("+" if value > 0 else "-") + f"{rounded}%"


def _count(n: int, word: str) -> str:
    plural = {"entry": "entries"}.get(word, word + "s")
    return f"{n} {word if n == 1 else plural}"
