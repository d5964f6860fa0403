"""Stage tables are written and read by one code path, as CSV or Parquet, with the same
bytes every time and the same table read back from either (analysis.pipeline.outputs)."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

from analysis.config.tables import ARTICLE_FRAMES, ARTICLES, SENTENCES, TABLE_FORMATS, TABLES
from analysis.pipeline import outputs, read_table, table_path, write_table
from analysis.pipeline.outputs import PARQUET_SETTINGS, ROW_GROUP_ROWS, TableWriter, iter_table
from tests.conftest import PROCESSED_DIR


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_committed_table_reads_back_the_same_from_parquet(tmp_path, name: str) -> None:
    spec = TABLES[name]
    table = read_table(spec, PROCESSED_DIR)
    write_table(table, spec, tmp_path, table_format="parquet")
    back = read_table(spec, tmp_path, table_format="parquet")
    pd.testing.assert_frame_equal(back, table, check_exact=True)


@pytest.mark.parametrize("table_format", TABLE_FORMATS)
def test_two_writes_give_the_same_bytes(tmp_path, table_format: str) -> None:
    table = read_table(SENTENCES, PROCESSED_DIR)
    first = write_table(table, SENTENCES, tmp_path / "a", table_format=table_format).read_bytes()
    second = write_table(table.copy(), SENTENCES, tmp_path / "b", table_format=table_format).read_bytes()
    assert first == second


def test_parquet_holds_typed_columns_and_no_writer_metadata_that_varies(tmp_path) -> None:
    path = write_table(read_table(SENTENCES, PROCESSED_DIR), SENTENCES, tmp_path, table_format="parquet")
    stored = pq.ParquetFile(path)
    assert stored.schema_arrow.metadata is None  # no pandas metadata (versions, index)
    assert stored.metadata.created_by.startswith("parquet-cpp-arrow version ")  # the library's version only
    types = {field.name: str(field.type) for field in stored.schema_arrow}
    assert types == {
        "article_id": "string",
        "sentence_id": "int64",
        "is_title": "bool",
        "line_no": "int64",
        "text": "string",
        "text_norm": "string",
        "n_tokens": "int64",
    }
    assert stored.metadata.row_group(0).column(4).compression == PARQUET_SETTINGS["compression"].upper()


def test_both_formats_keep_twelve_significant_digits_and_empty_text(tmp_path) -> None:
    table = pd.DataFrame(
        {
            "article_id": ["a", None],
            "n_sentences": [3, 1],
            "n_mental_health": [1, 0],
            "n_regulation": [2, 0],
            "n_both": [0, 0],
            "n_neither": [0, 1],
            "share_mental_health": [1 / 3, 0.0],
            "share_regulation": [2 / 3, 0.0],
            "framing_index": [-1 / 3, float("nan")],
            "dominant_frame": ["regulation", "none"],
        }
    )
    read = {
        fmt: read_table(
            ARTICLE_FRAMES,
            write_table(table, ARTICLE_FRAMES, tmp_path / fmt, table_format=fmt).parent,
            table_format=fmt,
        )
        for fmt in TABLE_FORMATS
    }
    pd.testing.assert_frame_equal(read["parquet"], read["csv"], check_exact=True)
    assert read["csv"].loc[0, "share_mental_health"] == 0.333333333333
    assert read["csv"].loc[1, "article_id"] == ""
    assert read["csv"]["share_regulation"].dtype == float  # a float column of whole numbers stays float


def test_a_table_with_undeclared_columns_is_refused_in_either_format(tmp_path) -> None:
    table = read_table(SENTENCES, PROCESSED_DIR).drop(columns="n_tokens")
    for table_format in TABLE_FORMATS:
        with pytest.raises(ValueError, match=rf"sentences\.{table_format}: columns .* differ from the declared"):
            write_table(table, SENTENCES, tmp_path, table_format=table_format)


def test_an_unknown_format_names_the_known_ones(tmp_path) -> None:
    with pytest.raises(ValueError, match="'feather' is not one of csv, parquet"):
        table_path(SENTENCES, tmp_path, "feather")


@pytest.mark.parametrize("table_format", TABLE_FORMATS)
@pytest.mark.parametrize("cuts", [[0, 0, 7], [131_071, 131_073]])
def test_a_table_written_part_by_part_has_the_bytes_of_the_whole(tmp_path, table_format: str, cuts) -> None:
    """Stages write partition by partition: however the rows are cut (empty parts too, row
    groups crossed), the file is the one ``write_table`` gives for the whole table."""
    sentences = read_table(SENTENCES, PROCESSED_DIR)
    table = pd.concat([sentences] * (140_000 // len(sentences) + 1), ignore_index=True).iloc[:140_000]
    whole = write_table(table, SENTENCES, tmp_path / "whole", table_format=table_format).read_bytes()
    writer = TableWriter(SENTENCES, tmp_path / "parts", table_format=table_format)
    for start, stop in zip([0, *cuts], [*cuts, len(table)], strict=True):
        writer.append(table.iloc[start:stop])
    assert writer.close().read_bytes() == whole
    assert writer.rows == len(table)


def test_parts_of_distinct_texts_give_the_parquet_bytes_of_one_write(tmp_path) -> None:
    """Distinct texts overflow a column's dictionary page; the writer falls back to plain
    pages at a chunk's edge, so the parts must be joined before writing, whatever their cuts."""
    sentences = read_table(SENTENCES, PROCESSED_DIR)
    table = pd.concat([sentences] * (60_000 // len(sentences) + 1), ignore_index=True).iloc[:60_000]
    table["text"] = [f"{text} {number}" for number, text in enumerate(table["text"])]
    whole = write_table(table, SENTENCES, tmp_path / "whole", table_format="parquet").read_bytes()
    writer = TableWriter(SENTENCES, tmp_path / "parts", table_format="parquet")
    for start in range(0, len(table), 7_001):
        writer.append(table.iloc[start : start + 7_001])
    assert writer.close().read_bytes() == whole


@pytest.mark.parametrize("table_format", TABLE_FORMATS)
def test_an_empty_table_written_part_by_part_reads_back_empty_with_its_columns(tmp_path, table_format: str) -> None:
    writer = TableWriter(SENTENCES, tmp_path, table_format=table_format)
    writer.append(read_table(SENTENCES, PROCESSED_DIR).iloc[:0])
    path = writer.close()
    assert (
        path.read_bytes()
        == write_table(
            read_table(SENTENCES, PROCESSED_DIR).iloc[:0], SENTENCES, tmp_path / "w", table_format=table_format
        ).read_bytes()
    )
    assert list(read_table(SENTENCES, tmp_path, table_format=table_format).columns) == SENTENCES.column_names()


@pytest.mark.parametrize("table_format", TABLE_FORMATS)
def test_reading_some_articles_and_columns_chunk_by_chunk_gives_those_rows(tmp_path, table_format: str) -> None:
    sentences = read_table(SENTENCES, PROCESSED_DIR)
    write_table(sentences, SENTENCES, tmp_path, table_format=table_format)
    wanted = sorted(set(sentences["article_id"]))[1:3]
    expected = sentences.loc[sentences["article_id"].isin(wanted), ["article_id", "sentence_id", "is_title"]]
    got = read_table(
        SENTENCES,
        tmp_path,
        table_format=table_format,
        columns=["article_id", "sentence_id", "is_title"],
        article_ids=wanted,
    )
    pd.testing.assert_frame_equal(got, expected.reset_index(drop=True))
    chunks = list(iter_table(SENTENCES, tmp_path, table_format=table_format, rows=7))
    assert max(map(len, chunks)) <= 7 and len(chunks) == -(-len(sentences) // 7)
    pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), sentences)


def test_reading_some_articles_skips_the_row_groups_that_cannot_hold_them(tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(outputs.ROW_GROUP_ROWS, "sentences", 10)
    sentences = read_table(SENTENCES, PROCESSED_DIR)  # in corpus order: each article's rows together
    path = write_table(sentences, SENTENCES, tmp_path, table_format="parquet")
    stored = pq.ParquetFile(path)
    wanted = [sorted(set(sentences["article_id"]))[2]]
    groups = outputs._row_groups_holding(stored, wanted)
    assert stored.metadata.num_row_groups >= 6 and 0 < len(groups) < stored.metadata.num_row_groups
    got = read_table(SENTENCES, tmp_path, table_format="parquet", article_ids=wanted)
    expected = sentences[sentences["article_id"].isin(wanted)].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected)
    assert read_table(SENTENCES, tmp_path, table_format="parquet", article_ids=["not-an-id"]).empty


def test_articles_are_written_in_small_row_groups_part_by_part_too(tmp_path) -> None:
    """Whole article texts make large rows: a writer holds one row group of them at most."""
    articles = read_table(ARTICLES, PROCESSED_DIR)
    table = pd.concat([articles] * 4000, ignore_index=True)
    whole = write_table(table, ARTICLES, tmp_path / "whole", table_format="parquet")
    writer = TableWriter(ARTICLES, tmp_path / "parts", table_format="parquet")
    for start in range(0, len(table), 3_001):
        writer.append(table.iloc[start : start + 3_001])
    assert writer.close().read_bytes() == whole.read_bytes()
    groups = pq.ParquetFile(whole).metadata
    assert groups.num_row_groups == -(-len(table) // ROW_GROUP_ROWS["articles"])
