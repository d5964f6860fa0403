"""Cleaning: page furniture rules (``furniture``), raw articles to the cleaned corpus
(``articles``: ``clean_article``), the corpus in partitions on Dask
(``partitions``: ``clean_corpus``, ``write_clean_tables``), furniture repeated across a corpus
(``repeated``), embedded posts set apart from the prose
(``embedded_posts``), the kept lines to review (``review``) and the tables that show what
cleaning did (``summaries``)."""

from analysis.clean.articles import CleanedArticle, clean_article
from analysis.clean.furniture import RULES
from analysis.clean.partitions import clean_corpus, write_clean_tables
from analysis.clean.review import review_lines
from analysis.clean.summaries import (
    corpus_table,
    embedded_posts_by_outlet,
    line_audit,
    metadata_gaps,
    most_furnished_article,
    removals_by_rule,
    removed_line_counts,
    skipped_counts,
)

__all__ = [
    "RULES",
    "CleanedArticle",
    "clean_article",
    "clean_corpus",
    "corpus_table",
    "embedded_posts_by_outlet",
    "line_audit",
    "metadata_gaps",
    "most_furnished_article",
    "removals_by_rule",
    "removed_line_counts",
    "review_lines",
    "skipped_counts",
    "write_clean_tables",
]
