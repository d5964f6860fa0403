"""Arabic stopwords: the list of the ``stopwordsiso`` package, matched in normalized form
and through proclitics.

The list ships inside the package (no download). ``data/lexicons/stopwords.yaml`` says how
it is matched and names the few words kept although the list or the clitic rule would
drop them, each with its reason; the list itself is never edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

import stopwordsiso

from analysis.config.data_files import DataFileError, read_yaml, require_mapping, where
from analysis.config.paths import MORPHOLOGY_FILE, STOPWORDS_FILE
from analysis.text.arabic import normalize
from analysis.text.phrases import load_morphology

SOURCE = "stopwordsiso"
LANGUAGE = "ar"
MIN_STEM_LETTERS = 2  # a proclitic is stripped only when a word of at least two letters is left


class StopwordsError(DataFileError):
    """``stopwords.yaml`` is malformed; the message names the line and the fix."""


@dataclass(frozen=True)
class Stopwords:
    """The normalized stopword list and the proclitic chains matched in front of it."""

    words: frozenset[str]
    """The list's entries, normalized (kept words included: ``is_stopword`` checks those first)."""
    proclitics: tuple[str, ...]
    """Conjunction + preposition chains (و ف, ب ل ك and their combinations), longest first."""
    kept: dict[str, str]
    """Normalized word -> why it is not a stopword here."""
    source: str
    """Package and version, e.g. ``stopwordsiso 0.7.1``."""
    size: int
    """Entries of the package's list as shipped."""

    def is_stopword(self, token: str) -> bool:
        """True when the normalized ``token`` is a listed word, or a proclitic chain plus a listed
        word of at least two letters, and is not a kept word."""
        if token in self.kept:
            return False
        if token in self.words:
            return True
        return any(
            token.startswith(chain)
            and len(token) - len(chain) >= MIN_STEM_LETTERS
            and token[len(chain) :] in self.words
            for chain in self.proclitics
        )


@cache
def load_stopwords(path: Path = STOPWORDS_FILE, morphology_path: Path = MORPHOLOGY_FILE) -> Stopwords:
    """The project's stopwords: ``stopwordsiso``'s Arabic list normalized, the proclitic chains
    of ``morphology.yaml`` and the kept words of ``path``; raises ``StopwordsError`` when
    ``path`` is malformed."""
    listed = stopwordsiso.stopwords(LANGUAGE)
    kept = _kept_words(path)
    morphology = load_morphology(morphology_path, StopwordsError)
    return Stopwords(
        words=frozenset(word for word in map(normalize, listed) if word),
        proclitics=tuple(sorted(morphology.proclitics, key=lambda chain: (-len(chain), chain))),
        kept=kept,
        source=f"{SOURCE} {version(SOURCE)}",
        size=len(listed),
    )


def _kept_words(path: Path) -> dict[str, str]:
    data = require_mapping(read_yaml(path, StopwordsError), path, "needs a 'not_stopwords:' list", StopwordsError)
    entries = data.get("not_stopwords")
    if not isinstance(entries, list):
        raise StopwordsError(f"{where(path, data)}: 'not_stopwords' must be a list of {{word, reason}} entries")
    kept = {}
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("word") or not entry.get("reason"):
            raise StopwordsError(f"{where(path, entry)}: each entry needs a 'word' and a 'reason'")
        word = str(entry["word"])
        if normalize(word) != word:
            raise StopwordsError(f"{where(path, entry)}: {word!r} is not in normalized form; write {normalize(word)!r}")
        kept[word] = str(entry["reason"])
    return kept
