"""A bounded fuzz run over record files: generated inputs through the readers and ``clean_corpus``.

A seeded generator writes batches of record files (JSON lists, JSON lines, ZIPs with odd
member names) holding what breaks readers: deep nesting, huge numbers, bad UTF-8, BOMs,
truncation, NUL bytes, records that are not objects, fields of the wrong type, pages with
a DTD, unpaired surrogate escapes. Each batch goes through ``read_record_file``,
``read_corpus`` and ``clean_corpus``; the run checks that no exception escapes and that
every input is accounted for (one article row per record or problem the reader gave). A
failing batch is saved with its traceback under ``--crashes`` to become a regression test.

    .venv/bin/python benchmarks/fuzz_records.py [--minutes 5] [--seed 0] [--batch 12] [--json OUT]
"""

from __future__ import annotations

import argparse
import codecs
import io
import json
import random
import shutil
import sys
import tempfile
import time
import traceback
import zipfile
from pathlib import Path

from analysis.clean.partitions import clean_corpus
from analysis.corpus.reading import read_corpus
from analysis.corpus.records import read_record_file

FIELDS = {"id": "", "title": "title", "content": "content", "outlet": "source", "date": "date", "author": "author"}
STATUSES = {"ok", "rejected", "duplicate", "near_duplicate"}
ARABIC_WORDS = "قال الوزير إن منصة تيك توك تؤثر في الصحة النفسية للشباب وتطالب الحكومة بتنظيم المحتوى".split()
MEMBER_NAMES = [
    "day.json",
    "lines.jsonl",
    "../export.json",
    "../../etc/passwd.json",
    ".backup/day1.json",
    "/abs/root.jsonl",
    "C:\\win\\x.json",
    "a\\..\\b.json",
    "__MACOSX/._day.json",
    ".DS_Store",
    "notes.txt",
    "عربي/يوم.json",
    "x.JSON",
    ".hidden.jsonl",
    "dir/",
    "a" * 200 + ".json",
]
DTD_PAGE = (
    '<!DOCTYPE html [<!ENTITY e "{text}"><!ENTITY big "&e;&e;&e;&e;"><!ENTITY f SYSTEM "file:///etc/passwd">]>'
    "<html><body><article><h1>{title}</h1><p>{text} &big; &f;</p></article></body></html>"
)


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(ARABIC_WORDS) for _ in range(rng.randint(3, 14))) + rng.choice([".", "؟", "", "!"])


