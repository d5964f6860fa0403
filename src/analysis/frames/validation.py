"""Validation of the dictionary coder against the hand coding.

The hand coding (``data/annotations/validation_sentences.csv``) is keyed by article and a
hash of the sentence's normalized text, so it survives changes to cleaning. It is split
once, stratified and seeded, into a tuning set and a held-out set (``assign_split``).
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from analysis.frames.lexicon import Lexicon, default_lexicon
from analysis.stats.intervals import bootstrap_interval
from analysis.stats.reliability import krippendorff_alpha
from analysis.text.arabic import normalize

SPLIT_SEED = 20261123
"""Seed of the tuning / held-out split (fixed once, before the lexicon was tuned)."""
HELD_OUT_SHARE = 1 / 3
"""Share of each stratum (MH x REG hand codes) put in the held-out set."""


def sentence_key(text: str) -> str:
    """Stable key of a sentence: the first 16 hex digits of sha256 of its normalized text."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()[:16]


def hand_coded_frames(annotations: pd.DataFrame, lexicon: Lexicon | None = None) -> list[str]:
    """The frames of the lexicon that the hand-coding sheet has a column for, in lexicon order."""
    return [name for name in (lexicon or default_lexicon()).names if name in annotations.columns]


def assign_split(
    codes: pd.DataFrame,
    held_out_share: float = HELD_OUT_SHARE,
    seed: int = SPLIT_SEED,
    lexicon: Lexicon | None = None,
) -> pd.Series:
    """Split hand-coded sentences into ``tuning`` and ``held_out``, stratified by frame codes.

    Parameters
    ----------
    codes: one row per sentence with ``article_id``, ``sentence_hash`` and a ``yes``/``no``
        column per hand-coded frame (e.g. ``mental_health``, ``regulation``).
    held_out_share: share of each stratum held out (rounded to whole sentences).
    seed: seed of the permutation within strata.
    lexicon: whose frames form the strata (None: the committed dictionary).

    Returns
    -------
    A Series of ``tuning`` / ``held_out`` aligned with ``codes``' index.
    """
    rng = np.random.default_rng(seed)
    split = pd.Series("tuning", index=codes.index)
    frames = hand_coded_frames(codes, lexicon)
    ordered = codes.sort_values([*frames, "article_id", "sentence_hash"])
    for _, stratum in ordered.groupby(frames, sort=True):
        n_held_out = int(round(len(stratum) * held_out_share))
        chosen = rng.permutation(len(stratum))[:n_held_out]
        split.loc[stratum.index[chosen]] = "held_out"
    return split


def join_hand_codes(
    annotations: pd.DataFrame, sentences: pd.DataFrame, sentence_frames: pd.DataFrame, lexicon: Lexicon | None = None
) -> pd.DataFrame:
    """Hand codes beside the dictionary's codes, matched on article and sentence hash.

    Returns
    -------
    One row per hand-coded sentence found in the current corpus, with ``split``,
    ``hand_<frame>`` and ``coded_<frame>`` booleans for every hand-coded frame
    (``hand_coded_frames``), ``confident``, ``reason``, the matched terms of every frame and
    the text. Annotations whose sentence no longer exists are left out (see
    ``unmatched_hand_codes``).
    """
    current = sentences[["article_id", "sentence_id", "text"]].copy()
    current["sentence_hash"] = current["text"].map(sentence_key)
    # a sentence repeated in its article is one hand-coded sentence (the sample draws it once)
    current = current.drop_duplicates(["article_id", "sentence_hash"])
    current = current.merge(sentence_frames, on=["article_id", "sentence_id"])
    joined = annotations.drop(columns=["sentence_id", "text"]).merge(
        current, on=["article_id", "sentence_hash"], how="inner"
    )
    lexicon = lexicon or default_lexicon()
    frames = hand_coded_frames(annotations, lexicon)
    for frame in frames:
        joined[f"hand_{frame}"] = joined[frame + "_x"] == "yes"
        joined[f"coded_{frame}"] = joined[frame + "_y"].astype(bool)
    columns = ["article_id", "sentence_id", "split"]
    columns += [column for frame in frames for column in (f"hand_{frame}", f"coded_{frame}")]
    columns += ["confident", "reason", *(f"{frame.prefix}_terms" for frame in lexicon.frames), "text"]
    columns += ["weight"] if "weight" in joined.columns else []
    return joined[columns].sort_values(["article_id", "sentence_id"], ignore_index=True)


