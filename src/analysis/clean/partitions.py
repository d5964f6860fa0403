"""Cleaning a whole corpus in partitions: the per-article work as Dask tasks, the
corpus-level steps in between, and memory bounded by the partition, not the corpus.

1. Repeated furniture is counted over the corpus (``find_repeated_furniture``).
2. One task per partition (a run of inputs of about ``PARTITION_BYTES``: whole files, and
   ranges of whole lines of a larger JSON-lines file, ``input_pieces``): read,
   decode, clean, segment, normalize, tokenize and shingle every article
   (``clean_raw_article``). The task saves its rows to a scratch file and returns only
   what the corpus-level steps need: each article's id and source file, and the usable
   articles' near-duplicate input.
3. In this process: repeated ids (the first in corpus order keeps it), ``metadata.csv``
   rows without a file, duplicates and near-duplicates (``find_copies``).
4. Partition by partition, in corpus order: the saved rows with those decisions applied.

Corpus order is the order of the input files, then of the records in a file; partitions
are consecutive runs of files and line ranges (whose records keep the positions and line
numbers of the whole file), so the tables come out in the same order, with the same bytes,
whatever the partitioning and wherever the tasks ran (``analysis.pipeline.parallel``).
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.clean.articles import (
    DEFAULT_NEAR_DUPLICATE_THRESHOLD,
    CleanedRecord,
    article_row,
    clean_raw_article,
)
from analysis.clean.near_duplicates import ArticleText, Copy, band_keys, find_copies, lsh_bands
from analysis.clean.repeated import RepeatedFurniture, find_repeated_furniture
from analysis.clean.review import review_lines
from analysis.clean.summaries import combine_line_counts, embedded_posts_by_outlet, removed_line_counts
from analysis.config.tables import ARTICLES, CLEAN_TABLES, EMBEDDED_POSTS, REMOVED_LINES, REVIEW_LINES, SENTENCES
from analysis.corpus.reading import (
    METADATA_FILE,
    RawArticle,
    check_record_fields,
    input_files,
    missing_files,
    read_corpus,
    read_input_file,
    read_metadata,
    unique_id,
)
from analysis.corpus.records import LineRange, is_json_lines, json_lines_ranges
from analysis.pipeline.outputs import TableWriter, write_table
from analysis.pipeline.parallel import dask_client, group_by_size, map_partitions
from analysis.pipeline.progress import progress

PARTITION_BYTES = 2_000_000
"""Input files are cleaned in runs of about this many bytes on disk (``group_by_size``): one
ZIP of a day's SaudiNewsNet records, a few hundred ``.txt`` articles, or a range of a few
hundred lines of a larger JSON-lines file."""
ARTICLE_COLUMNS = ARTICLES.column_names()
SENTENCE_COLUMNS = SENTENCES.column_names()
REMOVED_COLUMNS = REMOVED_LINES.column_names()
POST_COLUMNS = EMBEDDED_POSTS.column_names()


@dataclass(frozen=True)
class InputPiece:
    """An input file, whole or (``part``) a range of whole lines of a JSON-lines file; ``size``
    in bytes on disk."""

    path: str
    size: int
    part: LineRange | None = None


@dataclass(frozen=True)
class InputPartition:
    """What one task reads: its number, a run of input pieces and their ``metadata.csv`` rows."""

    number: int
    pieces: tuple[InputPiece, ...]
    metadata: dict[str, dict[str, str]]


@dataclass(frozen=True)
class PartitionIndex:
    """What a task returns: each article's (id, source file) in order, and the usable
    articles' near-duplicate input with their position in the partition."""

    number: int
    ids: list[tuple[str, str]]
    texts: list[tuple[int, ArticleText]]


@dataclass(frozen=True)
class SavedPartition:
    """A partition's rows as cleaning left them, before the corpus-level decisions.
    ``sentences`` and ``removed`` carry the article's position in the partition."""

    raws: list[RawArticle]
    articles: pd.DataFrame
    sentences: pd.DataFrame
    removed: pd.DataFrame
    posts: pd.DataFrame


