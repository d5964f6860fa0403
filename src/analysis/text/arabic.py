"""Arabic text: the project's one normalizer, its sentence splitter and its tokenizer.

Original text is kept for display and quotes; ``normalize`` derives the form used for
matching. Both ``normalize`` and ``tokenize`` give exactly what camel-tools' offline
utilities give (``normalize_reference``, ``tokenize_reference``; proven on the corpus
and on benchmark articles by the tests) in one or two passes in C instead of five, so
tens of thousands of articles stay cheap. camel-tools' downloadable data packages are
never needed.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import filterfalse

from camel_tools.tokenizers.word import simple_word_tokenize
from camel_tools.utils.charsets import AR_DIAC_CHARSET, EMOJI_ALL_CHARSET, UNICODE_PUNCT_SYMBOL_CHARSET
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
    normalize_unicode,
)

TATWEEL = "\u0640"
ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
INVISIBLE_FORMAT_CHARS = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")
WHITESPACE_RUN = re.compile(r"\s+")

# A sentence ends after a run of terminal marks (. ! ? ؟ …) and any closing quotes or
# brackets, where white space or the end of the text follows. "2.5" never splits
# (no space after the dot); a line end always ends a sentence (lines are split first).
SENTENCE_END = re.compile(r"[.!?؟…]+[\"'”’»)\]]*(?=\s|$)")


def normalize_reference(text: str) -> str:
    """The normalization spelled out with camel-tools' functions (the reference path).

    Steps, in order: Unicode NFKC (camel-tools ``normalize_unicode``, which also maps
    presentation forms to base letters), removal of invisible format characters,
    diacritics (``dediac_ar``) and tatweel, alef variants to bare alef, alef maksura to
    yeh, teh marbuta to heh (camel-tools), white space collapsed to single spaces.
    """
    text = normalize_unicode(text)
    text = INVISIBLE_FORMAT_CHARS.sub("", text)
    text = dediac_ar(text).replace(TATWEEL, "")
    text = normalize_alef_ar(text)
    text = normalize_alef_maksura_ar(text)
    text = normalize_teh_marbuta_ar(text)
    return WHITESPACE_RUN.sub(" ", text).strip()


_CAMEL_UNICODE_FIXES = (("\ufdfc", "ريال"), ("\ufdfd", "بسم الله الرحمن الرحيم"))  # camel-tools' map before NFKC
_DELETED = re.compile(
    "[" + "".join(sorted(AR_DIAC_CHARSET)) + TATWEEL + "\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]"
)
_WHITESPACE_CHARACTERS = "".join(chr(code) for code in range(0x3100) if chr(code).isspace())  # every one
_DELETED_OR_OTHER_SPACE = re.compile(_DELETED.pattern[:-1] + _WHITESPACE_CHARACTERS.replace(" ", "") + "]")
_REPLACED = (
    ("\u0625", "\u0627"),
    ("\u0623", "\u0627"),
    ("\u0671", "\u0627"),
    ("\u0622", "\u0627"),
    ("\u0649", "\u064a"),
    ("\u0629", "\u0647"),
)


def normalize(text: str) -> str:
    """Normalize Arabic text for matching (never for display).

    Same result as ``normalize_reference`` (NFKC; no invisible format characters,
    diacritics or tatweel; alef variants to ا, ى to ي, ة to ه; white space collapsed),
    computed in a few passes in C: NFKC only when the text is not already NFKC, six
    replacements, and the deletion and a split-and-join only when a character to
    delete or a white-space run other than single spaces is there.

    Parameters
    ----------
    text: original text, any length.

    Returns
    -------
    The normalized text; Latin letters and digits are left as they are.
    """
    if not unicodedata.is_normalized("NFKC", text) or "\ufdfc" in text or "\ufdfd" in text:
        for old, new in _CAMEL_UNICODE_FIXES:
            text = text.replace(old, new)
        text = unicodedata.normalize("NFKC", text)
    for old, new in _REPLACED:
        if old in text:
            text = text.replace(old, new)
    if _DELETED_OR_OTHER_SPACE.search(text) is None and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # nothing to delete, spaces already single (most sentences)
    return " ".join(_DELETED.sub("", text).split())


# camel-tools' simple_word_tokenize splits white-space separated words at every
# punctuation mark or symbol (Unicode P* and S*, and single-character emoji), keeping
# multi-character emoji sequences whole. Every such sequence holds one of the
# characters below (a test checks it), so text without them is tokenized exactly by
# one regular expression; text with them goes through camel-tools itself. So does text
# with characters beyond the Basic Multilingual Plane (most emoji): the expression's
# classes then stay bitmaps, checked in constant time per character.
_SPLIT_CHARACTERS = "".join(
    sorted(
        char
        for char in UNICODE_PUNCT_SYMBOL_CHARSET | {e for e in EMOJI_ALL_CHARSET if len(e) == 1}
        if ord(char) < 0x10000
    )
)
_SPLIT_SET = frozenset(_SPLIT_CHARACTERS)
EMOJI_SEQUENCE_CHARACTERS = re.compile("[\ufe0f\u200d\u20e3\U00010000-\U0010ffff]")
_TOKEN = re.compile(  # words first: most tokens are words (the two alternatives never start alike)
    f"[^{re.escape(_SPLIT_CHARACTERS)}{re.escape(_WHITESPACE_CHARACTERS)}]+|[{re.escape(_SPLIT_CHARACTERS)}]"
)


def tokenize_reference(text: str) -> list[str]:
    """camel-tools' ``simple_word_tokenize`` (the reference path)."""
    return simple_word_tokenize(text)


