"""Records out of record files: a JSON list, JSON lines, or a ZIP of such members.

Nothing is lost and nothing is silent: every record comes out with its position, and
every problem (a bad line, a break in a list, an empty or oversized member, a ZIP that
cannot be read) comes out as an entry naming the member, the line and the fix. One
member is in memory at a time; JSON lines are streamed line by line.

Positions count records from 1 in each member. A bad JSON line still takes its
position, so fixing it later does not renumber the records after it; so does a record
that is valid JSON but cannot be read (nested too deep, a number too long), in a line or
in a list. A break in a JSON list stops the reading of that list: the records before it
are kept, the break is one problem of the member (position 0). Any other error while
reading a member ends that member with one problem: the stage goes on.

A large JSON-lines file can be read in parts (``json_lines_ranges``): ranges of whole lines,
each read alone, whose records carry the positions and line numbers of the whole file.

ZIP members are read from the archive, never extracted: a member whose path goes up
(``..``), starts at the root or is hidden (a part starting with a dot) is read like any
other, and ``RecordEntry.note`` says what its path is. Only macOS metadata
(``ARCHIVE_JUNK``) is skipped; ``junk_members`` lists it.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import IO, Any

JSON_LINES_SUFFIX = ".jsonl"
"""Files and ZIP members of JSON lines (one record a line); other record files are JSON lists."""
RECORD_MEMBER_SUFFIXES = (".json", JSON_LINES_SUFFIX)
"""ZIP members that hold records; other members (except folders and ``ARCHIVE_JUNK``) are
reported as not record files."""
ARCHIVE_JUNK = "macOS metadata (__MACOSX/, .DS_Store, ._ files)"
"""What archivers on macOS add to a ZIP: skipped, and counted (``junk_members``)."""
MAX_RECORD_DOCUMENT_MB = 100.0
"""A JSON list (a ``.json`` file or ZIP member) is parsed whole, so one larger than this
is rejected from its size (for a ZIP member, from its header) before it is read. JSON
lines are read one line at a time: only a line larger than this is rejected."""
MAX_RECORD_DOCUMENT_BYTES = int(MAX_RECORD_DOCUMENT_MB * 1e6)
CHUNK_BYTES = 1 << 20
"""Bytes read at a time from a JSON-lines file."""
CUT_SEARCH_BYTES = 1 << 16
"""Bytes read at a time when looking for the line end after a cut point (``json_lines_ranges``)."""
JSON_WHITE_SPACE = re.compile(r"[ \t\n\r]*")
JSON_STRING_REST = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
"""The rest of a JSON string after its opening quote, closing quote included."""
JSON_BRACKET_OR_QUOTE = re.compile(r'["\[\]{}]')
JSON_SCALAR_END = re.compile(r"[,\]\s]")


@dataclass(frozen=True)
class RecordEntry:
    """One record of a record file, or one problem of it.

    ``member``: the JSON or JSON-lines document (the file's own name when it is not a
    ZIP; "" for a problem of the whole file). ``position``: the record's 1-based position
    in it, 0 for a problem of a whole member or file. ``line``: the 1-based line the
    record or problem is on (0: unknown). ``record``: the decoded JSON value (None when
    ``problem`` is set).
    """

    member: str
    source_format: str
    position: int
    line: int
    record: Any
    problem: str = ""
    note: str = ""
    """What is unusual about the member's path (``member_path_note``); empty for most."""


@dataclass(frozen=True)
class LineRange:
    """A part of a JSON-lines file: its bytes ``[start, end)``, cut at line ends, after
    ``lines`` lines holding ``records`` records (lines with more than white space); ``last``
    when it ends the file."""

    start: int
    end: int
    lines: int
    records: int
    last: bool


def is_json_lines(name: str | Path) -> bool:
    """True for a file or ZIP member name of JSON lines (``JSON_LINES_SUFFIX``)."""
    return str(name).endswith(JSON_LINES_SUFFIX)


