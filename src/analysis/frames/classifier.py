"""The learned coder: scikit-learn models per frame on one feature space, trained on hand-coded sentences.

Once every headline share is corrected by the hand-coded sample (``analysis.stats.estimation``), a coder
no longer decides whether a number is true: it decides how wide the interval is, through how well its
codes and scores sort sentences into homogeneous cells and strata. This coder is, per frame:

- **features** (``coder_features``): character 2-5-grams (within words, TF-IDF, sublinear counts) of the
  normalized text (``analysis.text.arabic.normalize``), beside the dictionary's code of every frame and
  whether the sentence names the frames' object (the dictionary's anchor), all computed offline;
- **model**: logistic regression with balanced class weights (the frames are rare), solved in its dual form
  (liblinear: the sentences are fewer than the features), its inverse regularization ``C`` chosen by
  cross-validation on the training rows only (``C_GRID``), over folds stratified by the combination of hand
  codes and shared by the frames, which share one feature space;
- **calibration**: Platt's sigmoid fitted on the cross-validated decision values of the training rows, so
  that a score is a probability (the uncertainty design allocates by it);
- **threshold rule**: the calibrated probability that maximizes the cross-validated F1 on the training
  rows (ties: the higher threshold); a code is "yes" at or above it.

``cross_fitted_scores`` gives every row of a hand-coded table a score and a code from a coder trained
without that row's fold (cross-fitting: Chernozhukov et al. 2018; required to keep a design-based
correction valid when the coder learns from the rows it is scored on, Egami, Hinck, Stewart & Wei 2023).
Everything is seeded and single-threaded: the same rows give the same coder and the same scores.

The coder is saved with skops (``save_coder``), never pickle: ``load_coder`` refuses a file holding any
type outside ``TRUSTED_TYPES``, so loading a model cannot run code.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from analysis.config.paths import relative_to_repo
from analysis.frames.coding import code_tokens
from analysis.frames.lexicon import Lexicon
from analysis.text.arabic import normalize, tokenize

C_GRID = (0.5, 2.0, 8.0)
"""Inverse regularization strengths tried by cross-validation on the training rows."""
FOLDS = 5
"""Folds of the cross-validation (choice of C, calibration, threshold) and of cross-fitting."""
NGRAMS = (2, 5)
"""Character n-gram lengths (within words) of the normalized text."""
MIN_DF = 2
"""An n-gram is a feature when at least this many training sentences hold it."""
TEXT_COLUMN = "normalized"
OBJECT_COLUMN = "names_object"
TRUSTED_TYPES = (
    "builtins.bool",
    "builtins.dict",
    "builtins.float",
    "builtins.int",
    "builtins.list",
    "builtins.slice",
    "builtins.str",
    "builtins.tuple",
    "numpy.dtype",
    "numpy.float64",
    "numpy.int64",
    "numpy.ndarray",
    "scipy.sparse._csr.csr_matrix",
    "sklearn.compose._column_transformer.ColumnTransformer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.preprocessing._function_transformer.FunctionTransformer",
)
"""Every type a saved coder may hold; ``load_coder`` refuses any other."""


def dictionary_column(frame: str) -> str:
    """The feature column holding the dictionary's code of ``frame``."""
    return f"dictionary_{frame}"


def coder_features(texts: Sequence[str], lexicon: Lexicon) -> pd.DataFrame:
    """The learned coder's inputs, one row per text (in order).

    Parameters
    ----------
    texts: sentences as written.
    lexicon: the dictionary, whose codes and object anchor are features.

    Returns
    -------
    ``normalized`` (the normalized text), ``dictionary_<frame>`` per frame of the lexicon and ``names_object``
    (1.0 or 0.0).
    """
    normalized = [normalize(str(text)) for text in texts]
    tokens = [tokenize(text) for text in normalized]
    codes = code_tokens(tokens, lexicon)
    features = pd.DataFrame({TEXT_COLUMN: normalized})
    for frame in lexicon.names:
        features[dictionary_column(frame)] = codes[frame].to_numpy(float)
    features[OBJECT_COLUMN] = [float(lexicon.names_object(words)) for words in tokens]
    return features


def feature_space(numeric_columns: Sequence[str]) -> ColumnTransformer:
    """The unfitted features of every frame: TF-IDF character n-grams of ``normalized`` and the numeric
    ``numeric_columns`` as they are."""
    return ColumnTransformer(
        [
            (
                "chars",
                TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAMS, min_df=MIN_DF, sublinear_tf=True),
                TEXT_COLUMN,
            ),
            ("dictionary", "passthrough", list(numeric_columns)),
        ]
    )


