"""Selection: which articles are about TikTok and social media. The search string
(``query``: ``load_query``, ``data/lexicons/selection.yaml``) and the relevance rule of
the codebook (``relevance``: ``select_articles``); its precision and recall against hand
codes (``evaluation``); the corpus's selection and its funnel per outlet (``funnel``)."""

from analysis.selection.evaluation import selection_agreement, stratified_selection_agreement
from analysis.selection.funnel import (
    funnel_by_outlet,
    relevant_ids,
    restrict_to_selection,
    select_corpus,
    select_stored_corpus,
)
from analysis.selection.query import Query, QueryError, load_query
from analysis.selection.relevance import K_DEFAULT, judge_article, mentions_any_term, select_articles

__all__ = [
    "K_DEFAULT",
    "Query",
    "QueryError",
    "judge_article",
    "load_query",
    "mentions_any_term",
    "funnel_by_outlet",
    "relevant_ids",
    "restrict_to_selection",
    "select_articles",
    "select_corpus",
    "select_stored_corpus",
    "selection_agreement",
    "stratified_selection_agreement",
]
