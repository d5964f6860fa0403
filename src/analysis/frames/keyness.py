"""Keyness between two corpora: Fightin' Words, signed log-likelihood G2, Log Ratio.

Counts are word frequencies; corpus totals are token counts. Every signed measure is
positive for a word more typical of corpus a (the first one) and negative for corpus b.
Formulas and published test values are in the project's methods notes.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain, repeat

import numpy as np
import pandas as pd
from scipy.stats import chi2, false_discovery_control

from analysis.frames.lexicon import Lexicon, default_lexicon
from analysis.text.arabic import normalize, tokenize
from analysis.text.stopwords import Stopwords, load_stopwords

ZERO_COUNT_REPLACEMENT = 0.5  # Hardie (2014): a zero frequency counts as 0.5 in Log Ratio


def fightin_words(counts_a: Mapping[str, int], counts_b: Mapping[str, int], prior: Mapping[str, float]) -> pd.DataFrame:
    """Log-odds ratio with Dirichlet prior (Monroe, Colaresi & Quinn 2008).

    The vocabulary is the union of the keys of both count mappings; a_0 is the prior
    summed over that vocabulary.

    Parameters
    ----------
    counts_a, counts_b: word counts of corpus a and corpus b.
    prior: positive pseudo-count a_w for every vocabulary word.

    Returns
    -------
    DataFrame with columns term, count_a, count_b, delta (log-odds ratio, natural
    log), variance and z (delta / sqrt(variance)); sorted by z descending, then term.
    """
    vocabulary = sorted(set(counts_a) | set(counts_b))
    alpha = _values(prior, vocabulary, 0.0)
    lacking = np.flatnonzero(~(alpha > 0))
    if lacking.size:
        raise ValueError(f"prior has no positive pseudo-count for term {vocabulary[lacking[0]]!r}")
    return _fightin_words_table(vocabulary, _values(counts_a, vocabulary, 0), _values(counts_b, vocabulary, 0), alpha)


def _values(mapping: Mapping[str, float], keys: list[str], missing: float) -> np.ndarray:
    """``mapping``'s values for ``keys`` (``missing`` where absent), as floats."""
    return np.fromiter(map(mapping.get, keys, repeat(missing)), dtype=float, count=len(keys))


def _fightin_words_table(vocabulary: list[str], y_a: np.ndarray, y_b: np.ndarray, alpha: np.ndarray) -> pd.DataFrame:
    """``fightin_words`` on count and prior arrays aligned with the sorted ``vocabulary``."""
    alpha_0 = alpha.sum()
    n_a, n_b = y_a.sum(), y_b.sum()
    delta = np.log((y_a + alpha) / (n_a + alpha_0 - y_a - alpha)) - np.log(
        (y_b + alpha) / (n_b + alpha_0 - y_b - alpha)
    )
    variance = 1 / (y_a + alpha) + 1 / (y_b + alpha)
    z = delta / np.sqrt(variance)
    order = np.argsort(-z, kind="stable")  # z descending; ties keep the vocabulary's (term) order
    return pd.DataFrame(
        {
            "term": np.array(vocabulary, dtype=object)[order],
            "count_a": y_a[order].astype(int),
            "count_b": y_b[order].astype(int),
            "delta": delta[order],
            "variance": variance[order],
            "z": z[order],
        }
    )


def informative_prior(background: Mapping[str, int], a0: float) -> dict[str, float]:
    """Informative Dirichlet prior: a_w = a0 * background_w / sum(background).

    Parameters
    ----------
    background: word counts of a background corpus.
    a0: total pseudo-count (the prior's strength), positive.

    Returns
    -------
    Pseudo-count per background word; they sum to ``a0``.
    """
    if not a0 > 0:
        raise ValueError(f"a0 must be positive, got {a0}")
    total = sum(background.values())
    if not total > 0:
        raise ValueError(f"background counts must have a positive total, got {total}")
    return {term: a0 * count / total for term, count in background.items()}


