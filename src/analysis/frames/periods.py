"""Periods of time (weeks, months) that trends and per-period estimates group articles by."""

from __future__ import annotations

import pandas as pd

PERIODS = ("week", "month")


def iso_dates(published: pd.Series) -> pd.Series:
    """``published`` as dates; empty or not a ``YYYY-MM-DD`` date: NaT."""
    return pd.to_datetime(published.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")


def period_labels(published: pd.Series, period: str) -> pd.Series:
    """Each date's period: ``2015-07`` (month) or the Monday starting its ISO week, ``2015-07-20``
    (week); empty where the date is missing or not ``YYYY-MM-DD``."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, got {period!r}")
    dates = iso_dates(published)
    if period == "month":
        labels = dates.dt.strftime("%Y-%m")
    else:
        labels = (dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")).dt.strftime("%Y-%m-%d")
    return labels.fillna("")
