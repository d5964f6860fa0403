"""The coders side by side (analysis.frames.coder_comparison): scores and interval widths on the same sample."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.config.paths import REPO_ROOT
from analysis.config.tables import CODER_COMPARISON, ESTIMATES, VALIDATION
from analysis.frames.coder_comparison import coder_comparison, coder_populations, width_gained
from analysis.frames.coding import code_sentences, dictionary_codes
from analysis.frames.estimates import design_coverage, distinct_sentences, estimation_sample
from analysis.frames.lexicon import default_lexicon
from analysis.frames.validation import sentence_key
from analysis.pipeline.outputs import read_table

FRAMES = ["mental_health", "regulation"]
PROCESSED = REPO_ROOT / "data" / "processed"


def simulated_study(n: int = 3000, n_hand: int = 240, seed: int = 4):
    """A run whose truth is known, a simple random sample of it coded by hand, and two coders: one that
    errs on 3 % of sentences per frame, one that errs on 30 %."""
    rng = np.random.default_rng(seed)
    truth = pd.DataFrame({"mental_health": rng.random(n) < 0.06, "regulation": rng.random(n) < 0.25})
    keys = pd.DataFrame({"article_id": [f"a{i // 10:04d}" for i in range(n)], "text": [f"جملة {i}" for i in range(n)]})
    keys["sentence_hash"] = keys["text"].map(sentence_key)
    populations = {}
    for coder, error in (("classifier", 0.03), ("dictionary", 0.30)):
        codes = truth ^ (rng.random(truth.shape) < error)
        populations[coder] = pd.concat([keys[["article_id", "sentence_hash"]], codes], axis=1)
    drawn = np.sort(rng.permutation(n)[:n_hand])
    hand = keys.iloc[drawn][["article_id", "sentence_hash"]].assign(
        **{frame: np.where(truth[frame].iloc[drawn], "yes", "no") for frame in FRAMES},
        stratum="all",
        stratum_size=n,
        weight=n / n_hand,
        split="held_out",
    )
    sample = estimation_sample(populations["classifier"], hand, FRAMES)
    coverage = design_coverage(populations["classifier"], hand, sample)
    return populations, hand, sample, coverage


def test_a_better_coder_narrows_the_corrected_intervals_on_the_same_sample() -> None:
    populations, hand, sample, coverage = simulated_study()
    table = coder_comparison(populations, hand, sample, coverage, FRAMES, FRAMES, 50, "classifier")
    assert list(table.columns) == CODER_COMPARISON.column_names()
    assert table["coder"].tolist() == ["dictionary"] * 3 + ["classifier"] * 3  # in the order of CODERS
    assert table["used"].tolist() == [False] * 3 + [True] * 3
    by = table.set_index(["coder", "quantity"])
    for frame in FRAMES:
        assert by.loc[("classifier", frame), "held_out_f1"] > by.loc[("dictionary", frame), "held_out_f1"]
        assert by.loc[("classifier", frame), "held_out_n"] == 240
    gained = width_gained(table)
    assert set(gained) == {"mental_health", "regulation", "mental_health - regulation"}
    assert gained["regulation"] > 0.2 and gained["mental_health"] > 0 and gained["mental_health - regulation"] > 0
    assert np.isnan(by.loc[("classifier", "mental_health - regulation"), "held_out_f1"])
    assert by["cv_n"].eq(0).all() and by["cv_f1"].isna().all()  # no training scores given


def test_training_scores_fill_the_cross_validated_columns() -> None:
    populations, hand, sample, coverage = simulated_study()
    training = {
        "classifier": {"regulation": {"n": 900, "precision": 0.8, "recall": 0.7, "f1": 0.75}},
        "dictionary": {"regulation": {"n": 900, "precision": 0.7, "recall": 0.6, "f1": 0.65}},
    }
    table = coder_comparison(populations, hand, sample, coverage, FRAMES, FRAMES, 50, "classifier", training)
    by = table.set_index(["coder", "quantity"])
    assert by.loc[("classifier", "regulation"), "cv_f1"] == 0.75 and by.loc[("dictionary", "regulation"), "cv_n"] == 900
    assert np.isnan(by.loc[("classifier", "mental_health"), "cv_f1"])


def test_without_a_learned_coder_only_the_dictionary_is_compared_and_nothing_is_gained() -> None:
    populations, hand, sample, coverage = simulated_study()
    table = coder_comparison(
        {"dictionary": populations["dictionary"]}, hand, sample, coverage, FRAMES, FRAMES, 50, "dictionary"
    )
    assert set(table["coder"]) == {"dictionary"} and table["used"].all()
    assert width_gained(table) == {}


def test_the_committed_run_compares_the_dictionary_as_validation_and_estimates_report_it() -> None:
    comparison = read_table(CODER_COMPARISON, PROCESSED).set_index("quantity")
    estimates = read_table(ESTIMATES, PROCESSED)
    overall = estimates[estimates["grouping"] == "all"].set_index("quantity")
    for column in ("coder_share", "estimate", "ci_low", "ci_high"):
        pd.testing.assert_series_equal(comparison[column], overall[column], check_names=False)
    held_out = read_table(VALIDATION, PROCESSED).query("split == 'held_out'").set_index("frame")
    for measure in ("precision", "recall", "f1"):
        for frame in FRAMES:
            assert comparison.loc[frame, f"held_out_{measure}"] == held_out.loc[frame, measure]


def test_dictionary_codes_are_read_from_the_matched_indicators() -> None:
    lexicon = default_lexicon()
    texts = ["قال الطبيب إن تيك توك يسبب القلق والاكتئاب للمراهقين", "أقرت الحكومة قانونا لمكافحة الشائعات على المنصات"]
    coded = code_sentences(texts, lexicon)
    flipped = coded.assign(mental_health=~coded["mental_health"], regulation=~coded["regulation"])  # another coder's
    pd.testing.assert_frame_equal(dictionary_codes(flipped, lexicon), coded)


def test_coder_populations_add_the_dictionary_beside_a_learned_coder() -> None:
    lexicon = default_lexicon()
    sentences = pd.DataFrame(
        {"article_id": ["a", "a"], "sentence_id": [1, 2], "text": ["القلق من تيك توك", "افتتح المعرض"]}
    )
    frames = pd.concat([sentences[["article_id", "sentence_id"]], code_sentences(sentences["text"], lexicon)], axis=1)
    learned = frames.assign(mental_health=[False, True])
    population = distinct_sentences(sentences, learned, FRAMES)
    populations = coder_populations(population, sentences, learned, lexicon, "classifier")
    assert list(populations) == ["classifier", "dictionary"]
    assert populations["classifier"]["mental_health"].tolist() == [False, True]
    assert populations["dictionary"]["mental_health"].tolist() == frames["mental_health"].tolist()
    assert list(coder_populations(population, sentences, frames, lexicon, "dictionary")) == ["dictionary"]
