"""The report's figures. Every string drawn passes through ``arabic_display.display_text``.

Each function takes stage tables and returns a matplotlib Figure; ``save_figure`` writes
it as PDF, PNG and SVG with nothing that changes between runs.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from analysis.clean.summaries import NO_HEADLINE, UNKNOWN  # noqa: E402
from analysis.frames.actors import ACTOR_TYPES  # noqa: E402
from analysis.frames.glossary import gloss  # noqa: E402
from analysis.report.arabic_display import display_text  # noqa: E402
from analysis.report.fonts import register_figure_fonts  # noqa: E402
from analysis.report.frame_styles import FrameStyles  # noqa: E402

DPI = 150


def label(text: str, width: int | None = None, mode: str | None = None) -> str:
    """Any string for a figure, through the one Arabic display helper."""
    return display_text(str(text), width=width, mode=mode)


def article_label(article: pd.Series, width: int = 42) -> str:
    """Title (wrapped; "(no headline)" when empty), the outlet, then "id · date" (gaps: "unknown")."""
    title = article["title"] or NO_HEADLINE
    outlet = article["outlet"] or f"outlet {UNKNOWN}"
    published = article["published"] or f"date {UNKNOWN}"
    return "\n".join([label(title, width=width), label(outlet), label(f"{article['article_id']} · {published}")])


def save_figure(figure: Figure, name: str, folder: str | Path) -> list[Path]:
    """Write ``name``.pdf, .png and .svg into ``folder`` without dates; close the figure."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    metadata = {
        "pdf": {"CreationDate": None, "ModDate": None},
        "png": {"Software": None},
        "svg": {"Date": None},
    }
    paths = []
    for extension, meta in metadata.items():
        path = folder / f"{name}.{extension}"
        figure.savefig(path, dpi=DPI, metadata=meta, bbox_inches="tight")
        paths.append(path)
    plt.close(figure)
    return paths


def _new_figure(width: float, height: float) -> tuple[Figure, plt.Axes]:
    register_figure_fonts()
    figure, axes = plt.subplots(figsize=(width, height), layout="constrained")
    return figure, axes


