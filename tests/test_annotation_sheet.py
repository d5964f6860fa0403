"""The annotation sheet as a file (analysis.frames.annotation_sheet): CSV or workbook, read back
with every code and every text intact, codes in the spellings coders use, bad values named."""

from __future__ import annotations

import hashlib

from analysis.config.paths import ANNOTATIONS_DIR
from analysis.frames.lexicon import default_lexicon
from analysis.frames.sampling import read_hand_codes, read_sheet

LEXICON = default_lexicon()

COMMITTED_IMPORTS = {
    "dictionary_evaluation.csv": (32, "8df135f6d3a32c02", None),
    "relevance/evaluation.csv": (6, "8d8f9646d9f566a1", None),
    "relevance/relevance_sample.csv": (168, "d4206bcf76aeaffe", None),
    "saudinewsnet/frames_sheet.csv": (223, "8f6903e0286947c5", (223, "0360aaecb7d1c04e")),
    "saudinewsnet/frames_sheet.design.csv": (223, "f5d7090068e78e83", None),
    "saudinewsnet/frames_sheet.second_coder.csv": (223, "6a1529adc8ce58f2", (223, "c7626c5137251af8")),
    "saudinewsnet/frames_sheet_2.csv": (328, "85e65369660eac1d", (328, "029cbe06aa349ff2")),
    "saudinewsnet/frames_sheet_2.design.csv": (328, "6fc9478b38419dab", None),
    "saudinewsnet/frames_sheet_2.second_coder.csv": (328, "bc81ef6390c3d248", (328, "b43bc5b67c4be0e8")),
    "saudinewsnet/frames_sheet_3.csv": (452, "899933512a10f076", (452, "b8a67a76cb0e6504")),
    "saudinewsnet/frames_sheet_3.design.csv": (452, "0ca2044dd6a1fc8f", None),
    "saudinewsnet/frames_sheet_3.second_coder.csv": (200, "13e31c9b6dc0b3ad", (200, "dd6a01564dba5312")),
    "saudinewsnet/frames_sheet_4.csv": (540, "d93434f2d6d60c26", (540, "c9de2238c72115e9")),
    "saudinewsnet/frames_sheet_4.design.csv": (540, "59772344ea1e9b97", None),
    "saudinewsnet/frames_sheet_4.second_coder.csv": (200, "886fdb819fb479cc", (200, "8e617245d4bdf97a")),
    "translations.csv": (12, "fd3944336ff9db09", None),
    "validation_sentences.csv": (64, "fee30ac632fa8be4", (64, "ea3a73c6cd1543a4")),
}
"""Every CSV under data/annotations/: rows and digest as ``read_sheet`` read it, and coded rows and
digest as ``read_hand_codes`` imported it, measured before the sheet learnt the workbook, the
spellings of codes and formula escaping (commit 3870d35)."""
IMPORTED_COLUMNS = ["article_id", "sentence_hash", "sentence_id", "text", *LEXICON.names, "confident", "reason"]
IMPORTED_COLUMNS += ["split", "weight"]


def digest(table) -> str:
    return hashlib.sha256(table.to_csv(index=False).encode()).hexdigest()[:16]


def test_every_committed_sheet_imports_as_before() -> None:
    found = sorted(path.relative_to(ANNOTATIONS_DIR).as_posix() for path in ANNOTATIONS_DIR.rglob("*.csv"))
    assert found == sorted(COMMITTED_IMPORTS)  # a new committed CSV: measure it and add it here
    for name, (n_rows, read_digest, imported) in COMMITTED_IMPORTS.items():
        rows = read_sheet(ANNOTATIONS_DIR / name)
        assert (len(rows), digest(rows)) == (n_rows, read_digest), name
        if imported is not None:
            codes = read_hand_codes(ANNOTATIONS_DIR / name, LEXICON)
            codes = codes[[column for column in IMPORTED_COLUMNS if column in codes.columns]]
            assert (len(codes), digest(codes)) == imported, name
