"""Corpora of records: JSON, JSON lines, ZIP of JSON, with a field mapping (analysis.corpus.reading)."""

from __future__ import annotations

import codecs
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from analysis.clean.articles import clean_article
from analysis.clean.partitions import clean_corpus
from analysis.config.params import SAUDINEWSNET_FIELDS
from analysis.config.paths import REPO_ROOT
from analysis.corpus.reading import read_corpus
from analysis.corpus.records import json_lines_ranges, read_record_file

SAUDINEWSNET = REPO_ROOT.parent / "shared" / "datasets" / "saudinewsnet"
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
    assert (
        "no text in the content field 'body': map record_fields.content in params.yaml to the field holding the text"
        in (table.loc["batch-00005", "reason"])
    )
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
    first_day = list(read_corpus(SAUDINEWSNET / "2015-07-21.zip", fields=SAUDINEWSNET_FIELDS))
    first = first_day[0]
    assert first.article_id == "2015-07-21-00001" and first.source_format == "zip"
    assert first.metadata["outlet"] == "aawsat" and first.metadata["published"] == "2015-07-21"
    assert first.title.startswith("بريطانيا") and first.text and not first.problem
    everything = list(read_corpus(SAUDINEWSNET, fields=SAUDINEWSNET_FIELDS))
    assert len(everything) == 31_030
    # every problem is the record's own (354 empty texts, 1 without Arabic), none of the files
    assert {article.problem.split(":")[0] for article in everything} == {
        "",
        "holds only white space",
        "holds no Arabic letters",
    }
    # ids follow the rule: <member stem>-<position>, positions 1, 2, 3 ... in each member
    positions: dict[str, int] = {}
    for article in everything:
        stem = article.source_file.rsplit(":", 1)[1].split(".json#")[0]
        positions[stem] = positions.get(stem, 0) + 1
        assert article.article_id == f"{stem}-{positions[stem]:05d}"
    assert len(positions) == 18
    # HTML entities are decoded before anything else sees the text
    entity = re.compile(r"&(?:#\d+|#x[0-9a-f]+|quot|amp|nbsp|lt|gt|apos);", re.IGNORECASE)
    assert not any(
        entity.search(f"{article.title} {article.text} {article.metadata['author']}") for article in everything
    )
    assert sum("“" in article.title for article in everything) > 40


def test_a_broken_surrogate_escape_is_a_rejected_record_not_a_crash(tmp_path) -> None:
    lines = ['{"id": "a1", "text": "نص سليم عن القوانين."}', '{"id": "a2", "text": "نص فيه \\ud83d رمز مكسور."}']
    (tmp_path / "r.jsonl").write_text("\n".join(lines), encoding="utf-8")
    articles, sentences, _ = clean_corpus(tmp_path, fields={"id": "id", "content": "text"})
    assert articles["status"].tolist() == ["ok", "rejected"]
    assert "unpaired surrogate (U+D83D) at character 8" in articles["reason"].iloc[1]
    assert sentences["article_id"].unique().tolist() == ["a1"]


# Record files lose nothing: bad lines, broken lists, empty and oversized members.


def jsonl(records: list[object]) -> str:
    return "\n".join(json.dumps(record, ensure_ascii=False) for record in records)


def story(number: int) -> dict[str, str]:
    return {"headline": f"خبر رقم {number}", "body": f"نص الخبر رقم {number} عن تنظيم المنصات.", "site": "واس"}


