"""The annotation sheet as a file (analysis.frames.annotation_sheet): CSV or workbook, read back
with every code and every text intact, codes in the spellings coders use, bad values named."""

from __future__ import annotations

import codecs
import hashlib
import re
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.config.params import ParamsError, load_params
from analysis.config.paths import ANNOTATIONS_DIR, PARAMS_FILE
from analysis.frames.annotation_sheet import code_value, save_sheet
from analysis.frames.lexicon import default_lexicon
from analysis.frames.sampling import SheetError, design_path, draw_sample, read_hand_codes, read_sheet, write_sheet
from tests.test_sampling import corpus

LEXICON = default_lexicon()

COMMITTED_IMPORTS = {
    "dictionary_evaluation.csv": (32, "8df135f6d3a32c02", None),
    "relevance/evaluation.csv": (6, "1c2022c4ce202abe", None),
    "relevance/relevance_sample.csv": (168, "d4206bcf76aeaffe", None),
    "relevance_egypt2013/evaluation.csv": (12, "9a5fcd42dd13c823", None),
    "relevance_egypt2013/relevance_sample.csv": (128, "2ae42a30cf1a9a33", None),
    "relevance_palestine2023/evaluation.csv": (12, "573bf453d952e61d", None),
    "relevance_palestine2023/relevance_sample.csv": (128, "5883e2a02a2f6d3c", None),
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


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("yes", "yes"), (" Yes ", "yes"), ("Y", "yes"), ("نعم", "yes"), ("نعم.", "yes"), ("نَعَم", "yes"),
        ("\u200fنعم\u200f", "yes"), ("TRUE", "yes"), ("true", "yes"), ("1", "yes"), ("1.0", "yes"), ("١", "yes"),
        ("no", "no"), ("NO", "no"), ("n", "no"), ("لا", "no"), ("ﻻ", "no"), ("لا.", "no"), ("كلا", "no"),
        ("FALSE", "no"), ("0", "no"), ("0.0", "no"), ("٠", "no"),
        ("", ""), ("  ", ""),
        ("maybe", None), ("yes/no", None), ("2", None), ("10", None), ("نعم لا", None), (".", None), ("1.5", None),
    ],
)  # fmt: skip
def test_codes_are_read_in_the_spellings_coders_use(written: str, code: str | None) -> None:
    assert code_value(written) == code


def drawn_sheet(tmp_path, name: str = "sheet.csv", per_stratum: int = 4):
    sentences, frames = corpus()
    sheet, design = draw_sample(sentences, frames, LEXICON, per_stratum=per_stratum, seed=3)
    path = tmp_path / name
    write_sheet(sheet, design, path, LEXICON.names)
    return sheet, design, path


def test_a_sheet_coded_in_arabic_imports_every_row(tmp_path) -> None:
    sheet, _, path = drawn_sheet(tmp_path)
    filled = read_sheet(path)
    arabic = ["نعم" if i % 3 == 0 else "لا" for i in range(len(filled))]
    filled["mental_health"] = arabic
    filled["regulation"] = ["لا." if i % 2 else " نعم" for i in range(len(filled))]
    filled["confident"] = "نعم"
    filled.to_csv(path, index=False, encoding="utf-8-sig")
    codes = read_hand_codes(path, LEXICON)
    assert len(codes) == len(sheet) == 12
    assert codes["mental_health"].tolist() == ["yes" if i % 3 == 0 else "no" for i in range(len(filled))]
    assert codes["regulation"].tolist() == ["no" if i % 2 else "yes" for i in range(len(filled))]
    assert set(codes["confident"]) == {"yes"} and codes["text"].tolist() == sheet["text"].tolist()


