"""Writing stage outputs so that the same data always gives the same bytes.

Tables go to ``processed_dir`` as CSV (readable in git: the five committed articles) or as
Parquet (compact and typed: a researcher's archive), chosen by ``table_format``; both are
written and read by ``write_table`` / ``read_table``, and a table reads back the same from either.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analysis.config.tables import TABLE_FORMATS, FrameLayout, Table

ARROW_TYPES = {
    "string": pa.large_string(),
    "date": pa.large_string(),
    "integer": pa.int64(),
    "float": pa.float64(),
    "boolean": pa.bool_(),
}
"""The Parquet column type of each column kind of ``analysis.config.tables``."""
PARQUET_SETTINGS: dict[str, Any] = {
    "version": "2.6",
    "compression": "zstd",
    "compression_level": 3,
    "use_dictionary": True,
    "write_statistics": True,
    "data_page_version": "1.0",
    "row_group_size": 131_072,
    "store_schema": False,
}
"""Fixed writer settings: equal tables give equal bytes (pyarrow stamps only its own version
in ``created_by``; no pandas metadata, no time)."""
ROW_GROUP_ROWS = {"articles": 8_192}
"""Rows per Parquet row group of the tables whose rows are large (whole article texts:
about 30 MB of SaudiNewsNet per group); the others use ``PARQUET_SETTINGS``'. A writer
holds at most one row group in memory."""
CHUNK_ROWS = 100_000
"""Rows per chunk when a stage reads a table part by part (``iter_table``)."""
SIGNIFICANT_DIGITS = 12
"""Floats keep 12 significant digits in every format, as the CSV writer prints them."""


def write_csv(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a table as UTF-8 CSV with ``\\n`` line ends, no index, booleans as True/False,
    floats with 12 significant digits (NaN as an empty cell).

    Parameters
    ----------
    table: the rows to write, columns in the documented order.
    path: the output file; its folder is created when missing.

    Returns
    -------
    The path written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False, encoding="utf-8", lineterminator="\n", float_format="%.12g")
    return path


def read_csv(
    path: str | Path, integers: Iterable[str] = (), floats: Iterable[str] = (), booleans: Iterable[str] = ()
) -> pd.DataFrame:
    """Read a stage output back: text columns as strings (empty cells stay empty, never
    NaN), the named columns as integers, floats (empty = NaN) or booleans (True/False)."""
    table = pd.read_csv(path, encoding="utf-8", keep_default_na=False, na_values=[], dtype=str)
    return _typed(table, integers, floats, booleans)


def _typed(
    table: pd.DataFrame, integers: Iterable[str], floats: Iterable[str], booleans: Iterable[str]
) -> pd.DataFrame:
    """CSV text columns converted to the named types (see ``read_csv``)."""
    for column in integers:
        table[column] = table[column].astype(int)
    for column in floats:
        table[column] = pd.to_numeric(table[column].where(table[column] != "")).astype(float)
    for column in booleans:
        table[column] = table[column].map({"True": True, "False": False}).astype(bool)
    return table


def write_parquet(
    table: pd.DataFrame, path: str | Path, kinds: dict[str, str], row_group_size: int | None = None
) -> Path:
    """Write a table as Parquet with the fixed ``PARQUET_SETTINGS``, each column typed by its
    kind (``analysis.config.tables.KINDS``): text as UTF-8 strings (missing = empty), integers
    as int64, booleans, floats with 12 significant digits (NaN as null); ``row_group_size``
    rows per row group (None: ``PARQUET_SETTINGS``').

    Returns
    -------
    The path written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    settings = PARQUET_SETTINGS | ({"row_group_size": row_group_size} if row_group_size else {})
    pq.write_table(_arrow_table(table, kinds), path, **settings)
    return path


def _arrow_table(table: pd.DataFrame, kinds: dict[str, str]) -> pa.Table:
    """The table as Arrow columns of the declared kinds (see ``write_parquet``)."""
    columns = {}
    for column, kind in kinds.items():
        values = table[column]
        if kind in ("string", "date"):
            values = values.fillna("").astype(str)
        elif kind == "float":
            values = _significant_digits(values)
        columns[column] = pa.array(values, type=ARROW_TYPES[kind], from_pandas=True)
    return pa.table(columns)


def row_group_rows(spec: Table) -> int:
    """Rows per Parquet row group of a declared table (``ROW_GROUP_ROWS``, else ``PARQUET_SETTINGS``')."""
    return ROW_GROUP_ROWS.get(spec.name, PARQUET_SETTINGS["row_group_size"])


def read_parquet(path: str | Path) -> pd.DataFrame:
    """Read a table written by ``write_parquet``: the columns come back with their stored types."""
    return pq.read_table(path).to_pandas()


def table_path(spec: Table, folder: str | Path, table_format: str = "csv") -> Path:
    """Where a declared table lives in ``folder``: ``<name>.csv`` or ``<name>.parquet``."""
    if table_format not in TABLE_FORMATS:
        raise ValueError(f"table format {table_format!r} is not one of {', '.join(TABLE_FORMATS)}")
    return Path(folder) / f"{spec.name}.{table_format}"


def write_table(
    table: pd.DataFrame,
    spec: Table,
    folder: str | Path,
    frames: FrameLayout | None = None,
    table_format: str = "csv",
) -> Path:
    """Write one declared output table (``analysis.config.tables``) to ``folder`` in
    ``table_format`` (``TABLE_FORMATS``).

    Raises ``ValueError`` when the columns differ from the declared layout, so no table
    leaves a stage with a column the schema does not know.
    """
    path = table_path(spec, folder, table_format)
    expected = spec.column_names(frames)
    if list(table.columns) != expected:
        raise ValueError(f"{path.name}: columns {list(table.columns)} differ from the declared {expected}")
    if table_format == "parquet":
        return write_parquet(table, path, dict(spec.layout(frames)), row_group_rows(spec))
    return write_csv(table, path)


def read_table(
    spec: Table,
    folder: str | Path,
    frames: FrameLayout | None = None,
    table_format: str = "csv",
    columns: Sequence[str] | None = None,
    article_ids: Collection[str] | None = None,
) -> pd.DataFrame:
    """Read one declared output table back from ``folder`` with the declared types.

    ``columns`` (default: all) and ``article_ids`` (default: every row; else the rows of
    these articles) are applied chunk by chunk (``iter_table``), so reading part of a large
    table never holds the whole of it.
    """
    if columns is None and article_ids is None:
        return _read_whole_table(spec, folder, frames, table_format)
    if table_format == "parquet":  # filtered batch by batch in Arrow, before pandas sees it
        return _read_parquet_rows(_checked_parquet(spec, folder, frames), columns, article_ids)
    wanted = set(article_ids) if article_ids is not None else None
    chunks = [
        chunk.loc[chunk["article_id"].isin(wanted)] if wanted is not None else chunk
        for chunk in iter_table(spec, folder, frames, table_format, columns)
    ]
    return pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0].reset_index(drop=True)


