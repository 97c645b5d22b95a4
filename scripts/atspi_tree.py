#!/usr/bin/python3
"""Print the accessible tree (roles and names) of a running FootCoach, as a screen reader sees it.

Reads the live AT-SPI tree, so run it with the system Python (it has pyatspi; the project's
.venv does not) while FootCoach runs with QT_ACCESSIBILITY=1 on the same session bus:

    dbus-run-session -- bash -c '
        /usr/libexec/at-spi-bus-launcher --launch-immediately --a11y=1 &
        /usr/libexec/at-spi2-registryd &
        QT_ACCESSIBILITY=1 QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 footcoach & sleep 5
        /usr/bin/python3 scripts/atspi_tree.py --depth 12 --listen 20'

With ``--listen N`` it then prints, for N seconds, what a screen reader would be told:
announcements (the timer's phases) and changed descriptions. Debian packages: at-spi2-core
python3-pyatspi dbus. Exit 1 when no FootCoach is found.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--app", default="footcoach", help="application name (any case)")
    parser.add_argument("--depth", type=int, default=10, help="levels to print")
    parser.add_argument("--all", action="store_true", help="also list hidden and unnamed nodes")
    parser.add_argument("--listen", type=float, default=0, help="then print events for N s")
    args = parser.parse_args()
    try:
        import pyatspi
    except ImportError:
        print("atspi_tree: needs pyatspi (apt-get install python3-pyatspi)", file=sys.stderr)
        return 1
    desktop = pyatspi.Registry.getDesktop(0)
    apps = [a for a in desktop if a is not None and (a.name or "").lower() == args.app.lower()]
    if not apps:
        names = ", ".join(sorted(a.name for a in desktop if a is not None)) or "none"
        print(
            f"atspi_tree: no application {args.app!r} on the bus (found: {names})", file=sys.stderr
        )
        return 1
    for app in apps:
        show(pyatspi, app, 0, args.depth, args.all)
    if args.listen > 0:
        listen(pyatspi, args.listen)
    return 0


EVENTS = ("object:announcement", "object:property-change:accessible-description")


def listen(pyatspi: Any, seconds: float) -> None:
    """Print announcements and description changes until ``seconds`` have passed."""
    from gi.repository import GLib

    def printed(event: Any) -> None:
        source = event.source
        said = (
            event.any_data if event.type.startswith("object:announcement") else source.description
        )
        print(f"event {event.type}: {source.getRoleName()} {source.name!r}: {said!r}", flush=True)

    registry = pyatspi.Registry
    registry.registerEventListener(printed, *EVENTS)
    GLib.timeout_add(int(seconds * 1000), lambda: registry.stop() and False)
    registry.start()


def show(pyatspi: Any, node: Any, level: int, depth: int, everything: bool) -> None:
    """Print ``node`` and its children: indentation, role, name, description and states."""
    states = node.getState()
    showing = states.contains(pyatspi.STATE_SHOWING)
    if level and not showing and not everything:
        return
    name = node.name or ""
    description = node.description or ""
    role = node.getRoleName()
    if everything or name or description or node.childCount:
        focus = " [focused]" if states.contains(pyatspi.STATE_FOCUSED) else ""
        text = f"{'  ' * level}{role}: {name!r}"
        if description:
            text += f" - {description}"
        print(text + focus)
    if level >= depth:
        return
    for child in node:
        if child is not None:
            show(pyatspi, child, level + 1, depth, everything)


if __name__ == "__main__":
    sys.exit(main())
