"""Embedded social-media posts: what is left in scraped text of a tweet, an Instagram,
Facebook, TikTok or YouTube embed, recognized line by line and set apart from the prose.

A page that embeds a post holds a blockquote; scraped to text, it leaves the post's text,
a link (``pic.twitter.com/…``, ``t.co/…``, ``instagram.com/p/…``) and an attribution
line (``— Name (@handle) July 3, 2023``, ``A post shared by Name (@handle)``), in English
or Arabic forms. The rule (``find_embedded_posts``), on the lines of one article:

1. **Closing lines** end a post:

   - a tweet's attribution line: a dash, a name, ``(@handle)`` and a date (English
     ``July 3, 2023`` / ``Jul 3, 2023``, or Arabic ``3 يوليو 2023`` with Western or
     Arabic-Indic digits and the Egyptian or Levantine month names), alone on its line or
     at the end of the post's text; glued to the end of a paragraph (more than
     ``MAX_TWEET_CHARACTERS`` before it), the post is the last sentences that fit in that
     length and the paragraph before them stays article text;
   - Instagram's ``A post shared by NAME (@handle)`` / ``تمت مشاركة منشور بواسطة NAME``;
   - a line ending with a tweet's media or short link (``pic.twitter.com/…``, ``t.co/…``);
   - a TikTok embed's caption line, with ``♬`` and the clip's sound (``♬ الصوت الأصلي - name``);
   - a line that is nothing but the link of a post (``twitter.com|x.com/…/status/…``,
     ``instagram.com/p|reel|tv/…``, ``facebook.com/…/posts|videos/…``, ``fb.watch/…``,
     ``tiktok.com/@…/video/…``, ``youtube.com/watch?v=…``, ``youtube.com/shorts/…``,
     ``youtu.be/…``).

2. **Opening lines** start a post: ``View this post on Instagram`` /
   ``عرض هذا المنشور على Instagram`` (and the same for a Facebook or TikTok post); an
   opening and a "shared by" line that the scrape joined into one line are one post.
3. A post is an opening line and every line after it up to the next closing line (at most
   ``MAX_OPENED_LINES``); or, without an opening line, the closing line and **the one line
   just above it** when the closing line holds no text of its own (a lone attribution,
   tweet media link or "shared by" line; a lone post link is a post by itself): that
   line must be at most ``MAX_POST_CHARACTERS`` long, not end with a colon (a lead-in
   such as "he wrote:") and not belong to another post. A line ending with a tweet's link
   followed by a lone attribution line is one post.

Lines are matched without their bidirectional marks (U+200E, U+200F and the embedding and
isolate controls), which Arabic pages put around names and handles inside an embed.

Not embeds: a sentence that reports what a tweet said ("قال في تغريدة على حسابه @x إن
..."), a handle in prose, a link inside a sentence: nothing closes a post there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.text.arabic import split_sentences

MAX_POST_CHARACTERS = 400
"""Longest line taken as the text of a post above its attribution or link (a tweet is at
most 280 characters, plus its links)."""
MAX_LABEL_WORDS = 12
"""Longest "A post shared by NAME" line without a handle that is taken for Instagram's label."""
MAX_TWEET_CHARACTERS = 280
"""A tweet's length limit: of a paragraph a tweet is glued to, the post is the last sentences that fit in it."""
MAX_OPENED_LINES = 15
"""Most lines after an opening line ("View this post on Instagram") that can belong to its post."""

ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
ENGLISH_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
ARABIC_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("يناير", "كانون الثاني"),
            ("فبراير", "شباط"),
            ("مارس", "آذار", "اذار"),
            ("أبريل", "ابريل", "إبريل", "نيسان"),
            ("مايو", "أيار", "ايار"),
            ("يونيو", "يونيه", "حزيران"),
            ("يوليو", "يوليه", "تموز"),
            ("أغسطس", "اغسطس", "آب", "اب"),
            ("سبتمبر", "أيلول", "ايلول"),
            ("أكتوبر", "اكتوبر", "تشرين الأول", "تشرين الاول"),
            ("نوفمبر", "تشرين الثاني"),
            ("ديسمبر", "كانون الأول", "كانون الاول"),
        ),
        start=1,
    )
    for name in names
}
DIGIT = r"[0-9٠-٩۰-۹]"
_english = "|".join(sorted(ENGLISH_MONTHS, key=len, reverse=True))
_arabic = "|".join(sorted(ARABIC_MONTHS, key=len, reverse=True))
DATE = (
    rf"(?:(?P<en_month>{_english})\.?\s+(?P<en_day>{DIGIT}{{1,2}}),?\s+(?P<en_year>{DIGIT}{{4}})"
    rf"|(?P<ar_day>{DIGIT}{{1,2}})\s+(?P<ar_month>{_arabic})[،,]?\s+(?P<ar_year>{DIGIT}{{4}}))"
)
HANDLE = r"\(\s*@(?P<handle>[A-Za-z0-9_.]{1,30})\s*\)"
ATTRIBUTION = re.compile(rf"^(?P<before>.*)[—–-]\s*(?P<name>[^—–\n]{{1,80}}?)\s*{HANDLE}\s*{DATE}\s*$", re.IGNORECASE)
"""A tweet's attribution: ``— Name (@handle) July 3, 2023`` at the end of a line."""
SHARED_BY = re.compile(
    rf"(?P<phrase>A post shared by|تمت مشاركة منشور بواسطة|منشور تمت مشاركته بواسطة)\s+(?P<name>[^()\n]{{0,80}}?)\s*"
    rf"(?:{HANDLE})?(?:\s+(?:on|في|،)?\s*{DATE}.*)?\s*$",
    re.IGNORECASE,
)
"""Instagram's attribution: ``A post shared by Name (@handle) on Jul 3, 2023 at 10:00am PDT``."""
OPENING = re.compile(
    r"^(?:View this (?:post|photo|video) on (?P<en>Instagram|Facebook|TikTok)"
    r"|(?:عرض|شاهد) هذا (?:المنشور|المحتوى|الفيديو) على (?P<ar>Instagram|إنستغرام|انستغرام|Facebook|فيسبوك|TikTok))$",
    re.IGNORECASE,
)
TWEET_LINK = re.compile(r"(?:https?://)?(?:pic\.twitter\.com|pic\.x\.com|t\.co)/[A-Za-z0-9]+[\s.…)]*$", re.IGNORECASE)
"""A tweet's media or short link at the end of a line: tweets only write these."""
POST_LINK = re.compile(
    r"^[(<\[]?(?:https?://)?(?:www\.|m\.|mobile\.)?(?P<domain>"
    r"(?:twitter|x)\.com/\w+/status(?:es)?/\d+"
    r"|instagram\.com/(?:p|reel|reels|tv)/[\w-]+"
    r"|facebook\.com/[\w.-]+/(?:posts|videos|photos)/[\w./?=&-]+|fb\.watch/[\w-]+"
    r"|tiktok\.com/@[\w.-]+/video/\d+|vm\.tiktok\.com/\w+"
    r"|youtube\.com/(?:watch\?v=|shorts/)[\w-]+|youtu\.be/[\w-]+"
    r")[\w/?=&%.#-]*[)>\]]?$",
    re.IGNORECASE,
)
"""A line that is nothing but the link of a post."""
TIKTOK_SOUND = re.compile(r"^(?:@(?P<handle>[\w.]{1,30})\s+)?.*♬\s*\S.*$")
"""A TikTok embed's caption line: the caption, then ``♬`` and the clip's sound ("♬ original sound - name")."""
PLATFORM_OF_DOMAIN = (
    ("twitter", ("twitter.com", "x.com", "t.co")),
    ("instagram", ("instagram.com",)),
    ("facebook", ("facebook.com", "fb.watch")),
    ("tiktok", ("tiktok.com",)),
    ("youtube", ("youtube.com", "youtu.be")),
)
PLATFORM_NAMES = {"instagram": "instagram", "إنستغرام": "instagram", "انستغرام": "instagram"}
PLATFORM_NAMES |= {"facebook": "facebook", "فيسبوك": "facebook", "tiktok": "tiktok"}
BIDI_MARKS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Invisible direction marks, left out before a line is matched."""


@dataclass(frozen=True)
class EmbeddedPost:
    """One embedded post: its raw line numbers (first to last), platform, handle, ISO date
    (empty when the embed gives none) and text (the lines of the post without its
    attribution or "view this post" line, joined by newlines)."""

    line_nos: tuple[int, ...]
    platform: str
    handle: str
    date: str
    text: str
    prose: str = ""
    """The start of the post's last line when the post is glued to the end of a paragraph
    (a line longer than ``MAX_POST_CHARACTERS``): article text, which stays in the body."""


@dataclass(frozen=True)
class _Line:
    """What one line is to the rule: ``closing`` (with or without text of its own) or ``opening``."""

    kind: str
    platform: str = ""
    handle: str = ""
    date: str = ""
    own_text: str = ""
    """The post text on the closing line itself (without an attribution), or empty."""
    bare: bool = False
    """A closing line with no post text of its own (a lone attribution, link or "shared by"
    line): the line just above it is the post's text."""
    pairs_with_attribution: bool = False
    """A line ending with a tweet link: a lone attribution line just after it closes the same post."""
    prose: str = ""
    """The paragraph a post is glued to, at the start of the closing line (``EmbeddedPost.prose``)."""