def _read_parquet_rows(path: Path, columns: Sequence[str] | None, article_ids: Collection[str] | None) -> pd.DataFrame:
    """The rows of ``article_ids`` (None: all) and ``columns`` (None: all) of a Parquet table,
    read one batch of ``CHUNK_ROWS`` at a time: memory holds one batch and the kept rows.
    Row groups whose ``article_id`` range (the file's statistics) holds none of the ids are
    skipped, and nothing is read ahead (``pre_buffer`` off: on a 10x SaudiNewsNet's
    sentences, reading one article's rows took 946 MiB with it, 368 MiB without it and
    skipping)."""
    stored = pq.ParquetFile(path, pre_buffer=False)
    names = list(columns) if columns is not None else stored.schema_arrow.names
    read = names if article_ids is None or "article_id" in names else [*names, "article_id"]
    ids = sorted(set(article_ids)) if article_ids is not None else None
    wanted = pa.array(ids, type=pa.large_string()) if ids is not None else None
    groups = _row_groups_holding(stored, ids) if ids is not None else None
    kept = []
    for batch in stored.iter_batches(batch_size=CHUNK_ROWS, row_groups=groups, columns=read, use_threads=False):
        if wanted is not None:
            batch = batch.filter(pc.is_in(batch.column("article_id"), value_set=wanted))
        kept.append(batch.select(names))
        pa.default_memory_pool().release_unused()
    schema = pa.schema([stored.schema_arrow.field(name) for name in names])
    return pa.Table.from_batches(kept, schema=schema).to_pandas()


