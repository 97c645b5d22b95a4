"""Start-up cost: FootCoach's painted exercise view against a bare PySide6 window.

Each run is a fresh process, timed from spawn to the first paint of its list (the child
stamps the system-wide monotonic clock when that paint ends, so interpreter teardown is not
counted), with its peak memory (ru_maxrss). FootCoach starts as a returning person's would:
the safety note has been read, so the exercise view is the first thing shown.

Three programs, alternated run by run so machine noise hits all alike:

- bare: the issue's baseline, a list and a label in a plain window, no FootCoach code;
- same widgets: no FootCoach code either, but the Qt classes the exercise view needs (menus
  with shortcuts, a toolbar, a splitter, a list with a painted delegate, a search box and
  filters, a scroll area of labels, an SVG drawing, a painted ring). It shows what PySide
  itself costs for such a window, as context for the ratio to the bare window;
- FootCoach: ``footcoach --data-dir DIR`` as a person starts it, with a 1280x800 window.

    python benchmarks/startup.py [--runs N] [--json]
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

# Every child stamps the clock on the first paint of its list's viewport, then quits.
_PAINT_FILTER = """
import time
from PySide6.QtCore import QEvent, QObject, QTimer
class FirstPaint(QObject):
    painted_at = 0.0
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not self.painted_at:
            QTimer.singleShot(0, self.done)
        return False
    def done(self):
        self.painted_at = time.monotonic()
        app.quit()
first_paint = FirstPaint()
"""

_REPORT = "print(first_paint.painted_at, 'pyqtgraph' in sys.modules)\n"

BARE = (
    "import sys\n"
    "from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QHBoxLayout, QWidget\n"
    "app = QApplication(sys.argv[:1])\n"
    + _PAINT_FILTER
    + "w = QWidget(); layout = QHBoxLayout(w)\n"
    "items = QListWidget(); items.addItems([f'Exercise {i}' for i in range(10)])\n"
    "layout.addWidget(items); layout.addWidget(QLabel('Detail'))\n"
    "items.viewport().installEventFilter(first_paint)\n"
    "w.resize(1280, 800); w.show(); app.exec()\n" + _REPORT
)

SAME_WIDGETS = (
    "import sys\n"
    "from PySide6.QtCore import QByteArray, QRectF, QSize, QSortFilterProxyModel, QStringListModel, Qt\n"  # noqa: E501
    "from PySide6.QtGui import QAction, QColor, QFont, QImage, QKeySequence, QPainter, QPalette, QPen, QPixmap\n"  # noqa: E501
    "from PySide6.QtSvg import QSvgRenderer\n"
    "from PySide6.QtWidgets import (QApplication, QComboBox, QHBoxLayout, QLabel, QLineEdit,\n"
    "    QListView, QMainWindow, QPushButton, QScrollArea, QSplitter, QStyle,\n"
    "    QStyledItemDelegate, QToolBar, QVBoxLayout, QWidget)\n"
    "app = QApplication(sys.argv[:1])\n" + _PAINT_FILTER + "class Row(QStyledItemDelegate):\n"
    "    def paint(self, painter, option, index):\n"
    "        painter.save()\n"
    "        if option.state & QStyle.StateFlag.State_Selected:\n"
    "            painter.fillRect(option.rect, option.palette.color(QPalette.ColorRole.Highlight))\n"  # noqa: E501
    "        font = QFont(option.font); font.setBold(True); painter.setFont(font)\n"
    "        painter.drawText(option.rect.adjusted(8, 4, -4, -4), Qt.AlignmentFlag.AlignLeft, index.data())\n"  # noqa: E501
    "        painter.restore()\n"
    "    def sizeHint(self, option, index):\n"
    "        return QSize(200, 56)\n"
    "class Ring(QWidget):\n"
    "    def paintEvent(self, event):\n"
    "        p = QPainter(self); p.setRenderHint(QPainter.RenderHint.Antialiasing)\n"
    "        p.setPen(QPen(QColor('#3366aa'), 12)); p.drawArc(QRectF(20, 20, 200, 200), 1440, -4320); p.end()\n"  # noqa: E501
    "w = QMainWindow()\n"
    "for title in ['&File', '&View', '&Timer', '&Pain', '&Help']:\n"
    "    menu = w.menuBar().addMenu(title)\n"
    "    for i in range(4):\n"
    "        a = QAction(f'Item {i}', w); a.setShortcut(QKeySequence(f'Ctrl+{i}')); menu.addAction(a)\n"  # noqa: E501
    "bar = QToolBar(); bar.addAction(QAction('Exercises', w)); bar.addAction(QAction('History', w)); w.addToolBar(bar)\n"  # noqa: E501
    "left = QWidget(); ll = QVBoxLayout(left); ll.addWidget(QLineEdit()); row = QHBoxLayout(); ll.addLayout(row)\n"  # noqa: E501
    "for options in (['Any position', 'Seated'], ['Any kind', 'Stretch'], ['Any equipment', 'None']):\n"  # noqa: E501
    "    combo = QComboBox(); combo.addItems(options); row.addWidget(combo)\n"
    "view = QListView(); proxy = QSortFilterProxyModel()\n"
    "proxy.setSourceModel(QStringListModel([f'Exercise {i}' for i in range(10)]))\n"
    "view.setModel(proxy); view.setItemDelegate(Row(view)); ll.addWidget(view)\n"
    "detail = QScrollArea(); detail.setWidgetResizable(True); body = QWidget(); bl = QVBoxLayout(body)\n"  # noqa: E501
    "for text in ['Calf stretch', 'Stretch, standing', '3 x 30 s', 'Why it helps', '1. Step', 'Take care']:\n"  # noqa: E501
    "    label = QLabel(text); label.setWordWrap(True); bl.addWidget(label)\n"
    "svg = open(sys.argv[2], encoding='utf-8').read().replace('currentColor', '#222')\n"
    "image = QImage(QSize(480, 320), QImage.Format.Format_ARGB32_Premultiplied); image.fill(Qt.GlobalColor.transparent)\n"  # noqa: E501
    "p = QPainter(image); QSvgRenderer(QByteArray(svg.encode())).render(p, QRectF(0, 0, 480, 320)); p.end()\n"  # noqa: E501
    "art = QLabel(); art.setPixmap(QPixmap.fromImage(image)); bl.addWidget(art); detail.setWidget(body)\n"  # noqa: E501
    "timer = QWidget(); tl = QVBoxLayout(timer); tl.addWidget(Ring()); tl.addWidget(QPushButton('Start'))\n"  # noqa: E501
    "split = QSplitter(Qt.Orientation.Horizontal)\n"
    "split.addWidget(left); split.addWidget(detail); split.addWidget(timer); w.setCentralWidget(split)\n"  # noqa: E501
    "view.viewport().installEventFilter(first_paint)\n"
    "w.resize(1280, 800); w.show(); app.exec()\n" + _REPORT
)

# The real entry point, ``footcoach --data-dir DIR`` (argument parsing, instance lock, history,
# theme, window); only build_window is wrapped, to watch the list it returns and size it.
FOOTCOACH = (
    "import sys\n"
    "from footcoach import app as footcoach_app, cli\n"
    "from footcoach.app import application\n"
    "real_build_window = footcoach_app.build_window\n"
    "def build_window(*args, **kwargs):\n"
    "    window = real_build_window(*args, **kwargs)\n"
    "    window.exercise_list.view.viewport().installEventFilter(first_paint)\n"
    "    window.resize(1280, 800)  # as the others; offscreen, restoreGeometry fits 800x800\n"
    "    return window\n"
    "footcoach_app.build_window = build_window\n"
    "app = application()\n" + _PAINT_FILTER + "cli.main(['--data-dir', sys.argv[1]])\n" + _REPORT
)

PROGRAMS = {"bare": BARE, "same_widgets": SAME_WIDGETS, "footcoach": FOOTCOACH}


def run_once(code: str, data_dir: str) -> tuple[float, float, bool]:
    """Seconds from spawn to first paint, peak MiB, and whether pyqtgraph was imported."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    drawing = str(ROOT / "assets" / "illustrations" / "calf-stretch.svg")
    start = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-c", code, data_dir, drawing],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    output = child.stdout.read() if child.stdout else ""
    _pid, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"child failed with exit {os.waitstatus_to_exitcode(status)}")
    painted_at, pyqtgraph_loaded = output.split()
    return float(painted_at) - start, usage.ru_maxrss / 1024, pyqtgraph_loaded == "True"


