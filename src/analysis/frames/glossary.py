"""English glosses and transliterations for the Arabic terms readers see.

Glosses are hand-written data (``data/lexicons/glossary.yaml``); a term without one is
shown visibly as missing, never silently dropped.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from analysis.config.data_files import read_yaml, require_mapping, where
from analysis.config.paths import GLOSSARY_FILE
from analysis.frames.lexicon import LexiconError
from analysis.text.arabic import normalize

MISSING_GLOSS = "(no gloss)"


@cache
def load_glossary(path: Path = GLOSSARY_FILE) -> dict[str, dict[str, str]]:
    """``{normalized term: {"gloss": ..., "translit": ...}}``; raises ``LexiconError`` for a bad entry."""
    data = require_mapping(read_yaml(path, LexiconError), path, "needs a 'terms:' mapping", LexiconError)
    terms = require_mapping(
        data.get("terms"), path, "needs a 'terms:' mapping of term: {gloss, translit}", LexiconError
    )
    for term, entry in terms.items():
        if normalize(str(term)) != term:
            raise LexiconError(
                f"{where(path, entry)}: {term!r} is not in normalized form; write {normalize(str(term))!r}"
            )
        if not isinstance(entry, dict) or not entry.get("gloss") or not entry.get("translit"):
            raise LexiconError(f"{where(path, entry)}, term {term}: needs 'gloss' and 'translit'")
    return terms


DEFINITE_ARTICLE = "ال"


def entry(term: str) -> dict[str, str]:
    """A normalized term's glossary entry; a definite form missing from the glossary borrows
    its bare form's (الارهاب: "the " + the gloss of ارهاب, "al-" + its transliteration);
    an empty dict when neither is there."""
    glossary = load_glossary()
    if term in glossary:
        return glossary[term]
    bare = glossary.get(term.removeprefix(DEFINITE_ARTICLE)) if term.startswith(DEFINITE_ARTICLE) else None
    return {"gloss": f"the {bare['gloss']}", "translit": f"al-{bare['translit']}"} if bare else {}


def gloss(term: str) -> str:
    """The English gloss of a normalized term, or "(no gloss)"."""
    return entry(term).get("gloss", MISSING_GLOSS)


def transliteration(term: str) -> str:
    """The transliteration of a normalized term, or an empty string."""
    return entry(term).get("translit", "")


def with_glosses(table: pd.DataFrame, column: str = "term") -> pd.DataFrame:
    """A copy of ``table`` with ``translit`` and ``gloss`` columns after ``column``."""
    table = table.copy()
    position = table.columns.get_loc(column) + 1
    table.insert(position, "gloss", table[column].map(gloss))
    table.insert(position, "translit", table[column].map(transliteration))
    return table
