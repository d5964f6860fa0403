"""Summaries the report shows for a corpus too large to show article by article.

Up to ``report_max_articles`` analysed articles the report shows each one; above it, these
tables: the framing index by outlet, the share of articles carrying each frame per period,
the corpus per outlet, and a documented sample of articles for the per-article figures.
Every function groups its input once (cost linear in the rows); the report prints at most
``MAX_TABLE_ROWS`` rows of each and names the CSV (``reports/tables/``) holding the rest.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.frames.periods import iso_dates, period_labels
from analysis.stats.intervals import wilson_interval

ALL_OUTLETS = "all outlets"
UNKNOWN_OUTLET = "unknown"
TREND_OUTLETS = 4
"""Trends are drawn for all outlets together and for this many of the largest outlets."""
MAX_TABLE_ROWS = 20
"""Rows of a table the PDF prints before "and N more, see FILE.csv"."""
MAX_FIGURE_GROUPS = 15
"""Outlets (or countries) a figure draws side by side, the largest first."""
MAX_SAMPLE_PER_FRAME = 8
"""Articles sampled per frame for the per-article figures (fewer when report_max_articles is small)."""
EXTRACTION_DATE_WORDS = ("extract", "crawl", "scrap", "download", "retriev")
"""A date field whose name holds one of these records when a page was collected, not published."""


def per_article_views(n: int, max_articles: int) -> bool:
    """True when ``n`` items (analysed articles, or input files) are few enough to show one by one."""
    return n <= max_articles


def is_collection_date(field: str) -> bool:
    """Whether a record's date field (``record_fields.date``) names a collection date, e.g. ``date_extracted``."""
    return any(word in field.lower() for word in EXTRACTION_DATE_WORDS)


def _outlets(articles: pd.DataFrame) -> pd.Series:
    return articles["outlet"].where(articles["outlet"] != "", UNKNOWN_OUTLET)


