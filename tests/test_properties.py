"""Property tests (Hypothesis): the record readers, ``clean_article`` and the sentence
splitter never raise, account for every input, and lose no text.

Deterministic: every test runs a fixed set of examples (``derandomize=True``), a few
seconds each. ``make fuzz`` (benchmarks/fuzz_records.py) runs the long, bounded search.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.clean.articles import clean_article, clean_raw_article, split_lines
from analysis.config.paths import REPO_ROOT
from analysis.corpus.reading import decode_article, read_corpus
from analysis.corpus.records import is_archive_junk, read_record_file
from analysis.text.arabic import split_sentences

FIELDS = {"id": "", "title": "title", "content": "content", "outlet": "source", "date": "date", "author": "author"}
PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
NOT_WORD = re.compile(r"\W+")

# Text: Arabic letters, digits, sentence marks, dashes, quotes, invisible and odd white space,
# and every furniture phrase of the lexicon, so the cleaning rules fire.
ARABIC = "".join(chr(code) for code in range(0x621, 0x64B)) + "ًٌٍَُِّْـ٠١٢٣"
SIGNS = ".!?؟…،:؛–—-|*•«»\"'()[]<>&#/@"
ODD_SPACE = " \t\u00a0\u200b\u200e\u200f\ufeff\u2028\x0b\x0c\x85"
PHRASES = sorted(
    {
        entry["phrase"]
        for section in yaml.safe_load((REPO_ROOT / "data/lexicons/furniture.yaml").read_text(encoding="utf-8")).values()
        if isinstance(section, list)
        for entry in section
        if isinstance(entry, dict) and "phrase" in entry
    }
)
words = st.one_of(
    st.text(alphabet=ARABIC + "0123456789", min_size=1, max_size=9),
    st.sampled_from(PHRASES),
    st.sampled_from(["الدوحة – قنا:", "الرياض - واس", "16:04", "2.5", "9 و11", "..", "https://x.y/z"]),
    st.text(alphabet=SIGNS, min_size=1, max_size=3),
)
lines = st.one_of(
    st.lists(words, max_size=14).map(" ".join),
    st.text(alphabet=ARABIC + SIGNS + ODD_SPACE + "ab1", max_size=40),
)
raw_texts = st.tuples(st.lists(lines, max_size=12), st.sampled_from(["\n", "\r\n", "\r", "\n\n"])).map(
    lambda parts: parts[1].join(parts[0])
)

# Records: any JSON value, records shaped like the fields, and bytes that break them.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
field_values = st.one_of(raw_texts, json_values, st.text(max_size=30))
records = st.one_of(
    json_values,
    st.fixed_dictionaries({}, optional={name: field_values for name in ("title", "content", "source", "date")}),
)


def damaged(data: bytes, draw) -> bytes:
    """The bytes, sometimes cut short, with a BOM, a bad byte, a NUL or deep nesting spliced in."""
    damage = draw(st.sampled_from(["none", "truncate", "bom", "bad_byte", "nul", "deep"]))
    at = draw(st.integers(0, len(data)))
    return {
        "none": data,
        "truncate": data[:at],
        "bom": codecs.BOM_UTF8 + data,
        "bad_byte": data[:at] + b"\xff" + data[at:],
        "nul": data[:at] + b"\x00" + data[at:],
        "deep": data[:at] + b"[" * 3000 + b"]" * 3000 + data[at:],
    }[damage]


@st.composite
def record_documents(draw) -> tuple[str, bytes]:
    """A ``.json`` list or a ``.jsonl`` file of records, maybe damaged."""
    items = draw(st.lists(records, max_size=6))
    if draw(st.booleans()):
        return "feed.json", damaged(json.dumps(items, ensure_ascii=draw(st.booleans())).encode("utf-8"), draw)
    separator = draw(st.sampled_from([b"\n", b"\r\n", b"\n\n  \n"]))
    text = separator.join(json.dumps(item, ensure_ascii=False).encode("utf-8") for item in items)
    return "feed.jsonl", damaged(text, draw)


member_names = st.one_of(
    st.sampled_from(["day.json", "../up.json", ".backup/day.json", "/abs.jsonl", "a\\b.json", "__MACOSX/._x.json"]),
    st.sampled_from([".DS_Store", "notes.txt", "dir/", "عربي.json", "x.JSON"]),
    st.text(alphabet="ab./_-\\عر", min_size=1, max_size=12).map(lambda name: name + ".json"),
)


@st.composite
def zip_files(draw) -> bytes:
    """A ZIP of members with odd names, each a maybe damaged record document; sometimes the ZIP is cut short."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))) as archive:
        for name in draw(st.lists(member_names, max_size=4, unique=True)):
            archive.writestr(name, draw(record_documents())[1])
    data = buffer.getvalue()
    return data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data


