"""Normalization, tokenization and sentence segmentation (analysis.text.arabic)."""

from __future__ import annotations

import os

import pytest
from camel_tools.tokenizers.word import simple_word_tokenize

from analysis.text.arabic import count_words, has_arabic, normalize, split_sentences, tokenize
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


def test_every_multi_character_emoji_holds_a_fallback_character() -> None:
    """Why the one-regex tokenizer is exact: text without these characters has no emoji sequence."""
    from camel_tools.utils.charsets import EMOJI_ALL_CHARSET

    from analysis.text.arabic import EMOJI_SEQUENCE_CHARACTERS

    sequences = [emoji for emoji in EMOJI_ALL_CHARSET if len(emoji) > 1]
    assert sequences and all(EMOJI_SEQUENCE_CHARACTERS.search(emoji) for emoji in sequences)


@pytest.mark.parametrize(
    "text",
    [
        "تيك توك 👍🏽 و 🇲🇦 و 1️⃣ و ©️ نص",  # emoji sequences: camel-tools path
        "سعر 100$ و 45% و «اقتباس» و (قوس) — شرطة… نقاط",
        "\u00a0نص\u2003مع\u3000مسافات\x1c غريبة\u200f",
        "ﺍﻟﺼﺤﺔ ﷲ ﷽ ﷼",  # presentation forms and the two characters camel-tools maps itself
        "",
        " مسافة في البداية",
        "مسافة في النهاية ",
        "مسافتان  بين كلمتين",
        "نص\tبجدولة\u2028وفاصل",
        "كلمة ً وحيدة",
        "ـــ تطويل",
        "\u064bبداية",
        "نهاية\u064b",
        "نص بلا شيء يحذف",  # deletions that leave spaces
    ],
)
def test_fast_paths_equal_camel_tools_on_awkward_text(text: str) -> None:
    from analysis.text.arabic import normalize_reference, tokenize_reference

    assert tokenize(text) == tokenize_reference(text)
    assert normalize(text) == normalize_reference(text)
    assert tokenize(normalize(text)) == tokenize_reference(normalize_reference(text))


AWKWARD_TEXTS = [
    "تيك توك 👍🏽 و 🇲🇦 و 1️⃣ و ©️ نص",
    "سعر 100$ و 45% و «اقتباس»",
    "\u00a0نص\u2003مع\u3000مسافات\x1c غريبة\u200f",
    "ﺍﻟﺼﺤﺔ ﷲ ﷽ ﷼",
    "",
    " مسافة في البداية",
    "مسافة في النهاية ",
    "مسافتان  بين كلمتين",
    "نص\tبجدولة\u2028وفاصل",
    "كلمة ً وحيدة",
    "\u064bبداية",
    "نهاية\u064b",
    "نص\rبسطرين",
    "نص بلا شيء يحذف",
    "إلى المستشفى",
]


@pytest.mark.parametrize(
    "texts", [AWKWARD_TEXTS, AWKWARD_TEXTS[1:2], [], [""], ["سطر\nوسطر آخر", "نص  عادي"], AWKWARD_TEXTS[3:] * 3]
)
def test_tokenize_all_equals_one_text_at_a_time(texts: list[str]) -> None:
    from analysis.text.arabic import tokenize_all

    assert tokenize_all(texts) == [tokenize(text) for text in texts]


def test_normalize_equals_the_camel_tools_reference_on_the_corpus() -> None:
    from analysis.text.arabic import normalize_reference

    for path in sorted(RAW_DIR.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert normalize(text) == normalize_reference(text)
        for line in text.splitlines():
            assert normalize(line) == normalize_reference(line)


SAUDINEWSNET = RAW_DIR.parents[2] / "shared" / "datasets" / "saudinewsnet"


@pytest.mark.skipif(
    not SAUDINEWSNET.is_dir() and os.environ.get("CI") != "true", reason="../shared/datasets/saudinewsnet is absent"
)
def test_fast_paths_equal_camel_tools_on_1000_benchmark_articles() -> None:
    from analysis.corpus.reading import read_corpus
    from analysis.text.arabic import normalize_reference, tokenize_all, tokenize_reference

    fields = {"title": "title", "content": "content"}
    articles = [article for _, article in zip(range(1000), read_corpus(SAUDINEWSNET / "2015-07-21.zip", fields=fields))]
    assert len(articles) == 1000
    for article in articles:
        text = article.text or ""
        assert tokenize(text) == tokenize_reference(text), article.article_id
        normalized = normalize(text)
        assert normalized == normalize_reference(text), article.article_id
        assert tokenize(normalized) == tokenize_reference(normalized), article.article_id
        lines = text.splitlines()  # lines, as the pipeline normalizes sentences
        assert list(map(normalize, lines)) == list(map(normalize_reference, lines)), article.article_id
        assert tokenize_all(lines) == list(map(tokenize_reference, lines)), article.article_id


def test_alphanumeric_is_str_isalnum_on_every_code_point() -> None:
    from analysis.text.arabic import ALPHANUMERIC

    differ = [code for code in range(0x110000) if (ALPHANUMERIC.match(chr(code)) is not None) != chr(code).isalnum()]
    assert differ == []


@pytest.mark.parametrize("text", ["نص عربي", "👍", "a\ufe0f", "\u200d", "#\u20e3", "\ud83d", "\U0001f1f2", "", "x𝔸y"])
def test_emoji_sequence_test_equals_its_character_class(text: str) -> None:
    from analysis.text.arabic import EMOJI_SEQUENCE_CHARACTERS, may_hold_emoji_sequence

    assert may_hold_emoji_sequence(text) == (EMOJI_SEQUENCE_CHARACTERS.search(text) is not None)


def test_count_word_tokens_equals_counting_is_word() -> None:
    from analysis.text.arabic import count_word_tokens, is_word

    for path in sorted(RAW_DIR.glob("*.txt")):
        tokens = tokenize(path.read_text(encoding="utf-8")) + ["ً", "ـ", "٣", "%", "x1", "اهتمامًا"]
        assert count_word_tokens(tokens) == sum(map(is_word, tokens))
