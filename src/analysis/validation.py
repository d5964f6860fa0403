"""Validation of the dictionary coder against the hand coding.

The hand coding (``data/annotations/validation_sentences.csv``) is keyed by article and a
hash of the sentence's normalized text, so it survives changes to cleaning. It is split
once, stratified and seeded, into a tuning set and a held-out set (``assign_split``).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from analysis.arabic_text import normalize

SPLIT_SEED = 20261123
"""Seed of the tuning / held-out split (fixed once, before the lexicon was tuned)."""
HELD_OUT_SHARE = 1 / 3
"""Share of each stratum (MH x REG hand codes) put in the held-out set."""


def sentence_key(text: str) -> str:
    """Stable key of a sentence: the first 16 hex digits of sha256 of its normalized text."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()[:16]


def assign_split(codes: pd.DataFrame, held_out_share: float = HELD_OUT_SHARE, seed: int = SPLIT_SEED) -> pd.Series:
    """Split hand-coded sentences into ``tuning`` and ``held_out``, stratified by frame codes.

    Parameters
    ----------
    codes: one row per sentence with ``article_id``, ``sentence_hash``, ``mental_health``
        and ``regulation`` (``yes``/``no``).
    held_out_share: share of each stratum held out (rounded to whole sentences).
    seed: seed of the permutation within strata.

    Returns
    -------
    A Series of ``tuning`` / ``held_out`` aligned with ``codes``' index.
    """
    rng = np.random.default_rng(seed)
    split = pd.Series("tuning", index=codes.index)
    ordered = codes.sort_values(["mental_health", "regulation", "article_id", "sentence_hash"])
    for _, stratum in ordered.groupby(["mental_health", "regulation"], sort=True):
        n_held_out = int(round(len(stratum) * held_out_share))
        chosen = rng.permutation(len(stratum))[:n_held_out]
        split.loc[stratum.index[chosen]] = "held_out"
    return split
