"""Writing stage outputs so that the same data always gives the same bytes."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.config.tables import FrameLayout, Table


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
        table[column] = pd.to_numeric(table[column].where(table[column] != ""))
    for column in booleans:
        table[column] = table[column].map({"True": True, "False": False}).astype(bool)
    return table


def write_table(table: pd.DataFrame, spec: Table, folder: str | Path, frames: FrameLayout | None = None) -> Path:
    """Write one declared output table (``analysis.config.tables``) to ``folder``.

    Raises ``ValueError`` when the columns differ from the declared layout, so no table
    leaves a stage with a column the schema does not know.
    """
    expected = spec.column_names(frames)
    if list(table.columns) != expected:
        raise ValueError(f"{spec.file_name}: columns {list(table.columns)} differ from the declared {expected}")
    return write_csv(table, Path(folder) / spec.file_name)


def read_table(spec: Table, folder: str | Path, frames: FrameLayout | None = None) -> pd.DataFrame:
    """Read one declared output table back from ``folder`` with the declared types."""
    return read_csv(
        Path(folder) / spec.file_name,
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
