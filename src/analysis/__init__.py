"""tiktok-framing: how Arabic news frames TikTok, as mental health or as regulation.

The package is a small library called by the pipeline's notebooks. Its sub-packages
follow the data, one job per module:

- ``config``: every path (``paths``), the ``params.yaml`` schema (``params``), every
  output table's columns and types (``tables``), reading YAML data files (``data_files``);
- ``text``: Arabic normalization, sentence splitting, tokenization (``arabic``), HTML (``html``);
- ``corpus``: reading raw files and records (``reading``);
- ``clean``: furniture rules (``furniture``), raw articles to the cleaned corpus
  (``articles``), what cleaning did (``summaries``);
- ``frames``: the dictionary (``lexicon``), coding (``coding``), who speaks (``actors``),
  distinguishing words (``keyness``), prevalence (``prevalence``), validation
  (``validation``), headline metrics (``metrics``), glosses (``glossary``);
- ``stats``: intervals (``intervals``) and agreement (``reliability``);
- ``report``: figures (``figures``, ``arabic_display``, ``fonts``, ``frame_styles``), report data
  (``data``), provenance (``provenance``), the Typst PDF (``typeset``);
- ``pipeline``: writing outputs (``outputs``), running a stage (``stages``), scrubbing
  executed notebooks (``executed_notebooks``).

Data moves one way: a module imports only from ``config``, ``text``, ``stats`` and the
sub-packages of earlier steps.
"""

__version__ = "0.1.0"

import pandas as _pandas

# Text columns as Python strings, not pyarrow's (pandas' default once pyarrow is installed):
# the library's regular expressions keep Python's semantics, and the clean stage on
# SaudiNewsNet peaks at 1.47 GB instead of 2.25 GB (benchmarks/README.md).
_pandas.set_option("mode.string_storage", "python")
