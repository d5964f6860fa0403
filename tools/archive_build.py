"""What the tools that rebuild a real archive from its public repository share
(``build_egypt2013_archive.py``, ``build_palestine2023_archive.py``): writing the records as one
JSON-lines file, with its digest, and their command line."""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path


def write_json_lines(records: Iterable[dict], out: Path) -> Counter:
    """Write ``records`` to ``out``, one JSON object per line (UTF-8, in order); print their number
    and the file's sha256 (which the archive's README quotes); return the records per ``outlet``."""
    per_outlet: Counter = Counter()
    digest = hashlib.sha256()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as handle:
        for item in records:
            line = json.dumps(item, ensure_ascii=False) + "\n"
            handle.write(line)
            digest.update(line.encode("utf-8"))
            per_outlet[item["outlet"]] += 1
    print(f"{sum(per_outlet.values())} records in {out} (sha256 {digest.hexdigest()})")
    return per_outlet


def build_command(description: str, repository: str, commit: str, build: Callable[[Path, Path, str], Counter]) -> int:
    """The tools' command line: ``REPOSITORY OUT [--commit C]``; runs ``build(git_dir, out, commit)``
    and prints the records per outlet."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("repository", type=Path, help=f"a clone of {repository} (or its .git)")
    parser.add_argument("out", type=Path, help="the JSON-lines file to write (keep it out of this repository)")
    parser.add_argument("--commit", default=commit)
    args = parser.parse_args()
    git_dir = args.repository / ".git" if (args.repository / ".git").exists() else args.repository
    for outlet, count in sorted(build(git_dir, args.out, args.commit).items()):
        print(f"  {outlet}: {count}")
    return 0
