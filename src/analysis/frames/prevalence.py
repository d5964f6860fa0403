"""How often each frame occurs, with intervals, overall and by outlet or country.

Shares carry Wilson 95 % intervals, for every frame; the difference between the two
compared frames' sentence shares (MH - REG by default) carries an article-level
bootstrap interval. Groups smaller than a minimum number of articles
are left out; unknown metadata forms its own group, "unknown".
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.frames.coding import article_frame_names
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

    Every frame of ``article_frames`` (its ``share_<frame>`` columns, in order) is counted.

    Returns
    -------
    Columns grouping (all / outlet / outlet_country), group, unit (sentence / article),
    frame, n (units), k (units with the frame), share, ci_low, ci_high.
    """
    rows = []
    for grouping in GROUPINGS:
        for group, part in _groups(article_frames, articles, grouping, min_group_size):
            for frame in article_frame_names(article_frames):
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
    article_frames: pd.DataFrame,
    articles: pd.DataFrame,
    min_group_size: int,
    n_resamples: int,
    seed: int,
    compare: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Difference a - b between the compared frames' shares of sentences (MH - REG by default),
    with an article-level bootstrap 95 % interval.

    Parameters
    ----------
    compare: the two frame names (``compare`` in params.yaml); None: the first two frames.

    Returns
    -------
    Columns grouping, group, n_articles, n_sentences, difference (a share - b share,
    in share points of all sentences), ci_low, ci_high.
    """
    a, b = compare or article_frame_names(article_frames)[:2]
    rows = []
    for grouping in GROUPINGS:
        for group, part in _groups(article_frames, articles, grouping, min_group_size):
            estimate, low, high = bootstrap_share_difference(
                part["n_sentences"].to_numpy(),
                part[f"n_{a}"].to_numpy(),
                part[f"n_{b}"].to_numpy(),
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
