"""``footcoach report`` and ``footcoach share``: the PDF read back with poppler as a reader
would see it, its figures against ``summary --json`` for the same period."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from footcoach.cli import main
from footcoach.history import History
from footcoach.records import Moment, PainContext, PainEntry, new_id
from footcoach.screening import ScreeningAnswers

POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdftoppm"))
needs_poppler = pytest.mark.skipif(
    not POPPLER, reason="poppler-utils (pdftotext, pdfinfo, pdftoppm) is not installed"
)


def cli(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    assert found, info.stdout
    return int(found.group(1))


def summary_json(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    capsys.readouterr()
    assert cli(data_dir, "summary", "--json", *args) == 0
    return json.loads(capsys.readouterr().out)


def one(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def signed(value: float | None) -> str:
    if value is None:
        return "-"
    text = f"{abs(value):.1f}"
    return text if float(text) == 0 else ("+" if value > 0 else "-") + text


def percent(value: float | None) -> str:
    if value is None:
        return "-"
    rounded = int(abs(value) + 0.5)
    return "0%" if rounded == 0 else ("+" if value > 0 else "-") + f"{rounded}%"


@pytest.fixture
def demo(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """90 days of demo history ending today."""
    assert cli(data_dir, "demo", "--days", "90") == 0
    capsys.readouterr()
    return data_dir


@needs_poppler
def test_the_report_figures_are_those_of_summary_json(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    end = date.today() - timedelta(days=3)
    start = end - timedelta(days=59)
    out = tmp_path / "report.pdf"
    assert cli(demo, "report", str(out), "--from", str(start), "--to", str(end)) == 0
    figures = summary_json(demo, capsys, "--from", str(start), "--to", str(end))
    text = pdf_text(out)
    assert f"summary --from {start} --to {end}" in text.replace("–", "--")
    assert f"Period: {start.day} {start:%b %Y} to {end.day} {end:%b %Y} (60 days)" in text
    rows = 0
    for context, stats in figures["by_context"].items():
        if not stats["days_logged"]:
            continue
        label = PainContext(context).series_label
        row = re.compile(rf"^\s*{re.escape(label)}( \(headline\))?\s+\d")
        line = next(line for line in text.splitlines() if row.match(line))
        cells = line.split()
        expected = [
            str(stats["days_logged"]),
            one(stats["baseline_mean"]),
            one(stats["mean_last_7d"]),
            signed(stats["change_from_baseline_points"]),
            percent(stats["change_from_baseline_pct"]),
            signed(stats["trend_points_per_week_28d"]),
        ]
        # The figures follow the label (and "(headline)" on the headline row) in order.
        numbers = cells[len(label.split()) + (1 if context == figures["headline_context"] else 0) :]
        assert numbers[:6] == expected, line
        rows += 1
    assert rows >= 2
    flat = " ".join(text.split())
    assert f"{figures['headline_label']}: " in flat  # the direction sentence
    assert f"Last 7 days: {figures['sessions_last_7d']} days with a session" in flat
    assert pdf_pages(out) == 2


@needs_poppler
def test_each_page_is_drawn_and_numbered_with_the_disclaimer(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    assert cli(demo, "report", str(out), "--name", "Ann Example", "--notes") == 0
    pages = pdf_pages(out)
    assert pages == 2
    text = pdf_text(out)
    assert "FootCoach report: Ann Example" in text
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in text
    assert text.count("not a") >= pages  # the footer on every page
    assert "Notes the person chose to include" in text
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(out), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == pages
    for path in images:
        image = QImage(str(path))
        dark = sum(
            1
            for y in range(0, image.height(), 2)
            for x in range(0, image.width(), 2)
            if image.pixelColor(x, y).lightness() < 200
        )
        assert dark > 200, f"{path.name} is nearly blank ({dark} dark pixels)"


@needs_poppler
def test_notes_stay_out_unless_asked(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    assert cli(demo, "report", str(out)) == 0
    assert "Notes the person" not in pdf_text(out)


@needs_poppler
def test_an_empty_period_gives_a_short_honest_report(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    assert cli(data_dir, "report", str(out)) == 0
    assert pdf_pages(out) == 1
    text = " ".join(pdf_text(out).split())
    assert "No pain scores and no exercise sessions were recorded in this period." in text
    assert "Red-flag questions: not answered yet." in text
    assert "Page 1 of 1" in text


@needs_poppler
def test_dates_outside_the_history_are_clamped_with_a_note(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with History.open(demo) as history:
        first = history.first_day()
    assert first is not None
    out = tmp_path / "report.pdf"
    future = date.today() + timedelta(days=30)
    assert cli(demo, "report", str(out), "--from", "2000-01-01", "--to", str(future)) == 0
    said = capsys.readouterr().out
    assert f"Wrote the report of {first} to {date.today()}" in said
    text = " ".join(pdf_text(out).split())
    assert f"The history starts on {first.day} {first:%b %Y}, so the period starts there" in text
    assert "it ends today instead" in text
    assert f"Period: {first.day} {first:%b %Y} to" in text


@needs_poppler
def test_a_period_before_the_history_is_empty_not_an_error(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    assert cli(demo, "report", str(out), "--from", "2001-01-01", "--to", "2001-03-31") == 0
    text = " ".join(pdf_text(out).split())
    assert "No pain scores and no exercise sessions were recorded in this period." in text
    assert "after this period" in text


def test_an_unwritable_out_exits_1_with_one_line(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        for out in (tmp_path / "missing" / "report.pdf", locked / "report.pdf"):
            if out.parent == locked and shutil.which("id") and _is_root():
                continue  # root writes anywhere
            capsys.readouterr()
            assert cli(demo, "report", str(out)) == 1
            err = capsys.readouterr().err
            assert err.count("\n") == 1 and str(out) in err, err
            assert not out.exists()
    finally:
        locked.chmod(0o700)


def _is_root() -> bool:
    import os

    return os.geteuid() == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--from", "2025-05-02", "--to", "2025-05-01"], "is after --to"),
        (["--from", "yesterday"], "--from must be a date"),
        (["--page-size", "A3"], "--page-size must be A4 or Letter"),
        (["--name", "a\x07b"], "--name: control character"),
    ],
)
def test_bad_options_exit_2_and_write_nothing(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    out = tmp_path / "report.pdf"
    assert cli(data_dir, "report", str(out), *args) == 2
    assert words in capsys.readouterr().err
    assert not out.exists()


@needs_poppler
def test_letter_paper(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    assert cli(demo, "report", str(out), "--page-size", "letter") == 0
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "612 x 792 pts (letter)" in info


# --------------------------------------------------------------------------- share


def test_share_writes_the_folder_a_physio_can_use(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "for-physio"
    assert cli(demo, "share", str(out), "--name", "Ann") == 0
    names = sorted(path.name for path in out.iterdir())
    routine_files = [name for name in names if name.endswith(".toml")]
    assert names == sorted(
        ["README.txt", "footcoach-history.csv", "footcoach-report.pdf", *routine_files]
    )
    assert len(routine_files) == 1
    assert (out.stat().st_mode & 0o777) == 0o700
    assert all((path.stat().st_mode & 0o077) == 0 for path in out.iterdir())
    readme = " ".join((out / "README.txt").read_text().split())
    assert routine_files[0] in readme and "not a diagnosis" in readme
    assert out.joinpath("footcoach-report.pdf").read_bytes().startswith(b"%PDF")
    # The physiotherapist's copy goes back in: the routine file imports, the CSV too.
    other = tmp_path / "elsewhere"
    capsys.readouterr()
    assert cli(other, "routine", "import", str(out / routine_files[0]), "--name", "From Jo") == 0
    assert cli(other, "import", str(out / "footcoach-history.csv")) == 0
    with History.open(demo) as mine, History.open(other) as theirs:
        assert len(theirs.pain_entries()) == len(mine.pain_entries(since=mine.first_day()))


def test_share_refuses_a_folder_that_holds_files(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "busy"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    capsys.readouterr()
    assert cli(demo, "share", str(out)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already holds files" in err
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


def test_share_lists_the_red_flag_answers_in_the_csv(data_dir: Path, tmp_path: Path) -> None:
    now = Moment.now()
    with History.open(data_dir) as history:
        history.add_pain(PainEntry(new_id(), now, 3, PainContext.MORNING))
        history.add_screening(
            ScreeningAnswers(new_id(), now, (("fever", False), ("reduced-feeling", True)))
        )
    out = tmp_path / "share"
    assert cli(data_dir, "share", str(out)) == 0
    csv = (out / "footcoach-history.csv").read_text(encoding="utf-8-sig")
    assert "reduced-feeling" in csv
    assert "No routine file" in (out / "README.txt").read_text()
