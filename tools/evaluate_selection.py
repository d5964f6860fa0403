"""Precision and recall of the selection rule against the relevance hand codes.

Reads ``data/annotations/relevance/relevance_sample.csv``, finds each coded article in
SaudiNewsNet (``../shared/datasets/saudinewsnet``), cleans it as the ``clean`` stage does
(``clean_article``), applies ``select_articles`` and the baseline "any term anywhere", and
prints precision and recall per split with 95 % Wilson intervals.

    .venv/bin/python tools/evaluate_selection.py                 # the table (k = K_DEFAULT)
    .venv/bin/python tools/evaluate_selection.py --k 2 --split tuning
    .venv/bin/python tools/evaluate_selection.py --errors tuning  # the rule's errors on the tuning part
    .venv/bin/python tools/evaluate_selection.py --write          # also data/annotations/relevance/evaluation.csv
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from analysis.clean import clean_article
from analysis.config.params import SAUDINEWSNET_FIELDS
from analysis.config.paths import RELEVANCE_EVALUATION_FILE, RELEVANCE_SAMPLE_FILE, SAUDINEWSNET_DIR
from analysis.corpus.reading import read_corpus
from analysis.pipeline import write_csv
from analysis.selection import K_DEFAULT, load_query, mentions_any_term, select_articles, selection_agreement


def coded_articles(codes: pd.DataFrame, corpus: Path = SAUDINEWSNET_DIR) -> pd.DataFrame:
    """The coded articles, cleaned: ``article_id``, ``title``, ``body`` plus the codes' columns."""
    wanted = set(codes["article_id"])
    cleaned = {}
    for article in read_corpus(corpus, fields=SAUDINEWSNET_FIELDS):
        if article.article_id in wanted and article.text is not None:
            result = clean_article(article.text, article.metadata.get("outlet", ""), article.title)
            cleaned[article.article_id] = (result.title, result.body)
    missing = sorted(wanted - set(cleaned))
    if missing:
        raise SystemExit(f"{len(missing)} coded article(s) not found in {corpus}: {', '.join(missing[:5])}")
    table = codes.copy()
    table["title"] = [cleaned[article_id][0] for article_id in table["article_id"]]
    table["body"] = [cleaned[article_id][1] for article_id in table["article_id"]]
    return table


def evaluation_table(articles: pd.DataFrame, k: int = K_DEFAULT) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(agreement table of the baseline and the rule, the rule's selection per article)."""
    query = load_query()
    hand = articles["relevant"].eq("yes")
    selection = select_articles(articles, query, min_sentences=k)
    baseline = pd.Series(
        [mentions_any_term(title, body, query) for title, body in zip(articles["title"], articles["body"], strict=True)]
    )
    table = pd.concat(
        [
            selection_agreement(hand, baseline, articles["split"], "any term anywhere"),
            selection_agreement(hand, selection["relevant"], articles["split"], f"selection rule (k = {k})"),
        ],
        ignore_index=True,
    )
    return table, selection


def rule_errors(articles: pd.DataFrame, selection: pd.DataFrame, split: str) -> pd.DataFrame:
    """The coded articles of ``split`` where the rule and the hand code disagree, with the
    rule's decision (``selected``) and reason (``why``)."""
    decided = articles.assign(selected=selection["relevant"].to_numpy(), why=selection["reason"].to_numpy())
    return decided[(decided["split"] == split) & (decided["selected"] != decided["relevant"].eq("yes"))]


def markdown(table: pd.DataFrame) -> str:
    """The table as Markdown: precision and recall with their intervals, to 2 decimals."""

    def cell(value: float, low: float, high: float) -> str:
        return "n/a" if pd.isna(value) else f"{value:.2f} ({low:.2f}-{high:.2f})"

    lines = [
        "| rule | split | n | hand-coded relevant | selected | both | precision (95 % CI) | recall (95 % CI) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in table.itertuples():
        precision = cell(row.precision, row.precision_low, row.precision_high)
        recall = cell(row.recall, row.recall_low, row.recall_high)
        lines.append(
            f"| {row.rule} | {row.split} | {row.n} | {row.hand_relevant} | {row.selected} | {row.tp} "
            f"| {precision} | {recall} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, default=K_DEFAULT, help="min_sentences of the rule")
    parser.add_argument("--split", choices=["tuning", "held_out"], help="evaluate one part only")
    parser.add_argument("--errors", choices=["tuning", "held_out"], help="also list the rule's errors on this part")
    parser.add_argument("--corpus", type=Path, default=SAUDINEWSNET_DIR)
    parser.add_argument(
        "--write", action="store_true", help=f"also write the table to {RELEVANCE_EVALUATION_FILE.name}"
    )
    args = parser.parse_args()
    codes = pd.read_csv(RELEVANCE_SAMPLE_FILE, dtype=str, keep_default_na=False)
    if args.split:
        codes = codes[codes["split"] == args.split].reset_index(drop=True)
    articles = coded_articles(codes, args.corpus)
    table, selection = evaluation_table(articles, args.k)
    print(markdown(table))
    if args.write:  # the report quotes this file
        write_csv(table.round(6), RELEVANCE_EVALUATION_FILE)
    if args.errors:
        for row in rule_errors(articles, selection, args.errors).itertuples():
            print(f"{row.article_id} hand={row.relevant} rule={row.selected} | {row.why} | {row.reason} | {row.title}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
