"""Frame coding: which sentences, and which articles, carry each frame of the lexicon
(in the committed one: TikTok / social media as a mental-health matter, MH, or a
regulation matter, REG).

Sentences are coded with the dictionary in ``data/lexicons/frames.yaml`` (definitions in
``docs/codebook.md``); frames are not exclusive. Articles are summarized from their
sentences. The comparison names two frames (``compare``); every difference is the first
minus the second (MH - REG by default).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from analysis.frames.lexicon import Lexicon, default_lexicon, token_positions
from analysis.pipeline.progress import progress
from analysis.text.arabic import tokenize


def code_sentences(texts: Iterable[str], lexicon: Lexicon | None = None, quiet: bool = False) -> pd.DataFrame:
    """Code each text for every frame of the lexicon.

    Parameters
    ----------
    texts: sentences as written (raw text is fine: it is normalized here).
    lexicon: a loaded dictionary; None loads ``data/lexicons/frames.yaml``.
    quiet: no progress bar (inside a task).

    Returns
    -------
    One row per text, in input order: a boolean column per frame (``mental_health``,
    ``regulation``) and the matched indicators per frame (``mh_terms``,
    ``reg_terms``: ``;``-separated, in order of appearance, empty when none).
    """
    lexicon = lexicon or default_lexicon()
    texts = list(texts)
    texts_shown = progress(texts, "coding sentences", total=len(texts), unit="sentence", quiet=quiet)
    tokens = [lexicon.tokens(text) for text in texts_shown]
    return code_tokens(tokens, lexicon)


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
        object_named, object_at = lexicon.object_context(token_lists[index])
        for frame in lexicon.frames:
            terms = frame.matched_terms(token_lists[index], positions, object_named, object_at)
            if terms:
                columns[frame.name][index] = True
                columns[f"{frame.prefix}_terms"][index] = ";".join(terms)
    return pd.DataFrame(columns).astype({frame.name: bool for frame in lexicon.frames})


def code_corpus_sentences(sentences: pd.DataFrame, lexicon: Lexicon | None = None, quiet: bool = False) -> pd.DataFrame:
    """``sentence_frames.csv``: article_id, sentence_id and the coding of each sentence's text.

    Parameters
    ----------
    sentences: ``sentences.csv`` rows (``article_id``, ``sentence_id``, ``text``), in any order.
    lexicon: a loaded dictionary; None loads ``data/lexicons/frames.yaml``.
    quiet: True shows no progress bar (inside a Dask task).

    Returns
    -------
    One row per sentence, in input order: ``article_id``, ``sentence_id``, a boolean column per
    frame and its matched indicators (``<prefix>_terms``), as ``code_sentences`` gives them.
    """
    coded = code_sentences(sentences["text"].tolist(), lexicon, quiet)
    return pd.concat([sentences[["article_id", "sentence_id"]].reset_index(drop=True), coded], axis=1)


def dictionary_codes(sentence_frames: pd.DataFrame, lexicon: Lexicon) -> pd.DataFrame:
    """``sentence_frames`` with each frame column the dictionary's code, whichever coder made it: a frame is
    coded when one of its indicators matched (its ``<prefix>_terms`` is not empty), as in ``code_tokens``."""
    codes = sentence_frames.copy()
    for frame in lexicon.frames:
        codes[frame.name] = sentence_frames[f"{frame.prefix}_terms"].fillna("").astype(str) != ""
    return codes


def framing_index(n_a: int, n_b: int) -> float:
    """(a - b) / (a + b) for the two compared frames' sentence counts: +1 all a, -1 all b; nan when both are 0."""
    total = n_a + n_b
    return (n_a - n_b) / total if total else float("nan")


def dominant_frame(n_a: int, n_b: int, ratio: float, names: tuple[str, str]) -> str:
    """The article's dominant frame of the compared pair, from its sentence counts.

    ``none`` when neither is coded; ``names[0]`` (or ``names[1]``) when its count is at
    least ``ratio`` times the other's; otherwise ``mixed``.
    """
    if n_a == 0 and n_b == 0:
        return "none"
    if n_a >= ratio * n_b:
        return names[0]
    if n_b >= ratio * n_a:
        return names[1]
    return "mixed"


