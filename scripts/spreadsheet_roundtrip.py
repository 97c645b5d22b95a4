"""Round-trip a CSV export through LibreOffice Calc, as a person would, and say what changed.

Run from the repository root::

    .venv/bin/python scripts/spreadsheet_roundtrip.py [--days 90] [--language en-US]

It exports a demo history (plus a pain entry timed to the microsecond, as the app records
them, and notes a spreadsheet could take for formulas), opens the CSV in LibreOffice headless
with "detect special numbers" on (csv -> ods), saves it back (ods -> csv, cells as shown),
imports the result and reports the cells and records that changed. Without ``soffice`` it
prints one line and exits 0. Nothing outside a temporary folder is touched.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from footcoach import demo
from footcoach.records import Moment, PainContext, PainEntry
from footcoach.report import (
    DataImportError,
    RecordSet,
    encode_records,
    read_history_file,
    write_history_file,
)

END = date(2026, 3, 1)
NOW = datetime(2026, 3, 2, tzinfo=UTC)
# LibreOffice language ids (MS LCIDs): what "detect special numbers" detects depends on them.
LANGUAGES = {"en-US": 1033, "en-GB": 2057, "de-DE": 1031, "fr-FR": 1036}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--language", choices=sorted(LANGUAGES), default="en-US")
    args = parser.parse_args()
    soffice = shutil.which("soffice")
    if soffice is None:
        print("spreadsheet_roundtrip: skipped, soffice (LibreOffice) is not installed")
        return 0
    records = _sample(args.days)
    with tempfile.TemporaryDirectory(prefix="footcoach-lo-") as folder:
        work = Path(folder)
        original = write_history_file(work / "history.csv", records).path
        saved = _through_calc(soffice, original, work, LANGUAGES[args.language])
        print(
            f"LibreOffice: {_version(soffice)}; language {args.language}; {records.total} records"
        )
        _report_types(work / "ods" / "history.ods")
        _report_cells(original, saved)
        _report_import(saved, records)
    return 0


def _sample(days: int) -> RecordSet:
    made = demo.generate(days, seed=7, end=END, now=NOW)
    cet = timezone(timedelta(hours=1))
    recorded = Moment.from_datetime(datetime(2026, 2, 27, 19, 4, 31, 417250, tzinfo=cet))
    extra = (
        PainEntry("roundtrip-micro", recorded, 4, PainContext.DAY, "timed as the app times"),
        PainEntry("roundtrip-formula", recorded, 3, PainContext.DAY, "=1+1 and -2 since"),
    )
    return RecordSet(
        made.pain + extra,
        made.sessions,
        made.sets,
        goals=made.goals,
        goal_ratings=made.goal_ratings,
        self_tests=made.self_tests,
    )


def _through_calc(soffice: str, original: Path, work: Path, language: int) -> Path:
    """csv -> ods with special numbers detected, then ods -> csv saved as shown."""
    profile = ["-env:UserInstallation=" + (work / "profile").as_uri()]
    base = [soffice, *profile, "--headless", "--norestore"]
    # Tokens: comma, double quote, UTF-8, from line 1, no column types, language,
    # quoted cells not forced to text, detect special numbers.
    opened = f"CSV:44,34,76,1,,{language},false,true"
    _run(
        [
            *base,
            f"--infilter={opened}",
            "--convert-to",
            "ods",
            "--outdir",
            str(work / "ods"),
            str(original),
        ]
    )
    saved_as = "csv:Text - txt - csv (StarCalc):44,34,76,1"
    ods = work / "ods" / "history.ods"
    _run([*base, "--convert-to", saved_as, "--outdir", str(work / "back"), str(ods)])
    return work / "back" / "history.csv"


def _report_types(ods: Path) -> None:
    """How Calc typed each column's cells (date, float, boolean, string) while it held them."""
    table = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    office = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
    with zipfile.ZipFile(ods) as archive:
        root = ElementTree.fromstring(archive.read("content.xml"))
    kinds: dict[int, Counter[str]] = {}
    header: list[str] = []
    for row in root.iter(f"{table}table-row"):
        cells: list[tuple[str, str]] = []
        for cell in row.iter(f"{table}table-cell"):
            repeat = min(int(cell.get(f"{table}number-columns-repeated", "1")), 64)
            text = "".join(cell.itertext())
            cells += [(cell.get(f"{office}value-type", ""), text)] * repeat
        if not header:
            header = [text for _kind, text in cells if text]
            continue
        for index, (kind, _text) in enumerate(cells[: len(header)]):
            if kind:
                kinds.setdefault(index, Counter())[kind] += 1
    for index, column in enumerate(header):
        counted = ", ".join(f"{n} {kind}" for kind, n in kinds.get(index, Counter()).most_common())
        print(f"in Calc: {column}: {counted or 'all empty'}")


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        sys.exit(f"spreadsheet_roundtrip: {command[0]} failed: {result.stderr.strip()}")


def _version(soffice: str) -> str:
    result = subprocess.run([soffice, "--version"], capture_output=True, text=True, check=False)
    return result.stdout.strip()


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def _report_cells(original: Path, saved: Path) -> None:
    before, after = _rows(original), _rows(saved)
    print(f"bytes: {original.stat().st_size} exported, {saved.stat().st_size} saved by Calc")
    print(f"rows: {len(before)} exported, {len(after)} saved by Calc")
    header = before[0]
    changed: Counter[str] = Counter()
    example: dict[str, tuple[str, str]] = {}
    for old, new in zip(before, after, strict=False):
        for column, old_cell, new_cell in zip(header, old, new, strict=False):
            if old_cell != new_cell:
                changed[column] += 1
                example.setdefault(column, (old_cell, new_cell))
    if not changed:
        print("cells: every cell came back exactly")
    for column, count in changed.most_common():
        old_cell, new_cell = example[column]
        print(f"cells: {column}: {count} changed, e.g. {old_cell!r} -> {new_cell!r}")


def _report_import(saved: Path, records: RecordSet) -> None:
    try:
        back = read_history_file(saved, now=NOW)
    except DataImportError as error:
        print(f"import: refused: {error}")
        return
    print(f"import: accepted, {back.total} records")
    originals = {r.id: r for r in _every(records)}
    changed: Counter[str] = Counter()
    for record in _every(back):
        old = originals[record.id]
        for item in dataclasses.fields(record):
            if getattr(old, item.name) != getattr(record, item.name):
                changed[f"{type(record).__name__}.{item.name}"] += 1
                if changed[f"{type(record).__name__}.{item.name}"] == 1:
                    print(f"records: e.g. {record.id} {item.name}: {getattr(old, item.name)!r}")
                    print(f"         -> {getattr(record, item.name)!r}")
    if not changed:
        print("records: every record came back exactly")
    for name, count in changed.most_common():
        print(f"records: {name}: {count} changed")
    same = encode_records(back, ".csv") == encode_records(records, ".csv")
    print(f"re-export: {'byte-identical to' if same else 'differs from'} the original export")


def _every(records: RecordSet) -> tuple[Any, ...]:
    return (
        *records.pain,
        *records.sessions,
        *records.sets,
        *records.goals,
        *records.goal_ratings,
        *records.self_tests,
    )


if __name__ == "__main__":
    sys.exit(main())
