"""Validation on the researcher's own corpus: draw a sample to hand-code, read it back,
weighted agreement, and the "not validated" path (analysis.frames.sampling)."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys

import numpy as np
import pandas as pd
import pytest

from analysis.config.data_files import DataFileError
from analysis.config.params import ParamsError, load_params
from analysis.config.paths import REPO_ROOT
from analysis.frames.lexicon import default_lexicon
from analysis.frames.sampling import (
    MIN_INCLUSION,
    MIN_PER_STRATUM,
    MIN_STRATUM_SIZE,
    UNCERTAINTY_CUTS,
    SheetError,
    design_path,
    distinct_coded_sentences,
    draw_from_strata,
    draw_sample,
    largest_remainders,
    read_hand_codes,
    read_sheet,
    sentence_uncertainty,
    uncertainty_allocation,
    uncertainty_strata,
    write_sheet,
)
from analysis.frames.validation import agreement

LEXICON = default_lexicon()


def corpus(n_none: int = 40) -> tuple[pd.DataFrame, pd.DataFrame]:
    texts = [f"قال الوزير إن القانون رقم {i} ينظم التشهير على الإنترنت" for i in range(6)]  # regulation
    texts += [f"تحدث الطبيب {i} عن الصحة النفسية لمستخدمي تيك توك" for i in range(5)]  # mental health
    texts += [f"افتتح المعرض رقم {i} في المدينة" for i in range(n_none)]  # neither
    sentences = pd.DataFrame({"article_id": [f"a{i:03d}" for i in range(len(texts))], "sentence_id": 1, "text": texts})
    from analysis.frames.coding import code_corpus_sentences

    return sentences, code_corpus_sentences(sentences, LEXICON)


def test_sample_is_stratified_by_dictionary_codes_with_weights() -> None:
    sentences, frames = corpus()
    sheet, design = draw_sample(sentences, frames, LEXICON, per_stratum=4, seed=1)
    strata = design.groupby("stratum").agg(size=("stratum_size", "first"), drawn=("n_sampled", "first"))
    assert strata.to_dict("index") == {
        "mental_health": {"size": 5, "drawn": 4},
        "none": {"size": 40, "drawn": 4},
        "regulation": {"size": 6, "drawn": 4},
    }
    assert np.allclose(design["weight"], design["stratum_size"] / design["n_sampled"])
    assert list(sheet.columns) == [
        "article_id", "sentence_hash", "sentence_id", "text", "mental_health", "regulation",
        "confident", "reason", "translation",
    ]  # fmt: skip
    assert (sheet[["mental_health", "regulation"]] == "").all().all()  # the coder sees no dictionary codes
    again, _ = draw_sample(sentences, frames, LEXICON, per_stratum=4, seed=1)
    assert sheet.equals(again)


def test_strata_of_ones_own_make_the_design_and_cap_each_stratum() -> None:
    """A recall stratum (tools/draw_recall_sample.py): sentences the dictionary codes neither,
    split by a word list, are drawn as their own stratum with their own weight."""
    sentences, frames = corpus()
    coded = distinct_coded_sentences(sentences, frames)
    strata = pd.Series(np.where(coded["mental_health"] | coded["regulation"], "hit", "none"), index=coded.index)
    strata[coded["text"].str.contains("المعرض رقم 1")] = "none, word"  # 1, 10-19: 11 sentences
    sheet, design = draw_from_strata(coded, strata, {"hit": 20, "none": 5, "none, word": 3}, seed=2, lexicon=LEXICON)
    counts = design.groupby("stratum").agg(size=("stratum_size", "first"), drawn=("n_sampled", "first"))
    assert counts.to_dict("index") == {
        "hit": {"size": 11, "drawn": 11},
        "none": {"size": 29, "drawn": 5},
        "none, word": {"size": 11, "drawn": 3},
    }
    drawn_word = set(sheet.loc[design["stratum"] == "none, word", "text"])
    assert all("المعرض رقم 1" in text for text in drawn_word)
    assert design.loc[design["stratum"] == "none", "weight"].eq(29 / 5).all()


def recall_tool():
    spec = importlib.util.spec_from_file_location("draw_recall_sample", REPO_ROOT / "tools" / "draw_recall_sample.py")
    tool = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = tool  # dataclasses look their module up
    spec.loader.exec_module(tool)
    return tool


def test_recall_draw_takes_stratum_sizes_from_the_command_line() -> None:
    tool = recall_tool()
    defaults = tool.per_stratum_defaults(tool.load_recall_words())
    assert defaults == {
        "mental_health": 60,
        "mental_health+regulation": 60,
        "regulation": 60,
        "none": 40,
        "none, mental-health words": 150,
        "none, regulation words": 50,
    }
    sizes = tool.stratum_sizes(["regulation=120", "none, mental-health words=200"], defaults)
    assert sizes == defaults | {"regulation": 120, "none, mental-health words": 200}
    for bad in ["regulaton=3", "regulation=0", "regulation", "none=x"]:
        with pytest.raises(ValueError, match="expected STRATUM=N"):
            tool.stratum_sizes([bad], defaults)


def test_recall_word_strata_split_the_uncoded_sentences_in_order() -> None:
    tool = recall_tool()
    words = [tool.WordStratum("none, mh words", 5, ("نفس", "قلق")), tool.WordStratum("none, law words", 5, ("قانون",))]
    texts = pd.Series(["قلق من قانون جديد", "قانون المرور", "الصحة النفسية", "مباراة الهلال", "قانون"])
    dictionary = pd.Series(["none", "none", "none", "none", "regulation"])
    assert tool.recall_strata(texts, dictionary, words).tolist() == [
        "none, mh words",  # both lists match: the first stratum wins
        "none, law words",
        "none, mh words",  # نفس inside النفسية
        "none",
        "regulation",  # the dictionary's own strata stay
    ]


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        ("drawn: 50", "drawn: 0", "'drawn' must be a whole number"),
        ("stratum: none, regulation words", "stratum: regulation", "'stratum' must be a name starting 'none, '"),
        ("{word: قانون, gloss: law}", "{word: قانون}", "needs a normalized 'word' and a 'gloss'"),
        ("{word: عزله, gloss: isolation}", "{word: عزلة, gloss: isolation}", "write 'عزله'"),
    ],
)
def test_a_bad_recall_word_entry_is_an_error_naming_its_line(tmp_path, replace: str, by: str, message: str) -> None:
    tool = recall_tool()
    committed = tool.RECALL_WORDS_FILE.read_text(encoding="utf-8")
    assert replace in committed
    path = tmp_path / "recall_words.yaml"
    path.write_text(committed.replace(replace, by), encoding="utf-8")
    with pytest.raises(DataFileError, match=rf"recall_words.yaml, line \d+: .*{re.escape(message)}"):
        tool.load_recall_words(path)


def test_sheet_opens_in_excel_and_is_never_overwritten_once_coded(tmp_path) -> None:
    sentences, frames = corpus()
    sheet, design = draw_sample(sentences, frames, LEXICON, per_stratum=3, seed=2)
    path = tmp_path / "sheet.csv"
    write_sheet(sheet, design, path, LEXICON.names)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") and design_path(path).exists()  # BOM: Excel reads UTF-8
    write_sheet(sheet, design, path, LEXICON.names)  # an uncoded sheet may be drawn again
    filled = read_sheet(path)
    filled.loc[0, ["mental_health", "regulation"]] = ["yes", "no"]
    filled.to_csv(path, index=False, encoding="utf-8-sig")
    with pytest.raises(SheetError, match="already holds 1 coded sentences"):
        write_sheet(sheet, design, path, LEXICON.names)


def test_read_hand_codes_keeps_finished_rows_with_weights_and_a_split(tmp_path) -> None:
    assert read_hand_codes(tmp_path / "missing.csv", LEXICON).empty
    sentences, frames = corpus()
    sheet, design = draw_sample(sentences, frames, LEXICON, per_stratum=4, seed=3)
    path = tmp_path / "sheet.csv"
    write_sheet(sheet, design, path, LEXICON.names)
    filled = read_sheet(path)
    filled.loc[:8, "mental_health"] = " Yes"
    filled.loc[:8, "regulation"] = "no"
    filled.loc[9, "mental_health"] = "yes"  # regulation left empty: not finished
    filled.to_csv(path, index=False, encoding="utf-8-sig")
    codes = read_hand_codes(path, LEXICON)
    assert len(codes) == 9 and set(codes["mental_health"]) == {"yes"}
    weights = design.set_index(["article_id", "sentence_hash"])["weight"]
    expected = [weights[(a, h)] for a, h in zip(codes["article_id"], codes["sentence_hash"])]
    assert codes["weight"].tolist() == expected
    assert set(codes["split"]) <= {"tuning", "held_out"} and codes["split"].equals(
        read_hand_codes(path, LEXICON)["split"]
    )


def test_weighted_recall_estimates_the_corpus() -> None:
    hand = np.array([True, True, True, False])
    coded = np.array([True, False, False, False])
    plain = agreement(hand, coded)
    weighted = agreement(hand, coded, np.array([1.0, 1.0, 8.0, 1.0]))
    assert plain["recall"] == pytest.approx(1 / 3) and weighted["recall"] == pytest.approx(1 / 10)
    assert weighted["precision"] == 1.0 and weighted["hand_prevalence"] == pytest.approx(10 / 11)
    assert (weighted["tp"], weighted["fn"]) == (1, 2)  # counts describe the sample


def test_annotations_must_lie_in_the_watched_folder(tmp_path) -> None:
    from analysis.config.paths import PARAMS_FILE

    text = PARAMS_FILE.read_text(encoding="utf-8").replace(
        "annotations: data/annotations/validation_sentences.csv", "annotations: elsewhere/sheet.csv"
    )
    (tmp_path / "params.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ParamsError, match="'annotations' = 'elsewhere/sheet.csv' must lie in data/annotations/"):
        load_params(tmp_path / "params.yaml")


@pytest.mark.pipeline
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
def test_without_hand_codes_the_report_says_not_validated_and_make_sample_draws_the_sheet(tmp_path) -> None:
    from tests.test_pipeline import VENV_BIN, make_repo_copy, run, set_params
    from tests.test_report import pdf_text

    copy = make_repo_copy(tmp_path / "repo")
    set_params(copy, annotations="data/annotations/new_corpus_sheet.csv", validation_sample_per_stratum=5)
    run([str(VENV_BIN / "dvc"), "repro"], copy)
    metrics = json.loads((copy / "reports" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["validated"] is False and metrics["n_hand_coded"] == 0
    text = " ".join(pdf_text(copy / "reports" / "framing_report.pdf").split())
    assert "Not validated on this corpus." in text and "make sample" in text
    output = run([str(VENV_BIN / "python"), "-m", "analysis.frames.sampling"], copy).stdout
    assert "new_corpus_sheet.csv" in output
    sheet = read_sheet(copy / "data" / "annotations" / "new_corpus_sheet.csv")
    assert 10 <= len(sheet) <= 15  # three strata (MH, REG, none) of at most 5
    design = pd.read_csv(design_path(copy / "data" / "annotations" / "new_corpus_sheet.csv"))
    assert set(design["stratum"]) == {"mental_health", "regulation", "none"} and (design["weight"] >= 1).all()


def uncertain_population(n: int = 400) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A coder's calibrated scores and codes: most sentences certain, a few uncertain, for two frames."""
    rng = np.random.default_rng(11)
    mh = np.where(rng.random(n) < 0.1, rng.uniform(0.2, 0.8, n), rng.uniform(0.0, 0.02, n))
    reg = np.where(rng.random(n) < 0.3, rng.uniform(0.3, 0.9, n), rng.uniform(0.0, 0.05, n))
    scores = pd.DataFrame({"mental_health": mh, "regulation": reg})
    return scores, scores >= 0.5


