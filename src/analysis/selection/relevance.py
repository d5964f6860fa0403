"""Which articles are about TikTok and social media: the relevance rule of the codebook
applied with the search string (``analysis.selection.query``).

An article is relevant when its title names social media, when at least ``min_sentences``
sentences of its body do, or when one of them reports a claim circulating on social media
(a circulation word and a claim word with the term: «تتداول حسابات على مواقع التواصل مقطعا
ادعى ناشروه أنه ...»; the codebook's rumour). A term does not count inside a look-alike
phrase, as the channel of a quote ("قال عبر حسابه في تويتر"; in a headline also the form
«SOURCE على تويتر: quote»), in page furniture (a share bar, a handle) or in a web address
(``pic.twitter.com/…``: an address, not a mention).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pandas as pd

from analysis.config.tables import SELECTION
from analysis.pipeline.progress import progress
from analysis.selection.query import Cue, Query, load_query
from analysis.text.arabic import normalize, split_sentences, tokenize
from analysis.text.phrases import Phrase, token_positions

K_DEFAULT = 2
"""Body sentences that must name social media (outside quote channels and furniture) for
an article without a title mention to be relevant (``selection_min_sentences``)."""
EXCERPT_TOKENS = 8
"""Longest excerpt, in tokens, shown in a reason."""
HEADLINE_CHANNEL_PREPOSITIONS = frozenset({"علي", "عبر"})
"""Normalized prepositions of the headline form «SOURCE على تويتر: quote» (on, through)."""
HEADLINE_CHANNEL_FILLERS = frozenset({'"', "'", "«", "»", "“", "”", "موقع"})
"""Tokens allowed between the preposition, the platform and the colon (quote marks, "site")."""
WEB_ADDRESS = re.compile(
    r"(?:https?://)?(?:www\.)?(?:[A-Za-z0-9-]+\.)+(?:com|net|org|co|me|tv|be|ly|gl|io)\b(?:/\S*)?", re.IGNORECASE
)
"""A web address (Latin letters only, so one glued to an Arabic word leaves the word): not a mention."""


@dataclass(frozen=True)
class Judgement:
    """The rule's decision on one article."""

    relevant: bool
    terms: tuple[str, ...]
    reason: str


@dataclass
class _Tally:
    """What the units (title, sentences) of one article hold."""

    counted: list[str]
    title_terms: list[str]
    sentences: int = 0
    claims: int = 0
    """Counted sentences that report a claim circulating on social media (``Query.reports_claim``)."""
    discounted: tuple[str, str] | None = None
    """(kind, excerpt) of the first discounted mention."""


@cache
def default_query() -> Query:
    """The committed search string, ``data/lexicons/selection.yaml`` (loaded once)."""
    return load_query()


def select_articles(
    articles: pd.DataFrame, query: Query | None = None, min_sentences: int = K_DEFAULT, quiet: bool = False
) -> pd.DataFrame:
    """Decide for each article whether social media is a subject of it.

    Parameters
    ----------
    articles: at least the columns ``article_id``, ``title`` and ``body`` (paragraphs, one
        per line), as in ``articles.csv``; missing titles or bodies count as empty.
    query: the search string; None loads ``data/lexicons/selection.yaml``.
    min_sentences: body sentences that must name social media when the title does not (k >= 1).
    quiet: no progress bar (a caller that shows its own).

    Returns
    -------
    One row per input article, in input order: ``article_id``, ``relevant`` (bool),
    ``relevance_terms`` (the normalized terms that counted, ";"-separated, in order of
    first appearance) and ``reason`` (short English).
    """
    if min_sentences < 1:
        raise ValueError(f"min_sentences must be at least 1, got {min_sentences}")
    missing = [column for column in ("article_id", "title", "body") if column not in articles.columns]
    if missing:
        raise KeyError(f"select_articles needs the column(s) {', '.join(missing)} (as in articles.csv)")
    query = query or default_query()
    judgements = [
        judge_article(_text(title), _text(body), query, min_sentences)
        for title, body in progress(
            zip(articles["title"], articles["body"], strict=True),
            "selecting articles",
            total=len(articles),
            quiet=quiet,
        )
    ]
    table = pd.DataFrame(
        {
            "article_id": articles["article_id"].astype(str).to_numpy(),
            "relevant": pd.array([judgement.relevant for judgement in judgements], dtype=bool),
            "relevance_terms": [";".join(judgement.terms) for judgement in judgements],
            "reason": [judgement.reason for judgement in judgements],
        }
    )
    return table[SELECTION.column_names()]


