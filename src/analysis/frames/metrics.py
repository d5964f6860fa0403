"""``reports/metrics.json``: the headline numbers of the frames stage, for ``dvc metrics``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from analysis.config.params import DICTIONARY
from analysis.frames.coder_comparison import width_gained
from analysis.frames.lexicon import Lexicon
from analysis.frames.validation import macro_f1


def frames_metrics(
    prevalence: pd.DataFrame,
    difference: pd.DataFrame,
    validation: pd.DataFrame,
    lexicon: Lexicon,
    keyness_a0: float,
    compare: Sequence[str] | None = None,
    n_hand_coded: int | None = None,
    min_validation_sentences: int = 1,
    estimates: pd.DataFrame | None = None,
    coverage: Any = None,
    coder: str = DICTIONARY,
    comparison: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """Prevalence of every frame (whole corpus), the difference between the compared frames
    (``difference_<a>_minus_<b>``, after their prefixes), validation and the lexicon's size.

    Parameters
    ----------
    prevalence, difference, validation: tables of ``analysis.frames.prevalence`` and
        ``analysis.frames.validation``.
    lexicon: the dictionary used.
    compare: the two compared frames (None: the first two of the lexicon).
    n_hand_coded: hand-coded sentences matched to the corpus (None: those of ``validation``).
    min_validation_sentences: how many make the results ``validated`` on this corpus.
    keyness_a0: the Fightin' Words prior's total pseudo-count.
    estimates, coverage: ``analysis.frames.estimates`` (``estimate_table``, ``design_coverage``): the
        ``estimates`` block (the method, n, N, each quantity overall); none without them.
    coder: the coder of the frame columns (params.yaml ``coder``), recorded as ``coder``.
    comparison: ``coder_comparison.coder_comparison``: the ``coders`` block (per coder and quantity, the
        held-out and cross-validated F1 and the corrected interval's width; ``width_gained`` with both
        coders); none without it.

    Returns
    -------
    A nested mapping; shares and differences are proportions (0-1).
    """
    a, b = lexicon.compared(compare)
    if n_hand_coded is None:
        n_hand_coded = int(validation.drop_duplicates("split")["n"].sum()) if len(validation) else 0
    n_hand = n_hand_coded
    overall = prevalence[prevalence["grouping"] == "all"]
    prevalence_metrics: dict[str, Any] = {}
    for record in overall.itertuples(index=False):
        prevalence_metrics.setdefault(record.unit, {})[record.frame] = {
            "share": record.share,
            "ci_low": record.ci_low,
            "ci_high": record.ci_high,
            "k": record.k,
            "n": record.n,
        }
    total = difference[difference["grouping"] == "all"].iloc[0]
    validation_metrics: dict[str, Any] = {}
    for split in ("tuning", "held_out"):
        part = validation[validation["split"] == split]
        n_split = int(part["n"].iloc[0]) if len(part) else 0
        validation_metrics[split] = {"macro_f1": macro_f1(validation, split), "n_sentences": n_split}
        for record in part.itertuples(index=False):
            validation_metrics[split][record.frame] = {
                measure: getattr(record, measure) for measure in ("precision", "recall", "f1", "alpha")
            }
    result = {
        "prevalence": prevalence_metrics,
        f"difference_{a.prefix}_minus_{b.prefix}": {
            "sentence_share": total["difference"],
            "ci_low": total["ci_low"],
            "ci_high": total["ci_high"],
            "n_articles": total["n_articles"],
        },
        "coder": coder,
        "validation": validation_metrics,
        "validated": n_hand >= min_validation_sentences,
        "n_hand_coded": n_hand,
        "keyness_a0": keyness_a0,
        "lexicon_indicators": lexicon.size(),
    }
    if estimates is not None:
        result["estimates"] = estimates_metrics(estimates, coverage)
    if comparison is not None:
        result["coders"] = coders_metrics(comparison)
    return result


def coders_metrics(comparison: pd.DataFrame) -> dict[str, Any]:
    """Per coder and quantity of ``coder_comparison``: held-out and cross-validated F1 and the width of the
    corrected 95 % interval; ``width_gained`` (the learned coder's narrowing, ``width_gained``) with both."""
    coders: dict[str, Any] = {}
    for record in comparison.itertuples(index=False):
        entry = coders.setdefault(record.coder, {"used": bool(record.used), "quantities": {}})
        entry["quantities"][record.quantity] = {
            "held_out_f1": record.held_out_f1,
            "cv_f1": record.cv_f1,
            "ci_width": record.ci_width,
        }
    gained = width_gained(comparison)
    return coders | ({"width_gained": gained} if gained else {})


def estimates_metrics(estimates: pd.DataFrame, coverage: Any) -> dict[str, Any]:
    """The overall corrected estimates: method, n (hand-coded), N (sentences), the design's coverage and,
    per quantity, the coder's share, the estimate and its 95 % interval (None without a correction)."""
    overall = estimates[estimates["grouping"] == "all"]
    first = overall.iloc[0]
    corrected = bool(overall["status"].str.startswith("estimated").all())
    quantities = {
        record.quantity: {
            "coder_share": record.coder_share,
            "estimate": record.estimate if corrected else None,
            "ci_low": record.ci_low if corrected else None,
            "ci_high": record.ci_high if corrected else None,
        }
        for record in overall.itertuples(index=False)
    }
    return {
        "method": "post-stratified by the coder's codes within the design's strata; 95 % interval: quantiles "
        "of a finite-population posterior, Jeffreys prior with Clopper-Pearson boundaries "
        "(analysis.stats.estimation)",
        "corrected": corrected,
        "status": str(first["status"]),
        "design": coverage.status if coverage is not None else "",
        "design_population": coverage.design_population if coverage is not None else None,
        "n": int(first["n_hand_coded"]),
        "N": int(first["n_sentences"]),
        "quantities": quantities,
    }
