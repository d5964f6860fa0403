"""Stopwords in the distinguishing words: the stopwordsiso list matched in normalized form
and through proclitics, the ``stopword`` column of keyness.csv, and the switch that makes
the report's rankings skip them."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace

import pandas as pd
import pytest

from analysis.config.params import load_params
from analysis.config.paths import PROVENANCE_FILE, REPO_ROOT, TRANSLATIONS_FILE
from analysis.config.tables import TABLES
from analysis.frames.keyness import keyness_from_counts, ranked_words
from analysis.pipeline.outputs import read_csv, read_table
from analysis.report.data import build_report_data
from analysis.report.typeset import read_stage_tables
from analysis.text.arabic import normalize, tokenize
from analysis.text.stopwords import StopwordsError, load_stopwords
from tests.conftest import PROCESSED_DIR

STOPWORDS = load_stopwords()


def test_the_list_is_stopwordsiso_arabic_as_shipped() -> None:
    assert STOPWORDS.source == "stopwordsiso 0.7.1"
    assert STOPWORDS.size == 480
    assert {"في", "هذه", "الذي", "الي", "ان"} <= STOPWORDS.words  # إلى and أن, normalized
    assert "" not in STOPWORDS.words  # the list's tatweel entry normalizes to nothing


@pytest.mark.parametrize(
    "token",
    ["في", "وفي", "ففي", "وهذه", "بهذه", "لهذا", "ولهذا", "وبين", "فقد", "وكذلك", "ولكن"],
)
def test_a_listed_word_is_a_stopword_with_or_without_proclitics(token: str) -> None:
    assert STOPWORDS.is_stopword(token)


@pytest.mark.parametrize(
    ("token", "why"),
    [
        ("الطلاب", "a content word"),
        ("العام", "the article is not stripped: al-'amm 'the public' (عام 'year' is listed)"),
        ("النفس", "the article is not stripped: the psyche (نفس 'same' is listed)"),
        ("بو", "a proclitic leaves one letter (و is listed)"),
        ("ولي", "kept: guardian, crown prince"),
        ("اب", "kept: father"),
        ("وتعزيز", "و + a content word"),
    ],
)
def test_content_words_are_not_stopwords(token: str, why: str) -> None:
    assert not STOPWORDS.is_stopword(token), why


def test_every_kept_word_would_otherwise_be_a_stopword() -> None:
    """No dead entry in stopwords.yaml: the list or the clitic rule catches each kept word."""
    unfiltered = replace(STOPWORDS, kept={})
    for word, reason in STOPWORDS.kept.items():
        assert unfiltered.is_stopword(word), word
        assert reason.strip(), word


def test_a_malformed_stopwords_file_names_its_line(tmp_path) -> None:
    path = tmp_path / "stopwords.yaml"
    path.write_text("not_stopwords:\n  - {word: ولي}\n", encoding="utf-8")
    with pytest.raises(StopwordsError, match=r"stopwords.yaml, line 2: .*'reason'"):
        load_stopwords.__wrapped__(path)
    path.write_text("not_stopwords:\n  - {word: أب, reason: father}\n", encoding="utf-8")
    with pytest.raises(StopwordsError, match="write 'اب'"):
        load_stopwords.__wrapped__(path)


def counts(texts: list[str]) -> Counter[str]:
    return Counter(token for text in texts for token in tokenize(normalize(text)))


def test_keyness_flags_stopwords_and_keeps_every_word() -> None:
    a = counts(["وفي هذه الدراسة الصحة النفسية للطلاب", "الصحة النفسية في المدرسة"])
    b = counts(["وفي هذا القانون الجديد", "القانون في هذه المنصات"])
    table = keyness_from_counts(a, b, a + b, a0=10.0, min_count=1, prefixes=("mh", "reg"))
    assert set(table["term"]) == set(a) | set(b), "every word stays in keyness.csv"
    flagged = dict(zip(table["term"], table["stopword"]))
    assert flagged["وفي"] and flagged["في"] and flagged["هذه"] and flagged["هذا"]
    assert not flagged["الصحه"] and not flagged["القانون"] and not flagged["للطلاب"]
    assert table["stopword"].dtype == bool


def test_the_switch_skips_stopwords_in_rankings_or_keeps_them() -> None:
    keyness = pd.DataFrame({"term": ["الصحه", "في", "وفي", "القانون"], "fw_z": [2.0, 1.0, -1.0, -2.0]})
    keyness["stopword"] = keyness["term"].map(STOPWORDS.is_stopword)
    assert list(ranked_words(keyness, skip_stopwords=True)["term"]) == ["الصحه", "القانون"]
    assert list(ranked_words(keyness, skip_stopwords=False)["term"]) == list(keyness["term"])


def test_committed_keyness_flags_exactly_the_stopwords() -> None:
    keyness = read_table(TABLES["keyness"], PROCESSED_DIR)
    assert list(keyness["stopword"]) == [STOPWORDS.is_stopword(term) for term in keyness["term"]]
    assert {"في", "هذه", "غير", "وفي"} <= set(keyness.loc[keyness["stopword"], "term"])


def report_top_terms(skip_stopwords: bool) -> list[str]:
    params = {**load_params(), "keyness_stopwords": skip_stopwords}
    tables = read_stage_tables(PROCESSED_DIR)
    provenance = json.loads(PROVENANCE_FILE.read_text(encoding="utf-8"))
    data = build_report_data(tables, read_csv(TRANSLATIONS_FILE), params, [], 12, 3, provenance)
    return [row["term"] for side in ("keyness_a", "keyness_b") for row in data[side]]


def test_the_report_top_terms_hold_no_stopword_when_the_filter_is_on() -> None:
    terms = report_top_terms(skip_stopwords=True)
    assert len(terms) == 24
    assert not [term for term in terms if STOPWORDS.is_stopword(term)]
    # the switch matters on this corpus: off, function words rank among the top terms
    assert len([term for term in report_top_terms(skip_stopwords=False) if STOPWORDS.is_stopword(term)]) >= 2


def test_committed_report_names_the_list_and_shows_no_stopword() -> None:
    data = json.loads((REPO_ROOT / "reports" / "report_data.json").read_text(encoding="utf-8"))
    assert data["params"]["keyness_stopwords"] is True
    assert data["stopwords"]["source"] == "stopwordsiso 0.7.1" and data["stopwords"]["size"] == 480
    shown = [row["term"] for side in ("keyness_a", "keyness_b") for row in data[side]]
    assert shown and not [term for term in shown if STOPWORDS.is_stopword(term)]
