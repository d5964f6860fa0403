"""Syndicated copies: articles whose text is nearly the same as another's.

The same agency story republished by several outlets with small edits (another first
line, dateline or a few words) is one story. Each article's normalized words are cut
into overlapping shingles of ``SHINGLE_WORDS`` words; MinHash signatures (datasketch), cut
into LSH bands whose keys are compared in arrays (``band_keys``), propose candidate pairs,
and every candidate is verified with the exact Jaccard similarity of
the two shingle sets, so a pair is a near-duplicate exactly when its Jaccard is at least
the threshold (``near_duplicate_threshold`` in params.yaml), not when the banding
happens to put it in one bucket.

Verified pairs, and articles with the same text (``duplicate_key``), are joined into
clusters (union-find); each cluster keeps one article, the earliest published, then
the smallest id (articles without a date come after dated ones). Every other member
is a copy of the kept article: status ``duplicate`` when its text is the kept one's,
``near_duplicate`` otherwise. A cluster may be a chain (A like B, B like C): C then
points at A even when C and A alone are below the threshold.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from analysis.text.arabic import is_word

SHINGLE_WORDS = 4
"""Words per shingle. With 4, an edited word changes at most 4 shingles; shorter shingles
make unrelated articles on one topic share more of them (formulaic phrases)."""
NUM_PERM = 64
"""MinHash permutations. They only propose candidates (every candidate is verified
exactly), so 64 suffice: with bands of 3 rows, a pair at the default threshold 0.6 is a
candidate with probability 0.994."""
MINHASH_SEED = 20261123
"""Seed of the MinHash permutations: the same candidates on every run."""
CANDIDATE_RECALL = 0.99
"""The LSH bands are chosen so that a pair whose Jaccard equals the threshold is proposed
with at least this probability (higher Jaccard: higher still)."""
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit multiplier that chains word hashes into a shingle hash


@dataclass(frozen=True)
class ArticleText:
    """What near-duplicate detection needs of one usable article.

    ``text_key`` is its ``duplicate_key`` (equal keys: the same text); ``shingles`` the
    ``shingle_hashes`` of its ``article_words``; ``published`` an ISO date or "".
    """

    article_id: str
    published: str
    text_key: bytes
    shingles: np.ndarray
    band_keys: np.ndarray | None = None
    """The LSH band keys of the shingles (``band_keys``), when computed where the article
    was read; the shingles may then be left empty and loaded for the candidates only."""


ShingleLoader = Callable[[Sequence[str]], dict[str, np.ndarray]]
"""Gives the shingles of the named articles (``find_copies`` asks for the candidates' only)."""


@dataclass(frozen=True)
class Copy:
    """An article that is not kept: a copy of ``kept_id``, its cluster's kept article.

    ``status`` is ``duplicate`` when an article kept before it in its cluster has the
    same text (``same_text_as``), else ``near_duplicate``; ``jaccard`` is the similarity
    of its shingles to the kept article's."""

    article_id: str
    kept_id: str
    status: str
    same_text_as: str
    jaccard: float

    @property
    def reason(self) -> str:
        """The ``reason`` cell of ``articles.csv``."""
        if self.status == "near_duplicate":
            return f"near-duplicate of {self.kept_id} (Jaccard {self.jaccard:.2f} over {SHINGLE_WORDS}-word shingles)"
        if self.same_text_as == self.kept_id:
            return f"same text as {self.kept_id}"
        return f"same text as {self.same_text_as}, a near-duplicate of {self.kept_id}"


def article_words(sentence_tokens: Sequence[Sequence[str]]) -> list[str]:
    """The words of an article, title first: the tokens of its normalized sentences
    (``analysis.text.arabic.tokenize`` of ``text_norm``) that hold a letter or a digit,
    as one sequence (shingles run across sentence ends)."""
    return [token for tokens in sentence_tokens for token in tokens if token.isalnum() or is_word(token)]


def shingle_hashes(words: Sequence[str], size: int = SHINGLE_WORDS) -> np.ndarray:
    """The distinct shingles of a word sequence, as sorted 32-bit hashes.

    A shingle is ``size`` consecutive words; a text of fewer words is one shingle, no
    words none. Each word is hashed with CRC-32 of its UTF-8 bytes and the ``size``
    hashes are chained, so the result is the same in every process (Python's ``hash``
    of a string is not). Two different shingles share a hash with probability 2^-32.
    """
    if not words:
        return np.empty(0, dtype=np.uint32)
    word_hashes = np.array(list(map(zlib.crc32, (word.encode("utf-8", "surrogatepass") for word in words))))
    word_hashes = word_hashes.astype(np.uint64)
    count = max(len(words) - size + 1, 1)
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(min(size, len(words))):
        combined = combined * _MIX + word_hashes[offset : offset + count]
    combined *= _MIX  # so that the last word, too, reaches the high 32 bits kept
    return np.unique((combined >> np.uint64(32)).astype(np.uint32))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two shingle sets (sorted distinct hashes); 0.0 when both are empty."""
    if not len(a) and not len(b):
        return 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)


def lsh_bands(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows per band) for the LSH index: the most rows (fewest chance candidates)
    for which a pair at ``threshold`` is proposed with probability >= ``CANDIDATE_RECALL``,
    at least 2 bands."""
    for rows in range(num_perm // 2, 1, -1):
        bands = num_perm // rows
        if 1 - (1 - threshold**rows) ** bands >= CANDIDATE_RECALL:
            return bands, rows
    return num_perm, 1


_BAND_MULTIPLIERS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)


def band_keys(shingles: Sequence[np.ndarray], bands: int, rows: int) -> np.ndarray:
    """Per text, one 64-bit key per LSH band of its MinHash signature (datasketch's MinHash,
    ``NUM_PERM`` permutations, seed ``MINHASH_SEED``): texts whose band keys are equal in a band
    are candidates. An (texts x bands) array of 8 bytes a key (an empty text: zeros, never used),
    where an index of buckets would hold a set per text and band (gigabytes for 10^5 texts)."""
    multipliers = np.resize(_BAND_MULTIPLIERS, rows) + np.arange(rows, dtype=np.uint64) * np.uint64(2)
    template = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, hashfunc=int)
    keys = np.zeros((len(shingles), bands), dtype=np.uint64)
    for position, shingle_set in enumerate(shingles):
        if len(shingle_set):
            minhash = template.copy()
            minhash.update_batch(shingle_set.tolist())
            signature = minhash.hashvalues[: bands * rows].astype(np.uint64).reshape(bands, rows)
            with np.errstate(over="ignore"):
                keys[position] = (signature * multipliers).sum(axis=1, dtype=np.uint64)
    return keys


