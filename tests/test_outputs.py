"""Stage tables are written and read by one code path, as CSV or Parquet, with the same
bytes every time and the same table read back from either (analysis.pipeline.outputs)."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

from analysis.config.tables import ARTICLE_FRAMES, SENTENCES, TABLE_FORMATS, TABLES
from analysis.pipeline import read_table, table_path, write_table
from analysis.pipeline.outputs import PARQUET_SETTINGS
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