def json_lines_ranges(path: Path, range_bytes: int) -> list[LineRange]:
    """A JSON-lines file cut into consecutive ranges of whole lines of about ``range_bytes``.

    Each cut is found by seeking ``range_bytes`` past the previous one and reading on to the
    next line end; the lines and records before each range are then counted in one pass,
    ``CHUNK_BYTES`` in memory at a time. Reading the ranges in order (``read_record_file``
    with ``part``) gives the entries of reading the whole file.
    """
    size = path.stat().st_size
    with path.open("rb") as stream:
        cuts = [0]
        while cuts[-1] < size or len(cuts) == 1:
            cuts.append(_line_start_from(stream, cuts[-1] + max(1, range_bytes), size))
        parts: list[LineRange] = []
        lines = records = 0
        for start, end in pairwise(cuts):
            parts.append(LineRange(start, end, lines, records, end >= size))
            stream.seek(start)
            for _, _, blank in _lines(stream, 0, end - start, bom=start == 0):  # 0: no line kept
                lines += 1
                records += not blank
    return parts


def _line_start_from(stream: IO[bytes], offset: int, size: int) -> int:
    """The first line start at or after ``offset`` (the end of the file if none)."""
    if offset >= size:
        return size
    stream.seek(offset - 1)
    while chunk := stream.read(CUT_SEARCH_BYTES):
        newline = chunk.find(b"\n")
        if newline >= 0:
            return stream.tell() - len(chunk) + newline + 1
    return size


def read_record_file(
    path: Path, max_document_bytes: int = MAX_RECORD_DOCUMENT_BYTES, part: LineRange | None = None
) -> Iterator[RecordEntry]:
    """Every record and every problem of one ``.json``, ``.jsonl`` or ``.zip`` file, in order.

    Parameters
    ----------
    path: the record file.
    max_document_bytes: the largest JSON list (or JSON line) that is parsed; larger ones
        are problems, found from the size before reading.
    part: of a JSON-lines file, read only this range of it (``json_lines_ranges``).

    Yields
    ------
    ``RecordEntry`` items: ZIP members in name order, records in member order.
    """
    if part is not None and not is_json_lines(path):
        raise ValueError(f"{path.name}: only a JSON-lines file ({JSON_LINES_SUFFIX}) is read in parts")
    if path.suffix != ".zip":
        source_format = path.suffix.lstrip(".")
        try:
            with path.open("rb") as stream:
                document = _read_document(
                    stream, path.stat().st_size, path.name, source_format, max_document_bytes, part
                )
                yield from _guarded(document, path.name, source_format)
        except OSError as error:
            yield _problem("", "records", f"cannot read the file ({error}): check it and its permissions")
        return
    try:
        archive = zipfile.ZipFile(path)
    except Exception as error:  # BadZipFile, OSError, and what a crafted header raises (ValueError ...)
        yield _problem("", "records", f"cannot read the ZIP ({error_text(error)}): re-create the file")
        return
    with archive:
        members = sorted(
            (info for info in archive.infolist() if not info.is_dir() and not is_archive_junk(info.filename)),
            key=lambda info: info.filename,
        )
        if not members:
            yield _problem("", "zip", "no records: the ZIP holds no files; add .json or .jsonl members")
        for info in members:
            yield from _read_member(archive, info, max_document_bytes)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_document_bytes: int) -> Iterator[RecordEntry]:
    """The entries of one ZIP member, read from the archive (never extracted), each with the
    member's ``member_path_note``."""
    note = member_path_note(info.filename)
    said = f" ({note})" if note else ""
    if not info.filename.endswith(RECORD_MEMBER_SUFFIXES):
        problem = f"not a record file{said}: ZIP members must be .json or .jsonl; remove or rename it"
        yield _problem(info.filename, "zip", problem, note=note)
        return
    if not is_json_lines(info.filename) and info.file_size > max_document_bytes:
        yield _problem(info.filename, "zip", _too_large_to_parse(info.file_size, max_document_bytes), note=note)
        return
    try:
        with archive.open(info) as stream:
            document = _read_document(stream, info.file_size, info.filename, "zip", max_document_bytes)
            for entry in _guarded(document, info.filename, "zip"):
                yield replace(entry, note=note) if note else entry
    except Exception as error:  # BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, a crafted header
        problem = f"cannot read this ZIP member{said} ({error_text(error)}): re-create the ZIP"
        yield _problem(info.filename, "zip", problem, note=note)