def uniform_prior(vocabulary: Iterable[str], alpha: float) -> dict[str, float]:
    """Uniform Dirichlet prior: the same pseudo-count ``alpha`` for every word."""
    if not alpha > 0:
        raise ValueError(f"alpha must be positive, got {alpha}")
    return {term: alpha for term in vocabulary}


def _check_table(f1: float, n1: float, f2: float, n2: float) -> None:
    if not (0 <= f1 <= n1 and 0 <= f2 <= n2 and n1 > 0 and n2 > 0):
        raise ValueError(f"need 0 <= f <= n and n > 0, got f1={f1}, n1={n1}, f2={f2}, n2={n2}")


def _expected(f1: float, n1: float, f2: float, n2: float) -> tuple[float, float]:
    joint = f1 + f2
    return (n1 * joint / (n1 + n2), n2 * joint / (n1 + n2))


def _g2_term(observed: float, expected: float) -> float:
    """observed * ln(observed / expected), with 0 ln 0 = 0."""
    return 0.0 if observed == 0 else observed * math.log(observed / expected)


def signed_g2(f1: float, n1: float, f2: float, n2: float) -> float:
    """Log-likelihood G2 on the full 2x2 table, signed (Evert 2023).

    Parameters
    ----------
    f1, n1: frequency of the word in corpus 1 and corpus 1's size in tokens.
    f2, n2: the same for corpus 2.

    Returns
    -------
    G2 (chi-square scale, 1 df), positive when f1 exceeds its expected value E1,
    negative when below.
    """
    _check_table(f1, n1, f2, n2)
    e1, e2 = _expected(f1, n1, f2, n2)
    g2 = 2 * (_g2_term(f1, e1) + _g2_term(f2, e2) + _g2_term(n1 - f1, n1 - e1) + _g2_term(n2 - f2, n2 - e2))
    return float(np.sign(f1 - e1)) * g2


