"""From input files to analysed articles: the selection of a whole corpus and its funnel."""

from __future__ import annotations

import pandas as pd

from analysis.selection.query import Query
from analysis.selection.relevance import K_DEFAULT, select_articles

UNKNOWN_OUTLET = "unknown"


def select_corpus(articles: pd.DataFrame, query: Query | None = None, min_sentences: int = K_DEFAULT) -> pd.DataFrame:
    """``selection.csv``: one row per row of ``articles.csv``, in its order.

    Articles with status ``ok`` are judged by ``select_articles``; the others (rejected,
    duplicates, near-duplicates) are not relevant, and ``reason`` says they are not analysed.
    """
    ok = articles["status"] == "ok"
    judged = select_articles(articles.loc[ok, ["article_id", "title", "body"]], query, min_sentences)
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


def funnel_by_outlet(articles: pd.DataFrame, selection: pd.DataFrame) -> pd.DataFrame:
    """Per outlet (missing: ``unknown``) and in total: input files, ok, duplicates (exact and
    near), rejected and relevant articles. Sorted by input files, most first; the total last."""
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
        }
    )
    per_outlet = counts.groupby("outlet", sort=True).sum().astype(int).reset_index()
    per_outlet = per_outlet.sort_values(["input", "outlet"], ascending=[False, True], kind="stable")
    total = pd.DataFrame([{"outlet": "all outlets", **per_outlet.drop(columns="outlet").sum().to_dict()}])
    return pd.concat([per_outlet, total], ignore_index=True)


def restrict_to_selection(
    table: pd.DataFrame, selection: pd.DataFrame, analyse_all_articles: bool = False
) -> pd.DataFrame:
    """The rows of ``table`` (any table with ``article_id``) of the relevant articles, or all rows
    when ``analyse_all_articles`` (params.yaml) is true."""
    if analyse_all_articles:
        return table
    return table[table["article_id"].isin(relevant_ids(selection))].reset_index(drop=True)
