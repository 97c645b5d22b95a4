""" "Share with my physio": one folder with the report, the routine as a prescription file,
the period's history as CSV, and a README in plain words. No Qt: the PDF arrives as bytes."""

from __future__ import annotations

import os
import shutil
import textwrap
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from footcoach import paths
from footcoach.clinician_report import ReportPeriod, current_routine_id, day_text
from footcoach.errors import FootCoachError
from footcoach.history import History
from footcoach.report import RecordSet, write_atomically, write_history_file
from footcoach.routines import RoutineStore
from footcoach.routines.files import slugify

REPORT_NAME = "footcoach-report.pdf"
HISTORY_NAME = "footcoach-history.csv"
README_NAME = "README.txt"


class ShareError(FootCoachError):
    """The folder could not be written (exit 1, one line)."""


@dataclass(frozen=True)
class SharedFolder:
    """What ``write_share_folder`` wrote."""

    folder: Path
    files: tuple[str, ...]
    routine_name: str | None


def period_records(history: History, period: ReportPeriod) -> RecordSet:
    """The period's pain entries, sessions and their sets, and every red-flag check."""
    sessions = tuple(history.sessions(since=period.start, until=period.end))
    ids = {session.id for session in sessions}
    # A session that runs past midnight keeps its late sets; a set of no session is dated.
    sets = tuple(
        record
        for record in history.sets(since=period.start, until=period.end + timedelta(days=1))
        if record.session_id in ids
        or (record.session_id is None and record.at.local_date <= period.end)
    )
    return RecordSet(
        pain=tuple(history.pain_entries(since=period.start, until=period.end)),
        sessions=sessions,
        sets=sets,
        screenings=tuple(history.screenings()),
    )


def readme_text(
    period: ReportPeriod, made_on: date, version: str, routine_file: str | None, name: str
) -> str:
    """The README: what each file is and how to send the routine back."""
    who = f" for {name}" if name else ""
    routine = (
        f"- {routine_file}: the routine followed now, at its current level, as a "
        "prescription file. It is plain text: change the exercises, sets, repetitions or "
        "holds in any text editor and send it back. FootCoach reads it with File > Import "
        "routine from a file, or with: footcoach routine import " + routine_file
        if routine_file
        else "- No routine file: no guided routine has been done yet."
    )
    lines = [
        f"FootCoach: shared{who} on {day_text(made_on)} (FootCoach {version})",
        "",
        f"These files cover {day_text(period.start)} to {day_text(period.end)}.",
        "",
        f"- {REPORT_NAME}: the report to read first: the pain chart, "
        "pain by context, exercise done, safety answers.",
        routine,
        f"- {HISTORY_NAME}: every pain score, session and set of the period, one row "
        "each, for a spreadsheet.",
        "",
        "Everything here was recorded by the person at home. It is a self-report from a "
        "home-exercise app, not a diagnosis or a clinical assessment.",
    ]
    # Wrapped for any text viewer; a list item's later lines line up under its text.
    return (
        "\n".join(
            textwrap.fill(line, 78, subsequent_indent="  " if line.startswith("- ") else "")
            for line in lines
        )
        + "\n"
    )


def write_share_folder(
    folder: Path,
    *,
    report_pdf: bytes,
    history: History,
    routines: RoutineStore,
    period: ReportPeriod,
    made_on: date,
    version: str,
    name: str = "",
) -> SharedFolder:
    """Write the four files into ``folder`` (new, or empty); on failure remove what was
    written, so nothing half-done is left to send."""
    created = _prepare(folder)
    written: list[Path] = []
    try:
        report = folder / REPORT_NAME
        write_atomically(report, report_pdf)
        written.append(report)
        routine_id = current_routine_id(history, routines, period.end)
        routine_file = None
        routine_name = None
        if routine_id is not None:
            routine = routines.get(routine_id)
            routine_name = routine.name
            routine_file = f"routine-{slugify(routine.name)}.toml"
            target = folder / routine_file
            written.append(target)
            before = set(folder.iterdir())
            routines.export_file(routine_id, target)
            written.extend(set(folder.iterdir()) - before - {target})  # its images
        history_file = folder / HISTORY_NAME
        write_history_file(history_file, period_records(history, period))
        written.append(history_file)
        readme = folder / README_NAME
        write_atomically(
            readme, readme_text(period, made_on, version, routine_file, name).encode("utf-8")
        )
        written.append(readme)
        for path in written:
            paths.restrict_mode(path)
    except (OSError, FootCoachError) as error:
        for path in written:
            path.unlink(missing_ok=True)
        if created:
            shutil.rmtree(folder, ignore_errors=True)
        if isinstance(error, FootCoachError):
            raise ShareError(str(error)) from None
        raise ShareError(f"cannot write in {folder}: {error.strerror or error}") from None
    return SharedFolder(folder, tuple(sorted(p.name for p in written)), routine_name)


def _prepare(folder: Path) -> bool:
    """Create ``folder`` (private) or accept it empty; True if it was created here."""
    if folder.exists():
        if not folder.is_dir():
            raise ShareError(f"{folder} is a file; give a folder name")
        if any(folder.iterdir()):
            raise ShareError(f"{folder} already holds files; give a new or empty folder")
        return False
    parent = folder.parent
    if not parent.is_dir():
        raise ShareError(f"cannot create {folder}: the folder {parent} does not exist")
    problem = paths.write_problem(parent)
    if problem is not None:
        raise ShareError(f"cannot create {folder}: {problem}")
    try:
        os.mkdir(folder, 0o700)
    except OSError as error:
        raise ShareError(f"cannot create {folder}: {error.strerror or error}") from None
    return True
