"""``reports/metrics.json``: the headline numbers of the frames stage, for ``dvc metrics``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

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
    return {
        "prevalence": prevalence_metrics,
        f"difference_{a.prefix}_minus_{b.prefix}": {
            "sentence_share": total["difference"],
            "ci_low": total["ci_low"],
            "ci_high": total["ci_high"],
            "n_articles": total["n_articles"],
        },
        "validation": validation_metrics,
        "validated": n_hand >= min_validation_sentences,
        "n_hand_coded": n_hand,
        "keyness_a0": keyness_a0,
        "lexicon_indicators": lexicon.size(),
    }
