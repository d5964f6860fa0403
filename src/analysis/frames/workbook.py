"""The annotation sheet as an Excel workbook (``.xlsx``, openpyxl), written for coders and read back.

The workbook has two worksheets. ``sentences``: one row per sentence, the header frozen, the
Arabic text right to left, wrapped and wide; a drop-down list (yes / no) on every code column;
the sheet protected without a password so that only the coder's columns (codes and notes) can
be edited. ``codebook``: what to write in each coder's column. Every text is stored as a
string cell, so a sentence starting with ``=`` is shown as text, never evaluated as a formula.

Written byte for byte the same from the same rows: the document's times and the zip entries'
times are fixed. Problems are ``ValueError`` naming the row and column; the caller adds the file.
"""

from __future__ import annotations

import datetime
import io
import math
import numbers
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

SENTENCES_SHEET = "sentences"
CODEBOOK_SHEET = "codebook"
CODES = ("yes", "no")
"""The values of a code column's drop-down list."""
TEXT_COLUMN = "text"
DOCUMENT_TIME = datetime.datetime(2026, 1, 1)
"""The workbook's created and modified times (a fixed date: the file carries no time of writing)."""
ZIP_ENTRY_TIME = (1980, 1, 1, 0, 0, 0)
WIDTHS = {"article_id": 22, "sentence_hash": 18, "sentence_id": 8, TEXT_COLUMN: 80, "reason": 40, "translation": 50}
"""Column widths in characters; a code column is 14 wide."""
CODE_WIDTH = 14
LINE_HEIGHT = 15
"""Points per line of a wrapped text; a row is as high as its text's lines (estimated: no program
measures them when it opens the file)."""
CHARACTERS_PER_LINE = 70
UNLOCKED = Protection(locked=False)


def write_workbook(
    sheet: pd.DataFrame, path: str | Path, codes: Sequence[str], notes: Sequence[str], guide: Sequence[tuple[str, str]]
) -> None:
    """Write the annotation workbook.

    Parameters
    ----------
    sheet: the sheet's rows; integers are written as numbers, everything else as text.
    path: the ``.xlsx`` file.
    codes: the columns coded yes / no (drop-down list, editable).
    notes: the other columns the coder writes in (editable, free text).
    guide: (column, what to write) rows of the ``codebook`` worksheet.
    """
    book = Workbook()
    sentences = book.active
    sentences.title = SENTENCES_SHEET
    _fill_sentences(sentences, sheet, codes, notes)
    _fill_guide(book.create_sheet(CODEBOOK_SHEET), guide)
    book.properties.creator = "tiktok-framing make sample"
    book.properties.created = book.properties.modified = DOCUMENT_TIME
    written = io.BytesIO()
    with zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # not Workbook.save, which stamps the time of writing
    Path(path).write_bytes(_with_fixed_entry_times(written.getvalue()))


def _fill_sentences(sentences: Worksheet, sheet: pd.DataFrame, codes: Sequence[str], notes: Sequence[str]) -> None:
    """The rows, their layout, drop-down lists and protection."""
    columns = list(sheet.columns)
    header = Font(bold=True)
    for number, name in enumerate(columns, start=1):
        _set_text(sentences.cell(1, number), str(name), 1, name).font = header
    text_layout = Alignment(horizontal="right", vertical="top", wrap_text=True, readingOrder=2)
    note_layout = Alignment(vertical="top", wrap_text=True)
    for row_number, row in enumerate(sheet.itertuples(index=False), start=2):
        for number, (name, value) in enumerate(zip(columns, row), start=1):
            cell = sentences.cell(row_number, number)
            if isinstance(value, numbers.Integral) and not isinstance(value, bool):
                cell.value = value
            elif value is not None and str(value) != "":
                _set_text(cell, str(value), row_number, name)
            if name == TEXT_COLUMN:
                cell.alignment = text_layout
                lines = max(1, math.ceil(len(str(value)) / CHARACTERS_PER_LINE))
                sentences.row_dimensions[row_number].height = LINE_HEIGHT * lines
            elif name in notes:
                cell.alignment = note_layout
            if name in codes or name in notes:
                cell.protection = UNLOCKED
    for number, name in enumerate(columns, start=1):
        sentences.column_dimensions[get_column_letter(number)].width = WIDTHS.get(name, CODE_WIDTH)
    coded = [get_column_letter(number) for number, name in enumerate(columns, start=1) if name in codes]
    if coded and len(sheet):
        choice = DataValidation(
            type="list",
            formula1='"' + ",".join(CODES) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="yes or no",
            error="Choose yes or no from the list, or leave the cell empty until the sentence is coded.",
        )
        for letter in coded:
            choice.add(f"{letter}2:{letter}{len(sheet) + 1}")
        sentences.add_data_validation(choice)
    sentences.freeze_panes = "A2"
    _protect(sentences)


