"""Page furniture: the rules that recognize lines that are not article text.

Scraped news pages carry tickers of other headlines, "follow us" prompts, comment forms
and their rules, stray symbols, the outlet's name, bylines and datelines. Each rule here
has a name (recorded in ``removed_lines.csv``), a one-line description and a test that
reads one line at a time. Rules are general: none names a specific article.

Rules that need the article around a line (the title, its repeats, the comment section,
the outlet's name and byline) are applied by ``analysis.clean.articles``; their names and
descriptions are listed here too, so ``RULES`` documents every rule in one place.

To add a rule: write a function ``str -> bool``, add a ``LineRule`` to ``LINE_RULES``
(order matters: the first rule that matches names the removal), document it in
``data/processed/README.md`` and add a positive and a negative real line to
``tests/test_furniture.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Callable

from analysis.config.data_files import DataFileError, read_yaml, require_mapping, where
from analysis.config.paths import FURNITURE_FILE, NEWS_AGENCIES_FILE
from analysis.text.arabic import has_alphanumeric, normalize

# Lines longer than these word counts are never furniture of the kind named.
MAX_PROMPT_WORDS = 10
MAX_TICKER_WORDS = 25
MAX_BYLINE_WORDS = 10
MAX_COMMENT_SECTION_WORDS = 25
MAX_FOLLOW_WORDS = 15
MAX_COMMENT_COUNTER_WORDS = 4
MAX_COMMENT_QUESTION_WORDS = 6
MAX_COPYRIGHT_WORDS = 12
MAX_SHARE_WORDS = 15
MAX_SHARE_PROMPT_WORDS = 5
MAX_NAVIGATION_WORDS = 15
MAX_MENU_ITEM_WORDS = 3
MAX_STAMP_WORDS = 15
MAX_STAMP_OTHER_WORDS = 2
MAX_NEWSLETTER_WORDS = 20
MAX_CAPTION_WORDS = 15
MAX_GLUED_SPAN_WORDS = 20
LONGEST_FURNITURE_WORDS = max(MAX_PROMPT_WORDS, MAX_TICKER_WORDS, MAX_BYLINE_WORDS, MAX_COMMENT_SECTION_WORDS)

DASH = r"[-–—]"
INVISIBLE = "\u00a0\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u202f\u2007"

CLOCK_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
CLOCK_TIME_AT_START = re.compile(r"^[-–—•*·▪]?\s*\d{1,2}:\d{2}(?!\d)")
# A comment word as a whole word, with the clitics و ف ب ل and the article: "بالتعليق", "تعليقك"
# ("يتعلق", "يعلق الجرس" are other words).
COMMENT_WORD = re.compile(
    r"(?<!\w)(?:[وفبل]|وب|فب)?(?:ال|لل)?(?:تعليق|تعليقك|تعليقكم|تعليقات|تعليقاتكم|علّق|علق|comments?)(?!\w)",
    re.IGNORECASE,
)
COMMENT_POLICY = re.compile(
    r"(التعليقات المنشورة|شروط النشر|لا تعبر بالضرورة عن|لا تعبر عن رأي|"
    r"يحتفظ الموقع بحق|سياسة التعليق)"
)
# "إعداد" and "تحرير" also open real phrases ("إعداد جيل", "تحرير تعز"): they need a colon.
BYLINE_AT_START = re.compile(
    r"^(?:(?:بقلم|كتب|كتبت|بواسطة|by)\s*[:：]?|(?:إعداد|اعداد|تحرير)\s*[:：])\s*\S", re.IGNORECASE
)
# "X - Y": the byline shape "OUTLET - AUTHOR" (also "PLACE - AGENCY", told apart by
# the agency list). Spaces around the dash keep hyphenated words out.
DASH_PAIR = re.compile(rf"^(?P<left>.+?)\s+{DASH}\s+(?P<right>.+)$")
DASH_BETWEEN_SPACES = re.compile(rf"\s{DASH}\s")
DATELINE_MARK = re.compile(rf"{DASH}|\(")
BREADCRUMB_SEPARATOR = re.compile(r"\s+[>»›|/•·]\s+|\s*[>»›|]\s*")
BREADCRUMB_SEPARATOR_NO_GUILLEMET = re.compile(r"\s+[>›|/•·]\s+|\s*[>›|]\s*")
"""The separators of a line that quotes with « »: there "»" closes a quote."""
MIN_MENU_ITEMS = 3
MIN_DASH_MENU_ITEMS = 4
"""A dash between short items is common in prose ("X - Y - Z"): a menu of dashes needs more items."""
SENTENCE_END_AT_END = re.compile(r"[.!?؟…][\"'”’»)]*$")
SENTENCE_OR_QUOTE_END = frozenset(".!?؟…\"'”’»):")
"""The characters a word ending a sentence (``SENTENCE_END_AT_END``) or opening a quote can end with."""
WORD_EDGE = ".,،:;؛!?؟-–—|•·*()[]{}«»\"'“”‘’/\\<>›‹+_#=~…"
"""Punctuation and bullets stripped from both ends of a word before matching phrases."""
SHARE_BAR_KINDS = ("share", "platforms")
DATELINE_MAX_CHARACTERS = 120
"""A dateline's dash or bracket stands within a line's first characters."""


@dataclass(frozen=True)
class LineRule:
    """A named furniture rule that reads one line (stripped of outer white space)."""

    name: str
    description: str
    matches: Callable[[str], bool]


def word_count(line: str) -> int:
    """Number of white-space separated words in ``line``."""
    return len(line.split())


MAX_CHARACTERS_PER_WORD = 30
"""A line longer than this many characters per allowed word is never short furniture
(checked before counting words, so long paragraphs are passed over at once)."""


def is_short(line: str, max_words: int) -> bool:
    """True when ``line`` has at most ``max_words`` words (and is not absurdly long).

    Splitting stops after ``max_words`` splits, so a paragraph costs no more than a
    short line."""
    return len(line) <= MAX_CHARACTERS_PER_WORD * max_words and len(line.split(maxsplit=max_words)) <= max_words


def strip_line(line: str) -> str:
    """A line without outer white space, no-break spaces or invisible format characters."""
    return line.strip().strip(INVISIBLE).strip()


def is_whitespace_only(line: str) -> bool:
    """A non-empty line made only of spaces, no-break spaces or invisible characters."""
    return line != "" and strip_line(line) == ""


def is_lone_symbol(line: str) -> bool:
    """A line with no letter and no digit: asterisks, bullets, dashes, rules."""
    return line != "" and not has_alphanumeric(line)


def is_ticker(line: str) -> bool:
    """A headline of another story behind a clock time: ``- 16:04Headline``."""
    return CLOCK_TIME_AT_START.match(line) is not None and is_short(line, MAX_TICKER_WORDS)


def is_follow_prompt(line: str) -> bool:
    """A short "follow us on Facebook" / "subscribe to our channel" prompt (verbs and
    platforms from ``data/lexicons/furniture.yaml``)."""
    if not is_short(line, MAX_FOLLOW_WORDS):
        return False
    keys = line_keys(line)
    return phrase_at(keys, 0, "follow") > 0 and any(phrase_at(keys, i, "platforms") for i in range(len(keys)))


def is_comment_form(line: str) -> bool:
    """A short prompt of a comment form or a comment counter: "هل ترغب بالتعليق على الموضوع؟",
    "أضف تعليقك", "كن أول من يعلق", "التعليقات (3)". A comment word alone is not enough in a
    longer line ("وفك تعليق السهم": suspension): the line must be a question or a phrase of
    the lexicon."""
    if not is_short(line, MAX_PROMPT_WORDS):
        return False
    if phrase_at(line_keys(line), 0, "comment"):
        return True
    question = is_short(line, MAX_COMMENT_QUESTION_WORDS) and line.rstrip().endswith(("؟", "?", ":"))
    prompt_shaped = is_short(line, MAX_COMMENT_COUNTER_WORDS) or question
    return prompt_shaped and COMMENT_WORD.search(line) is not None


def is_comment_policy(line: str) -> bool:
    """A line of the site's comment or publication rules, bulleted or not."""
    return is_short(line, MAX_COMMENT_SECTION_WORDS) and COMMENT_POLICY.search(line) is not None


