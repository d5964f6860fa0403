"""Text: Arabic normalization, sentence splitting and tokenization (``arabic``), and HTML
page source to text (``html``). One normalizer for the whole project."""

from analysis.text.arabic import normalize, split_sentences, tokenize

__all__ = ["normalize", "split_sentences", "tokenize"]
