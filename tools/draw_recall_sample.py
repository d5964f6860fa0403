"""Draw a further hand-coding sheet of SaudiNewsNet sentences, with recall strata.

``make sample`` stratifies by what the dictionary codes, so on an archive almost every
sentence it samples outside the dictionary's hits is plainly about something else, and the
dictionary's misses (what recall is about) are too rare to measure. This draw splits the
sentences the dictionary codes *neither* by a broad list of words, fixed here before any
coding: those that contain a word of the mental-health field or of the regulation field
(many are false friends; that is the point) form their own strata, so misses are sampled
where they can be. The dictionary's hits are strata too. Sentences of the sheets named by
``--exclude`` are left out (their own designs cover them); weights are stratum size (after
that exclusion) over sentences drawn.

    .venv/bin/python tools/draw_recall_sample.py PROCESSED_DIR OUT.csv --exclude SHEET.csv [--table-format csv]
        [--seed N] [--per-stratum "regulation=120" ...]

PROCESSED_DIR holds a run of ``clean``, ``select`` and ``frames`` on SaudiNewsNet
(``sentences`` and ``sentence_frames``). Writes OUT.csv (blank, the coder's columns empty)
and OUT.design.csv, with ``write_sheet``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

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
PER_STRATUM = {
    "mental_health": 60,
    "mental_health+regulation": 60,
    "regulation": 60,
    "none, mental-health words": 150,
    "none, regulation words": 50,
    "none": 40,
}
"""Sentences drawn per stratum (all of a smaller one)."""
MENTAL_HEALTH_WORDS = [
    "نفس",  # psyche, psychological (also "self", "same": false friends included on purpose)
    "قلق",  # anxiety, worry
    "اكتئاب",  # depression
    "توتر",  # stress, tension
    "ضغوط",  # pressures
    "عزله",  # isolation
    "انتحار",  # suicide
    "ادمان",  # addiction
    "تنمر",  # bullying
    "سعاده",  # happiness
    "رفاهي",  # well-being
    "صحه",  # health
    "اضطراب",  # disorder
    "مشاعر",  # feelings
    "عاطفي",  # emotional
    "اجهاد",  # strain
    "خوف",  # fear
    "وحده",  # loneliness (also "unit")
    "الارق",  # insomnia
]
REGULATION_WORDS = [
    "قانون",  # law
    "نظام",  # statute, system
    "عقوب",  # penalty
    "حجب",  # blocking
    "شرطه",  # police
    "امني",  # security
    "محكم",  # court
    "تشهير",  # defamation
    "شائع",  # rumours
    "ابتزاز",  # blackmail
    "اختراق",  # hacking
    "رقاب",  # oversight, censorship
    "حظر",  # ban
    "القبض",  # arrest
    "تحقيق",  # investigation
    "جرائم",  # crimes
    "مخالف",  # violation
]


def _word_pattern(words: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, words)))


def recall_strata(texts: pd.Series, dictionary_strata: pd.Series) -> pd.Series:
    """The dictionary's strata, with ``none`` split by the broad word lists (mental health first)."""
    normalized = texts.map(normalize)
    mental = normalized.str.contains(_word_pattern(MENTAL_HEALTH_WORDS))
    regulation = normalized.str.contains(_word_pattern(REGULATION_WORDS))
    strata = dictionary_strata.copy()
    none = strata == "none"
    strata[none & mental] = "none, mental-health words"
    strata[none & ~mental & regulation] = "none, regulation words"
    return strata


def draw(
    processed_dir: Path, table_format: str, exclude: list[Path], seed: int, per_stratum: dict[str, int]
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
    strata = recall_strata(coded["text"], sentence_strata(coded, lexicon.names))
    return draw_from_strata(coded, strata, per_stratum, seed, lexicon)


def stratum_sizes(overrides: list[str]) -> dict[str, int]:
    """``PER_STRATUM`` with ``STRATUM=N`` overrides (a ValueError names a bad one)."""
    sizes = dict(PER_STRATUM)
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
        help=f"sentences to draw from a stratum, instead of the default (one of: {', '.join(PER_STRATUM)})",
    )
    args = parser.parse_args(argv)
    try:
        per_stratum = stratum_sizes(args.per_stratum)
    except ValueError as error:
        parser.error(str(error))
    sheet, design = draw(args.processed_dir, args.table_format, args.exclude, args.seed, per_stratum)
    write_sheet(sheet, design, args.out, default_lexicon().names)
    summary = design.groupby("stratum").agg(drawn=("n_sampled", "first"), in_corpus=("stratum_size", "first"))
    print(f"wrote {args.out} ({len(sheet)} sentences) and its design\n{summary.to_string()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
