"""Frame shares corrected by a hand-coded probability sample, with intervals that include coding error.

A coder (the dictionary, or a learned model) codes every analysed sentence; a probability sample of
them is coded by hand (``make sample``: stratified, with known weights). The estimate is
**post-stratified by the coder's codes**: the population is cut into cells (a combination of the coder's
codes, within a stratum of the design), each cell's share of a frame is the weighted share of its
hand-coded sentences, and the cells are added up by their sizes (Särndal, Swensson & Wretman 1992,
ch. 7). When the strata are the coder's codes (``make sample``'s design) this is the stratified
estimator sum_h (N_h / N) * mean_h(hand code) and equals the difference estimator
(coder's count + weighted sum of hand - coder) / N. It is unbiased under the design whatever the coder's
error rate; the coder's count is not.

**The interval.** Frames are rare: a stratum's sample often holds no hand-coded positive, so the textbook
normal interval (``stratified_normal``) collapses to a point and undercovers (59 % for mental health in
``benchmarks/estimate_coverage.py``). Instead, each cell's sentences that were not hand-coded are drawn
from the posterior predictive of a Dirichlet-multinomial over the hand-code combinations (``cell_prior``:
Jeffreys on each frame's margin; for the upper end of a share, the Clopper-Pearson bound's prior on a
"yes" the cell's sample never shows, and likewise for the lower end and "no"; the cells of one coder class
share one prior, ``_cells``). Added up over the cells,
the draws give the finite-population distribution of every share and of the difference of two shares
(the joint hand codes, so the two frames' covariance counts); each end of the interval is its quantile.
A cell coded whole contributes no uncertainty, so a census (every sentence hand-coded) returns the truth
with a zero-width interval. The draws are seeded: the same inputs give the same interval. Coverage and
width were checked by simulation (``benchmarks/estimate_coverage.py``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
from scipy.stats import norm

from analysis.stats.intervals import _check_confidence

PRIOR_PER_FRAME = 0.5
"""Prior pseudo-count of "yes" and of "no" on each frame's margin in a cell (Jeffreys: 1/2 each)."""
BOUNDARY_PRIOR = 1.0
"""Prior pseudo-count of a frame's side that no hand-coded sentence of the cell shows (``cell_prior``)."""
POSTERIOR_DRAWS = 4000
"""Posterior draws behind every interval."""
POSTERIOR_SEED = 20261207
"""Seed of the posterior draws: the same inputs give the same interval."""
ESTIMATE_COLUMNS = ["quantity", "coder_share", "estimate", "ci_low", "ci_high", "n_hand_coded", "n_sentences"]
"""The columns of ``corrected_shares``."""


def difference_label(a: str, b: str) -> str:
    """The ``quantity`` name of the difference between two frames' shares: ``"<a> - <b>"``."""
    return f"{a} - {b}"


