"""Draw a further hand-coding sheet of SaudiNewsNet sentences, with recall strata.

``make sample`` stratifies by what the dictionary codes, so on an archive almost every
sentence it samples outside the dictionary's hits is plainly about something else, and the
dictionary's misses (what recall is about) are too rare to measure. This draw splits the
sentences the dictionary codes *neither* by broad lists of words, fixed before any coding
(``data/lexicons/recall_words.yaml``, or ``--words``): those that contain a word of the
mental-health field or of the regulation field (many are false friends; that is the point)
form their own strata, so misses are sampled where they can be. The dictionary's hits are
strata too. Sentences of the sheets named by ``--exclude`` are left out (their own designs
cover them); weights are stratum size (after that exclusion) over sentences drawn.

    .venv/bin/python tools/draw_recall_sample.py PROCESSED_DIR OUT.csv --exclude SHEET.csv [--table-format csv]
        [--seed N] [--per-stratum "regulation=120" ...] [--words WORDS.yaml]

PROCESSED_DIR holds a run of ``clean``, ``select`` and ``frames`` on SaudiNewsNet
(``sentences`` and ``sentence_frames``). Writes OUT.csv (blank, the coder's columns empty)
and OUT.design.csv, with ``write_sheet``.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.config.data_files import DataFileError, read_yaml, require_mapping, where
from analysis.config.paths import LEXICON_DIR
from analysis.config.tables import SENTENCE_FRAMES, SENTENCES
from analysis.frames.lexicon import default_lexicon
from analysis.frames.sampling import (
    distinct_coded_sentences,
    draw_from_strata,
    read_sheet,
    sentence_strata,
    write_sheet,
)
from analysis.pipeline.outputs import read_table
from analysis.text.arabic import normalize

SEED = 20261130
RECALL_WORDS_FILE = LEXICON_DIR / "recall_words.yaml"
DICTIONARY_STRATA = {"mental_health": 60, "mental_health+regulation": 60, "regulation": 60, "none": 40}
"""Sentences drawn per stratum of the dictionary's codes (all of a smaller one)."""


@dataclass(frozen=True)
class WordStratum:
    """A recall stratum: sentences the dictionary codes neither that contain one of ``words``."""

    name: str
    drawn: int
    words: tuple[str, ...]


def load_recall_words(path: Path = RECALL_WORDS_FILE) -> list[WordStratum]:
    """The word strata of ``recall_words.yaml``, in order; a ``DataFileError`` names a bad entry."""
    data = require_mapping(read_yaml(path), path, "needs a 'strata:' list")
    strata = data.get("strata")
    if not isinstance(strata, list) or not strata:
        raise DataFileError(f"{where(path, data)}: 'strata' must be a list of {{stratum, drawn, words}} entries")
    loaded = []
    for entry in strata:
        entry = require_mapping(entry, path, "each stratum needs 'stratum', 'drawn' and 'words'")
        name, drawn, words = entry.get("stratum"), entry.get("drawn"), entry.get("words")
        if not isinstance(name, str) or not name.startswith("none, ") or name in DICTIONARY_STRATA:
            raise DataFileError(
                f"{where(path, entry)}: 'stratum' must be a name starting 'none, ' (e.g. 'none, law words')"
            )
        if not isinstance(drawn, int) or drawn < 1:
            raise DataFileError(f"{where(path, entry)}: 'drawn' must be a whole number >= 1")
        if not isinstance(words, list) or not words:
            raise DataFileError(f"{where(path, entry)}: 'words' must be a list of {{word, gloss}} entries")
        for item in words:
            word = item.get("word") if isinstance(item, dict) else None
            if not isinstance(word, str) or not word or normalize(word) != word or not item.get("gloss"):
                raise DataFileError(
                    f"{where(path, item)}: each word needs a normalized 'word' and a 'gloss'"
                    + (f" (write {normalize(word)!r})" if isinstance(word, str) and word else "")
                )
        loaded.append(WordStratum(name, drawn, tuple(item["word"] for item in words)))
    return loaded


def per_stratum_defaults(word_strata: list[WordStratum]) -> dict[str, int]:
    """Sentences drawn per stratum by default: the dictionary's strata, then the word strata."""
    return DICTIONARY_STRATA | {stratum.name: stratum.drawn for stratum in word_strata}


def _word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, words)))


def recall_strata(texts: pd.Series, dictionary_strata: pd.Series, word_strata: list[WordStratum]) -> pd.Series:
    """The dictionary's strata, with ``none`` split by the word strata (the first that matches)."""
    normalized = texts.map(normalize)
    strata = dictionary_strata.copy()
    unassigned = strata == "none"
    for stratum in word_strata:
        matches = unassigned & normalized.str.contains(_word_pattern(stratum.words))
        strata[matches] = stratum.name
        unassigned &= ~matches
    return strata


def draw(
    processed_dir: Path,
    table_format: str,
    exclude: list[Path],
    seed: int,
    per_stratum: dict[str, int],
    word_strata: list[WordStratum],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sheet's rows (blank) and its design, as ``draw_sample`` gives them."""
    lexicon = default_lexicon()
    frames = read_table(SENTENCE_FRAMES, processed_dir, lexicon.layout(), table_format)
    sentences = read_table(
        SENTENCES, processed_dir, table_format=table_format, article_ids=sorted(set(frames["article_id"]))
    )
    coded = distinct_coded_sentences(sentences, frames)
    excluded = set()
    for sheet in exclude:
        rows = read_sheet(sheet)
        excluded |= set(zip(rows["article_id"], rows["sentence_hash"]))
    coded = coded[[key not in excluded for key in zip(coded["article_id"], coded["sentence_hash"])]]
    coded = coded.reset_index(drop=True)
    strata = recall_strata(coded["text"], sentence_strata(coded, lexicon.names), word_strata)
    return draw_from_strata(coded, strata, per_stratum, seed, lexicon)


def stratum_sizes(overrides: list[str], defaults: dict[str, int]) -> dict[str, int]:
    """``defaults`` (``per_stratum_defaults``) with ``STRATUM=N`` overrides (a ValueError names a bad one)."""
    sizes = dict(defaults)
    for override in overrides:
        name, _, number = override.rpartition("=")
        if name not in sizes or not number.isdigit() or int(number) < 1:
            raise ValueError(
                f"--per-stratum {override!r}: expected STRATUM=N, N at least 1, STRATUM one of {list(sizes)}"
            )
        sizes[name] = int(number)
    return sizes


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("processed_dir", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument(
        "--exclude", type=Path, action="append", default=[], help="a sheet whose sentences to leave out"
    )
    parser.add_argument("--table-format", default="csv", choices=["csv", "parquet"])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--per-stratum",
        action="append",
        default=[],
        metavar="STRATUM=N",
        help="sentences to draw from a stratum, instead of the default (a dictionary stratum: "
        f"{', '.join(DICTIONARY_STRATA)}; or a word stratum of --words)",
    )
    parser.add_argument("--words", type=Path, default=RECALL_WORDS_FILE, help="the word strata (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        word_strata = load_recall_words(args.words)
        per_stratum = stratum_sizes(args.per_stratum, per_stratum_defaults(word_strata))
    except (ValueError, DataFileError) as error:
        parser.error(str(error))
    sheet, design = draw(args.processed_dir, args.table_format, args.exclude, args.seed, per_stratum, word_strata)
    write_sheet(sheet, design, args.out, default_lexicon().names)
    summary = design.groupby("stratum").agg(drawn=("n_sampled", "first"), in_corpus=("stratum_size", "first"))
    print(f"wrote {args.out} ({len(sheet)} sentences) and its design\n{summary.to_string()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