def frame_model(c: float, seed: int) -> LogisticRegression:
    """The unfitted model of one frame: balanced logistic regression with inverse regularization ``c``, solved
    in its dual form (liblinear, single-threaded; the same fit as the primal, ten times faster here)."""
    return LogisticRegression(
        C=c, class_weight="balanced", solver="liblinear", dual=True, max_iter=1000, random_state=seed
    )


@dataclass
class FrameModel:
    """One frame's fitted model on the shared features, its Platt calibration (probability = 1 / (1 +
    exp(-(slope * decision + intercept)))), threshold on the calibrated probability, and the cross-validated
    scores behind them."""

    frame: str
    model: LogisticRegression
    slope: float
    intercept: float
    threshold: float
    c: float
    cv_precision: float
    cv_recall: float
    cv_f1: float

    def probabilities(self, matrix: Any) -> np.ndarray:
        """Calibrated probability of the frame per row of ``matrix`` (the coder's transformed features)."""
        return _sigmoid(self.slope * self.model.decision_function(matrix) + self.intercept)


@dataclass
class LearnedCoder:
    """A coder for every frame on one fitted feature space, with what the model card reports."""

    frames: tuple[str, ...]
    features: ColumnTransformer
    models: dict[str, FrameModel]
    numeric_columns: tuple[str, ...]
    n_training: int
    n_positive: dict[str, int] = field(default_factory=dict)

    def scores(self, features: pd.DataFrame) -> pd.DataFrame:
        """Calibrated probability per frame (columns), one row per row of ``features`` (same index)."""
        matrix = self.features.transform(features)
        return pd.DataFrame(
            {frame: self.models[frame].probabilities(matrix) for frame in self.frames}, index=features.index
        )

    def codes(self, features: pd.DataFrame) -> pd.DataFrame:
        """The coder's yes/no per frame: the calibrated probability at or above the frame's threshold."""
        return self.codes_of(self.scores(features))

    def codes_of(self, scores: pd.DataFrame) -> pd.DataFrame:
        """``scores`` (``scores``) turned into yes/no by each frame's threshold."""
        return pd.DataFrame({frame: scores[frame] >= self.models[frame].threshold for frame in self.frames})


@dataclass(frozen=True)
class TrainingSheet:
    """A sheet the coder learned from: its path (relative to the repository), the sha256 of its bytes and the
    coded rows used."""

    sheet: str
    sha256: str
    rows: int


def coded_sheet_rows(sheets: Sequence[str | Path], frames: Sequence[str]) -> tuple[pd.DataFrame, list[TrainingSheet]]:
    """The coded rows of annotation sheets, each sentence once.

    Parameters
    ----------
    sheets: annotation sheets (``.csv`` or ``.xlsx``); only rows with a yes/no for every frame count, and a
        sentence (article, sentence hash) coded in two sheets counts once, as the first sheet codes it.
    frames: the frames (the sheets' label columns).

    Returns
    -------
    (rows, provenance): ``article_id``, ``sentence_hash``, ``text`` and a boolean column per frame, sheets in
    order; per sheet a ``TrainingSheet`` (sha256 of the file, rows it contributed).
    """
    from analysis.frames.annotation_sheet import read_codes, read_sheet
    from analysis.frames.sampling import coded_rows

    frames = list(frames)
    parts, provenance, seen = [], [], set()
    for sheet in sheets:
        path = Path(sheet)
        rows = coded_rows(read_codes(read_sheet(path), frames, path), frames)
        keys = list(zip(rows["article_id"], rows["sentence_hash"]))
        fresh = [key not in seen for key in keys]
        seen.update(keys)
        rows = rows[fresh]
        parts.append(rows)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        provenance.append(TrainingSheet(relative_to_repo(path), digest, len(rows)))
    columns = ["article_id", "sentence_hash", "text", *frames]
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    rows = rows[columns].astype({"article_id": str, "sentence_hash": str, "text": str})
    return rows.assign(**{frame: (rows[frame] == "yes").to_numpy() for frame in frames}), provenance


