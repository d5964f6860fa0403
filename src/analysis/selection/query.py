"""The search string of the ``select`` stage (``data/lexicons/selection.yaml``): loading,
validation and matching.

Terms name a platform or social media; look-alikes are phrases in which a term means
something else; quote-channel and furniture cues discount the terms near them (a quote's
channel, a share bar, a handle); circulation and claim words together mark a sentence that
reports a claim circulating on social media (``Query.reports_claim``). A bad entry is a
``QueryError`` naming the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.config.data_files import DataFileError, read_yaml, require_mapping
from analysis.config.data_files import where as data_where
from analysis.config.paths import MORPHOLOGY_FILE, SELECTION_FILE
from analysis.text.phrases import Phrase, build_phrase, load_morphology

DEFAULT_AFTER = 6
"""Tokens after a cue in which a term is discounted, unless the cue says otherwise."""
SECTIONS = ("terms", "look_alikes", "quote_channels", "furniture", "circulation", "claims")


class QueryError(DataFileError):
    """The search string is invalid; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class Term:
    """A search term (normalized) with its group and English gloss."""

    phrase: Phrase
    group: str
    gloss: str


@dataclass(frozen=True)
class Cue:
    """A discounting phrase: a term overlapping it, starting up to ``after`` tokens after its
    end or ending up to ``before`` tokens before its start does not count."""

    phrase: Phrase
    kind: str
    """``look_alike``, ``quote_channel`` or ``furniture``; for ``Query.signals``, ``circulation`` or ``claim``."""
    gloss: str
    after: int
    before: int


