"""Writing stage outputs so that the same data always gives the same bytes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def write_csv(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a table as UTF-8 CSV with ``\\n`` line ends, no index, booleans as True/False.

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
    table.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def read_csv(path: str | Path) -> pd.DataFrame:
    """Read a stage output back with empty cells as empty strings (never NaN)."""
    return pd.read_csv(path, encoding="utf-8", keep_default_na=False, na_values=[], dtype=str)