def _row_groups_holding(stored: pq.ParquetFile, ids: list[str]) -> list[int]:
    """The row groups whose ``article_id`` statistics (min, max) may hold one of ``ids`` (sorted);
    every row group when the column has no statistics."""
    column = stored.schema_arrow.get_field_index("article_id")
    groups = []
    for number in range(stored.metadata.num_row_groups):
        statistics = stored.metadata.row_group(number).column(column).statistics if column >= 0 else None
        if statistics is None or not statistics.has_min_max:
            groups.append(number)
            continue
        first = bisect.bisect_left(ids, statistics.min)
        if first < len(ids) and ids[first] <= statistics.max:
            groups.append(number)
    return groups


def _read_whole_table(spec: Table, folder: str | Path, frames: FrameLayout | None, table_format: str) -> pd.DataFrame:
    path = table_path(spec, folder, table_format)
    if table_format == "parquet":
        table = read_parquet(path)
        expected = spec.column_names(frames)
        if list(table.columns) != expected:
            raise ValueError(
                f"{path}: columns {list(table.columns)} differ from the declared {expected}; rerun its stage"
            )
        return table
    return read_csv(
        path,
        integers=spec.columns_of_kind("integer", frames),
        floats=spec.columns_of_kind("float", frames),
        booleans=spec.columns_of_kind("boolean", frames),
    )


def _checked_parquet(spec: Table, folder: str | Path, frames: FrameLayout | None) -> Path:
    """The table's Parquet file, after checking its columns against the declared layout."""
    path = table_path(spec, folder, "parquet")
    names = pq.read_schema(path).names
    expected = spec.column_names(frames)
    if names != expected:
        raise ValueError(f"{path}: columns {names} differ from the declared {expected}; rerun its stage")
    return path


def iter_table(
    spec: Table,
    folder: str | Path,
    frames: FrameLayout | None = None,
    table_format: str = "csv",
    columns: Sequence[str] | None = None,
    rows: int | None = CHUNK_ROWS,
) -> Iterator[pd.DataFrame]:
    """One declared table in chunks of ``rows`` rows (None: one chunk), in file order, with
    the declared types; at least one (possibly empty) chunk."""
    path = table_path(spec, folder, table_format)
    expected = spec.column_names(frames)
    wanted = list(columns) if columns is not None else expected
    kinds = dict(spec.layout(frames))
    if table_format == "parquet":
        stored = pq.ParquetFile(_checked_parquet(spec, folder, frames))
        batches = stored.iter_batches(batch_size=rows or max(1, stored.metadata.num_rows), columns=wanted)
        empty = True
        for batch in batches:
            empty = False
            yield batch.to_pandas()
        if empty:
            yield stored.schema_arrow.empty_table().select(wanted).to_pandas()
        return
    header = pd.read_csv(path, encoding="utf-8", nrows=0).columns.tolist()
    if header != expected:
        raise ValueError(f"{path}: columns {header} differ from the declared {expected}; rerun its stage")
    reader = pd.read_csv(
        path, encoding="utf-8", keep_default_na=False, na_values=[], dtype=str, usecols=wanted, chunksize=rows
    )
    for chunk in [reader] if rows is None else reader:
        chunk = chunk[wanted]
        yield _typed(
            chunk,
            [c for c in wanted if kinds[c] == "integer"],
            [c for c in wanted if kinds[c] == "float"],
            [c for c in wanted if kinds[c] == "boolean"],
        )