def is_author_byline(line: str) -> bool:
    """A short "بقلم: NAME" / "كتب: NAME" byline, or "تقرير: NAME" with a word of the lexicon
    followed by a colon or a dash."""
    if not is_short(line, MAX_BYLINE_WORDS):
        return False
    return BYLINE_AT_START.match(line) is not None or _labelled("byline").match(normalize(line)) is not None


def is_share_bar(line: str) -> bool:
    """A share bar: share prompts, platform names and separators only ("شارك هذا الخبر",
    "فيسبوك | تويتر | واتساب"), or a very short line opening with a share prompt."""
    if not is_short(line, MAX_SHARE_WORDS):
        return False
    keys = line_keys(line)
    end, items = furniture_run(keys, 0, SHARE_BAR_KINDS)
    if end == len(keys) and items:
        return True
    opening = phrase_at(keys, 0, "share")
    return opening > 1 and is_short(line, MAX_SHARE_PROMPT_WORDS) and SENTENCE_END_AT_END.search(line) is None


def is_navigation(line: str) -> bool:
    """A breadcrumb or menu: "الرئيسية > أخبار > محليات", "أخبار | اقتصاد | رياضة".

    Items are words: a numbered list item ("3 - تطبيق «فيسبوك» Facebook"), a line ending
    like a sentence, or a "»" that closes a "«" quote does not make a menu."""
    if not is_short(line, MAX_NAVIGATION_WORDS):
        return False
    if phrase_at(line_keys(line), 0, "navigation"):
        return True
    if SENTENCE_END_AT_END.search(line):
        return False
    separator = BREADCRUMB_SEPARATOR if "«" not in line else BREADCRUMB_SEPARATOR_NO_GUILLEMET
    return _menu_items(separator.split(line), MIN_MENU_ITEMS) or _menu_items(
        DASH_BETWEEN_SPACES.split(line), MIN_DASH_MENU_ITEMS
    )


