"""How much two processes can gain on this machine: the same light work alone, then two
copies at once.

Each copy is a fresh Python process that reads half of SaudiNewsNet's records and tokenizes
them with one regular expression (the benchmark's floor, plus a little dictionary work). On
an ideal machine two copies at once take as long as one alone (2x the throughput); shared
cores, caches or a busy host show up as less. Medians of ``--runs`` alternating rounds.

    .venv/bin/python benchmarks/machine_ceiling.py [PATH] [--runs 4]

Not part of ``make test``; the figures are in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from analysis.config.paths import SAUDINEWSNET_DIR

WORK = r"""
import json, re, sys, zipfile
from pathlib import Path
files = sorted(Path(sys.argv[1]).glob("*.zip"))
for path in files[: len(files) // 2]:
    with zipfile.ZipFile(path) as archive:
        for member in sorted(archive.namelist()):
            for record in json.loads(archive.read(member).decode("utf-8-sig")):
                tokens = re.findall(r"\w+", f"{record.get('title') or ''}\n{record.get('content') or ''}")
                prefixes = {token[:3] for token in tokens}
"""


def copies_at_once(corpus: Path, copies: int) -> float:
    """Wall time of ``copies`` fresh processes doing the same work side by side."""
    clock = time.perf_counter()
    processes = [subprocess.Popen([sys.executable, "-c", WORK, str(corpus)]) for _ in range(copies)]
    if any(process.wait() for process in processes):
        raise RuntimeError("a copy of the work failed")
    return time.perf_counter() - clock


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(SAUDINEWSNET_DIR), help="folder of ZIPs of JSON records")
    parser.add_argument("--runs", type=int, default=4, help="alternating rounds; medians are reported")
    args = parser.parse_args(argv)
    alone, two = [], []
    for _ in range(args.runs):
        alone.append(copies_at_once(Path(args.path), 1))
        two.append(copies_at_once(Path(args.path), 2))
    one, both = statistics.median(alone), statistics.median(two)
    print(
        f"one copy alone {one:.2f} s, two copies at once {both:.2f} s (medians of {args.runs}): "
        f"two processes give {2 * one / both:.2f}x the throughput of one (ideal 2x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