def test_a_stray_value_fails_naming_the_file_row_and_column(tmp_path) -> None:
    _, _, path = drawn_sheet(tmp_path)
    filled = read_sheet(path)
    filled[["mental_health", "regulation"]] = "yes"
    filled.loc[4, "regulation"] = "maybe"  # the fifth sentence: row 6 under the header
    filled.loc[7, "confident"] = "?"
    filled.to_csv(path, index=False, encoding="utf-8-sig")
    with pytest.raises(SheetError) as error:
        read_hand_codes(path, LEXICON)
    assert str(error.value) == (
        "sheet.csv, row 6, column 'regulation': 'maybe' is not a code (1 more cells hold no code). "
        "Write yes or no (accepted: yes / no, y / n, نعم / لا, 1 / 0, TRUE / FALSE), "
        "or leave the cell empty until the sentence is coded"
    )


FORMULA_TEXTS = ['=HYPERLINK("http://evil.example","click")', "-نص يبدأ بشرطة", "+966 رقم", "@SUM(A1)", "'quoted"]
FORMULA_TEXTS += ["\tمسافة", "'=already quoted", "نص عادي"]


def test_csv_cells_a_spreadsheet_would_run_are_escaped_and_read_back_as_drawn(tmp_path) -> None:
    sheet = pd.DataFrame({"article_id": "a1", "sentence_hash": [f"h{i}" for i in range(len(FORMULA_TEXTS))]})
    sheet["text"] = FORMULA_TEXTS
    path = tmp_path / "sheet.csv"
    write_sheet(sheet, sheet[["article_id", "sentence_hash"]], path, LEXICON.names)
    cells = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)["text"].tolist()
    assert cells == ["'" + text for text in FORMULA_TEXTS[:-1]] + ["نص عادي"]
    assert read_sheet(path)["text"].tolist() == FORMULA_TEXTS


@pytest.mark.parametrize(("separator", "encoding"), [(";", "utf-8-sig"), ("\t", "utf-16"), (";", "utf-8")])
def test_a_csv_saved_with_semicolons_or_as_utf16_is_read(tmp_path, separator: str, encoding: str) -> None:
    _, _, path = drawn_sheet(tmp_path)
    filled = read_sheet(path)
    filled[["mental_health", "regulation"]] = ["نعم", "no"]
    filled.to_csv(path, index=False, encoding="utf-8-sig")
    expected = read_hand_codes(path, LEXICON)
    filled.to_csv(path, index=False, sep=separator, encoding=encoding)
    if encoding == "utf-16":
        assert path.read_bytes().startswith(codecs.BOM_UTF16_LE)
    assert read_hand_codes(path, LEXICON).equals(expected) and len(expected) == 12


def test_a_csv_in_a_legacy_arabic_code_page_is_rejected_with_the_fix(tmp_path) -> None:
    _, _, path = drawn_sheet(tmp_path)
    read_sheet(path).to_csv(path, index=False, encoding="cp1256")
    with pytest.raises(SheetError, match=r"sheet.csv: byte \d+ is not UTF-8 text .*save the sheet as 'CSV UTF-8"):
        read_hand_codes(path, LEXICON)


