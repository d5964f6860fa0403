"""What a reviewer's search finds in a figure PDF: the Arabic words ``pdftotext`` reads back,
checked against the words of the corpus and the lexicons (both normalized).

A font whose dots or marks are separate glyphs extracts as extra letters (تت for ت); such
words are no word of the corpus. Needs poppler's ``pdftotext`` (Debian ``poppler-utils``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.config.data_files import read_yaml
from analysis.text.arabic import normalize, tokenize

ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")


def pdf_arabic_words(pdf: Path) -> list[str]:
    """The Arabic words of ``pdf``'s text layer as ``pdftotext`` extracts them, normalized
    (NFKC folds presentation forms), in order; runs of Arabic letters split at anything else."""
    if shutil.which("pdftotext") is None:
        raise RuntimeError("pdftotext not found: install Debian's poppler-utils")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return ARABIC_WORD.findall(normalize(text))


def corpus_vocabulary(articles: pd.DataFrame, sentences: pd.DataFrame, lexicon_files: Iterable[Path]) -> set[str]:
    """Normalized Arabic words of the sentences, the articles' titles, outlets and places, and
    every string in the lexicon files (terms, glosses, labels)."""
    texts = list(sentences["text"])
    for column in ("title", "outlet", "place"):
        texts += [str(value) for value in articles[column].fillna("")]
    for path in lexicon_files:
        texts += list(_strings(read_yaml(path)))
    return {word for text in texts for token in tokenize(normalize(text)) for word in ARABIC_WORD.findall(token)}


def _strings(node: Any) -> Iterable[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def readable_share(words: list[str], vocabulary: set[str]) -> float:
    """Share of ``words`` that are in ``vocabulary`` (1.0 when there is no word)."""
    return sum(word in vocabulary for word in words) / len(words) if words else 1.0
