"""Prevalence and the MH - REG difference (analysis.frames.prevalence)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.frames.prevalence import difference_table, prevalence_table
from analysis.stats.intervals import wilson_interval

ARTICLE_FRAMES = pd.DataFrame(
    {
        "article_id": ["a", "b", "c"],
        "n_sentences": [10, 10, 20],
        "n_mental_health": [5, 0, 2],
        "n_regulation": [0, 4, 8],
    }
)
ARTICLES = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["X", "", ""], "outlet_country": ["", "", ""]})


def test_prevalence_overall_with_wilson_intervals() -> None:
    table = prevalence_table(ARTICLE_FRAMES, ARTICLES, min_group_size=2)
    row = table[
        (table["grouping"] == "all") & (table["unit"] == "sentence") & (table["frame"] == "mental_health")
    ].iloc[0]
    assert (row["k"], row["n"]) == (7, 40)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(wilson_interval(7, 40))
    article_row = table[
        (table["grouping"] == "all") & (table["unit"] == "article") & (table["frame"] == "regulation")
    ].iloc[0]
    assert (article_row["k"], article_row["n"]) == (2, 3)


def test_small_groups_are_left_out_and_unknown_is_a_group() -> None:
    table = prevalence_table(ARTICLE_FRAMES, ARTICLES, min_group_size=2)
    assert set(table.loc[table["grouping"] == "outlet", "group"]) == {"unknown"}
    assert set(table.loc[table["grouping"] == "outlet_country", "group"]) == {"unknown"}
    everything = prevalence_table(ARTICLE_FRAMES, ARTICLES, min_group_size=1)
    assert set(everything.loc[everything["grouping"] == "outlet", "group"]) == {"X", "unknown"}


def test_difference_is_mh_minus_reg_with_a_seeded_bootstrap() -> None:
    first = difference_table(ARTICLE_FRAMES, ARTICLES, 2, n_resamples=500, seed=7)
    overall = first[first["grouping"] == "all"].iloc[0]
    assert overall["difference"] == pytest.approx((7 - 12) / 40)
    assert overall["ci_low"] <= overall["difference"] <= overall["ci_high"]
    assert first.equals(difference_table(ARTICLE_FRAMES, ARTICLES, 2, n_resamples=500, seed=7))