def test_uncertainty_strata_cut_each_coder_class_by_its_uncertainty() -> None:
    scores, codes = uncertain_population()
    strata = uncertainty_strata(scores, codes)
    classes = strata.str.split("|").str[0]
    expected = codes.apply(lambda row: "+".join(f for f in codes.columns if row[f]) or "none", axis=1)
    assert (classes == expected).all()
    uncertainty = sentence_uncertainty(scores)
    none = strata[classes == "none"]
    assert set(none) == {"none|u1", "none|u2"}
    assert uncertainty[none.index[none == "none|u1"]].max() <= uncertainty[none.index[none == "none|u2"]].min()
    assert (none == "none|u1").sum() == round(UNCERTAINTY_CUTS[0] * len(none))
    small = classes.value_counts()[lambda sizes: sizes < 2 * MIN_STRATUM_SIZE].index
    assert all(strata[classes == name].nunique() == 1 for name in small)  # too small to cut
    flat = pd.DataFrame({"mental_health": 0.1, "regulation": 0.2}, index=scores.index)
    assert uncertainty_strata(flat, codes).str.endswith("|u1").all()  # nothing tells the sentences apart


def test_uncertainty_allocation_follows_neyman_with_a_floor_and_adds_up() -> None:
    scores, codes = uncertain_population()
    strata = uncertainty_strata(scores, codes)
    sizes = strata.value_counts()
    allocation = uncertainty_allocation(strata, scores, 120)
    assert sum(allocation.values()) == 120
    for stratum, size in sizes.items():
        floor = min(size, max(MIN_PER_STRATUM, int(np.ceil(MIN_INCLUSION * size))))
        assert floor <= allocation[stratum] <= size
    rate = {stratum: allocation[stratum] / sizes[stratum] for stratum in sizes.index}
    assert rate["none|u2"] > 2 * rate["none|u1"]  # the uncertain sentences are drawn more often
    everything = uncertainty_allocation(strata, scores, 10_000)
    assert everything == sizes.sort_index().to_dict()  # more than the population: a census
    few = uncertainty_allocation(strata, scores, 10)
    assert sum(few.values()) == 10 and all(count >= 1 for count in few.values())
    assert largest_remainders(["a", "b", "c"], np.array([1.5, 1.5, 1.0]), np.array([5, 5, 5])) == {
        "a": 2,
        "b": 1,
        "c": 1,
    }