def near_duplicate_pairs(shingles: Sequence[np.ndarray], threshold: float) -> list[tuple[int, int, float]]:
    """Pairs of texts whose shingle sets have a Jaccard of at least ``threshold``.

    Parameters
    ----------
    shingles: each text's ``shingle_hashes``; empty sets are never paired.
    threshold: the Jaccard threshold, in (0, 1].

    Returns
    -------
    ``(i, j, jaccard)`` with ``i < j`` (positions in ``shingles``), sorted.
    """
    _check_threshold(threshold)
    bands, rows = lsh_bands(threshold)
    usable = [len(shingle_set) > 0 for shingle_set in shingles]
    candidates = candidate_pairs(band_keys(shingles, bands, rows), usable)
    return _verified(candidates, shingles, threshold)


def _check_threshold(threshold: float) -> None:
    if not 0 < threshold <= 1:
        raise ValueError(f"near-duplicate threshold must be > 0 and <= 1, got {threshold!r}")


def _verified(
    candidates: Iterable[tuple[int, int]], shingles: Sequence[np.ndarray] | Mapping[int, np.ndarray], threshold: float
) -> list[tuple[int, int, float]]:
    pairs = []
    for i, j in sorted(candidates):
        similarity = jaccard(shingles[i], shingles[j])
        if similarity >= threshold:
            pairs.append((i, j, similarity))
    return pairs


def candidate_pairs(keys: np.ndarray, usable: Sequence[bool]) -> set[tuple[int, int]]:
    """Pairs of texts (positions ``i < j`` in ``keys``, a texts x bands array of ``band_keys``)
    whose keys are equal in at least one band; texts not ``usable`` (no shingles) are left out."""
    candidates: set[tuple[int, int]] = set()
    positions = np.flatnonzero(np.asarray(usable, dtype=bool))
    for band in range(keys.shape[1] if len(keys) else 0):
        column = keys[positions, band]
        order = np.argsort(column, kind="stable")
        _, starts, sizes = np.unique(column[order], return_index=True, return_counts=True)
        for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist(), strict=True):
            members = sorted(positions[order[start : start + size]].tolist())
            candidates.update(itertools.combinations(members, 2))
    return candidates


