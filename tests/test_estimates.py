"""analysis.frames.estimates: the run's population, the sample, and whether the design describes the run."""

from __future__ import annotations

import pandas as pd

from analysis.frames.estimates import design_coverage, distinct_sentences, estimate_table, estimation_sample
from analysis.frames.validation import sentence_key

FRAMES = ["mental_health", "regulation"]


def run(n_articles: int = 10, per_article: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """sentences and sentence_frames of a small run: every 5th sentence regulation, every 7th mental health."""
    rows = [
        {"article_id": f"a{a:02d}", "sentence_id": s, "text": f"جملة {a} {s}"}
        for a in range(n_articles)
        for s in range(1, per_article + 1)
    ]
    sentences = pd.DataFrame(rows)
    frames = sentences[["article_id", "sentence_id"]].assign(
        mental_health=[i % 7 == 0 for i in range(len(sentences))],
        regulation=[i % 5 == 0 for i in range(len(sentences))],
    )
    return sentences, frames


def sheet(sentences: pd.DataFrame, rows: list[int], stratum: str, stratum_size: int, yes: str = "no") -> pd.DataFrame:
    chosen = sentences.iloc[rows]
    return pd.DataFrame(
        {
            "article_id": chosen["article_id"].to_numpy(),
            "sentence_hash": chosen["text"].map(sentence_key).to_numpy(),
            "mental_health": yes,
            "regulation": "no",
            "stratum": stratum,
            "stratum_size": stratum_size,
            "weight": stratum_size / len(rows),
        }
    )


def test_a_repeated_sentence_is_one_sentence_of_the_population() -> None:
    sentences, frames = run(1, 3)
    sentences.loc[2, "text"] = sentences.loc[0, "text"]
    assert len(distinct_sentences(sentences, frames, FRAMES)) == 2


def test_a_design_of_this_run_is_used_whole() -> None:
    sentences, frames = run()
    population = distinct_sentences(sentences, frames, FRAMES)
    codes = sheet(sentences, list(range(0, 100, 2)), "all", 100, yes="yes")
    sample = estimation_sample(population, codes, FRAMES)
    coverage = design_coverage(population, codes, sample)
    assert coverage.status == "full" and len(sample) == 50 and sample["weight"].eq(2.0).all()
    articles = pd.DataFrame({"article_id": population["article_id"].unique(), "outlet": "x", "published": ""})
    table = estimate_table(population, sample, coverage, articles, FRAMES, FRAMES, "month", 20)
    overall = table[table["grouping"] == "all"].set_index("quantity")
    assert overall.loc["mental_health", "estimate"] == 1.0  # every hand-coded sentence said yes
    assert (table.loc[table["grouping"] == "outlet", "status"] == "estimated").all()


def test_rows_missing_from_the_run_or_another_population_refuse_the_correction_with_the_fix() -> None:
    sentences, frames = run()
    population = distinct_sentences(sentences, frames, FRAMES)
    codes = sheet(sentences, list(range(20)), "all", 100)
    codes.loc[:4, "sentence_hash"] = "0000000000000000"  # 5 of 20 rows no longer produced by cleaning
    coverage = design_coverage(population, codes, estimation_sample(population, codes, FRAMES))
    assert coverage.status == "refused" and "make sample" in coverage.message
    bigger = sheet(sentences, list(range(20)), "all", 400)
    coverage = design_coverage(population, bigger, estimation_sample(population, bigger, FRAMES))
    assert coverage.status == "refused" and "400" in coverage.message


def test_a_design_drawn_from_part_of_the_run_describes_that_part_and_says_so() -> None:
    sentences, frames = run()
    population = distinct_sentences(sentences, frames, FRAMES)
    codes = sheet(sentences, list(range(0, 80, 4)), "part", 80)
    sample = estimation_sample(population, codes, FRAMES)
    coverage = design_coverage(population, codes, sample)
    assert coverage.status == "partial" and "80 of this run's 100" in coverage.message
    articles = pd.DataFrame({"article_id": population["article_id"].unique(), "outlet": "x", "published": ""})
    table = estimate_table(population, sample, coverage, articles, FRAMES, FRAMES, "month", 10)
    overall = table[table["grouping"] == "all"]
    assert overall["status"].str.startswith("estimated: ").all() and (overall["n_sentences"] == 80).all()
    assert table.loc[table["grouping"] == "outlet", "estimate"].isna().all()
