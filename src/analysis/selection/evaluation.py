"""How well a selection agrees with hand codes: precision and recall of a search string
(Stryker, Wray, Hornik & Yanovitzky 2006), with Wilson intervals; over an archive, from a
stratified sample, with design weights."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.stats.intervals import wilson_interval

EVALUATION_COLUMNS = [
    "rule",
    "split",
    "n",
    "hand_relevant",
    "selected",
    "tp",
    "precision",
    "precision_low",
    "precision_high",
    "recall",
    "recall_low",
    "recall_high",
]


def selection_agreement(hand: pd.Series, selected: pd.Series, split: pd.Series, rule: str) -> pd.DataFrame:
    """Precision and recall of ``selected`` against ``hand``, per split and over all.

    Parameters
    ----------
    hand: the hand codes (bool, True = relevant), one per article.
    selected: the rule's decisions (bool), aligned with ``hand``.
    split: each article's part of the sample (e.g. ``tuning``, ``held_out``).
    rule: the rule's name, copied into the ``rule`` column.

    Returns
    -------
    One row per split (sorted) and one for ``all``: ``n``, ``hand_relevant``, ``selected``,
    ``tp``, precision = tp / selected and recall = tp / hand_relevant, each with its 95 %
    Wilson interval (NaN when its denominator is 0).
    """
    frame = pd.DataFrame({"hand": hand.astype(bool).to_numpy(), "selected": selected.astype(bool).to_numpy()})
    frame["split"] = split.astype(str).to_numpy()
    rows = []
    for name in [*sorted(frame["split"].unique()), "all"]:
        part = frame if name == "all" else frame[frame["split"] == name]
        tp = int((part["hand"] & part["selected"]).sum())
        n_selected, n_relevant = int(part["selected"].sum()), int(part["hand"].sum())
        precision_low, precision_high = wilson_interval(tp, n_selected)
        recall_low, recall_high = wilson_interval(tp, n_relevant)
        rows.append(
            {
                "rule": rule,
                "split": name,
                "n": len(part),
                "hand_relevant": n_relevant,
                "selected": n_selected,
                "tp": tp,
                "precision": tp / n_selected if n_selected else float("nan"),
                "precision_low": precision_low,
                "precision_high": precision_high,
                "recall": tp / n_relevant if n_relevant else float("nan"),
                "recall_low": recall_low,
                "recall_high": recall_high,
            }
        )
    return pd.DataFrame(rows, columns=EVALUATION_COLUMNS)


JEFFREYS_PRIOR = 0.5
"""Pseudo-count each side (relevant, not relevant) gets in a Beta posterior of a share."""


def stratified_selection_agreement(
    hand: pd.Series,
    selected: pd.Series,
    stratum: pd.Series,
    stratum_sizes: dict[str, int],
    split: pd.Series,
    rule: str,
    draws: int = 4000,
    seed: int = 0,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Precision and recall of ``selected`` over an archive, from a stratified hand-coded sample.

    The sample was drawn at random within strata of known size (e.g. "the rule selected it"
    and "a social-media word occurs, the rule did not select it"), at different rates, so each
    coded article stands for ``N_h / n_h`` articles of its stratum. The point estimates are
    these design weights' ratios (tp / selected and tp / relevant, weighted). The intervals are
    posterior percentiles: in each stratum the share of relevant articles among the selected
    and among the others gets a Beta posterior with Jeffreys' prior (``JEFFREYS_PRIOR`` per
    side), scaled by the stratum's selected and other articles (``N_h`` times the sample's
    shares; exact when the strata were defined by the rule's own decisions), and summed over
    strata. Unlike a normal interval, this one stays open when a stratum's sample holds no
    relevant article.

    Parameters
    ----------
    hand, selected: the hand codes and the rule's decisions (bool), aligned.
    stratum: each article's stratum; stratum_sizes: N_h, the stratum's size in the archive.
    split: each article's part of the sample; every split (sorted) and ``all`` get a row, the
        split's own sample standing for the whole stratum.
    rule: copied into the ``rule`` column. draws, seed: posterior draws and their seed.

    Returns
    -------
    The columns of ``selection_agreement`` (``n``, ``hand_relevant``, ``selected`` and ``tp``
    are the sample's counts; precision and recall the weighted estimates with their intervals).
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    frame = pd.DataFrame(
        {
            "hand": hand.astype(bool).to_numpy(),
            "selected": selected.astype(bool).to_numpy(),
            "stratum": stratum.astype(str).to_numpy(),
            "split": split.astype(str).to_numpy(),
        }
    )
    unknown = sorted(set(frame["stratum"]) - set(stratum_sizes))
    if unknown:
        raise KeyError(f"no stratum size for {', '.join(unknown)} (stratum_sizes: {sorted(stratum_sizes)})")
    rng = np.random.default_rng(seed)
    tail = (1 - confidence) / 2
    rows = []
    for name in [*sorted(frame["split"].unique()), "all"]:
        part = frame if name == "all" else frame[frame["split"] == name]
        weighted = np.zeros(4)
        drawn = np.zeros((draws, 3))
        for label, group in part.groupby("stratum", sort=True):
            counts = _cell_counts(group["hand"].to_numpy(), group["selected"].to_numpy())
            scale = stratum_sizes[str(label)] / len(group)
            weighted += counts * scale
            n_selected_h, n_other_h = counts[0] + counts[1], counts[2] + counts[3]
            if n_selected_h:
                share = rng.beta(counts[0] + JEFFREYS_PRIOR, counts[1] + JEFFREYS_PRIOR, size=draws)
                drawn[:, 0] += n_selected_h * scale * share
                drawn[:, 1] += n_selected_h * scale * (1 - share)
            if n_other_h:
                drawn[:, 2] += (
                    n_other_h * scale * rng.beta(counts[2] + JEFFREYS_PRIOR, counts[3] + JEFFREYS_PRIOR, size=draws)
                )
        tp, n_selected, n_relevant = weighted[0], weighted[0] + weighted[1], weighted[0] + weighted[2]
        with np.errstate(invalid="ignore", divide="ignore"):
            precision_draws = drawn[:, 0] / (drawn[:, 0] + drawn[:, 1])
            recall_draws = drawn[:, 0] / (drawn[:, 0] + drawn[:, 2])
        rows.append(
            {
                "rule": rule,
                "split": name,
                "n": len(part),
                "hand_relevant": int(part["hand"].sum()),
                "selected": int(part["selected"].sum()),
                "tp": int((part["hand"] & part["selected"]).sum()),
                "precision": tp / n_selected if n_selected else float("nan"),
                "precision_low": _quantile(precision_draws, tail),
                "precision_high": _quantile(precision_draws, 1 - tail),
                "recall": tp / n_relevant if n_relevant else float("nan"),
                "recall_low": _quantile(recall_draws, tail),
                "recall_high": _quantile(recall_draws, 1 - tail),
            }
        )
    return pd.DataFrame(rows, columns=EVALUATION_COLUMNS)


def _cell_counts(hand: np.ndarray, selected: np.ndarray) -> np.ndarray:
    """Counts of (relevant & selected, not relevant & selected, relevant & not selected, neither)."""
    return np.array(
        [(hand & selected).sum(), (~hand & selected).sum(), (hand & ~selected).sum(), (~hand & ~selected).sum()],
        dtype=float,
    )


def _quantile(values: np.ndarray, q: float) -> float:
    """The q-quantile of the finite draws (NaN when there is none: an empty denominator)."""
    finite = values[np.isfinite(values)]
    return float(np.quantile(finite, q)) if len(finite) else float("nan")
