"""Drawing a sample of the researcher's own corpus to hand-code, and reading it back.

``make sample`` draws a seeded sample of sentences, stratified by what the dictionary
coded (each combination of frames is a stratum, "none" included; with ``coder: classifier``, by
what the learned coder coded: the codes of ``sentence_frames``), with the same number
of sentences per stratum so that dictionary hits, rare in an archive, are oversampled and
precision can be measured. It writes two files:

- the **annotation sheet** (``annotations`` in params.yaml), one row per sentence in a
  seeded random order, with empty columns for the coder: one per frame (``yes``/``no``),
  ``confident`` (``yes``/``no``), ``reason`` (a note) and ``translation`` (English, for the
  report's examples). The coder does not see the dictionary's codes or the strata. A path
  ending in ``.xlsx`` gets the coder's workbook (drop-down lists, key columns locked, the
  codebook's definitions on a second worksheet); one ending in ``.csv`` a UTF-8 CSV with a
  byte-order mark, formula-like cells escaped (``analysis.frames.annotation_sheet``).
- the **design** beside it (``<sheet stem>.design.csv``): each sampled sentence's stratum,
  the stratum's size in the corpus and the sampling weight (size / sampled), so that
  hand-coded prevalence and recall can be estimated for the whole corpus.

With ``sample_design: uncertainty`` the strata are instead a learned coder's classes cut by its
uncertainty, allocated by Neyman's rule with a floor (``uncertainty_strata``, ``uncertainty_allocation``,
``draw_uncertainty_sample``; the coder is trained on ``training_sheets``): equal probability within a
stratum, so the design file has the same columns and the estimator reads it unchanged.

A sheet in which a coder has written anything is never overwritten. Reading it back
(``read_hand_codes``) takes codes in the spellings coders use (yes, نعم, 1, TRUE ...) and
stops at any other value with an error naming the row and column.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.frames.annotation_sheet import SheetError, read_codes, read_sheet, save_sheet
from analysis.frames.lexicon import Lexicon
from analysis.frames.validation import SPLIT_SEED, assign_split, sentence_key

if TYPE_CHECKING:
    from analysis.frames.classifier import LearnedCoder

CODER_COLUMNS = ["confident", "reason", "translation"]
"""The coder's columns after the frame columns."""
NONE_STRATUM = "none"


def design_path(sheet: str | Path) -> Path:
    """Where the sampling design of a sheet is kept: ``<sheet stem>.design.csv`` beside it."""
    sheet = Path(sheet)
    return sheet.with_name(f"{sheet.stem}.design.csv")


def sentence_strata(sentence_frames: pd.DataFrame, frames: Sequence[str]) -> pd.Series:
    """Each sentence's stratum: the frames the dictionary coded, joined by ``+``, or ``none``."""
    flags = sentence_frames[list(frames)].astype(bool).to_numpy()
    labels = ["+".join(name for name, hit in zip(frames, row) if hit) or NONE_STRATUM for row in flags]
    return pd.Series(labels, index=sentence_frames.index, name="stratum")


