"""Every CSV in data/processed matches its schema in data/processed/README.md."""

from __future__ import annotations

import csv
import datetime as dt
import re

import pytest

from analysis.clean.furniture import RULES
from analysis.config.tables import CLEAN_TABLES, TABLES
from analysis.pipeline.outputs import read_csv
from tests.conftest import PROCESSED_DIR, RAW_DIR

SCHEMA_FILE = PROCESSED_DIR / "README.md"
CLEAN_FILES = [table.file_name for table in CLEAN_TABLES]
CSV_FILES = [table.file_name for table in TABLES.values()]


def read_schema() -> dict[str, list[dict[str, str]]]:
    """The column tables of the schema README, per file: name, type, allowed, meaning."""
    tables: dict[str, list[dict[str, str]]] = {}
    current = None
    for line in SCHEMA_FILE.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## (\S+\.csv)$", line)
        if heading:
            current = heading.group(1)
            tables[current] = []
        elif current and line.startswith("| ") and not line.startswith("| column") and not line.startswith("|---"):
            cells = [cell.strip() for cell in line.strip("|").split(" | ")]
            if len(cells) == 4:
                tables[current].append(dict(zip(["column", "type", "allowed", "meaning"], cells)))
        elif line.startswith("#"):
            current = None
    return tables


def value_ok(value: str, kind: str, allowed: str) -> bool:
    if kind == "integer" and not re.fullmatch(r"-?\d+", value):
        return False
    if kind == "boolean" and value not in ("True", "False"):
        return False
    if allowed == "non-empty":
        return value != ""
    if kind == "float":
        if value == "":
            return True
        number = float(value)
        if allowed.startswith("between "):
            low, high = (float(part) for part in allowed[len("between ") :].split(" and "))
            return low - 1e-12 <= number <= high + 1e-12
        return allowed == "any"
    if allowed.startswith(">= "):
        return int(value) >= int(allowed[3:])
    if allowed.startswith("one of: "):
        return value in [option.strip() for option in allowed[len("one of: ") :].split(",")]
    if allowed == "YYYY-MM-DD or empty":
        return value == "" or (len(value) == 10 and dt.date.fromisoformat(value) is not None)
    return allowed == "any"


def test_schema_documents_every_declared_table() -> None:
    assert sorted(read_schema()) == sorted(CSV_FILES) == sorted(table.file_name for table in TABLES.values())


@pytest.mark.parametrize("name", sorted(TABLES))
def test_readme_columns_and_types_are_the_declared_ones(name: str) -> None:
    """data/processed/README.md and analysis.config.tables say the same (committed lexicon's frames)."""
    documented = [(column["column"], column["type"]) for column in read_schema()[TABLES[name].file_name]]
    assert documented == TABLES[name].layout()


MAY_BE_EMPTY = {"review_lines.csv", "embedded_posts.csv"}
"""Tables that a clean corpus may leave empty (the five articles have no suspicious kept line)."""


@pytest.mark.parametrize("file_name", CSV_FILES)
def test_csv_matches_schema(file_name: str) -> None:
    schema = read_schema()[file_name]
    path = PROCESSED_DIR / file_name
    raw = path.read_bytes()
    assert b"\r\n" not in raw.replace(b'\r\n"', b"")  # \n line ends
    raw.decode("utf-8")  # UTF-8
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == [column["column"] for column in schema]
    table = read_csv(path)
    assert len(table) > 0 or file_name in MAY_BE_EMPTY
    for column in schema:
        bad = [value for value in table[column["column"]] if not value_ok(value, column["type"], column["allowed"])]
        assert not bad, f"{file_name}.{column['column']}: {bad[:3]} break '{column['type']}, {column['allowed']}'"


def test_removed_rules_in_schema_are_the_code_rules() -> None:
    rule_column = next(column for column in read_schema()["removed_lines.csv"] if column["column"] == "rule")
    documented = [option.strip() for option in rule_column["allowed"][len("one of: ") :].split(",")]
    assert sorted(documented) == sorted(RULES)


def test_reason_is_empty_exactly_when_ok() -> None:
    articles = read_csv(PROCESSED_DIR / "articles.csv")
    assert ((articles["status"] == "ok") == (articles["reason"] == "")).all()


def test_every_raw_file_appears_in_articles_csv() -> None:
    articles = read_csv(PROCESSED_DIR / "articles.csv")
    assert sorted(articles["article_id"]) == sorted(path.stem for path in RAW_DIR.glob("*.txt"))
    assert articles["article_id"].is_unique


def test_sentences_and_removed_lines_account_for_every_non_blank_line() -> None:
    sentences = read_csv(PROCESSED_DIR / "sentences.csv")
    removed = read_csv(PROCESSED_DIR / "removed_lines.csv")
    for path in sorted(RAW_DIR.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        non_blank = {number for number, line in enumerate(lines, start=1) if line != ""}
        kept = set(sentences.loc[sentences["article_id"] == path.stem, "line_no"].astype(int))
        dropped = set(removed.loc[removed["article_id"] == path.stem, "line_no"].astype(int))
        assert kept | dropped == non_blank, path.name


def test_committed_outputs_equal_a_fresh_clean(cleaned_corpus) -> None:
    """The committed CSVs are what the current code makes of the current raw data."""
    for table, file_name in zip(cleaned_corpus, CLEAN_FILES):
        committed = read_csv(PROCESSED_DIR / file_name)
        assert committed.equals(table.astype(str)), f"{file_name} is stale: run make report"
