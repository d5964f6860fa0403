"""The coders side by side (``coder_comparison.csv``): how well each codes, and how wide its corrected estimates are.

For each coder the run has (the dictionary always; the learned coder with ``coder: classifier``), per frame:

- **held-out scores**: its codes of the estimation sheet's held-out rows (``split`` ``held_out``: rows not
  used to revise the dictionary) against their hand codes, weighted by the design as in ``validation.csv``;
  the learned coder's codes of these rows are cross-fitted, so they are held-out too;
- **cross-validated scores** on the learned coder's training rows (unweighted): the learned coder's from its
  cross-validation, the dictionary's as its codes stand (nothing is fitted); none without a learned coder;
- the **corrected estimate** of every share and of the difference, from the same hand-coded sample and
  design, post-stratified by that coder's codes, and its 95 % interval's width: the width a coder gains is
  measured on the same sample, not claimed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.config.params import CLASSIFIER, CODERS, DICTIONARY
from analysis.config.tables import CODER_COMPARISON
from analysis.frames.coding import dictionary_codes
from analysis.frames.estimates import (
    Coverage,
    distinct_sentences,
    estimated_difference,
    estimated_frames,
    overall_estimates,
)
from analysis.frames.lexicon import Lexicon
from analysis.frames.validation import agreement

SCORES = ("precision", "recall", "f1")


def coder_populations(
    population: pd.DataFrame, sentences: pd.DataFrame, sentence_frames: pd.DataFrame, lexicon: Lexicon, used: str
) -> dict[str, pd.DataFrame]:
    """Per coder the run has, ``distinct_sentences`` with its codes: the run's coder's ``population``, and
    with a learned coder the dictionary's too (``dictionary_codes``: read from its matched indicators)."""
    populations = {used: population}
    if used != DICTIONARY:
        codes = dictionary_codes(sentence_frames, lexicon)
        populations[DICTIONARY] = distinct_sentences(sentences, codes, lexicon.names)
    return populations


def coder_comparison(
    populations: dict[str, pd.DataFrame],
    hand_codes: pd.DataFrame,
    sample: pd.DataFrame,
    coverage: Coverage,
    frames: Sequence[str],
    compare: Sequence[str],
    min_hand_coded: int,
    used: str,
    training: dict[str, dict[str, dict[str, float]]] | None = None,
) -> pd.DataFrame:
    """``coders.csv``: one row per coder and quantity (each frame, then the difference of ``compare``).

    Parameters
    ----------
    populations: per coder, ``distinct_sentences`` of the run with that coder's codes (the same rows).
    hand_codes: the estimation sheet's coded rows (``read_hand_codes``: ``split``, ``weight``, yes/no).
    sample, coverage: ``estimation_sample`` and ``design_coverage`` (the same for every coder).
    frames, compare, min_hand_coded: as in ``estimate_table``.
    used: the run's coder (``coder`` in params.yaml).
    training: ``learned_coding.training_scores`` (per coder and frame: n, precision, recall, f1); None: none.

    Returns
    -------
    Columns coder, used, quantity, coder_share, estimate, ci_low, ci_high, ci_width, held_out_n,
    held_out_precision, held_out_recall, held_out_f1, cv_n, cv_precision, cv_recall, cv_f1; coders in the
    order of ``CODERS``. Scores are empty for the difference and where undefined.
    """
    training = training or {}
    estimated = estimated_frames(frames, sample)
    difference = estimated_difference(compare, estimated)
    held_out = hand_codes[hand_codes["split"] == "held_out"].drop_duplicates(["article_id", "sentence_hash"])
    rows = []
    for coder in [name for name in CODERS if name in populations]:
        population = populations[coder]
        overall = overall_estimates(population, sample, coverage, estimated, difference, min_hand_coded)
        coded = held_out.merge(population, on=["article_id", "sentence_hash"], suffixes=("_hand", ""))
        for record in overall.itertuples(index=False):
            row: dict[str, Any] = {
                "coder": coder,
                "used": coder == used,
                "quantity": record.quantity,
                "coder_share": record.coder_share,
                "estimate": record.estimate,
                "ci_low": record.ci_low,
                "ci_high": record.ci_high,
                "ci_width": record.ci_high - record.ci_low,
            }
            row |= _held_out_scores(coded, record.quantity)
            scores = training.get(coder, {}).get(record.quantity, {})
            row["cv_n"] = int(scores.get("n", 0))
            row |= {f"cv_{measure}": float(scores.get(measure, np.nan)) for measure in SCORES}
            rows.append(row)
    return pd.DataFrame(rows, columns=CODER_COMPARISON.column_names())


def _held_out_scores(coded: pd.DataFrame, quantity: str) -> dict[str, Any]:
    """n, precision, recall and F1 (weighted by the design) of a frame's codes against the hand codes of the
    held-out rows; empty scores for a difference or a frame the sheet does not code."""
    if f"{quantity}_hand" not in coded.columns:
        return {"held_out_n": 0} | {f"held_out_{measure}": np.nan for measure in SCORES}
    measures = agreement(
        (coded[f"{quantity}_hand"] == "yes").to_numpy(), coded[quantity].to_numpy(bool), coded["weight"].to_numpy(float)
    )
    return {"held_out_n": int(measures["n"])} | {f"held_out_{measure}": measures[measure] for measure in SCORES}


def width_gained(comparison: pd.DataFrame) -> dict[str, float]:
    """Per quantity, how much narrower the learned coder's corrected interval is than the dictionary's on the
    same sample: 1 - width(classifier) / width(dictionary) (0.3: 30 % narrower; negative: wider). Empty
    without both coders or without corrected estimates."""
    widths = comparison.pivot(index="quantity", columns="coder", values="ci_width")
    if not set(CODERS) <= set(widths.columns):
        return {}
    gained = 1 - widths[CLASSIFIER] / widths[DICTIONARY]
    order = list(dict.fromkeys(comparison["quantity"]))
    return {quantity: float(gained[quantity]) for quantity in order if np.isfinite(gained[quantity])}
