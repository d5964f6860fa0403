"""Rebuild the third real archive (Al Jazeera and Misbar on Palestine, 2023 to 2025, with the
embedded posts of the pages) as one JSON-lines file the pipeline reads (``raw_path`` +
``record_fields``).

The articles come from the public repository of a university course project on Arabic fake-news
detection (github.com/shahedAlthalethini/Palestine-Fake-News-Detection-NLP-ML, no licence file;
the articles stay under their publishers' copyright). Student groups collected one month each of
Al Jazeera Net articles (the ``AJPalestine`` feed) and Misbar fact-checks, title and full text as
the pages gave it, embedded tweets included. Their texts are not copied into this repository:
this script rebuilds the file from a clone of that repository at a fixed commit, and
``data/annotations/relevance_palestine2023/`` holds only ids, codes and headlines.

Every row of ``preprocessing/monthly_raw_data/*.csv`` whose platform is Al Jazeera or Misbar
becomes one record, in file and row order::

    {"id": "<file stem>-<row, 4 digits>", "title": ..., "content": ..., "outlet": "aljazeera" | "misbar",
     "date": "YYYY-MM-DD" or "", "platform": "<the file's platform value>"}

Left out: the other platforms of the files (Tibyan's one-line rumour verdicts, single posts of X,
Facebook, Telegram channels and ministries the groups coded as claims, a few agency items);
``FinalDecember_data.csv`` (a re-export of the December file) and ``merged_cleaned.csv`` (the
project's merge of the same rows). Dates are written by the groups in several forms (ISO, day
first, month first); a file's slash dates are read day first or month first as its unambiguous
dates show, and a date that cannot be read is left empty. The record fields for ``params.yaml``
are ``RECORD_FIELDS`` below.

    git clone https://github.com/shahedAlthalethini/Palestine-Fake-News-Detection-NLP-ML /tmp/palestine
    .venv/bin/python tools/build_palestine2023_archive.py /tmp/palestine /tmp/palestine2023.jsonl
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive_build import build_command, write_json_lines  # noqa: E402

COMMIT = "d7d8569161238c9b55e43adc156728f6f7b27fc7"
"""The repository's commit the archive is read from (its last commit, 2025-08-04)."""
ARTICLES_DIR = "preprocessing/monthly_raw_data/"
LEFT_OUT_FILES = frozenset({"merged_cleaned.csv"})
OUTLETS = {"AJPalestine": "aljazeera", "Aljazeera": "aljazeera", "Aljazeera news": "aljazeera"}
OUTLETS |= {"MisbarFC": "misbar", "Misbar": "misbar"}
"""The platforms kept (as the files spell them) and the outlet each is."""
RECORD_FIELDS = {"id": "id", "title": "title", "content": "content", "outlet": "outlet", "date": "date", "author": ""}
"""``record_fields`` for ``params.yaml`` (the records have no author field)."""
CONTENT_COLUMNS = ("news content", "news_content", "content")
_SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})")


def source_files(git_dir: Path, commit: str = COMMIT) -> list[str]:
    """The groups' CSV files at ``commit``, in path order."""
    listing = subprocess.run(
        ["git", "--git-dir", str(git_dir), "ls-tree", "-z", "--name-only", commit, ARTICLES_DIR],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    paths = [path for path in listing.split("\0") if path.endswith(".csv")]
    return sorted(path for path in paths if path.rsplit("/", 1)[-1] not in LEFT_OUT_FILES)


def read_blob(git_dir: Path, commit: str, path: str) -> str:
    """The text of ``path`` at ``commit`` (UTF-8, a byte-order mark dropped)."""
    data = subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"], check=True, capture_output=True
    ).stdout
    return data.decode("utf-8-sig", errors="replace")


def day_first(dates: list[str]) -> bool:
    """Whether a file's slash dates are day first: its unambiguous dates say so (month first otherwise)."""
    first = second = 0
    for value in dates:
        match = _SLASH_DATE.match(value.strip())
        if match:
            first += int(match.group(1)) > 12
            second += int(match.group(2)) > 12
    return first >= second and first > 0


def iso_date(value: str, is_day_first: bool) -> str:
    """``YYYY-MM-DD`` of an ISO or slash date, or "" when it cannot be read."""
    value = value.strip()
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        pass
    match = _SLASH_DATE.match(value)
    if not match:
        return ""
    a, b, year = (int(part) for part in match.groups())
    day, month = (a, b) if is_day_first else (b, a)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""


def records(path: str, text: str) -> list[dict[str, str]]:
    """The kept rows of one file as records (Al Jazeera and Misbar only)."""
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        return []
    columns = {name.strip().lower(): name for name in rows[0]}
    content = next((columns[name] for name in CONTENT_COLUMNS if name in columns), None)
    if content is None or "title" not in columns or "platform" not in columns or "date" not in columns:
        raise SystemExit(f"{path}: no title, content, platform or date column (columns: {list(rows[0])})")
    stem = path.rsplit("/", 1)[-1].removesuffix(".csv")
    is_day_first = day_first([row[columns["date"]] or "" for row in rows])
    out = []
    for position, row in enumerate(rows, start=1):
        platform = (row[columns["platform"]] or "").strip()
        if platform not in OUTLETS:
            continue
        out.append(
            {
                "id": f"{stem}-{position:04d}",
                "title": " ".join((row[columns["title"]] or "").split()),
                "content": (row[content] or "").replace("\r\n", "\n").strip(),
                "outlet": OUTLETS[platform],
                "date": iso_date(row[columns["date"]] or "", is_day_first),
                "platform": platform,
            }
        )
    return out


def build(git_dir: Path, out: Path, commit: str = COMMIT) -> Counter:
    """Write the JSON-lines archive; returns the records per outlet."""
    items = (item for path in source_files(git_dir, commit) for item in records(path, read_blob(git_dir, commit, path)))
    return write_json_lines(items, out)


if __name__ == "__main__":
    sys.exit(build_command(__doc__.splitlines()[0], "the course project's repository", COMMIT, build))
