"""The report's summaries of a large corpus (analysis.report.aggregates), on small tables whose
answers can be counted by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.report.aggregates import (
    ALL_OUTLETS,
    analysed_articles,
    bounded_rows,
    frame_trends,
    framing_index_by_outlet,
    is_collection_date,
    largest_group_prevalence,
    outlet_frame_shares,
    outlet_summary,
    per_article_views,
    period_labels,
    sample_per_frame,
    strongest_articles,
    undated_articles,
)
from analysis.stats.intervals import wilson_interval

FRAMES = ["mental_health", "regulation"]


def article_frames(rows: list[tuple[str, int, int, int]]) -> pd.DataFrame:
    """(article_id, n_sentences, n_mental_health, n_regulation) -> an article_frames table."""
    table = pd.DataFrame(rows, columns=["article_id", "n_sentences", "n_mental_health", "n_regulation"])
    table["share_mental_health"] = table["n_mental_health"] / table["n_sentences"]
    table["share_regulation"] = table["n_regulation"] / table["n_sentences"]
    both = table["n_mental_health"] + table["n_regulation"]
    table["framing_index"] = ((table["n_mental_health"] - table["n_regulation"]) / both).where(both > 0)
    return table


ARTICLE_FRAMES = article_frames(
    [
        ("a1", 10, 2, 0),
        ("a2", 10, 0, 5),
        ("a3", 4, 2, 2),
        ("a4", 5, 0, 0),
        ("a5", 8, 4, 0),
        ("a6", 6, 0, 3),
    ]
)
ARTICLES = pd.DataFrame(
    {
        "article_id": ["a1", "a2", "a3", "a4", "a5", "a6", "x1", "x2", "x3"],
        "status": ["ok"] * 6 + ["duplicate", "near_duplicate", "rejected"],
        "outlet": ["okaz", "okaz", "okaz", "sabq", "sabq", "", "okaz", "sabq", ""],
        "published": ["2024-01-03", "2024-01-30", "2024-02-01", "2024-02-12", "", "2024-13-01", "2023-12-31", "", ""],
    }
)
SELECTION = pd.DataFrame({"article_id": list(ARTICLES["article_id"]), "relevant": [True] * 6 + [False] * 3})


@pytest.fixture
def analysed() -> pd.DataFrame:
    return analysed_articles(ARTICLE_FRAMES, ARTICLES)


def test_per_article_views_up_to_the_limit_inclusive() -> None:
    assert per_article_views(40, 40) and not per_article_views(41, 40)


def test_periods_are_calendar_months_or_weeks_named_by_their_monday() -> None:
    published = pd.Series(["2024-01-03", "2024-01-07", "2024-01-08", "", "03/01/2024", "2024-02-30"])
    assert list(period_labels(published, "month")) == ["2024-01", "2024-01", "2024-01", "", "", ""]
    assert list(period_labels(published, "week")) == ["2024-01-01", "2024-01-01", "2024-01-08", "", "", ""]
    with pytest.raises(ValueError, match="week, month"):
        period_labels(published, "year")


def test_undated_articles_are_named_with_the_reason(analysed: pd.DataFrame) -> None:
    undated = undated_articles(analysed)
    assert list(undated["article_id"]) == ["a5", "a6"]
    assert list(undated["reason"]) == ["no date", "date is not YYYY-MM-DD"]
    assert list(undated["outlet"]) == ["sabq", "unknown"]


def test_trends_count_articles_carrying_each_frame_per_period(analysed: pd.DataFrame) -> None:
    trends = frame_trends(analysed, FRAMES, "month", n_outlets=1)
    overall = trends[trends["group"] == ALL_OUTLETS].set_index(["period", "frame"])
    # January: a1 (MH), a2 (REG); February: a3 (both), a4 (neither). a5, a6 undated.
    assert overall.loc[("2024-01", "mental_health"), ["n", "k"]].tolist() == [2, 1]
    assert overall.loc[("2024-02", "regulation"), ["n", "k"]].tolist() == [2, 1]
    row = overall.loc[("2024-01", "mental_health")]
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(wilson_interval(1, 2), abs=1e-6)
    assert list(dict.fromkeys(trends["group"])) == [ALL_OUTLETS, "okaz"]  # the largest dated outlet
    okaz = trends[(trends["group"] == "okaz") & (trends["frame"] == "regulation")]
    assert okaz[["period", "n", "k"]].values.tolist() == [["2024-01", 2, 1], ["2024-02", 1, 1]]
    assert int(trends.drop_duplicates(["group", "period"]).query("group == @ALL_OUTLETS")["n"].sum()) == 4


def test_framing_index_by_outlet(analysed: pd.DataFrame) -> None:
    table = framing_index_by_outlet(analysed).set_index("group")
    assert list(table.index) == [ALL_OUTLETS, "okaz", "sabq", "unknown"]
    assert table.loc[ALL_OUTLETS, ["n_articles", "n_indexed", "n_positive", "n_negative"]].tolist() == [6, 5, 2, 2]
    assert table.loc["okaz", "median"] == 0.0  # indices 1, -1, 0
    assert table.loc["sabq", "n_indexed"] == 1  # a4 has neither frame


def test_outlet_summary_counts_every_input_file_once() -> None:
    table = outlet_summary(ARTICLES, SELECTION).set_index("outlet")
    assert list(table.index) == ["okaz", "sabq", "unknown", ALL_OUTLETS]
    assert table.loc["okaz"][["articles", "ok", "duplicates", "near_duplicates", "rejected", "relevant"]].tolist() == [
        4, 3, 1, 0, 0, 3,
    ]  # fmt: skip
    assert table.loc["sabq", "near_duplicates"] == 1 and table.loc["unknown", "rejected"] == 1
    assert table.loc["okaz", "first_date"] == "2023-12-31" and table.loc["okaz", "last_date"] == "2024-02-01"
    assert table.loc["unknown", "first_date"] == ""  # its only date is not a date
    assert table.loc[ALL_OUTLETS, "articles"] == len(ARTICLES)
    assert table.loc[ALL_OUTLETS, "last_date"] == "2024-02-12"


def test_sample_takes_the_most_strongly_framed_articles_ties_by_id() -> None:
    sample = strongest_articles(ARTICLE_FRAMES, FRAMES, per_frame=2)
    mh = sample[sample["frame"] == "mental_health"]
    assert list(mh["article_id"]) == ["a5", "a3"]  # a3 and a5 tie on share (0.5); a5 has more MH sentences
    assert list(sample[sample["frame"] == "regulation"]["article_id"]) == ["a2", "a6"]  # a3 taken already
    assert not sample["article_id"].duplicated().any()
    assert sample_per_frame(40, 2) == 8 and sample_per_frame(6, 2) == 3 and sample_per_frame(1, 3) == 1


def test_collection_dates_are_recognised_by_the_field_name() -> None:
    assert is_collection_date("date_extracted") and is_collection_date("crawled_at")
    assert not is_collection_date("date") and not is_collection_date("published")


def test_bounded_rows_keep_the_total_and_count_the_rest() -> None:
    table = pd.DataFrame({"outlet": [f"o{i}" for i in range(30)] + [ALL_OUTLETS]})
    shown, more = bounded_rows(table, 20, keep_last=True)
    assert len(shown) == 21 and shown["outlet"].iloc[-1] == ALL_OUTLETS and more == 10
    shown, more = bounded_rows(table.head(5), 20)
    assert len(shown) == 5 and more == 0


PREVALENCE = pd.DataFrame(
    {
        "grouping": ["all"] + ["outlet"] * 4,
        "group": ["all articles", "a", "b", "c", "d"],
        "unit": "article",
        "frame": "regulation",
        "n": [40, 5, 20, 10, 5],
        "k": [4, 1, 2, 3, 4],
        "share": [0.1, 0.2, 0.1, 0.3, 0.8],
    }
)


def test_figures_draw_only_the_largest_groups() -> None:
    assert list(largest_group_prevalence(PREVALENCE, 2)["group"]) == ["all articles", "b", "c"]
    assert list(outlet_frame_shares(PREVALENCE, 2)["outlet"]) == ["b", "c"]


def test_summaries_and_figures_of_a_corpus_without_dates_or_comparable_outlets() -> None:
    """No date at all, no outlet large enough: the figures say so instead of failing."""
    import warnings

    from analysis.frames.lexicon import default_lexicon
    from analysis.report import figures as plots
    from analysis.report.frame_styles import FrameStyles

    styles = FrameStyles.from_lexicon(default_lexicon())
    undated = ARTICLES.assign(published="")
    for frames_table in (ARTICLE_FRAMES, ARTICLE_FRAMES.iloc[0:0]):
        analysed = analysed_articles(frames_table, undated)
        trends = frame_trends(analysed, FRAMES, "week")
        assert trends.empty
        assert len(undated_articles(analysed)) == len(frames_table)
        assert framing_index_by_outlet(analysed).loc[0, "n_articles"] == len(frames_table)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            plots.trend_figure(trends, styles, "week")
            plots.framing_index_figure(analysed, styles, 15)
            plots.outlet_frames_figure(outlet_frame_shares(largest_group_prevalence(PREVALENCE.iloc[0:0])), styles)
    plots.plt.close("all")
