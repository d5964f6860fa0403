"""Draw the relevance hand-coding sample of a second real archive (one folder of
``data/annotations/`` per archive, ``ARCHIVES`` below), from a run of the ``clean`` and
``select`` stages on it (``tools/build_<archive>_archive.py`` rebuilds the archive).

Two strata of the archive's usable articles (status ``ok``), fixed by the selection rule as it
stood when the sample was drawn:

- ``selected``: the ``select`` stage marked the article relevant;
- ``term_not_selected``: not selected, but a word of the broad social-media list of
  ``tools/sample_relevance.py`` occurs in its cleaned title or body.

Articles in neither stratum (no social-media word at all) are not sampled. ``PER_STRATUM``
articles are drawn from each stratum (``random.Random(seed).sample`` over the stratum's ids in
sorted order, ``selected`` first, with the archive's seed); within each stratum the first half
drawn is ``tuning``, the second ``held_out``. Each row carries its stratum's size, so every coded
article has a known inclusion probability (``PER_STRATUM / stratum_size``). The sheet has empty
``relevant`` and ``reason`` columns; the script never overwrites a sheet that holds codes.

    .venv/bin/python tools/sample_relevance_archive.py egypt2013 RUN/data/archive            # writes the sheet
    .venv/bin/python tools/sample_relevance_archive.py palestine2023 RUN/data/archive --dry-run  # strata only
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import pandas as pd

from analysis.config.paths import ANNOTATIONS_DIR
from analysis.config.tables import ARTICLES, SELECTION
from analysis.pipeline.outputs import read_table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_relevance import broad_mentions, write_new_sheet  # noqa: E402

PER_STRATUM = 64
STRATA = ("selected", "term_not_selected")
ARCHIVES = {"egypt2013": 20261208, "palestine2023": 20261209}
"""The archives sampled and the seed of each draw; archive ``name``'s codes are in
``data/annotations/relevance_<name>/``."""
COLUMNS = ["article_id", "outlet", "published", "title", "stratum", "stratum_size", "relevant", "reason", "split"]


def sample_file(archive: str) -> Path:
    """The relevance sheet of ``archive`` (a key of ``ARCHIVES``)."""
    if archive not in ARCHIVES:
        raise SystemExit(f"unknown archive {archive!r}; one of {', '.join(sorted(ARCHIVES))}")
    return ANNOTATIONS_DIR / f"relevance_{archive}" / "relevance_sample.csv"


def stratified_articles(processed: Path, table_format: str = "parquet") -> pd.DataFrame:
    """The usable articles of a run with their stratum (``selected``, ``term_not_selected`` or "")."""
    articles = read_table(
        ARTICLES,
        processed,
        table_format=table_format,
        columns=["article_id", "status", "outlet", "published", "title", "body"],
    )
    selection = read_table(SELECTION, processed, table_format=table_format, columns=["article_id", "relevant"])
    usable = articles[articles["status"] == "ok"].merge(selection, on="article_id", how="inner", validate="one_to_one")
    text = usable["title"].fillna("") + "\n" + usable["body"].fillna("")
    touched = text.map(broad_mentions) > 0
    usable["stratum"] = ""
    usable.loc[~usable["relevant"] & touched, "stratum"] = "term_not_selected"
    usable.loc[usable["relevant"], "stratum"] = "selected"
    return usable


def draw(usable: pd.DataFrame, seed: int, per_stratum: int = PER_STRATUM) -> list[dict[str, str]]:
    """``per_stratum`` articles per stratum (seeded), the first half drawn ``tuning``, the rest ``held_out``."""
    rng = random.Random(seed)
    rows = []
    for stratum in STRATA:
        members = usable[usable["stratum"] == stratum].sort_values("article_id")
        chosen = rng.sample(list(members.itertuples(index=False)), per_stratum)
        for position, article in enumerate(chosen):
            rows.append(
                {
                    "article_id": article.article_id,
                    "outlet": article.outlet,
                    "published": "" if pd.isna(article.published) else str(article.published)[:10],
                    "title": " ".join(str(article.title or "").split()),
                    "stratum": stratum,
                    "stratum_size": str(len(members)),
                    "relevant": "",
                    "reason": "",
                    "split": "tuning" if position < per_stratum // 2 else "held_out",
                }
            )
    return sorted(rows, key=lambda row: row["article_id"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", choices=sorted(ARCHIVES), help="which archive (its annotations folder and seed)")
    parser.add_argument("processed", type=Path, help="processed_dir of a clean + select run on the archive")
    parser.add_argument("--table-format", default="parquet", choices=["csv", "parquet"])
    parser.add_argument("--out", type=Path, help="the sheet to write (default: the archive's relevance_sample.csv)")
    parser.add_argument("--dry-run", action="store_true", help="print the strata, write nothing")
    args = parser.parse_args()
    usable = stratified_articles(args.processed, args.table_format)
    print(f"usable articles: {len(usable)}")
    for stratum in STRATA:
        print(f"{stratum}: {int((usable['stratum'] == stratum).sum())}")
    print(f"not sampled (no social-media word): {int((usable['stratum'] == '').sum())}")
    if args.dry_run:
        return 0
    return write_new_sheet(draw(usable, ARCHIVES[args.archive]), args.out or sample_file(args.archive), COLUMNS)


if __name__ == "__main__":
    sys.exit(main())