def corrected_shares(
    coded: pd.DataFrame,
    sample: pd.DataFrame,
    frames: Sequence[str],
    compare: Sequence[str] | None = None,
    confidence: float = 0.95,
    design_population: bool = False,
) -> pd.DataFrame:
    """Each frame's share of sentences, corrected by the hand-coded sample, with its interval.

    Parameters
    ----------
    coded: one row per analysed sentence (the population), a boolean column per frame: the coder's codes.
    sample: the hand-coded rows; its index labels are rows of ``coded``. A boolean column per frame (the
        hand codes), ``weight`` (1 / inclusion probability, as in the design file) and ``stratum`` (the
        stratum it was drawn from). A row listed twice counts once.
    frames: the frames to estimate (columns of both tables).
    compare: two frames whose difference (first minus second) gets a row too; None: no difference.
    confidence: coverage of the two-sided intervals.
    design_population: True when the design was drawn from part of ``coded`` only (sentences left out of
        the draw): the estimates then describe the sentences the design covers (the weights' sum), with
        cells sized by their weights instead of the coder's class sizes; ``coder_share`` is then the
        coder's share of those sentences, estimated from the sample the same way.

    Returns
    -------
    One row per frame (and one for the difference, ``quantity`` ``"<a> - <b>"``): ``coder_share`` (the
    coder's share of all sentences), ``estimate`` (post-stratified, see the module docstring), ``ci_low``,
    ``ci_high`` (shares, 0-1; the difference -1 to 1), ``n_hand_coded`` and ``n_sentences`` (N: the
    sentences the estimates describe, the design's when ``design_population``).
    """
    frames = list(frames)
    _check_inputs(coded, sample, frames, compare, confidence)
    sample = sample[~sample.index.duplicated()]
    z = float(norm.ppf(1 - (1 - confidence) / 2))
    machine = coded[frames].astype(bool)
    if len(coded) == 0:
        nothing = np.full(len(frames) + (compare is not None), math.nan)
        return _rows(frames, compare, nothing, nothing, nothing, nothing, 0, 0)
    size = float(sample["weight"].astype(float).sum()) if design_population else len(coded)
    estimate, low, high = _cell_intervals(machine, sample, frames, size, compare, z, calibrate=not design_population)
    if design_population:  # the coder's share of the sentences the design covers, estimated from the sample
        weights = sample["weight"].astype(float).to_numpy()
        covered = (weights[:, None] * machine.loc[sample.index].to_numpy()).sum(axis=0) / weights.sum()
        coder_share = covered @ _quantity_weights(len(frames), frames, compare)
    else:
        coder_share = machine.mean().to_numpy() @ _quantity_weights(len(frames), frames, compare)
    described = int(round(size))  # the sentences the estimates describe
    return _rows(frames, compare, coder_share, estimate, low, high, len(sample), described)


