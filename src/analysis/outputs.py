"""Writing stage outputs so that the same data always gives the same bytes."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd


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


def read_csv(path: str | Path, integers: Iterable[str] = (), floats: Iterable[str] = (), booleans: Iterable[str] = ()) -> pd.DataFrame:
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


def write_json(data: dict[str, Any], path: str | Path) -> Path:
    """Write JSON with sorted keys, two-space indent, UTF-8 and a final newline;
    floats rounded to 6 decimals and NaN written as null, so equal data gives equal bytes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_clean_numbers(data), ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
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