def tokenize(text: str) -> list[str]:
    """Split text into tokens exactly as camel-tools' ``simple_word_tokenize`` does.

    Words, numbers and each punctuation mark or symbol are separate tokens; one regular
    expression pass (camel-tools itself for text holding emoji sequences).
    """
    if may_hold_emoji_sequence(text):
        return simple_word_tokenize(text)
    return _TOKEN.findall(text)


def tokenize_all(texts: list[str]) -> list[list[str]]:
    """``[tokenize(text) for text in texts]``, with one emoji-sequence test for all texts."""
    if may_hold_emoji_sequence("".join(texts)):
        return list(map(tokenize, texts))
    return list(map(_TOKEN.findall, texts))


def may_hold_emoji_sequence(text: str) -> bool:
    """True when ``text`` holds a character of ``EMOJI_SEQUENCE_CHARACTERS``: U+FE0F,
    U+200D, U+20E3, or one beyond the Basic Multilingual Plane (it takes two UTF-16
    code units; three substring tests and one encoding, all in C)."""
    return (
        "\ufe0f" in text
        or "\u200d" in text
        or "\u20e3" in text
        or len(text.encode("utf-16-le", "surrogatepass")) > 2 * len(text)
    )


ALPHANUMERIC = re.compile(r"[^\W_]")
"""One letter or digit: exactly the characters for which ``str.isalnum`` is true (a test
checks every code point)."""


def has_alphanumeric(text: str) -> bool:
    """True when ``text`` holds a letter or a digit."""
    return ALPHANUMERIC.search(text) is not None


def is_word(token: str) -> bool:
    """True for a token holding a letter or a digit (not punctuation or a symbol)."""
    return has_alphanumeric(token)


def count_words(text: str) -> int:
    """Number of word tokens (letters or digits) in ``text``; punctuation is not counted."""
    return count_word_tokens(tokenize(text))


def count_word_tokens(tokens: list[str]) -> int:
    """Number of tokens holding a letter or a digit (``is_word``), counted in C where
    possible: alphanumeric tokens are words, punctuation and symbol tokens are not, and
    only the rare rest is examined character by character."""
    non_alphanumeric = list(filterfalse(str.isalnum, tokens))
    unusual = filterfalse(_SPLIT_SET.__contains__, non_alphanumeric)
    return len(tokens) - len(non_alphanumeric) + sum(map(is_word, unusual))


def has_arabic(text: str) -> bool:
    """True when ``text`` holds at least one Arabic letter."""
    return ARABIC_LETTER.search(text) is not None


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph (one line of article text) into sentences.

    A sentence ends at ``.``, ``!``, ``?``, ``؟`` or ``…`` (a run of them counts once)
    followed by white space or the paragraph's end; closing quotes stay with their
    sentence. A fragment without any letter or digit (a stray quote) joins the
    sentence before it, so no text is ever lost.

    Returns
    -------
    The sentences in order, stripped; joined with spaces they give back the paragraph
    up to white space.
    """
    sentences: list[str] = []
    start = 0
    for match in SENTENCE_END.finditer(paragraph):
        _append_sentence(sentences, paragraph[start : match.end()])
        start = match.end()
    _append_sentence(sentences, paragraph[start:])
    return sentences


def _append_sentence(sentences: list[str], fragment: str) -> None:
    fragment = fragment.strip()
    if not fragment:
        return
    if sentences and not has_alphanumeric(fragment):
        sentences[-1] = f"{sentences[-1]} {fragment}"
    else:
        sentences.append(fragment)
