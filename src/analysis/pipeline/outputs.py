"""Writing stage outputs so that the same data always gives the same bytes.

Tables go to ``processed_dir`` as CSV (readable in git: the five committed articles) or as
Parquet (compact and typed: a researcher's archive), chosen by ``table_format``; both are
written and read by ``write_table`` / ``read_table``, and a table reads back the same from either.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
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
    for column in integers:
        table[column] = table[column].astype(int)
    for column in floats:
        table[column] = pd.to_numeric(table[column].where(table[column] != "")).astype(float)
    for column in booleans:
        table[column] = table[column].map({"True": True, "False": False}).astype(bool)
    return table


def write_parquet(table: pd.DataFrame, path: str | Path, kinds: dict[str, str]) -> Path:
    """Write a table as Parquet with the fixed ``PARQUET_SETTINGS``, each column typed by its
    kind (``analysis.config.tables.KINDS``): text as UTF-8 strings (missing = empty), integers
    as int64, booleans, floats with 12 significant digits (NaN as null).

    Returns
    -------
    The path written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = {}
    for column, kind in kinds.items():
        values = table[column]
        if kind in ("string", "date"):
            values = values.fillna("").astype(str)
        elif kind == "float":
            values = _significant_digits(values)
        columns[column] = pa.array(values, type=ARROW_TYPES[kind], from_pandas=True)
    pq.write_table(pa.table(columns), path, **PARQUET_SETTINGS)
    return path


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
        return write_parquet(table, path, dict(spec.layout(frames)))
    return write_csv(table, path)


def read_table(
    spec: Table, folder: str | Path, frames: FrameLayout | None = None, table_format: str = "csv"
) -> pd.DataFrame:
    """Read one declared output table back from ``folder`` with the declared types."""
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