def training_rows(
    sheets: Sequence[str | Path], lexicon: Lexicon
) -> tuple[pd.DataFrame, pd.DataFrame, list[TrainingSheet]]:
    """The coded rows of the training sheets, ready for ``train_coder``.

    Parameters
    ----------
    sheets: annotation sheets, read by ``coded_sheet_rows`` (a sentence once, as the first sheet codes it).
    lexicon: the dictionary (its frames name the label columns; its codes are features).

    Returns
    -------
    (features, labels, provenance): ``coder_features`` of the rows, a boolean column per frame, and per sheet
    a ``TrainingSheet`` (sha256 of the file, rows it contributed).
    """
    frames = list(lexicon.names)
    rows, provenance = coded_sheet_rows(sheets, frames)
    return coder_features(rows["text"].tolist(), lexicon), rows[frames].reset_index(drop=True), provenance


def train_coder(features: pd.DataFrame, labels: pd.DataFrame, seed: int, folds: int = FOLDS) -> LearnedCoder:
    """Train the learned coder on hand-coded rows.

    Parameters
    ----------
    features: ``coder_features`` of the training sentences.
    labels: the hand codes, a boolean column per frame, aligned with ``features``.
    seed: seed of the folds and of the solver.
    folds: cross-validation folds (at most the number of the rarer class's rows of any frame).

    Returns
    -------
    A ``LearnedCoder``: per frame, C chosen by cross-validated log-loss, Platt calibration and threshold from
    the cross-validated decision values of the chosen C (folds stratified by the combination of hand codes,
    the features of each fold computed once for every frame), then the models refitted on every row.
    """
    frames = tuple(labels.columns)
    numeric = tuple(column for column in features.columns if column != TEXT_COLUMN)
    features, labels = features.reset_index(drop=True), labels.reset_index(drop=True)
    targets = {frame: labels[frame].astype(bool).to_numpy() for frame in frames}
    for frame, target in targets.items():
        if target.sum() < folds or (~target).sum() < folds:
            raise ValueError(
                f"{frame}: {int(target.sum())} of {len(target)} training sentences carry the frame; the learned "
                f"coder needs at least {folds} with it and {folds} without it (code more sentences)"
            )
    decisions = {frame: {c: np.zeros(len(features)) for c in C_GRID} for frame in frames}
    for train, test in _folds(labels, seed, folds):
        transformer = feature_space(numeric)
        x_train = transformer.fit_transform(features.iloc[train])
        x_test = transformer.transform(features.iloc[test])
        for frame, c in ((frame, c) for frame in frames for c in C_GRID):
            model = frame_model(c, seed).fit(x_train, targets[frame][train])
            decisions[frame][c][test] = model.decision_function(x_test)
    transformer = feature_space(numeric)
    matrix = transformer.fit_transform(features)
    models = {frame: _fit_frame(frame, matrix, targets[frame], decisions[frame], seed) for frame in frames}
    positives = {frame: int(target.sum()) for frame, target in targets.items()}
    return LearnedCoder(frames, transformer, models, numeric, len(features), positives)


