"""Selection: which articles are about TikTok and social media. The search string
(``query``: ``load_query``, ``data/lexicons/selection.yaml``) and the relevance rule of
the codebook (``relevance``: ``select_articles``); its precision and recall against hand
codes (``evaluation``)."""

from analysis.selection.evaluation import selection_agreement
from analysis.selection.query import Query, QueryError, load_query
from analysis.selection.relevance import K_DEFAULT, judge_article, mentions_any_term, select_articles

__all__ = [
    "K_DEFAULT",
    "Query",
    "QueryError",
    "judge_article",
    "load_query",
    "mentions_any_term",
    "select_articles",
    "selection_agreement",
]
