"""Arabic text: the project's one normalizer, its sentence splitter and its tokenizer.

Original text is kept for display and quotes; ``normalize`` derives the form used for
matching. Everything here works offline: only camel-tools' character utilities and
word tokenizer are used (its downloadable data packages are never needed).
"""

from __future__ import annotations

import re

from camel_tools.tokenizers.word import simple_word_tokenize
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


def normalize(text: str) -> str:
    """Normalize Arabic text for matching (never for display).

    Steps, in order: Unicode NFKC (camel-tools ``normalize_unicode``, which also maps
    presentation forms to base letters), removal of invisible format characters,
    diacritics (``dediac_ar``) and tatweel, alef variants to bare alef, alef maksura to
    yeh, teh marbuta to heh (camel-tools), white space collapsed to single spaces.

    Parameters
    ----------
    text: original text, any length.

    Returns
    -------
    The normalized text; Latin letters and digits are left as they are.
    """
    text = normalize_unicode(text)
    text = INVISIBLE_FORMAT_CHARS.sub("", text)
    text = dediac_ar(text).replace(TATWEEL, "")
    text = normalize_alef_ar(text)
    text = normalize_alef_maksura_ar(text)
    text = normalize_teh_marbuta_ar(text)
    return WHITESPACE_RUN.sub(" ", text).strip()


def tokenize(text: str) -> list[str]:
    """Split text into tokens exactly as camel-tools' ``simple_word_tokenize`` does.

    Words, numbers and each punctuation mark or symbol are separate tokens.
    """
    return simple_word_tokenize(text)


def is_word(token: str) -> bool:
    """True for a token holding a letter or a digit (not punctuation or a symbol)."""
    return any(char.isalnum() for char in token)


def count_words(text: str) -> int:
    """Number of word tokens (letters or digits) in ``text``; punctuation is not counted."""
    return sum(1 for token in tokenize(text) if is_word(token))


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
    if sentences and not any(char.isalnum() for char in fragment):
        sentences[-1] = f"{sentences[-1]} {fragment}"
    else:
        sentences.append(fragment)