def cross_fitted_scores(
    features: pd.DataFrame,
    labels: pd.DataFrame,
    seed: int,
    folds: int = FOLDS,
    fixed: tuple[pd.DataFrame, pd.DataFrame] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each row's calibrated scores and codes from a coder trained without the row's fold.

    Parameters
    ----------
    features, labels, seed: as in ``train_coder`` (the hand-coded rows to score).
    folds: outer folds, stratified by the combination of hand codes (fewer when there are fewer rows; with
        one row, or none, the single fold is scored by the coder of the ``fixed`` rows alone).
    fixed: (features, labels) of rows that train every fold's coder and are never scored (the training
        sheets, beside the estimation sheet); None: none.

    Returns
    -------
    (scores, codes): a column per frame, the index of ``features``; each row scored and coded by the coder
    trained (``train_coder``) on the other folds and the ``fixed`` rows.
    """
    frames = list(labels.columns)
    scores = pd.DataFrame(np.nan, index=features.index, columns=frames)
    codes = pd.DataFrame(False, index=features.index, columns=frames)
    if not len(features):
        return scores, codes.astype(bool)
    fixed_features, fixed_labels = fixed if fixed is not None else (features.iloc[0:0], labels.iloc[0:0])
    if len(features) >= 2:
        splits = _folds(labels, seed, min(folds, len(features)))
    else:
        splits = [(np.arange(0), np.arange(len(features)))]
    for train, test in splits:
        coder = train_coder(
            pd.concat([fixed_features, features.iloc[train]], ignore_index=True),
            pd.concat([fixed_labels, labels.iloc[train]], ignore_index=True),
            seed,
            folds,
        )
        fold_scores = coder.scores(features.iloc[test])
        scores.iloc[test] = fold_scores.to_numpy()
        codes.iloc[test] = coder.codes_of(fold_scores).to_numpy()
    return scores, codes.astype(bool)


def model_card(coder: LearnedCoder, training: Sequence[TrainingSheet] = ()) -> dict:
    """What the report's appendix says about the coder.

    Parameters
    ----------
    coder: the trained coder.
    training: the training sheets (``training_rows``).

    Returns
    -------
    A JSON-ready dict: features, model, the threshold rule, training rows and sheets, and per frame the
    chosen C, threshold and cross-validated precision, recall and F1.
    """
    return {
        "features": (
            f"character {NGRAMS[0]}-{NGRAMS[1]}-grams within words of the normalized text (TF-IDF, sublinear, "
            f"min_df {MIN_DF}); " + ", ".join(coder.numeric_columns)
        ),
        "model": (
            "logistic regression per frame, balanced class weights (liblinear, dual), C in "
            f"{', '.join(str(c) for c in C_GRID)} by cross-validated log-loss"
        ),
        "threshold_rule": (
            "Platt-calibrated probability at or above the threshold that maximizes the cross-validated F1 "
            "on the training rows"
        ),
        "folds": FOLDS,
        "training_rows": coder.n_training,
        "training_sheets": [{"sheet": item.sheet, "sha256": item.sha256, "rows": item.rows} for item in training],
        "frames": {
            frame: {
                "training_positives": coder.n_positive.get(frame, 0),
                "C": model.c,
                "threshold": round(model.threshold, 6),
                "cv_precision": round(model.cv_precision, 4),
                "cv_recall": round(model.cv_recall, 4),
                "cv_f1": round(model.cv_f1, 4),
            }
            for frame, model in coder.models.items()
        },
    }


def save_coder(coder: LearnedCoder, path: str | Path) -> Path:
    """Write the coder with skops (no pickle); the same coder gives the same bytes."""
    import skops.io

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {
        "frames": list(coder.frames),
        "features": coder.features,
        "numeric_columns": list(coder.numeric_columns),
        "n_training": int(coder.n_training),
        "n_positive": {frame: int(count) for frame, count in coder.n_positive.items()},
        "models": {
            frame: {
                "model": model.model,
                "numbers": np.array(
                    [model.slope, model.intercept, model.threshold, model.c]
                    + [model.cv_precision, model.cv_recall, model.cv_f1]
                ),
            }
            for frame, model in coder.models.items()
        },
    }
    path.write_bytes(_without_timestamps(skops.io.dumps(state)))
    return path


def _without_timestamps(archive: bytes) -> bytes:
    """skops' zip made reproducible: its array files and object ids, both memory addresses, renumbered in
    their order of first mention in ``schema.json`` (the schema's references with them), every entry dated
    1980-01-01, in name order. The same coder gives the same bytes, and skops reads it as before."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    schema = source.read("schema.json").decode("utf-8")
    names = {}
    for match in re.finditer(r'"([^"/]+\.npy)"', schema):
        names.setdefault(match.group(1), f"array{len(names):05d}.npy")
    schema = re.sub(r'"([^"/]+\.npy)"', lambda match: f'"{names[match.group(1)]}"', schema)
    ids: dict[str, str] = {}  # skops' object ids (memory addresses too), numbered alike
    for match in re.finditer(r'"__id__": (\d+)', schema):
        ids.setdefault(match.group(1), str(len(ids) + 1))
    schema = re.sub(r'"__id__": (\d+)', lambda match: f'"__id__": {ids[match.group(1)]}', schema)
    entries = {"schema.json": schema.encode("utf-8")}
    for info in source.infolist():
        if info.filename != "schema.json":
            entries[names.get(info.filename, info.filename)] = source.read(info.filename)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in sorted(entries):
            fixed = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, entries[name])
    return out.getvalue()


