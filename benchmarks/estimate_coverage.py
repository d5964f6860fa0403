"""Coverage and width of the corrected estimates on a population whose truth is known.

The population: every distinct sentence hand-coded in the SaudiNewsNet sheets
(``data/annotations/saudinewsnet/frames_sheet*.csv``, about 1,500), coded by the committed dictionary.
Their hand codes are the truth. Each draw takes a hand-coded sample of the population by a design,
estimates the mental-health share, the regulation share and their difference with
``analysis.stats.corrected_shares``, and records whether the interval covers the truth and its width.
For contrast, the same for the coder's own count (no correction: its interval is the Wilson interval
of the coder's share, or for the difference the normal interval of paired shares, all over the whole
population) and for the textbook stratified normal interval of the same corrected estimate.

Designs (``--designs``):
- ``stratified``: ``make sample``'s design: strata are the dictionary's codes (each combination of
  frames, "none" included), ``--per-stratum`` sentences from each (all of a smaller stratum).
- ``simple``: a simple random sample of the same total size, one stratum.

    .venv/bin/python benchmarks/estimate_coverage.py --draws 500 --json benchmarks/results/estimate_coverage.json
    .venv/bin/python benchmarks/estimate_coverage.py --per-stratum 10 20 40 80 --draws 300   # width against effort
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import norm

from analysis.config.paths import ANNOTATIONS_DIR
from analysis.frames.coding import code_sentences
from analysis.frames.lexicon import default_lexicon
from analysis.frames.sampling import read_sheet, sentence_strata
from analysis.stats.estimation import corrected_shares, difference_label, stratified_normal
from analysis.stats.intervals import wilson_interval

SHEETS = sorted(
    path
    for path in (ANNOTATIONS_DIR / "saudinewsnet").glob("frames_sheet*.csv")
    if not path.name.endswith((".design.csv", ".second_coder.csv"))
)
FRAMES = ["mental_health", "regulation"]
QUANTITY_NAMES = {"mental_health": "mental_health", "regulation": "regulation"}


def known_population(sheets: list[Path] = SHEETS) -> pd.DataFrame:
    """The distinct hand-coded sentences of ``sheets`` (first coding kept), with ``hand_<frame>`` (truth)
    and ``<frame>`` (the committed dictionary's codes)."""
    parts = []
    for sheet in sheets:
        rows = read_sheet(sheet)
        done = rows[FRAMES].apply(lambda column: column.str.strip().str.lower().isin(["yes", "no"])).all(axis=1)
        parts.append(rows[done])
    population = pd.concat(parts, ignore_index=True).drop_duplicates(["article_id", "sentence_hash"])
    population = population.sort_values(["article_id", "sentence_hash"], ignore_index=True)
    coded = code_sentences(population["text"].tolist(), default_lexicon(), quiet=True)
    for frame in FRAMES:
        population[f"hand_{frame}"] = population[frame].str.strip().str.lower() == "yes"
        population[frame] = coded[frame].to_numpy(bool)
    return population[["article_id", "sentence_hash", *FRAMES, *(f"hand_{frame}" for frame in FRAMES)]]


def draw_design(population: pd.DataFrame, design: str, per_stratum: int, rng: np.random.Generator) -> pd.DataFrame:
    """One sample of ``population``: its rows with ``stratum`` and ``weight``."""
    strata = sentence_strata(population, FRAMES)
    if design == "simple":
        total = int(sum(min(per_stratum, size) for size in strata.value_counts()))
        strata = pd.Series("all", index=population.index)
        sizes = {"all": total}
    else:
        sizes = {stratum: per_stratum for stratum in strata.unique()}
    chosen = []
    for stratum, members in strata.groupby(strata, sort=True):
        take = min(sizes[stratum], len(members))
        picked = rng.choice(members.index.to_numpy(), size=take, replace=False)
        chosen.append(pd.DataFrame({"stratum": stratum, "weight": len(members) / take}, index=np.sort(picked)))
    return pd.concat(chosen)


def run(population: pd.DataFrame, designs: list[str], per_stratum: int, draws: int, seed: int) -> list[dict]:
    """Coverage and mean width per (interval, design, quantity), over ``draws`` samples per design."""
    truth = {frame: float(population[f"hand_{frame}"].mean()) for frame in FRAMES}
    difference = difference_label(*FRAMES)
    truth[difference] = truth[FRAMES[0]] - truth[FRAMES[1]]
    coded = population[FRAMES]
    records = [*coder_count_records(population, truth, designs, per_stratum, draws)]
    for design in designs:
        rng = np.random.default_rng(seed)
        hits = {(interval, q): [] for interval in ("corrected", "textbook_normal") for q in truth}
        widths = {key: [] for key in hits}
        n_hand = 0
        for _ in range(draws):
            drawn = draw_design(population, design, per_stratum, rng)
            sample = drawn.join(population[[f"hand_{frame}" for frame in FRAMES]])
            sample = sample.rename(columns={f"hand_{frame}": frame for frame in FRAMES})
            n_hand = len(sample)
            table = corrected_shares(coded, sample, FRAMES, compare=FRAMES).set_index("quantity")
            for quantity in truth:
                low, high = table.loc[quantity, ["ci_low", "ci_high"]]
                hits[("corrected", quantity)].append(low <= truth[quantity] <= high)
                widths[("corrected", quantity)].append(high - low)
                low, high = textbook_interval(coded, sample, quantity)
                hits[("textbook_normal", quantity)].append(low <= truth[quantity] <= high)
                widths[("textbook_normal", quantity)].append(high - low)
        for (interval, quantity), covered in hits.items():
            records.append(record(interval, design, quantity, n_hand, draws, covered, widths[(interval, quantity)]))
    return records


def textbook_interval(coded: pd.DataFrame, sample: pd.DataFrame, quantity: str) -> tuple[float, float]:
    """The textbook stratified normal interval of the difference estimator (residuals per stratum)."""
    machine = coded.loc[sample.index]
    if quantity in FRAMES:
        residual = sample[quantity].astype(int) - machine[quantity].astype(int)
        coder_share = coded[quantity].mean()
    else:
        a, b = FRAMES
        residual = (sample[a].astype(int) - machine[a].astype(int)) - (sample[b].astype(int) - machine[b].astype(int))
        coder_share = coded[a].mean() - coded[b].mean()
    sizes = (sample.groupby("stratum")["weight"].sum()).round().astype(int).to_dict()
    mean, _, low, high = stratified_normal(residual.to_numpy(), sample["stratum"].to_numpy(), sizes)
    # the residual mean over the strata's population is the correction of the coder's share
    return coder_share + low, coder_share + high


def coder_count_records(
    population: pd.DataFrame, truth: dict[str, float], designs: list[str], per_stratum: int, draws: int
) -> list[dict]:
    """The uncorrected coder count: fixed by the population, so it covers the truth in every draw or in none."""
    n = len(population)
    rows = []
    for quantity in truth:
        if quantity in FRAMES:
            low, high = wilson_interval(int(population[quantity].sum()), n)
        else:
            a, b = population[FRAMES[0]].astype(float), population[FRAMES[1]].astype(float)
            delta = a - b
            half = norm.ppf(0.975) * delta.std(ddof=1) / math.sqrt(n)
            low, high = delta.mean() - half, delta.mean() + half
        for design in designs:
            rows.append(
                record("coder_count", design, quantity, 0, draws, [low <= truth[quantity] <= high], [high - low])
            )
    return rows


def record(interval: str, design: str, quantity: str, n_hand: int, draws: int, covered, widths) -> dict:
    """One benchmark record (the ``--json`` format)."""
    return {
        "coder": "dictionary",
        "design": design,
        "interval": interval,
        "quantity": "difference" if " - " in quantity else QUANTITY_NAMES[quantity],
        "n_hand_coded": int(n_hand),
        "draws": int(draws),
        "coverage": round(float(np.mean(covered)), 4),
        "mean_width": round(float(np.mean(widths)), 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draws", type=int, default=500, help="samples per design (default 500)")
    parser.add_argument("--per-stratum", type=int, nargs="+", default=[40], help="hand-coded sentences per stratum")
    parser.add_argument("--designs", nargs="+", default=["stratified", "simple"], choices=["stratified", "simple"])
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--json", type=Path, help="write the records here")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    population = known_population()
    strata = sentence_strata(population, FRAMES).value_counts().sort_index()
    print(f"population: {len(population)} hand-coded SaudiNewsNet sentences; dictionary strata: {strata.to_dict()}")
    print(
        "truth: "
        + ", ".join(f"{frame} {population[f'hand_{frame}'].mean():.4f}" for frame in FRAMES)
        + "; coder: "
        + ", ".join(f"{frame} {population[frame].mean():.4f}" for frame in FRAMES)
    )
    records = []
    for per_stratum in args.per_stratum:
        records += run(population, args.designs, per_stratum, args.draws, args.seed)
    table = pd.DataFrame(records)
    print(table.to_string(index=False))
    print(f"{time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(records, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
