"""English glosses and transliterations for the Arabic terms readers see.

Glosses are hand-written data (``data/lexicons/glossary.yaml``); a term without one is
shown visibly as missing, never silently dropped.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from analysis.arabic_text import normalize
from analysis.lexicon import LexiconError
from analysis.paths import LEXICON_DIR

GLOSSARY_FILE = LEXICON_DIR / "glossary.yaml"
MISSING_GLOSS = "(no gloss)"


@cache
def load_glossary(path: Path = GLOSSARY_FILE) -> dict[str, dict[str, str]]:
    """``{normalized term: {"gloss": ..., "translit": ...}}``; raises ``LexiconError`` for a bad entry."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    terms = data.get("terms")
    if not isinstance(terms, dict):
        raise LexiconError(f"{path.name}: needs a 'terms:' mapping")
    for term, entry in terms.items():
        if normalize(str(term)) != term:
            raise LexiconError(f"{path.name}: {term!r} is not in normalized form; write {normalize(str(term))!r}")
        if not isinstance(entry, dict) or not entry.get("gloss") or not entry.get("translit"):
            raise LexiconError(f"{path.name}, term {term}: needs 'gloss' and 'translit'")
    return terms


def gloss(term: str) -> str:
    """The English gloss of a normalized term, or "(no gloss)"."""
    return load_glossary().get(term, {}).get("gloss", MISSING_GLOSS)


def transliteration(term: str) -> str:
    """The transliteration of a normalized term, or an empty string."""
    return load_glossary().get(term, {}).get("translit", "")


def with_glosses(table: pd.DataFrame, column: str = "term") -> pd.DataFrame:
    """A copy of ``table`` with ``translit`` and ``gloss`` columns after ``column``."""
    table = table.copy()
    position = table.columns.get_loc(column) + 1
    table.insert(position, "gloss", table[column].map(gloss))
    table.insert(position, "translit", table[column].map(transliteration))
    return table
