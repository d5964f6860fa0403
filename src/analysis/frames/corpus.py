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

import pandas as pd

from analysis.config.tables import SENTENCES
from analysis.frames.actors import find_corpus_actors
from analysis.frames.coding import code_corpus_sentences
from analysis.frames.keyness import frame_counts, keyness_from_counts
from analysis.frames.lexicon import Lexicon
from analysis.pipeline.outputs import read_table
from analysis.pipeline.parallel import dask_client, map_partitions
from analysis.pipeline.progress import progress
from analysis.text.arabic import normalize, tokenize

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
) -> CodedSentences:
    """Read the sentences of ``article_ids`` (None: every sentence) from the ``sentences``
    table in ``processed_dir`` and code them, ``SENTENCES_PER_TASK`` sentences per Dask task.

    Returns
    -------
    The kept rows of ``sentences.csv`` in table order, with their coding, keyness counts
    for the compared frames (``compare``) and attributions.
    """
    sentences = read_table(SENTENCES, processed_dir, None, table_format, article_ids=article_ids)
    size = SENTENCES_PER_TASK
    chunks = [sentences.iloc[start : start + size] for start in range(0, len(sentences), size)] or [sentences]
    with dask_client(len(chunks)) as client:
        tasks = map_partitions(code_sentence_chunk, chunks, client, lexicon=lexicon, compare=compare)
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


def code_sentence_chunk(sentences: pd.DataFrame, lexicon: Lexicon, compare: Sequence[str] | None) -> CodedSentences:
    """One task of ``code_stored_sentences``: code the chunk, count its keyness words, find its attributions.

    Parameters
    ----------
    sentences: a chunk of ``sentences.csv`` (at most 50,000 rows).
    lexicon: the dictionary.
    compare: the two compared frames (``compare`` in params.yaml); None compares the lexicon's first two.

    Returns
    -------
    The chunk's sentences, their coding, the word counts of the two keyness sides and the attributions.
    """
    sentences = sentences.reset_index(drop=True)
    frames = code_corpus_sentences(sentences, lexicon, quiet=True)
    a, b = lexicon.compared(compare)
    tokens = [tokenize(normalize(text)) for text in sentences["text"]]
    counts = frame_counts(tokens, frames[a.name], frames[b.name])
    return CodedSentences(sentences, frames, counts, find_corpus_actors(sentences, frames, lexicon))
