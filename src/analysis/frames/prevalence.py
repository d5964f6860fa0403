"""How often each frame occurs, with intervals, overall and by outlet or country.

Shares carry Wilson 95 % intervals; the MH - REG difference in sentence shares carries
an article-level bootstrap interval. Groups smaller than a minimum number of articles
are left out; unknown metadata forms its own group, "unknown".
"""

from __future__ import annotations

import pandas as pd

from analysis.frames.coding import MH, REG
from analysis.stats.intervals import bootstrap_share_difference, wilson_interval

UNKNOWN = "unknown"
GROUPINGS = ("all", "outlet", "outlet_country")


def _groups(article_frames: pd.DataFrame, articles: pd.DataFrame, grouping: str, min_group_size: int):
    """(group name, article_frames rows) for one grouping, groups of >= min_group_size articles."""
    if grouping == "all":
        yield "all articles", article_frames
        return
    labels = articles.set_index("article_id")[grouping].reindex(article_frames["article_id"]).fillna("")
    labels = labels.where(labels != "", UNKNOWN).to_numpy()
    for group in sorted(set(labels)):
        rows = article_frames[labels == group]
        if len(rows) >= min_group_size:
            yield group, rows


def prevalence_table(article_frames: pd.DataFrame, articles: pd.DataFrame, min_group_size: int) -> pd.DataFrame:
    """Share of sentences and of articles carrying each frame, with Wilson 95 % intervals.

    Returns
    -------
    Columns grouping (all / outlet / outlet_country), group, unit (sentence / article),
    frame, n (units), k (units with the frame), share, ci_low, ci_high.
    """
    rows = []
    for grouping in GROUPINGS:
        for group, part in _groups(article_frames, articles, grouping, min_group_size):
            for frame in (MH, REG):
                counts = {
                    "sentence": (int(part[f"n_{frame}"].sum()), int(part["n_sentences"].sum())),
                    "article": (int((part[f"n_{frame}"] > 0).sum()), len(part)),
                }
                for unit, (k, n) in counts.items():
                    low, high = wilson_interval(k, n)
                    rows.append(
                        {
                            "grouping": grouping,
                            "group": group,
                            "unit": unit,
                            "frame": frame,
                            "n": n,
                            "k": k,
                            "share": k / n if n else float("nan"),
                            "ci_low": low,
                            "ci_high": high,
                        }
                    )
    return pd.DataFrame(rows)


def difference_table(
    article_frames: pd.DataFrame, articles: pd.DataFrame, min_group_size: int, n_resamples: int, seed: int
) -> pd.DataFrame:
    """MH - REG difference in the share of sentences, with an article-level bootstrap 95 % interval.

    Returns
    -------
    Columns grouping, group, n_articles, n_sentences, difference (MH share - REG share,
    in share points of all sentences), ci_low, ci_high.
    """
    rows = []
    for grouping in GROUPINGS:
        for group, part in _groups(article_frames, articles, grouping, min_group_size):
            estimate, low, high = bootstrap_share_difference(
                part["n_sentences"].to_numpy(),
                part[f"n_{MH}"].to_numpy(),
                part[f"n_{REG}"].to_numpy(),
                n_resamples,
                seed,
            )
            rows.append(
                {
                    "grouping": grouping,
                    "group": group,
                    "n_articles": len(part),
                    "n_sentences": int(part["n_sentences"].sum()),
                    "difference": estimate,
                    "ci_low": low,
                    "ci_high": high,
                }
            )
    return pd.DataFrame(rows)