def test_a_bad_json_line_is_one_row_at_its_true_line_and_the_good_records_stay(tmp_path) -> None:
    lines = [json.dumps(story(1), ensure_ascii=False), "", '{"headline": "خبر", "body": نص بلا علامات}', ""]
    lines += [json.dumps(story(2), ensure_ascii=False), json.dumps(story(3), ensure_ascii=False)]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, _, _ = clean_corpus(tmp_path, fields=FIELDS)
    assert articles["article_id"].tolist() == ["feed-00001", "feed-00002", "feed-00003", "feed-00004"]
    assert articles["status"].tolist() == ["ok", "rejected", "ok", "ok"]
    bad = articles.iloc[1]
    assert bad["source_file"].endswith("feed.jsonl:feed.jsonl#2 (line 3)")
    assert bad["reason"].startswith("line 3, column 29: not valid JSON (Expecting value): fix this line")
    assert articles.iloc[3]["title"] == "خبر رقم 3"
    # fixing the bad line renumbers nothing
    lines[2] = json.dumps(story(9), ensure_ascii=False)
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    fixed, _, _ = clean_corpus(tmp_path, fields=FIELDS)
    assert fixed["article_id"].tolist() == articles["article_id"].tolist()
    assert fixed["status"].tolist() == ["ok"] * 4 and fixed.iloc[3]["title"] == "خبر رقم 3"


def test_bad_bytes_and_a_bom_in_json_lines(tmp_path) -> None:
    good = json.dumps(story(1), ensure_ascii=False).encode("utf-8")
    (tmp_path / "feed.jsonl").write_bytes(
        b"\xef\xbb\xbf" + good + b"\r\n" + b'{"body": "\xff\xfe"}\r\n' + good + b"\r\n"
    )
    articles, _, _ = clean_corpus(tmp_path, fields=FIELDS)
    assert articles["status"].tolist() == ["ok", "rejected", "duplicate"]
    assert articles.iloc[1]["reason"].startswith("line 2 is not UTF-8 (invalid start byte at byte 11 of the line)")


def test_a_broken_json_list_keeps_the_records_before_the_break_and_names_its_place(tmp_path) -> None:
    text = "[\n" + ",\n".join(json.dumps(story(n), ensure_ascii=False) for n in (1, 2)) + ',\n  {"headline" "x"},\n'
    text += json.dumps(story(3), ensure_ascii=False) + "\n]"
    (tmp_path / "day.json").write_text(text, encoding="utf-8")
    articles, _, _ = clean_corpus(tmp_path, fields=FIELDS)
    assert articles["article_id"].tolist() == ["day-00001", "day-00002", "day"]
    assert articles["status"].tolist() == ["ok", "ok", "rejected"]
    assert articles.iloc[2]["source_file"].endswith("day.json:day.json")
    assert articles.iloc[2]["reason"] == (
        "not valid JSON records at line 4, column 15 (Expecting ':' delimiter): the records before it (2) are read, "
        "the rest is not; fix the file there"
    )


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"headline": "x"}', "line 1, column 1 (the top level is not a list of records: it must start with [)"),
        ("[{not json", "line 1, column 3 (Expecting property name enclosed in double quotes)"),
        ('[\n{"a": 1}\n{"a": 2}]', "line 3, column 1 (expected , or ] after a record)"),
        ('[{"a": 1}] [', "line 1, column 12 (extra data after the closing ])"),
        ('[{"a": 1},', "line 1, column 11 (Expecting value)"),
    ],
)
def test_a_json_list_that_cannot_be_read_names_the_position(tmp_path, content: str, words: str) -> None:
    (tmp_path / "broken.json").write_text(content, encoding="utf-8")
    problems = [article.problem for article in read_corpus(tmp_path, fields=FIELDS) if article.article_id == "broken"]
    assert len(problems) == 1 and f"not valid JSON records at {words}" in problems[0]


def test_bad_bytes_in_a_json_list_are_a_break(tmp_path) -> None:
    good = json.dumps(story(1), ensure_ascii=False).encode("utf-8")
    (tmp_path / "day.json").write_bytes(b"[" + good + b',\n{"body": "\xff"}]')
    articles = list(read_corpus(tmp_path, fields=FIELDS))
    assert [article.article_id for article in articles] == ["day-00001", "day"]
    assert articles[1].problem.startswith("not valid JSON records at line 2, column 11 (not UTF-8: invalid start byte)")