def returning_person(data_dir: str) -> None:
    """Mark the safety note as read in ``data_dir``, as it is for everyone after day one."""
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from footcoach import paths\n"
            "from footcoach.ui.common.preferences import Preferences\n"
            "paths.configure(sys.argv[1])\n"
            "Preferences(paths.settings_file()).safety_note_seen = True\n",
            data_dir,
        ],
        check=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    runs: dict[str, list[tuple[float, float, bool]]] = {name: [] for name in PROGRAMS}
    with tempfile.TemporaryDirectory() as data_dir:
        returning_person(data_dir)
        for code in PROGRAMS.values():
            run_once(code, data_dir)  # warm the file cache for all
        for _ in range(args.runs):
            for name, code in PROGRAMS.items():
                runs[name].append(run_once(code, data_dir))
    figures: dict[str, object] = {"runs": args.runs}
    for name, results in runs.items():
        figures[f"{name}_first_paint_s"] = round(statistics.median(r[0] for r in results), 3)
        figures[f"{name}_peak_mib"] = round(statistics.median(r[1] for r in results), 1)
    figures["pyqtgraph_imported_before_paint"] = any(r[2] for r in runs["footcoach"])
    for name in ("bare", "same_widgets"):
        for quantity, unit in (("time", "first_paint_s"), ("memory", "peak_mib")):
            ours = figures[f"footcoach_{unit}"]
            theirs = figures[f"{name}_{unit}"]
            assert isinstance(ours, float) and isinstance(theirs, float)
            figures[f"{quantity}_ratio_vs_{name}"] = round(ours / theirs, 2)
    if args.json:
        print(json.dumps(figures))
        return 0
    print(f"spawn to first paint, median of {args.runs} (target: at most 1.3x bare)")
    for name, label in (("bare", "bare PySide6 window"), ("same_widgets", "same Qt widgets"),
                        ("footcoach", "FootCoach exercises")):  # fmt: skip
        print(f"  {label:20}: {figures[f'{name}_first_paint_s']:.3f} s, "
              f"{figures[f'{name}_peak_mib']:.1f} MiB peak")  # fmt: skip
    for name in ("bare", "same_widgets"):
        print(f"  ratio vs {name:12}: {figures[f'time_ratio_vs_{name}']}x time, "
              f"{figures[f'memory_ratio_vs_{name}']}x memory")  # fmt: skip
    print(f"  pyqtgraph imported before first paint: {figures['pyqtgraph_imported_before_paint']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
