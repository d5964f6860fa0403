"""Inter-coder reliability: Krippendorff's alpha (in-house; the PyPI package is GPL-3)."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

LEVELS = ("nominal", "interval")


def krippendorff_alpha(data: ArrayLike, level: str = "nominal") -> float:
    """Krippendorff's alpha from the coincidence matrix (Krippendorff 2011).

    Parameters
    ----------
    data: coders x units table of numeric codes; nan or None marks a missing code.
        Units with fewer than two codes are not pairable and are ignored.
    level: "nominal" (any two different codes disagree equally) or "interval"
        (squared difference of the codes).

    Returns
    -------
    Alpha: 1 is perfect agreement, 0 agreement at chance level; nan when no unit is
    pairable or the expected disagreement is 0 (a single code value).
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    codes = np.array(data, dtype=float)
    if codes.ndim != 2:
        raise ValueError(f"data must be 2-D (coders x units), got shape {codes.shape}")
    values = np.unique(codes[~np.isnan(codes)])
    # counts[u, c]: how many coders gave value c to unit u
    counts = np.zeros((codes.shape[1], values.size))
    coder_idx, unit_idx = np.nonzero(~np.isnan(codes))
    np.add.at(counts, (unit_idx, np.searchsorted(values, codes[coder_idx, unit_idx])), 1)
    pairable = counts.sum(axis=1)
    counts = counts[pairable >= 2]
    pairable = pairable[pairable >= 2]
    if pairable.size == 0:
        return math.nan
    weighted = counts / (pairable - 1)[:, None]
    coincidences = weighted.T @ counts - np.diag(weighted.sum(axis=0))
    value_totals = coincidences.sum(axis=1)
    n_total = value_totals.sum()
    if level == "nominal":
        distance = 1.0 - np.eye(values.size)
    else:
        distance = (values[:, None] - values[None, :]) ** 2
    observed = (coincidences * distance).sum()
    expected = (np.outer(value_totals, value_totals) * distance).sum()
    if expected == 0:
        return math.nan
    return float(1 - (n_total - 1) * observed / expected)