def draw_sample(
    sentences: pd.DataFrame,
    sentence_frames: pd.DataFrame,
    lexicon: Lexicon,
    per_stratum: int,
    seed: int,
    article_ids: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A stratified sample of sentences to hand-code.

    Parameters
    ----------
    sentences, sentence_frames: ``sentences.csv`` and its coding (same rows).
    lexicon: the dictionary; its frames name the sheet's columns and the strata.
    per_stratum: sentences drawn per stratum (all of a smaller stratum).
    seed: seed of the draw and of the sheet's row order.
    article_ids: only sentences of these articles (the relevant ones); None: all.

    Returns
    -------
    (sheet, design): the sheet's rows (coder columns empty) and, per sampled sentence,
    article_id, sentence_hash, stratum, stratum_size, n_sampled and weight.
    """
    coded = distinct_coded_sentences(sentences, sentence_frames, article_ids)
    strata = sentence_strata(coded, lexicon.names)
    return draw_from_strata(coded, strata, dict.fromkeys(strata.unique(), per_stratum), seed, lexicon)


def draw_uncertainty_sample(
    sentences: pd.DataFrame,
    sentence_frames: pd.DataFrame,
    lexicon: Lexicon,
    coder: LearnedCoder,
    total: int,
    seed: int,
    article_ids: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A sample drawn by the uncertainty design (``sample_design: uncertainty``).

    Parameters
    ----------
    sentences, sentence_frames, lexicon, seed, article_ids: as in ``draw_sample``.
    coder: the learned coder (``analysis.frames.classifier``) whose calibrated scores and classes make the
        strata (``uncertainty_strata``) and the allocation (``uncertainty_allocation``).
    total: sentences to draw.

    Returns
    -------
    (sheet, design) as ``draw_sample``: the design's strata are ``<coder class>|u<k>``, equal probability
    within each, so the estimator reads it as it reads the stratified design.
    """
    from analysis.frames.classifier import coder_features

    coded = distinct_coded_sentences(sentences, sentence_frames, article_ids)
    features = coder_features(coded["text"].tolist(), lexicon)
    scores = coder.scores(features)
    strata = uncertainty_strata(scores, coder.codes(features))
    return draw_from_strata(coded, strata, uncertainty_allocation(strata, scores, total), seed, lexicon)


def stratified_total(sentence_frames: pd.DataFrame, frames: Sequence[str], per_stratum: int) -> int:
    """The sentences ``make sample``'s stratified design draws: ``per_stratum`` from each combination of the
    dictionary's codes (all of a smaller one); the uncertainty design draws as many."""
    return int(sum(min(per_stratum, size) for size in sentence_strata(sentence_frames, frames).value_counts()))


def distinct_coded_sentences(
    sentences: pd.DataFrame, sentence_frames: pd.DataFrame, article_ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """Sentences with their dictionary codes and ``sentence_hash``, one per distinct text of an
    article, in (article, sentence) order; only of ``article_ids`` unless None."""
    coded = sentences[["article_id", "sentence_id", "text"]].merge(sentence_frames, on=["article_id", "sentence_id"])
    if article_ids is not None:
        coded = coded[coded["article_id"].isin(set(article_ids))]
    coded = coded.sort_values(["article_id", "sentence_id"], ignore_index=True)
    coded["sentence_hash"] = coded["text"].map(sentence_key)
    return coded.drop_duplicates(["article_id", "sentence_hash"], ignore_index=True)


def draw_from_strata(
    coded: pd.DataFrame, strata: pd.Series, per_stratum: dict[str, int], seed: int, lexicon: Lexicon
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Draw ``per_stratum[s]`` sentences (all of a smaller stratum) of each stratum ``s`` of
    ``coded`` (``distinct_coded_sentences``), shuffled; (sheet, design) as ``draw_sample``."""
    rng = np.random.default_rng(seed)
    chosen = []
    for stratum, part in coded.assign(stratum=strata).groupby("stratum", sort=True):
        picked = part.iloc[np.sort(rng.permutation(len(part))[: per_stratum[stratum]])]
        chosen.append(picked.assign(stratum_size=len(part), n_sampled=len(picked)))
    empty = coded.assign(stratum=strata, stratum_size=0, n_sampled=0)
    sample = pd.concat(chosen, ignore_index=True) if chosen else empty
    sample["weight"] = sample["stratum_size"] / sample["n_sampled"]
    sample = sample.iloc[rng.permutation(len(sample))].reset_index(drop=True)  # the coder sees no order of strata
    sheet = sample[["article_id", "sentence_hash", "sentence_id", "text"]].copy()
    for column in [*lexicon.names, *CODER_COLUMNS]:
        sheet[column] = ""
    design = sample[["article_id", "sentence_hash", "stratum", "stratum_size", "n_sampled", "weight"]]
    return sheet, design.round({"weight": 6})


UNCERTAINTY_CUTS = (0.8,)
"""Where the uncertainty design cuts each coder class, as quantiles of the sentences' uncertainty: (0.8,)
makes a stratum of the 80 % most certain sentences and one of the 20 % least certain (more cuts make more
cells, each with its own prior, and widened the intervals in ``benchmarks/estimate_coverage.py``)."""
MIN_STRATUM_SIZE = 30
"""A stratum of the uncertainty design holds at least this many sentences (else the class is cut less)."""
MIN_PER_STRATUM = 8
"""Floor of the uncertainty design: every stratum gets at least this many draws (all of a smaller one)."""
MIN_INCLUSION = 0.02
"""Floor of the uncertainty design: every sentence's inclusion probability is at least this (or 1)."""


def sentence_uncertainty(scores: pd.DataFrame) -> pd.Series:
    """The coder's uncertainty about each sentence: sum over frames of p (1 - p) / (pbar (1 - pbar)), p the
    calibrated score, pbar the frame's mean score; each frame weighs alike, the rare one too."""
    p = scores.to_numpy(float)
    mean = p.mean(axis=0)
    spread = np.where(mean * (1 - mean) > 0, mean * (1 - mean), 1.0)
    return pd.Series((p * (1 - p) / spread).sum(axis=1), index=scores.index)


def uncertainty_strata(
    scores: pd.DataFrame,
    codes: pd.DataFrame,
    cuts: Sequence[float] = UNCERTAINTY_CUTS,
    min_size: int = MIN_STRATUM_SIZE,
) -> pd.Series:
    """The strata of the uncertainty design: the coder's class (its codes, labelled as ``sentence_strata``)
    cut at the quantiles ``cuts`` of ``sentence_uncertainty`` (a part holds at least ``min_size``
    sentences, else the class stays whole). Labels ``<class>|u<k>``, k = 1 the most certain. They depend on
    the coder only, never on hand codes; ties are broken by row order."""
    frames = list(codes.columns)
    classes = sentence_strata(codes, frames)
    uncertainty = sentence_uncertainty(scores[frames])
    labels = pd.Series("", index=scores.index, name="stratum")
    for name, members in classes.groupby(classes, sort=True):
        order = np.asarray(uncertainty[members.index].sort_values(kind="stable").index)
        edges = [0, *(int(round(cut * len(order))) for cut in cuts), len(order)]
        if min(np.diff(edges)) < min_size or uncertainty[members.index].nunique() < 2:
            edges = [0, len(order)]  # too small to cut, or nothing to tell its sentences apart
        for k, (start, stop) in enumerate(zip(edges[:-1], edges[1:]), start=1):
            labels[order[start:stop]] = f"{name}|u{k}"
    return labels


def uncertainty_allocation(
    strata: pd.Series,
    scores: pd.DataFrame,
    total: int,
    min_per_stratum: int = MIN_PER_STRATUM,
    min_inclusion: float = MIN_INCLUSION,
) -> dict[str, int]:
    """How many sentences to draw from each stratum: Neyman allocation by the coder's expected uncertainty.

    n_h grows with N_h * S_h, S_h = sqrt(sum over frames of pbar (1 - pbar) / (p (1 - p))), pbar the
    stratum's mean calibrated score and p the frame's mean over all strata: the within-stratum standard
    deviation a calibrated coder expects, each frame scaled by its overall one so that the rare frame counts
    alike (Neyman 1934; Cochran 1977, 5.5); n_h = clip(lambda N_h S_h, floor_h, N_h), lambda such that
    they add up. Every stratum gets at least ``min_per_stratum`` and at least ``min_inclusion`` of its
    sentences (all of a smaller stratum), so every inclusion probability is bounded away from zero as active
    inference requires (Zrnic & Candes 2024); within a stratum the draw is simple random sampling, so the
    design file keeps ``make sample``'s form (stratum, size, drawn, weight) and the estimator reads it as is.
    The counts add up to ``total`` (largest remainders, ties by stratum name) unless the strata hold fewer.
    """
    frames = list(scores.columns)
    sizes = strata.value_counts().sort_index()
    names = list(sizes.index)
    overall = scores[frames].to_numpy(float).mean(axis=0)
    scale = np.where(overall * (1 - overall) > 0, overall * (1 - overall), 1.0)
    mean = scores[frames].groupby(strata).mean().reindex(names).to_numpy(float)
    spread = np.sqrt((mean * (1 - mean) / scale).sum(axis=1))
    size = sizes.to_numpy(int)
    floor = np.minimum(size, np.maximum(min_per_stratum, np.ceil(min_inclusion * size).astype(int)))
    total = min(int(total), int(size.sum()))
    if floor.sum() >= total:
        return largest_remainders(names, floor.astype(float) * total / floor.sum(), floor)
    weight = size * spread if (size * spread).sum() > 0 else size.astype(float)  # no uncertainty: by size
    low, high = 0.0, 1.0
    while np.clip(high * weight, floor, size).sum() < total and high < 1e12:
        high *= 2
    for _ in range(200):  # n_h = clip(lambda N_h S_h, floor_h, N_h), lambda such that they add up to total
        middle = (low + high) / 2
        low, high = (middle, high) if np.clip(middle * weight, floor, size).sum() < total else (low, middle)
    allocation = np.clip(high * weight, floor, size)
    return largest_remainders(names, allocation, size)


def largest_remainders(names: list[str], amounts: np.ndarray, cap: np.ndarray) -> dict[str, int]:
    """Integers adding up to round(sum(amounts)), each at most ``cap``: floors, then the largest remainders."""
    whole = np.minimum(np.floor(amounts + 1e-9).astype(int), cap)
    short = int(round(amounts.sum())) - int(whole.sum())
    order = sorted(range(len(names)), key=lambda i: (-(amounts[i] - whole[i]), names[i]))
    for i in order:
        if short <= 0:
            break
        if whole[i] < cap[i]:
            whole[i] += 1
            short -= 1
    return {name: int(count) for name, count in zip(names, whole)}


def coded_rows(sheet: pd.DataFrame, frames: Sequence[str]) -> pd.DataFrame:
    """The rows of a sheet (codes read by ``read_codes``) that the coder has finished: every frame column
    ``yes`` or ``no``."""
    present = [frame for frame in frames if frame in sheet.columns]
    if not present:
        return sheet.iloc[0:0]
    return sheet[sheet[present].isin(["yes", "no"]).all(axis=1)]


def write_sheet(sheet: pd.DataFrame, design: pd.DataFrame, path: str | Path, frames: Sequence[str]) -> Path:
    """Write the sheet (``.xlsx`` workbook or ``.csv``, as the path ends) and its design; refuse to
    overwrite a sheet in which a coder has written a code or a note."""
    path = Path(path)
    if path.exists():
        existing = read_codes(read_sheet(path), frames, path)
        written = [column for column in [*frames, *CODER_COLUMNS] if column in existing.columns]
        n_coded = int((existing[written] != "").any(axis=1).sum())
        if n_coded:
            raise SheetError(
                f"{path.name} already holds {n_coded} coded sentences: import it by running the pipeline "
                "(make report), or move it away before drawing a new sample"
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    save_sheet(sheet, path, frames)
    design.to_csv(design_path(path), index=False, encoding="utf-8", lineterminator="\n", float_format="%.12g")
    return path


CENSUS_STRATUM = "no design"
"""The stratum of every row of a sheet without a design file: each row stands for itself (weight 1)."""


def sampling_design(sheet: pd.DataFrame, sheet_path: str | Path) -> pd.DataFrame:
    """Each sheet row's ``weight``, ``stratum`` and ``stratum_size`` from the design beside the sheet; without
    a design, weight 1, stratum ``CENSUS_STRATUM`` and size 1 (the sheet is taken as a census of its rows)."""
    design_file = design_path(sheet_path)
    if not design_file.exists():
        return pd.DataFrame({"weight": 1.0, "stratum": CENSUS_STRATUM, "stratum_size": 1}, index=sheet.index)
    design = pd.read_csv(design_file, dtype={"article_id": str, "sentence_hash": str, "stratum": str})
    design = design.drop_duplicates(["article_id", "sentence_hash"])
    keyed = sheet[["article_id", "sentence_hash"]].merge(design, on=["article_id", "sentence_hash"], how="left")
    missing = keyed["weight"].isna()
    if missing.any():
        first = keyed.loc[missing].iloc[0]
        raise SheetError(
            f"{Path(sheet_path).name}: {int(missing.sum())} rows are not in {design_file.name} "
            f"(first: {first['article_id']}, {first['sentence_hash']}); keep the rows make sample drew"
        )
    columns = {
        "weight": keyed["weight"].to_numpy(float),
        "stratum": keyed["stratum"].to_numpy(str),
        "stratum_size": keyed["stratum_size"].to_numpy(int),
    }
    return pd.DataFrame(columns, index=sheet.index)


def sampling_weights(sheet: pd.DataFrame, sheet_path: str | Path) -> pd.Series:
    """Each sheet row's sampling weight from the design beside the sheet (1 when there is none:
    the sheet is then taken as a census or a simple random sample)."""
    return sampling_design(sheet, sheet_path)["weight"]


def read_hand_codes(sheet_path: str | Path, lexicon: Lexicon, seed: int = SPLIT_SEED) -> pd.DataFrame:
    """The finished rows of an annotation sheet, ready for ``join_hand_codes``.

    Parameters
    ----------
    sheet_path: the sheet (``annotations`` in params.yaml); a missing file means no hand codes yet.
    lexicon: the dictionary, whose frames the sheet has columns for.
    seed: seed of the tuning / held-out split for rows that have none.

    Returns
    -------
    The coded rows (every frame column ``yes``/``no``, whatever accepted spelling the coder used), with
    ``weight``, ``stratum`` and ``stratum_size`` (``sampling_design``) and ``split`` (kept where the sheet gives it,
    else assigned once, stratified and seeded, by ``assign_split``). No rows when the
    sheet is missing or nothing is coded yet.
    """
    sheet_path = Path(sheet_path)
    frames = list(lexicon.names)
    if not sheet_path.exists():
        columns = ["article_id", "sentence_hash", "sentence_id", "text", *frames, "confident", "reason", "split"]
        return pd.DataFrame(columns=[*columns, "weight", "stratum", "stratum_size"])
    sheet = read_codes(read_sheet(sheet_path), frames, sheet_path)
    sheet = sheet.join(sampling_design(sheet, sheet_path))
    coded = coded_rows(sheet, frames).copy()
    for column in ("confident", "reason"):
        if column not in coded.columns:
            coded[column] = ""
    if "split" not in coded.columns or not coded["split"].isin(["tuning", "held_out"]).all():
        coded["split"] = assign_split(coded, seed=seed, lexicon=lexicon) if len(coded) else pd.Series(dtype=str)
    return coded.reset_index(drop=True)


def learned_coder(params: dict, lexicon: Lexicon) -> LearnedCoder:
    """The learned coder trained on ``training_sheets`` (``ValueError`` naming the fix when none is listed)."""
    from analysis.config.paths import repo_path
    from analysis.frames.classifier import train_coder, training_rows

    if not params["training_sheets"]:
        raise ValueError(
            "sample_design: uncertainty needs a learned coder: list hand-coded sheets in training_sheets "
            "(params.yaml), or draw with sample_design: stratified"
        )
    features, labels, _ = training_rows([repo_path(sheet) for sheet in params["training_sheets"]], lexicon)
    return train_coder(features, labels, params["seed"])


def main(argv: list[str] | None = None) -> int:
    """``make sample``: draw the sheet named by ``annotations`` in params.yaml (see the module doc)."""
    from analysis.config.params import ParamsError, load_params
    from analysis.config.paths import relative_to_repo, repo_path
    from analysis.config.tables import SENTENCE_FRAMES, SENTENCES
    from analysis.frames.lexicon import load_lexicon
    from analysis.pipeline.outputs import read_table

    try:
        params = load_params()
        lexicon = load_lexicon(repo_path(params["lexicon"]))
        processed = repo_path(params["processed_dir"])
        layout = lexicon.layout(params["compare"])
        sentences = read_table(SENTENCES, processed, table_format=params["table_format"])
        sentence_frames = read_table(SENTENCE_FRAMES, processed, layout, params["table_format"])
        if params["sample_design"] == "uncertainty":
            coder = learned_coder(params, lexicon)
            coded = distinct_coded_sentences(sentences, sentence_frames)
            total = stratified_total(coded, lexicon.names, params["validation_sample_per_stratum"])
            sheet, design = draw_uncertainty_sample(sentences, sentence_frames, lexicon, coder, total, params["seed"])
        else:
            sheet, design = draw_sample(
                sentences, sentence_frames, lexicon, params["validation_sample_per_stratum"], params["seed"]
            )
        path = write_sheet(sheet, design, repo_path(params["annotations"]), lexicon.names)
    except (ParamsError, SheetError, FileNotFoundError, ValueError) as error:
        print(f"make sample: {error}", file=sys.stderr)
        return 1
    strata = design.groupby("stratum").agg(sampled=("n_sampled", "first"), in_corpus=("stratum_size", "first"))
    print(f"wrote {relative_to_repo(path)} ({len(sheet)} sentences to code) and {design_path(path).name}")
    print(strata.to_string())
    saving = "save it as .xlsx" if path.suffix.lower() == ".xlsx" else "save it as 'CSV UTF-8'"
    print(f"Code every row (yes/no per frame, confident, reason, translation), {saving}, then: make report")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
