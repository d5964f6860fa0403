"""Tables that show the cleaned corpus to a reader (notebooks and the report)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.clean.articles import clean_article, split_lines
from analysis.corpus.reading import METADATA_COLUMNS, read_corpus, skipped_inputs

UNKNOWN = "unknown"
NO_HEADLINE = "(no headline)"


def corpus_table(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per input file: status, title, metadata and counts, gaps shown as "unknown".

    Parameters
    ----------
    articles: the ``articles.csv`` table.

    Returns
    -------
    A display table; an empty metadata field reads "unknown", an empty title of an
    article that was read reads "(no headline)".
    """
    columns = [
        "article_id",
        "status",
        "reason",
        "title",
        "outlet",
        "place",
        "published",
        "n_lines_kept",
        "n_lines_removed",
        "n_sentences",
        "n_tokens",
    ]
    table = articles[columns].copy()
    for column in ("outlet", "place", "published"):
        table[column] = table[column].where(table[column] != "", UNKNOWN)
    table["title"] = table["title"].where((table["title"] != "") | (table["status"] != "ok"), NO_HEADLINE)
    return table


def skipped_counts(raw_path: str | Path) -> pd.DataFrame:
    """What under ``raw_path`` was skipped without a row (``skipped_inputs``: hidden files,
    sub-folders, macOS metadata in ZIPs), counted by why.

    Returns
    -------
    Columns ``why``, ``skipped`` (count) and ``first`` (the first skipped, in name order);
    no rows when nothing was skipped.
    """
    skipped = pd.DataFrame(skipped_inputs(raw_path), columns=["source", "why"])
    counts = skipped.groupby("why", sort=True)["source"].agg(skipped="size", first="first")
    return counts.reset_index()


def metadata_gaps(articles: pd.DataFrame) -> pd.Series:
    """Number of articles whose metadata field is unknown (empty), per field."""
    return (articles[METADATA_COLUMNS[:-1]] == "").sum().rename("articles with the field unknown")


def removed_line_counts(removed: pd.DataFrame) -> pd.DataFrame:
    """Removed lines per article (rows, sorted) and rule (columns, sorted), from ``removed_lines.csv`` rows."""
    return pd.crosstab(removed["article_id"], removed["rule"]).rename_axis(index="article_id", columns="rule")


def combine_line_counts(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Several ``removed_line_counts`` tables (of different articles) as one."""
    table = pd.concat(parts).fillna(0).astype(int) if parts else pd.DataFrame()
    return table.reindex(columns=sorted(table.columns)).rename_axis(index="article_id", columns="rule")


def removals_by_rule(articles: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """Count of removed lines per article (rows) and rule (columns), with totals.

    ``counts`` is ``removed_line_counts`` of the removed lines. Every article with status
    ``ok`` has a row, also when nothing was removed.
    """
    ok_ids = articles.loc[articles["status"] == "ok", "article_id"]
    counts = counts.reindex(ok_ids, fill_value=0)
    counts["total"] = counts.sum(axis=1)
    counts.loc["total"] = counts.sum(axis=0)
    return counts.rename_axis(index="article_id", columns="rule")


def line_audit(raw_path: str | Path, article_id: str, fields: dict[str, str] | None = None) -> pd.DataFrame:
    """The raw article line by line beside what cleaning did with each line.

    Returns
    -------
    Columns ``line_no``, ``raw_line`` and ``outcome`` (``title``, ``body``,
    ``blank``, or ``removed: RULE``); datelines cut off the start of a kept line show
    both outcomes.
    """
    raw = next((item for item in read_corpus(raw_path, fields=fields) if item.article_id == article_id), None)
    if raw is None:
        return pd.DataFrame(columns=["line_no", "raw_line", "outcome"])
    article = clean_article(raw.text or "", outlet=raw.metadata.get("outlet", ""), title=raw.title)
    outcomes: dict[int, list[str]] = {}
    for line in article.removed:
        outcomes.setdefault(line.line_no, []).append(f"removed: {line.rule}")
    title_line = article.sentence_line_nos[0] if article.title else None  # 0: a record's title field
    for line_no in article.kept_line_nos:
        outcomes.setdefault(line_no, []).append("title" if line_no == title_line else "body")
    rows = [
        {"line_no": line_no, "raw_line": line, "outcome": " + ".join(outcomes.get(line_no, ["blank"]))}
        for line_no, line in enumerate(split_lines(raw.text or ""), start=1)
    ]
    return pd.DataFrame(rows)


def embedded_posts_by_outlet(articles: pd.DataFrame, posts: pd.DataFrame) -> pd.DataFrame:
    """Embedded posts set aside by cleaning, per outlet, with a total row.

    Parameters
    ----------
    articles: the ``articles`` table (at least ``article_id``, ``status``, ``outlet``).
    posts: the ``embedded_posts`` table (at least ``article_id``).

    Returns
    -------
    One row per outlet of the usable articles (sorted; an empty outlet reads "unknown"),
    then ``total``: ``outlet``, ``articles`` (usable), ``articles_with_posts`` and
    ``embedded_posts``.
    """
    ok = articles.loc[articles["status"] == "ok", ["article_id", "outlet"]].copy()
    ok["outlet"] = ok["outlet"].where(ok["outlet"] != "", UNKNOWN)
    per_article = posts["article_id"].value_counts()
    ok["posts"] = ok["article_id"].map(per_article).fillna(0).astype(int)
    table = ok.groupby("outlet", sort=True).agg(
        articles=("article_id", "size"),
        articles_with_posts=("posts", lambda counts: int((counts > 0).sum())),
        embedded_posts=("posts", "sum"),
    )
    table.loc["total"] = table.sum(axis=0)
    return table.astype(int).reset_index()


def most_furnished_article(articles: pd.DataFrame, counts: pd.DataFrame) -> str:
    """The usable article with the most removed lines (``counts``: ``removed_line_counts``;
    ties: the first id), to show as an example; empty when no article is usable."""
    ok = articles.loc[articles["status"] == "ok", ["article_id"]]
    totals = counts.sum(axis=1).rename("n").rename_axis("article_id").reset_index()
    ranked = ok.merge(totals, how="left").fillna({"n": 0}).sort_values(["n", "article_id"], ascending=[False, True])
    return str(ranked.iloc[0]["article_id"]) if len(ranked) else ""
