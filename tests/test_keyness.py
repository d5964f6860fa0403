"""Fightin' Words, G2, Log Ratio and Benjamini-Hochberg against published values.

Module under test: analysis.keyness.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
import scipy.stats
from scipy.stats import chi2_contingency

from analysis.frames.keyness import (
    benjamini_hochberg,
    fightin_words,
    g2_p_value,
    g2_two_cell,
    informative_prior,
    keyness_table,
    log_ratio,
    signed_g2,
    uniform_prior,
)

DOC_A = Counter("the quick brown fox jumps over the lazy pig".split())
DOC_B = Counter("the lazy purple pig jumps over the lazier donkey".split())
FOX_Z = 0.6894227886807968  # Monroe, Colaresi & Quinn example, uniform a_w = 0.05
UCREL = (52, 50_000, 57, 75_000)  # 52 in 50,000 against 57 in 75,000


def test_fightin_words_published_example() -> None:
    table = fightin_words(DOC_A, DOC_B, uniform_prior(DOC_A | DOC_B, 0.05))
    z = dict(zip(table["term"], table["z"]))
    for term in ("brown", "fox", "quick"):
        assert z[term] == pytest.approx(FOX_Z, rel=1e-12)
    for term in ("donkey", "lazier", "purple"):
        assert z[term] == pytest.approx(-FOX_Z, rel=1e-12)
    for term in ("the", "jumps", "over", "lazy", "pig"):
        assert z[term] == 0.0
    assert list(table.columns) == ["term", "count_a", "count_b", "delta", "variance", "z"]
    assert list(table["term"][:3]) == ["brown", "fox", "quick"]
    assert list(table["term"][-3:]) == ["donkey", "lazier", "purple"]


def test_fightin_words_needs_a_prior_for_every_term() -> None:
    prior = uniform_prior(DOC_A, 0.05)
    with pytest.raises(ValueError, match="donkey"):
        fightin_words(DOC_A, DOC_B, prior)


def test_informative_prior_sums_to_a0() -> None:
    prior = informative_prior({"x": 3, "y": 1}, a0=10.0)
    assert prior == pytest.approx({"x": 7.5, "y": 2.5}, rel=1e-12)


def test_g2_published_example() -> None:
    assert signed_g2(*UCREL) == pytest.approx(2.654064, rel=1e-6)
    assert g2_two_cell(*UCREL) == pytest.approx(2.651710, rel=1e-6)
    assert signed_g2(*UCREL) > 0


@pytest.mark.parametrize(
    ("f1", "n1", "f2", "n2"),
    [
        UCREL,
        (57, 75_000, 52, 50_000),
        (3, 1_000, 40, 2_000),
        (120, 5_000, 90, 9_000),
        (0, 800, 12, 900),
    ],
)
def test_signed_g2_matches_scipy(f1: int, n1: int, f2: int, n2: int) -> None:
    table = [[f1, f2], [n1 - f1, n2 - f2]]
    expected = chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
    g2 = signed_g2(f1, n1, f2, n2)
    assert abs(g2) == pytest.approx(expected, rel=1e-12)
    assert math.copysign(1, g2) == math.copysign(1, f1 / n1 - f2 / n2)


def test_g2_without_the_word_is_zero() -> None:
    assert signed_g2(0, 100, 0, 200) == 0.0


def test_log_ratio_published_example() -> None:
    assert log_ratio(*UCREL) == pytest.approx(0.4525, abs=1e-4)
    assert log_ratio(0, 100, 4, 100) == pytest.approx(math.log2(0.5 / 4), rel=1e-12)


def test_g2_p_value() -> None:
    assert g2_p_value(3.841458820694124) == pytest.approx(0.05, rel=1e-12)
    assert g2_p_value(-3.841458820694124) == g2_p_value(3.841458820694124)


def test_benjamini_hochberg_hand_checked() -> None:
    # sorted p: .01 .02 .03 .04 .20 (m = 5) -> p*m/rank: .05 .05 .05 .05 .20
    p_values = [0.04, 0.01, 0.20, 0.03, 0.02]
    expected = [0.05, 0.05, 0.20, 0.05, 0.05]
    assert benjamini_hochberg(p_values) == pytest.approx(expected, rel=1e-12)
    # a large p-value can lower the q of a smaller one; q never exceeds 1
    assert benjamini_hochberg([0.9, 0.5]) == pytest.approx([0.9, 0.9], rel=1e-12)
    assert benjamini_hochberg([1.0, 0.99, 0.98]).max() <= 1.0
    assert benjamini_hochberg([]).size == 0


def test_benjamini_hochberg_matches_scipy() -> None:
    false_discovery_control = getattr(scipy.stats, "false_discovery_control", None)
    if false_discovery_control is None:
        pytest.skip("scipy.stats.false_discovery_control needs scipy >= 1.11")
    p_values = np.random.default_rng(5).uniform(0, 0.2, size=40)
    assert benjamini_hochberg(p_values) == pytest.approx(false_discovery_control(p_values), rel=1e-12)


def test_keyness_table() -> None:
    counts_a = {"x": 30, "y": 5, "z": 1, "w": 0}
    counts_b = {"x": 10, "y": 20, "z": 0}
    background = {"x": 40, "y": 25, "z": 1, "w": 4}
    table = keyness_table(counts_a, counts_b, background, a0=7.0, min_count=2)
    assert list(table.columns) == [
        "term",
        "count_a",
        "count_b",
        "fw_z",
        "g2",
        "p_value",
        "q_value",
        "log_ratio",
    ]
    assert list(table["term"]) == ["x", "y"]  # z and w have fewer than 2 occurrences
    fw = fightin_words(counts_a, counts_b, informative_prior(background, 7.0)).set_index("term")
    n_a, n_b = 36, 30  # full totals, not those of the rows kept
    for row in table.itertuples():
        assert row.fw_z == pytest.approx(fw.loc[row.term, "z"], rel=1e-12)
        assert row.g2 == pytest.approx(signed_g2(row.count_a, n_a, row.count_b, n_b), rel=1e-12)
        expected_log_ratio = log_ratio(row.count_a, n_a, row.count_b, n_b)
        assert row.log_ratio == pytest.approx(expected_log_ratio, rel=1e-12)
    assert table["q_value"].to_numpy() == pytest.approx(benjamini_hochberg(table["p_value"].to_numpy()), rel=1e-12)
    assert table.loc[0, "fw_z"] > 0 > table.loc[1, "fw_z"]
    assert table.loc[0, "g2"] > 0 > table.loc[1, "g2"]


def test_vectorized_g2_and_log_ratio_equal_the_scalar_formulas() -> None:
    import numpy as np

    from analysis.frames.keyness import log_ratio, log_ratio_array, signed_g2, signed_g2_array

    f1 = np.array([52.0, 0.0, 7.0, 120.0, 3.0])
    f2 = np.array([57.0, 9.0, 0.0, 4.0, 3.0])
    n1, n2 = 50_000.0, 75_000.0
    vectorized = signed_g2_array(f1, n1, f2, n2)
    ratios = log_ratio_array(f1, n1, f2, n2)
    for index in range(len(f1)):
        assert vectorized[index] == pytest.approx(signed_g2(f1[index], n1, f2[index], n2), rel=1e-12, abs=1e-12)
        assert ratios[index] == pytest.approx(log_ratio(f1[index], n1, f2[index], n2), rel=1e-12)


def test_frame_counts_in_batches_equal_counting_at_once() -> None:
    from analysis.frames.keyness import frame_counts

    token_lists = [["a", "b", "a"], ["b", "c"], ["a", "d"], ["e"], ["c", "c", "a"], []]
    mh = [True, False, True, False, True, False]
    reg = [False, True, True, False, False, False]
    mh_only, reg_only, background = frame_counts(token_lists, mh, reg)
    assert mh_only == Counter({"a": 3, "b": 1, "c": 2})
    assert reg_only == Counter({"b": 1, "c": 1})
    assert background == Counter(token for tokens in token_lists for token in tokens)
    into = (Counter(), Counter(), Counter())
    frame_counts(token_lists[:3], mh[:3], reg[:3], into=into)
    frame_counts(token_lists[3:], mh[3:], reg[3:], into=into)
    assert into == (mh_only, reg_only, background)
