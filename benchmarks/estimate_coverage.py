"""Coverage and width of the corrected estimates on a population whose truth is known.

The population: every distinct sentence hand-coded in the SaudiNewsNet sheets
(``data/annotations/saudinewsnet/frames_sheet*.csv``, about 1,500), coded by the committed dictionary.
Their hand codes are the truth. Each draw takes a hand-coded sample of the population by a design,
estimates the mental-health share, the regulation share and their difference with
``analysis.stats.corrected_shares``, and records whether the interval covers the truth and its width.
For contrast, the same for the coder's own count (no correction: its interval is the Wilson interval
of the coder's share, or for the difference the normal interval of paired shares, all over the whole
population) and for the textbook stratified normal interval of the same corrected estimate.

Coders (``--coders``, issue 23):
- ``dictionary``: the committed dictionary's codes. Its "score" (what the uncertainty design allocates by)
  is the hand-coded share of its class in the population, Jeffreys-smoothed: what a validation of the
  dictionary would give, and more than a study knows beforehand (favourable to the dictionary).
- ``classifier``: ``analysis.frames.classifier``, cross-fitted over the population (5 folds: each
  sentence is scored and coded by a coder trained on the other four fifths only, its C, calibration and
  threshold chosen by cross-validation inside those); codes are its thresholded calibrated probabilities.

Designs (``--designs``), for the same number of hand-coded sentences:
- ``stratified``: ``make sample``'s design: strata are the coder's codes (each combination of frames,
  "none" included), ``--per-stratum`` sentences from each (all of a smaller stratum), or with
  ``--n-hand`` the same number from each so that they add up to it.
- ``simple``: a simple random sample of the same total size, one stratum.
- ``uncertainty``: active sampling (Zrnic & Candes 2024) kept in the form the estimator reads: strata
  are the coder's classes cut by its uncertainty (``analysis.frames.sampling.uncertainty_strata``),
  allocated by Neyman's rule on the coder's expected uncertainty with a floor
  (``uncertainty_allocation``), simple random sampling inside each stratum.

    .venv/bin/python benchmarks/estimate_coverage.py --draws 500 --json benchmarks/results/estimate_coverage.json
    .venv/bin/python benchmarks/estimate_coverage.py --per-stratum 10 20 40 80 --draws 300   # width against effort
    .venv/bin/python benchmarks/estimate_coverage.py --coders dictionary classifier \\
        --designs stratified uncertainty --n-hand 200 131 --draws 1000 --json benchmarks/results/coders.json
    .venv/bin/python benchmarks/estimate_coverage.py --coders classifier --designs uncertainty --n-hand 200 \\
        --uncertainty-cuts 0.5 0.9 --min-inclusion 0.02   # the uncertainty design's cuts and floor
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
from analysis.frames.annotation_sheet import read_codes
from analysis.frames.classifier import coder_features, cross_fitted_scores
from analysis.frames.coding import code_sentences
from analysis.frames.lexicon import default_lexicon
from analysis.frames.sampling import (
    MIN_INCLUSION,
    UNCERTAINTY_CUTS,
    coded_rows,
    largest_remainders,
    read_sheet,
    sentence_strata,
    uncertainty_allocation,
    uncertainty_strata,
)
from analysis.frames.validation import agreement
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
    """The distinct hand-coded sentences of ``sheets`` (first coding kept), with ``text``, ``hand_<frame>``
    (truth) and ``<frame>`` (the committed dictionary's codes)."""
    parts = []
    for sheet in sheets:
        parts.append(
            coded_rows(read_codes(read_sheet(sheet), FRAMES, sheet), FRAMES)
        )  # codes as the pipeline reads them
    population = pd.concat(parts, ignore_index=True).drop_duplicates(["article_id", "sentence_hash"])
    population = population.sort_values(["article_id", "sentence_hash"], ignore_index=True)
    coded = code_sentences(population["text"].tolist(), default_lexicon(), quiet=True)
    for frame in FRAMES:
        population[f"hand_{frame}"] = population[frame] == "yes"
        population[frame] = coded[frame].to_numpy(bool)
    return population[["article_id", "sentence_hash", "text", *FRAMES, *(f"hand_{frame}" for frame in FRAMES)]]


def coder_outputs(population: pd.DataFrame, coder: str, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(codes, scores) of ``coder`` for every sentence of the population: booleans and probabilities per frame."""
    hand = population[[f"hand_{frame}" for frame in FRAMES]].set_axis(FRAMES, axis=1)
    if coder == "dictionary":
        codes = population[FRAMES].astype(bool)
        classes = sentence_strata(codes, FRAMES)
        scores = pd.DataFrame(
            {
                frame: classes.map((hand[frame].groupby(classes).sum() + 0.5) / (classes.value_counts() + 1))
                for frame in FRAMES
            }
        )
        return codes, scores.astype(float)
    features = coder_features(population["text"].tolist(), default_lexicon())
    scores, codes = cross_fitted_scores(features, hand, seed)
    return codes, scores


def equal_allocation(strata: pd.Series, total: int) -> dict[str, int]:
    """The same number of sentences from each stratum (all of a smaller one), adding up to ``total``."""
    sizes = strata.value_counts().sort_index()
    size = sizes.to_numpy(int)
    low, high = 0.0, float(total)
    for _ in range(100):  # the common count c with sum(min(N_h, c)) = total
        middle = (low + high) / 2
        low, high = (middle, high) if np.minimum(size, middle).sum() < total else (low, middle)
    return largest_remainders(list(sizes.index), np.minimum(size, high), size)


def design_plan(
    codes: pd.DataFrame,
    scores: pd.DataFrame,
    design: str,
    per_stratum: int,
    n_hand: int | None,
    uncertainty: dict | None = None,
) -> tuple[pd.Series, dict[str, int]]:
    """Each sentence's stratum and the draws per stratum of ``design`` (see the module docstring);
    ``uncertainty``: ``cuts`` and ``min_inclusion`` of the uncertainty design (the package's by default)."""
    classes = sentence_strata(codes, FRAMES)
    total = n_hand or int(sum(min(per_stratum, size) for size in classes.value_counts()))
    if design == "simple":
        return pd.Series("all", index=codes.index), {"all": total}
    if design == "stratified":
        if n_hand is None:
            return classes, {stratum: min(per_stratum, int(size)) for stratum, size in classes.value_counts().items()}
        return classes, equal_allocation(classes, total)
    uncertainty = uncertainty or {}
    strata = uncertainty_strata(scores, codes, cuts=uncertainty.get("cuts", UNCERTAINTY_CUTS))
    return strata, uncertainty_allocation(
        strata, scores, total, min_inclusion=uncertainty.get("min_inclusion", MIN_INCLUSION)
    )


def draw_design(strata: pd.Series, allocation: dict[str, int], rng: np.random.Generator) -> pd.DataFrame:
    """One sample: ``allocation[h]`` sentences drawn at random without replacement from each stratum ``h``;
    its rows with ``stratum`` and ``weight`` (stratum size / drawn)."""
    chosen = []
    for stratum, members in strata.groupby(strata, sort=True):
        take = min(allocation.get(stratum, 0), len(members))
        if take == 0:
            continue
        picked = rng.choice(members.index.to_numpy(), size=take, replace=False)
        chosen.append(pd.DataFrame({"stratum": stratum, "weight": len(members) / take}, index=np.sort(picked)))
    return pd.concat(chosen)


def run(
    population: pd.DataFrame,
    coders: dict[str, tuple[pd.DataFrame, pd.DataFrame]],
    designs: list[str],
    per_stratum: int,
    n_hand: int | None,
    draws: int,
    seed: int,
    uncertainty: dict | None = None,
) -> list[dict]:
    """Coverage and mean width per (coder, interval, design, quantity), over ``draws`` samples per design
    (``uncertainty``: as in ``design_plan``)."""
    truth = {frame: float(population[f"hand_{frame}"].mean()) for frame in FRAMES}
    difference = difference_label(*FRAMES)
    truth[difference] = truth[FRAMES[0]] - truth[FRAMES[1]]
    hand = population[[f"hand_{frame}" for frame in FRAMES]].set_axis(FRAMES, axis=1)
    records = []
    for coder, (coded, scores) in coders.items():
        records += coder_count_records(coded, coder, truth, designs, draws)
        for design in designs:
            strata, allocation = design_plan(coded, scores, design, per_stratum, n_hand, uncertainty)
            rng = np.random.default_rng(seed)
            hits = {(interval, q): [] for interval in ("corrected", "textbook_normal") for q in truth}
            widths = {key: [] for key in hits}
            n_drawn = 0
            for _ in range(draws):
                sample = draw_design(strata, allocation, rng).join(hand)
                n_drawn = len(sample)
                table = corrected_shares(coded, sample, FRAMES, compare=FRAMES).set_index("quantity")
                for quantity in truth:
                    low, high = table.loc[quantity, ["ci_low", "ci_high"]]
                    hits[("corrected", quantity)].append(low <= truth[quantity] <= high)
                    widths[("corrected", quantity)].append(high - low)
                    low, high = textbook_interval(coded, sample, quantity)
                    hits[("textbook_normal", quantity)].append(low <= truth[quantity] <= high)
                    widths[("textbook_normal", quantity)].append(high - low)
            for (interval, quantity), covered in hits.items():
                key = (interval, quantity)
                records.append(record(coder, interval, design, quantity, n_drawn, draws, covered, widths[key]))
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
    population: pd.DataFrame, coder: str, truth: dict[str, float], designs: list[str], draws: int
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
                record(coder, "coder_count", design, quantity, 0, draws, [low <= truth[quantity] <= high], [high - low])
            )
    return rows


def record(coder: str, interval: str, design: str, quantity: str, n_hand: int, draws: int, covered, widths) -> dict:
    """One benchmark record (the ``--json`` format)."""
    return {
        "coder": coder,
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
    parser.add_argument(
        "--designs", nargs="+", default=["stratified", "simple"], choices=["stratified", "simple", "uncertainty"]
    )
    parser.add_argument("--coders", nargs="+", default=["dictionary"], choices=["dictionary", "classifier"])
    parser.add_argument("--n-hand", type=int, nargs="+", help="hand-coded sentences per study (instead of per stratum)")
    parser.add_argument(
        "--uncertainty-cuts",
        type=float,
        nargs="+",
        default=list(UNCERTAINTY_CUTS),
        help=f"quantiles of the coder's uncertainty that cut each class (default {UNCERTAINTY_CUTS})",
    )
    parser.add_argument(
        "--min-inclusion",
        type=float,
        default=MIN_INCLUSION,
        help=f"the uncertainty design's smallest share drawn from a stratum (default {MIN_INCLUSION})",
    )
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
    coders = {coder: coder_outputs(population, coder, args.seed) for coder in args.coders}
    for coder, (codes, _) in coders.items():
        scores = {
            frame: f"F1 {agreement(population[f'hand_{frame}'].to_numpy(), codes[frame].to_numpy())['f1']:.3f}"
            for frame in FRAMES
        }
        print(f"{coder}: codes against the hand codes (cross-fitted for the classifier): {scores}")
    records = []
    for per_stratum in args.per_stratum if args.n_hand is None else [args.per_stratum[0]]:
        for n_hand in args.n_hand or [None]:
            uncertainty = {"cuts": tuple(args.uncertainty_cuts), "min_inclusion": args.min_inclusion}
            records += run(population, coders, args.designs, per_stratum, n_hand, args.draws, args.seed, uncertainty)
    table = pd.DataFrame(records)
    print(table.to_string(index=False))
    print(f"{time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(records, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