def find_embedded_posts(lines: dict[int, str], taken: set[int] | frozenset[int] = frozenset()) -> list[EmbeddedPost]:
    """The embedded posts among the lines of one article (the rule in the module's docstring).

    Parameters
    ----------
    lines: line number to line text (stripped), non-blank lines only, any order.
    taken: line numbers that may not serve as the text above a closing line (cleaning passes
        the lines it found blank-looking: white space only, lone symbols).

    Returns
    -------
    The posts in line order; no line is in two posts.
    """
    order = sorted(lines)
    kinds = {line_no: _classify(lines[line_no]) for line_no in order}
    posts: list[EmbeddedPost] = []
    used: set[int] = set()
    index = 0
    while index < len(order):
        line_no = order[index]
        kind = kinds[line_no]
        if kind is None or line_no in used:
            index += 1
            continue
        if kind.kind == "opening":
            members, closing = [line_no], None
            for following in order[index + 1 : index + 1 + MAX_OPENED_LINES]:
                members.append(following)
                if kinds[following] is not None and kinds[following].kind == "opening":
                    members.pop()
                    break
                if kinds[following] is not None:
                    closing = kinds[following]
                    break
            if closing is None:
                members = [line_no]  # an opening line with no closing line in reach: the line alone
            text_lines = [lines[n] for n in members[1:-1]] if closing is not None else []
            if closing is not None and closing.own_text:
                text_lines.append(closing.own_text)
            platform = (closing.platform if closing else "") or kind.platform
            posts.append(_post(members, platform, closing or kind, text_lines))
            used.update(members)
            index = order.index(members[-1]) + 1
            continue
        members = [line_no]
        following = order[index + 1] if index + 1 < len(order) else None
        closing = kind
        if kind.pairs_with_attribution and following is not None:
            after = kinds[following]
            if after is not None and after.kind == "closing" and after.handle and after.bare:
                members.append(following)
                closing = _Line("closing", after.platform, after.handle, after.date, kind.own_text, kind.bare)
        text_lines = [closing.own_text] if closing.own_text else []
        if closing.bare:
            above = order[index - 1] if index > 0 else None
            if (
                above is not None
                and above not in used
                and above not in taken
                and kinds[above] is None
                and len(lines[above]) <= MAX_POST_CHARACTERS
                and not lines[above].rstrip().endswith((":", "："))
            ):
                members.insert(0, above)
                text_lines.insert(0, lines[above])
        posts.append(_post(members, closing.platform, closing, text_lines))
        used.update(members)
        index = order.index(members[-1]) + 1
    return posts