def _guarded(entries: Iterator[RecordEntry], member: str, source_format: str) -> Iterator[RecordEntry]:
    """The entries of one document; an error while reading it ends the document with one
    problem naming the error and the last record read (the entries before it stay)."""
    last = 0
    try:
        for entry in entries:
            last = max(last, entry.position)
            yield entry
    except Exception as error:
        after = f" after record {last}" if last else ""
        yield _problem(
            member,
            source_format,
            f"reading stopped{after} ({error_text(error)}): the records before it are read; check the file there "
            "(and report this message if the file looks right)",
        )


def error_text(error: BaseException) -> str:
    """An error in a few words: its type and the start of its message."""
    message = str(error).split("\n", 1)[0][:200]
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def is_archive_junk(name: str) -> bool:
    """True for what macOS archivers add (``__MACOSX/``, ``.DS_Store``, ``._`` AppleDouble files): not input."""
    parts = name.replace("\\", "/").split("/")
    return "__MACOSX" in parts[:-1] or parts[-1] == ".DS_Store" or parts[-1].startswith("._")


def member_path_note(name: str) -> str:
    """What is unusual about a ZIP member's path, in words ("" for an ordinary path): a part
    ``..`` (it would land outside the folder if extracted), a path from the root, or a
    hidden part (starting with a dot)."""
    parts = name.replace("\\", "/").split("/")
    notes = []
    if ".." in parts:
        notes.append("its path goes up out of the archive (..)")
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name):
        notes.append("its path starts at the root")
    if any(part.startswith(".") and part not in {".", ".."} for part in parts):
        notes.append("a hidden path (a part starting with a dot)")
    if not notes:
        return ""
    return f"ZIP member {name!r}: " + ", ".join(notes) + "; read from the archive, never extracted"


def junk_members(path: Path) -> list[str]:
    """The members of a ZIP that are skipped as ``ARCHIVE_JUNK``, in name order ([] for
    another file or an unreadable ZIP)."""
    if path.suffix != ".zip":
        return []
    try:
        with zipfile.ZipFile(path) as archive:
            names = [info.filename for info in archive.infolist() if not info.is_dir()]
    except Exception:  # an unreadable ZIP is a rejected row of its own (read_record_file)
        return []
    return sorted(name for name in names if is_archive_junk(name))


def _problem(member: str, source_format: str, problem: str, line: int = 0, note: str = "") -> RecordEntry:
    return RecordEntry(member, source_format, 0, line, None, problem, note)


def _read_document(
    stream: IO[bytes], size: int, member: str, source_format: str, max_bytes: int, part: LineRange | None = None
) -> Iterator[RecordEntry]:
    if is_json_lines(member):
        # a ZIP member's own readline reads 512 bytes at a time: buffer it
        lines = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream, CHUNK_BYTES)
        if part is not None:
            lines.seek(part.start)
        yield from _read_json_lines(lines, member, source_format, max_bytes, part)
        return
    if size > max_bytes:
        yield _problem(member, source_format, _too_large_to_parse(size, max_bytes))
        return
    yield from _read_json_list(stream.read(), member, source_format)


def _too_large_to_parse(size: int, max_bytes: int) -> str:
    return (
        f"too large to parse ({size / 1e6:.1f} MB, limit {max_bytes / 1e6:.1f} MB for a JSON list, which is read "
        f"whole): split it into smaller files, or write it as JSON lines (read one line at a time)"
    )