def _g2_terms(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    safe = np.where(observed > 0, observed, 1.0)
    return np.where(observed > 0, observed * np.log(safe / expected), 0.0)


def signed_g2_array(f1: np.ndarray, n1: float, f2: np.ndarray, n2: float) -> np.ndarray:
    """``signed_g2`` for many words at once (arrays of frequencies, corpus sizes fixed)."""
    joint = f1 + f2
    e1, e2 = n1 * joint / (n1 + n2), n2 * joint / (n1 + n2)
    g2 = 2 * (_g2_terms(f1, e1) + _g2_terms(f2, e2) + _g2_terms(n1 - f1, n1 - e1) + _g2_terms(n2 - f2, n2 - e2))
    return np.sign(f1 - e1) * g2


def log_ratio_array(f1: np.ndarray, n1: float, f2: np.ndarray, n2: float) -> np.ndarray:
    """``log_ratio`` for many words at once."""
    f1 = np.where(f1 == 0, ZERO_COUNT_REPLACEMENT, f1)
    f2 = np.where(f2 == 0, ZERO_COUNT_REPLACEMENT, f2)
    return np.log2((f1 / n1) / (f2 / n2))


def g2_two_cell(f1: float, n1: float, f2: float, n2: float) -> float:
    """Log-likelihood G2 as UCREL's calculator computes it: the two frequency cells only.

    Parameters and units as in ``signed_g2``.

    Returns
    -------
    2 [f1 ln(f1/E1) + f2 ln(f2/E2)], unsigned.
    """
    _check_table(f1, n1, f2, n2)
    e1, e2 = _expected(f1, n1, f2, n2)
    return 2 * (_g2_term(f1, e1) + _g2_term(f2, e2))


def log_ratio(f1: float, n1: float, f2: float, n2: float) -> float:
    """Log Ratio effect size (Hardie 2014): log2 of the ratio of relative frequencies.

    Parameters and units as in ``signed_g2``; a zero frequency is replaced by 0.5.

    Returns
    -------
    log2((f1/n1) / (f2/n2)); 1 means twice as frequent in corpus 1.
    """
    _check_table(f1, n1, f2, n2)
    f1 = f1 or ZERO_COUNT_REPLACEMENT
    f2 = f2 or ZERO_COUNT_REPLACEMENT
    return math.log2((f1 / n1) / (f2 / n2))


def g2_p_value(g2: float) -> float:
    """p-value of a (signed) G2: chi-square survival function, 1 df, of the absolute value of ``g2``."""
    return float(chi2.sf(abs(g2), df=1))


def benjamini_hochberg(p_values: Sequence[float]) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values) controlling the false discovery rate
    (``scipy.stats.false_discovery_control``).

    Parameters
    ----------
    p_values: p-values between 0 and 1.

    Returns
    -------
    q-values in the input order, monotone in p and capped at 1; empty for empty input.
    """
    p = np.asarray(p_values, dtype=float)
    if p.size == 0:
        return np.array([], dtype=float)
    if p.ndim != 1 or np.isnan(p).any() or (p < 0).any() or (p > 1).any():
        raise ValueError("p_values must be a flat sequence of numbers between 0 and 1")
    return false_discovery_control(p, method="bh")


def keyness_table(
    counts_a: Mapping[str, int],
    counts_b: Mapping[str, int],
    background: Mapping[str, int],
    a0: float,
    min_count: int = 1,
) -> pd.DataFrame:
    """Keyness of every word between corpus a and corpus b, with several measures.

    Fightin' Words uses an informative prior from the background's relative frequencies
    over the union vocabulary of a and b, scaled so that a_0 (its total) is ``a0``.
    G2 and Log Ratio use the full corpus totals, before ``min_count`` filtering.

    Parameters
    ----------
    counts_a, counts_b: word counts of corpus a and corpus b.
    background: word counts covering every word of both corpora.
    a0: total pseudo-count of the informative prior.
    min_count: keep words with count_a + count_b >= min_count.

    Returns
    -------
    DataFrame with columns term, count_a, count_b, fw_z, g2 (signed), p_value,
    q_value (Benjamini-Hochberg over the rows kept) and log_ratio (log2); positive
    values mean more typical of corpus a. Sorted by fw_z descending, then term.
    """
    vocabulary = sorted(set(counts_a) | set(counts_b))
    in_background = _values(background, vocabulary, 0)
    missing = np.flatnonzero(~(in_background > 0))
    if missing.size:
        raise ValueError(f"the background has no count for {vocabulary[missing[0]]!r}: it must cover both corpora")
    alpha = a0 * in_background / in_background.sum()  # informative_prior over the vocabulary
    words = _fightin_words_table(vocabulary, _values(counts_a, vocabulary, 0), _values(counts_b, vocabulary, 0), alpha)
    words = words[words["count_a"] + words["count_b"] >= min_count]
    n_a, n_b = sum(counts_a.values()), sum(counts_b.values())
    f_a, f_b = words["count_a"].to_numpy(float), words["count_b"].to_numpy(float)
    g2 = signed_g2_array(f_a, n_a, f_b, n_b)
    p_values = chi2.sf(np.abs(g2), df=1)
    return pd.DataFrame(  # already sorted by fw_z descending, then term
        {
            "term": words["term"].to_numpy(),
            "count_a": words["count_a"].to_numpy(),
            "count_b": words["count_b"].to_numpy(),
            "fw_z": words["z"].to_numpy(),
            "g2": g2,
            "p_value": p_values,
            "q_value": benjamini_hochberg(p_values),
            "log_ratio": log_ratio_array(f_a, n_a, f_b, n_b),
        }
    )


_HAS_LETTER = re.compile(r"[^\W\d_]")


def keyness_words(tokens: list[str]) -> list[str]:
    """The tokens (normalized) that keyness compares: those holding a letter."""
    return [token for token in tokens if _HAS_LETTER.search(token)]


def frame_counts(
    token_lists: Iterable[list[str]],
    side_a: Iterable[bool],
    side_b: Iterable[bool],
    into: tuple[Counter[str], Counter[str], Counter[str]] | None = None,
) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Token counts of the sentences carrying frame a but not b, those carrying b but not a,
    and all sentences (the background). ``keyness_from_counts`` keeps the words among them
    (``keyness_words``).

    ``side_a``, ``side_b``: per sentence, whether it carries the compared frame a / b.
    ``into``: counters to add to (batches of a large corpus, counted in C as they come).
    """
    a_only, b_only, background = into or (Counter(), Counter(), Counter())
    token_lists = token_lists if isinstance(token_lists, list) else list(token_lists)
    side_a, side_b = np.fromiter(side_a, dtype=bool), np.fromiter(side_b, dtype=bool)
    background.update(chain.from_iterable(token_lists))
    a_only.update(chain.from_iterable(map(token_lists.__getitem__, np.flatnonzero(side_a & ~side_b).tolist())))
    b_only.update(chain.from_iterable(map(token_lists.__getitem__, np.flatnonzero(side_b & ~side_a).tolist())))
    return a_only, b_only, background


