"""Reading the raw corpus: article files, their encodings and their metadata; records
(read by ``analysis.corpus.records``) and HTML pages (``analysis.text.html``) become
articles here.

With ``analysis.corpus.records``, this is the only module that reads raw input. A
problem with one article (empty, binary, undecodable) becomes that article's
``problem``, reported as a rejected row; a problem with the corpus as a whole (no such
folder, malformed ``metadata.csv``) raises ``CorpusError`` with the file, the line and
the fix.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import html
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from analysis.config.params import RECORD_FIELDS
from analysis.config.paths import relative_to_repo
from analysis.corpus.records import ARCHIVE_JUNK, LineRange, error_text, junk_members, read_record_file
from analysis.text.arabic import ARABIC_LETTER, has_arabic
from analysis.text.html import VISIBLE_TEXT, PageText, extract_page, looks_like_html

METADATA_FILE = "metadata.csv"
METADATA_COLUMNS = ["outlet", "outlet_country", "place", "published", "agency", "author", "note"]
COMPANION_FILES = {METADATA_FILE, "README.md", "SHA256SUMS", "LICENSE"}
"""Files that may sit beside the articles in the raw folder and are not articles."""
HIDDEN = "hidden (its name starts with a dot): rename it to read it"
SUB_FOLDER = "a folder: files in sub-folders are not read; move them into raw_path to read them"
"""Why ``skipped_inputs`` lists a file (besides ``ARCHIVE_JUNK``)."""
RECORD_SUFFIXES = (".json", ".jsonl", ".zip")
"""Files of records: a JSON list of objects, JSON lines (one object per line), or a ZIP of such files."""


UNEXPECTED_FIX = "check the input there, and report this message if it looks right (the stage went on)"
"""The fix named when reading or cleaning one input fails in a way no rule foresaw."""

JSON_KINDS = {list: "a list", str: "a string", int: "a number", float: "a number", bool: "true or false"}
"""How a record that is not an object is named in its row (and ``null``)."""

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
    source_format: str = "txt"
    title: str | None = None
    """The headline when the source gives it as a field (records); None for raw pages."""


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
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding), encoding)
            except UnicodeDecodeError as error:
                return (
                    None,
                    encoding,
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} ({error.reason} "
                    f"at byte {error.start}): re-save it as UTF-8",
                )
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
        raise CorpusError(
            f"{name}, line 1: no 'article_id' column; the header must start with "
            f"article_id,{','.join(METADATA_COLUMNS)}"
        )
    unknown = [column for column in header if column not in ["article_id", *METADATA_COLUMNS]]
    if unknown:
        raise CorpusError(
            f"{name}, line 1: unknown column(s) {', '.join(unknown)}; "
            f"allowed: article_id, {', '.join(METADATA_COLUMNS)}"
        )
    metadata: dict[str, dict[str, str]] = {}
    for row in reader:
        line_no = reader.line_num
        if not any(value.strip() for value in row):
            continue
        if len(row) != len(header):
            raise CorpusError(
                f"{name}, line {line_no}: {len(row)} fields where the header has {len(header)}; quote "
                f"values that hold commas"
            )
        values = {column: value.strip() for column, value in zip(header, row)}
        article_id = values.pop("article_id")
        if article_id in metadata:
            raise CorpusError(
                f"{name}, line {line_no}: article_id {article_id!r} appears twice; keep one row per article"
            )
        published = values.get("published", "")
        if published and not _is_iso_date(published):
            raise CorpusError(
                f"{name}, line {line_no}: published {published!r} is not an ISO date; write YYYY-MM-DD or "
                f"leave it empty"
            )
        metadata[article_id] = {column: values.get(column, "") for column in METADATA_COLUMNS}
    return metadata


def _is_iso_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def read_corpus(
    raw_path: str | Path,
    metadata_csv: str | Path | None = None,
    fields: Mapping[str, str] | None = None,
    max_bytes: int | None = None,
) -> Iterator[RawArticle]:
    """Read every article under ``raw_path``, in file-name order.

    Parameters
    ----------
    raw_path: a folder of ``.txt`` articles (id = file name without ``.txt``) and/or
        record files (``.json``, ``.jsonl``, ``.zip`` of those); or one record file.
    metadata_csv: for ``.txt`` articles; defaults to ``metadata.csv`` in the folder; when
        absent, their metadata is unknown.
    fields: record field mapping (keys ``RECORD_FIELDS``; a value of "" means the records
        have no such field). Without an ``id`` field, a record's id is
        ``<file stem>-<position>`` (1-based, five digits), e.g. ``2015-07-21-00042``.
    max_bytes: larger articles are rejected (not read into the pipeline); None = no limit.

    Yields
    ------
    One ``RawArticle`` per article file or record (hidden files and
    ``COMPANION_FILES`` are skipped; any other file comes back with a problem), then
    one per metadata row whose file is missing.
    """
    folder, files = input_files(raw_path)
    metadata_path = Path(metadata_csv) if metadata_csv is not None else folder / METADATA_FILE
    metadata = read_metadata(metadata_path) if metadata_path.exists() else {}
    fields = check_record_fields(fields or {})
    seen: dict[str, str] = {}
    for path in files:
        for article in read_input_file(path, metadata, fields, max_bytes):
            article = unique_id(article, seen)
            seen[article.article_id] = article.source_file
            yield article
    yield from missing_files(metadata, seen)


def input_files(raw_path: str | Path) -> tuple[Path, list[Path]]:
    """The folder of the corpus and its input files in name order (hidden files and
    ``COMPANION_FILES`` left out); raises ``CorpusError`` when ``raw_path`` is neither a
    folder nor a record file."""
    raw_path = Path(raw_path)
    if raw_path.is_file() and raw_path.suffix in RECORD_SUFFIXES:
        return raw_path.parent, [raw_path]
    if raw_path.is_dir():
        files = [
            path
            for path in sorted(raw_path.iterdir(), key=lambda item: item.name)
            if not path.name.startswith(".") and path.name not in COMPANION_FILES and path.is_file()
        ]
        return raw_path, files
    raise CorpusError(
        f"{relative_to_repo(raw_path)}: no such folder or record file; set raw_path in params.yaml "
        f"to a folder of .txt articles or to a .json, .jsonl or .zip file of records"
    )


def skipped_inputs(raw_path: str | Path) -> list[tuple[str, str]]:
    """What under ``raw_path`` is not read and gets no row, and why: hidden files, sub-folders,
    and the macOS metadata in ZIPs (``ARCHIVE_JUNK``); ``COMPANION_FILES`` are not listed.

    Returns ``(source, why)`` pairs in name order, ``source`` written as ``source_file`` is in
    ``articles.csv`` (``FILE:MEMBER`` for a ZIP member).
    """
    folder, files = input_files(raw_path)
    skipped = []
    if Path(raw_path).is_dir():
        for path in sorted(folder.iterdir(), key=lambda item: item.name):
            if path.name in COMPANION_FILES or path in files:
                continue
            if path.name.startswith("."):
                why = ARCHIVE_JUNK if path.name in {".DS_Store", "__MACOSX"} or path.name.startswith("._") else HIDDEN
            else:
                why = SUB_FOLDER
            skipped.append((relative_to_repo(path), why))
    for path in files:
        skipped += [(f"{relative_to_repo(path)}:{member}", ARCHIVE_JUNK) for member in junk_members(path)]
    return skipped


def read_input_file(
    path: Path,
    metadata: dict[str, dict[str, str]],
    fields: dict[str, str],
    max_bytes: int | None,
    part: LineRange | None = None,
) -> Iterable[RawArticle]:
    """The articles of one input file (a ``.txt`` article or a record file), before ids are
    checked for uniqueness across the corpus (``unique_id``); with ``part``, those of that
    range of a JSON-lines file (``analysis.corpus.records.json_lines_ranges``)."""
    if path.suffix == ".txt":
        try:
            return [_read_text_article(path, metadata, max_bytes)]
        except Exception as error:  # nothing a file holds may stop the stage: the file gets a rejected row
            problem = f"could not be read ({error_text(error)}): {UNEXPECTED_FIX}"
            return [RawArticle(path.stem, relative_to_repo(path), None, "", problem, _unknown_metadata(), "txt")]
    if path.suffix in RECORD_SUFFIXES:
        return _read_record_file(path, fields, max_bytes, part)
    problem = "not an article file: use .txt for one article, .json, .jsonl or .zip for records"
    return [RawArticle(path.name, relative_to_repo(path), None, "", problem, _unknown_metadata(), "other")]


def unique_id(article: RawArticle, seen: Mapping[str, str]) -> RawArticle:
    """The article, or when its id was seen before (``seen``: id -> source file, in corpus
    order) a rejected article with the id ``<id>@<source file>``: the first one keeps the id."""
    if article.article_id not in seen:
        return article
    return RawArticle(
        f"{article.article_id}@{article.source_file}",
        article.source_file,
        None,
        article.encoding,
        f"id {article.article_id!r} already used by {seen[article.article_id]}: ids must be unique",
        article.metadata,
        article.source_format,
    )


def missing_files(metadata: dict[str, dict[str, str]], seen: Mapping[str, str]) -> Iterator[RawArticle]:
    """One rejected article per ``metadata.csv`` row whose ``.txt`` file was not read, by id."""
    for article_id in sorted(set(metadata) - set(seen)):
        problem = (
            f"listed in {METADATA_FILE} but {article_id}.txt is not in the raw folder: add the file or delete the row"
        )
        yield RawArticle(article_id, "", None, "", problem, metadata[article_id], "none")


def _unknown_metadata(note: str = "") -> dict[str, str]:
    return {column: "" for column in METADATA_COLUMNS} | {"note": note}


def _too_large(size: int, max_bytes: int | None) -> str:
    if max_bytes is None or size <= max_bytes:
        return ""
    return (
        f"too large ({size / 1e6:.1f} MB, limit {max_bytes / 1e6:.1f} MB): split it into articles, "
        f"or raise max_article_mb in params.yaml"
    )


def _read_text_article(path: Path, metadata: dict[str, dict[str, str]], max_bytes: int | None) -> RawArticle:
    article_id = path.stem
    row_metadata = metadata.get(article_id, _unknown_metadata(f"no row in {METADATA_FILE}"))
    source = relative_to_repo(path)
    problem = _too_large(path.stat().st_size, max_bytes)
    if problem:
        return RawArticle(article_id, source, None, "", problem, row_metadata)
    text, encoding, problem = decode_article(path.read_bytes())
    if text is not None and not problem and looks_like_html(text):
        page = extract_page(text)
        text, encoding, problem = _check_text(page.text, encoding)
        title, row_metadata = _with_page_metadata(page, "", row_metadata)
        return RawArticle(article_id, source, text, encoding, problem, row_metadata, "html", title or None)
    return RawArticle(article_id, source, text, encoding, problem, row_metadata)


def _with_page_metadata(page: PageText, title: str, metadata: dict[str, str]) -> tuple[str, dict[str, str]]:
    """Fill a title and metadata left empty by metadata.csv (or the record's fields) from the
    page, and say in ``note`` how the text was extracted and where each value came from."""
    metadata = dict(metadata)
    fallback = " (trafilatura found no article text)" if page.extractor == VISIBLE_TEXT else ""
    used = [f"text: {page.extractor}{fallback}"]
    if page.internal_subset:
        used.append("the page's DOCTYPE internal subset (a DTD) removed, its entities not expanded")
    if not title and page.title:
        title = page.title
        used.append(f"title: page {page.sources['title']}")
    for column in ("published", "author", "outlet"):
        value = getattr(page, column)
        if value and not metadata.get(column) and (column != "published" or _is_iso_date(value)):
            metadata[column] = value
            used.append(f"{column}: page {page.sources[column]}")
    metadata["note"] = "; ".join(filter(None, [metadata.get("note", ""), *used]))
    return title, metadata


def check_record_fields(fields: Mapping[str, str]) -> dict[str, str]:
    """A complete record field mapping; raises ``CorpusError`` for an unknown key."""
    unknown = sorted(set(fields) - set(RECORD_FIELDS))
    if unknown:
        raise CorpusError(
            f"params.yaml: record_fields has unknown key(s) {', '.join(unknown)}; allowed: {', '.join(RECORD_FIELDS)}"
        )
    return {key: str(fields.get(key) or "") for key in RECORD_FIELDS}


def _read_record_file(
    path: Path, fields: dict[str, str], max_bytes: int | None, part: LineRange | None = None
) -> Iterator[RawArticle]:
    """One article per record of a record file, and one rejected row per problem of it
    (see ``analysis.corpus.records``): ids ``<member stem>-<position>`` for records (a bad
    JSON line keeps its position), the member's stem for a problem of a whole member."""
    source = relative_to_repo(path)
    for entry in read_record_file(path, part=part):
        unknown = _unknown_metadata(entry.note)
        if entry.position == 0:  # a problem of the whole file ("" member) or of one member
            article_id, where = (
                (Path(entry.member).stem, f"{source}:{entry.member}") if entry.member else (path.name, source)
            )
            yield RawArticle(article_id, where, None, "", entry.problem, unknown, entry.source_format)
            continue
        article_id = f"{Path(entry.member).stem}-{entry.position:05d}"
        record_source = f"{source}:{entry.member}#{entry.position}"
        if entry.problem:
            where = f"{record_source} (line {entry.line})"
            yield RawArticle(article_id, where, None, "", entry.problem, unknown, entry.source_format)
            continue
        try:
            article = _record_article(entry.record, article_id, record_source, entry.source_format, fields, max_bytes)
        except Exception as error:  # nothing a record holds may stop the stage: the record gets a rejected row
            where = f"{record_source} (line {entry.line})"
            problem = f"the record could not be read ({error_text(error)}): {UNEXPECTED_FIX}"
            yield RawArticle(article_id, where, None, "", problem, unknown, entry.source_format)
            continue
        if entry.note:
            note = "; ".join(filter(None, [article.metadata["note"], entry.note]))
            article = replace(article, metadata=article.metadata | {"note": note})
        yield article


def _field(record: dict[str, Any], name: str) -> str:
    value = record.get(name, "") if name else ""
    return "" if value is None else str(value).strip()


def _text_field(record: dict[str, Any], name: str) -> str:
    """A field of text for readers (title, outlet, author), HTML entities decoded."""
    return html.unescape(_field(record, name)).strip()


def _record_article(
    record: Any, default_id: str, source: str, source_format: str, fields: dict[str, str], max_bytes: int | None
) -> RawArticle:
    if not isinstance(record, dict):
        kind = "null" if record is None else JSON_KINDS.get(type(record), type(record).__name__)
        problem = f"the record is not a JSON object but {kind}: write each record as {{...}} with its fields"
        return RawArticle(default_id, source, None, "utf-8", problem, _unknown_metadata(), source_format)
    article_id = _field(record, fields["id"]) or default_id
    date = _field(record, fields["date"])[:10]
    metadata = _unknown_metadata(f"from record fields ({', '.join(f'{k}: {v}' for k, v in fields.items() if v)})")
    metadata |= {
        "outlet": _text_field(record, fields["outlet"]),
        "author": _text_field(record, fields["author"]),
        "published": date if _is_iso_date(date) else "",
    }
    title = _text_field(record, fields["title"])
    content = record.get(fields["content"]) if fields["content"] else None
    if not isinstance(content, str):
        problem = (
            f"no text in the content field {fields['content']!r}: map record_fields.content in "
            "params.yaml to the field holding the text"
        )
        return RawArticle(article_id, source, None, "utf-8", problem, metadata, source_format)
    try:
        problem = _too_large(len(content.encode("utf-8")), max_bytes)
    except UnicodeEncodeError as error:  # a "\\ud83d"-style escape without its pair
        problem = (
            f"broken JSON escape: an unpaired surrogate (U+{ord(content[error.start]):04X}) at character "
            f"{error.start + 1} of the content field; fix or remove that escape"
        )
    if problem:
        return RawArticle(article_id, source, None, "utf-8", problem, metadata, source_format)
    if looks_like_html(content):  # page source: its parser decodes the entities
        page = extract_page(content)
        content = page.text
        title, metadata = _with_page_metadata(page, title, metadata)
    else:
        content = html.unescape(content)
    text, encoding, problem = _check_text(content, "utf-8")
    return RawArticle(article_id, source, text, encoding, problem, metadata, source_format, title)
