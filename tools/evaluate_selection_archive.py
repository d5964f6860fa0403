"""Precision and recall of the selection rule on a second real archive (``ARCHIVES`` of
``tools/sample_relevance_archive.py``), against the hand codes of
``data/annotations/relevance_<archive>/relevance_sample.csv``.

Reads the coded articles as the ``clean`` stage left them (``processed_dir`` of a run on the
archive rebuilt by ``tools/build_<archive>_archive.py``), applies ``select_articles`` with the
current search string and the baseline "any term anywhere", and prints, per split, the
sample's own figures (Wilson intervals) and the archive's, design-weighted by the strata
(``stratified_selection_agreement``: each coded article stands for ``stratum_size / 64``
articles).

    .venv/bin/python tools/evaluate_selection_archive.py egypt2013 RUN/data/archive
    .venv/bin/python tools/evaluate_selection_archive.py palestine2023 RUN/data/archive --errors tuning
    .venv/bin/python tools/evaluate_selection_archive.py palestine2023 RUN/data/archive --write  # evaluation.csv
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from analysis.config.tables import ARTICLES
from analysis.pipeline import write_csv
from analysis.pipeline.outputs import read_table
from analysis.selection import (
    K_DEFAULT,
    load_query,
    mentions_any_term,
    select_articles,
    selection_agreement,
    stratified_selection_agreement,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate_selection import markdown, rule_errors  # noqa: E402
from sample_relevance_archive import ARCHIVES, sample_file  # noqa: E402

SEED = 20261208
"""Seed of the posterior draws of the design-weighted intervals."""


def coded_articles(codes: pd.DataFrame, processed: Path, table_format: str = "parquet") -> pd.DataFrame:
    """The coded articles as cleaned by the run: the codes' columns plus ``title`` and ``body``."""
    cleaned = read_table(
        ARTICLES,
        processed,
        table_format=table_format,
        columns=["article_id", "title", "body"],
        article_ids=set(codes["article_id"]),
    )
    missing = sorted(set(codes["article_id"]) - set(cleaned["article_id"]))
    if missing:
        raise SystemExit(f"{len(missing)} coded article(s) not in {processed}: {', '.join(missing[:5])}")
    return codes.drop(columns=["title"]).merge(cleaned, on="article_id", how="left", validate="one_to_one")


def evaluation_table(articles: pd.DataFrame, k: int = K_DEFAULT) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the sample's and the archive's precision and recall of the baseline and the rule, the rule's decisions)."""
    query = load_query()
    hand = articles["relevant"].eq("yes")
    selection = select_articles(articles, query, min_sentences=k, quiet=True)
    baseline = pd.Series(
        [mentions_any_term(title, body, query) for title, body in zip(articles["title"], articles["body"], strict=True)]
    )
    sizes = {str(s): int(n) for s, n in articles.groupby("stratum")["stratum_size"].first().items()}
    tables = []
    for name, decided in (("any term anywhere", baseline), (f"selection rule (k = {k})", selection["relevant"])):
        tables.append(
            selection_agreement(hand, decided, articles["split"], f"{name}, sample").assign(weighting="sample")
        )
        tables.append(
            stratified_selection_agreement(
                hand, decided, articles["stratum"], sizes, articles["split"], f"{name}, archive", seed=SEED
            ).assign(weighting="design")
        )
    return pd.concat(tables, ignore_index=True), selection


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", choices=sorted(ARCHIVES), help="which archive's codes")
    parser.add_argument("processed", type=Path, help="processed_dir of a clean run on the rebuilt archive")
    parser.add_argument("--table-format", default="parquet", choices=["csv", "parquet"])
    parser.add_argument("--k", type=int, default=K_DEFAULT, help="min_sentences of the rule")
    parser.add_argument("--split", choices=["tuning", "held_out"], help="evaluate one part only")
    parser.add_argument("--errors", choices=["tuning", "held_out"], help="also list the rule's errors on this part")
    parser.add_argument("--write", action="store_true", help="also write evaluation.csv next to the codes")
    args = parser.parse_args()
    codes_file = sample_file(args.archive)
    codes = pd.read_csv(codes_file, dtype=str, keep_default_na=False)
    if (codes["relevant"] == "").any():
        raise SystemExit(f"{codes_file}: {int((codes['relevant'] == '').sum())} article(s) not coded yet")
    if args.split:
        codes = codes[codes["split"] == args.split].reset_index(drop=True)
    articles = coded_articles(codes, args.processed, args.table_format)
    table, selection = evaluation_table(articles, args.k)
    print(markdown(table))
    if args.write:
        write_csv(table.round(6), codes_file.with_name("evaluation.csv"))
    if args.errors:
        for row in rule_errors(articles, selection, args.errors).itertuples():
            print(f"{row.article_id} {row.stratum} hand={row.relevant} rule={row.selected} | {row.why} | {row.reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
