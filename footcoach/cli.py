"""Command line: global options, the GUI by default, and the sub-commands.

Each sub-command lives in ``footcoach/commands/<name>.py`` with ``register(subparsers)``
that adds its parser and sets ``run`` (a function of the parsed args returning an exit code).
Exit codes: 0 ok, 1 runtime failure (one line on stderr), 2 usage error, and 141 (128 +
SIGPIPE, what a shell reports for ``cat`` or ``yes`` in the same place) when whoever read the
output stopped reading, as ``footcoach summary | head -1`` does: quietly, with no message.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

from footcoach import __version__, paths
from footcoach.errors import FootCoachError, UsageError

SIGPIPE_EXIT = 128 + 13

# Order here is the order in ``footcoach --help``.
COMMAND_MODULES = (
    "footcoach.commands.exercises",
    "footcoach.commands.screenshot",
    "footcoach.commands.demo",
    "footcoach.commands.transfer",
    "footcoach.commands.routine",
    "footcoach.commands.pain",
    "footcoach.commands.report",
    "footcoach.commands.store",
    "footcoach.commands.desktop",
)


class CommandParser(argparse.ArgumentParser):
    """A sub-command's parser: the word after an option that takes a value is its value, even
    when it starts with "-" (``--note -1+1``), unless it is one of the command's options.

    Plain argparse reads such a word as an unknown option and stops with "expected one
    argument"; ``--note=-1+1`` worked, but people type the space.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._value_options: set[str] = set()
        self._option_words: set[str] = set()
        super().__init__(*args, **kwargs)  # adds -h, through add_argument

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        self._option_words.update(action.option_strings)
        if action.option_strings and action.nargs is None:
            self._value_options.update(action.option_strings)
        return action

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if args is not None:
            args = self._attach_values(list(args))
        return super().parse_known_args(args, namespace)

    def _attach_values(self, args: list[str]) -> list[str]:
        attached: list[str] = []
        words = iter(args)
        for word in words:
            if word == "--":
                return [*attached, word, *words]
            value = next(words, None) if word in self._value_options else None
            if value is None:
                attached.append(word)
            elif value.startswith("-") and value not in self._option_words:
                attached.append(f"{word}={value}")
            else:
                attached += [word, value]
        return attached


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The full parser: global options plus every registered sub-command (unless not
    ``commands``: the window's start needs only the global options)."""
    parser = argparse.ArgumentParser(
        prog="footcoach",
        description="FootCoach: home exercises, hold timers and a pain log for metatarsalgia.",
    )
    parser.add_argument("--version", action="version", version=f"FootCoach {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"keep all state (history, backups, settings) under DIR (env {paths.ENV_DATA_DIR})",
    )
    parser.add_argument(
        "--hidden",
        action="store_true",
        help="start the window hidden and wait for reminders (what start at login runs); "
        "starting FootCoach again opens the window",
    )
    if not commands:
        return parser
    subparsers = parser.add_subparsers(
        title="commands", metavar="COMMAND", parser_class=CommandParser
    )
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv``, set up the data dir, run the command (the GUI by default)."""
    words = list(sys.argv[1:] if argv is None else argv)
    # Starting the window (at login too) skips importing every command: 10 ms less.
    parser = build_parser(commands=not _starts_gui(words))
    args = parser.parse_args(words)
    try:
        paths.configure(args.data_dir)
        run = getattr(args, "run", None) or _run_gui
        code = int(run(args))
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's own flush
        return code
    except BrokenPipeError:
        return _reader_gone()
    except UsageError as error:
        parser.print_usage(sys.stderr)
        print(f"footcoach: error: {error}", file=sys.stderr)
        return 2
    except FootCoachError as error:
        print(f"footcoach: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"footcoach: {error.strerror or error}: {error.filename or ''}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _starts_gui(words: Sequence[str]) -> bool:
    """Whether ``words`` hold only the window's global options: no command, no help."""
    rest = iter(words)
    for word in rest:
        if word == "--hidden" or word.startswith("--data-dir="):
            continue
        if word == "--data-dir" and next(rest, None) is not None:
            continue
        return False
    return True


def _reader_gone() -> int:
    """The reader of stdout went away: end quietly, as a tool killed by SIGPIPE would."""
    # Python flushes stdout again at exit; pointing it at devnull keeps that flush silent.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return SIGPIPE_EXIT


def _run_gui(args: argparse.Namespace) -> int:
    from footcoach.app import run_gui

    return run_gui(args)
