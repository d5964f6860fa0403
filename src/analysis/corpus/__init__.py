"""Reading the raw corpus: article files with their encodings and metadata (``reading``),
and record files: JSON, JSON lines, ZIP (``records``). The only place that reads raw input."""

from analysis.corpus.reading import CorpusError, RawArticle, decode_article, read_corpus, read_metadata

__all__ = ["CorpusError", "RawArticle", "decode_article", "read_corpus", "read_metadata"]