@dataclass(frozen=True)
class CleanedPartition:
    """Final rows of one partition: articles, and the sentences, removed lines and embedded
    posts of the kept ones."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    removed: pd.DataFrame
    posts: pd.DataFrame


@dataclass
class CorpusDecisions:
    """The corpus-level decisions: the source file of each id's first article, the
    (partition, position) of articles whose id was taken, and the copies by article id."""

    first_source: dict[str, str]
    renamed: set[tuple[int, int]]
    copies: dict[str, Copy]


def clean_partitions(
    raw_path: str | Path,
    scratch: str | Path,
    metadata_csv: str | Path | None = None,
    fields: Mapping[str, str] | None = None,
    max_bytes: int | None = None,
    near_duplicate_threshold: float = DEFAULT_NEAR_DUPLICATE_THRESHOLD,
    min_repeats: int | None = None,
    partition_bytes: int | None = None,
) -> Iterator[CleanedPartition]:
    """Clean every article under ``raw_path``, partition by partition, in corpus order.

    Parameters are those of ``clean_corpus``, plus ``scratch``: a folder the tasks (and
    every worker) can write to, for the partitions' rows between the two rounds.

    Returns
    -------
    The final rows of each partition, lazily and in corpus order; a last part holds the
    rows of ``metadata.csv`` entries without a file.
    """
    fields = check_record_fields(fields or {})
    repeated = None
    if min_repeats is not None:
        readable = (
            (str(raw.metadata.get("outlet", "")), raw.text)
            for raw in progress(read_corpus(raw_path, metadata_csv, fields, max_bytes), "counting repeated lines")
            if raw.text is not None and not raw.problem
        )
        repeated = find_repeated_furniture(readable, min_repeats)
    folder, files = input_files(raw_path)
    metadata_path = Path(metadata_csv) if metadata_csv is not None else folder / METADATA_FILE
    metadata = read_metadata(metadata_path) if metadata_path.exists() else {}
    partition_bytes = partition_bytes or PARTITION_BYTES
    pieces = input_pieces(files, partition_bytes)
    partitions = [
        InputPartition(number, tuple(group), _partition_metadata(group, metadata))
        for number, group in enumerate(group_by_size(pieces, [piece.size for piece in pieces], partition_bytes))
    ]
    with dask_client(len(partitions)) as client:
        tasks = map_partitions(
            clean_partition,
            partitions,
            client,
            scratch=str(scratch),
            fields=fields,
            max_bytes=max_bytes,
            repeated=repeated,
            near_duplicate_threshold=near_duplicate_threshold,
        )
        indexes = list(progress(tasks, "cleaning articles", total=len(partitions)))
    decisions = decide(indexes, near_duplicate_threshold, scratch)
    numbers = [index.number for index in indexes]
    del indexes  # the near-duplicate input (shingles of every usable article) is no longer needed
    for number in numbers:
        yield finish_partition(_saved_path(scratch, number), number, decisions)
    missing = [article_row(raw) for raw in missing_files(metadata, decisions.first_source)]
    yield CleanedPartition(
        pd.DataFrame(missing, columns=ARTICLE_COLUMNS),
        pd.DataFrame(columns=SENTENCE_COLUMNS),
        pd.DataFrame(columns=REMOVED_COLUMNS),
        pd.DataFrame(columns=POST_COLUMNS),
    )


def clean_corpus(raw_path: str | Path, **options: object) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Clean every article under ``raw_path``; the three tables in memory (a small corpus).

    Parameters
    ----------
    raw_path: a folder of raw ``.txt`` articles (and/or record files), or one
        ``.json`` / ``.jsonl`` / ``.zip`` file of records (see ``analysis.corpus.read_corpus``).
    metadata_csv: the metadata table of ``.txt`` articles; defaults to
        ``metadata.csv`` in the folder. A missing file means their metadata is unknown.
    fields: the record field mapping (params.yaml ``record_fields``).
    max_bytes: articles larger than this are rejected; None = no limit.
    near_duplicate_threshold: Jaccard similarity of word shingles from which two
        articles are near-duplicates (``analysis.clean.near_duplicates``).
    min_repeats: params.yaml ``furniture_min_repeats``: a line (or the opening / closing of a
        first / last line) in at least this many distinct article texts of one outlet is
        removed (rule ``repeated_line``); None = no corpus-level pass. The corpus is then
        read twice: once to count, once to clean.
    partition_bytes: the input is cleaned in runs of about this many bytes, one task each
        (a larger JSON-lines file in ranges of whole lines, ``input_pieces``); None =
        ``PARTITION_BYTES``. The outputs are the same for every value.

    Returns
    -------
    ``(articles, sentences, removed)`` with the columns documented in
    ``data/processed/README.md``: one article row per input file (and per metadata row
    without a file), whatever its status; sentences and removed lines of the articles
    whose status is ``ok``. Of each cluster of duplicates and near-duplicates only the
    kept article (earliest published, then id) is ``ok``.
    """
    with tempfile.TemporaryDirectory(prefix="clean-") as scratch:
        parts = list(clean_partitions(raw_path, scratch, **options))  # type: ignore[arg-type]
    return tuple(  # type: ignore[return-value]
        _concat([getattr(part, name) for part in parts if len(getattr(part, name))] or [getattr(parts[0], name)])
        for name in ("articles", "sentences", "removed")
    )


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Parts of one table as one (the caller leaves empty parts out, so column types hold)."""
    return pd.concat(parts, ignore_index=True)


def input_pieces(files: list[Path], partition_bytes: int) -> list[InputPiece]:
    """The input files in order, each whole but a JSON-lines file larger than
    ``partition_bytes``: that one as its ranges of whole lines of about that size
    (``json_lines_ranges``), so that a task holds one range, not the file."""
    pieces: list[InputPiece] = []
    for path in files:
        size = path.stat().st_size
        if size <= partition_bytes or not is_json_lines(path):
            pieces.append(InputPiece(str(path), size))
            continue
        try:
            parts = json_lines_ranges(path, partition_bytes)
        except OSError:  # unreadable: read whole, where the file gets its rejected row
            pieces.append(InputPiece(str(path), size))
            continue
        pieces += [InputPiece(str(path), part.end - part.start, part) for part in parts]
    return pieces


def _partition_metadata(pieces: list[InputPiece], metadata: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    stems = {Path(piece.path).stem for piece in pieces if piece.path.endswith(".txt")}
    return {article_id: row for article_id, row in metadata.items() if article_id in stems}


def _saved_path(scratch: str | Path, number: int) -> Path:
    return Path(scratch) / f"part-{number:06d}.pickle"


def _shingles_path(scratch: str | Path, number: int) -> Path:
    return Path(scratch) / f"part-{number:06d}.shingles.pickle"


def clean_partition(
    partition: InputPartition,
    scratch: str,
    fields: dict[str, str],
    max_bytes: int | None,
    repeated: RepeatedFurniture | None,
    near_duplicate_threshold: float = DEFAULT_NEAR_DUPLICATE_THRESHOLD,
) -> PartitionIndex:
    """Read and clean every article of one partition in file order (one Dask task); save
    the rows and the shingles to ``scratch`` and return the partition's ids and
    near-duplicate input: each usable article's LSH band keys, its shingles left behind."""
    records = [
        clean_raw_article(raw, repeated)
        for piece in partition.pieces
        for raw in read_input_file(Path(piece.path), partition.metadata, fields, max_bytes, piece.part)
    ]
    texts = [(position, record.text) for position, record in enumerate(records) if record.text is not None]
    keys = band_keys([text.shingles for _, text in texts], *lsh_bands(near_duplicate_threshold))
    shingles: dict[str, np.ndarray] = {}
    for _, text in texts:  # an id repeated in the partition: the first article keeps it (``decide``)
        shingles.setdefault(text.article_id, text.shingles)
    with _shingles_path(scratch, partition.number).open("wb") as handle:
        pickle.dump(shingles, handle, protocol=pickle.HIGHEST_PROTOCOL)
    no_shingles = np.empty(0, dtype=np.uint32)
    saved = SavedPartition(
        [record.raw for record in records],
        pd.DataFrame([record.row for record in records], columns=ARTICLE_COLUMNS),
        _positioned(records, "sentences", SENTENCE_COLUMNS),
        _positioned(records, "removed", REMOVED_COLUMNS),
        _positioned(records, "posts", POST_COLUMNS),
    )
    with _saved_path(scratch, partition.number).open("wb") as handle:
        pickle.dump(saved, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return PartitionIndex(
        partition.number,
        [(record.raw.article_id, record.raw.source_file) for record in records],
        [(position, replace(text, shingles=no_shingles, band_keys=key)) for (position, text), key in zip(texts, keys)],
    )


def _positioned(records: list[CleanedRecord], rows: str, columns: list[str]) -> pd.DataFrame:
    table = pd.DataFrame([row for record in records for row in getattr(record, rows)], columns=columns)
    table["position"] = [position for position, record in enumerate(records) for _ in getattr(record, rows)]
    return table


def decide(indexes: list[PartitionIndex], near_duplicate_threshold: float, scratch: str | Path) -> CorpusDecisions:
    """The corpus-level decisions over the partitions' indexes, in corpus order: an id seen
    before goes to the later article as ``<id>@<source file>`` (rejected), and the usable
    articles are grouped into copies (``find_copies``, which reads back from ``scratch`` the
    shingles of the candidate pairs only)."""
    first_source: dict[str, str] = {}
    renamed: set[tuple[int, int]] = set()
    usable: list[ArticleText] = []
    partition_of: dict[str, int] = {}
    for index in indexes:
        for position, (article_id, source_file) in enumerate(index.ids):
            if article_id in first_source:
                renamed.add((index.number, position))
                article_id = f"{article_id}@{source_file}"
            first_source[article_id] = source_file
        kept = [text for position, text in index.texts if (index.number, position) not in renamed]
        usable += kept
        partition_of.update((text.article_id, index.number) for text in kept)

    def load_shingles(article_ids: list[str]) -> dict[str, np.ndarray]:
        loaded: dict[str, np.ndarray] = {}
        for number in sorted({partition_of[article_id] for article_id in article_ids}):
            with _shingles_path(scratch, number).open("rb") as handle:
                saved = pickle.load(handle)
            loaded |= {article_id: saved[article_id] for article_id in article_ids if article_id in saved}
        return loaded

    copies = {copy.article_id: copy for copy in find_copies(usable, near_duplicate_threshold, load_shingles)}
    return CorpusDecisions(first_source, renamed, copies)


def finish_partition(saved_path: Path, number: int, decisions: CorpusDecisions) -> CleanedPartition:
    """A saved partition's final rows: an article whose id was taken is rejected (its row
    rebuilt from the raw article, as reading gives it), a copy keeps its row with its status,
    reason and the kept article's id; only the other usable articles keep their sentences
    and removed lines."""
    with saved_path.open("rb") as handle:
        saved: SavedPartition = pickle.load(handle)
    saved_path.unlink()
    articles = saved.articles
    renamed = sorted(position for partition, position in decisions.renamed if partition == number)
    for position in renamed:
        raw = unique_id(saved.raws[position], decisions.first_source)
        articles.loc[position] = pd.Series(article_row(raw)).reindex(ARTICLE_COLUMNS)
    copied = articles["article_id"].map(decisions.copies)
    copied.loc[renamed] = None
    for position in copied.index[copied.notna()]:
        copy = copied.loc[position]
        articles.loc[position, ["status", "reason", "duplicate_of"]] = [copy.status, copy.reason, copy.kept_id]
    if renamed:  # a rebuilt row turns the count columns into objects
        counts = ARTICLES.columns_of_kind("integer")
        articles[counts] = articles[counts].astype(int)
    kept = articles.loc[copied.isna(), "article_id"]
    return CleanedPartition(
        articles.reset_index(drop=True),
        _kept_rows(saved.sentences, kept, renamed, SENTENCE_COLUMNS),
        _kept_rows(saved.removed, kept, renamed, REMOVED_COLUMNS),
        _kept_rows(saved.posts, kept, renamed, POST_COLUMNS),
    )


def _kept_rows(table: pd.DataFrame, kept: pd.Series, renamed: list[int], columns: list[str]) -> pd.DataFrame:
    keep = table["article_id"].isin(set(kept)) & ~table["position"].isin(renamed)
    return table.loc[keep, columns].reset_index(drop=True)


@dataclass(frozen=True)
class CleanedCorpus:
    """What the clean stage shows after writing its tables: every article's row without its
    text (``dateline``, ``body``), removed lines per usable article and rule
    (``removed_line_counts``), the lines to review, the files written with their rows, and
    the embedded posts set aside per outlet (``embedded_posts_by_outlet``)."""

    articles: pd.DataFrame
    removed_counts: pd.DataFrame
    review: pd.DataFrame
    written: pd.DataFrame
    posts_by_outlet: pd.DataFrame


def write_clean_tables(
    raw_path: str | Path, processed_dir: str | Path, table_format: str = "csv", **options: object
) -> CleanedCorpus:
    """Clean the corpus (``clean_partitions``; options as ``clean_corpus``) and write
    ``articles``, ``sentences``, ``removed_lines``, ``embedded_posts`` and ``review_lines`` to ``processed_dir``
    in ``table_format``, partition by partition: memory holds one partition's rows, not the
    corpus's texts."""
    processed_dir = Path(processed_dir)
    processed_dir.mkdir(parents=True, exist_ok=True)
    specs = [*CLEAN_TABLES[:3], EMBEDDED_POSTS]
    writers = [TableWriter(spec, processed_dir, table_format=table_format) for spec in specs]
    overview, counts, review, post_ids = [], [], [], []
    with tempfile.TemporaryDirectory(prefix=".clean-", dir=processed_dir) as scratch:
        for part in clean_partitions(raw_path, scratch, **options):  # type: ignore[arg-type]
            for writer, rows in zip(writers, (part.articles, part.sentences, part.removed, part.posts)):
                writer.append(rows)
            overview.append(part.articles.drop(columns=["dateline", "body"]))
            counts.append(removed_line_counts(part.removed))
            review.append(review_lines(part.sentences))
            post_ids += part.posts["article_id"].tolist()
    paths = [writer.close() for writer in writers]
    lines_to_review = pd.concat(review, ignore_index=True).sort_values(["article_id", "line_no"], kind="stable")
    lines_to_review = lines_to_review.reset_index(drop=True)
    paths.append(write_table(lines_to_review, REVIEW_LINES, processed_dir, table_format=table_format))
    rows = [writer.rows for writer in writers] + [len(lines_to_review)]
    articles = _concat([part for part in overview if len(part)] or overview[:1])
    return CleanedCorpus(
        articles,
        combine_line_counts(counts),
        lines_to_review,
        pd.DataFrame({"file": [path.name for path in paths], "rows": rows}),
        embedded_posts_by_outlet(articles, pd.DataFrame({"article_id": post_ids}, dtype=str)),
    )
