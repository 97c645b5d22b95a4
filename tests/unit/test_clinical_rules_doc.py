"""``docs/clinical-rules.md`` stays traced: every code and test its rule table names exists."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "clinical-rules.md"


def table_rows() -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("## The rules, traced") : text.index("## 1. ")]
    rows = [line.split(" | ") for line in table.splitlines() if re.match(r"\| \d+ \|", line)]
    assert len(rows) >= 20
    return rows


def resolve(name: str) -> object:
    """``routines.Suggestion.rule`` -> that object (longest importable module, then attributes)."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module("footcoach." + ".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for part in parts[cut:]:
            target = getattr(target, part)
        return target
    raise AssertionError(f"no module for {name}")


def test_every_code_named_exists() -> None:
    found = 0
    for row in table_rows():
        for name in re.findall(r"`([a-z_]+(?:\.[A-Za-z_]+)+)(?:\(\))?`", row[3]):
            assert resolve(name) is not None, f"{name} (rule {row[0]})"
            found += 1
    assert found >= 30


def test_every_test_named_exists() -> None:
    seen_file = None
    for row in table_rows():
        for ref in re.findall(r"`([^`]*(?:test_|::)[^`]*)`", row[4]):
            if ref.startswith(("unit/", "ui/", "integration/")):
                path, _, name = ref.partition("::")
                seen_file = ROOT / "tests" / path
            elif ref.startswith("::"):
                name = ref[2:]
            else:  # a scenario of test_safe_guidance.py: its name or one of its cases
                seen_file = ROOT / "tests" / "integration" / "test_safe_guidance.py"
                name = ref
            assert seen_file is not None and seen_file.is_file(), ref
            source = seen_file.read_text(encoding="utf-8")
            function = name.split("[")[0]
            if function:
                assert f"def {function}(" in source, f"{ref} (rule {row[0]})"
            for case in re.findall(r"\[([^\]*]+)\]", name):
                assert f'"{case}"' in source, f"{ref} (rule {row[0]})"
