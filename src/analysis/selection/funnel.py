"""From input files to analysed articles: the selection of a whole corpus and its funnel."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.config.tables import ARTICLES
from analysis.pipeline.outputs import iter_table, table_path
from analysis.pipeline.parallel import dask_client, map_partitions, tasks_for
from analysis.pipeline.progress import progress
from analysis.selection.query import Query
from analysis.selection.relevance import K_DEFAULT, select_articles

UNKNOWN_OUTLET = "unknown"
ARTICLES_PER_TASK = 5_000
"""Articles judged per Dask task (about 15 MB of SaudiNewsNet text)."""


def select_stored_corpus(
    processed_dir: str | Path, table_format: str, query: Query | None = None, min_sentences: int = K_DEFAULT
) -> pd.DataFrame:
    """``selection.csv`` for the ``articles`` table in ``processed_dir``, judged in chunks of
    ``ARTICLES_PER_TASK`` articles as Dask tasks (``analysis.pipeline.parallel``); memory
    holds a few chunks' texts, not the corpus's."""
    tasks = tasks_for(table_path(ARTICLES, processed_dir, table_format))
    chunks = iter_table(
        ARTICLES, processed_dir, None, table_format, ["article_id", "status", "title", "body"], rows=ARTICLES_PER_TASK
    )
    with dask_client(tasks) as client:
        parts = map_partitions(select_corpus, chunks, client, query=query, min_sentences=min_sentences)
        return pd.concat(list(progress(parts, "selecting articles", unit="chunk")), ignore_index=True)


def select_corpus(articles: pd.DataFrame, query: Query | None = None, min_sentences: int = K_DEFAULT) -> pd.DataFrame:
    """``selection.csv``: one row per row of ``articles.csv``, in its order.

    Articles with status ``ok`` are judged by ``select_articles``; the others (rejected,
    duplicates, near-duplicates) are not relevant, and ``reason`` says they are not analysed.
    """
    ok = articles["status"] == "ok"
    judged = select_articles(articles.loc[ok, ["article_id", "title", "body"]], query, min_sentences, quiet=True)
    others = pd.DataFrame(
        {
            "article_id": articles.loc[~ok, "article_id"],
            "relevant": False,
            "relevance_terms": "",
            "reason": "not analysed: status " + articles.loc[~ok, "status"],
        }
    )
    table = pd.concat([judged.set_index(articles.index[ok]), others]).loc[articles.index]
    return table.reset_index(drop=True).astype({"relevant": bool})


def relevant_ids(selection: pd.DataFrame) -> set[str]:
    """The ids of the articles ``select`` marked relevant."""
    return set(selection.loc[selection["relevant"].astype(bool), "article_id"])


def funnel_by_outlet(
    articles: pd.DataFrame, selection: pd.DataFrame, posts: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Per outlet (missing: ``unknown``) and in total: input files, ok, duplicates (exact and
    near), rejected and relevant articles, and the embedded posts cleaning set aside (rows of
    ``posts``, the ``embedded_posts`` table, which never count for selection; 0 when None).
    Sorted by input files, most first; the total last."""
    table = articles[["article_id", "status", "outlet"]].merge(selection[["article_id", "relevant"]], on="article_id")
    table["outlet"] = table["outlet"].where(table["outlet"] != "", UNKNOWN_OUTLET)
    counts = pd.DataFrame(
        {
            "outlet": table["outlet"],
            "input": 1,
            "ok": table["status"] == "ok",
            "duplicates": table["status"].isin(["duplicate", "near_duplicate"]),
            "rejected": table["status"] == "rejected",
            "relevant": table["relevant"].astype(bool),
            "embedded_posts": _posts_per_article(table["article_id"], posts),
        }
    )
    per_outlet = counts.groupby("outlet", sort=True).sum().astype(int).reset_index()
    per_outlet = per_outlet.sort_values(["input", "outlet"], ascending=[False, True], kind="stable")
    total = pd.DataFrame([{"outlet": "all outlets", **per_outlet.drop(columns="outlet").sum().to_dict()}])
    return pd.concat([per_outlet, total], ignore_index=True)


def _posts_per_article(article_ids: pd.Series, posts: pd.DataFrame | None) -> pd.Series:
    if posts is None or not len(posts):
        return pd.Series(0, index=article_ids.index)
    return article_ids.map(posts["article_id"].value_counts()).fillna(0).astype(int)


def restrict_to_selection(
    table: pd.DataFrame, selection: pd.DataFrame, analyse_all_articles: bool = False
) -> pd.DataFrame:
    """The rows of ``table`` (any table with ``article_id``) of the relevant articles, or all rows
    when ``analyse_all_articles`` (params.yaml) is true."""
    if analyse_all_articles:
        return table
    return table[table["article_id"].isin(relevant_ids(selection))].reset_index(drop=True)
