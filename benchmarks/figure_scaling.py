"""Benchmark: the report's figure and summary functions grow linearly with their input.

Each function runs on seeded synthetic stage tables of size n and 2n (articles, sentences,
keyness terms or attributions); a figure is drawn completely (rendered to PNG in memory,
as ``save_figure`` would). The median of ``--runs`` timings at 2n divided by the median at n
should be near 2; a function that filtered a table once per article (quadratic) would give
near 4. The script exits with status 1 when a ratio exceeds ``--limit`` (3 by default).

    .venv/bin/python benchmarks/figure_scaling.py [--runs 3] [--limit 3] [--json OUT]

Not part of ``make test`` or ``dvc repro``; the numbers are in ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.frames.actors import ACTOR_TYPES, actors_by_frame
from analysis.frames.lexicon import default_lexicon
from analysis.report import aggregates
from analysis.report import figures as plots
from analysis.report.frame_styles import FrameStyles

SEED = 20261123
OUTLETS = [f"outlet_{i:03d}" for i in range(40)]
TITLE_WORDS = ["تيك", "توك", "الصحة", "النفسية", "قانون", "المنصات", "الشباب", "حماية", "الأخبار", "الزائفة"]


def synthetic_tables(n_articles: int, sentences_per_article: int = 12) -> dict[str, pd.DataFrame]:
    """article_frames, articles and sentence_frames of ``n_articles`` seeded synthetic articles."""
    rng = np.random.default_rng(SEED)
    ids = [f"art-{i:07d}" for i in range(n_articles)]
    n_sentences = np.full(n_articles, sentences_per_article)
    article_of = np.repeat(ids, sentences_per_article)
    mh = rng.random(len(article_of)) < 0.1
    reg = rng.random(len(article_of)) < 0.3
    sentence_frames = pd.DataFrame(
        {
            "article_id": article_of,
            "sentence_id": np.tile(np.arange(1, sentences_per_article + 1), n_articles),
            "mental_health": mh,
            "regulation": reg,
            "mh_terms": np.where(mh, "نفسي", ""),
            "reg_terms": np.where(reg, "قانون", ""),
        }
    )
    n_mh = mh.reshape(n_articles, -1).sum(axis=1)
    n_reg = reg.reshape(n_articles, -1).sum(axis=1)
    total = n_mh + n_reg
    article_frames = pd.DataFrame(
        {
            "article_id": ids,
            "n_sentences": n_sentences,
            "n_mental_health": n_mh,
            "n_regulation": n_reg,
            "n_both": (mh & reg).reshape(n_articles, -1).sum(axis=1),
            "n_neither": (~mh & ~reg).reshape(n_articles, -1).sum(axis=1),
            "share_mental_health": n_mh / n_sentences,
            "share_regulation": n_reg / n_sentences,
            "framing_index": np.where(total > 0, (n_mh - n_reg) / np.maximum(total, 1), np.nan),
            "dominant_frame": "mixed",
        }
    )
    days = pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 730, n_articles), unit="D")
    titles = [" ".join(rng.choice(TITLE_WORDS, 6)) for _ in range(n_articles)]
    articles = pd.DataFrame(
        {
            "article_id": ids,
            "status": rng.choice(
                ["ok", "duplicate", "near_duplicate", "rejected"], n_articles, p=[0.85, 0.03, 0.1, 0.02]
            ),
            "outlet": rng.choice(OUTLETS, n_articles),
            "published": np.where(rng.random(n_articles) < 0.01, "", days.strftime("%Y-%m-%d")),
            "title": titles,
        }
    )
    selection = pd.DataFrame({"article_id": ids, "relevant": rng.random(n_articles) < 0.5})
    return {
        "article_frames": article_frames,
        "articles": articles,
        "sentence_frames": sentence_frames,
        "selection": selection,
    }


def synthetic_keyness(n_terms: int) -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    z = np.sort(rng.normal(0, 3, n_terms))[::-1]
    return pd.DataFrame({"term": [f"كلمة{i}" for i in range(n_terms)], "fw_z": z})


def synthetic_actors(n_rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    return pd.DataFrame(
        {
            "article_id": [f"art-{i:07d}" for i in rng.integers(0, n_rows, n_rows)],
            "actor_type": rng.choice(list(ACTOR_TYPES), n_rows),
            "mental_health": rng.random(n_rows) < 0.2,
            "regulation": rng.random(n_rows) < 0.4,
        }
    )


def synthetic_prevalence(n_outlets: int) -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    rows = []
    for index in range(n_outlets):
        n = int(rng.integers(2, 500))
        for frame in ("mental_health", "regulation"):
            k = int(rng.integers(0, n + 1))
            rows.append(("outlet", f"outlet_{index:04d}", "article", frame, n, k, k / n, 0.0, 1.0))
    columns = ["grouping", "group", "unit", "frame", "n", "k", "share", "ci_low", "ci_high"]
    return pd.DataFrame(rows, columns=columns)


def rendered(figure) -> None:
    """Draw the figure completely (PNG in memory), then close it."""
    figure.savefig(io.BytesIO(), format="png", dpi=plots.DPI, bbox_inches="tight")
    plots.plt.close(figure)


def analysed(n: int) -> pd.DataFrame:
    tables = synthetic_tables(n)
    return aggregates.analysed_articles(tables["article_frames"], tables["articles"])


FRAMES = ("mental_health", "regulation")


def per_article_shares(n: int, styles: FrameStyles) -> Callable[[], None]:
    t = synthetic_tables(n)
    return lambda: rendered(plots.frame_shares_figure(t["article_frames"], t["articles"], styles))


def per_article_strips(n: int, styles: FrameStyles) -> Callable[[], None]:
    t = synthetic_tables(n)
    return lambda: rendered(plots.frame_sequence_figure(t["sentence_frames"], t["articles"], styles))


def framing_index(n: int, styles: FrameStyles) -> Callable[[], None]:
    a = analysed(n)
    return lambda: rendered(plots.framing_index_figure(a, styles, 15))


def trends(n: int, styles: FrameStyles) -> Callable[[], None]:
    a = analysed(n)
    return lambda: rendered(plots.trend_figure(aggregates.frame_trends(a, FRAMES, "week"), styles, "week"))


def outlet_frames(n: int, styles: FrameStyles) -> Callable[[], None]:
    prevalence = synthetic_prevalence(n)
    return lambda: rendered(plots.outlet_frames_figure(aggregates.outlet_frame_shares(prevalence), styles))


def keyness(n: int, styles: FrameStyles) -> Callable[[], None]:
    table = synthetic_keyness(n)
    return lambda: rendered(plots.keyness_figure(table, 12, styles))


def actors(n: int, styles: FrameStyles) -> Callable[[], None]:
    table, lexicon = synthetic_actors(n), default_lexicon()
    return lambda: rendered(plots.actors_figure(actors_by_frame(table, lexicon), styles))


def summaries(n: int, styles: FrameStyles) -> Callable[[], object]:
    t = synthetic_tables(n)
    return lambda: aggregates.summarise(t, FRAMES, 40, "week")


def sampled(n: int, styles: FrameStyles) -> Callable[[], None]:
    t = synthetic_tables(n)
    return lambda: sampled_figures(t, styles)


CASES: list[tuple[str, int, Callable[[int, FrameStyles], Callable[[], object]]]] = [
    ("frame_shares_figure (one bar per article)", 30, per_article_shares),
    ("frame_sequence_figure (one strip per article)", 30, per_article_strips),
    ("framing_index_figure", 50_000, framing_index),
    ("frame_trends + trend_figure (week)", 50_000, trends),
    ("outlet_frame_shares + outlet_frames_figure (outlets)", 20_000, outlet_frames),
    ("keyness_figure (terms)", 200_000, keyness),
    ("actors_by_frame + actors_figure (attributions)", 200_000, actors),
    ("summarise (every report summary)", 100_000, summaries),
    ("sampled per-article figures", 50_000, sampled),
]
"""(what is timed, the base size n in articles unless named, a function of (n, styles) giving the timed call)."""


def sampled_figures(tables: dict[str, pd.DataFrame], styles: FrameStyles) -> None:
    """What the report draws per article above report_max_articles: the sample's strips and shares."""
    sample = aggregates.strongest_articles(tables["article_frames"], styles.names, 8)
    sampled = tables["article_frames"][tables["article_frames"]["article_id"].isin(set(sample["article_id"]))]
    in_sample = tables["sentence_frames"]["article_id"].isin(set(sample["article_id"]))
    rendered(plots.frame_shares_figure(sampled, tables["articles"], styles))
    rendered(plots.frame_sequence_figure(tables["sentence_frames"][in_sample], tables["articles"], styles))


def median_seconds(call: Callable[[], object], runs: int) -> float:
    """The median time of ``runs`` calls, after one untimed call (caches, fonts)."""
    call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timings per size (the median is used)")
    parser.add_argument("--limit", type=float, default=3.0, help="largest time ratio 2n / n accepted")
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    args = parser.parse_args(argv)
    styles = FrameStyles.from_lexicon(default_lexicon())
    results = []
    for name, n, prepare in CASES:
        small = median_seconds(prepare(n, styles), args.runs)
        large = median_seconds(prepare(2 * n, styles), args.runs)
        results.append({"function": name, "n": n, "seconds_n": small, "seconds_2n": large, "ratio": large / small})
        print(f"{name:58s} n={n:>7,}  {small:7.3f} s  2n: {large:7.3f} s  ratio {large / small:4.2f}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    worst = max(results, key=lambda row: row["ratio"])
    if worst["ratio"] > args.limit:
        print(
            f"not linear: {worst['function']} takes {worst['ratio']:.2f}x the time on twice the input", file=sys.stderr
        )
        return 1
    print(f"linear: every ratio <= {args.limit} (largest {worst['ratio']:.2f}, {worst['function']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
