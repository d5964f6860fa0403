"""The annotation sheet as a file: written as a workbook or CSV, read back as text, codes read in
the spellings coders use.

The file's ending chooses the format: ``.xlsx`` is the coder's workbook (``analysis.frames.workbook``:
drop-down lists, protected key columns, the codebook beside the rows); ``.csv`` is UTF-8 with
a byte-order mark and CRLF line ends (RFC 4180: a cell holding a line break is quoted).

In a CSV, a cell that a spreadsheet would take for a formula (it starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return: CSV injection, OWASP) is written with a leading
``'``, and so is a cell that starts with ``'``; reading removes that one ``'``, so every
text comes back as drawn. A CSV saved with ``;`` or tab separators, or as UTF-16 (some
Excel locales), is read too.

A code (each frame column, and ``confident``) is read as ``yes`` or ``no`` from any of
``CODE_SPELLINGS`` (any case, spaces, diacritics or a final full stop: ``نعم.``, `` TRUE``,
``1.0``). Any other value is a ``SheetError`` naming the file, the row as the spreadsheet
numbers it (the header is row 1), the column and the accepted spellings; an empty cell is a
sentence not coded yet.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from analysis.frames.codebook import frame_definitions
from analysis.frames.workbook import read_workbook, write_workbook
from analysis.text.arabic import normalize

CONFIDENT = "confident"
NOTE_COLUMNS = ("reason", "translation")
"""The coder's free-text columns."""
CODE_SPELLINGS = {
    "yes": ("yes", "y", "نعم", "اجل", "true", "1", "١"),
    "no": ("no", "n", "لا", "كلا", "false", "0", "٠"),
}
"""What a code may be written as (normalized, lower case): ``نعم`` stands for نعم, نَعَم, نعم. and the like."""
ACCEPTED = "yes / no, y / n, نعم / لا, 1 / 0, TRUE / FALSE"
_CODE_OF = {spelling: code for code, spellings in CODE_SPELLINGS.items() for spelling in spellings}
_WHOLE_NUMBER = re.compile(r"^([01])\.0+$")  # 1.0, 0.0: a spreadsheet's number
_EDGE_PUNCTUATION = ".,،!?؟;؛:\"'«»"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""How a CSV cell that a spreadsheet would run as a formula starts."""
ESCAPE = "'"
SEPARATORS = (",", ";", "\t")
"""Column separators of a CSV sheet, the first one wins a tie in the header."""
FORMATS = (".xlsx", ".csv")


class SheetError(ValueError):
    """The annotation sheet cannot be written or read; the message names the file and the fix."""


def code_value(value: str) -> str | None:
    """``yes`` or ``no`` for an accepted spelling of a code, ``""`` for an empty cell, None for anything else."""
    if normalize(value) == "":
        return ""
    spelling = normalize(value).strip(_EDGE_PUNCTUATION + " ").casefold()
    whole = _WHOLE_NUMBER.match(spelling)
    return _CODE_OF.get(whole.group(1) if whole else spelling)


def read_codes(sheet: pd.DataFrame, frames: Sequence[str], path: str | Path) -> pd.DataFrame:
    """The sheet (``read_sheet``) with every code column as ``yes``, ``no`` or ``""``; empty rows dropped.

    Parameters
    ----------
    sheet: the rows as read; row i is the spreadsheet's row i + 2.
    frames: the frame columns; ``confident`` is a code column too. Columns missing from the sheet are skipped.
    path: the sheet's file, named in errors.

    Returns
    -------
    The rows holding anything, codes canonical, other columns as they were.
    Raises SheetError naming the first cell that holds no code (and how many more do).
    """
    coded = sheet.copy()
    bad: list[tuple[int, str, str]] = []
    for column in [name for name in [*frames, CONFIDENT] if name in sheet.columns]:
        values = [code_value(value) for value in sheet[column]]
        bad += [
            (position + 2, column, sheet[column].iloc[position]) for position, code in enumerate(values) if code is None
        ]
        coded[column] = values
    if bad:
        row, column, value = min(bad)
        more = f" ({len(bad) - 1} more cells hold no code)" if len(bad) > 1 else ""
        raise SheetError(
            f"{Path(path).name}, row {row}, column {column!r}: {value!r} is not a code{more}. "
            f"Write yes or no (accepted: {ACCEPTED}), or leave the cell empty until the sentence is coded"
        )
    holds_anything = (coded.astype(str) != "").any(axis=1) if len(coded.columns) else pd.Series(dtype=bool)
    return coded[holds_anything]


def read_sheet(path: str | Path) -> pd.DataFrame:
    """A filled (or empty) annotation sheet (``.xlsx`` or ``.csv``) as text columns.

    Every row of the file in order (row i is the spreadsheet's row i + 2); empty cells are ``""``.
    Raises SheetError naming the file and the fix when it cannot be read.
    """
    path = Path(path)
    _check_format(path)
    if path.suffix.lower() == ".xlsx":
        try:
            return read_workbook(path)
        except ValueError as error:
            raise SheetError(f"{path.name}: {error}") from None
    return _read_csv(path)


def _read_csv(path: Path) -> pd.DataFrame:
    """A CSV sheet in UTF-8 (with or without a byte-order mark) or UTF-16, separated by , or ; or tab."""
    raw = path.read_bytes()
    encoding = "utf-16" if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise SheetError(
            f"{path.name}: byte {error.start} is not {encoding.removesuffix('-sig').upper()} text ({error.reason}); "
            "save the sheet as 'CSV UTF-8 (Comma delimited)' in Excel, or as 'Text CSV' with the character set "
            "'Unicode (UTF-8)' in LibreOffice, or keep it as .xlsx"
        ) from None
    header = text.split("\n", 1)[0]
    separator = max(SEPARATORS, key=header.count)
    try:
        table = pd.read_csv(
            io.StringIO(text), sep=separator, dtype=str, keep_default_na=False, na_values=[], skip_blank_lines=False
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise SheetError(
            f"{path.name}: cannot be read as a CSV separated by {separator!r} ({error}); "
            "save it as 'CSV UTF-8 (Comma delimited)'"
        ) from None
    return table.fillna("").map(_unescape_formula)


def _check_format(path: Path) -> None:
    if path.suffix.lower() not in FORMATS:
        raise SheetError(
            f"{path.name}: a sheet is an .xlsx workbook or a .csv file, not {path.suffix or 'without ending'!r}; "
            "save it as one of those and point 'annotations' in params.yaml at it"
        )


def escape_formula(cell: object) -> object:
    """A text cell that a spreadsheet would run as a formula (or that starts with ') behind one ``'``."""
    if isinstance(cell, str) and cell.startswith((*FORMULA_START, ESCAPE)):
        return ESCAPE + cell
    return cell


def _unescape_formula(cell: str) -> str:
    """Undo ``escape_formula``: one leading ``'`` before a formula start or another ``'`` goes."""
    if cell.startswith(ESCAPE) and cell[1:].startswith((*FORMULA_START, ESCAPE)):
        return cell[1:]
    return cell


def save_sheet(sheet: pd.DataFrame, path: str | Path, frames: Sequence[str]) -> None:
    """Write the sheet's rows as a workbook (``.xlsx``) or a CSV (``.csv``) as the path ends.

    Parameters
    ----------
    sheet: the rows (``draw_sample``'s sheet).
    path: the file.
    frames: the frame columns; with ``confident`` they get the workbook's drop-down lists.
    """
    path = Path(path)
    _check_format(path)
    if path.suffix.lower() == ".csv":
        escaped = sheet.map(escape_formula)
        escaped.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")  # RFC 4180: a CR is quoted
        return
    try:
        write_workbook(sheet, path, [*frames, CONFIDENT], NOTE_COLUMNS, coding_guide(frames))
    except ValueError as error:
        raise SheetError(f"{path.name}: {error}") from None


def coding_guide(frames: Sequence[str]) -> list[tuple[str, str]]:
    """What to write in each of the coder's columns: the codebook's definition of each frame, then the rest."""
    guide = []
    for frame, definition in frame_definitions(frames).items():
        meaning = definition or "(docs/codebook.md has no section '## ... frame' for this column: ask the researcher)"
        guide.append((frame, f"yes or no. {meaning}"))
    guide += [
        (CONFIDENT, "yes, or no for a borderline case (the frame implied, not stated, or one weak cue)."),
        ("reason", "A short note: the cue, or the false friend."),
        ("translation", "The sentence in English, for the report's examples (optional)."),
        ("codes", f"A sentence counts once every frame column holds a code. Also read as codes: {ACCEPTED}."),
        ("codebook", "Definitions, examples and false friends: docs/codebook.md."),
    ]
    return guide
