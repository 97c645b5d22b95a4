"""Our texts are our own words: no run of 10 words from the source article."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The article lives beside the checkout in ../shared/seed (a worktree sits one level deeper).
SEED_DIRS = [parent / "shared" / "seed" for parent in ROOT.parents]
RUN = 10
CHECKED = {".py", ".toml", ".md", ".txt", ".json", ".xml", ".desktop"}
SKIPPED_DIRS = {".git", ".venv", "build", "dist", "__pycache__", ".pytest_cache"}


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def test_no_sentence_of_the_article_is_copied() -> None:
    seed_dir = next((path for path in SEED_DIRS if path.is_dir()), None)
    seeds = sorted(seed_dir.glob("*.txt")) if seed_dir else []
    if not seeds:
        pytest.skip(f"skipped: no source article in shared/seed beside {ROOT} or above it")
    seed = [w for path in seeds for w in words(path.read_text(errors="ignore"))]
    runs = {tuple(seed[i : i + RUN]) for i in range(len(seed) - RUN + 1)}
    copied = []
    for path in ROOT.rglob("*"):
        if path.suffix not in CHECKED or SKIPPED_DIRS & set(path.relative_to(ROOT).parts):
            continue
        text = words(path.read_text(errors="ignore"))
        hits = [" ".join(text[i : i + RUN]) for i in range(len(text) - RUN + 1)
                if tuple(text[i : i + RUN]) in runs]  # fmt: skip
        if hits:
            copied.append(f"{path.relative_to(ROOT)}: {hits[0]}")
    assert not copied
