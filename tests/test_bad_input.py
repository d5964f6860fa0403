"""Bad input: nothing lost, nothing silent (the fixture corpus in tests/fixture_corpus.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.clean.partitions import clean_corpus
from analysis.corpus.reading import CorpusError
from tests import fixture_corpus

MAX_BYTES = 2_000_000


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory):
    folder = fixture_corpus.build(tmp_path_factory.mktemp("fixture") / "raw")
    return clean_corpus(folder, max_bytes=MAX_BYTES)


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
