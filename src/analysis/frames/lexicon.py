"""The frame dictionary (``data/lexicons/frames.yaml``): loading, validation, matching.

Entries are written in normalized form and matched token by token on normalized,
tokenized text, with Arabic clitics in front and suffixes behind (see the YAML header).
A bad entry is an error naming the frame and the entry.

Matching is a dictionary look-up: each entry word is expanded once into the finite set
of its surface forms (every clitic and suffix combination), and a frame indexes its
phrases by the forms of their first word, so coding a text costs one look-up per token.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from analysis.config.data_files import DataFileError, read_yaml
from analysis.config.data_files import where as data_where
from analysis.config.paths import FRAMES_FILE, MORPHOLOGY_FILE
from analysis.config.tables import FrameLayout
from analysis.text import phrases
from analysis.text.arabic import normalize, tokenize
from analysis.text.phrases import Morphology, Phrase, token_positions, word_forms

__all__ = [
    "Exclusion",
    "Frame",
    "Indicator",
    "Lexicon",
    "LexiconError",
    "Morphology",
    "Phrase",
    "compile_phrase",
    "default_lexicon",
    "load_lexicon",
    "load_morphology",
    "token_positions",
    "word_forms",
]

DEFAULT_WINDOW = 3


class LexiconError(DataFileError):
    """The lexicon file is invalid; the message names the frame, the entry and the fix."""


@dataclass(frozen=True)
class Indicator:
    """An indicator term of a frame, with its English gloss.

    ``needs_object``: the term counts only in a sentence that also names the frames' object
    (social media, digital technology: the lexicon's ``object`` terms), as the codebook
    asks; False for terms that name the object themselves (cyberbullying, fake news).
    ``near_object``: when set, the object term must also start within this many tokens
    of the indicator (for words that name an actor or topic only loosely tied to the
    platforms in a long sentence, e.g. الحكومة).
    """

    phrase: Phrase
    gloss: str
    needs_object: bool = True
    near_object: int | None = None

    def object_close(self, start: int, end: int, object_at: Sequence[int] | None) -> bool:
        """True when ``near_object`` is unset, or an object term starts within it of the span [start, end).

        ``object_at``: the start positions of the sentence's object terms (``Lexicon.object_starts``);
        None when the caller does not know them (the indicator then counts as unset).
        """
        if self.near_object is None or object_at is None:
            return True
        return any(start - self.near_object <= position < end + self.near_object for position in object_at)


@dataclass(frozen=True)
class Exclusion:
    """A false-friend context: cancels overlapping indicators of its frame."""

    phrase: Phrase
    gloss: str
    before: frozenset[str]
    after: frozenset[str]
    window: int

    def holds_at(self, tokens: list[str], start: int) -> bool:
        """True when the phrase stands at ``start`` with its context (any, when none is set)."""
        if not self.phrase.matches_at(tokens, start):
            return False
        if not self.before and not self.after:
            return True
        end = start + len(self.phrase.words)
        return any(token in self.before for token in tokens[max(0, start - self.window) : start]) or any(
            token in self.after for token in tokens[end : end + self.window]
        )

    def spans(self, tokens: list[str]) -> list[tuple[int, int]]:
        """Spans where the phrase matches with its context."""
        return [(start, start + len(self.phrase.words)) for start in range(len(tokens)) if self.holds_at(tokens, start)]


@dataclass(frozen=True)
class Frame:
    """One frame: its column name, terms-column prefix, indicators and exclusions."""

    name: str
    label: str
    prefix: str
    indicators: tuple[Indicator, ...]
    exclusions: tuple[Exclusion, ...]
    _indicator_index: dict[str, tuple[Indicator, ...]] = field(init=False, repr=False, compare=False)
    _exclusion_index: dict[str, tuple[Exclusion, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_indicator_index", _first_word_index(self.indicators, lambda item: item.phrase))
        object.__setattr__(self, "_exclusion_index", _first_word_index(self.exclusions, lambda item: item.phrase))

    def matched_spans(
        self,
        tokens: list[str],
        positions: list[int] | None = None,
        object_named: bool = True,
        object_at: Sequence[int] | None = None,
    ) -> list[tuple[int, int, str]]:
        """Indicator matches in normalized tokens as (start, end, term), in token order.

        Overlapping matches keep the longest (then the first); matches overlapping an
        exclusion are dropped. One look-up per token (``positions``: the only token
        positions worth looking at, when the caller knows them); exclusions are looked
        for only around the matches. ``object_named`` False (``Lexicon.names_object``):
        only indicators that need no object term count. ``object_at``: where the object
        terms start (``Lexicon.object_starts``), for indicators with ``near_object``.
        """
        index = self._indicator_index
        candidates: list[tuple[int, int, str, int]] = []
        if positions is None:
            positions = list(range(len(tokens)))
        for start in [position for position in positions if tokens[position] in index]:
            for indicator in index[tokens[start]]:
                if indicator.needs_object and not object_named:
                    continue
                size = len(indicator.phrase.words)
                if indicator.phrase.matches_at(tokens, start) and indicator.object_close(
                    start, start + size, object_at
                ):
                    candidates.append((start, -size, indicator.phrase.text, start + size))
        if not candidates:
            return []
        excluded = self._exclusions_near(tokens, candidates)
        taken: list[tuple[int, int, str]] = []
        for start, _, term, end in sorted(candidates):
            blocked = [(a, b) for a, b, _ in taken] + excluded
            if not any(start < other_end and other_start < end for other_start, other_end in blocked):
                taken.append((start, end, term))
        return taken

    def _exclusions_near(self, tokens: list[str], candidates: list[tuple[int, int, str, int]]) -> list[tuple[int, int]]:
        """Exclusion spans that could overlap a candidate match."""
        if not self.exclusions:
            return []
        longest = max(len(exclusion.phrase.words) for exclusion in self.exclusions)
        starts = {position for start, _, _, end in candidates for position in range(max(0, start - longest + 1), end)}
        found = []
        for start in sorted(starts):
            for exclusion in self._exclusion_index.get(tokens[start], ()):
                if exclusion.holds_at(tokens, start):
                    found.append((start, start + len(exclusion.phrase.words)))
        return found

    def first_word_forms(self) -> frozenset[str]:
        """Every form that can start one of this frame's indicators."""
        return frozenset(self._indicator_index)

    def matched_terms(
        self,
        tokens: list[str],
        positions: list[int] | None = None,
        object_named: bool = True,
        object_at: Sequence[int] | None = None,
    ) -> list[str]:
        """Distinct indicator terms found in normalized tokens, in order of appearance."""
        spans = self.matched_spans(tokens, positions, object_named, object_at)
        return list(dict.fromkeys(term for _, _, term in spans))


def _first_word_index(items: tuple[Any, ...], phrase_of: Any) -> dict[str, tuple[Any, ...]]:
    """Map each surface form of an item's first word to the items starting with it."""
    index: dict[str, list[Any]] = {}
    for item in items:
        for form in phrase_of(item).words[0]:
            index.setdefault(form, []).append(item)
    return {form: tuple(found) for form, found in index.items()}


@dataclass(frozen=True)
class Lexicon:
    """All frames of the dictionary, in file order, and the object the frames are about.

    ``object_terms``: what names social media or digital technology (the lexicon's
    ``object:`` list). When there are none, every indicator counts everywhere.
    """

    frames: tuple[Frame, ...]
    source: str
    object_terms: tuple[Indicator, ...] = ()
    _first_words: frozenset[str] = field(init=False, repr=False, compare=False)
    _object_index: dict[str, tuple[Indicator, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "_first_words", frozenset().union(*(frame.first_word_forms() for frame in self.frames))
        )
        object.__setattr__(self, "_object_index", _first_word_index(self.object_terms, lambda item: item.phrase))

    def names_object(self, tokens: list[str]) -> bool:
        """True when the tokens name the frames' object (always, for a lexicon without object terms)."""
        if not self.object_terms:
            return True
        return bool(self.object_starts(tokens))

    def object_context(self, tokens: list[str]) -> tuple[bool, tuple[int, ...] | None]:
        """``(names_object(tokens), object_starts(tokens))``, with one scan of the tokens."""
        starts = self.object_starts(tokens)
        return starts is None or bool(starts), starts

    def object_starts(self, tokens: list[str]) -> tuple[int, ...] | None:
        """Positions where an object term starts; None for a lexicon without object terms (anywhere)."""
        if not self.object_terms:
            return None
        index = self._object_index
        return tuple(
            start
            for start, token in enumerate(tokens)
            if token in index and any(term.phrase.matches_at(tokens, start) for term in index[token])
        )

    def object_glosses(self) -> dict[str, str]:
        """English gloss of every object term."""
        return {term.phrase.text: term.gloss for term in self.object_terms}

    def tokens(self, text: str) -> list[str]:
        """The normalized tokens the lexicon matches on."""
        return tokenize(normalize(text))

    def first_word_forms(self) -> frozenset[str]:
        """Every form that can start an indicator of any frame (a quick test for "no match")."""
        return self._first_words

    def glosses(self) -> dict[str, str]:
        """English gloss of every indicator term, over all frames."""
        return {indicator.phrase.text: indicator.gloss for frame in self.frames for indicator in frame.indicators}

    def size(self) -> dict[str, int]:
        """Number of indicators per frame."""
        return {frame.name: len(frame.indicators) for frame in self.frames}

    @property
    def names(self) -> tuple[str, ...]:
        """The frames' names (their column names), in file order."""
        return tuple(frame.name for frame in self.frames)

    def frame(self, name: str) -> Frame:
        """The frame called ``name``; ``LexiconError`` naming the frames there are when none is."""
        for frame in self.frames:
            if frame.name == name:
                return frame
        raise LexiconError(
            f"{self.source}: no frame '{name}' (its frames: {', '.join(self.names)}); "
            "fix 'compare' in params.yaml or add the frame's block"
        )

    def compared(self, compare: Sequence[str] | None = None) -> tuple[Frame, Frame]:
        """The two frames a comparison sets against each other (difference, framing index,
        keyness sides, dominant frame).

        Parameters
        ----------
        compare: two frame names (``compare`` in ``params.yaml``); None takes the first two frames.

        Returns
        -------
        (frame a, frame b): every difference is a minus b.
        """
        if compare is None:
            if len(self.frames) < 2:
                raise LexiconError(f"{self.source}: a comparison needs two frames; this dictionary has one")
            return self.frames[0], self.frames[1]
        if len(compare) != 2 or compare[0] == compare[1]:
            raise LexiconError(f"compare: needs two different frame names, got {list(compare)}")
        return self.frame(compare[0]), self.frame(compare[1])

    def layout(self, compare: Sequence[str] | None = None) -> FrameLayout:
        """The frame-dependent columns of the output tables (``analysis.config.tables``)."""
        a, b = self.compared(compare)
        return FrameLayout(tuple((frame.name, frame.prefix) for frame in self.frames), (a.prefix, b.prefix))


def load_lexicon(path: str | Path = FRAMES_FILE) -> Lexicon:
    """Read and validate a frame dictionary; raises ``LexiconError`` naming a bad entry."""
    path = Path(path)
    data = read_yaml(path, LexiconError)
    if not isinstance(data, dict) or not isinstance(data.get("frames"), dict) or not data["frames"]:
        raise LexiconError(f"{data_where(path, data)}: needs a 'frames:' mapping with at least one frame")
    morphology = load_morphology()
    unknown = set(data) - {"frames", "object"}
    if unknown:
        raise LexiconError(f"{data_where(path, data)}: unknown top-level key(s) {', '.join(sorted(unknown))}")
    frames = tuple(_frame(name, block, morphology, path.name) for name, block in data["frames"].items())
    prefixes = [frame.prefix for frame in frames]
    if len(set(prefixes)) != len(prefixes):
        raise LexiconError(f"{path.name}: two frames share a prefix ({', '.join(prefixes)}); give each its own")
    return Lexicon(frames, path.name, _object_terms(data.get("object"), morphology, path.name))


@cache
def default_lexicon() -> Lexicon:
    """The committed dictionary, ``data/lexicons/frames.yaml`` (loaded once)."""
    return load_lexicon(FRAMES_FILE)


def load_morphology(path: Path = MORPHOLOGY_FILE) -> Morphology:
    """Read the clitic and suffix lists (``analysis.text.phrases``); raises ``LexiconError`` when one is malformed."""
    return phrases.load_morphology(path, LexiconError)


def compile_phrase(text: str, suffixes: bool = True, where: str = "phrase") -> Phrase:
    """A matcher for a normalized phrase, clitic- and (optionally) suffix-aware (``LexiconError`` when bad).

    Parameters
    ----------
    text: the phrase in normalized form (``analysis.text.normalize``), words separated by spaces.
    suffixes: True also matches the words with the suffixes of ``data/lexicons/morphology.yaml``.
    where: what the error message names (a file and line, a lexicon entry).

    Returns
    -------
    A ``Phrase`` whose words match through the proclitics (و ف ب ل ك ال لل) and, optionally, the suffixes.
    """
    return phrases.compile_phrase(text, suffixes, where, LexiconError)


def _phrase(text: Any, morphology: Morphology, suffixes: bool, where: str) -> Phrase:
    return phrases.build_phrase(text, morphology, suffixes, where, LexiconError)


def _frame(name: str, block: Any, morphology: Morphology, source: str) -> Frame:
    where = f"{data_where(source, block)}, frame '{name}'"
    if not isinstance(block, dict):
        raise LexiconError(f"{where}: must be a mapping with label, prefix, indicators, exclusions")
    unknown = set(block) - {"label", "prefix", "indicators", "exclusions"}
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    if not re.fullmatch(r"[a-z]+", str(block.get("prefix", ""))):
        raise LexiconError(f"{where}: 'prefix' must be lower-case letters (e.g. mh)")
    indicators = []
    for position, entry in enumerate(block.get("indicators") or [], start=1):
        entry_where = f"{data_where(source, entry)}, frame '{name}', indicator {position}"
        _check_entry(entry, {"term", "gloss", "suffixes", "needs_object", "near_object"}, "term", entry_where)
        phrase = _phrase(
            entry["term"], morphology, bool(entry.get("suffixes", True)), f"{entry_where} ({entry['term']})"
        )
        needs_object = entry.get("needs_object", True)
        if not isinstance(needs_object, bool):
            raise LexiconError(f"{entry_where} ({entry['term']}): 'needs_object' must be true or false")
        near_object = entry.get("near_object")
        if near_object is not None and (
            isinstance(near_object, bool) or not isinstance(near_object, int) or near_object < 1 or not needs_object
        ):
            raise LexiconError(
                f"{entry_where} ({entry['term']}): 'near_object' must be a whole number >= 1, "
                "on a term that needs the object"
            )
        indicators.append(Indicator(phrase, entry["gloss"], needs_object, near_object))
    if not indicators:
        raise LexiconError(f"{where}: has no indicators")
    terms = [indicator.phrase.text for indicator in indicators]
    duplicates = sorted({term for term in terms if terms.count(term) > 1})
    if duplicates:
        raise LexiconError(f"{where}: indicator(s) listed twice: {', '.join(duplicates)}")
    exclusions = []
    for position, entry in enumerate(block.get("exclusions") or [], start=1):
        entry_where = f"{data_where(source, entry)}, frame '{name}', exclusion {position}"
        _check_entry(entry, {"phrase", "gloss", "before", "after", "around", "window"}, "phrase", entry_where)
        window = entry.get("window", DEFAULT_WINDOW)
        if not isinstance(window, int) or window < 1:
            raise LexiconError(f"{entry_where}: 'window' must be a whole number >= 1")
        context = {
            side: frozenset().union(
                *(_phrase(word, morphology, True, f"{entry_where}, {side}").words[0] for word in entry.get(side) or [])
            )
            for side in ("before", "after", "around")
        }
        texts = entry["phrase"] if isinstance(entry["phrase"], list) else [entry["phrase"]]
        if not texts:
            raise LexiconError(f"{entry_where}: 'phrase' must be a phrase or a list of phrases")
        before, after = context["before"] | context["around"], context["after"] | context["around"]
        for text in texts:
            phrase = _phrase(text, morphology, False, f"{entry_where} ({text})")
            exclusions.append(Exclusion(phrase, entry["gloss"], before, after, window))
    return Frame(name, str(block.get("label", name)), block["prefix"], tuple(indicators), tuple(exclusions))


def _object_terms(block: Any, morphology: Morphology, source: str) -> tuple[Indicator, ...]:
    """The ``object:`` list (``{term, gloss, suffixes}`` entries); none when the key is absent."""
    if block is None:
        return ()
    if not isinstance(block, list) or not block:
        raise LexiconError(f"{data_where(source, block)}: 'object' must be a list of {{term: ..., gloss: ...}}")
    terms = []
    for position, entry in enumerate(block, start=1):
        entry_where = f"{data_where(source, entry)}, object term {position}"
        _check_entry(entry, {"term", "gloss", "suffixes"}, "term", entry_where)
        suffixes = bool(entry.get("suffixes", True))
        terms.append(
            Indicator(_phrase(entry["term"], morphology, suffixes, f"{entry_where} ({entry['term']})"), entry["gloss"])
        )
    return tuple(terms)


def _check_entry(entry: Any, allowed: set[str], key: str, where: str) -> None:
    if not isinstance(entry, dict):
        raise LexiconError(f"{where}: must be a mapping like {{{key}: ..., gloss: ...}}")
    unknown = set(entry) - allowed
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    if not isinstance(entry.get("gloss"), str) or not entry["gloss"].strip():
        raise LexiconError(f"{where} ({entry.get(key)}): needs an English 'gloss'")
