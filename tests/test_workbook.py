"""The coder's workbook (analysis.frames.workbook): what a coder sees when make sample writes an .xlsx."""

from __future__ import annotations

import zipfile

import openpyxl
import pandas as pd
import pytest

from analysis.frames.codebook import frame_definitions
from analysis.frames.lexicon import default_lexicon
from analysis.frames.sampling import SheetError, draw_sample, read_sheet, write_sheet
from tests.test_sampling import corpus

LEXICON = default_lexicon()


def drawn_workbook(tmp_path, name: str = "sheet.xlsx"):
    sentences, frames = corpus()
    sentences.loc[0, "text"] = '=HYPERLINK("http://evil.example","قانون")'  # a regulation sentence, drawn
    sheet, design = draw_sample(sentences, frames, LEXICON, per_stratum=4, seed=3)
    path = write_sheet(sheet, design, tmp_path / name, LEXICON.names)
    return sheet, design, path


def test_two_writes_give_the_same_bytes(tmp_path) -> None:
    sheet, design, first = drawn_workbook(tmp_path, "first.xlsx")
    second = write_sheet(sheet, design, tmp_path / "second.xlsx", LEXICON.names)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2026-01-01T00:00:00Z") == 2  # created and modified: a fixed date


def test_the_workbook_guides_the_coder(tmp_path) -> None:
    sheet, _, path = drawn_workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["sentences", "codebook"]
    rows = book["sentences"]
    header = [cell.value for cell in rows[1]]
    assert header == list(sheet.columns)
    column = {name: openpyxl.utils.get_column_letter(number) for number, name in enumerate(header, start=1)}
    last = len(sheet) + 1
    assert rows.freeze_panes == "A2"
    lists = [(str(rule.sqref).split(), rule.formula1) for rule in rows.data_validations.dataValidation]
    assert lists == [([f"{column[name]}2:{column[name]}{last}" for name in [*LEXICON.names, "confident"]], '"yes,no"')]
    text = rows[f"{column['text']}2"]
    assert text.alignment.readingOrder == 2 and text.alignment.wrap_text and text.alignment.horizontal == "right"
    assert rows.column_dimensions[column["text"]].width >= 60
    assert rows.protection.sheet and rows.protection.password is None
    for name in header:
        locked = rows[f"{column[name]}{last}"].protection.locked
        assert locked == (name in {"article_id", "sentence_hash", "sentence_id", "text"}), name
    guide = {row[0]: row[1] for row in book["codebook"].iter_rows(min_row=2, values_only=True) if row[0]}
    for frame, definition in frame_definitions(LEXICON.names).items():
        assert definition and definition in guide[frame]
    assert "psychological well-being" in guide["mental_health"] and "نعم / لا" in " ".join(map(str, guide.values()))


def test_a_formula_leading_sentence_is_stored_as_text(tmp_path) -> None:
    _, _, path = drawn_workbook(tmp_path)
    cells = [cell for row in openpyxl.load_workbook(path)["sentences"].iter_rows() for cell in row]
    formula = [cell for cell in cells if str(cell.value).startswith("=")]
    assert len(formula) == 1 and formula[0].data_type == "s"  # a string cell: no spreadsheet evaluates it
    assert '=HYPERLINK("http://evil.example","قانون")' in read_sheet(path)["text"].tolist()


def test_a_control_character_xlsx_cannot_hold_is_an_error_naming_the_cell(tmp_path) -> None:
    sheet = pd.DataFrame({"article_id": ["a1", "a2"], "sentence_hash": ["h1", "h2"], "text": ["نص", "نص\x0b آخر"]})
    with pytest.raises(SheetError, match=r"sheet.xlsx: row 3, column 'text': the control character '\\x0b'"):
        write_sheet(sheet, sheet[["article_id", "sentence_hash"]], tmp_path / "sheet.xlsx", LEXICON.names)


def test_a_workbook_read_back_names_what_it_cannot_read(tmp_path) -> None:
    _, _, path = drawn_workbook(tmp_path)
    book = openpyxl.load_workbook(path)
    book["sentences"].title = "Sheet1"
    book.save(path)
    with pytest.raises(SheetError, match=r"sheet.xlsx: has no worksheet named 'sentences' \(it has \['Sheet1'"):
        read_sheet(path)
    book["Sheet1"].title = "sentences"
    book["sentences"]["K5"] = "a note beside the table"
    book.save(path)
    with pytest.raises(SheetError, match="sheet.xlsx: column K holds values but has no name in row 1; name it"):
        read_sheet(path)
    path.write_bytes(b"not a zip")
    with pytest.raises(SheetError, match=r"sheet.xlsx: cannot be opened as an .xlsx workbook"):
        read_sheet(path)
