"""Wilson and bootstrap intervals, share differences (analysis.stats.intervals)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from analysis.stats.intervals import (
    bootstrap_interval,
    bootstrap_share_difference,
    share_difference,
    wilson_interval,
)

Z_95 = 1.959963984540054  # standard normal 0.975 quantile


def closed_form_wilson(successes: int, n: int, z: float) -> tuple[float, float]:
    share = successes / n
    centre = share + z * z / (2 * n)
    spread = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    return ((centre - spread) / (1 + z * z / n), (centre + spread) / (1 + z * z / n))


@pytest.mark.parametrize("successes", [0, 5, 10])
def test_wilson_matches_closed_formula(successes: int) -> None:
    low, high = wilson_interval(successes, 10)
    expected_low, expected_high = closed_form_wilson(successes, 10, Z_95)
    assert low == pytest.approx(expected_low, rel=1e-12, abs=1e-15)
    assert high == pytest.approx(expected_high, rel=1e-12)


def test_wilson_extremes_are_exact_and_symmetric() -> None:
    assert wilson_interval(0, 10)[0] == 0.0
    assert wilson_interval(10, 10)[1] == 1.0
    low, high = wilson_interval(5, 10)
    assert low + high == pytest.approx(1.0, rel=1e-12)


def test_wilson_known_value() -> None:
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4)
    assert high == pytest.approx(0.9433, abs=1e-4)


def test_wilson_wider_at_higher_confidence() -> None:
    low_95, high_95 = wilson_interval(3, 20)
    low_99, high_99 = wilson_interval(3, 20, confidence=0.99)
    assert low_99 < low_95 and high_99 > high_95


def test_wilson_empty_sample_is_nan() -> None:
    assert all(math.isnan(bound) for bound in wilson_interval(0, 0))


@pytest.mark.parametrize(("successes", "n"), [(-1, 10), (11, 10)])
def test_wilson_rejects_impossible_counts(successes: int, n: int) -> None:
    with pytest.raises(ValueError, match=f"successes={successes}, n={n}"):
        wilson_interval(successes, n)


def test_bootstrap_is_deterministic_for_a_seed() -> None:
    values = np.arange(30, dtype=float) ** 1.5

    def mean_of(indices: np.ndarray) -> float:
        return float(values[indices].mean())

    first = bootstrap_interval(len(values), mean_of, n_resamples=500, seed=7)
    assert first == bootstrap_interval(len(values), mean_of, n_resamples=500, seed=7)
    assert first != bootstrap_interval(len(values), mean_of, n_resamples=500, seed=8)


def test_bootstrap_interval_contains_the_mean() -> None:
    values = np.random.default_rng(1).normal(10.0, 2.0, size=200)
    low, high = bootstrap_interval(len(values), lambda indices: float(values[indices].mean()), n_resamples=1000, seed=3)
    assert low < values.mean() < high
    assert high - low < 1.0


def test_bootstrap_empty_or_all_nan_is_nan() -> None:
    empty = bootstrap_interval(0, lambda indices: 0.0, n_resamples=10, seed=0)
    all_nan = bootstrap_interval(5, lambda indices: math.nan, n_resamples=10, seed=0)
    assert all(math.isnan(bound) for bound in empty + all_nan)


def test_share_difference() -> None:
    units = np.array([10, 20, 10])
    assert share_difference(units, np.array([5, 2, 1]), np.array([1, 4, 1])) == pytest.approx((8 - 6) / 40, rel=1e-12)
    assert math.isnan(share_difference(np.zeros(2), np.zeros(2), np.zeros(2)))


def test_bootstrap_share_difference() -> None:
    rng = np.random.default_rng(11)
    units = rng.integers(5, 40, size=60)
    a = rng.binomial(units, 0.3)
    b = rng.binomial(units, 0.1)
    estimate, low, high = bootstrap_share_difference(units, a, b, n_resamples=1000, seed=42)
    assert estimate == pytest.approx((a.sum() - b.sum()) / units.sum(), rel=1e-12)
    assert low < estimate < high
    again = bootstrap_share_difference(units, a, b, n_resamples=1000, seed=42)
    assert again == (estimate, low, high)
