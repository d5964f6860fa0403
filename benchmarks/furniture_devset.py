"""Evaluate furniture removal on the development set (``data/dev/furniture``) and the five articles.

For every page, ``clean_article`` runs on the page text alone (no outlet, no title given)
and its result is compared with the gold labels, line by line:

- furniture lines removed: gold ``furniture`` lines that are not kept;
- glued spans removed: gold furniture spans at the start or end of an article line that
  no longer appear in the kept text of that line;
- article lines kept: gold ``title`` and ``body`` lines kept (as title or body), and kept
  intact (their whole text less the gold furniture span, nothing more cut off);
- titles right: pages whose chosen title is the gold headline.

The five committed articles have no gold file: their reference is the committed
``data/processed`` tables (the lines kept there must still be kept).

    .venv/bin/python benchmarks/furniture_devset.py                   # the table
    .venv/bin/python benchmarks/furniture_devset.py --errors          # plus the tuning part's errors
    .venv/bin/python benchmarks/furniture_devset.py --set tuning2     # the second tuning set instead

``--set``: ``original`` (``data/dev/furniture``: tuning and held-out parts) or ``tuning2``
(``data/dev/furniture_tuning2``: 120 more tuning pages). Errors are listed for tuning
parts only: the held-out part is for reporting.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.clean.articles import separate_furniture, split_lines
from analysis.config.paths import REPO_ROOT
from analysis.text.arabic import normalize

DEV_SETS = {
    "original": REPO_ROOT / "data" / "dev" / "furniture",
    "tuning2": REPO_ROOT / "data" / "dev" / "furniture_tuning2",
}
RAW_DIR = REPO_ROOT / "data" / "raw"
PROCESSED_DIR = REPO_ROOT / "data" / "processed"
EDGE_PUNCTUATION = " \t.,،:;؛-–—|•()«»\"'“”"


@dataclass
class Score:
    """Counts over a set of pages."""

    pages: int = 0
    furniture_lines: int = 0
    furniture_removed: int = 0
    glued_spans: int = 0
    glued_removed: int = 0
    article_lines: int = 0
    article_kept: int = 0
    article_intact: int = 0
    titles_right: int = 0
    errors: list[str] = field(default_factory=list)

    def row(self, name: str) -> dict[str, object]:
        """One table row: counts and percentages."""

        def share(part: int, whole: int) -> str:
            return f"{part}/{whole} ({100 * part / whole:.1f} %)" if whole else "-"

        return {
            "part": name,
            "pages": self.pages,
            "furniture lines removed": share(self.furniture_removed, self.furniture_lines),
            "glued spans removed": share(self.glued_removed, self.glued_spans),
            "article lines kept": share(self.article_kept, self.article_lines),
            "kept intact": share(self.article_intact, self.article_lines),
            "title right": share(self.titles_right, self.pages),
        }


def comparable(text: str) -> str:
    """Normalized text without edge punctuation, for comparing kept text with gold."""
    return normalize(text).strip(EDGE_PUNCTUATION)


def kept_text_by_line(page_text: str) -> tuple[str, dict[int, str]]:
    """The chosen title and, per kept line number, the text kept from it."""
    article = separate_furniture(page_text)
    kept = dict(zip(article.body_line_nos, article.body.split("\n") if article.body else []))
    if article.title_line_no:
        kept[article.title_line_no] = article.title
    return article.title, kept


def score_page(dev_dir: Path, page_id: str, score: Score) -> None:
    """Add the counts of one page of the set in ``dev_dir`` to ``score``."""
    text = (dev_dir / "pages" / f"{page_id}.txt").read_text(encoding="utf-8")
    lines = split_lines(text)
    title, kept = kept_text_by_line(text)
    with (dev_dir / "gold" / f"{page_id}.csv").open(encoding="utf-8", newline="") as handle:
        gold = list(csv.DictReader(handle))
    score.pages += 1
    for row in gold:
        line_no = int(row["line_no"])
        line = lines[line_no - 1].strip()
        where = f"{page_id}:{line_no}"
        if row["label"] == "furniture":
            score.furniture_lines += 1
            if line_no in kept:
                score.errors.append(f"{where} furniture kept ({row['kind']}): {line}")
            else:
                score.furniture_removed += 1
            continue
        score.article_lines += 1
        if row["label"] == "title" and comparable(title) == comparable(line):
            score.titles_right += 1
        elif row["label"] == "title":
            score.errors.append(f"{where} title not chosen: {line}  (chosen: {title})")
        if line_no not in kept:
            score.errors.append(f"{where} ARTICLE LINE LOST: {line}")
            continue
        score.article_kept += 1
        span = row["furniture_span"]
        expected = line.removeprefix(span).removesuffix(span) if span else line
        if span:
            score.glued_spans += 1
            if comparable(span) not in comparable(kept[line_no]):
                score.glued_removed += 1
            else:
                score.errors.append(f"{where} glued {row['kind']} kept: {span}")
        if comparable(expected) in comparable(kept[line_no]):
            score.article_intact += 1
        else:
            score.errors.append(f"{where} ARTICLE TEXT CUT: kept {kept[line_no]!r}")


def score_split(split: str, dev_dir: Path = DEV_SETS["original"]) -> Score:
    """Counts over the pages of one split (``tuning`` or ``held_out``) of the set in ``dev_dir``."""
    pages = pd.read_csv(dev_dir / "pages.csv", dtype=str)
    score = Score()
    for page_id in sorted(pages.loc[pages["split"] == split, "page_id"]):
        score_page(dev_dir, page_id, score)
    return score


def score_five_articles() -> Score:
    """The five committed articles against the committed tables: kept lines must stay kept."""
    articles = pd.read_csv(PROCESSED_DIR / "articles.csv", dtype=str, keep_default_na=False)
    sentences = pd.read_csv(PROCESSED_DIR / "sentences.csv", dtype={"article_id": str})
    removed = pd.read_csv(PROCESSED_DIR / "removed_lines.csv", dtype={"article_id": str})
    score = Score()
    for row in articles.itertuples():
        text = (RAW_DIR / f"{row.article_id}.txt").read_text(encoding="utf-8")
        title, kept = kept_text_by_line(text)
        score.pages += 1
        was_kept = set(sentences.loc[sentences["article_id"] == row.article_id, "line_no"])
        was_removed = removed.loc[(removed["article_id"] == row.article_id) & ~removed["line_no"].isin(was_kept)]
        score.article_lines += len(was_kept)
        score.article_kept += len(was_kept & set(kept))
        score.article_intact += len(was_kept & set(kept))
        score.furniture_lines += len(was_removed)
        score.furniture_removed += int((~was_removed["line_no"].isin(list(kept))).sum())
        score.titles_right += int(comparable(title) == comparable(row.title))
        lines = split_lines(text)
        for line_no in sorted(set(kept) - was_kept - {0}):
            if lines[line_no - 1].strip():
                score.errors.append(f"{row.article_id}:{line_no} kept now, not before: {lines[line_no - 1].strip()}")
        for line_no in sorted(was_kept - set(kept) - {0}):
            score.errors.append(f"{row.article_id}:{line_no} REMOVED NOW: {lines[line_no - 1].strip()}")
    return score


def main(argv: list[str]) -> int:
    """Print the table (and, with ``--errors``, the tuning part's errors)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", action="store_true", help="list the tuning part's errors (never held-out)")
    parser.add_argument("--set", choices=sorted(DEV_SETS), default="original", dest="dev_set")
    args = parser.parse_args(argv)
    dev_dir = DEV_SETS[args.dev_set]
    scores = {"tuning": score_split("tuning", dev_dir)}
    if args.dev_set == "original":
        scores["held_out"] = score_split("held_out", dev_dir)
    scores["five"] = score_five_articles()
    table = pd.DataFrame([score.row(name) for name, score in scores.items()]).set_index("part")
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.to_string())
    if args.errors:
        print(
            "\n".join(["", "tuning errors:"] + scores["tuning"].errors + ["", "five articles:"] + scores["five"].errors)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
