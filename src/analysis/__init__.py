"""tiktok-framing: how Arabic news frames TikTok, as mental health or as regulation.

The package is a small library called by the pipeline's notebooks; each module has one
job, in the order data flows: ``corpus`` reads raw files, ``arabic_text`` normalizes,
segments and tokenizes, ``furniture`` recognizes page furniture, ``clean`` turns raw
articles into the cleaned corpus, ``outputs`` writes stage files, ``stages`` runs a
stage's notebook.
"""

__version__ = "0.1.0"