def _fill_guide(guide_sheet: Worksheet, guide: Sequence[tuple[str, str]]) -> None:
    """The ``codebook`` worksheet: a column name and what to write in it, per row."""
    wrapped = Alignment(vertical="top", wrap_text=True)
    for row_number, row in enumerate([("column", "what to write"), *guide], start=1):
        for number, value in enumerate(row, start=1):
            cell = _set_text(guide_sheet.cell(row_number, number), value, row_number, row[0])
            cell.alignment = wrapped
            cell.font = Font(bold=row_number == 1 or number == 1)
    guide_sheet.column_dimensions["A"].width = 16
    guide_sheet.column_dimensions["B"].width = 100
    _protect(guide_sheet)


def _set_text(cell, value: str, row_number: int, column: str):
    """Store ``value`` as a string cell (never a formula); a ValueError names a character xlsx cannot hold."""
    found = ILLEGAL_CHARACTERS_RE.search(value)
    if found:
        raise ValueError(
            f"row {row_number}, column {column!r}: the control character {found.group()!r} cannot be stored "
            "in an .xlsx workbook; write the sheet as .csv, or remove the character from the text"
        )
    cell.value = value
    cell.data_type = "s"
    return cell


def _protect(worksheet: Worksheet) -> None:
    """Lock the worksheet's locked cells (no password); columns and rows may still be resized."""
    worksheet.protection.sheet = True
    worksheet.protection.formatColumns = False
    worksheet.protection.formatRows = False


def _with_fixed_entry_times(xlsx: bytes) -> bytes:
    """The same zip with every entry dated ``ZIP_ENTRY_TIME``, in the same order."""
    fixed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            dated = zipfile.ZipInfo(entry.filename, date_time=ZIP_ENTRY_TIME)
            dated.compress_type = zipfile.ZIP_DEFLATED
            dated.external_attr = 0o644 << 16
            target.writestr(dated, source.read(entry.filename))
    return fixed.getvalue()


def read_workbook(path: str | Path) -> pd.DataFrame:
    """The ``sentences`` worksheet (or a workbook's only worksheet) as text columns, named by row 1.

    Returns
    -------
    One row per spreadsheet row below the header up to the last that holds anything (row i of
    the result is spreadsheet row i + 2). Empty cells are ""; numbers are written as the
    spreadsheet shows them (1, not 1.0), TRUE / FALSE as such (LibreOffice stores them as the
    formulas ``=TRUE()`` / ``=FALSE()``); a formula as the value the program saved with it.
    A ValueError names a missing worksheet, a duplicate header or values under no header.
    """
    try:
        book = load_workbook(path, read_only=True, data_only=True)  # a formula's value, as the coder sees it
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise ValueError(f"cannot be opened as an .xlsx workbook ({error})") from None
    try:
        if SENTENCES_SHEET in book.sheetnames or len(book.sheetnames) > 1:
            if SENTENCES_SHEET not in book.sheetnames:
                raise ValueError(
                    f"has no worksheet named {SENTENCES_SHEET!r} (it has {book.sheetnames}); "
                    f"give the coded worksheet back its name {SENTENCES_SHEET!r}"
                )
            worksheet = book[SENTENCES_SHEET]
        else:
            worksheet = book.worksheets[0]  # the only one: a sheet saved from elsewhere
        rows = [[_cell_text(value) for value in row] for row in worksheet.iter_rows(values_only=True)]
    finally:
        book.close()
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        return pd.DataFrame()
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    header = rows[0]
    while header and header[-1] == "" and not any(row[len(header) - 1] for row in rows):
        header = header[:-1]
    for number, name in enumerate(header, start=1):
        if name == "" and any(row[number - 1] for row in rows):
            raise ValueError(f"column {get_column_letter(number)} holds values but has no name in row 1; name it")
        if name != "" and header.count(name) > 1:
            raise ValueError(f"two columns are named {name!r} in row 1; rename one")
    return pd.DataFrame([row[: len(header)] for row in rows[1:]], columns=header, dtype=str)


def _cell_text(value: object) -> str:
    """A cell's value as the spreadsheet shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)