def keep_order(article: ArticleText) -> tuple[bool, str, str]:
    """Sort key of the article a cluster keeps: dated before undated, earliest date, then id."""
    return (article.published == "", article.published, article.article_id)


def find_copies(
    articles: Sequence[ArticleText], threshold: float, load_shingles: ShingleLoader | None = None
) -> list[Copy]:
    """Every article that is a copy (same or nearly the same text) of another.

    Parameters
    ----------
    articles: the usable articles, in any order (the result does not depend on it).
    threshold: the Jaccard threshold of near-duplicates, in (0, 1].
    load_shingles: when the articles carry ``band_keys`` and no shingles, gives the shingles
        of the articles that need them (the candidates); None: the articles carry them.

    Returns
    -------
    One ``Copy`` per article that is not kept, sorted by article id; each points at its
    cluster's kept article (earliest published, then smallest id; undated last). Within
    a cluster, the first article (in that order) of each text is a near-duplicate, the
    others of that text duplicates.
    """
    _check_threshold(threshold)
    ordered = sorted(articles, key=lambda article: article.article_id)
    first_of_text: dict[bytes, int] = {}
    parent = list(range(len(ordered)))

    def root(position: int) -> int:
        while parent[position] != position:
            parent[position] = parent[parent[position]]
            position = parent[position]
        return position

    def join(a: int, b: int) -> None:
        parent[max(root(a), root(b))] = min(root(a), root(b))

    texts: list[int] = []  # one position per distinct text: copies with the same text are joined directly
    for position, article in enumerate(ordered):
        if article.text_key in first_of_text:
            join(first_of_text[article.text_key], position)
        else:
            first_of_text[article.text_key] = position
            texts.append(position)
    keys, usable = _text_keys([ordered[position] for position in texts], threshold)
    candidates = candidate_pairs(keys, usable)
    shingles = _shingles(ordered, texts, sorted({i for pair in candidates for i in pair}), load_shingles)
    for i, j, _ in _verified(candidates, shingles, threshold):
        join(texts[i], texts[j])

    clusters: dict[int, list[int]] = {}
    for position in range(len(ordered)):
        clusters.setdefault(root(position), []).append(position)
    text_index = {ordered[position].text_key: index for index, position in enumerate(texts)}
    copies = []
    for members in clusters.values():
        if len(members) == 1:
            continue
        members.sort(key=lambda position: keep_order(ordered[position]))
        kept = ordered[members[0]]
        first_with_text: dict[bytes, str] = {}
        for position in members:
            article = ordered[position]
            same_text_as = first_with_text.setdefault(article.text_key, article.article_id)
            if article is kept:
                continue
            if same_text_as != article.article_id:
                copies.append(Copy(article.article_id, kept.article_id, "duplicate", same_text_as, 1.0))
            else:
                pair = (shingles[text_index[article.text_key]], shingles[text_index[kept.text_key]])
                copies.append(Copy(article.article_id, kept.article_id, "near_duplicate", "", jaccard(*pair)))
    return sorted(copies, key=lambda copy: copy.article_id)


def _text_keys(texts: list[ArticleText], threshold: float) -> tuple[np.ndarray, list[bool]]:
    """The band keys of the distinct texts (carried, or computed from their shingles) and whether each has shingles."""
    bands, rows = lsh_bands(threshold)
    if texts and all(text.band_keys is not None for text in texts):
        keys = np.stack([text.band_keys for text in texts])
        return keys, [bool(text.band_keys.any()) for text in texts]  # type: ignore[union-attr]
    return band_keys([text.shingles for text in texts], bands, rows), [len(text.shingles) > 0 for text in texts]


def _shingles(
    ordered: list[ArticleText], texts: list[int], needed: list[int], load_shingles: ShingleLoader | None
) -> dict[int, np.ndarray]:
    """Shingles of the distinct texts at ``needed`` (positions in ``texts``), carried or loaded."""
    if load_shingles is None:
        return {index: ordered[texts[index]].shingles for index in needed}
    loaded = load_shingles([ordered[texts[index]].article_id for index in needed])
    return {index: loaded[ordered[texts[index]].article_id] for index in needed}
