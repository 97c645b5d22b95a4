"""scripts/spreadsheet_roundtrip.py: an export through LibreOffice Calc and back imports."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "spreadsheet_roundtrip.py"


def run_script(*args: str, path: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True, text=True, env=dict(os.environ, PATH=path), timeout=300, check=False,
    )  # fmt: skip


def test_without_libreoffice_it_says_so_in_one_line(tmp_path: Path) -> None:
    result = run_script(path=str(tmp_path))  # a PATH with no soffice on it
    assert result.returncode == 0
    assert (
        result.stdout == "spreadsheet_roundtrip: skipped, soffice (LibreOffice) is not installed\n"
    )


@pytest.mark.slow
def test_calc_reads_times_as_date_times_and_its_csv_imports() -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    result = run_script("--days", "14", path=os.environ["PATH"])
    assert result.returncode == 0, result.stderr
    out = result.stdout
    records = int(re.search(r"; (\d+) records", out).group(1))  # type: ignore[union-attr]
    assert f"in Calc: time: {records} date\n" in out
    assert f"in Calc: utc_offset_minutes: {records} float\n" in out
    assert "cells: completed:" in out and "'true' -> 'TRUE'" in out  # what Calc changes
    assert f"import: accepted, {records} records\n" in out
