"""Frames: the dictionary (``lexicon``), coding sentences and articles (``coding``), the learned
coder (``classifier``) and the run's choice of coder (``learned_coding``: not imported here, it loads
scikit-learn), the coders side by side (``coder_comparison``), who speaks (``actors``), the
dictionary in context (``audit``), distinguishing words (``keyness``), prevalence and differences
(``prevalence``), validation against hand coding (``validation``), corrected estimates
(``estimates``), headline metrics (``metrics``) and English glosses (``glossary``).

Frames are data: every table loops over the frames of the lexicon, and the comparison
(difference, framing index, keyness sides, dominant frame) names its two frames.
"""

from analysis.frames.actors import actors_by_frame, find_attributions, find_corpus_actors
from analysis.frames.audit import indicator_audit, keyword_in_context
from analysis.frames.coder_comparison import coder_comparison, coder_populations
from analysis.frames.coding import (
    aggregate_articles,
    code_corpus_sentences,
    code_sentences,
    highlighted_sentences,
    mark_indicators,
    most_coded_article,
)
from analysis.frames.corpus import CodedSentences, code_stored_sentences
from analysis.frames.estimates import design_coverage, distinct_sentences, estimate_table, estimation_sample
from analysis.frames.glossary import gloss, with_glosses
from analysis.frames.keyness import frame_keyness, ranked_words
from analysis.frames.lexicon import Lexicon, LexiconError, default_lexicon, load_lexicon
from analysis.frames.metrics import frames_metrics
from analysis.frames.prevalence import difference_table, prevalence_table
from analysis.frames.sampling import draw_sample, read_hand_codes
from analysis.frames.validation import disagreements, join_hand_codes, macro_f1, unmatched_hand_codes, validation_table

__all__ = [
    "CodedSentences",
    "Lexicon",
    "LexiconError",
    "actors_by_frame",
    "aggregate_articles",
    "code_corpus_sentences",
    "code_stored_sentences",
    "code_sentences",
    "coder_comparison",
    "coder_populations",
    "default_lexicon",
    "design_coverage",
    "distinct_sentences",
    "estimate_table",
    "estimation_sample",
    "difference_table",
    "disagreements",
    "find_attributions",
    "find_corpus_actors",
    "frame_keyness",
    "ranked_words",
    "frames_metrics",
    "indicator_audit",
    "keyword_in_context",
    "gloss",
    "highlighted_sentences",
    "join_hand_codes",
    "load_lexicon",
    "macro_f1",
    "mark_indicators",
    "most_coded_article",
    "prevalence_table",
    "read_hand_codes",
    "draw_sample",
    "unmatched_hand_codes",
    "validation_table",
    "with_glosses",
]
