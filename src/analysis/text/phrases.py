"""Phrase matching on normalized tokens, aware of Arabic clitics and suffixes.

A phrase is written in normalized form (``analysis.text.normalize``); each of its words is
expanded once into the finite set of its surface forms (every clitic chain in front and,
optionally, every suffix behind, from ``data/lexicons/morphology.yaml``), so matching a
token is a set look-up. The frame dictionary, the actor lists and the selection search
string all match through this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from analysis.config.data_files import DataFileError, read_yaml, require_mapping, require_string_list
from analysis.config.paths import MORPHOLOGY_FILE
from analysis.text.arabic import normalize


class PhraseError(DataFileError):
    """A phrase or the morphology file is malformed; the message names the place and the fix."""


@dataclass(frozen=True)
class Phrase:
    """A sequence of words, each given as the set of its surface forms, matched on
    consecutive tokens."""

    text: str
    words: tuple[frozenset[str], ...]

    def matches_at(self, tokens: list[str], start: int) -> bool:
        """True when the phrase's words stand at ``tokens[start:]``."""
        if start + len(self.words) > len(tokens):
            return False
        return all(tokens[start + offset] in forms for offset, forms in enumerate(self.words))

    def spans(self, tokens: list[str]) -> list[tuple[int, int]]:
        """Every (start, end) token span where the phrase matches."""
        first = self.words[0]
        return [
            (start, start + len(self.words))
            for start, token in enumerate(tokens)
            if token in first and self.matches_at(tokens, start)
        ]


@dataclass(frozen=True)
class Morphology:
    """Clitics and suffixes from ``data/lexicons/morphology.yaml``."""

    prefixes: tuple[str, ...]
    """Every clitic chain a word may carry in front (conjunction, preposition, article), "" included."""
    suffixes: tuple[str, ...]
    pronoun_suffixes: tuple[str, ...]
    proclitics: tuple[str, ...] = ()
    """Every conjunction + preposition chain, without the article, "" excluded (e.g. و, ب, وب)."""


@cache
def load_morphology(path: Path = MORPHOLOGY_FILE, error: type[DataFileError] = PhraseError) -> Morphology:
    """Read the clitic and suffix lists; raises ``error`` when one is malformed."""
    data = require_mapping(read_yaml(path, error), path, "needs lists of clitics and suffixes", error)
    lists = {
        key: require_string_list(data, key, path, error)
        for key in ("conjunctions", "prepositions", "articles", "suffixes", "pronoun_suffixes")
    }
    prefixes = {
        conjunction + preposition + article
        for conjunction in ["", *lists["conjunctions"]]
        for preposition in ["", *lists["prepositions"]]
        for article in ["", *lists["articles"]]
    }
    proclitics = {
        conjunction + preposition
        for conjunction in ["", *lists["conjunctions"]]
        for preposition in ["", *lists["prepositions"]]
    } - {""}
    return Morphology(
        tuple(sorted(prefixes)),
        tuple(lists["suffixes"]),
        tuple(lists["pronoun_suffixes"]),
        tuple(sorted(proclitics)),
    )


def word_forms(word: str, morphology: Morphology, suffixes: bool) -> frozenset[str]:
    """Every surface form of ``word``: each clitic chain in front; unless ``suffixes`` is
    False, each suffix behind, and for a final ه (teh marbuta) ت + a pronoun suffix or ات."""
    stems = {word}
    if suffixes:
        stems |= {word + suffix for suffix in morphology.suffixes}
        if word.endswith("ه") and len(word) > 2:
            stems |= {word[:-1] + "ت" + pronoun for pronoun in morphology.pronoun_suffixes} | {word[:-1] + "ات"}
    return frozenset(prefix + stem for prefix in morphology.prefixes for stem in stems)


def build_phrase(
    text: Any, morphology: Morphology, suffixes: bool, where: str, error: type[DataFileError] = PhraseError
) -> Phrase:
    """A matcher for ``text``; raises ``error`` naming ``where`` when the term is empty or not normalized."""
    if not isinstance(text, str) or not text.strip():
        raise error(f"{where}: needs a non-empty term")
    if normalize(text) != text:
        raise error(f"{where}: {text!r} is not in normalized form; write {normalize(text)!r}")
    return Phrase(text, tuple(word_forms(word, morphology, suffixes) for word in text.split()))


def compile_phrase(
    text: str, suffixes: bool = True, where: str = "phrase", error: type[DataFileError] = PhraseError
) -> Phrase:
    """A matcher for a normalized phrase, clitic- and (optionally) suffix-aware.

    Parameters
    ----------
    text: the phrase in normalized form, words separated by spaces.
    suffixes: True also matches the words with the suffixes of ``data/lexicons/morphology.yaml``.
    where: what an error message names (a file and line, an entry).
    error: the exception to raise for an empty or unnormalized phrase (a ``DataFileError``).

    Returns
    -------
    A ``Phrase``: per word, the set of surface forms it matches.
    """
    return build_phrase(text, load_morphology(MORPHOLOGY_FILE, error), suffixes, where, error)


def token_positions(tokens: list[str], forms: frozenset[str]) -> list[int]:
    """Positions of the tokens that are in ``forms``, in order.

    Same as ``[i for i, token in enumerate(tokens) if token in forms]``, but the scan
    runs in C: the forms present are found by one set intersection, then each one's
    occurrences by ``list.index``.
    """
    positions = []
    for form in forms.intersection(tokens):
        position = -1
        for _ in range(tokens.count(form)):
            position = tokens.index(form, position + 1)
            positions.append(position)
    positions.sort()
    return positions
