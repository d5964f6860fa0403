"""Near-duplicates on a real archive: how many copies, per outlet pair, and the cost.

Loads and processes the corpus as ``bench_pipeline.py`` does (same loader, cleaning and
shingles), then runs ``find_copies`` once over all articles, timing it and reading the
peak RSS before and after it. Prints the copies per (kept outlet, copy outlet)
pair and writes every copy to a CSV for reading.

    python benchmarks/near_duplicate_pairs.py [PATH] [--threshold T] [--csv OUT]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import pandas as pd

from analysis.clean.articles import DEFAULT_NEAR_DUPLICATE_THRESHOLD
from analysis.clean.near_duplicates import find_copies
from bench_pipeline import DEFAULT_PATH, corpus_texts, peak_rss_mb, process_files, record_files


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
    parser.add_argument("--threshold", type=float, default=DEFAULT_NEAR_DUPLICATE_THRESHOLD)
    parser.add_argument("--csv", default="benchmarks/results/near_duplicates.csv")
    args = parser.parse_args(argv)
    result = process_files(record_files(Path(args.path)))
    outlet = dict(zip(result["ids"], result["outlets"]))
    texts = corpus_texts([result])
    rss_before = peak_rss_mb()
    clock = time.perf_counter()
    copies = find_copies(texts, args.threshold)
    seconds = time.perf_counter() - clock
    rss_after = peak_rss_mb()
    print(
        f"{len(texts)} articles with words; threshold {args.threshold}: {seconds:.2f} s; "
        f"peak RSS {rss_before:.0f} MB before the step, {rss_after:.0f} MB after"
    )
    print(Counter(copy.status for copy in copies))
    table = pd.DataFrame(
        [
            {
                "article_id": c.article_id,
                "kept_id": c.kept_id,
                "status": c.status,
                "jaccard": round(c.jaccard, 3),
                "kept_outlet": outlet[c.kept_id],
                "copy_outlet": outlet[c.article_id],
            }
            for c in copies
        ]
    )
    Path(args.csv).parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.csv, index=False)
    near = table[table["status"] == "near_duplicate"]
    pairs = near.groupby(["kept_outlet", "copy_outlet"]).size().sort_values(ascending=False)
    print(pairs.to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