def _menu_items(items: list[str], min_items: int) -> bool:
    """True for at least ``min_items`` items of 1 to 3 words, each with a letter."""
    words = [item.split() for item in items]
    return len(words) >= min_items and all(
        0 < len(item) <= MAX_MENU_ITEM_WORDS and any(character.isalpha() for character in "".join(item))
        for item in words
    )


def is_related_links(line: str) -> bool:
    """The header or a line of a "read also" / "most read" / "related" box or ticker."""
    return is_short(line, MAX_TICKER_WORDS) and phrase_at(line_keys(line), 0, "related") > 0


def is_box_header(line: str) -> bool:
    """A box header alone on its line: "الأكثر قراءة", "مواضيع ذات صلة", "قد يهمك أيضا"
    (the phrase and at most one more word)."""
    keys = [key for key in line_keys(line) if key]
    end, _ = furniture_run(tuple(keys), 0, ("related",))
    return end > 0 and len(keys) - end <= 1


def is_timestamp(line: str) -> bool:
    """An update or publication stamp ("آخر تحديث: ...", "نشر في 23 يوليو 2015 الساعة
    11:40"), or a short line made of a date and time ("الخميس 6 أغسطس 2015 م", "منذ 3 ساعات")."""
    if not is_short(line, MAX_STAMP_WORDS):
        return False
    keys = line_keys(line)
    if phrase_at(keys, 0, "timestamp") and any(character.isdigit() for character in line):
        return True
    date_words, digits, others, i = 0, 0, 0, 0
    while i < len(keys):
        length = phrase_at(keys, i, "date_words")
        if not keys[i]:
            i += 1
        elif any(character.isdigit() for character in keys[i]):
            digits, i = digits + 1, i + 1
        elif length:
            # a single letter (م، ص، هـ) alone does not make a date: "موسم 2014 - 2015 م"
            date_words, i = date_words + (length > 1 or len(keys[i]) > 1), i + length
        else:
            others, i = others + 1, i + 1
    clock = CLOCK_TIME.search(line) is not None
    return digits >= 1 and (date_words >= 1 or clock) and others <= MAX_STAMP_OTHER_WORDS


def is_copyright(line: str) -> bool:
    """A copyright notice: "جميع الحقوق محفوظة © 2015"."""
    if "©" in line:
        return is_short(line, MAX_TICKER_WORDS)
    return is_short(line, MAX_COPYRIGHT_WORDS) and _contains(line_keys(line), "copyright")


def is_newsletter_prompt(line: str) -> bool:
    """A newsletter prompt: "اشترك في النشرة البريدية"."""
    return is_short(line, MAX_NEWSLETTER_WORDS) and _contains(line_keys(line), "newsletter")