def _post(members: list[int], platform: str, closing: _Line, text_lines: list[str]) -> EmbeddedPost:
    return EmbeddedPost(tuple(members), platform, closing.handle, closing.date, "\n".join(text_lines), closing.prose)


def _classify(line: str) -> _Line | None:
    """The line's part in an embed, or None for a line of prose."""
    line = BIDI_MARKS.sub("", line).strip()
    match = ATTRIBUTION.match(line)
    if match:
        prose, before = _glued_to_prose(match["before"].strip())
        return _Line("closing", "twitter", match["handle"], _iso_date(match), before, bare=not before, prose=prose)
    match = SHARED_BY.search(line)
    if match and (match["handle"] or (match.start() == 0 and _is_label(line))):
        before = line[: match.start()].strip()
        if OPENING.match(before):  # "View this post on Instagram" and "shared by" joined: the whole embed
            return _Line("closing", "instagram", match["handle"] or "", _iso_date(match))
        return _Line("closing", "instagram", match["handle"] or "", _iso_date(match), before, bare=not before)
    match = OPENING.match(line)
    if match:
        return _Line("opening", PLATFORM_NAMES.get((match["en"] or match["ar"]).lower(), ""))
    match = TIKTOK_SOUND.match(line)
    if match:
        return _Line("closing", "tiktok", match["handle"] or "", own_text=line)
    match = POST_LINK.match(line)
    if match:
        return _Line("closing", _platform_of(match["domain"]), own_text=line)
    match = TWEET_LINK.search(line)
    if match:
        bare = not line[: match.start()].strip()
        return _Line("closing", "twitter", own_text=line, bare=bare, pairs_with_attribution=True)
    return None


