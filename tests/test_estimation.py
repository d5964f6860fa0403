"""analysis.stats.estimation: corrected shares against a census, a textbook example and full enumeration."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from analysis.stats.estimation import corrected_shares, domain_shares, stratified_normal

FRAMES = ["a", "b"]


def population(n: int = 400, seed: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    coder = pd.DataFrame({"a": rng.random(n) < 0.1, "b": rng.random(n) < 0.3})
    truth = pd.DataFrame({"a": coder["a"] ^ (rng.random(n) < 0.05), "b": coder["b"] ^ (rng.random(n) < 0.1)})
    return coder, truth


def test_a_census_returns_the_truth_with_a_zero_width_interval() -> None:
    coder, truth = population()
    table = corrected_shares(coder, truth.assign(weight=1.0, stratum="all"), FRAMES, compare=FRAMES)
    expected = [truth["a"].mean(), truth["b"].mean(), truth["a"].mean() - truth["b"].mean()]
    assert table["estimate"].tolist() == pytest.approx(expected)
    assert (table["ci_low"] == table["estimate"]).all() and (table["ci_high"] == table["estimate"]).all()
    assert table["coder_share"].tolist()[:2] == pytest.approx([coder["a"].mean(), coder["b"].mean()])
    assert table["quantity"].tolist() == ["a", "b", "a - b"]


def test_stratified_by_the_coder_it_is_the_stratified_estimator_and_the_interval_holds_it() -> None:
    coder, truth = population()
    strata = np.where(coder["a"], "A", np.where(coder["b"], "B", "none"))
    rows = []
    for stratum in ("A", "B", "none"):
        members = np.flatnonzero(strata == stratum)
        chosen = np.random.default_rng(1).choice(members, size=min(30, len(members)), replace=False)
        rows.append(truth.loc[chosen].assign(stratum=stratum, weight=len(members) / len(chosen)))
    sample = pd.concat(rows)
    table = corrected_shares(coder, sample, FRAMES).set_index("quantity")
    sizes = {s: int((strata == s).sum()) for s in ("A", "B", "none")}
    for frame in FRAMES:
        mean, _, _, _ = stratified_normal(sample[frame].to_numpy(float), sample["stratum"].to_numpy(), sizes)
        assert table.loc[frame, "estimate"] == pytest.approx(mean)
        assert table.loc[frame, "ci_low"] <= mean <= table.loc[frame, "ci_high"]


def test_a_stratum_without_a_hand_coded_positive_still_gets_an_interval() -> None:
    coder = pd.DataFrame({"a": [False] * 1000, "b": [False] * 1000})
    sample = coder.iloc[:40].assign(weight=25.0, stratum="none")  # 40 of 1,000 coded by hand: none carries a
    table = corrected_shares(coder, sample, FRAMES).set_index("quantity")
    assert table.loc["a", "estimate"] == 0
    assert table.loc["a", "ci_high"] > 0.03  # the normal interval would be [0, 0]


def test_a_frame_the_sample_never_shows_widens_the_difference_as_much_as_its_own_share() -> None:
    # no hand-coded sentence carries b: the difference's lower end combines a's low and b's high ends
    # (as Newcombe's MOVER would), instead of spending b's unseen "yes" on sentences that also carry a
    coder = pd.DataFrame({"a": [False] * 1000, "b": [False] * 1000})
    sample = coder.iloc[:40].assign(weight=25.0, stratum="none")
    sample.loc[sample.index[:3], "a"] = True
    table = corrected_shares(coder, sample, FRAMES, compare=FRAMES).set_index("quantity")
    a, b = table.loc["a"], table.loc["b"]
    combined = a["estimate"] - np.hypot(a["estimate"] - a["ci_low"], b["ci_high"] - b["estimate"])
    assert table.loc["a - b", "ci_low"] <= combined + 0.003


def test_cutting_a_class_into_strata_does_not_multiply_the_prior() -> None:
    # the same 40 hand-coded sentences without an "a", read as one stratum or as four: the upper end of
    # a's share stays about the same (each stratum does not bring a prior of its own)
    coder = pd.DataFrame({"a": [False] * 1000, "b": [False] * 1000})
    sample = coder.iloc[::25].assign(weight=25.0, stratum="one")
    whole = corrected_shares(coder, sample, FRAMES).set_index("quantity")
    cut = corrected_shares(coder, sample.assign(stratum=[f"part{i % 4}" for i in range(40)]), FRAMES)
    assert cut.set_index("quantity").loc["a", "ci_high"] <= 1.25 * whole.loc["a", "ci_high"]


def test_textbook_stratified_mean_and_variance() -> None:
    """Scheaffer, Mendenhall & Ott, Elementary Survey Sampling, the television-viewing survey of
    stratified sampling (towns A and B and the rural area; N_h = 155, 62, 93; n_h = 20, 8, 12):
    ybar_st = 27.7 hours and an estimated variance of 1.97 (bound 2.8 hours)."""
    summaries = {"A": (155, 20, 33.900, 35.358), "B": (62, 8, 25.125, 232.411), "rural": (93, 12, 19.000, 87.636)}
    values, strata = [], []
    for stratum, (_, n, mean, variance) in summaries.items():
        # n values with exactly this mean and sample variance: mean +- d, half each (n even)
        spread = np.sqrt(variance * (n - 1) / n)
        values += [mean - spread] * (n // 2) + [mean + spread] * (n // 2)
        strata += [stratum] * n
    sizes = {stratum: size for stratum, (size, *_) in summaries.items()}
    mean, variance, low, high = stratified_normal(np.array(values), np.array(strata), sizes)
    assert round(mean, 1) == 27.7
    assert round(variance, 2) == 1.97
    assert round(2 * np.sqrt(variance), 1) == 2.8


def test_by_full_enumeration_the_stratified_estimate_is_unbiased_with_the_textbook_variance() -> None:
    """Every stratified sample of a tiny population: the mean of the estimates is the truth and their
    variance is the formula's (an independent computation of the design's properties)."""
    values = {"h1": np.array([0, 0, 1, 1, 1]), "h2": np.array([0, 0, 0, 1])}
    n = {"h1": 2, "h2": 2}
    sizes = {h: len(v) for h, v in values.items()}
    total = sum(sizes.values())
    truth = sum(v.sum() for v in values.values()) / total
    estimates = []
    for s1 in itertools.combinations(range(5), n["h1"]):
        for s2 in itertools.combinations(range(4), n["h2"]):
            sample = np.concatenate([values["h1"][list(s1)], values["h2"][list(s2)]])
            strata = np.array(["h1"] * 2 + ["h2"] * 2)
            estimates.append(stratified_normal(sample, strata, sizes)[0])
    assert np.mean(estimates) == pytest.approx(truth)
    formula = sum((sizes[h] / total) ** 2 * (1 - n[h] / sizes[h]) * values[h].var(ddof=1) / n[h] for h in values)
    assert np.var(estimates) == pytest.approx(formula)


def test_domains_with_too_few_hand_coded_sentences_get_no_estimate() -> None:
    coder, truth = population()
    domains = pd.Series(np.where(np.arange(len(coder)) < 40, "small", "large"))
    sample = truth.iloc[::4].assign(weight=4.0, stratum="all")
    table = domain_shares(coder, sample, FRAMES, domains, min_hand_coded=20, compare=FRAMES)
    small = table[table["group"] == "small"]
    assert small["estimate"].isna().all() and small["status"].str.startswith("too few").all()
    large = table[table["group"] == "large"]
    assert (large["status"] == "estimated").all() and large["ci_low"].le(large["estimate"]).all()


def test_a_row_listed_twice_counts_once_and_bad_input_is_named() -> None:
    coder, truth = population(50)
    census = truth.assign(weight=1.0, stratum="all")
    twice = pd.concat([census, census.iloc[:5]])
    pd.testing.assert_frame_equal(corrected_shares(coder, twice, FRAMES), corrected_shares(coder, census, FRAMES))
    with pytest.raises(ValueError, match="weight"):
        corrected_shares(coder, truth, FRAMES)
    with pytest.raises(ValueError, match="not rows of coded"):
        corrected_shares(coder, census.set_axis(census.index + 1000), FRAMES)
