"""The frames stage's estimates: each frame's share of sentences corrected by the hand-coded sample.

The population is the run's analysed sentences, one per distinct text of an article (a sentence
repeated in its article is one sentence, as ``make sample`` draws it). The sample is the annotation
sheet's coded rows found in the run, with their design (``sampling.sampling_design``). Before it
corrects anything, ``design_coverage`` checks that the design describes this run's sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.frames.periods import period_labels
from analysis.frames.sampling import CENSUS_STRATUM, distinct_coded_sentences
from analysis.stats.estimation import ESTIMATE_COLUMNS, corrected_shares, domain_shares

MAX_MISSING_SHARE = 0.05
"""More of the sheet's coded rows than this share missing from the run: the correction is refused."""
POPULATION_TOLERANCE = 0.05
"""The design's population may differ from the run's by this share (a few sentences re-cleaned)."""
MIN_COVERED_SHARE = 0.5
"""A design drawn from less than this share of the run's sentences is not used."""
ESTIMATED = "estimated"
UNKNOWN_GROUP = "unknown"


@dataclass(frozen=True)
class Coverage:
    """How the sample's design matches the run: counts of sentences and rows, and the verdict."""

    n_coded_rows: int
    n_matched: int
    design_population: int
    run_population: int
    status: str
    """``full``, ``partial`` (estimates describe the design's sentences only) or ``refused``."""
    message: str

    @property
    def covered_share(self) -> float:
        """The design's population as a share of the run's sentences."""
        return self.design_population / self.run_population if self.run_population else 0.0


def distinct_sentences(sentences: pd.DataFrame, sentence_frames: pd.DataFrame, frames: Sequence[str]) -> pd.DataFrame:
    """The population: one row per distinct (article, sentence hash), the first in article order, as
    ``make sample`` draws them (``sampling.distinct_coded_sentences``), with ``article_id``,
    ``sentence_hash`` and the coder's code per frame."""
    coded = distinct_coded_sentences(sentences, sentence_frames[["article_id", "sentence_id", *frames]])
    return coded[["article_id", "sentence_hash", *frames]].astype({frame: bool for frame in frames})


def estimation_sample(population: pd.DataFrame, hand_codes: pd.DataFrame, frames: Sequence[str]) -> pd.DataFrame:
    """The hand-coded rows found in the population, indexed by the population's rows: a boolean per frame
    the sheet has a column for (``yes``), ``stratum`` and ``weight``. A stratum coded only in part keeps its
    size: its coded rows share it (the sheet's rows are in random order, so the first rows coded are a
    random subsample)."""
    frames = [frame for frame in frames if frame in hand_codes.columns]  # frames the sheet has a column for
    keys = pd.Series(population.index, index=pd.MultiIndex.from_frame(population[["article_id", "sentence_hash"]]))
    codes = hand_codes.drop_duplicates(["article_id", "sentence_hash"])
    where = keys.reindex(pd.MultiIndex.from_frame(codes[["article_id", "sentence_hash"]]))
    found = codes[where.notna().to_numpy()]
    sample = pd.DataFrame({frame: (found[frame] == "yes").to_numpy() for frame in frames})
    sample.index = where.dropna().astype(int).to_numpy()
    sample["stratum"] = found["stratum"].to_numpy(str)
    coded_per_stratum = codes.groupby("stratum")["stratum"].transform("size")
    weight = (codes["stratum_size"].astype(float) / coded_per_stratum).where(codes["stratum"] != CENSUS_STRATUM, 1.0)
    sample["weight"] = weight[where.notna().to_numpy()].to_numpy(float)
    return sample.sort_index()


def design_coverage(population: pd.DataFrame, hand_codes: pd.DataFrame, sample: pd.DataFrame) -> Coverage:
    """Whether the sheet's design describes this run's sentences (``Coverage``; the message names the fix)."""
    n_coded = int(hand_codes.drop_duplicates(["article_id", "sentence_hash"]).shape[0])
    n_matched = len(sample)
    per_stratum = hand_codes.drop_duplicates("stratum")
    design_population = int(per_stratum.loc[per_stratum["stratum"] != CENSUS_STRATUM, "stratum_size"].sum())
    design_population += n_matched if (hand_codes["stratum"] == CENSUS_STRATUM).any() else 0
    run = len(population)
    fix = "draw a new sample on this run (make sample), or re-run the pipeline version the sheet was drawn on"
    missing = n_coded - n_matched
    if n_coded and missing > MAX_MISSING_SHARE * n_coded:
        status, message = (
            "refused",
            (
                f"{missing} of the sheet's {n_coded} coded sentences are not in this run's analysed sentences "
                f"(more than {MAX_MISSING_SHARE:.0%}): the sample no longer describes them; {fix}"
            ),
        )
    elif design_population > run * (1 + POPULATION_TOLERANCE):
        status, message = (
            "refused",
            (
                f"the sample was drawn from {design_population:,} sentences, this run analyses {run:,}: "
                f"the weights describe another population; {fix}"
            ),
        )
    elif design_population < run * MIN_COVERED_SHARE:
        status, message = (
            "refused",
            (
                f"the sample was drawn from {design_population:,} of this run's {run:,} sentences "
                f"(less than {MIN_COVERED_SHARE:.0%}); {fix}"
            ),
        )
    elif design_population < run * (1 - POPULATION_TOLERANCE):
        status, message = (
            "partial",
            (
                f"the sample was drawn from {design_population:,} of this run's {run:,} sentences "
                f"({design_population / run:.1%}; the others were left out of the draw, for instance sentences "
                "coded in earlier sheets): the corrected estimates describe those sentences only"
            ),
        )
    else:
        status, message = (
            "full",
            (
                f"the sample was drawn from {design_population:,} sentences; this run analyses {run:,}"
                + (f"; {missing} coded sentences are no longer produced by cleaning" if missing else "")
            ),
        )
    return Coverage(n_coded, n_matched, design_population, run, status, message)


