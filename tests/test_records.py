"""Corpora of records: JSON, JSON lines, ZIP of JSON, with a field mapping (analysis.corpus.reading)."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from analysis.clean.articles import clean_article, clean_corpus
from analysis.config.paths import REPO_ROOT
from analysis.corpus.reading import read_corpus

SAUDINEWSNET = REPO_ROOT.parent / "shared" / "datasets" / "saudinewsnet"
SAUDI_FIELDS = {
    "id": "",
    "title": "title",
    "content": "content",
    "outlet": "source",
    "date": "date_extracted",
    "author": "author",
}
RECORDS = [
    {
        "headline": "الوزير يلتقي مسؤولي تيك توك",
        "body": "ناقش الطرفان الأخبار الزائفة.\nوأكد الوزير أهمية القوانين.",
        "site": "هسبريس",
        "when": "2024-09-20T10:00",
    },
    {"headline": "", "body": "نص بلا عنوان عن الصحة النفسية.", "site": "", "when": "غير معروف"},
    {"headline": "خبر فارغ", "body": "", "site": "x", "when": ""},
    "not an object",
    {"headline": "بلا نص", "site": "x"},
]
FIELDS = {"id": "", "title": "headline", "content": "body", "outlet": "site", "date": "when", "author": ""}


def write_records(folder: Path) -> None:
    (folder / "batch.json").write_text(json.dumps(RECORDS, ensure_ascii=False), encoding="utf-8")
    (folder / "lines.jsonl").write_text(
        "\n".join(json.dumps(record, ensure_ascii=False) for record in RECORDS[:2]), encoding="utf-8"
    )
    with zipfile.ZipFile(folder / "archive.zip", "w") as archive:
        archive.writestr("day.json", json.dumps(RECORDS[:1], ensure_ascii=False))
    (folder / "broken.json").write_text("[{not json", encoding="utf-8")


def test_records_get_deterministic_ids_metadata_and_statuses(tmp_path) -> None:
    write_records(tmp_path)
    articles, sentences, _ = clean_corpus(tmp_path, fields=FIELDS)
    table = articles.set_index("article_id")
    assert list(articles["article_id"]) == [
        "day-00001",
        "batch-00001",
        "batch-00002",
        "batch-00003",
        "batch-00004",
        "batch-00005",
        "broken",
        "lines-00001",
        "lines-00002",
    ]
    first = table.loc["day-00001"]
    assert (first["status"], first["title"], first["outlet"], first["published"], first["source_format"]) == (
        "duplicate",  # the same record as batch-00001, on the same date: the smaller id is kept
        "الوزير يلتقي مسؤولي تيك توك",
        "هسبريس",
        "2024-09-20",
        "zip",
    )
    assert first["source_file"].endswith("archive.zip:day.json#1")
    assert table.loc["batch-00001", "source_format"] == "json" and table.loc["batch-00001", "status"] == "ok"
    assert table.loc["day-00001", "reason"] == "same text as batch-00001"
    assert table.loc["day-00001", "duplicate_of"] == "batch-00001"
    assert table.loc["batch-00002", "title"] == "" and table.loc["batch-00002", "published"] == ""
    assert table.loc["batch-00003", "status"] == "rejected" and "only white space" in table.loc["batch-00003", "reason"]
    assert "not a JSON object" in table.loc["batch-00004", "reason"]
    assert "no text in the content field 'body'" in table.loc["batch-00005", "reason"]
    assert "not valid JSON records" in table.loc["broken", "reason"]
    assert table.loc["lines-00001", "status"] == "duplicate" and table.loc["lines-00001", "source_format"] == "jsonl"
    assert table.loc["lines-00002", "reason"] == "same text as batch-00002"
    title_rows = sentences[sentences["article_id"] == "batch-00001"].iloc[0]
    assert (title_rows["sentence_id"], title_rows["is_title"], title_rows["line_no"]) == (1, True, 0)


def test_an_id_field_is_used_and_repeats_are_rejected(tmp_path) -> None:
    records = [{"id": "a1", "text": "نص أول عن القوانين."}, {"id": "a1", "text": "نص ثان عن الصحة النفسية."}]
    (tmp_path / "r.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    articles, _, _ = clean_corpus(tmp_path, fields={"id": "id", "content": "text"})
    assert articles["status"].tolist() == ["ok", "rejected"]
    assert "id 'a1' already used" in articles["reason"].iloc[1]


def test_a_given_title_is_sentence_one_and_its_repeat_in_the_text_is_removed() -> None:
    article = clean_article("الوزير يلتقي مسؤولي تيك توك\nنص الخبر.", title="الوزير يلتقي مسؤولي تيك توك")
    assert article.sentences == ["الوزير يلتقي مسؤولي تيك توك", "نص الخبر."]
    assert article.sentence_line_nos == [0, 2]
    assert [(line.line_no, line.rule) for line in article.removed] == [(1, "repeated_title")]


def test_a_long_given_title_is_kept_whatever_its_shape() -> None:
    long_title = " ".join(["كلمة"] * 40) + "."
    assert clean_article("نص الخبر.", title=long_title).title == long_title


@pytest.mark.skipif(
    not SAUDINEWSNET.is_dir() and os.environ.get("CI") != "true", reason="../shared/datasets/saudinewsnet is absent"
)
def test_saudinewsnet_loads_through_raw_path() -> None:
    assert SAUDINEWSNET.is_dir(), "CI runs with ../shared beside the clone"
    first_day = list(read_corpus(SAUDINEWSNET / "2015-07-21.zip", fields=SAUDI_FIELDS))
    first = first_day[0]
    assert first.article_id == "2015-07-21-00001" and first.source_format == "zip"
    assert first.metadata["outlet"] == "aawsat" and first.metadata["published"] == "2015-07-21"
    assert first.title.startswith("بريطانيا") and first.text and not first.problem
    everything = read_corpus(SAUDINEWSNET, fields=SAUDI_FIELDS)
    assert sum(1 for _ in everything) == 31_030


def test_a_broken_surrogate_escape_is_a_rejected_record_not_a_crash(tmp_path) -> None:
    lines = ['{"id": "a1", "text": "نص سليم عن القوانين."}', '{"id": "a2", "text": "نص فيه \\ud83d رمز مكسور."}']
    (tmp_path / "r.jsonl").write_text("\n".join(lines), encoding="utf-8")
    articles, sentences, _ = clean_corpus(tmp_path, fields={"id": "id", "content": "text"})
    assert articles["status"].tolist() == ["ok", "rejected"]
    assert "unpaired surrogate (U+D83D) at character 8" in articles["reason"].iloc[1]
    assert sentences["article_id"].unique().tolist() == ["a1"]
