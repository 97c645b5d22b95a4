"""The period options of ``summary``, ``report`` and ``share`` (``--from``, ``--to``, and
``summary``'s ``--as-of``): declared and checked here once, so the three commands take the
same dates and refuse a bad one with the same line."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import date

from footcoach.errors import UsageError


@dataclass(frozen=True)
class PeriodOptions:
    """The checked dates: ``since`` (``--from``) and ``to`` (``--to`` or ``--as-of``), None
    when not given; ``today`` is the day they were checked against."""

    since: date | None
    to: date | None
    today: date

    @property
    def end(self) -> date:
        """The last day: ``to``, or today when it was not given."""
        return self.today if self.to is None else self.to


def add_period_options(
    parser: argparse.ArgumentParser, *, from_help: str, to_help: str, as_of_help: str = ""
) -> None:
    """Add ``--from DATE`` and ``--to DATE`` (and ``--as-of DATE``, another name for
    ``--to``, when ``as_of_help`` says what it does)."""
    parser.add_argument("--from", dest="since", metavar="DATE", help=from_help)
    parser.add_argument("--to", metavar="DATE", help=to_help)
    if as_of_help:
        parser.add_argument("--as-of", metavar="DATE", help=as_of_help)


def parse_day(text: str, option: str) -> date:
    """A local date given as YYYY-MM-DD, or a UsageError naming the option."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} must be a date such as 2025-06-01, got {text!r}") from None


def parse_period(
    args: argparse.Namespace, *, future_end: bool = False, today: date | None = None
) -> PeriodOptions:
    """Check the options :func:`add_period_options` added; a UsageError names the bad one.

    ``future_end``: a last day after today is taken (the report clamps it to today and says
    so) instead of refused. A first day after today, or after the last day, is refused.
    """
    today = date.today() if today is None else today
    as_of = getattr(args, "as_of", None)
    if as_of is not None and args.to is not None:
        raise UsageError("give --to or --as-of, not both (they name the same day)")
    to_option, to_text = ("--as-of", as_of) if as_of is not None else ("--to", args.to)
    to = None if to_text is None else parse_day(to_text, to_option)
    since = None if args.since is None else parse_day(args.since, "--from")
    if to is not None and to > today and not future_end:
        raise UsageError(f"{to_option} {to} is in the future")
    if since is not None and since > today:
        raise UsageError(f"--from {since} is in the future")
    if since is not None and to is not None and since > to:
        raise UsageError(f"--from {since} is after {to_option} {to}")
    return PeriodOptions(since, to, today)