def judge_article(title: str, body: str, query: Query, min_sentences: int = K_DEFAULT) -> Judgement:
    """The relevance rule on one article (the codebook's relevance rule).

    Parameters
    ----------
    title: the headline, as written (empty when there is none).
    body: the article text, one paragraph per line.
    query: the search string (``load_query``): terms and the cues that do not count.
    min_sentences: body sentences that must discuss social media when the title does not name it
        (``selection_min_sentences`` in params.yaml).

    Returns
    -------
    Whether the article is relevant, the terms that counted (normalized, in order of first
    appearance) and the reason in words, e.g. ``title names تيك توك``.
    """
    forms = query.first_word_forms
    if forms.isdisjoint(_tokens(f"{title}\n{body}", addresses=True)):
        return Judgement(False, (), "no social-media term")
    tally = _Tally(counted=[], title_terms=[])
    tally.title_terms = _count_unit(_tokens(title), query, tally, headline=True)
    for sentence in _sentences(body):
        tokens = _tokens(sentence)
        if not forms.isdisjoint(tokens) and _count_unit(tokens, query, tally):
            tally.sentences += 1
            tally.claims += query.reports_claim(tokens)
    terms = tuple(dict.fromkeys(tally.counted))
    if tally.title_terms:
        return Judgement(True, terms, f"title names {tally.title_terms[0]}")
    if tally.claims:
        return Judgement(True, terms, "a sentence reports a claim circulating on social media")
    if tally.sentences >= min_sentences:
        return Judgement(True, terms, f"{tally.sentences} sentences discuss social media")
    if tally.sentences:
        noun = "sentence names" if tally.sentences == 1 else "sentences name"
        return Judgement(False, terms, f"only {tally.sentences} {noun} social media (needs {min_sentences})")
    if tally.discounted is not None:
        kind, excerpt = tally.discounted
        label = "only a quote channel" if kind == "quote_channel" else "only page furniture"
        return Judgement(False, (), f"{label}: {excerpt}")
    text = f"{title}\n{body}"
    if _names_a_term(_tokens(text, addresses=True), query) and not _names_a_term(_tokens(text), query):
        return Judgement(False, (), "only web addresses name social media")
    return Judgement(False, (), "no social-media term")


def discussion_counts(title: str, body: str, query: Query) -> tuple[bool, int, int]:
    """What the rule counts in one article, for reviewing its threshold.

    Returns
    -------
    (whether the title names social media, body sentences that count as discussing it,
    body sentences in all).
    """
    tally = _Tally(counted=[], title_terms=[])
    title_names = bool(_count_unit(_tokens(title), query, tally, headline=True))
    sentences = _sentences(body)
    counted = sum(1 for sentence in sentences if _count_unit(_tokens(sentence), query, tally))
    return title_names, counted, len(sentences)


def mentions_any_term(title: str, body: str, query: Query | None = None) -> bool:
    """The baseline search: True when any term occurs anywhere in the title or body, whatever
    its context (no look-alikes, quote channels or furniture discounted)."""
    query = query or default_query()
    return _names_a_term(_tokens(f"{title}\n{body}", addresses=True), query)


def _names_a_term(tokens: list[str], query: Query) -> bool:
    return bool(query.term_spans(tokens, token_positions(tokens, query.first_word_forms)))


def _count_unit(tokens: list[str], query: Query, tally: _Tally, headline: bool = False) -> list[str]:
    """Terms of one unit that count (recorded in ``tally``); notes the first discounted one.

    In a ``headline``, a platform named in the form «SOURCE على تويتر: quote» is the channel of
    the quote that follows the colon (``_headline_channel_span``)."""
    positions = token_positions(tokens, query.first_word_forms)
    if not positions:
        return []
    spans = query.term_spans(tokens, positions)
    if not spans:
        return []
    cues = query.cue_spans(tokens)
    counted = []
    for start, end, term in spans:
        cue = _discounting_cue(start, end, cues)
        if cue is None and headline:
            channel = _headline_channel_span(tokens, start, end)
            cue = None if channel is None else (*channel, HEADLINE_CHANNEL)
        if cue is None:
            counted.append(term)
        elif cue[2].kind != "look_alike" and tally.discounted is None:
            first, last = min(start, cue[0]), max(end, cue[1])
            tally.discounted = (cue[2].kind, " ".join(tokens[first : min(last, first + EXCERPT_TOKENS)]))
    tally.counted += counted
    return counted


HEADLINE_CHANNEL = Cue(
    Phrase(text="<preposition> <platform> :", words=()), "quote_channel", "SOURCE on PLATFORM: quote", 0, 0
)
"""The cue that ``_headline_channel_span`` stands for, in reasons."""


def _headline_channel_span(tokens: list[str], start: int, end: int) -> tuple[int, int] | None:
    """The span from preposition to colon when the term at [start, end) of a headline is the
    channel of a quote: «على / عبر» (on, through) before it and a colon after it, only quote
    marks or «موقع» (site) between, as in «البرادعى على "تويتر": ...» ("ElBaradei on Twitter:
    <quote>"); None otherwise."""
    after = end
    while after < len(tokens) and tokens[after] in HEADLINE_CHANNEL_FILLERS:
        after += 1
    if after >= len(tokens) or tokens[after] not in (":", "："):
        return None
    before = start - 1
    while before >= 0 and tokens[before] in HEADLINE_CHANNEL_FILLERS:
        before -= 1
    if before < 0 or tokens[before] not in HEADLINE_CHANNEL_PREPOSITIONS:
        return None
    return before, after + 1


def _discounting_cue(start: int, end: int, cues: Iterable[tuple[int, int, Cue]]) -> tuple[int, int, Cue] | None:
    """The first cue that discounts the term at [start, end), look-alikes first."""
    found = None
    for cue_start, cue_end, cue in cues:
        overlaps = start < cue_end and cue_start < end
        after = 0 <= start - cue_end < cue.after
        before = 0 <= cue_start - end < cue.before
        if overlaps and cue.kind == "look_alike":
            return (cue_start, cue_end, cue)
        if found is None and cue.kind != "look_alike" and (overlaps or after or before):
            found = (cue_start, cue_end, cue)
    return found


def _tokens(text: str, addresses: bool = False) -> list[str]:
    """The normalized tokens of ``text``, web addresses left out unless ``addresses``."""
    return tokenize(normalize(text if addresses else WEB_ADDRESS.sub(" ", text)).lower())


def _sentences(body: str) -> list[str]:
    return [sentence for line in body.splitlines() for sentence in split_sentences(line)]


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