def estimated_frames(frames: Sequence[str], sample: pd.DataFrame) -> list[str]:
    """The frames the sample codes (its columns): a frame the sheet does not code gets no estimate."""
    return [frame for frame in frames if frame in sample.columns]


def estimated_difference(compare: Sequence[str], frames: Sequence[str]) -> list[str] | None:
    """The compared pair when the sample codes both frames (``estimated_frames``), else None: no difference."""
    return list(compare) if all(frame in frames for frame in compare) else None


def overall_estimates(
    population: pd.DataFrame,
    sample: pd.DataFrame,
    coverage: Coverage,
    frames: Sequence[str],
    compare: Sequence[str] | None,
    min_hand_coded: int,
) -> pd.DataFrame:
    """The corrected estimates of the whole run (``estimate_table``'s rows of grouping ``all``, without the
    grouping columns): ``corrected_shares`` of the frames the sample codes and the difference of ``compare``
    (None: none), with ``status``; empty estimates, and the reason, when the design is refused or the sample
    holds fewer than ``min_hand_coded`` sentences."""
    frames = estimated_frames(frames, sample)
    overall = corrected_shares(population[frames], sample, frames, compare)
    if coverage.status == "refused" or len(sample) < min_hand_coded:
        overall[["estimate", "ci_low", "ci_high"]] = float("nan")
        why = (
            coverage.message
            if coverage.status == "refused"
            else (f"too few hand-coded sentences ({len(sample)} < {min_hand_coded})")
        )
        overall["status"] = why
    elif coverage.status == "partial":
        overall = corrected_shares(population[frames], sample, frames, compare, design_population=True)
        overall["status"] = f"{ESTIMATED}: {coverage.message}"
    else:
        overall["status"] = ESTIMATED
    return overall


def estimate_table(
    population: pd.DataFrame,
    sample: pd.DataFrame,
    coverage: Coverage,
    articles: pd.DataFrame,
    frames: Sequence[str],
    compare: Sequence[str],
    trend_period: str,
    min_hand_coded: int,
) -> pd.DataFrame:
    """The corrected estimates, overall (``grouping`` ``all``) and per outlet and per ``trend_period``.

    Parameters
    ----------
    population, sample: ``distinct_sentences`` and ``estimation_sample``; coverage: ``design_coverage``.
    articles: ``article_id``, ``outlet``, ``published`` of the analysed articles.
    frames, compare: the frames and the compared pair (its difference gets a row); only the frames the
        sample codes (its columns) are estimated, and the difference only when it codes both.
    trend_period: ``week`` or ``month``.
    min_hand_coded: fewer hand-coded sentences (overall or in a domain): no correction.

    Returns
    -------
    Columns grouping, group, quantity, coder_share, estimate, ci_low, ci_high, n_hand_coded,
    n_sentences, status (``estimated``; ``estimated: <the design's coverage>`` when the design covers part
    of the run; or why there is no correction). Without a correction the coder's shares stay,
    with empty estimates.
    """
    frames = estimated_frames(frames, sample)
    compare = estimated_difference(compare, frames)
    overall = overall_estimates(population, sample, coverage, frames, compare, min_hand_coded)
    parts = [overall.assign(grouping="all", group="all")]
    metadata = population[["article_id"]].merge(articles, on="article_id", how="left")
    outlets = metadata["outlet"].fillna("").replace("", UNKNOWN_GROUP)
    periods = period_labels(metadata["published"].fillna(""), trend_period).replace("", UNKNOWN_GROUP)
    for grouping, domains in (("outlet", outlets), (trend_period, periods)):
        domains.index = population.index
        if coverage.status == "full" and overall["status"].eq(ESTIMATED).all():
            table = domain_shares(population[frames], sample, frames, domains, min_hand_coded, compare)
        else:
            table = domain_shares(population[frames], sample, frames, domains, len(sample) + 1, compare)
            table["status"] = (
                "no correction: the design covers part of the run, so its domains cannot be sized"
                if coverage.status == "partial"
                else "no correction: " + str(overall["status"].iloc[0])
            )
        parts.append(table.assign(grouping=grouping))
    columns = ["grouping", "group", *ESTIMATE_COLUMNS, "status"]
    return pd.concat(parts, ignore_index=True)[columns]
