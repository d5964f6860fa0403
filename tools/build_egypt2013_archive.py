"""Rebuild the second real archive (Egyptian and international Arabic outlets, January to
March 2013) as one JSON-lines file the pipeline reads (``raw_path`` + ``record_fields``).

The articles come from the public repository of Hammad & Hemayed (2013), "Automating
Credibility Assessment of Arabic News" (github.com/ibraaaa/news-credibility, Apache-2.0 for
the repository; the articles stay under their publishers' copyright). Their texts are not
copied into this repository: this script rebuilds the file from a clone of that repository
at a fixed commit, and ``data/annotations/relevance_egypt2013/`` holds only ids, codes and
short quotes.

Every ``src/python/data/rss/txt/<outlet>/[<section>/]<page>/<date time>#<uuid>.txt`` file of
the Arabic-language outlets becomes one record, in path order::

    {"id": "<uuid>", "title": "<first line>", "content": "<the other lines>",
     "outlet": "<outlet folder>", "date": "<date time>", "section": "<section folder>"}

The two English-language outlets (``englishAhram``, ``englishFjp``) are left out. The
record fields for ``params.yaml`` are ``RECORD_FIELDS`` below.

    git clone https://github.com/ibraaaa/news-credibility /tmp/news-credibility
    .venv/bin/python tools/build_egypt2013_archive.py /tmp/news-credibility /tmp/egypt2013.jsonl
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive_build import build_command, write_json_lines  # noqa: E402

COMMIT = "cae1009d9def17c058342c3dee969f2babcd0c9e"
"""The repository's commit the archive is read from (its last commit, 2019-01-06)."""
ARTICLES_DIR = "src/python/data/rss/txt/"
ENGLISH_OUTLETS = frozenset({"englishAhram", "englishFjp"})
RECORD_FIELDS = {"id": "id", "title": "title", "content": "content", "outlet": "outlet", "date": "date", "author": ""}
"""``record_fields`` for ``params.yaml`` (the records have no author field)."""


def article_paths(git_dir: Path, commit: str = COMMIT) -> list[str]:
    """The archive's article files at ``commit``, in path order (Arabic-language outlets only)."""
    listing = subprocess.run(
        ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "-z", "--name-only", commit, ARTICLES_DIR],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    paths = [path for path in listing.split("\0") if path.endswith(".txt")]
    return sorted(path for path in paths if path[len(ARTICLES_DIR) :].split("/")[0] not in ENGLISH_OUTLETS)


def record(path: str, data: bytes) -> dict[str, str]:
    """One article file as a record: the first non-empty line is the title, the rest the content."""
    parts = path[len(ARTICLES_DIR) :].split("/")
    outlet, name = parts[0], parts[-1]
    section = parts[1] if len(parts) == 4 else ""  # some outlets have no section folder
    date, _, uuid = name.removesuffix(".txt").partition("#")
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n")
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    title = lines[0].strip() if lines else ""
    content = "\n".join(lines[1:]).strip("\n")
    return {"id": uuid, "title": title, "content": content, "outlet": outlet, "date": date, "section": section}


def read_blobs(git_dir: Path, commit: str, paths: list[str]):
    """(path, bytes) of every path at ``commit``, through one ``git cat-file --batch``."""
    process = subprocess.Popen(
        ["git", "--git-dir", str(git_dir), "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        for path in paths:
            process.stdin.write(f"{commit}:{path}\n".encode())
            process.stdin.flush()
            header = process.stdout.readline().split()
            if len(header) != 3:
                raise SystemExit(f"{path}: not found at {commit} in {git_dir}")
            data = process.stdout.read(int(header[2]))
            process.stdout.read(1)
            yield path, data
    finally:
        process.stdin.close()
        process.wait()


def build(git_dir: Path, out: Path, commit: str = COMMIT) -> Counter:
    """Write the JSON-lines archive; returns the records per outlet."""
    paths = article_paths(git_dir, commit)
    return write_json_lines((record(path, data) for path, data in read_blobs(git_dir, commit, paths)), out)


if __name__ == "__main__":
    sys.exit(build_command(__doc__.splitlines()[0], "github.com/ibraaaa/news-credibility", COMMIT, build))
