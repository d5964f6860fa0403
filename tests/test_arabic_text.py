"""Normalization, tokenization and sentence segmentation (analysis.arabic_text)."""

from __future__ import annotations

import pytest
from camel_tools.tokenizers.word import simple_word_tokenize

from analysis.arabic_text import count_words, has_arabic, normalize, split_sentences, tokenize
from tests.conftest import RAW_DIR


@pytest.mark.parametrize(
    ("original", "normalized"),
    [
        ("الصحة النفسية", "الصحه النفسيه"),  # teh marbuta
        ("أكدت إيمان آمنة", "اكدت ايمان امنه"),  # alef variants
        ("إلى على", "الي علي"),  # alef maksura
        ("اهتمامًا واسعًا", "اهتماما واسعا"),  # tanween
        ("المحرِّضة يُعزّزان", "المحرضه يعززان"),  # kasra, shadda, damma
        ("تيـــك تـوك", "تيك توك"),  # tatweel
        ("ﺍﻟﺼﺤﺔ", "الصحه"),  # presentation forms (NFKC)
        ("منصة\u00a0 تيك\u200f توك ", "منصه تيك توك"),  # no-break space, RLM
    ],
)
def test_normalize(original: str, normalized: str) -> None:
    assert normalize(original) == normalized


def test_normalize_keeps_latin_and_digits() -> None:
    assert normalize("منظمة MENAT SAC عام 2024") == "منظمه MENAT SAC عام 2024"


def test_normalize_is_idempotent_on_corpus() -> None:
    for path in sorted(RAW_DIR.glob("*.txt")):
        once = normalize(path.read_text(encoding="utf-8"))
        assert normalize(once) == once


def test_tokenize_is_camel_tools_on_the_corpus() -> None:
    for path in sorted(RAW_DIR.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert tokenize(line) == simple_word_tokenize(line)


def test_tokenize_splits_punctuation_and_keeps_attached_letters() -> None:
    assert tokenize("“تيك توك”، 9 و11 سبتمبر.") == ["“", "تيك", "توك", "”", "،", "9", "و11", "سبتمبر", "."]


def test_count_words_ignores_punctuation() -> None:
    assert count_words("قال: “نعم”.") == 2


def test_has_arabic() -> None:
    assert has_arabic("TikTok تيك توك")
    assert not has_arabic("TikTok 2024")


@pytest.mark.parametrize(
    ("paragraph", "sentences"),
    [
        ("الأولى. الثانية! الثالثة؟ الرابعة? الخامسة", ["الأولى.", "الثانية!", "الثالثة؟", "الرابعة?", "الخامسة"]),
        ("بلغت النسبة 2.5 في المائة. ثم ارتفعت", ["بلغت النسبة 2.5 في المائة.", "ثم ارتفعت"]),
        ("نفذت بين 9 و11 سبتمبر 2024 عمليات أمنية.", ["نفذت بين 9 و11 سبتمبر 2024 عمليات أمنية."]),
        ("قال: “الأسرة أولا”. وأضاف", ["قال: “الأسرة أولا”.", "وأضاف"]),
        ("انتظر... ثم تكلم", ["انتظر...", "ثم تكلم"]),
        ("حدث مهم.. ثم آخر", ["حدث مهم..", "ثم آخر"]),
        ("نص”. ”.", ["نص”. ”."]),
        ("   ", []),
    ],
)
def test_split_sentences(paragraph: str, sentences: list[str]) -> None:
    assert split_sentences(paragraph) == sentences


def test_split_sentences_loses_no_text_on_corpus() -> None:
    for path in sorted(RAW_DIR.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert " ".join(split_sentences(line)).split() == line.split()
