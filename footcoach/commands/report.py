"""``footcoach report OUT.pdf`` (the clinician report) and ``footcoach share OUT_DIR`` (the
report, the routine as a prescription file and the period's history, for a physiotherapist)."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from footcoach import __version__, paths
from footcoach.commands.period import add_period_options, parse_period
from footcoach.errors import UsageError
from footcoach.limits import MAX_NAME_CHARS, LimitError, check_text

if TYPE_CHECKING:
    from footcoach.clinician_report import ClinicianReport, ReportPeriod
    from footcoach.history import History

PAGE_SIZES = ("A4", "Letter")


def register(subparsers: Any) -> None:
    """Add the ``report`` and ``share`` sub-commands."""
    report = subparsers.add_parser(
        "report",
        help="write the clinician report (PDF) of a period",
        description="Write a PDF a physiotherapist or doctor reads in a minute: the pain chart, "
        "pain by context, exercise done, level changes and safety answers for a period. "
        "Its figures are those of 'footcoach summary --from FROM --to TO'.",
    )
    report.add_argument("out", metavar="OUT.pdf", help="the file to write (replaced if it exists)")
    _report_options(report)
    report.set_defaults(run=run_report)
    share = subparsers.add_parser(
        "share",
        help="write a folder for your physio: report, routine file and history CSV",
        description="Write into OUT_DIR (new or empty) the report, the current routine as a "
        "prescription file the physiotherapist can edit and send back, the period's history "
        "as CSV, and a README.",
    )
    share.add_argument("out", metavar="OUT_DIR", help="a new or empty folder")
    _report_options(share)
    share.set_defaults(run=run_share)


def _report_options(parser: argparse.ArgumentParser) -> None:
    add_period_options(
        parser,
        from_help="first day, e.g. 2025-06-01 (default: 90 days before --to, or the history's "
        "start)",
        to_help="last day (default: today; a later day is taken as today)",
    )
    parser.add_argument("--name", default="", metavar="TEXT", help="the name to print on top")
    parser.add_argument(
        "--page-size",
        default="A4",
        metavar="{A4,Letter}",
        help="paper size (default A4)",
    )
    parser.add_argument(
        "--notes", action="store_true", help="include the notes written with pain scores"
    )


@dataclass(frozen=True)
class ReportOptions:
    """The checked options of ``report`` and ``share``."""

    since: date | None
    to: date | None
    name: str
    page_size: str
    notes: bool


def parse_options(args: argparse.Namespace) -> ReportOptions:
    """Check the options; a UsageError names the bad one."""
    period = parse_period(args, future_end=True)
    sizes = {size.casefold(): size for size in PAGE_SIZES}
    page_size = sizes.get(args.page_size.strip().casefold())
    if page_size is None:
        raise UsageError(f"--page-size must be A4 or Letter, got {args.page_size!r}")
    try:
        name = check_text(" ".join(args.name.split()), MAX_NAME_CHARS, lines=False)
    except LimitError as error:
        raise UsageError(f"--name: {error.problem}") from None
    return ReportOptions(period.since, period.to, name, page_size, args.notes)


def build(history: History, options: ReportOptions) -> ClinicianReport:
    """The report's content for the options (no Qt)."""
    from footcoach.clinician_report import PeriodError, make_report

    try:
        return make_report(
            history,
            date.today(),
            since=options.since,
            to=options.to,
            name=options.name,
            include_notes=options.notes,
        )
    except PeriodError as error:
        raise UsageError(str(error)) from None


def render(report: ClinicianReport, page_size: str) -> bytes:
    """The PDF bytes, drawn offscreen (a report needs no screen)."""
    from PySide6.QtWidgets import QApplication

    from footcoach.ui.report.pdf_renderer import ReportRenderer

    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # A QApplication, not a bare QGuiApplication: the same process may show windows later.
    _app = QApplication.instance() or QApplication(["footcoach"])
    return ReportRenderer(report).render_pdf(page_size, report.title)


def _said(period: ReportPeriod) -> str:
    return f"{period.start} to {period.end}"


def run_report(args: argparse.Namespace) -> int:
    """Write the PDF; a path that cannot be written fails with one line and exit 1."""
    from footcoach.history import History
    from footcoach.report import write_atomically

    options = parse_options(args)
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise UsageError(f"OUT must end in .pdf, got {args.out!r}")
    with History.open(paths.data_dir(), or_read_only=True) as history:
        report = build(history, options)
    pdf = render(report, options.page_size)
    write_atomically(out, pdf)
    for note in report.period.notes:
        print(note)
    print(f"Wrote the report of {_said(report.period)} to {out}.")
    return 0


def run_share(args: argparse.Namespace) -> int:
    """Write the folder for the physiotherapist."""
    from footcoach.catalog import load_catalog
    from footcoach.history import History
    from footcoach.routines import RoutineStore
    from footcoach.share import write_share_folder

    options = parse_options(args)
    with History.open(paths.data_dir(), or_read_only=True) as history:
        report = build(history, options)
        pdf = render(report, options.page_size)
        shared = write_share_folder(
            Path(args.out),
            report_pdf=pdf,
            history=history,
            routines=RoutineStore(history, load_catalog()),
            period=report.period,
            made_on=date.today(),
            version=__version__,
            name=options.name,
        )
    for note in report.period.notes:
        print(note)
    print(f"Wrote {', '.join(shared.files)} ({_said(report.period)}) to {shared.folder}.")
    return 0
