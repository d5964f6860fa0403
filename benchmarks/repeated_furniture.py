"""What rule ``repeated_line`` removes from SaudiNewsNet, per outlet, and how long counting takes.

Reads the archive through the package's loader, counts repeated lines and first/last-line
openings/closings (``find_repeated_furniture``), then runs the furniture step on every
article and tallies the ``repeated_line`` removals: whole lines and spans cut off a kept
line, per outlet, with the most frequent texts so a reader can check they are furniture.

    .venv/bin/python benchmarks/repeated_furniture.py [PATH] [--min-repeats 20] [--examples 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from analysis.clean.articles import separate_furniture
from analysis.clean.repeated import find_repeated_furniture
from analysis.config.params import SAUDINEWSNET_FIELDS
from analysis.config.paths import SAUDINEWSNET_DIR
from analysis.corpus.reading import read_corpus


def main(argv: list[str]) -> int:
    """Print the per-outlet table and the examples."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=SAUDINEWSNET_DIR)
    parser.add_argument("--min-repeats", type=int, default=20)
    parser.add_argument("--examples", type=int, default=5)
    args = parser.parse_args(argv)
    articles = [
        raw for raw in read_corpus(args.path, fields=SAUDINEWSNET_FIELDS) if raw.text is not None and not raw.problem
    ]
    started = time.process_time()
    repeated = find_repeated_furniture(
        ((str(raw.metadata.get("outlet", "")), raw.text) for raw in articles), args.min_repeats
    )
    counting = time.process_time() - started
    tally: Counter = Counter()
    texts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for raw in articles:
        outlet = str(raw.metadata.get("outlet", ""))
        tally[outlet, "articles"] += 1
        article = separate_furniture(raw.text, outlet, raw.title, repeated)
        for removed in article.removed:
            if removed.rule == "repeated_line":
                kind = "spans" if removed.line_no in article.kept_line_nos else "lines"
                tally[outlet, kind] += 1
                texts[outlet, kind][removed.text] += 1
    print(f"{len(articles)} readable articles; counting took {counting:.1f} s of CPU (min_repeats={args.min_repeats})")
    print(f"{'outlet':<14}{'articles':>9}{'lines':>8}{'spans':>8}")
    for outlet in sorted({outlet for outlet, _ in tally}):
        row = [tally[outlet, kind] for kind in ("articles", "lines", "spans")]
        print(f"{outlet:<14}{row[0]:>9}{row[1]:>8}{row[2]:>8}")
    for (outlet, kind), counter in sorted(texts.items()):
        for text, count in counter.most_common(args.examples):
            print(f"  {outlet} {kind} {count:>4}  {text[:100]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
