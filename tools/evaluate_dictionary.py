"""Precision, recall, F1 and alpha of the frame dictionary on every hand-coded sentence set.

The sets are the five articles' sentences (``data/annotations/validation_sentences.csv``)
and four SaudiNewsNet samples from the relevant articles, each with its sampling design, in
``data/annotations/saudinewsnet/``: the one ``make sample`` drew (``frames_sheet.csv``), the
recall sample (``frames_sheet_2.csv``), the test set of the third revision
(``frames_sheet_3.csv``, all held out) and that of the fourth (``frames_sheet_4.csv``, all
held out). Each
sentence's text is coded by the current dictionary exactly as the frames stage codes it
(``code_sentences``), so no pipeline run is needed. Measures are given per set, split and
frame, weighted by the sampling design (estimates for the corpus the sample came from) and
unweighted (the sample itself).

    .venv/bin/python tools/evaluate_dictionary.py                      # the table
    .venv/bin/python tools/evaluate_dictionary.py --split tuning --errors tuning  # tuning part only, with its errors
    .venv/bin/python tools/evaluate_dictionary.py --write              # also data/annotations/dictionary_evaluation.csv
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.config.paths import (
    DICTIONARY_EVALUATION_FILE,
    FIVE_ARTICLE_CODES_FILE,
    SAUDINEWSNET_FRAME_SHEET,
    SAUDINEWSNET_RECALL_SHEET,
    SAUDINEWSNET_TEST_SHEET,
    SAUDINEWSNET_TEST_SHEET_2,
)
from analysis.frames.coding import code_sentences
from analysis.frames.lexicon import Lexicon, default_lexicon
from analysis.frames.sampling import read_hand_codes
from analysis.frames.validation import agreement
from analysis.pipeline import write_csv

SETS = {
    "five articles": FIVE_ARTICLE_CODES_FILE,
    "SaudiNewsNet": SAUDINEWSNET_FRAME_SHEET,
    "SaudiNewsNet recall sample": SAUDINEWSNET_RECALL_SHEET,
    "SaudiNewsNet test set": SAUDINEWSNET_TEST_SHEET,
    "SaudiNewsNet test set 2": SAUDINEWSNET_TEST_SHEET_2,
}


def coded_set(path: Path, lexicon: Lexicon) -> pd.DataFrame:
    """A set's hand-coded rows with the dictionary's code of each text (``coded_<frame>``)."""
    codes = read_hand_codes(path, lexicon)
    coded = code_sentences(codes["text"].tolist(), lexicon)
    for frame in lexicon.names:
        codes[f"coded_{frame}"] = coded[frame].to_numpy()
        codes[f"{lexicon.frame(frame).prefix}_terms"] = coded[f"{lexicon.frame(frame).prefix}_terms"].to_numpy()
    return codes


def evaluation_table(lexicon: Lexicon, sets: dict[str, Path] = SETS) -> pd.DataFrame:
    """Per set, split, frame and weighting: counts, precision, recall, F1 and alpha."""
    rows = []
    for name, path in sets.items():
        codes = coded_set(path, lexicon)
        for split in ("tuning", "held_out"):
            part = codes[codes["split"] == split]
            if part.empty:  # the test sets are all held out
                continue
            for frame in lexicon.names:
                hand = part[frame].eq("yes").to_numpy()
                coded = part[f"coded_{frame}"].to_numpy(bool)
                for weighting, weights in (("weighted", part["weight"].to_numpy(float)), ("unweighted", None)):
                    measures = agreement(hand, coded, weights)
                    rows.append({"set": name, "split": split, "frame": frame, "weighting": weighting, **measures})
    return pd.DataFrame(rows)


def markdown(table: pd.DataFrame) -> str:
    """Per set and split, the frames' measures and the macro F1, two decimals."""
    lines = [
        "| set | split | weighting | frame | n | hand yes | dictionary yes | both | precision | recall | F1 | alpha |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in table.itertuples():
        cells = [f"{value:.2f}" if not np.isnan(value) else "n/a" for value in (row.precision, row.recall, row.f1)]
        alpha = f"{row.alpha:.2f}" if not np.isnan(row.alpha) else "n/a"
        lines.append(
            f"| {row.set} | {row.split} | {row.weighting} | {row.frame} | {row.n} | {row.tp + row.fn} "
            f"| {row.tp + row.fp} | {row.tp} | {' | '.join(cells)} | {alpha} |"
        )
    macro = table.groupby(["set", "split", "weighting"], sort=False)["f1"].mean()
    lines.append("")
    lines.append("Macro F1: " + "; ".join(f"{s} {p} {w} {value:.2f}" for (s, p, w), value in macro.items()))
    return "\n".join(lines)


def errors(lexicon: Lexicon, split: str, sets: dict[str, Path] = SETS) -> list[str]:
    """One line per sentence and frame where the dictionary and the hand code differ in ``split``."""
    lines = []
    for name, path in sets.items():
        codes = coded_set(path, lexicon)
        for row in codes[codes["split"] == split].itertuples():
            for frame in lexicon.names:
                hand, coded = getattr(row, frame) == "yes", getattr(row, f"coded_{frame}")
                if hand != coded:
                    kind = "missed" if hand else "false positive"
                    terms = getattr(row, f"{lexicon.frame(frame).prefix}_terms")
                    lines.append(f"{name} | {frame} {kind} | {terms} | {row.reason} | {row.text}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["tuning", "held_out"], help="show this part only (tune on tuning only)")
    parser.add_argument("--errors", choices=["tuning", "held_out"], help="also list the errors on this part")
    parser.add_argument("--write", action="store_true", help=f"also write {DICTIONARY_EVALUATION_FILE.name}")
    args = parser.parse_args()
    lexicon = default_lexicon()
    table = evaluation_table(lexicon)
    print(markdown(table if args.split is None else table[table["split"] == args.split]))
    if args.write:  # the README's table is checked against this file
        write_csv(table.round(6), DICTIONARY_EVALUATION_FILE)
    if args.errors:
        print("\n".join(errors(lexicon, args.errors)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