def is_advertisement_label(line: str) -> bool:
    """An advertisement label alone on its line: "إعلان", "مساحة إعلانية"."""
    keys = line_keys(line)
    end, items = furniture_run(keys, 0, ("advertisement",))
    return end == len(keys) and items == 1


def is_photo_caption(line: str) -> bool:
    """A photo caption or credit: "صورة أرشيفية", "(تصوير: ...)", "الصورة: من المصدر"."""
    return is_short(line, MAX_CAPTION_WORDS) and _labelled("caption").match(normalize(line)) is not None


def is_tag_row(line: str) -> bool:
    """A row of tags: "الوسوم: ..."."""
    return is_short(line, MAX_TICKER_WORDS) and _labelled("tags").match(normalize(line)) is not None


def is_end_mark(line: str) -> bool:
    """A wire-copy end mark or a "more" link alone on its line: "// انتهى //", "...المزيد"."""
    keys = line_keys(line)
    end, items = furniture_run(keys, 0, ("end_mark",))
    return end == len(keys) and items == 1


LINE_RULES: tuple[LineRule, ...] = (
    LineRule("whitespace_only", "a line of spaces, no-break spaces or invisible characters", is_whitespace_only),
    LineRule("lone_symbol", "a line with no letter or digit (asterisks, bullets, dashes)", is_lone_symbol),
    LineRule("timestamp", "an update or publication stamp, or a line of date and time", is_timestamp),
    LineRule("ticker", "another story's headline behind a clock time ('- 16:04Headline')", is_ticker),
    LineRule("follow_prompt", "a short 'follow us on <platform>' or 'subscribe' prompt", is_follow_prompt),
    LineRule("comment_rules", "the site's comment or publication rules", is_comment_policy),
    LineRule("comment_form", "a short prompt of the comment form ('do you want to comment?')", is_comment_form),
    LineRule("byline", "a short 'by NAME' line (بقلم، كتب، إعداد ...)", is_author_byline),
    LineRule("share_bar", "share prompts and platform names ('شارك هذا الخبر', 'فيسبوك | تويتر')", is_share_bar),
    LineRule("navigation", "a breadcrumb, menu or next/previous line ('الرئيسية > أخبار')", is_navigation),
    LineRule("related_links", "a 'read also' / 'most read' / ticker line or box header", is_related_links),
    LineRule("copyright", "a copyright notice ('جميع الحقوق محفوظة ©')", is_copyright),
    LineRule("newsletter", "a newsletter prompt ('اشترك في النشرة البريدية')", is_newsletter_prompt),
    LineRule("advertisement", "an advertisement label alone on its line ('إعلان')", is_advertisement_label),
    LineRule("photo_caption", "a photo caption or credit ('صورة أرشيفية', '(تصوير: ...)')", is_photo_caption),
    LineRule("tags", "a row of tags ('الوسوم: ...')", is_tag_row),
    LineRule("end_mark", "a wire end mark or 'more' link alone on its line ('// انتهى //')", is_end_mark),
)

CONTEXT_RULES: dict[str, str] = {
    "dateline": "a 'PLACE – AGENCY' line (agency from data/lexicons/news_agencies.yaml); moved to `dateline`",
    "byline": "'OUTLET - AUTHOR', where OUTLET is the outlet's name (from metadata or a line of its own)",
    "outlet_name": "a line that is only the outlet's name",
    "embedded_post": "a line of an embedded social-media post (a tweet's text, link and '— Name (@handle) date' "
    "line; an Instagram, Facebook, TikTok or YouTube embed): set apart in `embedded_posts`",
    "repeated_title": "the title again (ignoring spacing, quote marks and diacritics)",
    "comment_rules": "a short line after the comment form (notes, bullets of the comment rules)",
    "related_links": "the short headline-shaped lines under a box header (the box's items)",
    "share_bar": "share prompts and platform names glued to the start or end of a line of text",
    "tags": "a row of tags glued to the end of a line of text, after its last sentence",
    "repeated_line": "a line, or the opening or closing words of a first or last line, repeated in at least "
    "`furniture_min_repeats` articles of the same outlet (clean_corpus)",
}

RULES: dict[str, str] = {rule.name: rule.description for rule in LINE_RULES} | CONTEXT_RULES
"""Every rule name the cleaning stage can record, with its description."""