def domain_shares(
    coded: pd.DataFrame,
    sample: pd.DataFrame,
    frames: Sequence[str],
    domains: pd.Series,
    min_hand_coded: int,
    compare: Sequence[str] | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """``corrected_shares`` for each domain (an outlet, a month) from the same sample.

    Domain estimation (Särndal et al. 1992, ch. 10): the domain's size is known; a sentence outside it
    counts as carrying no frame, by the coder and by hand, so the sample keeps its design and weights.

    Parameters
    ----------
    coded, sample, frames, compare, confidence: as in ``corrected_shares``.
    domains: each sentence's domain (aligned with ``coded``).
    min_hand_coded: a domain with fewer hand-coded sentences gets no estimate and no interval.

    Returns
    -------
    ``group`` (the domain), the columns of ``corrected_shares`` and ``status``: ``estimated``, or
    ``too few hand-coded sentences (n < min_hand_coded)`` with ``estimate``, ``ci_low`` and ``ci_high``
    empty. Domains in sorted order.
    """
    frames = list(frames)
    _check_inputs(coded, sample, frames, compare, confidence)
    sample = sample[~sample.index.duplicated()]
    z = float(norm.ppf(1 - (1 - confidence) / 2))
    domains = pd.Series(domains, index=coded.index).astype(str)
    machine = coded[frames].astype(bool)
    parts = []
    for group, members in domains.groupby(domains, sort=True):
        in_domain = coded.index.isin(members.index)
        sampled_in_domain = sample.index.isin(members.index)
        n_domain, size = int(sampled_in_domain.sum()), int(in_domain.sum())
        coder_share = machine[in_domain].mean().to_numpy() @ _quantity_weights(len(frames), frames, compare)
        if n_domain < min_hand_coded:
            nothing = np.full(len(coder_share), math.nan)
            table = _rows(frames, compare, coder_share, nothing, nothing, nothing, n_domain, size)
            table["status"] = f"too few hand-coded sentences ({n_domain} < {min_hand_coded})"
        else:
            masked_sample = sample.copy()
            masked_sample[frames] = sample[frames].astype(bool) & sampled_in_domain[:, None]
            masked = machine & in_domain[:, None]
            estimate, low, high = _cell_intervals(masked, masked_sample, frames, size, compare, z)
            table = _rows(frames, compare, coder_share, estimate, low, high, n_domain, size)
            table["status"] = "estimated"
        parts.append(table.assign(group=group))
    columns = ["group", *ESTIMATE_COLUMNS, "status"]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


def _check_inputs(
    coded: pd.DataFrame, sample: pd.DataFrame, frames: list[str], compare: Sequence[str] | None, confidence: float
) -> None:
    _check_confidence(confidence)
    for table, name in ((coded, "coded"), (sample, "sample")):
        missing = [frame for frame in frames if frame not in table.columns]
        if missing:
            raise ValueError(f"{name} has no column for {', '.join(missing)}")
    for column in ("weight", "stratum"):
        if column not in sample.columns:
            raise ValueError(f"sample needs a {column!r} column (from the design file)")
    unknown = sample.index.difference(coded.index)
    if len(unknown):
        raise ValueError(f"{len(unknown)} hand-coded rows are not rows of coded (first: {unknown[0]!r})")
    if (sample["weight"].astype(float) < 1 - 1e-9).any():
        raise ValueError("a sampling weight is below 1 (weights are 1 / inclusion probability)")
    if compare is not None and (len(compare) != 2 or any(frame not in frames for frame in compare)):
        raise ValueError(f"compare must name two of the frames {frames}, got {list(compare)}")


def _cell_intervals(
    coder: pd.DataFrame,
    sample: pd.DataFrame,
    frames: list[str],
    size: float,
    compare: Sequence[str] | None,
    z: float,
    calibrate: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The post-stratified estimate of every quantity (the frames' shares of ``size`` sentences, then the
    difference) and its interval: each end a quantile of the quantity's finite-population posterior under
    the prior that leans towards that end where a cell's sample shows nothing (``cell_prior``)."""
    cells = _cells(coder, sample, frames, calibrate)
    weights = _quantity_weights(len(frames), frames, compare)
    rng = np.random.default_rng(POSTERIOR_SEED)
    estimate = sum(cell.size * cell.mean(weights) for cell in cells) / size
    tail = float(norm.sf(z))  # (1 - confidence) / 2
    ends = np.zeros((2, weights.shape[1]))
    for quantity in range(weights.shape[1]):
        for end, (direction, probability) in enumerate(((-1.0, tail), (1.0, 1 - tail))):
            drawn = sum(cell.draw_totals(weights[:, quantity], direction, rng) for cell in cells) / size
            ends[end, quantity] = np.quantile(drawn, probability)
    # the point estimate lies in its interval (a prior can move a quantile past it when a cell's count is 0)
    return estimate, np.minimum(ends[0], estimate), np.maximum(ends[1], estimate)


def _quantity_weights(n_frames: int, frames: list[str], compare: Sequence[str] | None) -> np.ndarray:
    """frames x quantities: each quantity as a sum of the frames' shares (a frame; the difference)."""
    weights = np.eye(n_frames)
    if compare is not None:
        difference = np.zeros((n_frames, 1))
        difference[frames.index(compare[0])], difference[frames.index(compare[1])] = 1, -1
        weights = np.hstack([weights, difference])
    return weights


@dataclass(frozen=True)
class _Cell:
    """Sentences of one design stratum that the coder coded alike: ``size`` of them in the population, the
    ``hand`` codes and ``weights`` of those hand-coded; ``codes``: the coder's codes (when none is hand-coded);
    ``prior_share``: the share of its coder class's prior it carries (see ``_cells``)."""

    codes: np.ndarray
    size: float
    hand: np.ndarray
    weights: np.ndarray
    prior_share: float = 1.0

    def mean(self, quantities: np.ndarray) -> np.ndarray:
        """Per quantity (columns of ``quantities``, frames x quantities): the weighted mean of the cell's
        hand-coded sentences, or the coder's codes when none is hand-coded."""
        if len(self.hand) == 0:
            return self.codes.astype(float) @ quantities
        units = self.hand.astype(float) @ quantities
        return (self.weights[:, None] * units).sum(axis=0) / self.weights.sum()

    @cached_property
    def combinations(self) -> tuple[np.ndarray, np.ndarray]:
        """Every hand-code combination (rows: 0/1 per frame) and how many hand-coded sentences show it."""
        n_frames = len(self.codes)
        combos = np.array([[c >> f & 1 for f in range(n_frames)] for c in range(2**n_frames)], dtype=float)
        counts = np.array([np.all(self.hand == combo.astype(bool), axis=1).sum() for combo in combos], float)
        return combos, counts

    def draw_totals(self, quantity: np.ndarray, direction: float, rng: np.random.Generator) -> np.ndarray:
        """``POSTERIOR_DRAWS`` draws of the cell's total of one quantity (``quantity``: a weight per frame):
        its hand-coded sentences plus its other ones drawn from a Dirichlet-multinomial over the hand-code
        combinations, under ``cell_prior`` leaning in ``direction`` (+1: towards larger totals)."""
        combos, counts = self.combinations
        values = combos @ quantity
        observed = float(counts @ values)
        unsampled = int(round(max(self.size - len(self.hand), 0.0)))
        if unsampled == 0:
            return np.full(POSTERIOR_DRAWS, observed)
        prior = self.prior_share * cell_prior(combos, counts, direction * quantity)
        shares = rng.dirichlet(counts + prior, size=POSTERIOR_DRAWS)
        return observed + rng.multinomial(unsampled, shares) @ values


def cell_prior(combos: np.ndarray, counts: np.ndarray, lean: np.ndarray) -> np.ndarray:
    """The Dirichlet prior over a cell's hand-code combinations (rows of ``combos``, 0/1 per frame), given
    the hand-coded sentences' ``counts`` per combination, for one end of one quantity's interval.

    Each frame's margin gets ``PRIOR_PER_FRAME`` (Jeffreys: 1/2) on its "yes" and on its "no" side. A side
    that no hand-coded sentence of the cell shows, and that moves the quantity towards the end sought
    (``lean``: per frame, > 0 where "yes" does, < 0 where "no" does), gets ``BOUNDARY_PRIOR`` (1) instead:
    with x = 0 of n the upper end is then that of Clopper and Pearson, 1 - (alpha / 2)^(1 / n); Jeffreys'
    own is shorter and undercovers, and a stratum whose sample holds no sentence of a frame is the common
    case. The extra mass goes on the combinations whose other leaning frames are on their own side too
    (for the lower end of MH - REG: "REG yes, MH no"), where it moves the quantity; spread over every
    combination, half of it would land on "both", which leaves a difference unchanged. The other end keeps
    Jeffreys' prior, so the extra mass never drags it away from the data.
    """
    n_combos, n_frames = combos.shape
    prior = np.full(n_combos, 2 * PRIOR_PER_FRAME / n_combos)
    seen = combos[counts > 0]
    sides = np.where(np.asarray(lean) > 0, 1.0, 0.0)
    leaning = np.asarray(lean) != 0
    for frame in np.flatnonzero(leaning):
        if np.any(seen[:, frame] == sides[frame]):
            continue
        # the extra mass goes where it moves the quantity towards the end: the other leaning frames on
        # their own side (else a "yes" of one frame would be spent on combinations that cancel it)
        target = np.all(combos[:, leaning] == sides[leaning], axis=1)
        prior[target] += (BOUNDARY_PRIOR - PRIOR_PER_FRAME) / target.sum()
    return prior


def _cells(coder: pd.DataFrame, sample: pd.DataFrame, frames: list[str], calibrate: bool = True) -> list[_Cell]:
    """The population cut into cells: each coder class (a combination of the coder's codes) split by the
    strata its hand-coded sentences were drawn from. A cell's size is its design weights' sum, scaled so
    that the class's cells add up to the class's known size (post-stratification by the coder's codes:
    the stratified estimator when the strata are the coder's codes). A class with no hand-coded sentence
    is one cell without any. ``calibrate=False``: sizes are the weights' sums, and only cells with
    hand-coded sentences exist (the design's population).

    The cells of a class share one prior (``prior_share``: a cell's share of the class's hand-coded
    sentences): a design that cuts a class into strata (the uncertainty design) then carries the prior
    pseudo-counts of the class once, instead of once per stratum, which widened the interval with every
    cut even where the strata showed no sentence of a frame (``benchmarks/README.md``)."""
    population = coder[frames].astype(bool).to_numpy()
    classes, class_sizes = np.unique(population, axis=0, return_counts=True)
    in_sample = coder.index.get_indexer(sample.index)
    sample_classes = population[in_sample]
    hand = sample[frames].astype(bool).to_numpy()
    weights = sample["weight"].astype(float).to_numpy()
    strata = sample["stratum"].astype(str).to_numpy()
    cells = []
    for codes, class_size in zip(classes, class_sizes):
        members = np.all(sample_classes == codes, axis=1)
        if not members.any():
            if not calibrate:
                continue
            cells.append(_Cell(codes, float(class_size), np.zeros((0, len(frames)), bool), np.zeros(0)))
            continue
        scale = class_size / weights[members].sum() if calibrate else 1.0
        for stratum in sorted(set(strata[members])):
            rows = members & (strata == stratum)
            cell_size = max(weights[rows].sum() * scale, float(rows.sum()))
            cells.append(_Cell(codes, cell_size, hand[rows], weights[rows], rows.sum() / members.sum()))
    return cells


def _rows(
    frames: list[str],
    compare: Sequence[str] | None,
    coder_share: np.ndarray,
    estimate: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    n_hand_coded: int,
    n_sentences: int,
) -> pd.DataFrame:
    quantities = [*frames, *([difference_label(*compare)] if compare is not None else [])]
    return pd.DataFrame(
        {
            "quantity": quantities,
            "coder_share": coder_share,
            "estimate": estimate,
            "ci_low": low,
            "ci_high": high,
            "n_hand_coded": n_hand_coded,
            "n_sentences": n_sentences,
        }
    )


def stratified_normal(
    values: np.ndarray, strata: np.ndarray, stratum_sizes: dict[str, int], confidence: float = 0.95
) -> tuple[float, float, float, float]:
    """The textbook stratified estimator of a mean, its variance and normal interval (Cochran 1977, ch. 5).

    mean = sum_h W_h ybar_h, var = sum_h W_h^2 (1 - n_h / N_h) s_h^2 / n_h, with W_h = N_h / N and s_h^2 the
    sample variance (n_h - 1 denominator). Kept as the reference the corrected estimates are compared with:
    with a rare binary variable, a stratum whose sample holds no positive has s_h^2 = 0 and the interval
    collapses (see the module docstring).

    Parameters
    ----------
    values: the sampled units' values; strata: each unit's stratum; stratum_sizes: N_h per stratum.

    Returns
    -------
    (mean, variance, low, high).
    """
    _check_confidence(confidence)
    values, strata = np.asarray(values, float), np.asarray(strata).astype(str)
    total = float(sum(stratum_sizes.values()))
    mean = variance = 0.0
    for stratum, size in stratum_sizes.items():
        part = values[strata == stratum]
        if len(part) == 0:
            raise ValueError(f"stratum {stratum!r} has no sampled unit")
        share = size / total
        mean += share * part.mean()
        spread = part.var(ddof=1) if len(part) > 1 else 0.0
        variance += share**2 * (1 - len(part) / size) * spread / len(part)
    half = norm.ppf(1 - (1 - confidence) / 2) * math.sqrt(variance)
    return mean, variance, mean - half, mean + half