def _read_json_lines(
    stream: IO[bytes], member: str, source_format: str, max_bytes: int, part: LineRange | None = None
) -> Iterator[RecordEntry]:
    """JSON lines, one line in memory at a time: a bad line is a problem at its position.
    With ``part``, the lines of that range only (``stream`` at its start), numbered in the file."""
    position = part.records if part else 0
    for line_no, line, size in _non_blank_lines(stream, max_bytes, part):
        position += 1
        if line is None:
            problem = (
                f"line {line_no} is too large ({size / 1e6:.1f} MB, limit {max_bytes / 1e6:.1f} MB per JSON line): "
                f"split the record or remove the line"
            )
            yield RecordEntry(member, source_format, position, line_no, None, problem)
            continue
        try:
            record = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError as error:
            problem = f"line {line_no} is not UTF-8 ({error.reason} at byte {error.start + 1} of the line): re-save it"
            yield RecordEntry(member, source_format, position, line_no, None, problem)
            continue
        except json.JSONDecodeError as error:
            problem = (
                f"line {line_no}, column {error.colno}: not valid JSON ({error.msg}): fix this line (the other lines "
                f"are read)"
            )
            yield RecordEntry(member, source_format, position, line_no, None, problem)
            continue
        except (RecursionError, ValueError) as error:  # valid JSON that cannot be read
            problem = f"line {line_no}: {_unreadable_value(error)} (the other lines are read)"
            yield RecordEntry(member, source_format, position, line_no, None, problem)
            continue
        yield RecordEntry(member, source_format, position, line_no, record)
    if position == 0 and (part is None or part.last):
        yield _problem(
            member, source_format, "no records: the file is empty or holds only blank lines; add records or remove it"
        )


def _non_blank_lines(
    stream: IO[bytes], max_bytes: int, part: LineRange | None = None
) -> Iterator[tuple[int, bytes | None, int]]:
    """``(line number, line, size in bytes)`` of every line holding more than white space
    (``_lines``); with ``part``, of that range only (``stream`` at its start), numbered in the file."""
    first = part.lines if part else 0
    limit = part.end - part.start if part else None
    numbered = enumerate(_lines(stream, max_bytes, limit, bom=first == 0), start=first + 1)
    for line_no, (line, size, blank) in numbered:
        if not blank:
            yield line_no, line, size


def _lines(
    stream: IO[bytes], max_bytes: int, limit: int | None = None, bom: bool = True
) -> Iterator[tuple[bytes | None, int, bool]]:
    """``(line, size in bytes, blank)`` of every line of the next ``limit`` bytes of ``stream``
    (None: to its end), read in chunks: a blank line, or one larger than ``max_bytes``, comes
    as None and is never held whole. Lines end at ``\n``; a leading BOM is dropped when ``bom``."""
    remaining = sys.maxsize if limit is None else limit
    while chunk := stream.readline(min(CHUNK_BYTES, remaining)):
        remaining -= len(chunk)
        if bom and chunk.startswith(codecs.BOM_UTF8):
            chunk = chunk[len(codecs.BOM_UTF8) :]
        bom = False
        parts: list[bytes] = []
        size, blank = 0, True
        while chunk:
            size += len(chunk)
            blank = blank and not chunk.strip()
            if size > max_bytes:
                parts.clear()
            elif not blank:
                parts.append(chunk)
            if chunk.endswith(b"\n") or not remaining:
                break
            chunk = stream.readline(min(CHUNK_BYTES, remaining))
            remaining -= len(chunk)
        yield None if blank or size > max_bytes else b"".join(parts), size, blank


def _read_json_list(data: bytes, member: str, source_format: str) -> Iterator[RecordEntry]:
    """A JSON list read record by record: the records before a break are kept, the break is a problem."""
    try:
        text, undecodable = data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as error:  # read the records before the bad byte, report the byte
        text, undecodable = data[: error.start].decode("utf-8-sig"), f"not UTF-8: {error.reason}"
    del data
    records, break_at, reason = _split_json_list(text)
    if undecodable:
        break_at, reason = len(text), undecodable
    for position, (record, line, problem) in enumerate(records, start=1):
        if problem:
            problem = f"record {position} at line {line}: {problem} (the other records are read)"
        yield RecordEntry(member, source_format, position, line, record, problem)
    if break_at is not None:
        line, column = _line_and_column(text, break_at)
        kept = (
            f"the records before it ({len(records)}) are read, the rest is not"
            if records
            else "no record could be read"
        )
        yield _problem(
            member,
            source_format,
            f"not valid JSON records at line {line}, column {column} ({reason}): {kept}; fix the file there",
            line,
        )
    elif not records:
        what = "an empty list []" if text.strip(" \t\n\r") else "the file is empty or holds only white space"
        yield _problem(member, source_format, f"no records ({what}): add records or remove it")


