"""Lines kept as article text that only look suspicious: listed for a person to check, never removed.

A line is removed only by a named furniture rule. A kept body line with no sentence
punctuation that is very short, or has almost no function words, may still be furniture
no rule knows (or a poem's verse, a subheading): ``review_lines`` lists it with the cue.
"""

from __future__ import annotations

import pandas as pd

from analysis.clean.furniture import review_reason
from analysis.config.tables import REVIEW_LINES


def review_lines(sentences: pd.DataFrame) -> pd.DataFrame:
    """The kept body lines to review.

    Parameters
    ----------
    sentences: ``sentences.csv`` (``article_id``, ``line_no``, ``is_title``, ``text``).

    Returns
    -------
    One row per suspicious kept line (its sentences joined by a space), with the cue in
    ``reason``; columns of ``review_lines.csv``, sorted by ``article_id``, ``line_no``.
    """
    body = sentences.loc[~sentences["is_title"].astype(bool)]
    lines = body.groupby(["article_id", "line_no"], sort=True)["text"].agg(" ".join).reset_index()
    lines["reason"] = [review_reason(text) for text in lines["text"]]
    flagged = lines.loc[lines["reason"] != ""]
    return flagged.reindex(columns=REVIEW_LINES.column_names()).reset_index(drop=True)
