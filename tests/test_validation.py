"""Validation against the hand coding (analysis.frames.validation) and the stage's metrics."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from analysis.config.paths import DICTIONARY_EVALUATION_FILE, REPO_ROOT, SAUDINEWSNET_FRAME_SHEET
from analysis.frames.coding import code_corpus_sentences
from analysis.frames.validation import agreement, assign_split, join_hand_codes, sentence_key
from analysis.pipeline.outputs import read_csv
from tests.conftest import PROCESSED_DIR

ANNOTATIONS = REPO_ROOT / "data" / "annotations" / "validation_sentences.csv"
FROZEN_SHA256 = "fee30ac632fa8be4d41f0b7258330eceeaa37735339e36dd2340644b3bdf4403"


def test_hand_coding_is_frozen() -> None:
    assert hashlib.sha256(ANNOTATIONS.read_bytes()).hexdigest() == FROZEN_SHA256


def test_a_sentence_repeated_in_its_article_is_one_hand_coded_sentence() -> None:
    text = "أقرت الحكومة قانونا لتنظيم محتوى تيك توك."
    sentences = pd.DataFrame({"article_id": ["a", "a", "a"], "sentence_id": [1, 2, 3], "text": [text, "عنوان", text]})
    codes = pd.DataFrame(
        {
            "article_id": ["a"],
            "sentence_hash": [sentence_key(text)],
            "sentence_id": [1],
            "text": [text],
            "mental_health": ["no"],
            "regulation": ["yes"],
            "confident": ["yes"],
            "reason": [""],
            "split": ["tuning"],
        }
    )
    joined = join_hand_codes(codes, sentences, code_corpus_sentences(sentences))
    assert len(joined) == 1 and joined["sentence_id"].tolist() == [1]
    assert joined["hand_regulation"].tolist() == [True] and joined["coded_regulation"].tolist() == [True]


def test_hand_coding_covers_every_sentence_and_matches_by_hash() -> None:
    codes = read_csv(ANNOTATIONS)
    sentences = read_csv(PROCESSED_DIR / "sentences.csv")
    assert sorted(zip(codes["article_id"], codes["sentence_hash"])) == sorted(
        zip(sentences["article_id"], sentences["text"].map(sentence_key))
    )
    for column in ("mental_health", "regulation", "confident"):
        assert set(codes[column]) <= {"yes", "no"}
    assert (codes["reason"] != "").all()


def test_split_is_the_documented_seeded_stratified_split() -> None:
    codes = read_csv(ANNOTATIONS)
    assert assign_split(codes).tolist() == codes["split"].tolist()
    held_out = codes[codes["split"] == "held_out"]
    for _, stratum in codes.groupby(["mental_health", "regulation"]):
        share = (stratum["split"] == "held_out").mean()
        assert abs(share - 1 / 3) <= 0.5 / len(stratum) + 1e-9
    assert len(held_out) == 21


def test_agreement_measures() -> None:
    hand = np.array([True, True, True, False, False, False])
    coded = np.array([True, True, False, True, False, False])
    result = agreement(hand, coded)
    assert (result["tp"], result["fp"], result["fn"], result["tn"]) == (2, 1, 1, 2)
    assert result["precision"] == pytest.approx(2 / 3) and result["recall"] == pytest.approx(2 / 3)
    assert result["f1"] == pytest.approx(2 / 3)
    assert result["hand_prevalence"] == 0.5 and result["coded_prevalence"] == 0.5
    perfect = agreement(hand, hand)
    assert perfect["alpha"] == pytest.approx(1.0) and perfect["f1"] == 1.0


def test_tuning_macro_f1_reaches_the_target_and_held_out_is_reported() -> None:
    validation = read_csv(PROCESSED_DIR / "validation.csv", floats=["f1", "f1_low", "f1_high", "alpha"])
    tuning = validation[validation["split"] == "tuning"]
    assert tuning["f1"].mean() >= 0.9
    held_out = validation[validation["split"] == "held_out"]
    assert len(held_out) == 2 and held_out["f1"].notna().all()
    assert (held_out["f1_low"] <= held_out["f1"]).all() and (held_out["f1"] <= held_out["f1_high"]).all()


def test_metrics_json_is_declared_and_complete() -> None:
    metrics = json.loads((REPO_ROOT / "reports" / "metrics.json").read_text(encoding="utf-8"))
    assert set(metrics["prevalence"]) == {"sentence", "article"}
    assert set(metrics["prevalence"]["sentence"]) == {"mental_health", "regulation"}
    for split in ("tuning", "held_out"):
        assert {"macro_f1", "mental_health", "regulation"} <= set(metrics["validation"][split])
        assert set(metrics["validation"][split]["regulation"]) == {"precision", "recall", "f1", "alpha"}
    difference = metrics["difference_mh_minus_reg"]
    assert difference["ci_low"] <= difference["sentence_share"] <= difference["ci_high"]
    assert metrics["coder"] == "dictionary" and list(metrics["coders"]) == ["dictionary"]  # no learned coder
    assert metrics["coders"]["dictionary"]["used"] and "width_gained" not in metrics["coders"]
    validation = read_csv(PROCESSED_DIR / "validation.csv", floats=["f1"])
    assert metrics["validation"]["tuning"]["macro_f1"] == pytest.approx(
        validation[validation["split"] == "tuning"]["f1"].mean(), abs=1e-6
    )


def test_both_hand_coded_sets_reproduce_the_reported_dictionary_figures() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "tools" / "evaluate_dictionary.py")],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
    )
    table = result.stdout.strip()
    assert "| SaudiNewsNet | held_out | unweighted | mental_health | 73 |" in table
    readme = (SAUDINEWSNET_FRAME_SHEET.parent / "README.md").read_text(encoding="utf-8")
    assert table in readme, f"data/annotations/saudinewsnet/README.md is stale; the table is now:\n{table}"
    committed = pd.read_csv(DICTIONARY_EVALUATION_FILE)
    assert len(committed) == 32  # 3 sets x 2 splits x 2 frames x 2 weightings; the 2 test sets held out only
    for row in committed.itertuples():
        line = next(
            line
            for line in table.splitlines()
            if line.startswith(f"| {row.set} | {row.split} | {row.weighting} | {row.frame} |")
        )
        assert f"| {row.n} | {row.tp + row.fn} | {row.tp + row.fp} | {row.tp} |" in line