def load_coder(path: str | Path) -> LearnedCoder:
    """Read a coder written by ``save_coder``; a file holding a type outside ``TRUSTED_TYPES`` is refused
    (``ValueError`` naming the types), so loading cannot run code."""
    import skops.io

    data = Path(path).read_bytes()
    schema = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("schema.json"))
    untrusted = sorted(_types_in(schema) - set(TRUSTED_TYPES))  # every type, those skops trusts by default too
    if untrusted:
        raise ValueError(f"{path}: refusing to load types outside the coder's own: {', '.join(untrusted)}")
    state = skops.io.loads(data, trusted=sorted(set(skops.io.get_untrusted_types(data=data)) & set(TRUSTED_TYPES)))
    models = {}
    for frame, saved in state["models"].items():
        slope, intercept, threshold, c, precision, recall, f1 = (float(x) for x in saved["numbers"])
        models[frame] = FrameModel(frame, saved["model"], slope, intercept, threshold, c, precision, recall, f1)
    return LearnedCoder(
        tuple(state["frames"]),
        state["features"],
        models,
        tuple(state["numeric_columns"]),
        int(state["n_training"]),
        state["n_positive"],
    )


def _types_in(node: object) -> set[str]:
    """Every ``module.class`` named in a skops schema."""
    found = set()
    if isinstance(node, dict):
        if "__class__" in node and "__module__" in node:
            found.add(f"{node['__module__']}.{node['__class__']}")
        for value in node.values():
            found |= _types_in(value)
    elif isinstance(node, list):
        for value in node:
            found |= _types_in(value)
    return found


def _folds(labels: pd.DataFrame, seed: int, folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified folds over the combination of hand codes (rare combinations merged with their frame)."""
    strata = np.zeros(len(labels), dtype=int)
    for bit, frame in enumerate(labels.columns):
        strata |= labels[frame].astype(bool).to_numpy().astype(int) << bit
    values, counts = np.unique(strata, return_counts=True)
    for value, count in zip(values, counts):
        if count < folds:  # too rare to spread over the folds: stratify by its lowest frame only
            strata[strata == value] = value & -value
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(labels)), strata))


def _fit_frame(
    frame: str, matrix: Any, target: np.ndarray, decisions: dict[float, np.ndarray], seed: int
) -> FrameModel:
    """One frame's model: C by cross-validated log-loss (``decisions``: the cross-validated decision values per
    C) after Platt calibration, the threshold by cross-validated F1, then the model refitted on every row of
    ``matrix`` (the fitted features of all training rows)."""
    best = None
    for c in C_GRID:
        slope, intercept = _platt(decisions[c], target)
        probability = np.clip(_sigmoid(slope * decisions[c] + intercept), 1e-12, 1 - 1e-12)
        loss = -float(np.mean(target * np.log(probability) + (~target) * np.log(1 - probability)))
        if best is None or loss < best[0] - 1e-12:
            best = (loss, c, slope, intercept, probability)
    _, c, slope, intercept, probability = best
    threshold, precision, recall, f1 = _best_threshold(probability, target)
    model = frame_model(c, seed).fit(matrix, target)
    return FrameModel(frame, model, slope, intercept, threshold, c, precision, recall, f1)


def _platt(decision: np.ndarray, target: np.ndarray) -> tuple[float, float]:
    """Platt's sigmoid of cross-validated decision values (Platt 1999, with his target smoothing)."""
    n_pos, n_neg = int(target.sum()), int((~target).sum())
    smoothed = np.where(target, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
    slope, intercept = 1.0, 0.0
    for _ in range(100):  # Newton steps on the log-loss with smoothed targets
        p = _sigmoid(slope * decision + intercept)
        gradient = np.array([np.sum((p - smoothed) * decision), np.sum(p - smoothed)])
        w = p * (1 - p) + 1e-12
        hessian = np.array([[np.sum(w * decision**2), np.sum(w * decision)], [np.sum(w * decision), np.sum(w)]])
        step = np.linalg.solve(hessian + 1e-9 * np.eye(2), gradient)
        slope, intercept = slope - step[0], intercept - step[1]
        if np.max(np.abs(step)) < 1e-10:
            break
    return float(slope), float(intercept)


def _best_threshold(probability: np.ndarray, target: np.ndarray) -> tuple[float, float, float, float]:
    """The threshold with the highest F1 (ties: the higher threshold) and its precision, recall and F1."""
    best = (0.5, 0.0, 0.0, -1.0)
    for threshold in np.unique(probability)[::-1]:
        predicted = probability >= threshold
        tp = int((predicted & target).sum())
        precision = tp / max(int(predicted.sum()), 1)
        recall = tp / max(int(target.sum()), 1)
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        if f1 > best[3] + 1e-12:
            best = (float(threshold), precision, recall, f1)
    return best


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.asarray(x, float)))
