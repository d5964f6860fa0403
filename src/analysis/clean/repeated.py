"""Furniture repeated across a corpus: lines, and openings or closings of lines, that many
articles of one outlet share (rule ``repeated_line``).

On a real archive the strongest sign of furniture is repetition: the outlet's template
prints the same line, or glues the same words to the first or last line of text, on many
pages. ``find_repeated_furniture`` counts, in one pass, in how many distinct article texts
of each outlet (or of the whole corpus, when the outlet is unknown) each normalized line
and each opening / closing word n-gram of the first / last two lines occurs;
``RepeatedFurniture`` then says what to remove from one article.

What counts as furniture, so that real text is not cut:

- a whole line: repeated in at least ``min_repeats`` distinct texts of the outlet, and (when
  the corpus has several outlets) found mostly in that outlet (at least ``OUTLET_SHARE`` of
  all its occurrences): a wire sentence that many outlets print is not the template of one;
- an opening (closing) of the first (last) two lines: 2 to ``MAX_SPAN_WORDS - 1`` words, repeated
  so and in at least ``MIN_SPAN_SHARE`` of the outlet's texts, found mostly in that outlet, and
  followed (preceded) by many different words (at
  least ``MIN_CONTINUATIONS`` of its occurrences): a template's bar is glued to a different
  sentence every time, while a recurring phrase ("استقبل صاحب السمو الملكي الأمير")
  continues the same way or is printed by many outlets. The longest such span is cut. A
  single word ("قال") never is, and datelines are cut before by their own rule.

Each distinct article text counts once (duplicates do not add up). Lines and spans are
counted as 8-byte digests in arrays (``LineTally``, ``SpanTally``: 12 and 20 bytes per
occurrence), and only the counts that can decide something are kept as dictionaries.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from analysis.clean.furniture import strip_line, word_key
from analysis.text.arabic import normalize

EDGE_LINES = 2
"""Openings are looked for in the first two lines (a page's headline may come first), closings in the last two."""
MAX_SPAN_WORDS = 12
"""The longest opening or closing looked for, in words."""
OUTLET_SHARE = 0.8
"""Share of a line's (span's) occurrences that must fall in one outlet for it to be that outlet's furniture."""
MIN_SPAN_SHARE = 0.03
"""Share of the outlet's distinct texts an opening (closing) must be found in: a template's bar
is on a large part of the pages, a recurring phrase ("أكد لـ«عكاظ»", "مليون دينار.") is not."""
MIN_CONTINUATIONS = 0.5
"""Distinct next words per occurrence an opening (closing) needs: a bar is glued to a new sentence each time."""


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()


@lru_cache(maxsize=1024)
def outlet_group(outlet: str) -> str:
    """The group an article is counted in: its normalized outlet, or "" when unknown."""
    return normalize(outlet) if outlet.strip() else ""


def _nonblank_lines(text: str) -> list[str]:
    return [stripped for stripped in (strip_line(line) for line in text.splitlines()) if stripped]


def _span_keys(line: str, closing: bool) -> tuple[list[str], int]:
    """Keys of the line's first (last, reversed) ``MAX_SPAN_WORDS + 1`` words, and its word count."""
    words = line.split(maxsplit=MAX_SPAN_WORDS + 1) if not closing else line.rsplit(maxsplit=MAX_SPAN_WORDS + 1)
    n_words = len(words) if len(words) <= MAX_SPAN_WORDS + 1 else len(line.split())
    edge = words[-MAX_SPAN_WORDS - 1 :][::-1] if closing else words[: MAX_SPAN_WORDS + 1]
    return [word_key(word) for word in edge], n_words


SIDES = ("opening", "closing")


def _edge_spans(lines: list[str]) -> Iterator[tuple[str, list[bytes]]]:
    """Per edge line (the first two: openings, the last two: closings), its side and the
    digests of its 1 ... ``MAX_SPAN_WORDS`` word spans from that edge (the line keeps a word)."""
    edges = [("opening", line) for line in lines[:EDGE_LINES]] + [("closing", line) for line in lines[-EDGE_LINES:]]
    for side, line in edges:
        keys, n_words = _span_keys(line, side == "closing")
        yield side, [_digest(" ".join(keys[:n])) for n in range(1, min(MAX_SPAN_WORDS, n_words - 1) + 1)]


@dataclass
class RepeatedFurniture:
    """Counts of lines and line openings / closings per outlet, and the threshold."""

    min_repeats: int
    lines: Counter = field(default_factory=Counter)  # (group, digest) -> distinct texts
    line_totals: Counter = field(default_factory=Counter)  # digest -> distinct texts, all groups
    spans: Counter = field(default_factory=Counter)  # (group, side, digest) -> distinct texts
    span_totals: Counter = field(default_factory=Counter)  # (side, digest) -> distinct texts, all groups
    continuations: Counter = field(default_factory=Counter)  # (group, side, digest) -> distinct next words
    group_sizes: Counter = field(default_factory=Counter)  # group -> distinct texts

    @property
    def groups(self) -> set:
        """The outlets seen ("" for unknown)."""
        return set(self.group_sizes)

    def add(self, group: str, lines: list[str], normalized: list[str]) -> None:
        """Count one distinct article text of ``group``: its non-blank lines, and their normalized forms."""
        if not lines:
            return
        for digest in set(map(_digest, normalized)):
            self.lines[group, digest] += 1
            self.line_totals[digest] += 1
        self.add_edges(group, lines)

    def add_edges(self, group: str, lines: list[str]) -> None:
        """Count one distinct article text of ``group`` (non-blank lines) in the group sizes
        and the openings / closings of its edge lines (``add`` without the whole lines)."""
        self.group_sizes[group] += 1
        for side, digests in _edge_spans(lines):
            previous = None
            for digest in digests:
                if self.spans[group, side, digest] == 0 and previous is not None:
                    self.continuations[group, side, previous] += 1
                self.spans[group, side, digest] += 1
                self.span_totals[side, digest] += 1
                previous = digest

    def _specific(self, count: int, total: int) -> bool:
        return len(self.groups) == 1 or count >= OUTLET_SHARE * total

    def is_repeated_line(self, outlet: str, line: str) -> bool:
        """True when ``line`` (stripped) is repeated furniture of ``outlet`` ("" when unknown)."""
        group = outlet_group(outlet)
        digest = _digest(normalize(line))
        count = self.lines.get((group, digest), 0)
        return count >= self.min_repeats and self._specific(count, self.line_totals[digest])

    def repeated_span(self, outlet: str, line: str, side: str) -> int:
        """Number of words of the longest repeated opening (``side="opening"``) or closing
        (``"closing"``) of ``line`` that is furniture of ``outlet`` (0: none); the line
        keeps at least one word."""
        group = outlet_group(outlet)
        keys, n_words = _span_keys(line, side == "closing")
        longest = 0
        for n in range(2, min(MAX_SPAN_WORDS, n_words - 1) + 1):
            digest = _digest(" ".join(keys[:n]))
            count = self.spans.get((group, side, digest), 0)
            if count < max(self.min_repeats, MIN_SPAN_SHARE * self.group_sizes[group]):
                break
            diverse = self.continuations.get((group, side, digest), 0) >= MIN_CONTINUATIONS * count
            if diverse and self._specific(count, self.span_totals[side, digest]) and keys[n - 1]:
                longest = n
        return longest


class LineTally:
    """Whole-line counts of many texts, compactly: 12 bytes per (text, distinct line) in
    arrays instead of a Python dict entry per distinct line (a large archive has millions)."""

    def __init__(self) -> None:
        self.group_names: dict[str, int] = {}
        self.groups = array("I")
        self.digests = array("Q")

    def add(self, group: str, normalized: list[str]) -> None:
        """Count the distinct lines (normalized) of one distinct text of ``group``."""
        number = self.group_names.setdefault(group, len(self.group_names))
        line_digests = {int.from_bytes(_digest(line), "big") for line in normalized}
        self.groups.extend([number] * len(line_digests))
        self.digests.extend(sorted(line_digests))

    def counts(self, min_repeats: int) -> tuple[Counter, Counter]:
        """``RepeatedFurniture.lines`` and ``line_totals`` for the lines seen in at least
        ``min_repeats`` texts of a group (the others never decide anything)."""
        digests, groups = _numpy(self.digests), _numpy(self.groups)
        pairs = np.rec.fromarrays([groups, digests], names="group,digest")
        unique_pairs, pair_counts = np.unique(pairs, return_counts=True)
        unique_digests, digest_counts = np.unique(digests, return_counts=True)
        names = {number: name for name, number in self.group_names.items()}
        lines: Counter = Counter()
        totals: Counter = Counter()
        for (group, digest), count in zip(
            unique_pairs[pair_counts >= min_repeats].tolist(), pair_counts[pair_counts >= min_repeats].tolist()
        ):
            key = int(digest).to_bytes(8, "big")
            lines[names[group], key] = count
            totals[key] = int(digest_counts[np.searchsorted(unique_digests, digest)])
        return lines, totals


def prune(repeated: RepeatedFurniture) -> RepeatedFurniture:
    """The counts that can decide something: lines and spans seen in at least ``min_repeats``
    texts of a group, with their totals and continuations (every lookup of a smaller count
    gives the same answer as 0). What the cleaning tasks receive: a fraction of the size."""
    minimum = repeated.min_repeats
    lines = Counter({key: count for key, count in repeated.lines.items() if count >= minimum})
    spans = Counter({key: count for key, count in repeated.spans.items() if count >= minimum})
    span_keys = {(side, digest) for _, side, digest in spans}
    return RepeatedFurniture(
        minimum,
        lines,
        Counter({digest: repeated.line_totals[digest] for _, digest in lines}),
        spans,
        Counter({key: repeated.span_totals[key] for key in span_keys}),
        Counter({key: repeated.continuations[key] for key in spans if key in repeated.continuations}),
        Counter(repeated.group_sizes),
    )


class SpanTally:
    """Opening and closing spans of many texts' edge lines, compactly: 20 bytes per span
    occurrence in arrays (group and side, digest, the digest of the span one word shorter)
    instead of three Python dict entries per distinct span (a large archive has tens of
    millions). ``counts`` gives what ``RepeatedFurniture.add_edges`` counts, pruned."""

    def __init__(self) -> None:
        self.group_names: dict[str, int] = {}
        self.group_sizes: Counter = Counter()
        self.codes = array("I")  # group number * 2 + side (0 opening, 1 closing)
        self.digests = array("Q")
        self.parents = array("Q")  # 0: a one-word span (a digest of 0 is as likely as any other)

    def add(self, group: str, lines: list[str]) -> None:
        """Count the edge spans of one distinct text of ``group`` (its non-blank lines)."""
        number = self.group_names.setdefault(group, len(self.group_names))
        self.group_sizes[group] += 1
        for side, digests in _edge_spans(lines):
            values = [int.from_bytes(digest, "big") for digest in digests]
            self.codes.extend([number * 2 + SIDES.index(side)] * len(values))
            self.digests.extend(values)
            self.parents.extend([0, *values[:-1]][: len(values)])

    def counts(self, min_repeats: int) -> tuple[Counter, Counter, Counter]:
        """``RepeatedFurniture.spans``, ``span_totals`` and ``continuations`` for the spans
        seen at least ``min_repeats`` times in a group (the others never decide anything)."""
        codes, digests, parents = map(_numpy, (self.codes, self.digests, self.parents))
        order = np.lexsort((digests, codes))
        codes, digests, parents = codes[order], digests[order], parents[order]
        del order
        new = np.ones(len(codes), dtype=bool)
        new[1:] = (codes[1:] != codes[:-1]) | (digests[1:] != digests[:-1])
        starts = np.flatnonzero(new)
        sizes = np.diff(np.append(starts, len(codes)))
        codes, digests, parents = codes[starts], digests[starts], parents[starts]  # one row per distinct span
        names = {number: name for name, number in self.group_names.items()}

        def key(code: int, digest: int) -> tuple[str, str, bytes]:
            return names[code // 2], SIDES[code % 2], digest.to_bytes(8, "big")

        kept = sizes >= min_repeats
        spans = Counter(
            {key(c, d): n for c, d, n in zip(codes[kept].tolist(), digests[kept].tolist(), sizes[kept].tolist())}
        )
        kept_digests = np.unique(digests[kept])
        totals: Counter = Counter()
        same = np.isin(digests, kept_digests)  # the kept spans, in every group
        for code, digest, size in zip(codes[same].tolist(), digests[same].tolist(), sizes[same].tolist()):
            totals[key(code, digest)[1:]] += size
        span_keys = {(side, digest) for _, side, digest in spans}
        continuations: Counter = Counter()
        longer = np.isin(parents, kept_digests) & (parents != 0)  # spans one word longer than a kept one
        for code, parent in zip(codes[longer].tolist(), parents[longer].tolist()):
            if key(code, parent) in spans:
                continuations[key(code, parent)] += 1
        return spans, Counter({k: total for k, total in totals.items() if k in span_keys}), continuations


def _numpy(values: array) -> np.ndarray:
    """An ``array`` of unsigned integers as a NumPy array, without copying."""
    dtype = np.uint64 if values.typecode == "Q" else np.uint32
    return np.frombuffer(values, dtype=dtype) if len(values) else np.empty(0, dtype)


def find_repeated_furniture(articles: Iterable[tuple[str, str]], min_repeats: int) -> RepeatedFurniture:
    """Count the corpus's repeated lines and line openings / closings.

    Parameters
    ----------
    articles: ``(outlet, raw text)`` of every readable article, in corpus order.
    min_repeats: distinct article texts of one outlet a line needs to be furniture.

    Returns
    -------
    The counts that can decide something (``prune``); ``is_repeated_line`` and
    ``repeated_span`` read them.
    """
    line_tally, span_tally = LineTally(), SpanTally()
    seen: set[bytes] = set()
    for outlet, text in articles:
        lines = _nonblank_lines(text)
        normalized = list(map(normalize, lines))
        key = _digest("\n".join(normalized))
        if key in seen or not lines:
            continue
        seen.add(key)
        group = outlet_group(outlet)
        line_tally.add(group, normalized)
        span_tally.add(group, lines)
    lines, line_totals = line_tally.counts(min_repeats)
    spans, span_totals, continuations = span_tally.counts(min_repeats)
    return RepeatedFurniture(min_repeats, lines, line_totals, spans, span_totals, continuations, span_tally.group_sizes)