def test_empty_record_files_and_members_get_a_row(tmp_path) -> None:
    (tmp_path / "empty.json").write_text("", encoding="utf-8")
    (tmp_path / "blank.jsonl").write_text("\n  \n\t\n", encoding="utf-8")
    (tmp_path / "list.json").write_text(" [ ] ", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "days.zip", "w") as archive:
        archive.writestr("a.json", "[]")
        archive.writestr("b.jsonl", "")
        archive.writestr("c.json", json.dumps([story(1)], ensure_ascii=False))
        archive.writestr("notes.txt", "ملاحظات")
        archive.writestr("__MACOSX/._c.json", "junk")
    zipfile.ZipFile(tmp_path / "nothing.zip", "w").close()
    articles, _, _ = clean_corpus(tmp_path, fields=FIELDS)
    table = articles.set_index("article_id")
    assert articles["article_id"].tolist() == ["blank", "a", "b", "c-00001", "notes", "empty", "list", "nothing.zip"]
    assert articles["status"].tolist() == ["rejected"] * 3 + ["ok"] + ["rejected"] * 4
    assert table.loc["blank", "reason"].startswith("no records: the file is empty or holds only blank lines")
    assert table.loc["a", "reason"].startswith("no records (an empty list [])")
    assert table.loc["a", "source_file"].endswith("days.zip:a.json")
    assert table.loc["b", "source_file"].endswith("days.zip:b.jsonl")
    assert table.loc["notes", "reason"].startswith("not a record file: ZIP members must be .json or .jsonl")
    assert table.loc["empty", "reason"].startswith("no records (the file is empty or holds only white space)")
    assert table.loc["list", "reason"].startswith("no records (an empty list [])")
    assert table.loc["nothing.zip", "reason"].startswith("no records: the ZIP holds no files")


def test_an_oversized_member_is_rejected_from_its_header_before_it_is_read(tmp_path, monkeypatch) -> None:
    with zipfile.ZipFile(tmp_path / "days.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.json", json.dumps([story(n) for n in range(50)], ensure_ascii=False))
        archive.writestr("small.json", json.dumps([story(1)], ensure_ascii=False))
    opened: list[str] = []
    original_open = zipfile.ZipFile.open

    def recording_open(self, name, *args, **kwargs):
        opened.append(name.filename if isinstance(name, zipfile.ZipInfo) else name)
        return original_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", recording_open)
    entries = list(read_record_file(tmp_path / "days.zip", max_document_bytes=2_000))
    assert opened == ["small.json"]
    assert [(entry.member, entry.position) for entry in entries] == [("big.json", 0), ("small.json", 1)]
    assert entries[0].problem.startswith("too large to parse (")
    assert "limit 0.0 MB for a JSON list, which is read whole): split it into smaller files" in entries[0].problem


def test_an_oversized_json_line_is_skipped_without_losing_the_next(tmp_path) -> None:
    lines = [jsonl([story(1)]), json.dumps({"body": "كلمة " * 2_000}, ensure_ascii=False), jsonl([story(2)])]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    entries = list(read_record_file(tmp_path / "feed.jsonl", max_document_bytes=1_000))
    assert [(entry.position, entry.line, bool(entry.problem)) for entry in entries] == [
        (1, 1, False),
        (2, 2, True),
        (3, 3, False),
    ]
    assert entries[1].problem.startswith("line 2 is too large (0.0 MB, limit 0.0 MB per JSON line)")


