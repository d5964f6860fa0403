"""Sentence and article coding (analysis.frames.coding): the public API students call."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.frames.coding import aggregate_articles, code_sentences, dominant_frame, framing_index, mark_indicators
from analysis.pipeline.outputs import read_csv
from tests.conftest import PROCESSED_DIR


def test_code_sentences_one_row_per_text_in_order_from_raw_text() -> None:
    texts = [
        "تيك توك تجمع الخبراء في أول قمة حول الصحة النفسيّة",  # diacritics: raw text is fine
        "أشار الوزير إلى ضرورة تفعيل القوانين ضد التشهير عبر الإنترنت",
        "مشاورات مع تيك توك؛ ودعم صحتهم النفسية",
        "استقبل الوفد في الرباط",
    ]
    coded = code_sentences(texts)
    assert list(coded.columns) == ["mental_health", "regulation", "mh_terms", "reg_terms"]
    assert coded["mental_health"].tolist() == [True, False, True, False]
    assert coded["regulation"].tolist() == [False, True, True, False]
    assert coded["mh_terms"].tolist() == ["صحه نفسيه", "", "صحه نفسيه", ""]
    assert coded["reg_terms"].tolist() == ["", "قوانين;تشهير", "مشاورات مع", ""]
    assert coded.dtypes["mental_health"] == "bool"


def test_code_sentences_is_deterministic_and_accepts_a_generator() -> None:
    texts = read_csv(PROCESSED_DIR / "sentences.csv")["text"].tolist()
    first = code_sentences(text for text in texts)
    assert first.equals(code_sentences(texts))
    assert len(first) == len(texts)


@pytest.mark.parametrize(
    "false_friend",
    [
        "ويحافظ في الوقت نفسه على القيم الاجتماعية",  # نفسه: itself
        "وهو ما أثار قلقًا واسعًا حول تأثيرات المنصات",  # قلق: political concern
        "وإقامة علاقات صحية وشفافة مع الشركاء",  # healthy relations
        "للوصول إلى الخدمات الصحية والاجتماعية بسهولة",  # health services in general
        "ويأتي تنظيم هذه الجلسة ضمن برنامج المؤسسة",  # organizing an event
        "الحلول الرقمية والسياسات الاجتماعية الذكية",  # social policy
        "أعرب سعادة السفير عن شكره",  # His Excellency
    ],
)
def test_false_friends_carry_no_frame(false_friend: str) -> None:
    coded = code_sentences([false_friend])
    assert not coded.loc[0, "mental_health"] and not coded.loc[0, "regulation"]


def test_framing_index_and_dominant_frame() -> None:
    assert framing_index(3, 1) == 0.5 and framing_index(0, 4) == -1
    assert math.isnan(framing_index(0, 0))
    pair = ("mental_health", "regulation")
    assert dominant_frame(0, 0, 2.0, pair) == "none"
    assert dominant_frame(4, 2, 2.0, pair) == "mental_health"
    assert dominant_frame(1, 3, 2.0, pair) == "regulation"
    assert dominant_frame(3, 2, 2.0, pair) == "mixed"
    assert dominant_frame(1, 0, 2.0, pair) == "mental_health"
    assert dominant_frame(1, 3, 2.0, ("economy", "regulation")) == "regulation"


def test_aggregate_articles_counts_and_shares() -> None:
    frames = pd.DataFrame(
        {
            "article_id": ["a", "a", "a", "a", "b"],
            "sentence_id": [1, 2, 3, 4, 1],
            "mental_health": [True, True, False, False, False],
            "regulation": [False, True, True, False, False],
        }
    )
    table = aggregate_articles(frames, 2.0).set_index("article_id")
    assert table.loc["a", ["n_sentences", "n_mental_health", "n_regulation", "n_both", "n_neither"]].tolist() == [
        4,
        2,
        2,
        1,
        1,
    ]
    assert table.loc["a", "share_mental_health"] == 0.5 and table.loc["a", "framing_index"] == 0
    assert table.loc["a", "dominant_frame"] == "mixed"
    assert table.loc["b", "dominant_frame"] == "none" and math.isnan(table.loc["b", "framing_index"])


def test_mark_indicators_shows_where_the_dictionary_matched() -> None:
    marked = mark_indicators("وفي نفس الوقت، أشار الوزير إلى تفعيل القوانين ضد الأخبار الزائفة عبر الإنترنت.")
    assert "[[REG: القوانين]]" in marked and "[[REG: الأخبار الزائفة]]" in marked
    assert "نفس" in marked and "[[MH" not in marked


def test_committed_sentence_frames_cover_every_sentence() -> None:
    sentences = read_csv(PROCESSED_DIR / "sentences.csv")
    frames = read_csv(PROCESSED_DIR / "sentence_frames.csv")
    assert frames[["article_id", "sentence_id"]].equals(sentences[["article_id", "sentence_id"]])
    coded = code_sentences(sentences["text"])
    assert frames["mental_health"].tolist() == [str(value) for value in coded["mental_health"]]
    assert frames["reg_terms"].tolist() == coded["reg_terms"].tolist()


def test_no_rule_names_an_article_or_sentence() -> None:
    from analysis.config.paths import REPO_ROOT

    sentences = read_csv(PROCESSED_DIR / "sentences.csv")
    sources = [path.read_text(encoding="utf-8") for path in sorted((REPO_ROOT / "src" / "analysis").rglob("*.py"))]
    sources += [path.read_text(encoding="utf-8") for path in sorted((REPO_ROOT / "data" / "lexicons").glob("*.yaml"))]
    for source in sources:
        assert not any(article_id in source for article_id in sentences["article_id"].unique())
        assert not any(sentence in source for sentence in sentences["text"] if len(sentence) > 40)
