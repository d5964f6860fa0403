"""Precision and recall over an archive from a stratified hand-coded sample (design weights)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.selection import selection_agreement, stratified_selection_agreement


def _sample(rows: list[tuple[bool, bool, str]], split: str = "tuning") -> dict[str, pd.Series]:
    hand, selected, stratum = zip(*rows, strict=True)
    return {
        "hand": pd.Series(hand),
        "selected": pd.Series(selected),
        "stratum": pd.Series(stratum),
        "split": pd.Series([split] * len(rows)),
    }


def test_design_weights_scale_each_stratum_to_its_size() -> None:
    # 4 coded of 100 selected (3 relevant), 4 coded of 1,000 not selected (1 relevant):
    # relevant in the archive ~ 75 + 250, so recall is 75 / 325, not the sample's 3 / 4.
    rows = [(True, True, "sel")] * 3 + [(False, True, "sel")] + [(True, False, "other")] + [(False, False, "other")] * 3
    table = stratified_selection_agreement(**_sample(rows), stratum_sizes={"sel": 100, "other": 1000}, rule="r")
    row = table.set_index("split").loc["all"]
    assert row["precision"] == pytest.approx(0.75)
    assert row["recall"] == pytest.approx(75 / 325)
    assert (row["n"], row["hand_relevant"], row["selected"], row["tp"]) == (8, 4, 4, 3)
    assert row["recall_low"] < row["recall"] < row["recall_high"]


def test_equal_rates_give_the_unweighted_figures() -> None:
    rows = [(True, True, "a")] * 5 + [(False, True, "a")] * 2 + [(True, False, "b")] + [(False, False, "b")] * 6
    sample = _sample(rows)
    weighted = stratified_selection_agreement(**sample, stratum_sizes={"a": 70, "b": 70}, rule="r")
    plain = selection_agreement(sample["hand"], sample["selected"], sample["split"], "r")
    for column in ("precision", "recall"):
        assert weighted[column].to_numpy() == pytest.approx(plain[column].to_numpy())


def test_no_relevant_article_outside_the_selection_still_leaves_recall_uncertain() -> None:
    # 30 not-selected articles coded, none relevant: recall is 1 in the sample, but the
    # stratum is 50 times larger than the selected one, so the interval must stay open.
    rows = [(True, True, "sel")] * 20 + [(False, True, "sel")] * 10 + [(False, False, "other")] * 30
    table = stratified_selection_agreement(**_sample(rows), stratum_sizes={"sel": 300, "other": 15000}, rule="r")
    row = table.set_index("split").loc["all"]
    assert row["recall"] == 1.0
    assert row["recall_low"] < 0.8
    assert row["recall_high"] > 0.99


def test_splits_are_estimated_apart_and_the_draws_are_seeded() -> None:
    tuning = _sample([(True, True, "s")] * 4 + [(False, False, "o")] * 4, "tuning")
    held = _sample([(True, True, "s")] * 2 + [(False, True, "s")] * 2 + [(True, False, "o")] * 4, "held_out")
    sample = {key: pd.concat([tuning[key], held[key]], ignore_index=True) for key in tuning}
    sizes = {"s": 10, "o": 10}
    first = stratified_selection_agreement(**sample, stratum_sizes=sizes, rule="r", seed=3)
    assert list(first["split"]) == ["held_out", "tuning", "all"]
    assert first.set_index("split").loc["tuning", "precision"] == 1.0
    assert first.set_index("split").loc["held_out", "precision"] == 0.5
    pd.testing.assert_frame_equal(
        first, stratified_selection_agreement(**sample, stratum_sizes=sizes, rule="r", seed=3)
    )


def test_a_stratum_without_a_size_is_named() -> None:
    with pytest.raises(KeyError, match="no stratum size for other"):
        stratified_selection_agreement(**_sample([(True, True, "other")]), stratum_sizes={"sel": 5}, rule="r")