WHITE_SPACE_MEMBER_MB = 300
PEAK_RSS_SCRIPT = """
import re, sys
from pathlib import Path
from analysis.corpus.reading import read_corpus
# VmHWM: this process's peak RSS (getrusage's ru_maxrss would include the parent's, kept across exec)
def peak_mb(): return int(re.search(r"VmHWM:\\s*(\\d+) kB", Path("/proc/self/status").read_text())[1]) // 1024
after_imports = peak_mb()
rows = [(a.article_id, a.source_file, a.problem) for a in read_corpus(sys.argv[1])]
print(peak_mb() - after_imports)  # what reading added, whatever the imports (pandas) cost
for row in rows:
    print(*row, sep="\\t")
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak RSS is read from /proc (Linux)")
def test_a_300_mb_white_space_member_is_a_row_and_is_never_held_in_memory(tmp_path) -> None:
    block = b" " * 1_000_000
    with zipfile.ZipFile(tmp_path / "blank.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for member in ("day.json", "day2.jsonl"):
            with archive.open(member, "w", force_zip64=True) as stream:
                for _ in range(WHITE_SPACE_MEMBER_MB):
                    stream.write(block)
    assert (tmp_path / "blank.zip").stat().st_size < 3_000_000
    run = subprocess.run(
        [sys.executable, "-c", PEAK_RSS_SCRIPT, str(tmp_path / "blank.zip")],
        capture_output=True,
        text=True,
        check=True,
    )
    growth_mb, *rows = run.stdout.splitlines()
    assert [row.split("\t")[0] for row in rows] == ["day", "day2"]
    assert "too large to parse (300.0 MB, limit 100.0 MB" in rows[0]
    assert "no records: the file is empty or holds only blank lines" in rows[1]
    assert int(growth_mb) < 100, f"reading grew peak RSS by {growth_mb} MB: a member was read whole"


def test_html_entities_in_record_text_are_decoded(tmp_path) -> None:
    record = {
        "headline": "توزيع &#8220;موسوعة&#8221; &quot;تيك توك&quot;",
        "body": "قال الوزير: &quot;القوانين &amp; الأنظمة&quot; تحمي الأطفال&#39;.",
        "site": "&nbsp;واس",
    }
    (tmp_path / "feed.jsonl").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    articles, sentences, _ = clean_corpus(tmp_path, fields=FIELDS)
    row = articles.iloc[0]
    assert (row["title"], row["outlet"]) == ('توزيع “موسوعة” "تيك توك"', "واس")
    assert row["body"] == 'قال الوزير: "القوانين & الأنظمة" تحمي الأطفال\'.'
    assert not sentences["text"].str.contains("&quot;|&amp;|&#").any()


def awkward_json_lines() -> bytes:
    """JSON lines with what a range edge could break: a BOM, blank and white-space lines, a
    CRLF line, a bad line, a line too large to read, no final newline."""
    lines = [
        codecs.BOM_UTF8 + jsonl([story(1)]).encode("utf-8") + b"\n",
        b"\n",
        jsonl([story(2)]).encode("utf-8") + b"\r\n",
        b'{"headline": "bad", "body": \xd9\x86\xd8\xb5}\n',
        b"  \t \n",
        *(jsonl([story(n)]).encode("utf-8") + b"\n" for n in range(3, 9)),
        jsonl([{"body": "كلمة " * 40}]).encode("utf-8") + b"\n",
        b"\n\n",
        jsonl([story(9)]).encode("utf-8"),
    ]
    return b"".join(lines)


@pytest.mark.parametrize("range_bytes", [1, 7, 40, 120, 121, 122, 300, 10_000])  # 121: the first line
def test_json_lines_read_in_ranges_give_the_entries_of_the_whole_file(tmp_path, range_bytes) -> None:
    path = tmp_path / "feed.jsonl"
    data = awkward_json_lines()
    path.write_bytes(data)
    parts = json_lines_ranges(path, range_bytes)
    assert parts[0].start == 0 and parts[-1].end == len(data) and parts[-1].last
    assert all(a.end == b.start and not a.last for a, b in zip(parts, parts[1:]))
    assert all(data[part.start - 1 : part.start] == b"\n" for part in parts[1:])  # cut at line ends
    if range_bytes <= len(data) // 4:
        assert len(parts) > 3
    whole = list(read_record_file(path, max_document_bytes=150))
    assert [entry for part in parts for entry in read_record_file(path, 150, part)] == whole
    assert [(entry.position, entry.line) for entry in whole if entry.problem] == [(3, 4), (10, 12)]


def test_a_json_lines_file_of_blank_lines_read_in_ranges_has_one_problem(tmp_path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_bytes(b"\n \n\t\n" * 10)
    parts = json_lines_ranges(path, 4)
    entries = [entry for part in parts for entry in read_record_file(path, part=part)]
    assert len(parts) > 3 and entries == list(read_record_file(path))
    assert [(entry.position, entry.problem[:11]) for entry in entries] == [(0, "no records:")]