def test_an_uncertainty_sample_is_a_stratified_design_the_estimator_reads() -> None:
    sentences, sentence_frames = corpus(n_none=120)
    coded = distinct_coded_sentences(sentences, sentence_frames)
    scores, codes = uncertain_population(len(coded))
    strata = uncertainty_strata(scores, codes, min_size=10)
    allocation = uncertainty_allocation(strata, scores, 40)
    sheet, design = draw_from_strata(coded, strata, allocation, 4, LEXICON)
    assert len(sheet) == 40 and set(design["stratum"]) <= set(strata)
    for stratum, rows in design.groupby("stratum"):
        assert rows["n_sampled"].iloc[0] == len(rows) == allocation[stratum]
        assert rows["stratum_size"].iloc[0] == (strata == stratum).sum()
        assert np.allclose(rows["weight"], rows["stratum_size"] / rows["n_sampled"])


def test_make_sample_draws_by_the_learned_coders_uncertainty(tmp_path) -> None:
    from analysis.frames.classifier import coder_features, train_coder
    from analysis.frames.sampling import draw_uncertainty_sample, learned_coder, stratified_total

    params = dict(load_params(), sample_design="uncertainty", training_sheets=[])
    with pytest.raises(ValueError, match="training_sheets"):
        learned_coder(params, LEXICON)
    texts = [f"يعاني الشباب من القلق والاكتئاب بسبب تيك توك رقم {i}" for i in range(12)]
    texts += [f"أقرت الحكومة عقوبات على نشر الشائعات في تيك توك رقم {i}" for i in range(12)]
    texts += [f"افتتح المعرض السنوي في المدينة رقم {i}" for i in range(36)]
    labels = pd.DataFrame(
        {"mental_health": [i < 12 for i in range(60)], "regulation": [12 <= i < 24 for i in range(60)]}
    )
    coder = train_coder(coder_features(texts, LEXICON), labels, 1)
    sentences, sentence_frames = corpus(n_none=150)
    total = stratified_total(distinct_coded_sentences(sentences, sentence_frames), LEXICON.names, 8)
    assert total == 8 + 5 + 6  # none 8, MH 5 (all), REG 6 (all)
    sheet, design = draw_uncertainty_sample(sentences, sentence_frames, LEXICON, coder, total, seed=3)
    assert len(sheet) == total and design["stratum"].str.contains(r"\|u\d$").all()
    assert np.allclose(design["weight"], design["stratum_size"] / design["n_sampled"])
    again, _ = draw_uncertainty_sample(sentences, sentence_frames, LEXICON, coder, total, seed=3)
    pd.testing.assert_frame_equal(sheet, again)