def analysed_articles(article_frames: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``article_frames`` with each article's ``outlet`` (missing: ``unknown``) and ``published``."""
    metadata = articles[["article_id", "outlet", "published"]].assign(outlet=_outlets(articles))
    return article_frames.merge(metadata, on="article_id", how="left", validate="one_to_one").fillna(
        {"outlet": UNKNOWN_OUTLET, "published": ""}
    )


def largest_groups(groups: pd.Series, limit: int) -> list[str]:
    """The ``limit`` most frequent values of ``groups``, most first (ties: by name)."""
    counts = groups.value_counts()
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [name for name, _ in ordered[:limit]]


def undated_articles(analysed: pd.DataFrame) -> pd.DataFrame:
    """The analysed articles the trends cannot place in time: article_id, outlet, published (as given)
    and reason, sorted by id."""
    dates = iso_dates(analysed["published"])
    undated = analysed.loc[dates.isna(), ["article_id", "outlet", "published"]].copy()
    undated["reason"] = ["no date" if value == "" else "date is not YYYY-MM-DD" for value in undated["published"]]
    return undated.sort_values("article_id", ignore_index=True)


def _with_wilson(table: pd.DataFrame) -> pd.DataFrame:
    intervals = [wilson_interval(int(k), int(n)) for k, n in zip(table["k"], table["n"])]
    table["share"] = table["k"] / table["n"]
    table["ci_low"] = [low for low, _ in intervals]
    table["ci_high"] = [high for _, high in intervals]
    return table.round({"share": 6, "ci_low": 6, "ci_high": 6})


def frame_trends(
    analysed: pd.DataFrame, frames: Sequence[str], period: str, n_outlets: int = TREND_OUTLETS
) -> pd.DataFrame:
    """Share of the analysed articles carrying each frame (at least one sentence) per period,
    for all outlets together and for the ``n_outlets`` largest, with Wilson 95 % intervals.

    Parameters
    ----------
    analysed: ``analysed_articles`` (article_frames with outlet and published).
    frames: the frames (``n_<frame>`` columns).
    period: ``week`` or ``month``.

    Returns
    -------
    Columns group, period, frame, n (dated articles of the group in the period), k (of them
    carrying the frame), share, ci_low, ci_high; groups in order (all outlets first), periods
    sorted. Undated articles are left out here and listed by ``undated_articles``.
    """
    dated = analysed.assign(period=period_labels(analysed["published"], period))
    dated = dated[dated["period"] != ""]
    carried = pd.DataFrame({frame: dated[f"n_{frame}"] > 0 for frame in frames}, index=dated.index)
    outlets = largest_groups(dated["outlet"], n_outlets)
    parts = []
    for group, rows in [(ALL_OUTLETS, dated.index), *[(o, dated.index[dated["outlet"] == o]) for o in outlets]]:
        per_period = carried.loc[rows].groupby(dated.loc[rows, "period"], sort=True).agg(["sum", "count"])
        for frame in frames:
            parts.append(
                pd.DataFrame(
                    {
                        "group": group,
                        "period": per_period.index,
                        "frame": frame,
                        "n": per_period[(frame, "count")].to_numpy(int),
                        "k": per_period[(frame, "sum")].to_numpy(int),
                    }
                )
            )
    columns = ["group", "period", "frame", "n", "k"]
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    positions = {"group": [ALL_OUTLETS, *outlets], "frame": list(frames)}
    table = table.sort_values(
        ["group", "period", "frame"],
        key=lambda column: (
            column.map({v: i for i, v in enumerate(positions[column.name])}) if column.name in positions else column
        ),
        kind="stable",
        ignore_index=True,
    )
    return _with_wilson(table.astype({"n": int, "k": int}))


def framing_index_by_outlet(analysed: pd.DataFrame) -> pd.DataFrame:
    """The distribution of the framing index over articles, for all outlets and per outlet.

    Returns
    -------
    Columns group, n_articles, n_indexed (articles with either compared frame: the index is
    defined), mean, q1, median, q3 (quartiles of the index), n_positive, n_negative; all
    outlets first, then outlets by analysed articles (most first, ties by name).
    """
    both = pd.concat([analysed.assign(group=ALL_OUTLETS), analysed.assign(group=analysed["outlet"])])
    both = both.assign(positive=both["framing_index"] > 0, negative=both["framing_index"] < 0)
    groups = both.groupby("group", sort=False)
    index = groups["framing_index"]
    table = pd.DataFrame(
        {
            "n_articles": index.size(),
            "n_indexed": index.count(),
            "mean": index.mean(),
            "q1": index.quantile(0.25),
            "median": index.median(),
            "q3": index.quantile(0.75),
            "n_positive": groups["positive"].sum().astype(int),
            "n_negative": groups["negative"].sum().astype(int),
        }
    ).reset_index()
    order = [ALL_OUTLETS, *largest_groups(analysed["outlet"], len(analysed))]
    counts = {"n_articles": 0, "n_indexed": 0, "n_positive": 0, "n_negative": 0}
    table = table.set_index("group").reindex(order).fillna(counts).astype(dict.fromkeys(counts, int))
    table = table.rename_axis("group").reset_index()
    return table.round({"mean": 6, "q1": 6, "median": 6, "q3": 6})


def outlet_summary(articles: pd.DataFrame, selection: pd.DataFrame, posts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The corpus per outlet: articles (input files), ok, duplicates, near duplicates, rejected,
    relevant, embedded posts set aside by cleaning (rows of ``posts``, the ``embedded_posts``
    table; 0 when None), and the first and last date (``YYYY-MM-DD`` dates only; none: empty).
    Sorted by articles (most first, ties by name); the total ``all outlets`` last."""
    table = articles[["article_id", "status", "published"]].assign(outlet=_outlets(articles))
    table = table.merge(selection[["article_id", "relevant"]], on="article_id", how="left")
    dates = iso_dates(table["published"])
    counts = pd.DataFrame(
        {
            "outlet": table["outlet"],
            "articles": 1,
            "ok": table["status"] == "ok",
            "duplicates": table["status"] == "duplicate",
            "near_duplicates": table["status"] == "near_duplicate",
            "rejected": table["status"] == "rejected",
            "relevant": table["relevant"].fillna(False).astype(bool),
            "embedded_posts": posts_per_article(table["article_id"], posts),
        }
    )
    per_outlet = counts.groupby("outlet", sort=True).sum().astype(int)
    per_outlet["first_date"] = dates.groupby(table["outlet"]).min().dt.strftime("%Y-%m-%d")
    per_outlet["last_date"] = dates.groupby(table["outlet"]).max().dt.strftime("%Y-%m-%d")
    per_outlet = per_outlet.fillna({"first_date": "", "last_date": ""}).reset_index()
    per_outlet = per_outlet.sort_values(["articles", "outlet"], ascending=[False, True], kind="stable")
    total = per_outlet.drop(columns=["outlet", "first_date", "last_date"]).sum().to_dict()
    first, last = dates.min(), dates.max()
    total |= {
        "outlet": ALL_OUTLETS,
        "first_date": "" if pd.isna(first) else first.strftime("%Y-%m-%d"),
        "last_date": "" if pd.isna(last) else last.strftime("%Y-%m-%d"),
    }
    return pd.concat([per_outlet, pd.DataFrame([total])], ignore_index=True)


def posts_per_article(article_ids: pd.Series, posts: pd.DataFrame | None) -> pd.Series:
    """Embedded posts of each article (``embedded_posts`` rows), aligned with ``article_ids``; 0 without posts."""
    if posts is None or not len(posts):
        return pd.Series(0, index=article_ids.index)
    return article_ids.map(posts["article_id"].value_counts()).fillna(0).astype(int)


def sample_per_frame(max_articles: int, n_frames: int) -> int:
    """Articles sampled per frame: ``MAX_SAMPLE_PER_FRAME``, fewer so the sample stays within ``max_articles``."""
    return max(1, min(MAX_SAMPLE_PER_FRAME, max_articles // max(n_frames, 1)))


def strongest_articles(article_frames: pd.DataFrame, frames: Sequence[str], per_frame: int) -> pd.DataFrame:
    """The documented sample of the per-article figures: for each frame, the ``per_frame`` articles
    with the highest share of sentences carrying it (ties: more such sentences, then article id),
    among articles with at least one; an article already sampled for an earlier frame is not drawn twice.

    Returns
    -------
    Columns frame, rank (1 = strongest), article_id, n_sentences, n (sentences with the frame), share.
    """
    rows, taken = [], set()
    for frame in frames:
        candidates = article_frames.loc[
            article_frames[f"n_{frame}"] > 0, ["article_id", "n_sentences", f"n_{frame}", f"share_{frame}"]
        ]
        candidates = candidates[~candidates["article_id"].isin(taken)]
        candidates = candidates.sort_values(
            [f"share_{frame}", f"n_{frame}", "article_id"], ascending=[False, False, True], kind="stable"
        ).head(per_frame)
        taken |= set(candidates["article_id"])
        rows.append(
            pd.DataFrame(
                {
                    "frame": frame,
                    "rank": range(1, len(candidates) + 1),
                    "article_id": candidates["article_id"].to_numpy(),
                    "n_sentences": candidates["n_sentences"].to_numpy(int),
                    "n": candidates[f"n_{frame}"].to_numpy(int),
                    "share": candidates[f"share_{frame}"].to_numpy(float),
                }
            )
        )
    columns = ["frame", "rank", "article_id", "n_sentences", "n", "share"]
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=columns)


def largest_group_prevalence(prevalence: pd.DataFrame, max_groups: int = MAX_FIGURE_GROUPS) -> pd.DataFrame:
    """``prevalence.csv`` with, per grouping (outlet, country), only its ``max_groups`` groups with most
    articles (ties by name); the ``all`` rows kept."""
    keep = prevalence["grouping"] == "all"
    articles = prevalence[(prevalence["unit"] == "article") & (prevalence["grouping"] != "all")]
    sizes = articles.drop_duplicates(["grouping", "group"])
    for grouping, part in sizes.groupby("grouping", sort=True):
        ordered = part.sort_values(["n", "group"], ascending=[False, True], kind="stable")
        chosen = set(ordered["group"].head(max_groups))
        keep |= (prevalence["grouping"] == grouping) & prevalence["group"].isin(chosen)
    return prevalence[keep].reset_index(drop=True)


def outlet_frame_shares(prevalence: pd.DataFrame, max_outlets: int = MAX_FIGURE_GROUPS) -> pd.DataFrame:
    """Outlet x frame: the share of each outlet's analysed articles carrying each frame (rows of
    ``prevalence.csv``, unit article, grouping outlet), the ``max_outlets`` largest outlets.

    Returns
    -------
    Columns outlet, frame, n, k, share, in prevalence order within outlets sorted by n (most first).
    """
    rows = prevalence[(prevalence["grouping"] == "outlet") & (prevalence["unit"] == "article")]
    rows = largest_group_prevalence(rows, max_outlets)
    sizes = rows.drop_duplicates("group").sort_values(["n", "group"], ascending=[False, True], kind="stable")
    order = {group: i for i, group in enumerate(sizes["group"])}
    rows = rows.assign(position=rows["group"].map(order)).sort_values("position", kind="stable")
    return rows.rename(columns={"group": "outlet"})[["outlet", "frame", "n", "k", "share"]].reset_index(drop=True)


def bounded_rows(table: pd.DataFrame, limit: int = MAX_TABLE_ROWS, keep_last: bool = False) -> tuple[pd.DataFrame, int]:
    """The first ``limit`` rows of ``table`` and how many were left out; ``keep_last`` keeps a
    total row (the last) beyond the limit."""
    body, last = (table.iloc[:-1], table.iloc[-1:]) if keep_last and len(table) else (table, table.iloc[0:0])
    shown = pd.concat([body.head(limit), last]) if keep_last else body.head(limit)
    return shown.reset_index(drop=True), max(len(body) - limit, 0)


def summarise(tables: dict[str, pd.DataFrame], frames: Sequence[str], max_articles: int, period: str) -> dict:
    """Every summary the report draws on, from the stage tables (``read_stage_tables``).

    Returns
    -------
    ``per_article`` (bool: few enough analysed articles to show each), ``per_file`` (few enough
    input files to list each), and the tables ``analysed``, ``trends``, ``framing_index``,
    ``outlets``, ``sample`` and ``undated`` (see the functions above).
    """
    analysed = analysed_articles(tables["article_frames"], tables["articles"])
    return {
        "per_article": per_article_views(len(analysed), max_articles),
        "per_file": per_article_views(len(tables["articles"]), max_articles),
        "analysed": analysed,
        "trends": frame_trends(analysed, frames, period),
        "framing_index": framing_index_by_outlet(analysed),
        "outlets": outlet_summary(tables["articles"], tables["selection"], tables.get("embedded_posts")),
        "sample": strongest_articles(tables["article_frames"], frames, sample_per_frame(max_articles, len(frames))),
        "undated": undated_articles(analysed),
    }


SUMMARY_TABLES = ("trends", "framing_index", "outlets", "sample", "undated")
"""The summaries written to ``reports/tables/<name>.csv``, the full lists behind the report's bounded tables."""
