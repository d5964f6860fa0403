"""Reading the raw corpus: article files, their encodings and their metadata.

This is the only module that reads raw input. A problem with one article (empty,
binary, undecodable) becomes that article's ``problem``, reported as a rejected row; a
problem with the corpus as a whole (no such folder, malformed ``metadata.csv``) raises
``CorpusError`` with the file, the line and the fix.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from analysis.arabic_text import ARABIC_LETTER, has_arabic
from analysis.paths import relative_to_repo

METADATA_FILE = "metadata.csv"
METADATA_COLUMNS = ["outlet", "outlet_country", "place", "published", "agency", "author", "note"]
COMPANION_FILES = {METADATA_FILE, "README.md", "SHA256SUMS"}
"""Files that may sit beside the articles in the raw folder and are not articles."""

MIN_ARABIC_SHARE_CP1256 = 0.5
"""Bytes that are not UTF-8 are read as Windows-1256 when at least this share of the
letters they decode to are Arabic."""


class CorpusError(ValueError):
    """The corpus as a whole cannot be read; the message names the file and the fix."""


@dataclass(frozen=True)
class RawArticle:
    """One input article before cleaning.

    ``text`` is None when the file could not be read as text; ``problem`` then says why,
    in words a person understands (empty when the article is fine).
    """

    article_id: str
    source_file: str
    text: str | None
    encoding: str
    problem: str
    metadata: dict[str, str] = field(default_factory=dict)


def decode_article(data: bytes) -> tuple[str | None, str, str]:
    """Decode a raw article file.

    Parameters
    ----------
    data: the file's bytes.

    Returns
    -------
    ``(text, encoding, problem)``: the text (None when unreadable), the encoding used
    (``utf-8``, ``utf-8-sig``, ``utf-16``, ``cp1256``) and a problem (empty when fine).
    """
    if not data:
        return None, "", "empty file (0 bytes): add the article's text or delete the file"
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding), encoding)
            except UnicodeDecodeError as error:
                return None, encoding, f"starts with a {encoding} byte-order mark but is not valid {encoding} ({error.reason} at byte {error.start}): re-save it as UTF-8"
    if b"\x00" in data:
        return None, "", "binary file (it holds NUL bytes), not text: replace it with the article's text saved as UTF-8"
    try:
        return _check_text(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1256", errors="replace")
    letters = [char for char in text if char.isalpha()]
    if letters and sum(1 for char in letters if ARABIC_LETTER.match(char)) / len(letters) >= MIN_ARABIC_SHARE_CP1256:
        return _check_text(text, "cp1256")
    return None, "", "neither UTF-8 nor Arabic Windows-1256 text: re-save the file as UTF-8"


def _check_text(text: str, encoding: str) -> tuple[str | None, str, str]:
    if not text.strip(" \t\r\n\u00a0\u200b\u200e\u200f\ufeff"):
        return text, encoding, "holds only white space: add the article's text or delete the file"
    if not has_arabic(text):
        return text, encoding, "holds no Arabic letters: the pipeline analyses Arabic articles"
    return text, encoding, ""


def read_metadata(metadata_csv: Path) -> dict[str, dict[str, str]]:
    """Read ``metadata.csv`` into ``{article_id: {column: value}}``.

    Missing optional columns are empty; empty values mean "unknown". Raises
    ``CorpusError`` naming the file and line for a missing ``article_id`` column, an
    unknown column, a row of the wrong length, a repeated id or a date that is not ISO
    (YYYY-MM-DD).
    """
    name = relative_to_repo(metadata_csv)
    try:
        content = metadata_csv.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise CorpusError(f"{name}: not UTF-8 ({error.reason} at byte {error.start}); re-save it as UTF-8") from None
    reader = csv.reader(io.StringIO(content, newline=""))
    header = [column.strip() for column in next(reader, [])]
    if "article_id" not in header:
        raise CorpusError(f"{name}, line 1: no 'article_id' column; the header must start with article_id,{','.join(METADATA_COLUMNS)}")
    unknown = [column for column in header if column not in ["article_id", *METADATA_COLUMNS]]
    if unknown:
        raise CorpusError(f"{name}, line 1: unknown column(s) {', '.join(unknown)}; allowed: article_id, {', '.join(METADATA_COLUMNS)}")
    metadata: dict[str, dict[str, str]] = {}
    for row in reader:
        line_no = reader.line_num
        if not any(value.strip() for value in row):
            continue
        if len(row) != len(header):
            raise CorpusError(f"{name}, line {line_no}: {len(row)} fields where the header has {len(header)}; quote values that hold commas")
        values = {column: value.strip() for column, value in zip(header, row)}
        article_id = values.pop("article_id")
        if article_id in metadata:
            raise CorpusError(f"{name}, line {line_no}: article_id {article_id!r} appears twice; keep one row per article")
        published = values.get("published", "")
        if published and not _is_iso_date(published):
            raise CorpusError(f"{name}, line {line_no}: published {published!r} is not an ISO date; write YYYY-MM-DD or leave it empty")
        metadata[article_id] = {column: values.get(column, "") for column in METADATA_COLUMNS}
    return metadata


def _is_iso_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def read_corpus(raw_dir: str | Path, metadata_csv: str | Path | None = None) -> Iterator[RawArticle]:
    """Read every article of a raw folder, in file-name order.

    Parameters
    ----------
    raw_dir: folder of ``.txt`` articles (the id is the file name without ``.txt``).
    metadata_csv: defaults to ``raw_dir/metadata.csv``; when absent, metadata is unknown.

    Yields
    ------
    One ``RawArticle`` per file (hidden files and ``COMPANION_FILES`` are skipped; a
    file that is not ``.txt`` comes back with a problem), then one per metadata row
    whose file is missing.
    """
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise CorpusError(f"{relative_to_repo(raw_dir)}: no such folder; set raw_dir in params.yaml to the folder of raw articles")
    metadata_path = Path(metadata_csv) if metadata_csv is not None else raw_dir / METADATA_FILE
    metadata = read_metadata(metadata_path) if metadata_path.exists() else {}
    unknown = {column: "" for column in METADATA_COLUMNS}
    seen: set[str] = set()
    for path in sorted(raw_dir.iterdir(), key=lambda item: item.name):
        if path.name.startswith(".") or path.name in COMPANION_FILES or not path.is_file():
            continue
        article_id = path.stem if path.suffix == ".txt" else path.name
        seen.add(article_id)
        row_metadata = metadata.get(article_id, unknown | {"note": f"no row in {METADATA_FILE}"})
        if path.suffix != ".txt":
            yield RawArticle(article_id, relative_to_repo(path), None, "", "not a .txt file: articles must be .txt files (rename it if it is one)", row_metadata)
            continue
        text, encoding, problem = decode_article(path.read_bytes())
        yield RawArticle(article_id, relative_to_repo(path), text, encoding, problem, row_metadata)
    for article_id in sorted(set(metadata) - seen):
        problem = f"listed in {METADATA_FILE} but {article_id}.txt is not in the raw folder: add the file or delete the row"
        yield RawArticle(article_id, "", None, "", problem, metadata[article_id])