def match_line_rule(line: str, stripped: str | None = None) -> str | None:
    """Name of the first line rule that matches ``line`` (raw, unstripped), or None.

    ``stripped``: ``strip_line(line)`` when the caller has it already.
    """
    stripped = strip_line(line) if stripped is None else stripped
    if not stripped:
        return "whitespace_only" if line else None
    if is_lone_symbol(stripped):
        return "lone_symbol"
    if not is_short(stripped, LONGEST_FURNITURE_WORDS):
        return None  # every other rule is for short lines: a paragraph is passed over at once
    for rule in LINE_RULES[2:]:
        if rule.matches(stripped):
            return rule.name
    return None


@cache
def news_agencies() -> tuple[str, ...]:
    """Normalized agency names from ``data/lexicons/news_agencies.yaml``, longest first."""
    data = require_mapping(read_yaml(NEWS_AGENCIES_FILE), NEWS_AGENCIES_FILE, "needs an 'agencies:' list")
    entries = data.get("agencies")
    if not isinstance(entries, list) or not entries:
        raise DataFileError(f"{where(NEWS_AGENCIES_FILE, data)}: needs an 'agencies:' list of {{name, gloss}} entries")
    for position, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("gloss"):
            raise DataFileError(
                f"{where(NEWS_AGENCIES_FILE, entry)}: entry {position} needs a non-empty 'name' and 'gloss'"
            )
    names = {normalize(entry["name"]) for entry in entries}
    return tuple(sorted(names, key=lambda name: (-len(name), name)))


@cache
def _dateline_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    agency = "|".join(re.escape(name) for name in news_agencies())
    place = r"[^\W\d_]+(?:\s+[^\W\d_]+){0,2}"
    head = rf"{place}\s*(?:{DASH}\s*(?:{agency})|\(\s*(?:{agency})\s*\))"
    whole_line = re.compile(rf"^{head}\s*(?:[:：]|{DASH})?$")
    line_opening = re.compile(rf"^{head}\s*(?:[:：]|{DASH})\s*(?=\S)")
    return whole_line, line_opening


def split_dateline(line: str, normalized: str | None = None) -> tuple[str, str]:
    """Split a leading "PLACE – AGENCY" dateline off a line.

    Parameters
    ----------
    line: one stripped line of the article.
    normalized: ``normalize(line)`` when the caller has it already.

    Returns
    -------
    ``(dateline, rest)``: the dateline as written (empty when there is none) and the
    text after it (empty when the whole line is the dateline).
    """
    if not DATELINE_MARK.search(line, 0, DATELINE_MAX_CHARACTERS):
        return "", line
    normalized = normalize(line) if normalized is None else normalized
    whole_line, line_opening = _dateline_patterns()
    if whole_line.match(normalized):
        return line, ""
    opening = line_opening.match(normalized)
    if opening is None:
        return "", line
    # Map the normalized match back onto the original: count its words.
    n_words = len(opening.group(0).split())
    original_words = line.split()
    dateline = " ".join(original_words[:n_words]).rstrip(":：-–— ")
    return dateline, " ".join(original_words[n_words:])


def dash_pair(line: str) -> tuple[str, str] | None:
    """The two sides of a short "LEFT - RIGHT" line (a byline's shape), or None."""
    if not is_short(line, MAX_BYLINE_WORDS) or not DASH_BETWEEN_SPACES.search(line):
        return None
    pair = DASH_PAIR.match(line)
    return (pair.group("left"), pair.group("right")) if pair else None


FURNITURE_SECTIONS = (
    "platforms",
    "share",
    "follow",
    "related",
    "timestamp",
    "date_words",
    "copyright",
    "comment",
    "newsletter",
    "advertisement",
    "byline",
    "caption",
    "navigation",
    "tags",
    "end_mark",
    "function_words",
)
"""The sections of ``data/lexicons/furniture.yaml`` (see the file for how each is used)."""


@lru_cache(maxsize=1 << 18)
def word_key(word: str) -> str:
    """A word as phrases are matched: normalized, lower case, outer punctuation stripped."""
    return normalize(word).lower().strip(WORD_EDGE)


