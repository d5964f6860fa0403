"""Cleaning: page furniture rules (``furniture``), raw articles to the cleaned corpus
(``articles``: ``clean_article``, ``clean_corpus``), furniture repeated across a corpus
(``repeated``), the kept lines to review (``review``) and the tables that show what
cleaning did (``summaries``)."""

from analysis.clean.articles import CleanedArticle, clean_article, clean_corpus
from analysis.clean.furniture import RULES
from analysis.clean.review import review_lines
from analysis.clean.summaries import corpus_table, line_audit, metadata_gaps, most_furnished_article, removals_by_rule

__all__ = [
    "RULES",
    "CleanedArticle",
    "clean_article",
    "clean_corpus",
    "corpus_table",
    "line_audit",
    "metadata_gaps",
    "most_furnished_article",
    "removals_by_rule",
    "review_lines",
]
