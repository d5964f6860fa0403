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
from functools import cache
from typing import Callable

from analysis.config.data_files import DataFileError, read_yaml, require_mapping, where
from analysis.config.paths import NEWS_AGENCIES_FILE
from analysis.text.arabic import has_alphanumeric, normalize

# Lines longer than these word counts are never furniture of the kind named.
MAX_PROMPT_WORDS = 10
MAX_TICKER_WORDS = 25
MAX_BYLINE_WORDS = 10
MAX_COMMENT_SECTION_WORDS = 25
LONGEST_FURNITURE_WORDS = max(MAX_PROMPT_WORDS, MAX_TICKER_WORDS, MAX_BYLINE_WORDS, MAX_COMMENT_SECTION_WORDS)

DASH = r"[-–—]"
INVISIBLE = "\u00a0\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u202f\u2007"

CLOCK_TIME_AT_START = re.compile(r"^[-–—•*·▪]?\s*\d{1,2}:\d{2}(?!\d)")
FOLLOW_VERB_AT_START = re.compile(
    r"^(تابعونا|تابعوا|تابعنا|تابع|تابعي|اشترك|اشتركوا|اشتركي|انضم|انضموا|"
    r"follow|subscribe|join)\b",
    re.IGNORECASE,
)
SOCIAL_PLATFORM = re.compile(
    r"(فيسبوك|فايسبوك|فيس بوك|تويتر|إكس|انستغرام|إنستغرام|انستقرام|إنستقرام|انستجرام|"
    r"يوتيوب|تيليغرام|تلغرام|تليجرام|واتساب|واتس اب|تيك توك|تيكتوك|لينكدإن|"
    r"أخبار جوجل|قناتنا|صفحتنا|حسابنا|حساباتنا|"
    r"facebook|twitter|instagram|youtube|telegram|whatsapp|tiktok|linkedin|google news|\bx\b)",
    re.IGNORECASE,
)
COMMENT_WORD = re.compile(r"(تعليق|التعليق|تعليقك|تعليقات|التعليقات|علّق|علق|comment)", re.IGNORECASE)
COMMENT_POLICY = re.compile(
    r"(التعليقات المنشورة|شروط النشر|لا تعبر بالضرورة عن|لا تعبر عن رأي|"
    r"يحتفظ الموقع بحق|سياسة التعليق)"
)
BYLINE_AT_START = re.compile(r"^(بقلم|كتب|كتبت|إعداد|اعداد|تحرير|بواسطة|by)\s*[:：]?\s+\S", re.IGNORECASE)
# "X - Y": the byline shape "OUTLET - AUTHOR" (also "PLACE - AGENCY", told apart by
# the agency list). Spaces around the dash keep hyphenated words out.
DASH_PAIR = re.compile(rf"^(?P<left>.+?)\s+{DASH}\s+(?P<right>.+)$")
DASH_BETWEEN_SPACES = re.compile(rf"\s{DASH}\s")
DATELINE_MARK = re.compile(rf"{DASH}|\(")
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
    """A short "follow us on Facebook" / "subscribe to our channel" prompt."""
    return (
        is_short(line, MAX_PROMPT_WORDS)
        and FOLLOW_VERB_AT_START.match(line) is not None
        and SOCIAL_PLATFORM.search(line) is not None
    )


def is_comment_form(line: str) -> bool:
    """A short prompt of a comment form: "هل ترغب بالتعليق على الموضوع؟", "أضف تعليقك"."""
    return is_short(line, MAX_PROMPT_WORDS) and COMMENT_WORD.search(line) is not None


def is_comment_policy(line: str) -> bool:
    """A line of the site's comment or publication rules, bulleted or not."""
    return is_short(line, MAX_COMMENT_SECTION_WORDS) and COMMENT_POLICY.search(line) is not None


def is_author_byline(line: str) -> bool:
    """A short "بقلم: NAME" / "كتب: NAME" byline."""
    return is_short(line, MAX_BYLINE_WORDS) and BYLINE_AT_START.match(line) is not None


LINE_RULES: tuple[LineRule, ...] = (
    LineRule("whitespace_only", "a line of spaces, no-break spaces or invisible characters", is_whitespace_only),
    LineRule("lone_symbol", "a line with no letter or digit (asterisks, bullets, dashes)", is_lone_symbol),
    LineRule("ticker", "another story's headline behind a clock time ('- 16:04Headline')", is_ticker),
    LineRule("follow_prompt", "a short 'follow us on <platform>' or 'subscribe' prompt", is_follow_prompt),
    LineRule("comment_rules", "the site's comment or publication rules", is_comment_policy),
    LineRule("comment_form", "a short prompt of the comment form ('do you want to comment?')", is_comment_form),
    LineRule("byline", "a short 'by NAME' line (بقلم، كتب، إعداد ...)", is_author_byline),
)

CONTEXT_RULES: dict[str, str] = {
    "dateline": "a 'PLACE – AGENCY' line (agency from data/lexicons/news_agencies.yaml); moved to `dateline`",
    "byline": "'OUTLET - AUTHOR', where OUTLET is the outlet's name (from metadata or a line of its own)",
    "outlet_name": "a line that is only the outlet's name",
    "repeated_title": "the title again (ignoring spacing, quote marks and diacritics)",
    "comment_rules": "a short line after the comment form (notes, bullets of the comment rules)",
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