class TableWriter:
    """Write one declared table part by part, in order: CSV appended, Parquet in row groups
    of a fixed size. The bytes are those of ``write_table`` on the whole table, however the
    rows were cut into parts (so they do not depend on the partitions or the workers)."""

    def __init__(self, spec: Table, folder: str | Path, frames: FrameLayout | None = None, table_format: str = "csv"):
        self.path = table_path(spec, folder, table_format)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.columns = spec.column_names(frames)
        self.kinds = dict(spec.layout(frames))
        self.table_format = table_format
        self.row_group = row_group_rows(spec)
        self.rows = 0
        self._pending: list[pa.Table] = []
        self._pending_rows = 0
        if table_format == "parquet":
            self._schema = pa.schema([(name, ARROW_TYPES[kind]) for name, kind in self.kinds.items()])
            schema = self._schema
            settings = {key: value for key, value in PARQUET_SETTINGS.items() if key != "row_group_size"}
            self._parquet: pq.ParquetWriter | None = pq.ParquetWriter(self.path, schema, **settings)
        else:
            self._parquet = None
            pd.DataFrame(columns=self.columns).to_csv(self.path, index=False, encoding="utf-8", lineterminator="\n")

    def append(self, part: pd.DataFrame) -> None:
        """Add rows (columns in the declared order) after those already written."""
        if list(part.columns) != self.columns:
            raise ValueError(f"{self.path.name}: columns {list(part.columns)} differ from the declared {self.columns}")
        self.rows += len(part)
        if not len(part):
            return
        if self._parquet is None:
            part.to_csv(
                self.path,
                mode="a",
                header=False,
                index=False,
                encoding="utf-8",
                lineterminator="\n",
                float_format="%.12g",
            )
            return
        self._pending.append(_arrow_table(part, self.kinds))
        self._pending_rows += len(part)
        group = self.row_group
        if self._pending_rows >= group:
            pending = self._pending_table()
            whole = (len(pending) // group) * group
            self._parquet.write_table(pending.slice(0, whole), row_group_size=group)
            self._pending = [pending.slice(whole)]
            self._pending_rows = len(pending) - whole

    def _pending_table(self) -> pa.Table:
        """The rows not yet written as one table of one chunk per column: the Parquet writer
        cuts pages and falls back from dictionaries at chunk edges, i.e. at the parts' edges."""
        return pa.concat_tables(self._pending).combine_chunks()

    def close(self) -> Path:
        """Write what is left and close the file; returns its path."""
        if self._parquet is not None:
            pending = self._pending_table() if self._pending else self._schema.empty_table()
            if len(pending) or not self.rows:
                self._parquet.write_table(pending, row_group_size=self.row_group)
            self._parquet.close()
            self._parquet = None
        return self.path


def write_json(data: dict[str, Any], path: str | Path) -> Path:
    """Write JSON with sorted keys, two-space indent, UTF-8 and a final newline;
    floats rounded to 6 decimals and NaN written as null, so equal data gives equal bytes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(_clean_numbers(data), ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return path


def _significant_digits(values: pd.Series) -> pd.Series:
    """Floats rounded to ``SIGNIFICANT_DIGITS`` significant digits (what ``write_csv`` prints)."""
    return pd.Series([float(f"{value:.{SIGNIFICANT_DIGITS}g}") for value in values], index=values.index, dtype=float)


def _clean_numbers(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _clean_numbers(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean_numbers(item) for item in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else round(float(value), 6)
    return value