def _glued_to_prose(before: str) -> tuple[str, str]:
    """(prose, post text) of the text before a glued attribution: when it is longer than
    ``MAX_TWEET_CHARACTERS``, the post is its last sentences that fit in that length (at least
    one) and the sentences before them are the paragraph it was glued to; else all is post."""
    if len(before) <= MAX_TWEET_CHARACTERS:
        return "", before
    sentences = split_sentences(before)
    taken = 1
    while taken < len(sentences) and len(" ".join(sentences[-taken - 1 :])) <= MAX_TWEET_CHARACTERS:
        taken += 1
    if taken == len(sentences):
        return "", before
    start = before.rfind(sentences[-taken])
    return before[:start].rstrip(), before[start:].strip()


def _is_label(line: str) -> bool:
    """A short line that does not end like a sentence (an embed's label, not prose)."""
    return len(line.split()) <= MAX_LABEL_WORDS and not line.rstrip().endswith((".", "!", "؟", "?", "…"))


def _platform_of(link: str) -> str:
    host = link.lower().split("/", 1)[0]
    for platform, domains in PLATFORM_OF_DOMAIN:
        if any(host == domain or host.endswith("." + domain) for domain in domains):
            return platform
    return ""


def _iso_date(match: re.Match[str]) -> str:
    """``YYYY-MM-DD`` of the date in an attribution match, or empty when there is none."""
    groups = match.groupdict()
    if groups.get("en_month"):
        month, day, year = ENGLISH_MONTHS[groups["en_month"].lower()], groups["en_day"], groups["en_year"]
    elif groups.get("ar_month"):
        month, day, year = ARABIC_MONTHS[groups["ar_month"]], groups["ar_day"], groups["ar_year"]
    else:
        return ""
    day_number, year_number = int(day.translate(ARABIC_INDIC)), int(year.translate(ARABIC_INDIC))
    if not 1 <= day_number <= 31:
        return ""
    return f"{year_number:04d}-{month:02d}-{day_number:02d}"