@cache
def furniture_vocabulary() -> dict[str, dict[str, tuple[tuple[str, ...], ...]]]:
    """The phrases of ``data/lexicons/furniture.yaml`` as word-key tuples, per section.

    Returns ``{section: {first word: phrases starting with it, longest first}}``; a
    malformed file raises ``DataFileError`` naming the file and the line.
    """
    data = require_mapping(read_yaml(FURNITURE_FILE), FURNITURE_FILE, "needs one list per section")
    vocabulary: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = {}
    for section in FURNITURE_SECTIONS:
        entries = data.get(section)
        if not isinstance(entries, list) or not entries:
            raise DataFileError(
                f"{where(FURNITURE_FILE, data)}: needs a '{section}:' list of {{phrase, gloss}} entries"
            )
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for position, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict) or not entry.get("phrase") or not entry.get("gloss"):
                raise DataFileError(
                    f"{where(FURNITURE_FILE, entry)}: {section} entry {position} needs a non-empty 'phrase' and 'gloss'"
                )
            words = tuple(key for key in map(word_key, str(entry["phrase"]).split()) if key)
            if words:
                by_first.setdefault(words[0], []).append(words)
        vocabulary[section] = {
            first: tuple(sorted(set(phrases), key=lambda phrase: (-len(phrase), phrase)))
            for first, phrases in by_first.items()
        }
    unknown = sorted(set(data) - set(FURNITURE_SECTIONS))
    if unknown:
        raise DataFileError(
            f"{where(FURNITURE_FILE, data)}: unknown section '{unknown[0]}'; valid: {', '.join(FURNITURE_SECTIONS)}"
        )
    return vocabulary


@lru_cache(maxsize=8192)
def line_keys(line: str) -> tuple[str, ...]:
    """The word keys of a line, one per white-space separated word (empty for punctuation)."""
    return tuple(word_key(word) for word in line.split())


def phrase_at(keys: tuple[str, ...], start: int, section: str) -> int:
    """Number of words of the longest phrase of ``section`` starting at word ``start`` (0: none)."""
    if start >= len(keys) or not keys[start]:
        return 0
    for phrase in furniture_vocabulary()[section].get(keys[start], ()):
        if keys[start : start + len(phrase)] == phrase:
            return len(phrase)
    return 0


def _contains(keys: tuple[str, ...], section: str) -> bool:
    return any(phrase_at(keys, i, section) for i in range(len(keys)))


def furniture_run(keys: tuple[str, ...], start: int, sections: tuple[str, ...]) -> tuple[int, int]:
    """Read phrases of ``sections`` (and punctuation) from word ``start`` on.

    Returns ``(end, phrases)``: the index of the first word that is not one, and how many
    phrases were read.
    """
    end, phrases = start, 0
    while end < len(keys):
        if not keys[end]:
            end += 1
            continue
        length = max(phrase_at(keys, end, section) for section in sections)
        if not length:
            break
        end, phrases = end + length, phrases + 1
    return end, phrases


@cache
def _labelled(section: str) -> re.Pattern[str]:
    """A line (normalized) opening with a phrase of ``section`` followed by a colon, a dash,
    a closing bracket or the line end; or by anything when the phrase has several words."""
    data = read_yaml(FURNITURE_FILE)
    phrases = sorted({normalize(str(entry["phrase"])) for entry in data[section]}, key=lambda p: (-len(p), p))
    single = "|".join(re.escape(phrase) for phrase in phrases if " " not in phrase)
    multi = "|".join(re.escape(phrase) for phrase in phrases if " " in phrase) or "(?!)"
    return re.compile(
        rf"^[\s(\[«\"'“-]*(?:(?:{single})\s*(?:[:：)\]]|{DASH}|$)|(?:{multi})(?:\s|[:：)\]]|$))", re.IGNORECASE
    )


GLUED_OPENING = ("share", "platforms")
"""What a glued share bar is made of (it must open with a share prompt and name a platform)."""


