"""``footcoach screenshot OUT.png``: render the main window offscreen."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from footcoach.errors import UsageError

VIEWS = ("exercises", "routine", "history", "settings", "welcome")


def register(subparsers: Any) -> None:
    """Add the ``screenshot`` sub-command."""
    parser = subparsers.add_parser("screenshot", help="render the window to a PNG, offscreen")
    parser.add_argument("out", metavar="OUT.png", type=Path)
    parser.add_argument("--view", choices=VIEWS, default="exercises")
    parser.add_argument("--size", default="1280x800", metavar="WxH")
    parser.add_argument("--theme", choices=("light", "dark"))
    parser.add_argument("--exercise", metavar="ID", help="select this exercise first")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Parse the size and take the screenshot."""
    width, height = parse_size(args.size)
    if args.out.suffix.lower() != ".png":
        raise UsageError(f"OUT must end in .png, got '{args.out}'")
    from footcoach.app import take_screenshot

    take_screenshot(args.out, args.view, width, height, args.theme, args.exercise)
    print(args.out)
    return 0


def parse_size(text: str) -> tuple[int, int]:
    """``1280x800`` -> (1280, 800); raises UsageError for anything else."""
    match = re.fullmatch(r"(\d{2,5})x(\d{2,5})", text.strip())
    if not match:
        raise UsageError(f"--size must look like 1280x800, got '{text}'")
    width, height = int(match[1]), int(match[2])
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise UsageError(f"--size {text} is outside 320x240 to 7680x4320")
    return width, height