def frame_keyness(
    sentences: pd.DataFrame,
    sentence_frames: pd.DataFrame,
    a0: float,
    min_count: int,
    lexicon: Lexicon | None = None,
    compare: Sequence[str] | None = None,
) -> pd.DataFrame:
    """``keyness.csv``: words typical of sentences carrying the compared frame a but not b,
    against those carrying b but not a (mental health against regulation by default).

    Sentences with both compared frames, or neither, are left out of the two sides but
    count in the background (the whole corpus), whose relative frequencies form the
    informative prior with total ``a0``.

    Returns
    -------
    ``keyness_table`` with its count columns named ``count_<prefix>`` after the two frames'
    prefixes (``count_mh``, ``count_reg``), and ``stopword``; positive values lean to frame a.
    """
    lexicon = lexicon or default_lexicon()
    a, b = lexicon.compared(compare)
    coded = sentences[["article_id", "sentence_id", "text"]].merge(sentence_frames, on=["article_id", "sentence_id"])
    counts = frame_counts((tokenize(normalize(text)) for text in coded["text"]), coded[a.name], coded[b.name])
    return keyness_from_counts(*counts, a0=a0, min_count=min_count, prefixes=(a.prefix, b.prefix))


def keyness_from_counts(
    a_only: Counter[str],
    b_only: Counter[str],
    background: Counter[str],
    a0: float,
    min_count: int,
    prefixes: tuple[str, str],
    stopwords: Stopwords | None = None,
) -> pd.DataFrame:
    """``keyness_table`` of side a's against side b's word counts (tokens holding a letter),
    count columns ``count_<prefix a>`` / ``count_<prefix b>``, and a ``stopword`` column
    (``stopwords``, default ``load_stopwords()``): every word is kept, flagged."""
    words = set(keyness_words(list(a_only.keys() | b_only.keys())))
    a_only = Counter({token: count for token, count in a_only.items() if token in words})
    b_only = Counter({token: count for token, count in b_only.items() if token in words})
    count_columns = {"count_a": f"count_{prefixes[0]}", "count_b": f"count_{prefixes[1]}"}
    if not a_only or not b_only:
        columns = ["term", *count_columns.values(), "fw_z", "g2", "p_value", "q_value", "log_ratio", "stopword"]
        return pd.DataFrame(columns=columns)
    table = keyness_table(a_only, b_only, background, a0, min_count).rename(columns=count_columns)
    return table.assign(stopword=table["term"].map((stopwords or load_stopwords()).is_stopword).astype(bool))


def ranked_words(keyness: pd.DataFrame, skip_stopwords: bool) -> pd.DataFrame:
    """The rows of ``keyness.csv`` that rankings show (head: side a, tail: side b): every word, or,
    with ``skip_stopwords``, the words not flagged ``stopword``."""
    return keyness[~keyness["stopword"].astype(bool)] if skip_stopwords else keyness
