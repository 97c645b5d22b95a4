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
    "footcoach.commands.store",
    "footcoach.commands.desktop",
)


def build_parser() -> argparse.ArgumentParser:
    """The full parser: global options plus every registered sub-command."""
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
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv``, set up the data dir, run the command (the GUI by default)."""
    parser = build_parser()
    args = parser.parse_args(argv)
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
