"""The frames stage's coder (analysis.frames.learned_coding): trained on the training sheets and the estimation
sheet, the estimation sheet's rows coded cross-fitted, the model and its card written, the corpus coded by the
model as saved, the same bytes on every run."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.frames import classifier
from analysis.frames.classifier import coder_features, load_coder
from analysis.frames.corpus import code_sentence_chunk
from analysis.frames.learned_coding import LearnedCoding, card_summary, learn_coder, prepare_coder, training_scores
from analysis.frames.lexicon import default_lexicon
from analysis.frames.validation import sentence_key
from tests.test_classifier import synthetic_sentences

LEXICON = default_lexicon()
FRAMES = ["mental_health", "regulation"]
SEED = 11


def write_sheet(rows: pd.DataFrame, path: Path) -> Path:
    """An annotation sheet (CSV) of coded ``rows``."""
    sheet = rows.assign(sentence_hash=rows["text"].map(sentence_key))
    sheet[["article_id", "sentence_hash", "sentence_id", "text", *FRAMES]].to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def sheets(tmp_path_factory) -> tuple[Path, Path]:
    """(training sheet, estimation sheet): 60 and 45 distinct coded sentences."""
    folder = tmp_path_factory.mktemp("sheets")
    return (
        write_sheet(synthetic_sentences(60, 0), folder / "training.csv"),
        write_sheet(synthetic_sentences(45, 60), folder / "estimation.csv"),
    )


@pytest.fixture(scope="module")
def learned(sheets) -> LearnedCoding:
    training, estimation = sheets
    return learn_coder([str(training)], str(estimation), LEXICON, SEED)


def test_no_estimation_row_is_coded_by_a_model_trained_on_it(sheets, monkeypatch) -> None:
    trained_on: dict[int, set[str]] = {}
    scored: list[tuple[set[str], list[str]]] = []
    train = classifier.train_coder
    scores = classifier.LearnedCoder.scores

    def recording_train(features, labels, seed, folds=classifier.FOLDS):
        coder = train(features, labels, seed, folds)
        trained_on[id(coder)] = set(features["normalized"])
        return coder

    def recording_scores(self, features):
        scored.append((trained_on[id(self)], list(features["normalized"])))
        return scores(self, features)

    monkeypatch.setattr(classifier, "train_coder", recording_train)
    monkeypatch.setattr(classifier.LearnedCoder, "scores", recording_scores)
    training, estimation = sheets
    learn_coder([str(training)], str(estimation), LEXICON, SEED)
    estimation_texts = coder_features(pd.read_csv(estimation)["text"].tolist(), LEXICON)["normalized"]
    training_texts = set(coder_features(pd.read_csv(training)["text"].tolist(), LEXICON)["normalized"])
    assert sorted(text for _, texts in scored for text in texts) == sorted(estimation_texts)  # each row once
    for seen, texts in scored:
        assert seen.isdisjoint(texts)  # a fold's coder never saw the rows it codes
        assert training_texts <= seen  # and it learned from every training sheet row


def test_the_corpus_gets_cross_fitted_codes_for_sheet_sentences_and_the_full_model_elsewhere(learned) -> None:
    sheet = synthetic_sentences(45, 60)
    fresh = synthetic_sentences(30, 200)
    corpus = pd.concat([fresh.iloc[:15], sheet, fresh.iloc[15:]], ignore_index=True)
    codes = learned.code(corpus[["article_id", "text"]], LEXICON)
    expected_sheet = learned.sheet_codes[FRAMES].reset_index(drop=True)
    pd.testing.assert_frame_equal(codes.iloc[15:60].reset_index(drop=True), expected_sheet)
    full = learned.coder.codes(coder_features(fresh["text"].tolist(), LEXICON))
    rest = pd.concat([codes.iloc[:15], codes.iloc[60:]]).reset_index(drop=True)
    pd.testing.assert_frame_equal(rest, full.reset_index(drop=True))
    chunk = code_sentence_chunk(corpus.assign(text_norm=""), LEXICON, None, learned)
    pd.testing.assert_frame_equal(chunk.sentence_frames[FRAMES], codes.reset_index(drop=True))
    dictionary = code_sentence_chunk(corpus.assign(text_norm=""), LEXICON, None)
    assert chunk.sentence_frames["mh_terms"].tolist() == dictionary.sentence_frames["mh_terms"].tolist()


def test_the_card_names_each_sheet_its_role_and_the_scores_beside_the_dictionarys(learned, sheets) -> None:
    card = learned.card
    assert card["coder"] == "classifier" and card["training_rows"] == 105 and card["cross_fitted_rows"] == 45
    assert [item["role"] for item in card["training_sheets"]] == ["estimation sheet (cross-fitted)", "training sheet"]
    assert card["training_sheets"][0]["sha256"] == hashlib.sha256(sheets[1].read_bytes()).hexdigest()
    assert set(card["dictionary_on_training_rows"]) == set(FRAMES)
    scores = training_scores(card)
    assert scores["classifier"]["regulation"]["f1"] == card["frames"]["regulation"]["cv_f1"]
    assert scores["dictionary"]["regulation"]["n"] == 105
    assert list(card_summary(card)["frame"]) == FRAMES


def test_the_model_file_round_trips_through_load_coder_and_codes_the_corpus(sheets, tmp_path) -> None:
    training, estimation = sheets
    learned, card = prepare_coder(
        "classifier", [str(training)], str(estimation), LEXICON, "lexicon.yaml", SEED, tmp_path
    )
    model = tmp_path / "frames_coder.skops"
    assert json.loads((tmp_path / "frames_coder.json").read_text(encoding="utf-8")) == json.loads(json.dumps(card))
    assert card["model_sha256"] == hashlib.sha256(model.read_bytes()).hexdigest()
    features = coder_features(synthetic_sentences(12, 300)["text"].tolist(), LEXICON)
    pd.testing.assert_frame_equal(load_coder(model).scores(features), learned.coder.scores(features))
    again = learn_coder([str(training)], str(estimation), LEXICON, SEED)
    pd.testing.assert_frame_equal(learned.coder.scores(features), again.coder.scores(features))
    none, dictionary_card = prepare_coder("dictionary", [], str(estimation), LEXICON, "lexicon.yaml", SEED, tmp_path)
    assert none is None and dictionary_card["coder"] == "dictionary"
    assert not model.exists()  # no stale model beside the dictionary's card
    assert training_scores(dictionary_card) == {}


def test_two_runs_write_the_same_bytes_and_codes(sheets, tmp_path) -> None:
    training, estimation = sheets
    runs = [
        prepare_coder("classifier", [str(training)], str(estimation), LEXICON, "lexicon.yaml", SEED, tmp_path / name)
        for name in ("one", "two")
    ]
    assert (tmp_path / "one" / "frames_coder.skops").read_bytes() == (
        tmp_path / "two" / "frames_coder.skops"
    ).read_bytes()
    one, two = (runs[index][1] | {"model_file": ""} for index in (0, 1))  # the cards differ only by the folder
    assert one == two
    pd.testing.assert_frame_equal(runs[0][0].sheet_codes, runs[1][0].sheet_codes)


def test_a_missing_estimation_sheet_trains_on_the_training_sheets_alone(sheets, tmp_path) -> None:
    training, _ = sheets
    learned = learn_coder([str(training)], str(tmp_path / "not_coded_yet.csv"), LEXICON, SEED)
    assert learned.sheet_codes.empty and learned.card["training_rows"] == 60
    assert [item["role"] for item in learned.card["training_sheets"]] == ["training sheet"]


@pytest.mark.pipeline
def test_a_classifier_run_codes_the_sheet_cross_fitted_with_the_model_it_saved(tmp_path) -> None:
    from analysis.config.params import load_params
    from tests.test_pipeline import VENV_BIN, make_repo_copy, run, set_params

    copy = make_repo_copy(tmp_path / "repo")
    training = write_sheet(synthetic_sentences(60), copy / "data" / "annotations" / "fixture_training.csv")
    set_params(copy, coder="classifier", training_sheets="[data/annotations/fixture_training.csv]")
    for stage in ("frames", "report"):
        run([str(VENV_BIN / "python"), "-m", "analysis.pipeline.stages", stage], copy)
    params = load_params(copy / "params.yaml")
    model = copy / "data" / "models" / "frames_coder.skops"
    card = json.loads((copy / "data" / "models" / "frames_coder.json").read_text(encoding="utf-8"))
    assert card["coder"] == "classifier" and card["model_sha256"] == hashlib.sha256(model.read_bytes()).hexdigest()
    assert load_coder(model).frames == tuple(FRAMES)
    learned = learn_coder([str(training)], str(copy / params["annotations"]), LEXICON, params["seed"])
    processed = copy / "data" / "processed"
    sentences = pd.read_csv(processed / "sentences.csv", dtype={"article_id": str})
    coded = pd.read_csv(processed / "sentence_frames.csv", dtype={"article_id": str}).merge(sentences)
    coded["sentence_hash"] = coded["text"].map(sentence_key)
    sheet = learned.sheet_codes.merge(coded, on=["article_id", "sentence_hash"], suffixes=("_fitted", ""))
    assert len(sheet) >= 60  # the five articles' sheet is a census of their sentences: all cross-fitted
    for frame in FRAMES:
        assert sheet[frame].tolist() == sheet[f"{frame}_fitted"].tolist()
    metrics = json.loads((copy / "reports" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["coder"] == "classifier" and {"dictionary", "classifier"} <= set(metrics["coders"])
    assert metrics["coders"]["classifier"]["used"] and not metrics["coders"]["dictionary"]["used"]
    from tests.test_report import pdf_text

    assert "by the classifier (the parameter coder: classifier)" in " ".join(
        pdf_text(copy / "reports" / "framing_report.pdf").split()
    )