def _split_json_list(text: str) -> tuple[list[tuple[Any, int, str]], int | None, str]:
    """The records of a JSON list with the line each starts on, up to the first break.

    Returns ``(records, break_at, reason)``: ``records`` holds ``(record, line, problem)``,
    the problem set (and the record None) for valid JSON that cannot be read, which is
    skipped to its closing bracket; ``break_at`` is the character index of the break (None
    when the whole text is one valid list, or only white space).
    """
    decoder = json.JSONDecoder()
    index = JSON_WHITE_SPACE.match(text).end()
    if index == len(text):
        return [], None, ""
    if text[index] != "[":
        return [], index, "the top level is not a list of records: it must start with ["
    records: list[tuple[Any, int, str]] = []
    index = JSON_WHITE_SPACE.match(text, index + 1).end()
    if text.startswith("]", index):
        return records, *_after_list(text, index + 1)
    line, counted = 1, 0
    while True:
        problem = ""
        try:
            record, end = decoder.raw_decode(text, index)
        except json.JSONDecodeError as error:
            return records, error.pos, error.msg
        except (RecursionError, ValueError) as error:  # valid JSON that cannot be read: skip the record
            value_end = _value_end(text, index)
            if value_end is None:
                return records, index, _unreadable_value(error)
            record, end, problem = None, value_end, _unreadable_value(error)
        line, counted = line + text.count("\n", counted, index), index
        records.append((record, line, problem))
        index = JSON_WHITE_SPACE.match(text, end).end()
        if text.startswith(",", index):
            index = JSON_WHITE_SPACE.match(text, index + 1).end()
        elif text.startswith("]", index):
            return records, *_after_list(text, index + 1)
        elif index == len(text):
            return records, index, "the list is not closed with ]"
        else:
            return records, index, "expected , or ] after a record"


def _unreadable_value(error: Exception) -> str:
    """Why valid JSON could not be read, and the fix: nesting deeper than the reader follows,
    or a number with more digits than Python converts."""
    if isinstance(error, RecursionError):
        return (
            f"nested too deep to read (lists or objects inside each other, more than about "
            f"{sys.getrecursionlimit()} levels): flatten this record or remove it"
        )
    if "digits" in str(error):
        return (
            f"a number with more than {sys.get_int_max_str_digits()} digits cannot be read: write it as a string "
            "or remove it"
        )
    return f"a value cannot be read ({error_text(error)}): fix or remove this record"


def _value_end(text: str, index: int) -> int | None:
    """The index just after the JSON value that starts at ``index``, found by counting
    brackets outside strings (no parsing, so no limit on nesting); None when it does not end."""
    if text[index] not in '[{"':
        scalar_end = JSON_SCALAR_END.search(text, index)
        return scalar_end.start() if scalar_end else len(text)
    depth, position = 0, index
    while found := JSON_BRACKET_OR_QUOTE.search(text, position):
        position = found.end()
        if found.group() == '"':
            string_end = JSON_STRING_REST.match(text, position)
            if string_end is None:
                return None
            position = string_end.end()
        else:
            depth += 1 if found.group() in "[{" else -1
        if depth <= 0:
            return position
    return None


def _after_list(text: str, index: int) -> tuple[int | None, str]:
    end = JSON_WHITE_SPACE.match(text, index).end()
    return (None, "") if end == len(text) else (end, "extra data after the closing ]")


def _line_and_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a character index."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1
