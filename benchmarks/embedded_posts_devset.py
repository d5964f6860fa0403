"""Evaluate embedded-post recognition and selection on the embedded-posts development set
(``data/dev/embedded_posts``, made by ``tools/make_embedded_posts_devset.py``).

For every page, ``clean_article`` runs on the page text alone (no outlet, no title given):

- post lines: gold ``post`` lines against lines removed with rule ``embedded_post``
  (precision, recall);
- posts: a gold post is found when a recognized post has exactly its lines;
- prose lines lost: gold ``title`` / ``body`` lines removed as ``embedded_post``;
- selection: ``select_articles`` on the cleaned page against the page's hand code (the
  relevance sample's), and the same with the posts' lines put back in the body (what the
  rule saw before embedded posts were set apart).

    .venv/bin/python benchmarks/embedded_posts_devset.py            # the tables
    .venv/bin/python benchmarks/embedded_posts_devset.py --k 3      # selection with another min_sentences
    .venv/bin/python benchmarks/embedded_posts_devset.py --errors   # the tuning part's detector errors
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import pandas as pd

from analysis.clean.articles import EMBEDDED_POST_RULE, clean_article
from analysis.config.paths import REPO_ROOT
from analysis.selection import K_DEFAULT, load_query, select_articles, selection_agreement

DEV_DIR = REPO_ROOT / "data" / "dev" / "embedded_posts"


def page_results(folder: Path = DEV_DIR) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(one row per gold line with what cleaning did, one row per gold post, one row per page with its texts)."""
    pages = pd.read_csv(folder / "pages.csv", dtype=str, keep_default_na=False)
    lines, posts, texts = [], [], []
    for page in pages.itertuples(index=False):
        raw = (folder / "pages" / f"{page.page_id}.txt").read_text(encoding="utf-8")
        article = clean_article(raw)
        removed_as_post = {line.line_no for line in article.removed if line.rule == EMBEDDED_POST_RULE}
        found = {post.line_nos for post in article.posts}
        with (folder / "gold" / f"{page.page_id}.csv").open(encoding="utf-8", newline="") as handle:
            gold = list(csv.DictReader(handle))
        for row in gold:
            lines.append(
                {
                    "page_id": page.page_id,
                    "split": page.split,
                    "line_no": int(row["line_no"]),
                    "label": row["label"],
                    "removed_as_post": int(row["line_no"]) in removed_as_post,
                }
            )
        by_post: dict[str, list[int]] = {}
        for row in gold:
            if row["label"] == "post":
                by_post.setdefault(row["post_no"], []).append(int(row["line_no"]))
        formats = {row["post_no"]: row["format"] for row in gold if row["label"] == "post"}
        for post_no, line_nos in by_post.items():
            posts.append(
                {
                    "page_id": page.page_id,
                    "split": page.split,
                    "format": formats[post_no],
                    "found": tuple(line_nos) in found,
                }
            )
        post_lines = "\n".join(line.text for line in article.removed if line.rule == EMBEDDED_POST_RULE)
        texts.append(
            {
                "article_id": page.page_id,
                "outlet": page.outlet,
                "split": page.split,
                "relevant": page.relevant,
                "title": article.title,
                "body": article.body,
                "body_with_posts": f"{article.body}\n{post_lines}" if post_lines else article.body,
                "n_posts": len(article.posts),
            }
        )
    return pd.DataFrame(lines), pd.DataFrame(posts), pd.DataFrame(texts)


def detector_table(lines: pd.DataFrame, posts: pd.DataFrame) -> pd.DataFrame:
    """Line precision and recall, posts found, prose lines lost, per split and in all."""
    rows = []
    for split in ("tuning", "held_out", "all"):
        part = lines if split == "all" else lines[lines["split"] == split]
        found = posts if split == "all" else posts[posts["split"] == split]
        gold = part["label"] == "post"
        removed = part["removed_as_post"]
        rows.append(
            {
                "split": split,
                "pages": part["page_id"].nunique(),
                "post_lines": int(gold.sum()),
                "removed_as_post": int(removed.sum()),
                "line_precision": round((gold & removed).sum() / max(removed.sum(), 1), 4),
                "line_recall": round((gold & removed).sum() / max(gold.sum(), 1), 4),
                "posts": len(found),
                "posts_found_exactly": int(found["found"].sum()),
                "prose_lines_lost": int((~gold & removed).sum()),
            }
        )
    return pd.DataFrame(rows)


def selection_table(texts: pd.DataFrame, k: int) -> pd.DataFrame:
    """Selection precision and recall against the hand codes, posts set apart and posts left in the body."""
    query = load_query()
    hand = texts["relevant"].eq("yes")
    parts = []
    for label, body in (
        (f"posts set apart (k = {k})", "body"),
        (f"posts left in the body (k = {k})", "body_with_posts"),
    ):
        frame = texts[["article_id", "title"]].assign(body=texts[body])
        selected = select_articles(frame, query, min_sentences=k, quiet=True)["relevant"]
        parts.append(selection_agreement(hand, selected, texts["split"], label))
    return pd.concat(parts, ignore_index=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--k", type=int, default=K_DEFAULT, help="min_sentences of the selection rule")
    parser.add_argument("--errors", action="store_true", help="list the tuning part's missed and wrong post lines")
    args = parser.parse_args()
    lines, posts, texts = page_results()
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(detector_table(lines, posts).to_string(index=False))
        print()
        print(posts.groupby("format")["found"].agg(["size", "sum"]).rename(columns={"sum": "found"}).to_string())
        print()
        columns = ["rule", "split", "n", "hand_relevant", "selected", "tp", "precision", "recall"]
        print(selection_table(texts, args.k)[columns].round(3).to_string(index=False))
        print()
        per_outlet = texts.groupby("outlet")["n_posts"].agg(pages="size", embedded_posts="sum")
        print(per_outlet.to_string())
    if args.errors:
        tuning = lines[lines["split"] == "tuning"]
        wrong = tuning[(tuning["label"] == "post") != tuning["removed_as_post"]]
        for row in wrong.itertuples(index=False):
            text = (DEV_DIR / "pages" / f"{row.page_id}.txt").read_text(encoding="utf-8").split("\n")[row.line_no - 1]
            print(f"{row.page_id}:{row.line_no} gold {row.label}, removed_as_post {row.removed_as_post}: {text[:100]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
