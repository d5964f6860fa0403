"""Cleaning: from a raw scraped article to its title, dateline, body and sentences.

Every non-blank line of the raw text ends up in exactly one place: kept as article text
(title or body), or removed with the name of the furniture rule that removed it (see
``analysis.furniture.RULES``). A line no rule recognizes is kept: article text is never
dropped.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from analysis.clean.embedded_posts import EmbeddedPost, find_embedded_posts
from analysis.clean.furniture import (
    DATELINE_MARK,
    DATELINE_MAX_CHARACTERS,
    MAX_BYLINE_WORDS,
    MAX_COMMENT_SECTION_WORDS,
    MAX_TICKER_WORDS,
    dash_pair,
    is_box_header,
    is_short,
    match_line_rule,
    split_dateline,
    split_glued,
    strip_line,
    word_count,
)
from analysis.clean.near_duplicates import ArticleText, article_words, shingle_hashes
from analysis.clean.repeated import EDGE_LINES, RepeatedFurniture
from analysis.corpus.reading import UNEXPECTED_FIX, RawArticle
from analysis.corpus.records import error_text
from analysis.text.arabic import count_word_tokens, normalize, split_sentences, tokenize_all

MAX_TITLE_WORDS = 30
"""A headline is one line of at most this many words that does not end like a sentence."""
DEFAULT_NEAR_DUPLICATE_THRESHOLD = 0.6
"""Jaccard of word shingles from which two articles are near-duplicates (params.yaml
``near_duplicate_threshold``; see benchmarks/README.md for how it was chosen)."""
MAX_BOX_ITEMS = 10
"""A box of other headlines lists at most this many."""
EMBEDDED_POST_RULE = "embedded_post"
"""The rule of the lines of an embedded post (``analysis.clean.embedded_posts``)."""
NOT_POST_TEXT = frozenset({"whitespace_only", "lone_symbol"})
"""Line rules whose lines are never the text of an embedded post."""
SHORT_LINE_WORDS = MAX_BYLINE_WORDS
"""Lines up to this many words are candidates for whole-line datelines, outlet names and
bylines (their normalized forms are computed up front)."""


BULLET_AT_START = re.compile(r"^[•·▪*◦‣-]\s")
SENTENCE_LIKE_ENDING = re.compile(r"[^.]\.$|[،,:;؛]$")
QUOTE_MARKS = re.compile(r"[\"'“”„‟«»‹›‘’‚‛`]")
LINE_BREAK = re.compile(r"\r\n|\r|\n")


class RemovedLine(NamedTuple):
    """A raw line that is not article text: its 1-based number, its text, the rule."""

    line_no: int
    text: str
    rule: str


@dataclass(frozen=True)
class CleanedArticle:
    """One article after cleaning.

    ``sentences`` holds the title (when there is one) first, then the body's sentences;
    ``sentence_line_nos`` gives the raw line each sentence came from.
    """

    title: str
    dateline: str
    body: str
    sentences: list[str]
    sentence_line_nos: list[int]
    removed: list[RemovedLine]
    kept_line_nos: list[int] = field(default_factory=list)
    body_line_nos: list[int] = field(default_factory=list)
    title_line_no: int = 0
    posts: list[EmbeddedPost] = field(default_factory=list)
    """The embedded social-media posts set apart (their lines are removed with rule ``embedded_post``)."""


def split_lines(raw_text: str) -> list[str]:
    """The lines of a raw text; ``\\r\\n``, ``\\r`` and ``\\n`` each end a line."""
    return raw_text.split("\n") if "\r" not in raw_text else LINE_BREAK.split(raw_text)


def title_key(text: str, normalized: str | None = None) -> str:
    """Comparison form of a headline: normalized, quote marks and spacing ignored.

    ``normalized`` is ``normalize(text)`` when the caller has it already."""
    return _without_quotes_and_spaces(normalize(text) if normalized is None else normalized)


def _without_quotes_and_spaces(normalized: str) -> str:
    return QUOTE_MARKS.sub("", normalized).replace(" ", "")


def duplicate_key(normalized_sentences: list[str]) -> bytes:
    """What two articles must share to be duplicates: their normalized sentences, quote
    marks and spaces ignored.

    Returns a 128-bit BLAKE2 digest of that text: a few bytes per article to remember,
    however long the article is.
    """
    text = _without_quotes_and_spaces("".join(normalized_sentences))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def looks_like_title(line: str) -> bool:
    """True for a headline-shaped line: short, and not ending like a body sentence."""
    return word_count(line) <= MAX_TITLE_WORDS and SENTENCE_LIKE_ENDING.search(line) is None


def clean_article(
    raw_text: str, outlet: str = "", title: str | None = None, repeated: RepeatedFurniture | None = None
) -> CleanedArticle:
    """Separate article text from page furniture in one raw article, then split its
    sentences (``separate_furniture`` then ``segment_article``).

    Parameters
    ----------
    raw_text: the decoded file, page furniture included; any line ending.
    outlet: the outlet's name when known (from metadata); lines that are only this name,
        or "OUTLET - AUTHOR" bylines, are then removed too.
    title: the headline when the source gives it separately (a record's title field):
        it becomes sentence 1 (line number 0) and is not looked for in ``raw_text``,
        where its repeats are removed. None: the headline is found in the text.
    repeated: the corpus's repeated furniture (``find_repeated_furniture``); its lines,
        and the repeated opening / closing of the first / last line, are removed too.

    Returns
    -------
    The cleaned article; ``removed`` lists every non-blank line that is not article
    text, with its 1-based line number in the raw file and the rule that removed it.
    """
    return segment_article(separate_furniture(raw_text, outlet, title, repeated))


def separate_furniture(
    raw_text: str, outlet: str = "", title: str | None = None, repeated: RepeatedFurniture | None = None
) -> CleanedArticle:
    """The furniture step of ``clean_article``: title, dateline, body lines and removed
    lines, with ``sentences`` still empty."""
    rules: dict[int, str] = {}
    text: dict[int, str] = {}
    for line_no, line in enumerate(split_lines(raw_text), start=1):
        if line == "":
            continue
        stripped = strip_line(line)
        rule = match_line_rule(line, stripped)
        text[line_no] = stripped or line  # a white-space-only line is recorded as it was
        if rule:
            rules[line_no] = rule

    # Embedded posts first: their attribution and link lines would otherwise pass for
    # datelines, stamps or bylines (analysis.clean.embedded_posts).
    # A post's text may look like furniture (a "follow us" line, a short line with a colon):
    # only blank-looking lines cannot be its text.
    posts = find_embedded_posts(text, taken=frozenset(n for n, rule in rules.items() if rule in NOT_POST_TEXT))
    post_parts: list[RemovedLine] = []
    for post in posts:
        for line_no in post.line_nos:
            if line_no == post.line_nos[-1] and post.prose:  # a post glued to a paragraph: the paragraph stays
                post_parts.append(RemovedLine(line_no, text[line_no][len(post.prose) :].strip(), EMBEDDED_POST_RULE))
                text[line_no] = post.prose
            else:
                rules[line_no] = EMBEDDED_POST_RULE

    # Normalized forms of the short lines: only those can be whole-line datelines, outlet
    # names or bylines (longer lines are checked for a leading dateline and, when about as
    # long as the title, for being its repeat).
    normalized = {
        line_no: normalize(line)
        for line_no, line in text.items()
        if line_no not in rules and is_short(line, SHORT_LINE_WORDS)
    }
    _mark_comment_section(text, rules)
    dateline_parts = _mark_datelines(text, normalized, rules)
    _mark_outlet_and_bylines(text, normalized, rules, outlet)
    _mark_box_items(text, rules)
    _mark_bulleted_ticker_items(text, rules)
    glued_parts = _cut_glued_furniture(text, normalized, rules)
    if repeated is not None:
        glued_parts += _mark_repeated(text, normalized, rules, repeated, outlet)

    remaining = [line_no for line_no in sorted(text) if line_no not in rules]
    title_line = None
    if title is None and remaining and looks_like_title(text[remaining[0]]):
        title_line = remaining[0]
        title = text[title_line]
    title = strip_line(title or "")
    if title:
        key = title_key(title)
        for line_no in remaining:
            if line_no == title_line or len(text[line_no]) > 2 * len(title) + 10:
                continue
            if title_key(text[line_no], normalized.get(line_no)) == key:
                rules[line_no] = "repeated_title"

    kept = [line_no for line_no in sorted(text) if line_no not in rules]
    body_lines = [line_no for line_no in kept if line_no != title_line]
    removed = [RemovedLine(line_no, text[line_no], rules[line_no]) for line_no in sorted(rules)]
    removed = sorted(
        removed
        + [RemovedLine(line_no, part, "dateline") for line_no, part in dateline_parts]
        + glued_parts
        + post_parts
    )
    return CleanedArticle(
        title=title,
        dateline=" ; ".join(line.text for line in removed if line.rule == "dateline"),
        body="\n".join(text[line_no] for line_no in body_lines),
        sentences=[],
        sentence_line_nos=[],
        removed=removed,
        kept_line_nos=kept,
        body_line_nos=body_lines,
        title_line_no=title_line if title_line is not None else 0,
        posts=posts,
    )


def segment_article(article: CleanedArticle) -> CleanedArticle:
    """The segmentation step of ``clean_article``: the title as sentence 1, then the
    sentences of each body line (``split_sentences``), with their raw line numbers."""
    sentences: list[str] = []
    sentence_line_nos: list[int] = []
    if article.title:
        sentences.append(article.title)
        sentence_line_nos.append(article.title_line_no)
    for line_no, line in zip(article.body_line_nos, article.body.split("\n") if article.body else []):
        for sentence in split_sentences(line):
            sentences.append(sentence)
            sentence_line_nos.append(line_no)
    return CleanedArticle(
        title=article.title,
        dateline=article.dateline,
        body=article.body,
        sentences=sentences,
        sentence_line_nos=sentence_line_nos,
        removed=article.removed,
        kept_line_nos=article.kept_line_nos,
        body_line_nos=article.body_line_nos,
        title_line_no=article.title_line_no,
        posts=article.posts,
    )


def _mark_comment_section(text: dict[int, str], rules: dict[int, str]) -> None:
    """Short lines after a comment form are the form's notes and rules (unless a longer line
    follows: then the article goes on, e.g. an interview's question, and nothing is marked)."""
    form_lines = [line_no for line_no, rule in rules.items() if rule == "comment_form"]
    if not form_lines:
        return
    after = [line_no for line_no in sorted(text) if line_no > min(form_lines) and line_no not in rules]
    if any(not is_short(text[line_no], MAX_COMMENT_SECTION_WORDS) for line_no in after):
        return
    for line_no in after:
        rules[line_no] = "comment_rules"


def _is_paragraph(line: str) -> bool:
    return not looks_like_title(line)


def _mark_box_items(text: dict[int, str], rules: dict[int, str]) -> None:
    """The items of a "most read" / "related" box: the short headline-shaped lines under its header.

    The items run until a line removed by another rule, a paragraph or a long line. Above
    the article's first paragraph, the last item not opening with a bullet is the
    article's headline and stays; a run longer than a box is left alone (nothing that may
    be article text is removed).
    """
    lines = sorted(text)
    first_paragraph = next((n for n in lines if n not in rules and _is_paragraph(text[n])), None)
    for header in [n for n in lines if rules.get(n) == "related_links" and is_box_header(text[n])]:
        run: list[int] = []
        for line_no in lines:
            if line_no <= header or rules.get(line_no) == "related_links":
                continue
            if line_no in rules or not is_short(text[line_no], MAX_TICKER_WORDS) or _is_paragraph(text[line_no]):
                break
            run.append(line_no)
        if len(run) > MAX_BOX_ITEMS + 1:
            continue
        if first_paragraph is not None and header < first_paragraph:
            headline = [line_no for line_no in run if not BULLET_AT_START.match(text[line_no])][-1:]
            run = [line_no for line_no in run if line_no not in headline]
        for line_no in run:
            rules[line_no] = "related_links"


def _mark_bulleted_ticker_items(text: dict[int, str], rules: dict[int, str]) -> None:
    """A bulleted headline among ticker lines is one more item of the ticker.

    Above all kept text (the headline included), a short line opening with a bullet
    ("• Headline") whose neighbours on both sides are removed lines, one of them a ticker
    or "read also" line, is marked ``ticker``. A bulleted line next to article text (a
    list in the article) is left alone.
    """
    lines = sorted(text)
    for index, line_no in enumerate(lines):
        line = text[line_no]
        if line_no in rules:
            continue
        if not BULLET_AT_START.match(line):
            break  # the first kept line that is not a bulleted item: the article starts here
        if not is_short(line, MAX_TICKER_WORDS):
            continue
        neighbours = [rules.get(lines[i], "") for i in (index - 1, index + 1) if 0 <= i < len(lines)]
        if len(neighbours) == 2 and all(neighbours) and {"ticker", "related_links"} & set(neighbours):
            rules[line_no] = "ticker"


def _cut_glued_furniture(text: dict[int, str], normalized: dict[int, str], rules: dict[int, str]) -> list[RemovedLine]:
    """Cut share bars, "read also" links and tag rows glued to a line of article text.

    Returns the removed spans; the rest of each line stays in ``text``.
    """
    cut: list[RemovedLine] = []
    for line_no in sorted(text):
        if line_no in rules:
            continue
        (opening, opening_rule), rest, (closing, closing_rule) = split_glued(text[line_no])
        if not opening and not closing:
            continue
        cut += [
            RemovedLine(line_no, span, rule)
            for span, rule in ((opening, opening_rule), (closing, closing_rule))
            if span
        ]
        text[line_no] = rest
        if line_no in normalized:
            normalized[line_no] = normalize(rest)
    return cut


def _mark_repeated(
    text: dict[int, str],
    normalized: dict[int, str],
    rules: dict[int, str],
    repeated: RepeatedFurniture,
    outlet: str,
) -> list[RemovedLine]:
    """Remove the corpus's repeated lines; cut a repeated opening of the first two lines and a
    repeated closing of the last two. Returns the spans cut (the rest of the line stays)."""
    for line_no in sorted(text):
        if line_no not in rules and repeated.is_repeated_line(outlet, text[line_no]):
            rules[line_no] = "repeated_line"
    cut: list[RemovedLine] = []
    if not text:
        return cut
    line_nos = sorted(text)
    edges = [(n, "opening") for n in line_nos[:EDGE_LINES]] + [(n, "closing") for n in line_nos[-EDGE_LINES:]]
    for line_no, side in edges:
        if line_no in rules or not text[line_no]:
            continue
        n_words = repeated.repeated_span(outlet, text[line_no], side)
        if not n_words:
            continue
        words = text[line_no].split()
        span, rest = (words[:n_words], words[n_words:]) if side == "opening" else (words[-n_words:], words[:-n_words])
        cut.append(RemovedLine(line_no, " ".join(span), "repeated_line"))
        text[line_no] = " ".join(rest)
        if line_no in normalized:
            normalized[line_no] = normalize(text[line_no])
    return cut


def _mark_outlet_and_bylines(
    text: dict[int, str], normalized: dict[int, str], rules: dict[int, str], outlet: str
) -> None:
    """Remove the outlet's name and "OUTLET - AUTHOR" bylines.

    The outlet's name is known from metadata, or from the page itself: a line of its
    own that comes back as the left side of an "X - NAME" line.
    """
    candidates = {line_no: normalized[line_no] for line_no in text if line_no not in rules and line_no in normalized}
    if not candidates:
        return
    outlet_names = {normalize(outlet)} if outlet.strip() else set()
    for line_no in sorted(candidates):
        pair = dash_pair(text[line_no])
        if pair is None:
            continue
        left = normalize(pair[0])
        standalone = [other for other, value in candidates.items() if value == left and other != line_no]
        if left in outlet_names or standalone:
            outlet_names.add(left)
            rules[line_no] = "byline"
    for line_no, value in candidates.items():
        if line_no not in rules and value in outlet_names:
            rules[line_no] = "outlet_name"


def _mark_datelines(text: dict[int, str], normalized: dict[int, str], rules: dict[int, str]) -> list[tuple[int, str]]:
    """Mark whole-line datelines; cut datelines that open a line off that line.

    Returns the (line_no, dateline) pairs cut off the start of lines that stay.
    """
    cut: list[tuple[int, str]] = []
    for line_no in sorted(text):
        if line_no in rules:
            continue
        if line_no in normalized:
            dateline, rest = split_dateline(text[line_no], normalized[line_no])
        elif not DATELINE_MARK.search(text[line_no], 0, DATELINE_MAX_CHARACTERS):
            continue  # no dash or bracket near the start: no dateline (most paragraphs)
        elif split_dateline(text[line_no][:DATELINE_MAX_CHARACTERS].rsplit(" ", 1)[0])[0]:
            dateline, rest = split_dateline(text[line_no])  # a long line opening with a dateline
        else:
            continue
        if dateline and not rest:
            rules[line_no] = "dateline"
        elif dateline:
            cut.append((line_no, dateline))
            text[line_no] = rest
            if line_no in normalized:
                normalized[line_no] = normalize(rest)
    return cut


@dataclass(frozen=True)
class CleanedRecord:
    """What cleaning one article gives: its raw description (text dropped), its article row,
    and for a usable article its sentence and removed-line rows and near-duplicate input."""

    raw: RawArticle
    row: dict[str, object]
    sentences: list[dict[str, object]]
    removed: list[dict[str, object]]
    text: ArticleText | None
    posts: list[dict[str, object]] = field(default_factory=list)
    """The ``embedded_posts`` rows of a usable article."""


def clean_raw_article(raw: RawArticle, repeated: RepeatedFurniture | None) -> CleanedRecord:
    """Clean one read article: its row, and when usable its sentences, removed lines and shingles."""
    row = article_row(raw)
    without_text = replace(raw, text=None)
    if raw.text is None or row["reason"]:
        return CleanedRecord(without_text, row, [], [], None)
    try:
        outlet = str(raw.metadata.get("outlet", ""))
        article = clean_article(raw.text, outlet=outlet, title=raw.title, repeated=repeated)
        normalized = [normalize(sentence) for sentence in article.sentences]
        tokens = tokenize_all(normalized)
        token_counts = list(map(count_word_tokens, tokens))
    except Exception as error:  # nothing an article holds may stop the stage: it gets a rejected row
        row |= {"status": "rejected", "reason": f"could not be cleaned ({error_text(error)}): {UNEXPECTED_FIX}"}
        return CleanedRecord(without_text, row, [], [], None)
    row |= _article_counts(article, sum(token_counts))
    if not article.sentences or not article.body:
        row |= {"status": "rejected", "reason": "no article text left after removing page furniture"}
        return CleanedRecord(without_text, row, [], [], None)
    shingles = shingle_hashes(article_words(tokens))
    text = ArticleText(raw.article_id, str(row["published"]), duplicate_key(normalized), shingles)
    removed = [{"article_id": raw.article_id, **line._asdict()} for line in article.removed]
    sentences = _sentence_rows(raw.article_id, article, normalized, token_counts)
    return CleanedRecord(without_text, row, sentences, removed, text, embedded_post_rows(raw.article_id, article.posts))


def embedded_post_rows(article_id: str, posts: list[EmbeddedPost]) -> list[dict[str, object]]:
    """The ``embedded_posts`` rows of one article's posts, numbered from 1 in line order."""
    return [
        {
            "article_id": article_id,
            "post_no": number,
            "line_no": post.line_nos[0],
            "last_line_no": post.line_nos[-1],
            "platform": post.platform,
            "handle": post.handle,
            "date": post.date,
            "text": post.text,
        }
        for number, post in enumerate(posts, start=1)
    ]


def article_row(raw: RawArticle) -> dict[str, object]:
    """The ``articles.csv`` row of an article as read (status from its reading problem, no text yet)."""
    return {
        "article_id": raw.article_id,
        "source_file": raw.source_file,
        "status": "rejected" if raw.problem else "ok",
        "reason": raw.problem,
        "duplicate_of": "",
        "encoding": raw.encoding,
        "source_format": raw.source_format,
        **raw.metadata,
        "title": "",
        "dateline": "",
        "body": "",
        "n_lines_kept": 0,
        "n_lines_removed": 0,
        "n_sentences": 0,
        "n_tokens": 0,
    }


def _article_counts(article: CleanedArticle, n_tokens: int) -> dict[str, object]:
    return {
        "title": article.title,
        "dateline": article.dateline,
        "body": article.body,
        "n_lines_kept": len(article.kept_line_nos),
        "n_lines_removed": len({removed.line_no for removed in article.removed} - set(article.kept_line_nos)),
        "n_sentences": len(article.sentences),
        "n_tokens": n_tokens,
    }


def _sentence_rows(
    article_id: str, article: CleanedArticle, normalized: list[str], token_counts: list[int]
) -> list[dict[str, object]]:
    rows = []
    for index, (sentence, line_no) in enumerate(zip(article.sentences, article.sentence_line_nos)):
        rows.append(
            {
                "article_id": article_id,
                "sentence_id": index + 1,
                "is_title": bool(article.title) and index == 0,
                "line_no": line_no,
                "text": sentence,
                "text_norm": normalized[index],
                "n_tokens": token_counts[index],
            }
        )
    return rows