@dataclass(frozen=True)
class Query:
    """The whole search string, indexed by the surface forms of each phrase's first word."""

    terms: tuple[Term, ...]
    cues: tuple[Cue, ...]
    source: str
    signals: tuple[Cue, ...] = ()
    """Circulation and claim words (kinds ``circulation``, ``claim``): they discount nothing."""
    _term_index: dict[str, tuple[Term, ...]] = field(init=False, repr=False, compare=False)
    _cue_index: dict[str, tuple[Cue, ...]] = field(init=False, repr=False, compare=False)
    _signal_index: dict[str, tuple[Cue, ...]] = field(init=False, repr=False, compare=False)
    first_word_forms: frozenset[str] = field(init=False, repr=False, compare=False)
    """Every form that can start a term (a quick test for "no term here")."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_term_index", _index(self.terms))
        object.__setattr__(self, "_cue_index", _index(self.cues))
        object.__setattr__(self, "_signal_index", _index(self.signals))
        object.__setattr__(self, "first_word_forms", frozenset(self._term_index))

    def term_spans(self, tokens: list[str], positions: list[int]) -> list[tuple[int, int, str]]:
        """Terms at ``positions`` of ``tokens`` as (start, end, term), longest first where they overlap."""
        found: list[tuple[int, int, str]] = []
        for start in positions:
            matches = [
                term for term in self._term_index.get(tokens[start], ()) if term.phrase.matches_at(tokens, start)
            ]
            if matches:
                longest = max(matches, key=lambda term: len(term.phrase.words))
                end = start + len(longest.phrase.words)
                if not found or start >= found[-1][1]:
                    found.append((start, end, longest.phrase.text))
        return found

    def cue_spans(self, tokens: list[str]) -> list[tuple[int, int, Cue]]:
        """Every cue in ``tokens`` as (start, end, cue)."""
        return _spans(self._cue_index, tokens)

    def reports_claim(self, tokens: list[str]) -> bool:
        """True when ``tokens`` (one sentence) hold a circulation word and a claim word: the sentence
        reports a claim circulating («تتداول حسابات ... مقطعا ادعى ناشروه أنه ...»)."""
        kinds = {cue.kind for _, _, cue in _spans(self._signal_index, tokens)}
        return {"circulation", "claim"} <= kinds


def _spans(index: dict[str, tuple[Cue, ...]], tokens: list[str]) -> list[tuple[int, int, Cue]]:
    return [
        (start, start + len(cue.phrase.words), cue)
        for start, token in enumerate(tokens)
        if token in index
        for cue in index[token]
        if cue.phrase.matches_at(tokens, start)
    ]


def _index(items: tuple[Any, ...]) -> dict[str, tuple[Any, ...]]:
    index: dict[str, list[Any]] = {}
    for item in items:
        for form in item.phrase.words[0]:
            index.setdefault(form, []).append(item)
    return {form: tuple(found) for form, found in index.items()}


def load_query(path: str | Path | None = None) -> Query:
    """Read and validate a search string.

    Parameters
    ----------
    path: the YAML file; None reads ``data/lexicons/selection.yaml``.

    Returns
    -------
    The ``Query``; a malformed entry raises ``QueryError`` naming the file and the line.
    """
    path = Path(path) if path is not None else SELECTION_FILE
    data = require_mapping(read_yaml(path, QueryError), path, f"needs the sections {', '.join(SECTIONS)}", QueryError)
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise QueryError(
            f"{data_where(path, data)}: unknown section(s) {', '.join(unknown)} (known: {', '.join(SECTIONS)})"
        )
    morphology = load_morphology(MORPHOLOGY_FILE, QueryError)
    groups = data.get("terms")
    if not isinstance(groups, dict) or not groups:
        raise QueryError(f"{data_where(path, data)}: 'terms' must map group names to lists of terms")
    terms = []
    for group, entries in groups.items():
        for entry in _entries(entries, path, f"terms '{group}'", groups):
            where = f"{data_where(path, entry)}, terms '{group}'"
            _check(entry, {"term", "gloss", "suffixes"}, "term", where)
            phrase = build_phrase(entry["term"], morphology, _suffixes(entry, True, where), where, QueryError)
            terms.append(Term(phrase, str(group), entry["gloss"]))
    texts = [term.phrase.text for term in terms]
    twice = sorted({text for text in texts if texts.count(text) > 1})
    if twice:
        raise QueryError(f"{path.name}: term(s) listed twice: {', '.join(twice)}; keep one")
    cues = []
    for section, kind, key in (
        ("look_alikes", "look_alike", "phrase"),
        ("quote_channels", "quote_channel", "cue"),
        ("furniture", "furniture", "cue"),
    ):
        for entry in _entries(data.get(section) or [], path, section, data):
            where = f"{data_where(path, entry)}, {section}"
            _check(entry, {key, "gloss", "suffixes", "after", "before"}, key, where)
            phrase = build_phrase(entry[key], morphology, _suffixes(entry, False, where), where, QueryError)
            after = 0 if kind == "look_alike" else _window(entry, "after", DEFAULT_AFTER, where)
            before = 0 if kind == "look_alike" else _window(entry, "before", 0, where)
            cues.append(Cue(phrase, kind, entry["gloss"], after, before))
    signals = []
    for section, kind in (("circulation", "circulation"), ("claims", "claim")):
        for entry in _entries(data.get(section) or [], path, section, data):
            where = f"{data_where(path, entry)}, {section}"
            _check(entry, {"word", "gloss", "suffixes"}, "word", where)
            phrase = build_phrase(entry["word"], morphology, _suffixes(entry, False, where), where, QueryError)
            signals.append(Cue(phrase, kind, entry["gloss"], 0, 0))
    return Query(tuple(terms), tuple(cues), path.name, tuple(signals))


def _entries(entries: Any, path: Path, what: str, parent: Any) -> list[Any]:
    if not isinstance(entries, list):
        raise QueryError(f"{data_where(path, entries if hasattr(entries, 'line') else parent)}: {what} must be a list")
    return entries


def _check(entry: Any, allowed: set[str], key: str, where: str) -> None:
    if not isinstance(entry, dict):
        raise QueryError(f"{where}: each entry must be a mapping like {{{key}: ..., gloss: ...}}")
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise QueryError(f"{where}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})")
    if not isinstance(entry.get("gloss"), str) or not entry["gloss"].strip():
        raise QueryError(f"{where} ({entry.get(key)}): needs an English 'gloss'")


def _suffixes(entry: dict, default: bool, where: str) -> bool:
    value = entry.get("suffixes", default)
    if not isinstance(value, bool):
        raise QueryError(f"{where}: 'suffixes' must be true or false")
    return value


def _window(entry: dict, key: str, default: int, where: str) -> int:
    value = entry.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise QueryError(f"{where}: '{key}' must be a whole number of tokens >= 0")
    return value
