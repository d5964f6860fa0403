"""The frames stage's coder (``coder`` in params.yaml): the dictionary, or the learned coder.

With ``coder: classifier`` the learned coder (``analysis.frames.classifier``) is trained on the coded rows of
the ``training_sheets`` and of the estimation sheet (``annotations``), and codes every analysed sentence:

- a sentence hand-coded in the estimation sheet gets its **cross-fitted** code: the sheet's coded rows are
  split into folds, and each fold is coded by a coder trained on the training sheets and the other folds
  only, so that no row's code comes from a model that saw its hand code (the design-based correction stays
  unbiased: Egami, Hinck, Stewart & Wei 2023);
- every other sentence is coded by the coder trained on all the coded rows, the model the stage saves.

A sentence coded in the estimation sheet and in a training sheet is trained on as the estimation sheet
codes it, and cross-fitted. The stage writes ``MODELS_DIR``: the coder's card (``CODER_CARD_FILE``) always,
and with the classifier its skops file (``CODER_FILE``), which the stage loads back (``load_coder``, no
pickle) to code the corpus.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.config.params import CLASSIFIER, DICTIONARY
from analysis.config.paths import CODER_CARD_FILE, CODER_FILE, MODELS_DIR, relative_to_repo, repo_path
from analysis.frames.classifier import (
    FOLDS,
    LearnedCoder,
    coded_sheet_rows,
    coder_features,
    cross_fitted_scores,
    dictionary_column,
    load_coder,
    model_card,
    save_coder,
    train_coder,
)
from analysis.frames.lexicon import Lexicon
from analysis.frames.validation import agreement, sentence_key
from analysis.pipeline.outputs import write_json


@dataclass(frozen=True)
class LearnedCoding:
    """The learned coder of a run, the cross-fitted codes of the estimation sheet's coded rows (``article_id``,
    ``sentence_hash``, a boolean per frame) and the model card (``card``)."""

    coder: LearnedCoder
    sheet_codes: pd.DataFrame
    card: dict[str, Any]

    def code(self, sentences: pd.DataFrame, lexicon: Lexicon) -> pd.DataFrame:
        """The learned codes of ``sentences`` (``article_id``, ``text``): a boolean per frame, same index; a
        sentence of the estimation sheet gets its cross-fitted code."""
        codes = self.coder.codes(coder_features(sentences["text"].tolist(), lexicon))
        codes.index = sentences.index
        keys = pd.MultiIndex.from_arrays([sentences["article_id"], sentences["text"].map(sentence_key)])
        fitted = self.sheet_codes.set_index(["article_id", "sentence_hash"])[list(self.coder.frames)]
        found = keys.isin(fitted.index)
        if found.any():
            codes.loc[found] = fitted.loc[keys[found]].to_numpy(bool)
        return codes.astype(bool)


def learn_coder(
    training_sheets: Sequence[str], annotations: str, lexicon: Lexicon, seed: int, folds: int = FOLDS
) -> LearnedCoding:
    """Train the learned coder of a run and cross-fit the estimation sheet.

    Parameters
    ----------
    training_sheets: the sheets of ``training_sheets`` (paths relative to the repository).
    annotations: the estimation sheet (``annotations``); a missing sheet has no rows to cross-fit.
    lexicon: the dictionary (its frames are the labels; its codes and object anchor are features).
    seed: seed of the folds and the solver.
    folds: cross-fitting folds (and the coder's own cross-validation folds).

    Returns
    -------
    A ``LearnedCoding``: the coder trained on every coded row (estimation sheet first, then the training
    sheets, a sentence once), the estimation sheet's cross-fitted codes, and the card (``coder_card``).
    """
    frames = list(lexicon.names)
    sheet_exists = repo_path(annotations).exists()
    sheets = ([annotations] if sheet_exists else []) + list(training_sheets)
    rows, provenance = coded_sheet_rows([repo_path(sheet) for sheet in sheets], frames)
    features = coder_features(rows["text"].tolist(), lexicon)
    labels = rows[frames].reset_index(drop=True)
    n_sheet = provenance[0].rows if sheet_exists else 0
    coder = train_coder(features, labels, seed, folds)
    _, sheet_codes = cross_fitted_scores(
        features.iloc[:n_sheet],
        labels.iloc[:n_sheet],
        seed,
        folds,
        fixed=(features.iloc[n_sheet:], labels.iloc[n_sheet:]),
    )
    sheet_codes = pd.concat([rows[["article_id", "sentence_hash"]].iloc[:n_sheet], sheet_codes], axis=1)
    card = coder_card(coder, provenance, sheet_exists, n_sheet, features, labels)
    return LearnedCoding(coder, sheet_codes.reset_index(drop=True), card)


def prepare_coder(
    coder: str,
    training_sheets: Sequence[str],
    annotations: str,
    lexicon: Lexicon,
    lexicon_path: str,
    seed: int,
    folder: Path = MODELS_DIR,
) -> tuple[LearnedCoding | None, dict[str, Any]]:
    """The run's coder, its files written to ``folder`` (``write_coder_files``).

    Parameters
    ----------
    coder: ``dictionary`` or ``classifier`` (params.yaml ``coder``).
    training_sheets, annotations, lexicon, seed: as in ``learn_coder``; lexicon_path: the lexicon's path.
    folder: where the card and the model go (the stage's ``data/models``).

    Returns
    -------
    (learned, card): with the classifier, the learned coding with its coder as read back from the model file
    (``load_coder``, no pickle: the corpus is coded by the model as saved) and its card; with the dictionary,
    None and the dictionary's card.
    """
    if coder != CLASSIFIER:
        card = dictionary_card(lexicon_path)
        return None, write_coder_files(card, None, folder)
    learned = learn_coder(training_sheets, annotations, lexicon, seed)
    card = write_coder_files(learned.card, learned, folder)
    return LearnedCoding(load_coder(Path(folder) / CODER_FILE.name), learned.sheet_codes, card), card


def card_summary(card: dict[str, Any]) -> pd.DataFrame:
    """The card per frame, to read in a notebook: training positives, C, threshold and the cross-validated
    precision, recall and F1 beside the dictionary's on the same rows; one row saying so for the dictionary."""
    if card.get("coder") != CLASSIFIER:
        return pd.DataFrame({"coder": [card.get("coder", DICTIONARY)], "note": [card.get("note", "")]})
    rows = []
    for frame, item in card["frames"].items():
        dictionary = card["dictionary_on_training_rows"][frame]
        rows.append(
            {"frame": frame, **item} | {f"dictionary_{key}": dictionary[key] for key in ("precision", "recall", "f1")}
        )
    return pd.DataFrame(rows)


def coder_card(
    coder: LearnedCoder,
    provenance: Sequence[Any],
    sheet_exists: bool,
    n_sheet: int,
    features: pd.DataFrame,
    labels: pd.DataFrame,
) -> dict[str, Any]:
    """The model card of a run's learned coder: ``model_card`` with the sheets' roles (estimation sheet,
    cross-fitted, or training sheet), how the estimation sheet was cross-fitted, and the dictionary's
    precision, recall and F1 on the same training rows (its codes are features: nothing is fitted)."""
    card = model_card(coder, provenance)
    for index, entry in enumerate(card["training_sheets"]):
        entry["role"] = "estimation sheet (cross-fitted)" if sheet_exists and index == 0 else "training sheet"
    card["coder"] = CLASSIFIER
    card["cross_fitted_rows"] = n_sheet
    card["cross_fitting"] = (
        f"the estimation sheet's {n_sheet} coded rows in {min(FOLDS, max(n_sheet, 1))} folds stratified by their "
        "hand codes; each fold coded by a coder trained on the training sheets and the other folds; every other "
        "sentence coded by the coder trained on all rows (this file)"
    )
    card["dictionary_on_training_rows"] = {
        frame: _scores(labels[frame].to_numpy(bool), features[dictionary_column(frame)].to_numpy() > 0)
        for frame in coder.frames
    }
    return card


def dictionary_card(lexicon_path: str) -> dict[str, Any]:
    """The card of a run coded by the dictionary: no learned model."""
    return {
        "coder": DICTIONARY,
        "lexicon": relative_to_repo(lexicon_path),
        "note": "coder: dictionary: every sentence is coded by the dictionary; no learned model was trained",
    }


def write_coder_files(card: dict[str, Any], learned: LearnedCoding | None, folder: Path = MODELS_DIR) -> dict:
    """Write the coder's files to ``folder``: with a learned coder its skops file (``frames_coder.skops``;
    without one, a stale file is removed), then the card (``frames_coder.json``).

    Returns
    -------
    The card as written: with a learned coder, the model file's path and sha256 added.
    """
    folder = Path(folder)
    model_file = folder / CODER_FILE.name
    if learned is not None:
        save_coder(learned.coder, model_file)
        digest = hashlib.sha256(model_file.read_bytes()).hexdigest()
        card = card | {"model_file": relative_to_repo(model_file), "model_sha256": digest}
    else:
        model_file.unlink(missing_ok=True)
    write_json(card, folder / CODER_CARD_FILE.name)
    return card


def training_scores(card: dict[str, Any]) -> dict[str, dict[str, dict[str, float]]]:
    """Per coder and frame, the scores on the learned coder's training rows (n, precision, recall, f1): the
    classifier's cross-validated ones, the dictionary's as its codes stand; empty without a learned coder."""
    if card.get("coder") != CLASSIFIER:
        return {}
    n = card["training_rows"]
    return {
        CLASSIFIER: {
            frame: {"n": n, "precision": item["cv_precision"], "recall": item["cv_recall"], "f1": item["cv_f1"]}
            for frame, item in card["frames"].items()
        },
        DICTIONARY: card["dictionary_on_training_rows"],
    }


def _scores(hand: np.ndarray, coded: np.ndarray) -> dict[str, float]:
    """n, precision, recall and F1 of ``coded`` against ``hand`` (unweighted), rounded as the card's."""
    measures = agreement(hand, coded)
    return {"n": int(measures["n"])} | {key: round(float(measures[key]), 4) for key in ("precision", "recall", "f1")}
