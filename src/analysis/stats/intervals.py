"""Intervals for shares and differences of shares: Wilson and percentile bootstrap.

Only numpy and scipy are used. Shares are proportions (0 to 1), never percentages.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy.stats import binomtest


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence}")


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion (``scipy.stats.binomtest(...).proportion_ci``).

    Parameters
    ----------
    successes: number of units carrying the property (0 <= successes <= n).
    n: number of units observed.
    confidence: coverage of the two-sided interval, e.g. 0.95.

    Returns
    -------
    (low, high) as proportions between 0 and 1; (nan, nan) when ``n`` is 0.
    """
    _check_confidence(confidence)
    if n < 0 or not 0 <= successes <= n:
        raise ValueError(f"need 0 <= successes <= n, got successes={successes}, n={n}")
    if n == 0:
        return (math.nan, math.nan)
    interval = binomtest(successes, n).proportion_ci(confidence_level=confidence, method="wilson")
    # The bounds are exactly 0 and 1 at the extremes; the formula can miss by an ulp.
    low = 0.0 if successes == 0 else float(interval.low)
    high = 1.0 if successes == n else float(interval.high)
    return (low, high)


def bootstrap_interval(
    n_items: int,
    statistic: Callable[[np.ndarray], float],
    n_resamples: int,
    seed: int,
    confidence: float = 0.95,
) -> tuple[float, float]:
    """Percentile bootstrap interval of a statistic computed on resampled items.

    Each resample is an array of ``n_items`` indices drawn with replacement from
    0..n_items-1 by ``np.random.default_rng(seed)``; resamples whose statistic is nan
    are dropped.

    Parameters
    ----------
    n_items: number of items (e.g. articles) to resample.
    statistic: function of an index array returning the statistic (a float).
    n_resamples: number of bootstrap resamples (at least 1).
    seed: random seed; the same seed gives the same interval.
    confidence: coverage of the two-sided interval.

    Returns
    -------
    (low, high): the (1 - confidence)/2 and 1 - (1 - confidence)/2 quantiles of the
    resampled statistic, in the statistic's unit; (nan, nan) when ``n_items`` is 0 or
    every resample gave nan.
    """
    _check_confidence(confidence)
    if n_items < 0:
        raise ValueError(f"n_items must be >= 0, got {n_items}")
    if n_resamples < 1:
        raise ValueError(f"n_resamples must be >= 1, got {n_resamples}")
    if n_items == 0:
        return (math.nan, math.nan)
    rng = np.random.default_rng(seed)
    values = np.array(
        [statistic(rng.integers(0, n_items, size=n_items)) for _ in range(n_resamples)],
        dtype=float,
    )
    values = values[~np.isnan(values)]
    if values.size == 0:
        return (math.nan, math.nan)
    tail = (1 - confidence) / 2
    low, high = np.quantile(values, [tail, 1 - tail])
    return (float(low), float(high))


def share_difference(units: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    """Pooled difference of two shares: (sum(a) - sum(b)) / sum(units).

    Parameters
    ----------
    units: per item (e.g. article) number of units, e.g. sentences.
    a, b: per item number of units carrying property a and property b.

    Returns
    -------
    The difference as a proportion of all units (between -1 and 1); nan when there
    are no units.
    """
    units, a, b = (np.asarray(values, dtype=float) for values in (units, a, b))
    if not units.shape == a.shape == b.shape:
        raise ValueError(f"shapes differ: units {units.shape}, a {a.shape}, b {b.shape}")
    total = units.sum()
    if total == 0:
        return math.nan
    return float((a.sum() - b.sum()) / total)


def bootstrap_share_difference(
    units: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    n_resamples: int,
    seed: int,
    confidence: float = 0.95,
) -> tuple[float, float, float]:
    """``share_difference`` with an item-level percentile bootstrap interval.

    Items (array positions, e.g. articles) are resampled with replacement, so units
    of the same item stay together.

    Parameters
    ----------
    units, a, b: per item counts, as in ``share_difference``.
    n_resamples, seed, confidence: as in ``bootstrap_interval``.

    Returns
    -------
    (estimate, low, high) as proportions of all units.
    """
    units, a, b = (np.asarray(values, dtype=float) for values in (units, a, b))
    estimate = share_difference(units, a, b)

    def resampled_difference(indices: np.ndarray) -> float:
        return share_difference(units[indices], a[indices], b[indices])

    low, high = bootstrap_interval(len(units), resampled_difference, n_resamples, seed, confidence)
    return (estimate, low, high)
