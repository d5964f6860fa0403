"""Shared fixtures: the committed corpus and its cleaned outputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.clean.partitions import clean_corpus
from analysis.config.paths import REPO_ROOT

RAW_DIR = REPO_ROOT / "data" / "raw"
PROCESSED_DIR = REPO_ROOT / "data" / "processed"
MINIMAL_LEXICON = """
frames:
  mental_health:
    label: mental health
    prefix: mh
    indicators:
      - {term: صحه نفسيه, gloss: mental health}
"""
"""The smallest valid frames.yaml: one frame, one indicator (tests add to it)."""


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW_DIR


@pytest.fixture(scope="session")
def cleaned_corpus():
    """``clean_corpus`` on the five committed articles: (articles, sentences, removed)."""
    return clean_corpus(RAW_DIR)


def raw_lines(article_id: str) -> list[str]:
    """The raw article's lines (1-based line i is element i - 1)."""
    return (RAW_DIR / f"{article_id}.txt").read_text(encoding="utf-8").split("\n")