def non_blank_lines(data: bytes) -> int:
    """Lines of a JSON-lines file holding more than white space (a leading BOM dropped)."""
    data = data.removeprefix(codecs.BOM_UTF8)
    return sum(1 for line in data.split(b"\n") if line.strip())


@PROPERTY_SETTINGS
@given(record_documents())
def test_a_record_document_gives_every_record_an_entry_and_never_raises(document) -> None:
    name, data = document
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        entries = list(read_record_file(path))
    assert entries, "every file has at least one entry"
    positions = [entry.position for entry in entries if entry.position]
    assert positions == list(range(1, len(positions) + 1))
    assert all(entry.problem or entry.position > 0 for entry in entries)  # a record, or a problem that says why
    if name.endswith(".jsonl") and non_blank_lines(data):
        assert len(positions) == non_blank_lines(data)  # one entry per line, good or bad


@PROPERTY_SETTINGS
@given(zip_files())
def test_every_zip_member_is_read_or_named_and_nothing_raises(data) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "days.zip"
        path.write_bytes(data)
        entries = list(read_record_file(path))
        try:
            with zipfile.ZipFile(path) as archive:
                members = {info.filename for info in archive.infolist() if not info.is_dir()}
        except zipfile.BadZipFile:
            members = None
    assert entries
    if members is not None:
        wanted = {name for name in members if not is_archive_junk(name)}
        assert {entry.member for entry in entries} == wanted or (not wanted and entries[0].member == "")


@PROPERTY_SETTINGS
@given(st.one_of(record_documents(), zip_files().map(lambda data: ("days.zip", data))))
def test_every_record_read_becomes_one_article_and_cleaning_gives_it_a_row(document) -> None:
    name, data = document
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        entries = list(read_record_file(path))
        articles = list(read_corpus(path, fields=FIELDS, max_bytes=2_000_000))
    assert len(articles) == len(entries)
    for article in articles:
        assert article.article_id and (article.problem or article.text is not None)
        row = clean_raw_article(article, None).row
        assert row["status"] in {"ok", "rejected"}
        assert (row["status"] == "rejected") == bool(row["reason"])


@PROPERTY_SETTINGS
@given(st.binary(max_size=300) | raw_texts.map(lambda text: text.encode("utf-8")))
def test_decoding_any_bytes_gives_text_or_a_problem(data) -> None:
    text, _, problem = decode_article(data)
    assert text is not None or problem


def alphanumeric_words(text: str) -> Counter:
    return Counter(word for word in NOT_WORD.sub(" ", text).split())


@PROPERTY_SETTINGS
@given(raw_texts, st.sampled_from(["", "الجزيرة", "قنا"]))
def test_cleaning_keeps_or_removes_every_word_of_every_line(raw_text, outlet) -> None:
    """Text in = text kept + text removed, line by line (letters and digits; the dashes and
    colons a dateline ends with may go)."""
    article = clean_article(raw_text, outlet=outlet)
    kept = dict(zip(article.body_line_nos, article.body.split("\n") if article.body else []))
    if article.title_line_no:
        kept[article.title_line_no] = article.title
    removed: dict[int, list[str]] = {}
    for line in article.removed:
        removed.setdefault(line.line_no, []).append(line.text)
    for line_no, line in enumerate(split_lines(raw_text), start=1):
        accounted = " ".join([kept.get(line_no, ""), *removed.get(line_no, [])])
        assert alphanumeric_words(accounted) == alphanumeric_words(line), (line_no, line)
    assert set(kept) | set(removed) <= set(range(1, len(split_lines(raw_text)) + 1))


@PROPERTY_SETTINGS
@given(raw_texts)
def test_the_sentences_give_back_the_title_and_body(raw_text) -> None:
    article = clean_article(raw_text)
    assert "".join("".join(article.sentences).split()) == "".join((article.title + article.body).split())
    assert len(article.sentences) == len(article.sentence_line_nos)


@PROPERTY_SETTINGS
@given(lines | st.text(max_size=60))
def test_split_sentences_never_loses_text(paragraph) -> None:
    sentences = split_sentences(paragraph)
    assert "".join("".join(sentences).split()) == "".join(paragraph.split())
    assert all(sentence == sentence.strip() and sentence for sentence in sentences)
    assert bool(sentences) == bool(paragraph.strip())