def aggregate_articles(
    sentence_frames: pd.DataFrame,
    dominance_ratio: float,
    lexicon: Lexicon | None = None,
    compare: Sequence[str] | None = None,
) -> pd.DataFrame:
    """``article_frames.csv``: per article, sentence counts and shares per frame.

    Parameters
    ----------
    sentence_frames: the coded sentences (``code_corpus_sentences``).
    dominance_ratio: how many times the other frame's count a frame needs to dominate.
    lexicon: the dictionary the sentences were coded with (None: the committed one).
    compare: the two compared frames (``compare`` in params.yaml; None: the first two).

    Returns
    -------
    One row per article: n_sentences, n_<frame> for every frame, n_both (sentences with
    both compared frames), n_neither (sentences with no frame), share_<frame> (of all
    sentences), framing_index ((a - b) / (a + b) over the compared frames, empty when
    neither is coded) and dominant_frame (a, b, ``mixed`` or ``none``).
    """
    lexicon = lexicon or default_lexicon()
    a, b = (frame.name for frame in lexicon.compared(compare))
    flags = {name: sentence_frames[name].astype(bool) for name in lexicon.names}
    any_frame = pd.concat(flags.values(), axis=1).any(axis=1)
    counts = pd.DataFrame(
        {
            "article_id": sentence_frames["article_id"],
            "n_sentences": 1,
            **{f"n_{name}": flag for name, flag in flags.items()},
            "n_both": flags[a] & flags[b],
            "n_neither": ~any_frame,
        }
    )
    table = counts.groupby("article_id", sort=True).sum().astype(int).reset_index()
    for name in lexicon.names:
        table[f"share_{name}"] = table[f"n_{name}"] / table["n_sentences"]
    n_a, n_b = table[f"n_{a}"], table[f"n_{b}"]
    table["framing_index"] = (n_a - n_b) / (n_a + n_b).where(n_a + n_b > 0)
    table["dominant_frame"] = [dominant_frame(x, y, dominance_ratio, (a, b)) for x, y in zip(n_a, n_b)]
    return table.round({**{f"share_{name}": 6 for name in lexicon.names}, "framing_index": 6})


ARTICLE_COUNTS = ("n_sentences", "n_both", "n_neither")
"""The sentence counts of ``article_frames.csv`` that are not one frame's count."""


def article_frame_names(article_frames: pd.DataFrame) -> list[str]:
    """The frames an ``article_frames`` table counts (its ``n_<frame>`` columns), in order."""
    columns = [column for column in article_frames.columns if column.startswith("n_") and column not in ARTICLE_COUNTS]
    return [column.removeprefix("n_") for column in columns]


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
    object_named, object_at = lexicon.object_context(tokens)
    for frame in lexicon.frames:
        for start, end, _ in frame.matched_spans(tokens, object_named=object_named, object_at=object_at):
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
    """One article's sentences with their frames and matched indicators marked (``mark_indicators``).

    Parameters
    ----------
    sentences, sentence_frames: ``sentences.csv`` and its coding (``sentence_frames.csv``).
    article_id: the article to show.
    lexicon: the dictionary that coded them; None loads ``data/lexicons/frames.yaml``.

    Returns
    -------
    One row per sentence of the article, in order: ``sentence_id``, the frames it carries and its
    text with every matched indicator marked, for reading in a notebook.
    """
    lexicon = lexicon or default_lexicon()
    rows = sentences[sentences["article_id"] == article_id].merge(sentence_frames, on=["article_id", "sentence_id"])
    return pd.DataFrame(
        {
            "sentence_id": rows["sentence_id"],
            **{frame.prefix.upper(): rows[frame.name] for frame in lexicon.frames},
            "marked_text": [mark_indicators(text, lexicon) for text in rows["text"]],
        }
    )


def most_coded_article(article_frames: pd.DataFrame) -> str:
    """The article with the most frame-coded sentences (ties: the first id), to show as an example."""
    frame_counts = [f"n_{name}" for name in article_frame_names(article_frames)]
    coded = article_frames.assign(n_coded=article_frames[frame_counts].sum(axis=1))
    ranked = coded.sort_values(["n_coded", "article_id"], ascending=[False, True])
    return str(ranked.iloc[0]["article_id"]) if len(ranked) else ""
