"""How well a selection agrees with hand codes: precision and recall of a search string
(Stryker, Wray, Hornik & Yanovitzky 2006), with Wilson intervals."""

from __future__ import annotations

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
