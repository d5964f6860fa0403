"""Frame coding: which sentences, and which articles, frame TikTok / social media as a
mental-health matter (MH) or a regulation matter (REG).

Sentences are coded with the dictionary in ``data/lexicons/frames.yaml`` (definitions in
``docs/codebook.md``); frames are not exclusive. Articles are summarized from their
sentences. Every difference is stated as MH - REG.
"""

from __future__ import annotations

from typing import Iterable

import pandas as pd

from analysis.frames.lexicon import Lexicon, default_lexicon, token_positions
from analysis.text.arabic import tokenize

MH, REG = "mental_health", "regulation"
DOMINANT_FRAMES = ("mental_health", "regulation", "mixed", "none")


def code_sentences(texts: Iterable[str], lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Code each text for every frame of the lexicon.

    Parameters
    ----------
    texts: sentences as written (raw text is fine: it is normalized here).
    lexicon: a loaded dictionary; None loads ``data/lexicons/frames.yaml``.

    Returns
    -------
    One row per text, in input order: a boolean column per frame (``mental_health``,
    ``regulation``) and the matched indicators per frame (``mh_terms``,
    ``reg_terms``: ``;``-separated, in order of appearance, empty when none).
    """
    lexicon = lexicon or default_lexicon()
    return code_tokens([lexicon.tokens(text) for text in texts], lexicon)


def code_tokens(token_lists: Iterable[list[str]], lexicon: Lexicon | None = None) -> pd.DataFrame:
    """``code_sentences`` for texts already normalized and tokenized (``Lexicon.tokens``)."""
    lexicon = lexicon or default_lexicon()
    token_lists = token_lists if isinstance(token_lists, list) else list(token_lists)
    columns: dict[str, list[object]] = {frame.name: [False] * len(token_lists) for frame in lexicon.frames}
    columns |= {f"{frame.prefix}_terms": [""] * len(token_lists) for frame in lexicon.frames}
    first_words = lexicon.first_word_forms()
    # Most sentences hold no candidate at all; the others are scanned once for all frames.
    for index in [index for index, tokens in enumerate(token_lists) if not first_words.isdisjoint(tokens)]:
        positions = token_positions(token_lists[index], first_words)
        for frame in lexicon.frames:
            terms = frame.matched_terms(token_lists[index], positions)
            if terms:
                columns[frame.name][index] = True
                columns[f"{frame.prefix}_terms"][index] = ";".join(terms)
    return pd.DataFrame(columns).astype({frame.name: bool for frame in lexicon.frames})


def code_corpus_sentences(sentences: pd.DataFrame, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """``sentence_frames.csv``: article_id, sentence_id and the coding of each sentence's text."""
    coded = code_sentences(sentences["text"].tolist(), lexicon)
    return pd.concat([sentences[["article_id", "sentence_id"]].reset_index(drop=True), coded], axis=1)


def framing_index(n_mh: int, n_reg: int) -> float:
    """(MH - REG) / (MH + REG): +1 all mental health, -1 all regulation; nan when both are 0."""
    total = n_mh + n_reg
    return (n_mh - n_reg) / total if total else float("nan")


def dominant_frame(n_mh: int, n_reg: int, ratio: float) -> str:
    """The article's dominant frame from its sentence counts.

    ``none`` when no sentence is coded; ``mental_health`` (or ``regulation``) when its
    count is at least ``ratio`` times the other's; otherwise ``mixed``.
    """
    if n_mh == 0 and n_reg == 0:
        return "none"
    if n_mh >= ratio * n_reg:
        return MH
    if n_reg >= ratio * n_mh:
        return REG
    return "mixed"


def aggregate_articles(sentence_frames: pd.DataFrame, dominance_ratio: float) -> pd.DataFrame:
    """``article_frames.csv``: per article, sentence counts and shares per frame.

    Parameters
    ----------
    sentence_frames: the coded sentences (``code_corpus_sentences``).
    dominance_ratio: how many times the other frame's count a frame needs to dominate.

    Returns
    -------
    One row per article: n_sentences, n_mental_health, n_regulation, n_both,
    n_neither, share_mental_health, share_regulation (of all sentences),
    framing_index ((MH - REG) / (MH + REG), empty when no sentence is coded) and
    dominant_frame.
    """
    mh, reg = sentence_frames[MH].astype(bool), sentence_frames[REG].astype(bool)
    flags = pd.DataFrame(
        {
            "article_id": sentence_frames["article_id"],
            "n_sentences": 1,
            "n_mental_health": mh,
            "n_regulation": reg,
            "n_both": mh & reg,
            "n_neither": ~mh & ~reg,
        }
    )
    table = flags.groupby("article_id", sort=True).sum().astype(int).reset_index()
    n_mh, n_reg = table["n_mental_health"], table["n_regulation"]
    table["share_mental_health"] = n_mh / table["n_sentences"]
    table["share_regulation"] = n_reg / table["n_sentences"]
    table["framing_index"] = (n_mh - n_reg) / (n_mh + n_reg).where(n_mh + n_reg > 0)
    table["dominant_frame"] = [dominant_frame(a, b, dominance_ratio) for a, b in zip(n_mh, n_reg)]
    return table.round({"share_mental_health": 6, "share_regulation": 6, "framing_index": 6})


def mark_indicators(text: str, lexicon: Lexicon | None = None) -> str:
    """The sentence with each matched indicator wrapped as ``[[MH: words]]`` / ``[[REG: words]]``.

    Tokens are re-joined with single spaces (punctuation stands apart), to show where
    the dictionary matched; use ``text`` for quotes.
    """
    lexicon = lexicon or default_lexicon()
    tokens = lexicon.tokens(text)
    shown = tokenize(text)
    shown = shown if len(shown) == len(tokens) else tokens
    marks: dict[int, tuple[int, str]] = {}
    for frame in lexicon.frames:
        for start, end, _ in frame.matched_spans(tokens):
            marks.setdefault(start, (end, frame.prefix.upper()))
    words, index = [], 0
    while index < len(shown):
        if index in marks:
            end, label = marks[index]
            words.append(f"[[{label}: {' '.join(shown[index:end])}]]")
            index = end
        else:
            words.append(shown[index])
            index += 1
    return " ".join(words)


def highlighted_sentences(
    sentences: pd.DataFrame, sentence_frames: pd.DataFrame, article_id: str, lexicon: Lexicon | None = None
) -> pd.DataFrame:
    """One article's sentences with their frames and matched indicators marked (``mark_indicators``)."""
    rows = sentences[sentences["article_id"] == article_id].merge(sentence_frames, on=["article_id", "sentence_id"])
    return pd.DataFrame(
        {
            "sentence_id": rows["sentence_id"],
            "MH": rows[MH],
            "REG": rows[REG],
            "marked_text": [mark_indicators(text, lexicon) for text in rows["text"]],
        }
    )


def most_coded_article(article_frames: pd.DataFrame) -> str:
    """The article with the most frame-coded sentences (ties: the first id), to show as an example."""
    coded = article_frames.assign(n_coded=article_frames[f"n_{MH}"] + article_frames[f"n_{REG}"])
    ranked = coded.sort_values(["n_coded", "article_id"], ascending=[False, True])
    return str(ranked.iloc[0]["article_id"]) if len(ranked) else ""