def unmatched_hand_codes(annotations: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Hand-coded sentences that the current cleaning no longer produces."""
    current = set(zip(sentences["article_id"], sentences["text"].map(sentence_key)))
    keep = [
        (article, key) not in current for article, key in zip(annotations["article_id"], annotations["sentence_hash"])
    ]
    return annotations.loc[keep]


def agreement(hand: np.ndarray, coded: np.ndarray, weights: np.ndarray | None = None) -> dict[str, float]:
    """Confusion counts, precision, recall, F1 and Krippendorff's alpha (nominal).

    Parameters
    ----------
    hand, coded: booleans per sentence (hand coding = truth).
    weights: sampling weights (``make sample``'s design: stratum size / sentences drawn);
        None: 1 each. Precision, recall, F1 and the prevalences are then weighted estimates
        for the corpus the sample was drawn from; the counts and alpha describe the sample.

    Returns
    -------
    tp, fp, fn, tn (counts), precision, recall, f1 (nan where undefined),
    hand_prevalence and coded_prevalence (shares of sentences) and alpha (agreement
    between dictionary and hand coding, not inter-coder reliability).
    """
    hand, coded = np.asarray(hand, bool), np.asarray(coded, bool)
    weights = np.ones(len(hand)) if weights is None else np.asarray(weights, float)
    tp, fp = int((hand & coded).sum()), int((~hand & coded).sum())
    fn, tn = int((hand & ~coded).sum()), int((~hand & ~coded).sum())
    w_tp, w_fp, w_fn = (float(weights[mask].sum()) for mask in (hand & coded, ~hand & coded, hand & ~coded))
    precision = w_tp / (w_tp + w_fp) if tp + fp else float("nan")
    recall = w_tp / (w_tp + w_fn) if tp + fn else float("nan")
    f1 = 2 * w_tp / (2 * w_tp + w_fp + w_fn) if tp + fp + fn else float("nan")
    n, total = len(hand), float(weights.sum())
    return {
        "n": n,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "hand_prevalence": float(weights[hand].sum()) / total if n else float("nan"),
        "coded_prevalence": float(weights[coded].sum()) / total if n else float("nan"),
        "alpha": krippendorff_alpha(np.vstack([hand, coded]).astype(float)) if n else float("nan"),
    }


def validation_table(joined: pd.DataFrame, n_resamples: int, seed: int) -> pd.DataFrame:
    """Per split and frame: agreement measures, with bootstrap 95 % intervals (sentences resampled).

    Intervals are computed for every split; the report shows them for the held-out set,
    where they matter.
    """
    rows = []
    for split in ("tuning", "held_out"):
        part = joined[joined["split"] == split]
        for frame in validated_frames(joined):
            hand, coded = part[f"hand_{frame}"].to_numpy(), part[f"coded_{frame}"].to_numpy()
            weights = part["weight"].to_numpy(float) if "weight" in part.columns else np.ones(len(part))
            row = {"split": split, "frame": frame, **agreement(hand, coded, weights)}
            for measure in ("precision", "recall", "f1", "alpha"):
                low, high = bootstrap_interval(
                    len(part),
                    lambda index, m=measure, h=hand, c=coded, w=weights: agreement(h[index], c[index], w[index])[m],
                    n_resamples,
                    seed,
                )
                row[f"{measure}_low"], row[f"{measure}_high"] = low, high
            rows.append(row)
    return pd.DataFrame(rows)


def macro_f1(table: pd.DataFrame, split: str) -> float:
    """Mean F1 over the frames for one split of ``validation_table``."""
    return float(table.loc[table["split"] == split, "f1"].mean())


def validated_frames(joined: pd.DataFrame) -> list[str]:
    """The frames ``join_hand_codes`` compared (its ``hand_<frame>`` columns), in order."""
    return [column.removeprefix("hand_") for column in joined.columns if column.startswith("hand_")]


def disagreements(joined: pd.DataFrame, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Sentences where the dictionary and the hand coding differ on a frame, with the reason."""
    lexicon = lexicon or default_lexicon()
    rows = []
    for frame in validated_frames(joined):
        label = lexicon.frame(frame).prefix.upper()
        differ = joined[joined[f"hand_{frame}"] != joined[f"coded_{frame}"]]
        for record in differ.itertuples(index=False):
            error = "missed (false negative)" if getattr(record, f"hand_{frame}") else "false positive"
            rows.append(
                {
                    "split": record.split,
                    "article_id": record.article_id,
                    "sentence_id": record.sentence_id,
                    "frame": label,
                    "error": error,
                    "hand_reason": record.reason,
                    "text": record.text,
                }
            )
    return pd.DataFrame(rows, columns=["split", "article_id", "sentence_id", "frame", "error", "hand_reason", "text"])
