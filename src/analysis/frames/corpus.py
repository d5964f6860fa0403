"""The frames stage's per-sentence work over a stored corpus, as Dask tasks.

The analysed articles' sentences are read from the ``sentences`` table chunk by chunk
(memory holds the analysed sentences, never the whole table), cut into tasks of
``SENTENCES_PER_TASK`` sentences, and each task codes its sentences and counts what is
additive: the keyness sides' word counts and the actors' attributions. The results are
combined in task order (counts summed, rows concatenated and sorted), so they are the
same wherever the tasks ran (``analysis.pipeline.parallel``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis.config.tables import EMBEDDED_POSTS, SENTENCES
from analysis.frames.actors import find_corpus_actors
from analysis.frames.coding import code_corpus_sentences
from analysis.frames.keyness import frame_counts, keyness_from_counts
from analysis.frames.lexicon import Lexicon
from analysis.pipeline.outputs import read_table
from analysis.pipeline.parallel import dask_client, map_partitions
from analysis.pipeline.progress import progress
from analysis.text.arabic import count_word_tokens, normalize, split_sentences, tokenize

if TYPE_CHECKING:
    from analysis.frames.learned_coding import LearnedCoding

SENTENCES_PER_TASK = 50_000
"""Sentences coded per Dask task (about 10 MB of SaudiNewsNet text)."""


@dataclass(frozen=True)
class CodedSentences:
    """The analysed sentences, their coding (``sentence_frames.csv``), the keyness word
    counts (side a only, side b only, all sentences) and the attributions (``actors.csv``)."""

    sentences: pd.DataFrame
    sentence_frames: pd.DataFrame
    keyness_counts: tuple[Counter[str], Counter[str], Counter[str]]
    actors: pd.DataFrame

    def keyness(
        self, a0: float, min_count: int, lexicon: Lexicon, compare: Sequence[str] | None = None
    ) -> pd.DataFrame:
        """``keyness.csv`` from the summed counts (``frame_keyness`` on the whole corpus)."""
        a, b = lexicon.compared(compare)
        return keyness_from_counts(*self.keyness_counts, a0=a0, min_count=min_count, prefixes=(a.prefix, b.prefix))


def code_stored_sentences(
    processed_dir: str | Path,
    table_format: str,
    lexicon: Lexicon,
    article_ids: Collection[str] | None = None,
    compare: Sequence[str] | None = None,
    include_embedded_posts: bool = False,
    learned: LearnedCoding | None = None,
) -> CodedSentences:
    """Read the sentences of ``article_ids`` (None: every sentence) from the ``sentences``
    table in ``processed_dir`` and code them, ``SENTENCES_PER_TASK`` sentences per Dask task.

    Embedded social-media posts are not in ``sentences`` (cleaning set them apart), so they
    are neither coded nor an object anchor; ``include_embedded_posts`` (params.yaml
    ``frame_embedded_posts``) adds their sentences (``embedded_post_sentences``) for a study
    of what posts say.

    ``learned`` (``coder: classifier``; ``analysis.frames.learned_coding``) makes the frame columns the
    learned coder's codes, cross-fitted for the estimation sheet's sentences; the keyness sides and the
    attributions' frames follow them, and the ``<prefix>_terms`` stay the dictionary's matches. None: the
    dictionary codes.

    Returns
    -------
    The kept rows of ``sentences.csv`` in table order, with their coding, keyness counts
    for the compared frames (``compare``) and attributions.
    """
    sentences = read_table(SENTENCES, processed_dir, None, table_format, article_ids=article_ids)
    if include_embedded_posts:
        posts = read_table(EMBEDDED_POSTS, processed_dir, None, table_format, article_ids=article_ids)
        sentences = embedded_post_sentences(sentences, posts)
    size = SENTENCES_PER_TASK
    chunks = [sentences.iloc[start : start + size] for start in range(0, len(sentences), size)] or [sentences]
    with dask_client(len(chunks)) as client:
        tasks = map_partitions(code_sentence_chunk, chunks, client, lexicon=lexicon, compare=compare, learned=learned)
        parts = list(progress(tasks, "coding sentences", total=len(chunks), unit="chunk"))
    counts: tuple[Counter[str], Counter[str], Counter[str]] = (Counter(), Counter(), Counter())
    for part in parts:
        for total, count in zip(counts, part.keyness_counts, strict=True):
            total.update(count)
    actors = pd.concat([part.actors for part in parts if len(part.actors)] or [parts[0].actors], ignore_index=True)
    return CodedSentences(
        sentences,
        pd.concat([part.sentence_frames for part in parts], ignore_index=True),
        counts,
        actors.sort_values(["article_id", "sentence_id"], kind="stable", ignore_index=True),
    )


def embedded_post_sentences(sentences: pd.DataFrame, posts: pd.DataFrame) -> pd.DataFrame:
    """``sentences`` with the sentences of each article's embedded posts after its own.

    Parameters
    ----------
    sentences: rows of the ``sentences`` table, articles in corpus order.
    posts: rows of the ``embedded_posts`` table.

    Returns
    -------
    The sentence rows, each article's post sentences (``split_sentences`` of each line of a
    post's text, posts in order) numbered on from its last ``sentence_id``, with
    ``is_title`` False and ``line_no`` the post's first line; articles in the order of
    ``sentences``, then articles with posts only.
    """
    if not len(posts):
        return sentences
    last_id = sentences.groupby("article_id", sort=False)["sentence_id"].max().to_dict()
    rows = []
    for post in posts.sort_values(["article_id", "post_no"], kind="stable").itertuples(index=False):
        for line in str(post.text).split("\n"):
            for text in split_sentences(line):
                last_id[post.article_id] = last_id.get(post.article_id, 0) + 1
                norm = normalize(text)
                rows.append(
                    {
                        "article_id": post.article_id,
                        "sentence_id": last_id[post.article_id],
                        "is_title": False,
                        "line_no": post.line_no,
                        "text": text,
                        "text_norm": norm,
                        "n_tokens": count_word_tokens(tokenize(norm)),
                    }
                )
    added = pd.DataFrame(rows, columns=sentences.columns).astype(sentences.dtypes.to_dict())
    order = {
        article_id: rank
        for rank, article_id in enumerate(dict.fromkeys([*sentences["article_id"], *added["article_id"]]))
    }
    combined = pd.concat([sentences, added], ignore_index=True)
    ranks = combined["article_id"].map(order)
    return combined.iloc[ranks.argsort(kind="stable")].reset_index(drop=True)


def code_sentence_chunk(
    sentences: pd.DataFrame,
    lexicon: Lexicon,
    compare: Sequence[str] | None,
    learned: LearnedCoding | None = None,
) -> CodedSentences:
    """One task of ``code_stored_sentences``: code the chunk, count its keyness words, find its attributions.

    Parameters
    ----------
    sentences: a chunk of ``sentences.csv`` (at most 50,000 rows).
    lexicon: the dictionary.
    compare: the two compared frames (``compare`` in params.yaml); None compares the lexicon's first two.
    learned: the learned coder whose codes replace the dictionary's frame columns (None: the dictionary's).

    Returns
    -------
    The chunk's sentences, their coding, the word counts of the two keyness sides and the attributions.
    """
    sentences = sentences.reset_index(drop=True)
    frames = code_corpus_sentences(sentences, lexicon, quiet=True)
    if learned is not None:
        frames[list(lexicon.names)] = learned.code(sentences, lexicon)[list(lexicon.names)]
    a, b = lexicon.compared(compare)
    tokens = [tokenize(normalize(text)) for text in sentences["text"]]
    counts = frame_counts(tokens, frames[a.name], frames[b.name])
    return CodedSentences(sentences, frames, counts, find_corpus_actors(sentences, frames, lexicon))
