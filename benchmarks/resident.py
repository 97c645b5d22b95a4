"""The cost of waiting: FootCoach started hidden (as at login) against a bare PySide6 program.

Two programs, started and then left waiting side by side in one run, so machine noise hits
both alike:

- bare: a tray-less ``QApplication`` that prints ``waiting`` and runs its event loop;
- FootCoach: ``footcoach --data-dir DIR --hidden`` with reminders on (at a time outside the
  run), as start at login runs it; it prints ``waiting in the background`` when it waits.

Figures: the time from spawn to "waiting" (median of ``--starts`` alternated starts), peak
memory (VmHWM) and steady memory (median VmRSS over the second half of the wait), CPU used
while waiting (utime + stime of every thread, as a share of one core), and wake-ups per
minute (voluntary + involuntary context switches of every thread, from /proc). A helper
thread in each child, blocked on its stdin until the end, reports which heavy modules
(numpy, pyqtgraph, the trend maths) were imported while it waited. Linux only (/proc).

    python benchmarks/resident.py [--minutes 3] [--starts 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("numpy", "pyqtgraph", "footcoach.trends", "PySide6.QtMultimedia")

# Both children run this first: a thread that sleeps on stdin (no wake-ups) and, when the
# benchmark writes a line, prints which heavy modules are loaded.
_MODULE_REPORT = f"""
import sys, threading
def _report():
    sys.stdin.readline()
    heavy = sorted(m for m in sys.modules if m.startswith({HEAVY!r}))
    print("modules", *heavy, flush=True)
threading.Thread(target=_report, daemon=True).start()
"""

BARE = (
    _MODULE_REPORT + "from PySide6.QtWidgets import QApplication\n"
    "app = QApplication(sys.argv[:1])\n"
    "print('waiting', flush=True)\n"
    "app.exec()\n"
)

FOOTCOACH = (
    _MODULE_REPORT + "import runpy\n"
    "sys.argv = ['footcoach', '--data-dir', sys.argv[1], '--hidden']\n"
    "runpy.run_module('footcoach', run_name='__main__', alter_sys=True)\n"
)


def _env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # as at login with no notification needed yet
    # As installed: compiled modules are cached (the first timed start writes them).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(ROOT)
    return env


def _spawn(code: str, data_dir: Path) -> tuple[subprocess.Popen[str], float]:
    """Start a child; return it and the seconds until it said it waits."""
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=_env(),
    )
    assert child.stdout is not None
    while True:
        line = child.stdout.readline()
        if not line:
            raise RuntimeError(f"the child ended before waiting (exit {child.wait()})")
        if "waiting" in line:
            return child, time.monotonic() - started


def _stop(child: subprocess.Popen[str]) -> list[str]:
    """Ask for the module report, then end the child; the heavy modules it had loaded."""
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write("report\n")
    child.stdin.flush()
    modules: list[str] = []
    for line in child.stdout:
        if line.startswith("modules"):
            modules = line.split()[1:]
            break
    child.terminate()
    child.wait(timeout=10)
    child.stdin.close()
    child.stdout.close()
    return modules


def _tasks(pid: int) -> list[Path]:
    return list(Path(f"/proc/{pid}/task").iterdir())


def _status(path: Path) -> dict[str, str]:
    fields = {}
    for line in (path / "status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields


def _counters(pid: int) -> tuple[float, int]:
    """CPU seconds (user + system) and context switches, summed over every thread."""
    ticks = os.sysconf("SC_CLK_TCK")
    cpu, switches = 0.0, 0
    for task in _tasks(pid):
        stat = (task / "stat").read_text()
        fields = stat[stat.rindex(")") + 2 :].split()
        cpu += (int(fields[11]) + int(fields[12])) / ticks
        status = _status(task)
        switches += int(status["voluntary_ctxt_switches"])
        switches += int(status["nonvoluntary_ctxt_switches"])
    return cpu, switches


def _memory_mib(pid: int) -> tuple[float, float]:
    """Resident and peak resident memory, MiB."""
    status = _status(Path(f"/proc/{pid}"))
    return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024


def _make_data_dir(root: Path) -> Path:
    data_dir = root / "data"
    data_dir.mkdir()
    # Reminders on, at a time the run does not reach: FootCoach waits as it would all day.
    hour = (time.localtime().tm_hour + 12) % 24
    (data_dir / "settings.ini").write_text(
        "[meta]\nversion=2\n\n[app]\nsafety_note_seen=true\n\n"
        f"[reminders]\nenabled=true\ntimes={hour:02d}:00\n"
    )
    return data_dir


def measure(minutes: float, starts: int, interval_s: float) -> dict[str, object]:
    """Run both programs; the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = _make_data_dir(Path(tmp))
        programs = {"bare": BARE, "footcoach": FOOTCOACH}
        start_times: dict[str, list[float]] = {name: [] for name in programs}
        for _ in range(starts):
            for name, code in programs.items():
                child, seconds = _spawn(code, data_dir)
                start_times[name].append(seconds)
                _stop(child)
        children = {name: _spawn(code, data_dir)[0] for name, code in programs.items()}
        time.sleep(2.0)  # let the first minute's settling pass the start
        begin = {name: _counters(child.pid) for name, child in children.items()}
        began = time.monotonic()
        rss: dict[str, list[float]] = {name: [] for name in programs}
        while time.monotonic() - began < minutes * 60:
            time.sleep(interval_s)
            for name, child in children.items():
                rss[name].append(_memory_mib(child.pid)[0])
        elapsed = time.monotonic() - began
        end = {name: _counters(child.pid) for name, child in children.items()}
        peaks = {name: _memory_mib(child.pid)[1] for name, child in children.items()}
        modules = {name: _stop(child) for name, child in children.items()}
    figures: dict[str, object] = {"minutes_waited": round(elapsed / 60, 2)}
    for name in programs:
        cpu = end[name][0] - begin[name][0]
        wakeups = end[name][1] - begin[name][1]
        half = rss[name][len(rss[name]) // 2 :] or rss[name]
        figures[f"{name}_start_s_median"] = round(statistics.median(start_times[name]), 3)
        figures[f"{name}_peak_rss_mib"] = round(peaks[name], 1)
        figures[f"{name}_steady_rss_mib"] = round(statistics.median(half), 1)
        figures[f"{name}_cpu_percent"] = round(100 * cpu / elapsed, 3)
        figures[f"{name}_cpu_s"] = round(cpu, 2)
        figures[f"{name}_wakeups_per_min"] = round(wakeups / (elapsed / 60), 1)
        figures[f"{name}_heavy_modules_while_waiting"] = modules[name]
    bare_start = float(figures["bare_start_s_median"])  # type: ignore[arg-type]
    bare_rss = float(figures["bare_steady_rss_mib"])  # type: ignore[arg-type]
    figures["start_ratio_vs_bare"] = round(
        float(figures["footcoach_start_s_median"]) / bare_start, 2
    )  # type: ignore[arg-type]  # noqa: E501
    figures["steady_rss_ratio_vs_bare"] = round(
        float(figures["footcoach_steady_rss_mib"]) / bare_rss, 2
    )  # type: ignore[arg-type]  # noqa: E501
    figures["platform"] = _env()["QT_QPA_PLATFORM"]
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0, help="how long both wait")
    parser.add_argument("--starts", type=int, default=5, help="starts timed for each program")
    parser.add_argument("--sample-every", type=float, default=5.0, help="seconds between reads")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    figures = measure(args.minutes, args.starts, args.sample_every)
    if args.json:
        print(json.dumps(figures))
        return 0
    for key, value in figures.items():
        print(f"{key:42} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