def test_an_unknown_sheet_format_is_an_error_naming_the_fix(tmp_path) -> None:
    (tmp_path / "sheet.ods").write_bytes(b"")
    with pytest.raises(SheetError, match=r"sheet.ods: a sheet is an .xlsx workbook or a .csv file, not '.ods'"):
        read_hand_codes(tmp_path / "sheet.ods", LEXICON)
    text = PARAMS_FILE.read_text(encoding="utf-8").replace(
        "annotations: data/annotations/validation_sentences.csv", "annotations: data/annotations/sheet.ods"
    )
    (tmp_path / "params.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ParamsError, match=re.escape("'annotations' = 'data/annotations/sheet.ods' must end in .csv")):
        load_params(tmp_path / "params.yaml")


def test_a_workbook_coded_in_any_accepted_spelling_imports(tmp_path) -> None:
    sheet, design, path = drawn_sheet(tmp_path, "sheet.xlsx")
    assert design_path(path).name == "sheet.design.csv" and design_path(path).exists()
    assert read_sheet(path).equals(sheet.astype(str))  # what was drawn, as text
    book = openpyxl.load_workbook(path)
    rows = book["sentences"]
    codes = [True, False, 1, 0, "نعم", "لا", "yes", "NO", 1.0, 0.0, " Y", "n"]  # Excel writes TRUE / FALSE itself
    for row, code in enumerate(codes, start=2):
        rows[f"E{row}"] = code
        rows[f"F{row}"] = "no"
    book.save(path)
    imported = read_hand_codes(path, LEXICON)
    assert imported["mental_health"].tolist() == ["yes", "no"] * 6
    assert imported["text"].tolist() == sheet["text"].tolist()
    rows["F9"] = "later"
    book.save(path)
    with pytest.raises(SheetError, match=r"sheet.xlsx, row 9, column 'regulation': 'later' is not a code"):
        read_hand_codes(path, LEXICON)
    with pytest.raises(SheetError, match="sheet.xlsx, row 9"):  # a coded workbook is never drawn over
        write_sheet(sheet, design, path, LEXICON.names)


def test_a_sheet_with_only_a_note_is_not_drawn_over(tmp_path) -> None:
    sheet, design, path = drawn_sheet(tmp_path)
    filled = read_sheet(path)
    filled.loc[3, "reason"] = "ask the second coder"
    filled.to_csv(path, index=False, encoding="utf-8-sig")
    with pytest.raises(SheetError, match="sheet.csv already holds 1 coded sentences"):
        write_sheet(sheet, design, path, LEXICON.names)
    assert read_sheet(path).loc[3, "reason"] == "ask the second coder"


SPELLED = [("yes", "yes"), ("نعم", "yes"), ("TRUE", "yes"), ("1", "yes"), (" Y ", "yes"), ("1.0", "yes")]
SPELLED += [("no", "no"), ("لا.", "no"), ("false", "no"), ("0", "no"), ("N", "no"), ("0.0", "no"), ("", "")]
ANY_CELL = st.one_of(st.sampled_from([written for written, _ in SPELLED]), st.text(max_size=6))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cells=st.lists(st.tuples(ANY_CELL, ANY_CELL, ANY_CELL, st.text(max_size=30)), max_size=8),
    suffix=st.sampled_from([".csv", ".xlsx"]),
)
def test_import_names_a_bad_cell_or_accounts_for_every_coded_row(cells, suffix: str) -> None:
    """Whatever the coder wrote: a SheetError naming the file, a row and column that hold no code and
    the accepted spellings; or every row whose frame columns all hold a code, with those codes."""
    sheet = pd.DataFrame(
        [(f"a{i}", f"h{i}", text, mh, reg, sure) for i, (mh, reg, sure, text) in enumerate(cells)],
        columns=["article_id", "sentence_hash", "text", "mental_health", "regulation", "confident"],
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"sheet{suffix}"
        try:
            save_sheet(sheet, path, LEXICON.names)
        except SheetError as error:  # only a workbook refuses a cell: a control character xlsx cannot hold
            assert suffix == ".xlsx" and re.match(r"sheet.xlsx: row \d+, column '\w+': the control", str(error))
            return
        try:
            codes = read_hand_codes(path, LEXICON)
        except SheetError as error:
            found = re.match(r"sheet\S*, row (\d+), column '(\w+)': (.*) is not a code", str(error), re.DOTALL)
            assert found and "accepted: yes / no, y / n, نعم / لا, 1 / 0, TRUE / FALSE" in str(error), str(error)
            assert code_value(sheet.loc[int(found.group(1)) - 2, found.group(2)]) is None
            return
    assert all(code_value(cell) is not None for cell in sheet[["mental_health", "regulation", "confident"]].stack())
    finished = [
        code_value(mh) != "" and code_value(reg) != "" for mh, reg in zip(sheet["mental_health"], sheet["regulation"])
    ]
    expected = sheet[pd.Series(finished, index=sheet.index, dtype=bool)]
    assert codes["article_id"].tolist() == expected["article_id"].tolist()
    for frame in ["mental_health", "regulation", "confident"]:
        assert codes[frame].tolist() == [code_value(cell) for cell in expected[frame]]
    if suffix == ".csv":
        assert codes["text"].tolist() == expected["text"].tolist()