def odd_value(rng: random.Random, depth: int = 0) -> object:
    """A JSON value of any type, sometimes nested, sometimes long, sometimes text."""
    kind = rng.choice(["none", "bool", "int", "big", "float", "text", "list", "dict", "page"])
    if depth > 3 and kind in {"list", "dict"}:
        kind = "text"
    if kind == "list":
        return [odd_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if kind == "dict":
        return {sentence(rng)[:6]: odd_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}
    return {
        "none": None,
        "bool": rng.random() < 0.5,
        "int": rng.randint(-(10**20), 10**20),
        "big": 10 ** rng.randint(300, 400),
        "float": rng.choice([0.1, -1e308, 1e-320, 3.0]),
        "text": "\n".join(sentence(rng) for _ in range(rng.randint(0, 4))),
        "page": DTD_PAGE.format(text=sentence(rng), title=sentence(rng)),
    }[kind]


def record(rng: random.Random) -> object:
    """A record: mostly an object with the mapped fields (right or wrong types), else any value."""
    if rng.random() < 0.15:
        return odd_value(rng)
    fields = {
        "title": sentence(rng),
        "content": "\n".join(sentence(rng) for _ in range(rng.randint(1, 6))),
        "source": rng.choice(["واس", "", "سبق"]),
        "date": rng.choice(["2015-07-21", "2015-13-45", "", "غير معروف", "2015-07-21T10:00:00"]),
    }
    for name in list(fields):
        if rng.random() < 0.15:
            fields[name] = odd_value(rng)
        if rng.random() < 0.05:
            del fields[name]
    return fields


def encode(rng: random.Random, text: str) -> bytes:
    """JSON text as bytes, sometimes ASCII-escaped with a broken surrogate."""
    if rng.random() < 0.1:
        text = text.replace("\\u0627", "\\ud83d", 1) if "\\u0627" in text else text + " "
    return text.encode("utf-8")


def damage(rng: random.Random, data: bytes) -> bytes:
    """The bytes, often untouched, else cut, prefixed, spliced or nested deep."""
    cut = rng.randint(0, len(data))
    return rng.choices(
        [
            lambda: data,
            lambda: data[:cut],
            lambda: codecs.BOM_UTF8 + data,
            lambda: codecs.BOM_UTF16_LE + data,
            lambda: data[:cut] + rng.choice([b"\xff", b"\xc3", b"\x00", b"\xed\xa0\x80"]) + data[cut:],
            lambda: data[:cut] + b"[" * rng.choice([999, 5_000, 200_000]) + data[cut:],
            lambda: data[:cut] + b"{" * 2_000 + b'"a":1' + b"}" * 2_000 + data[cut:],
            lambda: data[:cut] + b"1" * rng.choice([4_301, 20_000]) + data[cut:],
            lambda: data[:cut] + b"NaN, Infinity, -Infinity" + data[cut:],
            lambda: b"",
            lambda: b" \n\t\r\n" * rng.randint(1, 50),
        ],
        weights=[10, 2, 1, 1, 2, 2, 1, 1, 1, 1, 1],
    )[0]()


def json_list(rng: random.Random) -> bytes:
    records = [record(rng) for _ in range(rng.randint(0, 8))]
    text = json.dumps(records, ensure_ascii=rng.random() < 0.3)
    if rng.random() < 0.1:
        text = rng.choice(["", "{}", "null", '"x"', "[1, 2]", "[[]]", "[{}]{}", "[{},]"])
    return damage(rng, encode(rng, text))


def json_lines(rng: random.Random) -> bytes:
    lines = [encode(rng, json.dumps(record(rng), ensure_ascii=rng.random() < 0.3)) for _ in range(rng.randint(0, 8))]
    return damage(rng, rng.choice([b"\n", b"\r\n", b"\n\n", b"\r"]).join(lines))


def zip_archive(rng: random.Random) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", rng.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])) as archive:
        for name in rng.sample(MEMBER_NAMES, rng.randint(0, 5)):
            data = json_lines(rng) if name.endswith("jsonl") else json_list(rng)
            archive.writestr(name, b"" if name.endswith("/") else data)
    data = buffer.getvalue()
    if rng.random() < 0.15:
        cut = rng.randint(0, len(data))
        data = data[:cut] + (bytes([rng.randrange(256)]) if rng.random() < 0.5 else b"") + data[cut + 1 :]
    return data


def write_batch(rng: random.Random, folder: Path, size: int) -> None:
    for number in range(size):
        suffix = rng.choice([".json", ".jsonl", ".zip"])
        maker = {".json": json_list, ".jsonl": json_lines, ".zip": zip_archive}[suffix]
        (folder / f"f{number:03d}{suffix}").write_bytes(maker(rng))


def check_batch(folder: Path) -> tuple[int, int]:
    """Run a batch through the readers and ``clean_corpus``; raise AssertionError when an
    input is not accounted for. Returns (files, entries)."""
    files = sorted(folder.iterdir())
    entries = sum(len(list(read_record_file(path))) for path in files)
    assert sum(1 for _ in read_corpus(folder, fields=FIELDS)) == entries, "read_corpus lost or added an entry"
    articles, sentences, removed = clean_corpus(folder, fields=FIELDS, max_bytes=2_000_000)
    assert len(articles) == entries, f"{len(articles)} article rows for {entries} entries"
    assert articles["article_id"].is_unique, "article ids repeat"
    assert set(articles["status"]) <= STATUSES
    assert ((articles["status"] == "ok") == (articles["reason"] == "")).all(), "a status without a reason"
    usable = set(articles.loc[articles["status"] == "ok", "article_id"])
    assert set(sentences["article_id"]) <= usable and set(removed["article_id"]) <= usable
    return len(files), entries


def main(argv: list[str]) -> int:
    """Run batches until the time is up; print (and write) how many inputs were tried."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="stop starting batches after this long")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch", type=int, default=12, help="record files per clean_corpus run")
    parser.add_argument("--crashes", type=Path, default=Path("benchmarks/results/fuzz-crashes"))
    parser.add_argument("--json", type=Path, help="write the counts here")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    started = time.monotonic()
    totals = {"batches": 0, "files": 0, "entries": 0, "crashes": 0}
    while time.monotonic() - started < args.minutes * 60:
        with tempfile.TemporaryDirectory(prefix="fuzz-") as scratch:
            folder = Path(scratch) / "raw"
            folder.mkdir()
            write_batch(rng, folder, args.batch)
            try:
                files, entries = check_batch(folder)
            except Exception:  # a crash or a lost input: keep the batch to reproduce it
                totals["crashes"] += 1
                saved = args.crashes / f"seed{args.seed}-batch{totals['batches']:05d}"
                shutil.copytree(folder, saved, dirs_exist_ok=True)
                (saved.parent / f"{saved.name}.txt").write_text(traceback.format_exc(), encoding="utf-8")
                print(f"failure in batch {totals['batches']}: saved to {saved}", file=sys.stderr)
                files, entries = args.batch, 0
        totals["batches"] += 1
        totals["files"] += files
        totals["entries"] += entries
    summary = totals | {"seed": args.seed, "minutes": round((time.monotonic() - started) / 60, 2)}
    print(
        f"{summary['files']} record files ({summary['entries']} records and problems) in {summary['batches']} "
        f"batches, {summary['minutes']} min, seed {args.seed}: {summary['crashes']} failures"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 1 if totals["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
