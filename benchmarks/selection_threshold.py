"""Review the selection threshold: the current rule (a title mention, or ``k`` body sentences)
against rules that weigh the sentences against the article's length, on the SaudiNewsNet
relevance hand codes (tuning and held-out parts) and on the embedded-posts development set.

A share rule selects an article when its title names social media or at least
``max(2, ceil(share * body sentences))`` body sentences discuss it.

    .venv/bin/python benchmarks/selection_threshold.py
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pandas as pd

from analysis.config.paths import RELEVANCE_SAMPLE_FILE, SAUDINEWSNET_DIR
from analysis.selection import load_query
from analysis.selection.relevance import discussion_counts

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "tools"), str(Path(__file__).resolve().parent)]
from evaluate_selection import coded_articles  # noqa: E402

from embedded_posts_devset import page_results  # noqa: E402

RULES = {"k = 2 (default)": (2, 0.0), "k = 3": (3, 0.0), "share 0.10": (2, 0.10), "share 0.15": (2, 0.15)}


def counts(articles: pd.DataFrame) -> pd.DataFrame:
    """``title``, ``n`` (sentences discussing social media) and ``N`` (sentences) per article."""
    query = load_query()
    rows = [discussion_counts(t, b, query) for t, b in zip(articles["title"], articles["body"], strict=True)]
    return pd.DataFrame(rows, columns=["title", "n", "N"], index=articles.index)


def scores(articles: pd.DataFrame, corpus: str) -> pd.DataFrame:
    """Precision and recall of every rule per split."""
    tally = counts(articles)
    hand = articles["relevant"].eq("yes")
    rows = []
    for name, (k, share) in RULES.items():
        needed = [max(k, math.ceil(share * total)) for total in tally["N"]]
        selected = tally["title"] | (tally["n"] >= needed)
        for split in ("tuning", "held_out"):
            part = articles["split"] == split
            tp = int((selected & hand & part).sum())
            n_selected, n_relevant = int((selected & part).sum()), int((hand & part).sum())
            rows.append(
                {
                    "corpus": corpus,
                    "rule": name,
                    "split": split,
                    "selected": n_selected,
                    "relevant": n_relevant,
                    "precision": round(tp / n_selected, 2) if n_selected else float("nan"),
                    "recall": round(tp / n_relevant, 2) if n_relevant else float("nan"),
                }
            )
    return pd.DataFrame(rows)


def main() -> int:
    codes = pd.read_csv(RELEVANCE_SAMPLE_FILE, dtype=str, keep_default_na=False)
    saudinewsnet = coded_articles(codes, SAUDINEWSNET_DIR)
    _, _, pages = page_results()
    table = pd.concat([scores(saudinewsnet, "SaudiNewsNet"), scores(pages, "embedded-posts dev set")])
    print(table.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
