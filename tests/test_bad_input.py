"""Bad input: nothing lost, nothing silent (the fixture corpus in tests/fixture_corpus.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.clean.partitions import clean_corpus
from analysis.clean.summaries import skipped_counts
from analysis.corpus.reading import SUB_FOLDER, CorpusError, skipped_inputs
from analysis.corpus.records import ARCHIVE_JUNK
from tests import fixture_corpus

MAX_BYTES = 2_000_000


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory):
    folder = fixture_corpus.build(tmp_path_factory.mktemp("fixture") / "raw")
    return clean_corpus(folder, max_bytes=MAX_BYTES, fields=fixture_corpus.RECORD_FIELDS)


def test_every_input_file_is_accounted_for(fixture_run) -> None:
    articles, _, _ = fixture_run
    assert sorted(articles["article_id"]) == fixture_corpus.expected_ids()
    assert articles["article_id"].is_unique


@pytest.mark.parametrize("name", sorted(fixture_corpus.FILES))
def test_each_file_gets_its_status_encoding_and_format(fixture_run, name: str) -> None:
    articles, _, _ = fixture_run
    _, status, encoding, source_format = fixture_corpus.FILES[name]
    row = articles.set_index("article_id").loc[Path(name).stem if name.endswith(".txt") else name]
    assert (row["status"], row["encoding"], row["source_format"]) == (status, encoding, source_format)
    assert (row["reason"] == "") == (status == "ok")


@pytest.mark.parametrize(
    ("article_id", "words"),
    [
        ("empty", "empty file"),
        ("spaces", "only white space"),
        ("binary", "binary file"),
        ("huge", "too large (10.0 MB, limit 2.0 MB)"),
        ("furniture", "no article text left"),
        ("copy_b", "same text as copy_a"),
        ("ghost", "ghost.txt is not in the raw folder"),
        ("notes.docx", "not an article file"),
    ],
)
def test_rejections_say_why_in_words(fixture_run, article_id: str, words: str) -> None:
    articles, _, _ = fixture_run
    assert words in articles.set_index("article_id").loc[article_id, "reason"]


def test_legacy_encodings_decode_to_the_same_text(fixture_run) -> None:
    articles, _, _ = fixture_run
    bodies = articles.set_index("article_id")["body"]
    assert "الترميز العربي" in bodies["cp1256"] and "يونيكود" in bodies["utf16"]
    assert "\r" not in bodies["crlf"] and "\ufeff" not in articles.set_index("article_id").loc["bom", "title"]


def test_html_page_is_stripped_to_its_article(fixture_run) -> None:
    articles, sentences, _ = fixture_run
    page = articles.set_index("article_id").loc["page"]
    assert page["title"] == "الحكومة تناقش مع تيك توك حماية الأطفال"
    assert "الأخبار الزائفة & حماية" in page["body"]
    for furniture in ("tracking", "color", "الرئيسية", "جميع الحقوق", "<p>"):
        assert furniture not in page["body"]


def test_metadata_joins_and_gaps(fixture_run) -> None:
    articles, _, _ = fixture_run
    table = articles.set_index("article_id")
    assert (table.loc["cp1256", "outlet"], table.loc["cp1256", "published"]) == ("هسبريس", "2024-09-20")
    assert table.loc["no_metadata", "note"] == "no row in metadata.csv"
    assert table.loc["مقال تجريبي 1", "status"] == "ok"


def test_markup_title_is_kept_literally(fixture_run) -> None:
    articles, _, _ = fixture_run
    assert articles.set_index("article_id").loc["markup", "title"] == fixture_corpus.MARKUP_TITLE


def test_sentences_only_for_usable_articles(fixture_run) -> None:
    articles, sentences, _ = fixture_run
    ok = set(articles.loc[articles["status"] == "ok", "article_id"])
    assert set(sentences["article_id"]) == ok


def test_malformed_metadata_is_one_clear_error(tmp_path) -> None:
    folder = fixture_corpus.build(tmp_path / "raw", metadata=fixture_corpus.MALFORMED_METADATA)
    with pytest.raises(CorpusError) as error:
        clean_corpus(folder)
    assert "metadata.csv, line 2: 3 fields where the header has 2; quote values that hold commas" in str(error.value)


# Record files crafted to crash a reader (issue 24): rows, never a traceback.


@pytest.mark.parametrize("name", sorted(fixture_corpus.RECORD_FILES))
def test_each_crafted_record_gets_its_status_and_reason(fixture_run, name: str) -> None:
    articles, _, _ = fixture_run
    _, statuses, reasons = fixture_corpus.RECORD_FILES[name]
    table = articles.set_index("article_id")
    assert table.loc[list(statuses), "status"].to_dict() == statuses
    for article_id, status in statuses.items():
        assert (table.loc[article_id, "reason"] == "") == (status == "ok")
        assert name in table.loc[article_id, "source_file"]
    for article_id, words in reasons.items():
        assert words in table.loc[article_id, "reason"], article_id


def test_odd_zip_member_paths_are_read_in_place_and_named(fixture_run) -> None:
    articles, sentences, _ = fixture_run
    table = articles.set_index("article_id")
    assert table.loc["export-00001", "source_file"].endswith("odd_members.zip:../export.json#1")
    assert "'../export.json': its path goes up out of the archive (..)" in table.loc["export-00001", "note"]
    assert "'.backup/day1.json': a hidden path" in table.loc["day1-00001", "note"]
    assert {"export-00001", "day1-00001"} <= set(sentences["article_id"])


def test_macos_junk_is_skipped_and_listed(fixture_run, tmp_path) -> None:
    folder = fixture_corpus.build(tmp_path / "raw")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    skipped = dict(skipped_inputs(folder))
    junk = [name for name, why in skipped.items() if why == ARCHIVE_JUNK]
    assert [name.split("/raw/", 1)[1] for name in junk] == [".DS_Store", *fixture_corpus.JUNK_MEMBERS]
    (folder / "later").mkdir()
    counts = skipped_counts(folder).set_index("why")["skipped"].to_dict()
    assert counts == {ARCHIVE_JUNK: 3, SUB_FOLDER: 1}
    articles, _, _ = fixture_run
    assert not articles["source_file"].str.contains("MACOSX|DS_Store").any()


def test_a_doctype_internal_subset_never_reaches_the_text(fixture_run) -> None:
    articles, sentences, _ = fixture_run
    page = articles.set_index("article_id").loc["dtd"]
    text = page["title"] + "\n" + page["body"]
    for leaked in ("]>", "ENTITY", "passwd", "a]>b", "DOCTYPE"):
        assert leaked not in text, leaked
    assert "&leak;" in page["body"] and "تيك توك" not in text  # entity references left as written, never expanded
    assert "DOCTYPE internal subset (a DTD) removed, its entities not expanded" in page["note"]


def test_crafted_files_leave_the_other_articles_unchanged(tmp_path) -> None:
    """Cleaning the good files alone and beside every crafted file gives the good files the same rows."""
    crafted = fixture_corpus.build(tmp_path / "crafted")
    good = tmp_path / "good"
    good.mkdir()
    good_names = ["cp1256.txt", "utf16.txt", "bom.txt", "crlf.txt", "page.txt", "no_metadata.txt", "markup.txt"]
    for name in [*good_names, "metadata.csv"]:
        (good / name).write_bytes((crafted / name).read_bytes())
    good_ids = [Path(name).stem for name in good_names]
    options = {"max_bytes": MAX_BYTES, "fields": fixture_corpus.RECORD_FIELDS}
    alone, mixed = clean_corpus(good, **options), clean_corpus(crafted, **options)
    assert set(alone[0].loc[alone[0]["status"] == "ok", "article_id"]) == set(good_ids)
    for tables in zip(alone, mixed):
        rows = [table[table["article_id"].isin(good_ids)].reset_index(drop=True) for table in tables]
        for table in rows:
            if "source_file" in table:  # the folders differ, the files do not
                table["source_file"] = table["source_file"].map(lambda source: Path(source).name)
        assert len(rows[0]) > 0
        pd.testing.assert_frame_equal(rows[0], rows[1])