def frame_shares_figure(article_frames: pd.DataFrame, articles: pd.DataFrame, styles: FrameStyles) -> Figure:
    """Figure 1: share of each article's sentences coded with each frame (horizontal bars)."""
    table = article_frames.merge(articles[["article_id", "title", "outlet", "published"]], on="article_id")
    figure, axes = _new_figure(8.5, 1.15 * len(table) + 1.2)
    positions = np.arange(len(table))[::-1]
    height = 0.76 / len(styles.names)
    for index, frame in enumerate(styles.names):
        offset = ((len(styles.names) - 1) / 2 - index) * height
        shares = table[f"share_{frame}"]
        axes.barh(
            positions + offset, shares, height=height, color=styles.colours[frame], label=label(styles.labels[frame])
        )
        for y, share, count, total in zip(positions + offset, shares, table[f"n_{frame}"], table["n_sentences"]):
            axes.text(share + 0.01, y, label(f"{count}/{total}"), va="center", fontsize=8)
    axes.set_yticks(positions, [article_label(row) for _, row in table.iterrows()], fontsize=8.5)
    axes.set_xlim(0, 1.05)
    axes.set_xlabel(label("share of the article's sentences (title included)"))
    axes.legend(loc="lower right", fontsize=8, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return figure


def keyness_figure(keyness: pd.DataFrame, n_terms: int, styles: FrameStyles) -> Figure:
    """Figure 2: the words most typical of sentences with compared frame a only (top) and b only
    (bottom), Fightin' Words z."""
    a, b = styles.compared
    shown = pd.concat([keyness.head(n_terms), keyness.tail(n_terms)]).drop_duplicates("term")
    shown = shown.sort_values("fw_z")
    figure, axes = _new_figure(8.0, 0.32 * len(shown) + 1.4)
    colours = [styles.colours[a] if z > 0 else styles.colours[b] for z in shown["fw_z"]]
    positions = np.arange(len(shown))
    axes.barh(positions, shown["fw_z"], color=colours)
    axes.set_yticks(positions, [label(f"{term}  —  {gloss(term)}") for term in shown["term"]], fontsize=8.5)
    axes.axvline(0, color="black", linewidth=0.6)
    axes.set_xlabel(
        label(
            f"Fightin' Words z (positive: {styles.adjective(a)} sentences; negative: {styles.adjective(b)} sentences)"
        )
    )
    axes.legend(
        handles=[Patch(color=styles.colours[f], label=label(styles.labels[f] + " only")) for f in (a, b)],
        loc="lower right",
        fontsize=8,
        frameon=False,
    )
    axes.spines[["top", "right"]].set_visible(False)
    return figure


def prevalence_figure(prevalence: pd.DataFrame, styles: FrameStyles) -> Figure:
    """Figure 3: share of sentences and articles carrying each frame, Wilson 95 % intervals."""
    rows = prevalence.assign(
        row_label=[
            label(f"{unit}s · {'all articles' if grouping == 'all' else grouping.replace('_', ' ') + ': ' + group}")
            for grouping, group, unit in zip(prevalence["grouping"], prevalence["group"], prevalence["unit"])
        ]
    )
    groups = list(dict.fromkeys(rows["row_label"]))
    figure, axes = _new_figure(8.0, 0.55 * len(groups) + 1.3)
    spread = 0.3 / max(len(styles.names) - 1, 1)
    for index, frame in enumerate(styles.names):
        offset = 0.15 - index * spread
        part = rows[rows["frame"] == frame].set_index("row_label").reindex(groups)
        y = np.arange(len(groups))[::-1] + offset
        errors = np.vstack([part["share"] - part["ci_low"], part["ci_high"] - part["share"]])
        colour = styles.colours[frame]
        axes.errorbar(
            part["share"], y, xerr=errors, fmt="o", color=colour, capsize=3, label=label(styles.labels[frame])
        )
        for high, yy, k, n in zip(part["ci_high"], y, part["k"], part["n"]):
            axes.text(high + 0.015, yy, label(f"{k}/{n}"), va="center", fontsize=7, color=colour)
    axes.set_yticks(np.arange(len(groups))[::-1], groups, fontsize=8.5)
    axes.set_xlim(0, 1.08)
    axes.set_xlabel(label("share carrying the frame, with 95 % Wilson interval (k/n: units with the frame / units)"))
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=len(styles.names), fontsize=8, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return figure


def actors_figure(actors_table: pd.DataFrame, styles: FrameStyles) -> Figure:
    """Figure 4: attributions per actor type, split by the frames of the sentence (``actors_by_frame``)."""
    table = actors_table.reindex(list(ACTOR_TYPES)).fillna(0)
    colour_of = {f"{styles.abbreviations[name]} only": styles.colours[name] for name in styles.names}
    colour_of |= {styles.labels["several"]: styles.colours["several"], "neither": styles.colours["neither"]}
    figure, axes = _new_figure(8.0, 3.6)
    positions = np.arange(len(table))[::-1]
    left = np.zeros(len(table))
    for column in [column for column in table.columns if column != "total"]:
        values = table[column].to_numpy(float)
        axes.barh(positions, values, left=left, color=colour_of[column], label=label(column))
        left += values
    axes.set_yticks(positions, [label(actor_type) for actor_type in table.index], fontsize=9)
    axes.set_xlabel(label("attributions (a verb of saying + a name or role)"))
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.legend(loc="lower right", fontsize=8, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return figure


def sentence_kinds(sentence_frames: pd.DataFrame, styles: FrameStyles) -> pd.Series:
    """Each sentence's colour key: its one frame, ``several`` or ``neither``."""
    flags = sentence_frames[list(styles.names)].astype(bool)
    n_frames = flags.sum(axis=1)
    kinds = pd.Series("neither", index=sentence_frames.index)
    for name in styles.names:
        kinds[flags[name] & (n_frames == 1)] = name
    kinds[n_frames > 1] = "several"
    return kinds


def frame_sequence_figure(sentence_frames: pd.DataFrame, articles: pd.DataFrame, styles: FrameStyles) -> Figure:
    """Figure 5: each article's sentences in order, coloured by frame (one strip per article)."""
    article_ids = sorted(sentence_frames["article_id"].unique())
    longest = int(sentence_frames.groupby("article_id").size().max())
    figure, axes = _new_figure(8.5, 0.75 * len(article_ids) + 1.3)
    titles = articles.set_index("article_id")
    ordered = sentence_frames.assign(kind=sentence_kinds(sentence_frames, styles))
    rows = {article_id: row for row, article_id in enumerate(article_ids)}
    for article_id, part in ordered.sort_values(["article_id", "sentence_id"]).groupby("article_id", sort=True):
        for position, kind in enumerate(part["kind"]):
            y = len(article_ids) - 1 - rows[article_id]
            axes.add_patch(plt.Rectangle((position, y), 0.92, 0.8, color=styles.colours[kind]))
    axes.set_xlim(0, longest)
    axes.set_ylim(-0.2, len(article_ids))
    axes.set_yticks(
        np.arange(len(article_ids))[::-1] + 0.4,
        [label((titles.loc[a, "title"] or NO_HEADLINE), width=38) for a in article_ids],
        fontsize=8,
    )
    axes.set_xlabel(label("sentence position in the article (1 = title when present)"))
    axes.set_xticks(np.arange(longest) + 0.46, [label(str(i + 1)) for i in range(longest)], fontsize=7)
    keys = [*styles.names, "several", "neither"]
    axes.legend(
        handles=[Patch(color=styles.colours[k], label=label(styles.labels[k])) for k in keys],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.18),
        ncol=len(keys),
        fontsize=8,
        frameon=False,
    )
    axes.spines[["top", "right", "left"]].set_visible(False)
    axes.tick_params(axis="y", length=0)
    return figure


def framing_index_figure(analysed: pd.DataFrame, styles: FrameStyles, max_outlets: int) -> Figure:
    """The framing index (a - b) / (a + b) over articles: a histogram of all articles (left) and its
    spread per outlet, the ``max_outlets`` largest (right: box = quartiles, line = median)."""
    a, b = styles.compared
    indexed = analysed.dropna(subset=["framing_index"])
    counts = indexed["outlet"].value_counts()
    outlets = sorted(counts.index, key=lambda outlet: (-counts[outlet], outlet))[:max_outlets]
    values = indexed.groupby("outlet")["framing_index"].apply(lambda column: column.to_numpy())
    register_figure_fonts()
    figure, (left, right) = plt.subplots(
        1, 2, figsize=(9.0, 0.32 * len(outlets) + 2.6), layout="constrained", width_ratios=(1, 1.3)
    )
    bins = np.linspace(-1, 1, 11)
    left.hist(indexed["framing_index"], bins=bins, color=styles.colours["several"], edgecolor="white")
    left.set_xlabel(label(f"framing index ({styles.abbreviations[a]} − {styles.abbreviations[b]}) / (sum)"))
    left.set_ylabel(label(f"articles (of {len(indexed)} with either frame)"))
    left.spines[["top", "right"]].set_visible(False)
    if outlets:
        positions = np.arange(len(outlets))[::-1]
        right.boxplot(
            [values[outlet] for outlet in outlets],
            positions=positions,
            orientation="horizontal",
            widths=0.6,
            medianprops={"color": "black"},
            flierprops={"markersize": 3},
        )
        right.set_yticks(positions, [label(f"{outlet} (n = {counts[outlet]})") for outlet in outlets], fontsize=8)
    right.set_xlim(-1.08, 1.08)
    right.axvline(0, color="grey", linewidth=0.6)
    right.set_xlabel(label(f"← {styles.plain_labels[b]}        framing index        {styles.plain_labels[a]} →"))
    right.spines[["top", "right"]].set_visible(False)
    return figure


def outlet_frames_figure(shares: pd.DataFrame, styles: FrameStyles) -> Figure:
    """Outlet x frame: the share of each outlet's articles carrying each frame, as shaded cells with
    k/n (``aggregates.outlet_frame_shares``)."""
    outlets = list(dict.fromkeys(shares["outlet"]))
    frames = [name for name in styles.names if name in set(shares["frame"])]
    grid = shares.pivot(index="outlet", columns="frame", values="share").reindex(index=outlets, columns=frames)
    k = shares.pivot(index="outlet", columns="frame", values="k").reindex(index=outlets, columns=frames)
    n = shares.pivot(index="outlet", columns="frame", values="n").reindex(index=outlets, columns=frames)
    figure, axes = _new_figure(1.9 * len(frames) + 3.2, 0.34 * len(outlets) + 1.4)
    if not outlets:
        axes.text(0.5, 0.5, label("no outlet has enough articles to be compared"), ha="center", va="center")
        axes.set_axis_off()
        return figure
    axes.imshow(grid.to_numpy(float), cmap="Greys", vmin=0, vmax=1, aspect="auto")
    for row, column in np.ndindex(grid.shape):
        share = grid.iat[row, column]
        text = f"{share * 100:.0f} % ({k.iat[row, column]}/{n.iat[row, column]})"
        colour = "white" if share > 0.55 else "black"
        axes.text(column, row, label(text), ha="center", va="center", fontsize=7.5, color=colour)
    axes.set_xticks(np.arange(len(frames)), [label(styles.labels[name]) for name in frames], fontsize=8.5)
    axes.set_yticks(np.arange(len(outlets)), [label(outlet) for outlet in outlets], fontsize=8.5)
    axes.tick_params(length=0)
    axes.xaxis.tick_top()
    return figure


def trend_figure(trends: pd.DataFrame, styles: FrameStyles, period: str) -> Figure:
    """Share of articles carrying each frame per period (lines, Wilson 95 % bands), one panel for all
    outlets and one per outlet in ``trends`` (``aggregates.frame_trends``)."""
    groups = list(dict.fromkeys(trends["group"]))
    periods = sorted(set(trends["period"]))
    position = {p: i for i, p in enumerate(periods)}
    register_figure_fonts()
    figure, panels = plt.subplots(
        max(len(groups), 1),
        1,
        figsize=(8.0, 1.9 * max(len(groups), 1) + 0.8),
        layout="constrained",
        sharex=True,
        squeeze=False,
    )
    for (group, part), axes in zip(trends.groupby("group", sort=False), panels[:, 0]):
        for frame, rows in part.groupby("frame", sort=False):
            x = rows["period"].map(position).to_numpy()
            colour = styles.colours[frame]
            axes.fill_between(x, rows["ci_low"], rows["ci_high"], color=colour, alpha=0.18, linewidth=0)
            axes.plot(x, rows["share"], marker="o", markersize=3, color=colour, label=label(styles.labels[frame]))
        n = part.drop_duplicates("period")["n"].sum()
        axes.set_title(label(f"{group} ({n} dated articles)"), fontsize=9, loc="left")
        axes.set_ylim(0, 1)
        axes.set_ylabel(label("share"), fontsize=8)
        axes.spines[["top", "right"]].set_visible(False)
    step = max(1, int(np.ceil(len(periods) / 12)))
    shown = list(range(0, len(periods), step))
    panels[-1, 0].set_xticks(shown, [label(periods[i]) for i in shown], fontsize=7.5, rotation=30, ha="right")
    panels[-1, 0].set_xlabel(label(f"{period} ({'Monday of the week' if period == 'week' else 'calendar month'})"))
    if len(trends):
        panels[0, 0].legend(loc="upper right", fontsize=8, frameon=False, ncol=len(styles.names))
    else:
        panels[0, 0].text(0.5, 0.5, label("no analysed article has a date"), ha="center", va="center")
        panels[0, 0].set_axis_off()
    return figure


def corrected_estimates_figure(estimates: pd.DataFrame, styles: FrameStyles) -> Figure:
    """The coder's share of sentences (open marker) against the share corrected by the hand-coded sample
    (filled, with its 95 % interval), per frame: overall, then per outlet where the sample allows."""
    frames = [name for name in styles.names if name in set(estimates["quantity"])]
    rows = estimates[estimates["quantity"].isin(frames) & estimates["grouping"].isin(["all", "outlet"])]
    shown = rows[(rows["grouping"] == "all") | (rows["status"] == "estimated")]
    groups = list(
        dict.fromkeys(
            label("all analysed sentences" if g == "all" else f"outlet: {o}")
            for g, o in zip(shown["grouping"], shown["group"])
        )
    )
    figure, axes = _new_figure(8.0, 0.6 * len(groups) + 1.4)
    spread = 0.3 / max(len(frames) - 1, 1)
    for index, frame in enumerate(frames):
        part = shown[shown["quantity"] == frame]
        y = np.arange(len(groups))[::-1][: len(part)] + 0.15 - index * spread
        colour = styles.colours[frame]
        axes.plot(part["coder_share"], y, "o", mfc="white", color=colour, label=label(f"{styles.labels[frame]}: coder"))
        corrected = part["estimate"].notna().to_numpy()
        if corrected.any():
            estimate, low, high = (
                part[column].to_numpy(float)[corrected] for column in ("estimate", "ci_low", "ci_high")
            )
            axes.errorbar(
                estimate,
                y[corrected],
                xerr=np.vstack([estimate - low, high - estimate]),
                fmt="o",
                color=colour,
                capsize=3,
                label=label(f"{styles.labels[frame]}: corrected, 95 % interval"),
            )
    axes.set_yticks(np.arange(len(groups))[::-1], groups, fontsize=8.5)
    largest = np.nanmax(shown[["coder_share", "ci_high"]].to_numpy(float)) if len(shown) else 1.0
    axes.set_xlim(0, min(1.0, max(0.05, 1.15 * largest)))  # small shares stay readable
    axes.set_xlabel(label("share of sentences carrying the frame"))
    # a figure legend "outside": the constrained layout leaves room for it below the axis label
    figure.legend(loc="outside lower center", ncol=2, fontsize=8, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return figure