def split_glued(line: str) -> tuple[tuple[str, str], str, tuple[str, str]]:
    """Cut furniture glued to the start or end of a line of article text.

    At the start: a share bar (a share prompt, then platform names, e.g. "شارك عبر فيسبوك
    تويتر" before the first sentence). At the end, after the last sentence: a share bar or
    prompt, a "read also" link with its headline ("اقرأ أيضا: ..."), or a row of tags.

    Returns
    -------
    ``((opening, rule), rest, (closing, rule))``: the spans cut off as written (empty when
    none) with their rule names, and the text that stays.
    """
    words = line.split()
    if not _may_hold_glued(words):  # most lines: answered from a few word keys
        return ("", ""), " ".join(words), ("", "")
    # Only the edges can hold glued furniture: key the first and last words only.
    edge = MAX_GLUED_SPAN_WORDS + 1
    keys = tuple(map(word_key, words)) if len(words) <= 2 * edge else _edge_keys(words, edge)
    opening = closing = ("", "")
    start = 0
    if phrase_at(keys, 0, "share"):
        end, _ = furniture_run(keys, 0, GLUED_OPENING)
        named = any(phrase_at(keys, i, "platforms") for i in range(end))
        if named and 0 < end < len(keys):
            opening, start = (" ".join(words[:end]), "share_bar"), end
    stop = _glued_closing(words, keys, start)
    if stop is not None:
        closing = (" ".join(words[stop[0] :]), stop[1])
        return opening, " ".join(words[start : stop[0]]), closing
    return opening, " ".join(words[start:]), closing


@cache
def _glued_first_words() -> tuple[frozenset[str], frozenset[str]]:
    """First words of the phrases that can open glued furniture (share prompts), and of
    those that can close it (share prompts, "read also", tags)."""
    vocabulary = furniture_vocabulary()
    opening = frozenset(vocabulary["share"])
    return opening, opening | frozenset(vocabulary["related"]) | frozenset(vocabulary["tags"])


def _may_hold_glued(words: list[str]) -> bool:
    """False when ``split_glued`` can find nothing: the first word opens no share prompt, and
    no word after a sentence end near the line's end opens a closing phrase. (The same
    conditions ``split_glued`` and ``_glued_closing`` test first, on the few words they need.)"""
    if not words:
        return False
    opening, closing = _glued_first_words()
    if word_key(words[0]) in opening:
        return True
    for i in range(max(1, len(words) - MAX_GLUED_SPAN_WORDS), len(words)):
        previous = words[i - 1]
        if (
            previous[-1] in SENTENCE_OR_QUOTE_END
            and (SENTENCE_END_AT_END.search(previous) or previous.endswith((":", "»", "”", '"')))
            and word_key(words[i]) in closing
        ):
            return True
    return False


def _edge_keys(words: list[str], edge: int) -> tuple[str, ...]:
    """Word keys of the first and last ``edge`` words; the words between get a key no phrase has."""
    middle = len(words) - 2 * edge
    return tuple(map(word_key, words[:edge])) + ("\x00",) * middle + tuple(map(word_key, words[-edge:]))


def _glued_closing(words: list[str], keys: tuple[str, ...], start: int) -> tuple[int, str] | None:
    """Where furniture closing a line begins (after a sentence end), and its rule."""
    first = max(start + 1, len(words) - MAX_GLUED_SPAN_WORDS)
    for i in range(first, len(words)):
        if not SENTENCE_END_AT_END.search(words[i - 1]) and not words[i - 1].endswith((":", "»", "”", '"')):
            continue
        if phrase_at(keys, i, "share"):
            end, _ = furniture_run(keys, i, SHARE_BAR_KINDS)
            if end == len(keys):
                return i, "share_bar"
        if phrase_at(keys, i, "related") and not SENTENCE_END_AT_END.search(" ".join(words[i:-1])):
            return i, "related_links"
        if phrase_at(keys, i, "tags") and not any(SENTENCE_END_AT_END.search(word) for word in words[i:]):
            return i, "tags"
    return None


def review_reason(line: str) -> str:
    """Why a kept line of article text looks suspicious (empty when it does not).

    Cues: no sentence punctuation at its end, and either very short (at most 3 words) or,
    for longer lines, almost no function words (under 1 in 12 words). A line with a reason
    is kept and listed in ``review_lines.csv`` for a person to check; it is never removed.
    """
    if SENTENCE_END_AT_END.search(line) or line.rstrip().endswith(("،", ",", ":", "؛")):
        return ""
    keys = [key for key in line_keys(line) if key]
    if len(keys) <= MAX_REVIEW_SHORT_WORDS:
        return "very short without sentence punctuation"
    function_words = sum(1 for i in range(len(keys)) if phrase_at(tuple(keys), i, "function_words"))
    if function_words * FUNCTION_WORD_RATIO < len(keys):
        return "few function words without sentence punctuation"
    return ""


MAX_REVIEW_SHORT_WORDS = 3
FUNCTION_WORD_RATIO = 12
