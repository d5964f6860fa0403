"""Auditing the dictionary in context: every indicator's matches with the words around
them (keyword in context, KWIC), and per indicator how often it fires, how much of its
frame it carries and, where hand codes exist, how often it is right.

A researcher reads the contexts to see at once when an indicator matches a false friend
(تنظيم "organization" instead of "regulation").
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.frames.lexicon import Lexicon, default_lexicon, token_positions
from analysis.text.arabic import tokenize

MATCH_OPEN, MATCH_CLOSE = "⟦", "⟧"
"""Marks around the matched words in a context."""
CONTEXT_SEPARATOR = " ‖ "
"""Between the sampled contexts of one indicator in ``indicator_audit.csv``."""
KWIC_COLUMNS = ["frame", "term", "article_id", "sentence_id", "before", "match", "after", "context"]


def keyword_in_context(
    sentences: pd.DataFrame,
    lexicon: Lexicon | None = None,
    window: int = 6,
    terms: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Every indicator match in the sentences, with ``window`` words on each side.

    Parameters
    ----------
    sentences: ``article_id``, ``sentence_id`` and ``text`` (as in ``sentences.csv``).
    lexicon: the dictionary (None: the committed one).
    window: words shown before and after the match.
    terms: only these indicator terms (as written in the lexicon); None: all.

    Returns
    -------
    One row per match, in sentence order: frame, term, article_id, sentence_id, before
    (the words preceding the match), match (as written), after, and context (``before ⟦match⟧
    after``, in reading order: displayed right to left, the words before stand to the right).
    Matches cancelled by an exclusion are not listed, as in the coding.
    """
    lexicon = lexicon or default_lexicon()
    wanted = None if terms is None else set(terms)
    first_words = lexicon.first_word_forms()
    rows = []
    for article_id, sentence_id, text in zip(sentences["article_id"], sentences["sentence_id"], sentences["text"]):
        tokens = lexicon.tokens(text)
        if first_words.isdisjoint(tokens):
            continue
        shown = tokenize(text)
        shown = shown if len(shown) == len(tokens) else tokens
        positions = token_positions(tokens, first_words)
        object_named, object_at = lexicon.object_context(tokens)
        for frame in lexicon.frames:
            for start, end, term in frame.matched_spans(tokens, positions, object_named, object_at):
                if wanted is not None and term not in wanted:
                    continue
                before = " ".join(shown[max(0, start - window) : start])
                match = " ".join(shown[start:end])
                after = " ".join(shown[end : end + window])
                context = f"{before} {MATCH_OPEN}{match}{MATCH_CLOSE} {after}".strip()
                rows.append([frame.name, term, article_id, int(sentence_id), before, match, after, context])
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)


def indicator_audit(
    kwic: pd.DataFrame,
    lexicon: Lexicon | None = None,
    hand_codes: pd.DataFrame | None = None,
    n_contexts: int = 5,
    seed: int = 0,
) -> pd.DataFrame:
    """``indicator_audit.csv``: one row per indicator of the lexicon, matched or not.

    Parameters
    ----------
    kwic: ``keyword_in_context`` over the analysed sentences.
    lexicon: the dictionary (None: the committed one).
    hand_codes: ``join_hand_codes`` (article_id, sentence_id, ``hand_<frame>``) or None.
    n_contexts: contexts sampled per indicator (seeded, then shown in sentence order).
    seed: seed of the context sample (``seed`` in params.yaml).

    Returns
    -------
    Columns frame, term, gloss, n_matches, n_sentences, n_articles, share_of_frame (its
    share of the frame's matches, 0-1), n_hand_coded (hand-coded sentences it matches in),
    precision (share of those the coder coded with the frame; empty when none or the frame
    is not hand-coded) and contexts (the sample, separated by ``‖`` with a space either side). Sorted by frame
    (lexicon order), most matches first, then term.
    """
    lexicon = lexicon or default_lexicon()
    frame_totals = kwic.groupby("frame").size().to_dict()
    by_term = {key: part for key, part in kwic.groupby(["frame", "term"], sort=False)}
    rows = []
    for order, frame in enumerate(lexicon.frames):
        for indicator in frame.indicators:
            term = indicator.phrase.text
            part = by_term.get((frame.name, term), kwic.iloc[0:0])
            n_hand, precision = _precision(part, hand_codes, frame.name)
            rows.append(
                {
                    "frame": frame.name,
                    "term": term,
                    "gloss": indicator.gloss,
                    "n_matches": len(part),
                    "n_sentences": len(part.drop_duplicates(["article_id", "sentence_id"])),
                    "n_articles": part["article_id"].nunique(),
                    "share_of_frame": len(part) / frame_totals[frame.name] if frame_totals.get(frame.name) else 0.0,
                    "n_hand_coded": n_hand,
                    "precision": precision,
                    "contexts": sample_contexts(part, n_contexts, seed, term),
                    "_order": order,
                }
            )
    table = pd.DataFrame(rows).sort_values(["_order", "n_matches", "term"], ascending=[True, False, True])
    return table.drop(columns="_order").reset_index(drop=True).round({"share_of_frame": 6, "precision": 6})


def _precision(part: pd.DataFrame, hand_codes: pd.DataFrame | None, frame: str) -> tuple[int, float]:
    """(hand-coded sentences the indicator matches in, share of them hand-coded with the frame)."""
    if hand_codes is None or f"hand_{frame}" not in hand_codes.columns or part.empty:
        return 0, float("nan")
    matched = part[["article_id", "sentence_id"]].drop_duplicates()
    coded = matched.merge(hand_codes[["article_id", "sentence_id", f"hand_{frame}"]], on=["article_id", "sentence_id"])
    return len(coded), float(coded[f"hand_{frame}"].mean()) if len(coded) else float("nan")


def sample_contexts(part: pd.DataFrame, n_contexts: int, seed: int, term: str) -> str:
    """Up to ``n_contexts`` of an indicator's contexts, drawn with a seed of its own (so adding
    an indicator changes no other's sample), shown in sentence order."""
    if part.empty:
        return ""
    rng = np.random.default_rng([seed, zlib.crc32(term.encode("utf-8"))])
    ordered = part.sort_values(["article_id", "sentence_id"], kind="stable")
    chosen = np.sort(rng.permutation(len(ordered))[:n_contexts])
    return CONTEXT_SEPARATOR.join(ordered["context"].iloc[chosen])
